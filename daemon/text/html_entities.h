// The HTML5 named character references (the 2,125 forms ending in ';'),
// for feeds that use HTML entities such as &nbsp; or &auml; in XML where
// they are undefined. Pure lookup over a static table; thread-safe.
#pragma once

#include <optional>
#include <string_view>

namespace kf::text {

// The UTF-8 expansion of the named reference `name` (without '&' and ';',
// case-sensitive: "nbsp", "Auml"), or nullopt when HTML does not define it.
std::optional<std::string_view> html_entity(std::string_view name);

}  // namespace kf::text
