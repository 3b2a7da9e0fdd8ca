#include "publish/atom.h"

#include <pugixml.hpp>

#include "normalize/date.h"
#include "publish/xml_util.h"

namespace kf::publish {
namespace {

using xml::attr;
using xml::text_child;

constexpr std::string_view kAtomType = "application/atom+xml";

void link(pugi::xml_node parent, std::string_view rel, std::string_view href,
          std::string_view type = {}) {
  auto l = parent.append_child("link");
  attr(l, "rel", rel);
  if (!type.empty()) attr(l, "type", type);
  attr(l, "href", href);
}

void html_text(pugi::xml_node parent, const char* name, std::string_view html) {
  auto node = text_child(parent, name, html);
  node.prepend_attribute("type") = "html";
}

void image(pugi::xml_node e, const Image& img) {
  std::string type = image_type(img.url);
  link(e, "enclosure", img.url, type);
  auto content = e.append_child("media:content");
  attr(content, "url", img.url);
  attr(content, "medium", "image");
  attr(content, "type", type);
  if (!img.alt.empty()) {
    auto d = text_child(content, "media:description", img.alt);
    d.prepend_attribute("type") = "plain";
  }
  if (!img.credit.empty()) text_child(content, "media:credit", img.credit);
  attr(e.append_child("media:thumbnail"), "url", img.url);
}

void entry(pugi::xml_node feed, const FeedDoc& doc, const FeedEntry& fe) {
  const Article& a = fe.article;
  auto e = feed.append_child("entry");
  text_child(e, "id", entry_id(a.id));
  text_child(e, "title", shown_title(a));
  if (!a.url.empty()) link(e, "alternate", a.url, "text/html");
  for (const auto& url : fe.related_urls) link(e, "related", url, "text/html");
  text_child(e, "published", normalize::format_rfc3339(published_of(a)));
  text_child(e, "updated", normalize::format_rfc3339(updated_of(a)));
  const std::string& author = !a.author.empty()         ? a.author
                              : !fe.source.name.empty() ? fe.source.name
                                                        : doc.title;
  text_child(e.append_child("author"), "name", author);
  if (!a.kicker.empty()) {
    auto c = e.append_child("category");
    attr(c, "term", a.kicker);
    attr(c, "scheme", "tag:kommunalfeed,2025:kicker");
    attr(c, "label", "Dachzeile: " + a.kicker);
  }
  for (const auto& category : a.categories)
    if (!category.empty()) attr(e.append_child("category"), "term", category);
  if (!a.image.url.empty()) image(e, a.image);
  if (!a.summary.empty()) html_text(e, "summary", a.summary);
  if (!a.content_html.empty()) {
    html_text(e, "content", a.content_html);
  } else if (a.url.empty()) {
    // RFC 4287 §4.1.1.1: an entry without content needs an alternate link;
    // with neither, the summary is the content, else the title (as text: an
    // empty content element means nothing to a reader).
    if (!a.summary.empty()) {
      html_text(e, "content", a.summary);
    } else {
      text_child(e, "content", shown_title(a));
    }
  }
  if (!fe.source.id.empty()) {
    auto s = e.append_child("source");
    text_child(s, "id", source_iri(fe.source.id));
    text_child(s, "title", fe.source.name.empty() ? fe.source.id : fe.source.name);
    if (!fe.source.url.empty()) link(s, "alternate", fe.source.url);
    Timestamp seen = fe.source.fetched.value_or(a.last_seen);
    text_child(s, "updated", normalize::format_rfc3339(seen == Timestamp{} ? updated_of(a) : seen));
  }
}

}  // namespace

std::string render_atom(const FeedDoc& doc) {
  pugi::xml_document xml_doc;
  xml::declare(xml_doc);
  auto feed = xml_doc.append_child("feed");
  attr(feed, "xmlns", "http://www.w3.org/2005/Atom");
  attr(feed, "xmlns:media", "http://search.yahoo.com/mrss/");
  if (!doc.language.empty()) attr(feed, "xml:lang", doc.language);
  text_child(feed, "id", doc.id);
  text_child(feed, "title", doc.title);
  if (!doc.subtitle.empty()) text_child(feed, "subtitle", doc.subtitle);
  text_child(feed, "updated", normalize::format_rfc3339(doc.updated));
  if (!doc.self_url.empty()) link(feed, "self", doc.self_url, kAtomType);
  if (!doc.html_url.empty()) link(feed, "alternate", doc.html_url, "text/html");
  const PagingLinks& p = doc.paging;
  if (!p.first.empty()) link(feed, "first", p.first, kAtomType);
  if (!p.previous.empty()) link(feed, "previous", p.previous, kAtomType);
  if (!p.next.empty()) link(feed, "next", p.next, kAtomType);
  if (!p.last.empty()) link(feed, "last", p.last, kAtomType);
  auto generator = text_child(feed, "generator", kGeneratorName);
  attr(generator, "uri", kGeneratorUri);
  attr(generator, "version", generator_version());
  for (const auto& e : doc.entries) entry(feed, doc, e);
  return xml::serialize(xml_doc);
}

}  // namespace kf::publish
