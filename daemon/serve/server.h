// Server is the asynchronous HTTP/1.1 server (Boost.Beast) in front of the
// routes: it accepts connections, parses requests under strict limits, hands
// each one to handle_request (serve/pipeline.h) with the route Handler and
// writes the Reply; keep-alive, pipelining and HEAD work as in HTTP/1.1.
// Hostile clients are contained: header and body limits, a read deadline per
// request that starts at its first byte (a slowloris client trickling a header
// is dropped read_timeout after connecting, however slowly it sends), an idle
// deadline between keep-alive requests, a write deadline, and a cap on
// concurrent connections (connections beyond it are accepted and closed at
// once, so they do not wait in the kernel's backlog).
// Beast is confined to server.cc; this header is cheap to include.
// Thread-safe: port() and connections() may be called from any thread; stop()
// from any thread except the Handler's own.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "model/error.h"
#include "serve/http.h"

namespace kf::serve {

class Server {
 public:
  struct Options {
    // "host:port": "127.0.0.1:8080", "localhost:8080", "[::1]:8080". Port 0
    // picks a free port (see port()).
    std::string listen = "127.0.0.1:8080";
    std::size_t max_header_bytes = 8 * 1024;          // request line + fields; beyond: 431
    std::size_t max_body_bytes = 16 * 1024;           // we serve only GET/HEAD; beyond: 413
    std::chrono::milliseconds read_timeout{10'000};   // first byte to end of request
    std::chrono::milliseconds idle_timeout{30'000};   // between keep-alive requests
    std::chrono::milliseconds write_timeout{30'000};  // one whole response
    std::size_t max_connections = 1024;
    unsigned threads = 1;  // I/O threads; the Handler must be thread-safe if > 1
    // Called with Reply::route and the status of every reply sent, also the
    // server's own error replies (route "invalid"); on an I/O thread, so it
    // must be thread-safe if threads > 1. For request metrics.
    std::function<void(std::string_view route, int status)> on_reply;
  };

  // Binds and listens on options.listen, then serves on its own thread(s).
  // Errors: "serve: bad listen address \"x\" (want host:port)",
  // "serve: cannot resolve …", "serve: cannot listen on 127.0.0.1:8080:
  // Address already in use".
  static Result<std::unique_ptr<Server>> start(Options options, Handler handler);

  ~Server();  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Closes the listener and every connection (requests in flight are cut
  // off) and joins the I/O threads. Idempotent.
  void stop();

  // The bound port, also after stop().
  std::uint16_t port() const;

  // Connections currently open.
  std::size_t connections() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kf::serve
