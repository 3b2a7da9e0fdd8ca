#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <optional>
#include <string_view>

#include "config/config.h"

using kf::config::parse_delay;
using kf::config::parse_duration;
using kf::config::parse_size;
using std::chrono::milliseconds;

namespace {

// Seconds as a plain count so Catch prints the failing value.
std::optional<long long> seconds(std::string_view s) {
  auto d = parse_duration(s);
  return d ? std::optional<long long>(d->count()) : std::nullopt;
}

std::optional<long long> millis(std::string_view s) {
  auto d = parse_delay(s);
  return d ? std::optional<long long>(d->count()) : std::nullopt;
}

}  // namespace

TEST_CASE("durations are numbers with units from days down to seconds", "[config]") {
  auto [text, expected] = GENERATE(table<std::string_view, std::optional<long long>>({
      {"90s", 90},
      {"30m", 1800},
      {"1h", 3600},
      {"1d", 86400},
      {"1h30m", 5400},
      {"2d12h", 216000},
      {"1d1h1m1s", 90061},
      {"0001m", 60},
      {"1h0m", 3600},
      {"365d", 31536000},
  }));
  CAPTURE(text);
  CHECK(seconds(text) == expected);
}

TEST_CASE("malformed, zero, negative and overflowing durations are refused", "[config]") {
  auto text = GENERATE(as<std::string_view>{}, "", "90", "0s", "0h0m", "-5m", "+5m", "1.5h", "5 m",
                       " 5m", "5m ", "5M", "5min", "1w", "500ms", "30m1h", "1h1h", "m", "h1",
                       "1h30", "99999999999999999999s", "106751991167301d");
  CAPTURE(text);
  CHECK(seconds(text) == std::nullopt);
}

TEST_CASE("delays also take milliseconds and zero", "[config]") {
  auto [text, expected] = GENERATE(table<std::string_view, std::optional<long long>>({
      {"500ms", 500},
      {"1s", 1000},
      {"1s500ms", 1500},
      {"2m", 120000},
      {"0", 0},
      {"0s", 0},
      {"0ms", 0},
      {"", std::nullopt},
      {"500", std::nullopt},
      {"-1s", std::nullopt},
      {"500ms1s", std::nullopt},
      {"1.5s", std::nullopt},
  }));
  CAPTURE(text);
  CHECK(millis(text) == expected);
}

TEST_CASE("sizes take binary and decimal units or plain bytes", "[config]") {
  auto [text, expected] = GENERATE(table<std::string_view, std::optional<std::uint64_t>>({
      {"2048", 2048},
      {"1", 1},
      {"512B", 512},
      {"512KiB", 524288},
      {"10MiB", 10485760},
      {"1GiB", 1073741824},
      {"2TiB", 2199023255552},
      {"100KB", 100000},
      {"5MB", 5000000},
      {"3GB", 3000000000},
      {"1TB", 1000000000000},
      {"18446744073709551615", 18446744073709551615ULL},
  }));
  CAPTURE(text);
  CHECK(parse_size(text) == expected);
}

TEST_CASE("malformed, zero, negative and overflowing sizes are refused", "[config]") {
  auto text = GENERATE(as<std::string_view>{}, "", "0", "0MiB", "-1", "-1KiB", "1.5MiB", "10 MiB",
                       "10mib", "10kb", "10K", "10Mi", "MiB", "10MiB ", "ten", "18446744073709551616",
                       "16777216TiB", "0x10");
  CAPTURE(text);
  CHECK(parse_size(text) == std::nullopt);
}
