#include "scrape/rules.h"

#include <algorithm>
#include <array>
#include <map>
#include <span>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace kf::scrape {
namespace {

using config::Diagnostic;
using config::Mark;

constexpr std::array<std::string_view, 3> kBlockKeys{"list", "article", "teasers"};
constexpr std::array<std::string_view, 6> kListKeys{"item", "link", "next", "max_pages", "follow",
                                                    "max_articles"};
constexpr std::array<std::string_view, 14> kArticleKeys{
    "kicker", "title",  "date",     "date_format", "timezone", "lead",   "body",      "remove",
    "image",  "image_alt", "caption", "credit",     "author",   "categories"};
constexpr std::array<std::string_view, 6> kTeaserKeys{"item", "kicker", "title", "date", "summary", "link"};
constexpr std::array<std::string_view, 5> kRuleKeys{"css", "xpath", "attr", "regex", "html"};

std::string join(std::span<const std::string_view> words) {
  std::string out;
  for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
  return out;
}

std::string describe(const YAML::Node& n) {
  if (n.IsSequence()) return "a list";
  if (n.IsMap()) return "a mapping";
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  return "nothing";
}

// Walks the re-parsed block; positions come from the block's recorded
// file marks, never from the re-emitted text.
class RuleParser {
 public:
  RuleParser(const config::ScrapeBlock& block, std::string file) : block_(block), file_(std::move(file)) {}

  Mark at(const std::string& path) const {
    if (auto it = block_.marks.find(path); it != block_.marks.end() && it->second.line > 0)
      return it->second;
    return block_.mark;
  }
  Mark key_at(const std::string& path) const {
    if (auto it = block_.key_marks.find(path); it != block_.key_marks.end()) return it->second;
    return at(path);
  }
  void report(Mark m, std::string message) {
    diagnostics_.push_back(Diagnostic{file_, m.line, m.column, "scrape: " + std::move(message)});
  }
  std::vector<Diagnostic> take() {
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const auto& a, const auto& b) {
      return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return std::move(diagnostics_);
  }
  bool failed() const { return !diagnostics_.empty(); }

  // The entries of mapping `node` at `path`, first occurrence of each key;
  // unknown and repeated keys are reported.
  std::optional<std::map<std::string, YAML::Node>> mapping(const YAML::Node& node, const std::string& path,
                                                           std::span<const std::string_view> keys) {
    if (!node.IsMap()) {
      report(at(path), dotted(path) + ": expected a mapping, got " + describe(node));
      return std::nullopt;
    }
    std::map<std::string, YAML::Node> out;
    for (const auto& kv : node) {
      const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      const std::string child = path.empty() ? key : path + "/" + key;
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        report(key_at(child), "unknown key '" + key + "' in " + (path.empty() ? "scrape" : dotted(path)) +
                                  " (expected one of: " + join(keys) + ")");
        continue;
      }
      if (!out.emplace(key, kv.second).second) report(key_at(child), "repeated key '" + key + "'");
    }
    return out;
  }

  std::optional<Rule> rule(const YAML::Node& node, const std::string& path, std::string default_attr,
                           bool html = false) {
    Rule r;
    r.name = dotted(path);
    r.mark = at(path);
    r.attr = std::move(default_attr);
    r.html = html;
    std::string selector;
    if (node.IsScalar()) {
      selector = node.Scalar();
    } else if (node.IsMap()) {
      auto fields = mapping(node, path, kRuleKeys);
      if (!fields) return std::nullopt;
      const bool css = fields->contains("css"), xpath = fields->contains("xpath");
      if (css == xpath) {
        report(at(path), r.name + ": a rule needs exactly one of 'css' or 'xpath'");
        return std::nullopt;
      }
      const std::string sel_key = css ? "css" : "xpath";
      const std::string sel_path = path + "/" + sel_key;
      auto text = scalar(fields->at(sel_key), sel_path);
      if (!text) return std::nullopt;
      selector = *text;
      r.mark = at(sel_path);
      if (xpath && !(selector.starts_with("/") || selector.starts_with("./") || selector.starts_with("(")))
        selector = "./" + selector;  // an XPath written without a leading axis is relative
      if (css && (selector.starts_with("/") || selector.starts_with("(")))
        return report(at(sel_path), r.name + ": '" + selector + "' is XPath; write it under 'xpath:'"),
               std::nullopt;
      if (auto it = fields->find("attr"); it != fields->end()) {
        auto a = scalar(it->second, path + "/attr");
        if (!a) return std::nullopt;
        r.attr = *a;
      }
      if (auto it = fields->find("html"); it != fields->end()) {
        auto h = boolean(it->second, path + "/html");
        if (!h) return std::nullopt;
        r.html = *h;
      }
      if (auto it = fields->find("regex"); it != fields->end()) {
        auto rx = scalar(it->second, path + "/regex");
        if (!rx) return std::nullopt;
        if (!compile_regex(*rx, path + "/regex", r)) return std::nullopt;
      }
    } else {
      report(at(path), r.name + ": expected a selector or a mapping, got " + describe(node));
      return std::nullopt;
    }
    auto compiled = compile_selector(selector);
    if (!compiled) {
      report(r.mark, r.name + ": " + compiled.error().message);
      return std::nullopt;
    }
    r.selector = std::move(*compiled);
    return r;
  }

