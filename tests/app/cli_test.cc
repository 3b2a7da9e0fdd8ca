// End-to-end tests of the real kommunalfeed binary's command line.
#include <catch2/catch.hpp>

#include <csignal>
#include <filesystem>

#include "store/store.h"
#include "support/process.h"

using kf::test::run_process;
using kf::test::TempDir;

namespace {

const std::string kBinary = KF_BINARY;
const std::string kShippedConfig = std::string(KF_TEST_DATA) + "/../feeds.yaml";

const char* kTwoSources = R"(daemon:
  listen: 127.0.0.1:0
  database: state.db
sources:
  - id: kommune21
    type: feed
    url: https://www.kommune21.de/k21-meldungen/feed/
  - id: fitko
    type: html
    url: https://www.fitko.de/aktuelles
    interval: 1h
)";

}  // namespace

TEST_CASE("the version flag prints the version and exits 0, also after a command", "[app]") {
  for (auto args : {std::vector<std::string>{kBinary, "--version"},
                    std::vector<std::string>{kBinary, "check", "--version"},
                    std::vector<std::string>{kBinary, "run", "--version"}}) {
    auto r = run_process(args);
    CHECK(r.exit_code == 0);
    CHECK(r.out.starts_with("kommunalfeed 0."));
  }
}

TEST_CASE("every command has --help and exits 0 with it", "[app]") {
  for (auto cmd : {"run", "check", "fetch", "parse", "scrape", "export", "sources"}) {
    auto r = run_process({kBinary, cmd, "--help"});
    INFO(cmd);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("--config") != std::string::npos);
  }
}

TEST_CASE("a usage error exits 2", "[app]") {
  CHECK(run_process({kBinary}).exit_code == 2);
  CHECK(run_process({kBinary, "frobnicate"}).exit_code == 2);
  CHECK(run_process({kBinary, "check", "--no-such-option"}).exit_code == 2);
}

TEST_CASE("check accepts the shipped feeds.yaml with a one-line summary", "[app][config]") {
  auto r = run_process({kBinary, "check", "--config", kShippedConfig});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find(": ok: ") != std::string::npos);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
}

TEST_CASE("check prints every problem with file, line and column and exits 2", "[app][config]") {
  TempDir dir;
  auto path = dir.write("bad.yaml",
                        "sources:\n"
                        "  - id: Kommune21\n"
                        "    type: rss\n"
                        "    url: https://example.org/feed\n");
  auto r = run_process({kBinary, "check", "--config", path});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(path + ":2:9: ") != std::string::npos);
  CHECK(r.err.find(path + ":3:11: ") != std::string::npos);
  CHECK(r.err.find("2 problems in " + path) != std::string::npos);
}

TEST_CASE("check on a missing file exits 2 and names the file", "[app][config]") {
  auto r = run_process({kBinary, "check", "--config", "/nonexistent/feeds.yaml"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("/nonexistent/feeds.yaml") != std::string::npos);
}

TEST_CASE("an unknown --log-level is a usage error", "[app]") {
  auto r = run_process({kBinary, "check", "--config", kShippedConfig, "--log-level", "loud"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("unknown log level 'loud'") != std::string::npos);
}

TEST_CASE("sources lists every configured source before anything was fetched", "[app]") {
  TempDir dir;
  dir.write("feeds.yaml", kTwoSources);
  auto r = run_process({kBinary, "sources"}, dir.path());
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("kommune21  feed  30m       https://www.kommune21.de/k21-meldungen/feed/") !=
        std::string::npos);
  CHECK(r.out.find("fitko      html  1h        https://www.fitko.de/aktuelles") !=
        std::string::npos);
  CHECK(r.out.find("(no database at state.db yet)") != std::string::npos);
}

TEST_CASE("run opens the store, registers the sources and stops cleanly on SIGTERM", "[app]") {
  TempDir dir;
  dir.write("feeds.yaml", kTwoSources);
  kf::test::BackgroundProcess daemon({kBinary, "run"}, dir.path(), dir.path());
  REQUIRE(daemon.wait_for_log("running: 2 sources", 10'000));
  REQUIRE(std::filesystem::exists(dir.path() + "/state.db"));
  {
    auto store = kf::Store::open(dir.path() + "/state.db", kf::OpenMode::reader);
    REQUIRE(store);
    auto state = store->source_state("fitko");
    REQUIRE(state);
    CHECK(state->has_value());
  }
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15'000) == 0);
  CHECK(daemon.err().find("SIGTERM: stopping") != std::string::npos);

  auto listed = run_process({kBinary, "sources"}, dir.path());
  CHECK(listed.exit_code == 0);
  CHECK(listed.out.find("never       never       0     0        new") != std::string::npos);
}

TEST_CASE("run refuses a database another daemon holds, and exits 1", "[app][store]") {
  TempDir dir;
  dir.write("feeds.yaml", kTwoSources);
  auto holder = kf::Store::open(dir.path() + "/state.db", kf::OpenMode::daemon);
  REQUIRE(holder);
  auto r = run_process({kBinary, "run"}, dir.path());
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("in use by another kommunalfeed daemon") != std::string::npos);
}

TEST_CASE("export of an unknown output exits 2 and names it", "[app]") {
  TempDir dir;
  dir.write("feeds.yaml", kTwoSources);
  auto r = run_process({kBinary, "export", "--output", "nope"}, dir.path());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("nope") != std::string::npos);
}

namespace {

const char* kRss = R"xml(<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0"><channel><title>Kommune21</title><link>https://www.kommune21.de/</link>
<item><title>Sachsen: Neue CIO f&#252;r den Freistaat</title>
<link>/meldung_1.html?utm_source=rss</link>
<pubDate>Fr, 07 Feb 2025 10:00:00 MEZ</pubDate>
<description>&lt;p onclick="x()"&gt;Daniela Dylakiewicz&lt;/p&gt;</description></item>
</channel></rss>)xml";

}  // namespace

