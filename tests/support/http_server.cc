// Each connection is served by its own thread with non-blocking sockets and
// poll(), and every poll also watches a "wake" pipe, so a stalled client or a
// reply that sleeps can never keep the destructor from joining.
#include "support/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

namespace kf::test {

struct HttpServer::State {
  mutable std::mutex mutex;
  std::map<std::string, Handler> scripts;
  std::map<std::string, std::vector<RecordedRequest>> log;
  std::vector<RecordedRequest> all;
  std::map<std::string, int> active;      // requests in service per Host header
  std::map<std::string, int> max_active;  // the peak of `active`
  int accepted = 0;
  std::vector<std::thread> connections;
  std::thread acceptor;
};

namespace {

enum class Ready { yes, timeout, stop };

// Waits for `events` on `fd` (fd < 0: just sleep) unless the server stops.
Ready wait_for(int wake, int fd, short events, int timeout_ms) {
  pollfd fds[2] = {{wake, POLLIN, 0}, {fd, events, 0}};
  for (;;) {
    const int n = ::poll(fds, fd >= 0 ? 2 : 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 || (fds[0].revents & POLLIN)) return Ready::stop;
    if (n == 0) return Ready::timeout;
    return Ready::yes;
  }
}

bool send_all(int wake, int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (wait_for(wake, fd, POLLOUT, -1) != Ready::yes) return false;
    } else {
      return false;  // the client went away
    }
  }
  return true;
}

bool pause(int wake, std::chrono::milliseconds ms) {
  return wait_for(wake, -1, 0, static_cast<int>(ms.count())) == Ready::timeout;
}

std::string reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 404: return "Not Found";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2 failed");
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Streams the gzip of `zeros` zero bytes without holding either side.
bool send_gzip_zeros(int wake, int fd, std::uint64_t zeros) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  static const std::string input(1 << 16, '\0');
  std::string output(1 << 16, '\0');
  bool ok = true;
  for (int flush = Z_NO_FLUSH; ok && flush != Z_FINISH;) {
    const std::uint64_t chunk = std::min<std::uint64_t>(zeros, input.size());
    zeros -= chunk;
    flush = zeros == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    z.avail_in = static_cast<uInt>(chunk);
    do {
      z.next_out = reinterpret_cast<Bytef*>(output.data());
      z.avail_out = static_cast<uInt>(output.size());
      deflate(&z, flush);
      const std::size_t produced = output.size() - z.avail_out;
      ok = send_all(wake, fd, std::string_view(output.data(), produced));
    } while (ok && z.avail_out == 0);
  }
  deflateEnd(&z);
  return ok;
}

RecordedRequest parse_request(std::string_view head) {
  RecordedRequest request;
  const auto line_end = head.find("\r\n");
  const std::string_view first = head.substr(0, line_end);
  const auto sp1 = first.find(' ');
  const auto sp2 = first.find(' ', sp1 + 1);
  request.method = std::string(first.substr(0, sp1));
  request.target = std::string(first.substr(sp1 + 1, sp2 - sp1 - 1));
  std::size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    const std::string_view line = head.substr(pos, end - pos);
    if (const auto colon = line.find(':'); colon != std::string_view::npos) {
      request.headers.emplace_back(lower(trim(line.substr(0, colon))),
                                   std::string(trim(line.substr(colon + 1))));
    }
    pos = end + 2;
  }
  return request;
}

}  // namespace

std::string RecordedRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

HttpServer::HttpServer() : state_(std::make_shared<State>()) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 256) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &length) != 0 ||
      ::pipe2(wake_, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("HttpServer: ") + std::strerror(errno));
  }
  port_ = ntohs(addr.sin_port);
  state_->acceptor = std::thread([this] { accept_loop(); });
}

HttpServer::~HttpServer() {
  (void)!::write(wake_[1], "x", 1);
  state_->acceptor.join();
  std::vector<std::thread> connections;
  {
    std::lock_guard lock(state_->mutex);
    connections = std::move(state_->connections);
  }
  for (auto& thread : connections) thread.join();
  ::close(listen_fd_);
  ::close(wake_[0]);
  ::close(wake_[1]);
}

std::string HttpServer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void HttpServer::on(const std::string& path, Reply reply) {
  on(path, Handler([reply = std::move(reply)](const RecordedRequest&) { return reply; }));
}

void HttpServer::on(const std::string& path, Handler handler) {
  std::lock_guard lock(state_->mutex);
  state_->scripts[path] = std::move(handler);
}

void HttpServer::redirect(const std::string& path, int status, const std::string& location) {
  Reply reply;
  reply.status = status;
  reply.headers = {{"Location", location}};
  on(path, std::move(reply));
}

int HttpServer::hits(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->log.find(path);
  return it == state_->log.end() ? 0 : static_cast<int>(it->second.size());
}

std::vector<RecordedRequest> HttpServer::requests(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->log.find(path);
  return it == state_->log.end() ? std::vector<RecordedRequest>{} : it->second;
}

