#include "html/sanitize.h"

#include <optional>
#include <vector>

#include "html/content_drop.h"
#include "html/elements.h"
#include "html/scan.h"
#include "html/tokenizer.h"
#include "url/url.h"

namespace kf::html {
namespace {

using detail::ElementInfo;
using detail::has;

constexpr std::size_t kMaxDepth = 256;  // deeper allowed elements are unwrapped

std::optional<std::string_view> find_attribute(std::span<const Attribute> attrs, std::string_view name) {
  for (const Attribute& a : attrs)
    if (a.name == name) return a.value;
  return std::nullopt;
}

bool is_number(std::string_view v) {
  if (v.empty() || v.size() > 6) return false;
  for (char c : v)
    if (c < '0' || c > '9') return false;
  return true;
}

// The leading integer as HTML reads width="1px"; nullopt without digits.
std::optional<long> leading_number(std::string_view v) {
  std::size_t i = 0;
  while (i < v.size() && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n')) ++i;
  long n = 0;
  std::size_t start = i;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9' && n < 100000) n = n * 10 + (v[i++] - '0');
  return i == start ? std::nullopt : std::optional<long>(n);
}

std::optional<std::string> safe_url(std::string_view value, const SanitizeOptions& opt) {
  if (!url::is_safe_link(value)) return std::nullopt;
  if (opt.base_url.empty()) return std::string(value);
  std::optional<std::string> resolved = url::resolve(opt.base_url, value);
  if (!resolved) return std::nullopt;
  std::string scheme = url::effective_scheme(*resolved);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  return resolved;
}

std::optional<std::string> image_source(std::span<const Attribute> attrs, const SanitizeOptions& opt) {
  for (std::string_view name : {"src", "data-src", "data-original", "data-lazy-src"}) {
    std::optional<std::string_view> v = find_attribute(attrs, name);
    if (!v || url::effective_scheme(*v) == "data") continue;
    if (auto u = safe_url(*v, opt)) return u;
  }
  return std::nullopt;
}

bool is_tracking_pixel(std::span<const Attribute> attrs) {
  for (std::string_view name : {"width", "height"}) {
    std::optional<std::string_view> v = find_attribute(attrs, name);
    std::optional<long> n = v ? leading_number(*v) : std::nullopt;
    if (n && *n <= 1) return true;
  }
  return false;
}

// The value an allowed non-URL attribute may carry, or nullopt.
std::optional<std::string_view> checked_value(std::string_view name, std::string_view value) {
  if (name == "width" || name == "height" || name == "colspan" || name == "rowspan" || name == "start")
    return is_number(value) ? std::optional(value) : std::nullopt;
  if (name == "scope") {
    for (std::string_view s : {"row", "col", "rowgroup", "colgroup"})
      if (value == s) return value;
    return std::nullopt;
  }
  return value;
}

enum class Scope {
  Button,    // HTML5 "button scope": stops at table, td, th, caption
  Table,     // stops at table
  ListItem,  // stops at special elements other than div and p
};

class Writer {
 public:
  Writer(const SanitizeOptions& opt, std::size_t input_size) : opt_(opt) {
    out_.reserve(input_size + input_size / 8);
  }

  void token(const Token& t) {
    if (t.kind == TokenKind::Text) {
      if (!drop_.swallow_text(t)) detail::append_escaped(out_, t.text, false);
      return;
    }
    if (t.kind != TokenKind::StartTag && t.kind != TokenKind::EndTag) return;
    const ElementInfo* e = detail::element_info(t.name);
    if (drop_.swallow_tag(t, e)) return;
    if (t.kind == TokenKind::StartTag) start_tag(t, e);
    else end_tag(t.name, e);
  }

  std::string finish() {
    close_from(0);
    return std::move(out_);
  }

 private:
  // Index of the innermost open `name` within `scope`, or npos.
  std::size_t find_open(std::string_view name, Scope scope) const {
    for (std::size_t i = open_.size(); i-- > 0;) {
      const ElementInfo* e = open_[i];
      if (e->name == name) return i;
      std::string_view n = e->name;
      if (n == "table") return std::string_view::npos;
      if (scope == Scope::Button && (n == "td" || n == "th" || n == "caption")) return std::string_view::npos;
      if (scope == Scope::ListItem && has(e, detail::kSpecial) && n != "div" && n != "p")
        return std::string_view::npos;
    }
    return std::string_view::npos;
  }

  // Closes open_[index] and everything opened after it.
  void close_from(std::size_t index) {
    while (open_.size() > index) {
      out_.append("</");
      out_.append(open_.back()->name);
      out_.push_back('>');
      open_.pop_back();
    }
  }

  void close_if_open(std::string_view name, Scope scope) {
    std::size_t i = find_open(name, scope);
    if (i != std::string_view::npos) close_from(i);
  }

  // Closes what a table part may not sit in; false when no table is open
  // (HTML5 ignores those tags outside tables). Implies tbody and tr.
  bool prepare_table_part(std::string_view name) {
    std::size_t i = open_.size();
    while (i-- > 0) {
      std::string_view n = open_[i]->name;
      if (n == "table") break;
      bool section = n == "tbody" || n == "thead" || n == "tfoot";
      if ((name == "tr" && section) || ((name == "td" || name == "th") && (section || n == "tr"))) break;
    }
    if (i == std::string_view::npos) return false;
    close_from(i + 1);
    std::string_view parent = open_[i]->name;
    if ((name == "tr" || name == "td" || name == "th") && parent == "table") open_plain("tbody");
    if ((name == "td" || name == "th") && open_.back()->name != "tr") open_plain("tr");
    return true;
  }

  void open_plain(std::string_view name) {
    if (open_.size() >= kMaxDepth) return;  // as for written tags, so a re-run sees the same
    out_.push_back('<');
    out_.append(name);
    out_.push_back('>');
    open_.push_back(detail::element_info(name));
  }

  void append_attribute(std::string_view name, std::string_view value) {
    out_.push_back(' ');
    out_.append(name);
    out_.append("=\"");
    detail::append_escaped(out_, value, true);
    out_.push_back('"');
  }

  void start_tag(const Token& t, const ElementInfo* e) {
    std::string_view name = t.name;
    if (has(e, detail::kClosesP)) close_if_open("p", Scope::Button);
    if (name == "li") close_if_open("li", Scope::ListItem);
    if (name == "dt" || name == "dd") {
      close_if_open("dt", Scope::ListItem);
      close_if_open("dd", Scope::ListItem);
    }
    if (has(e, detail::kHeading) && !open_.empty() && has(open_.back(), detail::kHeading))
      close_from(open_.size() - 1);
    if (has(e, detail::kTablePart) && !prepare_table_part(name)) return;
    if (name == "a") close_if_open("a", Scope::Button);  // links do not nest
    if (!has(e, detail::kAllowed)) return;               // unwrapped
    bool is_void = has(e, detail::kVoid);
    if (!is_void && open_.size() >= kMaxDepth) return;
    std::optional<std::string> src, href;
    if (name == "img") {
      if (!opt_.allow_images || is_tracking_pixel(t.attributes)) return;
      if (!(src = image_source(t.attributes, opt_))) return;
    }
    if (name == "a") {
      std::optional<std::string_view> h = find_attribute(t.attributes, "href");
      if (!h || !(href = safe_url(*h, opt_))) return;  // unwrapped
    }
    out_.push_back('<');
    out_.append(name);
    for (std::string_view attr : e->attributes) {
      if (attr.empty()) break;
      if (attr == "src" || attr == "href") {
        append_attribute(attr, attr == "src" ? *src : *href);
        continue;
      }
      std::optional<std::string_view> v = find_attribute(t.attributes, attr);
      if (!v) continue;
      if (attr == "cite") {
        if (std::optional<std::string> u = safe_url(*v, opt_)) append_attribute(attr, *u);
      } else if (std::optional<std::string_view> checked = checked_value(attr, *v)) {
        append_attribute(attr, *checked);
      }
    }
    if (name == "a") out_.append(" rel=\"noopener noreferrer\"");
    out_.push_back('>');
    if (!is_void) open_.push_back(e);
  }

  void end_tag(std::string_view name, const ElementInfo* e) {
    if (name == "br") {  // HTML5 reads </br> as <br>
      out_.append("<br>");
      return;
    }
    if (!has(e, detail::kAllowed) || has(e, detail::kVoid)) return;
    close_if_open(name, has(e, detail::kTablePart) ? Scope::Table : Scope::Button);
  }

  const SanitizeOptions& opt_;
  std::string out_;
  std::vector<const ElementInfo*> open_;  // allowed elements written and not yet closed
  detail::ContentDropper drop_;
};

}  // namespace

std::string sanitize(std::string_view html, const SanitizeOptions& opt) {
  Writer w(opt, html.size());
  Tokenizer tokenizer(html);
  for (Token t = tokenizer.next(); t.kind != TokenKind::Eof; t = tokenizer.next()) w.token(t);
  return w.finish();
}

}  // namespace kf::html
