// The scrape fixtures as a live site for the daemon's end-to-end tests: a
// kommune21-like listing and five article pages (built from the seed texts by
// tests/scrape/make_fixtures.py), served by the loopback HttpServer with the
// site's URLs rewritten to the server's, and the fixture feeds.yaml pointed
// at it. Test code only; not thread-safe (each test owns its server).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/http_server.h"

namespace kf::test::seed_site {

inline const std::string kFixtures = std::string(KF_TEST_DATA) + "/scrape/fixtures/";
inline const std::string kSite = "https://www.kommune21.test";
inline const std::vector<std::string> kArticles = {
    "politik-aus-d16-wird-die-digitalministerkonferenz.html",
    "baden-wuerttemberg-sachsen-kooperation-vertieft.html",
    "bremen-digitalisierungsaufgaben-vom-it-plr.html",
    "potsdam-impulse-fuer-die-digitalisierung.html",
    "kooperatives-e-government-modellvorhaben-wird-fortgesetzt.html"};

// The bytes of fixture `name` (relative to tests/scrape/fixtures/).
inline std::string read(const std::string& name) {
  std::ifstream in(kFixtures + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
    s.replace(pos, from.size(), to);
  return s;
}

inline Reply html(std::string body) {
  return {.status = 200, .headers = {{"Content-Type", "text/html; charset=utf-8"}}, .body = std::move(body)};
}

// The listing's entries (two lines each), in page order.
inline std::vector<std::string> listing_entries(const std::string& listing) {
  std::vector<std::string> out;
  for (std::size_t pos = 0; (pos = listing.find("  <article class=\"post\">", pos)) != std::string::npos;) {
    const std::size_t end = listing.find("</article>\n", pos) + 11;
    out.push_back(listing.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

// The listing with `entries` in place of its own.
inline std::string listing_with(const std::vector<std::string>& entries) {
  const std::string listing = read("meldungen.html");
  const auto own = listing_entries(listing);
  const std::size_t begin = listing.find(own.front());
  const std::size_t end = listing.find(own.back()) + own.back().size();
  std::string middle;
  for (const auto& e : entries) middle += e;
  return listing.substr(0, begin) + middle + listing.substr(end);
}

// Serves `listing` and the five articles with the site's URLs pointing at `server`.
inline void serve(HttpServer& server, const std::string& listing) {
  const std::string base = server.url("");
  server.on("/meldungen/", html(replace_all(listing, kSite, base)));
  for (const auto& a : kArticles)
    server.on("/artikel/" + a, html(replace_all(read("artikel/" + a), kSite, base)));
}

// The fixture feeds.yaml pointed at `server`, with a test `daemon:` block
// (database state.db, free port, loopback allowed) and `tail` appended (e.g.
// a `publish:` section).
inline std::string config(const HttpServer& server, const std::string& tail = "") {
  std::string yaml = replace_all(read("feeds.yaml"), kSite + "/meldungen/", server.url("/meldungen/"));
  return "daemon:\n  listen: 127.0.0.1:0\n  database: state.db\n  min_interval: 1s\n  allow_private_networks: true\n"
         "  timeout: 5s\n  per_host: {concurrency: 2, delay: 0}\n" + yaml + tail;
}

}  // namespace kf::test::seed_site
