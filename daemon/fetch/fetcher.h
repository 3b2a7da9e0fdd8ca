// Fetcher is the daemon's only network client: it runs many HTTP(S) transfers
// at once with libcurl's multi interface, driven by a Boost.Asio io_context
// (curl tells us which sockets and timeouts to watch; Asio waits for them).
// Every transfer follows up to `max_redirects` http/https redirects, sends
// conditional-GET validators, decompresses gzip/deflate/br, caps body and
// header sizes, and refuses private/loopback addresses unless allowed.
// NOT thread-safe: construct, call and destroy it on the io_context's thread;
// every `done` callback also runs there.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/error.h"

struct sockaddr;
namespace boost::asio {
class io_context;  // forward declared: including Asio costs ~12 s per TU
}

namespace kf::fetch {

struct Options {
  std::string user_agent;
  std::chrono::seconds timeout{30};          // whole transfer, redirects included
  std::chrono::seconds connect_timeout{10};
  std::uint64_t max_body = 10 << 20;         // decompressed bytes
  int max_redirects = 5;
  bool allow_private_networks = false;       // tests and intranet deployments
  std::string proxy;                         // empty: from the environment as curl does
};

struct Request {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  std::string source_id;      // names the source in error messages
};

struct Redirect {
  int status = 0;
  std::string from, to;  // absolute URLs
  bool operator==(const Redirect&) const = default;
};

struct Response {
  int status = 0;
  std::string effective_url;  // after redirects
  std::string content_type;
  std::string etag, last_modified;
  std::string body;  // decompressed
  std::vector<Redirect> redirects;
  std::vector<std::pair<std::string, std::string>> headers;  // final response; names lower-case
  std::optional<std::chrono::seconds> retry_after;  // seconds or HTTP-date, capped at 7 days
  std::optional<std::chrono::seconds> max_age;      // Cache-Control max-age, else Expires - Date
  std::uint64_t bytes_received = 0;  // header bytes plus body bytes as sent (compressed)
  std::chrono::milliseconds duration{};
  bool not_modified() const { return status == 304; }
  // First value of header `name` (lower-case), or "" when absent.
  std::string header(const std::string& name) const;
};

class Fetcher {
 public:
  Fetcher(boost::asio::io_context& io, Options options);
  // Cancels what is still running without calling its `done`.
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Starts a transfer and returns at once. `done` runs exactly once on the
  // io_context thread, never from inside fetch() itself. HTTP error statuses
  // (404, 500, …) are Responses; Errors are transport failures, worded
  // "fetch: <source>: <url>: connection refused" (… body over 10 MiB, timed
  // out after 30 s, redirect loop, blocked private address 127.0.0.1, …).
  void fetch(Request request, std::function<void(Result<Response>)> done);

  // Stops every running transfer; each `done` gets a "cancelled" Error,
  // called synchronously from here. Safe to call fetch() from those callbacks.
  void cancel_all();

  std::size_t in_flight() const;

  // Options for transfers started from now on (a reloaded feeds.yaml);
  // running transfers keep the ones they started with.
  void set_options(Options options);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// True when `addr` (AF_INET or AF_INET6) lies in a range the daemon refuses
// to connect to by default: loopback, private, link-local, ULA, CGNAT,
// "this network", IETF protocol assignments, benchmarking, reserved,
// multicast, NAT64 and the IPv4-mapped IPv6 form of each IPv4 range.
// Other address families are refused too.
bool is_forbidden_address(const sockaddr* addr);

}  // namespace kf::fetch
