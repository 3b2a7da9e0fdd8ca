#include <catch2/catch.hpp>

#include "store/store.h"
#include "store_fixture.h"

using kf::Article;
using kf::Completeness;
using kf::Store;
using kf::Upsert;
using kf::test::at;
using kf::test::sample_article;
using kf::test::TempDir;

namespace {

std::vector<std::string> ids(const std::vector<Article>& articles) {
  std::vector<std::string> out;
  for (const auto& a : articles) out.push_back(a.id);
  return out;
}

Store open_store(const TempDir& dir) {
  auto store = Store::open(dir.path() + "/kf.db");
  REQUIRE(store.has_value());
  return std::move(*store);
}

}  // namespace

TEST_CASE("A full article round-trips with every field", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  REQUIRE(store.upsert_article(a) == Upsert::inserted);
  auto found = store.find_article("a1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK(**found == a);
}

TEST_CASE("Absent dates, no image and no categories round-trip as absent", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.published.reset();
  a.updated.reset();
  a.image = {};
  a.categories.clear();
  a.completeness = Completeness::teaser;
  REQUIRE(store.upsert_article(a) == Upsert::inserted);
  auto found = store.find_article("a1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK_FALSE((*found)->published.has_value());
  CHECK_FALSE((*found)->updated.has_value());
  CHECK(**found == a);
}

TEST_CASE("Dates before 1970 and categories with quotes round-trip", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.published = at(-86400);
  a.categories = {"say \"hi\"", "back\\slash", "Ümlaut ß", ""};
  REQUIRE(store.upsert_article(a).has_value());
  auto found = store.find_article("a1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK(**found == a);
}

TEST_CASE("An unknown id or url is nullopt, not an error", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  auto by_id = store.find_article("nope");
  REQUIRE(by_id.has_value());
  CHECK_FALSE(by_id->has_value());
  auto by_url = store.find_article_by_url("https://example.org/nope");
  REQUIRE(by_url.has_value());
  CHECK_FALSE(by_url->has_value());
}

TEST_CASE("An article is found by its canonical url", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  REQUIRE(store.upsert_article(sample_article("a1")).has_value());
  REQUIRE(store.upsert_article(sample_article("a2")).has_value());
  auto found = store.find_article_by_url("https://example.org/news/a2");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->id == "a2");
}

TEST_CASE("Upserting the same content again is unchanged but moves last_seen", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  REQUIRE(store.upsert_article(a) == Upsert::inserted);
  Article again = a;
  again.first_seen = at(1800000000);
  again.last_seen = at(1800000000);
  again.title = "ignored because the hash is the same";
  CHECK(store.upsert_article(again) == Upsert::unchanged);
  auto found = store.find_article("a1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->last_seen == at(1800000000));
  CHECK((*found)->first_seen == a.first_seen);
  CHECK((*found)->title == a.title);
}

TEST_CASE("Upserting changed content is updated and keeps first_seen", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  REQUIRE(store.upsert_article(a) == Upsert::inserted);
  Article changed = a;
  changed.title = "Neuer Titel";
  changed.content_hash = "hash-2";
  changed.categories = {"Neu"};
  changed.first_seen = at(1800000000);
  changed.last_seen = at(1800000500);
  CHECK(store.upsert_article(changed) == Upsert::updated);
  auto found = store.find_article("a1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  Article expected = changed;
  expected.first_seen = a.first_seen;
  CHECK(**found == expected);
  CHECK(store.article_count() == 1);
}

TEST_CASE("A teaser upgraded to full is updated", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article teaser = sample_article("a1");
  teaser.completeness = Completeness::teaser;
  teaser.content_html.clear();
  REQUIRE(store.upsert_article(teaser) == Upsert::inserted);
  Article full = sample_article("a1");  // same hash: completeness alone differs
  full.last_seen = at(1700020000);
  CHECK(store.upsert_article(full) == Upsert::updated);
  auto found = store.find_article("a1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->completeness == Completeness::full);
  CHECK((*found)->content_html == full.content_html);
}

TEST_CASE("A stored full article is never downgraded to a teaser", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article full = sample_article("a1");
  REQUIRE(store.upsert_article(full) == Upsert::inserted);
  Article teaser = full;
  teaser.completeness = Completeness::teaser;
  teaser.content_html.clear();
  teaser.summary = "Kurz";
  teaser.content_hash = "teaser-hash";
  teaser.last_seen = at(1800000000);
  CHECK(store.upsert_article(teaser) == Upsert::unchanged);
  auto found = store.find_article("a1");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  Article expected = full;
  expected.last_seen = at(1800000000);
  CHECK(**found == expected);
}

TEST_CASE("Upserting an article of an unknown source creates the source row", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.source_id = "brand-new";
  REQUIRE(store.upsert_article(a) == Upsert::inserted);
  auto source = store.source_state("brand-new");
  REQUIRE(source.has_value());
  REQUIRE(source->has_value());
  CHECK((*source)->source_id == "brand-new");
  CHECK((*source)->consecutive_errors == 0);
  CHECK(store.source_counts("brand-new")->full == 1);
}

TEST_CASE("An article without id or source id is an error", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article no_id = sample_article("a1");
  no_id.id.clear();
  auto r1 = store.upsert_article(no_id);
  REQUIRE_FALSE(r1.has_value());
  CHECK(r1.error().message.starts_with("store: "));
  Article no_source = sample_article("a2");
  no_source.source_id.clear();
  auto r2 = store.upsert_article(no_source);
  REQUIRE_FALSE(r2.has_value());
  CHECK(r2.error().message.find("a2 has no source id") != std::string::npos);
  CHECK(store.article_count() == 0);
}

TEST_CASE("Recent articles are newest first by published, else first_seen", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article old_one = sample_article("old");
  old_one.published = at(1000);
  Article undated = sample_article("undated");
  undated.published.reset();
  undated.first_seen = at(3000);
  Article newest = sample_article("newest");
  newest.published = at(5000);
  Article middle = sample_article("middle");
  middle.published = at(2000);
  for (const auto& a : {old_one, undated, newest, middle}) {
    REQUIRE(store.upsert_article(a).has_value());
  }
  auto all = store.recent_articles(10);
  REQUIRE(all.has_value());
  CHECK(ids(*all) == std::vector<std::string>{"newest", "undated", "middle", "old"});
  auto page = store.recent_articles(2, 1);
  REQUIRE(page.has_value());
  CHECK(ids(*page) == std::vector<std::string>{"undated", "middle"});
  auto none = store.recent_articles(0);
  REQUIRE(none.has_value());
  CHECK(none->empty());
}

TEST_CASE("Search finds an article by a word that only occurs in its content", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.content_html = "<p>Die Stadt startet ein <em>Bürgerportal</em> für Anträge.</p>";
  REQUIRE(store.upsert_article(a).has_value());
  REQUIRE(store.upsert_article(sample_article("a2")).has_value());
  auto found = store.search("bürgerportal", 10);
  REQUIRE(found.has_value());
  CHECK(ids(*found) == std::vector<std::string>{"a1"});
  REQUIRE(found->size() == 1);
  CHECK(found->front() == a);
}

TEST_CASE("Search needs every word of the query", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.content_html = "<p>Glasfaser im Landkreis</p>";
  Article b = sample_article("a2");
  b.content_html = "<p>Glasfaser in der Stadt</p>";
  REQUIRE(store.upsert_article(a).has_value());
  REQUIRE(store.upsert_article(b).has_value());
  auto both = store.search("Glasfaser", 10);
  REQUIRE(both.has_value());
  CHECK(both->size() == 2);
  auto one = store.search("glasfaser landkreis", 10);
  REQUIRE(one.has_value());
  CHECK(ids(*one) == std::vector<std::string>{"a1"});
  auto limited = store.search("Glasfaser", 1);
  REQUIRE(limited.has_value());
  CHECK(limited->size() == 1);
}

TEST_CASE("Search ranks a title match above a body match", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article body = sample_article("body");
  body.title = "Neues aus dem Rathaus";
  body.content_html =
      "<p>Auch das Onlinezugangsgesetz wird erwähnt, neben vielem anderen Text.</p>";
  Article title = sample_article("title");
  title.title = "Onlinezugangsgesetz umgesetzt";
  title.content_html = "<p>Ein kurzer Text.</p>";
  REQUIRE(store.upsert_article(body).has_value());
  REQUIRE(store.upsert_article(title).has_value());
  auto found = store.search("Onlinezugangsgesetz", 10);
  REQUIRE(found.has_value());
  CHECK(ids(*found) == std::vector<std::string>{"title", "body"});
}

TEST_CASE("Search treats FTS5 operators in user input as literal words", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.title = "Open Data OR Closed";
  a.content_html = "<p>Beta-Test mit \"Anführung\"</p>";
  REQUIRE(store.upsert_article(a).has_value());
  Article b = sample_article("a2");
  b.title = "Nur Data";
  b.content_html = "<p>Nichts weiter</p>";
  REQUIRE(store.upsert_article(b).has_value());

  for (std::string query : {"data OR", "\"", "\"data", "da*", "-data", "data -", "NOT", "(data",
                            "data AND", "title:data", "^data", "NEAR(data open)"}) {
    INFO(query);
    auto found = store.search(query, 10);
    REQUIRE(found.has_value());
  }
  // OR is a word here, so only the article containing "or" matches.
  CHECK(ids(*store.search("data OR", 10)) == std::vector<std::string>{"a1"});
  // A literal "da*" is no prefix query: no word "da" exists.
  CHECK(store.search("da*", 10)->empty());
  // "-data" is not a negation; the tokenizer drops the dash.
  CHECK(store.search("-data", 10)->size() == 2);
  CHECK(ids(*store.search("\"Anführung\"", 10)) == std::vector<std::string>{"a1"});
  CHECK(store.search("   ", 10)->empty());
}

TEST_CASE("Search does not match HTML markup", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.content_html = "<p class=\"lead\"><a href=\"https://x.example/\">Link</a> &amp; mehr</p>";
  REQUIRE(store.upsert_article(a).has_value());
  CHECK(store.search("href", 10)->empty());
  CHECK(store.search("lead", 10)->empty());
  CHECK(store.search("Link", 10)->size() == 1);
}

TEST_CASE("Search follows updates of an article", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.content_html = "<p>Breitband</p>";
  REQUIRE(store.upsert_article(a).has_value());
  a.content_html = "<p>Mobilfunk</p>";
  a.content_hash = "hash-2";
  REQUIRE(store.upsert_article(a) == Upsert::updated);
  CHECK(store.search("Breitband", 10)->empty());
  CHECK(ids(*store.search("Mobilfunk", 10)) == std::vector<std::string>{"a1"});
}

TEST_CASE("Search ignores umlaut diacritics", "[store]") {
  TempDir dir;
  Store store = open_store(dir);
  Article a = sample_article("a1");
  a.title = "Schülerausweis digital";
  REQUIRE(store.upsert_article(a).has_value());
  CHECK(store.search("schulerausweis", 10)->size() == 1);
  CHECK(store.search("SCHÜLERAUSWEIS", 10)->size() == 1);
}
