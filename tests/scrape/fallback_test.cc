#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "fixture.h"
#include "html/text.h"

namespace {

std::string origin_of(const kf::scrape::ScrapedPage& page, const std::string& field) {
  for (const auto& o : page.provenance)
    if (o.field == field) return o.origin;
  return "none";
}

using fixture::rules_of;

}  // namespace

TEST_CASE("A page without rules gives title, date, image, lead and body from JSON-LD and OpenGraph", "[scrape]") {
  const auto page = fixture::scrape("norules.html", "https://www.musterhausen.test/aktuelles/?id=17",
                                    kf::scrape::default_rules());
  const std::string url = "https://www.musterhausen.test/aktuelles/2021/modellvorhaben-wird-fortgesetzt/";
  CHECK(page.url == url);  // og:url without its pk_campaign parameter
  REQUIRE(page.article);
  const kf::FeedItem& a = *page.article;
  CHECK(a.title == "Modellvorhaben wird fortgesetzt");
  CHECK(a.kicker == "Kooperatives E-Government");
  CHECK(a.published_raw == "2021-02-19T09:30:00+01:00");
  CHECK(a.updated_raw == "2021-02-20T11:00:00+01:00");
  CHECK(a.author == "Pressestelle");
  CHECK(a.language == "de");
  REQUIRE(a.media.size() == 1);
  CHECK(a.media[0].url == "https://www.musterhausen.test/media/rhein-neckar.jpg");
  CHECK(a.summary.starts_with("Innovative Vorgehensweisen benötigen einen Raum"));
  CHECK(origin_of(page, "title") == "fallback: json-ld headline");
  CHECK(origin_of(page, "date") == "fallback: json-ld datePublished");
  CHECK(origin_of(page, "body") == "fallback: main-content heuristic");

  std::vector<std::string> body;
  const auto lines = fixture::seed_lines("004_3a311a4c60453ee7.txt");
  const std::string text = kf::html::fragment_text(a.content);
  for (std::size_t i = 4; i + 30 < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    INFO(lines[i]);
    CHECK(text.find(lines[i]) != std::string::npos);
  }
  CHECK(text.find("Öffnungszeiten") == std::string::npos);  // the sidebar is not the article
  CHECK(a.content.find("<h1>") == std::string::npos);       // nor is the headline, already the title
  CHECK(text.find("Heute ist") == std::string::npos);
}

TEST_CASE("OpenGraph alone fills the fields JSON-LD would", "[scrape]") {
  const auto page = fixture::scrape_html(R"(<html><head>
<meta property="og:title" content="Neue Stelle">
<meta property="og:image" content="/img/a.jpg"><meta property="og:image:alt" content="Ein Rathaus">
<meta property="og:description" content="Kurz gesagt.">
<meta property="article:published_time" content="2025-01-07T10:00:00+01:00">
<meta property="article:section" content="Personal">
</head><body><h1>Neue Stelle</h1><p>Text.</p></body></html>)");
  REQUIRE(page.article);
  CHECK(page.article->title == "Neue Stelle");
  CHECK(page.article->published_raw == "2025-01-07T10:00:00+01:00");
  CHECK(page.article->summary == "Kurz gesagt.");
  CHECK(page.article->categories == std::vector<std::string>{"Personal"});
  REQUIRE(page.article->media.size() == 1);
  CHECK(page.article->media[0].url == "https://example.org/img/a.jpg");
  CHECK(page.article->media[0].alt == "Ein Rathaus");
}

TEST_CASE("A header's today-is date is never the publication date", "[scrape]") {
  const std::string header = "<header><p>Heute ist Montag, 17. März 2025</p><nav><a href=/>Start</a></nav></header>";
  auto dated = fixture::scrape_html("<body>" + header +
                                    "<article><h1>Titel</h1><p class=meta>Veröffentlicht am 7. Januar 2025</p>"
                                    "<p>Text</p></article></body>");
  CHECK(dated.article->published_raw == "7. Januar 2025");
  CHECK(origin_of(dated, "date") == "fallback: date near the headline");
  auto numeric = fixture::scrape_html("<body>" + header + "<div><div><h1>Titel</h1><p>[07.01.2025] Text</p></div></div></body>");
  CHECK(numeric.article->published_raw == "07.01.2025");
  auto undated = fixture::scrape_html("<body>" + header + "<article><h1>Titel</h1><p>Text ohne Datum</p></article></body>");
  CHECK(undated.article->published_raw == "");
  auto timed = fixture::scrape_html("<body>" + header +
                                    "<article><h1>T</h1><time datetime='2025-01-07'>gestern</time></article></body>");
  CHECK(timed.article->published_raw == "2025-01-07");
}

