// Dedup benchmark: how fast articles are committed (upsert, fingerprint,
// near-duplicate lookup, cluster) as the store grows to N articles, each
// batch of 30 in one transaction as the daemon commits one feed. Every 100th
// article is a lightly edited copy of an earlier one, so clusters form.
//
//   dedup_bench [--articles N] [--report-every K] DB_PATH
//
// Prints, per K articles, the insert rate of that slice: the rate must not
// fall as the store grows (index lookups, not scans).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "app/commit.h"
#include "store/store.h"

namespace {

// A 20,000-word synthetic vocabulary picked with a skew towards frequent
// words, as in real text: with only a few dozen real words every text would
// have nearly the same SimHash, which no news archive does.
std::vector<std::string> make_vocabulary(std::mt19937_64& rng) {
  static const char* kSyllables[] = {"ver", "wal", "tung", "di", "gi", "tal", "kom", "mu", "ne",
                                     "land", "kreis", "amt", "bür", "ger", "por", "ta", "dienst",
                                     "netz", "da", "ten", "schul", "stadt", "rat", "haus", "an",
                                     "trag", "ak", "te", "cloud", "sich", "er", "heit", "plan"};
  std::uniform_int_distribution<std::size_t> pick(0, std::size(kSyllables) - 1);
  std::uniform_int_distribution<int> length(2, 4);
  std::vector<std::string> words(20000);
  for (auto& w : words) {
    for (int i = length(rng); i > 0; --i) w += kSyllables[pick(rng)];
  }
  return words;
}

std::string text(std::mt19937_64& rng, const std::vector<std::string>& vocabulary, int words) {
  std::string out;
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int i = 0; i < words; ++i) {
    if (i) out += ' ';
    const double x = u(rng);
    out += vocabulary[static_cast<std::size_t>(x * x * static_cast<double>(vocabulary.size() - 1))];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  long total = 1'000'000, every = 100'000;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--articles" && i + 1 < argc) total = std::atol(argv[++i]);
    else if (a == "--report-every" && i + 1 < argc) every = std::atol(argv[++i]);
    else path = a;
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: dedup_bench [--articles N] [--report-every K] DB_PATH\n");
    return 2;
  }
  std::filesystem::remove(path);
  auto store = kf::Store::open(path);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  std::mt19937_64 rng(42);
  const std::vector<std::string> vocabulary = make_vocabulary(rng);
  const kf::Timestamp start{std::chrono::sys_days{std::chrono::year{2020} / 1 / 1}};
  std::vector<kf::Article> batch;
  std::vector<kf::Article> originals;  // a few to copy from
  long clustered = 0;
  auto slice_start = std::chrono::steady_clock::now();
  std::printf("%12s %14s %12s\n", "stored", "articles/s", "clustered");
  for (long n = 0; n < total; ++n) {
    kf::Article a;
    a.id = "a" + std::to_string(n);
    a.source_id = "s" + std::to_string(n % 11000);
    a.url = "https://example.org/" + a.id;
    // 300 articles a day: a million span nine years, as a real archive would.
    a.published = start + std::chrono::seconds(n * 288);
    a.first_seen = a.last_seen = *a.published;
    a.completeness = kf::Completeness::full;
    a.content_hash = a.id;
    if (n % 100 == 99 && !originals.empty()) {
      kf::Article copy = originals.back();
      copy.id = a.id;
      copy.source_id = a.source_id;
      copy.url = a.url;
      copy.content_html.replace(0, 12, "<p>Auch hier");
      a = copy;
    } else {
      a.title = text(rng, vocabulary, 8);
      a.summary = text(rng, vocabulary, 30);
      a.content_html = "<p>" + text(rng, vocabulary, 200) + "</p>";
      if (n % 100 == 50) originals.assign(1, a);
    }
    batch.push_back(std::move(a));
    if (batch.size() == 30 || n + 1 == total) {
      kf::app::Outcome outcome;
      outcome.state.source_id = outcome.record.source_id = batch.front().source_id;
      outcome.record.started = batch.front().first_seen;
      auto merged = kf::app::commit_fetch(*store, outcome, batch, {});
      if (!merged) {
        std::fprintf(stderr, "%s\n", merged.error().message.c_str());
        return 1;
      }
      clustered += *merged;
      batch.clear();
    }
    if ((n + 1) % every == 0) {
      auto now = std::chrono::steady_clock::now();
      double secs = std::chrono::duration<double>(now - slice_start).count();
      std::printf("%12ld %14.0f %12ld\n", n + 1, static_cast<double>(every) / secs, clustered);
      std::fflush(stdout);
      slice_start = now;
    }
  }
  return 0;
}
