// The only translation unit that includes Asio and Beast (they cost ~12 s to
// compile). Modelled on Beast's advanced server example: one Session per
// connection owning its stream and buffer, do_x/on_x pairs, a fresh parser
// with limits for every request.
#include "serve/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "normalize/date.h"
#include "serve/pipeline.h"

namespace kf::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = beast::error_code;

namespace {

// What every session needs; outlives the io_context's handlers.
struct Shared {
  Server::Options options;
  Handler handler;
  std::atomic<std::size_t> sessions{0};
};

// Date is formatted once per second per thread, not once per response.
const std::string& current_http_date() {
  thread_local std::chrono::sys_seconds cached_second{};
  thread_local std::string cached;
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  if (now != cached_second || cached.empty()) {
    cached_second = now;
    cached = normalize::format_http_date(now);
  }
  return cached;
}

std::string lower(beast::string_view s) {
  std::string out(s.data(), s.size());
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The reply status for a request Beast could not parse; 0 means "just close"
// (the client went away, timed out, or sent nothing).
int status_for_read_error(const error_code& ec) {
  if (ec == http::error::header_limit || ec == http::error::buffer_overflow) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::end_of_stream || ec == http::error::partial_message) return 0;
  if (ec.category() == http::make_error_code(http::error::bad_target).category()) return 400;
  return 0;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, std::shared_ptr<Shared> shared)
      : stream_(std::move(socket)),
        buffer_(shared->options.max_header_bytes + shared->options.max_body_bytes + 4096),
        shared_(std::move(shared)) {
    ++shared_->sessions;
  }
  ~Session() { --shared_->sessions; }

