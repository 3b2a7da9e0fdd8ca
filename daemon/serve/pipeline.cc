#include "serve/pipeline.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <string_view>
#include <utility>

#include "serve/bytes.h"
#include "serve/conditional.h"
#include "serve/request_target.h"
#include "serve/security.h"

namespace kf::serve {

namespace {

// Starts `reply` over with the route's own fields and the security headers;
// finalize() appends the rest.
void begin_reply(const Response& response, Reply& reply) {
  reply.reset();
  for (const auto& [name, value] : response.headers) reply.add_field(name, value);
  add_security_headers(response.headers, response.content_type, reply);
}

// Finalizes a reply without consulting the request's validators, for answers
// produced before the request was accepted.
Reply plain_reply(Response response, bool head) {
  Request bare;
  bare.method = head ? "HEAD" : "GET";
  bare.keep_alive = !response.close;
  response.route = "invalid";
  Reply reply;
  begin_reply(response, reply);
  finalize(bare, std::move(response), std::chrono::sys_seconds{}, reply);
  return reply;
}

// Request smuggling hides a second request in a body whose length two
// parties read differently; refuse any message with ambiguous framing.
bool ambiguous_framing(const Request& request) {
  int content_length = 0;
  bool transfer_encoding = false;
  for (const auto& [name, value] : request.headers) {
    // As views: the size is compared first, no memcmp for other names.
    if (std::string_view(name) == "content-length") ++content_length;
    if (std::string_view(name) == "transfer-encoding") transfer_encoding = true;
  }
  return content_length > 1 || (content_length > 0 && transfer_encoding);
}

// CR, LF or NUL anywhere in `s`. This runs over every reply's content type
// and route fields: 8 bytes at a time while none is a control byte.
bool breaks_line(std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  while (end - p >= 8 && !bytes::any_below(bytes::load8(p), 0x20)) p += 8;
  for (; p != end; ++p) {
    if (*p == '\r' || *p == '\n' || *p == '\0') return true;
  }
  return false;
}

// A route that copies client input into a header must not be able to inject
// further headers or split the response: such fields are dropped.
void drop_unsafe_headers(Fields& headers) {
  std::erase_if(headers, [](const auto& field) {
    const auto& [name, value] = field;
    if (name.empty()) return true;
    for (unsigned char c : name) {
      if (c <= 0x20 || c >= 0x7f || c == ':') return true;
    }
    return breaks_line(value);
  });
}

}  // namespace

Reply error_reply(int status) { return plain_reply(text_response(status, true), false); }

Reply handle_request(Request request, const Handler& handler, std::chrono::sys_seconds now) {
  Reply reply;
  handle_request_in_place(request, handler, now, reply);
  return reply;
}

void handle_request_in_place(Request& request, const Handler& handler,
                             std::chrono::sys_seconds now, Reply& reply) {
  const std::string_view method = request.method;
  const bool head = method == "HEAD";
  if (ambiguous_framing(request)) {
    reply = plain_reply(text_response(400, true), head);
    return;
  }
  if (method != "GET" && !head) {
    Response response = text_response(405, true);
    response.headers.emplace_back("Allow", "GET, HEAD");
    reply = plain_reply(std::move(response), false);
    return;
  }
  auto target = parse_target(request.target);
  if (!target) {
    reply = plain_reply(text_response(400, true), head);
    return;
  }
  request.path = std::move(target->path);
  request.query = std::move(target->query);

  // Built by the call, not default-constructed and assigned: a default
  // Response allocates its content type, on every request.
  Response response = [&] {
    try {
      return handler(request);
    } catch (const std::exception& e) {
      spdlog::error("serve: handler failed for {}: {}", request.path, e.what());
    } catch (...) {
      spdlog::error("serve: handler failed for {}: unknown exception", request.path);
    }
    return text_response(500);
  }();
  drop_unsafe_headers(response.headers);
  if (breaks_line(response.content_type)) {
    response.content_type = "application/octet-stream";
  }
  begin_reply(response, reply);
  finalize(request, std::move(response), now, reply);
}

}  // namespace kf::serve
