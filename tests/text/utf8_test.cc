#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "text/encoding.h"
#include "text/html_entities.h"
#include "text/utf8.h"

using namespace std::string_literals;

TEST_CASE("repair_utf8 keeps well-formed text unchanged", "[text]") {
  int replaced = -1;
  CHECK(kf::text::repair_utf8("Stra\xC3\x9F" "e \xE2\x82\xAC \xF0\x9F\x98\x80", &replaced) ==
        "Stra\xC3\x9F" "e \xE2\x82\xAC \xF0\x9F\x98\x80");
  CHECK(replaced == 0);
}

TEST_CASE("repair_utf8 replaces each invalid subpart with one U+FFFD", "[text]") {
  int replaced = 0;
  // Lone continuation, truncated 3-byte sequence, overlong, surrogate, lone lead at end.
  CHECK(kf::text::repair_utf8("a\x80" "b\xE2\x82" "c\xC0\xAF" "d\xED\xA0\x80" "e\xF0", &replaced) ==
        "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD\xEF\xBF\xBD" "d\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "e\xEF\xBF\xBD");
  CHECK(replaced == 8);
}

TEST_CASE("repair_utf8 drops NUL bytes", "[text]") {
  CHECK(kf::text::repair_utf8("a\0b\0\0c"s) == "abc");
  CHECK(kf::text::repair_utf8("0123456789\0abcdefghij"s) == "0123456789abcdefghij");
}

TEST_CASE("is_valid_utf8 rejects NUL, overlongs and truncation", "[text]") {
  CHECK(kf::text::is_valid_utf8("plain \xC3\xA4"));
  CHECK_FALSE(kf::text::is_valid_utf8("a\0b"s));
  CHECK_FALSE(kf::text::is_valid_utf8("\xC1\xBF"));
  CHECK_FALSE(kf::text::is_valid_utf8("abc\xE2\x82"));
}

TEST_CASE("append_utf8 writes U+FFFD for NUL, surrogates and out-of-range values", "[text]") {
  std::string out;
  kf::text::append_utf8(out, U'\u00E4');
  kf::text::append_utf8(out, 0x1F600);
  kf::text::append_utf8(out, 0);
  kf::text::append_utf8(out, 0xD800);
  kf::text::append_utf8(out, 0x110000);
  CHECK(out == "\xC3\xA4\xF0\x9F\x98\x80\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("html_entity knows HTML4 and HTML5 names, case-sensitively", "[text]") {
  CHECK(kf::text::html_entity("nbsp") == "\xC2\xA0");
  CHECK(kf::text::html_entity("auml") == "\xC3\xA4");
  CHECK(kf::text::html_entity("Auml") == "\xC3\x84");
  CHECK(kf::text::html_entity("euro") == "\xE2\x82\xAC");
  CHECK(kf::text::html_entity("NotNestedGreaterGreater") == "\xE2\xAA\xA2\xCC\xB8");
  CHECK(kf::text::html_entity("AUML") == std::nullopt);
  CHECK(kf::text::html_entity("") == std::nullopt);
  CHECK(kf::text::html_entity("zzzz") == std::nullopt);
}

TEST_CASE("html_entity finds the first, last and longest names and rejects near misses", "[text]") {
  CHECK(kf::text::html_entity("AElig") == "\xC3\x86");
  CHECK(kf::text::html_entity("zwnj") == "\xE2\x80\x8C");
  CHECK(kf::text::html_entity("CounterClockwiseContourIntegral") == "\xE2\x88\xB3");
  CHECK(kf::text::html_entity("CounterClockwiseContourIntegra") == std::nullopt);
  CHECK(kf::text::html_entity("CounterClockwiseContourIntegralX") == std::nullopt);
  CHECK(kf::text::html_entity(std::string(40, 'a')) == std::nullopt);
  CHECK(kf::text::html_entity("nbsp;") == std::nullopt);
  CHECK(kf::text::html_entity("amp") == "&");
}

TEST_CASE("repair_utf8 finds invalid bytes and NULs at any offset", "[text]") {
  using namespace std::string_literals;
  for (std::size_t pad = 0; pad < 40; ++pad) {
    CAPTURE(pad);
    const std::string lead(pad, 'a');
    int replaced = 0;
    CHECK(kf::text::repair_utf8(lead + "\xC3\xA4\xE2\x80\x9E\xFF" + lead + "\0z"s + "\xE2\x82", &replaced) ==
          lead + "\xC3\xA4\xE2\x80\x9E\xEF\xBF\xBD" + lead + "z\xEF\xBF\xBD");
    CHECK(replaced == 2);
    CHECK(kf::text::is_valid_utf8(lead + "\xC3\xA4\xF0\x9F\x98\x80" + lead));
    CHECK_FALSE(kf::text::is_valid_utf8(lead + "\xC3\xA4" + lead + "\xC3"));
  }
}

namespace {

// A byte-by-byte reading of RFC 3629 (Table 3-7), independent of the
// block-wise fast path: the length of the valid, NUL-free prefix.
std::size_t reference_valid_prefix(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == 0) return i;
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t need = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b >= 0xE0 && b <= 0xEF) need = 2, lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
    else if (b >= 0xF0 && b <= 0xF4) need = 3, lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
    else return i;
    for (std::size_t k = 1; k <= need; ++k) {
      if (i + k >= s.size()) return i;
      const auto c = static_cast<unsigned char>(s[i + k]);
      if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return i;
    }
    i += need + 1;
  }
  return i;
}

}  // namespace

TEST_CASE("is_valid_utf8 and repair_utf8 agree with a byte-by-byte reading on random text", "[text]") {
  // German-like text: ASCII runs with two-, three- and four-byte sequences,
  // the E0/ED edge leads, and now and then a broken or NUL byte.
  const std::vector<std::string> pieces = {
      "a", "Rathaus ", "<p>", "\xC3\xA4", "\xC3\x9F", "\xE2\x80\x9E", "\xE2\x82\xAC", "\xE0\xA4\x85",
      "\xED\x9F\xBF", "\xF0\x9F\x98\x80", "\xEF\xBF\xBD", "\xC2\xA0"};
  const std::vector<std::string> faults = {"\x80", "\xC3", "\xE2\x80", "\xED\xA0\x80", "\xE0\x80\x80",
                                           "\xC0\xAF", "\xF5", "\xFF", std::string(1, '\0'), "\xF0\x9F\x98"};
  std::uint32_t seed = 12345;
  const auto next = [&seed] { return seed = seed * 1664525U + 1013904223U, seed >> 8; };
  for (int round = 0; round < 3000; ++round) {
    std::string s;
    const std::size_t length = next() % 120;
    while (s.size() < length) s += pieces[next() % pieces.size()];
    if (round % 2 == 1) s.insert(next() % (s.size() + 1), faults[next() % faults.size()]);
    CAPTURE(round);
    const std::size_t expected = reference_valid_prefix(s);
    CHECK(kf::text::is_valid_utf8(s) == (expected == s.size()));
    // repair_utf8 copies the valid prefix unchanged and then differs.
    const std::string repaired = kf::text::repair_utf8(s);
    CHECK(repaired.compare(0, expected, s, 0, expected) == 0);
    CHECK((repaired == s) == (expected == s.size()));
  }
}
