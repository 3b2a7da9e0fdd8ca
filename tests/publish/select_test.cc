#include "publish/select.h"

#include <catch2/catch.hpp>
#include <functional>
#include <string>
#include <vector>

#include "config/config.h"

using kf::publish::OutputFilter;
using O = kf::config::Output;

namespace {

std::vector<kf::config::Source> sources() {
  kf::config::Source muc;
  muc.id = "muenchen";
  muc.name = "Stadt München";
  muc.tags = {"Stadt", "bayern"};
  muc.land = "DE-BY";
  muc.ags = "09162000";
  kf::config::Source k21;
  k21.id = "kommune21";
  k21.name = "Kommune21";
  k21.tags = {"fachpresse"};
  kf::config::Source koeln;
  koeln.id = "koeln";
  koeln.land = "DE-NW";
  koeln.ags = "05315000";
  koeln.tags = {"stadt"};
  return {muc, k21, koeln};
}

kf::Article article(std::string source_id, std::string title = "Neues Portal") {
  kf::Article a;
  a.id = "k" + title;
  a.source_id = std::move(source_id);
  a.title = std::move(title);
  a.summary = "<p>Die Verwaltung digitalisiert Anträge.</p>";
  a.content_html = "<p>Langer Text über <b>E-Akte</b> &amp; OZG-Umsetzung.</p>";
  a.kicker = "Bayern";
  return a;
}

// The filter of an output that `set` configures.
OutputFilter filter(const std::function<void(kf::config::Output&)>& set) {
  kf::config::Output o;
  set(o);
  auto s = sources();
  auto f = OutputFilter::create(o, s);
  REQUIRE(f);
  return *f;
}

}  // namespace

TEST_CASE("an output without filters matches every article", "[publish]") {
  auto f = filter([](O&) {});
  CHECK(f.matches(article("muenchen")));
  CHECK(f.matches(article("unbekannt")));
  CHECK_FALSE(f.source_ids().has_value());
}

TEST_CASE("the sources filter keeps the listed sources", "[publish]") {
  auto f = filter([](O& o) { o.sources = {"muenchen", "koeln"}; });
  CHECK(f.matches(article("muenchen")));
  CHECK(f.matches(article("koeln")));
  CHECK_FALSE(f.matches(article("kommune21")));
  CHECK(f.source_ids() == std::vector<std::string>{"koeln", "muenchen"});
}

TEST_CASE("the tags filter judges the article's source, ignoring case", "[publish]") {
  auto f = filter([](O& o) { o.tags = {"stadt"}; });
  CHECK(f.matches(article("muenchen")));  // tagged "Stadt"
  CHECK(f.matches(article("koeln")));
  CHECK_FALSE(f.matches(article("kommune21")));
  CHECK_FALSE(f.matches(article("unbekannt")));  // no source, no tags
}

TEST_CASE("the land filter compares the source's land", "[publish]") {
  auto f = filter([](O& o) { o.lands = {"de-by"}; });
  CHECK(f.matches(article("muenchen")));
  CHECK_FALSE(f.matches(article("koeln")));
  CHECK_FALSE(f.matches(article("kommune21")));  // national source
  CHECK(f.source_ids() == std::vector<std::string>{"muenchen"});
}

TEST_CASE("the ags filter takes prefixes of the source's key", "[publish]") {
  CHECK(filter([](O& o) { o.ags = {"09"}; }).matches(article("muenchen")));
  CHECK(filter([](O& o) { o.ags = {"09162"}; }).matches(article("muenchen")));
  CHECK_FALSE(filter([](O& o) { o.ags = {"09163"}; }).matches(article("muenchen")));
  CHECK_FALSE(filter([](O& o) { o.ags = {"09"}; }).matches(article("kommune21")));
  CHECK(filter([](O& o) {
          o.ags = {"05", "09"};
        }).source_ids() == std::vector<std::string>{"koeln", "muenchen"});
}

TEST_CASE("filters of different kinds must all hold", "[publish]") {
  auto f = filter([](O& o) {
    o.tags = {"stadt"};
    o.lands = {"DE-NW"};
  });
  CHECK(f.matches(article("koeln")));
  CHECK_FALSE(f.matches(article("muenchen")));
  CHECK(filter([](O& o) {
          o.sources = {"muenchen"};
          o.kickers = {"Köln"};
        }).matches(article("muenchen")) == false);
}

