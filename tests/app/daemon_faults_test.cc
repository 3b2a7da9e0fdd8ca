// The real daemon against a misbehaving server: what each HTTP outcome does
// to the `fetch` table, the fetch history and the stored source state, while
// a healthy source in the same feeds.yaml still gets its articles.
#include <catch2/catch.hpp>

#include <csignal>
#include <ctime>

#include "app/daemon_fixture.h"

using namespace kf::test;
using namespace std::chrono_literals;

namespace {

// interval 100s: a success is next due after 90..110 s, the first error
// after 200 s ± 20 s (interval × 2^1, ±10% jitter).
const std::vector<std::string> kDaemon = {"allow_private_networks: true", "interval: 100s",
                                          "timeout: 2s", "max_body: 64KiB", "concurrency: 8",
                                          "per_host: {concurrency: 4, delay: 0}"};
// The time a round may add between last_fetch (its start, floored to the
// second) and the moment next_fetch is computed.
constexpr long long kSlack = 5;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// One server, one temp dir, the source under test ("faulty") and a healthy
// one ("healthy", on host localhost so a paused 127.0.0.1 cannot stall it).
struct Scene {
  TempDir dir;
  HttpServer server;
  std::string healthy_url;

  Scene() : healthy_url("http://localhost:" + std::to_string(server.port()) + "/healthy") {
    server.on("/healthy", rss_reply(rss("https://healthy.example.org")));
  }
  void write(const std::string& faulty_url, std::vector<std::string> daemon = kDaemon) const {
    dir.write("feeds.yaml", feeds_yaml(daemon, {{"faulty", faulty_url}, {"healthy", healthy_url}}));
  }
  ProcessResult round() const { return fetch_round(dir.path()); }
  Stored load(const std::string& id) const {
    auto s = stored(dir.path(), id);
    REQUIRE(s);
    return *s;
  }
  // The healthy source succeeded in the round `r` and holds its 2 articles.
  void check_healthy(const ProcessResult& r) const {
    auto row = table_row(r.out, "healthy");
    REQUIRE(row);
    CHECK(row->status == "200");
    CHECK(row->error.empty());
    const Stored s = load("healthy");
    CHECK(s.articles == 2);
    CHECK(s.state.consecutive_errors == 0);
    CHECK(s.state.last_error.empty());
    REQUIRE(!s.history.empty());
    CHECK(s.history.front().http_status == 200);
    CHECK(s.history.front().error.empty());
  }
};

struct Failure {
  std::string status_cell;  // in the table
  int http_status = 0;      // in the history
  std::string phrase;       // in the table, the history and the state
};

// One `fetch` round of "faulty" at `url` fails as `f` says; the error names
// the URL, the state counts one error and backs off 200 s ± 20 s.
void check_first_failure(const Scene& scene, const ProcessResult& r, const std::string& url,
                         const Failure& f) {
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  scene.check_healthy(r);
  auto row = table_row(r.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == f.status_cell);
  CHECK(row->new_articles == 0);
  CHECK(row->updated == 0);
  CHECK(row->unchanged == 0);
  CHECK(contains(row->error, f.phrase));
  const Stored s = scene.load("faulty");
  REQUIRE(s.history.size() == 1);
  const kf::FetchRecord& record = s.history.front();
  CHECK(record.http_status == f.http_status);
  CHECK(record.url == url);
  CHECK(contains(record.error, f.phrase));
  CHECK(contains(record.error, url));
  CHECK(record.new_articles == 0);
  CHECK(s.articles == 0);
  CHECK(s.state.consecutive_errors == 1);
  CHECK(s.state.last_error == record.error);
  CHECK(s.state.last_status == f.http_status);
  CHECK(!s.state.disabled);
  CHECK(s.state.effective_url.empty());
  const long long gap = scheduled_gap(s.state);
  CHECK(gap >= 180);
  CHECK(gap <= 220 + kSlack);
}

void expect_failure(Reply reply, const Failure& f) {
  Scene scene;
  scene.server.on("/feed", std::move(reply));
  scene.write(scene.server.url("/feed"));
  check_first_failure(scene, scene.round(), scene.server.url("/feed"), f);
  CHECK(scene.server.hits("/feed") == 1);
}

// A successful first round of "faulty": 2 new articles, next fetch after
// one interval (100 s ± 10 s).
void check_first_success(const Scene& scene, const ProcessResult& r) {
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  scene.check_healthy(r);
  auto row = table_row(r.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == "200");
  CHECK(row->new_articles == 2);
  CHECK(row->error.empty());
  const Stored s = scene.load("faulty");
  REQUIRE(!s.history.empty());
  CHECK(s.history.front().http_status == 200);
  CHECK(s.history.front().new_articles == 2);
  CHECK(s.history.front().error.empty());
  CHECK(s.articles == 2);
  CHECK(s.state.consecutive_errors == 0);
  CHECK(s.state.last_error.empty());
  CHECK(!s.state.disabled);
  const long long gap = scheduled_gap(s.state);
  CHECK(gap >= 90);
  CHECK(gap <= 110 + kSlack);
}

std::string big_rss(std::size_t at_least) {
  int items = 2;
  std::string body;
  while ((body = rss("https://big.example.org", items)).size() < at_least) items *= 2;
  return body;
}

std::string http_date(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

}  // namespace

TEST_CASE("a 200 feed is stored and next fetched one interval later", "[app][daemon]") {
  Scene scene;
  scene.server.on("/feed", rss_reply(rss("https://faulty.example.org")));
  scene.write(scene.server.url("/feed"));
  auto r = scene.round();
  check_first_success(scene, r);
  CHECK(scene.load("faulty").state.effective_url.empty());
  CHECK(scene.load("faulty").state.last_status == 200);
}

TEST_CASE("a 304 answer to the validators rewrites no article", "[app][daemon]") {
  Scene scene;
  const std::string etag = "\"v1\"";
  const std::string modified = "Fri, 07 Feb 2025 10:00:00 GMT";
  const std::string body = rss("https://faulty.example.org");
  scene.server.on("/feed", Handler([&](const RecordedRequest& request) {
    if (request.header("if-none-match") == etag) return Reply{.status = 304, .headers = {{"ETag", etag}}};
    Reply reply = rss_reply(body);
    reply.headers.push_back({"ETag", etag});
    reply.headers.push_back({"Last-Modified", modified});
    return reply;
  }));
  scene.write(scene.server.url("/feed"));
  check_first_success(scene, scene.round());
  CHECK(scene.load("faulty").state.etag == etag);
  CHECK(scene.load("faulty").state.last_modified == modified);

  auto r = scene.round();
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto row = table_row(r.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == "304");
  CHECK(row->new_articles == 0);
  CHECK(row->updated == 0);
  CHECK(row->unchanged == 0);
  auto requests = scene.server.requests("/feed");
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].header("if-none-match").empty());
  CHECK(requests[1].header("if-none-match") == etag);
  CHECK(requests[1].header("if-modified-since") == modified);
  const Stored s = scene.load("faulty");
  REQUIRE(s.history.size() == 2);
  CHECK(s.history.front().http_status == 304);
  CHECK(s.history.front().new_articles == 0);
  CHECK(s.history.front().updated_articles == 0);
  CHECK(s.history.front().unchanged_articles == 0);
  CHECK(s.articles == 2);
  CHECK(s.state.etag == etag);
  CHECK(s.state.consecutive_errors == 0);
  CHECK(scheduled_gap(s.state) >= 90);
  CHECK(scheduled_gap(s.state) <= 110 + kSlack);
}

