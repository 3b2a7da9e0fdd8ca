#include <catch2/catch.hpp>

#include <string>

#include "text/charset.h"
#include "text/encoding.h"

using namespace std::string_literals;
using kf::text::decode;
using kf::text::DocumentKind;

TEST_CASE("decode reads BOM-less bytes without declaration as utf-8", "[text]") {
  const auto d = decode("<rss>\xC3\xA4</rss>", "", DocumentKind::xml);
  CHECK(d.utf8 == "<rss>\xC3\xA4</rss>");
  CHECK(d.charset == "utf-8");
  CHECK(d.source == "default");
  CHECK(d.warnings.empty());
}

TEST_CASE("decode strips a utf-8 BOM and lets it win over the declaration", "[text]") {
  const auto d = decode("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xC3\xA4</a>",
                        "text/xml; charset=koi8-r", DocumentKind::xml);
  CHECK(d.utf8 == "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>\xC3\xA4</a>");
  CHECK(d.source == "bom");
  CHECK(d.charset == "utf-8");
}

TEST_CASE("decode reads UTF-16 and UTF-32 with byte order marks", "[text]") {
  CHECK(decode("\xFF\xFE<\0a\0>\0\xE4\0"s, "", DocumentKind::xml).utf8 == "<a>\xC3\xA4");
  CHECK(decode("\xFE\xFF\0<\0a\0>\0\xE4"s, "", DocumentKind::xml).utf8 == "<a>\xC3\xA4");
  CHECK(decode("\xFF\xFE\0\0<\0\0\0\xE4\0\0\0"s, "", DocumentKind::xml).utf8 == "<\xC3\xA4");
  CHECK(decode("\0\0\xFE\xFF\0\0\0<\0\0\0\xE4"s, "", DocumentKind::xml).charset == "utf-32be");
}

TEST_CASE("decode detects BOM-less UTF-16 XML from its first bytes", "[text]") {
  const std::string le = "<\0?\0x\0m\0l\0 \0?\0>\0<\0a\0/\0>\0"s;
  const auto d = decode(le, "", DocumentKind::xml);
  CHECK(d.utf8 == "<?xml ?><a/>");
  CHECK(d.charset == "utf-16le");
  std::string be = "\0<\0?\0x\0m\0l\0 \0e\0n\0c\0o\0d\0i\0n\0g\0=\0'\0u\0t\0f\0-\0001\0006\0'\0?\0>"s;
  const auto e = decode(be, "", DocumentKind::xml);
  CHECK(e.utf8 == "<?xml encoding='utf-16'?>");
  CHECK(e.charset == "utf-16be");
  CHECK(e.source == "xml-declaration");
}

TEST_CASE("decode maps ISO-8859-1 and US-ASCII labels to windows-1252 with C1 fallbacks", "[text]") {
  const auto d = decode("<?xml version='1.0' encoding='ISO-8859-1'?><a>\x80\x81\xE4\x9D</a>", "",
                        DocumentKind::xml);
  CHECK(d.charset == "windows-1252");
  CHECK(d.source == "xml-declaration");
  CHECK(d.utf8 == "<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE2\x82\xAC\xC2\x81\xC3\xA4\xC2\x9D</a>");
  CHECK(decode("<a>\x93x\x94</a>", "text/xml; charset=us-ascii", DocumentKind::xml).utf8 ==
        "<a>\xE2\x80\x9Cx\xE2\x80\x9D</a>");
}

TEST_CASE("decode prefers the XML declaration over the HTTP charset", "[text]") {
  const auto d = decode("<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>\xC1</a>",
                        "application/rss+xml; charset=utf-8", DocumentKind::xml);
  CHECK(d.charset == "koi8-r");
  CHECK(d.utf8 == "<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>\xD0\xB0</a>");
}

