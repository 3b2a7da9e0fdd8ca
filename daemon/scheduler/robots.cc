// robots.txt parsing and matching (RFC 9309). Choices where the RFC leaves
// room, all in the crawler's favour of being polite and predictable:
// - allow/disallow/crawl-delay lines close a group's user-agent list, so a
//   following user-agent line starts a new group; sitemap and unknown lines
//   do not (they are not group members).
// - A file cut at 500 KiB loses its incomplete last line: a half-read
//   "Disallow: /private" must not become "Disallow: /".
// - Patterns and paths are compared after percent-encoding normalisation:
//   escapes of unreserved characters are decoded (RFC 9309 §2.2.2), other
//   escapes get upper-case hex, a '%' without two hex digits becomes "%25",
//   and control, space and non-ASCII octets are escaped.
// - Crawl-delay: the largest valid value among the applying groups.
#include "scheduler/robots.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace kf::scheduler {
namespace {

constexpr std::size_t kMaxRobotsBytes = 500 * 1024;

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool is_token_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

// The product token that starts `value` ("KommunalFeed/1.0 (+url)" →
// "KommunalFeed"); RFC 9309 §2.2.1 allows only letters, '_' and '-'.
std::string_view product_token(std::string_view value) {
  value = trim(value);
  std::size_t n = 0;
  while (n < value.size() && is_token_char(value[n])) ++n;
  return value.substr(0, n);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void append_escaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 0xF];
}

// One spelling per octet sequence, so "/%7euser", "/%7Euser" and "/~user"
// compare equal while "%2F" stays distinct from "/" (reserved characters keep
// their escape). '*' and '$' are left alone: they are pattern syntax.
std::string normalise(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      const int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      const int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
      if (lo < 0) {
        append_escaped(out, '%');
        continue;
      }
      const auto decoded = static_cast<unsigned char>(hi * 16 + lo);
      if (is_unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        append_escaped(out, decoded);
      }
      i += 2;
    } else if (c <= 0x20 || c >= 0x7F) {
      append_escaped(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// Whether normalised `pattern` matches a prefix of `path` (or all of it when
// the pattern ends in '$'). Greedy '*' with backtracking to the last star is
// exact for a '*'-only glob and needs no recursion on hostile patterns.
bool pattern_matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  std::size_t p = 0;
  std::size_t s = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (true) {
    if (p == pattern.size() && (!anchored || s == path.size())) return true;
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = s;
      continue;
    }
    if (p < pattern.size() && s < path.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
      continue;
    }
    if (star == std::string_view::npos || resume >= path.size()) return false;
    p = star + 1;
    s = ++resume;
  }
}

// Crawl-delay as "<digits>[.<digits>]" or ".<digits>" seconds; anything else
// (negative, units, exponents, over ~30 years) is ignored.
std::optional<std::chrono::milliseconds> parse_crawl_delay(std::string_view value) {
  const std::size_t dot = value.find('.');
  const std::string_view whole = value.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? "" : value.substr(dot + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (whole.size() > 9) return std::nullopt;
  const auto all_digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!all_digits(whole) || !all_digits(fraction)) return std::nullopt;
  std::int64_t ms = 0;
  for (char c : whole) ms = ms * 10 + (c - '0');
  ms *= 1000;
  std::int64_t scale = 100;
  for (std::size_t i = 0; i < fraction.size() && i < 3; ++i, scale /= 10)
    ms += (fraction[i] - '0') * scale;
  return std::chrono::milliseconds(ms);
}

enum class Key { kUserAgent, kAllow, kDisallow, kCrawlDelay, kSitemap, kUnknown };

Key classify(std::string_view key) {
  if (iequals(key, "user-agent")) return Key::kUserAgent;
  if (iequals(key, "allow")) return Key::kAllow;
  if (iequals(key, "disallow")) return Key::kDisallow;
  if (iequals(key, "crawl-delay")) return Key::kCrawlDelay;
  if (iequals(key, "sitemap")) return Key::kSitemap;
  return Key::kUnknown;
}

// Rules and crawl-delay gathered for one kind of group (ours or '*').
struct Collected {
  bool seen = false;
  std::vector<RobotsRule> rules;
  std::optional<std::chrono::milliseconds> crawl_delay;
};

}  // namespace

Robots Robots::allow_all() { return Robots{}; }

Robots Robots::disallow_all() {
  Robots robots;
  robots.set_rules({RobotsRule{.allow = false, .pattern = "/"}});
  return robots;
}

