// Decoding a fetched HTML page to UTF-8 for the scraper. The charset is
// taken, in this order, from the HTTP Content-Type header, a byte order
// mark, the page's own <meta charset> / http-equiv declaration (prescan of
// the first 1024 bytes), else UTF-8. The header comes first as the issue
// specifies: a server that states a charset is believed over the bytes
// (a BOM of that same encoding is still skipped). Everything after that
// choice is text::decode's (ISO-8859-1 means windows-1252, undecodable bytes
// become U+FFFD, NUL bytes are dropped). Pure function; thread-safe.
#pragma once

#include <string_view>

#include "text/encoding.h"

namespace kf::scrape {

// Valid UTF-8 for `bytes`; `content_type` is the raw header value (may be
// empty). Decoded::source says which rule decided: "http", "bom", "meta" or
// "default"; an unknown label in the header is warned about and skipped.
text::Decoded decode_html(std::string_view bytes, std::string_view content_type);

}  // namespace kf::scrape
