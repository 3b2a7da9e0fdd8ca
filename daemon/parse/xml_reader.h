// Loads a feed document into a pugixml tree as leniently as browsers and
// feed readers do: decodes to UTF-8 (text/encoding.h), replaces HTML named
// entities that XML leaves undefined (&nbsp; &auml;) and invalid numeric
// references, parses in place, and on ill-formed input keeps what was read
// (stray end tags are dropped and the parse retried, junk before the root
// skipped), recording a warning with line:col for each repair. pugixml never
// expands DTD entities; the reader expands only internal-subset entities
// with plain text values (parse/dtd.h), so entity bombs stay small. Not thread-safe; one
// reader per document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "parse/entities.h"

namespace kf::parse {

class XmlReader {
 public:
  // Returns false when not even a partial tree with an element could be
  // read; error() then holds "LINE:COL: description".
  bool load(std::string_view bytes, std::string_view content_type);

  const pugi::xml_document& document() const { return doc_; }
  bool recovered() const { return recovered_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  const std::string& error() const { return error_; }

 private:
  // Decodes and expands entities into buffer_; warnings only on the first call.
  void prepare(std::string_view bytes, std::string_view content_type, bool first);
  bool has_feed_root() const;

  std::string buffer_;  // the tree points into it (in-place parse)
  pugi::xml_document doc_;
  bool recovered_ = false;
  std::vector<std::string> warnings_;
  std::string error_;
};

}  // namespace kf::parse
