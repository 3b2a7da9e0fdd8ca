// RFC 3986 parsing, recomposition and reference resolution, with the few
// WHATWG leniencies feeds rely on (see url.h). No regex: called per item.
#include "url/url.h"
#include "text/ascii.h"

#include "url/quick_resolve.h"

#include <algorithm>

#include "url/ascii.h"

namespace kf::url {
namespace {

using namespace detail;

bool is_http_scheme(std::string_view scheme) { return scheme == "http" || scheme == "https"; }

// Trims C0 controls/spaces and drops tab/newline anywhere, as browsers do; the
// result views `ref` unless bytes had to be removed from the middle.
std::string_view clean(std::string_view ref, std::string& buffer) {
  while (!ref.empty() && is_c0_or_space(ref.front())) ref.remove_prefix(1);
  while (!ref.empty() && is_c0_or_space(ref.back())) ref.remove_suffix(1);
  if (std::ranges::none_of(ref, is_tab_or_newline)) return ref;
  buffer.reserve(ref.size());
  for (char c : ref) {
    if (!is_tab_or_newline(c)) buffer += c;
  }
  return buffer;
}

// Bytes no browser accepts in a host (WHATWG forbidden host code points that
// can still be there after splitting the authority).
bool is_bad_host_byte(char c) {
  return is_c0_or_space(c) || c == 0x7f || std::string_view("<>[]\\^|\"").find(c) != std::string_view::npos;
}

bool valid_port(std::string_view port) {
  long value = 0;
  for (char c : port) {
    if (!is_digit(c)) return false;
    value = value * 10 + (c - '0');
    if (value > 65535) return false;
  }
  return true;
}

bool parse_authority(std::string_view authority, bool http, Url& url) {
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    url.userinfo = std::string(authority.substr(0, at));
    authority.remove_prefix(at + 1);
  }
  std::string_view host = authority;
  std::optional<std::string_view> port;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return false;
    host = authority.substr(0, close + 1);
    auto inside = host.substr(1, host.size() - 2);
    if (!std::ranges::all_of(inside, [](char c) { return is_hex(c) || c == ':' || c == '.'; })) return false;
    auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
    }
  } else {
    // A reg-name holds no ':', so the first one starts the port.
    if (auto colon = authority.find(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port = authority.substr(colon + 1);
    }
    if (std::ranges::any_of(host, is_bad_host_byte)) return false;
  }
  if (http && host.empty()) return false;
  if (port) {
    if (!valid_port(*port)) return false;
    url.port = std::string(*port);
  }
  url.host = http ? text::to_lower(host) : std::string(host);
  return true;
}

// `http_context`: a relative reference will be resolved against http(s), so
// it gets the same backslash and slash leniency as an http(s) URL.
std::optional<Url> parse_reference(std::string_view ref, bool http_context) {
  std::string cleaned;
  std::string_view rest = clean(ref, cleaned);
  Url url;
  if (auto n = scheme_length(rest); n > 0) {
    url.scheme = text::to_lower(rest.substr(0, n));
    rest.remove_prefix(n + 1);
  } else if (auto delim = find_first_of<':', '/', '?', '#'>(rest);
             delim != std::string_view::npos && rest[delim] == ':' &&
             std::ranges::any_of(rest.substr(0, delim), is_control)) {
    return std::nullopt;
  }
  const bool http = url.scheme.empty() ? http_context : is_http_scheme(url.scheme);

  std::string slashed;
  if (http) {
    auto end = std::min(find_first_of<'?', '#'>(rest), rest.size());
    if (rest.substr(0, end).find('\\') != std::string_view::npos) {
      slashed = rest;
      std::replace(slashed.begin(), slashed.begin() + static_cast<std::ptrdiff_t>(end), '\\', '/');
      rest = slashed;
    }
  }

  std::size_t slashes = 0;
  while (slashes < rest.size() && rest[slashes] == '/') ++slashes;
  const std::size_t needed = (http && !url.scheme.empty()) ? 1 : 2;
  if (slashes >= needed) {
    rest.remove_prefix(http ? slashes : 2);
    auto authority = rest.substr(0, find_first_of<'/', '?', '#'>(rest));
    rest.remove_prefix(authority.size());
    if (!parse_authority(authority, http, url)) return std::nullopt;
  }

  auto path_end = std::min(find_first_of<'?', '#'>(rest), rest.size());
  url.path = rest.substr(0, path_end);
  rest.remove_prefix(path_end);
  if (rest.starts_with('?')) {
    auto query_end = std::min(rest.find('#'), rest.size());
    url.query = std::string(rest.substr(1, query_end - 1));
    rest.remove_prefix(query_end);
  }
  if (rest.starts_with('#')) url.fragment = std::string(rest.substr(1));
  return url;
}

