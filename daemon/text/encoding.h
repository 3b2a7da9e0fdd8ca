// Turns the bytes of a fetched document into valid UTF-8, choosing the
// charset in the documented order: byte order mark (UTF-8/16/32), then the
// document's own declaration (XML declaration or HTML <meta charset>), then
// the HTTP Content-Type charset, then UTF-8. ISO-8859-1 and US-ASCII labels
// mean windows-1252, as in browsers. Undecodable bytes become U+FFFD; NUL
// bytes are dropped. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kf::text {

enum class DocumentKind { xml, html };

struct Decoded {
  std::string utf8;     // always valid UTF-8, without BOM and without NUL
  std::string charset;  // canonical name used, e.g. "utf-8", "windows-1252"
  std::string source;   // where it came from: "bom", "xml-declaration", "meta", "http", "default"
  std::vector<std::string> warnings;  // e.g. "encoding: 3 invalid bytes replaced with U+FFFD"
};

// `content_type` is the raw HTTP Content-Type header value (may be empty).
Decoded decode(std::string_view bytes, std::string_view content_type, DocumentKind kind);

// Replaces invalid UTF-8 sequences with U+FFFD and drops NUL bytes; returns
// how many replacements happened via `replaced` when non-null.
std::string repair_utf8(std::string_view s, int* replaced = nullptr);

}  // namespace kf::text