  std::optional<std::string> scalar(const YAML::Node& node, const std::string& path) {
    if (!node.IsScalar() || node.Scalar().empty()) {
      report(at(path), dotted(path) + ": expected text, got " + describe(node));
      return std::nullopt;
    }
    return node.Scalar();
  }
  std::optional<bool> boolean(const YAML::Node& node, const std::string& path) {
    if (node.IsScalar()) {
      const std::string& v = node.Scalar();
      if (v == "true") return true;
      if (v == "false") return false;
    }
    report(at(path), dotted(path) + ": expected true or false, got " + describe(node));
    return std::nullopt;
  }
  std::optional<int> integer(const YAML::Node& node, const std::string& path, int min, int max) {
    if (node.IsScalar()) {
      const std::string& v = node.Scalar();
      if (!v.empty() && v.size() <= 9 && v.find_first_not_of("0123456789") == std::string::npos) {
        const int n = std::stoi(v);
        if (n >= min && n <= max) return n;
      }
    }
    report(at(path), dotted(path) + ": expected a number from " + std::to_string(min) + " to " +
                         std::to_string(max) + ", got " + describe(node));
    return std::nullopt;
  }

  static std::string dotted(std::string path) {
    std::replace(path.begin(), path.end(), '/', '.');
    return path;
  }

 private:
  bool compile_regex(const std::string& source, const std::string& path, Rule& r) {
    auto rx = text::Regex::compile(source);
    if (!rx) {
      report(at(path), r.name + ": regex '" + source + "' does not compile: " + rx.error().message +
                           " at offset " + std::to_string(rx.error().offset));
      return false;
    }
    if (rx->capture_count() != 1) {
      report(at(path), r.name + ": regex '" + source + "' must have exactly one capture group, has " +
                           std::to_string(rx->capture_count()));
      return false;
    }
    r.regex = std::make_shared<const text::Regex>(std::move(*rx));
    r.regex_source = source;
    return true;
  }

