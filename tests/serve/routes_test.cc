// The routes of the server over a real database: status, media type and key
// content of every route, paging, caching, conditional requests and hostile
// parameters.
#include "serve/routes.h"

#include <catch2/catch.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "serve/entity.h"
#include "serve/pipeline.h"
#include "site_fixture.h"

using kf::serve::Request;
using kf::serve::Response;

namespace {

// The daemon's side: a filled database, kept open as the daemon would.
kf::Store open_filled(const std::string& db) {
  auto s = kf::Store::open(db, kf::OpenMode::daemon);
  if (!s) FAIL(s.error().message);
  kf::test::fill_store(*s);
  return std::move(*s);
}

struct World {
  kf::test::TempDir dir;
  std::string db = dir.path() + "/kf.db";
  kf::Store writer = open_filled(db);
  std::atomic<std::uint64_t> generation{1};
  bool alive = true;
  kf::serve::Site site{kf::test::site_config(db), &generation, [this] { return alive; }};

  // One request through the whole pipeline, as the server sends it, and
  // counted as the daemon's Server::Options::on_reply counts it.
  kf::serve::Reply get(const std::string& target, kf::serve::Fields headers = {},
                       std::string method = "GET") {
    Request r;
    r.method = std::move(method);
    r.target = target;
    r.headers = std::move(headers);
    kf::serve::Reply reply = kf::serve::handle_request(std::move(r), site.handler());
    site.metrics().record_request(reply.route, reply.status);
    return reply;
  }
};

std::string header(const kf::serve::Reply& reply, std::string_view name) {
  return std::string(reply.header(name).value_or("<absent>"));
}

std::string body(const kf::serve::Reply& r) { return std::string(r.payload); }

// The href of the feed-level atom:link with `rel`, "<absent>" when none.
std::string atom_link(const std::string& xml, const std::string& rel) {
  pugi::xml_document doc;
  if (!doc.load_buffer(xml.data(), xml.size())) return "<not xml>";
  for (auto link : doc.child("feed").children("link")) {
    if (rel == link.attribute("rel").value()) return link.attribute("href").value();
  }
  return "<absent>";
}

int count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the river shows the newest articles grouped by Berlin day with a search form", "[serve]") {
  World w;
  auto r = w.get("/");
  CHECK(r.status == 200);
  CHECK(header(r, "Content-Type") == "text/html; charset=utf-8");
  std::string b = body(r);
  CHECK(b.starts_with("<!DOCTYPE html>"));
  CHECK(b.find("Digitalisierung Nummer 5") != std::string::npos);
  CHECK(b.find("Digitalisierung Nummer 3") != std::string::npos);
  CHECK(b.find("Digitalisierung Nummer 2") == std::string::npos);  // limit 3
  CHECK(b.find("<form class=\"search\" action=\"http://127.0.0.1:8080/search\"") !=
        std::string::npos);
  CHECK(b.find("Montag, 6. Januar 2025") != std::string::npos);
  CHECK(b.find("<link rel=\"alternate\" type=\"application/atom+xml\"") != std::string::npos);
  CHECK(b.find("href=\"http://127.0.0.1:8080/?page=2\"") != std::string::npos);
  CHECK(b.find("<script") == std::string::npos);
}

TEST_CASE("a hostile title and kicker are escaped on the river and insecure images are left out",
          "[serve]") {
  World w;
  auto r = w.get("/?page=2");
  std::string b = body(r);
  CHECK(r.status == 200);
  CHECK(b.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"Zitat\"") != std::string::npos);
  CHECK(b.find("&lt;b&gt;Kicker&lt;/b&gt;") != std::string::npos);
  CHECK(b.find("<script>") == std::string::npos);
  CHECK(b.find("http://insecure.example.org/x.jpg") == std::string::npos);
  CHECK(b.find("alt=\"Rathaus Nr. 2\"") != std::string::npos);
}

