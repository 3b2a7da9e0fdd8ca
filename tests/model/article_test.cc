#include <catch2/catch.hpp>

#include "model/article.h"

using kf::Completeness;

TEST_CASE("completeness round-trips through its name", "[model]") {
  CHECK(kf::completeness_from_string(kf::to_string(Completeness::teaser)) == Completeness::teaser);
  CHECK(kf::completeness_from_string(kf::to_string(Completeness::full)) == Completeness::full);
}

TEST_CASE("an unknown completeness name is rejected", "[model]") {
  CHECK_FALSE(kf::completeness_from_string("Teaser").has_value());
  CHECK_FALSE(kf::completeness_from_string("").has_value());
}
