#include "publish/rss.h"

#include <pugixml.hpp>

#include "normalize/date.h"
#include "publish/xml_util.h"

namespace kf::publish {
namespace {

using xml::attr;
using xml::text_child;

constexpr std::string_view kRssType = "application/rss+xml";

void atom_link(pugi::xml_node parent, std::string_view rel, std::string_view href,
               std::string_view type) {
  auto l = parent.append_child("atom:link");
  attr(l, "rel", rel);
  attr(l, "type", type);
  attr(l, "href", href);
}

void item(pugi::xml_node channel, const FeedDoc& doc, const FeedEntry& fe) {
  const Article& a = fe.article;
  auto i = channel.append_child("item");
  text_child(i, "title", shown_title(a));
  if (!a.url.empty()) text_child(i, "link", a.url);
  const std::string& description = a.summary.empty() ? a.content_html : a.summary;
  if (!description.empty()) text_child(i, "description", description);
  if (!a.content_html.empty()) text_child(i, "content:encoded", a.content_html);
  attr(text_child(i, "guid", entry_id(a.id)), "isPermaLink", "false");
  text_child(i, "pubDate", format_rss_date(published_of(a)));
  const std::string& author = !a.author.empty()         ? a.author
                              : !fe.source.name.empty() ? fe.source.name
                                                        : doc.title;
  text_child(i, "dc:creator", author);
  if (!a.kicker.empty())
    attr(text_child(i, "category", a.kicker), "domain", "tag:kommunalfeed,2025:kicker");
  for (const auto& category : a.categories)
    if (!category.empty()) text_child(i, "category", category);
  if (!a.image.url.empty()) {
    std::string type = image_type(a.image.url);
    auto enclosure = i.append_child("enclosure");
    attr(enclosure, "url", a.image.url);
    attr(enclosure, "length", "0");
    attr(enclosure, "type", type);
    auto content = i.append_child("media:content");
    attr(content, "url", a.image.url);
    attr(content, "medium", "image");
    attr(content, "type", type);
    if (!a.image.alt.empty())
      attr(text_child(content, "media:description", a.image.alt), "type", "plain");
    if (!a.image.credit.empty()) text_child(content, "media:credit", a.image.credit);
    attr(i.append_child("media:thumbnail"), "url", a.image.url);
  }
  for (const auto& url : fe.related_urls) atom_link(i, "related", url, "text/html");
  if (!fe.source.url.empty())
    attr(text_child(i, "source", fe.source.name.empty() ? fe.source.id : fe.source.name), "url",
         fe.source.url);
}

// The RSS Profile (and the W3C validator's CharacterData warning) asks for
// "&" and "<" in text as hexadecimal references, because some RSS readers
// decode "&lt;" twice. pugixml writes only these named escapes, so replacing
// them changes no character of the document's content.
std::string hex_escapes(const std::string& xml) {
  std::string out;
  out.reserve(xml.size() + xml.size() / 8);
  for (std::size_t i = 0; i < xml.size(); ++i) {
    if (xml[i] == '&') {
      std::string_view rest(xml.data() + i, xml.size() - i);
      if (rest.starts_with("&amp;")) {
        out += "&#x26;";
        i += 4;
        continue;
      }
      if (rest.starts_with("&lt;")) {
        out += "&#x3C;";
        i += 3;
        continue;
      }
    }
    out += xml[i];
  }
  return out;
}

}  // namespace

std::string format_rss_date(Timestamp t) {
  std::string s = normalize::format_rfc822(t);  // "... +0000"
  if (s.ends_with("+0000")) s.replace(s.size() - 5, 5, "GMT");
  return s;
}

std::string render_rss(const FeedDoc& doc) {
  pugi::xml_document xml_doc;
  xml::declare(xml_doc);
  auto rss = xml_doc.append_child("rss");
  attr(rss, "version", "2.0");
  attr(rss, "xmlns:atom", "http://www.w3.org/2005/Atom");
  attr(rss, "xmlns:content", "http://purl.org/rss/1.0/modules/content/");
  attr(rss, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
  attr(rss, "xmlns:media", "http://search.yahoo.com/mrss/");
  auto channel = rss.append_child("channel");
  text_child(channel, "title", doc.title);
  text_child(channel, "link", doc.html_url);
  text_child(channel, "description", doc.subtitle.empty() ? doc.title : doc.subtitle);
  if (!doc.language.empty()) text_child(channel, "language", doc.language);
  text_child(channel, "lastBuildDate", format_rss_date(doc.updated));
  text_child(channel, "generator",
             std::string(kGeneratorName) + " " + std::string(generator_version()));
  if (!doc.self_url.empty()) atom_link(channel, "self", doc.self_url, kRssType);
  const PagingLinks& p = doc.paging;
  if (!p.first.empty()) atom_link(channel, "first", p.first, kRssType);
  if (!p.previous.empty()) atom_link(channel, "previous", p.previous, kRssType);
  if (!p.next.empty()) atom_link(channel, "next", p.next, kRssType);
  if (!p.last.empty()) atom_link(channel, "last", p.last, kRssType);
  for (const auto& e : doc.entries) item(channel, doc, e);
  return hex_escapes(xml::serialize(xml_doc));
}

}  // namespace kf::publish
