#include <algorithm>
#include <array>
#include <unordered_map>

#include "config/checks.h"
#include "config/sections.h"
#include "config/suggest.h"
#include "text/regex.h"
#include "url/url.h"

namespace kf::config::detail {
namespace {

constexpr std::array<std::string_view, 3> kPublishKeys{"base_url", "title", "outputs"};
constexpr std::array<std::string_view, 12> kOutputKeys{
    "id",       "title",    "sources", "tags",         "lands",   "ags",
    "kickers",  "keywords", "regex",   "completeness", "teasers", "limit"};
constexpr std::array<std::string_view, 2> kCompleteness{"teaser", "full"};

std::vector<std::string_view> views(const std::vector<std::string>& strings) {
  return {strings.begin(), strings.end()};
}

// Reads a list whose items must each be among `known` (source ids, tags).
std::vector<std::string> references(Reader& reader, const Entry& e, const std::vector<std::string>& known,
                                    std::string_view what, std::string_view missing, bool& ok) {
  std::vector<std::string> out;
  auto items = reader.list(e);
  if (!items) {
    ok = false;
    return out;
  }
  auto candidates = views(known);
  for (auto& item : *items) {
    if (std::find(known.begin(), known.end(), item.text) == known.end()) {
      auto near = closest(item.text, candidates);
      reader.report(item.mark, "unknown " + std::string(what) + " '" + item.text + "' (" +
                                   (near ? "did you mean '" + std::string(*near) + "'?" : std::string(missing)) +
                                   ")");
      ok = false;
    }
    out.push_back(std::move(item.text));
  }
  return out;
}

// A plain list whose items must each pass `problem` (empty string: fine).
template <class Check>
std::vector<std::string> checked_list(Reader& reader, const Entry& e, Check problem, bool& ok) {
  std::vector<std::string> out;
  auto items = reader.list(e);
  if (!items) {
    ok = false;
    return out;
  }
  for (auto& item : *items) {
    if (std::string p = problem(item.text); !p.empty()) {
      reader.report(item.mark, std::move(p));
      ok = false;
    }
    out.push_back(std::move(item.text));
  }
  return out;
}

std::optional<Output> read_output(Reader& reader, const YAML::Node& node, Mark at, const Known& known,
                                  std::unordered_map<std::string, int>& seen) {
  auto fields = reader.mapping(node, at, "output", kOutputKeys);
  if (!fields) return std::nullopt;
  bool ok = true;
  Output out;
  out.mark = fields->mark();
  auto no_problem = [](const std::string&) { return std::string(); };

  if (const Entry* e = reader.required(*fields, "id", "output")) {
    if (auto id = reader.text(*e)) {
      out.id = *id;
      if (!is_id(*id)) {
        reader.report(e->at(), "invalid output id '" + *id + "' (use lower-case letters, digits and '-')");
        ok = false;
      } else if (auto [first, inserted] = seen.try_emplace(*id, e->at().line); !inserted) {
        reader.report(e->at(), "duplicate output id '" + *id + "' (first defined at line " +
                                   std::to_string(first->second) + ")");
        ok = false;
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto* e = fields->find("title")) {
    auto v = reader.text(*e);
    ok &= v.has_value();
    if (v) out.title = *v;
  }
  if (auto* e = fields->find("sources"))
    out.sources = references(reader, *e, known.source_ids, "source", "no source has this id", ok);
  if (auto* e = fields->find("tags"))
    out.tags = references(reader, *e, known.tags, "tag", "no source has this tag", ok);
  if (auto* e = fields->find("lands"))
    out.lands = checked_list(reader, *e, [](const std::string& s) { return land_problem(s).value_or(""); }, ok);
  if (auto* e = fields->find("ags"))
    out.ags = checked_list(reader, *e, [](const std::string& s) {
      return is_ags(s) ? std::string() : "invalid ags '" + s + "' (expected 1 to 12 digits)";
    }, ok);
  if (auto* e = fields->find("kickers")) out.kickers = checked_list(reader, *e, no_problem, ok);
  if (auto* e = fields->find("keywords")) out.keywords = checked_list(reader, *e, no_problem, ok);
  if (auto* e = fields->find("regex")) {
    if (auto v = reader.text(*e)) {
      // Compiled as publish/select.cc will: PCRE2, case-insensitive.
      if (auto compiled = text::Regex::compile(*v, text::Regex::icase)) {
        out.regex = *v;
      } else {
        reader.report(e->at(), "regex: invalid regular expression '" + *v + "': " + compiled.error().message);
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (auto* e = fields->find("completeness")) {
    auto v = reader.choice(*e, "completeness", kCompleteness);
    ok &= v.has_value();
    if (v) out.completeness = completeness_from_string(*v);
  }
  if (auto* e = fields->find("teasers")) {
    auto b = reader.boolean(*e);
    ok &= b.has_value();
    if (b) out.teasers = *b;
  }
  if (auto* e = fields->find("limit")) {
    auto n = reader.integer(*e, 1, 1000);
    ok &= n.has_value();
    if (n) out.limit = static_cast<int>(*n);
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::string> read_base_url(Reader& reader, const Entry& e) {
  auto v = reader.http_url(e);
  if (!v) return std::nullopt;
  auto parsed = url::parse(*v);
  if (parsed && (parsed->query || parsed->fragment)) {
    reader.report(e.at(), "base_url: '" + *v + "' must not have a query or fragment");
    return std::nullopt;
  }
  // Feed URLs are appended to it ("feeds/all.atom").
  if (!v->ends_with('/')) *v += '/';
  return v;
}

}  // namespace

Publish read_publish(Reader& reader, const Entry* entry, const Known& known) {
  Publish publish;
  std::vector<Output> outputs;
  std::vector<bool> has_title;
  if (entry && !entry->value.IsNull()) {
    if (auto fields = reader.mapping(entry->value, entry->at(), "publish", kPublishKeys)) {
      if (auto* e = fields->find("base_url"))
        if (auto v = read_base_url(reader, *e)) publish.base_url = *v;
      if (auto* e = fields->find("title"))
        if (auto v = reader.text(*e)) publish.title = *v;
      const Entry* list = fields->find("outputs");
      if (list && !list->value.IsNull() && !list->value.IsSequence()) {
        reader.report(list->at(), "outputs: expected a list, got " + describe(list->value));
      } else if (list && list->value.IsSequence()) {
        std::unordered_map<std::string, int> seen;
        for (const auto& node : list->value) {
          Mark at = node.IsNull() ? list->at() : mark_of(node);
          if (auto out = read_output(reader, node, at, known, seen)) {
            has_title.push_back(!out->title.empty());
            outputs.push_back(std::move(*out));
          }
        }
      }
    }
  }
  // Titles default to the publish title, which may stand after the outputs.
  for (std::size_t i = 0; i < outputs.size(); ++i) {
    if (has_title[i]) continue;
    outputs[i].title = outputs[i].id == "all" ? publish.title : publish.title + " – " + outputs[i].id;
  }
  auto all = std::find_if(outputs.begin(), outputs.end(), [](const Output& o) { return o.id == "all"; });
  if (all == outputs.end()) {
    Output fallback;
    fallback.id = "all";
    fallback.title = publish.title;
    publish.outputs.push_back(std::move(fallback));
  } else {
    publish.outputs.push_back(std::move(*all));
    outputs.erase(all);
  }
  for (auto& o : outputs) publish.outputs.push_back(std::move(o));
  return publish;
}

}  // namespace kf::config::detail
