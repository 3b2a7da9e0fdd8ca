// Durations and sizes as an admin writes them in feeds.yaml ("1h30m",
// "10MiB"), parsed with a reason when they are wrong so a diagnostic can say
// what to fix. Internal to the config module; pure functions, thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace kf::config::detail {

// Parses "<n><unit>..." with units from {d, h, m, s} (and "ms" when
// `allow_ms`), each unit at most once and from largest to smallest. Zero is
// refused unless `allow_zero` (then a bare "0" is accepted too). On failure
// the error is a lower-case phrase such as "must be greater than zero".
std::expected<std::chrono::milliseconds, std::string> duration_ms(std::string_view s, bool allow_ms,
                                                                  bool allow_zero);

// Parses "<n>" bytes or "<n><unit>" with B, KB, MB, GB, TB (powers of 1000)
// or KiB, MiB, GiB, TiB (powers of 1024). Zero and overflow are refused.
std::expected<std::uint64_t, std::string> size_bytes(std::string_view s);

}  // namespace kf::config::detail
