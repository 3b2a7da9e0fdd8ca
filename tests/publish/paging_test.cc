#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "publish/select.h"

using kf::publish::OutputFilter;
using kf::publish::select_page;

namespace {

// `n` articles newest first; every third (ids 0, 3, 6, …) from "a", the rest from "b".
struct Store {
  int n;
  mutable int calls = 0;
  mutable std::size_t rows = 0;
  kf::publish::Batches batches() const {
    return [this](std::size_t offset, std::size_t count) -> kf::Result<std::vector<kf::Article>> {
      ++calls;
      std::vector<kf::Article> out;
      for (std::size_t i = offset; i < offset + count && i < static_cast<std::size_t>(n); ++i) {
        kf::Article a;
        a.id = std::to_string(i);
        a.source_id = i % 3 == 0 ? "a" : "b";
        out.push_back(a);
      }
      rows += out.size();
      return out;
    };
  }
};

OutputFilter only(std::vector<std::string> source_ids) {
  kf::config::Output o;
  o.sources = std::move(source_ids);
  auto f = OutputFilter::create(o, {});
  REQUIRE(f);
  return *f;
}

std::vector<std::string> ids(const kf::publish::Page& p) {
  std::vector<std::string> out;
  for (const auto& a : p.articles) out.push_back(a.id);
  return out;
}

}  // namespace

TEST_CASE("the first page holds the newest matches and knows of a next one", "[publish]") {
  Store store{100};
  auto page = select_page(only({"a"}), 1, 3, store.batches());
  REQUIRE(page);
  CHECK(ids(*page) == std::vector<std::string>{"0", "3", "6"});
  CHECK(page->has_next);
  CHECK_FALSE(page->truncated);
}

TEST_CASE("a later page skips the matches of the pages before it", "[publish]") {
  Store store{100};
  auto page = select_page(only({"a"}), 3, 3, store.batches());
  REQUIRE(page);
  CHECK(ids(*page) == std::vector<std::string>{"18", "21", "24"});
}

TEST_CASE("the last page has no next page", "[publish]") {
  Store store{10};  // matches 0 3 6 9
  auto page = select_page(only({"a"}), 2, 3, store.batches());
  REQUIRE(page);
  CHECK(ids(*page) == std::vector<std::string>{"9"});
  CHECK_FALSE(page->has_next);
  CHECK_FALSE(page->truncated);
  auto exact = select_page(only({"a"}), 2, 2, store.batches());
  REQUIRE(exact);
  CHECK(ids(*exact) == std::vector<std::string>{"6", "9"});
  CHECK_FALSE(exact->has_next);
}

TEST_CASE("a page past the end is empty, not an error", "[publish]") {
  Store store{10};
  auto page = select_page(only({"a"}), 5, 3, store.batches());
  REQUIRE(page);
  CHECK(page->articles.empty());
  CHECK_FALSE(page->has_next);
}

TEST_CASE("a filter matching nothing stops at the examination cap", "[publish]") {
  Store store{1'000'000};
  auto page = select_page(only({"nobody"}), 1, 10, store.batches(), 2'000);
  REQUIRE(page);
  CHECK(page->articles.empty());
  CHECK(page->truncated);
  CHECK(page->examined == 2'000);
  CHECK(store.rows == 2'000);
}

TEST_CASE("the default cap bounds the scan at 20,000 articles", "[publish]") {
  Store store{1'000'000};
  auto page = select_page(only({"nobody"}), 1, 10, store.batches());
  REQUIRE(page);
  CHECK(page->truncated);
  CHECK(store.rows == kf::publish::kMaxExamined);
}

TEST_CASE("a huge page number reads nothing and gives an empty truncated page", "[publish]") {
  Store store{1'000'000};
  auto page = select_page(only({"a"}), 99'999'999, 1000, store.batches());
  REQUIRE(page);
  CHECK(page->articles.empty());
  CHECK(page->truncated);
  CHECK(store.calls == 0);
}

TEST_CASE("page and per_page out of range are errors", "[publish]") {
  Store store{10};
  auto f = only({});
  CHECK(select_page(f, 0, 10, store.batches()).error().message ==
        "publish: page must be at least 1, got 0");
  CHECK_FALSE(select_page(f, -1, 10, store.batches()));
  CHECK(select_page(f, 1, 0, store.batches()).error().message ==
        "publish: entries per page must be between 1 and 1000, got 0");
  CHECK_FALSE(select_page(f, 1, 1001, store.batches()));
  CHECK(store.calls == 0);
}

TEST_CASE("a store error is passed on", "[publish]") {
  kf::publish::Batches broken = [](std::size_t,
                                   std::size_t) -> kf::Result<std::vector<kf::Article>> {
    return kf::fail("store: database is locked");
  };
  auto page = select_page(only({}), 1, 10, broken);
  REQUIRE_FALSE(page);
  CHECK(page.error().message == "store: database is locked");
}
