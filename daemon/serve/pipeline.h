// handle_request is the whole request path without sockets: the checks no
// route should have to repeat (request framing, method, request-target),
// the call of the route Handler, and the response layers (conditional GET,
// gzip, security headers). The Server calls it for every request Beast parsed;
// tests call it directly. Pure apart from calling the Handler; thread-safe if
// the Handler is.
#pragma once

#include <chrono>

#include "serve/http.h"

namespace kf::serve {

// Answers `request`, of which the server fills method, target, headers and
// keep_alive; path and query are filled here before the Handler sees it.
// - two Content-Length fields, or Content-Length with Transfer-Encoding: 400
// - a method other than GET or HEAD: 405 with Allow: GET, HEAD
// - a target parse_target rejects (traversal, NUL, bad escapes …): 400
// all three with Connection: close, route "invalid", without calling `handler`.
// A Handler that throws yields 500. `now` is for Last-Modified clamping.
Reply handle_request(Request request, const Handler& handler,
                     std::chrono::sys_seconds now = std::chrono::floor<std::chrono::seconds>(
                         std::chrono::system_clock::now()));

// handle_request() on a Request and a Reply the caller keeps: path and
// query are filled in place and the answer is written over `reply`, so a
// connection that reuses both answers a keep-alive request without
// allocating their strings and the header block anew.
void handle_request_in_place(Request& request, const Handler& handler,
                             std::chrono::sys_seconds now, Reply& reply);

// The reply for a request the server could not even parse (`status` is 400,
// 413, 431 …): a short text body and Connection: close.
Reply error_reply(int status);

}  // namespace kf::serve
