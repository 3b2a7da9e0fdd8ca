#include "publish/atom.h"

#include <sstream>

#include <pugixml.hpp>

#include "normalize/date.h"

namespace kf::publish {
namespace {

void text_child(pugi::xml_node parent, const char* name, std::string_view value) {
  parent.append_child(name).text().set(std::string(value).c_str());
}

void link(pugi::xml_node parent, const char* rel, std::string_view href,
          std::string_view type = {}) {
  auto l = parent.append_child("link");
  l.append_attribute("rel") = rel;
  if (!type.empty()) l.append_attribute("type") = std::string(type).c_str();
  l.append_attribute("href") = std::string(href).c_str();
}

// Guesses the enclosure's type from its file name: Atom wants one, feeds
// rarely give it for images.
std::string image_type(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  auto dot = url.rfind('.');
  std::string ext = dot == std::string_view::npos ? "" : std::string(url.substr(dot + 1));
  for (auto& c : ext) c = char(c | 0x20);
  if (ext == "png") return "image/png";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "avif") return "image/avif";
  return "image/jpeg";
}

void entry(pugi::xml_node feed, const Article& a, const SourceInfo* source) {
  auto e = feed.append_child("entry");
  text_child(e, "id", entry_id(a.id));
  text_child(e, "title", a.title.empty() ? "(ohne Titel)" : a.title);
  if (!a.url.empty()) link(e, "alternate", a.url, "text/html");
  Timestamp published = a.published.value_or(a.first_seen);
  text_child(e, "published", normalize::format_rfc3339(published));
  text_child(e, "updated", normalize::format_rfc3339(a.updated.value_or(published)));
  if (!a.author.empty()) text_child(e.append_child("author"), "name", a.author);
  if (!a.kicker.empty()) {
    auto c = e.append_child("category");
    c.append_attribute("term") = a.kicker.c_str();
    c.append_attribute("label") = ("Dachzeile: " + a.kicker).c_str();
  }
  for (const auto& category : a.categories)
    e.append_child("category").append_attribute("term") = category.c_str();
  if (!a.image.url.empty()) {
    link(e, "enclosure", a.image.url, image_type(a.image.url));
    auto thumb = e.append_child("media:thumbnail");
    thumb.append_attribute("url") = a.image.url.c_str();
  }
  if (!a.summary.empty()) {
    auto s = e.append_child("summary");
    s.append_attribute("type") = "html";
    s.text().set(a.summary.c_str());
  }
  if (!a.content_html.empty()) {
    auto c = e.append_child("content");
    c.append_attribute("type") = "html";
    c.text().set(a.content_html.c_str());
  }
  if (source != nullptr) {
    auto s = e.append_child("source");
    text_child(s, "id", "tag:kommunalfeed,2025:source:" + source->id);
    text_child(s, "title", source->title);
    if (!source->url.empty()) link(s, "alternate", source->url);
  }
}

}  // namespace

std::string entry_id(std::string_view article_id) {
  return "tag:kommunalfeed,2025:article:" + std::string(article_id);
}

std::string render_atom(const AtomFeed& meta, std::span<const Article> articles,
                        const std::function<const SourceInfo*(std::string_view)>& source_of) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  auto feed = doc.append_child("feed");
  feed.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
  feed.append_attribute("xmlns:media") = "http://search.yahoo.com/mrss/";
  feed.append_attribute("xml:lang") = "de";
  text_child(feed, "id", meta.id);
  text_child(feed, "title", meta.title);
  text_child(feed, "updated", normalize::format_rfc3339(meta.updated));
  if (!meta.self_url.empty()) link(feed, "self", meta.self_url, "application/atom+xml");
  if (!meta.site_url.empty()) link(feed, "alternate", meta.site_url, "text/html");
  auto generator = feed.append_child("generator");
  generator.append_attribute("uri") = "https://github.com/kommunalfeed/kommunalfeed";
  generator.text().set("kommunalfeed");
  // RFC 4287 requires an author for every entry; the feed-level one covers
  // entries whose source named none.
  text_child(feed.append_child("author"), "name", meta.title);
  for (const auto& a : articles) entry(feed, a, source_of ? source_of(a.source_id) : nullptr);

  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

}  // namespace kf::publish
