// Selects what a published output shows: OutputFilter decides whether one
// article belongs to a config::Output (feeds.yaml publish.outputs), and
// select_page() walks the store's articles newest first to cut one page of
// matches out of them, with a hard cap on how many articles it examines so
// no filter and no page number can make a request scan the whole table.
//
// Matching rules (config::Output: OR within a list, AND across lists):
//  * sources: the article's source_id is one of them.
//  * tags / lands / ags: judged on the article's source (config::Source):
//    a tag of the source equals one of `tags` (ASCII case-insensitive), its
//    land equals one of `lands` (ditto), its ags starts with one of the `ags`
//    prefixes. An article whose source is unknown fails these filters.
//  * kickers: equal to the article's kicker after case folding.
//  * keywords: a substring of the title or of the plain text of summary or
//    content, after case folding (markup and attribute values are not
//    searched, character references are decoded).
//  * regex: PCRE2 (Perl-compatible, see text/regex.h; the ECMAScript
//    patterns people write mean the same), case-insensitive with Unicode
//    case folding, found in the title, summary text or content text. Each
//    field's first 64 KiB are searched (cut at a UTF-8 boundary); text
//    beyond is not. A search that exceeds the regex backtracking limit
//    (text::Regex::kMatchLimit) counts as no match.
//  * completeness: equal; teasers: false drops teaser articles.
// Case folding (fold_case) lowers ASCII A–Z and the Latin-1 capitals
// À–Þ (so Ä Ö Ü), and maps ẞ to ß; other scripts are compared as written.
//
// OutputFilter is immutable after create() and safe to share between
// threads; select_page() is reentrant (it calls `batches` on the caller's
// thread).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/article.h"
#include "model/error.h"
#include "text/regex.h"

namespace kf::publish {

// `s` with ASCII and Latin-1 capitals lowered (see the header comment).
std::string fold_case(std::string_view s);

class OutputFilter {
 public:
  // Compiles `output`'s filters once. `sources` are the config's sources; the
  // filter keeps a copy to find an article's source by id. Fails only when
  // the regex does not compile ("publish: output 'x': invalid regex …");
  // config validation normally caught that already.
  static Result<OutputFilter> create(const config::Output& output,
                                     std::span<const config::Source> sources);

  // True when `a` belongs to the output. `source` is the article's source
  // (nullptr when unknown: then tags/lands/ags filters fail).
  bool matches(const Article& a, const config::Source* source) const;
  // The same with the source looked up among those given to create().
  bool matches(const Article& a) const { return matches(a, source_of(a.source_id)); }

  // The source with this id among those given to create(), or nullptr.
  const config::Source* source_of(std::string_view id) const;
  // The ids of the sources whose articles can match at all (the store may
  // restrict its query to them); nullopt when no source-level filter
  // (sources, tags, lands, ags) is set. May be empty: nothing can match.
  const std::optional<std::vector<std::string>>& source_ids() const { return source_ids_; }
  const config::Output& output() const { return output_; }

 private:
  bool source_passes(const Article& a, const config::Source* source) const;
  bool text_passes(const Article& a) const;

  config::Output output_;
  std::vector<std::string> kickers_;   // folded
  std::vector<std::string> keywords_;  // folded, non-empty
  std::shared_ptr<const text::Regex> regex_;  // shared by copies; null: none
  std::map<std::string, config::Source, std::less<>> sources_;
  std::optional<std::vector<std::string>> source_ids_;
};

// Articles newest first: up to `count` of them starting at `offset` (0-based);
// fewer than `count` means the end. The store provides it.
using Batches = std::function<Result<std::vector<Article>>(std::size_t offset, std::size_t count)>;

struct Page {
  std::vector<Article> articles;  // the matches of the requested page, newest first
  bool has_next = false;          // a further match exists (a next page)
  // The scan stopped at the examination cap: there may be older matches
  // (has_next can be false although more exist; an empty page may not be
  // the real end). Also set, without scanning, when the page starts beyond
  // the cap.
  bool truncated = false;
  std::size_t examined = 0;  // articles read from `batches`
};

// Most articles select_page() reads for one page: 20,000 keeps the worst
// request (a filter matching nothing) in the tens of milliseconds while a
// normal filter still reaches years of archive.
inline constexpr std::size_t kMaxExamined = 20'000;
// Largest per_page accepted (config's publish.outputs limit has the same bound).
inline constexpr int kMaxPerPage = 1000;
// Articles requested from `batches` per call.
inline constexpr std::size_t kBatchSize = 500;

// Page `page` (1-based) of `per_page` matches of `filter` among the articles
// `batches` yields. Errors: page < 1, per_page < 1 or > kMaxPerPage
// ("publish: page must be at least 1, got 0"), and any error of `batches`,
// passed on. A page past the end is an empty page, not an error; a page
// whose first match would lie beyond `max_examined` articles is empty and
// truncated without reading anything.
Result<Page> select_page(const OutputFilter& filter, int page, int per_page, const Batches& batches,
                         std::size_t max_examined = kMaxExamined);

}  // namespace kf::publish
