// Loop runs a private io_context for Fetcher tests, so that only loop.cc
// includes Asio (each TU that does costs ~12 s to compile). Test helper; not
// thread-safe.
#pragma once

#include <chrono>
#include <memory>

#include "fetch/fetcher.h"

namespace kf::fetch::test {

class Loop {
 public:
  Loop();
  ~Loop();
  boost::asio::io_context& io();
  // Runs handlers until no work is left (true) or `limit` passed (false).
  bool run(std::chrono::milliseconds limit = std::chrono::seconds(20));

 private:
  std::unique_ptr<boost::asio::io_context> io_;
};

// Options for fetching from the loopback test server: private addresses
// allowed, a 10 s timeout, a test user agent.
Options local_options();

// Fetches `request` with a fresh Fetcher and returns what `done` received;
// an Error "test: no result" when done was not called within 20 s.
Result<Response> fetch_one(const Options& options, Request request);

}  // namespace kf::fetch::test
