// A real feed reader as the client: newsboat (Debian package) subscribes to
// the running daemon's /feed.atom on loopback. Checked through newsboat's own
// cache (table rss_item): it shows what the sources published, and neither an
// edited entry nor a teaser upgraded to its full article comes back as a new
// unread entry — while newsboat did take the new text. Newsboat marks every
// guid it has not seen as unread (the first reload shows that), so a changed
// entry id would show up here as an extra unread entry.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <csignal>
#include <map>
#include <set>

#include "app/client_fixture.h"

using namespace kf::test;

namespace {

const std::string kNewsboat = "/usr/bin/newsboat";

// One row of newsboat's rss_item table.
struct NewsItem {
  std::string guid, title, url, content;
  bool unread = false;
};

// newsboat with its own urls file, config and cache in `dir`, and HOME
// there too, so nothing of the user's setup or environment (proxies) counts.
class Newsboat {
 public:
  Newsboat(const TempDir& dir, const std::string& feed_url)
      : home_(dir.path()), cache_(dir.path() + "/cache.db") {
    urls_ = dir.write("urls", feed_url + "\n");
    // No reader-side "mark updated entries unread": the default, and what
    // the check is about is the entry id, not that option.
    config_ = dir.write("config", "auto-reload no\ndownload-retries 1\ndownload-timeout 10\n");
  }

  // Runs `newsboat -x <command>`; its exit code and output.
  ProcessResult run(const std::string& command) const {
    return run_process({"/usr/bin/env", "-i", "HOME=" + home_, "PATH=/usr/bin:/bin", "LANG=C.UTF-8",
                        kNewsboat, "-u", urls_, "-c", cache_, "-C", config_, "-x", command});
  }

  // The count `print-unread` reports ("N unread articles"); -1 when unparsable.
  int unread_count() const {
    auto r = run("print-unread");
    static const std::regex line(R"((\d+) unread articles)");
    std::smatch m;
    if (r.exit_code != 0 || !std::regex_search(r.out, m, line)) return -1;
    return std::stoi(m[1]);
  }

