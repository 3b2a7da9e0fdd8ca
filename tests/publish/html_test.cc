// The HTML pages, OPML and Berlin dates of the publish stage.
#include <catch2/catch.hpp>
#include <pugixml.hpp>

#include "publish/html_page.h"
#include "publish/html_river.h"
#include "publish/html_sources.h"

namespace {

kf::Timestamp utc(std::int64_t s) { return kf::Timestamp(std::chrono::seconds(s)); }

kf::publish::PageFrame test_frame() {
  return {"Kommunalfeed", "https://kf.example/", "Neueste", "", {}};
}

}  // namespace

TEST_CASE("Berlin dates switch between winter and summer time at the EU dates", "[publish]") {
  CHECK(kf::publish::berlin_clock(utc(1711846799)) == "01:59");  // 2024-03-31 00:59:59Z, CET
  CHECK(kf::publish::berlin_clock(utc(1711846800)) == "03:00");  // 01:00Z, CEST begins
  CHECK(kf::publish::berlin_clock(utc(1729990800)) == "02:00");  // 2024-10-27 01:00Z, CET again
  CHECK(kf::publish::berlin_date(utc(1736204400)) == "2025-01-07");  // 2025-01-06 23:00Z
  CHECK(kf::publish::german_day(utc(1736204400)) == "Dienstag, 7. Januar 2025");
  CHECK(kf::publish::german_datetime(std::nullopt) == "–");
}

TEST_CASE("a date-only article shows its day without an invented 00:00", "[publish]") {
  CHECK(kf::publish::german_day_or_datetime(utc(1736204400)) == "07.01.2025");  // Berlin midnight
  CHECK(kf::publish::german_day_or_datetime(utc(1736204460)) == "07.01.2025 00:01");
  CHECK(kf::publish::german_day_or_datetime(utc(1736247600)) == "07.01.2025 12:00");
}

TEST_CASE("the river groups entries by Berlin day and escapes every plain value", "[publish]") {
  kf::publish::RiverPage page;
  page.frame = test_frame();
  page.heading = "Neu";
  kf::publish::FeedEntry late;
  late.article.title = "A <b> & B";
  late.article.url = "javascript:alert(1)";
  late.article.published = utc(1736204400);  // Tuesday in Berlin
  late.article.summary = "<p>sauber</p>";
  late.source.name = "Quelle \"X\"";
  kf::publish::FeedEntry early = late;
  early.article.title = "Früh";
  early.article.url = "https://example.org/a?b=1&c=2";
  early.article.published = utc(1736200000);  // 2025-01-06 21:46Z, Monday in Berlin
  page.entries = {late, early};
  std::string html = kf::publish::render_river(page);
  CHECK(html.find("<h3>A &lt;b&gt; &amp; B</h3>") != std::string::npos);  // no javascript: link
  CHECK(html.find("href=\"https://example.org/a?b=1&amp;c=2\"") != std::string::npos);
  CHECK(html.find("Dienstag, 7. Januar 2025") < html.find("Montag, 6. Januar 2025"));
  CHECK(html.find("<p>sauber</p>") != std::string::npos);
  CHECK(html.find("Quelle \"X\"") != std::string::npos);
  CHECK(html.find("javascript:") == std::string::npos);
}

TEST_CASE("the sparkline draws one bar per fetch, failures in red, oldest left", "[publish]") {
  kf::FetchRecord ok;
  ok.http_status = 200;
  ok.duration_ms = 1000;
  kf::FetchRecord failed;
  failed.http_status = 0;
  failed.error = "timeout";
  failed.duration_ms = 10;
  std::string svg = kf::publish::render_sparkline({ok, failed});  // newest first
  CHECK(svg.find("<rect x=\"0\" y=\"18\" width=\"4\" height=\"2\" fill=\"#c62828\"/>") !=
        std::string::npos);
  CHECK(svg.find("<rect x=\"5\" y=\"0\" width=\"4\" height=\"20\" fill=\"#2e7d32\"/>") !=
        std::string::npos);
  CHECK(svg.find("aria-label=\"2 Abrufe, 1 fehlgeschlagen, längster 1000 ms\"") !=
        std::string::npos);
  CHECK(kf::publish::render_sparkline({}).empty());
}

