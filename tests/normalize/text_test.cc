#include <catch2/catch.hpp>

#include "normalize/text.h"
#include "text/whitespace.h"

using kf::TextType;
using kf::text::collapse_whitespace;
using kf::normalize::plain_text;

TEST_CASE("whitespace, also non-breaking, collapses to single spaces", "[normalize]") {
  CHECK(collapse_whitespace("  a \t\n b\xC2\xA0\xC2\xA0" "c  ") == "a b c");
  CHECK(collapse_whitespace("") == "");
  CHECK(collapse_whitespace(" \n ") == "");
}

TEST_CASE("an html title loses its tags and keeps its text", "[normalize]") {
  CHECK(plain_text("<b>Bremen</b>: Neue <i>Digitalstrategie</i>", TextType::html) ==
        "Bremen: Neue Digitalstrategie");
}

TEST_CASE("an html title has its references decoded", "[normalize]") {
  CHECK(plain_text("M&uuml;nchen &amp; K&ouml;ln &#8211; &bdquo;OZG&ldquo;", TextType::html) ==
        "München & Köln – „OZG“");
}

TEST_CASE("a bare ampersand or less-than in an html title stays text", "[normalize]") {
  CHECK(plain_text("AT&T", TextType::html) == "AT&T");
  CHECK(plain_text("5 < 6", TextType::html) == "5 < 6");
}

TEST_CASE("a plain-text title keeps markup characters literally", "[normalize]") {
  CHECK(plain_text("Use <b> for &amp;", TextType::text) == "Use <b> for &amp;");
}

TEST_CASE("script inside an html title is not text", "[normalize]") {
  CHECK(plain_text("Hallo<script>alert(1)</script> Welt", TextType::html) == "Hallo Welt");
}

TEST_CASE("an html title breaks words at block tags and decodes legacy references", "[normalize]") {
  CHECK(plain_text("Stra&szlig;e<br>Nr.&nbsp;5 &amp Co<p>Neu</p>", TextType::html) ==
        "Straße Nr. 5 & Co Neu");
}
