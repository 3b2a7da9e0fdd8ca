// What one finished fetch does to a source's state: each case is a response
// (or a transport error) and the state, record and schedule it must give.
#include <catch2/catch.hpp>

#include "app/source_update.h"

using namespace std::chrono_literals;
using kf::SourceState;
using kf::Timestamp;
using kf::app::Body;
using kf::app::Outcome;

namespace {

const Timestamp kStarted{std::chrono::sys_days{std::chrono::year{2025} / 2 / 4} + 10h};
const Timestamp kNow = kStarted + 2s;

kf::config::Source source() {
  kf::config::Source s;
  s.id = "k21";
  s.url = "https://www.kommune21.de/feed.rss";
  return s;
}

kf::fetch::Response response(int status, std::string body = "<rss/>") {
  kf::fetch::Response r;
  r.status = status;
  r.effective_url = "https://www.kommune21.de/feed.rss";
  r.body = std::move(body);
  r.bytes_received = 1234;
  r.duration = 150ms;
  return r;
}

Outcome run(const kf::Result<kf::fetch::Response>& r, SourceState before = {}) {
  Outcome o = kf::app::classify(source(), before, r, kStarted);
  kf::app::schedule_next(o, 30min, std::nullopt, 42, kNow);
  return o;
}

// Jitter moves a delay by up to ±10%.
void check_next(const Outcome& o, std::chrono::seconds expected) {
  REQUIRE(o.state.next_fetch.has_value());
  auto delay = *o.state.next_fetch - kNow;
  CHECK(delay >= expected * 9 / 10);
  CHECK(delay <= expected * 11 / 10);
}

}  // namespace

TEST_CASE("a 200 stores its validators, asks for parsing and comes back after the interval", "[app]") {
  auto r = response(200);
  r.etag = "\"v1\"";
  r.last_modified = "Tue, 04 Feb 2025 09:00:00 GMT";
  Outcome o = run(r);
  CHECK(o.success);
  CHECK(o.body == Body::new_content);
  CHECK(o.state.etag == "\"v1\"");
  CHECK(o.state.last_modified == "Tue, 04 Feb 2025 09:00:00 GMT");
  CHECK(o.state.body_hash == o.body_hash);
  CHECK(o.state.last_status == 200);
  CHECK(o.state.last_success == kStarted);
  CHECK(o.record.http_status == 200);
  CHECK(o.record.bytes == 1234);
  CHECK(o.record.duration_ms == 150);
  CHECK(o.record.error.empty());
  check_next(o, 30min);
}

TEST_CASE("a 200 whose body hash matches the last one is unchanged", "[app]") {
  Outcome first = run(response(200, "<rss>same</rss>"));
  Outcome second = run(response(200, "<rss>same</rss>"), first.state);
  CHECK(second.success);
  CHECK(second.body == Body::unchanged);
  Outcome third = run(response(200, "<rss>other</rss>"), second.state);
  CHECK(third.body == Body::new_content);
}

TEST_CASE("a 304 succeeds without a body and keeps the validators", "[app]") {
  SourceState before;
  before.etag = "\"v1\"";
  before.last_modified = "Tue, 04 Feb 2025 09:00:00 GMT";
  before.body_hash = "abc";
  before.consecutive_errors = 3;
  Outcome o = run(response(304, ""), before);
  CHECK(o.success);
  CHECK(o.body == Body::none);
  CHECK(o.state.etag == "\"v1\"");
  CHECK(o.state.last_modified == before.last_modified);
  CHECK(o.state.body_hash == "abc");
  CHECK(o.state.consecutive_errors == 0);
  check_next(o, 30min);
}

TEST_CASE("permanent redirects from the requested URL move the effective URL", "[app]") {
  auto r = response(200);
  r.redirects = {{301, "https://www.kommune21.de/feed.rss", "https://kommune21.de/feed.rss"},
                 {308, "https://kommune21.de/feed.rss", "https://kommune21.de/rss/"},
                 {302, "https://kommune21.de/rss/", "https://cdn.kommune21.de/rss/"}};
  Outcome o = run(r);
  CHECK(o.state.effective_url == "https://kommune21.de/rss/");
  REQUIRE(o.log.size() == 1);
  CHECK(o.log[0].text.find("moved permanently to https://kommune21.de/rss/") != std::string::npos);
  CHECK(kf::app::request_url(source(), o.state) == "https://kommune21.de/rss/");
}

TEST_CASE("a temporary redirect leaves the effective URL alone", "[app]") {
  auto r = response(200);
  r.redirects = {{302, "https://www.kommune21.de/feed.rss", "https://kommune21.de/tmp"},
                 {301, "https://kommune21.de/tmp", "https://kommune21.de/rss/"}};
  Outcome o = run(r);
  CHECK(o.state.effective_url.empty());
  CHECK(o.log.empty());
}

TEST_CASE("a permanent redirect to an error page moves nothing", "[app]") {
  auto r = response(404);
  r.redirects = {{301, "https://www.kommune21.de/feed.rss", "https://kommune21.de/gone"}};
  Outcome o = run(r);
  CHECK_FALSE(o.success);
  CHECK(o.state.effective_url.empty());
}

