#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "fixture.h"
#include "html/dom.h"
#include "scrape/extract.h"
#include "scrape/rules.h"
#include "scrape/scrape.h"
#include "text/whitespace.h"

using fixture::rules_of;

TEST_CASE("collapse_into gives exactly text::collapse_whitespace for any mix of spaces and controls", "[scrape]") {
  const std::vector<std::string> pieces = {"a", "Wort", " ", "  ", "\t", "\n", "\x0B", "\x01", "\xC2\xA0",
                                           "\xC2\xA9", "\xC2", "https://x.test/a?b=c", "0123456789abcdef"};
  std::uint32_t seed = 4242;
  auto next = [&seed] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7FFF; };
  std::string out = "leftover";
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const int n = static_cast<int>(next() % 20);
    for (int k = 0; k < n; ++k) text += pieces[next() % pieces.size()];
    INFO("text: " << text);
    kf::scrape::detail::collapse_into(out, text);
    CHECK(out == kf::text::collapse_whitespace(text));
    CHECK(kf::scrape::detail::collapsed(text) == kf::text::collapse_whitespace(text));
  }
}

TEST_CASE("finish keeps the trimmed capture, or says why there is no value", "[scrape]") {
  const auto rules = rules_of("teasers:\n  item: div\n  kicker: { css: a, regex: '^(.*?):' }\n");
  const kf::scrape::Rule& kicker = *rules.teasers->kicker;
  auto ex = kf::scrape::detail::finish(kicker, "Sachsen : Neue CIO", {});
  CHECK(ex.outcome == kf::scrape::detail::Outcome::matched);
  CHECK(ex.value == "Sachsen");
  CHECK(kf::scrape::detail::finish(kicker, "ohne Doppelpunkt", {}).outcome ==
        kf::scrape::detail::Outcome::regex_failed);
  CHECK(kf::scrape::detail::finish(kicker, " : Rest", {}).outcome == kf::scrape::detail::Outcome::empty);
  CHECK(kf::scrape::detail::finish(kicker, "", {}).outcome == kf::scrape::detail::Outcome::empty);
}

TEST_CASE("Teaser fields that share a node and a raw value read each teaser on its own", "[scrape]") {
  const auto rules = rules_of(
      "teasers:\n"
      "  item: div.t\n"
      "  kicker: { css: 'h3 a', regex: '^(.*?):' }\n"
      "  title: { css: 'h3 a', regex: '^.*?: (.*)$' }\n"
      "  summary: { css: p, regex: '^(.*?)\\s*mehr\\.\\.\\.$' }\n"
      "  link: 'h3 a'\n");
  const std::string html =
      "<html><body>"
      "<div class=t><h3><a href='/a'>Land: Erste Meldung mit langem Titel</a></h3><p>Kurz. mehr...</p></div>"
      "<div class=t><h3><a href='/b'>Ohne Kicker</a></h3><p>Zweite\n  Meldung   mehr...</p></div>"
      "<div class=t><h3><a href='/c'>Stadt: Dritte</a></h3><p>kein Verweis</p></div>"
      "</body></html>";
  auto page = kf::scrape::scrape_page({html, "https://www.example.test/x", "text/html; charset=utf-8"}, rules);
  REQUIRE(page);
  REQUIRE(page->teasers.size() == 3);
  CHECK(page->teasers[0].kicker == "Land");
  CHECK(page->teasers[0].title == "Erste Meldung mit langem Titel");
  CHECK(page->teasers[0].summary == "Kurz.");
  CHECK(page->teasers[0].link == "https://www.example.test/a");
  CHECK(page->teasers[1].kicker.empty());
  CHECK(page->teasers[1].title.empty());
  CHECK(page->teasers[1].summary == "Zweite Meldung");
  CHECK(page->teasers[1].link == "https://www.example.test/b");
  CHECK(page->teasers[2].kicker == "Stadt");
  CHECK(page->teasers[2].title == "Dritte");
  CHECK(page->teasers[2].summary.empty());
  CHECK(page->teasers[2].link == "https://www.example.test/c");
}
