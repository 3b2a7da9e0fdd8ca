// parse_feed_fuzz is the libFuzzer target for the feed path: arbitrary bytes go
// through kf::parse::parse_feed and, when a Feed comes out, kf::normalize::normalize.
// It looks for crashes, sanitizer reports (ASan, UBSan) and timeouts; it checks
// no output values. Built only with -DKOMMUNALFEED_FUZZ=ON (see tests/fuzz/README.md).
//
// Input layout: byte 0 picks the HTTP Content-Type and the document URL (so the
// charset and format hints and the base URL are fuzzed too); bytes 1.. are the body.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "normalize/normalize.h"
#include "touch.h"
#include "parse/parse.h"

namespace {

// Header values a fetch could hand over: none, a feed type, a charset that may
// disagree with the XML declaration, a JSON type for XML bodies and vice versa,
// and a charset the body almost never really has.
constexpr std::array<std::string_view, 5> kContentTypes = {
    "",
    "application/rss+xml",
    "text/xml; charset=iso-8859-1",
    "application/json",
    "application/atom+xml; charset=utf-16",
};

// Bases for relative links: plain, with path and query, an IDN host with a
// port, and one relative reference resolution must not trust.
constexpr std::array<std::string_view, 4> kUrls = {
    "https://www.example.org/feed.xml",
    "http://example.com/rss/news/?page=2#top",
    "https://xn--mnchen-3ya.de:8443/aktuelles/feed.json",
    "feed.xml",
};

// Keeps the optimizer from dropping work whose result is otherwise unused.
volatile std::size_t g_sink = 0;
using kf::fuzz::touch;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string url(kUrls[(selector / kContentTypes.size()) % kUrls.size()]);
  // The body is a view on libFuzzer's exact-size copy, so ASan catches any read
  // past its end (parse_feed promises never to read outside `bytes`).
  const kf::parse::Document doc{
      .bytes = std::string_view(reinterpret_cast<const char*>(data + 1), size - 1),
      .url = url,
      .content_type = std::string(kContentTypes[selector % kContentTypes.size()]),
  };
  auto feed = kf::parse::parse_feed(doc);
  if (!feed) {
    g_sink = g_sink + feed.error().message.size();
    return 0;
  }
  const kf::normalize::Context context{
      .source_id = "fuzz",
      .document_url = url,
      .fetched_at = kf::Timestamp{std::chrono::seconds{1738659600}},  // 2025-02-04T09:00Z
  };
  const auto normalized = kf::normalize::normalize(*feed, context);
  std::size_t n = feed->items.size() + feed->warnings.size();
  for (const auto& a : normalized.articles) n += touch(a);
  for (const auto& w : normalized.warnings) n += w.size();
  g_sink = g_sink + n;
  return 0;
}
