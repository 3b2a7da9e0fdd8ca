#include "html/sanitize.h"

#include <optional>
#include <vector>

#include "html/content_drop.h"
#include "html/elements.h"
#include "html/scan.h"
#include "html/tokenizer.h"
#include "url/quick_resolve.h"
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

// Sets `out` to the URL to publish for `value`; false when there is none.
// `out` is a buffer the writer reuses, so a link costs no allocation.
bool safe_url(std::string_view value, const SanitizeOptions& opt, std::string& out) {
  out.clear();
  if (!opt.base_url.empty()) {
    // Most links are plain absolute or relative http(s) URLs. What
    // quick_resolve answers is url::resolve's result, and it only answers for
    // an "http(s)://" reference or a relative one without ':' against an
    // "http(s)://" base: is_safe_link holds for such a reference and the
    // result's scheme is http(s), so the checks below would all pass.
    if (url::detail::quick_resolve_into(out, opt.base_url, value)) return true;
  }
  if (!url::is_safe_link(value)) return false;
  if (opt.base_url.empty()) {
    out.assign(value);
    return true;
  }
  std::optional<std::string> resolved = url::resolve(opt.base_url, value);
  if (!resolved) return false;
  std::string scheme = url::effective_scheme(*resolved);
  if (scheme != "http" && scheme != "https") return false;
  out = std::move(*resolved);
  return true;
}

