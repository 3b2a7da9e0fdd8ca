// One fetch's commit against a real SQLite file: teasers upgraded in place,
// copies on two sites clustered, counts recorded with the history row.
#include <catch2/catch.hpp>

#include "app/commit.h"
#include "support/process.h"

using kf::Article;
using kf::Completeness;
using kf::Store;
using kf::Timestamp;
using kf::app::commit_fetch;
using kf::app::Outcome;

namespace {

const Timestamp kDay{std::chrono::sys_days{std::chrono::year{2025} / 1 / 7}};

const char* kBody =
    "<p>Die Digitalverantwortlichen der Bundesländer haben in Berlin gemeinsam die Gründung "
    "einer Fachministerkonferenz für Digitalpolitik beschlossen. Bei der Sitzung der "
    "Digitalministerinnen und -minister wurde unter dem gemeinsamen Vorsitz von Berlin und "
    "Brandenburg ein entsprechendes Konzept verabschiedet.</p>";

Article article(const std::string& id, const std::string& source, Completeness c) {
  Article a;
  a.id = id;
  a.source_id = source;
  a.url = "https://" + source + ".example/" + id;
  a.title = "Aus D16 wird die Digitalministerkonferenz";
  a.completeness = c;
  if (c == Completeness::full) a.content_html = kBody;
  else a.summary = "Die Digitalverantwortlichen der Bundesländer gründen eine Fachministerkonferenz.";
  a.published = kDay;
  a.first_seen = a.last_seen = kDay;
  a.content_hash = id + (c == Completeness::full ? "-full" : "-teaser");
  return a;
}

Outcome outcome_for(const std::string& source) {
  Outcome o;
  o.state.source_id = source;
  o.record.source_id = source;
  o.record.started = kDay;
  o.success = true;
  return o;
}

}  // namespace

TEST_CASE("a teaser committed first is upgraded in place by its full article", "[app][dedup]") {
  kf::test::TempDir dir;
  auto store = Store::open(dir.path() + "/kf.db");
  REQUIRE(store);
  Outcome first = outcome_for("k21");
  REQUIRE(commit_fetch(*store, first, {article("d16", "k21", Completeness::teaser)}, {}));
  CHECK(first.record.new_articles == 1);

  Outcome second = outcome_for("k21");
  Article page = article("d16", "k21", Completeness::full);
  page.first_seen = page.last_seen = kDay + std::chrono::hours(2);
  REQUIRE(commit_fetch(*store, second, {page}, {}));
  CHECK(second.record.updated_articles == 1);
  auto stored = store->find_article("d16");
  REQUIRE(stored);
  REQUIRE(stored->has_value());
  CHECK((*stored)->completeness == Completeness::full);
  CHECK((*stored)->summary == article("d16", "k21", Completeness::teaser).summary);
  CHECK((*stored)->first_seen == kDay);
  CHECK(*store->article_count() == 1);
  CHECK(store->recent_fetches("k21", 5)->size() == 2);
}

TEST_CASE("the same article on two sites becomes one cluster with the earlier one published", "[app][dedup]") {
  kf::test::TempDir dir;
  auto store = Store::open(dir.path() + "/kf.db");
  REQUIRE(store);
  Outcome a = outcome_for("k21");
  auto merges = commit_fetch(*store, a, {article("k21-d16", "k21", Completeness::full)}, {});
  REQUIRE(merges);
  CHECK(*merges == 0);
  Outcome b = outcome_for("move");
  Article copy = article("move-d16", "move", Completeness::full);
  copy.published = kDay + std::chrono::hours(3);
  merges = commit_fetch(*store, b, {copy}, {});
  REQUIRE(merges);
  CHECK(*merges == 1);
  CHECK(*store->related_urls("k21-d16") == std::vector<std::string>{copy.url});
  auto members = store->cluster_members("k21-d16");
  REQUIRE(members);
  CHECK(members->size() == 2);
}

TEST_CASE("an unchanged article is neither rewritten nor re-clustered", "[app][dedup]") {
  kf::test::TempDir dir;
  auto store = Store::open(dir.path() + "/kf.db");
  REQUIRE(store);
  Outcome a = outcome_for("k21");
  REQUIRE(commit_fetch(*store, a, {article("x", "k21", Completeness::full)}, {}));
  Outcome again = outcome_for("k21");
  REQUIRE(commit_fetch(*store, again, {article("x", "k21", Completeness::full)}, {}));
  CHECK(again.record.unchanged_articles == 1);
  CHECK(again.record.updated_articles == 0);
}
