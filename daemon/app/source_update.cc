#include "app/source_update.h"

#include <spdlog/fmt/chrono.h>
#include <spdlog/fmt/fmt.h>

#include <algorithm>

#include "digest/fast_hash.h"

namespace kf::app {
namespace {

std::string_view reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

std::string status_text(int status) {
  auto phrase = reason_phrase(status);
  return phrase.empty() ? fmt::format("HTTP {}", status) : fmt::format("HTTP {} {}", status, phrase);
}

// The target of the permanent redirects at the start of the chain: only an
// unbroken run of 301/308 from the requested URL says the resource moved.
std::optional<std::string> permanent_target(const std::vector<fetch::Redirect>& redirects) {
  std::optional<std::string> target;
  for (const auto& r : redirects) {
    if (r.status != 301 && r.status != 308) break;
    target = r.to;
  }
  return target;
}

}  // namespace

std::string request_url(const config::Source& source, const SourceState& state) {
  if (!state.effective_url.empty() &&
      (state.configured_url.empty() || state.configured_url == source.url))
    return state.effective_url;
  return source.url;
}

bool adopt_configured_url(const config::Source& source, SourceState& state) {
  if (state.configured_url.empty() || state.configured_url == source.url) {
    state.configured_url = source.url;
    return false;
  }
  state.configured_url = source.url;
  state.effective_url.clear();
  state.etag.clear();
  state.last_modified.clear();
  state.body_hash.clear();
  state.disabled = false;
  state.disabled_reason.clear();
  state.consecutive_errors = 0;
  state.last_error.clear();
  state.next_fetch.reset();
  return true;
}

Outcome classify(const config::Source& source, const SourceState& before,
                 const Result<fetch::Response>& response, Timestamp started) {
  Outcome out;
  out.state = before;
  out.state.source_id = source.id;
  out.state.configured_url = source.url;
  out.state.last_fetch = started;
  out.record.source_id = source.id;
  out.record.started = started;
  out.record.url = request_url(source, before);

  if (!response) {
    out.record.error = response.error().message;
    out.state.last_status = 0;
    return out;
  }
  const fetch::Response& r = *response;
  out.state.last_status = r.status;
  out.record.http_status = r.status;
  out.record.bytes = r.bytes_received;
  out.record.duration_ms = r.duration.count();
  out.max_age = r.max_age;
  const std::string where = fmt::format("fetch: {}: {}: ", source.id, out.record.url);

  if (r.status == 304 || (r.status >= 200 && r.status < 300)) {
    out.success = true;
    if (auto moved = permanent_target(r.redirects); moved && *moved != out.state.effective_url &&
                                                    *moved != out.record.url) {
      out.log.push_back({false, fmt::format("source {}: {} moved permanently to {}; requesting the "
                                            "new URL from now on (update feeds.yaml to keep it)",
                                            source.id, out.record.url, *moved)});
      out.state.effective_url = *moved;
    }
    if (r.status == 304) {
      if (!r.etag.empty()) out.state.etag = r.etag;
      if (!r.last_modified.empty()) out.state.last_modified = r.last_modified;
      return out;
    }
    out.state.etag = r.etag;
    out.state.last_modified = r.last_modified;
    out.body_hash = digest::fast_hash_hex(r.body);
    out.body = !before.body_hash.empty() && out.body_hash == before.body_hash ? Body::unchanged
                                                                              : Body::new_content;
    return out;
  }

  if (r.status == 410) {
    out.state.disabled = true;
    out.state.disabled_reason =
        fmt::format("HTTP 410 Gone at {} on {:%Y-%m-%d}", r.effective_url, started);
    out.record.error = where + "HTTP 410 Gone; the source is disabled until its URL changes";
    out.log.push_back({true, fmt::format("source {} disabled: {} answered 410 Gone; change its url "
                                         "in feeds.yaml to enable it again",
                                         source.id, r.effective_url)});
    return out;
  }
  out.record.error = where + status_text(r.status);
  if ((r.status == 429 || r.status == 503) && r.retry_after) {
    // `started` is floored to the second and the duration truncated: round
    // both up, so the pause never ends before the server asked.
    const Timestamp until = started + std::chrono::seconds(1) +
                            std::chrono::ceil<std::chrono::seconds>(r.duration) + *r.retry_after;
    out.pause_host_until = until;
    out.record.error += fmt::format("; host paused until {:%Y-%m-%d %H:%M:%S}Z (Retry-After)", until);
  }
  return out;
}

void fail(Outcome& outcome, std::string error) {
  outcome.success = false;
  outcome.body = Body::none;
  outcome.record.error = std::move(error);
}

void schedule_next(Outcome& outcome, std::chrono::seconds interval,
                   std::optional<std::chrono::seconds> ttl, std::uint64_t seed, Timestamp now) {
  SourceState& s = outcome.state;
  if (s.disabled) {
    s.next_fetch.reset();
    s.last_error = outcome.record.error;
    return;
  }
  std::chrono::seconds wait{};
  if (outcome.success) {
    s.consecutive_errors = 0;
    s.last_error.clear();
    s.last_success = outcome.record.started;
    if (outcome.body == Body::new_content) s.body_hash = outcome.body_hash;
    wait = scheduler::interval_after_success(interval, {outcome.max_age, ttl});
  } else {
    s.consecutive_errors = std::min(s.consecutive_errors + 1, 1 << 20);
    s.last_error = outcome.record.error;
    wait = scheduler::backoff_after_errors(interval, s.consecutive_errors);
  }
  Timestamp next = now + scheduler::jittered(wait, seed);
  if (outcome.pause_host_until) next = std::max(next, *outcome.pause_host_until);
  s.next_fetch = next;
}

}  // namespace kf::app
