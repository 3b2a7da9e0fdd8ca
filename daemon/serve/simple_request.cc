#include "serve/simple_request.h"

#include <array>

namespace kf::serve {
namespace {

// Byte classes: 1 tchar (RFC 9110: methods and field names), 2 visible ASCII
// (targets), 4 field-value bytes (visible, SP, HTAB). A table, as this runs
// over every byte of every request head.
constexpr std::array<unsigned char, 256> kByteClass = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0x21; c < 0x7f; ++c) table[c] = 2 | 4;
  table[' '] = table['\t'] = 4;
  for (int c = 0; c < 256; ++c) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || std::string_view("!#$%&'*+-.^_`|~").find(char(c)) != std::string_view::npos) {
      table[c] |= 1;
    }
  }
  return table;
}();

// Every byte of `s` in class `mask`; an empty `s` passes.
bool all_of_class(std::string_view s, unsigned char mask) {
  for (char c : s) {
    if (!(kByteClass[static_cast<unsigned char>(c)] & mask)) return false;
  }
  return true;
}

std::string_view trim_blanks(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

}  // namespace

void assign_lower(std::string& out, std::string_view s) {
  out.assign(s.data(), s.size());
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
}

std::optional<SimpleHead> parse_simple_request(std::string_view data, std::size_t max_header_bytes,
                                               Request& out) {
  const std::size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos || end + 4 >= max_header_bytes) return std::nullopt;
  std::string_view rest = data.substr(0, end + 2);  // each line ends with CRLF
  std::size_t eol = rest.find("\r\n");
  std::string_view line = rest.substr(0, eol);
  rest.remove_prefix(eol + 2);
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return std::nullopt;
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return std::nullopt;
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version_text = line.substr(sp2 + 1);
  const unsigned version = version_text == "HTTP/1.1" ? 11 : version_text == "HTTP/1.0" ? 10 : 0;
  if (version == 0 || method.empty() || !all_of_class(method, 1) || target.empty() ||
      !all_of_class(target, 2)) {
    return std::nullopt;
  }
  std::size_t n = 0;
  while (!rest.empty()) {
    eol = rest.find("\r\n");
    line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = line.substr(colon + 1);
    if (name.empty() || !all_of_class(name, 1) || !all_of_class(value, 4)) return std::nullopt;
    if (n == out.headers.size()) out.headers.emplace_back();
    auto& [key, field] = out.headers[n++];
    assign_lower(key, name);
    if (key == "connection" || key == "content-length" || key == "transfer-encoding") {
      return std::nullopt;
    }
    const std::string_view trimmed = trim_blanks(value);
    field.assign(trimmed.data(), trimmed.size());
  }
  out.headers.resize(n);
  out.method.assign(method.data(), method.size());
  out.target.assign(target.data(), target.size());
  out.keep_alive = version == 11;
  return SimpleHead{end + 4, version};
}

}  // namespace kf::serve
