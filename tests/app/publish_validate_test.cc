// Every published output, as the real binary exports it, checked by the
// programs readers trust: the W3C Feed Validation Service's code (Atom, RSS)
// and feedparser (Atom, RSS), plus a JSON Feed structure check; over a store
// filled by scraping the seed fixtures, and over one filled by fetching every
// file of the shared parser corpora. Validator warnings are allowed only of
// the kinds the README explains (section "Validity of the outputs").
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "app/daemon_fixture.h"
#include "app/seed_site.h"
#include "support/corpus.h"
#include "support/feed_check.h"

using namespace kf::test;

namespace {

// Warnings that what we pass through can earn by design (README): markup-
// like characters in a plain-text title or summary ("<script>" in a title is
// the title), U+FFFD, which stands for bytes a source sent broken, two
// entries updated at the same instant (teasers carry only a day, undated
// items their first-seen second; we do not invent times to make them
// differ), and an entry with a link and a title but no text (a source's
// title-only item; we do not invent a summary).
const std::set<std::string> kExplainedWarnings = {"ContainsHTML", "ContainsUndeclaredHTML",
                                                  "BadCharacters", "DuplicateUpdated",
                                                  "MissingTextualContent"};

// One output in one format, exported by the real binary into `dir`.
std::string export_output(const std::string& dir, const std::string& output, const std::string& format) {
  const std::string file = dir + "/" + output + "." + format;
  auto r = run_process({kBinary, "export", "--output", output, "--format", format, "-o", file}, dir);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return file;
}

// The self link the document names (the validator checks it against --base).
std::string self_link(const std::string& path) {
  static const std::regex self(R"(rel="self"[^>]*?href="([^"]+)\")");
  std::smatch m;
  const std::string text = read_file(path);
  REQUIRE(std::regex_search(text, m, self));
  return m[1];
}

// The entry ids of an Atom or RSS file as feedparser reads them, or of a
// JSON Feed as json reads it; checks the JSON Feed's required members.
std::vector<std::string> entry_ids(const std::string& path, const std::string& format) {
  auto r = run_process({"/usr/bin/python3", "-c",
                        "import sys, json, feedparser\n"
                        "path, fmt = sys.argv[1], sys.argv[2]\n"
                        "if fmt == 'json':\n"
                        "    d = json.load(open(path, encoding='utf-8'))\n"
                        "    assert d['version'] == 'https://jsonfeed.org/version/1.1', d['version']\n"
                        "    assert d['title'] and d['feed_url'].startswith('http'), 'feed'\n"
                        "    for i in d['items']:\n"
                        "        assert isinstance(i['id'], str) and i['id'], i\n"
                        "        assert i.get('content_html') or i.get('content_text'), i['id']\n"
                        "    ids = [i['id'] for i in d['items']]\n"
                        "else:\n"
                        "    d = feedparser.parse(path)\n"
                        "    assert not d.bozo, d.get('bozo_exception')\n"
                        "    ids = [e.id for e in d.entries]\n"
                        "print('\\n'.join(ids))\n",
                        path, format});
  INFO(path << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<std::string> ids;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) ids.push_back(line);
  return ids;
}

struct Checked {
  std::vector<std::string> ids;        // the Atom entry ids, page order
  std::map<std::string, int> warnings;  // validator warning kind → count (Atom and RSS)
};

// Exports `output` as Atom, RSS and JSON Feed; each must have no validator
// error, only explained warnings, feedparser bozo 0, and the same entry ids
// in all three formats.
Checked check_output(const std::string& dir, const std::string& output) {
  Checked out;
  std::vector<std::string> rss_ids, json_ids;
  for (const std::string format : {"atom", "rss", "json"}) {
    const std::string file = export_output(dir, output, format);
    auto ids = entry_ids(file, format);
    if (format == "json") {
      json_ids = std::move(ids);
      continue;
    }
    auto ev = validate_feed(file, self_link(file));
    std::vector<std::string> unexplained;
    for (const auto& w : ev.warnings) {
      ++out.warnings[warning_kind(w)];
      if (!kExplainedWarnings.contains(warning_kind(w))) unexplained.push_back(w);
    }
    INFO(output << "." << format);
    CHECK(ev.errors == std::vector<std::string>{});
    CHECK(unexplained == std::vector<std::string>{});
    CHECK(ev.exit_code != 2);
    (format == "atom" ? out.ids : rss_ids) = std::move(ids);
  }
  INFO(output);
  CHECK(rss_ids == out.ids);
  CHECK(json_ids == out.ids);
  return out;
}

}  // namespace

TEST_CASE("Every output over the scraped seed fixtures is valid in every format", "[app][publish]") {
  using namespace kf::test::seed_site;
  TempDir dir;
  HttpServer server;
  serve(server, read("meldungen.html"));
  dir.write("feeds.yaml", config(server,
                                 "publish:\n"
                                 "  base_url: http://127.0.0.1:8080/\n"
                                 "  outputs:\n"
                                 "    - {id: all, limit: 100}\n"
                                 "    - {id: volltext, teasers: false}\n"
                                 "    - {id: bremen, kickers: [Bremen]}\n"
                                 "    - {id: seite, limit: 10}\n"));
  auto round = fetch_round(dir.path(), {"kommune21-test"});
  INFO(round.err);
  REQUIRE(round.exit_code == 0);

  // 5 full articles and 28 teasers (daemon_scrape_test checks the store).
  CHECK(check_output(dir.path(), "all").ids.size() == 33);
  CHECK(check_output(dir.path(), "volltext").ids.size() == 5);
  const auto bremen = check_output(dir.path(), "bremen").ids;
  CHECK(!bremen.empty());
  CHECK(bremen.size() < 33);
  CHECK(check_output(dir.path(), "seite").ids.size() == 10);  // page 1 of 4, with paging links
}

TEST_CASE("Every output over a store filled from the parser corpora is valid in every format",
          "[app][publish][corpus]") {
  namespace fs = std::filesystem;
  const fs::path shared = KF_SHARED_DIR;
  std::vector<fs::path> files;
  for (const char* dir : {"corpora/feedparser/wellformed", "corpora/feedparser/illformed",
                          "corpora/feedparser/encoding", "corpora/feedparser/entities",
                          "corpora/jsonfeed"}) {
    for (const auto& e : fs::recursive_directory_iterator(shared / dir))
      if (e.is_regular_file() && e.path().extension() != ".rst") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 2000);

  // One source per corpus file, served with the Content-Type its header
  // comment names; four groups of sources, each published as one output
  // large enough to hold the whole group on one page.
  constexpr int kGroups = 4;
  TempDir dir;
  HttpServer server;
  std::vector<SourceEntry> sources;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::string body = read_file(files[i]);
    std::string type = content_type_of(body);
    if (type.empty()) type = files[i].extension() == ".json" ? "application/feed+json" : "application/xml";
    const std::string path = "/c/" + std::to_string(i);
    server.on(path, Reply{.status = 200, .headers = {{"Content-Type", type}}, .body = std::move(body)});
    sources.push_back({"c" + std::to_string(i), server.url(path), "feed",
                       {"tags: [g" + std::to_string(i % kGroups) + "]"}});
  }
  std::string yaml = feeds_yaml({"allow_private_networks: true", "concurrency: 16",
                                 "per_host: {concurrency: 16, delay: 0}"},
                                sources);
  yaml += "publish:\n  base_url: http://127.0.0.1:8080/\n  outputs:\n    - {id: all, limit: 100}\n";
  for (int g = 0; g < kGroups; ++g)
    yaml += "    - {id: g" + std::to_string(g) + ", tags: [g" + std::to_string(g) + "], limit: 1000}\n";
  dir.write("feeds.yaml", yaml);
  const auto round = fetch_round(dir.path());
  if (round.exit_code > 1) FAIL(round.err);  // 1: some sources failed (listed below)
  std::size_t failed = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    auto row = table_row(round.out, "c" + std::to_string(i));
    REQUIRE(row);
    if (row->status != "200" || !row->error.empty()) {
      ++failed;
      UNSCOPED_INFO(files[i].filename().string() << ": " << row->status << " " << row->error);
    }
  }