TEST_CASE("the same body twice without validators is unchanged and writes nothing", "[app][daemon]") {
  Scene scene;
  scene.server.on("/feed", rss_reply(rss("https://faulty.example.org")));
  scene.write(scene.server.url("/feed"));
  check_first_success(scene, scene.round());
  const std::string hash = scene.load("faulty").state.body_hash;
  CHECK(!hash.empty());

  auto r = scene.round();
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto row = table_row(r.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == "200");
  CHECK(row->new_articles == 0);
  CHECK(row->updated == 0);
  CHECK(row->unchanged == 0);
  auto requests = scene.server.requests("/feed");
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].header("if-none-match").empty());
  CHECK(requests[1].header("if-modified-since").empty());
  const Stored s = scene.load("faulty");
  REQUIRE(s.history.size() == 2);
  CHECK(s.history.front().http_status == 200);
  CHECK(s.history.front().new_articles == 0);
  CHECK(s.history.front().updated_articles == 0);
  CHECK(s.history.front().unchanged_articles == 0);
  CHECK(s.articles == 2);
  CHECK(s.state.body_hash == hash);
}

TEST_CASE("a 301 chain moves the source: the next round requests the new URL", "[app][daemon]") {
  Scene scene;
  scene.server.redirect("/old", 301, scene.server.url("/middle"));
  scene.server.redirect("/middle", 301, "/new");
  scene.server.on("/new", rss_reply(rss("https://faulty.example.org")));
  scene.write(scene.server.url("/old"));
  check_first_success(scene, scene.round());
  const Stored first = scene.load("faulty");
  CHECK(first.state.effective_url == scene.server.url("/new"));
  CHECK(first.history.front().url == scene.server.url("/old"));

  auto r = scene.round();
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(scene.server.hits("/old") == 1);
  CHECK(scene.server.hits("/middle") == 1);
  CHECK(scene.server.hits("/new") == 2);
  const Stored s = scene.load("faulty");
  CHECK(s.history.front().url == scene.server.url("/new"));
  CHECK(s.state.effective_url == scene.server.url("/new"));
}

