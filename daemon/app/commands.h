// The commands of the kommunalfeed binary. Each takes the parsed command line
// and returns the process exit status; they are the only place that wires the
// stages together. Not thread-safe: called once from main.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.h"

namespace kf::app {

// Exit statuses shared by every command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // runtime failure (network, store…)
inline constexpr int kExitUsage = 2;    // bad command line or configuration

// Options every command understands.
struct CommonOptions {
  std::string config_path = "feeds.yaml";
  std::string database;   // overrides daemon.database when not empty
  std::string log_level;  // overrides daemon.log_level when not empty
};

// Loads the config, printing every diagnostic to stderr, and applies the
// command-line overrides. nullopt means: exit with kExitUsage.
std::optional<config::Config> load_config_or_report(const CommonOptions& options);

// `check`: validates the config; prints a one-line summary (exit 0) or every
// problem as FILE:LINE:COL (exit 2).
int check_command(const CommonOptions& options);

// `sources`: the configured sources with type, URL, interval and stored state.
int sources_command(const CommonOptions& options);

// `parse`: one feed document (file or "-" for stdin) to normalized articles,
// printed as JSON Lines or an Atom document; recovery warnings go to stderr.
struct ParseOptions {
  std::string input;
  std::string url;           // the document's URL, base for relative links
  std::string content_type;  // as an HTTP Content-Type header would give it
  std::string source_id = "cli";
  std::string format = "json";  // "json" (JSON Lines) or "atom"
};
int parse_command(const ParseOptions& options);

// `scrape`: one page (URL fetched, or FILE read) through the rules of the
// html source `source_id`: every field, teaser, link and the rule or
// fallback behind each, as text or JSON; stores nothing. Exit 2 for an
// unknown or non-html source or an unreadable file, 1 when the fetch fails.
struct ScrapeOptions {
  CommonOptions common;
  std::string input;      // http(s) URL or file
  std::string source_id;
  std::string url;        // FILE only: its URL (default: the source's URL)
  std::string format = "text";  // "text" or "json"
};
int scrape_command(const ScrapeOptions& options);

// `run`: the daemon, until SIGTERM or SIGINT.
int run_command(const CommonOptions& options);

// `fetch`: one round now over `sources` (every enabled one when empty),
// then a table per source; exit 1 if any source failed, 2 for an unknown id.
struct FetchOptions {
  CommonOptions common;
  std::vector<std::string> sources;
};
int fetch_command(const FetchOptions& options);

}  // namespace kf::app
