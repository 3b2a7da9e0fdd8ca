#define CATCH_CONFIG_ENABLE_OPTIONAL_STRINGMAKER
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scheduler/robots.h"

using kf::scheduler::Robots;
using kf::scheduler::RobotsCache;
using kf::scheduler::RobotsRule;
using kf::scheduler::robots_for_response;
using kf::scheduler::robots_lifetime;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kAgent = "kommunalfeed";

bool allowed(std::string_view robots_txt, std::string_view path) {
  return Robots::parse(robots_txt, kAgent).allows(path);
}

// Two groups naming us around one that does not: rules /a and /b apply.
constexpr std::string_view kTwoGroupsForUs =
    "User-agent: kommunalfeed\nDisallow: /a\n\n"
    "User-agent: x\nDisallow: /\n\n"
    "User-agent: kommunalfeed\nDisallow: /b\n";

// A file of at least `size` bytes: one '*' group disallowing /early, then
// comment lines, so a rule appended to it lies beyond the first `size` bytes.
std::string padded_robots(std::size_t size) {
  std::string text = "User-agent: *\nDisallow: /early\n";
  while (text.size() < size) text += "# filler filler filler filler filler filler filler filler\n";
  return text;
}

}  // namespace

TEST_CASE("the longest case-sensitive match decides and allow wins a tie", "[scheduler]") {
  auto [robots_txt, path, expected] = GENERATE(table<std::string_view, std::string_view, bool>({
      // RFC 9309 §2.2.2 examples
      {"User-agent: *\nAllow: /p\nDisallow: /\n", "/page", true},
      {"User-agent: *\nDisallow: /\nAllow: /p\n", "/page", true},
      {"User-agent: *\nAllow: /p\nDisallow: /\n", "/other", false},
      {"User-agent: *\nAllow: /folder\nDisallow: /folder\n", "/folder/page", true},
      {"User-agent: *\nDisallow: /folder\nAllow: /folder\n", "/folder/page", true},
      {"User-agent: *\nAllow: /page\nDisallow: /*.htm\n", "/page.htm", false},
      {"User-agent: *\nAllow: /page\nDisallow: /*.ht\n", "/page.htm", true},
      {"User-agent: *\nAllow: /$\nDisallow: /\n", "/", true},
      {"User-agent: *\nAllow: /$\nDisallow: /\n", "/page.htm", false},
      // no matching rule allows
      {"User-agent: *\nDisallow: /private\n", "/public", true},
      {"User-agent: *\nDisallow: /private\n", "/private/x", false},
      {"User-agent: *\nDisallow: /private\n", "/privateer", false},
      // paths are case-sensitive
      {"User-agent: *\nDisallow: /Private\n", "/private", true},
      {"User-agent: *\nDisallow: /Private\n", "/Private", false},
  }));
  CAPTURE(robots_txt, path);
  CHECK(allowed(robots_txt, path) == expected);
}

