#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <string_view>

#include "config/suggest.h"

using kf::config::detail::closest;
using kf::config::detail::edit_distance;

TEST_CASE("edit distance counts insertions, deletions, substitutions and swaps", "[config]") {
  auto [a, b, expected] = GENERATE(table<std::string_view, std::string_view, std::size_t>({
      {"interval", "interval", 0},
      {"Interval", "interval", 0},
      {"intervall", "interval", 1},
      {"intrval", "interval", 1},
      {"enabeld", "enabled", 1},
      {"lnad", "land", 1},
      {"max-body", "max_body", 1},
      {"", "url", 3},
      {"ca", "abc", 3},
      {"kitten", "sitting", 3},
  }));
  CAPTURE(a, b);
  CHECK(edit_distance(a, b) == expected);
}

TEST_CASE("a suggestion is offered only for a near miss or a clear prefix", "[config]") {
  static constexpr std::array<std::string_view, 4> kKeys{"id", "url", "interval", "tags"};
  auto [word, expected] = GENERATE(table<std::string_view, std::string>({
      {"intervall", "interval"},
      {"INTERVAL", "interval"},
      {"ur", "url"},
      {"tag", "tags"},
      {"ids", "id"},
      {"xy", ""},
      {"uri", "url"},
      {"internal", "interval"},
      {"timeout", ""},
      {"inter", "interval"},
      {"intervals-in-seconds", "interval"},
      {"u", ""},
  }));
  CAPTURE(word);
  auto near = closest(word, kKeys);
  CHECK(std::string(near.value_or("")) == expected);
}
