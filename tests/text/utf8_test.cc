#include <catch2/catch.hpp>

#include <string>

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
