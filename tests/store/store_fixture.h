// Shared helpers for the store tests: a temp directory holding a real
// database file, and a fully populated Article to vary per test.
#pragma once

#include <chrono>
#include <string>

#include "model/article.h"
#include "support/process.h"

namespace kf::test {

inline Timestamp at(std::int64_t unix_seconds) {
  return Timestamp(std::chrono::seconds(unix_seconds));
}

// Every field set, so a round trip that drops one fails.
inline Article sample_article(const std::string& id = "a1") {
  Article a;
  a.id = id;
  a.source_id = "egovernment";
  a.url = "https://example.org/news/" + id;
  a.kicker = "Bremen";
  a.title = "Digitale Verwaltung in " + id;
  a.summary = "<p>Der Senat beschließt die <b>E-Akte</b>.</p>";
  a.content_html = "<p>Die Stadt führt die elektronische Akte ein.</p>";
  a.author = "Jörg Müller";
  a.published = at(1700000000);
  a.updated = at(1700003600);
  a.image =
      Image{"https://example.org/img/" + id + ".jpg", "Rathaus", "Das Rathaus", "Stadt Bremen"};
  a.categories = {"Verwaltung", "Straßenbau", "日本語"};
  a.language = "de";
  a.completeness = Completeness::full;
  a.first_seen = at(1700010000);
  a.last_seen = at(1700010000);
  a.content_hash = "hash-" + id;
  return a;
}

}  // namespace kf::test
