#include "html/prescan_scan.h"
#include "text/ascii.h"

#include <algorithm>

namespace kf::html::detail {
namespace {

constexpr const char* kRuleNames[kRuleIdCount] = {
    "a",     "nobr",  "button", "p",     "address",  "div",     "li",       "dd",       "dt",    "td",
    "th",    "tr",    "table",  "tbody", "thead",    "tfoot",   "template", "html",     "caption",
    "option", "optgroup", "select", "datalist", "plaintext"};

NameKey key_of(std::string_view lower) {
  NameKey k;
  k.len = static_cast<std::uint32_t>(lower.size());
  std::memcpy(&k.lo, lower.data(), std::min<std::size_t>(lower.size(), 8));
  if (lower.size() > 8) std::memcpy(&k.hi, lower.data() + 8, lower.size() - 8);
  return k;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Byte classes for the byte-by-byte paths, one table lookup per byte
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

}  // namespace

NameTable::NameTable() {
  for (auto n : kRuleNames) add(n, 0);  // first, so their ids are the NameId constants
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
  // <button> bounds "button scope", the only scope the estimate asks about.
  for (auto n : {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
                 "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc", "button"})
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
  add("svg", kForeign | kScope);
  add("math", kForeign | kScope);
  // Frequent names without a class: in the table they skip the per-scan map.
  for (auto n : {"span", "time", "label", "sup", "sub", "abbr", "picture", "cite", "q", "mark", "data",
                 "ins", "del", "kbd", "samp", "var", "dfn", "bdi", "bdo", "ruby", "rt", "rp", "canvas",
                 "video", "audio", "legend", "output", "progress", "meter", "slot", "o:p", "path", "g",
                 "circle", "rect", "use", "defs", "symbol", "polygon", "polyline", "line", "ellipse",
                 "lineargradient", "radialgradient", "stop", "clippath", "mask", "text", "tspan"})
    add(n, 0);
}

const NameTable& NameTable::get() {
  static const NameTable table;
  return table;
}

std::uint32_t NameTable::find(std::string_view lower) const {
  return lower.empty() || lower.size() > 16 ? kUnknownName : find(key_of(lower));
}

void NameTable::add(std::string_view name, std::uint32_t cls) {
  const NameKey key = key_of(name);
  std::uint32_t id = find(key);
  if (id == kUnknownName) {
    id = size_++;
    std::size_t slot = hash(key);
    while (slots_[slot].key.len != 0) slot = (slot + 1) & (kSlots - 1);
    slots_[slot] = {key, id};
    names_[id] = name;
  }
  classes_[id] |= cls;
}

std::uint32_t OtherNames::id(std::string_view lower) {
  if (auto it = ids_.find(lower); it != ids_.end()) return it->second;
  const auto id = first_ + static_cast<std::uint32_t>(ids_.size());
  ids_.emplace(std::string(lower), id);
  return id;
}

namespace scan {

V load_tail(const char* p, std::size_t avail, char fill) {
  alignas(16) char buf[16];
  std::memset(buf, fill, sizeof buf);
  std::memcpy(buf, p, std::min<std::size_t>(avail, 16));
  return _mm_load_si128(reinterpret_cast<const V*>(buf));
}

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
        if (close == kNpos) return kNpos;
        i = close + 1;
      } else {
        while (i < n && !(kBytes[s[i]] & (kSpaceByte | kGtByte))) ++i;
      }
    }
  }
  return kNpos;
}

// Sure only for the shape `name spaces = spaces "` with no other '=' since
// r: then the name before the '=' is read as one, and the '=' as its value
// sign. With no name before the '=' (or only "/"), the '=' starts a name.
bool quote_opens_value(std::string_view s, std::size_t r, std::size_t q) {
  const char* p = s.data();
  std::size_t k = q;
  while (k > r && is_space(p[k - 1])) --k;
  if (k == r || p[k - 1] != '=') return false;
  const std::size_t equals = k - 1;
  k = equals;
  while (k > r && is_space(p[k - 1])) --k;
  if (k == r || p[k - 1] == '/') return false;
  const std::size_t len = equals - r;
  if (len > 16) return std::memchr(p + r, '=', len) == nullptr;
  return (bits(eq(load(p + r, s.size() - r, '\0'), '=')) & ((1u << len) - 1)) == 0;
}

std::size_t skip_declaration(std::string_view s, std::size_t i) {
  const std::size_t n = s.size();
  if (s.substr(i, 3) == "!--") {
    const std::size_t body = i + 3;
    if (body < n && s[body] == '>') return body + 1;
    if (s.substr(body, 2) == "->") return body + 2;
    // The first "-->" or "--!>", in one pass: searching for each to the end
    // would make many comments quadratic.
    for (std::size_t k = body;; ++k) {
      k = s.find("--", k);
      if (k == kNpos) return kNpos;
      if (k + 2 < n && s[k + 2] == '>') return k + 3;
      if (k + 3 < n && s[k + 2] == '!' && s[k + 3] == '>') return k + 4;
    }
  }
  const std::size_t gt = find_byte(s, i, '>');
  return gt == n ? kNpos : gt + 1;
}

std::size_t skip_raw_text(std::string_view s, std::size_t i, std::string_view name) {
  const std::size_t n = s.size();
  while (true) {
    const std::size_t lt = find_byte(s, i, '<');
    if (lt + 1 >= n) return n;
    i = lt + 1;
    if (s[i] != '/') continue;
    std::size_t j = lt + 2, k = 0;
    while (k < name.size() && j < n && text::to_lower(s[j]) == name[k]) ++j, ++k;
    if (k == name.size() && (j == n || is_space(s[j]) || s[j] == '/' || s[j] == '>')) return lt;
  }
}

std::size_t slow_name(std::string_view s, std::size_t start, OtherNames& others, ScannedTag& tag) {
  std::size_t i = start;
  while (i < s.size() && !(kBytes[s[i]] & (kSpaceByte | kSlashByte | kGtByte))) ++i;
  tag.name = s.substr(start, i - start);
  const std::string lowered = text::to_lower(tag.name);
  tag.id = NameTable::get().find(lowered);
  if (tag.id == kUnknownName) tag.id = others.id(lowered);
  return i;
}

}  // namespace scan
}  // namespace kf::html::detail
