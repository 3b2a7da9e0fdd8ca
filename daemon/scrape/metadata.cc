#include "scrape/metadata.h"

#include <nlohmann/json.hpp>

#include "html/serialize.h"
#include "scrape/extract.h"
#include "text/ascii.h"
#include "url/url.h"

namespace kf::scrape::detail {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxJsonLd = 1 << 20;  // bytes per script
constexpr int kMaxJsonDepth = 64;           // nlohmann's parser recurses per level

// The raw text of an element (script content is one text child).
std::string raw_text(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  return out;
}

// True when the brackets of `s` nest no deeper than kMaxJsonDepth (strings skipped).
bool shallow_enough(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

std::string str_of(const json& v) {
  if (v.is_string()) return collapsed(v.get<std::string>());
  if (v.is_number()) return v.dump();
  return {};
}

// schema.org values that may be a string, an object with `key`, or a list of either.
std::string first_text(const json& v, const char* key) {
  if (v.is_string()) return str_of(v);
  if (v.is_object() && v.contains(key)) return first_text(v[key], key);
  if (v.is_array()) {
    for (const auto& e : v)
      if (auto s = first_text(e, key); !s.empty()) return s;
  }
  return {};
}

std::string all_names(const json& v) {
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      auto s = first_text(e, "name");
      if (!s.empty()) out += (out.empty() ? "" : ", ") + s;
    }
    return out;
  }
  return first_text(v, "name");
}

bool is_article_type(const json& t) {
  auto ok = [](const std::string& s) { return s.ends_with("Article") || s == "BlogPosting" || s == "Report"; };
  if (t.is_string()) return ok(t.get<std::string>());
  if (t.is_array())
    for (const auto& e : t)
      if (e.is_string() && ok(e.get<std::string>())) return true;
  return false;
}

// The first article object in `v`, searching arrays and @graph breadth-first
// (bounded by the depth check done before parsing).
const json* find_article(const json& v) {
  std::vector<const json*> todo{&v};
  for (std::size_t i = 0; i < todo.size(); ++i) {
    const json& n = *todo[i];
    if (n.is_array()) {
      for (const auto& e : n) todo.push_back(&e);
    } else if (n.is_object()) {
      if (n.contains("@type") && is_article_type(n["@type"])) return &n;
      if (n.contains("@graph")) todo.push_back(&n["@graph"]);
    }
  }
  return nullptr;
}

std::string resolve_or_keep(std::string_view base, std::string_view ref) {
  if (ref.empty()) return {};
  auto r = url::resolve(base, ref);
  return r ? *r : std::string(ref);
}

bool has_token(std::string_view list, std::string_view token) {
  std::size_t i = 0;
  while (i < list.size()) {
    while (i < list.size() && list[i] == ' ') ++i;
    std::size_t j = list.find(' ', i);
    if (j == std::string_view::npos) j = list.size();
    if (text::iequals(list.substr(i, j - i), token)) return true;
    i = j;
  }
  return false;
}

const pugi::xpath_query& query(const char* xpath) {
  // One compiled query per expression and thread: cheap, and no sharing to reason about.
  thread_local std::vector<std::pair<const char*, std::unique_ptr<pugi::xpath_query>>> cache;
  for (auto& [k, q] : cache)
    if (k == xpath) return *q;
  cache.emplace_back(xpath, std::make_unique<pugi::xpath_query>(xpath));
  return *cache.back().second;
}

// The elements `xpath` ("//name") selects below `root`, in document order:
// from `index` when it covers `root`.
std::vector<pugi::xml_node> named(pugi::xml_node root, const ElementIndex* index, std::string_view name,
                                  const char* xpath) {
  std::vector<pugi::xml_node> out;
  if (index && index->root() == root) {
    for (std::uint32_t pos : index->with_name(name)) out.push_back(index->elements()[pos]);
  } else {
    for (const auto& n : query(xpath).evaluate_node_set(root)) out.push_back(n.node());
  }
  return out;
}

void read_json_ld(pugi::xml_node root, const ElementIndex* index, PageMeta& meta) {
  for (const pugi::xml_node s : named(root, index, "script", "//script")) {
    const std::string type = text::to_lower(s.attribute("type").value());
    if (type.find("ld+json") == std::string::npos) continue;
    const std::string body = raw_text(s);
    if (body.size() > kMaxJsonLd || !shallow_enough(body)) {
      meta.warnings.push_back("JSON-LD block skipped (too large or too deeply nested)");
      continue;
    }
    json doc = json::parse(body, nullptr, false);
    if (doc.is_discarded()) {
      meta.warnings.push_back("JSON-LD block does not parse; ignored");
      continue;
    }
    const json* a = find_article(doc);
    if (!a) continue;
    auto& ld = meta.ld;
    ld.found = true;
    ld.type = first_text((*a)["@type"], "");
    if (a->contains("headline")) ld.headline = first_text((*a)["headline"], "");
    if (ld.headline.empty() && a->contains("name")) ld.headline = first_text((*a)["name"], "");
    if (a->contains("description")) ld.description = first_text((*a)["description"], "");
    if (a->contains("datePublished")) ld.date_published = first_text((*a)["datePublished"], "");
    if (a->contains("dateModified")) ld.date_modified = first_text((*a)["dateModified"], "");
    if (a->contains("image")) ld.image = resolve_or_keep(meta.base_url, first_text((*a)["image"], "url"));
    if (a->contains("author")) ld.author = all_names((*a)["author"]);
    if (a->contains("url")) ld.url = resolve_or_keep(meta.base_url, first_text((*a)["url"], "@id"));
    return;
  }
}

}  // namespace