// §5.2.3: the base path up to its last '/', then the reference's path.
std::string merge(const Url& base, std::string_view ref_path) {
  if (base.host && base.path.empty()) return "/" + std::string(ref_path);
  auto slash = base.path.rfind('/');
  std::string out = slash == std::string::npos ? std::string() : base.path.substr(0, slash + 1);
  out += ref_path;
  return out;
}

}  // namespace

std::string Url::str() const {
  std::string out;
  out.reserve(scheme.size() + path.size() + 16 + (host ? host->size() : 0) + (query ? query->size() : 0));
  if (!scheme.empty()) {
    out += scheme;
    out += ':';
  }
  if (host) {
    out += "//";
    if (userinfo) {
      out += *userinfo;
      out += '@';
    }
    out += *host;
    if (port) {
      out += ':';
      out += *port;
    }
  } else if (path.starts_with("//")) {
    out += "/.";  // else the path would read back as an authority
  } else if (scheme.empty()) {
    auto first_segment = std::string_view(path).substr(0, path.find('/'));
    if (first_segment.find(':') != std::string_view::npos) out += "./";  // else it reads as a scheme
  }
  out += path;
  if (query) {
    out += '?';
    out += *query;
  }
  if (fragment) {
    out += '#';
    out += *fragment;
  }
  return out;
}

std::optional<Url> parse(std::string_view ref) {
  auto url = parse_reference(ref, false);
  // "http:g" only means something relative to an http base (see resolve).
  if (url && is_http_scheme(url->scheme) && !url->host) return std::nullopt;
  return url;
}

std::string remove_dot_segments(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      auto last = out.rfind('/');
      out.erase(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      auto end = in.find('/', 1);
      if (end == std::string_view::npos) end = in.size();
      out += in.substr(0, end);
      in.remove_prefix(end);
    }
  }
  return out;
}

std::optional<std::string> resolve(std::string_view base_text, std::string_view ref_text) {
  // Feeds resolve several plain URLs per item; most need no parsing at all.
  if (auto quick = detail::quick_resolve(base_text, ref_text)) return quick;
  auto base = parse(base_text);
  if (!base || base->scheme.empty()) {
    // An absolute reference needs no base (as the shortcut above agrees).
    auto alone = parse(ref_text);
    if (!alone || alone->scheme.empty()) return std::nullopt;
    alone->path = remove_dot_segments(alone->path);
    return alone->str();
  }
  const bool http = is_http_scheme(base->scheme);
  auto ref = parse_reference(ref_text, http);
  if (!ref) return std::nullopt;
  // §5.2.2 non-strict: "http:g" against an http base is the relative "g".
  if (http && ref->scheme == base->scheme && !ref->host) ref->scheme.clear();

  Url target;
  if (!ref->scheme.empty()) {
    target = std::move(*ref);
    target.path = remove_dot_segments(target.path);
    return target.str();
  }
  target.scheme = base->scheme;
  if (ref->host) {
    target.userinfo = std::move(ref->userinfo);
    target.host = std::move(ref->host);
    target.port = std::move(ref->port);
    target.path = remove_dot_segments(ref->path);
    target.query = std::move(ref->query);
  } else {
    if (ref->path.empty()) {
      target.path = base->path;
      target.query = ref->query ? std::move(ref->query) : base->query;
    } else {
      target.path = remove_dot_segments(ref->path.starts_with('/') ? ref->path : merge(*base, ref->path));
      target.query = std::move(ref->query);
    }
    target.userinfo = base->userinfo;
    target.host = base->host;
    target.port = base->port;
  }
  target.fragment = std::move(ref->fragment);
  return target.str();
}

}  // namespace kf::url
