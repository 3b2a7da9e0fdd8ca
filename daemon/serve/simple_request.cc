#include "serve/simple_request.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "serve/bytes.h"

namespace kf::serve {
namespace {

// Byte classes: tchar (RFC 9110: methods and field names), visible ASCII
// (targets), field-value bytes (visible, SP, HTAB). A table, as this runs
// over every byte of every request head.
constexpr unsigned char kToken = 1, kVisible = 2, kFieldValue = 4;
constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0x21; c < 0x7f; ++c) table[c] = kVisible | kFieldValue;
  table[' '] = table['\t'] = kFieldValue;
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos) {
      table[c] |= kToken;
    }
  }
  return table;
}();

std::string_view trim_blanks(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// Fields that frame a body or the connection: such requests go to Beast.
bool is_framing_field(std::string_view name) {
  switch (name.size()) {
    case 10:
      return iequals(name, "connection");
    case 14:
      return iequals(name, "content-length");
    case 17:
      return iequals(name, "transfer-encoding");
    default:
      return false;
  }
}

// A cursor over the head that reads runs of one byte class. It never looks
// past `end`, the smaller of the data and the size limit.
struct Cursor {
  const char* at;
  const char* end;

  std::string_view run(unsigned char byte_class) {
    const char* start = at;
    if (byte_class != kToken) {
      // Targets and values (an ETag, a host) are the long runs: skip 8 bytes
      // at a time while all are visible ASCII (or SP, for values); a tab
      // or the run's end is then found byte by byte.
      const std::uint64_t lowest = byte_class == kVisible ? 0x21 : 0x20;
      while (end - at >= 8) {
        const std::uint64_t x = bytes::load8(at);
        if (bytes::any_below(x, lowest) || bytes::any_above(x, 0x7e)) break;
        at += 8;
      }
    }
    while (at != end && (kByteClass[static_cast<unsigned char>(*at)] & byte_class)) ++at;
    return {start, static_cast<std::size_t>(at - start)};
  }
  bool take(char c) {
    if (at == end || *at != c) return false;
    ++at;
    return true;
  }
  bool take_crlf() {
    if (end - at < 2 || at[0] != '\r' || at[1] != '\n') return false;
    at += 2;
    return true;
  }
};

}  // namespace

void assign_lower(std::string& out, std::string_view s) {
  out.resize(s.size());
  char* p = out.data();
  for (char c : s) *p++ = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// One pass, no searching: each byte is classified once, and a line ends at
// the first byte its grammar does not allow, which must then be CRLF. So a
// CR or LF anywhere else, like any byte outside the classes, sends the head
// to Beast.
std::optional<SimpleHead> parse_simple_request(std::string_view data, std::size_t max_header_bytes,
                                               Request& out) {
  Cursor in{data.data(), data.data() + std::min(data.size(), max_header_bytes)};
  const std::string_view method = in.run(kToken);
  if (method.empty() || !in.take(' ')) return std::nullopt;
  const std::string_view target = in.run(kVisible);
  if (target.empty() || !in.take(' ')) return std::nullopt;
  if (in.end - in.at < 10) return std::nullopt;
  const std::string_view version_line(in.at, 10);
  const unsigned version = version_line == "HTTP/1.1\r\n" ? 11
                           : version_line == "HTTP/1.0\r\n" ? 10
                                                               : 0;
  if (version == 0) return std::nullopt;
  in.at += 10;
  std::size_t n = 0;
  while (!in.take_crlf()) {
    const std::string_view name = in.run(kToken);
    if (name.empty() || !in.take(':')) return std::nullopt;
    const std::string_view value = in.run(kFieldValue);
    if (!in.take_crlf() || is_framing_field(name)) return std::nullopt;
    if (n == out.headers.size()) out.headers.emplace_back();
    auto& [key, field] = out.headers[n++];
    assign_lower(key, name);
    const std::string_view trimmed = trim_blanks(value);
    field.assign(trimmed.data(), trimmed.size());
  }
  const std::size_t consumed = static_cast<std::size_t>(in.at - data.data());
  // A head of the limit's size is Beast's to refuse (431), as a longer one is.
  if (consumed >= max_header_bytes) return std::nullopt;
  out.headers.resize(n);
  out.method.assign(method.data(), method.size());
  out.target.assign(target.data(), target.size());
  out.keep_alive = version == 11;
  return SimpleHead{consumed, version};
}

}  // namespace kf::serve
