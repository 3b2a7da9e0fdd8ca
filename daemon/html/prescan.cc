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

std::uint32_t tag_class(std::string_view name) {
  static const std::unordered_map<std::string_view, std::uint32_t> classes = [] {
    std::unordered_map<std::string_view, std::uint32_t> m;
    for (auto n : {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
                   "input", "keygen", "link", "meta", "param", "source", "track", "wbr"})
      m[n] |= kVoid | kSpecial;
    for (auto n : {"address", "applet", "article", "aside", "blockquote", "body", "button", "caption",
                   "center", "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt",
                   "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2",
                   "h3", "h4", "h5", "h6", "head", "header", "hgroup", "html", "iframe", "li",
                   "listing", "main", "marquee", "menu", "nav", "noembed", "noframes", "noscript",
                   "object", "ol", "p", "plaintext", "pre", "script", "search", "section", "select",
                   "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot", "th",
                   "thead", "title", "tr", "ul", "xmp", "mi", "mo", "mn", "ms", "mtext",
                   "annotation-xml", "foreignobject", "desc"})
      m[n] |= kSpecial;
    for (auto n : {"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
                   "mi", "mo", "mn", "ms", "mtext", "annotation-xml", "foreignobject", "desc"})
      m[n] |= kScope;
    for (auto n : {"applet", "caption", "td", "th", "marquee", "object", "template"}) m[n] |= kMarker;
    for (auto n : {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir",
                   "div", "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup",
                   "main", "menu", "nav", "ol", "p", "search", "section", "summary", "ul", "h1", "h2",
                   "h3", "h4", "h5", "h6", "pre", "listing", "form", "plaintext", "table", "hr",
                   "xmp", "li", "dd", "dt"})
      m[n] |= kClosesP;
    for (auto n : {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike",
                   "strong", "tt", "u"})
      m[n] |= kFormatting;
    for (auto n : {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
      m[n] |= kRawText;
    m["svg"] |= kForeign;
    m["math"] |= kForeign;
    return m;
  }();
  auto it = classes.find(name);
  return it == classes.end() ? 0 : it->second;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
struct Tag {
  std::string name;  // lower-cased
  bool end = false;
  std::size_t begin = 0, finish = 0;  // byte range of the whole tag
};

// The estimated tree builder state.
class Estimator {
 public:
  explicit Estimator(const PrescanLimits& limits) : limits_(limits) {}

  // Returns false when the start tag must be dropped.
  // `attributes` is the raw text between the name and '>'.
  bool start(const std::string& name, std::uint32_t cls, std::string_view attributes) {
    close_implied(name, cls);
    if (cls & kVoid) return true;
    if (cls & kFormatting) {
      if (name == "a" || name == "nobr") remove_formatting(name);
      noahs_ark(name, attributes);
      if (formatting_.size() >= limits_.max_formatting) return drop(name);
    }
    if (stack_.size() >= limits_.max_depth) return drop(name);
    if (cls & kFormatting) formatting_.push_back({name, std::string(attributes)});
    push(name, cls);
    return true;
  }

  // Returns false when the end tag belongs to a dropped start tag.
  bool end(const std::string& name, std::uint32_t cls) {
    if (auto d = dropped_.find(name); d != dropped_.end() && d->second > 0) {
      --d->second;
      return false;
    }
    if (cls & kFormatting) remove_formatting(name);
    auto it = index_.find(name);
    if (it == index_.end() || it->second.empty()) return true;
    std::size_t idx = it->second.back();
    // The tree builder ignores end tags whose element is out of scope.
    const auto& guard = (cls & kSpecial) ? scope_ : special_;
    if (guard.empty() || guard.back() <= idx) pop_to(idx);
    return true;
  }

  bool foreign() const { return foreign_ > 0; }

 private:
  struct Entry {
    std::string name;
    std::uint32_t cls;
    std::size_t formatting_mark;  // list length when a marker element opened
  };

  bool drop(const std::string& name) {
    ++dropped_[name];
    return false;
  }

  void push(const std::string& name, std::uint32_t cls) {
    std::size_t idx = stack_.size();
    stack_.push_back({name, cls, formatting_.size()});
    index_[name].push_back(idx);
    if (cls & kSpecial) special_.push_back(idx);
    if (cls & (kScope | kForeign) || name == "button") scope_.push_back(idx);
    if (cls & kForeign) ++foreign_;
  }

  void pop_to(std::size_t idx) {
    while (stack_.size() > idx) {
      Entry& e = stack_.back();
      std::size_t top = stack_.size() - 1;
      index_[e.name].pop_back();
      if (!special_.empty() && special_.back() == top) special_.pop_back();
      if (!scope_.empty() && scope_.back() == top) scope_.pop_back();
      if ((e.cls & kMarker) && formatting_.size() > e.formatting_mark)
        formatting_.resize(e.formatting_mark);
      if (e.cls & kForeign) --foreign_;
      stack_.pop_back();
    }
  }

  // The tree builder keeps at most three equal entries (same name and
  // attributes); raw attribute text stands in for "same attributes".
  void noahs_ark(const std::string& name, std::string_view attributes) {
    std::size_t equal = 0, earliest = 0;
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].name == name && formatting_[i].attributes == attributes) {
        ++equal;
        earliest = i;
      }
    }
    if (equal >= 3) formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(earliest));
  }

  void remove_formatting(const std::string& name) {
    for (std::size_t i = formatting_.size(); i-- > 0;) {
      if (formatting_[i].name == name) {
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(i));
        return;
      }
    }
  }

  // Looks at most a few entries down for an element the new start tag closes.
  void close_among(std::initializer_list<std::string_view> closes,
                   std::initializer_list<std::string_view> stops, bool stop_at_special) {
    std::size_t seen = 0;
    for (std::size_t i = stack_.size(); i-- > 0 && seen < 16; ++seen) {
      const Entry& e = stack_[i];
      for (auto c : closes)
        if (e.name == c) return pop_to(i);
      for (auto s : stops)
        if (e.name == s) return;
      if (stop_at_special && (e.cls & kSpecial) && e.name != "address" && e.name != "div" &&
          e.name != "p")
        return;
    }
  }

  void close_implied(const std::string& name, std::uint32_t cls) {
    if (cls & kClosesP) {
      auto it = index_.find("p");
      if (it != index_.end() && !it->second.empty() &&
          (scope_.empty() || scope_.back() < it->second.back()))
        pop_to(it->second.back());
    }
    if (name == "li") close_among({"li"}, {}, true);
    else if (name == "dd" || name == "dt") close_among({"dd", "dt"}, {}, true);
    else if (name == "td" || name == "th") close_among({"td", "th"}, {"tr", "table", "template"}, false);
    else if (name == "tr") close_among({"tr"}, {"table", "tbody", "thead", "tfoot", "template"}, false);
    else if (name == "tbody" || name == "thead" || name == "tfoot")
      close_among({"tbody", "thead", "tfoot"}, {"table", "template"}, false);
    else if (name == "table") close_among({"table"}, {"td", "th", "caption", "template", "html"}, false);
    else if (name == "option") close_among({"option"}, {"select", "datalist", "optgroup"}, false);
    else if (name == "optgroup") close_among({"optgroup", "option"}, {"select"}, false);
  }

  const PrescanLimits& limits_;
  std::vector<Entry> stack_;
  std::unordered_map<std::string, std::vector<std::size_t>> index_;  // name -> stack positions
  std::vector<std::size_t> special_;  // stack positions of special elements
  std::vector<std::size_t> scope_;    // stack positions of scope boundaries
  struct Formatting {
    std::string name, attributes;
  };
  std::vector<Formatting> formatting_;
  std::unordered_map<std::string, std::size_t> dropped_;  // unclosed dropped start tags
  std::size_t foreign_ = 0;
};

