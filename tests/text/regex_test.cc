#include <catch2/catch.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "text/regex.h"

using kf::text::Regex;

namespace {

Regex compiled(std::string_view pattern, unsigned flags = Regex::none) {
  auto rx = Regex::compile(pattern, flags);
  REQUIRE(rx);
  return std::move(*rx);
}

}  // namespace

TEST_CASE("A capture group gives the text it matched", "[text]") {
  const Regex rx = compiled(R"(^\[[0-9.]+\]\s*(.*?)\s*mehr\.\.\.$)");
  CHECK(rx.capture_count() == 1);
  CHECK(rx.first_capture("[12.03.2025] Die Stadt startet ihr Portal.  mehr...") ==
        std::optional<std::string_view>("Die Stadt startet ihr Portal."));
}

TEST_CASE("Group 0 is the whole match and groups count from 1", "[text]") {
  const Regex rx = compiled(R"((\d+)\.(\d+)\.(\d{4}))");
  CHECK(rx.capture_count() == 3);
  const std::string_view text = "Stand: 7.11.2025, aktualisiert";
  CHECK(rx.first_capture(text, 0) == std::optional<std::string_view>("7.11.2025"));
  CHECK(rx.first_capture(text, 2) == std::optional<std::string_view>("11"));
  CHECK(rx.first_capture(text, 3) == std::optional<std::string_view>("2025"));
  CHECK_FALSE(rx.first_capture(text, 4));
}

TEST_CASE("No match gives nullopt and search false", "[text]") {
  const Regex rx = compiled(R"(\(Bildquelle: (.*)\))");
  CHECK_FALSE(rx.first_capture("Foto: Stadt Ulm"));
  CHECK_FALSE(rx.search("Foto: Stadt Ulm"));
  CHECK_FALSE(rx.search(""));
  CHECK(rx.search("Ein Bild (Bildquelle: Stadt Ulm)"));
}

TEST_CASE("A group that took no part in the match gives nullopt, an empty one an empty view", "[text]") {
  const Regex rx = compiled("(a)|(b)()");
  REQUIRE(rx.first_capture("b", 0));
  CHECK_FALSE(rx.first_capture("b", 1));
  CHECK(rx.first_capture("b", 2) == std::optional<std::string_view>("b"));
  CHECK(rx.first_capture("b", 3) == std::optional<std::string_view>(""));
}

TEST_CASE("An invalid pattern is an error with its byte offset", "[text]") {
  auto open = Regex::compile("(ozg|egov");
  REQUIRE_FALSE(open);
  CHECK(open.error().message == "unmatched parenthesis");
  CHECK(open.error().offset == 9);
  auto repeat = Regex::compile("ab|*c");
  REQUIRE_FALSE(repeat);
  CHECK(repeat.error().message == "nothing to repeat before '*', '+', '?' or '{'");
  CHECK(repeat.error().offset == 3);
  auto bracket = Regex::compile("x[a-");
  REQUIRE_FALSE(bracket);
  CHECK(bracket.error().message == "unmatched '['");
  auto quantifier = Regex::compile("a{3,1}");
  REQUIRE_FALSE(quantifier);
  CHECK(quantifier.error().message == "invalid repetition count in '{}'");
}

TEST_CASE("Dot and classes take whole UTF-8 characters", "[text]") {
  const Regex rx = compiled("^(.{3})");
  CHECK(rx.first_capture("Übergabe") == std::optional<std::string_view>("Übe"));
  const Regex umlaut = compiled("Gr([äöü])ße");
  CHECK(umlaut.first_capture("Große Grüße") == std::optional<std::string_view>("ü"));
}

TEST_CASE("Broken UTF-8 in the text is searched around, not an error", "[text]") {
  const Regex rx = compiled("(Portal)");
  CHECK(rx.first_capture("Das \xFF\xFE Portal") == std::optional<std::string_view>("Portal"));
  CHECK_FALSE(compiled("x.y").search("x\xC3y"));  // '.' never matches an invalid byte
}

TEST_CASE("A pattern that is not UTF-8 does not compile", "[text]") {
  CHECK_FALSE(Regex::compile("ab\xFF"));
}

TEST_CASE("The icase flag folds ASCII and Unicode letters", "[text]") {
  const Regex rx = compiled("schlüssel(wort)", Regex::icase);
  CHECK(rx.first_capture("Das SCHLÜSSELWORT steht hier") == std::optional<std::string_view>("WORT"));
  CHECK(compiled("digitali(s|z)iert", Regex::icase).search("DIGITALISIERT"));
  CHECK(compiled("straße", Regex::icase).search("STRAẞE"));
  CHECK_FALSE(compiled("schlüsselwort").search("SCHLÜSSELWORT"));
}

TEST_CASE("A catastrophic pattern stops at the backtracking limit and reports no match", "[text]") {
  const Regex rx = compiled("^(a+)+$");
  const std::string text = std::string(40, 'a') + "b";
  CHECK_FALSE(rx.search(text));
  CHECK(rx.search(std::string(40, 'a')));
}

TEST_CASE("One Regex can be searched from several threads at once", "[text]") {
  const Regex rx = compiled(R"(Nr\. (\d+))");
  std::vector<int> hits(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      const std::string text = "Beschluss Nr. " + std::to_string(100 + t);
      for (int i = 0; i < 2000; ++i)
        if (rx.first_capture(text) == std::optional<std::string_view>(std::to_string(100 + t))) ++hits[t];
    });
  for (auto& th : threads) th.join();
  CHECK(hits == std::vector<int>{2000, 2000, 2000, 2000});
}

TEST_CASE("A moved-from Regex matches nothing", "[text]") {
  Regex a = compiled("(x)");
  Regex b = std::move(a);
  CHECK(b.search("x"));
  CHECK_FALSE(a.search("x"));  // NOLINT(bugprone-use-after-move): the documented state
}
