#include "parse/atom.h"

#include "parse/base64.h"
#include "parse/extensions.h"
#include "parse/xml_scope.h"
#include "parse/xml_text.h"
#include "text/utf8.h"

namespace kf::parse {
namespace {

// Which namespaces hold Atom elements in this document: Atom 1.0 and 0.3,
// plus no namespace when the root <feed> itself has none (feeds that forgot
// the xmlns declaration; feedparser reads them too).
struct AtomNs {
  bool bare = false;
  bool operator()(Ns ns) const {
    return ns == Ns::atom10 || ns == Ns::atom03 || (bare && ns == Ns::none);
  }
};

bool contains(std::string_view s, std::string_view part) { return s.find(part) != s.npos; }

bool istarts_with(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// RFC 4287 4.1.3.3 rule 5: a media type (not the keywords text, html and
// xhtml) that is neither text/* nor XML says the content is base64.
bool is_binary_type(std::string_view t) {
  t = trim(t.substr(0, t.find(';')));
  if (t.find('/') == t.npos || istarts_with(t, "text/")) return false;
  return !(t.ends_with("+xml") || t.ends_with("/xml") || t.ends_with("+XML") || t.ends_with("/XML"));
}

// The text of a base64 construct. Text that is not base64 after all is
// shown as written (a mislabelled type); decoded bytes that are not UTF-8
// (an image, a PDF) are nothing a reader can be shown, so they give "".
void read_base64(pugi::xml_node el, std::string_view t, std::string& out, TextType& type) {
  std::string raw = inner_text(el);
  type = TextType::text;
  auto bytes = decode_base64(raw);
  if (!bytes) {
    out = std::move(raw);
    return;
  }
  if (!text::is_valid_utf8(*bytes)) {
    out.clear();
    return;
  }
  out = std::move(*bytes);
  // 0.3's mode="base64" keeps the type attribute for what the bytes are.
  if (contains(t, "html") || contains(t, "HTML")) type = TextType::html;
}

// Reads an Atom text construct (title, summary, content, 0.3's modes) into
// `out`; the result is HTML unless the construct is plain text.
void read_text(const Scope& parent, pugi::xml_node el, std::string& out, TextType& type,
               std::string* base_url) {
  const Scope s(parent, el);
  if (base_url != nullptr) *base_url = s.base();
  const std::string_view t = trim(el.attribute("type").value());
  const std::string_view mode = trim(el.attribute("mode").value());
  if (mode == "base64" || is_binary_type(t)) {
    read_base64(el, t, out, type);
    return;
  }
  if (t == "xhtml" || t == "application/xhtml+xml" || mode == "xml" ||
      ((t.ends_with("+xml") || t.ends_with("/xml")) && mode != "escaped")) {
    // The content is the (single) xhtml:div's children, serialized as HTML.
    pugi::xml_node div;
    int elements = 0;
    for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element) continue;
      ++elements;
      if (local_name(c.name()) == "div" && s.name_of(c).ns == Ns::xhtml) div = c;
    }
    out = inner_html(div && elements == 1 ? div : el);
    type = TextType::html;
    return;
  }
  if (t.empty() || t == "text" || t == "text/plain") {
    // 0.3's escaped mode carries HTML whatever the type says, and an element
    // child in a text construct only happens when the author meant HTML.
    out = inner_text(el);
    const bool has_element = static_cast<bool>(el.find_child(
        [](pugi::xml_node n) { return n.type() == pugi::node_element; }));
    type = (mode == "escaped" && t != "text/plain") || has_element ? TextType::html : TextType::text;
    return;
  }
  out = inner_text(el);
  type = (t == "html" || contains(t, "html")) ? TextType::html : TextType::text;
}

std::string person_name(const Scope& parent, pugi::xml_node el, AtomNs is_atom) {
  const Scope s(parent, el);
  std::string name, email;
  bool has_element = false;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    has_element = true;
    const QName q = s.name_of(c);
    if (!is_atom(q.ns)) continue;
    if (q.local == "name") name = trimmed_text(c);
    if (q.local == "email") email = trimmed_text(c);
  }
  if (!name.empty()) return name;
  if (!email.empty()) return email;
  // Some feeds put the name directly into <author>; with child elements the
  // text would be a <uri>, which is no name.
  return has_element ? std::string() : trimmed_text(el);
}

// An Atom id as the entry's guid. RFC 4287 4.2.6 requires an absolute IRI;
// an absolute-path reference ("/2025/05/item") is plainly a URL written
// relative to the document, so it is resolved (as feedparser does). Other
// relative ids ("1", "post 7") are opaque names and stay as written: making
// them URLs would invent pages that do not exist.
std::string read_id(const Scope& parent, pugi::xml_node el) {
  std::string id = trimmed_text(el);
  if (id.starts_with('/')) {
    if (std::string r = Scope(parent, el).resolve(id); is_http_url(r)) return r;
  }
  return id;
}