// Skips the attributes of a tag from `i` (just after its name) to after its
// '>'; returns npos when the input ends inside the tag (the parser drops it).
std::size_t skip_attributes(std::string_view s, std::size_t i) {
  const std::size_t n = s.size();
  while (i < n) {
    while (i < n && (is_space(s[i]) || s[i] == '/')) ++i;
    if (i >= n) break;
    if (s[i] == '>') return i + 1;
    ++i;  // first name character may be '='
    while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') ++i;
    while (i < n && is_space(s[i])) ++i;
    if (i < n && s[i] == '=') {
      ++i;
      while (i < n && is_space(s[i])) ++i;
      if (i < n && (s[i] == '"' || s[i] == '\'')) {
        std::size_t close = s.find(s[i], i + 1);
        if (close == std::string_view::npos) return std::string_view::npos;
        i = close + 1;
      } else {
        while (i < n && !is_space(s[i]) && s[i] != '>') ++i;
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
std::size_t skip_raw_text(std::string_view s, std::size_t i, const std::string& name) {
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
  Estimator est(limits);
  std::vector<std::pair<std::size_t, std::size_t>> drops;
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t lt = s.find('<', i);
    if (lt == std::string_view::npos || lt + 1 >= n) break;
    i = lt + 1;
    char c = s[i];
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
    Tag tag;
    tag.begin = lt;
    if (c == '/') {
      if (i + 1 >= n || !is_alpha(s[i + 1])) continue;  // "</>" and "</ " are not end tags
      tag.end = true;
      ++i;
    } else if (!is_alpha(c)) {
      continue;
    }
    while (i < n && !is_space(s[i]) && s[i] != '/' && s[i] != '>') tag.name.push_back(text::to_lower(s[i++]));
    std::size_t after = skip_attributes(s, i);
    if (after == std::string_view::npos) break;
    std::string_view attributes = trim_attributes(s.substr(i, after - 1 - i));
    tag.finish = after;
    i = after;
    std::uint32_t cls = tag_class(tag.name);
    bool keep = tag.end ? est.end(tag.name, cls) : est.start(tag.name, cls, attributes);
    if (!keep) {
      drops.emplace_back(tag.begin, tag.finish);
      continue;
    }
    if (!tag.end && !est.foreign()) {
      if (tag.name == "plaintext") break;
      if (cls & kRawText) i = skip_raw_text(s, i, tag.name);
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