TEST_CASE("410 Gone disables the source and schedules nothing", "[app]") {
  Outcome o = run(response(410, ""));
  CHECK_FALSE(o.success);
  CHECK(o.state.disabled);
  CHECK(o.state.disabled_reason.find("410 Gone") != std::string::npos);
  CHECK_FALSE(o.state.next_fetch.has_value());
  REQUIRE(o.log.size() == 1);
  CHECK(o.log[0].warning);
}

TEST_CASE("429 with Retry-After pauses the host and waits at least that long", "[app]") {
  auto r = response(429, "");
  r.retry_after = 6h;
  Outcome o = run(r);
  CHECK_FALSE(o.success);
  REQUIRE(o.pause_host_until.has_value());
  // Rounded up: `started` is floored to the second, 150 ms count as 1 s.
  CHECK(*o.pause_host_until == kStarted + 6h + 2s);
  CHECK(*o.state.next_fetch >= kStarted + 6h);
  CHECK(o.record.error.find("HTTP 429 Too Many Requests; host paused until") != std::string::npos);
}

TEST_CASE("503 without Retry-After only backs off", "[app]") {
  Outcome o = run(response(503, ""));
  CHECK_FALSE(o.pause_host_until.has_value());
  CHECK(o.record.error == "fetch: k21: https://www.kommune21.de/feed.rss: HTTP 503 Service Unavailable");
  check_next(o, 60min);  // first error: interval × 2
}

TEST_CASE("errors back off exponentially up to a day and recover on success", "[app]") {
  SourceState s;
  s.consecutive_errors = 2;
  Outcome third = run(response(500, ""), s);
  CHECK(third.state.consecutive_errors == 3);
  CHECK(third.state.last_error == "fetch: k21: https://www.kommune21.de/feed.rss: HTTP 500 Internal Server Error");
  check_next(third, 240min);  // 30 min × 2^3
  s.consecutive_errors = 40;
  check_next(run(response(500, ""), s), 24h);
  Outcome healed = run(response(304, ""), third.state);
  CHECK(healed.state.consecutive_errors == 0);
  CHECK(healed.state.last_error.empty());
}

TEST_CASE("a transport error has no status and keeps its message", "[app]") {
  kf::Result<kf::fetch::Response> error =
      std::unexpected(kf::Error{"fetch: k21: https://www.kommune21.de/feed.rss: connection refused"});
  Outcome o = run(error);
  CHECK_FALSE(o.success);
  CHECK(o.record.http_status == 0);
  CHECK(o.state.last_status == 0);
  CHECK(o.state.consecutive_errors == 1);
  CHECK(o.record.error == "fetch: k21: https://www.kommune21.de/feed.rss: connection refused");
}

TEST_CASE("a parse failure after a 200 counts as an error and keeps the old body hash", "[app]") {
  SourceState before;
  before.body_hash = "old";
  Outcome o = kf::app::classify(source(), before, response(200, "<html/>"), kStarted);
  kf::app::fail(o, "parse: https://www.kommune21.de/feed.rss: not a feed (root element <html>)");
  kf::app::schedule_next(o, 30min, std::nullopt, 42, kNow);
  CHECK(o.state.consecutive_errors == 1);
  CHECK(o.state.body_hash == "old");
  CHECK(o.state.last_error.find("not a feed") != std::string::npos);
}

TEST_CASE("ttl and max-age lengthen the interval but never shorten it", "[app]") {
  Outcome o = kf::app::classify(source(), {}, response(200), kStarted);
  kf::app::schedule_next(o, 30min, 2h, 42, kNow);
  check_next(o, 2h);
  auto r = response(200);
  r.max_age = 60s;
  Outcome short_lived = kf::app::classify(source(), {}, r, kStarted);
  kf::app::schedule_next(short_lived, 30min, std::nullopt, 42, kNow);
  check_next(short_lived, 30min);
}

TEST_CASE("a changed URL in feeds.yaml resets what belonged to the old one", "[app]") {
  SourceState s;
  s.configured_url = "https://old.example.org/feed";
  s.effective_url = "https://old.example.org/moved";
  s.etag = "\"x\"";
  s.disabled = true;
  s.disabled_reason = "HTTP 410 Gone";
  s.consecutive_errors = 5;
  CHECK(kf::app::adopt_configured_url(source(), s));
  CHECK(s.configured_url == source().url);
  CHECK(s.effective_url.empty());
  CHECK(s.etag.empty());
  CHECK_FALSE(s.disabled);
  CHECK(s.consecutive_errors == 0);
  CHECK_FALSE(kf::app::adopt_configured_url(source(), s));

  SourceState from_v1;
  from_v1.effective_url = "https://kommune21.de/rss/";
  CHECK_FALSE(kf::app::adopt_configured_url(source(), from_v1));
  CHECK(from_v1.effective_url == "https://kommune21.de/rss/");
}