TEST_CASE("feed pages carry RFC 5005 next and previous links only where they apply", "[serve]") {
  World w;
  auto first = body(w.get("/feeds/all.atom"));
  CHECK(atom_link(first, "next") == "http://127.0.0.1:8080/feeds/all.atom?page=2");
  CHECK(atom_link(first, "previous") == "<absent>");
  CHECK(count(first, "<entry>") == 3);
  auto second = body(w.get("/feeds/all.atom?page=2"));
  CHECK(atom_link(second, "previous") == "http://127.0.0.1:8080/feeds/all.atom");
  CHECK(atom_link(second, "next") == "<absent>");
  CHECK(count(second, "<entry>") == 3);
}

TEST_CASE("every output format has its media type and an output filter applies", "[serve]") {
  World w;
  auto rss = w.get("/feeds/bremen.rss");
  CHECK(rss.status == 200);
  CHECK(header(rss, "Content-Type") == "application/rss+xml; charset=utf-8");
  CHECK(count(body(rss), "<item>") == 3);  // kickers Bremen: articles 1, 3, 5
  auto json = w.get("/feeds/bremen.json");
  CHECK(header(json, "Content-Type") == "application/feed+json; charset=utf-8");
  CHECK(body(json).find("\"version\": \"https://jsonfeed.org/version/1.1\"") != std::string::npos);
  CHECK(w.get("/feeds/nope.atom").status == 404);
  CHECK(w.get("/feeds/all.xml").status == 404);
  auto alias = w.get("/feed.atom");
  CHECK(header(alias, "Content-Type") == "application/atom+xml; charset=utf-8");
  CHECK(atom_link(body(alias), "self") == "http://127.0.0.1:8080/feed.atom");
}

TEST_CASE("a source's feed holds only that source's articles", "[serve]") {
  World w;
  auto r = w.get("/sources/egovernment.atom");
  CHECK(r.status == 200);
  CHECK(count(body(r), "<entry>") == 1);
  CHECK(body(r).find("&lt;script&gt;") != std::string::npos);
  CHECK(count(body(w.get("/sources/kommune21.atom")), "<entry>") == 5);
  CHECK(w.get("/sources/unknown.atom").status == 404);
}

TEST_CASE("hostile page parameters give 400 or an empty page and limit is ignored", "[serve]") {
  World w;
  CHECK(w.get("/feeds/all.atom?page=-1").status == 400);
  CHECK(w.get("/feeds/all.atom?page=abc").status == 400);
  CHECK(w.get("/feeds/all.atom?page=0").status == 400);
  CHECK(w.get("/?page=1e3").status == 400);
  CHECK(w.get("/feeds/all.atom?page=99999999").status == 400);
  auto deep = w.get("/feeds/all.atom?page=999999");
  CHECK(deep.status == 200);
  CHECK(count(body(deep), "<entry>") == 0);
  CHECK(count(body(w.get("/sources/kommune21.atom?page=999999")), "<entry>") == 0);
  CHECK(count(body(w.get("/feeds/all.atom?limit=1000000")), "<entry>") == 3);
}

TEST_CASE("the sources page lists every source with its state and a sparkline", "[serve]") {
  World w;
  auto r = w.get("/sources");
  std::string b = body(r);
  CHECK(r.status == 200);
  CHECK(b.find("Kommune21") != std::string::npos);
  CHECK(b.find("eGovernment &lt;Nachrichten&gt;") != std::string::npos);
  CHECK(b.find("https://www.egovernment.de/news/?a=1&amp;b=2") != std::string::npos);
  CHECK(b.find("fetch: &lt;timeout&gt;") != std::string::npos);
  CHECK(b.find("(2× in Folge)") != std::string::npos);
  CHECK(b.find("<td>503</td>") != std::string::npos);
  CHECK(count(b, "<svg class=\"spark\"") == 1);
  CHECK(count(b, "<rect ") == 6);
  CHECK(b.find("6 Abrufe, 1 fehlgeschlagen") != std::string::npos);
}

