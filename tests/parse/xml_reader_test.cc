#include <catch2/catch.hpp>

#include <string>

#include "parse/xml_reader.h"

using kf::parse::expand_entities;

TEST_CASE("expand_entities replaces HTML named references outside CDATA and comments", "[parse]") {
  std::string s = "<a t=\"&eacute;\">&nbsp;&auml;&amp;&lt;&unknown;<![CDATA[&nbsp;]]><!-- &auml; --></a>";
  CHECK(expand_entities(s) == 3);
  CHECK(s == "<a t=\"\xC3\xA9\">\xC2\xA0\xC3\xA4&amp;&lt;&unknown;<![CDATA[&nbsp;]]><!-- &auml; --></a>");
}

TEST_CASE("expand_entities keeps markup characters of HTML entities escaped", "[parse]") {
  std::string s = "<a>&LT;&AMP;&QUOT;</a>";
  CHECK(expand_entities(s) == 3);
  CHECK(s == "<a>&lt;&amp;&quot;</a>");
}

TEST_CASE("expand_entities fixes numeric references XML or HTML read differently", "[parse]") {
  std::string s = "<a>&#0;&#x110000;&#xD800;&#150;&#x41;&#1234567890123;</a>";
  CHECK(expand_entities(s) == 4);
  CHECK(s == "<a>\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xE2\x80\x93&#x41;&#1234567890123;</a>");
}

TEST_CASE("expand_entities leaves a document without candidates untouched", "[parse]") {
  std::string s = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e '&nbsp;'>]><a>R&D & more</a>";
  const std::string before = s;
  CHECK(expand_entities(s) == 0);
  CHECK(s == before);
}

TEST_CASE("XmlReader reports line and column when nothing could be read", "[parse]") {
  kf::parse::XmlReader reader;
  CHECK_FALSE(reader.load("\n\n  <", ""));
  CHECK(reader.error() == "3:3: Could not determine tag type");
}
