// Broken files, daemon and publish sections: each case is a broken feeds.yaml
// and the exact diagnostics it must produce, in order. Diagnostics are what an
// admin reads, so their wording is tested.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"


TEST_CASE("a yaml syntax error is reported at its position", "[config]") {
  CHECK(diagnostics(R"(sources:
  - id: a
    tags: [x, y
    type: feed
)") == Lines{"feeds.yaml:4:9: yaml syntax error: end of sequence flow not found"});
}

TEST_CASE("an empty file says what it needs", "[config]") {
  CHECK(diagnostics("") == Lines{"feeds.yaml: the file is empty (it needs at least a 'sources' list)"});
}

TEST_CASE("a file of only comments counts as empty", "[config]") {
  CHECK(diagnostics("# nothing here\n# yet\n") ==
        Lines{"feeds.yaml: the file is empty (it needs at least a 'sources' list)"});
}

TEST_CASE("a top level that is not a mapping is refused", "[config]") {
  CHECK(diagnostics("- id: a\n  type: feed\n") ==
        Lines{"feeds.yaml:1:1: expected a mapping with 'daemon', 'publish' and 'sources' at the top "
              "level, got a list"});
}

TEST_CASE("a file without sources is refused at the top", "[config]") {
  CHECK(diagnostics("# settings\ndaemon:\n  interval: 1h\n") ==
        Lines{"feeds.yaml:2:1: missing required key 'sources' (the list of feeds and pages to follow)"});
}

TEST_CASE("an empty source list is refused", "[config]") {
  CHECK(diagnostics("sources: []\n") ==
        Lines{"feeds.yaml:1:10: sources: the list is empty (add at least one source)"});
}

TEST_CASE("sources given as a mapping is a type error", "[config]") {
  CHECK(diagnostics(R"(sources:
  kommune21:
    type: feed
)") == Lines{"feeds.yaml:2:3: sources: expected a list, got a mapping"});
}

TEST_CASE("a misspelt top-level key gets a suggestion", "[config]") {
  CHECK(diagnostics(R"(source:
  - id: a
)") == Lines{"feeds.yaml:1:1: unknown key 'source' (did you mean 'sources'?)",
             "feeds.yaml:1:1: missing required key 'sources' (the list of feeds and pages to follow)"});
}

TEST_CASE("bad and zero durations are reported with examples", "[config]") {
  CHECK(diagnostics(R"(daemon:
  interval: 0m
  timeout: 5x
sources:
  - id: a
    type: feed
    url: https://example.org/feed
    interval: -5m
)") == Lines{"feeds.yaml:2:13: interval: duration '0m' must be greater than zero (write e.g. '90s', '30m', "
             "'1h30m', '1d')",
             "feeds.yaml:3:12: timeout: duration '5x' is not a duration (write e.g. '90s', '30m', '1h30m', '1d')",
             "feeds.yaml:8:15: interval: duration '-5m' is not a duration (write e.g. '90s', '30m', '1h30m', "
             "'1d')"});
}

TEST_CASE("bad sizes are reported with examples", "[config]") {
  CHECK(diagnostics(R"(daemon:
  max_body: 10 MB
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:2:13: max_body: size '10 MB' is not a size (write e.g. '512KiB', '10MiB', '1GiB', "
             "'100KB' or bytes)"});
}

TEST_CASE("an output naming an unknown source gets a suggestion", "[config]") {
  CHECK(diagnostics(R"(publish:
  outputs:
    - id: k
      sources: [kommune-21, behoerden]
sources:
  - id: kommune21
    type: feed
    url: https://example.org/feed
)") == Lines{"feeds.yaml:4:17: unknown source 'kommune-21' (did you mean 'kommune21'?)",
             "feeds.yaml:4:29: unknown source 'behoerden' (no source has this id)"});
}

TEST_CASE("an output tag no source carries is reported", "[config]") {
  CHECK(diagnostics(R"(publish:
  outputs:
    - id: k
      tags: [fachmedium]
sources:
  - id: a
    type: feed
    url: https://example.org/feed
    tags: [fachmedien]
)") == Lines{"feeds.yaml:4:14: unknown tag 'fachmedium' (did you mean 'fachmedien'?)"});
}

TEST_CASE("an output regex must compile", "[config]") {
  CHECK(diagnostics(R"(publish:
  outputs:
    - id: k
      regex: "(ozg|egov"
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:4:14: regex: invalid regular expression '(ozg|egov': unmatched parenthesis"});
}

TEST_CASE("output limit, completeness and teasers are checked", "[config]") {
  CHECK(diagnostics(R"(publish:
  outputs:
    - id: k
      limit: 5000
      completeness: partial
      teasers: "no"
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:4:14: limit: expected an integer from 1 to 1000, got '5000'",
             "feeds.yaml:5:21: unknown completeness 'partial' (expected 'teaser' or 'full')",
             "feeds.yaml:6:16: teasers: expected a boolean (true or false), got 'no'"});
}

TEST_CASE("output ids are checked like source ids", "[config]") {
  CHECK(diagnostics(R"(publish:
  outputs:
    - id: regional
    - id: Regional Bayern
    - id: regional
    - title: no id
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:4:11: invalid output id 'Regional Bayern' (use lower-case letters, digits and '-')",
             "feeds.yaml:5:11: duplicate output id 'regional' (first defined at line 3)",
             "feeds.yaml:6:7: output is missing required key 'id'"});
}

TEST_CASE("the listen address needs a host and a port in range", "[config]") {
  CHECK(diagnostics(R"(daemon:
  listen: localhost
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:2:11: listen: invalid listen address 'localhost' (expected host:port, e.g. "
             "'127.0.0.1:8080')"});
  CHECK(diagnostics(R"(daemon:
  listen: 0.0.0.0:70000
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:2:11: listen: invalid port '70000' in listen address '0.0.0.0:70000' (expected 0 "
             "to 65535; 0 picks a free port)"});
}

TEST_CASE("daemon settings with wrong values are each reported", "[config]") {
  CHECK(diagnostics(R"(daemon:
  log_level: warning
  concurrency: 0
  allow_private_networks: 1
  database:
  per_host:
    concurency: 2
    delay: 1.5s
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:2:14: unknown log level 'warning' (did you mean 'warn'?)",
             "feeds.yaml:3:16: concurrency: expected an integer from 1 to 1000, got '0'",
             "feeds.yaml:4:27: allow_private_networks: expected a boolean (true or false), got '1'",
             "feeds.yaml:5:3: database: expected a string, got nothing",
             "feeds.yaml:7:5: unknown key 'concurency' (did you mean 'concurrency'?)",
             "feeds.yaml:8:12: delay: duration '1.5s' is not a duration (write e.g. '500ms', '90s', '30m', "
             "'1h30m', '1d')"});
}

TEST_CASE("a daemon section that is a list is a type error", "[config]") {
  CHECK(diagnostics(R"(daemon:
  - listen: 127.0.0.1:8080
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:2:3: daemon: expected a mapping, got a list"});
}

TEST_CASE("base_url must be absolute http(s) without query", "[config]") {
  CHECK(diagnostics(R"(publish:
  base_url: /feeds
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:2:13: base_url: invalid url '/feeds' (expected an absolute http or https url)"});
  CHECK(diagnostics(R"(publish:
  base_url: https://example.org/?x=1
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:2:13: base_url: 'https://example.org/?x=1' must not have a query or fragment"});
}

TEST_CASE("an output land in lower case gets the code as suggestion", "[config]") {
  CHECK(diagnostics(R"(publish:
  outputs:
    - id: by
      lands: [de-by, DE-BY]
      ags: [9162, x]
sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
)") == Lines{"feeds.yaml:4:15: unknown land 'de-by' (did you mean 'DE-BY'?)",
             "feeds.yaml:5:19: invalid ags 'x' (expected 1 to 12 digits)"});
}

TEST_CASE("a second yaml document is refused", "[config]") {
  CHECK(diagnostics(R"(sources:
  - {id: a, type: feed, url: "https://example.org/feed"}
---
sources: []
)") == Lines{"feeds.yaml:4:1: a second yaml document starts here ('---'); feeds.yaml holds exactly one"});
}
