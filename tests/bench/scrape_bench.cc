// scrape_bench measures how fast the scrape path turns article pages into
// FeedItems, against bare MyHTML parsing of the same bytes (the practical
// floor: our DOM is built from MyHTML's tree). Not a ctest: run it through
// run-scrape-bench.
//
//   scrape_bench [--reps R] [--only NAME] [--dump OUT_DIR] RULES_YAML SOURCE_ID DIR
//
// --only NAME runs just that timing (myhtml, ours_dom or ours) and skips the
// field count, so `perf stat` or callgrind can attribute a whole process.
// --dump writes, instead of timing, one OUT_DIR/<page>.json per page: every
// field of every FeedItem plus the page's URL, links, provenance, health and
// warnings, one JSON object a line in a fixed key order, so two builds'
// outputs can be compared byte for byte (a speed-up must not change them).
//
// Every *.html file of DIR is read into memory first; each timing is one
// untimed warm-up pass, then R timed passes:
//   myhtml       myhtml_parse into one reused tree, single-threaded, then
//                myhtml_tree_clean: nothing else
//   ours_dom     kf::html::HtmlParser::parse (prescan, MyHTML, pugixml copy)
//   ours         kf::scrape::scrape_page with the source's rules: charset
//                detection, parse, metadata, XPath rules, body sanitizing,
//                canonical URLs: the daemon's real path
// Output is one "RESULT key=value…" line per timing and one "FIELDS …" line
// counting the non-empty fields ours extracted, which the runner compares
// with the peers' (a contender that extracts nothing cannot win).
// Single-threaded.
#include <malloc.h>
#include <sys/resource.h>
#include <time.h>

#include <myhtml/api.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench_util.h"
#include "config/config.h"
#include "html/dom.h"
#include "scrape/rules.h"
#include "scrape/scrape.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Corpus {
  std::vector<fs::path> paths;
  std::vector<std::string> bytes;
  std::vector<std::string> urls;  // the URL each page is "fetched" from
  std::uint64_t total_bytes = 0;
};

// Keeps the optimizer from discarding work whose result is otherwise unused.
volatile std::uint64_t g_sink = 0;

using kf::bench::peak_rss_kb;

using kf::bench::cpu_seconds;
using kf::bench::read_file;
using kf::bench::Timing;

// Non-empty field counts over the corpus, the same keys every contender prints.
struct Fields {
  std::uint64_t kicker = 0, title = 0, date = 0, lead = 0, body = 0, image = 0, image_alt = 0,
                caption = 0, credit = 0, author = 0, categories = 0, teasers = 0, teaser_kicker = 0,
                teaser_title = 0, teaser_date = 0, teaser_summary = 0, teaser_link = 0,
                title_bytes = 0, teaser_title_bytes = 0;

  void add(const kf::scrape::ScrapedPage& page) {
    auto count = [](std::uint64_t& n, const std::string& s) { n += s.empty() ? 0 : 1; };
    if (const auto& a = page.article) {
      count(kicker, a->kicker);
      count(title, a->title);
      title_bytes += a->title.size();
      count(date, a->published_raw);
      count(lead, a->summary);
      count(body, a->content);
      if (!a->media.empty()) {
        count(image, a->media[0].url);
        count(image_alt, a->media[0].alt);
        count(credit, a->media[0].credit);
      }
      count(author, a->author);
      categories += a->categories.size();
    }
    count(caption, page.image_caption);
    for (const auto& t : page.teasers) {
      ++teasers;
      count(teaser_kicker, t.kicker);
      count(teaser_title, t.title);
      teaser_title_bytes += t.title.size();
      count(teaser_date, t.published_raw);
      count(teaser_summary, t.summary);
      count(teaser_link, t.link);
    }
  }

  void print(const char* name) const {
    std::printf(
        "FIELDS name=%s kicker=%llu title=%llu date=%llu lead=%llu body=%llu image=%llu image_alt=%llu "
        "caption=%llu credit=%llu author=%llu categories=%llu teasers=%llu teaser_kicker=%llu "
        "teaser_title=%llu teaser_date=%llu teaser_summary=%llu teaser_link=%llu title_bytes=%llu "
        "teaser_title_bytes=%llu\n",
        name, u(kicker), u(title), u(date), u(lead), u(body), u(image), u(image_alt), u(caption),
        u(credit), u(author), u(categories), u(teasers), u(teaser_kicker), u(teaser_title),
        u(teaser_date), u(teaser_summary), u(teaser_link), u(title_bytes), u(teaser_title_bytes));
  }

 private:
  static unsigned long long u(std::uint64_t v) { return static_cast<unsigned long long>(v); }
};

