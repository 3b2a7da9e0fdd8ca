#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "html/char_ref.h"
#include "html/tokenizer.h"
#include "text/escape.h"

using kf::html::Token;
using kf::html::TokenKind;
using kf::html::Tokenizer;
using namespace std::string_literals;

namespace {

// One line per token: <a href=x /> as "<a href='x'/>", text as "'…'", raw text
// as "raw(script)'…'", end tags "</a>", comments "<!…>", doctypes "<!DOCTYPE …>".
std::string dump(std::string_view html) {
  std::string out;
  Tokenizer t(html);
  for (Token tok = t.next(); tok.kind != TokenKind::Eof; tok = t.next()) {
    if (!out.empty()) out += ' ';
    switch (tok.kind) {
      case TokenKind::Text:
        if (tok.raw) out += "raw(" + std::string(tok.name) + ")";
        out += "'" + std::string(tok.text) + "'";
        break;
      case TokenKind::StartTag:
        out += "<" + std::string(tok.name);
        for (const auto& a : tok.attributes)
          out += " " + std::string(a.name) + "='" + std::string(a.value) + "'";
        out += tok.self_closing ? "/>" : ">";
        break;
      case TokenKind::EndTag: out += "</" + std::string(tok.name) + ">"; break;
      case TokenKind::Comment: out += "<!" + std::string(tok.text) + ">"; break;
      case TokenKind::Doctype: out += "<!DOCTYPE" + std::string(tok.name) + ">"; break;
      case TokenKind::Eof: break;
    }
  }
  return out;
}

using Cases = std::vector<std::pair<std::string, std::string>>;

void check_all(const Cases& cases) {
  for (const auto& [input, expected] : cases) {
    INFO("input: " << input);
    CHECK(dump(input) == expected);
  }
}

}  // namespace

TEST_CASE("Data state yields text and treats a lone less-than as text", "[html][tokenizer]") {
  check_all({
      {"", ""},
      {"plain", "'plain'"},
      {"5 < 6", "'5 < 6'"},
      {"a <", "'a <'"},
      {"a </", "'a </'"},
      {"a <1b>", "'a <1b>'"},
      {"x</>y", "'x' 'y'"},
      {"a\0b"s, "'ab'"},
      {"a\r\nb\rc", "'a\nb\nc'"},
  });
}

TEST_CASE("Tag open and tag name states lower-case names and keep odd characters", "[html][tokenizer]") {
  check_all({
      {"<P>x</P>", "<p> 'x' </p>"},
      {"<scr<script>ipt>", "<scr<script> 'ipt>'"},
      {"<br/>", "<br/>"},
      {"<br />", "<br/>"},
      {"<a\tb>", "<a b=''>"},
      {"<x\0y>"s, "<x\xEF\xBF\xBDy>"},
      {"</p foo=bar>", "</p>"},
      {"<p", ""},
      {"a<p class=", "'a'"},
  });
}

TEST_CASE("Attribute states read quoted, unquoted and bare values", "[html][tokenizer]") {
  check_all({
      {"<a href=\"x y\">", "<a href='x y'>"},
      {"<a href='x\"y'>", "<a href='x\"y'>"},
      {"<a href=x>", "<a href='x'>"},
      {"<a href = x >", "<a href='x'>"},
      {"<a HREF=x Title=T>", "<a href='x' title='T'>"},
      {"<a href=x href=y>", "<a href='x'>"},
      {"<input disabled>", "<input disabled=''>"},
      {"<a href=>", "<a href=''>"},
      {"<a title=\"a\"href=x>", "<a title='a' href='x'>"},
      {"<a =x>", "<a =x=''>"},
      {"<a b/c>", "<a b='' c=''>"},
      {"<a href=x/>", "<a href='x/'>"},
      {"<a title=\"<b>\">", "<a title='<b>'>"},
      {"<a title=\"x>y\">", "<a title='x>y'>"},
      {"<a href=\"unterminated>x", ""},
  });
}

