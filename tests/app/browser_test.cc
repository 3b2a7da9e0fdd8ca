// A real browser as the client: headless Chromium (Debian package) loads the
// HTML pages the running daemon serves — the river of news, search results
// and the sources page — for the scrape fixtures' html source plus a feed
// source. Checks the DOM Chromium built after loading, that it logged no
// console message (a CSP violation is one: "Loading the stylesheet '…'
// violates the following Content Security Policy directive …", older
// versions say "Refused to …"), and writes a screenshot of the river
// (set KF_SCREENSHOT_OUT to keep a copy, as tests/app/screenshots/river.png).
#include <catch2/catch.hpp>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <set>

#include "app/client_fixture.h"
#include "html/dom.h"

using namespace kf::test;

namespace {

const std::string kChromium = "/usr/bin/chromium";
const std::string kFeedName = "Gemeinde Beispielstadt";
const std::string kScrapeName = "Kommune21 (fixture)";

std::string rss_source_body() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
         "<title>Beispielstadt</title><link>https://www.beispielstadt.test/</link>\n"
         "<item><title>Glasfaser für alle Ortsteile</title>"
         "<link>https://www.beispielstadt.test/aktuelles/glasfaser</link>"
         "<pubDate>Wed, 12 Feb 2025 09:30:00 GMT</pubDate>"
         "<description>Der Ausbau des Glasfasernetzes erreicht die letzten "
         "Ortsteile.</description></item>\n"
         "<item><title>Bürgerbüro bietet Online-Termine</title>"
         "<link>https://www.beispielstadt.test/aktuelles/termine</link>"
         "<pubDate>Tue, 11 Feb 2025 23:30:00 GMT</pubDate>"
         "<description>Termine im Bürgerbüro lassen sich nun online buchen.</description></item>\n"
         "</channel></rss>\n";
}

// The daemon in `run` mode on a fixed loopback port (publish.base_url must
// name it, or the pages' stylesheet and links point elsewhere), serving the
// five fixture articles with their teasers and a two-entry feed source.
struct ServedSite {
  TempDir dir;
  HttpServer server;
  std::uint16_t port = unused_port();
  std::unique_ptr<BackgroundProcess> daemon;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port) + "/"; }

  // Starts the daemon; true once it serves and has stored both sources
  // (the html source's five pages are committed one by one).
  bool start() {
    seed_site::serve(server, seed_site::read("meldungen.html"));
    server.on("/rss", rss_reply(rss_source_body()));
    const std::string listen = "127.0.0.1:" + std::to_string(port);
    dir.write("feeds.yaml", served_daemon_yaml(listen) + "publish:\n  base_url: " + base() +
                                "\n  title: Kommunal-Digital\n" + seed_sources_yaml(server) +
                                "  - id: beispielstadt\n    name: " + kFeedName +
                                "\n    type: feed\n    url: " + server.url("/rss") + "\n");
    daemon = std::make_unique<BackgroundProcess>(std::vector<std::string>{kBinary, "run"},
                                                 dir.path(), dir.path());
    auto served = served_port(*daemon);
    if (!served || *served != port) return false;
    return eventually([&] {
      auto html = stored(dir.path(), kSeedSourceId);
      auto feed = stored(dir.path(), "beispielstadt");
      auto store = kf::Store::open(dir.path() + "/state.db", kf::OpenMode::reader);
      if (!html || !feed || !store) return false;
      auto counts = store->source_counts(kSeedSourceId);
      return counts && counts->full == 5 && feed->articles == 2 && html->history.size() >= 2 &&
             feed->history.size() >= 2;
    });
  }

  bool stop() {
    daemon->signal(SIGTERM);
    return daemon->wait(15'000) == 0;
  }
};

struct BrowserRun {
  ProcessResult process;
  pugi::xml_document dom;
  std::vector<std::string> console;  // console messages, CSP violations among them
};