TEST_CASE("search finds articles as an HTML page or an Atom feed", "[serve]") {
  World w;
  auto html = w.get("/search?q=Nummer%204");
  CHECK(html.status == 200);
  CHECK(body(html).find("Digitalisierung Nummer 4") != std::string::npos);
  CHECK(body(html).find("value=\"Nummer 4\"") != std::string::npos);
  auto atom = w.get("/search?q=digital&format=atom");
  CHECK(header(atom, "Content-Type") == "application/atom+xml; charset=utf-8");
  CHECK(count(body(atom), "<entry>") == 6);
  auto hostile = w.get("/search?q=%22%3Cscript%3E");
  CHECK(hostile.status == 200);
  CHECK(body(hostile).find("value=\"&quot;&lt;script&gt;\"") != std::string::npos);
  CHECK(w.get("/search?q=x&format=exe").status == 400);
  CHECK(body(w.get("/search")).find("Bitte einen Suchbegriff eingeben.") != std::string::npos);
}

TEST_CASE("the OPML list parses as XML and names every source", "[serve]") {
  World w;
  auto r = w.get("/opml");
  CHECK(header(r, "Content-Type") == "text/x-opml; charset=utf-8");
  pugi::xml_document doc;
  std::string b = body(r);
  REQUIRE(doc.load_buffer(b.data(), b.size()));
  CHECK(std::string(doc.child("opml").attribute("version").value()) == "2.0");
  auto first = doc.child("opml").child("body").child("outline");
  CHECK(std::string(first.attribute("xmlUrl").value()) == "https://www.kommune21.de/rss");
  auto second = first.next_sibling("outline");
  CHECK(std::string(second.attribute("text").value()) == "eGovernment <Nachrichten>");
  CHECK(std::string(second.attribute("type").value()) == "link");
}

TEST_CASE("healthz answers ok only while the database answers and the loop lives", "[serve]") {
  World w;
  auto ok = w.get("/healthz");
  CHECK(ok.status == 200);
  CHECK(body(ok) == "ok\n");
  w.alive = false;
  CHECK(w.get("/healthz").status == 503);
  kf::test::TempDir empty;
  auto config = kf::test::site_config(empty.path() + "/missing.db");
  kf::serve::Site lonely(config, nullptr);
  Request r;
  r.path = "/healthz";
  CHECK(lonely.handle(r).status == 503);
}

TEST_CASE("metrics are in the Prometheus text format with articles, requests and fetches",
          "[serve]") {
  World w;
  w.site.metrics().record_fetch("kommune21", "ok", 0.3);
  w.site.metrics().record_fetch("kommune21", "error", 7);
  w.site.metrics().record_dedup_merge(2);
  w.get("/");
  w.get("/nowhere");
  const std::string etag = header(w.get("/feed.atom"), "ETag");
  CHECK(w.get("/feed.atom", {{"if-none-match", etag}}).status == 304);
  CHECK(w.get("/feed.atom", {}, "POST").status == 405);
  std::string b = body(w.get("/metrics"));
  for (std::string_view want : {
           "# TYPE kommunalfeed_articles gauge\n",
           "kommunalfeed_articles{completeness=\"full\"} 6\n",
           "kommunalfeed_articles{completeness=\"teaser\"} 0\n",
           "kommunalfeed_http_requests_total{route=\"river\",status=\"200\"} 1\n",
           "kommunalfeed_http_requests_total{route=\"not_found\",status=\"404\"} 1\n",
           // A 304 is counted as one: the conditional layer decides it after the route.
           "kommunalfeed_http_requests_total{route=\"feed\",status=\"200\"} 1\n",
           "kommunalfeed_http_requests_total{route=\"feed\",status=\"304\"} 1\n",
           "kommunalfeed_http_requests_total{route=\"invalid\",status=\"405\"} 1\n",
           "kommunalfeed_fetches_total{source=\"kommune21\",outcome=\"error\"} 1\n",
           "kommunalfeed_fetch_duration_seconds_bucket{source=\"kommune21\",le=\"0.5\"} 1\n",
           "kommunalfeed_fetch_duration_seconds_bucket{source=\"kommune21\",le=\"+Inf\"} 2\n",
           "kommunalfeed_fetch_duration_seconds_count{source=\"kommune21\"} 2\n",
           "kommunalfeed_dedup_merges_total 2\n",
       }) {
    INFO(want);
    CHECK(b.find(want) != std::string::npos);
  }
  std::istringstream lines(b);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("#")) continue;
    INFO(line);
    CHECK(line.starts_with("kommunalfeed_"));
    CHECK(line.find(' ') != std::string::npos);
  }
}

