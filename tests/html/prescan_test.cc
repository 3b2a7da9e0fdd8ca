#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "html/prescan.h"

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
