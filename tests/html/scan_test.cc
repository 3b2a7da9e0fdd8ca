// The SIMD scanners of html/scan.h against byte-wise definitions, on inputs
// of every length around the 16-byte chunk size and every start offset, so
// the chunk loop and the overlapping last load are both exercised.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "html/scan.h"
#include "text/escape.h"

using namespace kf::html::detail;

namespace {

// Bytes the scanners care about, plus ordinary ones, in a fixed pseudo-random mix.
std::string random_text(std::uint32_t& seed, std::size_t size) {
  static const char kBytes[] = {'a', 'b', ' ', '\xC3', '\xA4', '<', '>', '&', '"', '\0', '\r',
                                '\n', '\t', '\x01', '\x1F', 'x', 'y', 'z', '.', '/'};
  std::string s;
  for (std::size_t i = 0; i < size; ++i) {
    seed = seed * 1103515245u + 12345u;
    // Mostly plain letters, so runs are long enough to span chunks.
    std::uint32_t r = (seed >> 16) % 64;
    s += r < sizeof kBytes ? kBytes[r] : static_cast<char>('a' + r % 26);
  }
  return s;
}

std::size_t slow_find_any(std::string_view s, std::size_t from, char a, char b, char c, char d) {
  for (std::size_t i = from; i < s.size(); ++i)
    if (s[i] == a || s[i] == b || s[i] == c || s[i] == d) return i;
  return s.size();
}

std::size_t slow_text_stop(std::string_view s, std::size_t from, bool& escapable) {
  for (std::size_t i = from; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '<' || c == '&' || c == 0 || c == '\r') return i;
    if (c == '>' || (c < 0x20 && c != '\t' && c != '\n')) escapable = true;
  }
  return s.size();
}

std::string escaped(std::string_view s, bool attribute) {
  std::string out;
  if (attribute) kf::text::append_escaped_attribute(out, s);
  else kf::text::append_escaped_text(out, s);
  return out;
}

}  // namespace

TEST_CASE("The SIMD scanners find the same bytes as byte-wise loops", "[html]") {
  std::uint32_t seed = 7;
  int checked = 0;
  for (std::size_t size = 0; size <= 70; ++size) {
    for (int round = 0; round < 8; ++round) {
      std::string s = random_text(seed, size);
      for (std::size_t from = 0; from <= size; ++from) {
        CAPTURE(size, round, from);
        CHECK(find_any(s, from, '<', '&', '\0', '\r') == slow_find_any(s, from, '<', '&', '\0', '\r'));
        bool fast_esc = false, slow_esc = false;
        CHECK(find_text_stop(s, from, fast_esc) == slow_text_stop(s, from, slow_esc));
        CHECK(fast_esc == slow_esc);
        ++checked;
      }

      std::string text, attribute;
      append_escaped(text, s, false);
      append_escaped(attribute, s, true);
      CHECK(text == escaped(s, false));
      CHECK(attribute == escaped(s, true));
    }
  }
  CHECK(checked > 10000);
}

TEST_CASE("find_text_stop reports escapable bytes only before the stop", "[html]") {
  bool escapable = false;
  CHECK(find_text_stop("0123456789abcdef<ghij>klmnopqrstuvwxyz", 0, escapable) == 16);
  CHECK_FALSE(escapable);
  CHECK(find_text_stop("0123456789abcdef>ghij<klmnopqrstuvwxyz", 0, escapable) == 21);
  CHECK(escapable);
  escapable = false;
  CHECK(find_text_stop("0123456789abcdefghijklmnopqrstuv\x01xyz", 3, escapable) == 36);
  CHECK(escapable);
  escapable = false;
  CHECK(find_text_stop("0123456789abcdefghij>klmnopqrstuvwxyz", 22, escapable) == 37);
  CHECK_FALSE(escapable);  // the '>' lies before `from`
}
