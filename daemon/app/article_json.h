// Article as one JSON object with every schema field, for the command line's
// JSON Lines output (`parse`, later `scrape`). Dates are RFC 3339 UTC strings
// or null. Pure; thread-safe.
#pragma once

#include <string>

#include "model/article.h"

namespace kf::app {

// One line of JSON, without the trailing newline.
std::string article_json(const Article& a);

}  // namespace kf::app
