#include "store/fts_text.h"

#include <catch2/catch.hpp>

using kf::store::fts_literal_query;
using kf::store::html_to_index_text;

TEST_CASE("Index text drops tags but keeps words apart", "[store]") {
  CHECK(html_to_index_text("<p>Hallo<br>Welt</p>") == " Hallo Welt ");
  CHECK(html_to_index_text("<a href=\"https://x.example/\" title='t'>Link</a>") == " Link ");
}

TEST_CASE("Index text drops scripts, styles and comments", "[store]") {
  CHECK(html_to_index_text("a<script>var x = '<p>';</script>b") == "a b");
  CHECK(html_to_index_text("a<STYLE type=\"text/css\">p{}</STYLE>b") == "a b");
  CHECK(html_to_index_text("a<!-- <p>hidden</p> -->b") == "a b");
  CHECK(html_to_index_text("<scripting>kept</scripting>") == " kept ");
}

TEST_CASE("Index text decodes common and numeric entities", "[store]") {
  CHECK(html_to_index_text("A &amp; B &lt;C&gt; &quot;D&quot; &#39;E&#39;") ==
        "A & B <C> \"D\" 'E'");
  CHECK(html_to_index_text("Stra&#223;e &#xFC;ber&nbsp;alles") == "Straße über alles");
  CHECK(html_to_index_text("AT&T &unknown; &#xZZ;") == "AT&T &unknown; &#xZZ;");
}

TEST_CASE("A query quotes every term and escapes quotes", "[store]") {
  CHECK(fts_literal_query("open data") == "\"open\" \"data\"");
  CHECK(fts_literal_query("  a OR\tb  ") == "\"a\" \"OR\" \"b\"");
  CHECK(fts_literal_query("say\"hi\"") == "\"say\"\"hi\"\"\"");
  CHECK(fts_literal_query("*") == "\"*\"");
  CHECK(fts_literal_query(" \n ").empty());
}
