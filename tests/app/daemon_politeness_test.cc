// The real daemon's manners toward one web server: per-host concurrency and
// delay, a host paused by Retry-After while other hosts go on, robots.txt.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <memory>

#include "app/daemon_fixture.h"

using namespace kf::test;
using namespace std::chrono_literals;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Arrival times of the requests whose Host header is `host`, in order.
std::vector<std::chrono::steady_clock::time_point> arrivals(const HttpServer& server,
                                                            const std::string& host) {
  std::vector<std::chrono::steady_clock::time_point> out;
  for (const auto& r : server.all_requests())
    if (r.header("host") == host) out.push_back(r.received);
  return out;
}

}  // namespace

TEST_CASE("no host gets more requests at once than per_host.concurrency", "[app][daemon]") {
  TempDir dir;
  HttpServer server;
  const std::string port = std::to_string(server.port());
  std::vector<SourceEntry> sources;
  for (int i = 0; i < 12; ++i) {
    const std::string n = std::to_string(i);
    Reply slow = rss_reply(rss("https://p" + n + ".example.org"));
    slow.delay = 300ms;
    server.on("/ip/" + n, slow);
    server.on("/name/" + n, slow);
    sources.push_back({"ip-" + n, "http://127.0.0.1:" + port + "/ip/" + n});
    sources.push_back({"name-" + n, "http://localhost:" + port + "/name/" + n});
  }
  dir.write("feeds.yaml",
            feeds_yaml({"allow_private_networks: true", "interval: 1m", "timeout: 10s",
                        "concurrency: 16", "per_host: {concurrency: 2, delay: 0}"},
                       sources));
  auto r = fetch_round(dir.path());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(server.all_requests().size() == 24);
  for (const std::string& host : {"127.0.0.1:" + port, "localhost:" + port}) {
    INFO(host);
    CHECK(server.max_concurrent(host) <= 2);
    CHECK(server.max_concurrent(host) > 1);
  }
}

TEST_CASE("per_host.delay spaces the requests to one host", "[app][daemon]") {
  TempDir dir;
  HttpServer server;
  std::vector<SourceEntry> sources;
  for (int i = 0; i < 4; ++i) {
    const std::string n = std::to_string(i);
    server.on("/feed/" + n, rss_reply(rss("https://d" + n + ".example.org")));
    sources.push_back({"src-" + n, server.url("/feed/" + n)});
  }
  dir.write("feeds.yaml",
            feeds_yaml({"allow_private_networks: true", "interval: 1m", "timeout: 10s",
                        "concurrency: 16", "per_host: {concurrency: 1, delay: 500ms}"},
                       sources));
  auto r = fetch_round(dir.path());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto times = arrivals(server, "127.0.0.1:" + std::to_string(server.port()));
  REQUIRE(times.size() == 4);
  for (std::size_t i = 1; i < times.size(); ++i) {
    INFO("request " << i);
    CHECK(seconds_between(times[i - 1], times[i]) >= 0.45);
  }
}

