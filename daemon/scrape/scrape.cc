#include "text/whitespace.h"
#include "scrape/scrape.h"

#include <algorithm>
#include <array>

#include "html/sanitize.h"
#include "html/serialize.h"
#include "scrape/charset.h"
#include "scrape/content.h"
#include "scrape/element_index.h"
#include "scrape/extract.h"
#include "scrape/metadata.h"
#include "url/url.h"

namespace kf::scrape {
namespace {

using detail::Extracted;
using detail::Outcome;
using detail::PageMeta;

std::string absolute(std::string_view base, std::string_view ref) {
  if (ref.empty()) return {};
  auto r = url::resolve(base, ref);
  return r ? *r : std::string();
}

std::string canonical(std::string_view base, std::string_view ref) {
  auto abs = absolute(base, ref);
  auto c = url::canonicalize(abs);
  return c ? *c : std::string();
}

// Drops `kicker` and the separator after it from the start of `title`.
std::optional<std::string> without_kicker(std::string_view title, std::string_view kicker) {
  if (kicker.empty() || !title.starts_with(kicker)) return std::nullopt;
  std::string_view rest = title.substr(kicker.size());
  auto skip = [&](std::string_view sep) {
    if (rest.starts_with(sep)) rest.remove_prefix(sep.size());
  };
  for (int i = 0; i < 3; ++i)
    for (std::string_view sep : {" ", ":", "|", "-", "\xE2\x80\x93", "\xE2\x80\x94"}) skip(sep);
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

std::string trim_separators(std::string_view s) {
  auto sep = [](char c) { return c == ' ' || c == ':' || c == '|' || c == '-'; };
  while (!s.empty() && sep(s.back())) s.remove_suffix(1);
  while (!s.empty() && sep(s.front())) s.remove_prefix(1);
  return std::string(s);
}

// Reads article and teaser fields, recording provenance and rule health.
class Reader {
 public:
  // `index` (may be null) speeds up rules run on its root; it must outlive
  // the Reader or be dropped with drop_index() before the tree changes.
  Reader(ScrapedPage& page, const detail::ElementIndex* index) : page_(page), index_(index) {}

  const detail::ElementIndex* index() const { return index_; }
  void drop_index() { index_ = nullptr; }

  // The rule's value below `context`, or nullopt (health recorded either way).
  std::optional<std::string> rule(const std::optional<Rule>& r, pugi::xml_node context, std::string_view field,
                                  pugi::xml_node* matched = nullptr) {
    if (!r) return std::nullopt;
    Extracted ex = detail::apply(*r, context, index_);
    page_.health.push_back({r->name, ex.outcome == Outcome::matched, std::string(detail::describe(ex.outcome))});
    if (matched) *matched = ex.node;
    if (ex.outcome != Outcome::matched) return std::nullopt;
    origin(field, r->describe());
    return std::move(ex.value);
  }

  // Fills `target` from the first non-empty candidate when it is still empty.
  void fallback(std::string& target, std::string_view field,
                std::initializer_list<std::pair<std::string_view, std::string_view>> candidates) {
    if (!target.empty()) return;
    for (const auto& [value, from] : candidates) {
      if (value.empty()) continue;
      target = std::string(value);
      origin(field, "fallback: " + std::string(from));
      return;
    }
  }

  void origin(std::string_view field, std::string how) {
    for (auto& o : page_.provenance)
      if (o.field == field) return void(o.origin = std::move(how));
    page_.provenance.push_back({std::string(field), std::move(how)});
  }

 private:
  ScrapedPage& page_;
  const detail::ElementIndex* index_;
};

bool inside(pugi::xml_node n, pugi::xml_node ancestor) {
  for (; n; n = n.parent())
    if (n == ancestor) return true;
  return false;
}

// Sanitized inner HTML of `node` after the remove rules took their matches out.
std::string body_of(pugi::xml_node node, const ArticleRules& rules, const std::string& base) {
  for (const Rule& r : rules.remove) {
    for (const auto& m : r.selector.all(node)) {
      pugi::xml_node victim = m.node() ? m.node() : m.parent();
      if (victim != node && inside(victim, node) && victim.parent()) victim.parent().remove_child(victim);
    }
  }
  return html::sanitize(html::inner_html(node), {base, true});
}

void read_title(Reader& rd, pugi::xml_node root, const ArticleRules& rules, const PageMeta& meta,
                FeedItem& item, pugi::xml_node& headline) {
  if (auto v = rd.rule(rules.kicker, root, "kicker")) item.kicker = *v;
  const std::string cleaned = detail::clean_title(meta.title_tag, meta.og_site_name, meta.base_url);
  if (auto v = rd.rule(rules.title, root, "title", &headline)) item.title = *v;
  std::string h1;
  static const pugi::xpath_query first_h1("//h1");
  const pugi::xml_node n = rd.index() && rd.index()->root() == root ? rd.index()->first_named("h1")
                                                                     : first_h1.evaluate_node(root).node();
  if (n) {
    if (!headline) headline = n;
    h1 = html::text_content(n);
  }
  rd.fallback(item.title, "title",
              {{meta.ld.headline, "json-ld headline"}, {meta.og_title, "og:title"}, {h1, "first h1"},
               {cleaned, "cleaned <title>"}});
  if (auto rest = without_kicker(item.title, item.kicker)) {
    item.title = *rest;
    return;
  }
  // An <h1> holding kicker + headline, when the headline came from elsewhere.
  if (item.kicker.empty() && h1.size() > item.title.size() && !item.title.empty() &&
      std::string_view(h1).ends_with(item.title)) {
    item.kicker = trim_separators(std::string_view(h1).substr(0, h1.size() - item.title.size()));
    if (!item.kicker.empty()) rd.origin("kicker", "split from the first h1 before the headline");
  }
  for (std::string_view known : {std::string_view(meta.og_title), std::string_view(meta.ld.headline),
                                 std::string_view(cleaned)}) {
    if (known.empty() || item.title == known || !std::string_view(item.title).ends_with(known)) continue;
    const std::string prefix = trim_separators(std::string_view(item.title).substr(0, item.title.size() - known.size()));
    if (item.kicker.empty() && !prefix.empty()) {
      item.kicker = prefix;
      rd.origin("kicker", "split from the title before the known headline");
    }
    item.title = std::string(known);
    rd.origin("title", "headline known from og:title / json-ld / <title>");
    return;
  }
}

std::optional<FeedItem> read_article(Reader& rd, pugi::xml_node root, const ArticleRules& rules,
                                     const PageMeta& meta, ScrapedPage& page) {
  FeedItem item;
  item.completeness = Completeness::full;
  item.link = page.url;
  item.base_url = meta.base_url;
  item.language = meta.language;
  item.title_type = TextType::text;
  pugi::xml_node headline;
  read_title(rd, root, rules, meta, item, headline);

  if (auto v = rd.rule(rules.date, root, "date")) item.published_raw = *v;
  if (item.published_raw.empty()) {
    pugi::xml_node scope = detail::article_scope(headline);
    if (!scope) {
      static const pugi::xpath_query first_article("//article");
      scope = rd.index() && rd.index()->root() == root ? rd.index()->first_named("article")
                                                       : first_article.evaluate_node(root).node();
    }
    const std::string near = detail::date_in(scope);
    rd.fallback(item.published_raw, "date",
                {{meta.ld.date_published, "json-ld datePublished"},
                 {meta.published_time, "article:published_time"},
                 {near, "date near the headline"}});
  }
  rd.fallback(item.updated_raw, "updated",
              {{meta.ld.date_modified, "json-ld dateModified"}, {meta.modified_time, "article:modified_time"}});

  if (auto v = rd.rule(rules.lead, root, "lead")) item.summary = *v;
  rd.fallback(item.summary, "lead",
              {{meta.ld.description, "json-ld description"},
               {meta.og_description, "og:description"},
               {meta.description, "meta description"}});
  item.summary_type = rules.lead && rules.lead->html ? TextType::html : TextType::text;

  MediaRef image;
  pugi::xml_node image_node;
  if (auto v = rd.rule(rules.image, root, "image", &image_node)) image.url = absolute(meta.base_url, *v);
  rd.fallback(image.url, "image", {{meta.ld.image, "json-ld image"}, {meta.og_image, "og:image"}});
  if (auto v = rd.rule(rules.image_alt, root, "image_alt")) image.alt = *v;
  const std::string node_alt =
      image_node && std::string_view(image_node.name()) == "img" ? text::collapse_whitespace(image_node.attribute("alt").value()) : "";
  rd.fallback(image.alt, "image_alt", {{node_alt, "alt of the image element"}, {meta.og_image_alt, "og:image:alt"}});
  if (auto v = rd.rule(rules.caption, root, "caption")) page.image_caption = *v;
  if (auto v = rd.rule(rules.credit, root, "credit")) image.credit = *v;
  if (!image.url.empty()) {
    image.medium = "image";
    item.media.push_back(std::move(image));
  }

  if (auto v = rd.rule(rules.author, root, "author")) item.author = *v;
  rd.fallback(item.author, "author", {{meta.ld.author, "json-ld author"}, {meta.author, "meta author"}});

  if (rules.categories) {
    for (const auto& m : rules.categories->selector.all(root, rd.index())) {
      Extracted ex = detail::value_of(*rules.categories, m);
      if (ex.outcome == Outcome::matched) item.categories.push_back(std::move(ex.value));
    }
    page.health.push_back({rules.categories->name, !item.categories.empty(),
                           std::to_string(item.categories.size()) + " values"});
    if (!item.categories.empty()) rd.origin("categories", rules.categories->describe());
  }
  if (item.categories.empty() && !meta.categories.empty()) {
    item.categories = meta.categories;
    rd.origin("categories", "fallback: article:section/article:tag");
  }

  // Last: the remove rules change the tree, which leaves the index stale.
  item.content_type = TextType::html;
  if (rules.body) {
    pugi::xpath_node m = rules.body->selector.first(root, rd.index());
    page.health.push_back({rules.body->name, bool(m), m ? "matched" : "no node matched"});
    rd.drop_index();
    if (m && m.node()) {
      item.content = body_of(m.node(), rules, meta.base_url);
      if (!item.content.empty()) rd.origin("body", rules.body->describe());
    }
  }
  rd.drop_index();
  if (item.content.empty()) {
    if (pugi::xml_node main = detail::main_content(root)) {
      // The headline is the title already; a reader should not see it twice.
      if (headline && headline != main && inside(headline, main)) headline.parent().remove_child(headline);
      item.content = body_of(main, rules, meta.base_url);
      if (!item.content.empty()) rd.origin("body", "fallback: main-content heuristic");
    }
  }
  if (item.title.empty()) {
    page.warnings.push_back("scrape: " + page.url + ": no title found; the page yields no article");
    return std::nullopt;
  }
  return item;
}

// Aggregated health of one per-item rule: matched on how many of `n` items.
struct Tally {
  const std::optional<Rule>* rule;
  int hits = 0;
};

void read_teasers(Reader& rd, pugi::xml_node root, const TeaserRules& rules, const PageMeta& meta,
                  ScrapedPage& page) {
  const pugi::xpath_node_set items = rules.item.selector.all(root, rd.index());
  page.health.push_back({rules.item.name, !items.empty(), std::to_string(items.size()) + " items"});
  if (!items.empty()) rd.origin("teasers", rules.item.describe());
  std::vector<Tally> tallies{{&rules.kicker}, {&rules.title}, {&rules.date}, {&rules.summary}, {&rules.link}};
  // Rules with the same selector find the same node, and with the same
  // attr/html settings read the same raw value ("h3 a" for kicker, title
  // and link): each is computed once per teaser. same_node[i] / same_raw[i]
  // name an earlier rule to copy from, or -1.
  constexpr std::size_t kRules = 5;
  std::array<int, kRules> same_node, same_raw;
  for (std::size_t i = 0; i < kRules; ++i) {
    same_node[i] = same_raw[i] = -1;
    const std::optional<Rule>& a = *tallies[i].rule;
    for (std::size_t j = 0; a && j < i && same_node[i] < 0; ++j) {
      const std::optional<Rule>& b = *tallies[j].rule;
      if (!b || b->selector.xpath() != a->selector.xpath() || b->selector.is_css() != a->selector.is_css()) continue;
      same_node[i] = static_cast<int>(j);
      if (b->attr == a->attr && b->html == a->html) same_raw[i] = static_cast<int>(j);
    }
  }
  std::array<pugi::xpath_node, kRules> found;
  std::array<std::string, kRules> raws;
  std::array<pugi::xml_node, kRules> raw_nodes;
  auto value = [&](std::size_t i, pugi::xml_node item) -> std::string {
    Tally& t = tallies[i];
    if (!*t.rule) return {};
    const Rule& r = **t.rule;
    found[i] = same_node[i] >= 0 ? found[same_node[i]] : r.selector.first(item);
    if (!found[i]) return {};
    if (same_raw[i] >= 0) {
      raws[i] = raws[same_raw[i]];
      raw_nodes[i] = raw_nodes[same_raw[i]];
    } else {
      raws[i] = detail::raw_value(r, found[i], raw_nodes[i]);
    }
    Extracted ex = detail::finish(r, raws[i], raw_nodes[i]);
    if (ex.outcome != Outcome::matched) return {};
    ++t.hits;
    return std::move(ex.value);
  };
  static const pugi::xpath_query any_link(".//a[@href]");
  for (const auto& m : items) {
    const pugi::xml_node n = m.node();
    for (auto& f : found) f = pugi::xpath_node();
    FeedItem t;
    t.completeness = Completeness::teaser;
    t.title_type = TextType::text;
    t.summary_type = TextType::text;
    t.language = meta.language;  // base_url stays empty: a teaser's text holds no markup
    t.kicker = value(0, n);
    t.title = value(1, n);
    if (auto rest = without_kicker(t.title, t.kicker)) t.title = *rest;
    t.published_raw = value(2, n);
    t.summary = value(3, n);
    std::string href = value(4, n);
    if (!rules.link)
      if (auto a = any_link.evaluate_node(n)) href = a.node().attribute("href").value();
    t.link = canonical(meta.base_url, href);
    page.teasers.push_back(std::move(t));
  }
  for (const Tally& t : tallies) {
    if (!*t.rule) continue;
    const Rule& r = **t.rule;
    page.health.push_back({r.name, t.hits > 0,
                           std::to_string(t.hits) + " of " + std::to_string(items.size()) + " items"});
    if (t.hits > 0) rd.origin(r.name, r.describe());
  }
}

// True when the page is a listing.
bool read_list(Reader& rd, pugi::xml_node root, const ListRules& rules, const PageMeta& meta,
               ScrapedPage& page) {
  const pugi::xpath_node_set items = rules.item.selector.all(root, rd.index());
  page.health.push_back({rules.item.name, !items.empty(), std::to_string(items.size()) + " items"});
  int hits = 0;
  for (const auto& m : items) {
    Extracted ex = detail::apply(rules.link, m.node());
    if (ex.outcome != Outcome::matched) continue;
    ++hits;
    std::string link = canonical(meta.base_url, ex.value);
    if (link.empty() || std::find(page.links.begin(), page.links.end(), link) != page.links.end()) continue;
    page.links.push_back(std::move(link));
  }
  page.health.push_back({rules.link.name, hits > 0,
                         std::to_string(hits) + " of " + std::to_string(items.size()) + " items"});
  if (rules.next) {
    if (auto v = rd.rule(rules.next, root, "next")) page.next_page = canonical(meta.base_url, *v);
  }
  if (!items.empty()) rd.origin("links", rules.item.describe() + " / " + rules.link.describe());
  return !items.empty();
}

}  // namespace

namespace {

Result<ScrapedPage> scrape_unguarded(const Document& doc, const ScrapeRules& rules,
                                     const html::ParseLimits& limits) {
  auto fetched = url::canonicalize(doc.url);
  if (!fetched) return fail("scrape: ", doc.url, ": not an absolute http(s) URL");
  ScrapedPage page;
  text::Decoded decoded = decode_html(doc.body, doc.content_type);
  page.charset = decoded.charset;
  thread_local html::HtmlParser parser;
  html::HtmlDocument dom;
  if (auto ok = parser.parse(decoded.utf8, dom, limits); !ok)
    return fail("scrape: ", doc.url, ": ", ok.error().message);
  const pugi::xml_node root = dom.doc;
  const detail::ElementIndex index(dom);
  PageMeta meta = detail::read_meta(root, doc.url, &index);

  for (const auto& [candidate, from] : {std::pair{meta.canonical, "link rel=canonical"},
                                        std::pair{meta.og_url, "og:url"}}) {
    if (auto c = url::canonicalize(candidate)) {
      page.url = *c;
      page.provenance.push_back({"url", std::string("fallback: ") + from});
      break;
    }
  }
  if (page.url.empty()) {
    page.url = *fetched;
    page.provenance.push_back({"url", "fetched URL"});
  }
  for (const auto& w : decoded.warnings) page.warnings.push_back("scrape: " + doc.url + ": " + w);
  for (const auto& w : dom.warnings) page.warnings.push_back("scrape: " + doc.url + ": " + w);
  for (const auto& w : meta.warnings) page.warnings.push_back("scrape: " + doc.url + ": " + w);
  if (dom.truncated && dom.warnings.empty())
    page.warnings.push_back("scrape: " + doc.url + ": html: document truncated by the parse limits");
  page.feeds = meta.feeds;

  Reader rd(page, &index);
  bool listing = false;
  if (rules.list) listing = read_list(rd, root, *rules.list, meta, page);
  if (rules.teasers) read_teasers(rd, root, *rules.teasers, meta, page);
  if (!listing) page.article = read_article(rd, root, rules.article, meta, page);
  return page;
}

}  // namespace

Result<ScrapedPage> scrape_page(const Document& doc, const ScrapeRules& rules, const html::ParseLimits& limits) {
  try {
    return scrape_unguarded(doc, rules, limits);
  } catch (const std::exception& e) {  // allocation failure inside pugixml or nlohmann::json
    return fail("scrape: ", doc.url, ": ", e.what());
  }
}

}  // namespace kf::scrape
