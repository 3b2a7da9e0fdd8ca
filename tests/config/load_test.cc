#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "config/config.h"

using namespace kf::config;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> problems(const std::expected<Config, std::vector<Diagnostic>>& result) {
  std::vector<std::string> out;
  if (!result) for (const auto& d : result.error()) out.push_back(d.str());
  return out;
}

}  // namespace

TEST_CASE("a minimal config gets every default", "[config]") {
  auto cfg = parse_config(R"(sources:
  - id: kommune21
    type: feed
    url: https://www.kommune21.de/k21-meldungen/feed/
)", "feeds.yaml");
  REQUIRE(problems(cfg) == std::vector<std::string>{});
  CHECK(cfg->path == "feeds.yaml");
  CHECK(cfg->daemon == Daemon{});
  CHECK(cfg->daemon.listen == "127.0.0.1:8080");
  CHECK(cfg->daemon.interval == 30min);
  CHECK(cfg->daemon.max_body == 10u * 1024 * 1024);
  CHECK_FALSE(cfg->daemon.retention.has_value());
  CHECK(cfg->publish.base_url == "http://127.0.0.1:8080/");
  CHECK(cfg->publish.title == "kommunalfeed");
  REQUIRE(cfg->publish.outputs.size() == 1);
  Output all;
  all.id = "all";
  all.title = "kommunalfeed";
  CHECK(cfg->publish.outputs[0] == all);
  REQUIRE(cfg->sources.size() == 1);
  Source expected;
  expected.id = "kommune21";
  expected.name = "kommune21";
  expected.type = SourceType::feed;
  expected.url = "https://www.kommune21.de/k21-meldungen/feed/";
  expected.mark = {2, 5};
  CHECK(cfg->sources[0] == expected);
  CHECK(cfg->interval_of(cfg->sources[0]) == 30min);
}

TEST_CASE("every field of a full config is read into the structs", "[config]") {
  auto cfg = parse_config(R"(daemon:
  listen: "[::1]:9090"
  database: /var/lib/kommunalfeed/db.sqlite
  user_agent: test-agent/1.0
  interval: 1h30m
  timeout: 45s
  max_body: 512KiB
  concurrency: 4
  per_host: {concurrency: 1, delay: 2s500ms}
  retention: 365d
  log_level: debug
  allow_private_networks: true
  min_interval: 10m
  proxy: socks5h://proxy.example.org:1080
publish:
  base_url: https://news.example.org/kf
  title: Kommunal-News
  outputs:
    - id: bayern
      title: Bayern digital
      sources: [k21, stmd]
      tags: [land]
      lands: [DE-BY]
      ags: ["09", "09162"]
      kickers: [München]
      keywords: [OZG, Registermodernisierung]
      regex: "digital(isierung)?"
      completeness: full
      teasers: false
      limit: 50
    - id: all
      limit: 500
sources:
  - id: k21
    name: Kommune21
    type: feed
    url: https://www.kommune21.de/k21-meldungen/feed/
    interval: 15m
    enabled: false
    tags: [fachmedien]
  - id: stmd
    name: Bayerisches Digitalministerium
    type: html
    url: https://www.stmd.bayern.de/presse/
    tags: [land, bayern]
    land: DE-BY
    ags: "09"
    scrape:
      list: {item: article, link: a}
    ignore_robots: true
)", "full.yaml");
  REQUIRE(problems(cfg) == std::vector<std::string>{});

  Daemon daemon;
  daemon.listen = "[::1]:9090";
  daemon.database = "/var/lib/kommunalfeed/db.sqlite";
  daemon.user_agent = "test-agent/1.0";
  daemon.interval = 5400s;
  daemon.timeout = 45s;
  daemon.max_body = 524288;
  daemon.concurrency = 4;
  daemon.per_host = PerHost{1, 2500ms};
  daemon.retention = 365 * 24h;
  daemon.log_level = "debug";
  daemon.allow_private_networks = true;
  daemon.min_interval = 10min;
  daemon.proxy = "socks5h://proxy.example.org:1080";
  CHECK(cfg->daemon == daemon);

  CHECK(cfg->publish.base_url == "https://news.example.org/kf/");
  CHECK(cfg->publish.title == "Kommunal-News");
  REQUIRE(cfg->publish.outputs.size() == 2);
  Output all;
  all.id = "all";
  all.title = "Kommunal-News";
  all.limit = 500;
  all.mark = {31, 7};
  CHECK(cfg->publish.outputs[0] == all);
  Output bayern;
  bayern.id = "bayern";
  bayern.title = "Bayern digital";
  bayern.sources = {"k21", "stmd"};
  bayern.tags = {"land"};
  bayern.lands = {"DE-BY"};
  bayern.ags = {"09", "09162"};
  bayern.kickers = {"München"};
  bayern.keywords = {"OZG", "Registermodernisierung"};
  bayern.regex = "digital(isierung)?";
  bayern.completeness = kf::Completeness::full;
  bayern.teasers = false;
  bayern.limit = 50;
  bayern.mark = {19, 7};
  CHECK(cfg->publish.outputs[1] == bayern);

  REQUIRE(cfg->sources.size() == 2);
  Source k21;
  k21.id = "k21";
  k21.name = "Kommune21";
  k21.type = SourceType::feed;
  k21.url = "https://www.kommune21.de/k21-meldungen/feed/";
  k21.interval = 15min;
  k21.enabled = false;
  k21.tags = {"fachmedien"};
  k21.mark = {34, 5};
  CHECK(cfg->sources[0] == k21);
  CHECK(cfg->interval_of(cfg->sources[0]) == 15min);
  Source stmd;
  stmd.id = "stmd";
  stmd.name = "Bayerisches Digitalministerium";
  stmd.type = SourceType::html;
  stmd.url = "https://www.stmd.bayern.de/presse/";
  stmd.tags = {"land", "bayern"};
  stmd.land = "DE-BY";
  stmd.ags = "09";
  stmd.ignore_robots = true;
  stmd.scrape = ScrapeBlock{"list: {item: article, link: a}", {49, 7}};
  stmd.mark = {41, 5};
  CHECK(cfg->sources[1] == stmd);
  CHECK(cfg->find_source("stmd") == &cfg->sources[1]);
  CHECK(cfg->find_source("nope") == nullptr);
}

