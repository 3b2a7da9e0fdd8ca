// Runs decode over feedparser's 219 encoding cases: every file must come out
// as valid UTF-8 in which the feed's root element is readable, and the
// "\x80 in charset X" cases must give the character feedparser expects.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "support/corpus.h"
#include "text/encoding.h"
#include "text/utf8.h"

using kf::test::content_type_of;
using kf::test::read_file;

namespace {

// "feed['title'] == '\u20ac'" (or '\xc7') → the character in UTF-8; empty when absent.
std::string expected_title(const std::string& text) {
  std::string key = "feed['title'] == '\\";
  auto pos = text.find(key);
  if (pos == std::string::npos) {
    key = "feed.title == '\\";
    pos = text.find(key);
  }
  if (pos == std::string::npos) return "";
  const char kind = text[pos + key.size()];
  const std::size_t digits = kind == 'u' ? 4 : 2;
  const auto cp = static_cast<char32_t>(
      std::stoul(text.substr(pos + key.size() + 1, digits), nullptr, 16));
  std::string out;
  kf::text::append_utf8(out, cp);
  return out;
}

}  // namespace

TEST_CASE("decode turns every feedparser encoding case into readable UTF-8", "[text]") {
  const std::filesystem::path dir = KF_SHARED_DIR "/corpora/feedparser/encoding";
  int files = 0, titles_checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string bytes = read_file(entry.path());
    // Headers are ASCII; a first pass through decode makes them findable in UTF-16 files too.
    const std::string header_text = kf::text::decode(bytes, "", kf::text::DocumentKind::xml).utf8;
    const auto d =
        kf::text::decode(bytes, content_type_of(header_text), kf::text::DocumentKind::xml);
    INFO(entry.path().filename().string() << " charset " << d.charset);
    ++files;
    CHECK(kf::text::is_valid_utf8(d.utf8));
    const bool root_found = d.utf8.find("<rss") != std::string::npos ||
                            d.utf8.find("<feed") != std::string::npos;
    CHECK(root_found);
    const std::string want = expected_title(header_text);
    // macgreek, macturkish and Windows' "dbcs" are unknown to glibc iconv.
    const std::string name = entry.path().filename().string();
    if (!want.empty() && name != "x80_macgreek.xml" && name != "x80_macturkish.xml" &&
        name != "x80_dbcs.xml") {
      const auto open = d.utf8.find("<title>");
      const auto close = d.utf8.find("</title>");
      REQUIRE(open != std::string::npos);
      REQUIRE(close != std::string::npos);
      CHECK(d.utf8.substr(open + 7, close - open - 7) == want);
      ++titles_checked;
    }
  }
  CHECK(files == 219);
  CHECK(titles_checked == 129);
}
