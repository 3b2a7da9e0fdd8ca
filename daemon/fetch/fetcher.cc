// The curl multi "socket" API driven by Asio, after curl's event-loop
// examples (multi-event.c, multi-uv.c, ephiperfifo.c): curl says through
// CURLMOPT_SOCKETFUNCTION which descriptor to watch for what, and through
// CURLMOPT_TIMERFUNCTION when to call back; we wait with Asio and report
// readiness with curl_multi_socket_action(), then collect finished transfers.
// This is one of the two translation units that include Asio.
#include "fetch/fetcher.h"

#include <curl/curl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <unordered_map>

#include "fetch/transfer.h"

namespace kf::fetch {

namespace asio = boost::asio;
using asio::ip::tcp;
using detail::Transfer;

class Fetcher::Impl {
 public:
  Impl(asio::io_context& io, Options options);
  ~Impl();
  void fetch(Request request, Transfer::Done done);
  void cancel_all();
  std::size_t in_flight() const { return transfers_.size(); }
  void set_options(Options options) { options_ = std::move(options); }

 private:
  // A descriptor curl asked us to watch. The tcp::socket only borrows it:
  // it is released, never closed, when curl is done with it.
  struct Watch {
    explicit Watch(asio::io_context& io) : socket(io) {}
    tcp::socket socket;
    int wanted = 0;  // CURL_POLL_IN / CURL_POLL_OUT bits
    bool read_pending = false;
    bool write_pending = false;
    std::uint64_t generation = 0;  // tells a reused descriptor number apart
  };

  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socketp);
  static int on_timer(CURLM* multi, long timeout_ms, void* self);
  static int on_close_socket(void* self, curl_socket_t fd);
  void watch(curl_socket_t fd, int what);
  void arm(curl_socket_t fd, Watch& w);
  void on_ready(curl_socket_t fd, std::uint64_t generation, int direction,
                const boost::system::error_code& ec);
  void forget(curl_socket_t fd);
  void action(curl_socket_t fd, int flags);
  void drain();
  void fail_later(Transfer::Done done, Error error);

  asio::io_context& io_;
  Options options_;
  CURLM* multi_ = nullptr;
  asio::steady_timer timer_;
  std::unordered_map<curl_socket_t, std::unique_ptr<Watch>> watches_;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  std::uint64_t next_generation_ = 1;
  // Handlers still queued in the io_context after we are gone see it expired.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

Fetcher::Impl::Impl(asio::io_context& io, Options options)
    : io_(io), options_(std::move(options)), timer_(io) {
  static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
  (void)global;  // on failure curl_multi_init returns null and fetch() reports it
  multi_ = curl_multi_init();
  if (multi_ == nullptr) return;
  curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &Impl::on_socket);
  curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, static_cast<void*>(this));
  curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &Impl::on_timer);
  curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, static_cast<void*>(this));
}

Fetcher::Impl::~Impl() {
  for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_, easy);
  transfers_.clear();
  // Closes pooled connections through on_close_socket, which needs us alive.
  if (multi_ != nullptr) curl_multi_cleanup(multi_);
  for (auto& [fd, w] : watches_) {
    boost::system::error_code ignored;
    w->socket.release(ignored);
  }
}

void Fetcher::Impl::fail_later(Transfer::Done done, Error error) {
  asio::post(io_, [done = std::move(done), error = std::move(error)]() mutable {
    done(std::unexpected(std::move(error)));
  });
}

void Fetcher::Impl::fetch(Request request, Transfer::Done done) {
  auto transfer = std::make_unique<Transfer>(std::move(request), std::move(done), options_);
  if (multi_ == nullptr) {
    const Error error = transfer->error("curl_multi_init failed");
    return fail_later(transfer->take_done(), error);
  }
  if (!transfer->ok()) {
    const Error error = transfer->error(transfer->setup_error());
    return fail_later(transfer->take_done(), error);
  }
  // Connections outlive their easy handle in curl's pool, so closing goes
  // through the Fetcher, not the transfer.
  curl_easy_setopt(transfer->easy(), CURLOPT_CLOSESOCKETFUNCTION, &Impl::on_close_socket);
  curl_easy_setopt(transfer->easy(), CURLOPT_CLOSESOCKETDATA, static_cast<void*>(this));
  CURL* easy = transfer->easy();
  if (const CURLMcode mc = curl_multi_add_handle(multi_, easy); mc != CURLM_OK) {
    const Error error = transfer->error(curl_multi_strerror(mc));
    return fail_later(transfer->take_done(), error);
  }
  transfers_.emplace(easy, std::move(transfer));
}

void Fetcher::Impl::cancel_all() {
  auto cancelled = std::move(transfers_);
  transfers_.clear();
  for (auto& [easy, transfer] : cancelled) curl_multi_remove_handle(multi_, easy);
  // Only locals from here on: a callback may start fetches or destroy us.
  for (auto& [easy, transfer] : cancelled) {
    const Error error = transfer->error("cancelled");
    auto done = transfer->take_done();
    transfer.reset();
    done(std::unexpected(error));
  }
}

