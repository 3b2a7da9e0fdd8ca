#include "scrape/article.h"

#include "html/sanitize.h"
#include "html/serialize.h"
#include "scrape/content.h"
#include "scrape/extract.h"

namespace kf::scrape::detail {
namespace {

std::string trim_separators(std::string_view s) {
  auto sep = [](char c) { return c == ' ' || c == ':' || c == '|' || c == '-'; };
  while (!s.empty() && sep(s.back())) s.remove_suffix(1);
  while (!s.empty() && sep(s.front())) s.remove_prefix(1);
  return std::string(s);
}

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
  const std::string cleaned = clean_title(meta.title_tag, meta.og_site_name, meta.base_url);
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

}  // namespace

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
    pugi::xml_node scope = article_scope(headline);
    if (!scope) {
      static const pugi::xpath_query first_article("//article");
      scope = rd.index() && rd.index()->root() == root ? rd.index()->first_named("article")
                                                       : first_article.evaluate_node(root).node();
    }
    const std::string near = date_in(scope);
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
      image_node && std::string_view(image_node.name()) == "img" ? collapsed(image_node.attribute("alt").value()) : "";
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
      Extracted ex = value_of(*rules.categories, m);
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
    if (pugi::xml_node main = main_content(root)) {
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

}  // namespace kf::scrape::detail