void print_result(const char* name, const Corpus& corpus, int reps, Timing t) {
  const double pages = static_cast<double>(corpus.paths.size()) * reps;
  const double mb = static_cast<double>(corpus.total_bytes) * reps / 1e6;
  std::printf(
      "RESULT name=%s pages=%zu bytes=%llu reps=%d seconds=%.6f cpu_seconds=%.6f pages_per_s=%.1f "
      "mb_per_s=%.2f cpu_pages_per_s=%.1f maxrss_kb=%ld\n",
      name, corpus.paths.size(), static_cast<unsigned long long>(corpus.total_bytes), reps, t.wall,
      t.cpu, pages / t.wall, mb / t.wall, pages / t.cpu, peak_rss_kb());
  std::fflush(stdout);
}

// Times `body` over every page `reps` times after one untimed warm-up pass.
Timing time_passes(const Corpus& corpus, int reps, const std::function<void(std::size_t)>& body) {
  for (std::size_t i = 0; i < corpus.bytes.size(); ++i) body(i);
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  for (int r = 0; r < reps; ++r)
    for (std::size_t i = 0; i < corpus.bytes.size(); ++i) body(i);
  return {std::chrono::duration<double>(Clock::now() - start).count(), cpu_seconds() - cpu_start};
}

// One MyHTML instance and tree, set up as html::HtmlParser does.
class BareMyHtml {
 public:
  BareMyHtml() {
    myhtml_ = myhtml_create();
    myhtml_init(myhtml_, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0);
    tree_ = myhtml_tree_create();
    myhtml_tree_init(tree_, myhtml_);
  }
  ~BareMyHtml() {
    myhtml_tree_destroy(tree_);
    myhtml_destroy(myhtml_);
  }
  BareMyHtml(const BareMyHtml&) = delete;
  BareMyHtml& operator=(const BareMyHtml&) = delete;

  bool parse(std::string_view bytes) {
    bool ok = !MyHTML_FAILED(myhtml_parse(tree_, MyENCODING_UTF_8, bytes.data(), bytes.size())) &&
              myhtml_tree_get_node_body(tree_) != nullptr;
    myhtml_tree_clean(tree_);
    return ok;
  }

 private:
  myhtml_t* myhtml_ = nullptr;
  myhtml_tree_t* tree_ = nullptr;
};

using Json = nlohmann::ordered_json;

Json item_json(const kf::FeedItem& t) {
  Json media = Json::array();
  for (const auto& m : t.media)
    media.push_back(Json{{"url", m.url}, {"type", m.type}, {"medium", m.medium}, {"alt", m.alt},
                         {"credit", m.credit}, {"length", m.length ? Json(*m.length) : Json()},
                         {"thumbnail", m.thumbnail}});
  return Json{{"guid", t.guid},
              {"guid_is_permalink", t.guid_is_permalink},
              {"link", t.link},
              {"related_links", t.related_links},
              {"title", t.title},
              {"title_type", static_cast<int>(t.title_type)},
              {"summary", t.summary},
              {"summary_type", static_cast<int>(t.summary_type)},
              {"content", t.content},
              {"content_type", static_cast<int>(t.content_type)},
              {"author", t.author},
              {"published_raw", t.published_raw},
              {"updated_raw", t.updated_raw},
              {"categories", t.categories},
              {"language", t.language},
              {"base_url", t.base_url},
              {"media", media},
              {"kicker", t.kicker},
              {"completeness", std::string(kf::to_string(t.completeness))}};
}

// Writes one OUT_DIR/<page>.json per page (see the header comment).
int dump(const kf::scrape::ScrapeRules& rules, const Corpus& corpus, const fs::path& out_dir) {
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  for (std::size_t i = 0; i < corpus.bytes.size(); ++i) {
    auto page = kf::scrape::scrape_page({corpus.bytes[i], corpus.urls[i], "text/html; charset=utf-8"}, rules);
    std::ofstream out(out_dir / corpus.paths[i].filename().replace_extension(".json"), std::ios::binary);
    if (!page) {
      out << Json{{"error", page.error().message}}.dump() << '\n';
      continue;
    }
    Json prov = Json::array(), health = Json::array();
    for (const auto& o : page->provenance) prov.push_back(Json{{"field", o.field}, {"origin", o.origin}});
    for (const auto& h : page->health)
      health.push_back(Json{{"rule", h.rule}, {"matched", h.matched}, {"detail", h.detail}});
    out << Json{{"url", page->url},        {"image_caption", page->image_caption},
                {"links", page->links},    {"next_page", page->next_page},
                {"feeds", page->feeds},    {"provenance", prov},
                {"health", health},        {"warnings", page->warnings},
                {"charset", page->charset}, {"has_article", page->article.has_value()}}
               .dump()
        << '\n';
    if (page->article) out << item_json(*page->article).dump() << '\n';
    for (const auto& t : page->teasers) out << item_json(t).dump() << '\n';
    if (!out) {
      std::fprintf(stderr, "scrape_bench: cannot write to %s\n", out_dir.c_str());
      return 1;
    }
  }
  return 0;
}