TEST_CASE("wildcards match any sequence and a final dollar anchors the end", "[scheduler]") {
  auto [pattern, path, matches] = GENERATE(table<std::string_view, std::string_view, bool>({
      {"/fish", "/fish", true}, {"/fish", "/fish.html", true},
      {"/fish", "/fish/salmon.html", true}, {"/fish", "/fishheads/yummy.html", true},
      {"/fish", "/Fish.asp", false}, {"/fish", "/catfish", false},
      {"/fish*", "/fish", true}, {"/fish*", "/fish.html", true}, {"/fish*", "/fishheads", true},
      {"/fish*", "/Fish.asp", false}, {"/fish*", "/catfish", false},
      {"/fish/", "/fish/", true}, {"/fish/", "/fish/?id=anything", true},
      {"/fish/", "/fish", false}, {"/fish/", "/animals/fish/", false},
      {"/*.php", "/index.php", true}, {"/*.php", "/folder/any.php.file.html", true},
      {"/*.php", "/filename.php?params", true}, {"/*.php", "/", false},
      {"/*.php", "/windows.PHP", false},
      {"/*.php$", "/filename.php", true}, {"/*.php$", "/folder/filename.php", true},
      {"/*.php$", "/filename.php?parameters", false}, {"/*.php$", "/filename.php/", false},
      {"/*.php$", "/windows.PHP", false},
      {"/fish*.php", "/fish.php", true},
      {"/fish*.php", "/fishheads/catfish.php?parameters", true},
      {"/fish*.php", "/Fish.PHP", false},
      {"*.gif$", "/a/b.gif", true}, {"*.gif$", "/a/b.gif?x", false},
      {"/a*b*c$", "/axxbyyc", true}, {"/a*b*c$", "/axxbyycd", false},
      {"/a$b", "/a$b/c", true},
      {"/***", "/", true},
      {"/$", "/", true}, {"/$", "/x", false},
  }));
  CAPTURE(pattern, path);
  const std::string robots_txt = "User-agent: *\nDisallow: " + std::string(pattern) + "\n";
  CHECK(allowed(robots_txt, path) == !matches);
}

TEST_CASE("a group applies when its user-agent token equals ours, ignoring case", "[scheduler]") {
  auto [agent_line, applies] = GENERATE(table<std::string_view, bool>({
      {"kommunalfeed", true}, {"KommunalFeed", true}, {"KOMMUNALFEED", true},
      {"kommunalfeed/1.0", true}, {"  kommunalfeed  ", true},
      {"KommunalFeed/0.1 (+https://example.org/bot)", true},
      {"kommunal", false}, {"kommunalfeedbot", false}, {"xkommunalfeed", false},
      {"googlebot", false}, {"", false},
  }));
  CAPTURE(agent_line);
  const std::string robots_txt = "User-agent: " + std::string(agent_line) + "\nDisallow: /\n";
  CHECK(allowed(robots_txt, "/page") == !applies);
}

TEST_CASE("our own user agent string is reduced to its product token", "[scheduler]") {
  const auto robots = Robots::parse("User-agent: kommunalfeed\nDisallow: /x\n",
                                    "KommunalFeed/0.1 (+https://k.example)");
  CHECK_FALSE(robots.allows("/x"));
  CHECK(robots.allows("/y"));
}

TEST_CASE("the star group applies only when no group names us", "[scheduler]") {
  auto [robots_txt, path, expected] = GENERATE(table<std::string_view, std::string_view, bool>({
      {"User-agent: *\nDisallow: /\n", "/a", false},
      {"User-agent: * \nDisallow: /\n", "/a", false},
      {"User-agent: *bot\nDisallow: /\n", "/a", true},
      {"User-agent: *\nDisallow: /\n\nUser-agent: kommunalfeed\nAllow: /\n", "/a", true},
      {"User-agent: kommunalfeed\nDisallow: /b\n\nUser-agent: *\nDisallow: /\n", "/a", true},
      {"User-agent: kommunalfeed\nDisallow: /b\n\nUser-agent: *\nDisallow: /\n", "/b", false},
      // a group naming us without rules still shadows '*'
      {"User-agent: kommunalfeed\nDisallow:\n\nUser-agent: *\nDisallow: /\n", "/a", true},
      {"User-agent: otherbot\nDisallow: /\n", "/a", true},
      {"", "/a", true},
  }));
  CAPTURE(robots_txt, path);
  CHECK(allowed(robots_txt, path) == expected);
}