  std::vector<NewsItem> items() const {
    std::vector<NewsItem> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(cache_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      sqlite3_close(db);
      return out;
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db,
                           "SELECT guid, title, url, content, unread FROM rss_item "
                           "WHERE deleted = 0 ORDER BY id",
                           -1, &st, nullptr) == SQLITE_OK) {
      auto text = [&](int col) {
        const auto* p = sqlite3_column_text(st, col);
        return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
      };
      while (sqlite3_step(st) == SQLITE_ROW)
        out.push_back({text(0), text(1), text(2), text(3), sqlite3_column_int(st, 4) != 0});
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  // What a user's "mark all read" does; the number of rows changed.
  int mark_all_read() const {
    sqlite3* db = nullptr;
    int changed = -1;
    if (sqlite3_open_v2(cache_.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, "UPDATE rss_item SET unread = 0", -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_DONE)
        changed = sqlite3_changes(db);
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return changed;
  }

 private:
  std::string home_, cache_, urls_, config_;
};

int unread_in(const std::vector<NewsItem>& items) {
  int n = 0;
  for (const auto& i : items) n += i.unread;
  return n;
}

std::set<std::string> guids(const std::vector<NewsItem>& items) {
  std::set<std::string> out;
  for (const auto& i : items) out.insert(i.guid);
  return out;
}

const NewsItem* item_with_url(const std::vector<NewsItem>& items, const std::string& url) {
  for (const auto& i : items)
    if (i.url == url) return &i;
  return nullptr;
}

// Reloads newsboat and checks that it lists the same entries as `before`
// (same count, same guids) and none of them unread: what a reader sees when
// an entry's text changed upstream. Returns the entries after the reload.
std::vector<NewsItem> reload_expecting_no_new_unread(Newsboat& newsboat,
                                                     const std::vector<NewsItem>& before) {
  auto reload = newsboat.run("reload");
  INFO(reload.out << reload.err);
  REQUIRE(reload.exit_code == 0);
  auto after = newsboat.items();
  CHECK(after.size() == before.size());
  CHECK(guids(after) == guids(before));
  CHECK(unread_in(after) == 0);
  CHECK(newsboat.unread_count() == 0);
  return after;
}

// An entry as the municipality's RSS feed publishes it.
struct Published {
  std::string title, link, text;
};

std::string rss_of(const std::vector<Published>& entries) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
      "<title>Gemeinde Beispielstadt</title><link>https://www.beispielstadt.test/</link>\n";
  int minute = 10;
  for (const auto& e : entries) {
    out += "<item><title>" + e.title + "</title><link>" + e.link +
           "</link><pubDate>Fri, 07 Feb 2025 10:" + std::to_string(minute++) +
           ":00 GMT</pubDate><description>" + e.text + "</description></item>\n";
  }
  return out + "</channel></rss>\n";
}

const std::vector<Published> kPublished = {
    {"Glasfaser für alle Ortsteile", "https://www.beispielstadt.test/aktuelles/glasfaser",
     "Der Ausbau des Glasfasernetzes erreicht die letzten Ortsteile."},
    {"Bürgerbüro bietet Online-Termine", "https://www.beispielstadt.test/aktuelles/termine",
     "Termine im Bürgerbüro lassen sich nun online buchen."},
    {"Neue Ratsinformationen im Netz", "https://www.beispielstadt.test/aktuelles/ratsinfo",
     "Sitzungen und Beschlüsse des Rates stehen jetzt online."}};

std::string feed_source_yaml(const HttpServer& server) {
  return "sources:\n  - id: beispielstadt\n    name: Gemeinde Beispielstadt\n    type: feed\n"
         "    url: " +
         server.url("/rss") + "\n";
}

// The article stored for `url`, read beside the running daemon.
std::optional<kf::Article> stored_article(const std::string& dir, const std::string& url) {
  auto store = kf::Store::open(dir + "/state.db", kf::OpenMode::reader);
  if (!store) return std::nullopt;
  auto a = store->find_article_by_url(url);
  if (!a || !*a) return std::nullopt;
  return **a;
}

// Waits until the store and the served feed both hold `text`.
bool served_everywhere(const std::string& dir, const std::string& feed_url, const std::string& url,
                       const std::string& text) {
  return eventually([&] {
    auto a = stored_article(dir, url);
    if (!a || !(contains(a->summary, text) || contains(a->content_html, text))) return false;
    auto feed = http_get(feed_url);
    return feed.status == 200 && contains(feed.body, text);
  });
}

}  // namespace

TEST_CASE(
    "newsboat subscribed to /feed.atom shows exactly the entries a source published "
    "and no new unread entry after the source edited one",
    "[app][daemon][reader]") {
  const std::string missing = missing_program(kNewsboat, "newsboat");
  INFO(missing);
  REQUIRE(missing.empty());
  TempDir dir, reader_dir;
  HttpServer server;
  server.on("/rss", rss_reply(rss_of(kPublished)));
  dir.write("feeds.yaml", served_daemon_yaml("127.0.0.1:0") + feed_source_yaml(server));
  BackgroundProcess daemon({kBinary, "run"}, dir.path(), dir.path());
  auto port = served_port(daemon);
  INFO(daemon.err());
  REQUIRE(port);
  const std::string feed_url = "http://127.0.0.1:" + std::to_string(*port) + "/feed.atom";
  for (const auto& p : kPublished) REQUIRE(served_everywhere(dir.path(), feed_url, p.link, p.text));

  Newsboat newsboat(reader_dir, feed_url);
  auto reload = newsboat.run("reload");
  INFO(reload.out << reload.err);
  REQUIRE(reload.exit_code == 0);
  const auto first = newsboat.items();
  std::map<std::string, std::string> title_of_link, published_titles;
  for (const auto& i : first) title_of_link[i.url] = i.title;
  for (const auto& p : kPublished) published_titles[p.link] = p.title;
  CHECK(first.size() == kPublished.size());
  CHECK(title_of_link == published_titles);
  CHECK(unread_in(first) == int(kPublished.size()));
  CHECK(newsboat.unread_count() == int(kPublished.size()));

  SECTION("the source edits an entry's title and text under the same link") {
    REQUIRE(newsboat.mark_all_read() == int(first.size()));
    REQUIRE(newsboat.unread_count() == 0);
    auto edited = kPublished;
    edited[1].title = "Bürgerbüro bietet Online-Termine auch samstags";
    edited[1].text = "Termine im Bürgerbüro lassen sich nun online buchen, auch für Samstage.";
    server.on("/rss", rss_reply(rss_of(edited)));
    // The daemon refetches every second on its own (interval: 1s).
    REQUIRE(served_everywhere(dir.path(), feed_url, edited[1].link, edited[1].text));

    const auto second = reload_expecting_no_new_unread(newsboat, first);
    const NewsItem* item = item_with_url(second, edited[1].link);
    REQUIRE(item);
    CHECK(contains(item->content, edited[1].text));  // newsboat did take the update
    CHECK(item->title == edited[1].title);
  }

  CHECK(daemon.running());
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15'000) == 0);
}

TEST_CASE("newsboat shows no new unread entry when a teaser is upgraded to its full article",
          "[app][daemon][reader][scrape]") {
  const std::string missing = missing_program(kNewsboat, "newsboat");
  INFO(missing);
  REQUIRE(missing.empty());
  namespace fx = seed_site;
  TempDir dir, reader_dir;
  HttpServer server;
  // The listing links only article A; A's page teases B among others.
  const std::string a_path = "/artikel/" + fx::kArticles[0];
  const std::string b_path = "/artikel/hamburg-neue-digitalstrategie-vorgestellt.html";
  const auto entries = fx::listing_entries(fx::read("meldungen.html"));
  REQUIRE(entries.size() == 5);
  REQUIRE(contains(fx::read("artikel/" + fx::kArticles[0]), "href=\"" + b_path + "\""));
  fx::serve(server, fx::listing_with({entries[0]}));
  dir.write("feeds.yaml", served_daemon_yaml("127.0.0.1:0") + seed_sources_yaml(server));
  BackgroundProcess daemon({kBinary, "run"}, dir.path(), dir.path());
  auto port = served_port(daemon);
  INFO(daemon.err());
  REQUIRE(port);
  const std::string feed_url = "http://127.0.0.1:" + std::to_string(*port) + "/feed.atom";
  const std::string b_url = server.url(b_path);
  REQUIRE(eventually([&] {
    auto b = stored_article(dir.path(), b_url);
    return b && b->completeness == kf::Completeness::teaser;
  }));
  // A's page (A and its teasers) is committed in one transaction.
  auto store = kf::Store::open(dir.path() + "/state.db", kf::OpenMode::reader);
  REQUIRE(store);
  auto stored = store->recent_articles(1000);
  REQUIRE(stored);
  REQUIRE(stored->size() > 2);
  REQUIRE(eventually([&] {
    auto feed = http_get(feed_url);
    return feed.status == 200 && contains(feed.body, b_url);
  }));

  Newsboat newsboat(reader_dir, feed_url);
  auto reload = newsboat.run("reload");
  INFO(reload.out << reload.err);
  REQUIRE(reload.exit_code == 0);
  const auto first = newsboat.items();
  CHECK(first.size() == stored->size());
  CHECK(unread_in(first) == int(first.size()));
  const NewsItem* teaser = item_with_url(first, b_url);
  REQUIRE(teaser);
  CHECK(teaser->title == "Neue Digitalstrategie vorgestellt");
  const std::string full_text = "Steuerungsgruppe aus Verwaltung und Wirtschaft";
  CHECK(!contains(teaser->content, full_text));
  REQUIRE(newsboat.mark_all_read() == int(first.size()));

  // The site now lists B too and serves its page: another article's body
  // under B's headline, without sidebar (its teasers would be new entries).
  std::string page =
      fx::replace_all(fx::read("artikel/" + fx::kArticles[2]), fx::kSite, server.url(""));
  page = fx::replace_all(page, server.url("/artikel/" + fx::kArticles[2]), b_url);
  page = fx::replace_all(
      page, "<span class=\"dachzeile\">Bremen</span>Digitalisierungsaufgaben vom IT-PLR",
      "<span class=\"dachzeile\">Hamburg</span>Neue Digitalstrategie vorgestellt");
  page = fx::replace_all(page, "[03.07.2018]", "[22.01.2025]");
  const std::size_t aside = page.find("<aside");
  REQUIRE(aside != std::string::npos);
  page.erase(aside, page.find("</aside>") + 8 - aside);
  server.on(b_path, fx::html(page));
  fx::serve(server, fx::listing_with({entries[0], fx::replace_all(entries[0], a_path, b_path)}));
  REQUIRE(eventually([&] {
    auto b = stored_article(dir.path(), b_url);
    return b && b->completeness == kf::Completeness::full;
  }));
  {
    // Shows, on failure, whether the store or only the served feed lags.
    const bool served = served_everywhere(dir.path(), feed_url, b_url, full_text);
    auto b = stored_article(dir.path(), b_url);
    INFO("stored B has the full text: " << (b && contains(b->content_html, full_text)));
    REQUIRE(served);
  }
  CHECK(server.hits(b_path) == 1);

  const auto second = reload_expecting_no_new_unread(newsboat, first);
  const NewsItem* full = item_with_url(second, b_url);
  REQUIRE(full);
  CHECK(full->guid == teaser->guid);
  CHECK(contains(full->content, full_text));  // newsboat took the full article

  CHECK(daemon.running());
  daemon.signal(SIGTERM);
  CHECK(daemon.wait(15'000) == 0);
}
