// Robots is one host's parsed robots.txt (RFC 9309), reduced to the group that
// applies to our user agent, plus RobotsCache, which remembers one Robots per
// origin with an expiry. The scheduler consults them before fetching a page
// of an `html` source; feed URLs are not checked (a feed is published to be
// polled). Plain value types; thread-compatible (use from one thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kf::scheduler {

struct RobotsRule {
  bool allow = false;
  std::string pattern;  // path pattern as written, '*' wildcards, optional '$' end anchor
  bool operator==(const RobotsRule&) const = default;
};

class Robots {
 public:
  // Everything allowed (no robots.txt, 4xx answers, an empty file).
  static Robots allow_all();
  // Everything disallowed (5xx answers or unreachable, RFC 9309 §2.3.1.4).
  static Robots disallow_all();

  // Parses robots.txt `text` for `user_agent` (our product token, e.g.
  // "kommunalfeed"; matched case-insensitively against each group's
  // User-agent lines as a prefix-free token, RFC 9309 §2.2.1). The group(s)
  // naming our token apply; else the '*' group(s); else everything is
  // allowed. Several groups naming the same agent are merged. Unknown lines,
  // comments, a BOM, CR/LF/CRLF line ends and garbage are tolerated; only
  // the first 500 KiB are read (the RFC's minimum). Crawl-delay is kept.
  static Robots parse(std::string_view text, std::string_view user_agent);

  // Whether `path_and_query` (starts with '/'; "" means "/") may be fetched:
  // the longest matching rule wins, Allow wins a tie, no match allows.
  // Percent-encoding is compared case-insensitively for the hex digits, and
  // "/robots.txt" itself is always allowed.
  bool allows(std::string_view path_and_query) const;

  // Crawl-delay of the applying group (seconds, fractional allowed), if any.
  std::optional<std::chrono::milliseconds> crawl_delay() const { return crawl_delay_; }
  const std::vector<RobotsRule>& rules() const { return rules_; }

 private:
  // Keeps patterns_[i] (the normalised form of rules_[i].pattern) in step.
  void set_rules(std::vector<RobotsRule> rules);
  std::vector<RobotsRule> rules_;
  // Normalised once at parse, not on every allows() of every page.
  std::vector<std::string> patterns_;
  std::optional<std::chrono::milliseconds> crawl_delay_;
};

// RobotsCache maps an origin ("https://example.org:8443", lower-case scheme
// and host, default port omitted) to its Robots until it expires.
class RobotsCache {
 public:
  using Clock = std::chrono::system_clock;

  // The cached Robots for `origin`, or nullptr when absent or expired at `now`.
  const Robots* find(std::string_view origin, Clock::time_point now) const;
  // Stores (replacing) the Robots for `origin`, valid until `expires`.
  void put(std::string origin, Robots robots, Clock::time_point expires);
  // Drops expired entries (bounded memory with 11,000 hosts).
  void expire(Clock::time_point now);
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Robots robots;
    Clock::time_point expires;
  };
  std::unordered_map<std::string, Entry> entries_;
};

// How long a fetched robots.txt is trusted: 24 h for a 2xx or 4xx answer,
// 1 h after a 429, a 5xx or a network error (so a broken server is asked again
// soon, RFC 9309 §2.4 caps caching at 24 h).
std::chrono::seconds robots_lifetime(int http_status);

// The robots.txt outcome for an HTTP status: 2xx parses the body, 4xx
// (including 401/403, as RFC 9309 specifies) allows everything, but 429
// (slow down), 5xx and status 0 (no answer) disallow everything.
Robots robots_for_response(int http_status, std::string_view body, std::string_view user_agent);

}  // namespace kf::scheduler
