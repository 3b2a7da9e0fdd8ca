// The canonical form of http(s) URLs: the identity dedup and storage key on,
// so two spellings a server treats alike must map to one string, and mapping
// twice must change nothing (idempotence is tested).
#include <array>
#include <charconv>

#include "url/ascii.h"
#include "text/ascii.h"
#include "url/quick_resolve.h"
#include "url/url.h"

namespace kf::url {
namespace {

using namespace detail;

enum class Component { userinfo, host, path, query };

// Characters that may appear unencoded in `component` besides unreserved
// ones and '%' (RFC 3986 §3.2.1, §3.2.2, §3.3, §3.4).
bool allowed_raw(char c, Component component) {
  if (is_sub_delim(c)) return true;
  switch (component) {
    case Component::userinfo: return c == ':';
    case Component::host: return false;
    case Component::path: return c == ':' || c == '@' || c == '/';
    case Component::query: return c == ':' || c == '@' || c == '/' || c == '?';
  }
  return false;
}

void append_escaped(std::string& out, unsigned char byte) {
  static constexpr char digits[] = "0123456789ABCDEF";
  out += '%';
  out += digits[byte >> 4];
  out += digits[byte & 0xF];
}

// §6.2.2.2: decode escaped unreserved characters, upper-case the other
// escapes, escape what the component does not allow. A stray '%' becomes
// "%25" so a later pass cannot pair it with the following bytes.
void append_normalized(std::string& out, std::string_view in, Component component) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%' && i + 2 < in.size() && is_hex(in[i + 1]) && is_hex(in[i + 2])) {
      auto byte = static_cast<unsigned char>(hex_value(in[i + 1]) * 16 + hex_value(in[i + 2]));
      char decoded = static_cast<char>(byte);
      if (is_unreserved(decoded)) {
        out += component == Component::host ? to_lower(decoded) : decoded;
      } else {
        append_escaped(out, byte);
      }
      i += 2;
    } else if (is_unreserved(c) || allowed_raw(c, component)) {
      out += c;
    } else if (component == Component::host && static_cast<unsigned char>(c) >= 0x80) {
      out += c;  // IDN as written: punycode conversion is not ours to do
    } else {
      append_escaped(out, static_cast<unsigned char>(c));
    }
  }
}

bool is_tracking_parameter(std::string_view name) {
  static constexpr std::array<std::string_view, 11> names = {
      "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "yclid", "_hsenc", "_hsmi", "igshid", "wt_mc"};
  static constexpr std::array<std::string_view, 3> prefixes = {"utm_", "pk_", "mtm_"};
  for (auto prefix : prefixes) {
    if (name.size() >= prefix.size() && text::iequals(name.substr(0, prefix.size()), prefix)) return true;
  }
  for (auto tracking : names) {
    if (text::iequals(name, tracking)) return true;
  }
  return false;
}

// Normalized parameters of `query` minus tracking ones and empty ones.
std::string clean_query(std::string_view query) {
  std::string out;
  std::string parameter;
  while (true) {
    auto amp = query.find('&');
    auto piece = query.substr(0, amp);
    if (!piece.empty()) {
      parameter.clear();
      append_normalized(parameter, piece, Component::query);
      auto name = std::string_view(parameter).substr(0, parameter.find('='));
      if (!is_tracking_parameter(name)) {
        if (!out.empty()) out += '&';
        out += parameter;
      }
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

// A path byte canonicalize keeps as it is: unreserved or allowed raw in a
// path ('%' would start an escape to normalize).
bool is_plain_path_byte(char c) { return is_unreserved(c) || allowed_raw(c, Component::path); }

bool is_plain_host_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

}  // namespace

namespace detail {

std::optional<std::string> quick_canonicalize(std::string_view text) {
  // parse() would trim, drop tab/newline or reject other bytes; none here.
  for (char c : text)
    if (c <= ' ' || c >= 0x7F) return std::nullopt;
  std::size_t i = http_prefix_length(text);
  if (i == 0) return std::nullopt;
  const std::size_t host = i;
  while (i < text.size() && is_plain_host_byte(text[i])) ++i;
  if (i == host || text[i - 1] == '.') return std::nullopt;  // canonicalize drops trailing dots
  if (i < text.size() && text[i] != '/' && text[i] != '?' && text[i] != '#') return std::nullopt;
  const std::size_t path_begin = i;
  while (i < text.size() && text[i] != '?' && text[i] != '#') {
    if (!is_plain_path_byte(text[i])) return std::nullopt;
    ++i;
  }
  const std::string_view path = text.substr(path_begin, i - path_begin);
  if (has_dot_segment(path)) return std::nullopt;
  std::string out;
  out.reserve(i + 1);
  out.append(text.substr(0, i));
  if (path.empty()) out += '/';
  if (i < text.size() && text[i] == '?') {
    std::size_t end = text.find('#', i);
    if (end == std::string_view::npos) end = text.size();
    std::string query = clean_query(text.substr(i + 1, end - i - 1));
    if (!query.empty()) {
      out += '?';
      out += query;
    }
  }
  return out;
}

std::optional<std::string> canonicalize_parsed(std::string_view text) {
  auto url = parse(text);
  if (!url || (url->scheme != "http" && url->scheme != "https") || !url->host) return std::nullopt;

  std::string host;
  if (url->host->starts_with('[')) {
    host = *url->host;  // parse checked and lower-cased it
  } else {
    append_normalized(host, *url->host, Component::host);
    // "example.com." names the same host; all dots go, or "a.." would
    // need two passes.
    while (host.ends_with('.')) host.pop_back();
    if (host.empty()) return std::nullopt;
  }

  std::string out;
  out.reserve(text.size() + 8);
  out += url->scheme;
  out += "://";
  if (url->userinfo) {
    append_normalized(out, *url->userinfo, Component::userinfo);
    out += '@';
  }
  out += host;
  if (url->port && !url->port->empty()) {
    unsigned port = 0;
    std::from_chars(url->port->data(), url->port->data() + url->port->size(), port);  // parse checked it
    const unsigned default_port = url->scheme == "http" ? 80 : 443;
    if (port != default_port) {
      out += ':';
      out += std::to_string(port);
    }
  }

  std::string path;
  path.reserve(url->path.size());
  append_normalized(path, url->path, Component::path);
  path = remove_dot_segments(path);  // after decoding, so "%2E%2E" is ".." too
  out += path.empty() ? "/" : path;

  if (url->query) {
    auto query = clean_query(*url->query);
    if (!query.empty()) {
      out += '?';
      out += query;
    }
  }
  return out;
}

}  // namespace detail

std::optional<std::string> canonicalize(std::string_view text) {
  // Feed links are nearly always plain: no parsing into components needed.
  if (auto quick = detail::quick_canonicalize(text)) return quick;
  return detail::canonicalize_parsed(text);
}

}  // namespace kf::url
