// Article is the one normalized schema every source ends up in, whatever its
// format: normalize produces it, dedup merges it, store keeps it, publish
// renders it. Times are UTC; an absent date is std::nullopt, never "now".
// Plain value type; thread-compatible.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kf {

using Timestamp = std::chrono::sys_seconds;  // always UTC

struct Image {
  std::string url;  // canonical absolute http(s) URL, or empty when no image
  std::string alt;
  std::string caption;
  std::string credit;  // "(Bildquelle: …)" without the wrapper
  bool operator==(const Image&) const = default;
};

// A teaser is the short block a site repeats on other pages; full is the
// article page (or a feed entry) itself. A teaser is upgraded in place.
enum class Completeness { teaser, full };

std::string_view to_string(Completeness c);
// Returns nullopt for anything but "teaser" or "full".
std::optional<Completeness> completeness_from_string(std::string_view s);

struct Article {
  std::string id;         // stable identity, see normalize/identity.h
  std::string source_id;  // feeds.yaml source id
  std::string url;        // canonical URL (url/canonical.h)
  std::string kicker;     // Dachzeile / region, e.g. "Bremen"
  std::string title;      // plain text
  std::string summary;    // lead or teaser text, sanitized HTML
  std::string content_html;  // sanitized HTML
  std::string author;
  std::optional<Timestamp> published;
  std::optional<Timestamp> updated;
  Image image;
  std::vector<std::string> categories;
  std::string language;  // BCP 47, e.g. "de"
  Completeness completeness = Completeness::full;
  Timestamp first_seen{};
  Timestamp last_seen{};
  std::string content_hash;  // 128-bit hex digest of what a reader sees (digest/fast_hash.h)

  bool operator==(const Article&) const = default;
};

}  // namespace kf
