#include "scheduler/queue.h"

#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

using kf::scheduler::JobQueue;
using kf::scheduler::Limits;
using kf::scheduler::TimePoint;
using namespace std::chrono_literals;
using Keys = std::vector<std::string>;
using Millis = std::chrono::milliseconds;

namespace {

const TimePoint t0 = TimePoint{} + std::chrono::hours(24 * 365 * 55);

TimePoint at(Millis offset) { return t0 + offset; }

Limits limits(int concurrency, int per_host, Millis delay) {
  return Limits{
      .concurrency = concurrency, .per_host_concurrency = per_host, .per_host_delay = delay};
}

// One row of a timeline: finish these keys, then take_ready at `time`.
struct Step {
  Millis time;
  Keys finish;
  Keys expected;
};

void run_steps(JobQueue& q, const std::vector<Step>& steps) {
  for (const auto& s : steps) {
    for (const auto& k : s.finish) q.finished(k);
    INFO("take_ready at t0+" << s.time.count() << " ms");
    CHECK(q.take_ready(at(s.time)) == s.expected);
  }
}

}  // namespace

TEST_CASE("due jobs come out earliest due first, ties broken by key", "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  q.schedule("c", "c.example", at(2s));
  q.schedule("b", "b.example", at(1s));
  q.schedule("a", "a.example", at(1s));
  q.schedule("d", "d.example", at(5s));
  q.schedule("y", "same.example", at(3s));
  q.schedule("x", "same.example", at(4s));
  run_steps(q, {{0s, {}, {}},
                {2s, {}, {"a", "b", "c"}},
                {4s, {}, {"y", "x"}},
                {4900ms, {}, {}},
                {5s, {}, {"d"}}});
  CHECK(q.pending() == 0);
  CHECK(q.running() == 6);
}

TEST_CASE("a host with concurrency 2 runs at most two of its five jobs", "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  for (auto k : {"j1", "j2", "j3", "j4", "j5"}) q.schedule(k, "h.example", t0);
  run_steps(q, {{0s, {}, {"j1", "j2"}},
                {10s, {}, {}},
                {11s, {"j1"}, {"j3"}},
                {12s, {"j2", "j3"}, {"j4", "j5"}}});
  CHECK(q.running_on("h.example") == 2);
  CHECK(q.running_on("other.example") == 0);
}

TEST_CASE("the per-host delay spaces starts on one host", "[scheduler]") {
  JobQueue q(limits(16, 2, 1000ms));
  for (auto k : {"j1", "j2", "j3"}) q.schedule(k, "h.example", t0);
  q.schedule("other", "o.example", t0);
  run_steps(q, {{0ms, {}, {"j1", "other"}},
                {500ms, {}, {}},
                {999ms, {}, {}},
                {1000ms, {}, {"j2"}},
                {2500ms, {}, {}},  // two running: the cap, not the delay, holds j3
                {2500ms, {"j1"}, {"j3"}}});
}

TEST_CASE("the global cap limits jobs in flight and the earliest due gets a free slot",
          "[scheduler]") {
  JobQueue q(limits(3, 2, 0ms));
  q.schedule("e", "e.example", at(4s));
  q.schedule("d", "d.example", at(3s));
  q.schedule("c", "c.example", at(2s));
  q.schedule("b", "b.example", at(1s));
  q.schedule("a", "a.example", at(1s));
  run_steps(q, {{10s, {}, {"a", "b", "c"}}, {11s, {}, {}}, {12s, {"b"}, {"d"}}});
  CHECK(q.running() == 3);
  CHECK(q.next_wakeup() == std::nullopt);
  q.finished("a");
  CHECK(q.next_wakeup() == at(4s));
}