  const config::ScrapeBlock& block_;
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

const char* default_attr(std::string_view field) {
  if (field == "link" || field == "next") return "href";
  if (field == "image") return "src";
  return "";
}

void read_article(RuleParser& p, const YAML::Node& node, ArticleRules& out) {
  auto fields = p.mapping(node, "article", kArticleKeys);
  if (!fields) return;
  std::map<std::string_view, std::optional<Rule>*> slots{
      {"kicker", &out.kicker}, {"title", &out.title},         {"date", &out.date},
      {"lead", &out.lead},     {"body", &out.body},           {"image", &out.image},
      {"image_alt", &out.image_alt}, {"caption", &out.caption}, {"credit", &out.credit},
      {"author", &out.author}, {"categories", &out.categories}};
  for (const auto& [key, value] : *fields) {
    const std::string path = "article/" + key;
    if (auto slot = slots.find(key); slot != slots.end()) {
      *slot->second = p.rule(value, path, default_attr(key), key == "body");
    } else if (key == "date_format") {
      if (auto v = p.scalar(value, path)) {
        if (v->find('%') == std::string::npos)
          p.report(p.at(path), "article.date_format: '" + *v + "' has no % directive (e.g. '%d.%m.%Y')");
        out.date_format = *v;
      }
    } else if (key == "timezone") {
      if (auto v = p.scalar(value, path)) out.timezone = *v;
    } else if (key == "remove") {
      if (!value.IsSequence()) {
        p.report(p.at(path), "article.remove: expected a list of selectors, got " + describe(value));
        continue;
      }
      for (std::size_t i = 0; i < value.size(); ++i)
        if (auto r = p.rule(value[i], path + "/" + std::to_string(i), "")) out.remove.push_back(std::move(*r));
    }
  }
}

std::optional<ListRules> read_list(RuleParser& p, const YAML::Node& node) {
  auto fields = p.mapping(node, "list", kListKeys);
  if (!fields) return std::nullopt;
  ListRules out;
  bool ok = true;
  for (const char* required : {"item", "link"}) {
    if (!fields->contains(required)) {
      p.report(p.key_at("list"), std::string("list is missing required key '") + required + "'");
      ok = false;
    }
  }
  for (const auto& [key, value] : *fields) {
    const std::string path = "list/" + key;
    if (key == "item" || key == "link" || key == "next") {
      auto r = p.rule(value, path, default_attr(key));
      ok &= r.has_value();
      if (!r) continue;
      if (key == "item") out.item = std::move(*r);
      if (key == "link") out.link = std::move(*r);
      if (key == "next") out.next = std::move(*r);
    } else if (key == "follow") {
      auto b = p.boolean(value, path);
      ok &= b.has_value();
      out.follow = b.value_or(true);
    } else {
      auto n = p.integer(value, path, 1, key == "max_pages" ? 100 : 10000);
      ok &= n.has_value();
      if (n) (key == "max_pages" ? out.max_pages : out.max_articles) = *n;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<TeaserRules> read_teasers(RuleParser& p, const YAML::Node& node) {
  auto fields = p.mapping(node, "teasers", kTeaserKeys);
  if (!fields) return std::nullopt;
  if (!fields->contains("item")) {
    p.report(p.key_at("teasers"), "teasers is missing required key 'item'");
    return std::nullopt;
  }
  TeaserRules out;
  bool ok = true;
  for (const auto& [key, value] : *fields) {
    auto r = p.rule(value, "teasers/" + key, default_attr(key));
    ok &= r.has_value();
    if (!r) continue;
    if (key == "item") out.item = std::move(*r);
    if (key == "kicker") out.kicker = std::move(*r);
    if (key == "title") out.title = std::move(*r);
    if (key == "date") out.date = std::move(*r);
    if (key == "summary") out.summary = std::move(*r);
    if (key == "link") out.link = std::move(*r);
  }
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace

std::string Rule::describe() const {
  // Appends into one buffer: provenance asks for this once per field and page.
  std::string out;
  out.reserve(name.size() + selector.source().size() + attr.size() + regex_source.size() + 40);
  out.append(name).append(selector.is_css() ? " (css '" : " (xpath '").append(selector.source()).push_back('\'');
  if (!attr.empty()) out.append(", attr ").append(attr);
  if (regex) out.append(", regex '").append(regex_source).push_back('\'');
  if (html) out.append(", html");
  out.push_back(')');
  return out;
}

std::expected<ScrapeRules, std::vector<config::Diagnostic>> parse_rules(const config::ScrapeBlock& block,
                                                                        const std::string& file) {
  RuleParser p(block, file);
  YAML::Node root;
  try {
    root = YAML::Load(block.yaml);
  } catch (const std::exception& e) {
    p.report(block.mark, std::string("the block does not parse as YAML: ") + e.what());
    return std::unexpected(p.take());
  }
  ScrapeRules rules;
  if (auto fields = p.mapping(root, "", kBlockKeys)) {
    if (auto it = fields->find("list"); it != fields->end()) rules.list = read_list(p, it->second);
    if (auto it = fields->find("article"); it != fields->end()) read_article(p, it->second, rules.article);
    if (auto it = fields->find("teasers"); it != fields->end()) rules.teasers = read_teasers(p, it->second);
  }
  if (p.failed()) return std::unexpected(p.take());
  return rules;
}

}  // namespace kf::scrape