std::vector<RecordedRequest> HttpServer::all_requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->all;
}

int HttpServer::connections() const {
  std::lock_guard lock(state_->mutex);
  return state_->accepted;
}

int HttpServer::max_concurrent(const std::string& host) const {
  std::lock_guard lock(state_->mutex);
  auto it = state_->max_active.find(host);
  return it == state_->max_active.end() ? 0 : it->second;
}

void HttpServer::accept_loop() {
  for (;;) {
    if (wait_for(wake_[0], listen_fd_, POLLIN, -1) != Ready::yes) return;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) continue;
    std::lock_guard lock(state_->mutex);
    ++state_->accepted;
    state_->connections.emplace_back([this, fd] { serve(fd); });
  }
}

void HttpServer::serve(int fd) {
  const int wake = wake_[0];
  std::string buffer;
  char chunk[8192];
  for (;;) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > (1 << 20) || wait_for(wake, fd, POLLIN, -1) != Ready::yes) {
        ::close(fd);
        return;
      }
      const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) {
        ::close(fd);
        return;
      }
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    RecordedRequest request = parse_request(std::string_view(buffer).substr(0, head_end));
    request.received = std::chrono::steady_clock::now();
    buffer.erase(0, head_end + 4);
    // Counts this request as in service until its reply starts to go out:
    // the client holds it in flight at least that long, so the peak we see
    // never exceeds the client's own count, even when it starts its next
    // request the instant the last byte arrives.
    struct InService {
      State& state;
      std::string host;
      bool counted = true;
      void release() {
        if (!std::exchange(counted, false)) return;
        std::lock_guard lock(state.mutex);
        --state.active[host];
      }
      ~InService() { release(); }
    } in_service{*state_, request.header("host")};

    Handler handler;
    std::string key = request.target;
    {
      std::lock_guard lock(state_->mutex);
      auto it = state_->scripts.find(key);
      if (it == state_->scripts.end()) {
        key = key.substr(0, key.find('?'));
        it = state_->scripts.find(key);
      }
      if (it != state_->scripts.end()) handler = it->second;
      state_->log[key].push_back(request);
      state_->all.push_back(request);
      const int now_active = ++state_->active[in_service.host];
      int& peak = state_->max_active[in_service.host];
      peak = std::max(peak, now_active);
    }
    Reply reply = handler ? handler(request) : Reply{.status = 404, .body = "not found"};

    bool keep_alive = true;
    if (reply.delay.count() > 0 && !pause(wake, reply.delay)) keep_alive = false;
    if (keep_alive && reply.never_answer) {
      // Hold the connection until the client gives up or the server stops.
      while (wait_for(wake, fd, POLLIN, -1) == Ready::yes) {
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) break;
      }
      keep_alive = false;
    }
    in_service.release();
    if (keep_alive) {
      std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason(reply.status) + "\r\n";
      for (const auto& [name, value] : reply.headers) head += name + ": " + value + "\r\n";
      for (std::size_t i = 0; i * 110 < reply.header_flood; ++i) {
        head += "X-Filler-" + std::to_string(i) + ": " + std::string(96, 'a') + "\r\n";
      }
      const std::string body = reply.gzip ? gzip(reply.body) : reply.body;
      if (reply.gzip || reply.gzip_zeros > 0) head += "Content-Encoding: gzip\r\n";
      if (reply.gzip_zeros > 0) {
        head += "Connection: close\r\n\r\n";
        if (send_all(wake, fd, head)) send_gzip_zeros(wake, fd, reply.gzip_zeros);
        keep_alive = false;
      } else {
        head += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
        std::string_view rest = body;
        if (reply.reset_after >= 0) {
          rest = rest.substr(0, std::min<std::size_t>(rest.size(), static_cast<std::size_t>(reply.reset_after)));
        } else if (reply.close_after >= 0) {
          rest = rest.substr(0, std::min<std::size_t>(rest.size(), static_cast<std::size_t>(reply.close_after)));
        }
        keep_alive = send_all(wake, fd, head);
        const std::size_t step = reply.drip_bytes > 0 ? reply.drip_bytes : std::max<std::size_t>(rest.size(), 1);
        while (keep_alive && !rest.empty()) {
          const std::size_t n = std::min(step, rest.size());
          keep_alive = send_all(wake, fd, rest.substr(0, n));
          rest.remove_prefix(n);
          if (keep_alive && reply.drip_bytes > 0 && !rest.empty()) keep_alive = pause(wake, reply.drip_interval);
        }
        if (reply.reset_after >= 0) {
          linger hard{1, 0};  // close() now sends RST instead of FIN
          ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
          keep_alive = false;
        }
        if (reply.close_after >= 0) keep_alive = false;
      }
    }
    if (!keep_alive) {
      ::close(fd);
      return;
    }
  }
}

std::uint16_t unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof addr;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length);
  ::close(fd);
  return ntohs(addr.sin_port);
}

}  // namespace kf::test
