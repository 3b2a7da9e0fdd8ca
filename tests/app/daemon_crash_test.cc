// Crash safety of the real daemon: `kommunalfeed run` is killed with SIGKILL
// at random moments while every round writes new articles, then restarted.
// After each kill the database must pass integrity_check and still hold every
// article that an earlier check saw committed. The seed is printed; set
// KF_CRASH_SEED to replay a failing sequence of kill delays.
#include <catch2/catch.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "support/http_server.h"
#include "support/process.h"

using kf::test::BackgroundProcess;
using kf::test::HttpServer;
using kf::test::RecordedRequest;
using kf::test::Reply;
using kf::test::TempDir;

namespace {

const std::string kBinary = KF_BINARY;
constexpr int kFeeds = 20;
constexpr int kItemsPerReply = 12;
constexpr int kKills = 50;
#if defined(__SANITIZE_ADDRESS__)
// The sanitized daemon takes ~0.6 s to start instead of ~0.15 s: with the
// plain window it would be killed before its first commit every time.
constexpr int kSlowdown = 3;
#else
constexpr int kSlowdown = 1;
#endif

const std::vector<std::string> kWords = {
    "Gemeinderat", "Onlinezugangsgesetz", "Breitband", "Rathaus",  "Förderbescheid",
    "Glasfaser",   "Schulträger",         "Bauamt",    "Ehrenamt", "Wärmeplanung",
    "Ladesäulen",  "Haushalt",            "Portal",    "E-Akte",   "Zweckverband",
    "Nutzerkonto", "Wohngeld",            "Feuerwehr", "Umfrage",  "Datenschutz",
    "Landkreis",   "Kommune",             "Sitzung",   "Antrag",   "Schnittstelle"};

// An RSS feed whose window moves by half its items on every request, so every
// round inserts new articles and updates none in place: each fetch writes.
std::string moving_feed(int feed, int request) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                     "<title>Kommune " + std::to_string(feed) + "</title>"
                     "<link>https://kommune" + std::to_string(feed) + ".example/</link>"
                     "<description>Neuigkeiten</description>";
  const int first = request * kItemsPerReply / 2;
  for (int i = first; i < first + kItemsPerReply; ++i) {
    const std::string n = std::to_string(i);
    const std::string link = "https://kommune" + std::to_string(feed) + ".example/news/" + n;
    body += "<item><title>Meldung " + n + ": Digitalisierung im Rathaus</title>"
            "<link>" + link + "</link><guid>" + link + "</guid>"
            "<pubDate>Mon, 03 Feb 2025 10:00:00 +0000</pubDate><description><![CDATA[<p>";
    // Distinct words per item, so near-duplicate detection keeps every item.
    std::mt19937 words(static_cast<unsigned>(feed * 100'003 + i));
    for (int w = 0; w < 120; ++w) body += kWords[words() % kWords.size()] + " ";
    body += "</p>]]></description></item>";
  }
  return body + "</channel></rss>";
}

std::uint64_t crash_seed() {
  if (const char* s = std::getenv("KF_CRASH_SEED")) return std::strtoull(s, nullptr, 10);
  return std::random_device{}();
}

std::set<std::string> stored_ids(const std::string& db) {
  auto store = kf::Store::open(db, kf::OpenMode::daemon);
  REQUIRE(store);
  auto ok = store->integrity_ok();
  REQUIRE(ok);
  CHECK(*ok);
  auto articles = store->recent_articles(1'000'000);
  REQUIRE(articles);
  std::set<std::string> ids;
  for (const auto& a : *articles) ids.insert(a.id);
  return ids;
}

}  // namespace

TEST_CASE("the daemon killed with SIGKILL 50 times at random loses no committed article",
          "[app][daemon]") {
  const std::uint64_t seed = crash_seed();
  std::cout << "daemon crash test: KF_CRASH_SEED=" << seed << std::endl;
  INFO("replay with KF_CRASH_SEED=" << seed);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> delay_ms(50 * kSlowdown, 700 * kSlowdown);

  HttpServer server;
  std::string sources;
  auto requests = std::make_shared<std::array<std::atomic<int>, kFeeds>>();
  for (int f = 0; f < kFeeds; ++f) {
    const std::string path = "/feed-" + std::to_string(f) + ".xml";
    server.on(path, [f, requests](const RecordedRequest&) {
      Reply r;
      r.headers = {{"Content-Type", "application/rss+xml; charset=utf-8"}};
      r.body = moving_feed(f, (*requests)[f]++);
      return r;
    });
    sources += "  - id: feed-" + std::to_string(f) + "\n    type: feed\n    url: " +
               server.url(path) + "\n";
  }
  TempDir dir;
  const std::string db = dir.path() + "/state.db";
  const std::string config = dir.write(
      "feeds.yaml",
      "daemon:\n  listen: 127.0.0.1:0\n  database: " + db +
          "\n  allow_private_networks: true\n  min_interval: 1s\n  interval: 1s\n"
          "  concurrency: 8\n  per_host: {concurrency: 8, delay: 0}\n  log_level: warn\n"
          "sources:\n" + sources);

  std::set<std::string> committed;  // seen in the database after some kill
  int cycles_that_grew = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int kill = 1; kill <= kKills; ++kill) {
    const int delay = delay_ms(rng);
    {
      BackgroundProcess daemon({kBinary, "run", "--config", config}, dir.path(), dir.path());
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
      INFO("kill " << kill << " after " << delay << " ms; daemon stderr:\n" << daemon.err());
      // A daemon that exited by itself (refused the database, crashed) fails here.
      REQUIRE(daemon.running());
      daemon.signal(SIGKILL);
      REQUIRE(daemon.wait(10'000) == 128 + SIGKILL);
    }
    INFO("kill " << kill << " after " << delay << " ms");
    const std::set<std::string> now = stored_ids(db);
    std::size_t lost = 0;
    for (const auto& id : committed) lost += now.count(id) == 0 ? 1 : 0;
    CHECK(lost == 0);
    if (now.size() > committed.size()) ++cycles_that_grew;
    committed.insert(now.begin(), now.end());
  }
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  std::cout << "daemon crash test: " << kKills << " kills in " << seconds.count() << " s, "
            << committed.size() << " articles, " << cycles_that_grew
            << " cycles committed new ones" << std::endl;
  // The kills must have hit a daemon that was writing, or the test proves nothing.
  CHECK(cycles_that_grew >= kKills / 10);
  CHECK(committed.size() >= static_cast<std::size_t>(kFeeds * kItemsPerReply));
}