TEST_CASE("outputs other than all are titled after the publish title and keep their order", "[config]") {
  auto cfg = parse_config(R"(publish:
  outputs:
    - id: b
    - id: a
  title: News
sources:
  - {id: s, type: feed, url: "http://example.org/feed"}
)", "feeds.yaml");
  REQUIRE(problems(cfg) == std::vector<std::string>{});
  std::vector<std::string> titles;
  for (const auto& o : cfg->publish.outputs) titles.push_back(o.id + "=" + o.title);
  CHECK(titles == std::vector<std::string>{"all=News", "b=News – b", "a=News – a"});
}

TEST_CASE("the shipped feeds.yaml loads without a single diagnostic", "[config]") {
  auto cfg = load_config(KF_TEST_DATA "/../feeds.yaml");
  REQUIRE(problems(cfg) == std::vector<std::string>{});
  CHECK(cfg->sources.size() >= 15);
  CHECK(cfg->publish.outputs.front().id == "all");
  CHECK(cfg->daemon.listen == "127.0.0.1:8080");
  const Source* k21 = cfg->find_source("kommune21");
  REQUIRE(k21 != nullptr);
  CHECK(k21->url == "https://www.kommune21.de/k21-meldungen/feed/");
  const Source* k21_html = cfg->find_source("kommune21-html");
  REQUIRE(k21_html != nullptr);
  CHECK(k21_html->type == SourceType::html);
  CHECK_FALSE(k21_html->enabled);
  CHECK(k21_html->scrape.has_value());
}

TEST_CASE("a config with five different errors gets five diagnostics", "[config]") {
  auto cfg = parse_config(R"(daemon:
  intervall: 30m
  timeout: 30
sources:
  - id: a
    type: rss
    url: https://example.org/feed
  - id: a
    type: feed
    url: ftp://example.org/feed
)", "feeds.yaml");
  CHECK(problems(cfg) == std::vector<std::string>{
      "feeds.yaml:2:3: unknown key 'intervall' (did you mean 'interval'?)",
      "feeds.yaml:3:12: timeout: duration '30' has no unit (write e.g. '90s', '30m', '1h30m', '1d')",
      "feeds.yaml:6:11: unknown source type 'rss' (expected 'feed' or 'html')",
      "feeds.yaml:8:9: duplicate source id 'a' (first defined at line 5)",
      "feeds.yaml:10:10: url: unsupported url scheme 'ftp' in 'ftp://example.org/feed' (expected http or https)",
  });
}

TEST_CASE("an unreadable file is one diagnostic without a position", "[config]") {
  auto cfg = load_config("/nonexistent/feeds.yaml");
  CHECK(problems(cfg) == std::vector<std::string>{
      "/nonexistent/feeds.yaml: cannot read the file: no such file or directory"});
  auto dir = load_config(KF_TEST_DATA);
  CHECK(problems(dir) == std::vector<std::string>{std::string(KF_TEST_DATA) +
                                                  ": cannot read the file: it is a directory"});
}

TEST_CASE("diagnostics print as file:line:col: message, without position when unknown", "[config]") {
  CHECK(Diagnostic{"feeds.yaml", 12, 5, "unknown key 'x'"}.str() == "feeds.yaml:12:5: unknown key 'x'");
  CHECK(Diagnostic{"feeds.yaml", 0, 0, "the file is empty"}.str() == "feeds.yaml: the file is empty");
}

TEST_CASE("source types print as their feeds.yaml names", "[config]") {
  CHECK(to_string(SourceType::feed) == "feed");
  CHECK(to_string(SourceType::html) == "html");
}
