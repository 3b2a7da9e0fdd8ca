#include "html/sanitize.h"

#include <optional>
#include <vector>

#include "html/dom.h"
#include "html/walk.h"
#include "text/escape.h"
#include "url/url.h"

namespace kf::html {
namespace {

using detail::Step;

struct Allowed {
  std::string_view element;
  std::vector<std::string_view> attributes;  // in output order
};

const std::vector<Allowed>& allowlist() {
  static const std::vector<Allowed> list = {
      {"p", {}}, {"br", {}}, {"hr", {}}, {"h1", {}}, {"h2", {}}, {"h3", {}}, {"h4", {}},
      {"h5", {}}, {"h6", {}}, {"ul", {}}, {"ol", {"start"}}, {"li", {}}, {"dl", {}}, {"dt", {}},
      {"dd", {}}, {"blockquote", {"cite"}}, {"pre", {}}, {"code", {}}, {"em", {}},
      {"strong", {}}, {"b", {}}, {"i", {}}, {"u", {}}, {"s", {}}, {"sub", {}}, {"sup", {}},
      {"small", {}}, {"mark", {}}, {"q", {"cite"}}, {"cite", {}}, {"abbr", {"title"}},
      {"span", {}}, {"div", {}}, {"figure", {}}, {"figcaption", {}}, {"table", {}},
      {"thead", {}}, {"tbody", {}}, {"tfoot", {}}, {"tr", {}},
      {"th", {"colspan", "rowspan", "scope"}}, {"td", {"colspan", "rowspan"}}, {"caption", {}},
      {"a", {"href", "title"}}, {"img", {"src", "alt", "title", "width", "height"}},
      {"time", {"datetime"}}, {"del", {"cite", "datetime"}}, {"ins", {"cite", "datetime"}},
      {"details", {}}, {"summary", {}},
  };
  return list;
}

const Allowed* find_allowed(std::string_view name) {
  for (const Allowed& a : allowlist())
    if (a.element == name) return &a;
  return nullptr;
}

// Elements whose content is code, a different document, controls or
// foreign markup: nothing of them is article text.
bool drops_content(std::string_view name) {
  for (auto n : {"script", "style", "template", "iframe", "object", "embed", "noscript", "svg",
                 "math", "select", "textarea", "button", "title", "head", "applet", "frameset",
                 "frame", "noframes", "noembed", "datalist", "option"})
    if (name == n) return true;
  return false;
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

bool is_url_attribute(std::string_view name) { return name == "href" || name == "src" || name == "cite"; }

std::optional<std::string> safe_url(std::string_view value, const SanitizeOptions& opt) {
  if (!url::is_safe_link(value)) return std::nullopt;
  if (opt.base_url.empty()) return std::string(value);
  std::optional<std::string> resolved = url::resolve(opt.base_url, value);
  if (!resolved) return std::nullopt;
  std::string scheme = url::effective_scheme(*resolved);
  if (scheme != "http" && scheme != "https") return std::nullopt;
  return resolved;
}

std::optional<std::string> image_source(pugi::xml_node img, const SanitizeOptions& opt) {
  for (const char* name : {"src", "data-src", "data-original", "data-lazy-src"}) {
    pugi::xml_attribute a = img.attribute(name);
    if (!a || url::effective_scheme(a.value()) == "data") continue;
    if (auto u = safe_url(a.value(), opt)) return u;
  }
  return std::nullopt;
}

bool is_tracking_pixel(pugi::xml_node img) {
  for (const char* name : {"width", "height"}) {
    std::optional<long> n = leading_number(img.attribute(name).value());
    if (n && *n <= 1) return true;
  }
  return false;
}

// An attribute value that may pass, or nullopt.
std::optional<std::string> allowed_value(pugi::xml_node el, std::string_view name,
                                         const SanitizeOptions& opt) {
  pugi::xml_attribute a = el.attribute(std::string(name).c_str());
  std::string_view value = a.value();
  if (name == "src") return image_source(el, opt);
  if (!a) return std::nullopt;
  if (is_url_attribute(name)) return safe_url(value, opt);
  if (name == "width" || name == "height" || name == "colspan" || name == "rowspan" ||
      name == "start")
    return is_number(value) ? std::optional<std::string>(value) : std::nullopt;
  if (name == "scope") {
    for (auto s : {"row", "col", "rowgroup", "colgroup"})
      if (value == s) return std::string(value);
    return std::nullopt;
  }
  return std::string(value);
}

class Sanitizer {
 public:
  explicit Sanitizer(const SanitizeOptions& opt) : opt_(opt) {}

  Step enter(pugi::xml_node n) {
    if (n.type() == pugi::node_pcdata) {
      text::append_escaped_text(out_, n.value());
      return Step::Skip;
    }
    if (n.type() != pugi::node_element) return Step::Skip;
    std::string_view name = n.name();
    if (drops_content(name)) return Step::Skip;
    const Allowed* allowed = find_allowed(name);
    if (name == "img" && (!opt_.allow_images || is_tracking_pixel(n) || !image_source(n, opt_)))
      return Step::Skip;
    if (name == "a" && !allowed_value(n, "href", opt_)) allowed = nullptr;  // unwrapped
    if (!allowed) {
      closers_.emplace_back();
      return Step::Descend;
    }
    out_.push_back('<');
    out_.append(name);
    for (std::string_view attr : allowed->attributes) {
      std::optional<std::string> value = allowed_value(n, attr, opt_);
      if (!value) continue;
      out_.push_back(' ');
      out_.append(attr);
      out_.append("=\"");
      text::append_escaped_attribute(out_, *value);
      out_.push_back('"');
    }
    if (name == "a") out_.append(" rel=\"noopener noreferrer\"");
    out_.push_back('>');
    if (text::is_void_element(name)) {
      closers_.emplace_back();
      return Step::Close;
    }
    closers_.push_back("</" + std::string(name) + ">");
    return Step::Descend;
  }

  void leave(pugi::xml_node) {
    out_.append(closers_.back());
    closers_.pop_back();
  }

  std::string take() { return std::move(out_); }

 private:
  const SanitizeOptions& opt_;
  std::string out_;
  std::vector<std::string> closers_;  // end tag owed per open node ("" when unwrapped)
};

}  // namespace

std::string sanitize(std::string_view html, const SanitizeOptions& opt) {
  thread_local HtmlParser parser;
  HtmlDocument doc;
  if (!parser.parse(html, doc)) return {};
  Sanitizer s(opt);
  detail::walk_children(
      doc.doc, [&](pugi::xml_node n) { return s.enter(n); }, [&](pugi::xml_node n) { s.leave(n); });
  return s.take();
}

}  // namespace kf::html
