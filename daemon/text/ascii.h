// ASCII case folding shared by every module that compares protocol tokens,
// tag names, charset labels or config keys. Locale-independent on purpose:
// <cctype> follows the process locale, and a Turkish locale would fold 'I'
// differently. Header-only; pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::text {

constexpr char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = to_lower(c);
  return out;
}

// Equal ignoring ASCII case ("Content-Type" and "content-type").
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (to_lower(a[i]) != to_lower(b[i])) return false;
  return true;
}

}  // namespace kf::text
