#include "html/prescan.h"
#include "text/ascii.h"

#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kf::html::detail {
namespace {

// Tag classes of the HTML5 tree builder that decide when it closes elements.
enum : std::uint32_t {
  kVoid = 1u << 0,        // never pushed
  kSpecial = 1u << 1,     // "special" category: stops "any other end tag"
  kScope = 1u << 2,       // default scope boundary (also ends marker lists)
  kClosesP = 1u << 3,     // start tag closes a <p> in button scope
  kFormatting = 1u << 4,  // goes to the list of active formatting elements
  kRawText = 1u << 5,     // content is text up to the matching end tag
  kForeign = 1u << 6,     // svg, math: raw text rules stop applying
  kMarker = 1u << 7,      // closing it ends the formatting elements opened inside
};

// Tag names the estimator knows get small dense ids from one static table,
// so the per-tag work is a hash of the lower-cased name and array indexing,
// not string maps. Other names get ids per scan (see Scanner::id_of).
class NameTable {
 public:
  static constexpr std::uint32_t kNotFound = ~0u;

  NameTable() {
    for (auto n : {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
                   "input", "keygen", "link", "meta", "param", "source", "track", "wbr"})
      add(n, kVoid | kSpecial);
    for (auto n : {"address", "applet", "article", "aside", "blockquote", "body", "button", "caption",
                   "center", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt",
                   "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2",
                   "h3", "h4", "h5", "h6", "head", "header", "hgroup", "html", "iframe", "li",
                   "listing", "main", "marquee", "menu", "nav", "noembed", "noframes", "noscript",
                   "object", "ol", "p", "plaintext", "pre", "script", "search", "section", "select",
                   "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
                   "thead", "title", "tr", "ul", "xmp", "mi", "mo", "mn", "ms", "mtext",
                   "annotation-xml", "foreignobject", "desc"})
      add(n, kSpecial);
    for (auto n : {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
                   "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc"})
      add(n, kScope);
    for (auto n : {"applet", "caption", "td", "th", "marquee", "object", "template"}) add(n, kMarker);
    for (auto n : {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
                   "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup",
                   "main", "menu", "nav", "ol", "p", "search", "section", "summary", "ul", "h1", "h2",
                   "h3", "h4", "h5", "h6", "pre", "listing", "form", "plaintext", "table", "hr",
                   "xmp", "li", "dd", "dt"})
      add(n, kClosesP);
    for (auto n : {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                   "strong", "tt", "u"})
      add(n, kFormatting);
    for (auto n : {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
      add(n, kRawText);
    add("svg", kForeign);
    add("math", kForeign);
    for (auto n : {"option", "optgroup", "datalist"}) add(n, 0);  // named by close_implied
  }

  // The id of a lower-cased name, or kNotFound.
  std::uint32_t find(std::string_view name) const {
    for (std::size_t slot = hash(name);; slot = (slot + 1) & (kSlots - 1)) {
      const Slot& e = slots_[slot];
      if (e.name.empty()) return kNotFound;
      if (e.name == name) return e.id;
    }
  }
  // The id of a name known to be in the table.
  std::uint32_t id(std::string_view name) const { return find(name); }
  std::uint32_t tag_class(std::uint32_t id) const { return id < classes_.size() ? classes_[id] : 0; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(classes_.size()); }

 private:
  static constexpr std::size_t kSlots = 512;  // a power of two, ~3× the names
  struct Slot {
    std::string_view name;  // empty: free
    std::uint32_t id = 0;
  };

  static std::size_t hash(std::string_view name) {
    std::uint32_t h = 2166136261u;  // FNV-1a
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h & (kSlots - 1);
  }

  void add(std::string_view name, std::uint32_t cls) {
    std::uint32_t id = find(name);
    if (id == kNotFound) {
      id = size();
      std::size_t slot = hash(name);
      while (!slots_[slot].name.empty()) slot = (slot + 1) & (kSlots - 1);
      slots_[slot] = {name, id};
      classes_.push_back(0);
    }
    classes_[id] |= cls;
  }

  Slot slots_[kSlots];
  std::vector<std::uint32_t> classes_;
};

const NameTable& names() {
  static const NameTable table;
  return table;
}

// Ids of the names the estimator's rules test for.
struct RuleIds {
  std::uint32_t a, nobr, button, p, address, div, li, dd, dt, td, th, tr, table, tbody, thead, tfoot,
      template_, html, caption, option, optgroup, select, datalist, plaintext;
};

const RuleIds& ids() {
  static const RuleIds r = [] {
    const NameTable& t = names();
    return RuleIds{t.id("a"),       t.id("nobr"),     t.id("button"),   t.id("p"),      t.id("address"),
                   t.id("div"),     t.id("li"),       t.id("dd"),       t.id("dt"),     t.id("td"),
                   t.id("th"),      t.id("tr"),       t.id("table"),    t.id("tbody"),  t.id("thead"),
                   t.id("tfoot"),   t.id("template"), t.id("html"),     t.id("caption"), t.id("option"),
                   t.id("optgroup"), t.id("select"),  t.id("datalist"), t.id("plaintext")};
  }();
  return r;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Byte classes for the tag scanner's inner loops, one table lookup per byte
// instead of a chain of comparisons.
enum : std::uint8_t {
  kSpaceByte = 1,  // is_space
  kSlashByte = 2,  // '/'
  kGtByte = 4,     // '>'
  kEqByte = 8,     // '='
};

struct ByteClasses {
  std::uint8_t c[256] = {};
  constexpr ByteClasses() {
    for (char b : {' ', '\t', '\n', '\f', '\r'}) c[static_cast<unsigned char>(b)] = kSpaceByte;
    c[static_cast<unsigned char>('/')] = kSlashByte;
    c[static_cast<unsigned char>('>')] = kGtByte;
    c[static_cast<unsigned char>('=')] = kEqByte;
  }
  std::uint8_t operator[](char b) const { return c[static_cast<unsigned char>(b)]; }
};
constexpr ByteClasses kBytes;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

// The estimated tree builder state. Tag names are ids (NameTable, then
// per-scan ids for the rest); `cls` is the name's class bits.
class Estimator {
 public:
  // `known` is the number of table ids, which close_implied reads from the start.
  Estimator(const PrescanLimits& limits, std::uint32_t known) : limits_(limits), ids_(ids()) { ensure(known); }

  // Returns false when the start tag must be dropped.
  // `attributes` is the raw text between the name and '>' (a view into the
  // scanned input, which outlives the estimator).
  bool start(std::uint32_t id, std::uint32_t cls, std::string_view attributes) {
    ensure(id);
    close_implied(id, cls);
    if (cls & kVoid) return true;
    if (cls & kFormatting) {
      if (id == ids_.a || id == ids_.nobr) remove_formatting(id);
      noahs_ark(id, attributes);
      if (formatting_.size() >= limits_.max_formatting) return drop(id);
    }
    if (stack_.size() >= limits_.max_depth) return drop(id);
    if (cls & kFormatting) formatting_.push_back({id, attributes});
    push(id, cls);
    return true;
  }

  // Returns false when the end tag belongs to a dropped start tag.
  bool end(std::uint32_t id, std::uint32_t cls) {
    ensure(id);
    if (dropped_total_ > 0 && dropped_[id] > 0) {
      --dropped_[id];
      --dropped_total_;
      return false;
    }
    if (cls & kFormatting) remove_formatting(id);
    const std::size_t idx = top_[id];
    if (idx == kNone) return true;
    // The tree builder ignores end tags whose element is out of scope.
    const auto& guard = (cls & kSpecial) ? scope_ : special_;
    if (guard.empty() || guard.back() <= idx) pop_to(idx);
    return true;
  }

  bool foreign() const { return foreign_ > 0; }

 private:
  struct Entry {
    std::uint32_t id;
    std::uint32_t cls;
    std::size_t formatting_mark;  // list length when a marker element opened
    std::size_t below;            // stack position of the next open element of this name, or kNone
  };
  struct Formatting {
    std::uint32_t id;
    std::string_view attributes;
  };

  // Makes room for `id` in the per-id arrays.
  void ensure(std::uint32_t id) {
    if (id >= top_.size()) {
      top_.resize(id + 1, kNone);
      dropped_.resize(id + 1, 0);
    }
  }

  bool drop(std::uint32_t id) {
    ++dropped_[id];
    ++dropped_total_;
    return false;
  }

  void push(std::uint32_t id, std::uint32_t cls) {
    const std::size_t idx = stack_.size();
    stack_.push_back({id, cls, formatting_.size(), top_[id]});
    top_[id] = idx;
    if (cls & kSpecial) special_.push_back(idx);
    if (cls & (kScope | kForeign) || id == ids_.button) scope_.push_back(idx);
    if (cls & kForeign) ++foreign_;
  }

  void pop_to(std::size_t idx) {
    while (stack_.size() > idx) {
      const Entry& e = stack_.back();
      const std::size_t top = stack_.size() - 1;
      top_[e.id] = e.below;
      if (!special_.empty() && special_.back() == top) special_.pop_back();
      if (!scope_.empty() && scope_.back() == top) scope_.pop_back();
      if ((e.cls & kMarker) && formatting_.size() > e.formatting_mark) formatting_.resize(e.formatting_mark);
      if (e.cls & kForeign) --foreign_;
      stack_.pop_back();
    }
  }

  // The tree builder keeps at most three equal entries (same name and
  // attributes); raw attribute text stands in for "same attributes".
  void noahs_ark(std::uint32_t id, std::string_view attributes) {
    std::size_t equal = 0, earliest = 0;
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].id == id && formatting_[i].attributes == attributes) {
        ++equal;
        earliest = i;
      }
    }
    if (equal >= 3) formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(earliest));
  }

