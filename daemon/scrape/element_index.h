// ElementIndex groups a page's elements (html::HtmlDocument::elements, in
// document order) by element name and class token, so the document-wide
// CSS rules (scrape/css_match.h) and the metadata lookups test only the
// elements of their rightmost name or class instead of walking the whole
// tree per rule (a page holds some 1,500 elements and is searched by ~15
// rules). The index holds pointers into the DOM and views of its strings:
// it is valid only while the document is neither changed nor destroyed, so
// the scraper drops it before the body's remove rules cut the tree.
// Internal to daemon/scrape. Immutable after construction; safe to read
// from many threads at once.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "html/dom.h"

namespace kf::scrape::detail {

class ElementIndex {
 public:
  // Indexes every element of `dom` as parsed; root() is dom.doc.
  explicit ElementIndex(const html::HtmlDocument& dom);

  pugi::xml_node root() const { return root_; }
  // Every element below root(), in document order.
  const std::vector<pugi::xml_node>& elements() const { return elements_; }
  // Positions in elements() of the elements named `name` (exact, lower
  // case as the DOM has them), ascending; empty when there are none.
  const std::vector<std::uint32_t>& with_name(std::string_view name) const;
  // Positions of the elements whose first class attribute holds the token
  // `token` (split at XPath whitespace, as normalize-space does), ascending.
  const std::vector<std::uint32_t>& with_class(std::string_view token) const;
  // The first element named `name` in document order; null when none.
  pugi::xml_node first_named(std::string_view name) const;

 private:
  // Positions per key (a name or a class token, viewed in the DOM), in an
  // open-addressed table: built once per page for ~1,500 elements, where
  // std::unordered_map spent a node allocation and a full hash per key.
  class Buckets {
   public:
    // The id of `key`, added with an empty bucket when new.
    std::uint32_t id(std::string_view key);
    // The bucket of `key`; null when it has none.
    const std::vector<std::uint32_t>* find(std::string_view key) const;
    std::vector<std::uint32_t>& bucket(std::uint32_t id) { return buckets_[id]; }
    std::size_t size() const { return keys_.size(); }

   private:
    static std::size_t hash(std::string_view key);
    void grow();
    std::vector<std::uint32_t> slots_;  // 1 + key id, 0 empty; size a power of two
    std::vector<std::string_view> keys_;
    std::vector<std::vector<std::uint32_t>> buckets_;
  };
  pugi::xml_node root_;
  std::vector<pugi::xml_node> elements_;
  Buckets names_, classes_;
};

}  // namespace kf::scrape::detail
