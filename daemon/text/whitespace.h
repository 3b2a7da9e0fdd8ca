// Whitespace collapsing shared by the stages that turn markup into field
// values (normalize for feeds, scrape for pages). Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::text {

// Collapses runs of ASCII whitespace and NBSP (U+00A0) to one space and
// trims both ends; other Unicode spaces are kept as they are.
std::string collapse_whitespace(std::string_view s);

}  // namespace kf::text
