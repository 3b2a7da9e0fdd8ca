#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "text/whitespace.h"

using kf::text::collapse_whitespace;

namespace {

// The byte-at-a-time definition: ASCII whitespace and NBSP runs become one
// space, none at either end.
std::string reference(std::string_view s) {
  std::string out;
  bool pending = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    if (!space && c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      space = true;
      ++i;
    }
    if (space) {
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("collapse_whitespace folds space runs and NBSP and trims", "[text]") {
  CHECK(collapse_whitespace("  Neue \t\n Satzung\xC2\xA0\xC2\xA0" "der Stadt  ") == "Neue Satzung der Stadt");
  CHECK(collapse_whitespace("\xC2\xA0") == "");
  CHECK(collapse_whitespace("a\xC2" "b\xC2") == "a\xC2" "b\xC2");  // a lone 0xC2 is no space
  CHECK(collapse_whitespace("a\x01 b") == "a\x01 b");               // other controls stay
  CHECK(collapse_whitespace("") == "");
}

TEST_CASE("collapse_whitespace equals the byte-wise definition on mixed input", "[text]") {
  static const char kBytes[] = {' ', '\t', '\n', '\r', '\f', '\v', '\xC2', '\xA0', '\x01', 'a', 'b', '\xC3', '\xA4'};
  std::uint32_t seed = 11;
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    for (int i = round % 40; i > 0; --i) {
      seed = seed * 1103515245u + 12345u;
      s += kBytes[(seed >> 16) % sizeof kBytes];
    }
    CAPTURE(s);
    CHECK(collapse_whitespace(s) == reference(s));
  }
}