TEST_CASE("The site name is cut from the title tag", "[scrape]") {
  auto k21 = fixture::scrape_html(
      "<title>Impulse für die Digitalisierung - Kommune21 online | Kommune21 - Das Portal</title><p>x</p>",
      "https://www.kommune21.de/meldung_1.html");
  CHECK(k21.article->title == "Impulse für die Digitalisierung");
  CHECK(origin_of(k21, "title") == "fallback: cleaned <title>");
  auto named = fixture::scrape_html(
      "<head><title>Neue CIO – Freistaat Sachsen</title><meta property='og:site_name' content='Freistaat Sachsen'>"
      "</head><p>x</p>");
  CHECK(named.article->title == "Neue CIO");
  auto dashes = fixture::scrape_html("<title>Ende-zu-Ende - digital | Portal</title>", "https://portal.example/x");
  CHECK(dashes.article->title == "Ende-zu-Ende - digital");
}

TEST_CASE("A kicker glued to the headline is split off", "[scrape]") {
  const auto with_rules = rules_of("article: {kicker: 'h1 .dachzeile', title: h1}");
  auto span = fixture::scrape_html("<h1><span class=dachzeile>Potsdam</span>Impulse für die Digitalisierung</h1>",
                                   "https://example.org/a", with_rules);
  CHECK(span.article->kicker == "Potsdam");
  CHECK(span.article->title == "Impulse für die Digitalisierung");
  const auto title_only = rules_of("article: {title: h1}");
  auto og = fixture::scrape_html(
      "<head><meta property=og:title content='Impulse für die Digitalisierung'></head>"
      "<h1>PotsdamImpulse für die Digitalisierung</h1>",
      "https://example.org/a", title_only);
  CHECK(og.article->kicker == "Potsdam");
  CHECK(og.article->title == "Impulse für die Digitalisierung");
  auto plain = fixture::scrape_html("<h1>Bremen: Neues Portal</h1>", "https://example.org/a", title_only);
  CHECK(plain.article->kicker == "");
  CHECK(plain.article->title == "Bremen: Neues Portal");
}

TEST_CASE("A regex that does not match leaves the field to the fallbacks and health says so", "[scrape]") {
  const auto r = rules_of(R"(article: {date: {css: "p.datum", regex: '\[(.*)\]'}})");
  auto page = fixture::scrape_html(
      "<head><meta property='article:published_time' content='2025-02-03'></head>"
      "<h1>T</h1><p class=datum>3. Februar 2025</p>",
      "https://example.org/a", r);
  CHECK(page.article->published_raw == "2025-02-03");
  CHECK(origin_of(page, "date") == "fallback: article:published_time");
  REQUIRE_FALSE(page.health.empty());
  CHECK(page.health[0].rule == "article.date");
  CHECK_FALSE(page.health[0].matched);
  CHECK(page.health[0].detail == "regex did not match");
}

TEST_CASE("The body is sanitized, stripped by remove rules and has absolute links", "[scrape]") {
  const auto r = rules_of(R"(article: {body: "div.text", remove: [".ad", "//div[@class='text']/p[@hidden]"]})");
  auto page = fixture::scrape_html(
      "<h1>T</h1><div class=text><p>Eins <a href='../b/c.html' onclick='x()'>Link</a></p>"
      "<div class=ad>Anzeige</div><p hidden>weg</p><script>alert(1)</script><img src=bild.jpg alt=B></div>",
      "https://example.org/a/d/seite.html", r);
  CHECK(page.article->content ==
        "<p>Eins <a href=\"https://example.org/a/b/c.html\" rel=\"noopener noreferrer\">Link</a></p>"
        "<img src=\"https://example.org/a/d/bild.jpg\" alt=\"B\">");
}

TEST_CASE("Feed links in the head are discovered", "[scrape]") {
  auto page = fixture::scrape_html(
      "<head><link rel='alternate' type='application/rss+xml' href='/feed/'>"
      "<link rel='alternate stylesheet' type='text/css' href='/x.css'>"
      "<link rel=alternate type=application/atom+xml href='https://example.org/atom.xml'></head>");
  CHECK(page.feeds == std::vector<std::string>{"https://example.org/feed/", "https://example.org/atom.xml"});
}