TEST_CASE("decode uses the HTTP charset when the document declares none", "[text]") {
  const auto d = decode("<a>\xA4</a>", "text/xml;charset=\"ISO-8859-15\"", DocumentKind::xml);
  CHECK(d.charset == "iso-8859-15");
  CHECK(d.source == "http");
  CHECK(d.utf8 == "<a>\xE2\x82\xAC</a>");
}

TEST_CASE("decode reads HTML meta charset and http-equiv in the first 1024 bytes", "[text]") {
  const auto a = decode("<html><head><meta charset=windows-1252><title>\x96</title>", "",
                        DocumentKind::html);
  CHECK(a.source == "meta");
  CHECK(a.utf8 == "<html><head><meta charset=windows-1252><title>\xE2\x80\x93</title>");
  const auto b = decode(
      "<html><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=Shift_JIS\">\x82\xA0",
      "text/html; charset=utf-8", DocumentKind::html);
  CHECK(b.charset == "shift_jis");
  CHECK(b.utf8.ends_with("\xE3\x81\x82"));
  const std::string late = "<html>" + std::string(1100, ' ') + "<meta charset=koi8-r>\xC1";
  CHECK(decode(late, "", DocumentKind::html).charset == "utf-8");
}

TEST_CASE("decode reads GB2312 as GBK, Big5 and EUC-JP through iconv", "[text]") {
  CHECK(decode("<?xml version='1.0' encoding='gb2312'?><a>\xC4\xE3</a>", "", DocumentKind::xml).utf8 ==
        "<?xml version='1.0' encoding='gb2312'?><a>\xE4\xBD\xA0</a>");
  CHECK(decode("<a>\xA4\xA4</a>", "text/xml; charset=big5", DocumentKind::xml).utf8 ==
        "<a>\xE4\xB8\xAD</a>");
  CHECK(decode("<a>\xA4\xA2</a>", "text/xml; charset=euc-jp", DocumentKind::xml).utf8 ==
        "<a>\xE3\x81\x82</a>");
}

TEST_CASE("decode replaces bytes invalid in the chosen charset and says how many", "[text]") {
  const auto d = decode("<a>\x82\xA0\xFF!</a>", "text/xml; charset=shift_jis", DocumentKind::xml);
  CHECK(d.utf8 == "<a>\xE3\x81\x82\xEF\xBF\xBD!</a>");
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0] == "encoding: 1 invalid byte sequences in shift_jis replaced with U+FFFD");
  const auto u = decode("<a>\xFF\0x</a>"s, "", DocumentKind::xml);
  CHECK(u.utf8 == "<a>\xEF\xBF\xBDx</a>");
}

TEST_CASE("decode falls back to utf-8 with a warning for an unknown charset", "[text]") {
  const auto d = decode("<?xml version=\"1.0\" encoding=\"bogus\"?><a>\xC3\xA4</a>", "",
                        DocumentKind::xml);
  CHECK(d.charset == "utf-8");
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0] == "encoding: unknown charset \"bogus\" in xml-declaration, read as utf-8");
}

TEST_CASE("decode ignores a UTF-16 declaration in an ASCII-compatible document", "[text]") {
  const auto d = decode("<?xml version=\"1.0\" encoding=\"utf-16\"?><a>\xC3\xA4</a>", "",
                        DocumentKind::xml);
  CHECK(d.charset == "utf-8");
  CHECK(d.utf8.ends_with("<a>\xC3\xA4</a>"));
}

TEST_CASE("canonical_charset normalizes labels and rejects unknown ones", "[text]") {
  CHECK(kf::text::canonical_charset(" \"UTF8\" ") == "utf-8");
  CHECK(kf::text::canonical_charset("latin1") == "windows-1252");
  CHECK(kf::text::canonical_charset("windows_1250") == "windows-1250");
  CHECK(kf::text::canonical_charset("GB2312") == "gbk");
  CHECK(kf::text::canonical_charset("utf-8//TRANSLIT") == std::nullopt);
  CHECK(kf::text::canonical_charset("bogus") == std::nullopt);
  CHECK(kf::text::canonical_charset("") == std::nullopt);
}
