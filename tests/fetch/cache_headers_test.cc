#include "fetch/cache_headers.h"

#include <catch2/catch.hpp>

using kf::fetch::detail::parse_max_age;
using kf::fetch::detail::parse_retry_after;
using std::chrono::seconds;

namespace {
// Sun, 06 Nov 1994 08:49:37 GMT, the example date of RFC 9110.
constexpr std::time_t kNow = 784111777;
}  // namespace

TEST_CASE("Retry-After in seconds is taken as is", "[fetch]") {
  CHECK(parse_retry_after("120", kNow) == seconds(120));
  CHECK(parse_retry_after(" 0 ", kNow) == seconds(0));
}

TEST_CASE("Retry-After as HTTP-date is relative to now, in all three date formats", "[fetch]") {
  CHECK(parse_retry_after("Sun, 06 Nov 1994 09:49:37 GMT", kNow) == seconds(3600));
  CHECK(parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", kNow) == seconds(60));
  CHECK(parse_retry_after("Sun Nov  6 08:49:47 1994", kNow) == seconds(10));
}

TEST_CASE("Retry-After in the past means now", "[fetch]") {
  CHECK(parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", kNow) == seconds(0));
}

TEST_CASE("Retry-After is capped at seven days", "[fetch]") {
  CHECK(parse_retry_after("99999999", kNow) == seconds(7 * 24 * 3600));
  CHECK(parse_retry_after("999999999999999999999999", kNow) == seconds(7 * 24 * 3600));
  CHECK(parse_retry_after("Sun, 06 Nov 1995 08:49:37 GMT", kNow) == seconds(7 * 24 * 3600));
}

TEST_CASE("unparsable or empty Retry-After gives nothing", "[fetch]") {
  CHECK_FALSE(parse_retry_after("", kNow).has_value());
  CHECK_FALSE(parse_retry_after("soon", kNow).has_value());
  CHECK_FALSE(parse_retry_after("-5", kNow).has_value());
}

TEST_CASE("Cache-Control max-age wins over Expires", "[fetch]") {
  CHECK(parse_max_age("public, max-age=300", "Sun, 06 Nov 1994 09:49:37 GMT", "", kNow) ==
        seconds(300));
  CHECK(parse_max_age("Max-Age=\"60\"", "", "", kNow) == seconds(60));
}

TEST_CASE("s-maxage is not max-age", "[fetch]") {
  CHECK_FALSE(parse_max_age("s-maxage=300", "", "", kNow).has_value());
}

TEST_CASE("no-cache and no-store mean a lifetime of zero", "[fetch]") {
  CHECK(parse_max_age("no-cache", "", "", kNow) == seconds(0));
  CHECK(parse_max_age("private, no-store", "Sun, 06 Nov 1994 09:49:37 GMT", "", kNow) == seconds(0));
}

TEST_CASE("Expires counts from the Date header, else from now", "[fetch]") {
  CHECK(parse_max_age("", "Sun, 06 Nov 1994 09:49:37 GMT", "Sun, 06 Nov 1994 09:48:37 GMT", kNow) ==
        seconds(60));
  CHECK(parse_max_age("", "Sun, 06 Nov 1994 09:49:37 GMT", "", kNow) == seconds(3600));
  CHECK(parse_max_age("", "Sun, 06 Nov 1994 09:49:37 GMT", "garbage", kNow) == seconds(3600));
}

TEST_CASE("an invalid or past Expires means already expired", "[fetch]") {
  CHECK(parse_max_age("", "0", "", kNow) == seconds(0));
  CHECK(parse_max_age("", "Sat, 05 Nov 1994 08:49:37 GMT", "", kNow) == seconds(0));
}

TEST_CASE("no caching headers give no lifetime", "[fetch]") {
  CHECK_FALSE(parse_max_age("", "", "", kNow).has_value());
  CHECK_FALSE(parse_max_age("public", "", "", kNow).has_value());
}