TEST_CASE("a 302 chain does not move the source", "[app][daemon]") {
  Scene scene;
  scene.server.redirect("/old", 302, "/middle");
  scene.server.redirect("/middle", 302, scene.server.url("/new"));
  scene.server.on("/new", rss_reply(rss("https://faulty.example.org")));
  scene.write(scene.server.url("/old"));
  check_first_success(scene, scene.round());
  CHECK(scene.load("faulty").state.effective_url.empty());

  auto r = scene.round();
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(scene.server.hits("/old") == 2);
  CHECK(scene.server.hits("/new") == 2);
  CHECK(scene.load("faulty").history.front().url == scene.server.url("/old"));
}

TEST_CASE("a redirect loop is an error and moves nothing", "[app][daemon]") {
  Scene scene;
  scene.server.redirect("/a", 301, "/b");
  scene.server.redirect("/b", 301, "/a");
  scene.write(scene.server.url("/a"));
  check_first_failure(scene, scene.round(), scene.server.url("/a"), {"no answer", 0, "redirect loop"});
  CHECK(scene.server.hits("/a") >= 2);
}

TEST_CASE("a 404 is an error and backs off", "[app][daemon]") {
  expect_failure(Reply{.status = 404, .body = "nope"}, {"404", 404, "HTTP 404 Not Found"});
}

TEST_CASE("a 500 is an error and backs off", "[app][daemon]") {
  expect_failure(Reply{.status = 500, .body = "oops"}, {"500", 500, "HTTP 500 Internal Server Error"});
}

TEST_CASE("a 503 without Retry-After is an error and backs off", "[app][daemon]") {
  expect_failure(Reply{.status = 503, .body = "busy"}, {"503", 503, "HTTP 503 Service Unavailable"});
}

TEST_CASE("a 410 disables the source and the next round skips it", "[app][daemon]") {
  Scene scene;
  scene.server.on("/feed", Reply{.status = 410, .body = "gone"});
  scene.write(scene.server.url("/feed"));
  auto r = scene.round();
  {
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    scene.check_healthy(r);
    auto row = table_row(r.out, "faulty");
    REQUIRE(row);
    CHECK(row->status == "410");
    CHECK(contains(row->error, "HTTP 410 Gone"));
    const Stored s = scene.load("faulty");
    REQUIRE(s.history.size() == 1);
    CHECK(s.history.front().http_status == 410);
    CHECK(contains(s.history.front().error, "410 Gone"));
    CHECK(s.state.disabled);
    CHECK(contains(s.state.disabled_reason, "410"));
    CHECK(contains(s.state.last_error, "410 Gone"));
    CHECK(!s.state.next_fetch);
    CHECK(s.state.effective_url.empty());
  }
  auto again = scene.round();
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);  // skipped is not a failure
  auto row = table_row(again.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == "skipped");
  CHECK(contains(row->error, "disabled"));
  CHECK(scene.server.hits("/feed") == 1);
  CHECK(scene.load("faulty").history.size() == 1);
  CHECK(scene.load("healthy").history.size() == 2);
}

TEST_CASE("a 429 with Retry-After seconds pauses the host that long", "[app][daemon]") {
  Scene scene;
  scene.server.on("/feed", Reply{.status = 429, .headers = {{"Retry-After", "3600"}}, .body = "slow"});
  scene.write(scene.server.url("/feed"));
  auto r = scene.round();
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  scene.check_healthy(r);
  auto row = table_row(r.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == "429");
  CHECK(contains(row->error, "HTTP 429 Too Many Requests; host paused until"));
  const Stored s = scene.load("faulty");
  REQUIRE(s.history.size() == 1);
  CHECK(s.history.front().http_status == 429);
  CHECK(contains(s.history.front().error, "(Retry-After)"));
  CHECK(s.state.consecutive_errors == 1);
  CHECK(scheduled_gap(s.state) >= 3600);
  CHECK(scheduled_gap(s.state) <= 3600 + kSlack);
}

