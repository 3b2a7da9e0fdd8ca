#include <catch2/catch.hpp>

#include "dedup/merge.h"

using kf::Article;
using kf::Completeness;
using kf::Timestamp;

namespace {

const Timestamp kFirst{std::chrono::sys_days{std::chrono::year{2025} / 1 / 7}};
const Timestamp kLater = kFirst + std::chrono::hours(5);

Article teaser() {
  Article t;
  t.id = "a1";
  t.completeness = Completeness::teaser;
  t.kicker = "Bremen";
  t.title = "Bremen: E-Akte eingeführt";
  t.summary = "Bremen hat die E-Akte in allen Ressorts eingeführt.";
  t.published = kFirst;
  t.first_seen = t.last_seen = kFirst;
  return t;
}

Article full_page() {
  Article f;
  f.id = "a1";
  f.completeness = Completeness::full;
  f.title = "E-Akte eingeführt";
  f.content_html = "<p>Bremen hat als erstes Land …</p>";
  f.first_seen = f.last_seen = kLater;
  return f;
}

}  // namespace

TEST_CASE("a teaser upgraded to its full article keeps what only the teaser had", "[dedup]") {
  Article merged = kf::dedup::merge(full_page(), teaser());
  CHECK(merged.completeness == Completeness::full);
  CHECK(merged.title == "E-Akte eingeführt");
  CHECK(merged.content_html == full_page().content_html);
  CHECK(merged.summary == teaser().summary);
  CHECK(merged.kicker == "Bremen");
  CHECK(merged.published == kFirst);
  CHECK(merged.first_seen == kFirst);
  CHECK(merged.last_seen == kLater);
}

TEST_CASE("a full article's own lead wins over the teaser summary", "[dedup]") {
  Article page = full_page();
  page.summary = "<p>Der eigene Vorspann.</p>";
  CHECK(kf::dedup::merge(page, teaser()).summary == "<p>Der eigene Vorspann.</p>");
}

TEST_CASE("a teaser never downgrades a stored full article", "[dedup]") {
  Article stored = kf::dedup::merge(full_page(), teaser());
  Article again = teaser();
  again.last_seen = kLater + std::chrono::hours(1);
  Article merged = kf::dedup::merge(again, stored);
  CHECK(merged.completeness == Completeness::full);
  CHECK(merged.content_html == stored.content_html);
  CHECK(merged.last_seen == again.last_seen);
}
