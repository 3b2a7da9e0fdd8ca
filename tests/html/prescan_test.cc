#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "html/prescan.h"
#include "html/prescan_scan.h"

using kf::html::detail::prescan;
using kf::html::detail::PrescanLimits;

namespace {

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("Prescan leaves a page within the caps unchanged", "[html][prescan]") {
  const std::string page =
      "<!doctype html><html><head><title>a<b</title><script>if (a<b) x('<div><div><div>');</script></head>"
      "<body><ul><li>a<li>b<li>c</ul><table><tr><td>1<td>2<tr><td>3</table><p>x<p>y<p>z</body></html>";
  // The estimate errs deep: it keeps the cell open after </table> (6 = html body table tr td p).
  const auto r = prescan(page, PrescanLimits{6, 2});
  CHECK_FALSE(r.changed);
  CHECK(r.dropped_tags == 0);
  CHECK(r.rewritten.empty());
}

TEST_CASE("Prescan drops start tags beyond max_depth together with their end tags", "[html][prescan]") {
  const auto r = prescan(repeat("<div>", 5) + "x" + repeat("</div>", 5) + "<p>after</p>", PrescanLimits{3, 24});
  CHECK(r.changed);
  CHECK(r.dropped_tags == 4);
  CHECK(r.first_drop_offset == 15);
  CHECK(r.rewritten == "<div><div><div>x</div></div></div><p>after</p>");
}

TEST_CASE("Prescan counts unknown element names like known ones", "[html][prescan]") {
  const auto r = prescan("<my-el><my-el><o:p><my-el>x</my-el></O:P></my-el></my-el>", PrescanLimits{2, 24});
  CHECK(r.rewritten == "<my-el><my-el>x</my-el></my-el>");
  CHECK(r.dropped_tags == 4);
}

TEST_CASE("Prescan caps open formatting elements", "[html][prescan]") {
  const auto r = prescan("<b id=1><b id=2><b id=3><b id=4>x", PrescanLimits{512, 2});
  CHECK(r.rewritten == "<b id=1><b id=2>x");
  CHECK(r.dropped_tags == 2);
}

TEST_CASE("Prescan reads markup inside raw text elements as text", "[html][prescan]") {
  const auto r = prescan("<div><script>'<div><div><div>'</script><textarea><div><div></textarea></div>",
                         PrescanLimits{2, 24});
  CHECK_FALSE(r.changed);
}

TEST_CASE("Implied end tags keep list items and table cells from nesting", "[html][prescan]") {
  CHECK_FALSE(prescan("<ul>" + repeat("<li>x", 50) + "</ul>", PrescanLimits{3, 24}).changed);
  CHECK_FALSE(prescan("<table>" + repeat("<tr><td>x<td>y", 50) + "</table>", PrescanLimits{5, 24}).changed);
  CHECK(prescan(repeat("<table><tr><td>", 3), PrescanLimits{5, 24}).changed);
}

TEST_CASE("Prescan cuts 100,000 nested elements within a second", "[html][prescan]") {
  const std::string input = repeat("<div>", 100000) + "x" + repeat("</div>", 100000);
  const auto start = std::chrono::steady_clock::now();
  const auto r = prescan(input, PrescanLimits{});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(r.dropped_tags == 2 * (100000 - 512));
  CHECK(r.rewritten == repeat("<div>", 512) + "x" + repeat("</div>", 512));
  CHECK(seconds < 1.0);
}

namespace {

using kf::html::detail::scan_tags;
using kf::html::detail::ScannedTag;
using kf::html::detail::ScanStep;

struct SeenTag {
  std::size_t begin, end;
  std::string name;  // lower-cased
  std::string attributes;
  bool end_tag;
  bool operator==(const SeenTag&) const = default;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

bool is_raw_text(const std::string& name) {
  for (const char* n : {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
    if (name == n) return true;
  return false;
}

// The byte-by-byte tokenizer prescan used before the SSE2 scanner, as the
// reference: same tags, same ends, same raw text and comment rules.
std::vector<SeenTag> reference_tags(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; };
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  constexpr auto npos = std::string_view::npos;
  std::vector<SeenTag> tags;
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    const std::size_t lt = s.find('<', i);
    if (lt == npos || lt + 1 >= n) break;
    i = lt + 1;
    if (s[i] == '!' || s[i] == '?') {
      std::size_t next = npos;
      if (s.substr(i, 3) == "!--") {
        const std::size_t body = i + 3;
        if (s.substr(body, 1) == ">") next = body + 1;
        else if (s.substr(body, 2) == "->") next = body + 2;
        else {
          const std::size_t a = s.find("-->", body), b = s.find("--!>", body);
          if (a != npos || b != npos) next = a < b ? a + 3 : b + 4;
        }
      } else if (const std::size_t gt = s.find('>', i); gt != npos) {
        next = gt + 1;
      }
      if (next == npos) break;
      i = next;
      continue;
    }
    const bool end_tag = s[i] == '/';
    if (end_tag && (i + 1 >= n || !alpha(s[i + 1]))) continue;
    if (!end_tag && !alpha(s[i])) continue;
    const std::size_t name_start = end_tag ? i + 1 : i;
    i = name_start;
    while (i < n && !space(s[i]) && s[i] != '/' && s[i] != '>') ++i;
    const std::size_t attr_start = i;
    std::size_t after = npos;
    while (i < n) {
      while (i < n && (space(s[i]) || s[i] == '/')) ++i;
      if (i >= n) break;
      if (s[i] == '>') { after = i + 1; break; }
      ++i;
      while (i < n && !space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') ++i;
      while (i < n && space(s[i])) ++i;
      if (i < n && s[i] == '=') {
        ++i;
        while (i < n && space(s[i])) ++i;
        if (i < n && (s[i] == '"' || s[i] == '\'')) {
          const std::size_t close = s.find(s[i], i + 1);
          if (close == npos) break;
          i = close + 1;
        } else {
          while (i < n && !space(s[i]) && s[i] != '>') ++i;
        }
      }
    }
    if (after == npos) break;
    const std::string name = lower(s.substr(name_start, attr_start - name_start));
    tags.push_back({lt, after, name, std::string(s.substr(attr_start, after - 1 - attr_start)), end_tag});
    i = after;
    if (end_tag) continue;
    if (name == "plaintext") break;
    if (!is_raw_text(name)) continue;
    for (std::size_t from = i;;) {
      const std::size_t close = s.find("</", from);
      if (close == npos) { i = n; break; }
      std::size_t j = close + 2, k = 0;
      while (k < name.size() && j < n && lower(s.substr(j, 1))[0] == name[k]) ++j, ++k;
      if (k == name.size() && (j == n || space(s[j]) || s[j] == '/' || s[j] == '>')) { i = close; break; }
      from = close + 2;
    }
  }
  return tags;
}

// Tags as scan_tags sees them; also checks that ids follow names.
std::vector<SeenTag> scanned_tags(std::string_view s, bool& ids_consistent) {
  std::vector<SeenTag> tags;
  std::map<std::string, std::uint32_t> ids;
  std::set<std::uint32_t> used;
  ids_consistent = true;
  scan_tags(s, [&](const ScannedTag& t) {
    std::string name = lower(t.name);
    auto [it, fresh] = ids.emplace(name, t.id);
    if (it->second != t.id || (fresh && !used.insert(t.id).second)) ids_consistent = false;
    tags.push_back({t.begin, t.end, name, std::string(t.attributes), t.end_tag});
    if (t.end_tag) return ScanStep::kNext;
    if (name == "plaintext") return ScanStep::kStop;
    return is_raw_text(name) ? ScanStep::kSkipRawText : ScanStep::kNext;
  });
  return tags;
}

}  // namespace

TEST_CASE("The SSE2 tag scanner finds the same tags as the byte-by-byte reference", "[html][prescan]") {
  // Pieces that exercise each path: quoting that does or does not open a
  // value, long and odd names, comments, raw text, tags cut by the end.
  using namespace std::string_view_literals;
  const std::string_view pieces[] = {
      "<div>"sv, "</div>"sv, "<p class=\"a b\">"sv, "<a href=\"/x?a=1&b=2\" title='t>t'>"sv, "</a>"sv,
      "<A HREF=x>"sv, "<b id=1/>"sv, "<br/>"sv, "<img src=\"s\" alt=\"\">"sv, "<x a=b=\"c>\">"sv,
      "<x a= =\"q\">"sv, "<x =\"q>\">"sv, "<x a/=\"q>\">"sv, "<x a b=\"q\" c = 'r'>"sv, "<x a=\"q\"b=\"r\">"sv,
      "<script>if (a<b) x('</div>');</script>"sv, "</SCRIPT >"sv, "<textarea><p></textarea/>"sv,
      "<title>t</titlex></title>"sv, "<!-- c -->"sv, "<!---->"sv, "<!-->"sv, "<!--->"sv, "<!-- --!>"sv,
      "<!doctype html>"sv, "<?php x ?>"sv, "</>"sv, "</ a>"sv, "< p>"sv, "<my-element data-x=1>"sv,
      "<abcdefghijklmnopqrstuv>"sv, "<h1\x01>"sv, "<x\0y>"sv, "<svg>"sv,
      "<plaintext>"sv, "text "sv, "\""sv, "'"sv, "="sv, "<"sv, ">"sv, "/"sv, " "sv, "\t\n"sv};
  std::mt19937 rng(7);
  int checked = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string input;
    const int count = 1 + static_cast<int>(rng() % 40);
    for (int k = 0; k < count; ++k) input += pieces[rng() % std::size(pieces)];
    // Mutations cut tags and quotes at every kind of position.
    for (int m = static_cast<int>(rng() % 4); m > 0 && !input.empty(); --m) {
      const std::size_t pos = rng() % input.size();
      if (rng() % 2) input.erase(pos, 1 + rng() % 5);
      else input.insert(pos, 1, "<>\"'=/ a"[rng() % 8]);
    }
    bool ids_consistent = false;
    const auto scanned = scanned_tags(input, ids_consistent);
    const auto reference = reference_tags(input);
    INFO("input: " << input);
    REQUIRE(scanned == reference);
    REQUIRE(ids_consistent);
    checked += static_cast<int>(reference.size());
  }
  CHECK(checked > 10000);
}