TEST_CASE("a 429 with a Retry-After HTTP-date pauses the host until then", "[app][daemon]") {
  Scene scene;
  const std::time_t until = std::time(nullptr) + 7200;
  scene.server.on("/feed", Reply{.status = 429, .headers = {{"Retry-After", http_date(until)}}});
  scene.write(scene.server.url("/feed"));
  auto r = scene.round();
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  scene.check_healthy(r);
  auto row = table_row(r.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == "429");
  CHECK(contains(row->error, "host paused until"));
  const Stored s = scene.load("faulty");
  REQUIRE(s.state.next_fetch);
  const long long next = s.state.next_fetch->time_since_epoch().count();
  CHECK(next >= static_cast<long long>(until) - 3);
  CHECK(next <= static_cast<long long>(until) + 3);
  CHECK(s.state.consecutive_errors == 1);
}

TEST_CASE("a refused connection is an error without HTTP status", "[app][daemon]") {
  Scene scene;
  const std::string url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/feed";
  scene.write(url);
  check_first_failure(scene, scene.round(), url, {"no answer", 0, "connection refused"});
}

TEST_CASE("a connection reset in the middle of the body is an error", "[app][daemon]") {
  Reply reply = rss_reply(big_rss(8000));
  reply.reset_after = 1000;
  expect_failure(std::move(reply), {"no answer", 0, "connection reset"});
}

TEST_CASE("a server that accepts and never answers times out", "[app][daemon]") {
  expect_failure(Reply{.never_answer = true}, {"no answer", 0, "timed out after 2 s"});
}

TEST_CASE("a body dripping slower than the timeout times out", "[app][daemon]") {
  Reply reply = rss_reply(big_rss(4000));
  reply.drip_bytes = 100;
  reply.drip_interval = 200ms;
  expect_failure(std::move(reply), {"no answer", 0, "timed out after 2 s"});
}

TEST_CASE("a body shorter than its Content-Length is an error", "[app][daemon]") {
  Reply reply = rss_reply(big_rss(4000));
  reply.close_after = 500;
  expect_failure(std::move(reply), {"no answer", 0, "body truncated"});
}

