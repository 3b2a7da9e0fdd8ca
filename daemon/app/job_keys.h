// Names and places the daemon's event loop needs for a job: the JobQueue key
// of a source's fetch or of an origin's robots.txt, and the host, origin and
// path of a URL (the politeness budget is per host, robots.txt per origin).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "fetch/fetcher.h"
#include "model/error.h"

namespace kf::app {

std::string source_key(std::string_view source_id);   // "source:<id>"
std::string robots_key(std::string_view origin);      // "robots:<origin>"
// "page:<id>:<url>": a page fetched for an html source besides its listing
// (a listed article, a next listing page). Source ids hold no ':'.
std::string page_key(std::string_view source_id, std::string_view url);
// The source id and URL of a page key, nullopt for other keys.
std::optional<std::pair<std::string, std::string>> page_of(std::string_view key);
// The source id of a source key ("" for other keys).
std::string source_id_of(std::string_view key);
// The origin of a robots key, nullopt for other keys.
std::optional<std::string> robots_origin_of(std::string_view key);

// Lower-case host of an absolute URL (no port, no brackets removed); the URL
// itself when it does not parse, so a bad URL still gets a budget of its own.
std::string host_of(std::string_view url);
// "scheme://host[:port]" with the default port left out.
std::string origin_of(std::string_view url);
// Path and query as robots.txt rules see them; "/" when empty.
std::string path_of(std::string_view url);

// The product token robots.txt groups are matched against: the user agent
// up to its first '/' or space ("kommunalfeed/0.1 (+…)" → "kommunalfeed").
std::string robot_token(std::string_view user_agent);

// A failed transfer carrying `message`, for outcomes decided without one.
Result<fetch::Response> fail_result(std::string message);

}  // namespace kf::app
