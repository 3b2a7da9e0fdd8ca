// Interprets the response headers that tell the scheduler when to come back:
// Retry-After (429/503) and Cache-Control max-age / Expires. Internal to
// fetch; pure functions, thread-safe.
#pragma once

#include <chrono>
#include <ctime>
#include <optional>
#include <string_view>

namespace kf::fetch::detail {

// Longest wait a server may ask for; beyond it a typo or hostile header would
// silence a source for good.
inline constexpr std::chrono::seconds kMaxRetryAfter{7 * 24 * 3600};

// Retry-After as delay-seconds ("120") or HTTP-date relative to `now`,
// clamped to 0 … 7 days; nullopt when empty or unparsable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now);

// Freshness lifetime: Cache-Control max-age wins (case-insensitive, s-maxage
// ignored, "no-store"/"no-cache" mean 0); else Expires minus Date (`now` when
// Date is missing or bad), at least 0. nullopt when neither says anything;
// an unparsable Expires means "already expired" (0) as RFC 9111 says.
std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control,
                                                  std::string_view expires, std::string_view date,
                                                  std::time_t now);

}  // namespace kf::fetch::detail
