#include "config/units.h"

#include <algorithm>
#include <array>
#include <limits>
#include <optional>
#include <utility>

#include "config/config.h"

namespace kf::config {
namespace detail {
namespace {

// Reads the leading decimal digits of `s`; nullopt when there are none or
// they overflow. Signs are not digits, so "-5m" fails here.
std::optional<std::uint64_t> leading_number(std::string_view& s) {
  std::size_t i = 0;
  std::uint64_t n = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
    auto digit = static_cast<std::uint64_t>(s[i] - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
    n = n * 10 + digit;
    ++i;
  }
  if (i == 0) return std::nullopt;
  s.remove_prefix(i);
  return n;
}

struct Unit {
  std::string_view name;
  std::uint64_t factor;
};

}  // namespace

std::expected<std::chrono::milliseconds, std::string> duration_ms(std::string_view s, bool allow_ms,
                                                                  bool allow_zero) {
  // Largest first: the order the units must appear in ("1h30m", not "30m1h").
  // "ms" precedes "m" so the longer name is tried first.
  static constexpr std::array<Unit, 5> kUnits{{{"d", 86'400'000},
                                               {"h", 3'600'000},
                                               {"ms", 1},
                                               {"m", 60'000},
                                               {"s", 1'000}}};
  static constexpr std::array<int, 5> kRank{0, 1, 4, 2, 3};
  if (s.empty()) return std::unexpected("is empty");
  if (allow_zero && s == "0") return std::chrono::milliseconds{0};
  constexpr auto kMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  std::uint64_t total = 0;
  int last_rank = -1;
  while (!s.empty()) {
    auto n = leading_number(s);
    if (!n) {
      if (s.front() >= '0' && s.front() <= '9') return std::unexpected("is too large");
      return std::unexpected("is not a duration");
    }
    std::optional<std::size_t> unit;
    for (std::size_t u = 0; u < kUnits.size(); ++u) {
      if (!allow_ms && kUnits[u].name == "ms") continue;
      if (s.starts_with(kUnits[u].name)) {
        unit = u;
        break;
      }
    }
    if (!unit) return std::unexpected(s.empty() ? "has no unit" : "is not a duration");
    if (kRank[*unit] <= last_rank) return std::unexpected("is not a duration");
    last_rank = kRank[*unit];
    s.remove_prefix(kUnits[*unit].name.size());
    if (*n > (kMax - total) / kUnits[*unit].factor) return std::unexpected("is too large");
    total += *n * kUnits[*unit].factor;
  }
  if (total == 0 && !allow_zero) return std::unexpected("must be greater than zero");
  return std::chrono::milliseconds{static_cast<std::int64_t>(total)};
}

std::expected<std::uint64_t, std::string> size_bytes(std::string_view s) {
  static constexpr std::array<Unit, 9> kUnits{{{"B", 1},
                                               {"KB", 1'000},
                                               {"MB", 1'000'000},
                                               {"GB", 1'000'000'000},
                                               {"TB", 1'000'000'000'000},
                                               {"KiB", 1ULL << 10},
                                               {"MiB", 1ULL << 20},
                                               {"GiB", 1ULL << 30},
                                               {"TiB", 1ULL << 40}}};
  if (s.empty()) return std::unexpected("is empty");
  bool starts_with_digit = s.front() >= '0' && s.front() <= '9';
  auto n = leading_number(s);
  if (!n) return std::unexpected(starts_with_digit ? "is too large" : "is not a size");
  std::uint64_t factor = 1;
  if (!s.empty()) {
    auto unit = std::find_if(kUnits.begin(), kUnits.end(), [&](const Unit& u) { return u.name == s; });
    if (unit == kUnits.end()) return std::unexpected("is not a size");
    factor = unit->factor;
  }
  if (*n == 0) return std::unexpected("must be greater than zero");
  if (*n > std::numeric_limits<std::uint64_t>::max() / factor) return std::unexpected("is too large");
  return *n * factor;
}

}  // namespace detail

std::optional<Seconds> parse_duration(std::string_view s) {
  auto ms = detail::duration_ms(s, /*allow_ms=*/false, /*allow_zero=*/false);
  if (!ms) return std::nullopt;
  return std::chrono::duration_cast<Seconds>(*ms);
}

std::optional<std::chrono::milliseconds> parse_delay(std::string_view s) {
  auto ms = detail::duration_ms(s, /*allow_ms=*/true, /*allow_zero=*/true);
  if (!ms) return std::nullopt;
  return *ms;
}

std::optional<std::uint64_t> parse_size(std::string_view s) {
  auto bytes = detail::size_bytes(s);
  if (!bytes) return std::nullopt;
  return *bytes;
}

}  // namespace kf::config
