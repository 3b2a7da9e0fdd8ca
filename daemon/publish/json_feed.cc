#include "publish/json_feed.h"

#include <nlohmann/json.hpp>

#include "html/text.h"
#include "normalize/date.h"

namespace kf::publish {
namespace {

using Json = nlohmann::ordered_json;

void put(Json& obj, const char* key, std::string_view value) {
  if (!value.empty()) obj[key] = xml_safe(value);
}

Json item(const FeedDoc& doc, const FeedEntry& fe) {
  const Article& a = fe.article;
  Json i = Json::object();
  i["id"] = entry_id(a.id);
  put(i, "url", a.url);
  i["title"] = xml_safe(shown_title(a));
  // JSON Feed 1.1 wants content_html or content_text on every item; an item
  // published with a title only gets its title as text, never an empty body.
  if (!a.content_html.empty() || !a.summary.empty()) {
    i["content_html"] = xml_safe(a.content_html.empty() ? a.summary : a.content_html);
  } else {
    i["content_text"] = xml_safe(shown_title(a));
  }
  if (!a.summary.empty()) put(i, "summary", html::fragment_text(a.summary));
  put(i, "image", a.image.url);
  i["date_published"] = normalize::format_rfc3339(published_of(a));
  i["date_modified"] = normalize::format_rfc3339(updated_of(a));
  const std::string& author = !a.author.empty()         ? a.author
                              : !fe.source.name.empty() ? fe.source.name
                                                        : doc.title;
  i["authors"] = Json::array({Json{{"name", xml_safe(author)}}});
  Json tags = Json::array();
  if (!a.kicker.empty()) tags.push_back(xml_safe(a.kicker));
  for (const auto& c : a.categories)
    if (!c.empty()) tags.push_back(xml_safe(c));
  if (!tags.empty()) i["tags"] = std::move(tags);
  put(i, "language", a.language);

  Json ext = Json::object();
  if (!fe.source.id.empty()) {
    Json source = Json::object();
    put(source, "id", fe.source.id);
    put(source, "name", fe.source.name);
    put(source, "url", fe.source.url);
    ext["source"] = std::move(source);
  }
  put(ext, "kicker", a.kicker);
  ext["completeness"] = std::string(to_string(a.completeness));
  if (!fe.related_urls.empty()) {
    Json related = Json::array();
    for (const auto& url : fe.related_urls) related.push_back(xml_safe(url));
    ext["related"] = std::move(related);
  }
  i["_kommunalfeed"] = std::move(ext);
  return i;
}

}  // namespace

std::string render_json_feed(const FeedDoc& doc) {
  Json feed = Json::object();
  feed["version"] = "https://jsonfeed.org/version/1.1";
  feed["title"] = xml_safe(doc.title);
  put(feed, "home_page_url", doc.html_url);
  put(feed, "feed_url", doc.self_url);
  put(feed, "description", doc.subtitle);
  put(feed, "language", doc.language);
  put(feed, "next_url", doc.paging.next);
  Json ext = Json::object();
  ext["id"] = xml_safe(doc.id);
  put(ext, "first_url", doc.paging.first);
  put(ext, "previous_url", doc.paging.previous);
  feed["_kommunalfeed"] = std::move(ext);
  Json items = Json::array();
  for (const auto& e : doc.entries) items.push_back(item(doc, e));
  feed["items"] = std::move(items);
  // Strings are valid UTF-8 after xml_safe(); "replace" only guards the
  // contract, so dump() can never throw out of this module.
  return feed.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace kf::publish
