#include "parse/extensions.h"

#include <charconv>

#include "parse/xml_text.h"
#include "url/url.h"

namespace kf::parse {
namespace {

bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

void read_media_object(const Scope& parent, pugi::xml_node el, bool thumbnail,
                       std::vector<MediaRef>& out) {
  const Scope scope(parent, el);
  const std::string_view url = trim(el.attribute("url").value());
  const std::size_t index = out.size();
  if (!url.empty()) {
    MediaRef m;
    m.url = scope.resolve(url);
    m.type = trim(el.attribute("type").value());
    m.medium = trim(el.attribute("medium").value());
    m.length = parse_length(el.attribute("fileSize").value());
    m.thumbnail = thumbnail;
    out.push_back(std::move(m));
  }
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = scope.name_of(c);
    if (q.ns != Ns::media) continue;
    if (q.local == "thumbnail") {
      read_media_object(scope, c, true, out);
    } else if (index < out.size() && (q.local == "description" || q.local == "title")) {
      // A description says more than a title.
      if (q.local == "description" || out[index].alt.empty()) out[index].alt = trimmed_text(c);
    } else if (index < out.size() && q.local == "credit") {
      out[index].credit = trimmed_text(c);
    }
  }
}

void read_media_group(const Scope& parent, pugi::xml_node el, std::vector<MediaRef>& out) {
  const Scope scope(parent, el);
  const std::size_t first = out.size();
  std::string alt, credit;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = scope.name_of(c);
    if (q.ns != Ns::media) continue;
    if (q.local == "content") {
      read_media_object(scope, c, false, out);
    } else if (q.local == "thumbnail") {
      read_media_object(scope, c, true, out);
    } else if (q.local == "description" || (q.local == "title" && alt.empty())) {
      alt = trimmed_text(c);
    } else if (q.local == "credit") {
      credit = trimmed_text(c);
    }
  }
  for (std::size_t i = first; i < out.size(); ++i) {
    if (out[i].alt.empty()) out[i].alt = alt;
    if (out[i].credit.empty()) out[i].credit = credit;
  }
}

}  // namespace

std::optional<std::uint64_t> parse_length(std::string_view s) {
  s = trim(s);
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

void set_if_empty(std::string& target, std::string value) {
  if (target.empty()) target = std::move(value);
}

void LinkPicker::add(const Scope& parent, pugi::xml_node link, std::vector<MediaRef>* media,
                     std::vector<std::string>* related) {
  const std::string_view href = trim(link.attribute("href").value());
  if (href.empty()) return;
  std::string_view rel = trim(link.attribute("rel").value());
  if (rel.empty()) rel = "alternate";
  const std::string_view type = trim(link.attribute("type").value());
  const Scope scope(parent, link);
  if (rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate") {
    const bool html = type.empty() || ascii_iequals(type, "text/html") ||
                      ascii_iequals(type, "application/xhtml+xml");
    if (best_.empty() || (html && !best_is_html_)) {
      best_ = scope.resolve(href);
      best_is_html_ = html;
    }
  } else if (rel == "enclosure" && media != nullptr) {
    MediaRef m;
    m.url = scope.resolve(href);
    m.type = type;
    m.length = parse_length(link.attribute("length").value());
    m.alt = trim(link.attribute("title").value());
    media->push_back(std::move(m));
  } else if (rel == "related" && related != nullptr) {
    related->push_back(scope.resolve(href));
  }
}

bool apply_item_extension(const Scope& item_scope, pugi::xml_node child, const QName& name,
                          FeedItem& item) {
  const std::string_view l = name.local;
  switch (name.ns) {
    case Ns::dc:
    case Ns::dcterms:
      // dc:author is no Dublin Core element, but feeds write it for creator.
      if (l == "creator" || l == "author" || l == "contributor" || l == "publisher") {
        if (item.author.empty()) {
          std::string storage;
          item.author = rss_author_name(trimmed_view(child, storage));
        }
      } else if (l == "date") {
        std::string v = trimmed_text(child);
        set_if_empty(item.updated_raw, v);
        set_if_empty(item.published_raw, std::move(v));
      } else if (l == "created" || l == "issued" || l == "available") {
        set_if_empty(item.published_raw, trimmed_text(child));
      } else if (l == "modified") {
        set_if_empty(item.updated_raw, trimmed_text(child));
      } else if (l == "subject") {
        if (std::string v = trimmed_text(child); !v.empty()) item.categories.push_back(std::move(v));
      } else if (l == "language") {
        item.language = trimmed_text(child);
      } else if (l == "title") {
        if (item.title.empty()) {
          item.title = trimmed_text(child);
          item.title_type = TextType::html;
        }
      } else if (l == "description" || l == "abstract") {
        set_if_empty(item.summary, inner_text(child));
      } else if (l == "identifier") {
        set_if_empty(item.guid, trimmed_text(child));
      } else {
        return false;
      }
      return true;
    case Ns::content:
      if (l != "encoded") return false;
      if (item.content.empty()) {
        item.content = inner_text(child);
        item.content_type = TextType::html;
      }
      return true;
    case Ns::media:
      if (l == "content") {
        read_media_object(item_scope, child, false, item.media);
      } else if (l == "thumbnail") {
        read_media_object(item_scope, child, true, item.media);
      } else if (l == "group") {
        read_media_group(item_scope, child, item.media);
      } else {
        return false;
      }
      return true;
    case Ns::itunes:
      if (l == "author") {
        set_if_empty(item.author, trimmed_text(child));
      } else if (l == "summary") {
        if (item.summary.empty()) {
          item.summary = inner_text(child);
          item.summary_type = TextType::text;
        }
      } else if (l == "image") {
        const std::string_view href = trim(child.attribute("href").value());
        if (href.empty()) return true;
        MediaRef m;
        m.url = Scope(item_scope, child).resolve(href);
        m.medium = "image";
        item.media.push_back(std::move(m));
      } else {
        return false;
      }
      return true;
    case Ns::xhtml:
      if (l != "body" && l != "div") return false;
      if (item.content.empty()) {
        item.content = inner_html(child);
        item.content_type = TextType::html;
      }
      return true;
    default:
      return false;
  }
}

void apply_media_title_fallback(const Scope& item_scope, pugi::xml_node item, FeedItem& out) {
  if (!out.title.empty()) return;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = item_scope.name_of(c);
    if (q.ns != Ns::media || q.local != "title") continue;
    out.title = trimmed_text(c);
    out.title_type = trim(c.attribute("type").value()) == "html" ? TextType::html : TextType::text;
    return;
  }
}

