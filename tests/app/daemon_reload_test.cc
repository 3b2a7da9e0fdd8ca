// The real daemon re-reading feeds.yaml on SIGHUP: a valid file takes
// effect (sources added, removed, rescheduled), an invalid one is reported
// position by position and changes nothing.
#include <catch2/catch.hpp>

#include <csignal>

#include "app/daemon_fixture.h"

using namespace kf::test;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::vector<std::string> kDaemon = {"allow_private_networks: true", "interval: 1s",
                                          "timeout: 2s", "concurrency: 8",
                                          "per_host: {concurrency: 4, delay: 0}"};

}  // namespace

TEST_CASE("SIGHUP applies a changed feeds.yaml and keeps the running one when it is invalid",
          "[app][daemon]") {
  TempDir dir;
  HttpServer server;
  for (const char* id : {"a", "b", "c"})
    server.on(std::string("/") + id, rss_reply(rss(std::string("https://") + id + ".example.org")));
  dir.write("feeds.yaml", feeds_yaml(kDaemon, {{"a", server.url("/a")}, {"b", server.url("/b")}}));
  BackgroundProcess daemon({kBinary, "run"}, dir.path(), dir.path());
  REQUIRE(daemon.wait_for_log("running: 2 sources", 10'000));
  REQUIRE(eventually([&] { return server.hits("/a") >= 2 && server.hits("/b") >= 2; }));

  // a: interval 1s → 2s; b removed; c added.
  dir.write("feeds.yaml", feeds_yaml(kDaemon, {{"a", server.url("/a"), "feed", {"interval: 2s"}},
                                               {"c", server.url("/c")}}));
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("reload: feeds.yaml applied (1 added, 1 removed, 1 changed", 10'000));
  // A fetch of b already under way when the signal came may still arrive.
  std::this_thread::sleep_for(500ms);
  const int b_after_reload = server.hits("/b");
  CHECK(eventually([&] { return server.hits("/c") >= 3; }));
  const int a_before_invalid = server.hits("/a");
  CHECK(server.hits("/b") == b_after_reload);
  {
    auto a = stored(dir.path(), "a");
    REQUIRE(a);
    CHECK(scheduled_gap(a->state) >= 2);  // the new interval, no jitter below 10 s
    CHECK(scheduled_gap(a->state) <= 3);
    CHECK(a->state.consecutive_errors == 0);
    auto c = stored(dir.path(), "c");
    REQUIRE(c);
    CHECK(c->articles == 2);
  }

  // Line 9: the misspelt key; line 11: an ftp URL.
  const std::string invalid =
      "daemon:\n"                             // 1
      "  database: state.db\n"                // 2
      "  min_interval: 1s\n"                  // 3
      "  interval: 1s\n"                      // 4
      "  allow_private_networks: true\n"      // 5
      "sources:\n"                            // 6
      "  - id: a\n"                           // 7
      "    type: feed\n"                      // 8
      "    intervall: 1s\n"                   // 9
      "    url: " + server.url("/a") + "\n"   // 10
      "  - id: d\n"                           // 11
      "    type: feed\n"                      // 12
      "    url: ftp://example.org/feed\n";    // 13
  dir.write("feeds.yaml", invalid);
  daemon.signal(SIGHUP);
  REQUIRE(daemon.wait_for_log("the running configuration stays in force", 10'000));
  const std::string log = daemon.err();
  INFO(log);
  CHECK(contains(log, "feeds.yaml:9:5: unknown key 'intervall'"));
  CHECK(contains(log, "feeds.yaml:13:10: "));
  CHECK(contains(log, "reload: feeds.yaml has 2 problem(s)"));
  // The running sources go on: a every 2 s, c every 1 s, b and d never.
  const int c_before = server.hits("/c");
  CHECK(eventually([&] {
    return server.hits("/a") >= a_before_invalid + 2 && server.hits("/c") >= c_before + 2;
  }));
  CHECK(server.hits("/b") == b_after_reload);
  CHECK(server.hits("/feed") == 0);

  CHECK(daemon.running());
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15'000) == 0);
}