TEST_CASE("a body over max_body is refused", "[app][daemon]") {
  expect_failure(rss_reply(big_rss(100'000)), {"no answer", 0, "body over 64 KiB"});
}

TEST_CASE("a gzip bomb stops at max_body", "[app][daemon]") {
  Reply reply = rss_reply("");
  reply.gzip_zeros = std::uint64_t{1} << 30;
  expect_failure(std::move(reply), {"no answer", 0, "body over 64 KiB"});
}

TEST_CASE("a feed served as text/plain is still read", "[app][daemon]") {
  Scene scene;
  scene.server.on("/feed", Reply{.status = 200,
                                 .headers = {{"Content-Type", "text/plain; charset=utf-8"}},
                                 .body = rss("https://faulty.example.org")});
  scene.write(scene.server.url("/feed"));
  check_first_success(scene, scene.round());
}

TEST_CASE("an empty 200 body is an error", "[app][daemon]") {
  expect_failure(rss_reply(""), {"200", 200, "not a feed (no XML or JSON content)"});
}

TEST_CASE("an HTML page where a feed was expected is not a feed", "[app][daemon]") {
  expect_failure(Reply{.status = 200,
                       .headers = {{"Content-Type", "text/html; charset=utf-8"}},
                       .body = "<!DOCTYPE html><html><head><title>Start</title></head>"
                               "<body><p>Willkommen</p></body></html>"},
                 {"200", 200, "not a feed"});
}

TEST_CASE("with the private-network policy on, a loopback source is never connected to",
          "[app][daemon]") {
  // The healthy source cannot exist here: the test server is itself on
  // loopback, which the policy refuses.
  TempDir dir;
  HttpServer server;
  server.on("/x", rss_reply(rss("https://faulty.example.org")));
  dir.write("feeds.yaml", feeds_yaml({"interval: 100s", "timeout: 2s"}, {{"faulty", server.url("/x")}}));
  auto r = fetch_round(dir.path());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  auto row = table_row(r.out, "faulty");
  REQUIRE(row);
  CHECK(row->status == "no answer");
  CHECK(contains(row->error, "blocked private address 127.0.0.1"));
  auto s = stored(dir.path(), "faulty");
  REQUIRE(s);
  REQUIRE(s->history.size() == 1);
  CHECK(s->history.front().http_status == 0);
  CHECK(contains(s->history.front().error, "blocked private address"));
  CHECK(s->state.consecutive_errors == 1);
  CHECK(scheduled_gap(s->state) >= 180);
  CHECK(scheduled_gap(s->state) <= 220 + kSlack);
  CHECK(server.connections() == 0);
  CHECK(server.hits("/x") == 0);
}

TEST_CASE("run keeps fetching a healthy source and retries failing ones per backoff until SIGTERM",
          "[app][daemon]") {
  TempDir dir;
  HttpServer server;
  const std::string port = std::to_string(server.port());
  server.on("/healthy", rss_reply(rss("https://healthy.example.org")));
  server.on("/404", Reply{.status = 404});
  server.on("/500", Reply{.status = 500});
  server.on("/503", Reply{.status = 503});
  server.on("/410", Reply{.status = 410});
  server.redirect("/loop-a", 302, "/loop-b");
  server.redirect("/loop-b", 302, "/loop-a");
  server.on("/silent", Reply{.never_answer = true});
  Reply reset = rss_reply(big_rss(8000));
  reset.reset_after = 1000;
  server.on("/reset", reset);
  Reply truncated = rss_reply(big_rss(8000));
  truncated.close_after = 1000;
  server.on("/truncated", truncated);
  server.on("/html", Reply{.status = 200, .body = "<html><body>Hallo</body></html>"});
  server.on("/empty", rss_reply(""));
  server.on("/huge", rss_reply(big_rss(100'000)));
  const std::vector<std::string> failing = {"/404",   "/500",      "/503", "/loop-a", "/silent",
                                            "/reset", "/truncated", "/html", "/empty", "/huge"};
  std::vector<SourceEntry> sources = {{"healthy", "http://localhost:" + port + "/healthy"},
                                      {"gone", server.url("/410")},
                                      {"refused", "http://127.0.0.1:" +
                                                      std::to_string(unused_port()) + "/feed"}};
  for (const auto& path : failing) sources.push_back({"f" + path.substr(1), server.url(path)});
  dir.write("feeds.yaml",
            feeds_yaml({"allow_private_networks: true", "interval: 2s", "timeout: 2s",
                        "max_body: 64KiB", "concurrency: 16", "per_host: {concurrency: 8, delay: 0}"},
                       sources));

  const auto start = std::chrono::steady_clock::now();
  BackgroundProcess daemon({kBinary, "run"}, dir.path(), dir.path());
  REQUIRE(daemon.wait_for_log("running: 13 sources", 10'000));
  // Backoff of interval 2s: the 2nd try 4 s after the 1st, the 3rd 8 s later.
  CHECK(eventually([&] {
    for (const auto& path : failing) {
      auto s = stored(dir.path(), "f" + path.substr(1));
      if (!s || s->history.size() < 2) return false;
    }
    auto healthy = stored(dir.path(), "healthy");
    return healthy && healthy->history.size() >= 3;
  }));
  std::this_thread::sleep_for(std::max(
      0ms, std::chrono::duration_cast<std::chrono::milliseconds>(8s - (std::chrono::steady_clock::now() - start))));
  CHECK(daemon.running());
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15'000) == 0);
  INFO(daemon.err());

  CHECK(server.hits("/healthy") >= 3);
  CHECK(server.hits("/410") == 1);
  for (const auto& path : failing) {
    INFO(path);
    auto s = stored(dir.path(), "f" + path.substr(1));
    REQUIRE(s);
    const auto& history = s->history;  // newest first
    REQUIRE(history.size() >= 2);
    CHECK(history.size() <= 3);
    CHECK(s->state.consecutive_errors == static_cast<int>(history.size()));
    const auto n = history.size();
    CHECK((history[n - 2].started - history[n - 1].started).count() >= 4);
    if (n == 3) CHECK((history[0].started - history[1].started).count() >= 8);
    const long long backoff = 2LL << s->state.consecutive_errors;  // 2 s × 2^n, no jitter below 10 s
    CHECK(scheduled_gap(s->state) >= backoff);
    CHECK(scheduled_gap(s->state) <= backoff + 3);
    if (path == "/loop-a") continue;  // every try of the loop requests it several times
    auto requests = server.requests(path);
    REQUIRE(requests.size() >= 2);
    CHECK(requests.size() <= n + 1);  // one more may have been cancelled by SIGTERM
    // 4 s, less the second the daemon's clock is floored to.
    CHECK(seconds_between(requests[0].received, requests[1].received) >= 2.9);
  }
  auto refused = stored(dir.path(), "refused");
  REQUIRE(refused);
  CHECK(refused->state.consecutive_errors >= 2);
  auto gone = stored(dir.path(), "gone");
  REQUIRE(gone);
  CHECK(gone->state.disabled);
  auto healthy = stored(dir.path(), "healthy");
  REQUIRE(healthy);
  CHECK(healthy->articles == 2);
  CHECK(healthy->state.consecutive_errors == 0);
  CHECK(healthy->history.size() >= 3);
}