  void remove_formatting(std::uint32_t id) {
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].id == id) {
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }

  // Looks at most a few entries down for an element the new start tag closes.
  void close_among(std::initializer_list<std::uint32_t> closes, std::initializer_list<std::uint32_t> stops,
                   bool stop_at_special) {
    std::size_t seen = 0;
    for (std::size_t i = stack_.size(); i-- > 0 && seen < 16; ++seen) {
      const Entry& e = stack_[i];
      for (auto c : closes)
        if (e.id == c) return pop_to(i);
      for (auto s : stops)
        if (e.id == s) return;
      if (stop_at_special && (e.cls & kSpecial) && e.id != ids_.address && e.id != ids_.div && e.id != ids_.p)
        return;
    }
  }

  void close_implied(std::uint32_t id, std::uint32_t cls) {
    const RuleIds& n = ids_;
    if (cls & kClosesP) {
      const std::size_t p = top_[n.p];
      if (p != kNone && (scope_.empty() || scope_.back() < p)) pop_to(p);
    }
    if (id == n.li) close_among({n.li}, {}, true);
    else if (id == n.dd || id == n.dt) close_among({n.dd, n.dt}, {}, true);
    else if (id == n.td || id == n.th) close_among({n.td, n.th}, {n.tr, n.table, n.template_}, false);
    else if (id == n.tr) close_among({n.tr}, {n.table, n.tbody, n.thead, n.tfoot, n.template_}, false);
    else if (id == n.tbody || id == n.thead || id == n.tfoot)
      close_among({n.tbody, n.thead, n.tfoot}, {n.table, n.template_}, false);
    else if (id == n.table) close_among({n.table}, {n.td, n.th, n.caption, n.template_, n.html}, false);
    else if (id == n.option) close_among({n.option}, {n.select, n.datalist, n.optgroup}, false);
    else if (id == n.optgroup) close_among({n.optgroup, n.option}, {n.select}, false);
  }

  const PrescanLimits& limits_;
  const RuleIds& ids_;
  std::vector<Entry> stack_;
  std::vector<std::size_t> top_;       // per id: stack position of its topmost open element, or kNone
  std::vector<std::size_t> special_;   // stack positions of special elements
  std::vector<std::size_t> scope_;     // stack positions of scope boundaries
  std::vector<Formatting> formatting_;
  std::vector<std::size_t> dropped_;   // per id: unclosed dropped start tags
  std::size_t dropped_total_ = 0;
  std::size_t foreign_ = 0;
};

