#include "scrape/element_index.h"

#include <cstring>

namespace kf::scrape::detail {
namespace {

bool is_xpath_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

const std::vector<std::uint32_t> kNone;

}  // namespace

std::size_t ElementIndex::Buckets::hash(std::string_view key) {
  // Keys are short names and class tokens: their first and last (up to)
  // eight bytes, read as two words, tell them apart well enough for a
  // table that compares the keys anyway, at a fraction of a byte loop.
  const std::size_t n = key.size();
  std::uint64_t a = 0, b = 0;
  if (n >= 8) {
    std::memcpy(&a, key.data(), 8);
    std::memcpy(&b, key.data() + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x, y;
    std::memcpy(&x, key.data(), 4);
    std::memcpy(&y, key.data() + n - 4, 4);
    a = x;
    b = y;
  } else {
    for (char c : key) a = (a << 8) | static_cast<unsigned char>(c);
  }
  std::uint64_t h = (a ^ (b * 0x9E3779B97F4A7C15ull) ^ n) * 0xFF51AFD7ED558CCDull;
  return static_cast<std::size_t>(h ^ (h >> 32));
}

void ElementIndex::Buckets::grow() {
  slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::uint32_t i = 0; i < keys_.size(); ++i) {
    std::size_t h = hash(keys_[i]) & mask;
    while (slots_[h] != 0) h = (h + 1) & mask;
    slots_[h] = i + 1;
  }
}

std::uint32_t ElementIndex::Buckets::id(std::string_view key) {
  if (2 * (keys_.size() + 1) > slots_.size()) grow();  // at most half full
  const std::size_t mask = slots_.size() - 1;
  std::size_t h = hash(key) & mask;
  for (; slots_[h] != 0; h = (h + 1) & mask) {
    const std::string_view k = keys_[slots_[h] - 1];
    if (k.size() == key.size() && std::memcmp(k.data(), key.data(), k.size()) == 0) return slots_[h] - 1;
  }
  const auto id = static_cast<std::uint32_t>(keys_.size());
  slots_[h] = id + 1;
  keys_.push_back(key);
  buckets_.emplace_back();
  return id;
}

const std::vector<std::uint32_t>* ElementIndex::Buckets::find(std::string_view key) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t h = hash(key) & mask; slots_[h] != 0; h = (h + 1) & mask) {
    const std::uint32_t i = slots_[h] - 1;
    if (keys_[i] == key) return &buckets_[i];
  }
  return nullptr;
}

ElementIndex::ElementIndex(const html::HtmlDocument& dom) : root_(dom.doc) {
  const std::size_t n = dom.elements.size();
  elements_.reserve(n);
  // Pass 1: count per tag id and per class token, so that pass 2 fills
  // each bucket with one allocation. `tokens` remembers the token ids of
  // the class attributes in order, sparing pass 2 the split and the hash.
  std::vector<std::uint32_t> per_tag, per_class, last_pos, tokens;
  constexpr std::uint32_t kEnd = ~std::uint32_t{0};  // ends one element's token ids
  for (std::uint32_t pos = 0; pos < n; ++pos) {
    const html::ElementEntry& e = dom.elements[pos];
    elements_.push_back(e.node);
    if (e.tag >= per_tag.size()) per_tag.resize(e.tag + 1, 0);
    ++per_tag[e.tag];
    if (!e.class_attr) continue;
    const char* p = e.class_attr;
    while (*p) {
      while (is_xpath_space(*p)) ++p;
      const char* q = p;
      while (*q && !is_xpath_space(*q)) ++q;
      if (q == p) break;
      const std::uint32_t id = classes_.id(std::string_view(p, static_cast<std::size_t>(q - p)));
      if (id >= per_class.size()) {
        per_class.resize(id + 1, 0);
        last_pos.resize(id + 1, kEnd);
      }
      // A token repeated in one class attribute is listed once.
      if (last_pos[id] != pos) {
        last_pos[id] = pos;
        ++per_class[id];
        tokens.push_back(id);
      }
      p = q;
    }
    tokens.push_back(kEnd);
  }
  for (std::uint32_t id = 0; id < per_class.size(); ++id) classes_.bucket(id).reserve(per_class[id]);
  // Names are hashed once per tag, not per element; two tag ids may share
  // a lower-cased name, so a name's bucket is sized for all of them.
  std::vector<std::uint32_t> tag_bucket(per_tag.size(), kEnd);
  std::vector<std::uint32_t> per_name;
  for (std::uint32_t pos = 0; pos < n; ++pos) {
    const std::uint32_t tag = dom.elements[pos].tag;
    if (tag_bucket[tag] != kEnd) continue;
    tag_bucket[tag] = names_.id(elements_[pos].name());
    if (tag_bucket[tag] >= per_name.size()) per_name.resize(tag_bucket[tag] + 1, 0);
    per_name[tag_bucket[tag]] += per_tag[tag];
  }
  for (std::uint32_t id = 0; id < per_name.size(); ++id) names_.bucket(id).reserve(per_name[id]);
  // Pass 2: positions in document order.
  std::size_t t = 0;
  for (std::uint32_t pos = 0; pos < n; ++pos) {
    const html::ElementEntry& e = dom.elements[pos];
    names_.bucket(tag_bucket[e.tag]).push_back(pos);
    if (!e.class_attr) continue;
    for (; tokens[t] != kEnd; ++t) classes_.bucket(tokens[t]).push_back(pos);
    ++t;
  }
}

const std::vector<std::uint32_t>& ElementIndex::with_name(std::string_view name) const {
  const auto* b = names_.find(name);
  return b ? *b : kNone;
}

const std::vector<std::uint32_t>& ElementIndex::with_class(std::string_view token) const {
  const auto* b = classes_.find(token);
  return b ? *b : kNone;
}

pugi::xml_node ElementIndex::first_named(std::string_view name) const {
  const auto& b = with_name(name);
  return b.empty() ? pugi::xml_node() : elements_[b.front()];
}

}  // namespace kf::scrape::detail
