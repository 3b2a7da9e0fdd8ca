#include "serve/pipeline.h"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

#include "serve/security.h"

using kf::serve::handle_request;
using kf::serve::Reply;
using kf::serve::Request;
using kf::serve::Response;

namespace {

Request raw(std::string method, std::string target, kf::serve::Fields headers = {}) {
  Request request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.headers = std::move(headers);
  return request;
}

std::string header(const Reply& reply, std::string_view name) {
  return std::string(reply.header(name).value_or("<absent>"));
}

// Records what the route saw and answers with the path.
struct Recorder {
  int calls = 0;
  Request seen;
  kf::serve::Handler handler() {
    return [this](const Request& request) {
      ++calls;
      seen = request;
      Response response;
      response.body = "path=" + request.path;
      return response;
    };
  }
};

}  // namespace

TEST_CASE("handle_request gives the handler the decoded path and query", "[serve]") {
  Recorder recorder;
  Reply reply =
      handle_request(raw("GET", "/feeds/a%20b.atom?page=2&q=B%C3%BCrger"), recorder.handler());
  CHECK(reply.status == 200);
  CHECK(reply.payload == "path=/feeds/a b.atom");
  CHECK(recorder.seen.target == "/feeds/a%20b.atom?page=2&q=B%C3%BCrger");
  CHECK(recorder.seen.param("page") == "2");
  CHECK(recorder.seen.param("q") == "Bürger");
  CHECK_FALSE(recorder.seen.param("limit").has_value());
}

TEST_CASE("Traversal attempts get 400 and never reach the handler", "[serve]") {
  Recorder recorder;
  for (const char* target : {"/../etc/passwd", "/%2e%2e%2fetc%2fpasswd", "/..%5c..%5cwin.ini",
                             "/feed.atom%00", "/static/..%2f..%2fetc/passwd", "/a\\..\\b"}) {
    INFO(target);
    Reply reply = handle_request(raw("GET", target), recorder.handler());
    CHECK(reply.status == 400);
    CHECK(reply.close);
  }
  CHECK(recorder.calls == 0);
}

TEST_CASE("Methods other than GET and HEAD get 405 with Allow", "[serve]") {
  Recorder recorder;
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "TRACE", "get"}) {
    INFO(method);
    Reply reply = handle_request(raw(method, "/"), recorder.handler());
    CHECK(reply.status == 405);
    CHECK(header(reply, "Allow") == "GET, HEAD");
  }
  CHECK(recorder.calls == 0);
}

TEST_CASE("Ambiguous framing gets 400 with Connection: close", "[serve]") {
  Recorder recorder;
  Reply both =
      handle_request(raw("GET", "/", {{"content-length", "0"}, {"transfer-encoding", "chunked"}}),
                     recorder.handler());
  Reply twice = handle_request(raw("GET", "/", {{"content-length", "0"}, {"content-length", "0"}}),
                               recorder.handler());
  CHECK(both.status == 400);
  CHECK(both.close);
  CHECK(twice.status == 400);
  CHECK(twice.close);
  CHECK(recorder.calls == 0);
}

TEST_CASE("A throwing handler gives 500", "[serve]") {
  Reply reply = handle_request(
      raw("GET", "/"), [](const Request&) -> Response { throw std::runtime_error("boom"); });
  CHECK(reply.status == 500);
  CHECK(reply.payload == "500 Internal Server Error\n");
}

TEST_CASE("Every reply says nosniff and HTML also gets CSP and Referrer-Policy", "[serve]") {
  Reply text = handle_request(raw("GET", "/x"),
                              [](const Request&) { return kf::serve::text_response(404); });
  CHECK(text.status == 404);
  CHECK(header(text, "X-Content-Type-Options") == "nosniff");
  CHECK(header(text, "Content-Security-Policy") == "<absent>");

  Reply html = handle_request(raw("GET", "/"), [](const Request&) {
    Response response;
    response.content_type = "text/html; charset=utf-8";
    response.body = "<!doctype html><title>x</title>";
    return response;
  });
  CHECK(header(html, "X-Content-Type-Options") == "nosniff");
  CHECK(header(html, "Content-Security-Policy") ==
        "default-src 'none'; img-src https: data:; style-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'");
  CHECK(header(html, "Referrer-Policy") == "no-referrer");

  CHECK(header(kf::serve::error_reply(431), "X-Content-Type-Options") == "nosniff");
}

