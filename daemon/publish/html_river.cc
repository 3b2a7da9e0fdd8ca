// River of news and search results as HTML.
#include "publish/html_river.h"

namespace kf::publish {

std::string render_entry(const FeedEntry& e) {
  const Article& a = e.article;
  std::string out = "<article class=\"entry\">\n";
  if (!a.kicker.empty()) out += "<p class=\"kicker\">" + esc(a.kicker) + "</p>\n";
  std::string title(shown_title(a));
  out += "<h3>";
  if (is_web_url(a.url)) {
    out += "<a href=\"" + esc_attr(a.url) + "\">" + esc(title) + "</a>";
  } else {
    out += esc(title);
  }
  out += "</h3>\n<p class=\"meta\">";
  std::string source = !e.source.name.empty() ? e.source.name : a.source_id;
  out += "<span class=\"source\">" + esc(source) + "</span>";
  Timestamp when = published_of(a);
  out += " · <time datetime=\"" + rfc3339(when) + "\">" + german_day_or_datetime(when) + "</time>";
  if (a.completeness == Completeness::teaser) out += " · Anriss";
  out += "</p>\n";
  if (a.image.url.starts_with("https://")) {
    out += "<img src=\"" + esc_attr(a.image.url) + "\" alt=\"" + esc_attr(a.image.alt) +
           "\" loading=\"lazy\">\n";
  }
  if (!a.summary.empty()) out += "<div class=\"summary\">" + a.summary + "</div>\n";
  out += "</article>\n";
  return out;
}

std::string render_river(const RiverPage& page) {
  std::string main = "<h1>" + esc(page.heading) + "</h1>\n";
  if (page.entries.empty()) main += "<p class=\"empty\">" + esc(page.empty_text) + "</p>\n";
  std::string current_day;
  bool open = false;
  for (const auto& e : page.entries) {
    if (page.group_by_day) {
      Timestamp when = published_of(e.article);
      std::string day = berlin_date(when);
      if (day != current_day) {
        if (open) main += "</section>\n";
        main += "<section>\n<h2 class=\"day\"><time datetime=\"" + day + "\">" + german_day(when) +
                "</time></h2>\n";
        current_day = day;
        open = true;
      }
    }
    main += render_entry(e);
  }
  if (open) main += "</section>\n";
  if (!page.newer_url.empty() || !page.older_url.empty()) {
    main += "<nav class=\"pager\">";
    main += page.newer_url.empty()
                ? std::string("<span></span>")
                : "<a rel=\"prev\" href=\"" + esc_attr(page.newer_url) + "\">← Neuere</a>";
    main += page.older_url.empty()
                ? std::string("<span></span>")
                : "<a rel=\"next\" href=\"" + esc_attr(page.older_url) + "\">Ältere →</a>";
    main += "</nav>\n";
  }
  return render_page(page.frame, main);
}

}  // namespace kf::publish
