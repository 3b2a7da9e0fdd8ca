// What one finished fetch means for its source: the new stored state
// (validators, effective URL after permanent redirects, disabled after 410,
// error streak), the history record, whether the body must be parsed, a host
// pause from Retry-After, and when the source is fetched next. Pure: no
// clock, no I/O, so every HTTP case of the daemon is a table test here.
// Thread-safe: plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "fetch/fetcher.h"
#include "model/error.h"
#include "scheduler/policy.h"
#include "store/store.h"

namespace kf::app {

enum class Body {
  none,         // error, 304, or nothing to read
  unchanged,    // 2xx whose body hash equals the last successfully read one
  new_content,  // 2xx to parse
};

struct LogLine {
  bool warning = false;  // else info
  std::string text;
};

struct Outcome {
  SourceState state;    // what to save (next_fetch set by schedule_next)
  FetchRecord record;   // article counts are filled in by the store step
  Body body = Body::none;
  std::string body_hash;  // of a 2xx body; becomes state.body_hash once read without error
  bool success = false;   // 2xx or 304 so far; a parse error turns it into a failure
  std::optional<Timestamp> pause_host_until;  // 429/503 with Retry-After
  std::optional<std::chrono::seconds> max_age;
  std::vector<LogLine> log;
};

// The URL to request for `source`: the effective URL after permanent
// redirects when the stored one belongs to the configured URL, else the
// configured URL.
std::string request_url(const config::Source& source, const SourceState& state);

// Resets what belonged to an old configured URL (effective URL, validators,
// body hash, 410 "disabled", error streak) when feeds.yaml now names another
// URL; a state without configured_url (schema v1) is adopted as it is.
// Returns true when something was reset.
bool adopt_configured_url(const config::Source& source, SourceState& state);

// Interprets a finished transfer. `before` is the stored state, `started`
// when the request began. 2xx/304 succeed; 410 disables the source;
// 429/503 with Retry-After pause the host; other statuses and transport
// errors are failures naming the source and URL.
Outcome classify(const config::Source& source, const SourceState& before,
                 const Result<fetch::Response>& response, Timestamp started);

// Marks the fetch failed after the transfer itself succeeded (the body was
// not a feed, the store refused…): the error is recorded, nothing is read.
void fail(Outcome& outcome, std::string error);

// Sets state.next_fetch, consecutive_errors, last_error and last_success:
// after a success `interval` lengthened by the freshness hints, after a
// failure the backoff for the error streak, never before a host pause; both
// jittered with `seed`. A disabled source gets no next fetch.
void schedule_next(Outcome& outcome, std::chrono::seconds interval,
                   std::optional<std::chrono::seconds> ttl, std::uint64_t seed, Timestamp now);

}  // namespace kf::app
