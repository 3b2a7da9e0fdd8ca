#include <catch2/catch.hpp>

#include "app/table.h"

TEST_CASE("a table pads columns to the widest cell, counting umlauts as one", "[app]") {
  kf::app::Table t({"ID", "NAME"});
  t.add_row({"k21", "Kommune21"});
  t.add_row({"bs", "Behörden"});
  CHECK(t.render() ==
        "ID   NAME\n"
        "---  ---------\n"
        "k21  Kommune21\n"
        "bs   Behörden\n");
}

TEST_CASE("a short table row is padded with empty cells", "[app]") {
  kf::app::Table t({"A", "B", "C"});
  t.add_row({"x"});
  CHECK(t.render() == "A  B  C\n-  -  -\nx\n");
}
