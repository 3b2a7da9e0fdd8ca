// The real daemon on an html source: the scrape fixtures (a listing and five
// article pages, 75 teaser occurrences of 28 distinct articles) served on
// loopback, with the fixture feeds.yaml's rules. Checks what the store holds
// afterwards, that rounds are idempotent and order-independent, feed
// autodiscovery of a source without rules, and selector health when the
// site's markup changes.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <map>
#include <regex>
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

// The body of a plain GET of `path` on 127.0.0.1:`port` ("" on failure);
// enough for the daemon's own pages, which answer with Content-Length.
std::string http_get(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" +
                                std::to_string(port) + "\r\nConnection: close\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buf[8192];
      for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) response.append(buf, std::size_t(n));
    }
  }
  close(fd);
  const std::size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = 0; (pos = haystack.find(needle, pos)) != std::string::npos; pos += needle.size())
    ++n;
  return n;
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

TEST_CASE("An html source without rules whose page links an RSS feed is read through that feed",
          "[app][daemon][scrape]") {
  TempDir dir;
  HttpServer server;
  const std::string own = replace_all(read("norules.html"), "https://www.musterhausen.test", server.url(""));
  const std::string feed_url = server.url("/aktuelles/feed.rss");
  const std::string linked = replace_all(
      own, "<script src=\"/assets/app.js\">",
      "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"Aktuelles\" href=\"/aktuelles/feed.rss\">\n"
      "<script src=\"/assets/app.js\">");
  REQUIRE(linked != own);
  server.on("/aktuelles/", html(linked));
  server.on("/aktuelles/feed.rss", rss_reply(rss(server.url("/aktuelles"), 3)));
  dir.write("feeds.yaml", feeds_yaml({"allow_private_networks: true", "timeout: 5s",
                                      "per_host: {concurrency: 2, delay: 0}"},
                                     {{"muster", server.url("/aktuelles/"), "html"}}));
  auto first = fetch_round(dir.path());
  INFO(first.out << first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(server.hits("/aktuelles/feed.rss") == 1);

  // The feed's three items are the source's articles; the page's own is not.
  const Snapshot s = snapshot(dir.path());
  std::set<std::string> urls;
  for (const auto* list : {&s.full, &s.teasers})
    for (const auto& a : *list) urls.insert(a.url);
  CHECK(urls == std::set<std::string>{server.url("/aktuelles/meldung-1"), server.url("/aktuelles/meldung-2"),
                                      server.url("/aktuelles/meldung-3")});
  auto state = stored(dir.path(), "muster");
  REQUIRE(state);
  CHECK(state->state.discovered_feed == feed_url);
  const std::string found_on = state->state.feed_found_on;
  CHECK(found_on.starts_with(server.url("/aktuelles/")));
  CHECK(occurrences(first.err, "source muster: using the feed " + feed_url + " found on " + found_on) == 1);
  auto listed = run_process({kBinary, "sources"}, dir.path());
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.find("feed: " + feed_url + " (found on " + found_on + ")") != std::string::npos);

  // The page drops the link: it is scraped itself again, and says so.
  server.on("/aktuelles/", html(own));
  auto second = fetch_round(dir.path());
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(server.hits("/aktuelles/feed.rss") == 1);
  CHECK(second.err.find("no longer links a feed") != std::string::npos);
  state = stored(dir.path(), "muster");
  REQUIRE(state);
  CHECK(state->state.discovered_feed.empty());
  CHECK(state->state.feed_found_on.empty());
  CHECK(state->articles == 4);
  listed = run_process({kBinary, "sources"}, dir.path());
  CHECK(listed.out.find("feed: ") == std::string::npos);
}