TEST_CASE("A route's own stricter CSP is kept", "[serve]") {
  Reply html = handle_request(raw("GET", "/"), [](const Request&) {
    Response response;
    response.content_type = "text/html";
    response.headers.emplace_back("content-security-policy", "default-src 'none'");
    return response;
  });
  int csp = 0;
  for (const auto& [key, value] : html.field_list())
    csp += kf::serve::iequals(key, "Content-Security-Policy");
  CHECK(csp == 1);
  CHECK(header(html, "content-security-policy") == "default-src 'none'");
}

TEST_CASE("Headers with CR, LF or NUL from a route are dropped", "[serve]") {
  Reply reply = handle_request(raw("GET", "/"), [](const Request&) {
    Response response;
    response.headers = {{"X-Ok", "fine"}, {"X-Bad", "a\r\nSet-Cookie: x=1"}, {"Bad Name", "v"}};
    return response;
  });
  CHECK(header(reply, "X-Ok") == "fine");
  CHECK(header(reply, "X-Bad") == "<absent>");
  CHECK(header(reply, "Bad Name") == "<absent>");
}

TEST_CASE("A line break deep in a long route field or content type is caught", "[serve]") {
  Reply reply = handle_request(raw("GET", "/"), [](const Request&) {
    Response response;
    response.headers = {{"X-Long-Ok", "0123456789abcdef\t0123456789abcdef"},
                        {"X-Cr", "0123456789abcdef0123\rX"},
                        {"X-Lf", "01234567\t89abcdef0123456789abcdef\n"},
                        {"X-Nul", std::string("0123456789abcdef012345678", 25) + '\0' + "x"}};
    response.content_type = "text/plain; charset=utf-8; x=\r\nSet-Cookie: a=b";
    return response;
  });
  CHECK(header(reply, "X-Long-Ok") == "0123456789abcdef\t0123456789abcdef");
  CHECK(header(reply, "X-Cr") == "<absent>");
  CHECK(header(reply, "X-Lf") == "<absent>");
  CHECK(header(reply, "X-Nul") == "<absent>");
  CHECK(header(reply, "Content-Type") == "application/octet-stream");
  CHECK(header(reply, "Set-Cookie") == "<absent>");
}

TEST_CASE("error_reply closes the connection and says why", "[serve]") {
  Reply reply = kf::serve::error_reply(431);
  CHECK(reply.status == 431);
  CHECK(reply.close);
  CHECK(reply.payload == "431 Request Header Fields Too Large\n");
}

TEST_CASE("A request without keep-alive gets a closing reply", "[serve]") {
  Request request = raw("GET", "/");
  request.keep_alive = false;
  Recorder recorder;
  CHECK(handle_request(request, recorder.handler()).close);
  CHECK_FALSE(handle_request(raw("GET", "/"), recorder.handler()).close);
}

TEST_CASE("A reply's header block reads back by name and in order", "[serve]") {
  Reply reply;
  reply.add_field("ETag", "\"abc\"");
  reply.add_field("X-Empty", "");
  reply.add_field("Vary", "Accept-Encoding");
  CHECK(reply.fields == "ETag: \"abc\"\r\nX-Empty: \r\nVary: Accept-Encoding\r\n");
  CHECK(reply.header("etag") == "\"abc\"");
  CHECK(reply.header("X-Empty") == "");
  CHECK(reply.header("Vary") == "Accept-Encoding");
  CHECK_FALSE(reply.header("Var"));
  CHECK_FALSE(reply.header("ETag: \"abc\""));
  CHECK(reply.field_list() == kf::serve::Fields{{"ETag", "\"abc\""}, {"X-Empty", ""},
                                                {"Vary", "Accept-Encoding"}});
  reply.status = 304;
  reply.close = true;
  reply.reset();
  CHECK(reply.status == 200);
  CHECK_FALSE(reply.close);
  CHECK(reply.fields.empty());
  CHECK(reply.field_list().empty());
}

TEST_CASE("A reused reply carries nothing over from the previous request", "[serve]") {
  Reply reply;
  auto handler = [](const Request& request) {
    Response response;
    response.body = "x";
    if (request.path == "/a") response.headers.emplace_back("X-Only-A", "1");
    return response;
  };
  Request a = raw("GET", "/a");
  kf::serve::handle_request_in_place(a, handler, {}, reply);
  CHECK(header(reply, "X-Only-A") == "1");
  Request b = raw("GET", "/b");
  kf::serve::handle_request_in_place(b, handler, {}, reply);
  CHECK(header(reply, "X-Only-A") == "<absent>");
  CHECK(reply.payload == "x");
  // X-Content-Type-Options, ETag, Vary (text/plain may be gzipped), Content-Type
  CHECK(reply.field_list().size() == 4);
}
