// The published formats checked by the programs readers trust: the W3C Feed
// Validation Service's own code (offline) and Python's feedparser.
#include <catch2/catch.hpp>
#include <string>

#include "fixtures.h"
#include "publish/atom.h"
#include "publish/rss.h"
#include "support/feed_check.h"
#include "support/process.h"

using kf::test::feedparser_summary;
using kf::test::validate_feed;

TEST_CASE("a realistic atom page passes the W3C feed validator without warnings", "[publish]") {
  kf::test::TempDir dir;
  auto doc = kf::test::feed_doc(kf::test::realistic_entries(30), "atom", 2, true);
  auto path = dir.write("all.atom", kf::publish::render_atom(doc));
  auto ev = validate_feed(path, doc.self_url);
  INFO(ev.output);
  CHECK(ev.errors.empty());
  CHECK(ev.warnings.empty());
  CHECK(ev.exit_code == 0);
}

TEST_CASE("a realistic rss page passes the W3C feed validator without warnings", "[publish]") {
  kf::test::TempDir dir;
  auto doc = kf::test::feed_doc(kf::test::realistic_entries(30), "rss", 2, true);
  auto path = dir.write("all.rss", kf::publish::render_rss(doc));
  auto ev = validate_feed(path, doc.self_url);
  INFO(ev.output);
  CHECK(ev.errors.empty());
  CHECK(ev.warnings.empty());
  CHECK(ev.exit_code == 0);
}

// The warnings hostile text earns by design: markup-like characters in plain
// text fields ("<script>" in a title is the title) and U+FFFD, which stands
// for bytes a source sent in a broken encoding.
bool expected_hostile_warning(const std::string& line) {
  return line.starts_with("WARN ContainsHTML ") ||
         line.starts_with("WARN ContainsUndeclaredHTML ") ||
         line.starts_with("WARN BadCharacters ");
}

TEST_CASE("hostile text gives no validator error in atom or rss", "[publish]") {
  kf::test::TempDir dir;
  auto entries = kf::test::hostile_kinds();
  auto atom_doc = kf::test::feed_doc(entries, "atom");
  auto rss_doc = kf::test::feed_doc(entries, "rss");
  for (const auto& [path, self] :
       {std::pair{dir.write("h.atom", kf::publish::render_atom(atom_doc)), atom_doc.self_url},
        std::pair{dir.write("h.rss", kf::publish::render_rss(rss_doc)), rss_doc.self_url}}) {
    auto ev = validate_feed(path, self);
    INFO(ev.output);
    CHECK(ev.errors.empty());
    CHECK(ev.exit_code != 2);
    for (const auto& w : ev.warnings) CHECK(expected_hostile_warning(w));
    CHECK(feedparser_summary(path).starts_with("0 2 "));
  }
}

TEST_CASE("feedparser reads every format of a realistic page without complaint", "[publish]") {
  kf::test::TempDir dir;
  auto entries = kf::test::realistic_entries(30);
  auto atom = dir.write("all.atom", kf::publish::render_atom(kf::test::feed_doc(entries, "atom")));
  auto rss = dir.write("all.rss", kf::publish::render_rss(kf::test::feed_doc(entries, "rss")));
  CHECK(feedparser_summary(atom) == "0 30 atom10\n");
  CHECK(feedparser_summary(rss) == "0 30 rss20\n");
  // feedparser 6.0.10 (Debian 12) has no JSON Feed parser; json_feed_test.cc
  // checks that format against the spec instead.
}
