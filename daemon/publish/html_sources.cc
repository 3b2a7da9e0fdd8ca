// Sources status page, sparklines and OPML.
#include "publish/html_sources.h"

#include <algorithm>

#include "publish/rss.h"

namespace kf::publish {
namespace {

constexpr int kBarWidth = 4;
constexpr int kBarGap = 1;
constexpr int kHeight = 20;

bool fetch_ok(const FetchRecord& f) {
  return f.error.empty() && ((f.http_status >= 200 && f.http_status < 300) || f.http_status == 304);
}

std::string status_cell(const SourceStatus& s) {
  if (!s.source.enabled) return "abgeschaltet (Konfiguration)";
  if (!s.state || !s.state->last_fetch) return "neu";
  if (s.state->disabled) return "abgeschaltet: " + s.state->disabled_reason;
  return s.state->last_status ? std::to_string(s.state->last_status) : std::string("–");
}

// Selector health and feed autodiscovery of an html source, under its URL.
std::string health_notes(const SourceStatus& s) {
  if (!s.state) return "";
  std::string out;
  if (!s.state->broken_rule.empty()) {
    out += "<br><strong class=\"broken\" title=\"Die Regel traf bei früheren Abrufen, jetzt "
           "nicht mehr; gespeicherte Artikel bleiben erhalten.\">broken: rule " +
           esc(s.state->broken_rule) + " matches nothing</strong>";
  }
  if (!s.state->discovered_feed.empty()) {
    const std::string& feed = s.state->discovered_feed;
    const std::string& page = s.state->feed_found_on;
    out += "<br><span class=\"discovered-feed\">Feed: ";
    out += is_web_url(feed) ? "<a href=\"" + esc_attr(feed) + "\">" + esc(feed) + "</a>"
                            : esc(feed);
    if (!page.empty()) out += " (gefunden auf " + esc(page) + ")";
    out += "</span>";
  }
  return out;
}

}  // namespace

std::string render_sparkline(const std::vector<FetchRecord>& fetches) {
  if (fetches.empty()) return "";
  std::int64_t slowest = 1;
  int failures = 0;
  for (const auto& f : fetches) {
    slowest = std::max(slowest, f.duration_ms);
    if (!fetch_ok(f)) ++failures;
  }
  int n = int(fetches.size());
  int width = n * (kBarWidth + kBarGap);
  std::string label = std::to_string(n) + " Abrufe, " + std::to_string(failures) +
                      " fehlgeschlagen, längster " + std::to_string(slowest) + " ms";
  std::string out = "<svg class=\"spark\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
                    std::to_string(width) + "\" height=\"" + std::to_string(kHeight) +
                    "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(kHeight) +
                    "\" role=\"img\" aria-label=\"" + esc_attr(label) + "\"><title>" + esc(label) +
                    "</title>";
  for (int i = 0; i < n; ++i) {
    const FetchRecord& f = fetches[std::size_t(n - 1 - i)];  // oldest left
    std::int64_t d = std::max<std::int64_t>(f.duration_ms, 0);
    int h = std::max(2, int(d * kHeight / slowest));
    out += "<rect x=\"" + std::to_string(i * (kBarWidth + kBarGap)) + "\" y=\"" +
           std::to_string(kHeight - h) + "\" width=\"" + std::to_string(kBarWidth) +
           "\" height=\"" + std::to_string(h) + "\" fill=\"" +
           (fetch_ok(f) ? "#2e7d32" : "#c62828") + "\"/>";
  }
  out += "</svg>";
  return out;
}

std::string render_sources(const PageFrame& frame, const std::vector<SourceStatus>& sources) {
  std::string main = "<h1>Quellen</h1>\n<p>" + std::to_string(sources.size()) +
                     " konfigurierte Quellen.</p>\n<table class=\"sources\">\n<thead><tr>"
                     "<th>Quelle</th><th>Typ</th><th>Letzter Abruf</th><th>HTTP</th>"
                     "<th>Letzter Fehler</th><th>Nächster Abruf</th><th>Voll / Anrisse</th>"
                     "<th>Verlauf</th></tr></thead>\n<tbody>\n";
  for (const auto& s : sources) {
    const auto& src = s.source;
    std::string url = s.state && !s.state->effective_url.empty() ? s.state->effective_url : src.url;
    main += "<tr id=\"source-" + esc_attr(src.id) + "\"><td><strong>" +
            esc(src.name.empty() ? src.id : src.name) + "</strong><br>";
    main += is_web_url(url) ? "<a href=\"" + esc_attr(url) + "\">" + esc(url) + "</a>" : esc(url);
    main += "<br><a href=\"" + esc_attr(frame.base_url + "sources/" + src.id + ".atom") +
            "\">Atom-Feed dieser Quelle</a>";
    main += health_notes(s) + "</td>";
    main += "<td>" + esc(config::to_string(src.type)) + "</td>";
    main += "<td>" + german_datetime(s.state ? s.state->last_fetch : std::nullopt) + "</td>";
    main += "<td>" + esc(status_cell(s)) + "</td>";
    std::string error = s.state ? s.state->last_error : std::string();
    if (s.state && s.state->consecutive_errors > 1) {
      error += " (" + std::to_string(s.state->consecutive_errors) + "× in Folge)";
    }
    main += error.empty() ? std::string("<td>–</td>") : "<td class=\"error\">" + esc(error) + "</td>";
    main += "<td>" + german_datetime(s.state ? s.state->next_fetch : std::nullopt) + "</td>";
    main += "<td>" + std::to_string(s.counts.full) + " / " + std::to_string(s.counts.teasers) +
            "</td>";
    main += "<td>" + render_sparkline(s.fetches) + "</td></tr>\n";
  }
  main += "</tbody>\n</table>\n";
  return render_page(frame, main);
}

std::string render_opml(std::string_view title, const std::vector<config::Source>& sources,
                        Timestamp created) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head>\n";
  out += "<title>" + esc(xml_safe(title)) + "</title>\n<dateCreated>" + format_rss_date(created) +
         "</dateCreated>\n<docs>http://opml.org/spec2.opml</docs>\n</head>\n<body>\n";
  for (const auto& s : sources) {
    std::string name = xml_safe(s.name.empty() ? s.id : s.name);
    out += "<outline text=\"" + esc_attr(name) + "\" title=\"" + esc_attr(name) + "\"";
    if (s.type == config::SourceType::feed) {
      out += " type=\"rss\" xmlUrl=\"" + esc_attr(xml_safe(s.url)) + "\"";
    } else {
      out += " type=\"link\" url=\"" + esc_attr(xml_safe(s.url)) + "\"";
    }
    out += "/>\n";
  }
  out += "</body>\n</opml>\n";
  return out;
}

}  // namespace kf::publish
