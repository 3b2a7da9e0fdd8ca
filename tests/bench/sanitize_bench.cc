// Micro benchmark of kf::html::sanitize on generated feed HTML: 1–3 KB
// bodies of <p>, <strong>, relative and absolute <a>, <img> and entities,
// shaped like tests/bench/gen_feeds.py's item bodies. Prints MB/s of input
// for sanitize and for normalize's plain_text (which strips tags).
// Not a ctest: `sanitize_bench [--bodies N] [--reps R]` in a Release build.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "html/sanitize.h"
#include "normalize/text.h"

namespace {

struct Rng {
  std::uint64_t s = 0x9E3779B97F4A7C15ull;
  std::uint32_t next() {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return static_cast<std::uint32_t>(s >> 11);
  }
  int range(int lo, int hi) { return lo + static_cast<int>(next() % static_cast<std::uint32_t>(hi - lo + 1)); }
  double unit() { return (next() % 1000000) / 1000000.0; }
};

const char* kWords[] = {"Digitalisierung", "Verwaltung", "Bürgerservice", "Onlinezugangsgesetz",
                        "Gemeinderat", "Landkreis", "Förderprogramm", "Glasfaser", "Rathaus",
                        "Straßenbeleuchtung", "und", "der", "die", "mit", "für", "über", "wird",
                        "Öffentlichkeit", "Übergangsfrist", "neue", "Kommune", "Portal"};

std::string words(Rng& r, int lo, int hi) {
  std::string s;
  for (int i = r.range(lo, hi); i > 0; --i) {
    if (!s.empty()) s += ' ';
    s += kWords[r.next() % (sizeof kWords / sizeof *kWords)];
  }
  return s;
}

std::string sentence(Rng& r) { return words(r, 6, 16) + "."; }

std::string body(Rng& r) {
  std::string out;
  std::size_t target = static_cast<std::size_t>(r.range(1024, 3072));
  while (out.size() < target) {
    double k = r.unit();
    if (k < 0.55) {
      out += "<p>" + sentence(r) + " " + sentence(r) + "</p>";
    } else if (k < 0.70) {
      out += "<p><strong>" + words(r, 2, 4) + "</strong> " + sentence(r) + "</p>";
    } else if (k < 0.82) {
      const char* hrefs[] = {"/aktuelles/ulm-4711.html", "../presse/meldung.php?id=42&amp;lang=de",
                             "https://www.ulm.de/rathaus/digital/7",
                             "https://www.bund.de/onlinezugang?x=1&amp;y=2"};
      out += "<p>" + sentence(r) + " <a href=\"" + hrefs[r.next() % 4] + "\">" + words(r, 1, 3) +
             "</a> " + words(r, 2, 6) + "</p>";
    } else if (k < 0.90) {
      out += "<p><img src=\"/fileadmin/bilder/foto-" + std::to_string(r.range(1, 9999)) +
             ".jpg\" alt=\"" + words(r, 2, 4) + "\" width=\"640\" height=\"360\" /></p>";
    } else {
      out += "<p>Stra&#223;e &amp; Pl&#228;tze: &quot;" + words(r, 2, 4) + "&quot; &ndash; " +
             sentence(r) + "</p>";
    }
    out += '\n';
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  int bodies = 2000, reps = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--bodies")) bodies = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--reps")) reps = std::atoi(argv[i + 1]);
  }
  Rng r;
  std::vector<std::string> docs;
  std::size_t bytes = 0;
  for (int i = 0; i < bodies; ++i) {
    docs.push_back(body(r));
    bytes += docs.back().size();
  }
  kf::html::SanitizeOptions opt{.base_url = "https://www.ulm.de/aktuelles/meldung.html"};
  std::size_t sink = 0;
  for (const auto& d : docs) sink += kf::html::sanitize(d, opt).size();  // warm-up
  double best = 1e30, best_text = 1e30;
  for (int rep = 0; rep < reps; ++rep) {
    auto t0 = std::chrono::steady_clock::now();
    for (const auto& d : docs) sink += kf::html::sanitize(d, opt).size();
    auto t1 = std::chrono::steady_clock::now();
    for (const auto& d : docs) sink += kf::normalize::plain_text(d, kf::TextType::html).size();
    auto t2 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double>(t1 - t0).count());
    best_text = std::min(best_text, std::chrono::duration<double>(t2 - t1).count());
  }
  std::printf("%d bodies, %.2f MB, avg %.0f B\n", bodies, bytes / 1e6,
              static_cast<double>(bytes) / bodies);
  std::printf("sanitize:      %8.1f MB/s  (%.1f us/body)\n", bytes / 1e6 / best, best * 1e6 / bodies);
  std::printf("plain_text:    %8.1f MB/s  (%.1f us/body)\n", bytes / 1e6 / best_text,
              best_text * 1e6 / bodies);
  std::printf("(checksum %zu)\n", sink);
  return 0;
}
