// The one test TU that includes Asio; see loop.h.
#include "fetch/loop.h"

#include <boost/asio/io_context.hpp>

namespace kf::fetch::test {

Loop::Loop() : io_(std::make_unique<boost::asio::io_context>()) {}
Loop::~Loop() = default;

boost::asio::io_context& Loop::io() { return *io_; }

bool Loop::run(std::chrono::milliseconds limit) {
  io_->restart();
  io_->run_for(limit);
  return io_->stopped();
}

Result<Response> fetch_one(const Options& options, Request request) {
  Loop loop;
  Result<Response> result = fail("test: no result");
  {
    Fetcher fetcher(loop.io(), options);
    fetcher.fetch(std::move(request), [&](Result<Response> r) { result = std::move(r); });
    loop.run();
  }
  return result;
}

Options local_options() {
  Options options;
  options.user_agent = "kommunalfeed-test/1";
  options.allow_private_networks = true;
  options.timeout = std::chrono::seconds(10);
  return options;
}

}  // namespace kf::fetch::test
