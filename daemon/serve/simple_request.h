// The fast reader for the request heads nearly every client sends: a
// complete header block of plain printable bytes, "HTTP/1.0" or "HTTP/1.1",
// no body and no framing or Connection field. Beast's parser allocates every
// field and cost more than the rest of a 304 reply; this one fills a reused
// Request without allocating once its strings have grown.
// It never rejects: anything unusual (obs-fold, a bare LF, control or
// non-ASCII bytes, Content-Length, Transfer-Encoding, Connection, a block at
// or over the size limit, an incomplete head) is left to Beast, which parses
// it with all its checks and answers errors. So for every input it takes,
// it must give what Beast gives; serve's simple_request_test checks that.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "serve/http.h"

namespace kf::serve {

struct SimpleHead {
  std::size_t consumed = 0;  // bytes of the head, through the empty line
  unsigned version = 11;     // 10 or 11
};

// Reads the request head at the start of `data` into `out` (method, target,
// headers with lower-case names and trimmed values, keep_alive; path and
// query untouched), reusing the capacity of its strings. nullopt: not a
// simple head (or not complete yet); `out` may then be partly overwritten
// and the caller hands the bytes to the full parser.
std::optional<SimpleHead> parse_simple_request(std::string_view data, std::size_t max_header_bytes,
                                               Request& out);

// `out` = `s` in ASCII lower case, reusing out's capacity.
void assign_lower(std::string& out, std::string_view s);

}  // namespace kf::serve
