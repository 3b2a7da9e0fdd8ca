// Security headers. Every reply gets X-Content-Type-Options: nosniff so no
// browser guesses a script out of a feed; HTML pages additionally get a
// Content-Security-Policy that allows no script, no frames and forms only to
// ourselves, and Referrer-Policy: no-referrer so readers' clicks do not tell
// the linked sites where they came from. The pipeline applies them by itself
// (add_security_headers); routes need not call anything.
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "serve/http.h"

namespace kf::serve {

inline constexpr std::string_view kHtmlContentSecurityPolicy =
    "default-src 'none'; img-src https: data:; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

// True for text/html and application/xhtml+xml, with or without parameters.
bool is_html(std::string_view content_type);

// Adds X-Content-Type-Options: nosniff to `reply` and, when `content_type`
// is HTML, the CSP and Referrer-Policy above, each unless the route's own
// `route_headers` hold it (any case), so a route may send a stricter policy.
void add_security_headers(const Fields& route_headers, std::string_view content_type,
                          Reply& reply);

}  // namespace kf::serve
