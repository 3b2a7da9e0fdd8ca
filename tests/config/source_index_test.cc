#include "config/source_index.h"

#include <catch2/catch.hpp>

namespace kf::config {
namespace {

std::vector<Source> sources_named(std::initializer_list<const char*> ids) {
  std::vector<Source> out;
  for (const char* id : ids) {
    Source s;
    s.id = id;
    s.url = std::string("https://example.org/") + id;
    out.push_back(s);
  }
  return out;
}

TEST_CASE("The source index finds every source by id and nothing else", "[config]") {
  const auto sources = sources_named({"bremen", "bund", "nrw-portal"});
  const SourceIndex index(sources);
  CHECK(index.find("bund") == &sources[1]);
  CHECK(index.find("nrw-portal") == &sources[2]);
  CHECK(index.find("bremen") == &sources[0]);
  CHECK(index.find("brem") == nullptr);
  CHECK(index.find("") == nullptr);
}

TEST_CASE("The source index agrees with Config::find_source, also on a duplicate id", "[config]") {
  Config config;
  config.sources = sources_named({"a", "b", "a"});
  const SourceIndex index(config.sources);
  for (std::string_view id : {"a", "b", "c"}) CHECK(index.find(id) == config.find_source(id));
}

TEST_CASE("A rebuilt source index follows the replaced list", "[config]") {
  auto before = sources_named({"old"});
  SourceIndex index(before);
  const auto after = sources_named({"new"});
  index.rebuild(after);
  CHECK(index.find("old") == nullptr);
  CHECK(index.find("new") == &after[0]);
}

}  // namespace
}  // namespace kf::config