TEST_CASE("unknown paths get an HTML 404 page that escapes the path", "[serve]") {
  World w;
  auto r = w.get("/%3Cb%3Ex");
  CHECK(r.status == 404);
  CHECK(header(r, "Content-Type") == "text/html; charset=utf-8");
  INFO(body(r));
  CHECK(body(r).find("<code>/&lt;b&gt;x</code>") != std::string::npos);
}

TEST_CASE("a repeated request is answered from the cache until the generation moves", "[serve]") {
  World w;
  auto a = w.get("/feeds/all.atom");
  auto b = w.get("/feeds/all.atom");
  CHECK(a.owner == b.owner);  // the same cached Entity
  CHECK(header(a, "Cache-Control") == "max-age=120");
  CHECK(header(a, "Last-Modified") == "Mon, 06 Jan 2025 17:00:00 GMT");
  kf::Article newer = kf::test::numbered_article(9);
  REQUIRE(w.writer.upsert_article(newer));
  CHECK(body(w.get("/feeds/all.atom")).find("Nummer 9") == std::string::npos);  // stale: same gen
  ++w.generation;
  CHECK(body(w.get("/feeds/all.atom")).find("Nummer 9") != std::string::npos);
}

TEST_CASE("conditional GET gives 304, HEAD no body and gzip when accepted", "[serve]") {
  World w;
  auto full = w.get("/feeds/all.atom");
  std::string etag = header(full, "ETag");
  REQUIRE(etag != "<absent>");
  auto again = w.get("/feeds/all.atom", {{"if-none-match", etag}});
  CHECK(again.status == 304);
  CHECK(again.payload.empty());
  auto since = w.get("/feeds/all.atom", {{"if-modified-since", header(full, "Last-Modified")}});
  CHECK(since.status == 304);
  auto head = w.get("/feeds/all.atom", {}, "HEAD");
  CHECK(head.status == 200);
  CHECK(head.payload.empty());
  CHECK(head.content_length == full.payload.size());
  auto gz = w.get("/", {{"accept-encoding", "gzip"}});
  CHECK(header(gz, "Content-Encoding") == "gzip");
  CHECK(gz.payload.substr(0, 2) == std::string_view("\x1f\x8b", 2));
  CHECK(header(w.get("/style.css"), "Content-Type") == "text/css; charset=utf-8");
}

TEST_CASE("the feed built from a store passes the W3C feed validator", "[serve]") {
  World w;
  for (const std::string path : {"/feed.atom", "/feeds/all.rss"}) {
    std::string url = "http://127.0.0.1:8080" + path;
    auto r = w.get(path);
    REQUIRE(r.status == 200);
    std::string file = w.dir.write("feed" + path.substr(path.size() - 4), body(r));
    auto run = kf::test::run_process({"/usr/bin/python3",
                                      std::string(KF_SHARED_DIR) + "/feedvalidator/validate.py",
                                      file, "--level", "AA", "--base", url});
    INFO(run.out + run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find("ERROR") == std::string::npos);
    CHECK(run.out.find("FATAL") == std::string::npos);
  }
}
