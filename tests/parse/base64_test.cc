#include <catch2/catch.hpp>

#include <optional>
#include <string>

#include "parse/base64.h"

using kf::parse::decode_base64;

TEST_CASE("base64 decodes with and without padding and across line breaks", "[parse]") {
  CHECK(decode_base64("") == std::optional<std::string>(""));
  CHECK(decode_base64("QQ==") == std::optional<std::string>("A"));
  CHECK(decode_base64("QUI=") == std::optional<std::string>("AB"));
  CHECK(decode_base64("QUJD") == std::optional<std::string>("ABC"));
  CHECK(decode_base64("QQ") == std::optional<std::string>("A"));
  CHECK(decode_base64(" RXhh\r\nbXBs\tZQ== \n") == std::optional<std::string>("Example"));
  CHECK(decode_base64("+/+/") == std::optional<std::string>("\xFB\xFF\xBF"));
}

TEST_CASE("base64 rejects foreign characters, misplaced padding and a lone sextet", "[parse]") {
  CHECK_FALSE(decode_base64("QQ==QQ=="));
  CHECK_FALSE(decode_base64("Q==="));
  CHECK_FALSE(decode_base64("QQ="));
  CHECK_FALSE(decode_base64("=QQ"));
  CHECK_FALSE(decode_base64("QUJDQ"));
  CHECK_FALSE(decode_base64("not base64!"));
  CHECK_FALSE(decode_base64("QU-_"));  // the URL-safe alphabet is not Atom's
}
