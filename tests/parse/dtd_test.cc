#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "parse/dtd.h"
#include "parse/parse.h"
#include "parse/xml_reader.h"

using kf::parse::DeclaredEntities;
using kf::parse::expand_entities;

TEST_CASE("only plain text general entities of the internal subset are declared", "[parse]") {
  const auto d = DeclaredEntities::read(
      "\xEF\xBB\xBF<?xml version='1.0'?><!-- c --><!DOCTYPE r SYSTEM \"x[y\" [\n"
      "<!ENTITY a 'one'><!ENTITY b \"t&amp;\"><!ENTITY c 'x<y'><!ENTITY % d 'pe'>\n"
      "<!ELEMENT r (#PCDATA)><!ATTLIST r v CDATA \"<!ENTITY e 'no'>\">%d;\n"
      "<!ENTITY f SYSTEM 'f.ent'><!ENTITY g.h-i 'dotted'><!ENTITY a 'two'>]><r/>");
  CHECK(d.size() == 2);
  REQUIRE(d.find("a") != nullptr);
  CHECK(*d.find("a") == "one");
  REQUIRE(d.find("g.h-i") != nullptr);
  CHECK(*d.find("g.h-i") == "dotted");
  for (const char* absent : {"b", "c", "d", "e", "f"}) CHECK(d.find(absent) == nullptr);
}

TEST_CASE("a DOCTYPE after the root or without a subset declares nothing", "[parse]") {
  CHECK(DeclaredEntities::read("<r/><!DOCTYPE r [<!ENTITY a 'x'>]>").empty());
  CHECK(DeclaredEntities::read("<!DOCTYPE r SYSTEM 'r.dtd'><r/>").empty());
  CHECK(DeclaredEntities::read("<!DOCTYPE r [<!ENTITY a 'x'").empty());
}

TEST_CASE("declared entities expand as text and are not counted as repairs", "[parse]") {
  const auto d = DeclaredEntities::read("<!DOCTYPE r [<!ENTITY q '\"quoted\" > ok'><!ENTITY nbsp 'own'>]>");
  std::string s = "<!DOCTYPE r [<!ENTITY q '\"quoted\" > ok'><!ENTITY nbsp 'own'>]><r a=\"&q;\">&q;&nbsp;&auml;</r>";
  bool capped = true;
  CHECK(expand_entities(s, &d, &capped) == 1);
  CHECK_FALSE(capped);
  CHECK(s.ends_with("<r a=\"&quot;quoted&quot; &gt; ok\">&quot;quoted&quot; &gt; ok"
                    "own\xC3\xA4</r>"));
}

TEST_CASE("declared entity expansion stops at the cap and says so", "[parse]") {
  const std::string value(1000, 'x');
  std::string doc = "<!DOCTYPE rss [<!ENTITY big '" + value + "'>]><rss><channel><item><title>";
  for (int i = 0; i < 2000; ++i) doc += "&big;";  // 2 MB if all were expanded
  doc += "</title></item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  const auto feed = kf::parse::parse_feed({doc, "https://example.org/f", ""});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  REQUIRE(feed);
  REQUIRE(feed->items.size() == 1);
  const std::string& title = feed->items[0].title;
  CHECK(title.size() < DeclaredEntities::kMaxExpansion + 10 * 5000);
  CHECK(title.starts_with(value));
  CHECK(title.ends_with("&big;"));
  CHECK(feed->recovered);
  CHECK(feed->warnings == std::vector<std::string>{
                              "xml: expansion of DTD-declared entities stopped at 1048576 bytes"});
}
