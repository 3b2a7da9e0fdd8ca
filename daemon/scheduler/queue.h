// JobQueue decides which fetch may start when: it holds pending jobs (a
// source's next fetch, a robots.txt, a scraped article page) with their due
// time and host, and hands out the due ones while keeping every politeness
// budget: a global cap on transfers in flight, per host at most
// `per_host_concurrency` in flight and at least `per_host_delay` between two
// starts, and hosts paused by Retry-After. It never looks at a clock: callers
// pass `now`, so tests are tables of times. Costs O(log n) per scheduled or
// started job, also with 11,000 hosts or 2,000 jobs waiting on one host.
// NOT thread-safe: the daemon uses it from its event-loop thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kf::scheduler {

using Clock = std::chrono::system_clock;
using TimePoint = Clock::time_point;

struct Limits {
  int concurrency = 16;          // transfers in flight, all hosts together (>= 1)
  int per_host_concurrency = 2;  // in flight per host (>= 1)
  std::chrono::milliseconds per_host_delay{1000};  // between two starts on one host
  bool operator==(const Limits&) const = default;
};

class JobQueue {
 public:
  explicit JobQueue(Limits limits);
  ~JobQueue();
  // A moved-from JobQueue may only be assigned to or destroyed.
  JobQueue(JobQueue&&) noexcept;
  JobQueue& operator=(JobQueue&&) noexcept;

  // Takes effect for the next take_ready(); running jobs are not touched.
  void set_limits(Limits limits);

  // Adds job `key` (unique, e.g. "source:kommune21") for `host` (lower-case
  // host name, port ignored: a site's pages share one budget), due at `due`.
  // A pending job with the same key is replaced (new due time and host). A
  // running job with that key stays running and the new one waits pending:
  // it cannot start (and next_wakeup ignores it) until finished(key).
  void schedule(std::string key, std::string host, TimePoint due);

  // Removes the pending job `key`; false when there was none. Running jobs
  // are unaffected (they end with finished()).
  bool cancel(std::string_view key);

  // Pops every job that may start at `now`: due (due <= now), its host not
  // paused, below its concurrency, and at least its delay past the host's
  // last start; the global cap not reached. Earliest due first, ties by key.
  // Each returned job is running (counts on its host and globally) until
  // finished(key). Starting a job stamps its host's last start with `now`,
  // so at most one job per host is returned per call when the delay is > 0.
  std::vector<std::string> take_ready(TimePoint now);

  // Ends a running job and frees its slots; unknown keys are ignored.
  void finished(std::string_view key);

  // No job for `host` starts before `until` (Retry-After); an earlier
  // `until` than an existing pause does not shorten it.
  void pause_host(std::string_view host, TimePoint until);
  // Overrides the delay for one host (robots.txt Crawl-delay); the larger of
  // this and Limits::per_host_delay applies.
  void set_host_delay(std::string_view host, std::chrono::milliseconds delay);

  // The earliest time a pending job could start if no running job finished
  // (due time, host delay and pause considered); nullopt when nothing is
  // pending or every pending job waits for a running slot to free up.
  std::optional<TimePoint> next_wakeup() const;

  bool is_pending(std::string_view key) const;
  bool is_running(std::string_view key) const;
  std::size_t pending() const;
  std::size_t running() const;
  // Jobs in flight on `host` right now.
  int running_on(std::string_view host) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kf::scheduler
