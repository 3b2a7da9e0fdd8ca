#include <catch2/catch.hpp>

#include "normalize/identity.h"

using kf::normalize::article_id;
using kf::normalize::IdentityInput;

TEST_CASE("an http guid identifies by its canonical URL, across sources", "[normalize]") {
  auto a = article_id({.source_id = "a", .guid = "https://www.Kommune21.de/meldung_1.html?utm_source=rss"});
  auto b = article_id({.source_id = "b", .guid = "https://www.kommune21.de/meldung_1.html"});
  REQUIRE(a);
  CHECK(*a == *b);
  CHECK(a->size() == 33);
  CHECK(a->front() == 'k');
}

TEST_CASE("a guid and a link to the same URL give the same id", "[normalize]") {
  CHECK(article_id({.source_id = "feed", .guid = "https://x.de/a"}) ==
        article_id({.source_id = "html", .canonical_link = "https://x.de/a"}));
}

TEST_CASE("an opaque guid is only unique within its source", "[normalize]") {
  CHECK(article_id({.source_id = "a", .guid = "post-17"}) !=
        article_id({.source_id = "b", .guid = "post-17"}));
  CHECK(article_id({.source_id = "a", .guid = "post-17", .title = "x"}) ==
        article_id({.source_id = "a", .guid = "post-17", .title = "y"}));
}

TEST_CASE("a link shared by several items is combined with the date", "[normalize]") {
  IdentityInput first{.source_id = "s", .canonical_link = "https://x.de/", .link_is_shared = true,
                      .title = "Eins", .date = "Mon, 06 Jan 2025 10:00:00 +0100"};
  IdentityInput second = first;
  second.date = "Tue, 07 Jan 2025 10:00:00 +0100";
  CHECK(article_id(first) != article_id(second));
  IdentityInput undated = first;
  undated.date = "";
  IdentityInput undated_other = undated;
  undated_other.title = "Zwei";
  CHECK(article_id(undated) != article_id(undated_other));
}

TEST_CASE("without guid and link the title and date identify, ignoring case and spacing",
          "[normalize]") {
  CHECK(article_id({.source_id = "s", .title = "Neue  CIO", .date = "07.02.2025"}) ==
        article_id({.source_id = "s", .title = "neue CIO", .date = "07.02.2025"}));
  CHECK(article_id({.source_id = "s", .title = "Neue CIO", .date = "07.02.2025"}) !=
        article_id({.source_id = "s", .title = "Neue CIO", .date = "08.02.2025"}));
}

TEST_CASE("an item with nothing to identify it by has no id", "[normalize]") {
  CHECK_FALSE(article_id({.source_id = "s"}));
  CHECK_FALSE(article_id({.source_id = "s", .date = "07.02.2025"}));
}