TEST_CASE("under the global cap an earlier due beats a host that was ready earlier",
          "[scheduler]") {
  JobQueue q(limits(1, 2, 0ms));
  q.schedule("late-due", "a.example", at(5s));
  q.schedule("early-due", "b.example", at(1s));
  q.pause_host("b.example", at(8s));
  run_steps(q, {{10s, {}, {"early-due"}}, {11s, {"early-due"}, {"late-due"}}});
}

TEST_CASE("a paused host waits, and an earlier pause does not shorten it", "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  q.schedule("p", "paused.example", t0);
  q.schedule("f", "free.example", t0);
  q.pause_host("paused.example", at(60s));
  q.pause_host("paused.example", at(30s));
  run_steps(q, {{0s, {}, {"f"}}, {30s, {}, {}}});
  CHECK(q.next_wakeup() == at(60s));
  run_steps(q, {{59999ms, {}, {}}, {60s, {}, {"p"}}});
}

TEST_CASE("a host delay larger than the default wins, a smaller one does not", "[scheduler]") {
  JobQueue q(limits(16, 2, 1000ms));
  q.set_host_delay("slow.example", 10s);
  q.set_host_delay("eager.example", 100ms);
  for (auto k : {"s1", "s2"}) q.schedule(k, "slow.example", t0);
  for (auto k : {"e1", "e2"}) q.schedule(k, "eager.example", t0);
  run_steps(q, {{0ms, {}, {"e1", "s1"}}, {100ms, {}, {}}, {1000ms, {}, {"e2"}}});
  CHECK(q.next_wakeup() == at(10s));
  run_steps(q, {{9999ms, {}, {}}, {10s, {}, {"s2"}}});
}

TEST_CASE("scheduling a pending key again replaces its due time and host", "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  q.schedule("k", "a.example", at(100s));
  q.schedule("k", "b.example", at(5s));
  CHECK(q.pending() == 1);
  CHECK(q.next_wakeup() == at(5s));
  run_steps(q, {{5s, {}, {"k"}}, {100s, {}, {}}});
  CHECK(q.running_on("b.example") == 1);
  CHECK(q.running_on("a.example") == 0);
}

TEST_CASE("scheduling a running key keeps it running and adds a pending job that waits for it",
          "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  q.schedule("k", "h.example", t0);
  REQUIRE(q.take_ready(t0) == Keys{"k"});
  q.schedule("k", "h.example", at(1s));
  CHECK(q.is_running("k"));
  CHECK(q.is_pending("k"));
  CHECK(q.pending() == 1);
  CHECK(q.running() == 1);
  CHECK(q.next_wakeup() == std::nullopt);  // waits for its own running twin
  CHECK(q.take_ready(at(5s)).empty());
  q.finished("k");
  CHECK_FALSE(q.is_running("k"));
  CHECK(q.is_pending("k"));
  CHECK(q.next_wakeup() == at(1s));
  CHECK(q.take_ready(at(5s)) == Keys{"k"});
  CHECK(q.is_running("k"));
  CHECK_FALSE(q.is_pending("k"));
}

TEST_CASE("cancel removes a pending job only", "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  q.schedule("p", "a.example", at(1s));
  q.schedule("r", "b.example", t0);
  REQUIRE(q.take_ready(t0) == Keys{"r"});
  CHECK(q.cancel("p"));
  CHECK_FALSE(q.is_pending("p"));
  CHECK(q.pending() == 0);
  CHECK_FALSE(q.cancel("p"));
  CHECK_FALSE(q.cancel("unknown"));
  CHECK_FALSE(q.cancel("r"));
  CHECK(q.is_running("r"));
  CHECK(q.take_ready(at(10s)).empty());
  CHECK(q.next_wakeup() == std::nullopt);
}

TEST_CASE("cancelling the pending twin of a running key leaves the running job", "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  q.schedule("k", "h.example", t0);
  REQUIRE(q.take_ready(t0) == Keys{"k"});
  q.schedule("k", "h.example", t0);
  CHECK(q.cancel("k"));
  CHECK(q.is_running("k"));
  CHECK_FALSE(q.is_pending("k"));
  q.finished("k");
  CHECK(q.take_ready(at(1s)).empty());
  CHECK(q.running() == 0);
}

