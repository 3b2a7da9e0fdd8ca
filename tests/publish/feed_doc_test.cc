#include "publish/feed_doc.h"

#include <catch2/catch.hpp>

#include "fixtures.h"

using namespace kf::publish;

TEST_CASE("image types are guessed from the file extension", "[publish]") {
  CHECK(image_type("https://x.de/a.png") == "image/png");
  CHECK(image_type("https://x.de/a.JPG?w=800") == "image/jpeg");
  CHECK(image_type("https://x.de/a.gif#top") == "image/gif");
  CHECK(image_type("https://x.de/a.webp") == "image/webp");
  CHECK(image_type("https://x.de/logo.svg") == "image/svg+xml");
  CHECK(image_type("https://x.de/bild") == "image/jpeg");
  CHECK(image_type("https://x.de/v1.2/bild") == "image/jpeg");
}

TEST_CASE("xml_safe drops control characters and repairs broken UTF-8", "[publish]") {
  CHECK(xml_safe("plain text\twith\nbreaks\r") == "plain text\twith\nbreaks\r");
  CHECK(xml_safe(std::string("a\x01"
                             "b\x0b"
                             "c\x7f"
                             "d",
                             7)) == "abcd");
  CHECK(xml_safe(std::string("a\0b", 3)) == "ab");
  CHECK(xml_safe("\xc2\x85x") == "x");          // C1 control NEL
  CHECK(xml_safe("\xef\xbf\xbfx") == "x");      // U+FFFF
  CHECK(xml_safe("Ä\xff") == "Ä\xEF\xBF\xBD");  // invalid byte -> U+FFFD
  CHECK(xml_safe("Grüße – „Zitat“ 😀") == "Grüße – „Zitat“ 😀");
}

TEST_CASE("published falls back to first seen and updated never precedes it", "[publish]") {
  kf::Article a;
  a.first_seen = kf::test::kJan7;
  CHECK(published_of(a) == kf::test::kJan7);
  CHECK(updated_of(a) == kf::test::kJan7);
  a.published = kf::test::kJan7 - std::chrono::hours(1);
  a.updated = kf::test::kJan7 - std::chrono::hours(2);
  CHECK(updated_of(a) == kf::test::kJan7 - std::chrono::hours(1));
  a.updated = kf::test::kJan7 + std::chrono::hours(2);
  CHECK(updated_of(a) == kf::test::kJan7 + std::chrono::hours(2));
}

TEST_CASE("the feed's updated is the newest entry update, else the fallback", "[publish]") {
  auto entries = kf::test::entry_kinds();
  CHECK(newest_update(entries, kf::Timestamp{}) == kf::test::kJan7);
  CHECK(newest_update({}, kf::test::kJan7) == kf::test::kJan7);
}

TEST_CASE("paging links use ?page=N beyond the first page", "[publish]") {
  std::string base = "http://h/feeds/x.atom";
  CHECK(paging_links(base, 1, false) == PagingLinks{base, "", "", ""});
  CHECK(paging_links(base, 1, true) == PagingLinks{base, "", base + "?page=2", ""});
  CHECK(paging_links(base, 2, true) == PagingLinks{base, base, base + "?page=3", ""});
  CHECK(paging_links(base, 5, false) == PagingLinks{base, base + "?page=4", "", ""});
}
