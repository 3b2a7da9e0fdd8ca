// Test helpers: the generated fixture pages (make_fixtures.py), the rules of
// fixtures/feeds.yaml and the seed texts they were built from.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "config/config.h"
#include "scrape/rules.h"
#include "scrape/scrape.h"

namespace fixture {

inline const std::string kSite = "https://www.kommune21.test";

inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string page(const std::string& name) { return read(KF_TEST_DATA "/scrape/fixtures/" + name); }

// The rules of a `scrape:` block given as YAML text (position 1:1).
inline kf::scrape::ScrapeRules rules_of(const std::string& block) {
  kf::config::ScrapeBlock b{block, {1, 1}};
  auto r = kf::scrape::parse_rules(b, "feeds.yaml");
  REQUIRE(r);
  return *r;
}

inline const kf::scrape::ScrapeRules& rules() {
  static const kf::scrape::ScrapeRules r = [] {
    auto cfg = kf::config::load_config(KF_TEST_DATA "/scrape/fixtures/feeds.yaml");
    REQUIRE(cfg);
    auto parsed = kf::scrape::parse_rules(*cfg->find_source("kommune21-test")->scrape, cfg->path);
    REQUIRE(parsed);
    return *parsed;
  }();
  return r;
}

// Scrapes fixture file `name` as if fetched from `url`.
inline kf::scrape::ScrapedPage scrape(const std::string& name, const std::string& url,
                                      const kf::scrape::ScrapeRules& r = rules()) {
  const std::string body = page(name);
  auto out = kf::scrape::scrape_page({body, url, "text/html"}, r);
  REQUIRE(out);
  return *out;
}

// Scrapes inline HTML with the given rules (none: generic extraction only).
inline kf::scrape::ScrapedPage scrape_html(const std::string& html, const std::string& url = "https://example.org/a",
                                           const kf::scrape::ScrapeRules& r = {}, const std::string& content_type = "") {
  auto out = kf::scrape::scrape_page({html, url, content_type}, r);
  REQUIRE(out);
  return *out;
}

// The lines of a seed text, without the trailing empty line.
inline std::vector<std::string> seed_lines(const std::string& file) {
  std::istringstream in(read(KF_SHARED_DIR "/seeds/" + file));
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace fixture