// Skips the attributes of a tag from `i` (just after its name) to after its
// '>'; returns npos when the input ends inside the tag (the parser drops it).
std::size_t skip_attributes(std::string_view s, std::size_t i) {
  const std::size_t n = s.size();
  while (i < n) {
    while (i < n && (kBytes[s[i]] & (kSpaceByte | kSlashByte))) ++i;
    if (i >= n) break;
    if (s[i] == '>') return i + 1;
    ++i;  // first name character may be '='
    while (i < n && !kBytes[s[i]]) ++i;
    while (i < n && kBytes[s[i]] == kSpaceByte) ++i;
    if (i < n && s[i] == '=') {
      ++i;
      while (i < n && kBytes[s[i]] == kSpaceByte) ++i;
      if (i < n && (s[i] == '"' || s[i] == '\'')) {
        std::size_t close = s.find(s[i], i + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        i = close + 1;
      } else {
        while (i < n && !(kBytes[s[i]] & (kSpaceByte | kGtByte))) ++i;
      }
    }
  }
  return std::string_view::npos;
}

std::string_view trim_attributes(std::string_view a) {
  while (!a.empty() && (is_space(a.front()) || a.front() == '/')) a.remove_prefix(1);
  while (!a.empty() && (is_space(a.back()) || a.back() == '/')) a.remove_suffix(1);
  return a;
}

// Position after the end of raw text of `name` starting at `i`: at its
// "</name" followed by space, '/' or '>', or the end of input.
std::size_t skip_raw_text(std::string_view s, std::size_t i, std::string_view name) {
  while (true) {
    std::size_t lt = s.find("</", i);
    if (lt == std::string_view::npos) return s.size();
    std::size_t j = lt + 2, k = 0;
    while (k < name.size() && j < s.size() && text::to_lower(s[j]) == name[k]) ++j, ++k;
    if (k == name.size() && (j == s.size() || is_space(s[j]) || s[j] == '/' || s[j] == '>'))
      return lt;
    i = lt + 2;
  }
}

}  // namespace