int run(const kf::scrape::ScrapeRules& rules, Corpus& corpus, int reps, std::string_view only) {
  // Fixed malloc thresholds keep the heap warm between passes, as a
  // long-running daemon's is (see parse_bench.cc for what the defaults did).
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);

  auto wanted = [&](std::string_view name) { return only.empty() || only == name; };
  Fields fields;
  std::size_t failures = 0;
  for (std::size_t i = 0; only.empty() && i < corpus.bytes.size(); ++i) {
    auto page = kf::scrape::scrape_page({corpus.bytes[i], corpus.urls[i], "text/html; charset=utf-8"}, rules);
    if (!page) {
      std::fprintf(stderr, "scrape_bench: %s: %s\n", corpus.paths[i].c_str(), page.error().message.c_str());
      ++failures;
      continue;
    }
    fields.add(*page);
  }
  if (failures > 0) {
    std::fprintf(stderr, "scrape_bench: %zu of %zu pages failed; not timing\n", failures, corpus.paths.size());
    return 1;
  }
  if (only.empty()) fields.print("ours");

  Timing t;
  if (wanted("myhtml")) {
    BareMyHtml bare;
    std::size_t bare_failures = 0;
    t = time_passes(corpus, reps, [&](std::size_t i) { bare_failures += bare.parse(corpus.bytes[i]) ? 0 : 1; });
    if (bare_failures > 0) {
      std::fprintf(stderr, "scrape_bench: bare MyHTML failed on %zu parses\n", bare_failures);
      return 1;
    }
    print_result("myhtml", corpus, reps, t);
  }

  if (wanted("ours_dom")) {
    kf::html::HtmlParser parser;
    kf::html::HtmlDocument dom;
    t = time_passes(corpus, reps, [&](std::size_t i) {
      auto ok = parser.parse(corpus.bytes[i], dom);
      g_sink = g_sink + (ok && dom.doc.first_child() ? 1u : 0u);
    });
    print_result("ours_dom", corpus, reps, t);
  }

  if (wanted("ours")) {
    t = time_passes(corpus, reps, [&](std::size_t i) {
      auto page = kf::scrape::scrape_page({corpus.bytes[i], corpus.urls[i], "text/html; charset=utf-8"}, rules);
      g_sink = g_sink + (page ? page->teasers.size() : 0);
    });
    print_result("ours", corpus, reps, t);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 3;
  std::string dump_dir, only;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--reps" && i + 1 < argc) {
      reps = std::atoi(argv[++i]);
    } else if (arg == "--only" && i + 1 < argc) {
      only = argv[++i];
    } else if (arg == "--dump" && i + 1 < argc) {
      dump_dir = argv[++i];
    } else {
      args.emplace_back(arg);
    }
  }
  if (args.size() != 3 || reps < 1 ||
      !(only.empty() || only == "myhtml" || only == "ours_dom" || only == "ours")) {
    std::fprintf(stderr, "usage: scrape_bench [--reps R] [--only NAME] [--dump OUT_DIR] RULES_YAML SOURCE_ID DIR\n");
    return 2;
  }
  auto cfg = kf::config::load_config(args[0]);
  if (!cfg) {
    for (const auto& d : cfg.error()) std::fprintf(stderr, "scrape_bench: %s\n", d.str().c_str());
    return 2;
  }
  const auto* source = cfg->find_source(args[1]);
  if (!source || !source->scrape) {
    std::fprintf(stderr, "scrape_bench: no source %s with a scrape block in %s\n", args[1].c_str(), args[0].c_str());
    return 2;
  }
  auto rules = kf::scrape::parse_rules(*source->scrape, cfg->path);
  if (!rules) {
    for (const auto& d : rules.error()) std::fprintf(stderr, "scrape_bench: %s\n", d.str().c_str());
    return 2;
  }

  Corpus corpus;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(args[2], ec))
    if (entry.path().extension() == ".html") corpus.paths.push_back(entry.path());
  if (ec || corpus.paths.empty()) {
    std::fprintf(stderr, "scrape_bench: no .html files in %s\n", args[2].c_str());
    return 2;
  }
  std::sort(corpus.paths.begin(), corpus.paths.end());
  for (const auto& p : corpus.paths) {
    corpus.bytes.push_back(read_file(p));
    corpus.urls.push_back("https://www.kommune21.test/artikel/" + p.filename().string());
    corpus.total_bytes += corpus.bytes.back().size();
  }
  if (!dump_dir.empty()) return dump(*rules, corpus, dump_dir);
  return run(*rules, corpus, reps, only);
}
