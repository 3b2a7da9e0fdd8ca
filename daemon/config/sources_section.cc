#include <array>
#include <string>
#include <utility>
#include <vector>
#include <unordered_map>

#include "config/checks.h"
#include "config/sections.h"

namespace kf::config::detail {
namespace {

constexpr std::array<std::string_view, 11> kSourceKeys{
    "id", "name", "type", "url", "interval", "enabled", "tags", "land", "ags", "scrape",
    "ignore_robots"};
constexpr std::array<std::string_view, 2> kSourceTypes{"feed", "html"};

struct SeenIds {
  std::unordered_map<std::string, int> first_line;
  Known& known;
};

// The id decides how later problems of the same source are worded, so it is
// read first; a bad or repeated id is still "known" to avoid follow-ups.
std::optional<std::string> read_id(Reader& reader, const Fields& fields, SeenIds& seen) {
  const Entry* e = reader.required(fields, "id", "source");
  if (!e) return std::nullopt;
  auto id = reader.text(*e);
  if (!id) return std::nullopt;
  seen.known.source_ids.push_back(*id);
  if (!is_id(*id)) {
    reader.report(e->at(), "invalid source id '" + *id + "' (use lower-case letters, digits and '-')");
    return std::nullopt;
  }
  if (auto [first, inserted] = seen.first_line.try_emplace(*id, e->at().line); !inserted) {
    reader.report(e->at(), "duplicate source id '" + *id + "' (first defined at line " +
                               std::to_string(first->second) + ")");
    return std::nullopt;
  }
  return id;
}

// Records the file position of every node below `root` by path. Iterative,
// like every other walk over input of arbitrary depth. An empty value (which
// yaml-cpp places on the next token) is marked at its key instead.
void record_marks(const YAML::Node& root, ScrapeBlock& block) {
  std::vector<std::pair<std::string, YAML::Node>> todo{{"", root}};
  while (!todo.empty()) {
    auto [path, node] = std::move(todo.back());
    todo.pop_back();
    if (!block.marks.contains(path)) block.marks.emplace(path, mark_of(node));
    const std::string prefix = path.empty() ? "" : path + "/";
    if (node.IsMap()) {
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) continue;
        std::string child = prefix + kv.first.Scalar();
        const Mark key = mark_of(kv.first);
        if (block.key_marks.contains(child)) continue;  // a repeated key: the first is read
        block.key_marks.emplace(child, key);
        if (kv.second.IsNull() || kv.second.Mark().line < 0) block.marks.emplace(child, key);
        todo.emplace_back(std::move(child), kv.second);
      }
    } else if (node.IsSequence()) {
      std::size_t i = 0;
      for (const auto& item : node) todo.emplace_back(prefix + std::to_string(i++), item);
    }
  }
}

std::optional<ScrapeBlock> read_scrape(Reader& reader, const Entry& e, std::optional<SourceType> type) {
  if (type == SourceType::feed) {
    reader.report(e.key_mark, "scrape: only html sources take scrape rules (this source has type 'feed')");
    return std::nullopt;
  }
  if (!e.value.IsMap()) {
    reader.report(e.at(), "scrape: expected a mapping, got " + describe(e.value));
    return std::nullopt;
  }
  YAML::Emitter out;
  out << e.value;
  ScrapeBlock block{out.c_str(), e.at()};
  record_marks(e.value, block);
  return block;
}

// One list item; nullopt when anything about it is wrong.
std::optional<Source> read_source(Reader& reader, const YAML::Node& node, Mark at, SeenIds& seen,
                                  const Daemon& daemon) {
  auto fields = reader.mapping(node, at, "source", kSourceKeys);
  if (!fields) return std::nullopt;
  bool ok = true;
  Source source;
  source.mark = fields->mark();

  auto id = read_id(reader, *fields, seen);
  ok &= id.has_value();
  if (id) source.id = *id;
  const std::string owner = id ? "source '" + *id + "'" : "source";

  std::optional<SourceType> type;
  if (const Entry* e = reader.required(*fields, "type", owner)) {
    if (auto t = reader.choice(*e, "source type", kSourceTypes))
      type = *t == "html" ? SourceType::html : SourceType::feed;
  }
  ok &= type.has_value();
  if (type) source.type = *type;

  const Entry* url_entry = reader.required(*fields, "url", owner);
  auto url = url_entry ? reader.http_url(*url_entry) : std::nullopt;
  ok &= url.has_value();
  if (url) source.url = *url;

  source.name = source.id;
  if (auto* e = fields->find("name")) {
    auto v = reader.text(*e);
    ok &= v.has_value();
    if (v) source.name = *v;
  }
  if (auto* e = fields->find("interval")) {
    auto d = reader.duration(*e, false, false);
    ok &= d.has_value();
    if (d) {
      source.interval = std::chrono::duration_cast<Seconds>(*d);
      if (auto problem = interval_problem(*source.interval, daemon.min_interval)) {
        reader.report(e->at(), *problem);
        ok = false;
      }
    }
  }
  if (auto* e = fields->find("enabled")) {
    auto b = reader.boolean(*e);
    ok &= b.has_value();
    if (b) source.enabled = *b;
  }
  if (auto* e = fields->find("tags")) {
    auto items = reader.list(*e);
    ok &= items.has_value();
    if (items) {
      for (auto& item : *items) {
        seen.known.tags.push_back(item.text);
        source.tags.push_back(std::move(item.text));
      }
    }
  }
  if (auto* e = fields->find("land")) {
    auto v = reader.text(*e);
    auto problem = v ? land_problem(*v) : std::nullopt;
    if (problem) reader.report(e->at(), *problem);
    ok &= v && !problem;
    if (v) source.land = *v;
  }
  if (auto* e = fields->find("ags")) {
    auto v = reader.text(*e);
    if (v && !is_ags(*v))
      reader.report(e->at(), "invalid ags '" + *v + "' (expected 1 to 12 digits)");
    ok &= v && is_ags(*v);
    if (v) source.ags = *v;
  }
  if (auto* e = fields->find("ignore_robots")) {
    auto b = reader.boolean(*e);
    ok &= b.has_value();
    if (b) source.ignore_robots = *b;
  }
  if (auto* e = fields->find("scrape")) {
    source.scrape = read_scrape(reader, *e, type);
    ok &= source.scrape.has_value();
  }
  if (!ok) return std::nullopt;
  return source;
}

}  // namespace

std::vector<Source> read_sources(Reader& reader, const Entry* entry, Mark root, Known& known,
                                 const Daemon& daemon) {
  std::vector<Source> sources;
  if (!entry) {
    reader.report(root, "missing required key 'sources' (the list of feeds and pages to follow)");
    return sources;
  }
  if (entry->value.IsNull() || (entry->value.IsSequence() && entry->value.size() == 0)) {
    reader.report(entry->at(), "sources: the list is empty (add at least one source)");
    return sources;
  }
  if (!entry->value.IsSequence()) {
    reader.report(entry->at(), "sources: expected a list, got " + describe(entry->value));
    return sources;
  }
  SeenIds seen{{}, known};
  for (const auto& node : entry->value) {
    Mark at = node.IsNull() ? entry->at() : mark_of(node);
    if (auto source = read_source(reader, node, at, seen, daemon)) sources.push_back(std::move(*source));
  }
  return sources;
}

}  // namespace kf::config::detail
