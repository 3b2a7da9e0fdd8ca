#include "scheduler/queue.h"

#include <algorithm>
#include <functional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace kf::scheduler {
namespace {

using Millis = std::chrono::milliseconds;

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <class V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

}  // namespace

// Design. Each host keeps its pending jobs ordered by (due, key); only the
// head can start next, so a host is one entry in one of three sets:
//  - waiting_: hosts whose head could start at `ready_at` (max of head due,
//    last start + delay, pause end), ordered by that time;
//  - ready_: hosts whose ready_at has passed at some take_ready(), ordered by
//    (head due, head key), which is the order jobs are handed out in;
//  - idle_: hosts with nothing pending or running, kept until their last
//    start's delay and their pause have run out (then forgotten, so memory
//    follows the hosts in use, not every host ever seen).
// Hosts at their concurrency cap are in none of them until a job finishes.
// Hosts with a Crawl-delay override are never forgotten (robots.txt is
// per host and bounded by the configured sources).
// A pending job whose key is still running is "parked" outside its host's
// set until finished(key): two running jobs with one key would make
// finished() ambiguous.
// Host nodes live in an unordered_map, whose elements keep their address
// across rehashing, so the sets hold Host pointers.
struct JobQueue::Impl {
  enum class Where { none, waiting, ready, idle };

  struct Host {
    std::string name;
    std::set<std::pair<TimePoint, std::string>> pending;  // (due, key)
    int parked = 0;
    int running = 0;
    std::optional<TimePoint> last_start;
    TimePoint paused_until = TimePoint::min();
    Millis delay_override{0};
    Where where = Where::none;
    TimePoint ready_at{};  // key in waiting_/idle_, and ready_times_ while ready
  };

  struct Key {
    bool pending = false;
    bool parked = false;
    Host* pending_host = nullptr;
    TimePoint due{};
    Host* running_host = nullptr;
  };

  using ReadyEntry = std::tuple<TimePoint, std::string, Host*>;

  Limits limits;
  StringMap<Host> hosts;
  StringMap<Key> keys;
  std::set<std::pair<TimePoint, Host*>> waiting;
  std::set<ReadyEntry> ready;
  std::multiset<TimePoint> ready_times;
  std::set<std::pair<TimePoint, Host*>> idle;
  std::size_t pending_count = 0;
  std::size_t running_count = 0;

  explicit Impl(Limits l) : limits(sanitize(l)) {}

  static Limits sanitize(Limits l) {
    l.concurrency = std::max(1, l.concurrency);
    l.per_host_concurrency = std::max(1, l.per_host_concurrency);
    l.per_host_delay = std::max(Millis{0}, l.per_host_delay);
    return l;
  }

  Millis delay_of(const Host& h) const { return std::max(limits.per_host_delay, h.delay_override); }

  TimePoint delay_end(const Host& h) const {
    return h.last_start ? *h.last_start + delay_of(h) : TimePoint::min();
  }

  Host& host(std::string_view name) {
    auto it = hosts.find(name);
    if (it == hosts.end()) {
      it = hosts.emplace(std::string(name), Host{}).first;
      it->second.name = it->first;
    }
    return it->second;
  }

  void unlink(Host& h) {
    switch (h.where) {
      case Where::waiting:
        waiting.erase({h.ready_at, &h});
        break;
      case Where::idle:
        idle.erase({h.ready_at, &h});
        break;
      case Where::ready: {
        const auto& [due, key] = *h.pending.begin();
        ready.erase(ReadyEntry{due, key, &h});
        ready_times.erase(ready_times.find(h.ready_at));
        break;
      }
      case Where::none:
        break;
    }
    h.where = Where::none;
  }

  // Puts `h` into the one set its state calls for. Must run after any change
  // to the host (its jobs, limits, pause, delay) and before its head changes
  // again, because unlink() finds a ready entry by the current head.
  void refresh(Host& h) {
    unlink(h);
    if (!h.pending.empty()) {
      if (h.running >= limits.per_host_concurrency) return;
      h.ready_at = std::max({h.pending.begin()->first, delay_end(h), h.paused_until});
      waiting.emplace(h.ready_at, &h);
      h.where = Where::waiting;
    } else if (h.parked == 0 && h.running == 0 && h.delay_override <= Millis{0}) {
      h.ready_at = std::max(delay_end(h), h.paused_until);
      idle.emplace(h.ready_at, &h);
      h.where = Where::idle;
    }
  }

  void promote(TimePoint now) {
    while (!waiting.empty() && waiting.begin()->first <= now) {
      Host* h = waiting.begin()->second;
      waiting.erase(waiting.begin());
      ready.emplace(h->pending.begin()->first, h->pending.begin()->second, h);
      ready_times.insert(h->ready_at);
      h->where = Where::ready;
    }
  }

  void start_head(Host& h, TimePoint now, std::vector<std::string>& out) {
    unlink(h);
    auto node = h.pending.extract(h.pending.begin());
    std::string& key = node.value().second;
    Key& k = keys.find(key)->second;
    k.pending = false;
    k.pending_host = nullptr;
    k.running_host = &h;
    --pending_count;
    ++running_count;
    ++h.running;
    h.last_start = now;
    refresh(h);
    out.push_back(std::move(key));
  }

