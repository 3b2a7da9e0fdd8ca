// The generic response layer applied to every response before it is sent:
// for a 200 answer to GET/HEAD it adds the validators (strong ETag from the
// body hash, Last-Modified from the route), Cache-Control: max-age, answers
// If-None-Match / If-Modified-Since with 304, and picks the gzip variant when
// Accept-Encoding allows it (with Vary: Accept-Encoding and a distinct strong
// ETag). Other statuses pass through with their body, uncompressed.
// Pure functions; thread-safe (Entities are shared safely, see entity.h).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "serve/http.h"

namespace kf::serve {

// True when the Accept-Encoding value (all header lines joined by ", ")
// accepts gzip: "gzip" or "x-gzip" with q > 0, or else "*" with q > 0.
// "gzip;q=0" refuses it even when "*" is present; an element whose q is not
// a valid qvalue is ignored; an absent or empty header means identity only.
bool accepts_gzip(std::string_view accept_encoding);

// True when the If-None-Match value (all lines joined by ", ") matches
// `etag` (quoted) by weak comparison (RFC 9110 §8.8.3.2: W/ prefixes are
// ignored), or is "*". A malformed list matches nothing, so the full body is sent.
bool if_none_match_matches(std::string_view if_none_match, std::string_view etag);

// True for textual media types worth compressing (text/*, JSON, XML, SVG …).
bool compressible(std::string_view content_type);

// The values of every header `name` (lower-case) of `request`, joined by ", ",
// as RFC 9110 §5.3 allows for list-valued fields; "" when absent.
std::string joined_header(const Request& request, std::string_view name);

// Turns a route's Response into the Reply to send for `request` (GET or
// HEAD): sets status, close, payload and Content-Length of `reply` and
// appends ETag, Last-Modified, Cache-Control, Vary, Content-Encoding and
// Content-Type to the fields already in reply.fields (the pipeline puts the
// route's own and the security headers there first; response.headers is not
// read). `now` bounds Last-Modified (a future date is sent as `now`).
// 304 replies carry ETag, Cache-Control and Vary but no Last-Modified (the
// ETag validates; RFC 9110 §15.4.5), no body and no Content-Length; HEAD
// replies carry everything but the payload.
void finalize(const Request& request, Response response, std::chrono::sys_seconds now,
              Reply& reply);

// finalize() into a new Reply whose fields start with the route's headers.
Reply finalize(const Request& request, Response response, std::chrono::sys_seconds now);

}  // namespace kf::serve