FeedItem parse_entry(const Scope& parent, pugi::xml_node el, AtomNs is_atom) {
  const Scope s(parent, el);
  FeedItem item;
  item.base_url = s.base();
  item.language = s.lang();
  LinkPicker links;
  bool has_published = false;
  std::string source_author;
  for (pugi::xml_node c = el.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = s.name_of(c);
    if (!is_atom(q.ns)) {
      apply_item_extension(s, c, q, item);
      continue;
    }
    const std::string_view l = q.local;
    if (l == "id") {
      item.guid = read_id(s, c);
    } else if (l == "title") {
      read_text(s, c, item.title, item.title_type, nullptr);
      item.title = trim(item.title);
    } else if (l == "link") {
      links.add(s, c, &item.media, &item.related_links);
    } else if (l == "summary") {
      read_text(s, c, item.summary, item.summary_type, nullptr);
    } else if (l == "content") {
      if (c.attribute("src")) continue;  // out-of-line content: nothing to show inline
      std::string base;
      read_text(s, c, item.content, item.content_type, &base);
      item.base_url = std::move(base);
    } else if (l == "published") {
      item.published_raw = trimmed_text(c);
      has_published = true;
    } else if (l == "issued" || l == "created") {
      if (!has_published && item.published_raw.empty()) item.published_raw = trimmed_text(c);
    } else if (l == "updated" || l == "modified") {
      item.updated_raw = trimmed_text(c);
    } else if (l == "author") {
      set_if_empty(item.author, person_name(s, c, is_atom));
    } else if (l == "category") {
      std::string_view term = trim(c.attribute("term").value());
      if (term.empty()) term = trim(c.attribute("label").value());
      if (!term.empty()) item.categories.emplace_back(term);
    } else if (l == "source") {
      const Scope ss(s, c);
      for (pugi::xml_node a = c.first_child(); a; a = a.next_sibling()) {
        if (a.type() == pugi::node_element && local_name(a.name()) == "author") {
          set_if_empty(source_author, person_name(ss, a, is_atom));
        }
      }
    }
  }
  item.link = links.best();
  apply_media_title_fallback(s, el, item);
  // Atom has no isPermaLink: nothing denies that an http(s) id is a link.
  item.guid_is_permalink = is_http_url(item.guid);
  if (item.author.empty()) item.author = std::move(source_author);
  return item;
}

}  // namespace

Feed parse_atom(pugi::xml_node root, std::string_view document_url) {
  const Scope fs(root, document_url);
  Feed feed;
  const QName rq = fs.name_of(root);
  const std::string_view version = trim(root.attribute("version").value());
  feed.format = (rq.ns == Ns::atom03 || version == "0.3") ? "atom0.3" : "atom1.0";
  feed.language = fs.lang();
  const AtomNs is_atom{.bare = rq.ns == Ns::none};
  if (is_atom.bare) {
    // Well-formed XML, so not `recovered`; but the publisher should know.
    feed.warnings.push_back("atom: <feed> has no Atom namespace; read as " + feed.format);
  }
  LinkPicker links;
  std::string icon;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const QName q = fs.name_of(c);
    if (!is_atom(q.ns)) {
      apply_feed_extension(fs, c, q, feed);
      continue;
    }
    const std::string_view l = q.local;
    if (l == "entry") {
      feed.items.push_back(parse_entry(fs, c, is_atom));
    } else if (l == "title") {
      TextType ignored;
      read_text(fs, c, feed.title, ignored, nullptr);
      feed.title = trim(feed.title);
    } else if (l == "link") {
      links.add(fs, c, nullptr, nullptr);
    } else if (l == "id") {
      feed.id = read_id(fs, c);
    } else if (l == "updated" || l == "modified") {
      feed.updated_raw = trimmed_text(c);
    } else if (l == "author") {
      set_if_empty(feed.author, person_name(fs, c, is_atom));
    } else if (l == "logo") {
      feed.image_url = Scope(fs, c).resolve(trimmed_text(c));
    } else if (l == "icon") {
      icon = Scope(fs, c).resolve(trimmed_text(c));
    }
  }
  feed.link = links.best();
  if (feed.image_url.empty()) feed.image_url = std::move(icon);
  for (FeedItem& item : feed.items) {
    if (item.author.empty()) item.author = feed.author;
    if (item.language.empty()) item.language = feed.language;
  }
  return feed;
}

}  // namespace kf::parse
