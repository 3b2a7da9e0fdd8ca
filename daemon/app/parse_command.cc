#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "app/article_json.h"
#include "app/commands.h"
#include "normalize/normalize.h"
#include "parse/parse.h"
#include "publish/atom.h"

namespace kf::app {
namespace {

std::optional<std::string> read_input(const std::string& path) {
  std::ostringstream bytes;
  if (path == "-") {
    bytes << std::cin.rdbuf();
    return bytes.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace

int parse_command(const ParseOptions& options) {
  auto bytes = read_input(options.input);
  if (!bytes) {
    std::fprintf(stderr, "parse: cannot read %s\n", options.input.c_str());
    return kExitFailure;
  }
  std::string url = options.url.empty() ? "file://" + options.input : options.url;
  auto feed = parse::parse_feed({.bytes = *bytes, .url = url, .content_type = options.content_type});
  if (!feed) {
    std::fprintf(stderr, "%s\n", feed.error().message.c_str());
    return kExitFailure;
  }
  for (const auto& w : feed->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());

  auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  auto normalized = normalize::normalize(
      *feed, {.source_id = options.source_id, .document_url = url, .fetched_at = now});
  for (const auto& w : normalized.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());

  std::string out;
  if (options.format == "atom") {
    publish::FeedDoc doc;
    doc.id = "tag:kommunalfeed,2025:parse:" + url;
    doc.title = feed->title.empty() ? url : feed->title;
    doc.updated = now;
    doc.html_url = feed->link;
    for (const auto& a : normalized.articles) doc.entries.push_back(publish::FeedEntry{a, {}, {}});
    out = publish::render_atom(doc);
  } else {
    for (const auto& a : normalized.articles) out += article_json(a) + '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return kExitOk;
}

}  // namespace kf::app
