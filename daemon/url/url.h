// URL handling shared by every stage: RFC 3986 parsing and reference
// resolution, the scheme a browser would see, and the one canonical form
// used for identity and deduplication. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kf::url {

// The components of an absolute or relative URL reference, as written
// (percent-encoding untouched). Empty optional members were absent.
struct Url {
  std::string scheme;  // lower-cased; empty for a relative reference
  std::optional<std::string> userinfo;
  std::optional<std::string> host;  // lower-cased for http(s); IPv6 keeps its brackets
  std::optional<std::string> port;
  std::string path;
  std::optional<std::string> query;
  std::optional<std::string> fragment;

  // Recomposes the reference (RFC 3986 §5.3).
  std::string str() const;
};

// Parses a URL reference after trimming surrounding whitespace. Returns
// nullopt for references no browser would follow (spaces in the host,
// control characters in the scheme, a bad port).
// Browser leniency applied here: leading/trailing C0 controls and spaces are
// trimmed, ASCII tab/LF/CR are removed anywhere; for http(s) backslashes
// before the query are slashes and any number of slashes after "http:" starts
// the authority ("http:/\\x" is host x); an http(s) URL without a host is
// rejected. A port must be decimal digits worth <= 65535 (empty is kept).
std::optional<Url> parse(std::string_view ref);

// RFC 3986 §5.2.4: removes "." and ".." segments from `path`; ".." never
// climbs above the root. Percent-encoded dots are not dots here (decode
// first, as canonicalize does).
std::string remove_dot_segments(std::string_view path);

// Resolves `ref` against the absolute `base` (RFC 3986 §5.2, with browsers'
// leniency: backslashes in http(s) paths are slashes, surrounding whitespace is
// trimmed). An empty `ref` yields `base` without its fragment; an absolute
// `ref` needs no base. Returns nullopt when the result is not absolute, e.g.
// `base` is empty or relative and `ref` is relative, or either does not parse. Against an http(s) base,
// relative references get the http(s) leniency of `parse` ("\\\\h\\x" is
// "//h/x") and "http:g" is read as the relative "g" (the §5.4.2 backward-
// compatible reading, as browsers do). The path is not otherwise normalized.
std::optional<std::string> resolve(std::string_view base, std::string_view ref);

// The scheme a browser would act on, lower-cased, after removing what
// browsers ignore (ASCII tab/newline anywhere, leading C0 controls and
// spaces, entity-decoded text is expected): "JaVa\tscript:alert(1)" gives
// "javascript". Empty for a relative reference.
std::string effective_scheme(std::string_view ref);

// True when `ref` resolves to nothing dangerous for a link in our output:
// its effective scheme is http, https, or (for relative references) absent.
// mailto:, tel:, data:, javascript: and every other scheme are unsafe. A
// reference whose would-be scheme holds other control characters
// ("java\x01script:") is refused too, as some parsers drop those bytes.
bool is_safe_link(std::string_view ref);

// The canonical form of an absolute http(s) URL — the one identity used
// everywhere: scheme and host lower-cased, IDN left as written, default port
// dropped, empty path becomes "/", dot segments removed, fragment dropped,
// tracking parameters removed (utm_*, fbclid, gclid, dclid, msclkid, mc_cid,
// mc_eid, yclid, _hsenc, _hsmi, igshid, wt_mc, pk_*, mtm_*), the remaining
// query kept in its order, percent-encoding normalized (hex upper-cased,
// unreserved characters decoded, bytes outside ASCII encoded). Returns nullopt
// when `url` is not an absolute http or https URL. Details: userinfo is kept
// (normalized); trailing dots of the host are dropped; the port is written
// without leading zeros; empty query parameters ("&&", a lone "?") vanish;
// reserved characters stay encoded ("%2F" is not "/"); a '%' not starting a
// valid escape becomes "%25"; raw non-ASCII bytes of the host are kept (IDN
// as written) but encoded everywhere else. Idempotent.
std::optional<std::string> canonicalize(std::string_view url);

}  // namespace kf::url
