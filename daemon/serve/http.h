// The HTTP vocabulary between the server and the routes, free of Boost.Beast
// so that routes and their tests compile fast: a Request as the server parsed
// and checked it, the Response a route returns, and the Handler that maps one
// to the other. Routes see only GET/HEAD requests whose path is decoded and
// normalized (no "..", NUL or backslash ever reaches them).
// Plain value types; thread-compatible. A Handler is called on the server's
// I/O thread(s) and must be thread-safe when Server::Options::threads > 1.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kf::serve {

class Entity;  // serve/entity.h: a body with its ETag and gzip variant

using Fields = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;  // "GET" or "HEAD" by the time a Handler sees it
  std::string target;  // raw request-target as sent, e.g. "/feeds/a%20b.atom?page=2"
  std::string path;    // percent-decoded, normalized: "/feeds/a b.atom"
  Fields query;        // decoded (key, value) pairs in order; repeats kept
  Fields headers;      // names lower-case, values as sent, repeats kept
  bool keep_alive = true;

  // Value of the first header `name` (lower-case), nullopt when absent.
  std::optional<std::string_view> header(std::string_view name) const;
  // Value of the first query parameter `key`, nullopt when absent
  // ("?a" and "?a=" both give ""). Range checks are the route's business.
  std::optional<std::string_view> param(std::string_view key) const;
};

struct Response {
  int status = 200;
  // A media-type constant (routes.h has them): a view, as every reply has
  // one and copying it would allocate per request. It must outlive the
  // handle_request() call, so never point it at a string the route built.
  std::string_view content_type = "text/plain; charset=utf-8";
  // The payload: `entity` when set (cached bodies, see BodyCache), else `body`.
  std::string body;
  std::shared_ptr<const Entity> entity;
  Fields headers;  // extra headers, sent as given (e.g. Location, Allow, CSP)
  // The route's name for metrics ("feed", "river"…): a constant, like
  // content_type. The server reports it with the final status (a 304 is
  // decided after the route), see Server::Options::on_reply.
  std::string_view route;
  // Validators and freshness for the conditional layer (200 responses only).
  std::optional<std::chrono::sys_seconds> last_modified;
  std::optional<std::chrono::seconds> max_age;  // Cache-Control: max-age=N
  bool close = false;  // ask the server to close the connection after sending

  // The value of the first extra header `name` (case-insensitive), if any.
  std::optional<std::string_view> header(std::string_view name) const;
};

using Handler = std::function<Response(const Request&)>;

// What goes on the wire: a Response after the server's checks and the
// conditional layer (serve/conditional.h). The server adds only Date, Server,
// Content-Length and Connection. The fields are kept as the header block they
// become ("Name: value\r\n" each, in order): a connection reuses one Reply,
// so a keep-alive request builds its headers without allocating.
struct Reply {
  int status = 200;
  std::string fields;                         // Content-Type, ETag, Vary, CSP …
  std::optional<std::size_t> content_length;  // nullopt: send none (304)
  std::string_view payload;                   // empty for HEAD and 304
  std::shared_ptr<const Entity> owner;        // keeps `payload` alive
  bool close = false;                         // Connection: close after this reply
  std::string_view route;                     // Response::route; "invalid" for refused requests

  // Appends the field; `name` and `value` must hold no CR, LF or NUL (the
  // pipeline drops a route's fields that do).
  void add_field(std::string_view name, std::string_view value);
  // The value of the first field `name` (case-insensitive), nullopt if absent.
  std::optional<std::string_view> header(std::string_view name) const;
  // Every field as a (name, value) pair, in order.
  Fields field_list() const;
  // Back to a default Reply, keeping the header block's capacity.
  void reset();
};

// A plain-text response "<status> <reason>\n" for errors the server or a route
// answers itself (400, 404, 405, 500 …). `close` sets Response::close.
Response text_response(int status, bool close = false);

// The reason phrase for `status` ("Not Found"), "Unknown" for others.
std::string_view reason_phrase(int status);

// ASCII case-insensitive equality, for header names and tokens.
bool iequals(std::string_view a, std::string_view b);

}  // namespace kf::serve
