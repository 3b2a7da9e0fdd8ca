// A real kf::serve::Server on 127.0.0.1 (ephemeral port) with a trivial
// Handler for the socket tests: "/" is a small HTML page, "/feed.atom" an
// Atom body with Last-Modified and max-age, "/big" 8 MiB of text, everything
// else 404. It counts
// Handler calls so tests can prove a request never reached a route.
// Thread-safe: calls() may be read while the server runs.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "serve/server.h"

namespace kf::test {

inline const std::chrono::sys_seconds kFeedModified{std::chrono::seconds(1'700'000'000)};

// The body served at /feed.atom; large enough to be compressed.
std::string feed_atom_body();
// The body served at /big: 8 MiB, more than a socket buffer takes at once.
std::string big_body();

class TestServer {
 public:
  explicit TestServer(kf::serve::Server::Options options = {});
  std::uint16_t port() const { return server_->port(); }
  int calls() const { return calls_->load(); }
  kf::serve::Server& server() { return *server_; }

 private:
  std::shared_ptr<std::atomic<int>> calls_ = std::make_shared<std::atomic<int>>(0);
  std::unique_ptr<kf::serve::Server> server_;
};

}  // namespace kf::test
