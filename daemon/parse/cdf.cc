#include "parse/cdf.h"

#include <string>

#include "parse/xml_text.h"
#include "url/url.h"

namespace kf::parse {
namespace {

bool iequals(std::string_view a, std::string_view lower) {
  if (a.size() != lower.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char c = a[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

std::string_view attribute(pugi::xml_node el, std::string_view lower_name) {
  for (pugi::xml_attribute a = el.first_attribute(); a; a = a.next_attribute()) {
    if (iequals(a.name(), lower_name)) return trim(a.value());
  }
  return {};
}

std::string resolve(const std::string& base, std::string_view ref) {
  if (ref.empty()) return {};
  if (auto r = url::resolve(base, ref)) return std::move(*r);
  return std::string(ref);
}

// TITLE and ABSTRACT of a channel or item; TITLE as plain text, ABSTRACT
// as HTML like an RSS description.
void read_texts(pugi::xml_node el, std::string& title, std::string* abstract) {
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (iequals(c.name(), "title") && title.empty()) {
      title = trimmed_text(c);
    } else if (abstract != nullptr && iequals(c.name(), "abstract") && abstract->empty()) {
      *abstract = inner_text(c);
    }
  }
}

}  // namespace

Feed parse_cdf(pugi::xml_node root, std::string_view document_url) {
  Feed feed;
  feed.format = "cdf";
  std::string base(document_url);
  if (const std::string_view b = attribute(root, "base"); !b.empty()) base = resolve(base, b);
  feed.link = resolve(base, attribute(root, "href"));
  feed.updated_raw = attribute(root, "lastmod");
  read_texts(root, feed.title, nullptr);
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || !iequals(c.name(), "item")) continue;
    FeedItem item;
    item.base_url = base;
    item.link = resolve(base, attribute(c, "href"));
    item.updated_raw = attribute(c, "lastmod");
    item.title_type = TextType::text;
    item.summary_type = TextType::html;
    read_texts(c, item.title, &item.summary);
    feed.items.push_back(std::move(item));
  }
  return feed;
}

}  // namespace kf::parse
