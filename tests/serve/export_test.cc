// `export` writes the bytes the server serves for the same output.
#include "app/export_command.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "serve/entity.h"
#include "serve/routes.h"
#include "site_fixture.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("export gives exactly the bytes of the feed route", "[app]") {
  kf::test::TempDir dir;
  std::string db = dir.path() + "/kf.db";
  auto writer = kf::Store::open(db);
  REQUIRE(writer);
  kf::test::fill_store(*writer);
  auto config = kf::test::site_config(db);
  std::atomic<std::uint64_t> generation{1};
  kf::serve::Site site(config, &generation);
  for (const std::string format : {"atom", "rss", "json"}) {
    kf::serve::Request r;
    r.method = "GET";
    r.path = "/feeds/bremen." + format;
    auto served = site.handle(r);
    REQUIRE(served.status == 200);
    auto exported = kf::app::export_body(config, "bremen", format);
    REQUIRE(exported);
    CHECK(*exported == served.entity->body());
  }
}

TEST_CASE("export writes the file atomically and refuses unknown outputs", "[app]") {
  kf::test::TempDir dir;
  std::string db = dir.path() + "/kf.db";
  auto writer = kf::Store::open(db);
  REQUIRE(writer);
  kf::test::fill_store(*writer);
  std::string yaml = "daemon:\n  database: " + db +
                     "\nsources:\n  - id: kommune21\n    name: Kommune21\n"
                     "    type: feed\n    url: https://www.kommune21.de/rss\n";
  std::string cfg = dir.write("feeds.yaml", yaml);
  kf::app::ExportOptions options;
  options.common.config_path = cfg;
  options.file = dir.path() + "/out.atom";
  REQUIRE(kf::app::export_command(options) == kf::app::kExitOk);
  auto config = kf::config::load_config(cfg);
  REQUIRE(config);
  auto expected = kf::app::export_body(*config, "all", "atom");
  REQUIRE(expected);
  CHECK(read_file(options.file) == *expected);
  CHECK(read_file(options.file).find("Digitalisierung Nummer 5") != std::string::npos);
  options.output = "nope";
  CHECK(kf::app::export_command(options) == kf::app::kExitUsage);
  options.output = "all";
  options.format = "pdf";
  CHECK(kf::app::export_command(options) == kf::app::kExitUsage);
}
