// The scheme a browser acts on, for deciding which links are safe to publish.
// It must see through the obfuscations browsers ignore ("java\tscript:"),
// otherwise a filter keyed on the raw text lets them through.
#include <algorithm>

#include "url/ascii.h"
#include "url/url.h"

namespace kf::url {
namespace {

using namespace detail;

std::string_view skip_leading_c0(std::string_view ref) {
  while (!ref.empty() && is_c0_or_space(ref.front())) ref.remove_prefix(1);
  return ref;
}

}  // namespace

std::string effective_scheme(std::string_view ref) {
  std::string scheme;
  for (char c : skip_leading_c0(ref)) {
    if (is_tab_or_newline(c)) continue;
    if (c == ':') return scheme;
    if (scheme.empty() ? !is_alpha(c) : !is_scheme_char(c)) return {};
    scheme += to_lower(c);
  }
  return {};  // no ':' at all: relative
}

bool is_safe_link(std::string_view ref) {
  auto scheme = effective_scheme(ref);
  if (!scheme.empty()) return scheme == "http" || scheme == "https";
  // Relative to a browser, but "java\x01script:" is one dropped byte away
  // from a script URL in lenient parsers; nothing legitimate looks like this.
  auto text = skip_leading_c0(ref);
  auto delim = find_first_of<':', '/', '?', '#'>(text);
  if (delim == std::string_view::npos || text[delim] != ':') return true;
  return std::ranges::none_of(text.substr(0, delim), [](char c) { return is_control(c) && !is_tab_or_newline(c); });
}

}  // namespace kf::url
