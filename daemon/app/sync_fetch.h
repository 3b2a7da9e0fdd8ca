// fetch_once: one transfer with the daemon's Fetcher, waited for, for the
// commands that need a single page (`scrape URL`). Runs its own io_context
// until the transfer completes. Thread-safe: each call owns its io_context.
#pragma once

#include <string>

#include "fetch/fetcher.h"
#include "model/error.h"

namespace kf::app {

// Fetches `url` with `options` (no validators); HTTP error statuses are
// Responses as with Fetcher::fetch, transport failures Errors naming the URL.
Result<fetch::Response> fetch_once(const std::string& url, const fetch::Options& options,
                                   const std::string& source_id);

}  // namespace kf::app
