#include "config/suggest.h"
#include "text/ascii.h"

#include <algorithm>
#include <vector>

namespace kf::config::detail {
namespace {

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Three rows suffice: the transposition looks two rows back.
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      std::size_t cost = text::to_lower(a[i - 1]) == text::to_lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && text::to_lower(a[i - 1]) == text::to_lower(b[j - 2]) && text::to_lower(a[i - 2]) == text::to_lower(b[j - 1]))
        current[j] = std::min(current[j], before[j - 2] + 1);
    }
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return previous[n];
}

std::optional<std::string_view> closest(std::string_view word, std::span<const std::string_view> candidates) {
  std::optional<std::string_view> best;
  std::size_t best_distance = 0;
  for (auto candidate : candidates) {
    std::size_t limit = candidate.size() <= 5 ? 1 : 2;
    std::size_t d = edit_distance(word, candidate);
    if (d > limit) continue;
    if (!best || d < best_distance) {
      best = candidate;
      best_distance = d;
    }
  }
  if (best) return best;
  for (auto candidate : candidates) {
    std::string_view shorter = word.size() < candidate.size() ? word : candidate;
    std::string_view longer = word.size() < candidate.size() ? candidate : word;
    if (shorter.size() >= 3 && edit_distance(shorter, longer.substr(0, shorter.size())) == 0) return candidate;
  }
  return std::nullopt;
}

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

}  // namespace kf::config::detail
