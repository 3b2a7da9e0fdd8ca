#include <catch2/catch.hpp>

#include <string>

#include "parse/dtd.h"
#include "parse/entities.h"

using kf::parse::expand_entities;

TEST_CASE("expand_entities handles replacements longer than their reference", "[parse]") {
  // &nGt; (5 bytes) is six bytes of UTF-8: first with no room freed before it,
  // then after &auml; (6 bytes → 2) freed enough.
  std::string grows = "<a>&nGt;&nbsp;x&nGt;</a>";
  CHECK(expand_entities(grows) == 3);
  CHECK(grows == "<a>\xE2\x89\xAB\xE2\x83\x92\xC2\xA0x\xE2\x89\xAB\xE2\x83\x92</a>");
  std::string absorbed = "<a>&auml;&nGt;y</a>";
  CHECK(expand_entities(absorbed) == 2);
  CHECK(absorbed == "<a>\xC3\xA4\xE2\x89\xAB\xE2\x83\x92y</a>");
}

TEST_CASE("expand_entities finds CDATA, comments and PIs at any offset", "[parse]") {
  for (std::size_t pad = 0; pad < 40; ++pad) {
    CAPTURE(pad);
    const std::string lead(pad, 'x');
    std::string s = lead + "<![CDATA[&nbsp;]]>&nbsp;<!--&auml;--><?pi &euro;?>&euro;";
    CHECK(expand_entities(s) == 2);
    CHECK(s == lead + "<![CDATA[&nbsp;]]>\xC2\xA0<!--&auml;--><?pi &euro;?>\xE2\x82\xAC");
  }
}

TEST_CASE("expand_entities passes over XML references and finds the HTML ones among them", "[parse]") {
  // Runs of &lt; &amp; &quot; around an &nbsp;, a truncated "&quot" and a
  // bare '&', at every offset against the 16- and 32-byte block scans.
  for (std::size_t pad = 0; pad < 70; ++pad) {
    CAPTURE(pad);
    const std::string lead(pad, 'x');
    std::string s = lead + "&lt;p&gt;&amp;&quot;a&apos;&nbsp;&quot b & c&lt;&amp;&lt;&amp;&lt;&amp;&uuml;&lt;";
    CHECK(expand_entities(s) == 2);
    CHECK(s == lead + "&lt;p&gt;&amp;&quot;a&apos;\xC2\xA0&quot b & c&lt;&amp;&lt;&amp;&lt;&amp;\xC3\xBC&lt;");
  }
}

TEST_CASE("expand_entities expands declared entities but not inside the DOCTYPE", "[parse]") {
  std::string s = "<!DOCTYPE r [<!ENTITY e 'a<b'><!-- &e; -->]><r>&e;&amp;&e;</r>";
  const std::string before = s;
  const auto declared = kf::parse::DeclaredEntities::read(s);
  bool capped = true;
  // A value with '<' is not kept (dtd.h), so only a plain one expands.
  CHECK(expand_entities(s, &declared, &capped) == 0);
  CHECK_FALSE(capped);
  CHECK(s == before);
  std::string t = "<!DOCTYPE r [<!ENTITY e 'x&quot;'><!ENTITY f 'long value'>]><r>&f;<![CDATA[&f;]]>&f;</r>";
  const auto plain = kf::parse::DeclaredEntities::read(t);
  CHECK(expand_entities(t, &plain, &capped) == 0);
  CHECK(t == "<!DOCTYPE r [<!ENTITY e 'x&quot;'><!ENTITY f 'long value'>]><r>long value<![CDATA[&f;]]>long value</r>");
}
