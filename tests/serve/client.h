// RawClient is a blocking TCP client for the serve tests: it sends exactly
// the bytes a test gives it (hostile ones included) and reads HTTP/1.1
// responses back by Content-Length, so tests see what the server really put on
// the wire. Not thread-safe; one per connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace kf::test {

struct RawResponse {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-case
  std::string body;
  // The first value of `name` (lower-case), "" when absent.
  std::string header(const std::string& name) const;
  bool has(const std::string& name) const { return headers.count(name) > 0; }
};

class RawClient {
 public:
  // Connects to 127.0.0.1:port; check connected().
  explicit RawClient(std::uint16_t port);
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all of `bytes`; false when the peer has gone.
  bool send(std::string_view bytes);
  // Reads one response; `head` means no body follows the headers. nullopt on
  // close, error, garbage or after `timeout`.
  std::optional<RawResponse> read_response(
      bool head = false, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // True when the server closes the connection (EOF or reset) within
  // `timeout`; data it sends before closing is discarded.
  bool closed_within(std::chrono::milliseconds timeout);

 private:
  // Appends what arrives within `deadline`; false on EOF, error or timeout.
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
};

// One-shot: connects, sends `request`, reads one response.
std::optional<RawResponse> exchange(std::uint16_t port, std::string_view request,
                                    bool head = false);

// The inflated bytes of a gzip stream, nullopt if it is not valid gzip.
std::optional<std::string> gunzip(std::string_view data);

}  // namespace kf::test
