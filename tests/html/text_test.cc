#include <catch2/catch.hpp>

#include "html/text.h"

using kf::html::fragment_text;

TEST_CASE("Fragment text keeps inline text together and breaks words at blocks", "[html][text]") {
  CHECK(fragment_text("<b>Bre</b>men<p>Neue</p>Strategie<br>jetzt") == "Bremen Neue Strategie jetzt");
}

TEST_CASE("Fragment text decodes references and collapses whitespace", "[html][text]") {
  CHECK(fragment_text("  M&uuml;nchen&nbsp;&amp;\n\tK&ouml;ln &#8211; AT&T  ") == "München & Köln – AT&T");
}

TEST_CASE("Fragment text leaves out dropped elements and comments", "[html][text]") {
  CHECK(fragment_text("a<script>b</script><style>c</style><!-- d -->e<svg><text>f</text></svg>") == "ae");
  CHECK(fragment_text("<head><title>T</title></head>Body") == "Body");
}

TEST_CASE("Fragment text keeps the text of unwrapped raw-text elements", "[html][text]") {
  CHECK(fragment_text("<xmp><b>x</b></xmp>") == "<b>x</b>");
}

TEST_CASE("Fragment text of plain text is that text", "[html][text]") {
  CHECK(fragment_text("5 < 6 and 7 > 3") == "5 < 6 and 7 > 3");
  CHECK(fragment_text("") == "");
}
