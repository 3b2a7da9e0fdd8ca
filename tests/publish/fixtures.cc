#include "fixtures.h"

namespace kf::test {

Article full_article() {
  Article a;
  a.id = "k0123456789abcdef0123456789abcdef";
  a.source_id = "kommune21";
  a.url = "https://www.kommune21.de/meldung_1.html";
  a.kicker = "Bremen";
  a.title = "Digitalisierung: Blick in die Glaskugel & mehr <neu>";
  a.summary = "<p>Agil &amp; bürokratiearm</p>";
  a.content_html =
      "<p>Volltext mit <a href=\"https://example.org/\" rel=\"noopener noreferrer\">Link</a></p>";
  a.author = "Redaktion";
  a.published = kJan7;
  a.image.url = "https://www.kommune21.de/bild.png";
  a.image.alt = "Rathaus Bremen";
  a.image.credit = "Senatskanzlei";
  a.categories = {"OZG"};
  a.language = "de";
  a.first_seen = a.last_seen = kJan7;
  return a;
}

publish::SourceInfo source_info(const std::string& id) {
  if (id == "egovernment")
    return {"egovernment", "eGovernment", "https://www.egovernment.de/rss/news.xml", std::nullopt};
  return {"kommune21", "Kommune21", "https://www.kommune21.de/", std::nullopt};
}

std::vector<publish::FeedEntry> entry_kinds() {
  std::vector<publish::FeedEntry> out;
  auto add = [&](Article a, std::vector<std::string> related = {}) {
    auto source = source_info(a.source_id);
    out.push_back({std::move(a), std::move(source), std::move(related)});
  };
  add(full_article());

  Article teaser = full_article();
  teaser.id = "kteaser";
  teaser.source_id = "egovernment";
  teaser.url = "https://www.egovernment.de/teaser-a-123/";
  teaser.completeness = Completeness::teaser;
  teaser.content_html.clear();
  teaser.image = {};
  teaser.summary = "Nur ein Anreißer.";
  teaser.published = kJan7 - std::chrono::hours(1);
  add(teaser);

  Article undated = full_article();
  undated.id = "kundated";
  undated.published.reset();
  undated.first_seen = kJan7 - std::chrono::hours(2);
  undated.kicker.clear();
  add(undated);

  Article anonymous = full_article();
  anonymous.id = "kanonymous";
  anonymous.author.clear();
  anonymous.categories.clear();
  anonymous.published = kJan7 - std::chrono::hours(3);
  anonymous.updated = kJan7 - std::chrono::minutes(150);
  add(anonymous);

  Article related = full_article();
  related.id = "krelated";
  related.published = kJan7 - std::chrono::hours(4);
  related.image.url = "https://www.kommune21.de/bilder/foto.JPG?w=800";
  add(related, {"https://www.egovernment.de/kopie-a-1/", "https://example.org/kopie?x=1&y=2"});

  Article umlauts = full_article();
  umlauts.id = "kumlauts";
  umlauts.title = "Äußerst größere Übung in Düsseldorf – „Zukunft“ für Ämter";
  umlauts.summary = "<p>Die Stadtverwaltung Köln öffnet ihr Bürgerbüro.</p>";
  umlauts.kicker = "Nordrhein-Westfalen";
  umlauts.author = "Jörg Müller";
  umlauts.published = kJan7 - std::chrono::hours(5);
  umlauts.image.url = "https://www.kommune21.de/bild.webp";
  add(umlauts);
  return out;
}

std::vector<publish::FeedEntry> hostile_kinds() {
  std::vector<publish::FeedEntry> out;
  auto add = [&](Article a) {
    auto source = source_info(a.source_id);
    out.push_back({std::move(a), std::move(source), {}});
  };

  Article hostile = full_article();
  hostile.id = "khostile";
  hostile.title = "]]> <script>alert(1)</script> & \"Zitat\"";
  hostile.summary = "<p>Text mit ]]&gt; und &lt;script&gt;alert(1)&lt;/script&gt;</p>";
  hostile.content_html = "<p>CDATA-Ende ]]&gt; im Text</p>";
  hostile.author = "<b>Kein</b> Autor";
  hostile.kicker = "A&B <Land>";
  hostile.published = kJan7 - std::chrono::hours(6);
  add(hostile);

  Article control = full_article();
  control.id = "kcontrol";
  control.title = std::string("Steuer\x01zeichen\x08 und \x7f Bruch \xff Ende\x0b");
  control.summary = std::string("<p>Zeile\x0c eins\xc2\x85</p>");
  control.author = std::string("Re\x1b[1mdaktion");
  control.published = kJan7 - std::chrono::hours(7);
  add(control);
  return out;
}

std::vector<publish::FeedEntry> realistic_entries(int n) {
  auto kinds = entry_kinds();  // each kind's times differ, and days separate the cycles
  std::vector<publish::FeedEntry> out;
  for (int i = 0; i < n; ++i) {
    auto e = kinds[static_cast<std::size_t>(i) % kinds.size()];
    e.article.id += "-" + std::to_string(i);
    if (!e.article.url.empty()) e.article.url += "?n=" + std::to_string(i);
    auto shift = std::chrono::hours(24 * (i / static_cast<int>(kinds.size())));
    if (e.article.published) *e.article.published -= shift;
    if (e.article.updated) *e.article.updated -= shift;
    e.article.first_seen -= shift;
    out.push_back(std::move(e));
  }
  return out;
}

publish::FeedDoc feed_doc(std::vector<publish::FeedEntry> entries, const std::string& ext, int page,
                          bool has_next) {
  publish::FeedDoc doc;
  doc.id = publish::feed_id("all");
  doc.title = "kommunalfeed";
  doc.subtitle = "Nachrichten zur kommunalen Digitalisierung";
  doc.entries = std::move(entries);
  doc.updated = publish::newest_update(doc.entries, kJan7);
  std::string base = "http://127.0.0.1:8080/feeds/all." + ext;
  doc.self_url = publish::page_url(base, page);
  doc.html_url = "http://127.0.0.1:8080/";
  doc.paging = publish::paging_links(base, page, has_next);
  return doc;
}

}  // namespace kf::test
