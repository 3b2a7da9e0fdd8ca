// parse_dump prints what kommunalfeed's parse and normalize stages make of
// feed documents, one JSON object per file and line, for differential.py to
// compare with the reference parser (feedparser) and to check the sanitizer.
//
//   parse_dump [--base-url URL] [--root DIR] PATH...
//
// A PATH that is a directory is walked recursively (files in sorted order).
// Each document gets the URL --base-url + its path relative to --root (or its
// file name when it lies outside --root), as if it had been fetched from
// there. feedparser's corpus files may start with an XML comment holding
// "Header: Name: value" lines, the HTTP response headers the test server sent:
// Content-Type becomes Document::content_type (read by support/corpus.h, as
// in the corpus test), and Content-Location, when it resolves to an http(s)
// URL, replaces the document URL as the base for relative links -- the same
// base rule feedparser applies, so both parsers resolve against the same URL.
//
// Output fields: file, ok, error, bozo_recovered (Feed::recovered), entries:
// title (Article::title, plain text), link (the link a reader gets:
// Article::url in the form the document wrote it, i.e. FeedItem::link, or
// the permalink guid normalize fell back to, resolved against the item's
// base; empty when normalize publishes no link. Written form rather than
// Article::url itself, because canonicalization also strips tracking
// parameters and re-encodes, which the reference does not do), id (FeedItem::guid),
// published (RFC 3339 UTC of Article::published, which falls back to updated,
// or null), author, summary and content (sanitized HTML), dropped. Items
// normalize drops for lack of identity are still output, with "dropped": true,
// so positions keep matching the reference's entries.
// Single-threaded command-line tool for tests.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "normalize/date.h"
#include "normalize/normalize.h"
#include "parse/parse.h"
#include "support/corpus.h"
#include "url/url.h"

namespace {

namespace fs = std::filesystem;

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// The value of a "Header: Content-Location: ..." line in the leading XML
// comment, or empty. (support/corpus.h reads Content-Type the same way.)
std::string content_location_of(const std::string& text) {
  const auto start = text.find_first_not_of(" \t\r\n");
  if (start == std::string::npos || text.compare(start, 4, "<!--") != 0) return {};
  const auto end = text.find("-->");
  std::istringstream lines(text.substr(0, end));
  for (std::string line; std::getline(lines, line);) {
    const auto h = line.find("Header:");
    if (h == std::string::npos) continue;
    const std::string rest = trim(std::string_view(line).substr(h + 7));
    for (const std::string key : {"Content-Location:", "Content-location:"}) {
      if (rest.starts_with(key)) return trim(std::string_view(rest).substr(key.size()));
    }
  }
  return {};
}

std::vector<fs::path> collect(const std::vector<std::string>& args) {
  std::vector<fs::path> files;
  for (const auto& a : args) {
    if (fs::is_directory(a)) {
      std::vector<fs::path> found;
      for (const auto& e : fs::recursive_directory_iterator(a)) {
        if (e.is_regular_file()) found.push_back(e.path());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else {
      files.emplace_back(a);
    }
  }
  return files;
}

std::string document_url(const fs::path& file, const std::string& base_url, const std::string& root) {
  if (!root.empty()) {
    const auto rel = fs::relative(file, root).generic_string();
    if (!rel.empty() && !rel.starts_with("..")) return base_url + rel;
  }
  return base_url + file.filename().string();
}

// Which written URL `article_url` (canonical) was made from: the item's
// link or its guid. normalize decides; this only finds the source again, so
// the dump reports what a reader gets without repeating normalize's rule.
std::string published_link(const kf::FeedItem& item, const std::string& article_url) {
  if (article_url.empty()) return {};
  if (kf::url::canonicalize(item.link) == article_url) return item.link;
  auto guid = kf::url::resolve(item.base_url, item.guid);
  if (!guid) guid = item.guid;
  if (kf::url::canonicalize(*guid) == article_url) return *guid;
  return article_url;
}

nlohmann::json entry_json(const kf::Feed& feed, const kf::FeedItem& item,
                          const kf::normalize::Context& context) {
  // One item at a time: normalize drops items without identity, and the
  // reference's entries are paired by position.
  kf::Feed one = feed;
  one.items = {item};
  auto normalized = kf::normalize::normalize(one, context);
  nlohmann::json e = {{"link", ""}, {"id", item.guid}, {"dropped", false}};
  if (!normalized.articles.empty()) e["link"] = published_link(item, normalized.articles.front().url);
  if (normalized.articles.empty()) {
    // Dropped for lack of identity (no guid, link or title). The reference
    // keeps such entries, so the other fields are still worth comparing: a
    // stand-in guid lets normalize produce them; the guid only feeds the id.
    e["dropped"] = true;
    one.items.front().guid = "urn:parse-dump:stand-in";
    normalized = kf::normalize::normalize(one, context);
    if (normalized.articles.empty()) return e;
  }
  const kf::Article& a = normalized.articles.front();
  if (e["dropped"]) e["link"] = published_link(item, a.url);
  e.update({{"title", a.title},
            {"published", a.published ? nlohmann::json(kf::normalize::format_rfc3339(*a.published))
                                      : nlohmann::json(nullptr)},
            {"author", a.author},
            {"summary", a.summary},
            {"content", a.content_html}});
  return e;
}

nlohmann::json dump(const fs::path& file, const std::string& url) {
  const std::string bytes = kf::test::read_file(file);
  std::string doc_url = url;
  if (const std::string location = content_location_of(bytes); !location.empty()) {
    const auto resolved = kf::url::resolve(url, location);
    const auto scheme = resolved ? kf::url::effective_scheme(*resolved) : "";
    if (scheme == "http" || scheme == "https") doc_url = *resolved;
  }
  nlohmann::json out = {{"file", file.string()}, {"url", doc_url}};
  const auto feed = kf::parse::parse_feed({bytes, doc_url, kf::test::content_type_of(bytes)});
  if (!feed) {
    out.update({{"ok", false}, {"error", feed.error().message}, {"bozo_recovered", false},
                {"entries", nlohmann::json::array()}});
    return out;
  }
  const kf::normalize::Context context{.source_id = "diff", .document_url = doc_url};
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& item : feed->items) entries.push_back(entry_json(*feed, item, context));
  out.update({{"ok", true}, {"error", nullptr}, {"bozo_recovered", feed->recovered},
              {"format", feed->format}, {"entries", std::move(entries)}});
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string base_url = "http://127.0.0.1:8097/";
  std::string root;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--base-url" || arg == "--root") && i + 1 < argc) {
      (arg == "--root" ? root : base_url) = argv[++i];
    } else if (arg.starts_with("--")) {
      std::cerr << "usage: parse_dump [--base-url URL] [--root DIR] PATH...\n";
      return 2;
    } else {
      paths.push_back(arg);
    }
  }
  if (paths.empty()) {
    std::cerr << "usage: parse_dump [--base-url URL] [--root DIR] PATH...\n";
    return 2;
  }
  try {
    for (const auto& file : collect(paths)) {
      // error_handler::replace: a test must see invalid UTF-8 as U+FFFD, not abort.
      std::cout << dump(file, document_url(file, base_url, root))
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
    }
  } catch (const std::exception& e) {
    std::cerr << "parse_dump: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
