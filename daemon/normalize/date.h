// The one date parser of kommunalfeed. Feeds and German municipal web pages
// write dates in every shape (RFC 822 with German day names, "07.01.25, 14:30
// Uhr", ISO 8601 basic form, asctime, ...); this module turns all of them into
// a UTC kf::Timestamp, or nullopt. It never looks at the clock: "heute" or a
// bare time is unreadable, not "now".
//
// Recognition is a hand-written tokenizer plus a small grammar over its
// tokens (no std::regex): parse_date runs once per feed item and stays well
// under a microsecond for RFC 822/3339 inputs.
//
// Choices an admin may trip over:
//  * Years outside 1970..2100 are rejected: nothing on the web predates 1970,
//    and such years are nearly always a misread (an id, "07.01.0025"), and the
//    time-zone rule below is only known up to there. Two-digit years follow
//    RFC 2822: 00-49 -> 20xx, 50-99 -> 19xx (so 50-69 end up rejected).
//  * Military one-letter zones (RFC 822 "A".."Y") are read as -0000, i.e.
//    UTC, as RFC 1123 5.2.14 and RFC 2822 4.3 advise: RFC 822 printed their
//    signs backwards and writers disagree. "Z" is UTC anyway.
//  * Time zones: libstdc++ 12 has no std::chrono::locate_zone, so only UTC
//    (aliases "UTC", "Etc/UTC", "GMT", "Etc/GMT") and "Europe/Berlin" are
//    known; Berlin uses Germany's DST history (none before 1980, 1980 from
//    6 April, 1981-1995 last Sunday of March to last Sunday of September,
//    since 1996 the EU rule to the last Sunday of October, switches at 01:00
//    UTC). A local time that falls in the spring gap is read as if the clock
//    had not yet moved (02:30 -> 03:30 CEST); the repeated autumn hour is read
//    as the first (summer time) one. A date without offset and an unknown
//    default zone gives nullopt, never a guess: config should reject such a
//    zone with is_known_zone().
//  * A weekday that contradicts the date is ignored; the date wins.
//
// Thread-safe: all functions are pure.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "model/article.h"

namespace kf::normalize {

struct DateOptions {
  // IANA zone for dates written without an offset; see is_known_zone().
  std::string_view default_zone = "Europe/Berlin";
  // strptime-like format an admin gives for one source, e.g. "%d.%m.%Y".
  // When set, only this format is tried (the admin knows best, and the
  // automatic reading might silently swap day and month). Directives: %d %e
  // %m %Y %y %H %M %S %I %b/%B/%h (English or German month name) %a/%A (weekday,
  // not checked) %z (+hhmm, +hh:mm, Z) %Z (zone name) %p (AM/PM) %T %R %F %%;
  // whitespace matches any run of whitespace (also none); other characters
  // must match, ASCII case-insensitively.
  std::optional<std::string_view> format = std::nullopt;
};

// True for the zones DateOptions::default_zone understands (case-insensitive).
bool is_known_zone(std::string_view zone);

// True when `format` uses only the directives listed at DateOptions::format and
// contains %Y or %y and a month (%m or %b). Config calls it once at load time.
bool is_valid_format(std::string_view format);

// Parses a date as written in feeds and German web pages; returns UTC. The
// whole text (after trimming; brackets, "am", a weekday, "Uhr" and a trailing
// "(comment)" allowed) must be one date; nullopt when nothing sensible can be
// read, the calendar date does not exist (31.04., 29.02. of a common year),
// a field is out of range or the year lies outside 1970..2100. Date-only
// inputs mean midnight in the default zone; "2025-01" and "2025" (W3CDTF)
// mean the first day of that month/year. Never uses "now".
std::optional<kf::Timestamp> parse_date(std::string_view text, const DateOptions& opt = {});

// A date found in running text; [begin, end) are byte offsets into the text.
struct FoundDate {
  kf::Timestamp when;
  size_t begin = 0;
  size_t end = 0;
};

// Finds the first date in running text such as "[4.7.2023] Die Stadt ..." or
// "Veröffentlicht am 7. Januar 2025". The range covers the date, a following
// time ("um 14:30 Uhr") and zone, and enclosing brackets when both are there.
// Stricter than parse_date to keep version and phone numbers out: the year
// must have four digits, except in the numeric "7.1.25" form; no ISO partials,
// no military zones, no AM/PM; a date glued to more digits ("1.2.2025.3",
// "11.2.2025" inside "311.2.2025") is skipped. nullopt when there is none.
std::optional<FoundDate> find_date(std::string_view text, const DateOptions& opt = {});

// RFC 3339 in UTC, e.g. "2025-01-07T14:30:00Z" (Atom, JSON).
std::string format_rfc3339(kf::Timestamp t);
// RFC 822 as RSS 2.0 wants it, e.g. "Tue, 07 Jan 2025 14:30:00 +0000".
std::string format_rfc822(kf::Timestamp t);
// IMF-fixdate for HTTP headers (Date, Last-Modified), always "GMT":
// "Sun, 06 Nov 1994 08:49:37 GMT". Read HTTP dates back with parse_date and
// default_zone "UTC" (asctime dates carry no zone; HTTP means GMT).
std::string format_http_date(kf::Timestamp t);

}  // namespace kf::normalize
