// The fast request-head reader against Beast's parser: every head it takes
// must come out as Beast reads it, and every unusual head must be left to
// Beast. Beast is included here only, to be the reference.
#include "serve/simple_request.h"

#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

namespace kf::serve {
namespace {

namespace http = boost::beast::http;

constexpr std::size_t kLimit = 8192;

struct Read {
  std::string method, target;
  std::vector<std::pair<std::string, std::string>> headers;
  bool keep_alive = false;
  unsigned version = 0;
  std::size_t consumed = 0;
};

std::optional<Read> read_simple(std::string_view bytes) {
  Request request;
  auto head = parse_simple_request(bytes, kLimit, request);
  if (!head) return std::nullopt;
  Read r{request.method, request.target, {}, request.keep_alive, head->version, head->consumed};
  for (auto& [k, v] : request.headers) r.headers.emplace_back(k, v);
  return r;
}

std::optional<Read> read_beast(std::string_view bytes) {
  http::request_parser<http::empty_body> parser;
  parser.header_limit(kLimit);
  boost::beast::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (ec || !parser.is_done()) return std::nullopt;
  const auto& m = parser.get();
  Read r;
  auto view = [](boost::beast::string_view s) { return std::string_view(s.data(), s.size()); };
  r.method = view(m.method_string());
  r.target = view(m.target());
  for (const auto& f : m) {
    std::string name;
    assign_lower(name, view(f.name_string()));
    r.headers.emplace_back(name, view(f.value()));
  }
  r.keep_alive = m.keep_alive();
  r.version = m.version();
  r.consumed = used;
  return r;
}

void check_same_as_beast(std::string_view bytes) {
  INFO(bytes);
  auto ours = read_simple(bytes);
  REQUIRE(ours);
  auto beast = read_beast(bytes);
  REQUIRE(beast);
  CHECK(ours->method == beast->method);
  CHECK(ours->target == beast->target);
  CHECK(ours->headers == beast->headers);
  CHECK(ours->keep_alive == beast->keep_alive);
  CHECK(ours->version == beast->version);
  CHECK(ours->consumed == beast->consumed);
}

TEST_CASE("Plain request heads are read exactly as Beast reads them", "[serve]") {
  for (std::string_view bytes : {
           std::string_view("GET / HTTP/1.1\r\n\r\n"),
           std::string_view("GET /feed.atom HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"),
           std::string_view("HEAD /feeds/all.rss?page=2 HTTP/1.0\r\nHost: x\r\n\r\n"),
           std::string_view("GET /search?q=Bremen%20OZG HTTP/1.1\r\nHost: x\r\n"
                            "If-None-Match: \"abc\"\r\nAccept-Encoding: gzip, br\r\n\r\n"),
           std::string_view("GET / HTTP/1.1\r\nX-Empty:\r\nX-Pad: \t padded value \t\r\n\r\n"),
           std::string_view("GET /0123456789abcdef/0123456 HTTP/1.1\r\n"
                            "X-Tab: 12345678\t12345678 12345678\t\r\nX-Eight: 12345678\r\n\r\n"),
           std::string_view("GET / HTTP/1.1\r\nACCEPT: */*\r\naccept: text/html\r\n\r\n"),
           std::string_view("POST /x HTTP/1.1\r\nHost: x\r\n\r\n"),
           std::string_view("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n\r\n"),
       }) {
    check_same_as_beast(bytes);
  }
}

TEST_CASE("A pipelined second request stays in the buffer", "[serve]") {
  auto r = read_simple("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  REQUIRE(r);
  CHECK(r->target == "/a");
  CHECK(r->consumed == std::string_view("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").size());
}

TEST_CASE("HTTP/1.0 is not kept alive, HTTP/1.1 is", "[serve]") {
  CHECK_FALSE(read_simple("GET / HTTP/1.0\r\n\r\n")->keep_alive);
  CHECK(read_simple("GET / HTTP/1.1\r\n\r\n")->keep_alive);
}

TEST_CASE("Unusual request heads are left to Beast", "[serve]") {
  for (std::string_view bytes : {
           std::string_view("GET / HTTP/1.1\r\nHost: x\r\n"),                       // incomplete
           std::string_view("GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),         // framing
           std::string_view("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n"),
           std::string_view("GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
           std::string_view("GET / HTTP/1.1\r\nX: a\r\n folded\r\n\r\n"),          // obs-fold
           std::string_view("GET / HTTP/1.1\nHost: x\r\n\r\n"),                     // bare LF
           std::string_view("GET / HTTP/2.0\r\n\r\n"),
           std::string_view("GET  / HTTP/1.1\r\n\r\n"),                             // empty target
           std::string_view("GET /\x01 HTTP/1.1\r\n\r\n"),
           std::string_view("GET /\xc3\xa4 HTTP/1.1\r\n\r\n"),                      // non-ASCII
           std::string_view("GET / HTTP/1.1\r\nX: caf\xc3\xa9\r\n\r\n"),
           std::string_view("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"),
           std::string_view("GET / HTTP/1.1\r\n: no name\r\n\r\n"),
           std::string_view("GET / HTTP/1.1\r\nNoColon\r\n\r\n"),
           std::string_view("G(T / HTTP/1.1\r\n\r\n"),
           std::string_view("GET /\r\n\r\n"),
       }) {
    INFO(bytes);
    CHECK_FALSE(read_simple(bytes));
  }
}

TEST_CASE("A head at or over the size limit is left to Beast", "[serve]") {
  std::string big = "GET / HTTP/1.1\r\nX: " + std::string(kLimit, 'a') + "\r\n\r\n";
  CHECK_FALSE(read_simple(big));
  std::string fits = "GET / HTTP/1.1\r\nX: " + std::string(kLimit - 100, 'a') + "\r\n\r\n";
  check_same_as_beast(fits);
}

TEST_CASE("Any head taken from mutated requests equals Beast's reading", "[serve]") {
  // Every single-byte substitution of a realistic head, with bytes that
  // matter to the grammar: whatever the fast reader still takes, Beast must
  // read the same way.
  const std::string base =
      "GET /feeds/all.atom?page=2 HTTP/1.1\r\nHost: example.org\r\n"
      "If-None-Match: \"x\"\r\nAccept-Encoding: gzip\r\n\r\n";
  int taken = 0;
  for (std::size_t i = 0; i < base.size(); ++i) {
    for (char c : std::string_view(" \t\r\n:/\"\x7f\x80" "aZ0-", 14)) {
      std::string mutated = base;
      mutated[i] = c;
      if (!read_simple(mutated)) continue;
      ++taken;
      check_same_as_beast(mutated);
    }
  }
  CHECK(taken > 100);  // the loop really compared heads
}

TEST_CASE("No proper prefix of a head is taken", "[serve]") {
  const std::string head =
      "GET /feed.atom HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"abc\"\r\n\r\n";
  REQUIRE(read_simple(head));
  for (std::size_t n = 0; n < head.size(); ++n) {
    INFO(n);
    CHECK_FALSE(read_simple(std::string_view(head).substr(0, n)));
  }
}

TEST_CASE("Any head taken from random byte soup equals Beast's reading", "[serve]") {
  // Two- and three-byte mutations at random places, and random splices of
  // grammar bytes: more shapes than the single substitutions above.
  // Long target and values: the reader skips them 8 bytes at a time.
  const std::string base =
      "GET /feeds/all.atom?page=2&q=Digitalisierung HTTP/1.1\r\nHost: example.org:8080\r\n"
      "If-None-Match: \"0123456789abcdef0123456789abcdef\"\r\nAccept-Encoding: gzip\r\n\r\n";
  const std::string_view alphabet(" \t\r\n:/\"\x7f\x80" "aZ0-;HTP.1", 20);
  std::uint32_t seed = 12345;
  auto next = [&seed](std::uint32_t bound) {
    seed = seed * 1664525u + 1013904223u;
    return (seed >> 8) % bound;
  };
  int taken = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string mutated = base;
    const int edits = 2 + int(next(2));
    for (int e = 0; e < edits; ++e) {
      std::size_t at = next(std::uint32_t(mutated.size()));
      char c = alphabet[next(std::uint32_t(alphabet.size()))];
      switch (next(3)) {
        case 0: mutated[at] = c; break;
        case 1: mutated.insert(mutated.begin() + std::ptrdiff_t(at), c); break;
        default: mutated.erase(at, 1); break;
      }
    }
    if (!read_simple(mutated)) continue;
    ++taken;
    check_same_as_beast(mutated);
  }
  CHECK(taken > 1000);  // the loop really compared heads
}

}  // namespace
}  // namespace kf::serve
