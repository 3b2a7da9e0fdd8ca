// Curl calls the header callback once per header line of every hop
// (redirects included), so the redirect chain and the final headers are
// rebuilt here line by line; curl's own redirect bookkeeping exposes only the
// last URL.
#include "fetch/transfer.h"
#include "text/ascii.h"

#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <ctime>

#include "fetch/address_policy.h"
#include "fetch/cache_headers.h"

namespace kf::fetch {

std::string Response::header(const std::string& name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

namespace detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes >> 10) + " KiB";
  return std::to_string(bytes) + " bytes";
}

// The statuses whose Location curl follows: every 3xx except 304.
bool is_redirect_status(int status) { return status >= 300 && status < 400 && status != 304; }

// Location may be relative; curl's URL parser resolves it against `base`.
std::string resolve(const std::string& base, const std::string& location) {
  std::string out = location;
  CURLU* url = curl_url();
  if (url == nullptr) return out;
  char* text = nullptr;
  if (curl_url_set(url, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK &&
      curl_url_set(url, CURLUPART_URL, location.c_str(), 0) == CURLUE_OK &&
      curl_url_get(url, CURLUPART_URL, &text, 0) == CURLUE_OK) {
    out = text;
  }
  curl_free(text);
  curl_url_cleanup(url);
  return out;
}

std::string find(const std::vector<std::pair<std::string, std::string>>& headers,
                 std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

}  // namespace

Transfer::Transfer(Request request, Done done, const Options& options)
    : request_(std::move(request)),
      done_(std::move(done)),
      options_(options),
      easy_(curl_easy_init()),
      started_(std::chrono::steady_clock::now()) {
  if (easy_ == nullptr) {
    setup_error_ = "curl_easy_init failed";
    return;
  }
  if (!request_.etag.empty()) {
    request_headers_ = curl_slist_append(request_headers_, ("If-None-Match: " + request_.etag).c_str());
  }
  if (!request_.last_modified.empty()) {
    request_headers_ = curl_slist_append(
        request_headers_, ("If-Modified-Since: " + request_.last_modified).c_str());
  }
  const auto ms = [](std::chrono::seconds s) {
    return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(s).count());
  };
  CURLcode rc = CURLE_OK;
  const auto set = [&](CURLoption option, auto value) {
    if (rc == CURLE_OK) rc = curl_easy_setopt(easy_, option, value);
  };
  set(CURLOPT_URL, request_.url.c_str());
  set(CURLOPT_PRIVATE, static_cast<void*>(this));
  set(CURLOPT_ERRORBUFFER, curl_error_);
  set(CURLOPT_NOSIGNAL, 1L);
  set(CURLOPT_PROTOCOLS_STR, "http,https");
  set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  set(CURLOPT_FOLLOWLOCATION, 1L);
  set(CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
  set(CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl was built with
  set(CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  set(CURLOPT_SSL_VERIFYPEER, 1L);
  set(CURLOPT_SSL_VERIFYHOST, 2L);
  set(CURLOPT_CONNECTTIMEOUT_MS, ms(options_.connect_timeout));
  set(CURLOPT_TIMEOUT_MS, ms(options_.timeout));
  set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
  if (!options_.user_agent.empty()) set(CURLOPT_USERAGENT, options_.user_agent.c_str());
  if (!options_.proxy.empty()) set(CURLOPT_PROXY, options_.proxy.c_str());
  if (request_headers_ != nullptr) set(CURLOPT_HTTPHEADER, request_headers_);
  set(CURLOPT_HEADERFUNCTION, &Transfer::on_header);
  set(CURLOPT_HEADERDATA, static_cast<void*>(this));
  set(CURLOPT_WRITEFUNCTION, &Transfer::on_body);
  set(CURLOPT_WRITEDATA, static_cast<void*>(this));
  set(CURLOPT_OPENSOCKETFUNCTION, &Transfer::on_open_socket);
  set(CURLOPT_OPENSOCKETDATA, static_cast<void*>(this));
  if (rc != CURLE_OK) setup_error_ = std::string("curl setup: ") + curl_easy_strerror(rc);
}

Transfer::~Transfer() {
  if (easy_ != nullptr) curl_easy_cleanup(easy_);
  curl_slist_free_all(request_headers_);
}

Error Transfer::error(std::string_view what) const {
  const std::string source = request_.source_id.empty() ? std::string("-") : request_.source_id;
  return Error{"fetch: " + source + ": " + request_.url + ": " + std::string(what)};
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<Transfer*>(self);
  const std::size_t n = size * count;
  transfer->header_bytes_ += n;
  if (transfer->header_bytes_ > kMaxHeaderBytes) {
    transfer->abort_reason_ = "response headers over " + size_text(kMaxHeaderBytes);
    return 0;  // any count other than n aborts the transfer
  }
  transfer->header_line(std::string_view(data, n));
  return n;
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) {
  auto* transfer = static_cast<Transfer*>(self);
  const std::size_t n = size * count;
  // `data` is already decompressed, so a compression bomb stops here.
  if (transfer->response_.body.size() + n > transfer->options_.max_body) {
    transfer->abort_reason_ = "body over " + size_text(transfer->options_.max_body);
    return 0;
  }
  transfer->response_.body.append(data, n);
  return n;
}

curl_socket_t Transfer::on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(self);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  if (!transfer->options_.allow_private_networks && is_forbidden_address(&address->addr)) {
    if (transfer->blocked_reason_.empty()) {
      transfer->blocked_reason_ = "blocked private address " + address_text(&address->addr);
    }
    return CURL_SOCKET_BAD;
  }
  const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
  return fd < 0 ? CURL_SOCKET_BAD : fd;
}

void Transfer::header_line(std::string_view line) {
  line = trim(line);
  if (line.starts_with("HTTP/")) {  // a new hop (or an interim 1xx) begins
    hop_headers_.clear();
    hop_status_ = 0;
    const auto space = line.find(' ');
    if (space != std::string_view::npos) {
      const std::string_view code = line.substr(space + 1, 3);
      if (code.size() == 3 && std::all_of(code.begin(), code.end(), ::isdigit)) {
        hop_status_ = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
      }
    }
    return;
  }
  if (line.empty()) {
    end_of_headers();
    return;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return;  // obsolete line folding; ignored
  hop_headers_.emplace_back(text::to_lower(trim(line.substr(0, colon))),
                            std::string(trim(line.substr(colon + 1))));
}

void Transfer::end_of_headers() {
  const std::string location = find(hop_headers_, "location");
  if (!is_redirect_status(hop_status_) || location.empty()) return;
  char* current = nullptr;
  curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &current);
  const std::string from = current != nullptr ? current : request_.url;
  response_.redirects.push_back(Redirect{hop_status_, from, resolve(from, location)});
}

bool Transfer::redirects_repeat() const {
  for (std::size_t i = 0; i < response_.redirects.size(); ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      if (response_.redirects[i].to == response_.redirects[j].from) return true;
    }
  }
  return false;
}

std::string Transfer::transport_error(CURLcode code) const {
  if (!abort_reason_.empty()) return abort_reason_;
  const std::string detail = curl_error_[0] != '\0' ? std::string(": ") + curl_error_ : "";
  switch (code) {
    case CURLE_COULDNT_CONNECT: {
      if (!blocked_reason_.empty()) return blocked_reason_;
      long os_errno = 0;
      curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
      if (os_errno == ECONNREFUSED) return "connection refused";
      return "could not connect" + detail;
    }
    case CURLE_OPERATION_TIMEDOUT: {
      curl_off_t connect_us = 0;
      curl_easy_getinfo(easy_, CURLINFO_CONNECT_TIME_T, &connect_us);
      const auto elapsed = std::chrono::steady_clock::now() - started_;
      if (connect_us == 0 && elapsed < options_.timeout) {
        return "connect timed out after " + std::to_string(options_.connect_timeout.count()) + " s";
      }
      return "timed out after " + std::to_string(options_.timeout.count()) + " s";
    }
    case CURLE_TOO_MANY_REDIRECTS:
      if (redirects_repeat()) return "redirect loop";
      return "more than " + std::to_string(options_.max_redirects) + " redirects";
    case CURLE_COULDNT_RESOLVE_HOST: {
      // curl's own text already names the host: "Could not resolve host: x".
      std::string text = curl_error_[0] != '\0' ? std::string(curl_error_) : "could not resolve host";
      text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
      return text;
    }
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR: {
      long os_errno = 0;
      curl_easy_getinfo(easy_, CURLINFO_OS_ERRNO, &os_errno);
      if (os_errno == ECONNRESET) return "connection reset";
      return curl_easy_strerror(code) + detail;
    }
    case CURLE_PARTIAL_FILE:
      return "body truncated" + detail;
    default:
      return curl_easy_strerror(code) + detail;
  }
}

Result<Response> Transfer::finish(CURLcode code) {
  if (code != CURLE_OK) return std::unexpected(error(transport_error(code)));
  Response response = std::move(response_);
  long status = 0;
  curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  char* text = nullptr;
  if (curl_easy_getinfo(easy_, CURLINFO_EFFECTIVE_URL, &text) == CURLE_OK && text != nullptr)
    response.effective_url = text;
  text = nullptr;
  if (curl_easy_getinfo(easy_, CURLINFO_CONTENT_TYPE, &text) == CURLE_OK && text != nullptr)
    response.content_type = text;
  response.headers = std::move(hop_headers_);
  response.etag = find(response.headers, "etag");
  response.last_modified = find(response.headers, "last-modified");
  const std::time_t now = std::time(nullptr);
  if (const std::string retry = find(response.headers, "retry-after"); !retry.empty())
    response.retry_after = parse_retry_after(retry, now);
  response.max_age = parse_max_age(find(response.headers, "cache-control"),
                                   find(response.headers, "expires"),
                                   find(response.headers, "date"), now);
  curl_off_t downloaded = 0;
  curl_easy_getinfo(easy_, CURLINFO_SIZE_DOWNLOAD_T, &downloaded);
  response.bytes_received = header_bytes_ + static_cast<std::uint64_t>(downloaded);
  response.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started_);
  return response;
}

}  // namespace detail
}  // namespace kf::fetch