// Loads `url` in headless Chromium with a fresh profile under `dir`; the DOM
// after load, and with `screenshot` set, a PNG of a 1280×1800 window there.
std::unique_ptr<BrowserRun> browse(const TempDir& dir, const std::string& url,
                                   const std::string& screenshot = "") {
  auto run = std::make_unique<BrowserRun>();
  std::vector<std::string> argv = {"/usr/bin/env",
                                   "-i",
                                   "HOME=" + dir.path(),
                                   "PATH=/usr/bin:/bin",
                                   "LANG=C.UTF-8",
                                   kChromium,
                                   "--headless",
                                   "--no-sandbox",
                                   "--disable-gpu",
                                   "--disable-quic",
                                   "--no-first-run",
                                   "--disable-background-networking",
                                   "--disable-component-update",
                                   "--disable-sync",
                                   "--no-proxy-server",
                                   "--user-data-dir=" + dir.path() + "/profile",
                                   "--enable-logging=stderr",
                                   "--v=0",
                                   "--dump-dom"};
  if (!screenshot.empty()) {
    argv.push_back("--screenshot=" + screenshot);
    argv.push_back("--window-size=1280,1800");
  }
  argv.push_back(url);
  run->process = run_process(argv);
  kf::html::HtmlParser parser;
  kf::html::HtmlDocument doc;
  if (parser.parse(run->process.out, doc)) run->dom.reset(doc.doc);
  std::size_t pos = 0;
  const std::string& err = run->process.err;
  while (pos < err.size()) {
    std::size_t end = err.find('\n', pos);
    if (end == std::string::npos) end = err.size();
    const std::string line = err.substr(pos, end - pos);
    if (contains(line, ":CONSOLE") || contains(line, "Refused to")) run->console.push_back(line);
    pos = end + 1;
  }
  return run;
}

std::string text_of(pugi::xml_node node) {
  std::string out;
  for (auto t : node.select_nodes(".//text()")) out += t.node().value();
  return out;
}

std::string text_at(pugi::xml_node node, const char* xpath) {
  auto hit = node.select_node(xpath);
  return hit ? text_of(hit.node()) : std::string();
}

// "07.02.2025": the Berlin calendar day of an RFC 3339 UTC instant
// ("2025-02-07T10:10:00Z"), by the system's tz database.
std::string berlin_day(const std::string& rfc3339) {
  std::tm utc{};
  if (!strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%SZ", &utc)) return "?";
  const std::time_t t = timegm(&utc);
  setenv("TZ", "Europe/Berlin", 1);
  tzset();
  std::tm local{};
  localtime_r(&t, &local);
  char buf[16];
  std::strftime(buf, sizeof buf, "%d.%m.%Y", &local);
  return buf;
}

// Fails with what Chromium printed when it did not load the page cleanly.
void require_loaded(const BrowserRun& run) {
  INFO(run.process.err.substr(0, 4000));
  REQUIRE(run.process.exit_code == 0);
  REQUIRE(run.dom.select_node("//main"));
  std::string console;
  for (const auto& line : run.console) console += line + "\n";
  INFO("console:\n" << console);
  CHECK(run.console.empty());
}

// One browser test's world: checks that Chromium is installed (a clear
// failure, never a skip), starts the served site and loads its pages in a
// fresh profile, each required to load cleanly.
struct BrowserCase {
  ServedSite site;
  TempDir browser_dir;
  std::unique_ptr<BrowserRun> run;

  BrowserCase() {
    const std::string missing = missing_program(kChromium, "chromium");
    INFO(missing);
    REQUIRE(missing.empty());
    REQUIRE(site.start());
  }

  // Loads site.base() + path (and screenshots it to `png` when given).
  const BrowserRun& load(const std::string& path, const std::string& png = "") {
    run = browse(browser_dir, site.base() + path, png);
    require_loaded(*run);
    return *run;
  }
};

}  // namespace

