#include "parse/base64.h"

#include <array>
#include <cstdint>

namespace kf::parse {
namespace {

constexpr std::int8_t kInvalid = -1, kSpace = -2, kPad = -3;

constexpr std::array<std::int8_t, 256> make_table() {
  std::array<std::int8_t, 256> t{};
  t.fill(kInvalid);
  for (int i = 0; i < 26; ++i) {
    t['A' + i] = static_cast<std::int8_t>(i);
    t['a' + i] = static_cast<std::int8_t>(26 + i);
  }
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<std::int8_t>(52 + i);
  t['+'] = 62;
  t['/'] = 63;
  for (const char c : {' ', '\t', '\r', '\n', '\f', '\v'}) t[static_cast<unsigned char>(c)] = kSpace;
  t['='] = kPad;
  return t;
}

constexpr std::array<std::int8_t, 256> kTable = make_table();

}  // namespace

std::optional<std::string> decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t bits = 0;
  int group = 0;  // sextets in the current group of four
  int padding = 0;
  for (const char ch : text) {
    const std::int8_t v = kTable[static_cast<unsigned char>(ch)];
    if (v == kSpace) continue;
    if (v == kInvalid) return std::nullopt;
    if (v == kPad) {
      // '=' only completes a group of two or three sextets.
      if (group + padding < 2) return std::nullopt;
      if (++padding + group > 4) return std::nullopt;
      continue;
    }
    if (padding > 0) return std::nullopt;  // data after the padding
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if (++group == 4) {
      out.push_back(static_cast<char>(bits >> 16));
      out.push_back(static_cast<char>(bits >> 8));
      out.push_back(static_cast<char>(bits));
      bits = 0;
      group = 0;
    }
  }
  if (padding > 0 && group + padding != 4) return std::nullopt;
  if (group == 1) return std::nullopt;
  if (group == 2) {
    out.push_back(static_cast<char>(bits >> 4));
  } else if (group == 3) {
    out.push_back(static_cast<char>(bits >> 10));
    out.push_back(static_cast<char>(bits >> 2));
  }
  return out;
}

}  // namespace kf::parse
