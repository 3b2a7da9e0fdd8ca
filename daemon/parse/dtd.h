// Entities declared in a feed's internal DTD subset, e.g.
// <!DOCTYPE rss [<!ENTITY id "tag:example.com,">]>. pugixml does not process
// DTDs, so XmlReader expands these references itself before parsing. Only
// plain text values are kept: a value holding '&' (a reference to another
// entity, the root of every entity bomb), '<' (markup) or '%' is ignored and
// its references stay as written, so expansion is one level deep and linear.
// External (SYSTEM/PUBLIC) and parameter entities are never read. Immutable
// after construction; thread-safe to share.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kf::parse {

class DeclaredEntities {
 public:
  // Total bytes expansion of declared entities may add to one document;
  // references beyond it stay as written (XmlReader warns).
  static constexpr std::size_t kMaxExpansion = std::size_t{1} << 20;

  DeclaredEntities() = default;

  // Reads the general entity declarations with a literal text value from
  // the internal subset of the DOCTYPE in `document`'s prolog (after a BOM,
  // XML declaration, processing instructions and comments). The first
  // declaration of a name wins, as in XML. A document without DOCTYPE, or a
  // subset that ends early, gives what was read up to there.
  static DeclaredEntities read(std::string_view document);

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

  // The replacement text of the entity `name`, or nullptr when it was not
  // declared with a plain text value.
  const std::string* find(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> entries_;  // sorted by name
};

}  // namespace kf::parse
