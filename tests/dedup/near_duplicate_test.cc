// Near-duplicates measured on the seed articles: each seed article, an
// identical copy on another domain and a lightly edited copy must form one
// cluster, and no two different articles (nor teasers sharing a kicker) may.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "dedup/near_duplicate.h"

using kf::Article;
using kf::Completeness;
using kf::Timestamp;
using kf::dedup::Candidate;
using kf::dedup::cluster_for;
using kf::dedup::fingerprint;
using kf::dedup::Settings;

namespace {

const Timestamp kDay{std::chrono::sys_days{std::chrono::year{2025} / 1 / 7}};

std::vector<std::string> seed_lines(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::filesystem::path> seeds() {
  std::vector<std::filesystem::path> out;
  for (auto& e : std::filesystem::directory_iterator(std::string(KF_SHARED_DIR) + "/seeds"))
    out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// A seed's own article: every line but the 15 two-line teasers at the end.
Article seed_article(const std::filesystem::path& p, const std::string& id) {
  auto lines = seed_lines(p);
  REQUIRE(lines.size() > 30);
  Article a;
  a.id = id;
  a.title = lines[0];
  for (std::size_t i = 1; i + 30 < lines.size(); ++i) a.content_html += "<p>" + lines[i] + "</p>";
  a.published = kDay;
  return a;
}

// Replaces the first occurrence of each word pair: a sub-editor's touch.
Article edited(Article a) {
  for (auto [from, to] : {std::pair{" die ", " eine "}, {" und ", " sowie "}, {" der ", " dieser "}}) {
    if (auto p = a.content_html.find(from); p != std::string::npos)
      a.content_html.replace(p, std::string_view(from).size(), to);
  }
  a.id += "-edited";
  return a;
}

Candidate candidate(const Article& a, std::uint64_t hash, const std::string& cluster) {
  return {a.id, cluster, hash, kf::dedup::day_of(a), a.completeness, a.published.value_or(a.first_seen)};
}

}  // namespace

TEST_CASE("copies of the seed articles cluster with their original and nothing else", "[dedup]") {
  Settings settings;
  std::vector<Article> stream;  // in the order they are "fetched"
  std::map<std::string, std::string> truth;  // id → original article id
  int n = 0;
  for (const auto& p : seeds()) {
    const std::string id = "seed" + std::to_string(n++);
    Article original = seed_article(p, id);
    Article copy = original;
    copy.id = id + "-copy";  // the same text under another domain
    stream.push_back(original);
    stream.push_back(copy);
    stream.push_back(edited(original));
    for (const auto& a : {original, copy, edited(original)}) truth[a.id] = id;
  }
  REQUIRE(n == 5);

  std::vector<Candidate> stored;
  std::map<std::string, std::string> cluster_of;
  for (const Article& a : stream) {
    auto hash = fingerprint(a, settings);
    REQUIRE(hash.has_value());
    auto joined = cluster_for(a.id, *hash, kf::dedup::day_of(a), stored, settings);
    cluster_of[a.id] = joined.value_or(a.id);
    stored.push_back(candidate(a, *hash, cluster_of[a.id]));
  }
  // Pairwise precision and recall over all 15 articles.
  int tp = 0, fp = 0, fn = 0;
  for (const auto& [a, ta] : truth) {
    for (const auto& [b, tb] : truth) {
      if (a >= b) continue;
      const bool same = cluster_of[a] == cluster_of[b];
      tp += same && ta == tb;
      fp += same && ta != tb;
      fn += !same && ta == tb;
    }
  }
  INFO("true positives " << tp << ", false positives " << fp << ", false negatives " << fn);
  CHECK(tp == 15);  // 3 pairs in each of 5 clusters
  CHECK(fp == 0);
  CHECK(fn == 0);
}

TEST_CASE("teasers of different articles with the same kicker stay apart", "[dedup]") {
  Settings settings;
  std::vector<Article> teasers;
  std::map<std::string, int> seen;
  for (const auto& p : seeds()) {
    auto lines = seed_lines(p);
    for (std::size_t i = lines.size() - 30; i + 1 < lines.size(); i += 2) {
      if (seen[lines[i]]++) continue;  // the same teaser on another page
      Article t;
      t.id = "t" + std::to_string(teasers.size());
      t.title = lines[i];
      t.summary = lines[i + 1];
      t.completeness = Completeness::teaser;
      t.published = kDay;
      teasers.push_back(t);
    }
  }
  REQUIRE(teasers.size() == 28);
  std::vector<Candidate> stored;
  int clustered = 0, compared = 0;
  for (const Article& t : teasers) {
    auto hash = fingerprint(t, settings);
    if (!hash) continue;  // too short to compare: never clustered
    ++compared;
    clustered += cluster_for(t.id, *hash, 0, stored, settings).has_value();
    stored.push_back({t.id, t.id, *hash, 0, t.completeness, kDay});
  }
  CHECK(compared > 20);
  CHECK(clustered == 0);
}

TEST_CASE("a candidate outside the date window or the article itself is not a duplicate", "[dedup]") {
  Settings settings;
  const std::vector<Candidate> candidates{
      {"self", "self", 0xffff, 100, Completeness::full, kDay},
      {"old", "old", 0xfff0, 96, Completeness::full, kDay},
  };
  CHECK_FALSE(cluster_for("self", 0xffff, 100, candidates, settings).has_value());
  CHECK(cluster_for("new", 0xffff, 99, candidates, settings) == "self");
  CHECK(cluster_for("new", 0xffff, 97, candidates, settings) == "self");
  CHECK(cluster_for("new", 0xffff, 95, candidates, settings) == "old");
}

TEST_CASE("the nearest candidate wins, ties go to the smaller cluster id", "[dedup]") {
  Settings settings;
  const std::vector<Candidate> candidates{
      {"b", "cluster-b", 0b0111, 0, Completeness::full, kDay},
      {"a", "cluster-a", 0b0011, 0, Completeness::full, kDay},
      {"c", "cluster-c", 0b1100, 0, Completeness::full, kDay},
  };
  CHECK(cluster_for("x", 0b0001, 0, candidates, settings) == "cluster-a");
  CHECK(cluster_for("y", 0b1111, 0, candidates, settings) == "cluster-b");
  CHECK_FALSE(cluster_for("z", ~std::uint64_t{0} << 20, 0, candidates, settings).has_value());
}

TEST_CASE("a cluster publishes its full member first, then the earliest, then the smallest id", "[dedup]") {
  using namespace std::chrono_literals;
  const std::vector<Candidate> members{
      {"t-early", "c", 0, 0, Completeness::teaser, kDay - 24h},
      {"f-late", "c", 0, 0, Completeness::full, kDay + 1h},
      {"f-b", "c", 0, 0, Completeness::full, kDay},
      {"f-a", "c", 0, 0, Completeness::full, kDay},
  };
  CHECK(kf::dedup::representative(members).id == "f-a");
  CHECK(kf::dedup::representative(std::span(members).first(2)).id == "f-late");
}
