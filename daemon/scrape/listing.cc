#include "scrape/listing.h"

#include <algorithm>
#include <array>

#include "scrape/extract.h"

namespace kf::scrape::detail {
namespace {

// Aggregated health of one per-item rule: matched on how many of `n` items.
struct Tally {
  const std::optional<Rule>* rule;
  int hits = 0;
};

}  // namespace

void read_teasers(Reader& rd, pugi::xml_node root, const TeaserRules& rules, const PageMeta& meta,
                  ScrapedPage& page) {
  const pugi::xpath_node_set items = rules.item.selector.all(root, rd.index());
  page.health.push_back({rules.item.name, !items.empty(), std::to_string(items.size()) + " items"});
  if (!items.empty()) rd.origin("teasers", rules.item.describe());
  std::vector<Tally> tallies{{&rules.kicker}, {&rules.title}, {&rules.date}, {&rules.summary}, {&rules.link}};
  // Rules with the same selector find the same node, and with the same
  // attr/html settings read the same raw value ("h3 a" for kicker, title
  // and link): each is computed once per teaser. same_node[i] names an
  // earlier rule to take the node from, or -1; raw_of[i] the rule whose raw
  // value rule i reads (i itself when it reads its own).
  constexpr std::size_t kRules = 5;
  std::array<int, kRules> same_node;
  std::array<std::size_t, kRules> raw_of;
  for (std::size_t i = 0; i < kRules; ++i) {
    same_node[i] = -1;
    raw_of[i] = i;
    const std::optional<Rule>& a = *tallies[i].rule;
    for (std::size_t j = 0; a && j < i && same_node[i] < 0; ++j) {
      const std::optional<Rule>& b = *tallies[j].rule;
      if (!b || b->selector.xpath() != a->selector.xpath() || b->selector.is_css() != a->selector.is_css()) continue;
      same_node[i] = static_cast<int>(j);
      if (b->attr == a->attr && b->html == a->html) raw_of[i] = raw_of[j];
    }
  }
  std::array<pugi::xpath_node, kRules> found;
  // Kept across teasers, so reading a field reuses the buffer instead of
  // allocating a string per field and teaser.
  std::array<std::string, kRules> raws;
  std::array<pugi::xml_node, kRules> raw_nodes;
  auto value = [&](std::size_t i, pugi::xml_node item) -> std::string {
    Tally& t = tallies[i];
    if (!*t.rule) return {};
    const Rule& r = **t.rule;
    found[i] = same_node[i] >= 0 ? found[same_node[i]] : r.selector.first(item);
    if (!found[i]) return {};
    const std::size_t from = raw_of[i];
    if (from == i) raw_value(r, found[i], raws[i], raw_nodes[i]);
    Extracted ex = finish(r, raws[from], raw_nodes[from]);
    if (ex.outcome != Outcome::matched) return {};
    ++t.hits;
    return std::move(ex.value);
  };
  static const pugi::xpath_query any_link(".//a[@href]");
  page.teasers.reserve(page.teasers.size() + items.size());
  for (const auto& m : items) {
    const pugi::xml_node n = m.node();
    for (auto& f : found) f = pugi::xpath_node();
    FeedItem& t = page.teasers.emplace_back();  // filled in place: a FeedItem is large
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
  }
  for (const Tally& t : tallies) {
    if (!*t.rule) continue;
    const Rule& r = **t.rule;
    page.health.push_back({r.name, t.hits > 0,
                           std::to_string(t.hits) + " of " + std::to_string(items.size()) + " items"});
    if (t.hits > 0) rd.origin(r.name, r.describe());
  }
}

bool read_list(Reader& rd, pugi::xml_node root, const ListRules& rules, const PageMeta& meta,
               ScrapedPage& page) {
  const pugi::xpath_node_set items = rules.item.selector.all(root, rd.index());
  page.health.push_back({rules.item.name, !items.empty(), std::to_string(items.size()) + " items"});
  int hits = 0;
  for (const auto& m : items) {
    Extracted ex = apply(rules.link, m.node());
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

}  // namespace kf::scrape::detail
