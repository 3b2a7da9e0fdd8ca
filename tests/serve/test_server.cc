#include "serve/test_server.h"

#include <stdexcept>

namespace kf::test {

std::string feed_atom_body() {
  std::string body =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">";
  for (int i = 0; i < 40; ++i) {
    body +=
        "<entry><title>Onlinezugangsgesetz in Kommune " + std::to_string(i) + "</title></entry>";
  }
  return body + "</feed>";
}

std::string big_body() { return std::string(8 << 20, 'k'); }

TestServer::TestServer(kf::serve::Server::Options options) {
  options.listen = "127.0.0.1:0";
  auto calls = calls_;
  auto started = kf::serve::Server::start(options, [calls](const kf::serve::Request& request) {
    ++*calls;
    kf::serve::Response response;
    if (request.path == "/") {
      response.content_type = "text/html; charset=utf-8";
      response.body = "<!doctype html><title>kommunalfeed</title>";
    } else if (request.path == "/feed.atom") {
      response.content_type = "application/atom+xml; charset=utf-8";
      response.body = feed_atom_body();
      response.last_modified = kFeedModified;
      response.max_age = std::chrono::seconds(600);
    } else if (request.path == "/big") {
      response.content_type = "text/plain; charset=utf-8";
      response.body = big_body();
    } else {
      response = kf::serve::text_response(404);
    }
    response.route = "test";
    return response;
  });
  if (!started) throw std::runtime_error(started.error().message);
  server_ = std::move(*started);
}

}  // namespace kf::test
