#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fixture.h"
#include "html/text.h"

namespace {

struct Seed {
  std::string file, page, kicker, title, date, alt, caption, credit;
};

const std::string kPotsdamCaption =
    "Potsdams Bürgermeister Burkhard Exner (rechts) im Gespräch mit den deutschen Botschafter in Estland "
    "Christoph Eichborn.";
const std::string kMrnCaption =
    "Das Modellvorhaben „Kooperatives E-Government in föderalen Strukturen“ wird bis 2025 fortgesetzt. Beteiligt "
    "sind Baden-Württemberg, Hessen, Rheinland-Pfalz und die Metropolregion Rhein-Neckar (MRN).";

const std::vector<Seed> kSeeds{
    {"000_c7db8c470863b682.txt", "politik-aus-d16-wird-die-digitalministerkonferenz.html", "Politik",
     "Aus D16 wird die Digitalministerkonferenz", "01.12.2023", "", "", ""},
    {"001_84183b4452282d61.txt", "baden-wuerttemberg-sachsen-kooperation-vertieft.html", "Baden-Württemberg/Sachsen",
     "Kooperation vertieft", "16.07.2020", "", "", ""},
    {"002_072ba241a15d0871.txt", "bremen-digitalisierungsaufgaben-vom-it-plr.html", "Bremen",
     "Digitalisierungsaufgaben vom IT-PLR", "03.07.2018", "", "", ""},
    {"003_e41f94661f36a895.txt", "potsdam-impulse-fuer-die-digitalisierung.html", "Potsdam",
     "Impulse für die Digitalisierung", "04.12.2017", kPotsdamCaption, kPotsdamCaption,
     "Landeshauptstadt Potsdam/ Frank Daenzer"},
    {"004_3a311a4c60453ee7.txt", "kooperatives-e-government-modellvorhaben-wird-fortgesetzt.html",
     "Kooperatives E-Government", "Modellvorhaben wird fortgesetzt", "19.02.2021", "", kMrnCaption, "MRN GmbH"},
};

std::string url_of(const Seed& s) { return fixture::kSite + "/artikel/" + s.page; }

kf::scrape::ScrapedPage scrape_seed(const Seed& s, const std::string& query = "") {
  return fixture::scrape("artikel/" + s.page, url_of(s) + query);
}

struct SeedTeaser {
  std::string kicker, title, date, summary;
};

// The seed's body lines (after the headline and image block, before the
// teasers) and its teasers, read straight from the seed text.
void split_seed(const std::vector<std::string>& lines, std::vector<std::string>& body,
                std::vector<SeedTeaser>& teasers) {
  const std::size_t teaser_start = lines.size() - 30;
  std::size_t first = 1;
  if (lines.size() > 4 && lines[3].starts_with("(Bildquelle: ")) first = 4;
  for (std::size_t i = first; i < teaser_start; ++i)
    if (!lines[i].empty()) body.push_back(lines[i]);
  for (std::size_t i = teaser_start; i + 1 < lines.size(); i += 2) {
    const std::string& head = lines[i];
    const std::string& text = lines[i + 1];
    const auto colon = head.find(": ");
    const auto close = text.find("] ");
    REQUIRE(colon != std::string::npos);
    REQUIRE(close != std::string::npos);
    REQUIRE(text.ends_with(" mehr..."));
    teasers.push_back({head.substr(0, colon), head.substr(colon + 2), text.substr(0, close + 1),
                       text.substr(close + 2, text.size() - close - 2 - 8)});
  }
}

}  // namespace

TEST_CASE("Every seed page gives its exact kicker, title, date, image alt, caption and credit", "[scrape]") {
  for (const Seed& s : kSeeds) {
    INFO(s.file);
    const auto page = scrape_seed(s);
    REQUIRE(page.article);
    const kf::FeedItem& a = *page.article;
    CHECK(a.kicker == s.kicker);
    CHECK(a.title == s.title);
    CHECK(a.published_raw == s.date);
    CHECK(a.completeness == kf::Completeness::full);
    CHECK(a.link == url_of(s));
    CHECK(page.image_caption == s.caption);
    if (s.caption.empty()) {
      CHECK(a.media.empty());
    } else {
      REQUIRE(a.media.size() == 1);
      CHECK(a.media[0].alt == s.alt);
      CHECK(a.media[0].credit == s.credit);
      CHECK(a.media[0].url.starts_with(fixture::kSite + "/wp-content/uploads/"));
    }
  }
}

TEST_CASE("Every seed page's body holds every paragraph and subheading of its seed", "[scrape]") {
  for (const Seed& s : kSeeds) {
    INFO(s.file);
    std::vector<std::string> body;
    std::vector<SeedTeaser> teasers;
    split_seed(fixture::seed_lines(s.file), body, teasers);
    const auto page = scrape_seed(s);
    REQUIRE(page.article);
    const std::string text = kf::html::fragment_text(page.article->content);
    for (const std::string& line : body) CHECK(text.find(line) != std::string::npos);
    CHECK(page.article->summary == body.front());
    // The remove rules and the sanitizer took the boilerplate out.
    CHECK(text.find("Anzeige") == std::string::npos);
    CHECK(text.find("Teilen") == std::string::npos);
    CHECK(page.article->content.find("<script") == std::string::npos);
    CHECK(text.find("Heute ist") == std::string::npos);
  }
}

