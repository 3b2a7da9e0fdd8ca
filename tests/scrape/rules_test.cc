#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "scrape/rules.h"

using kf::scrape::parse_rules;
using Lines = std::vector<std::string>;

namespace {

// The scrape diagnostics of the first source of `yaml`, as an admin reads them.
Lines rule_errors(std::string_view yaml) {
  auto cfg = kf::config::parse_config(yaml, "feeds.yaml");
  REQUIRE(cfg);
  REQUIRE(cfg->sources.at(0).scrape);
  auto rules = parse_rules(*cfg->sources[0].scrape, "feeds.yaml");
  Lines out;
  if (!rules)
    for (const auto& d : rules.error()) out.push_back(d.str());
  return out;
}

}  // namespace

TEST_CASE("Every bad rule is reported at its line and column in feeds.yaml", "[scrape]") {
  const Lines lines = rule_errors(R"(sources:
  - id: s
    type: html
    url: https://example.org/
    scrape:
      article:
        title: "h1 + p"
        date: { css: "p", regex: '(unclosed' }
        credit: { css: "p", regex: 'no group' }
        kicker: { css: "a", xpath: "//a" }
        titel: "h1"
        image: { xpath: "//img[" }
      teasers:
        kicker: "h3"
      list: { item: "article", link: "h2 a", max_pages: 0 }
)");
  REQUIRE(lines.size() == 8);  // sorted by position
  CHECK(lines[0] == "feeds.yaml:7:16: scrape: article.title: selector 'h1 + p': sibling combinator '+' is not supported");
  CHECK(lines[1].starts_with("feeds.yaml:8:34: scrape: article.date: regex '(unclosed' does not compile: "));
  CHECK(lines[2] == "feeds.yaml:9:36: scrape: article.credit: regex 'no group' must have exactly one capture group, has 0");
  CHECK(lines[3] == "feeds.yaml:10:17: scrape: article.kicker: a rule needs exactly one of 'css' or 'xpath'");
  CHECK(lines[4] == "feeds.yaml:11:9: scrape: unknown key 'titel' in article (expected one of: kicker, title, date, "
                    "date_format, timezone, lead, body, remove, image, image_alt, caption, credit, author, categories)");
  CHECK(lines[5].starts_with("feeds.yaml:12:25: scrape: article.image: selector '//img[': invalid XPath: "));
  CHECK(lines[6] == "feeds.yaml:13:7: scrape: teasers is missing required key 'item'");
  CHECK(lines[7] == "feeds.yaml:15:57: scrape: list.max_pages: expected a number from 1 to 100, got '0'");
}

TEST_CASE("Positions stay right inside flow mappings, lists and after comments", "[scrape]") {
  CHECK(rule_errors(R"(# a comment line that the re-emitted YAML does not have
sources:
  - {id: s, type: html, url: "https://example.org/", scrape: {article: {remove: [".ok", "p:hover"]}}}
)") == Lines{"feeds.yaml:3:89: scrape: article.remove.1: selector 'p:hover': pseudo-class ':hover' is not supported"});
  CHECK(rule_errors(R"(sources:
  - id: s
    type: html
    url: https://example.org/
    scrape:
      list:
        link: "a"
        follow: maybe
)") == Lines{"feeds.yaml:6:7: scrape: list is missing required key 'item'",
             "feeds.yaml:8:17: scrape: list.follow: expected true or false, got 'maybe'"});
}

TEST_CASE("A rule mapping takes css or xpath plus attr, regex and html", "[scrape]") {
  auto cfg = kf::config::parse_config(R"(sources:
  - id: s
    type: html
    url: https://example.org/
    scrape:
      article:
        date: { css: "p.lead .datum", regex: '\[(.*)\]' }
        image_alt: { xpath: "figure/img", attr: alt }
        body: { css: "div.entry", html: true }
        image: "figure img"
      teasers: { item: "aside .teaser", link: "h3 a" }
)", "feeds.yaml");
  REQUIRE(cfg);
  auto rules = parse_rules(*cfg->sources[0].scrape, "feeds.yaml");
  REQUIRE(rules);
  REQUIRE(rules->article.date);
  CHECK(rules->article.date->regex_source == "\\[(.*)\\]");
  CHECK(rules->article.date->mark == kf::config::Mark{7, 22});
  CHECK(rules->article.date->describe() == "article.date (css 'p.lead .datum', regex '\\[(.*)\\]')");
  REQUIRE(rules->article.image_alt);
  CHECK(rules->article.image_alt->selector.xpath() == "./figure/img");
  CHECK(rules->article.image_alt->attr == "alt");
  CHECK(rules->article.body->html);
  CHECK(rules->article.image->attr == "src");
  REQUIRE(rules->teasers);
  CHECK(rules->teasers->link->attr == "href");
  CHECK(rules->teasers->item.selector.source() == "aside .teaser");
  CHECK_FALSE(rules->list);
}

TEST_CASE("The fixture feeds.yaml gives rules for every part without a diagnostic", "[scrape]") {
  auto cfg = kf::config::load_config(KF_TEST_DATA "/scrape/fixtures/feeds.yaml");
  REQUIRE(cfg);
  const auto* source = cfg->find_source("kommune21-test");
  REQUIRE(source);
  REQUIRE(source->scrape);
  auto rules = parse_rules(*source->scrape, cfg->path);
  REQUIRE(rules);
  CHECK(rules->list.has_value());
  CHECK(rules->teasers.has_value());
  CHECK(rules->article.remove.size() == 2);
  CHECK(rules->list->max_pages == 1);
  CHECK(rules->list->follow);
  CHECK_FALSE(cfg->find_source("musterhausen")->scrape.has_value());
}