TEST_CASE("Character references are decoded in text as HTML5 does", "[html][tokenizer]") {
  check_all({
      {"&amp; &lt;&gt; &quot;", "'& <> \"'"},
      {"&amp &lt3 &nbspx", "'& <3 \xC2\xA0x'"},
      {"&notit; &notin;", "'\xC2\xACit; \xE2\x88\x89'"},
      {"AT&T &unknown; & &;", "'AT&T &unknown; & &;'"},
      {"&#65;&#x42;&#X43", "'ABC'"},
      {"&#x80;&#150;", "'\xE2\x82\xAC\xE2\x80\x93'"},
      {"&#0;&#xD800;&#x110000;&#99999999999;", "'\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD'"},
      {"&#; &#x; &#xg;", "'&#; &#x; &#xg;'"},
      {"&Auml;&auml&ouml;", "'\xC3\x84\xC3\xA4\xC3\xB6'"},
  });
}

TEST_CASE("Character references in attributes keep legacy names before = or letters", "[html][tokenizer]") {
  check_all({
      {"<a href=\"?a=1&copy=2&amp;b=3\">", "<a href='?a=1&copy=2&b=3'>"},
      {"<a href=\"?x&copyz\">", "<a href='?x&copyz'>"},
      {"<a title=\"&copy 2024\">", "<a title='\xC2\xA9 2024'>"},
      {"<a href=\"&#106;ava&#x09;script:\">", "<a href='java\tscript:'>"},
      {"<a title=\"a\0b\">"s, "<a title='a\xEF\xBF\xBD" "b'>"},
  });
}

TEST_CASE("Comment states handle the abrupt and bang forms", "[html][tokenizer]") {
  check_all({
      {"<!-- c -->x", "<! c > 'x'"},
      {"<!---->x", "<!> 'x'"},
      {"<!-->x", "<!> 'x'"},
      {"<!--->x", "<!> 'x'"},
      {"<!-- a --!>x", "<! a > 'x'"},
      {"<!-- a -- b -->x", "<! a -- b > 'x'"},
      {"<!-- <p> -->x", "<! <p> > 'x'"},
      {"<!-- open", "<! open>"},
  });
}

TEST_CASE("Bogus comments swallow up to the next greater-than", "[html][tokenizer]") {
  check_all({
      {"<!x>y", "<!x> 'y'"},
      {"</ x>y", "<! x> 'y'"},
      {"<?php echo 1 ?>y", "<!?php echo 1 ?> 'y'"},
      {"<![CDATA[<b>]]>y", "<![CDATA[<b> ']]>y'"},
      {"</3>y", "<!3> 'y'"},
  });
}

TEST_CASE("Doctypes are recognized case-insensitively", "[html][tokenizer]") {
  check_all({
      {"<!DOCTYPE html>x", "<!DOCTYPE html> 'x'"},
      {"<!doctype html>x", "<!DOCTYPE html> 'x'"},
  });
}

TEST_CASE("Raw-text elements hide markup up to their end tag", "[html][tokenizer]") {
  check_all({
      {"<style>a<b>c</style>d", "<style> raw(style)'a<b>c' </style> 'd'"},
      {"<STYLE>x</StYlE >y", "<style> raw(style)'x' </style> 'y'"},
      {"<style>x</styles></style>", "<style> raw(style)'x</styles>' </style>"},
      {"<style>x</style", "<style> raw(style)'x</style'"},
      {"<iframe><script>x</iframe>", "<iframe> raw(iframe)'<script>x' </iframe>"},
      {"<noscript><img src=x></noscript>", "<noscript> raw(noscript)'<img src=x>' </noscript>"},
      {"<xmp><p>&amp;</xmp>", "<xmp> raw(xmp)'<p>&amp;' </xmp>"},
      {"<noembed>a</noembed><noframes>b</noframes>",
       "<noembed> raw(noembed)'a' </noembed> <noframes> raw(noframes)'b' </noframes>"},
      {"<style></style>x", "<style> </style> 'x'"},
      {"<style>a\0b"s, "<style> raw(style)'a\xEF\xBF\xBD" "b'"},
  });
}

