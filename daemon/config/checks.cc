#include "config/checks.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "config/suggest.h"

namespace kf::config::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

constexpr std::array<std::string_view, 16> kLands{
    "DE-BW", "DE-BY", "DE-BE", "DE-BB", "DE-HB", "DE-HH", "DE-HE", "DE-MV",
    "DE-NI", "DE-NW", "DE-RP", "DE-SL", "DE-SN", "DE-ST", "DE-SH", "DE-TH"};

}  // namespace

bool is_id(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || c == '-';
  });
}

std::span<const std::string_view> lands() { return kLands; }

std::optional<std::string> land_problem(std::string_view s) {
  if (std::find(kLands.begin(), kLands.end(), s) != kLands.end()) return std::nullopt;
  std::string message = "unknown land '" + std::string(s) + "' ";
  // "BY" and "by" are the usual slips: the code without its country part.
  std::string prefixed = "DE-";
  for (char c : s) prefixed += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  std::optional<std::string_view> near;
  if (std::find(kLands.begin(), kLands.end(), prefixed) != kLands.end()) {
    near = *std::find(kLands.begin(), kLands.end(), prefixed);
  } else {
    near = closest(s, kLands);
  }
  if (near) return message + "(did you mean '" + std::string(*near) + "'?)";
  return message + "(expected the ISO 3166-2 code of a Land: " + join(kLands) + ")";
}

bool is_ags(std::string_view s) {
  return !s.empty() && s.size() <= 12 && std::all_of(s.begin(), s.end(), is_digit);
}

std::optional<std::string> listen_problem(std::string_view s) {
  const std::string quoted = "'" + std::string(s) + "'";
  const std::string bad = "invalid listen address " + quoted + " (expected host:port, e.g. '127.0.0.1:8080')";
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos) return bad;
  std::string_view host = s.substr(0, colon);
  std::string_view port = s.substr(colon + 1);
  bool host_ok = false;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    std::string_view inner = host.substr(1, host.size() - 2);
    host_ok = std::all_of(inner.begin(), inner.end(), [](char c) { return is_hex(c) || c == ':' || c == '.'; });
  } else {
    host_ok = !host.empty() && host.front() != '-' && host.front() != '.' &&
              std::all_of(host.begin(), host.end(), [](char c) { return is_alnum(c) || c == '-' || c == '.'; });
  }
  if (!host_ok) return bad;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  bool digits_only = !port.empty() && std::all_of(port.begin(), port.end(), is_digit);
  if (!digits_only || ec != std::errc() || end != port.data() + port.size() || value > 65535)
    return "invalid port '" + std::string(port) + "' in listen address " + quoted +
           " (expected 0 to 65535; 0 picks a free port)";
  return std::nullopt;
}

std::string format_duration(std::chrono::seconds d) {
  if (d.count() <= 0) return "0s";
  std::string out;
  long long rest = d.count();
  for (auto [unit, size] : {std::pair{'d', 86400LL}, {'h', 3600LL}, {'m', 60LL}, {'s', 1LL}}) {
    if (rest >= size) {
      out += std::to_string(rest / size);
      out += unit;
      rest %= size;
    }
  }
  return out;
}

std::optional<std::string> interval_problem(std::chrono::seconds interval,
                                            std::chrono::seconds minimum) {
  if (interval >= minimum) return std::nullopt;
  return "interval " + format_duration(interval) + " is shorter than daemon.min_interval (" +
         format_duration(minimum) + "); polling a site more often is impolite";
}

}  // namespace kf::config::detail
