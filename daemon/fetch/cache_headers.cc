// HTTP-dates are parsed by curl_getdate(), which accepts the three formats
// RFC 9110 requires recipients to understand.
#include "fetch/cache_headers.h"
#include "text/ascii.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <string>

namespace kf::fetch::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Non-negative decimal seconds; huge values saturate instead of failing.
std::optional<long long> parse_seconds(std::string_view s) {
  s = trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  if (s.empty() || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec == std::errc::result_out_of_range) return std::numeric_limits<long long>::max();
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<std::time_t> parse_date(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  const std::string text(s);
  const std::time_t t = curl_getdate(text.c_str(), nullptr);
  if (t == -1) return std::nullopt;
  return t;
}

}  // namespace

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now) {
  long long seconds = 0;
  if (auto n = parse_seconds(value)) {
    seconds = *n;
  } else if (auto when = parse_date(value)) {
    seconds = std::max<long long>(0, static_cast<long long>(*when) - now);
  } else {
    return std::nullopt;
  }
  return std::chrono::seconds(std::min<long long>(seconds, kMaxRetryAfter.count()));
}

std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control,
                                                  std::string_view expires, std::string_view date,
                                                  std::time_t now) {
  bool uncacheable = false;
  while (!cache_control.empty()) {
    const auto comma = cache_control.find(',');
    std::string_view directive = trim(cache_control.substr(0, comma));
    cache_control = comma == std::string_view::npos ? std::string_view{}
                                                    : cache_control.substr(comma + 1);
    const auto eq = directive.find('=');
    const std::string_view name = trim(directive.substr(0, eq));
    if (text::iequals(name, "no-store") || text::iequals(name, "no-cache")) uncacheable = true;
    if (text::iequals(name, "max-age") && eq != std::string_view::npos) {
      if (auto n = parse_seconds(directive.substr(eq + 1))) {
        return std::chrono::seconds(*n);
      }
    }
  }
  if (uncacheable) return std::chrono::seconds(0);
  if (trim(expires).empty()) return std::nullopt;
  const auto expires_at = parse_date(expires);
  if (!expires_at) return std::chrono::seconds(0);
  const std::time_t base = parse_date(date).value_or(now);
  return std::chrono::seconds(std::max<long long>(0, static_cast<long long>(*expires_at) - base));
}

}  // namespace kf::fetch::detail