TEST_CASE("RCDATA elements decode references but hide markup", "[html][tokenizer]") {
  check_all({
      {"<title>a &amp; <b>b</b></title>", "<title> raw(title)'a & <b>b</b>' </title>"},
      {"<textarea></textarea><p>", "<textarea> </textarea> <p>"},
  });
}

TEST_CASE("Plaintext makes the rest of the input text", "[html][tokenizer]") {
  check_all({{"<plaintext><p>a</plaintext>", "<plaintext> raw(plaintext)'<p>a</plaintext>'"}});
}

TEST_CASE("Script data follows the escape and double-escape states", "[html][tokenizer]") {
  check_all({
      {"<script>a</script>b", "<script> raw(script)'a' </script> 'b'"},
      {"<script>x='</script>'</script>", "<script> raw(script)'x='' </script> ''' </script>"},
      {"<script><!--<script></script>--></script>x",
       "<script> raw(script)'<!--<script></script>-->' </script> 'x'"},
      {"<script><!--<script></script>y</script>x",
       "<script> raw(script)'<!--<script></script>y' </script> 'x'"},
      {"<script><!-- a --></script>x", "<script> raw(script)'<!-- a -->' </script> 'x'"},
      {"<script><!--></script>x", "<script> raw(script)'<!-->' </script> 'x'"},
  });
}

TEST_CASE("Decoding leaves plain input alone", "[html][tokenizer]") {
  CHECK_FALSE(kf::html::needs_decoding("plain text", kf::html::DecodeMode::Data));
  CHECK(kf::html::needs_decoding("a&b", kf::html::DecodeMode::Data));
  CHECK_FALSE(kf::html::needs_decoding("a&b", kf::html::DecodeMode::RawText));
}

namespace {

// Whether each Text token of `html` is marked plain, as "P" or "-".
std::string plain_marks(std::string_view html) {
  std::string out;
  Tokenizer t(html);
  for (Token tok = t.next(); tok.kind != TokenKind::Eof; tok = t.next())
    if (tok.kind == TokenKind::Text) out += tok.plain ? "P" : "-";
  return out;
}

}  // namespace

TEST_CASE("Text tokens are marked plain only when escaping would not change them", "[html]") {
  CHECK(plain_marks("<p>Stra\xC3\x9F" "e und Pl\xC3\xA4tze</p>") == "P");
  CHECK(plain_marks("<p>a &amp; b</p><p>c</p>") == "-P");
  CHECK(plain_marks("a > b") == "-");
  CHECK(plain_marks("x < y") == "-");
  CHECK(plain_marks("a\x01z") == "-");
  CHECK(plain_marks("a\r\nb") == "-");
  CHECK(plain_marks("tab\tand\nnewline") == "P");
  CHECK(plain_marks("<script>x</script>") == "-");  // raw text is never marked
}

TEST_CASE("Plain text tokens of the feedparser sanitize corpus are their own escaping", "[html]") {
  std::filesystem::path dir = std::filesystem::path(KF_SHARED_DIR) / "corpora/feedparser/wellformed/sanitize";
  REQUIRE(std::filesystem::is_directory(dir));
  std::size_t plain = 0, other = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    const std::string html = content.str();
    Tokenizer t(html);
    for (Token tok = t.next(); tok.kind != TokenKind::Eof; tok = t.next()) {
      if (tok.kind != TokenKind::Text) continue;
      if (!tok.plain) {
        ++other;
        continue;
      }
      ++plain;
      std::string escaped;
      kf::text::append_escaped_text(escaped, tok.text);
      INFO("file: " << entry.path().filename().string());
      CHECK(escaped == tok.text);
      CHECK_FALSE(tok.raw);
    }
  }
  CHECK(plain > 1000);
  CHECK(other > 100);
}
