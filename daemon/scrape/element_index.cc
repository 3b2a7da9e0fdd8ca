#include "scrape/element_index.h"

#include <algorithm>

namespace kf::scrape::detail {
namespace {

bool is_xpath_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

const std::vector<std::uint32_t> kNone;

void add(std::vector<std::uint32_t>& bucket, std::uint32_t pos) {
  // A token repeated in one class attribute is listed once.
  if (bucket.empty() || bucket.back() != pos) bucket.push_back(pos);
}

}  // namespace

ElementIndex::ElementIndex(const html::HtmlDocument& dom) : root_(dom.doc) {
  elements_.reserve(dom.elements.size());
  std::vector<std::vector<std::uint32_t>> by_tag;
  classes_.reserve(256);
  for (const html::ElementEntry& e : dom.elements) {
    const auto pos = static_cast<std::uint32_t>(elements_.size());
    elements_.push_back(e.node);
    if (e.tag >= by_tag.size()) by_tag.resize(e.tag + 1);
    by_tag[e.tag].push_back(pos);
    if (!e.class_attr) continue;
    const std::string_view v = e.class_attr;
    std::size_t i = 0;
    while (i < v.size()) {
      while (i < v.size() && is_xpath_space(v[i])) ++i;
      std::size_t j = i;
      while (j < v.size() && !is_xpath_space(v[j])) ++j;
      if (j > i) add(classes_[v.substr(i, j - i)], pos);
      i = j;
    }
  }
  // Names are hashed once per tag, not per element.
  names_.reserve(by_tag.size());
  for (auto& positions : by_tag) {
    if (positions.empty()) continue;
    auto& bucket = names_[std::string_view(elements_[positions.front()].name())];
    if (bucket.empty()) {
      bucket = std::move(positions);
    } else {  // two tag ids for one lower-cased name: keep document order
      const auto mid = bucket.insert(bucket.end(), positions.begin(), positions.end());
      std::inplace_merge(bucket.begin(), mid, bucket.end());
    }
  }
}

const std::vector<std::uint32_t>& ElementIndex::with_name(std::string_view name) const {
  auto it = names_.find(name);
  return it == names_.end() ? kNone : it->second;
}

const std::vector<std::uint32_t>& ElementIndex::with_class(std::string_view token) const {
  auto it = classes_.find(token);
  return it == classes_.end() ? kNone : it->second;
}

pugi::xml_node ElementIndex::first_named(std::string_view name) const {
  const auto& b = with_name(name);
  return b.empty() ? pugi::xml_node() : elements_[b.front()];
}

}  // namespace kf::scrape::detail
