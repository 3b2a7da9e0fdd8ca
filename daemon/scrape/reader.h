// The bookkeeping the article and listing readers share while they fill a
// ScrapedPage (scrape/scrape.h): Reader applies rules and records which rule
// or fallback produced each field (provenance) and whether each configured
// rule matched (health); plus the URL and kicker helpers both readers use.
// Internal to daemon/scrape. A Reader belongs to one scrape_page call and
// is not thread-safe; the free functions are pure and thread-safe.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <pugixml.hpp>

#include "scrape/element_index.h"
#include "scrape/rules.h"
#include "scrape/scrape.h"

namespace kf::scrape::detail {

class Reader {
 public:
  // `index` (may be null) speeds up rules run on its root; it must outlive
  // the Reader or be dropped with drop_index() before the tree changes.
  Reader(ScrapedPage& page, const ElementIndex* index) : page_(page), index_(index) {}

  const ElementIndex* index() const { return index_; }
  void drop_index() { index_ = nullptr; }

  // The rule's value below `context`, or nullopt (health recorded either
  // way); `matched` (optional) gets the element the selector found.
  std::optional<std::string> rule(const std::optional<Rule>& r, pugi::xml_node context, std::string_view field,
                                  pugi::xml_node* matched = nullptr);

  // Fills `target` from the first non-empty candidate (value, origin name)
  // when it is still empty; records "fallback: NAME" as its provenance.
  void fallback(std::string& target, std::string_view field,
                std::initializer_list<std::pair<std::string_view, std::string_view>> candidates);

  // Records (or replaces) how `field` was found.
  void origin(std::string_view field, std::string how);

 private:
  ScrapedPage& page_;
  const ElementIndex* index_;
};

// `ref` resolved against `base`; empty when `ref` is empty or unresolvable.
std::string absolute(std::string_view base, std::string_view ref);

// absolute(), then url::canonicalize; empty when either fails.
std::string canonical(std::string_view base, std::string_view ref);

// `title` without `kicker` and the separators (space : | - – —, up to three
// rounds) after it; nullopt when the title does not begin with the kicker,
// the kicker is empty, or nothing would remain.
std::optional<std::string> without_kicker(std::string_view title, std::string_view kicker);

}  // namespace kf::scrape::detail