PrescanResult prescan(std::string_view s, const PrescanLimits& limits) {
  PrescanResult result;
  const NameTable& table = names();
  const RuleIds& rule_ids = ids();
  Estimator est(limits, table.size());
  std::vector<std::pair<std::size_t, std::size_t>> drops;
  std::string lowered;  // the current tag's name lower-cased, when it was not
  // Names outside the table (custom elements, typos) get ids per scan.
  std::unordered_map<std::string, std::uint32_t> other_ids;
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    i = lt + 1;
    const char c = s[i];
    if (c == '!') {
      if (s.substr(i, 3) == "!--") {
        std::size_t body = i + 3;
        if (s.substr(body, 1) == ">") { i = body + 1; continue; }
        if (s.substr(body, 2) == "->") { i = body + 2; continue; }
        std::size_t a = s.find("-->", body), b = s.find("--!>", body);
        if (a == std::string_view::npos && b == std::string_view::npos) break;
        i = a < b ? a + 3 : b + 4;
      } else {
        std::size_t gt = s.find('>', i);
        if (gt == std::string_view::npos) break;
        i = gt + 1;
      }
      continue;
    }
    if (c == '?') {
      std::size_t gt = s.find('>', i);
      if (gt == std::string_view::npos) break;
      i = gt + 1;
      continue;
    }
    bool end_tag = false;
    if (c == '/') {
      if (i + 1 >= n || !is_alpha(s[i + 1])) continue;  // "</>" and "</ " are not end tags
      end_tag = true;
      ++i;
    } else if (!is_alpha(c)) {
      continue;
    }
    // Names are nearly always lower case already: then a view, no copy.
    const std::size_t name_start = i;
    bool upper = false;
    while (i < n && !(kBytes[s[i]] & (kSpaceByte | kSlashByte | kGtByte))) {
      upper |= s[i] >= 'A' && s[i] <= 'Z';
      ++i;
    }
    std::string_view name = s.substr(name_start, i - name_start);
    if (upper) {
      lowered.assign(name);
      for (char& ch : lowered) ch = text::to_lower(ch);
      name = lowered;
    }
    const std::size_t after = skip_attributes(s, i);
    if (after == std::string_view::npos) break;
    const std::string_view raw_attributes = s.substr(i, after - 1 - i);
    i = after;
    std::uint32_t id = table.find(name);
    if (id == NameTable::kNotFound)
      id = other_ids.try_emplace(std::string(name), table.size() + static_cast<std::uint32_t>(other_ids.size()))
               .first->second;
    const std::uint32_t cls = table.tag_class(id);
    // Only formatting elements compare their attributes (Noah's Ark).
    const bool keep = end_tag ? est.end(id, cls)
                              : est.start(id, cls, cls & kFormatting ? trim_attributes(raw_attributes) : raw_attributes);
    if (!keep) {
      drops.emplace_back(lt, after);
      continue;
    }
    if (!end_tag && !est.foreign()) {
      if (id == rule_ids.plaintext) break;
      if (cls & kRawText) i = skip_raw_text(s, i, name);
    }
  }
  if (drops.empty()) return result;
  result.changed = true;
  result.dropped_tags = drops.size();
  result.first_drop_offset = drops.front().first;
  result.rewritten.reserve(s.size());
  std::size_t pos = 0;
  for (auto [b, e] : drops) {
    result.rewritten.append(s.substr(pos, b - pos));
    pos = e;
  }
  result.rewritten.append(s.substr(pos));
  return result;
}

}  // namespace kf::html::detail