int Fetcher::Impl::on_socket(CURL*, curl_socket_t fd, int what, void* self, void*) {
  auto* impl = static_cast<Impl*>(self);
  if (what == CURL_POLL_REMOVE) {
    impl->forget(fd);
  } else {
    impl->watch(fd, what);
  }
  return 0;
}

int Fetcher::Impl::on_timer(CURLM*, long timeout_ms, void* self) {
  auto* impl = static_cast<Impl*>(self);
  if (timeout_ms < 0) {
    impl->timer_.cancel();
    return 0;
  }
  // Never call curl from here: even a zero timeout goes through the loop.
  impl->timer_.expires_after(std::chrono::milliseconds(timeout_ms));
  impl->timer_.async_wait(
      [impl, alive = std::weak_ptr<int>(impl->alive_)](const boost::system::error_code& ec) {
        if (alive.expired() || ec == asio::error::operation_aborted) return;
        impl->action(CURL_SOCKET_TIMEOUT, 0);
      });
  return 0;
}

int Fetcher::Impl::on_close_socket(void* self, curl_socket_t fd) {
  static_cast<Impl*>(self)->forget(fd);  // Asio must let go before the number is reused
  return ::close(fd);
}

void Fetcher::Impl::watch(curl_socket_t fd, int what) {
  auto it = watches_.find(fd);
  if (it == watches_.end()) {
    auto w = std::make_unique<Watch>(io_);
    int domain = AF_INET;
    socklen_t length = sizeof domain;
    ::getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &length);
    boost::system::error_code ec;
    w->socket.assign(domain == AF_INET6 ? tcp::v6() : tcp::v4(), fd, ec);
    if (ec) return;  // curl's own timeouts will end the transfer
    w->generation = next_generation_++;
    it = watches_.emplace(fd, std::move(w)).first;
  }
  it->second->wanted = what & (CURL_POLL_IN | CURL_POLL_OUT);
  arm(fd, *it->second);
}

void Fetcher::Impl::arm(curl_socket_t fd, Watch& w) {
  const auto handler = [this, fd, generation = w.generation,
                        alive = std::weak_ptr<int>(alive_)](int direction) {
    return [this, fd, generation, alive, direction](const boost::system::error_code& ec) {
      if (!alive.expired()) on_ready(fd, generation, direction, ec);
    };
  };
  // A wait curl no longer wants stays queued; on_ready ignores its completion.
  if ((w.wanted & CURL_POLL_IN) && !w.read_pending) {
    w.read_pending = true;
    w.socket.async_wait(tcp::socket::wait_read, handler(CURL_CSELECT_IN));
  }
  if ((w.wanted & CURL_POLL_OUT) && !w.write_pending) {
    w.write_pending = true;
    w.socket.async_wait(tcp::socket::wait_write, handler(CURL_CSELECT_OUT));
  }
}

void Fetcher::Impl::on_ready(curl_socket_t fd, std::uint64_t generation, int direction,
                             const boost::system::error_code& ec) {
  auto it = watches_.find(fd);
  if (it == watches_.end() || it->second->generation != generation) return;  // released
  Watch& w = *it->second;
  (direction == CURL_CSELECT_IN ? w.read_pending : w.write_pending) = false;
  if (ec == asio::error::operation_aborted) return;
  const int wanted = direction == CURL_CSELECT_IN ? CURL_POLL_IN : CURL_POLL_OUT;
  if (!(w.wanted & wanted)) return;
  const std::weak_ptr<int> alive = alive_;
  action(fd, direction | (ec ? CURL_CSELECT_ERR : 0));
  if (alive.expired()) return;  // a done callback destroyed the Fetcher
  // curl may have removed the descriptor, or closed it and opened another
  // with the same number, while it ran.
  it = watches_.find(fd);
  if (it != watches_.end() && it->second->generation == generation) arm(fd, *it->second);
}

void Fetcher::Impl::forget(curl_socket_t fd) {
  auto it = watches_.find(fd);
  if (it == watches_.end()) return;
  boost::system::error_code ignored;
  it->second->socket.release(ignored);  // queued waits complete as operation_aborted
  watches_.erase(it);
}

void Fetcher::Impl::action(curl_socket_t fd, int flags) {
  int running = 0;
  curl_multi_socket_action(multi_, fd, flags, &running);
  drain();
}

void Fetcher::Impl::drain() {
  const std::weak_ptr<int> alive = alive_;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    const CURLcode code = msg->data.result;  // msg dies with remove_handle
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) continue;
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    transfers_.erase(it);
    curl_multi_remove_handle(multi_, easy);
    Result<Response> result = transfer->finish(code);
    auto done = transfer->take_done();
    transfer.reset();
    done(std::move(result));
    if (alive.expired()) return;  // the callback destroyed the Fetcher
  }
}

Fetcher::Fetcher(asio::io_context& io, Options options)
    : impl_(std::make_unique<Impl>(io, std::move(options))) {}

Fetcher::~Fetcher() = default;

void Fetcher::fetch(Request request, std::function<void(Result<Response>)> done) {
  impl_->fetch(std::move(request), std::move(done));
}

void Fetcher::cancel_all() { impl_->cancel_all(); }

std::size_t Fetcher::in_flight() const { return impl_->in_flight(); }

void Fetcher::set_options(Options options) { impl_->set_options(std::move(options)); }

}  // namespace kf::fetch
