#include "parse/json_feed.h"

#include <nlohmann/json.hpp>

#include "parse/xml_text.h"
#include "url/url.h"

namespace kf::parse {
namespace {

using Json = nlohmann::json;

// The member `key` when it is a string, else empty.
std::string str(const Json& obj, const char* key) {
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get_ref<const std::string&>();
}

std::string trimmed(const Json& obj, const char* key) { return std::string(trim(str(obj, key))); }

std::string absolute(std::string_view base, const std::string& ref) {
  if (ref.empty()) return {};
  if (auto r = url::resolve(base, ref)) return std::move(*r);
  return std::string(trim(ref));
}

// JSON Feed 1.1 "authors": [{name}], 1.0 "author": {name}.
std::string author_of(const Json& obj) {
  const auto authors = obj.find("authors");
  if (authors != obj.end() && authors->is_array()) {
    for (const Json& a : *authors) {
      if (a.is_object()) {
        if (std::string n = trimmed(a, "name"); !n.empty()) return n;
      }
    }
  }
  const auto author = obj.find("author");
  if (author != obj.end() && author->is_object()) return trimmed(*author, "name");
  return {};
}

void add_image(const Json& obj, const char* key, std::string_view base, std::vector<MediaRef>& out) {
  const std::string u = trimmed(obj, key);
  if (u.empty()) return;
  MediaRef m;
  m.url = absolute(base, u);
  m.medium = "image";
  out.push_back(std::move(m));
}

FeedItem read_item(const Json& j, std::string_view base, const Feed& feed) {
  FeedItem item;
  item.base_url = std::string(base);
  const auto id = j.find("id");
  if (id != j.end()) {
    if (id->is_string()) {
      item.guid = trim(id->get_ref<const std::string&>());
    } else if (id->is_number_integer() || id->is_number_unsigned()) {
      item.guid = id->dump();  // 1.0 feeds in the wild use numbers
    }
  }
  // JSON Feed has no isPermaLink: an http(s) id may stand in for a missing url.
  const std::string scheme = url::effective_scheme(item.guid);
  item.guid_is_permalink = scheme == "http" || scheme == "https";
  item.link = absolute(base, trimmed(j, "url"));
  if (std::string ext = trimmed(j, "external_url"); !ext.empty()) {
    item.related_links.push_back(absolute(base, ext));
  }
  item.title = trimmed(j, "title");
  item.title_type = TextType::text;
  item.summary = str(j, "summary");
  item.summary_type = TextType::text;
  item.content = str(j, "content_html");
  item.content_type = TextType::html;
  if (item.content.empty()) {
    item.content = str(j, "content_text");
    item.content_type = TextType::text;
  }
  item.published_raw = trimmed(j, "date_published");
  item.updated_raw = trimmed(j, "date_modified");
  item.author = author_of(j);
  if (item.author.empty()) item.author = feed.author;
  const auto tags = j.find("tags");
  if (tags != j.end() && tags->is_array()) {
    for (const Json& t : *tags) {
      if (t.is_string()) {
        if (auto v = trim(t.get_ref<const std::string&>()); !v.empty()) {
          item.categories.emplace_back(v);
        }
      }
    }
  }
  item.language = trimmed(j, "language");
  if (item.language.empty()) item.language = feed.language;
  add_image(j, "image", base, item.media);
  add_image(j, "banner_image", base, item.media);
  const auto attachments = j.find("attachments");
  if (attachments != j.end() && attachments->is_array()) {
    for (const Json& a : *attachments) {
      if (!a.is_object()) continue;
      const std::string u = trimmed(a, "url");
      if (u.empty()) continue;
      MediaRef m;
      m.url = absolute(base, u);
      m.type = trimmed(a, "mime_type");
      m.alt = trimmed(a, "title");
      const auto size = a.find("size_in_bytes");
      if (size != a.end() && size->is_number_unsigned()) m.length = size->get<std::uint64_t>();
      item.media.push_back(std::move(m));
    }
  }
  return item;
}

}  // namespace

Result<Feed> parse_json_feed(std::string_view utf8, std::string_view document_url) {
  const std::string url(document_url);
  Json j;
  try {
    j = Json::parse(utf8.begin(), utf8.end());
  } catch (const Json::parse_error& e) {
    // nlohmann counts the byte after the error position.
    const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    return fail("parse: ", url, ":", line_col(utf8, byte), ": invalid JSON");
  } catch (const std::exception& e) {
    return fail("parse: ", url, ": invalid JSON (", e.what(), ")");
  }
  if (!j.is_object()) return fail("parse: ", url, ": not a feed (JSON is not an object)");
  const std::string version = trimmed(j, "version");
  const auto items = j.find("items");
  const bool is_jsonfeed = version.starts_with("https://jsonfeed.org/version/") ||
                           version.starts_with("http://jsonfeed.org/version/");
  // Feeds without version or items still count when they use JSON Feed's
  // top-level members (feedparser reads them too).
  bool has_feed_member = items != j.end();
  for (const char* key : {"version", "title", "home_page_url", "feed_url", "description", "icon", "favicon",
                          "author", "authors", "language", "next_url", "hubs", "expired",
                          "user_comment"}) {
    has_feed_member = has_feed_member || j.contains(key);
  }
  if (!is_jsonfeed && !has_feed_member) {
    return fail("parse: ", url, ": not a feed (JSON without JSON Feed members)");
  }
  Feed feed;
  feed.format = version.ends_with("/1.1") ? "json1.1" : "json1.0";
  feed.title = trimmed(j, "title");
  std::string base = url;
  if (std::string feed_url = trimmed(j, "feed_url"); base.empty() && !feed_url.empty()) {
    base = feed_url;
  }
  feed.link = absolute(base, trimmed(j, "home_page_url"));
  feed.id = trimmed(j, "feed_url");
  feed.language = trimmed(j, "language");
  feed.author = author_of(j);
  feed.image_url = absolute(base, trimmed(j, "icon"));
  if (feed.image_url.empty()) feed.image_url = absolute(base, trimmed(j, "favicon"));
  if (items != j.end() && items->is_array()) {
    feed.items.reserve(items->size());
    for (const Json& it : *items) {
      if (it.is_object()) feed.items.push_back(read_item(it, base, feed));
    }
  }
  return feed;
}

}  // namespace kf::parse
