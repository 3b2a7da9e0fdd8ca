// The real daemon on an html source: the scrape fixtures (a listing and five
// article pages, 75 teaser occurrences of 28 distinct articles) served on
// loopback, with the fixture feeds.yaml's rules. Checks what the store holds
// afterwards, and that rounds are idempotent and order-independent.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "app/daemon_fixture.h"
#include "app/seed_site.h"

using namespace kf::test;
using namespace kf::test::seed_site;

namespace {

struct Snapshot {
  std::vector<kf::Article> full, teasers;
  std::int64_t sightings = 0;
};

Snapshot snapshot(const std::string& dir) {
  Snapshot out;
  auto store = kf::Store::open(dir + "/state.db", kf::OpenMode::reader);
  REQUIRE(store);
  auto all = store->recent_articles(1000);
  REQUIRE(all);
  for (auto& a : *all) {
    auto n = store->teaser_sighting_count(a.id);
    REQUIRE(n);
    out.sightings += *n;
    (a.completeness == kf::Completeness::full ? out.full : out.teasers).push_back(std::move(a));
  }
  return out;
}

std::set<std::string> ids(const Snapshot& s) {
  std::set<std::string> out;
  for (const auto* list : {&s.full, &s.teasers})
    for (const auto& a : *list) out.insert(a.id);
  return out;
}

}  // namespace

TEST_CASE("An html source's listing, its five articles and their teasers end up in the store",
          "[app][daemon][scrape]") {
  TempDir dir;
  HttpServer server;
  serve(server, read("meldungen.html"));
  dir.write("feeds.yaml", config(server));
  auto first = fetch_round(dir.path(), {"kommune21-test"});
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  const Snapshot s = snapshot(dir.path());
  CHECK(s.full.size() == 5);
  CHECK(s.teasers.size() == 28);
  CHECK(s.sightings == 75);
  std::map<std::string, std::string> kicker_of;
  for (const auto& a : s.full) {
    kicker_of[a.title] = a.kicker;
    CHECK(a.content_html.size() > 200);
  }
  CHECK(kicker_of["Aus D16 wird die Digitalministerkonferenz"] == "Politik");
  CHECK(kicker_of["Kooperation vertieft"] == "Baden-Württemberg/Sachsen");
  CHECK(kicker_of["Digitalisierungsaufgaben vom IT-PLR"] == "Bremen");
  CHECK(kicker_of["Impulse für die Digitalisierung"] == "Potsdam");
  CHECK(kicker_of["Modellvorhaben wird fortgesetzt"] == "Kooperatives E-Government");
  for (const auto& a : kArticles) CHECK(server.hits("/artikel/" + a) == 1);

  // Nothing changed on the site: nothing changes in the store.
  auto second = fetch_round(dir.path(), {"kommune21-test"});
  REQUIRE(second.exit_code == 0);
  auto row = table_row(second.out, "kommune21-test");
  REQUIRE(row);
  CHECK(row->new_articles == 0);
  CHECK(row->updated == 0);
  const Snapshot again = snapshot(dir.path());
  CHECK(ids(again) == ids(s));
  CHECK(again.sightings == 75);
  for (const auto& a : kArticles) CHECK(server.hits("/artikel/" + a) == 1);
}

TEST_CASE("The order of the listing does not change the stored ids", "[app][daemon][scrape]") {
  // One server for both: the ids derive from the URLs, port included.
  HttpServer server;
  std::set<std::string> forward, reversed;
  for (bool reverse : {false, true}) {
    TempDir dir;
    auto entries = listing_entries(read("meldungen.html"));
    REQUIRE(entries.size() == 5);
    if (reverse) std::reverse(entries.begin(), entries.end());
    serve(server, listing_with(entries));
    dir.write("feeds.yaml", config(server));
    auto round = fetch_round(dir.path(), {"kommune21-test"});
    INFO(round.err);
    REQUIRE(round.exit_code == 0);
    (reverse ? reversed : forward) = ids(snapshot(dir.path()));
  }
  CHECK(forward.size() == 33);
  CHECK(forward == reversed);
}

TEST_CASE("A teaser later scraped as a full article is upgraded in place", "[app][daemon][scrape]") {
  TempDir dir;
  HttpServer server;
  const std::string listing = read("meldungen.html");
  serve(server, listing);
  dir.write("feeds.yaml", config(server));
  REQUIRE(fetch_round(dir.path(), {"kommune21-test"}).exit_code == 0);
  const Snapshot before = snapshot(dir.path());
  REQUIRE(!before.teasers.empty());
  const kf::Article teaser = before.teasers.front();
  const std::string path = teaser.url.substr(server.url("").size());
  REQUIRE(path.starts_with("/artikel/"));

  // The site now lists the teased article, and serves it in full.
  std::string page = replace_all(read("artikel/" + kArticles[2]), kSite, server.url(""));
  page = replace_all(page, server.url("/artikel/" + kArticles[2]), teaser.url);
  server.on(path, html(page));
  auto entries = listing_entries(listing);
  entries.push_back(replace_all(entries[2], "/artikel/" + kArticles[2], path));
  serve(server, listing_with(entries));
  auto round = fetch_round(dir.path(), {"kommune21-test"});
  INFO(round.err);
  REQUIRE(round.exit_code == 0);
  CHECK(server.hits(path) == 1);
  const Snapshot after = snapshot(dir.path());
  CHECK(after.full.size() == 6);
  CHECK(after.teasers.size() == 27);
  CHECK(ids(after) == ids(before));
  auto upgraded = std::find_if(after.full.begin(), after.full.end(),
                               [&](const kf::Article& a) { return a.id == teaser.id; });
  CHECK(upgraded != after.full.end());
}