TEST_CASE("OPML is well-formed XML with every source's URL", "[publish]") {
  kf::config::Source feed;
  feed.id = "a";
  feed.name = "A & <B>";
  feed.url = "https://a.example/rss?x=1&y=2";
  kf::config::Source site = feed;
  site.id = "b";
  site.name = "";
  site.type = kf::config::SourceType::html;
  std::string opml = kf::publish::render_opml("T", {feed, site}, utc(1736200000));
  pugi::xml_document doc;
  REQUIRE(doc.load_buffer(opml.data(), opml.size()));
  auto first = doc.child("opml").child("body").child("outline");
  CHECK(std::string(first.attribute("text").value()) == "A & <B>");
  CHECK(std::string(first.attribute("xmlUrl").value()) == "https://a.example/rss?x=1&y=2");
  CHECK(std::string(first.next_sibling().attribute("text").value()) == "b");
  CHECK(std::string(doc.child("opml").child("head").child("dateCreated").text().get()) ==
        "Mon, 06 Jan 2025 21:46:40 GMT");
}

TEST_CASE("the page frame links the stylesheet, feeds and search form without script", "[publish]") {
  auto frame = test_frame();
  frame.query = "\"><script>";
  frame.feeds.push_back({"Alle", "application/atom+xml", "https://kf.example/feeds/all.atom"});
  std::string html = kf::publish::render_page(frame, "<p>x</p>");
  CHECK(html.starts_with("<!DOCTYPE html>\n<html lang=\"de\">"));
  CHECK(html.find("<link rel=\"stylesheet\" href=\"https://kf.example/style.css\">") !=
        std::string::npos);
  CHECK(html.find("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Alle\" "
                  "href=\"https://kf.example/feeds/all.atom\">") != std::string::npos);
  CHECK(html.find("value=\"&quot;&gt;&lt;script&gt;\"") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("style=") == std::string::npos);  // the CSP forbids inline styles
}

namespace {

// The <tr> of `id` in a rendered sources page ("" when absent).
std::string source_row(const std::string& page, const std::string& id) {
  const std::size_t begin = page.find("<tr id=\"source-" + id + "\">");
  if (begin == std::string::npos) return "";
  return page.substr(begin, page.find("</tr>", begin) - begin);
}

kf::publish::SourceStatus html_source(const std::string& id) {
  kf::publish::SourceStatus s;
  s.source.id = id;
  s.source.type = kf::config::SourceType::html;
  s.source.url = "https://" + id + ".example/aktuelles/";
  s.state.emplace();
  s.state->source_id = id;
  s.state->last_fetch = utc(1736200000);
  s.state->last_status = 200;
  return s;
}

}  // namespace

TEST_CASE("the sources page marks a broken rule in that source's row, escaped", "[publish]") {
  auto broken = html_source("k21");
  broken.state->broken_rule = "article.<title>&";
  auto healthy = html_source("ok");
  const std::string page = kf::publish::render_sources(test_frame(), {broken, healthy});
  const std::string row = source_row(page, "k21");
  CHECK(row.find("<strong class=\"broken\"") != std::string::npos);
  CHECK(row.find("broken: rule article.&lt;title&gt;&amp; matches nothing</strong>") !=
        std::string::npos);
  CHECK(page.find("article.<title>") == std::string::npos);
  const std::string other = source_row(page, "ok");
  REQUIRE_FALSE(other.empty());
  CHECK(other.find("broken") == std::string::npos);
}

TEST_CASE("the sources page names the discovered feed and the page it was found on", "[publish]") {
  auto site = html_source("muster");
  site.state->discovered_feed = "https://muster.example/feed.rss?a=1&b=2";
  site.state->feed_found_on = "https://muster.example/aktuelles/";
  auto plain = html_source("plain");
  const std::string page = kf::publish::render_sources(test_frame(), {site, plain});
  const std::string row = source_row(page, "muster");
  CHECK(row.find("Feed: <a href=\"https://muster.example/feed.rss?a=1&amp;b=2\">"
                 "https://muster.example/feed.rss?a=1&amp;b=2</a> (gefunden auf "
                 "https://muster.example/aktuelles/)") != std::string::npos);
  CHECK(source_row(page, "plain").find("Feed:") == std::string::npos);
}
