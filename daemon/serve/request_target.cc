#include "serve/request_target.h"

#include <optional>
#include <vector>

namespace kf::serve {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool has_control(std::string_view s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::unexpected<Error> bad_target(std::string_view raw, std::string_view why) {
  // The target is attacker-controlled: cap what ends up in logs.
  std::string shown(raw.substr(0, 200));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return fail("serve: bad request target \"", shown, "\": ", why);
}

// Drops the scheme and authority of an absolute-form target; the Host header
// (not the authority) is what a reverse proxy vouches for, and we ignore both.
std::string_view strip_absolute_form(std::string_view raw) {
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (raw.size() >= scheme.size() && iequals(raw.substr(0, scheme.size()), scheme)) {
      std::string_view rest = raw.substr(scheme.size());
      std::size_t slash = rest.find_first_of("/?");
      if (slash == std::string_view::npos) return "/";
      if (rest[slash] == '?') return {};  // "http://host?x" has no path: reject
      return rest.substr(slash);
    }
  }
  return raw;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = hex_value(in[i + 1]);
      int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n;
    char32_t cp;
    if ((c & 0xe0) == 0xc0) {
      n = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      n = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    static constexpr char32_t min_for_length[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for_length[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += n + 1;
  }
  return true;
}

// A path that is already normalized and needs no decoding: "/" and then
// segments of letters, digits, '-', '_' and '.', none empty or starting with
// a dot, no query. Nearly every request is one; it is taken as is, which is
// what the general parse below would produce from it.
static bool plain_path(std::string_view raw) {
  if (raw.empty() || raw.front() != '/') return false;
  char previous = 0;
  for (char c : raw) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_';
    if (c == '/') {
      if (previous == '/') return false;
    } else if (c == '.') {
      if (previous == '/') return false;
    } else if (!word) {
      return false;
    }
    previous = c;
  }
  return true;
}

Result<Target> parse_target(std::string_view raw) {
  if (plain_path(raw)) {
    Target target;
    target.path.assign(raw.data(), raw.size());
    return target;
  }
  std::string_view rest = strip_absolute_form(raw);
  if (rest.empty() || rest.front() != '/') return bad_target(raw, "not an absolute path");
  if (rest.find('#') != std::string_view::npos) return bad_target(raw, "fragment");
  if (has_control(rest)) return bad_target(raw, "control character");

  std::string_view raw_path = rest;
  std::string_view raw_query;
  if (std::size_t q = rest.find('?'); q != std::string_view::npos) {
    raw_path = rest.substr(0, q);
    raw_query = rest.substr(q + 1);
  }

  std::optional<std::string> decoded = percent_decode(raw_path, false);
  if (!decoded) return bad_target(raw, "bad %-escape in path");
  if (decoded->find('\0') != std::string::npos) return bad_target(raw, "NUL in path");
  if (decoded->find('\\') != std::string::npos) return bad_target(raw, "backslash in path");
  if (has_control(*decoded)) return bad_target(raw, "control character in path");
  if (!valid_utf8(*decoded)) return bad_target(raw, "path is not UTF-8");

  Target target;
  target.path = "/";
  std::string_view path = *decoded;
  std::size_t pos = 0;
  bool ends_with_segment = false;
  while (pos <= path.size()) {
    std::size_t slash = path.find('/', pos);
    std::string_view segment =
        path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    if (segment == "..") return bad_target(raw, "\"..\" segment");
    if (!segment.empty() && segment != ".") {
      if (target.path.back() != '/') target.path += '/';
      target.path += segment;
      ends_with_segment = true;
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  // "/a/" and "/a/." name the directory, keep the slash so routes can tell.
  if (ends_with_segment && (path.back() == '/' || path.ends_with("/."))) target.path += '/';

  std::size_t start = 0;
  while (start <= raw_query.size() && !raw_query.empty()) {
    std::size_t amp = raw_query.find('&', start);
    std::string_view piece = raw_query.substr(
        start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    if (!piece.empty()) {
      std::size_t eq = piece.find('=');
      auto key = percent_decode(piece.substr(0, eq), true);
      auto value = percent_decode(
          eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1), true);
      if (!key || !value) return bad_target(raw, "bad %-escape in query");
      if (key->find('\0') != std::string::npos || value->find('\0') != std::string::npos) {
        return bad_target(raw, "NUL in query");
      }
      if (!valid_utf8(*key) || !valid_utf8(*value)) return bad_target(raw, "query is not UTF-8");
      target.query.emplace_back(std::move(*key), std::move(*value));
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  return target;
}

}  // namespace kf::serve
