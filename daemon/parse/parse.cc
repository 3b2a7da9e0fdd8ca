#include "parse/parse.h"

#include "parse/atom.h"
#include "parse/cdf.h"
#include "parse/detect.h"
#include "parse/json_feed.h"
#include "parse/rss.h"
#include "parse/xml_reader.h"
#include "text/encoding.h"

namespace kf::parse {

Result<Feed> parse_feed(const Document& doc) {
  if (sniff_syntax(doc.bytes, doc.content_type) == Syntax::json) {
    text::Decoded decoded = text::decode(doc.bytes, doc.content_type, text::DocumentKind::xml);
    auto feed = parse_json_feed(decoded.utf8, doc.url);
    if (feed && !decoded.warnings.empty()) {
      feed->recovered = true;
      feed->warnings = std::move(decoded.warnings);
    }
    return feed;
  }
  XmlReader reader;
  if (!reader.load(doc.bytes, doc.content_type)) {
    if (reader.document().first_child() == nullptr && doc.bytes.find('<') == std::string_view::npos) {
      return fail("parse: ", doc.url, ": not a feed (no XML or JSON content)");
    }
    return fail("parse: ", doc.url, ":", reader.error());
  }
  const FeedRoot root = find_feed_root(reader.document());
  if (root.family == Family::none) {
    if (!root.node) return fail("parse: ", doc.url, ": not a feed (no root element)");
    return fail("parse: ", doc.url, ": not a feed (root element <", root.node.name(), ">)");
  }
  Feed feed = root.family == Family::atom  ? parse_atom(root.node, doc.url)
              : root.family == Family::cdf ? parse_cdf(root.node, doc.url)
                                           : parse_rss(root.node, doc.url);
  // The reader's repairs happened first, so they are listed first.
  feed.recovered = feed.recovered || reader.recovered();
  feed.warnings.insert(feed.warnings.begin(), reader.warnings().begin(), reader.warnings().end());
  return feed;
}

}  // namespace kf::parse
