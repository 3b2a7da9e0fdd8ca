// Selector health bookkeeping of an html source (update_selector_health):
// which checks of which page set or clear the source's broken mark.
#include <catch2/catch.hpp>

#include "app/html_source.h"
#include "support/process.h"

using kf::SourceState;
using kf::app::HtmlPage;
using kf::app::update_selector_health;

namespace {

// A page that checked `checked` and found it (`matched`), under rules that
// track `tracked`.
HtmlPage page_checking(const std::string& checked, bool matched, std::vector<std::string> tracked) {
  HtmlPage page;
  page.page_url = "https://www.example.org/meldungen/";
  page.checked_rule = checked;
  page.checks_article = checked == "article.title";
  if (!matched) page.unmatched_rule = checked;
  page.tracked_rules = std::move(tracked);
  return page;
}

// The broken mark after `page` was checked with the source marked `broken`.
std::string broken_after(const std::string& broken, const HtmlPage& page) {
  kf::test::TempDir dir;
  auto store = kf::Store::open(dir.path() + "/kf.db");
  REQUIRE(store);
  SourceState state;
  state.source_id = "kommune21";
  state.broken_rule = broken;
  update_selector_health(*store, page, state);
  return state.broken_rule;
}

const std::vector<std::string> kListAndTitle = {"list.item", "article.title"};

TEST_CASE("A matching check clears the broken mark of that very rule only", "[app][scrape]") {
  CHECK(broken_after("article.title", page_checking("article.title", true, kListAndTitle)).empty());
  CHECK(broken_after("list.item", page_checking("list.item", true, kListAndTitle)).empty());
  // The listing matching says nothing about article pages, and back.
  CHECK(broken_after("article.title", page_checking("list.item", true, kListAndTitle)) ==
        "article.title");
  CHECK(broken_after("list.item", page_checking("article.title", true, kListAndTitle)) ==
        "list.item");
}

TEST_CASE("A broken mark of a rule the source no longer has is cleared", "[app][scrape]") {
  // The admin removed the list block: the page is checked as an article now.
  CHECK(broken_after("list.item", page_checking("article.title", true, {"article.title"})).empty());
  // The title rule was renamed by moving it: the old mark goes.
  CHECK(broken_after("article.title", page_checking("list.item", true, {"list.item", "article.h1"}))
            .empty());
}

TEST_CASE("A rule that never matched on a source without articles does not mark it broken",
          "[app][scrape]") {
  CHECK(broken_after("", page_checking("list.item", false, kListAndTitle)).empty());
}

}  // namespace
