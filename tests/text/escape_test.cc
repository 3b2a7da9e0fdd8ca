#include <catch2/catch.hpp>

#include <string>

#include "text/escape.h"

using namespace std::string_literals;

namespace {

std::string text(std::string_view s) {
  std::string out = "prefix:";  // appends, never replaces
  kf::text::append_escaped_text(out, s);
  return out;
}

std::string attribute(std::string_view s) {
  std::string out = "prefix:";
  kf::text::append_escaped_attribute(out, s);
  return out;
}

}  // namespace

TEST_CASE("append_escaped_text escapes &, < and > but not quotes", "[text][escape]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"", "prefix:"},
      {"plain Stadt", "prefix:plain Stadt"},
      {"a & b", "prefix:a &amp; b"},
      {"<p>x</p>", "prefix:&lt;p&gt;x&lt;/p&gt;"},
      {"&amp;", "prefix:&amp;amp;"},
      {"\"q\" 'a'", "prefix:\"q\" 'a'"},
      {"M\xC3\xBCnchen", "prefix:M\xC3\xBCnchen"},
  }));
  CHECK(text(input) == expected);
}

TEST_CASE("append_escaped_attribute also escapes double quotes", "[text][escape]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"", "prefix:"},
      {"a\"b&c<d>", "prefix:a&quot;b&amp;c&lt;d&gt;"},
      {"it's", "prefix:it's"},
      {"https://x.de/?a=1&b=2", "prefix:https://x.de/?a=1&amp;b=2"},
  }));
  CHECK(attribute(input) == expected);
}

TEST_CASE("escaping drops C0 controls except tab, LF and CR", "[text][escape]") {
  const auto [input, expected] = GENERATE(table<std::string, std::string>({
      {"a\x01\x0b" "b\tc", "prefix:ab\tc"},
      {"line\r\nnext\n", "prefix:line\r\nnext\n"},
      {"\0x\x1f"s, "prefix:x"},
      {"\x7f", "prefix:\x7f"},
  }));
  CHECK(text(input) == expected);
  CHECK(attribute(input) == expected);
}

TEST_CASE("is_void_element knows exactly the HTML void elements", "[text][escape]") {
  const auto [name, expected] = GENERATE(table<std::string, bool>({
      {"area", true},  {"base", true},   {"br", true},     {"col", true},   {"embed", true},
      {"hr", true},    {"img", true},    {"input", true},  {"link", true},  {"meta", true},
      {"param", true}, {"source", true}, {"track", true},  {"wbr", true},   {"p", false},
      {"div", false},  {"BR", false},    {"brx", false},   {"", false},     {"script", false},
  }));
  CHECK(kf::text::is_void_element(name) == expected);
}
