// `scrape`: what an html source's rules extract from one page, field by
// field with the rule or fallback behind each value; stores nothing.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/html_source.h"
#include "app/sync_fetch.h"
#include "scrape/scrape.h"

namespace kf::app {
namespace {

nlohmann::json item_json(const FeedItem& item) {
  return {{"link", item.link},         {"kicker", item.kicker},     {"title", item.title},
          {"date", item.published_raw}, {"updated", item.updated_raw}, {"lead", item.summary},
          {"body", item.content},       {"author", item.author},    {"categories", item.categories},
          {"image", item.media.empty() ? "" : item.media.front().url},
          {"image_alt", item.media.empty() ? "" : item.media.front().alt},
          {"credit", item.media.empty() ? "" : item.media.front().credit},
          {"completeness", std::string(to_string(item.completeness))}};
}

nlohmann::json page_json(const scrape::ScrapedPage& page) {
  nlohmann::json out{{"url", page.url}, {"charset", page.charset}, {"links", page.links},
                     {"next_page", page.next_page}, {"feeds", page.feeds},
                     {"warnings", page.warnings}};
  out["article"] = page.article ? item_json(*page.article) : nlohmann::json(nullptr);
  if (page.article) out["article"]["caption"] = page.image_caption;
  out["teasers"] = nlohmann::json::array();
  for (const auto& t : page.teasers) out["teasers"].push_back(item_json(t));
  out["provenance"] = nlohmann::json::object();
  for (const auto& p : page.provenance) out["provenance"][p.field] = p.origin;
  out["health"] = nlohmann::json::array();
  for (const auto& h : page.health)
    out["health"].push_back({{"rule", h.rule}, {"matched", h.matched}, {"detail", h.detail}});
  return out;
}

void print_text(const nlohmann::json& j) {
  std::printf("page: %s (charset %s)\n", j["url"].get<std::string>().c_str(),
              j["charset"].get<std::string>().c_str());
  auto origin = [&](const std::string& field) {
    auto it = j["provenance"].find(field);
    return it == j["provenance"].end() ? std::string("-") : it->get<std::string>();
  };
  auto print_item = [&](const nlohmann::json& item, const std::string& prefix) {
    for (const auto& [key, value] : item.items()) {
      const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
      if (text.empty() || text == "[]") continue;
      std::printf("  %-12s %s\n    <- %s\n", key.c_str(), text.substr(0, 300).c_str(),
                  origin(prefix + (prefix.empty() || key != "lead" ? key : "summary")).c_str());
    }
  };
  if (!j["article"].is_null()) {
    std::printf("article:\n");
    print_item(j["article"], "");
  } else {
    std::printf("article: none\n");
  }
  for (std::size_t i = 0; i < j["teasers"].size(); ++i) {
    std::printf("teasers[%zu]:\n", i);
    print_item(j["teasers"][i], "teasers.");  // provenance is per rule, not per teaser
  }
  for (const auto& l : j["links"]) std::printf("link: %s\n", l.get<std::string>().c_str());
  if (!j["next_page"].get<std::string>().empty())
    std::printf("next page: %s\n", j["next_page"].get<std::string>().c_str());
  for (const auto& f : j["feeds"]) std::printf("feed: %s\n", f.get<std::string>().c_str());
  for (const auto& p : j["provenance"].items())
    std::printf("origin: %s <- %s\n", p.key().c_str(), p.value().get<std::string>().c_str());
  for (const auto& h : j["health"])
    std::printf("rule %s: %s (%s)\n", h["rule"].get<std::string>().c_str(),
                h["matched"].get<bool>() ? "matched" : "NO MATCH", h["detail"].get<std::string>().c_str());
  for (const auto& w : j["warnings"]) std::printf("warning: %s\n", w.get<std::string>().c_str());
}

}  // namespace

int scrape_command(const ScrapeOptions& options) {
  auto cfg = load_config_or_report(options.common);
  if (!cfg) return kExitUsage;
  const config::Source* source = cfg->find_source(options.source_id);
  if (!source || source->type != config::SourceType::html) {
    std::fprintf(stderr, "kommunalfeed: scrape: '%s' is not an html source of %s\n",
                 options.source_id.c_str(), cfg->path.c_str());
    return kExitUsage;
  }
  auto rules = rules_of(*source, cfg->path);
  if (!rules) {
    std::fprintf(stderr, "%s\n", rules.error().message.c_str());
    return kExitUsage;
  }
  std::string body, url = options.url, content_type;
  const bool remote = options.input.starts_with("http://") || options.input.starts_with("https://");
  if (remote) {
    fetch::Options fo;
    fo.user_agent = cfg->daemon.user_agent;
    fo.timeout = cfg->daemon.timeout;
    fo.max_body = cfg->daemon.max_body;
    fo.allow_private_networks = cfg->daemon.allow_private_networks;
    fo.proxy = cfg->daemon.proxy;
    auto response = fetch_once(options.input, fo, source->id);
    if (!response) {
      std::fprintf(stderr, "%s\n", response.error().message.c_str());
      return kExitFailure;
    }
    if (response->status / 100 != 2) {
      std::fprintf(stderr, "fetch: %s: HTTP %d\n", options.input.c_str(), response->status);
      return kExitFailure;
    }
    body = std::move(response->body);
    url = response->effective_url;
    content_type = response->content_type;
  } else {
    std::ifstream in(options.input, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "kommunalfeed: scrape: cannot read %s\n", options.input.c_str());
      return kExitUsage;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    body = ss.str();
    if (url.empty()) url = source->url;  // relative links resolve against the source
  }
  auto page = scrape::scrape_page({body, url, content_type}, *rules);
  if (!page) {
    std::fprintf(stderr, "%s\n", page.error().message.c_str());
    return kExitFailure;
  }
  const nlohmann::json j = page_json(*page);
  if (options.format == "json") {
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    print_text(j);
  }
  return kExitOk;
}

}  // namespace kf::app
