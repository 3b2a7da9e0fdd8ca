// Site: the routes that show articles: outputs as feeds, one source's feed,
// the river of news and search.
#include <algorithm>
#include <charconv>
#include <map>

#include "publish/atom.h"
#include "publish/html_river.h"
#include "publish/json_feed.h"
#include "publish/rss.h"
#include "serve/routes.h"

namespace kf::serve {
namespace {

// Entries per page of a source's own feed (it has no configured limit).
constexpr int kSourcePerPage = 100;
// Most search results shown; search is ranked, so there are no pages.
constexpr int kSearchLimit = 50;
// Longest search text accepted; longer queries are cut (FTS cost grows with it).
constexpr std::size_t kMaxQueryBytes = 200;

std::string render_format(const publish::FeedDoc& doc, int format) {
  switch (format) {
    case 1:
      return publish::render_rss(doc);
    case 2:
      return publish::render_json_feed(doc);
    default:
      return publish::render_atom(doc);
  }
}

std::string_view type_of(int format) {
  switch (format) {
    case 1:
      return kRssType;
    case 2:
      return kJsonFeedType;
    default:
      return kAtomType;
  }
}

Response bad_request(std::string_view why) {
  Response response = text_response(400);
  response.body += why;
  response.body += "\n";
  return response;
}

}  // namespace

Result<std::vector<publish::FeedEntry>> Site::entries_of(std::vector<Article> articles) {
  Store* st = store(nullptr);
  if (!st) return fail("serve: database not available");
  std::map<std::string, std::optional<Timestamp>> fetched;  // source id -> last success
  std::vector<publish::FeedEntry> out;
  out.reserve(articles.size());
  for (auto& a : articles) {
    publish::FeedEntry e;
    if (const config::Source* s = sources_.find(a.source_id)) {
      e.source.id = s->id;
      e.source.name = s->name.empty() ? s->id : s->name;
      e.source.url = s->url;
      auto it = fetched.find(s->id);
      if (it == fetched.end()) {
        auto state = st->source_state(s->id);
        if (!state) return std::unexpected(state.error());
        it = fetched.emplace(s->id, *state ? (*state)->last_success : std::nullopt).first;
      }
      e.source.fetched = it->second;
    }
    auto related = st->related_urls(a.id);
    if (!related) return std::unexpected(related.error());
    e.related_urls = std::move(*related);
    e.article = std::move(a);
    out.push_back(std::move(e));
  }
  return out;
}

Timestamp Site::fallback_updated() {
  // An empty page still needs an updated date; the newest article keeps it
  // stable (unlike "now"), and a fixed date serves an empty database.
  Timestamp fixed{std::chrono::seconds{1735689600}};  // 2025-01-01
  Store* st = store(nullptr);
  if (!st) return fixed;
  auto newest = st->recent_articles(1, 0);
  if (!newest || newest->empty()) return fixed;
  return publish::updated_of(newest->front());
}

Result<publish::Page> Site::select(const publish::OutputFilter& filter, int page) {
  std::string error;
  Store* st = store(&error);
  if (!st) return fail(error);
  int per_page = std::clamp(filter.output().limit, 1, publish::kMaxPerPage);
  // Only each near-duplicate cluster's representative is published.
  publish::Batches batches = [st](std::size_t offset, std::size_t count) {
    return st->recent_representatives(int(count), int(offset));
  };
  return publish::select_page(filter, page, per_page, batches);
}

Response Site::output_feed(const Request& request, std::string_view output_id, Format format,
                           std::string_view self_path) {
  auto page = parse_page(request);
  if (!page) return bad_request("page must be a number from 1 to 1000000");
  auto it = filters_.find(output_id);
  if (it == filters_.end()) return not_found(request);
  const publish::OutputFilter& filter = it->second;
  int fmt = int(format);
  // Built in a reused buffer: this runs for every feed request, hit or miss.
  const std::string& base_url = config_.publish.base_url;
  char digits[16];
  char* digits_end = std::to_chars(digits, digits + sizeof digits, *page).ptr;
  key_.assign("feed ");
  key_.append(base_url).append(self_path).append(" ").append(digits, digits_end);
  return cached(key_, generation(), type_of(fmt), [&]() -> Result<Rendered> {
    const std::string self_base = base_url + std::string(self_path);
    auto selected = select(filter, *page);
    if (!selected) return std::unexpected(selected.error());
    auto entries = entries_of(std::move(selected->articles));
    if (!entries) return std::unexpected(entries.error());
    const config::Output& output = filter.output();
    publish::FeedDoc doc;
    doc.id = publish::feed_id(output.id);
    doc.title = output.title.empty() ? config_.publish.title : output.title;
    doc.self_url = publish::page_url(self_base, *page);
    doc.html_url = config_.publish.base_url;
    doc.paging = publish::paging_links(self_base, *page, selected->has_next);
    doc.entries = std::move(*entries);
    doc.updated = publish::newest_update(doc.entries, fallback_updated());
    return Rendered{render_format(doc, fmt), doc.updated};
  });
}

Response Site::source_feed(const Request& request, const std::string& source_id) {
  auto page = parse_page(request);
  if (!page) return bad_request("page must be a number from 1 to 1000000");
  const config::Source* source = sources_.find(source_id);
  if (!source) return not_found(request);
  std::string self_base = config_.publish.base_url + "sources/" + source_id + ".atom";
  std::string key = "source " + source_id + " " + std::to_string(*page);
  return cached(key, generation(), kAtomType, [&]() -> Result<Rendered> {
    std::vector<Article> articles;
    bool has_next = false;
    // Deep pages are cut off like select_page's cap: OFFSET walks the rows.
    long offset = long(*page - 1) * kSourcePerPage;
    if (offset < long(publish::kMaxExamined)) {
      std::string error;
      Store* st = store(&error);
      if (!st) return fail(error);
      auto got = st->recent_articles_of_source(source_id, kSourcePerPage + 1, int(offset));
      if (!got) return std::unexpected(got.error());
      articles = std::move(*got);
      has_next = articles.size() > std::size_t(kSourcePerPage);
      if (has_next) articles.pop_back();
    }
    auto entries = entries_of(std::move(articles));
    if (!entries) return std::unexpected(entries.error());
    publish::FeedDoc doc;
    doc.id = publish::feed_id("source-" + source_id);
    doc.title = (source->name.empty() ? source->id : source->name) + " – " + config_.publish.title;
    doc.self_url = publish::page_url(self_base, *page);
    doc.html_url = config_.publish.base_url + "sources";
    doc.paging = publish::paging_links(self_base, *page, has_next);
    doc.entries = std::move(*entries);
    doc.updated = publish::newest_update(doc.entries, fallback_updated());
    return Rendered{publish::render_atom(doc), doc.updated};
  });
}

Response Site::river(const Request& request) {
  auto page = parse_page(request);
  if (!page) return bad_request("page must be a number from 1 to 1000000");
  auto it = filters_.find("all");
  if (it == filters_.end()) return not_found(request);
  std::string key = "river " + std::to_string(*page);
  return cached(key, generation(), kHtmlType, [&]() -> Result<Rendered> {
    auto selected = select(it->second, *page);
    if (!selected) return std::unexpected(selected.error());
    auto entries = entries_of(std::move(selected->articles));
    if (!entries) return std::unexpected(entries.error());
    const std::string& base = config_.publish.base_url;
    publish::RiverPage river;
    river.frame = frame(*page == 1 ? "Neueste Meldungen" : "Seite " + std::to_string(*page));
    river.heading = "Neueste Meldungen";
    river.entries = std::move(*entries);
    if (*page > 1) river.newer_url = publish::page_url(base, *page - 1);
    if (selected->has_next) river.older_url = publish::page_url(base, *page + 1);
    if (*page > 1) river.empty_text = "Keine weiteren Artikel.";
    auto modified = publish::newest_update(river.entries, fallback_updated());
    return Rendered{publish::render_river(river), modified};
  });
}

Response Site::search(const Request& request) {
  std::string q(request.param("q").value_or(""));
  if (q.size() > kMaxQueryBytes) q.resize(kMaxQueryBytes);  // may cut UTF-8: FTS tolerates it
  auto format = request.param("format");
  bool atom = format && *format == "atom";
  if (format && !atom && *format != "html") return bad_request("format must be atom or html");
  std::string self = config_.publish.base_url + "search?q=" + publish::url_encode(q);
  if (atom) self += "&format=atom";
  std::string key = std::string(atom ? "search-atom " : "search ") + q;
  return cached(key, generation(), atom ? kAtomType : kHtmlType,
                [&]() -> Result<Rendered> {
                  std::vector<Article> found;
                  if (!q.empty()) {
                    std::string error;
                    Store* st = store(&error);
                    if (!st) return fail(error);
                    auto got = st->search(q, kSearchLimit);
                    if (!got) return std::unexpected(got.error());
                    found = std::move(*got);
                  }
                  auto entries = entries_of(std::move(found));
                  if (!entries) return std::unexpected(entries.error());
                  if (atom) {
                    publish::FeedDoc doc;
                    doc.id = self;  // each query is its own feed
                    doc.title = "Suche: " + q + " – " + config_.publish.title;
                    doc.self_url = self;
                    doc.html_url = config_.publish.base_url + "search?q=" + publish::url_encode(q);
                    doc.entries = std::move(*entries);
                    doc.updated = publish::newest_update(doc.entries, fallback_updated());
                    return Rendered{publish::render_atom(doc), doc.updated};
                  }
                  publish::RiverPage page;
                  page.frame = frame(q.empty() ? "Suche" : "Suche: " + q, q);
                  page.frame.feeds.push_back({"Suchergebnisse (Atom)", "application/atom+xml",
                                              self + "&format=atom"});
                  page.heading = q.empty() ? "Suche" : "Suchergebnisse für „" + q + "“";
                  page.group_by_day = false;
                  page.entries = std::move(*entries);
                  page.empty_text = q.empty() ? "Bitte einen Suchbegriff eingeben."
                                              : "Keine Artikel gefunden.";
                  return Rendered{publish::render_river(page), std::nullopt};
                });
}

}  // namespace kf::serve