TEST_CASE("finished frees the host and global slots; unknown keys are ignored", "[scheduler]") {
  JobQueue q(limits(2, 1, 0ms));
  for (auto k : {"a1", "a2"}) q.schedule(k, "a.example", t0);
  q.schedule("b1", "b.example", t0);
  q.schedule("c1", "c.example", t0);
  REQUIRE(q.take_ready(t0) == Keys{"a1", "b1"});
  q.finished("nope");
  q.finished("c1");  // pending, not running: ignored
  CHECK(q.running() == 2);
  CHECK(q.is_pending("c1"));
  q.finished("a1");
  q.finished("a1");  // a second time: ignored
  CHECK(q.running() == 1);
  CHECK(q.running_on("a.example") == 0);
  CHECK(q.take_ready(at(1s)) == Keys{"a2"});
  q.finished("b1");
  CHECK(q.take_ready(at(1s)) == Keys{"c1"});
}

TEST_CASE("next_wakeup names the earliest possible start or nothing", "[scheduler]") {
  SECTION("empty") {
    JobQueue q(limits(16, 2, 1000ms));
    CHECK(q.next_wakeup() == std::nullopt);
  }
  SECTION("due in the future") {
    JobQueue q(limits(16, 2, 1000ms));
    q.schedule("k", "h.example", at(30s));
    q.schedule("j", "j.example", at(20s));
    CHECK(q.next_wakeup() == at(20s));
  }
  SECTION("due already") {
    JobQueue q(limits(16, 2, 1000ms));
    q.schedule("k", "h.example", at(-5s));
    CHECK(q.next_wakeup() == at(-5s));
  }
  SECTION("limited by the host delay") {
    JobQueue q(limits(16, 2, 1500ms));
    for (auto k : {"k1", "k2"}) q.schedule(k, "h.example", t0);
    REQUIRE(q.take_ready(at(1s)) == Keys{"k1"});
    CHECK(q.next_wakeup() == at(2500ms));
  }
  SECTION("paused") {
    JobQueue q(limits(16, 2, 1000ms));
    q.schedule("k", "h.example", at(1s));
    q.pause_host("h.example", at(90s));
    CHECK(q.next_wakeup() == at(90s));
  }
  SECTION("every pending job waits for a running one on its host") {
    JobQueue q(limits(16, 1, 0ms));
    for (auto k : {"k1", "k2"}) q.schedule(k, "h.example", t0);
    REQUIRE(q.take_ready(t0) == Keys{"k1"});
    CHECK(q.next_wakeup() == std::nullopt);
  }
  SECTION("the global cap is reached") {
    JobQueue q(limits(1, 2, 0ms));
    q.schedule("a", "a.example", t0);
    q.schedule("b", "b.example", t0);
    REQUIRE(q.take_ready(t0) == Keys{"a"});
    CHECK(q.next_wakeup() == std::nullopt);
    q.finished("a");
    CHECK(q.next_wakeup() == t0);
  }
}

TEST_CASE("a finished host still keeps its delay before its next start", "[scheduler]") {
  JobQueue q(limits(16, 2, 1000ms));
  q.schedule("k1", "h.example", t0);
  REQUIRE(q.take_ready(t0) == Keys{"k1"});
  q.finished("k1");
  CHECK(q.take_ready(at(500ms)).empty());  // the idle host must not be forgotten yet
  q.schedule("k2", "h.example", at(500ms));
  CHECK(q.take_ready(at(500ms)).empty());
  CHECK(q.next_wakeup() == at(1s));
  CHECK(q.take_ready(at(1s)) == Keys{"k2"});
}

