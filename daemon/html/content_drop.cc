#include "html/content_drop.h"

#include <initializer_list>

namespace kf::html::detail {
namespace {

bool in_list(std::string_view name, std::initializer_list<std::string_view> list) {
  for (std::string_view n : list)
    if (n == name) return true;
  return false;
}

// Elements HTML5 leaves inside <head> ("in head" insertion mode).
bool is_head_content(std::string_view name) {
  return in_list(name, {"base", "basefont", "bgsound", "link", "meta", "noframes", "noscript",
                        "script", "style", "template", "title", "head"});
}

bool is_integration_point(std::string_view name) {
  return in_list(name, {"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext",
                        "annotation-xml"});
}

bool is_space_only(std::string_view text) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\f' && c != '\r') return false;
  return true;
}

}  // namespace

// HTML5 §13.2.6.5: these start tags in foreign content pop back to HTML.
bool ContentDropper::breaks_out(const Token& t) const {
  if (t.name == "font") {
    for (const Attribute& a : t.attributes)
      if (a.name == "color" || a.name == "face" || a.name == "size") return true;
    return false;
  }
  return in_list(t.name, {"b", "big", "blockquote", "body", "br", "center", "code", "dd", "div",
                          "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5", "h6", "head",
                          "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
                          "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup",
                          "table", "tt", "u", "ul", "var"});
}

bool ContentDropper::swallow_tag(const Token& t, const ElementInfo* info) {
  bool start = t.kind == TokenKind::StartTag;
  if (dropping_ && inside(t)) return true;
  if (!start || !has(info, kDropContent)) return false;
  if (has(info, kVoid) || (t.self_closing && has(info, kForeign))) return true;  // no content
  dropping_ = info;
  depth_ = 1;
  integration_ = 0;
  return true;
}

bool ContentDropper::inside(const Token& t) {
  bool start = t.kind == TokenKind::StartTag;
  std::string_view name = dropping_->name;
  if (name == "head") {
    if (!start) {
      if (t.name == "head") dropping_ = nullptr;
      return true;
    }
    if (is_head_content(t.name)) return true;
    dropping_ = nullptr;  // body content implies </head>
    return false;
  }
  bool foreign = has(dropping_, kForeign);
  if (start) {
    if (foreign && integration_ == 0 && breaks_out(t)) {
      dropping_ = nullptr;
      return false;
    }
    bool closed = t.self_closing && foreign;
    if (t.name == name && !closed && !has(dropping_, kNoNesting)) ++depth_;
    if (foreign && !closed && is_integration_point(t.name)) ++integration_;
    return true;
  }
  if (foreign && integration_ > 0 && is_integration_point(t.name)) --integration_;
  if (t.name == name && --depth_ == 0) dropping_ = nullptr;
  return true;
}

bool ContentDropper::swallow_text(const Token& t) {
  if (!dropping_) return false;
  if (dropping_->name == "head" && !t.raw && !is_space_only(t.text)) {
    dropping_ = nullptr;
    return false;
  }
  return true;
}

}  // namespace kf::html::detail
