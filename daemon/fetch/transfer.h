// Transfer is one HTTP(S) transfer of the Fetcher: it owns the curl easy
// handle, configures it from Options and Request, and collects what curl's
// callbacks deliver (status lines, headers, redirects, body) into a Response,
// enforcing the body, header and address limits as the bytes arrive. It knows
// nothing about event loops; the Fetcher adds it to its multi handle.
// Not thread-safe; curl calls it back on the thread that drives the multi.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/fetcher.h"
#include "model/error.h"

namespace kf::fetch::detail {

// Most response header bytes accepted over all hops; a server flooding
// headers would otherwise make curl buffer them without bound.
inline constexpr std::uint64_t kMaxHeaderBytes = 256 * 1024;

class Transfer {
 public:
  using Done = std::function<void(Result<Response>)>;

  // Creates and configures the easy handle; check ok() before using it.
  Transfer(Request request, Done done, const Options& options);
  ~Transfer();
  Transfer(const Transfer&) = delete;
  Transfer& operator=(const Transfer&) = delete;

  // False when curl could not create or configure the handle; then
  // setup_error() says why.
  bool ok() const { return setup_error_.empty(); }
  const std::string& setup_error() const { return setup_error_; }
  CURL* easy() const { return easy_; }

  // Turns curl's final code into the Response or a worded Error.
  Result<Response> finish(CURLcode code);

  // The Error "fetch: <source>: <url>: <what>".
  Error error(std::string_view what) const;

  // Moves the caller's callback out, so the transfer can be destroyed
  // before the callback runs (which may start new transfers).
  Done take_done() { return std::move(done_); }

 private:
  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self);
  static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address);
  void header_line(std::string_view line);
  void end_of_headers();
  std::string transport_error(CURLcode code) const;
  bool redirects_repeat() const;

  Request request_;
  Done done_;
  Options options_;
  CURL* easy_ = nullptr;
  curl_slist* request_headers_ = nullptr;
  std::string setup_error_;
  char curl_error_[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started_;

  Response response_;
  int hop_status_ = 0;
  std::vector<std::pair<std::string, std::string>> hop_headers_;
  std::uint64_t header_bytes_ = 0;
  std::string abort_reason_;    // why a callback stopped the transfer
  std::string blocked_reason_;  // first address the policy refused
};

}  // namespace kf::fetch::detail