TEST_CASE("groups are delimited by user-agent lines after rules and merged per agent",
          "[scheduler]") {
  auto [robots_txt, path, expected] = GENERATE(table<std::string_view, std::string_view, bool>({
      // consecutive user-agent lines share one group
      {"User-agent: otherbot\nUser-agent: kommunalfeed\nDisallow: /x\n", "/x", false},
      {"User-agent: kommunalfeed\n\nUser-agent: otherbot\nDisallow: /x\n", "/x", false},
      // a user-agent line after a rule starts a new group
      {"User-agent: kommunalfeed\nDisallow: /x\nUser-agent: otherbot\nDisallow: /y\n", "/y", true},
      {"User-agent: kommunalfeed\nCrawl-delay: 1\nUser-agent: otherbot\nDisallow: /y\n", "/y",
       true},
      // two groups naming us are merged
      {kTwoGroupsForUs, "/a", false},
      {kTwoGroupsForUs, "/b", false},
      {kTwoGroupsForUs, "/c", true},
      {"User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "/b", false},
      // rules before any user-agent line belong to no group
      {"Disallow: /\nUser-agent: *\nDisallow: /x\n", "/a", true},
      {"Disallow: /\n", "/a", true},
      // sitemap lines do not end a group
      {"User-agent: kommunalfeed\nDisallow: /a\nSitemap: https://e.org/s\nDisallow: /b\n", "/b",
       false},
      {"User-agent: otherbot\nSitemap: https://e.org/s\nUser-agent: kommunalfeed\nDisallow: /b\n",
       "/b", false},
      {"Sitemap: https://e.org/s\nUser-agent: *\nDisallow: /b\n", "/b", false},
      // unknown lines are skipped
      {"User-agent: *\nHost: e.org\nNoindex: /x\nDisallow: /b\n", "/b", false},
      {"User-agent: *\nHost: e.org\nNoindex: /x\nDisallow: /b\n", "/x", true},
  }));
  CAPTURE(robots_txt, path);
  CHECK(allowed(robots_txt, path) == expected);
}

TEST_CASE("RFC 9309 section 5.2 example resolves per agent", "[scheduler]") {
  constexpr std::string_view kExample =
      "User-Agent: *\nDisallow: *.gif$\nDisallow: /example/\nAllow: /publications/\n\n"
      "User-Agent: foobot\nDisallow:/\nAllow:/example/page.html\nAllow:/example/allowed.gif\n\n"
      "User-Agent: barbot\nUser-Agent: bazbot\nDisallow: /example/page.html\n\n"
      "User-Agent: quxbot\n";
  auto [agent, path, expected] = GENERATE(table<std::string_view, std::string_view, bool>({
      {"foobot", "/example/page.html", true}, {"foobot", "/example/allowed.gif", true},
      {"foobot", "/example/other.html", false}, {"foobot", "/", false},
      {"barbot", "/example/page.html", false}, {"barbot", "/example/other.html", true},
      {"bazbot", "/example/page.html", false}, {"bazbot", "/pic.gif", true},
      {"quxbot", "/example/page.html", true}, {"quxbot", "/pic.gif", true},
      {"otherbot", "/pic.gif", false}, {"otherbot", "/example/x", false},
      {"otherbot", "/publications/x", true}, {"otherbot", "/x", true},
  }));
  CAPTURE(agent, path);
  CHECK(Robots::parse(kExample, agent).allows(path) == expected);
}

TEST_CASE("an empty disallow allows everything", "[scheduler]") {
  auto path = GENERATE(as<std::string_view>{}, "/", "/a", "/private/x?y=1");
  CAPTURE(path);
  CHECK(allowed("User-agent: *\nDisallow:\n", path));
  CHECK(allowed("User-agent: *\nDisallow:   # nothing\n", path));
  CHECK(Robots::parse("User-agent: *\nDisallow:\nAllow:\n", kAgent).rules().empty());
}

TEST_CASE("keys are case-insensitive and tolerate spaces around the colon", "[scheduler]") {
  auto robots_txt = GENERATE(as<std::string_view>{},
                             "USER-AGENT: *\nDISALLOW: /x\n",
                             "user-agent:*\ndisallow:/x\n",
                             "User-Agent : *\nDisAllow : /x\n",
                             "\tUser-agent:\t*\t\n  Disallow:\t/x  \n");
  CAPTURE(robots_txt);
  CHECK_FALSE(allowed(robots_txt, "/x"));
  CHECK(allowed(robots_txt, "/y"));
}

TEST_CASE("comments, a BOM and every line ending are tolerated", "[scheduler]") {
  auto robots_txt = GENERATE(as<std::string_view>{},
                             "User-agent: *\nDisallow: /x\n",
                             "User-agent: *\r\nDisallow: /x\r\n",
                             "User-agent: *\rDisallow: /x\r",
                             "User-agent: *\r\n\rDisallow: /x",
                             "\xEF\xBB\xBFUser-agent: *\nDisallow: /x\n",
                             "# header\nUser-agent: * # all\n# Disallow: /\nDisallow: /x # no\n",
                             "#User-agent: kommunalfeed\nUser-agent: *\nDisallow: /x\n");
  CAPTURE(robots_txt);
  const auto robots = Robots::parse(robots_txt, kAgent);
  CHECK(robots.rules() == std::vector<RobotsRule>{{.allow = false, .pattern = "/x"}});
  CHECK_FALSE(robots.allows("/x"));
  CHECK(robots.allows("/y"));
}

TEST_CASE("percent-encoding is normalised before comparing", "[scheduler]") {
  auto [pattern, path, matches] = GENERATE(table<std::string_view, std::string_view, bool>({
      {"/a%3cd", "/a%3Cd", true}, {"/a%3Cd", "/a%3cd", true}, {"/%7euser", "/~user", true},
      {"/~user", "/%7Euser", true}, {"/%41bc", "/Abc", true}, {"/a%2Fb", "/a%2fb", true},
      {"/a%2Fb", "/a/b", false}, {"/a/b", "/a%2Fb", false}, {"/straße", "/stra%C3%9Fe", true},
      {"/stra%c3%9fe", "/straße", true}, {"/a b", "/a%20b", true}, {"/100%", "/100%25", true},
      {"/100%25", "/100%", true}, {"/a%zz", "/a%25zz", true}, {"/%2A", "/x", false},
      {"/%2A", "/*", false}, {"/%2A", "/%2a", true},
  }));
  CAPTURE(pattern, path);
  const std::string robots_txt = "User-agent: *\nDisallow: " + std::string(pattern) + "\n";
  CHECK(allowed(robots_txt, path) == !matches);
}

TEST_CASE("robots.txt itself is always allowed and an empty path means the root", "[scheduler]") {
  const auto robots = Robots::parse("User-agent: *\nDisallow: /\nAllow: /$\n", kAgent);
  CHECK(robots.allows("/robots.txt"));
  CHECK(robots.allows(""));
  CHECK(robots.allows("/"));
  CHECK_FALSE(robots.allows("/robots.txt.bak"));
  CHECK_FALSE(robots.allows("/index.html"));
  CHECK(Robots::disallow_all().allows("/robots.txt"));
  CHECK_FALSE(Robots::disallow_all().allows(""));
  CHECK(Robots::allow_all().allows("/robots.txt.bak"));
}

TEST_CASE("parse keeps the applying group's patterns as written", "[scheduler]") {
  const auto robots = Robots::parse(
      "User-agent: *\nDisallow: /x\n\nUser-agent: kommunalfeed\nDisallow: /%7euser\nAllow: /p*$\n",
      kAgent);
  CHECK(robots.rules() == std::vector<RobotsRule>{{.allow = false, .pattern = "/%7euser"},
                                                   {.allow = true, .pattern = "/p*$"}});
}

TEST_CASE("crawl-delay accepts whole and decimal seconds and ignores the rest", "[scheduler]") {
  using Delay = std::optional<std::chrono::milliseconds>;
  auto [value, expected] = GENERATE(table<std::string_view, Delay>({
      {"5", 5000ms}, {"0", 0ms}, {"0.5", 500ms}, {"2.25", 2250ms}, {"  10  ", 10000ms},
      {".5", 500ms}, {"3.", 3000ms}, {"1.2345", 1234ms}, {"10 # polite", 10000ms},
      {"", std::nullopt}, {".", std::nullopt}, {"abc", std::nullopt}, {"-1", std::nullopt},
      {"5s", std::nullopt}, {"1e3", std::nullopt}, {"1.5.2", std::nullopt}, {"inf", std::nullopt},
      {"99999999999", std::nullopt},
  }));
  CAPTURE(value);
  const std::string robots_txt =
      "User-agent: kommunalfeed\nCrawl-delay: " + std::string(value) + "\n";
  CHECK(Robots::parse(robots_txt, kAgent).crawl_delay() == expected);
}

TEST_CASE("crawl-delay comes from the applying groups, the largest one winning", "[scheduler]") {
  using Delay = std::optional<std::chrono::milliseconds>;
  auto [robots_txt, expected] = GENERATE(table<std::string_view, Delay>({
      {"User-agent: *\nCrawl-delay: 7\n", 7000ms},
      {"User-agent: otherbot\nCrawl-delay: 7\n", std::nullopt},
      {"User-agent: *\nCrawl-delay: 7\n\nUser-agent: kommunalfeed\nDisallow: /x\n", std::nullopt},
      {"User-agent: *\nCrawl-delay: 7\n\nUser-agent: kommunalfeed\nCrawl-delay: 2\n", 2000ms},
      {"User-agent: kommunalfeed\nCrawl-delay: 2\n\nUser-agent: kommunalfeed\nCrawl-delay: 4.5\n",
       4500ms},
      {"User-agent: kommunalfeed\nCrawl-delay: 4.5\nCrawl-delay: 2\n", 4500ms},
      {"User-agent: kommunalfeed\nCrawl-delay: x\nCrawl-delay: 3\n", 3000ms},
      {"Crawl-delay: 9\nUser-agent: kommunalfeed\nDisallow: /x\n", std::nullopt},
  }));
  CAPTURE(robots_txt);
  CHECK(Robots::parse(robots_txt, kAgent).crawl_delay() == expected);
}

TEST_CASE("garbage lines are skipped without disturbing valid ones", "[scheduler]") {
  using namespace std::string_literals;
  const std::string robots_txt =
      "\0\xFF\xFE junk\n<html><body>User-agent</body>\n:::\n"s
      "User-agent: *\n"
      "\x01\x02:\x03\n"
      "Disallow /nocolon\n"
      ": /nokey\n"
      "Disallow: /x\n"
      "\xC3\x28:\xA0\xA1\n"s;
  const auto robots = Robots::parse(robots_txt, kAgent);
  CHECK(robots.rules() == std::vector<RobotsRule>{{.allow = false, .pattern = "/x"}});
  CHECK_FALSE(robots.allows("/x"));
  CHECK(robots.allows("/nocolon"));
  CHECK(robots.allows("/nokey"));
}

TEST_CASE("random bytes and an HTML page parse to allow-all", "[scheduler]") {
  std::string noise;
  std::uint32_t state = 12345;
  for (int i = 0; i < 200000; ++i) {
    state = state * 1664525u + 1013904223u;
    noise += static_cast<char>(state >> 24);
  }
  const auto from_noise = Robots::parse(noise, kAgent);
  CHECK(from_noise.rules().empty());
  CHECK(from_noise.crawl_delay() == std::nullopt);
  const auto from_html = Robots::parse(
      "<!DOCTYPE html><html><head><title>404: Not found</title></head>\n"
      "<body><p>Disallow: nothing here</p></body></html>\n",
      kAgent);
  CHECK(from_html.rules().empty());
  CHECK(from_html.allows("/anything"));
}

TEST_CASE("only the first 500 KiB are read and a line cut there is dropped", "[scheduler]") {
  constexpr std::size_t kLimit = 500 * 1024;
  const auto long_file = Robots::parse(padded_robots(kLimit + 10) + "Disallow: /late\n", kAgent);
  CHECK_FALSE(long_file.allows("/early"));
  CHECK(long_file.allows("/late"));

  std::string text = padded_robots(kLimit - 28);
  text.resize(kLimit - 28, '#');  // may end inside a comment, which the next '\n' closes
  text += "\nDisallow: /kept\nDisallow: /private-area\n";
  REQUIRE(text.substr(kLimit - 12, 13) == "\nDisallow: /p");  // the limit falls after "Disallow: /"
  const auto robots = Robots::parse(text, kAgent);
  CHECK_FALSE(robots.allows("/kept"));
  CHECK(robots.allows("/public"));
  CHECK(robots.allows("/private-area"));

  std::string exact = padded_robots(kLimit - 12);
  exact.resize(kLimit - 12, '#');
  exact += "\nDisallow: /";  // exactly kLimit bytes, the rule line complete at the edge
  REQUIRE(exact.size() == kLimit);
  CHECK_FALSE(Robots::parse(exact + "\n", kAgent).allows("/anything"));
  CHECK(Robots::parse(exact + "x\n", kAgent).allows("/anything"));
}

TEST_CASE("the HTTP status of robots.txt decides how it is used", "[scheduler]") {
  auto [status, path, expected] = GENERATE(table<int, std::string_view, bool>({
      {200, "/x", false}, {200, "/y", true}, {203, "/x", false}, {404, "/x", true},
      {410, "/x", true}, {401, "/x", true}, {403, "/x", true}, {310, "/x", true},
      {429, "/y", false}, {500, "/y", false}, {503, "/y", false}, {0, "/y", false},
      {-1, "/y", false},
  }));
  CAPTURE(status, path);
  const auto robots = robots_for_response(status, "User-agent: *\nDisallow: /x\n", kAgent);
  CHECK(robots.allows(path) == expected);
}

TEST_CASE("a robots.txt answer is trusted for a day, a failure for an hour", "[scheduler]") {
  auto [status, expected] = GENERATE(table<int, std::chrono::seconds>({
      {200, 24h}, {404, 24h}, {401, 24h}, {403, 24h}, {429, 1h}, {500, 1h}, {503, 1h}, {0, 1h},
  }));
  CAPTURE(status);
  CHECK(robots_lifetime(status) == expected);
}

TEST_CASE("the robots cache returns an entry until it expires or is replaced", "[scheduler]") {
  const RobotsCache::Clock::time_point t0{std::chrono::hours(1000)};
  RobotsCache cache;
  CHECK(cache.find("https://a.example", t0) == nullptr);
  cache.put("https://a.example", Robots::disallow_all(), t0 + 1h);
  const Robots* found = cache.find("https://a.example", t0 + 59min);
  REQUIRE(found != nullptr);
  CHECK_FALSE(found->allows("/x"));
  CHECK(cache.find("https://b.example", t0) == nullptr);
  CHECK(cache.find("https://a.example", t0 + 1h) == nullptr);
  CHECK(cache.find("https://a.example", t0 + 2h) == nullptr);
  cache.put("https://a.example", Robots::allow_all(), t0 + 24h);  // replaces robots and expiry
  CHECK(cache.size() == 1);
  const Robots* replaced = cache.find("https://a.example", t0 + 2h);
  REQUIRE(replaced != nullptr);
  CHECK(replaced->allows("/x"));
}

TEST_CASE("expire drops exactly the expired robots entries", "[scheduler]") {
  const RobotsCache::Clock::time_point t0{std::chrono::hours(1000)};
  RobotsCache cache;
  cache.put("https://a.example", Robots::allow_all(), t0 + 1h);
  cache.put("https://b.example", Robots::allow_all(), t0 + 2h);
  cache.put("https://c.example:8443", Robots::allow_all(), t0 + 3h);
  cache.expire(t0 + 2h);
  CHECK(cache.size() == 1);
  CHECK(cache.find("https://c.example:8443", t0 + 2h) != nullptr);
  CHECK(cache.find("https://b.example", t0) == nullptr);
  cache.expire(t0 + 5h);
  CHECK(cache.size() == 0);
}