TEST_CASE("Each seed page lists its 15 teasers with kicker, title, date, summary and canonical link", "[scrape]") {
  std::map<std::string, std::string> link_of_head;
  for (const Seed& s : kSeeds) {
    INFO(s.file);
    std::vector<std::string> body;
    std::vector<SeedTeaser> expected;
    split_seed(fixture::seed_lines(s.file), body, expected);
    REQUIRE(expected.size() == 15);
    const auto page = scrape_seed(s);
    REQUIRE(page.teasers.size() == 15);
    for (std::size_t i = 0; i < 15; ++i) {
      const kf::FeedItem& t = page.teasers[i];
      CHECK(t.completeness == kf::Completeness::teaser);
      CHECK(t.kicker == expected[i].kicker);
      CHECK(t.title == expected[i].title);
      CHECK(t.published_raw == expected[i].date);
      CHECK(t.summary == expected[i].summary);
      CHECK(t.link.starts_with(fixture::kSite + "/artikel/"));
      CHECK(t.link.ends_with(".html"));  // tracking parameters are gone
      auto [it, fresh] = link_of_head.emplace(t.kicker + ": " + t.title, t.link);
      CHECK(it->second == t.link);  // the same teaser links the same URL on every page
    }
  }
  std::set<std::string> links;
  for (const auto& [head, link] : link_of_head) links.insert(link);
  CHECK(links.size() == link_of_head.size());  // different teasers, different links
}

TEST_CASE("Across the five pages 75 teaser occurrences carry 28 distinct canonical links", "[scrape]") {
  std::size_t occurrences = 0;
  std::set<std::string> links;
  for (const Seed& s : kSeeds) {
    for (const auto& t : scrape_seed(s).teasers) {
      ++occurrences;
      links.insert(t.link);
    }
  }
  CHECK(occurrences == 75);
  CHECK(links.size() == 28);
  // None of the five articles is announced as a teaser, so 28 + 5 URLs in all.
  for (const Seed& s : kSeeds) CHECK_FALSE(links.contains(url_of(s)));
}

TEST_CASE("Scraping the pages in any order, or again, gives the same items", "[scrape]") {
  auto run = [](const std::vector<std::size_t>& order) {
    std::map<std::string, kf::FeedItem> items;  // keyed by canonical link, first sighting kept
    for (std::size_t i : order) {
      const auto page = scrape_seed(kSeeds[i]);
      items.emplace(page.article->link, *page.article);
      for (const auto& t : page.teasers) items.emplace(t.link, t);
    }
    return items;
  };
  const auto forward = run({0, 1, 2, 3, 4});
  CHECK(forward.size() == 33);
  CHECK(run({4, 3, 2, 1, 0}) == forward);
  CHECK(run({2, 0, 4, 1, 3}) == forward);
  CHECK(run({3, 3, 1, 0, 4, 2, 2}) == forward);
}

TEST_CASE("A page fetched with tracking parameters is known by its canonical URL", "[scrape]") {
  const auto page = scrape_seed(kSeeds[3], "?utm_source=newsletter&utm_medium=email");
  CHECK(page.url == url_of(kSeeds[3]));
  CHECK(page.article->link == url_of(kSeeds[3]));
  CHECK(page.feeds == std::vector<std::string>{fixture::kSite + "/feed/"});
}

TEST_CASE("The listing page yields the five article URLs and the next page, and no article", "[scrape]") {
  const auto page = fixture::scrape("meldungen.html", fixture::kSite + "/meldungen/");
  CHECK_FALSE(page.article);
  std::vector<std::string> expected;
  for (const Seed& s : kSeeds) expected.push_back(url_of(s));
  CHECK(page.links == expected);
  CHECK(page.next_page == fixture::kSite + "/meldungen/seite/2/");
}

TEST_CASE("Provenance names the rule behind each field and health says which rules matched", "[scrape]") {
  const auto page = scrape_seed(kSeeds[0]);  // no figure on this page
  auto origin = [&](const std::string& field) {
    for (const auto& o : page.provenance)
      if (o.field == field) return o.origin;
    return std::string("none");
  };
  auto health = [&](const std::string& rule) {
    for (const auto& h : page.health)
      if (h.rule == rule) return h.detail;
    return std::string("absent");
  };
  CHECK(origin("title") == "article.title (css 'h1.entry-title')");
  CHECK(origin("date") == "article.date (css 'p.lead .datum', regex '\\[(.*)\\]')");
  CHECK(origin("url") == "fallback: link rel=canonical");
  CHECK(origin("image") == "none");
  CHECK(health("article.title") == "matched");
  CHECK(health("article.image") == "no node matched");
  CHECK(health("article.credit") == "no node matched");
  CHECK(health("teasers.item") == "15 items");
  CHECK(health("teasers.summary") == "15 of 15 items");
  CHECK(health("list.item") == "0 items");
  CHECK(page.article->author == "Redaktion");
  CHECK(page.article->categories == std::vector<std::string>{"Politik"});
}