TEST_CASE("the kicker filter is exact but ignores case, umlauts included", "[publish]") {
  auto f = filter([](O& o) { o.kickers = {"ÖFFENTLICHE VERWALTUNG", "bayern"}; });
  auto a = article("kommune21");
  CHECK(f.matches(a));  // "Bayern"
  a.kicker = "Öffentliche Verwaltung";
  CHECK(f.matches(a));
  a.kicker = "Öffentliche Verwaltung Nord";
  CHECK_FALSE(f.matches(a));
  a.kicker.clear();
  CHECK_FALSE(f.matches(a));
}

TEST_CASE("keywords are found in title, summary text or content text, any case", "[publish]") {
  auto a = article("kommune21", "Neues Bürgerportal");
  CHECK(filter([](O& o) { o.keywords = {"BÜRGERPORTAL"}; }).matches(a));
  CHECK(filter([](O& o) { o.keywords = {"anträge"}; }).matches(a));
  CHECK(filter([](O& o) {
          o.keywords = {"e-akte & ozg"};
        }).matches(a));  // markup and &amp; are not text
  CHECK(filter([](O& o) { o.keywords = {"nichts", "ozg-umsetzung"}; }).matches(a));
  CHECK_FALSE(filter([](O& o) { o.keywords = {"<b>"}; }).matches(a));
  CHECK_FALSE(filter([](O& o) { o.keywords = {"Schule"}; }).matches(a));
}

TEST_CASE("case folding lowers ASCII, Latin-1 capitals and capital sharp s", "[publish]") {
  CHECK(kf::publish::fold_case("ÄÖÜ Straße ẞ É x") == "äöü straße ß é x");
  CHECK(kf::publish::fold_case("×") == "×");
}

TEST_CASE("the regex filter searches title, summary and content ignoring case", "[publish]") {
  auto a = article("kommune21", "Neues Portal");
  CHECK(filter([](O& o) { o.regex = "^neues"; }).matches(a));
  CHECK(filter([](O& o) { o.regex = "digitali(s|z)iert"; }).matches(a));
  CHECK(filter([](O& o) { o.regex = "e-akte\\s+&\\s+ozg"; }).matches(a));
  CHECK_FALSE(filter([](O& o) { o.regex = "^portal"; }).matches(a));
  CHECK_FALSE(filter([](O& o) { o.regex = "</?b>"; }).matches(a));
}

TEST_CASE("the regex filter finds a match deep in a long text", "[publish]") {
  auto a = article("kommune21");
  a.content_html =
      "<p>" + std::string(50'000, 'x') + " Schlüsselwort " + std::string(50'000, 'y') + "</p>";
  CHECK(filter([](O& o) { o.regex = "SCHLüSSELWORT"; }).matches(a));
  CHECK(filter([](O& o) { o.regex = "wort\\s+y"; }).matches(a));
  CHECK_FALSE(filter([](O& o) { o.regex = "^y"; }).matches(a));  // a window start is no line start
  CHECK_FALSE(filter([](O& o) { o.regex = "x$"; }).matches(a));  // nor is a window end
}

TEST_CASE("an invalid regex is an error naming the output", "[publish]") {
  auto s = sources();
  kf::config::Output o;
  o.id = "kaputt";
  o.regex = "(unclosed";
  auto f = OutputFilter::create(o, s);
  REQUIRE_FALSE(f);
  CHECK(f.error().message.starts_with("publish: output 'kaputt': invalid regex '(unclosed'"));
}

TEST_CASE("completeness and teasers filter by the article's completeness", "[publish]") {
  auto teaser = article("kommune21");
  teaser.completeness = kf::Completeness::teaser;
  auto full = article("kommune21");
  CHECK(filter([](O&) {}).matches(teaser));
  CHECK_FALSE(filter([](O& o) { o.teasers = false; }).matches(teaser));
  CHECK(filter([](O& o) { o.teasers = false; }).matches(full));
  CHECK(filter([](O& o) { o.completeness = kf::Completeness::teaser; }).matches(teaser));
  CHECK_FALSE(filter([](O& o) { o.completeness = kf::Completeness::teaser; }).matches(full));
}

TEST_CASE("the regex reads the first 64 KiB of a field, keywords read all of it", "[publish]") {
  auto a = article("kommune21");
  a.content_html = "<p>" + std::string(70'000, 'x') + " Glasfaser</p>";
  CHECK_FALSE(filter([](O& o) { o.regex = "glasfaser"; }).matches(a));
  CHECK(filter([](O& o) { o.keywords = {"glasfaser"}; }).matches(a));
}
