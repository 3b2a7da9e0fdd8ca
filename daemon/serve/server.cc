// The only translation unit that includes Asio and Beast (they cost ~12 s to
// compile). Modelled on Beast's advanced server example: one Session per
// connection owning its stream and buffer, do_x/on_x pairs, a fresh parser
// with limits for every request that parse_simple() does not take itself.
#include "serve/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "normalize/date.h"
#include "serve/pipeline.h"
#include "serve/simple_request.h"

namespace kf::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = beast::error_code;

namespace {

// Sockets and timers bound to one io_context's executor (not the type-erased
// any_io_executor, not a strand): every connection lives on one I/O thread,
// which has its own io_context, so its handlers never run concurrently and
// need no strand. The profile of the 304 path showed the erased executors,
// the per-connection strand and Beast's buffer-sequence serializer taking
// more CPU than the request itself.
using Executor = net::io_context::executor_type;
using Socket = net::basic_stream_socket<tcp, Executor>;
using Acceptor = net::basic_socket_acceptor<tcp, Executor>;
using Timer = net::basic_waitable_timer<std::chrono::steady_clock,
                                        net::wait_traits<std::chrono::steady_clock>, Executor>;
using Clock = std::chrono::steady_clock;

// What every session needs; outlives the io_context's handlers.
struct Shared {
  Server::Options options;
  Handler handler;
  std::atomic<std::size_t> sessions{0};
};

// The status line, Server and Date: the same for every reply of one status
// in one second, so each thread keeps the last one it built.
const std::string& head_prefix(int status, unsigned version, std::chrono::sys_seconds now) {
  thread_local std::string cached;
  thread_local int cached_status = 0;
  thread_local unsigned cached_version = 0;
  thread_local std::chrono::sys_seconds cached_second{};
  if (status != cached_status || version != cached_version || now != cached_second ||
      cached.empty()) {
    cached_status = status;
    cached_version = version;
    cached_second = now;
    cached = version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    cached += std::to_string(status);
    cached += ' ';
    beast::string_view reason = http::obsolete_reason(static_cast<http::status>(status));
    cached.append(reason.data(), reason.size());
    cached += "\r\nServer: kommunalfeed\r\nDate: ";
    cached += normalize::format_http_date(now);
    cached += "\r\n";
  }
  return cached;
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

// Status line and header block of `reply` into `out` (cleared first, its
// capacity reused): Server, Date (`now`), the reply's fields, Content-Length
// and the Connection field as HTTP/1.0 and 1.1 need it.
void write_head(std::string& out, const Reply& reply, unsigned version,
                std::chrono::sys_seconds now) {
  out.assign(head_prefix(reply.status, version, now));
  out += reply.fields;
  if (reply.content_length) {
    char line[48] = "Content-Length: ";
    char* end = std::to_chars(line + 16, line + sizeof line - 2, *reply.content_length).ptr;
    *end++ = '\r';
    *end++ = '\n';
    out.append(line, end);
  }
  if (version == 10 && !reply.close) out += "Connection: keep-alive\r\n";
  if (version != 10 && reply.close) out += "Connection: close\r\n";
  out += "\r\n";
}

// One connection. Deadlines use a watchdog: set_deadline() only stores the
// time point, and the one timer re-arms itself when it fires early, so the
// request/response cycle of a keep-alive connection (where deadlines only
// move later) starts no timer operation at all. A deadline that moves
// earlier re-arms the timer at once, so slowloris protection is exact.
// The timer's handler holds only a weak_ptr: a session whose I/O is over
// ends at once instead of waiting for its timer.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Socket&& socket, std::shared_ptr<Shared> shared)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        buffer_(shared->options.max_header_bytes + shared->options.max_body_bytes + 4096),
        shared_(std::move(shared)) {
    ++shared_->sessions;
  }
  ~Session() { --shared_->sessions; }

  // Called on the acceptor's thread: continue on the session's own.
  void run() {
    net::post(socket_.get_executor(), [self = shared_from_this()] {
      error_code ignored;
      self->socket_.non_blocking(true, ignored);  // for the direct write in send()
      // The first request's deadline runs from the connect.
      self->in_request_ = true;
      self->set_deadline(self->shared_->options.read_timeout);
      self->start_request();
    });
  }

 private:
  void set_deadline(std::chrono::milliseconds timeout) {
    deadline_ = Clock::now() + timeout;
    if (!armed_ || deadline_ < armed_for_) arm();
  }

  void arm() {
    armed_ = true;
    armed_for_ = deadline_;
    timer_.expires_at(deadline_);  // cancels a wait for a later deadline
    timer_.async_wait([weak = weak_from_this(), round = ++arm_round_](error_code ec) {
      auto self = weak.lock();
      if (self) self->on_timer(ec, round);
    });
  }

  void on_timer(error_code ec, std::uint64_t round) {
    if (ec == net::error::operation_aborted || round != arm_round_ || closed_) return;
    armed_ = false;
    if (Clock::now() < deadline_) return arm();
    // As Beast's tcp_stream did on a timeout: close, so pending I/O fails.
    closed_ = true;
    error_code ignored;
    socket_.close(ignored);
  }

  void start_request() { parse_buffered(); }

  // Beast's parser is made only for requests parse_simple() leaves to it.
  void new_parser() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_->options.max_header_bytes));
    parser_->body_limit(shared_->options.max_body_bytes);
  }

  // Feeds the buffered bytes to the parser (the loop of Beast's http::read);
  // answers a complete request, otherwise reads more.
  void parse_buffered() {
    if ((!parser_ || !parser_->got_some()) && parse_simple()) return;
    if (!parser_) new_parser();
    error_code ec;
    while (buffer_.size() > 0 && !parser_->is_done()) {
      std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) {
        ec = {};
        break;
      }
      if (ec) return on_read_error(ec);
      if (used == 0) break;
    }
    if (parser_->is_done()) return on_request();
    if (!in_request_) {
      // First bytes of a keep-alive request: read_timeout from here on.
      in_request_ = true;
      set_deadline(shared_->options.read_timeout);
    }
    do_read();
  }

  // Reads the next bytes. Asio (1.18) always tries a recv before it waits
  // for readiness. Issued right after a reply, that recv mostly fails with
  // EAGAIN (the client has not even read the reply yet); waiting first
  // instead (async_wait) costs an epoll_ctl per request, as Asio re-arms the
  // descriptor for every wait. So between keep-alive requests the read is
  // deferred (read_later): it runs after the loop's next poll, by which time
  // a busy client's next request has usually arrived, and the one recv takes
  // it. No edge is lost: until the read is queued, readiness only marks the
  // socket for Asio's speculative recv, which then finds the bytes.
  void do_read() {
    std::size_t size = beast::read_size(buffer_, 65536);
    if (size == 0) return on_read_error(http::error::buffer_overflow);
    socket_.async_read_some(buffer_.prepare(size),
                            [self = shared_from_this()](error_code ec, std::size_t bytes) {
                              self->on_read_some(ec, bytes);
                            });
  }

  // Handlers posted now run after the loop's next poll (Asio queues them
  // behind its reactor task).
  void read_later() {
    net::post(socket_.get_executor(), [self = shared_from_this()] { self->do_read(); });
  }

  void on_read_some(error_code ec, std::size_t bytes) {
    if (ec == net::error::eof) {
      if (!parser_ || !parser_->got_some()) return on_read_error(http::error::end_of_stream);
      parser_->put_eof(ec);
      if (!ec && parser_->is_done()) return on_request();
      return on_read_error(ec ? ec : http::error::partial_message);
    }
    if (ec) return on_read_error(ec);
    buffer_.commit(bytes);
    parse_buffered();
  }

  void on_read_error(error_code ec) {
    int status = closed_ ? 0 : status_for_read_error(ec);
    if (ec != http::error::end_of_stream) {
      spdlog::debug("serve: dropping {}: {}", peer(), ec.message());
    }
    if (status == 0) return do_close(false);
    reply_ = error_reply(status);
    return send(11);
  }

  // The common request is read without Beast (serve/simple_request.h);
  // anything else stays in the buffer for Beast's parser.
  bool parse_simple() {
    std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    auto head = parse_simple_request(data, shared_->options.max_header_bytes, request_);
    if (!head) return false;
    buffer_.consume(head->consumed);
    answer(head->version);
    return true;
  }

  void on_request() {
    auto& message = parser_->get();
    // request_ is reused across the connection's requests: assigning keeps
    // each string's capacity, so a keep-alive request copies its fields
    // without allocating.
    Request& request = request_;
    request.method.assign(message.method_string().data(), message.method_string().size());
    request.target.assign(message.target().data(), message.target().size());
    std::size_t n = 0;
    for (const auto& field : message) {
      if (n == request.headers.size()) request.headers.emplace_back();
      auto& [name, value] = request.headers[n++];
      assign_lower(name, std::string_view(field.name_string().data(), field.name_string().size()));
      value.assign(field.value().data(), field.value().size());
    }
    request.headers.resize(n);
    request.keep_alive = message.keep_alive();
    unsigned version = message.version();
    parser_.reset();  // the body is not needed any more
    answer(version);
  }

  // One clock read per request serves both Last-Modified clamping and Date.
  static std::chrono::sys_seconds now_seconds() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }

  void answer(unsigned version) {
    auto now = now_seconds();
    handle_request_in_place(request_, shared_->handler, now, reply_);
    send(version, now);
  }

  // Sends reply_.
  void send(unsigned version, std::chrono::sys_seconds now = now_seconds()) {
    if (shared_->options.on_reply) shared_->options.on_reply(reply_.route, reply_.status);
    write_head(head_, reply_, version, now);
    std::array<net::const_buffer, 2> buffers{net::buffer(head_),
                                             net::buffer(reply_.payload.data(), reply_.payload.size())};
    // Most replies fit the socket buffer: writing at once (the socket is
    // non-blocking) spares a trip through the scheduler per request. A reply
    // without payload (304, HEAD) goes as one buffer, which Asio sends with
    // send(2) instead of sendmsg(2): no iovec for the kernel to copy in.
    error_code ec;
    std::size_t sent = reply_.payload.empty() ? socket_.write_some(buffers[0], ec)
                                              : socket_.write_some(buffers, ec);
    if (ec == net::error::would_block || ec == net::error::try_again) {
      ec = {};
      sent = 0;
    }
    if (ec) return on_write(ec);
    if (sent == head_.size() + reply_.payload.size()) {
      // A pipelined request waiting in the buffer would be answered from
      // here, recursively; post it instead so the stack stays flat.
      if (buffer_.size() == 0) return on_write({});
      return net::post(socket_.get_executor(), [self = shared_from_this()] { self->on_write({}); });
    }
    if (sent < head_.size()) {
      buffers[0] += sent;
    } else {
      buffers[1] += sent - head_.size();
      buffers[0] = net::const_buffer();
    }
    // Only a write that has to wait needs its deadline (and a clock read).
    set_deadline(shared_->options.write_timeout);
    net::async_write(socket_, buffers,
                     [self = shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(error_code ec) {
    bool close = reply_.close;
    reply_.reset();  // releases the Entity early, keeps the header block's capacity
    if (ec) return do_close(false);
    if (close) return do_close(true);
    in_request_ = false;
    parser_.reset();
    if (buffer_.size() > 0) return parse_buffered();  // pipelined request already here
    // Between keep-alive requests: idle_timeout for the first byte of the next.
    set_deadline(shared_->options.idle_timeout);
    read_later();
  }

  // With `linger`, the client may still be sending (e.g. the rest of an
  // oversized header): closing with unread data would reset the connection
  // and could destroy our error reply before the client reads it, so read
  // and discard for a short while first.
  void do_close(bool linger) {
    if (closed_) return;
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    if (!linger) {
      closed_ = true;
      timer_.cancel();
      return;
    }
    set_deadline(std::chrono::seconds(2));
    do_drain();
  }

  void do_drain() {
    buffer_.clear();
    socket_.async_read_some(buffer_.prepare(4096),
                            [self = shared_from_this()](error_code ec, std::size_t bytes) {
                              self->on_drain(ec, bytes);
                            });
  }

  void on_drain(error_code ec, std::size_t bytes) {
    drained_ += bytes;
    if (ec || drained_ > 64 * 1024) {  // the session ends, the socket closes
      closed_ = true;
      timer_.cancel();
      return;
    }
    do_drain();
  }

  std::string peer() const {
    error_code ec;
    auto endpoint = socket_.remote_endpoint(ec);
    if (ec) return "client";
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  }

  Socket socket_;
  Timer timer_;
  Clock::time_point deadline_{};
  Clock::time_point armed_for_{};
  bool armed_ = false;
  std::uint64_t arm_round_ = 0;
  bool closed_ = false;
  bool in_request_ = false;  // a request's first byte has arrived (read_timeout runs)
  beast::flat_buffer buffer_;
  std::shared_ptr<Shared> shared_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;  // reused by every request of the connection
  Reply reply_;      // likewise
  std::string head_;
  std::size_t drained_ = 0;
};

// Accepts on the first I/O thread's io_context and hands each connection to
// the next io_context in turn.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(std::vector<std::unique_ptr<net::io_context>>& contexts, std::shared_ptr<Shared> shared)
      : contexts_(contexts),
        acceptor_(contexts.front()->get_executor()),
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
    net::io_context& target = *contexts_[next_++ % contexts_.size()];
    acceptor_.async_accept(target, [self = shared_from_this()](error_code ec, Socket socket) {
      self->on_accept(ec, std::move(socket));
    });
  }

  void on_accept(error_code ec, Socket socket) {
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
      error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<Session>(std::move(socket), shared_)->run();
    }
    do_accept();
  }

  std::vector<std::unique_ptr<net::io_context>>& contexts_;
  Acceptor acceptor_;
  Timer retry_;
  std::shared_ptr<Shared> shared_;
  std::size_t next_ = 0;
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
  // One io_context per I/O thread (see Session); the first also accepts.
  std::vector<std::unique_ptr<net::io_context>> contexts;
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
  // UNSAFE_IO turns off the per-socket locks of Asio's reactor, two lock
  // pairs per request. Asio allows it when a context's sockets and timers
  // are used by one thread at a time: a Session's are used only on its
  // context's thread once Session::run has posted itself there (before, only
  // the accepting thread touches them), the Listener's only on the first
  // thread. The scheduler stays locked: stop() and the posts cross threads.
  for (unsigned i = 0; i < threads; ++i) {
    impl->contexts.push_back(std::make_unique<net::io_context>(BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO));
  }

  error_code ec;
  tcp::resolver resolver(*impl->contexts.front());
  auto endpoints = resolver.resolve(host, port, tcp::resolver::passive, ec);
  if (ec || endpoints.empty()) {
    return fail("serve: cannot resolve ", listen, ": ", ec ? ec.message() : "no address");
  }
  impl->listener = std::make_shared<Listener>(impl->contexts, impl->shared);
  ec = impl->listener->listen(endpoints.begin()->endpoint());
  if (ec) return fail("serve: cannot listen on ", listen, ": ", ec.message());
  impl->port = impl->listener->port();
  impl->listener->run();

  std::unique_ptr<Server> server(new Server(std::move(impl)));
  try {
    for (unsigned i = 0; i < threads; ++i) {
      server->impl_->threads.emplace_back([ioc = server->impl_->contexts[i].get()] {
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
  for (auto& ioc : impl_->contexts) ioc->stop();
  for (auto& thread : impl_->threads) thread.join();
  impl_->threads.clear();
  impl_->listener.reset();
  // Destroying an io_context destroys its pending handlers, which own the
  // sessions: every socket and the acceptor close here. The acceptor's
  // context goes last: its pending accept names the others.
  while (!impl_->contexts.empty()) impl_->contexts.pop_back();
}

std::uint16_t Server::port() const { return impl_->port; }

std::size_t Server::connections() const { return impl_->shared->sessions.load(); }

}  // namespace kf::serve
