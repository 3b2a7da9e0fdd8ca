#include "parse/rss.h"

#include <charconv>

#include "parse/extensions.h"
#include "parse/xml_scope.h"
#include "parse/xml_text.h"

namespace kf::parse {
namespace {

bool is_rss_ns(Ns ns) { return ns == Ns::none || ns == Ns::rss10 || ns == Ns::rss090; }

std::string format_of(const Scope& scope, pugi::xml_node root, pugi::xml_node channel) {
  const std::string_view local = local_name(root.name());
  if (local == "RDF") {
    if (channel && scope.name_of(channel).ns == Ns::rss090) return "rss0.90";
    return "rss1.0";
  }
  if (local != "rss") return "rss";
  const std::string_view version = trim(root.attribute("version").value());
  if (version == "2.0" || version == "2" || version == "2.0.1") return "rss2.0";
  if (version.empty()) return "rss";
  return "rss" + std::string(version);
}

FeedItem parse_item(const Scope& parent, pugi::xml_node el) {
  const Scope s(parent, el);
  FeedItem item;
  item.base_url = s.base();
  item.language = s.lang();
  item.title_type = TextType::html;
  LinkPicker atom_links;
  bool permalink_attr_seen = false;
  std::string storage;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = s.name_of(c);
    if (apply_item_extension(s, c, q, item)) continue;
    if (q.ns == Ns::atom10 || q.ns == Ns::atom03) {
      if (q.local == "link") atom_links.add(s, c, &item.media, &item.related_links);
      continue;
    }
    if (!is_rss_ns(q.ns)) continue;
    const std::string_view l = q.local;
    if (l == "title") {
      item.title = trimmed_text(c);
    } else if (l == "link") {
      if (item.link.empty()) {
        if (const std::string_view v = trimmed_view(c, storage); !v.empty()) item.link = s.resolve(v);
      }
    } else if (l == "description") {
      if (item.summary.empty()) {
        item.summary = inner_text(c);
        item.summary_type = TextType::html;
      }
    } else if (l == "guid") {
      item.guid = trimmed_text(c);
      const pugi::xml_attribute attr = c.attribute("isPermaLink");
      permalink_attr_seen = static_cast<bool>(attr);
      if (attr) {
        const std::string_view v = trim(attr.value());
        item.guid_is_permalink = v == "true" || v == "True" || v == "TRUE";
      }
    } else if (l == "pubDate") {
      item.published_raw = trimmed_text(c);
    } else if (l == "author") {
      if (item.author.empty()) item.author = rss_author_name(trimmed_view(c, storage));
    } else if (l == "category") {
      if (std::string v = trimmed_text(c); !v.empty()) item.categories.push_back(std::move(v));
    } else if (l == "enclosure") {
      const std::string_view url = trim(c.attribute("url").value());
      if (url.empty()) continue;
      MediaRef m;
      m.url = Scope(s, c).resolve(url);
      m.type = trim(c.attribute("type").value());
      m.length = parse_length(c.attribute("length").value());
      item.media.push_back(std::move(m));
    }
  }
  if (!permalink_attr_seen) item.guid_is_permalink = is_http_url(item.guid);
  if (item.guid.empty()) {
    // RSS 1.0 names each item by its rdf:about URI.
    const std::string_view about = trim(el.attribute("rdf:about").value());
    if (!about.empty()) item.guid = about;
  }
  if (item.link.empty()) item.link = atom_links.best();
  apply_media_title_fallback(s, el, item);
  // A permalink guid stands in for a missing link in normalize (once for
  // every format), so FeedItem.link stays what the document wrote.
  return item;
}

// Channel elements the RSS dialects share; items are handled by the caller.
void read_channel_child(const Scope& s, pugi::xml_node c, const QName& q, Feed& feed,
                        LinkPicker& atom_links, std::string& last_build) {
  if (apply_feed_extension(s, c, q, feed)) return;
  if (q.ns == Ns::atom10 || q.ns == Ns::atom03) {
    if (q.local == "link") atom_links.add(s, c, nullptr, nullptr);
    return;
  }
  if (!is_rss_ns(q.ns)) return;
  const std::string_view l = q.local;
  if (l == "title") {
    feed.title = trimmed_text(c);
  } else if (l == "link") {
    if (std::string v = trimmed_text(c); !v.empty() && feed.link.empty()) feed.link = s.resolve(v);
  } else if (l == "language") {
    feed.language = trimmed_text(c);
  } else if (l == "lastBuildDate") {
    last_build = trimmed_text(c);
  } else if (l == "pubDate") {
    set_if_empty(feed.updated_raw, trimmed_text(c));
  } else if (l == "managingEditor") {
    // webMaster is not read: the technical contact wrote none of the items,
    // and normalize lends Feed.author to items without one.
    set_if_empty(feed.author, rss_author_name(inner_text(c)));
  } else if (l == "ttl") {
    const std::string v = trimmed_text(c);
    int minutes = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), minutes);
    if (!v.empty() && ec == std::errc() && ptr == v.data() + v.size() && minutes >= 0) {
      feed.ttl_minutes = minutes;
    }
  } else if (l == "image") {
    const Scope is(s, c);
    for (pugi::xml_node u = c.first_child(); u; u = u.next_sibling()) {
      if (u.type() == pugi::node_element && local_name(u.name()) == "url") {
        if (std::string v = trimmed_text(u); !v.empty()) feed.image_url = is.resolve(v);
      }
    }
    // RSS 1.0 points at the image with rdf:resource.
    const std::string_view res = trim(c.attribute("rdf:resource").value());
    if (feed.image_url.empty() && !res.empty()) feed.image_url = is.resolve(res);
  }
}

}  // namespace

Feed parse_rss(pugi::xml_node root, std::string_view document_url) {
  const Scope root_scope(root, document_url);
  pugi::xml_node channel;
  if (local_name(root.name()) == "channel") {
    channel = root;
  } else {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && local_name(c.name()) == "channel") {
        channel = c;
        break;
      }
    }
  }
  Feed feed;
  feed.format = format_of(root_scope, root, channel);
  LinkPicker atom_links;
  std::string last_build;
  if (channel) {
    const Scope* cs = &root_scope;
    std::optional<Scope> channel_scope;
    if (channel != root) cs = &channel_scope.emplace(root_scope, channel);
    feed.id = trim(channel.attribute("rdf:about").value());
    for (pugi::xml_node c = channel.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      const QName q = cs->name_of(c);
      if (q.local == "item" && is_rss_ns(q.ns)) {
        feed.items.push_back(parse_item(*cs, c));
      } else {
        read_channel_child(*cs, c, q, feed, atom_links, last_build);
      }
    }
    if (feed.language.empty()) feed.language = cs->lang();
  }
  // RSS 0.90/1.0 put items and the image beside the channel.
  if (channel != root) {
    for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || c == channel) continue;
      const QName q = root_scope.name_of(c);
      if (!is_rss_ns(q.ns)) continue;
      if (q.local == "item") {
        feed.items.push_back(parse_item(root_scope, c));
      } else if (q.local == "image" && feed.image_url.empty()) {
        read_channel_child(root_scope, c, q, feed, atom_links, last_build);
      }
    }
  }
  if (!last_build.empty()) feed.updated_raw = std::move(last_build);
  if (feed.link.empty()) feed.link = atom_links.best();
  if (feed.language.empty()) feed.language = root_scope.lang();
  for (FeedItem& item : feed.items) {
    if (item.language.empty()) item.language = feed.language;
  }
  return feed;
}

}  // namespace kf::parse
