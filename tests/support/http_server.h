// HttpServer is a small scripted HTTP/1.1 server on 127.0.0.1 (ephemeral
// port) for tests that need real transfers: each path gets a Reply (status,
// headers, body) plus optional misbehaviour (delays, never answering, slow
// drip, reset mid-body, gzip, gzip bomb, header flood, redirects via headers).
// It counts requests per path, records their headers and arrival times, and
// tracks how many requests per Host header it was serving at once (the
// daemon's per-host limits are checked against that). Unknown paths get
// 404. Plain POSIX sockets, one thread per connection; the destructor wakes
// every thread and joins them, so it never outlives the test.
// Thread-safe: script and inspect it from the test thread while it serves.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kf::test {

// One request as the server read it.
struct RecordedRequest {
  std::string method;
  std::string target;  // path and query as sent
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::chrono::steady_clock::time_point received{};  // when its head was read
  // First value of header `name` (lower-case), "" when absent.
  std::string header(std::string_view name) const;
};

struct Reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers{};  // sent as given
  std::string body{};

  // Misbehaviour, applied in this order; the defaults answer normally with
  // Content-Length and keep the connection open.
  std::chrono::milliseconds delay{0};  // wait before answering
  bool never_answer = false;           // read the request, then hold the connection
  std::size_t header_flood = 0;        // add about this many bytes of X-Filler headers
  bool gzip = false;                   // send `body` gzip-compressed (Content-Encoding)
  std::uint64_t gzip_zeros = 0;        // instead of `body`: gzip of this many zero bytes,
                                       // compressed on the fly, close-delimited
  std::size_t drip_bytes = 0;          // send the body this many bytes at a time …
  std::chrono::milliseconds drip_interval{0};  // … pausing this long in between
  std::ptrdiff_t reset_after = -1;     // >= 0: announce the full length, send this many
                                       // body bytes, then reset the connection
  std::ptrdiff_t close_after = -1;     // >= 0: announce the full length, send this many
                                       // body bytes, then close normally (FIN)
};

// Builds the reply for one request; lets a test answer depending on headers.
using Handler = std::function<Reply(const RecordedRequest&)>;

class HttpServer {
 public:
  HttpServer();  // listening when it returns
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port>" + path; `path` starts with '/'.
  std::string url(std::string_view path) const;

  // Scripts `path` (exact match on the target, query included; if nothing
  // matches, the target without query is tried). Replaces earlier scripts.
  void on(const std::string& path, Reply reply);
  void on(const std::string& path, Handler handler);
  // Shorthand: `status` redirect to `location` (absolute or relative).
  void redirect(const std::string& path, int status, const std::string& location);

  // Requests received for `path` so far (matching as for on()).
  int hits(const std::string& path) const;
  std::vector<RecordedRequest> requests(const std::string& path) const;
  // Every request so far, whatever its path, in the order they arrived.
  std::vector<RecordedRequest> all_requests() const;
  // Connections accepted so far.
  int connections() const;
  // The most requests with this Host header (e.g. "localhost:8080") that were
  // being served at the same moment, from reading the head until the reply
  // was sent or the connection dropped; 0 for a host never seen.
  int max_concurrent(const std::string& host) const;

 private:
  struct State;
  void accept_loop();
  void serve(int fd);
  std::uint16_t port_ = 0;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};  // written once on shutdown; every poll watches it
  std::shared_ptr<State> state_;
};

// A TCP port on 127.0.0.1 that nothing listens on (bound, then closed).
std::uint16_t unused_port();

}  // namespace kf::test