bool apply_feed_extension(const Scope& feed_scope, pugi::xml_node child, const QName& name,
                          Feed& feed) {
  const std::string_view l = name.local;
  switch (name.ns) {
    case Ns::dc:
    case Ns::dcterms:
      if (l == "creator" || l == "author" || l == "publisher") {
        set_if_empty(feed.author, rss_author_name(inner_text(child)));
      } else if (l == "date" || l == "modified") {
        set_if_empty(feed.updated_raw, trimmed_text(child));
      } else if (l == "language") {
        set_if_empty(feed.language, trimmed_text(child));
      } else if (l == "title") {
        set_if_empty(feed.title, trimmed_text(child));
      } else if (l == "identifier") {
        set_if_empty(feed.id, trimmed_text(child));
      } else {
        return false;
      }
      return true;
    case Ns::itunes:
      if (l == "author") {
        set_if_empty(feed.author, trimmed_text(child));
      } else if (l == "image") {
        const std::string_view href = trim(child.attribute("href").value());
        if (!href.empty()) set_if_empty(feed.image_url, Scope(feed_scope, child).resolve(href));
      } else {
        return false;
      }
      return true;
    default:
      return false;
  }
}

std::string rss_author_name(std::string_view value) {
  value = trim(value);
  const std::size_t at = value.find('@');
  if (at == std::string_view::npos) return std::string(value);
  const std::size_t open = value.find('(');
  const std::size_t close = value.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && open < close) {
    const std::string_view inside = trim(value.substr(open + 1, close - open - 1));
    // "Name (email)": the address is in the parentheses, the name before.
    // "email (Name)": the other way round.
    const std::string_view name = (at > open && at < close) ? trim(value.substr(0, open)) : inside;
    if (!name.empty()) return std::string(name);
  }
  // "Name <email>"
  const std::size_t lt = value.find('<');
  if (lt != std::string_view::npos && lt > 0 && lt < at) {
    const std::string_view name = trim(value.substr(0, lt));
    if (!name.empty()) return std::string(name);
  }
  return std::string(value);
}

bool is_http_url(std::string_view s) {
  const std::string scheme = url::effective_scheme(s);
  return scheme == "http" || scheme == "https";
}

}  // namespace kf::parse