TEST_CASE(
    "Headless Chromium shows the river with the stored entries grouped by day "
    "and writes a screenshot of it",
    "[app][daemon][browser]") {
  BrowserCase c;
  auto& site = c.site;
  const std::string png = c.browser_dir.path() + "/river.png";
  const auto* run = &c.load("", png);

  auto store = kf::Store::open(site.dir.path() + "/state.db", kf::OpenMode::reader);
  REQUIRE(store);
  auto articles = store->recent_articles(1000);
  REQUIRE(articles);
  std::map<std::string, kf::Article> stored_by_url;
  for (const auto& a : *articles) stored_by_url[a.url] = a;
  const std::map<std::string, std::string> source_names = {{kSeedSourceId, kScrapeName},
                                                           {"beispielstadt", kFeedName}};

  const auto& dom = run->dom;
  CHECK(text_of(dom.select_node("//title").node()) == "Neueste Meldungen – Kommunal-Digital");
  const std::string form = "//header/form[@role='search' and @action='" + site.base() + "search']";
  CHECK(dom.select_node((form + "/input[@name='q']").c_str()));
  std::set<std::string> shown_urls;
  std::vector<std::string> days;
  for (auto section : dom.select_nodes("//main/section")) {
    auto day = section.node().select_node("h2[@class='day']/time");
    REQUIRE(day);
    days.push_back(day.node().attribute("datetime").value());
    for (auto e : section.node().select_nodes("article[@class='entry']")) {
      auto entry = e.node();
      const std::string url = entry.select_node("h3/a").node().attribute("href").value();
      shown_urls.insert(url);
      auto it = stored_by_url.find(url);
      INFO("entry " << url);
      REQUIRE(it != stored_by_url.end());
      const kf::Article& a = it->second;
      CHECK(text_at(entry, "h3/a") == a.title);
      CHECK(text_at(entry, "p[@class='kicker']") == a.kicker);
      CHECK(text_at(entry, "p[@class='meta']/span[@class='source']") ==
            source_names.at(a.source_id));
      // The entry stands under the Berlin day of its own time.
      auto time = entry.select_node("p[@class='meta']/time").node();
      const std::string day_iso = days.back();  // "2025-02-07"
      const std::string day_de =
          day_iso.substr(8, 2) + "." + day_iso.substr(5, 2) + "." + day_iso.substr(0, 4);
      CHECK(berlin_day(time.attribute("datetime").value()) == day_de);
      CHECK(std::string(time.child_value()).starts_with(day_de));
    }
  }
  std::set<std::string> stored_urls;
  for (const auto& [url, a] : stored_by_url) stored_urls.insert(url);
  CHECK(shown_urls == stored_urls);
  CHECK(shown_urls.size() == 35);  // 5 articles, 28 teasers, 2 feed entries
  // Each day once, newest first; the feed's 23:30 UTC entry is the 12th in Berlin.
  CHECK(std::adjacent_find(days.begin(), days.end(), std::less_equal<>()) == days.end());
  CHECK(std::count(days.begin(), days.end(), "2025-02-12") == 1);
  CHECK(text_at(dom.document_element(),
                "//article[h3/a='Bürgerbüro bietet Online-Termine']/p[@class='meta']/time")
            .starts_with("12.02.2025 00:30"));

  // A PNG of a real page, not an error tab: header, size, dimensions.
  std::ifstream in(png, std::ios::binary);
  REQUIRE(in);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() > 24);
  CHECK(bytes.substr(0, 8) == std::string("\x89PNG\r\n\x1a\n", 8));
  auto be32 = [&](std::size_t at) {
    return (std::uint32_t(std::uint8_t(bytes[at])) << 24) |
           (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16) |
           (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) |
           std::uint32_t(std::uint8_t(bytes[at + 3]));
  };
  CHECK(be32(16) == 1280);  // IHDR width, height
  CHECK(be32(20) == 1800);
  CHECK(bytes.size() > 50'000);  // text and layout, not a blank page
  if (const char* keep = std::getenv("KF_SCREENSHOT_OUT"))
    std::ofstream(keep, std::ios::binary) << bytes;
  CHECK(site.stop());
}

TEST_CASE(
    "Headless Chromium shows search results with the article that has the word and not an "
    "unrelated one",
    "[app][daemon][browser]") {
  BrowserCase c;
  auto& site = c.site;
  // "Steuerungsgruppe" stands only in the body of the Bremen article.
  const auto* run = &c.load("search?q=Steuerungsgruppe");
  const auto& dom = run->dom;
  CHECK(dom.select_node("//input[@name='q' and @value='Steuerungsgruppe']"));
  std::set<std::string> titles;
  for (auto e : dom.select_nodes("//main//article[@class='entry']"))
    titles.insert(text_at(e.node(), "h3/a"));
  CHECK(titles == std::set<std::string>{"Digitalisierungsaufgaben vom IT-PLR"});
  CHECK(!titles.contains("Aus D16 wird die Digitalministerkonferenz"));
  CHECK(text_at(dom.document_element(), "//article[@class='entry']/p[@class='kicker']") ==
        "Bremen");
  CHECK(site.stop());
}

TEST_CASE("Headless Chromium shows one row per source with its id and status and a sparkline",
          "[app][daemon][browser]") {
  BrowserCase c;
  auto& site = c.site;
  const auto* run = &c.load("sources");
  const auto& dom = run->dom;
  auto rows = dom.select_nodes("//table[@class='sources']/tbody/tr");
  CHECK(rows.size() == 2);
  const std::map<std::string, std::string> names = {{kSeedSourceId, kScrapeName},
                                                    {"beispielstadt", kFeedName}};
  for (const auto& [id, name] : names) {
    INFO("source " << id);
    auto row = dom.select_node(("//tr[@id='source-" + id + "']").c_str()).node();
    REQUIRE(row);
    CHECK(text_at(row, "td[1]/strong") == name);
    CHECK(row.select_node(("td[1]/a[@href='" + site.base() + "sources/" + id + ".atom']").c_str()));
    CHECK(text_at(row, "td[4]") == "200");
    CHECK(text_at(row, "td[5]") == "–");
    auto svg = row.select_node("td[8]/svg[@class='spark']").node();
    REQUIRE(svg);
    CHECK(svg.select_nodes("rect").size() >= 2);  // one bar per fetch, at least two rounds
    CHECK(std::string(svg.attribute("aria-label").value()).find("0 fehlgeschlagen") !=
          std::string::npos);
  }
  CHECK(site.stop());
}
