// Shared helpers of the end-to-end tests in which real clients (newsboat,
// headless Chromium) read what the real daemon serves in `run` mode: a
// check that a client program is installed, a feeds.yaml writer for a
// served daemon, reading the port it chose from its log, a plain HTTP GET
// (libcurl, no proxy), and the seed site's source (app/seed_site.h serves
// the scrape fixtures) without the fixture's rule-less second source.
// Test code only; not thread-safe (each test case owns its own objects).
#pragma once

#include <curl/curl.h>
#include <unistd.h>

#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "app/daemon_fixture.h"
#include "app/seed_site.h"

namespace kf::test {

// "" when `path` is an executable file, else the message a test fails with:
// CI installs the clients, so a missing one is an error, never a skip.
inline std::string missing_program(const std::string& path, const std::string& package) {
  if (::access(path.c_str(), X_OK) == 0) return "";
  return path + " is not installed (Debian package '" + package + "'); this test needs it";
}

// The `daemon:` section every served test uses: loopback sources allowed,
// every source refetched each second, no politeness delay. `listen` is
// "127.0.0.1:0" (free port, read it with served_port) or a fixed port.
inline std::string served_daemon_yaml(const std::string& listen) {
  return "daemon:\n  listen: " + listen +
         "\n  database: state.db\n  min_interval: 1s\n  interval: 1s\n"
         "  allow_private_networks: true\n  timeout: 5s\n"
         "  per_host: {concurrency: 2, delay: 0}\n";
}

// Waits until the daemon logged where it serves; the port, or nullopt when
// the line did not come within `timeout_ms`.
inline std::optional<std::uint16_t> served_port(const BackgroundProcess& daemon,
                                                int timeout_ms = 15'000) {
  if (!daemon.wait_for_log("(feed: /feed.atom)", timeout_ms)) return std::nullopt;
  static const std::regex line(R"(serving on http://127\.0\.0\.1:(\d+)/ \(feed: /feed\.atom\))");
  const std::string log = daemon.err();
  std::smatch m;
  if (!std::regex_search(log, m, line)) return std::nullopt;
  return static_cast<std::uint16_t>(std::stoi(m[1]));
}

struct HttpGet {
  long status = 0;  // 0: no answer (curl error in `error`)
  std::string body;
  std::string error;
};

// GET `url` (loopback; proxies from the environment are ignored).
inline HttpGet http_get(const std::string& url) {
  HttpGet out;
  CURL* curl = curl_easy_init();
  if (!curl) return {0, "", "curl_easy_init failed"};
  auto write = +[](char* data, size_t size, size_t n, void* user) -> size_t {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
  };
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  const CURLcode rc = curl_easy_perform(curl);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  } else {
    out.error = curl_easy_strerror(rc);
  }
  curl_easy_cleanup(curl);
  return out;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The seed site's (app/seed_site.h) `sources:` section with only the source
// that has rules, its listing at `server`.
inline const std::string kSeedSourceId = "kommune21-test";
inline std::string seed_sources_yaml(const HttpServer& server) {
  using namespace seed_site;
  std::string yaml =
      replace_all(read("feeds.yaml"), kSite + "/meldungen/", server.url("/meldungen/"));
  return yaml.substr(0, yaml.find("  - id: musterhausen"));
}

}  // namespace kf::test
