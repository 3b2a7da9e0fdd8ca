#include "dedup/near_duplicate.h"

#include <algorithm>
#include <cstdlib>

#include "dedup/simhash.h"
#include "html/text.h"

namespace kf::dedup {
namespace {

constexpr std::size_t kContentPrefix = 1500;

// Cuts `text` to at most `n` bytes without splitting a UTF-8 sequence.
std::string_view prefix(std::string_view text, std::size_t n) {
  if (text.size() <= n) return text;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

}  // namespace

std::optional<std::uint64_t> fingerprint(const Article& a, const Settings& settings) {
  std::string text = a.title;
  text += ' ';
  text += html::fragment_text(a.summary);
  text += ' ';
  const std::string content = html::fragment_text(a.content_html);
  text += prefix(content, kContentPrefix);
  const std::vector<std::string> w = words(text);
  if (w.size() < settings.min_words) return std::nullopt;
  return simhash(w);
}

std::int64_t day_of(const Article& a) {
  const Timestamp when = a.published.value_or(a.first_seen);
  return std::chrono::floor<std::chrono::days>(when).time_since_epoch().count();
}

std::optional<std::string> cluster_for(std::string_view id, std::uint64_t hash, std::int64_t day,
                                       std::span<const Candidate> candidates,
                                       const Settings& settings) {
  const Candidate* best = nullptr;
  // Beyond it the band index would miss candidates (see band()).
  int best_distance = std::min(settings.max_distance, kMaxIndexedDistance) + 1;
  for (const Candidate& c : candidates) {
    if (c.id == id || std::llabs(c.day - day) > settings.window.count()) continue;
    const int d = hamming(c.simhash, hash);
    if (d < best_distance || (d == best_distance && best && c.cluster_id < best->cluster_id)) {
      best = &c;
      best_distance = d;
    }
  }
  if (!best) return std::nullopt;
  return best->cluster_id;
}

const Candidate& representative(std::span<const Candidate> members) {
  return *std::min_element(members.begin(), members.end(), [](const Candidate& a, const Candidate& b) {
    const bool a_full = a.completeness == Completeness::full;
    const bool b_full = b.completeness == Completeness::full;
    if (a_full != b_full) return a_full;
    if (a.when != b.when) return a.when < b.when;
    return a.id < b.id;
  });
}

}  // namespace kf::dedup
