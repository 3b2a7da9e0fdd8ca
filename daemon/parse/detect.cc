#include "parse/detect.h"

#include "parse/xml_scope.h"

namespace kf::parse {
namespace {

bool is_channel_any_case(std::string_view name) {
  constexpr std::string_view kChannel = "channel";
  if (name.size() != kChannel.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kChannel[i]) return false;
  }
  return true;
}

}  // namespace

Syntax sniff_syntax(std::string_view bytes, std::string_view content_type) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::size_t i = 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' ||
                              bytes[i] == '\n')) {
    ++i;
  }
  if (i < bytes.size() && bytes[i] == '{') return Syntax::json;
  if (i < bytes.size() && bytes[i] == '<') return Syntax::xml;
  if (content_type.find("json") != std::string_view::npos) return Syntax::json;
  return Syntax::xml;
}

FeedRoot find_feed_root(const pugi::xml_document& doc) {
  FeedRoot first;
  for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (!first.node) first.node = n;
    const std::string_view name = local_name(n.name());
    if (name == "rss" || name == "RDF" || name == "channel") return {n, Family::rss};
    if (name == "feed") return {n, Family::atom};
    // CDF writes <CHANNEL>; lower-case <channel> is RSS 0.9x without <rss>.
    if (is_channel_any_case(name)) return {n, Family::cdf};
  }
  return first;
}

}  // namespace kf::parse