TEST_CASE("An article page whose title rule stops matching marks the source broken and keeps its articles",
          "[app][daemon][scrape]") {
  TempDir dir;
  HttpServer server;
  const std::string listing = read("meldungen.html");
  serve(server, listing);
  dir.write("feeds.yaml", config(server));
  auto first = fetch_round(dir.path(), {"kommune21-test"});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  const Snapshot before = snapshot(dir.path());
  REQUIRE(before.full.size() == 5);
  REQUIRE(stored(dir.path(), "kommune21-test")->state.broken_rule.empty());

  // The site's new markup: two newly listed articles whose headline lost
  // the class the title rule selects.
  const auto original = listing_entries(listing);
  auto entries = original;
  for (int i : {1, 3}) {
    const std::string path = "/artikel/neu-" + std::to_string(i) + ".html";
    std::string page = replace_all(read("artikel/" + kArticles[i]), kSite + "/artikel/" + kArticles[i],
                                   server.url(path));
    page = replace_all(page, kSite, server.url(""));
    const std::string changed = replace_all(page, "<h1 class=\"entry-title\">", "<h1 class=\"headline\">");
    REQUIRE(changed != page);
    server.on(path, html(changed));
    const std::string entry = replace_all(original[std::size_t(i)], "/artikel/" + kArticles[i], path);
    REQUIRE(entry != original[std::size_t(i)]);
    entries.insert(entries.begin(), entry);
  }
  serve(server, listing_with(entries));
  auto second = fetch_round(dir.path(), {"kommune21-test"});
  INFO(second.err);
  REQUIRE(second.exit_code == 0);
  CHECK(server.hits("/artikel/neu-1.html") == 1);
  CHECK(server.hits("/artikel/neu-3.html") == 1);
  const std::string warning = "source kommune21-test: rule article.title matched on earlier fetches "
                              "and matches nothing on " + server.url("/artikel/neu-");
  CHECK(occurrences(second.err, warning) == 1);
  CHECK(occurrences(second.err, "matches nothing on") == 1);
  auto state = stored(dir.path(), "kommune21-test");
  REQUIRE(state);
  CHECK(state->state.broken_rule == "article.title");
  auto listed = run_process({kBinary, "sources"}, dir.path());
  CHECK(listed.out.find("broken: rule article.title matches nothing") != std::string::npos);

  // Every article stored before is still there, with its date and title.
  const Snapshot after = snapshot(dir.path());
  std::map<std::string, kf::Article> now;
  for (const auto* list : {&after.full, &after.teasers})
    for (const auto& a : *list) now[a.id] = a;
  for (const auto* list : {&before.full, &before.teasers}) {
    for (const auto& a : *list) {
      auto it = now.find(a.id);
      REQUIRE(it != now.end());
      CHECK(it->second.published == a.published);
      CHECK(it->second.title == a.title);
      CHECK(it->second.completeness == a.completeness);
    }
  }

  // Unchanged site: the listing matches, the rule stays broken, no new warning.
  auto third = fetch_round(dir.path(), {"kommune21-test"});
  REQUIRE(third.exit_code == 0);
  CHECK(third.err.find("matches nothing on") == std::string::npos);
  CHECK(stored(dir.path(), "kommune21-test")->state.broken_rule == "article.title");

  // The daemon's pages say so too.
  BackgroundProcess daemon({kBinary, "run"}, dir.path(), dir.path());
  REQUIRE(daemon.wait_for_log("serving on http://127.0.0.1:", 10'000));
  std::smatch m;
  const std::string log = daemon.err();
  REQUIRE(std::regex_search(log, m, std::regex(R"(serving on http://127\.0\.0\.1:(\d+)/)")));
  const int port = std::stoi(m[1]);
  const std::string sources = http_get(port, "/sources");
  const std::size_t row = sources.find("<tr id=\"source-kommune21-test\">");
  REQUIRE(row != std::string::npos);
  const std::string row_html = sources.substr(row, sources.find("</tr>", row) - row);
  CHECK(row_html.find("broken: rule article.title matches nothing") != std::string::npos);
  const std::string metrics = http_get(port, "/metrics");
  CHECK(metrics.find("kommunalfeed_source_broken{source=\"kommune21-test\",rule=\"article.title\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.find("kommunalfeed_source_broken{source=\"musterhausen\"") == std::string::npos);
  daemon.signal(SIGTERM);
  REQUIRE(daemon.wait(10'000) == 0);

  // A newly listed article in the old markup: the title rule matches again.
  const std::string fixed = "/artikel/neu-4.html";
  server.on(fixed, html(replace_all(replace_all(read("artikel/" + kArticles[4]),
                                                kSite + "/artikel/" + kArticles[4], server.url(fixed)),
                                    kSite, server.url(""))));
  entries.insert(entries.begin(), replace_all(original[4], "/artikel/" + kArticles[4], fixed));
  serve(server, listing_with(entries));
  auto fourth = fetch_round(dir.path(), {"kommune21-test"});
  REQUIRE(fourth.exit_code == 0);
  CHECK(server.hits(fixed) == 1);
  CHECK(stored(dir.path(), "kommune21-test")->state.broken_rule.empty());
  listed = run_process({kBinary, "sources"}, dir.path());
  CHECK(listed.out.find("broken:") == std::string::npos);
}
