// Config is feeds.yaml parsed once into typed structs: every other part of the
// daemon reads these fields, never YAML. load_config() validates everything
// and reports every problem at once, each as "FILE:LINE:COL: message".
// Plain value types; thread-compatible. Loading is reentrant.
#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/article.h"
#include "model/error.h"

namespace kf::config {

using Seconds = std::chrono::seconds;

// Where a value stood in the file (1-based), for later diagnostics such as a
// scrape selector that fails to compile.
struct Mark {
  int line = 0;
  int column = 0;
  bool operator==(const Mark&) const = default;
};

struct PerHost {
  int concurrency = 2;                      // requests in flight per host
  std::chrono::milliseconds delay{1000};    // between two requests to a host
  bool operator==(const PerHost&) const = default;
};

struct Daemon {
  std::string listen = "127.0.0.1:8080";
  std::string database = "./kommunalfeed.db";
  std::string user_agent =
      "kommunalfeed/0.1 (+https://github.com/kommunalfeed/kommunalfeed)";
  Seconds interval{30 * 60};
  // No interval in the file may be shorter (politeness); lower it for tests.
  Seconds min_interval{60};
  Seconds timeout{30};
  std::uint64_t max_body = 10 * 1024 * 1024;  // bytes, after decompression
  int concurrency = 16;                       // global requests in flight
  PerHost per_host;
  std::optional<Seconds> retention;  // nullopt: keep articles forever
  std::string log_level = "info";    // trace|debug|info|warn|error|critical|off
  bool allow_private_networks = false;
  std::string proxy;  // e.g. "http://proxy:3128"; empty: curl's *_proxy environment variables
  bool operator==(const Daemon&) const = default;
};

// A published feed: the merged "all" output or a filtered one. Every filter
// list is OR within itself and AND across lists; an empty list does not filter.
struct Output {
  std::string id;  // [a-z0-9-]+, becomes /feeds/<id>.atom
  std::string title;
  std::vector<std::string> sources;   // source ids
  std::vector<std::string> tags;
  std::vector<std::string> lands;     // ISO 3166-2, e.g. "DE-BY"
  std::vector<std::string> ags;       // Amtlicher Gemeindeschlüssel prefixes
  std::vector<std::string> kickers;   // exact, case-insensitive
  std::vector<std::string> keywords;  // case-insensitive substrings of title/summary/content
  std::string regex;                  // PCRE2 (Perl-compatible), case-insensitive; empty: none
  std::optional<Completeness> completeness;
  bool teasers = true;  // false leaves teaser articles out
  int limit = 100;      // entries per page
  Mark mark;
  bool operator==(const Output&) const = default;
};

struct Publish {
  std::string base_url = "http://127.0.0.1:8080/";  // ends with '/'
  std::string title = "kommunalfeed";
  std::vector<Output> outputs;  // always contains an "all" output first
  bool operator==(const Publish&) const = default;
};

enum class SourceType { feed, html };

// The raw `scrape:` mapping of an html source, kept as YAML text until the
// scraping stage defines its typed rules (scrape/rules.h validates them).
// `yaml` is re-emitted by yaml-cpp, so positions inside it are not those of
// feeds.yaml; `marks` and `key_marks` keep the file positions of every node,
// keyed by path: mapping keys and list indices joined by '/', e.g.
// "article/date/css" or "article/remove/0" ("" is the block itself).
struct ScrapeBlock {
  std::string yaml;
  Mark mark;
  std::map<std::string, Mark> marks{};      // where each value stands
  std::map<std::string, Mark> key_marks{};  // where each mapping key stands
  // Positions do not change what the rules do (a reload that only moves
  // lines must not reschedule the source), so only text and block mark count.
  bool operator==(const ScrapeBlock& o) const { return yaml == o.yaml && mark == o.mark; }
};

struct Source {
  std::string id;  // [a-z0-9-]+, unique
  std::string name;
  SourceType type = SourceType::feed;
  std::string url;  // absolute http(s)
  std::optional<Seconds> interval;  // nullopt: daemon.interval
  bool enabled = true;
  std::vector<std::string> tags;
  std::string land;  // ISO 3166-2 subdivision, e.g. "DE-BY"; empty if national
  std::string ags;   // AGS prefix (digits), empty if none
  std::optional<ScrapeBlock> scrape;
  // Fetch this html source's pages even where robots.txt forbids it; the
  // admin answers for it (e.g. the site's owner agreed).
  bool ignore_robots = false;
  Mark mark;
  bool operator==(const Source&) const = default;
};

struct Config {
  std::string path;  // the file it was loaded from
  Daemon daemon;
  Publish publish;
  std::vector<Source> sources;
  bool operator==(const Config&) const = default;

  // The effective interval of a source.
  Seconds interval_of(const Source& s) const { return s.interval.value_or(daemon.interval); }
  // The source with this id, or nullptr.
  const Source* find_source(std::string_view id) const;
};

std::string_view to_string(SourceType t);

// One problem in a config file.
struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem has no position
  int column = 0;  // 1-based
  std::string message;
  // "feeds.yaml:12:5: unknown key 'intervall' (did you mean 'interval'?)"
  std::string str() const;
  bool operator==(const Diagnostic&) const = default;
};

// Parses and validates YAML text; `file` is used in diagnostics only.
// Returns the config, or every problem found (never just the first), sorted
// by position. Never throws.
std::expected<Config, std::vector<Diagnostic>> parse_config(std::string_view text,
                                                            std::string file);

// Reads `path` and parses it; an unreadable file is one Diagnostic at 0:0.
std::expected<Config, std::vector<Diagnostic>> load_config(const std::string& path);

// "90s", "30m", "1h", "1d" (also combined "1h30m", units from largest to
// smallest, each once); nullopt when malformed, zero, negative, without a
// unit ("90") or overflowing.
std::optional<Seconds> parse_duration(std::string_view s);
// "512KiB", "10MiB", "1GiB", "100KB", "2048" (bytes); nullopt when malformed.
// Units: B, KB, MB, GB, TB (powers of 1000), KiB, MiB, GiB, TiB (powers of
// 1024), case-sensitive, no space, integers only. Zero or overflow: nullopt.
std::optional<std::uint64_t> parse_size(std::string_view s);
// A pause such as per_host.delay: like parse_duration, plus the unit "ms"
// ("1s500ms") and zero ("0", "0s") meaning no pause; nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_delay(std::string_view s);

}  // namespace kf::config