  // Takes a pending job out of its host (or out of the parked state).
  void drop_pending(Key& k, std::string_view key) {
    Host& h = *k.pending_host;
    if (k.parked) {
      --h.parked;
    } else {
      unlink(h);  // before the head may change
      h.pending.erase({k.due, std::string(key)});
    }
    k.pending = false;
    k.parked = false;
    k.pending_host = nullptr;
    --pending_count;
    refresh(h);
  }

  void forget_idle(TimePoint now) {
    while (!idle.empty() && idle.begin()->first <= now) {
      Host* h = idle.begin()->second;
      idle.erase(idle.begin());
      hosts.erase(hosts.find(h->name));  // nothing else points at an idle host
    }
  }
};

JobQueue::JobQueue(Limits limits) : impl_(std::make_unique<Impl>(limits)) {}
JobQueue::~JobQueue() = default;
JobQueue::JobQueue(JobQueue&&) noexcept = default;
JobQueue& JobQueue::operator=(JobQueue&&) noexcept = default;

void JobQueue::set_limits(Limits limits) {
  impl_->limits = Impl::sanitize(limits);
  // Every host's ready time and cap may move; a rare, O(hosts) event.
  for (auto& [name, h] : impl_->hosts) impl_->refresh(h);
}

void JobQueue::schedule(std::string key, std::string host, TimePoint due) {
  Impl& q = *impl_;
  auto it = q.keys.find(key);
  if (it == q.keys.end()) it = q.keys.emplace(key, Impl::Key{}).first;
  Impl::Key& k = it->second;
  if (k.pending) q.drop_pending(k, key);
  Impl::Host& h = q.host(host);
  k.pending = true;
  k.pending_host = &h;
  k.due = due;
  ++q.pending_count;
  if (k.running_host != nullptr) {
    k.parked = true;
    ++h.parked;
  } else {
    q.unlink(h);
    h.pending.emplace(due, std::move(key));
  }
  q.refresh(h);
}

bool JobQueue::cancel(std::string_view key) {
  Impl& q = *impl_;
  auto it = q.keys.find(key);
  if (it == q.keys.end() || !it->second.pending) return false;
  q.drop_pending(it->second, key);
  if (it->second.running_host == nullptr) q.keys.erase(it);
  return true;
}

std::vector<std::string> JobQueue::take_ready(TimePoint now) {
  Impl& q = *impl_;
  std::vector<std::string> out;
  while (q.running_count < static_cast<std::size_t>(q.limits.concurrency)) {
    // Again on each round: a host with delay 0 and a free slot re-enters
    // waiting_ already ready for `now`.
    q.promote(now);
    if (q.ready.empty()) break;
    Impl::Host& h = *std::get<2>(*q.ready.begin());
    if (h.ready_at > now) {
      // Promoted by an earlier take_ready() with a later `now` (the clock
      // went back): not ready after all.
      q.unlink(h);
      q.refresh(h);
      continue;
    }
    q.start_head(h, now, out);
  }
  q.forget_idle(now);
  return out;
}

void JobQueue::finished(std::string_view key) {
  Impl& q = *impl_;
  auto it = q.keys.find(key);
  if (it == q.keys.end() || it->second.running_host == nullptr) return;
  Impl::Key& k = it->second;
  Impl::Host& ran_on = *k.running_host;
  k.running_host = nullptr;
  --ran_on.running;
  --q.running_count;
  if (k.parked) {
    Impl::Host& h = *k.pending_host;
    k.parked = false;
    --h.parked;
    q.unlink(h);
    h.pending.emplace(k.due, std::string(key));
    q.refresh(h);
  }
  q.refresh(ran_on);
  if (!k.pending) q.keys.erase(it);
}

void JobQueue::pause_host(std::string_view host, TimePoint until) {
  Impl::Host& h = impl_->host(host);
  h.paused_until = std::max(h.paused_until, until);
  impl_->refresh(h);
}

void JobQueue::set_host_delay(std::string_view host, std::chrono::milliseconds delay) {
  Impl::Host& h = impl_->host(host);
  h.delay_override = std::max(Millis{0}, delay);
  impl_->refresh(h);
}

std::optional<TimePoint> JobQueue::next_wakeup() const {
  const Impl& q = *impl_;
  if (q.running_count >= static_cast<std::size_t>(q.limits.concurrency)) return std::nullopt;
  std::optional<TimePoint> best;
  if (!q.ready_times.empty()) best = *q.ready_times.begin();
  if (!q.waiting.empty() && (!best || q.waiting.begin()->first < *best)) {
    best = q.waiting.begin()->first;
  }
  return best;
}

bool JobQueue::is_pending(std::string_view key) const {
  auto it = impl_->keys.find(key);
  return it != impl_->keys.end() && it->second.pending;
}

bool JobQueue::is_running(std::string_view key) const {
  auto it = impl_->keys.find(key);
  return it != impl_->keys.end() && it->second.running_host != nullptr;
}

std::size_t JobQueue::pending() const { return impl_->pending_count; }

std::size_t JobQueue::running() const { return impl_->running_count; }

int JobQueue::running_on(std::string_view host) const {
  auto it = impl_->hosts.find(host);
  return it == impl_->hosts.end() ? 0 : it->second.running;
}

}  // namespace kf::scheduler