bool image_source(std::span<const Attribute> attrs, const SanitizeOptions& opt, std::string& out) {
  for (std::string_view name : {"src", "data-src", "data-original", "data-lazy-src"}) {
    std::optional<std::string_view> v = find_attribute(attrs, name);
    if (!v || url::effective_scheme(*v) == "data") continue;
    if (safe_url(*v, opt, out)) return true;
  }
  return false;
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

// The elements the writer's rules name, looked up once: comparing entries
// is cheaper than comparing names, and element_info gives one entry per name.
struct Known {
  const ElementInfo* p = detail::element_info("p");
  const ElementInfo* li = detail::element_info("li");
  const ElementInfo* dt = detail::element_info("dt");
  const ElementInfo* dd = detail::element_info("dd");
  const ElementInfo* a = detail::element_info("a");
  const ElementInfo* img = detail::element_info("img");
  const ElementInfo* br = detail::element_info("br");
  const ElementInfo* div = detail::element_info("div");
  const ElementInfo* table = detail::element_info("table");
  const ElementInfo* tbody = detail::element_info("tbody");
  const ElementInfo* thead = detail::element_info("thead");
  const ElementInfo* tfoot = detail::element_info("tfoot");
  const ElementInfo* tr = detail::element_info("tr");
  const ElementInfo* td = detail::element_info("td");
  const ElementInfo* th = detail::element_info("th");
  const ElementInfo* caption = detail::element_info("caption");
};

const Known& known() {
  static const Known k;
  return k;
}

enum class Scope {
  Button,    // HTML5 "button scope": stops at table, td, th, caption
  Table,     // stops at table
  ListItem,  // stops at special elements other than div and p
};

class Writer {
 public:
  Writer(const SanitizeOptions& opt, std::size_t input_size) : opt_(opt), k_(known()) {
    out_.reserve(input_size + input_size / 8);
  }

  void token(const Token& t) {
    if (t.kind == TokenKind::Text) {
      if (drop_.swallow_text(t)) return;
      if (t.plain) out_.append(t.text);  // the tokenizer saw nothing to escape
      else detail::append_escaped(out_, t.text, false);
      return;
    }
    if (t.kind != TokenKind::StartTag && t.kind != TokenKind::EndTag) return;
    const ElementInfo* e = detail::element_info(t.name);
    if (drop_.swallow_tag(t, e)) return;
    if (t.kind == TokenKind::StartTag) start_tag(t, e);
    else end_tag(e);
  }

  std::string finish() {
    close_from(0);
    return std::move(out_);
  }

 private:
  // Index of the innermost open `target` within `scope`, or npos.
  std::size_t find_open(const ElementInfo* target, Scope scope) const {
    for (std::size_t i = open_.size(); i-- > 0;) {
      const ElementInfo* e = open_[i];
      if (e == target) return i;
      if (e == k_.table) return std::string_view::npos;
      if (scope == Scope::Button && (e == k_.td || e == k_.th || e == k_.caption))
        return std::string_view::npos;
      if (scope == Scope::ListItem && has(e, detail::kSpecial) && e != k_.div && e != k_.p)
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

  void close_if_open(const ElementInfo* target, Scope scope) {
    std::size_t i = find_open(target, scope);
    if (i != std::string_view::npos) close_from(i);
  }

  // Closes what a table part may not sit in; false when no table is open
  // (HTML5 ignores those tags outside tables). Implies tbody and tr.
  bool prepare_table_part(const ElementInfo* part) {
    const bool row = part == k_.tr, cell = part == k_.td || part == k_.th;
    std::size_t i = open_.size();
    while (i-- > 0) {
      const ElementInfo* e = open_[i];
      if (e == k_.table) break;
      bool section = e == k_.tbody || e == k_.thead || e == k_.tfoot;
      if ((row && section) || (cell && (section || e == k_.tr))) break;
    }
    if (i == std::string_view::npos) return false;
    close_from(i + 1);
    if ((row || cell) && open_[i] == k_.table) open_plain(k_.tbody);
    if (cell && open_.back() != k_.tr) open_plain(k_.tr);
    return true;
  }

  void open_plain(const ElementInfo* e) {
    if (open_.size() >= kMaxDepth) return;  // as for written tags, so a re-run sees the same
    out_.push_back('<');
    out_.append(e->name);
    out_.push_back('>');
    open_.push_back(e);
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
    if (has(e, detail::kClosesP)) close_if_open(k_.p, Scope::Button);
    if (e == k_.li) close_if_open(k_.li, Scope::ListItem);
    if (e == k_.dt || e == k_.dd) {
      close_if_open(k_.dt, Scope::ListItem);
      close_if_open(k_.dd, Scope::ListItem);
    }
    if (has(e, detail::kHeading) && !open_.empty() && has(open_.back(), detail::kHeading))
      close_from(open_.size() - 1);
    if (has(e, detail::kTablePart) && !prepare_table_part(e)) return;
    if (e == k_.a) close_if_open(k_.a, Scope::Button);  // links do not nest
    if (!has(e, detail::kAllowed)) return;               // unwrapped
    bool is_void = has(e, detail::kVoid);
    if (!is_void && open_.size() >= kMaxDepth) return;
    if (e == k_.img) {
      if (!opt_.allow_images || is_tracking_pixel(t.attributes)) return;
      if (!image_source(t.attributes, opt_, link_)) return;
    }
    if (e == k_.a) {
      std::optional<std::string_view> h = find_attribute(t.attributes, "href");
      if (!h || !safe_url(*h, opt_, link_)) return;  // unwrapped
    }
    out_.push_back('<');
    out_.append(name);
    for (std::string_view attr : e->attributes) {
      if (attr.empty()) break;
      if (attr == "src" || attr == "href") {
        append_attribute(attr, link_);  // img has src only, a has href only
        continue;
      }
      std::optional<std::string_view> v = find_attribute(t.attributes, attr);
      if (!v) continue;
      if (attr == "cite") {
        if (safe_url(*v, opt_, cite_)) append_attribute(attr, cite_);
      } else if (std::optional<std::string_view> checked = checked_value(attr, *v)) {
        append_attribute(attr, *checked);
      }
    }
    if (e == k_.a) out_.append(" rel=\"noopener noreferrer\"");
    out_.push_back('>');
    if (!is_void) open_.push_back(e);
  }

  void end_tag(const ElementInfo* e) {
    if (e && e == k_.br) {  // HTML5 reads </br> as <br>
      out_.append("<br>");
      return;
    }
    if (!has(e, detail::kAllowed) || has(e, detail::kVoid)) return;
    close_if_open(e, has(e, detail::kTablePart) ? Scope::Table : Scope::Button);
  }

  const SanitizeOptions& opt_;
  const Known& k_;
  std::string out_;
  std::string link_, cite_;  // reused URL buffers: img src or a href; cite
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