PageMeta read_meta(pugi::xml_node root, std::string_view page_url, const ElementIndex* index) {
  PageMeta meta;
  meta.base_url = std::string(page_url);
  for (const pugi::xml_node base : named(root, index, "base", "//base"))
    if (base.attribute("href")) {
      meta.base_url = resolve_or_keep(page_url, base.attribute("href").value());
      break;
    }
  for (const pugi::xml_node t : named(root, index, "title", "//title")) {
    meta.title_tag = collapsed(raw_text(t));
    break;
  }
  for (const pugi::xml_node h : named(root, index, "html", "//html"))
    if (h.parent() == root && h.attribute("lang")) {
      meta.language = h.attribute("lang").value();
      break;
    }

  for (const pugi::xml_node n : named(root, index, "link", "//link")) {
    if (!n.attribute("href")) continue;
    const std::string_view rel = n.attribute("rel").value();
    const std::string href = resolve_or_keep(meta.base_url, collapsed(n.attribute("href").value()));
    if (has_token(rel, "canonical") && meta.canonical.empty()) meta.canonical = href;
    if (has_token(rel, "alternate")) {
      const std::string type = text::to_lower(collapsed(n.attribute("type").value()));
      if (type == "application/rss+xml" || type == "application/atom+xml") meta.feeds.push_back(href);
    }
  }
  for (const pugi::xml_node n : named(root, index, "meta", "//meta")) {
    const std::string key = text::to_lower(
        n.attribute("property") ? n.attribute("property").value() : n.attribute("name").value());
    const std::string value = collapsed(n.attribute("content").value());
    if (key.empty() || value.empty()) continue;
    auto set = [&](std::string& field) {
      if (field.empty()) field = value;
    };
    if (key == "og:url") set(meta.og_url);
    else if (key == "og:title") set(meta.og_title);
    else if (key == "og:description") set(meta.og_description);
    else if (key == "og:image" || key == "og:image:url" || key == "og:image:secure_url") set(meta.og_image);
    else if (key == "og:image:alt") set(meta.og_image_alt);
    else if (key == "og:site_name") set(meta.og_site_name);
    else if (key == "description") set(meta.description);
    else if (key == "author" || key == "article:author") set(meta.author);
    else if (key == "article:published_time") set(meta.published_time);
    else if (key == "article:modified_time") set(meta.modified_time);
    else if (key == "article:section" || key == "article:tag") meta.categories.push_back(value);
  }
  meta.og_url = resolve_or_keep(meta.base_url, meta.og_url);
  meta.og_image = resolve_or_keep(meta.base_url, meta.og_image);
  read_json_ld(root, index, meta);
  return meta;
}

std::string clean_title(std::string_view title, std::string_view site_name, std::string_view page_url) {
  const std::string whole = collapsed(title);
  std::string host_label;
  if (auto u = url::parse(page_url); u && u->host) {
    // "www.kommune21.de" -> "kommune21": the label before the top-level domain.
    std::string_view h = *u->host;
    if (auto dot = h.rfind('.'); dot != std::string_view::npos) {
      h = h.substr(0, dot);
      if (auto prev = h.rfind('.'); prev != std::string_view::npos) h = h.substr(prev + 1);
      host_label = text::to_lower(h);
    }
  }
  const std::string site = text::to_lower(collapsed(site_name));
  std::vector<std::string> segments;
  std::vector<std::string> seps;
  std::size_t start = 0;
  for (std::size_t i = 0; i < whole.size();) {
    std::size_t len = 0;
    if (whole[i] == ' ')  // every separator starts with a space
      for (std::string_view sep : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 "})
        if (std::string_view(whole).substr(i).starts_with(sep)) len = sep.size();
    if (len == 0) {
      ++i;
      continue;
    }
    segments.push_back(whole.substr(start, i - start));
    seps.push_back(whole.substr(i, len));
    i += len;
    start = i;
  }
  segments.push_back(whole.substr(start));
  if (segments.size() == 1) return whole;
  auto names_site = [&](const std::string& segment) {
    const std::string low = text::to_lower(segment);
    return (!site.empty() && low.find(site) != std::string::npos) ||
           (host_label.size() >= 3 && low.find(host_label) != std::string::npos);
  };
  // Leading site names go ("Kommune21 - Titel"), then everything from the
  // next site-naming segment on ("Titel - Kommune21 online | Kommune21 - …").
  std::size_t first = 0;
  while (first < segments.size() && names_site(segments[first])) ++first;
  std::string out;
  for (std::size_t k = first; k < segments.size() && !names_site(segments[k]); ++k) {
    if (k > first) out += seps[k - 1];
    out += segments[k];
  }
  return out.empty() ? whole : out;
}

}  // namespace kf::scrape::detail
