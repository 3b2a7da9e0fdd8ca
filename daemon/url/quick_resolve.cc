#include "url/quick_resolve.h"

#include "url/ascii.h"

namespace kf::url::detail {
namespace {

bool is_host_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// Printable ASCII other than space and backslash: url::resolve neither trims,
// removes nor rewrites such a byte.
bool is_kept_byte(char c) { return c > ' ' && c < 0x7F && c != '\\'; }

// Length of the scheme and authority ("https://host") of a plain absolute
// http(s) URL, or 0 when `s` is not one.
std::size_t plain_origin_length(std::string_view s) {
  std::size_t i = http_prefix_length(s);
  if (i == 0) return 0;
  const std::size_t host = i;
  while (i < s.size() && is_host_byte(s[i])) ++i;
  if (i == host) return 0;
  if (i < s.size() && s[i] != '/' && s[i] != '?' && s[i] != '#') return 0;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (!is_kept_byte(s[k])) return 0;
  }
  return i;
}

// The path of a reference that starts at a path: up to '?' or '#'.
std::string_view path_of(std::string_view s) { return s.substr(0, find_first_of<'?', '#'>(s)); }

}  // namespace

bool quick_resolve_into(std::string& out, std::string_view base, std::string_view ref) {
  if (const std::size_t origin = plain_origin_length(ref); origin > 0) {
    if (has_dot_segment(path_of(ref.substr(origin)))) return false;
    out.append(ref);  // whatever the base, even an unusable one
    return true;
  }
  // A relative reference with its own path; "//host" would be an authority.
  if (ref.empty() || ref.front() == '?' || ref.front() == '#' || ref.starts_with("//")) {
    return false;
  }
  for (const char c : ref) {
    if (!is_kept_byte(c) || c == ':') return false;
  }
  const std::string_view ref_path = path_of(ref);
  if (ref_path.empty() || has_dot_segment(ref_path)) return false;
  const std::size_t origin = plain_origin_length(base);
  if (origin == 0) return false;
  const std::string_view base_path = path_of(base.substr(origin));
  if (has_dot_segment(base_path)) return false;
  out.reserve(out.size() + origin + base_path.size() + ref.size() + 1);
  out.append(base.substr(0, origin));
  if (ref.front() != '/') {
    // RFC 3986 5.2.3: the base path up to its last '/', or "/" when empty.
    const std::size_t slash = base_path.rfind('/');
    if (slash == std::string_view::npos) {
      out.push_back('/');
    } else {
      out.append(base_path.substr(0, slash + 1));
    }
  }
  out.append(ref);
  return true;
}

std::optional<std::string> quick_resolve(std::string_view base, std::string_view ref) {
  std::string out;
  if (!quick_resolve_into(out, base, ref)) return std::nullopt;
  return out;
}

}  // namespace kf::url::detail
