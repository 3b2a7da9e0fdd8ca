// The frame every HTML page of the server shares (head with stylesheet and
// feed autodiscovery links, header with navigation and search form, footer),
// the stylesheet itself, and the Europe/Berlin wall-clock helpers the pages
// use to show dates as German readers expect them. The pages carry no
// JavaScript and no inline styles (the server's CSP allows neither); every
// value is escaped here or by the caller with text/escape.h.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/article.h"

namespace kf::publish {

// A <link rel="alternate"> in the page head.
struct FeedLink {
  std::string title;
  std::string type;  // e.g. "application/atom+xml"
  std::string url;   // absolute
};

struct PageFrame {
  std::string site_title;  // publish.title
  std::string base_url;    // publish.base_url, ends with '/'
  std::string title;       // this page's title (the <title> is "title – site_title")
  std::string query;       // prefills the search form; may be empty
  std::vector<FeedLink> feeds;
};

// A whole HTML5 document: the frame around `main_html`, which is trusted
// markup (the caller escaped its values). Links are absolute below base_url.
std::string render_page(const PageFrame& frame, std::string_view main_html);

// The page for an unknown path (served with status 404).
std::string render_not_found(const PageFrame& frame, std::string_view path);

// The stylesheet served at /style.css.
std::string_view stylesheet();

// `s` escaped for text content / a double-quoted attribute.
std::string esc(std::string_view s);
std::string esc_attr(std::string_view s);

// The UTC offset of Europe/Berlin at `t`: 2 h in summer time (from the last
// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC, the EU
// rule since 1996), else 1 h. Earlier years follow the same rule.
std::chrono::seconds berlin_offset(Timestamp t);
// `t` as Berlin wall-clock time, still expressed as a sys_seconds value.
Timestamp berlin_local(Timestamp t);
// "Dienstag, 14. November 2023": the Berlin calendar day of `t`.
std::string german_day(Timestamp t);
// "2023-11-14": the Berlin calendar day of `t`, for <time datetime>.
std::string berlin_date(Timestamp t);
// "14:13": the Berlin wall-clock time of `t`.
std::string berlin_clock(Timestamp t);
// "14.11.2023 14:13" (Berlin); "–" for nullopt.
std::string german_datetime(const std::optional<Timestamp>& t);
// "14.11.2023" when `t` is exactly Berlin midnight (a source that gave only
// the day, such as a teaser's "[14.11.2023]"), else german_datetime(t): an
// invented "00:00" would read as a time the source never gave.
std::string german_day_or_datetime(Timestamp t);
// "2023-11-14T13:13:20Z": RFC 3339 UTC, for datetime attributes.
std::string rfc3339(Timestamp t);

// Percent-encodes `s` for a query parameter value (RFC 3986 unreserved kept).
std::string url_encode(std::string_view s);
// True for absolute http and https URLs (what pages may link or embed).
bool is_web_url(std::string_view url);

}  // namespace kf::publish
