#include "model/article.h"

namespace kf {

std::string_view to_string(Completeness c) {
  return c == Completeness::teaser ? "teaser" : "full";
}

std::optional<Completeness> completeness_from_string(std::string_view s) {
  if (s == "teaser") return Completeness::teaser;
  if (s == "full") return Completeness::full;
  return std::nullopt;
}

}  // namespace kf
