// The shared page frame, stylesheet and Berlin time helpers.
#include "publish/html_page.h"

#include <array>
#include <cstdio>

#include "text/escape.h"

namespace kf::publish {
namespace {

using namespace std::chrono;

// 01:00 UTC on the last Sunday of `m` in year `y`.
sys_seconds last_sunday_0100(int y, unsigned m) {
  sys_days day{year{y} / month{m} / Sunday[last]};
  return sys_seconds{day} + hours{1};
}

std::string two(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", v % 100);
  return buf;
}

}  // namespace

std::string esc(std::string_view s) {
  std::string out;
  text::append_escaped_text(out, s);
  return out;
}

std::string esc_attr(std::string_view s) {
  std::string out;
  text::append_escaped_attribute(out, s);
  return out;
}

std::chrono::seconds berlin_offset(Timestamp t) {
  int y = int(year_month_day{floor<days>(t)}.year());
  bool summer = t >= last_sunday_0100(y, 3) && t < last_sunday_0100(y, 10);
  return summer ? hours{2} : hours{1};
}

Timestamp berlin_local(Timestamp t) { return t + berlin_offset(t); }

std::string german_day(Timestamp t) {
  static constexpr std::array<const char*, 7> kDays = {
      "Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"};
  static constexpr std::array<const char*, 12> kMonths = {
      "Januar", "Februar", "März",      "April",   "Mai",      "Juni",
      "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
  auto day = floor<days>(berlin_local(t));
  year_month_day ymd{day};
  weekday wd{day};
  return std::string(kDays[wd.c_encoding()]) + ", " + std::to_string(unsigned(ymd.day())) + ". " +
         kMonths[unsigned(ymd.month()) - 1] + " " + std::to_string(int(ymd.year()));
}

std::string berlin_date(Timestamp t) {
  year_month_day ymd{floor<days>(berlin_local(t))};
  return std::to_string(int(ymd.year())) + "-" + two(unsigned(ymd.month())) + "-" +
         two(unsigned(ymd.day()));
}

std::string berlin_clock(Timestamp t) {
  auto local = berlin_local(t);
  hh_mm_ss hms{local - floor<days>(local)};
  return two(unsigned(hms.hours().count())) + ":" + two(unsigned(hms.minutes().count()));
}

std::string german_datetime(const std::optional<Timestamp>& t) {
  if (!t) return "–";
  year_month_day ymd{floor<days>(berlin_local(*t))};
  return two(unsigned(ymd.day())) + "." + two(unsigned(ymd.month())) + "." +
         std::to_string(int(ymd.year())) + " " + berlin_clock(*t);
}

std::string german_day_or_datetime(Timestamp t) {
  const auto local = berlin_local(t);
  if (local != floor<days>(local)) return german_datetime(t);
  year_month_day ymd{floor<days>(local)};
  return two(unsigned(ymd.day())) + "." + two(unsigned(ymd.month())) + "." +
         std::to_string(int(ymd.year()));
}

std::string rfc3339(Timestamp t) {
  year_month_day ymd{floor<days>(t)};
  hh_mm_ss hms{t - floor<days>(t)};
  return std::to_string(int(ymd.year())) + "-" + two(unsigned(ymd.month())) + "-" +
         two(unsigned(ymd.day())) + "T" + two(unsigned(hms.hours().count())) + ":" +
         two(unsigned(hms.minutes().count())) + ":" + two(unsigned(hms.seconds().count())) + "Z";
}

std::string url_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~';
    if (keep) {
      out += char(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool is_web_url(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://");
}

std::string render_page(const PageFrame& f, std::string_view main_html) {
  const std::string& b = f.base_url;
  std::string out;
  out.reserve(main_html.size() + 2048);
  out += "<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += esc(f.title.empty() ? f.site_title : f.title + " – " + f.site_title);
  out += "</title>\n<link rel=\"stylesheet\" href=\"" + esc_attr(b + "style.css") + "\">\n";
  for (const auto& feed : f.feeds) {
    out += "<link rel=\"alternate\" type=\"" + esc_attr(feed.type) + "\" title=\"" +
           esc_attr(feed.title) + "\" href=\"" + esc_attr(feed.url) + "\">\n";
  }
  out += "</head>\n<body>\n<header>\n<p class=\"site\"><a href=\"" + esc_attr(b) + "\">" +
         esc(f.site_title) + "</a></p>\n<nav>";
  out += "<a href=\"" + esc_attr(b) + "\">Neueste</a> <a href=\"" + esc_attr(b + "sources") +
         "\">Quellen</a> <a href=\"" + esc_attr(b + "feed.atom") + "\">Atom-Feed</a> <a href=\"" +
         esc_attr(b + "opml") + "\">OPML</a></nav>\n";
  out += "<form class=\"search\" action=\"" + esc_attr(b + "search") +
         "\" method=\"get\" role=\"search\"><label for=\"q\">Suche</label> "
         "<input type=\"search\" id=\"q\" name=\"q\" value=\"" +
         esc_attr(f.query) + "\"> <button type=\"submit\">Suchen</button></form>\n</header>\n";
  out += "<main>\n";
  out += main_html;
  out += "</main>\n<footer><p>Erzeugt von kommunalfeed. Alle Inhalte stammen von den "
         "verlinkten Quellen.</p></footer>\n</body>\n</html>\n";
  return out;
}

std::string render_not_found(const PageFrame& frame, std::string_view path) {
  return render_page(frame, "<h1>Seite nicht gefunden</h1>\n<p>Unter <code>" + esc(path) +
                                "</code> gibt es hier nichts.</p>\n");
}

std::string_view stylesheet() {
  return R"css(:root { color-scheme: light dark; --accent: #0b5cab; --muted: #666; }
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 0 auto; padding: 0 1rem;
  line-height: 1.5; }
header { border-bottom: 1px solid #ccc; padding: .5rem 0; display: flex; flex-wrap: wrap;
  gap: .5rem 1.5rem; align-items: baseline; }
header .site { font-weight: bold; font-size: 1.3rem; margin: 0; }
nav a { margin-right: .75rem; }
a { color: var(--accent); }
h2.day { border-bottom: 1px solid #ddd; font-size: 1.1rem; margin-top: 2rem; }
article.entry { margin: 1rem 0 1.5rem; overflow: hidden; }
article.entry h3 { margin: .1rem 0; font-size: 1.15rem; }
.kicker { text-transform: uppercase; font-size: .8rem; letter-spacing: .05em; color: var(--muted);
  margin: 0; }
.meta { font-size: .85rem; color: var(--muted); margin: .1rem 0 .4rem; }
article.entry img { float: right; max-width: 30%; height: auto; margin: 0 0 .5rem 1rem; }
.pager { display: flex; justify-content: space-between; margin: 2rem 0; }
table.sources { border-collapse: collapse; width: 100%; font-size: .85rem; }
table.sources th, table.sources td { border-bottom: 1px solid #ddd; padding: .3rem; text-align: left;
  vertical-align: top; }
td.error { color: #b00020; }
svg.spark { vertical-align: middle; }
footer { border-top: 1px solid #ccc; margin-top: 2rem; font-size: .8rem; color: var(--muted); }
)css";
}

}  // namespace kf::publish
