// Broken sources: each case is a broken feeds.yaml and the exact diagnostics
// it must produce, in order. Diagnostics are what an admin reads, so their
// wording is tested.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"


TEST_CASE("an unknown source key without a near miss lists the valid keys", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    homepage: https://example.org/
)") == Lines{"feeds.yaml:5:5: unknown key 'homepage' (valid here: id, name, type, url, interval, "
             "enabled, tags, land, ags, scrape, ignore_robots)"});
}

TEST_CASE("a misspelt source key gets a suggestion", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    intervall: 1h
    enabeld: false
)") == Lines{"feeds.yaml:5:5: unknown key 'intervall' (did you mean 'interval'?)",
             "feeds.yaml:6:5: unknown key 'enabeld' (did you mean 'enabled'?)"});
}

TEST_CASE("a key repeated in one mapping is an error naming the first", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    url: https://example.org/other
)") == Lines{"feeds.yaml:5:5: duplicate key 'url' (first defined at line 4)"});
}

TEST_CASE("a boolean must be true or false", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    enabled: yes
)") == Lines{"feeds.yaml:5:14: enabled: expected a boolean (true or false), got 'yes'"});
}

TEST_CASE("a single string where a list belongs is a type error", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    tags: fachmedien
)") == Lines{"feeds.yaml:5:11: tags: expected a list, got 'fachmedien' (write [fachmedien])"});
}

TEST_CASE("missing required keys are reported at the source", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    name: Only a name
)") == Lines{"feeds.yaml:2:5: source 'a' is missing required key 'type'",
             "feeds.yaml:2:5: source 'a' is missing required key 'url'"});
}

TEST_CASE("a source without id is reported", "[config]") {
  CHECK(diagnostics(R"(sources:
  - type: feed
    url: https://example.org/feed
)") == Lines{"feeds.yaml:2:5: source is missing required key 'id'"});
}

TEST_CASE("a source id must be lower-case letters, digits and dashes", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: Kommune 21
    type: feed
    url: https://example.org/feed
)") == Lines{"feeds.yaml:2:9: invalid source id 'Kommune 21' (use lower-case letters, digits and '-')"});
}

TEST_CASE("a duplicate source id names the line of the first", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: k21
    type: feed
    url: https://example.org/feed
  - id: k21
    type: html
    url: https://example.org/
)") == Lines{"feeds.yaml:5:9: duplicate source id 'k21' (first defined at line 2)"});
}

TEST_CASE("a url must be absolute http or https", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: www.example.org/feed
  - id: b
    type: feed
    url: feed://example.org/rss
)") == Lines{"feeds.yaml:4:10: url: invalid url 'www.example.org/feed' (expected an absolute http or https url)",
             "feeds.yaml:7:10: url: unsupported url scheme 'feed' in 'feed://example.org/rss' (expected http "
             "or https)"});
}

TEST_CASE("an unknown source type names the two valid ones", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: rss
    url: https://example.org/feed
  - id: b
    type: htm
    url: https://example.org/
)") == Lines{"feeds.yaml:3:11: unknown source type 'rss' (expected 'feed' or 'html')",
             "feeds.yaml:6:11: unknown source type 'htm' (did you mean 'html'?)"});
}

TEST_CASE("a land must be one of the 16 ISO 3166-2 codes", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    land: DE-XX
  - id: b
    type: feed
    url: https://example.org/feed2
    land: by
)") == Lines{"feeds.yaml:5:11: unknown land 'DE-XX' (expected the ISO 3166-2 code of a Land: DE-BW, DE-BY, "
             "DE-BE, DE-BB, DE-HB, DE-HH, DE-HE, DE-MV, DE-NI, DE-NW, DE-RP, DE-SL, DE-SN, DE-ST, DE-SH, DE-TH)",
             "feeds.yaml:9:11: unknown land 'by' (did you mean 'DE-BY'?)"});
}

TEST_CASE("an ags must be 1 to 12 digits", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    ags: 09a62
  - id: b
    type: feed
    url: https://example.org/feed2
    ags: "0916200000001"
)") == Lines{"feeds.yaml:5:10: invalid ags '09a62' (expected 1 to 12 digits)",
             "feeds.yaml:9:10: invalid ags '0916200000001' (expected 1 to 12 digits)"});
}

TEST_CASE("scrape rules belong to html sources only", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: feed
    url: https://example.org/feed
    scrape:
      list: {item: article}
)") == Lines{"feeds.yaml:5:5: scrape: only html sources take scrape rules (this source has type 'feed')"});
}

TEST_CASE("scrape rules must be a mapping", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    type: html
    url: https://example.org/
    scrape: article h2 a
)") == Lines{"feeds.yaml:5:13: scrape: expected a mapping, got 'article h2 a'"});
}

TEST_CASE("a source list item that is not a mapping is a type error", "[config]") {
  CHECK(diagnostics(R"(sources:
  - kommune21
  - id: b
    type: feed
    url: https://example.org/feed
)") == Lines{"feeds.yaml:2:5: source: expected a mapping, got 'kommune21'"});
}

TEST_CASE("an empty string is not a name", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    name: ""
    type: feed
    url: https://example.org/feed
    tags: [ok, ""]
)") == Lines{"feeds.yaml:3:11: name: must not be empty",
             "feeds.yaml:6:16: tags: expected a string for each item, got ''"});
}

TEST_CASE("an interval below daemon.min_interval is refused where it is written", "[config]") {
  CHECK(diagnostics(R"(daemon:
  interval: 30s
sources:
  - id: a
    type: feed
    url: https://example.org/feed
    interval: 45s
  - id: b
    type: feed
    url: https://example.org/other
    interval: 1m
)") == Lines{"feeds.yaml:2:13: interval 30s is shorter than daemon.min_interval (1m); polling a "
             "site more often is impolite",
             "feeds.yaml:7:15: interval 45s is shorter than daemon.min_interval (1m); polling a "
             "site more often is impolite"});
}

TEST_CASE("a lowered daemon.min_interval admits short intervals for tests", "[config]") {
  CHECK(diagnostics(R"(daemon:
  min_interval: 1s
  interval: 2s
sources:
  - id: a
    type: feed
    url: https://example.org/feed
    interval: 1s
)") == Lines{});
}