Robots Robots::parse(std::string_view text, std::string_view user_agent) {
  if (text.size() > kMaxRobotsBytes) {
    const bool cut_at_line_end = text[kMaxRobotsBytes] == '\r' || text[kMaxRobotsBytes] == '\n';
    text = text.substr(0, kMaxRobotsBytes);
    if (!cut_at_line_end) {
      const std::size_t last_break = text.find_last_of("\r\n");
      text = text.substr(0, last_break == std::string_view::npos ? 0 : last_break);
    }
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const std::string_view our_token = product_token(user_agent);

  Collected specific;
  Collected global;
  bool group_is_ours = false;
  bool group_is_global = false;
  bool in_agent_list = false;  // the previous group line was a user-agent line

  while (!text.empty()) {
    const std::size_t end = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, end);
    if (end == std::string_view::npos) {
      text = {};
    } else {
      text.remove_prefix(end + (text.substr(end).starts_with("\r\n") ? 2 : 1));
    }
    line = line.substr(0, line.find('#'));
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const Key key = classify(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));

    if (key == Key::kUserAgent) {
      if (!in_agent_list) group_is_ours = group_is_global = false;
      in_agent_list = true;
      if (value.starts_with('*') && (value.size() == 1 || is_space(value[1]))) {
        group_is_global = true;
        global.seen = true;
      } else {
        const std::string_view token = product_token(value);
        if (!our_token.empty() && iequals(token, our_token)) {
          group_is_ours = true;
          specific.seen = true;
        }
      }
      continue;
    }
    if (key == Key::kSitemap || key == Key::kUnknown) continue;
    in_agent_list = false;
    // A group naming us and '*' is ours; ours then excludes every '*' group.
    Collected* target = group_is_ours ? &specific : group_is_global ? &global : nullptr;
    if (target == nullptr) continue;
    if (key == Key::kCrawlDelay) {
      if (auto delay = parse_crawl_delay(value)) {
        target->crawl_delay = std::max(target->crawl_delay.value_or(*delay), *delay);
      }
    } else if (!value.empty()) {  // an empty Disallow allows everything, RFC 9309 §2.2.2
      target->rules.push_back(
          RobotsRule{.allow = key == Key::kAllow, .pattern = std::string(value)});
    }
  }

  Collected& applying = specific.seen ? specific : global;
  Robots robots;
  robots.set_rules(std::move(applying.rules));
  robots.crawl_delay_ = applying.crawl_delay;
  return robots;
}

void Robots::set_rules(std::vector<RobotsRule> rules) {
  rules_ = std::move(rules);
  patterns_.clear();
  for (const RobotsRule& rule : rules_) patterns_.push_back(normalise(rule.pattern));
}

bool Robots::allows(std::string_view path_and_query) const {
  std::string path = normalise(path_and_query);
  if (!path.starts_with('/')) path.insert(path.begin(), '/');
  if (path == "/robots.txt" || path.starts_with("/robots.txt?")) return true;
  std::size_t best_length = 0;
  bool best_allow = true;
  bool matched = false;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const RobotsRule& rule = rules_[i];
    const std::string& pattern = patterns_[i];
    if (!pattern_matches(pattern, path)) continue;
    const bool longer = !matched || pattern.size() > best_length;
    const bool tie_to_allow = pattern.size() == best_length && rule.allow;
    if (longer || tie_to_allow) {
      best_length = pattern.size();
      best_allow = rule.allow;
      matched = true;
    }
  }
  return best_allow;
}

const Robots* RobotsCache::find(std::string_view origin, Clock::time_point now) const {
  const auto it = entries_.find(std::string(origin));
  if (it == entries_.end() || it->second.expires <= now) return nullptr;
  return &it->second.robots;
}

void RobotsCache::put(std::string origin, Robots robots, Clock::time_point expires) {
  entries_.insert_or_assign(std::move(origin), Entry{std::move(robots), expires});
}

void RobotsCache::expire(Clock::time_point now) {
  std::erase_if(entries_, [now](const auto& entry) { return entry.second.expires <= now; });
}

std::chrono::seconds robots_lifetime(int http_status) {
  using std::chrono::hours;
  // 3xx only reaches us after too many redirects: "unavailable" like a 4xx.
  if (http_status == 429) return hours(1);
  if (http_status >= 200 && http_status < 500) return hours(24);
  return hours(1);
}

Robots robots_for_response(int http_status, std::string_view body, std::string_view user_agent) {
  if (http_status >= 200 && http_status < 300) return Robots::parse(body, user_agent);
  // 3xx here means the redirect limit was hit; RFC 9309 §2.3.1.2 lets us
  // treat that as unavailable, which allows everything like a 4xx.
  // 429 asks us to slow down, not to crawl freely: like a 5xx (as Google does).
  if (http_status >= 300 && http_status < 500 && http_status != 429) return Robots::allow_all();
  return Robots::disallow_all();
}

}  // namespace kf::scheduler