  std::set<std::string> seen;
  std::map<std::string, int> warnings;
  std::size_t served = 0;
  for (int g = 0; g < kGroups; ++g) {
    const auto checked = check_output(dir.path(), "g" + std::to_string(g));
    CHECK(checked.ids.size() < 1000);  // the whole group fits on the page
    served += checked.ids.size();
    seen.insert(checked.ids.begin(), checked.ids.end());
    for (const auto& [kind, n] : checked.warnings) warnings[kind] += n;
  }
  CHECK(check_output(dir.path(), "all").ids.size() == 100);

  // Every representative article is published once, under a unique id.
  auto store = kf::Store::open(dir.path() + "/state.db", kf::OpenMode::reader);
  REQUIRE(store);
  auto reps = store->recent_representatives(100000);
  REQUIRE(reps);
  CHECK(served == reps->size());
  CHECK(seen.size() == served);
  // Corpus items share links (http://example.com/ and the like), and an
  // article is its canonical link: ~2,300 files make a few hundred articles.
  CHECK(served > 200);
  CHECK(failed < files.size() / 20);  // not a feed, or nothing usable in it
  WARN(served << " entries published from " << files.size() << " files, " << failed << " not usable");
  for (const auto& [kind, n] : warnings) WARN(kind << ": " << n);
}
