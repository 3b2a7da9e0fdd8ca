#include "scrape/reader.h"

#include "scrape/extract.h"
#include "url/url.h"

namespace kf::scrape::detail {

std::optional<std::string> Reader::rule(const std::optional<Rule>& r, pugi::xml_node context,
                                        std::string_view field, pugi::xml_node* matched) {
  if (!r) return std::nullopt;
  Extracted ex = apply(*r, context, index_);
  page_.health.push_back({r->name, ex.outcome == Outcome::matched, std::string(describe(ex.outcome))});
  if (matched) *matched = ex.node;
  if (ex.outcome != Outcome::matched) return std::nullopt;
  origin(field, r->describe());
  return std::move(ex.value);
}

void Reader::fallback(std::string& target, std::string_view field,
                      std::initializer_list<std::pair<std::string_view, std::string_view>> candidates) {
  if (!target.empty()) return;
  for (const auto& [value, from] : candidates) {
    if (value.empty()) continue;
    target = std::string(value);
    origin(field, "fallback: " + std::string(from));
    return;
  }
}

void Reader::origin(std::string_view field, std::string how) {
  for (auto& o : page_.provenance)
    if (o.field == field) return void(o.origin = std::move(how));
  page_.provenance.push_back({std::string(field), std::move(how)});
}

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

}  // namespace kf::scrape::detail