  void run() {
    // Start on the session's strand; the acceptor runs elsewhere.
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Session::do_read, shared_from_this()));
  }

 private:
  // The deadline covers the whole request, from the connect (first request)
  // or from its first byte (keep-alive, see do_idle_wait); Beast's composed
  // read does not reset it per chunk, which is what stops slowloris.
  void do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.max_header_bytes));
    parser_->body_limit(shared_->options.max_body_bytes);
    stream_.expires_after(shared_->options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::on_read, shared_from_this()));
  }

  // Between keep-alive requests: wait up to idle_timeout for the first byte
  // of the next one, then give it read_timeout to complete.
  void do_idle_wait() {
    if (buffer_.size() > 0) return do_read();  // pipelined request already here
    stream_.expires_after(shared_->options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(1024),
                            beast::bind_front_handler(&Session::on_idle_read, shared_from_this()));
  }

  void on_idle_read(error_code ec, std::size_t bytes) {
    if (ec) return do_close(false);
    buffer_.commit(bytes);
    do_read();
  }

  void on_read(error_code ec, std::size_t) {
    if (ec) {
      int status = status_for_read_error(ec);
      if (ec != http::error::end_of_stream) {
        spdlog::debug("serve: dropping {}: {}", peer(), ec.message());
      }
      if (status == 0) return do_close(false);
      return send(error_reply(status), 11);
    }
    auto& message = parser_->get();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (const auto& field : message) {
      request.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    }
    request.keep_alive = message.keep_alive();
    unsigned version = message.version();
    parser_.reset();  // the body is not needed any more
    send(handle_request(std::move(request), shared_->handler), version);
  }

  void send(Reply reply, unsigned version) {
    reply_ = std::move(reply);
    response_ = {};
    response_.version(version);
    response_.result(static_cast<unsigned>(reply_.status));
    response_.set(http::field::server, "kommunalfeed");
    response_.set(http::field::date, current_http_date());
    for (const auto& [name, value] : reply_.headers) response_.insert(name, value);
    if (reply_.content_length) response_.content_length(*reply_.content_length);
    response_.keep_alive(!reply_.close);
    response_.body() =
        http::span_body<const char>::value_type(reply_.payload.data(), reply_.payload.size());
    stream_.expires_after(shared_->options.write_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(error_code ec, std::size_t) {
    bool close = reply_.close;
    reply_ = {};  // release the Entity early
    if (ec) return do_close(false);
    if (close) return do_close(true);
    do_idle_wait();
  }

  // With `linger`, the client may still be sending (e.g. the rest of an
  // oversized header): closing with unread data would reset the connection
  // and could destroy our error reply before the client reads it, so read
  // and discard for a short while first.
  void do_close(bool linger) {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (!linger) return;
    stream_.expires_after(std::chrono::seconds(2));
    do_drain();
  }

  void do_drain() {
    buffer_.clear();
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Session::on_drain, shared_from_this()));
  }

  void on_drain(error_code ec, std::size_t bytes) {
    drained_ += bytes;
    if (ec || drained_ > 64 * 1024) return;  // the session ends, the socket closes
    do_drain();
  }

  std::string peer() const {
    error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (ec) return "client";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::shared_ptr<Shared> shared_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Reply reply_;
  http::response<http::span_body<const char>> response_;
  std::size_t drained_ = 0;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, std::shared_ptr<Shared> shared)
      : ioc_(ioc),
        acceptor_(net::make_strand(ioc)),
        retry_(acceptor_.get_executor()),
        shared_(std::move(shared)) {}

  error_code listen(const tcp::endpoint& endpoint) {
    error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    return ec;
  }

  std::uint16_t port() const {
    error_code ec;
    return acceptor_.local_endpoint(ec).port();
  }

  void run() { do_accept(); }

 private:
  void do_accept() {
    acceptor_.async_accept(net::make_strand(ioc_),
                           beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }

  void on_accept(error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (ec) {
      spdlog::warn("serve: accept failed: {}", ec.message());
      // Out of descriptors or memory: accepting again at once would spin.
      retry_.expires_after(std::chrono::milliseconds(100));
      retry_.async_wait([self = shared_from_this()](error_code wait_ec) {
        if (!wait_ec) self->do_accept();
      });
      return;
    }
    if (shared_->sessions.load() >= shared_->options.max_connections) {
      error_code ignored;
      socket.close(ignored);
    } else {
      std::make_shared<Session>(std::move(socket), shared_)->run();
    }
    do_accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  std::shared_ptr<Shared> shared_;
};

// "host:port" or "[v6]:port" into its parts; false when malformed.
bool split_listen(const std::string& listen, std::string& host, std::string& port) {
  std::size_t colon;
  if (listen.starts_with('[')) {
    std::size_t close = listen.find(']');
    if (close == std::string::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      return false;
    }
    host = listen.substr(1, close - 1);
    colon = close + 1;
  } else {
    colon = listen.rfind(':');
    if (colon == std::string::npos) return false;
    host = listen.substr(0, colon);
    if (host.find(':') != std::string::npos) return false;  // bare IPv6 needs brackets
  }
  port = listen.substr(colon + 1);
  if (host.empty() || port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  return std::stoul(port) <= 65535;
}

}  // namespace

struct Server::Impl {
  std::shared_ptr<Shared> shared;
  std::unique_ptr<net::io_context> ioc;
  std::shared_ptr<Listener> listener;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  std::mutex stop_mutex;
  bool stopped = false;
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

Result<std::unique_ptr<Server>> Server::start(Options options, Handler handler) {
  std::string host, port;
  if (!split_listen(options.listen, host, port)) {
    return fail("serve: bad listen address \"", options.listen, "\" (want host:port)");
  }
  auto impl = std::make_unique<Impl>();
  unsigned threads = std::max(1u, options.threads);
  impl->shared = std::make_shared<Shared>();
  impl->shared->options = std::move(options);
  impl->shared->handler = std::move(handler);
  const std::string& listen = impl->shared->options.listen;
  impl->ioc = std::make_unique<net::io_context>(static_cast<int>(threads));

  error_code ec;
  tcp::resolver resolver(*impl->ioc);
  auto endpoints = resolver.resolve(host, port, tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) {
    return fail("serve: cannot resolve ", listen, ": ", ec ? ec.message() : "no address");
  }
  impl->listener = std::make_shared<Listener>(*impl->ioc, impl->shared);
  ec = impl->listener->listen(endpoints.begin()->endpoint());
  if (ec) return fail("serve: cannot listen on ", listen, ": ", ec.message());
  impl->port = impl->listener->port();
  impl->listener->run();

  std::unique_ptr<Server> server(new Server(std::move(impl)));
  try {
    for (unsigned i = 0; i < threads; ++i) {
      server->impl_->threads.emplace_back([ioc = server->impl_->ioc.get()] {
        auto guard = net::make_work_guard(*ioc);
        ioc->run();
      });
    }
  } catch (const std::system_error& e) {
    return fail("serve: cannot start I/O thread: ", e.what());  // ~Server joins the others
  }
  spdlog::info("serve: listening on {} (port {})", listen, server->impl_->port);
  return server;
}

void Server::stop() {
  std::lock_guard lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->ioc->stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  impl_->listener.reset();
  // Destroying the io_context destroys the pending handlers, which own the
  // sessions: every socket and the acceptor close here.
  impl_->ioc.reset();
}

std::uint16_t Server::port() const { return impl_->port; }

std::size_t Server::connections() const { return impl_->shared->sessions.load(); }

}  // namespace kf::serve
