// Runs parse_feed over feedparser's test corpus and the JSON Feed corpus:
// nothing may crash, every result must be valid UTF-8, well-formed feeds
// must parse. Prints the Feed/Error counts per folder.
#include <catch2/catch.hpp>

#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "parse/parse.h"
#include "support/corpus.h"
#include "text/utf8.h"

using kf::test::content_type_of;
using kf::test::read_file;

namespace {

bool all_valid(const kf::Feed& f) {
  bool ok = kf::text::is_valid_utf8(f.title) && kf::text::is_valid_utf8(f.link);
  for (const auto& i : f.items) {
    ok = ok && kf::text::is_valid_utf8(i.title) && kf::text::is_valid_utf8(i.summary) &&
         kf::text::is_valid_utf8(i.content) && kf::text::is_valid_utf8(i.link) &&
         kf::text::is_valid_utf8(i.author);
  }
  return ok;
}

struct Counts {
  int feeds = 0;
  int errors = 0;
  int recovered = 0;
};

}  // namespace

TEST_CASE("every corpus document parses without crashing and yields valid UTF-8", "[parse]") {
  const std::filesystem::path root = KF_SHARED_DIR "/corpora";
  std::map<std::string, Counts> counts;
  std::vector<std::string> wellformed_errors;
  for (const std::string dir : {"feedparser/wellformed", "feedparser/illformed", "feedparser/encoding",
                                "feedparser/entities", "feedparser/http", "jsonfeed"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      const auto ext = entry.path().extension();
      if (ext != ".xml" && ext != ".json" && ext != ".rdf" && ext != ".atom") continue;
      const std::string bytes = read_file(entry.path());
      const auto result = kf::parse::parse_feed(
          {bytes, "http://127.0.0.1/" + entry.path().filename().string(), content_type_of(bytes)});
      Counts& c = counts[dir];
      if (result) {
        ++c.feeds;
        if (result->recovered) ++c.recovered;
        INFO(entry.path().string());
        CHECK(all_valid(*result));
      } else {
        ++c.errors;
        CHECK(result.error().message.starts_with("parse: http://127.0.0.1/"));
        const std::string name = entry.path().filename().string();
        const std::string& message = result.error().message;
        // JSON Feed test files holding only test metadata are no feeds;
        // NaN/Infinity are not JSON.
        const bool expected =
            message.ends_with("not a feed (JSON without JSON Feed members)") ||
            (message.ends_with("invalid JSON") &&
             (name.find("nan") != std::string::npos || name.find("infinity") != std::string::npos));
        if ((dir == "feedparser/wellformed" || dir == "jsonfeed") && !expected) {
          wellformed_errors.push_back(entry.path().string() + ": " + message);
        }
      }
    }
  }
  for (const auto& [dir, c] : counts) {
    std::cout << "corpus " << dir << ": " << c.feeds << " feeds (" << c.recovered
              << " recovered), " << c.errors << " errors\n";
  }
  for (const auto& e : wellformed_errors) std::cout << "  error: " << e << "\n";
  CHECK(counts["feedparser/wellformed"].feeds + counts["feedparser/wellformed"].errors > 1700);
  CHECK(wellformed_errors.empty());
  CHECK(counts["feedparser/wellformed"].recovered == 0);
  CHECK(counts["feedparser/encoding"].errors == 0);
  CHECK(counts["jsonfeed"].feeds > 90);
}