TEST_CASE("new limits apply to the next take_ready", "[scheduler]") {
  JobQueue q(limits(16, 1, 0ms));
  for (auto k : {"k1", "k2", "k3"}) q.schedule(k, "h.example", t0);
  REQUIRE(q.take_ready(t0) == Keys{"k1"});
  CHECK(q.next_wakeup() == std::nullopt);
  q.set_limits(limits(16, 3, 2000ms));
  CHECK(q.next_wakeup() == at(2s));
  CHECK(q.take_ready(at(1s)).empty());
  CHECK(q.take_ready(at(2s)) == Keys{"k2"});
  q.set_limits(limits(1, 3, 0ms));
  CHECK(q.take_ready(at(2s)).empty());  // two running, global cap now 1
}

TEST_CASE("a clock that goes back does not start jobs before their time", "[scheduler]") {
  JobQueue q(limits(1, 2, 0ms));
  q.schedule("a", "a.example", t0);
  q.schedule("b", "b.example", at(5s));
  REQUIRE(q.take_ready(at(10s)) == Keys{"a"});
  q.finished("a");
  CHECK(q.take_ready(at(2s)).empty());
  CHECK(q.next_wakeup() == at(5s));
  CHECK(q.take_ready(at(5s)) == Keys{"b"});
}

TEST_CASE("a moved queue keeps its jobs", "[scheduler]") {
  JobQueue q(limits(16, 2, 0ms));
  q.schedule("k", "h.example", t0);
  JobQueue moved(std::move(q));
  CHECK(moved.is_pending("k"));
  JobQueue assigned(limits(1, 1, 0ms));
  assigned = std::move(moved);
  CHECK(assigned.take_ready(t0) == Keys{"k"});
}

TEST_CASE("11,000 hosts and 2,000 jobs on one host run through in simulated time", "[scheduler]") {
  JobQueue q(limits(16, 2, 1000ms));
  constexpr int kHosts = 11'000, kBigJobs = 2'000;
  std::map<std::string, TimePoint> due;
  for (int i = 0; i < kHosts; ++i) {
    std::string key = "source:" + std::to_string(i);
    due[key] = at(std::chrono::seconds(i % 3600));
    q.schedule(key, "host" + std::to_string(i) + ".example", due[key]);
  }
  for (int i = 0; i < kBigJobs; ++i) {
    std::string key = "page:" + std::to_string(i);
    due[key] = t0;
    q.schedule(key, "big.example", t0);
  }
  REQUIRE(q.pending() == std::size_t(kHosts + kBigJobs));

  std::map<std::string, TimePoint> started;
  std::vector<TimePoint> big_starts;
  TimePoint now = t0;
  int rounds = 0;
  while (q.pending() > 0 && rounds < 100'000) {
    ++rounds;
    const Keys taken = q.take_ready(now);
    REQUIRE(taken.size() <= 16);
    int big_now = 0;
    for (const auto& k : taken) {
      REQUIRE(started.emplace(k, now).second);
      REQUIRE(due.at(k) <= now);
      if (k.starts_with("page:")) {
        ++big_now;
        big_starts.push_back(now);
      }
    }
    CHECK(big_now <= 1);
    for (const auto& k : taken) q.finished(k);
    const auto wake = q.next_wakeup();
    if (!wake) break;
    now = std::max(now, *wake);
  }
  CHECK(q.pending() == 0);
  CHECK(q.running() == 0);
  CHECK(started.size() == std::size_t(kHosts + kBigJobs));
  REQUIRE(big_starts.size() == std::size_t(kBigJobs));
  for (std::size_t i = 1; i < big_starts.size(); ++i) {
    REQUIRE(big_starts[i] - big_starts[i - 1] >= 1s);
  }
  // Due earliest first: the big host's jobs (all due at t0) never wait for
  // later ones, so it runs back to back, one per second.
  CHECK(big_starts.back() == at(1999s));
  CHECK(started.at("page:0") == t0);
  CHECK(started.at("page:1") == at(1s));
  CHECK(q.running_on("big.example") == 0);
}