TEST_CASE("parse prints one JSON line per article with every schema field", "[app][parse]") {
  TempDir dir;
  auto path = dir.write("feed.xml", kRss);
  auto r = run_process({kBinary, "parse", path, "--url", "https://www.kommune21.de/rss.xml",
                        "--source", "k21"});
  CHECK(r.exit_code == 0);
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  for (std::string field :
       {"\"source_id\":\"k21\"", "\"url\":\"https://www.kommune21.de/meldung_1.html\"",
        "\"title\":\"Sachsen: Neue CIO für den Freistaat\"",
        "\"summary\":\"<p>Daniela Dylakiewicz</p>\"", "\"published\":\"2025-02-07T09:00:00Z\"",
        "\"updated\":null", "\"completeness\":\"full\"", "\"content_hash\":", "\"image\":{",
        "\"first_seen\":", "\"last_seen\":", "\"kicker\":\"\"", "\"language\":\"de\""}) {
    INFO(field);
    CHECK(r.out.find(field) != std::string::npos);
  }
}

TEST_CASE("parse --format atom prints an Atom document of the articles", "[app][parse]") {
  TempDir dir;
  auto path = dir.write("feed.xml", kRss);
  auto r = run_process({kBinary, "parse", path, "--url", "https://www.kommune21.de/rss.xml",
                        "--format", "atom"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("<feed xmlns=\"http://www.w3.org/2005/Atom\"") != std::string::npos);
  CHECK(r.out.find("<title>Sachsen: Neue CIO für den Freistaat</title>") != std::string::npos);
}

TEST_CASE("parse of a page that is no feed fails with the reason and exits 1", "[app][parse]") {
  TempDir dir;
  auto path = dir.write("page.html", "<html><body>Hallo</body></html>");
  auto r = run_process({kBinary, "parse", path, "--url", "https://example.org/"});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("parse: https://example.org/: not a feed") != std::string::npos);
}

TEST_CASE("parse reports recovery warnings on stderr and still prints articles", "[app][parse]") {
  TempDir dir;
  auto path = dir.write("bad.xml",
                        "<rss version=\"2.0\"><channel><item><title>Caf&eacute; &amp; "
                        "Bar</title><link>https://x.de/a</link></item>");
  auto r = run_process({kBinary, "parse", path, "--url", "https://x.de/feed"});
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("warning: ") != std::string::npos);
  CHECK(r.out.find("\"title\":\"Café & Bar\"") != std::string::npos);
}

TEST_CASE("scrape shows each field of a fixture page with the rule behind it", "[app][scrape]") {
  const std::string fixtures = std::string(KF_TEST_DATA) + "/scrape/fixtures/";
  const std::string page = fixtures + "artikel/bremen-digitalisierungsaufgaben-vom-it-plr.html";
  auto text = run_process({kBinary, "scrape", page, "--source", "kommune21-test", "--config",
                           fixtures + "feeds.yaml"});
  INFO(text.err);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("  kicker       Bremen\n    <- article.kicker (css 'h1.entry-title .dachzeile')") !=
        std::string::npos);
  CHECK(text.out.find("  title        Digitalisierungsaufgaben vom IT-PLR\n    <- article.title") !=
        std::string::npos);
  CHECK(text.out.find("teasers[14]:") != std::string::npos);
  CHECK(text.out.find("teasers[15]:") == std::string::npos);

  auto json = run_process({kBinary, "scrape", page, "--source", "kommune21-test", "--config",
                           fixtures + "feeds.yaml", "--format", "json"});
  CHECK(json.exit_code == 0);
  CHECK(json.out.find("\"title\": \"Digitalisierungsaufgaben vom IT-PLR\"") != std::string::npos);
  CHECK(json.out.find("\"teasers.title\": \"teasers.title (css 'h3 a', regex") != std::string::npos);
  CHECK(json.out.find("\"rule\": \"article.title\"") != std::string::npos);
}

TEST_CASE("check reports a broken scrape selector at its FILE:LINE:COL and exits 2", "[app][scrape]") {
  kf::test::TempDir dir;
  const std::string path = dir.write("feeds.yaml",
                                     "sources:\n"                                // 1
                                     "  - id: k21\n"                             // 2
                                     "    type: html\n"                          // 3
                                     "    url: https://www.kommune21.de/\n"      // 4
                                     "    scrape:\n"                             // 5
                                     "      article:\n"                          // 6
                                     "        title: \"h1[[\"\n");               // 7
  auto r = run_process({kBinary, "check", "--config", path});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(path + ":7:16: ") != std::string::npos);
}
