// Shared helpers of the daemon's end-to-end tests: a feeds.yaml writer, small
// valid RSS bodies, a reader for the `fetch` table and for the store the
// real binary wrote, and a condition poller. Test code only; not
// thread-safe (each test case owns its own objects and temp dir).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "support/http_server.h"
#include "support/process.h"

namespace kf::test {

inline const std::string kBinary = KF_BINARY;

// A valid RSS 2.0 document with `items` items whose links start with
// `link_prefix` (distinct prefixes keep two sources' articles apart).
inline std::string rss(const std::string& link_prefix, int items = 2) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
      "<title>Testkommune</title><link>https://example.org/</link>\n";
  for (int i = 1; i <= items; ++i) {
    const std::string n = std::to_string(i);
    out += "<item><title>Meldung " + n + "</title><link>" + link_prefix + "/meldung-" + n +
           "</link><pubDate>Fri, 07 Feb 2025 10:0" + std::to_string(i % 10) +
           ":00 GMT</pubDate><description>Text " + n + "</description></item>\n";
  }
  return out + "</channel></rss>\n";
}

// A 200 reply carrying `body` as RSS.
inline Reply rss_reply(std::string body) {
  return Reply{.status = 200,
               .headers = {{"Content-Type", "application/rss+xml; charset=utf-8"}},
               .body = std::move(body)};
}

// One `sources:` entry of feeds.yaml; `extra` holds further lines of the
// entry, each "key: value" (indented by the writer).
struct SourceEntry {
  std::string id;
  std::string url;
  std::string type = "feed";
  std::vector<std::string> extra = {};
};

// feeds.yaml text: database state.db, loopback allowed, the given `daemon:`
// lines (each "key: value" at daemon level, nested ones pre-indented) and
// the sources.
inline std::string feeds_yaml(const std::vector<std::string>& daemon_lines,
                              const std::vector<SourceEntry>& sources) {
  std::string out = "daemon:\n  listen: 127.0.0.1:0\n  database: state.db\n  min_interval: 1s\n";
  for (const auto& line : daemon_lines) out += "  " + line + "\n";
  out += "sources:\n";
  for (const auto& s : sources) {
    out += "  - id: " + s.id + "\n    type: " + s.type + "\n    url: " + s.url + "\n";
    for (const auto& line : s.extra) out += "    " + line + "\n";
  }
  return out;
}

// One row of the `fetch` table, split into its six columns.
struct TableRow {
  std::string id, status;
  int new_articles = -1, updated = -1, unchanged = -1;
  std::string error;
};

// The row of `id` in the table printed by `fetch`; nullopt when absent.
inline std::optional<TableRow> table_row(const std::string& table, const std::string& id) {
  static const std::regex row(R"(^(\S+) +(no answer|skipped|\d+) +(\d+) +(\d+) +(\d+) *(.*)$)");
  std::size_t pos = 0;
  while (pos < table.size()) {
    std::size_t end = table.find('\n', pos);
    if (end == std::string::npos) end = table.size();
    const std::string line = table.substr(pos, end - pos);
    pos = end + 1;
    std::smatch m;
    if (!std::regex_match(line, m, row) || m[1] != id) continue;
    return TableRow{m[1], m[2], std::stoi(m[3]), std::stoi(m[4]), std::stoi(m[5]), m[6]};
  }
  return std::nullopt;
}

// What the store in `dir`/state.db holds about one source, read beside a
// possibly running daemon.
struct Stored {
  SourceState state;
  std::vector<FetchRecord> history;  // newest first
  std::int64_t articles = 0;         // full and teaser articles of the source
};

inline std::optional<Stored> stored(const std::string& dir, const std::string& source_id) {
  auto store = Store::open(dir + "/state.db", OpenMode::reader);
  if (!store) return std::nullopt;
  auto state = store->source_state(source_id);
  auto history = store->recent_fetches(source_id, 1000);
  auto counts = store->source_counts(source_id);
  if (!state || !*state || !history || !counts) return std::nullopt;
  return Stored{**state, *history, counts->full + counts->teasers};
}

// next_fetch − last_fetch in seconds (-1 when either is missing).
inline long long scheduled_gap(const SourceState& s) {
  if (!s.next_fetch || !s.last_fetch) return -1;
  return (*s.next_fetch - *s.last_fetch).count();
}

// Runs `kommunalfeed fetch` in `dir` (feeds.yaml there) with extra args.
inline ProcessResult fetch_round(const std::string& dir, std::vector<std::string> args = {}) {
  std::vector<std::string> argv{kBinary, "fetch"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, dir);
}

// Polls `condition` every 25 ms until it holds or `timeout` passes.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

inline double seconds_between(std::chrono::steady_clock::time_point a,
                              std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

}  // namespace kf::test
