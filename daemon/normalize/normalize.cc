#include "normalize/normalize.h"
#include "text/ascii.h"

#include <algorithm>
#include <unordered_map>

#include "digest/fast_hash.h"
#include "html/sanitize.h"
#include "normalize/date.h"
#include "normalize/identity.h"
#include "normalize/image.h"
#include "normalize/text.h"
#include "text/whitespace.h"
#include "text/escape.h"
#include "url/url.h"

namespace kf::normalize {
namespace {

// Names an item in a warning; the text is only built when a warning is, since
// nearly every item produces none.
struct Where {
  const std::string& source_id;
  std::size_t index;  // 0-based
  std::string str() const {
    return "normalize: " + source_id + ": item " + std::to_string(index + 1);
  }
};

// The canonical form of an item's link, or empty when it has none we may
// publish (a javascript: link is dropped, never published). Without a
// usable link, a guid that may serve as one (RSS isPermaLink true or absent,
// Atom and JSON Feed ids: FeedItem::guid_is_permalink) and resolves to an
// http(s) URL is used instead: readers need something to click, and
// feedparser and Miniflux do the same. This is the one place for that rule,
// whatever the format. A relative permalink guid (only RSS
// isPermaLink="true" allows one) resolves against the item's base.
// `from_link` tells whether the result is the canonical form of item.link.
std::string canonical_link(const FeedItem& item, std::vector<std::string>& warnings,
                           const Where& where, bool& from_link) {
  from_link = false;
  if (!item.link.empty()) {
    if (auto c = url::canonicalize(item.link)) {
      from_link = true;
      return *c;
    }
    warnings.push_back(where.str() + ": dropped link '" + item.link.substr(0, 80) +
                       "' (not an http(s) URL)");
  }
  if (!item.guid_is_permalink || item.guid.empty()) return {};
  auto guid = url::resolve(item.base_url, item.guid);
  if (!guid) guid = item.guid;  // no base: only an absolute guid can work
  if (auto c = url::canonicalize(*guid)) return *c;
  warnings.push_back(where.str() + ": no link from permalink guid '" + item.guid.substr(0, 80) +
                     "' (not an http(s) URL)");
  return {};
}

// True for a bare e-mail address ("jo@example.org"): one '@' between
// non-empty parts and no space.
bool is_bare_address(std::string_view s) {
  const std::size_t at = s.find('@');
  return at != std::string_view::npos && at > 0 && at + 1 < s.size() &&
         s.find('@', at + 1) == std::string_view::npos &&
         s.find_first_of(" \t\r\n") == std::string_view::npos;
}

// The author of an item: its own, else the feed's (RSS has no inheritance
// rule of its own; Atom and JSON Feed inherit in parse). A feed author that
// is only an e-mail address is a contact mailbox (RSS managingEditor,
// dc:creator), not a name readers know, and spreading it onto every article
// would republish the address: then the item has no author.
std::string author_of(const FeedItem& item, const Feed& feed) {
  if (!item.author.empty()) return plain_text(item.author, TextType::html);
  std::string author = plain_text(feed.author, TextType::html);
  return is_bare_address(author) ? std::string() : author;
}

std::string html_field(std::string_view value, TextType type, const std::string& base) {
  if (value.empty()) return {};
  html::SanitizeOptions options;
  options.base_url = base;
  if (type == TextType::text) {
    std::string out = "<p>";
    text::append_escaped_text(out, text::collapse_whitespace(value));
    return out + "</p>";
  }
  return html::sanitize(value, options);
}

std::vector<std::string> clean_categories(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const auto& c : raw) {
    std::string t = plain_text(c, TextType::html);
    if (!t.empty() && std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  return out;
}

std::optional<Timestamp> date_of(const std::string& raw, std::vector<std::string>& warnings,
                                 const Where& where) {
  if (raw.empty()) return std::nullopt;
  auto t = parse_date(raw);
  if (!t) warnings.push_back(where.str() + ": unreadable date '" + raw.substr(0, 60) + "'");
  return t;
}

// The hash of everything a reader sees, so an unchanged re-fetch is a no-op
// and any visible edit is an update.
std::string content_hash(const Article& a) {
  digest::FastHash h;
  for (std::string_view f : {std::string_view(a.url), std::string_view(a.kicker),
                             std::string_view(a.title), std::string_view(a.summary),
                             std::string_view(a.content_html), std::string_view(a.author),
                             std::string_view(a.image.url), std::string_view(a.image.alt),
                             std::string_view(a.image.caption), std::string_view(a.image.credit),
                             std::string_view(a.language)})
    h.update_field(f);
  for (const auto& t : {a.published, a.updated})
    h.update_field(t ? std::to_string(t->time_since_epoch().count()) : "");
  for (const auto& c : a.categories) h.update_field(c);
  return h.finish_hex();
}

}  // namespace

Normalized normalize(const Feed& feed, const Context& context) {
  Normalized result;
  auto& warnings = result.warnings;

  // Links shared by several items cannot identify an item alone.
  std::vector<std::string> links;
  links.reserve(feed.items.size());
  std::vector<bool> links_from_link(feed.items.size());
  std::unordered_map<std::string_view, int> link_uses;
  for (std::size_t i = 0; i < feed.items.size(); ++i) {
    bool from_link = false;
    links.push_back(canonical_link(feed.items[i], warnings, Where{context.source_id, i}, from_link));
    links_from_link[i] = from_link;
  }
  for (const auto& l : links)
    if (!l.empty()) ++link_uses[l];

  result.articles.reserve(feed.items.size());
  for (std::size_t i = 0; i < feed.items.size(); ++i) {
    const FeedItem& item = feed.items[i];
    const Where where{context.source_id, i};
    Article a;
    a.source_id = context.source_id;
    a.url = links[i];
    a.title = plain_text(item.title, item.title_type);
    std::string date_raw = item.published_raw.empty() ? item.updated_raw : item.published_raw;
    auto id = article_id({.source_id = context.source_id,
                          .guid = item.guid,
                          .canonical_link = a.url,
                          .link_is_shared = !a.url.empty() && link_uses[a.url] > 1,
                          .title = a.title,
                          .date = date_raw,
                          // Most guids are the link: canonicalized once, above.
                          .canonical_guid = links_from_link[i] && item.guid == item.link
                                                ? &links[i]
                                                : nullptr});
    if (!id) {
      warnings.push_back(where.str() + ": dropped: no guid, link or title to identify it");
      continue;
    }
    a.id = std::move(*id);
    const std::string& base = item.base_url.empty() ? context.document_url : item.base_url;
    a.kicker = plain_text(item.kicker, TextType::text);
    a.summary = html_field(item.summary, item.summary_type, base);
    a.content_html = html_field(item.content, item.content_type, base);
    a.author = author_of(item, feed);
    a.published = date_of(item.published_raw, warnings, where);
    a.updated = date_of(item.updated_raw, warnings, where);
    if (!a.published) a.published = a.updated;
    a.image = choose_image(item, a.summary, a.content_html);
    a.categories = clean_categories(item.categories);
    a.language = text::to_lower(text::collapse_whitespace(
        !item.language.empty() ? item.language
                               : (!feed.language.empty() ? feed.language : context.default_language)));
    a.completeness = item.completeness;
    a.first_seen = a.last_seen = context.fetched_at;
    a.content_hash = content_hash(a);
    result.articles.push_back(std::move(a));
  }
  return result;
}

}  // namespace kf::normalize