TEST_CASE("a 429 with Retry-After pauses its host while other hosts go on", "[app][daemon]") {
  TempDir dir;
  HttpServer server;
  const std::string port = std::to_string(server.port());
  const std::string host_x = "127.0.0.1:" + port;
  const std::string host_y = "localhost:" + port;
  // Whichever source of host X comes first gets the 429.
  auto x_requests = std::make_shared<std::atomic<int>>(0);
  Handler x = [x_requests](const RecordedRequest&) {
    if (x_requests->fetch_add(1) == 0)
      return Reply{.status = 429, .headers = {{"Retry-After", "3"}}, .body = "slow down"};
    return rss_reply(rss("https://x.example.org"));
  };
  server.on("/x/a", x);
  server.on("/x/b", x);
  server.on("/y/a", rss_reply(rss("https://ya.example.org")));
  server.on("/y/b", rss_reply(rss("https://yb.example.org")));
  dir.write("feeds.yaml",
            feeds_yaml({"allow_private_networks: true", "interval: 1s", "timeout: 5s",
                        "concurrency: 16", "per_host: {concurrency: 1, delay: 0}"},
                       {{"xa", "http://" + host_x + "/x/a"},
                        {"xb", "http://" + host_x + "/x/b"},
                        {"ya", "http://" + host_y + "/y/a"},
                        {"yb", "http://" + host_y + "/y/b"}}));
  BackgroundProcess daemon({kBinary, "run"}, dir.path(), dir.path());
  REQUIRE(daemon.wait_for_log("running: 4 sources", 10'000));
  CHECK(eventually([&] { return arrivals(server, host_x).size() >= 2; }, 15s));
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15'000) == 0);
  INFO(daemon.err());
  CHECK(contains(daemon.err(), "host 127.0.0.1 paused until"));

  const auto xs = arrivals(server, host_x);
  REQUIRE(xs.size() >= 2);
  // Retry-After: 3, counted from the request's start floored to the second.
  CHECK(seconds_between(xs[0], xs[1]) >= 2.95);
  int y_meanwhile = 0;
  for (auto t : arrivals(server, host_y))
    if (t > xs[0] && t < xs[1]) ++y_meanwhile;
  CHECK(y_meanwhile >= 2);
}

TEST_CASE("robots.txt is fetched once per origin and its disallow is obeyed unless ignored",
          "[app][daemon]") {
  TempDir dir;
  HttpServer server;
  server.on("/robots.txt", Reply{.status = 200,
                                 .headers = {{"Content-Type", "text/plain"}},
                                 .body = "User-agent: *\nDisallow: /private/\n"});
  const Reply page{.status = 200,
                   .headers = {{"Content-Type", "text/html; charset=utf-8"}},
                   .body = "<html><body><h1>Aktuelles</h1></body></html>"};
  for (const char* path : {"/public/page", "/public/other", "/private/page", "/private/forced"})
    server.on(path, page);
  dir.write("feeds.yaml",
            feeds_yaml({"allow_private_networks: true", "interval: 1m", "timeout: 5s",
                        "concurrency: 16", "per_host: {concurrency: 2, delay: 0}"},
                       {{"allowed", server.url("/public/page"), "html"},
                        {"allowed-too", server.url("/public/other"), "html"},
                        {"denied", server.url("/private/page"), "html"},
                        {"forced", server.url("/private/forced"), "html", {"ignore_robots: true"}}}));
  auto r = fetch_round(dir.path());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(server.hits("/robots.txt") == 1);
  CHECK(server.hits("/public/page") == 1);
  CHECK(server.hits("/public/other") == 1);
  CHECK(server.hits("/private/page") == 0);
  CHECK(server.hits("/private/forced") == 1);
  for (const char* id : {"allowed", "allowed-too", "forced"}) {
    INFO(id);
    auto row = table_row(r.out, id);
    REQUIRE(row);
    CHECK(row->status == "200");
    CHECK(row->error.empty());
  }
  auto row = table_row(r.out, "denied");
  REQUIRE(row);
  CHECK(row->status == "no answer");
  CHECK(contains(row->error, "robots.txt"));
  auto s = stored(dir.path(), "denied");
  REQUIRE(s);
  REQUIRE(s->history.size() == 1);
  CHECK(s->history.front().http_status == 0);
  CHECK(contains(s->history.front().error, "robots.txt of " + server.url("") + " disallows"));
  CHECK(s->state.consecutive_errors == 1);
}

TEST_CASE("a fetch round does not wait for a host that Retry-After paused", "[app][daemon]") {
  // The pause is obeyed (the host's other source is not requested), but a
  // one-shot round reports that source instead of sleeping for an hour.
  TempDir dir;
  HttpServer server;
  auto requests = std::make_shared<std::atomic<int>>(0);
  Handler first_is_429 = [requests](const RecordedRequest&) {
    if (requests->fetch_add(1) == 0)
      return Reply{.status = 429, .headers = {{"Retry-After", "3600"}}, .body = "slow"};
    return rss_reply(rss("https://later.example.org"));
  };
  server.on("/a", first_is_429);
  server.on("/b", first_is_429);
  dir.write("feeds.yaml",
            feeds_yaml({"allow_private_networks: true", "interval: 100s", "timeout: 5s",
                        "concurrency: 16", "per_host: {concurrency: 1, delay: 0}"},
                       {{"a", server.url("/a")}, {"b", server.url("/b")}}));
  BackgroundProcess round({kBinary, "fetch"}, dir.path(), dir.path());
  const int exit_code = round.wait(15'000);
  INFO(round.out() << round.err());
  CHECK(exit_code == 1);
  CHECK(requests->load() == 1);
  const std::string waiting = server.hits("/a") == 1 ? "b" : "a";
  auto row = table_row(round.out(), waiting);
  REQUIRE(row);
  CHECK(row->status == "skipped");
  CHECK(contains(row->error, "paused"));
}
