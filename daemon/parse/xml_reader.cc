#include "parse/xml_reader.h"

#include <algorithm>

#include "parse/dtd.h"
#include "parse/xml_scope.h"
#include "parse/xml_text.h"
#include "text/encoding.h"

namespace kf::parse {
namespace {

constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata;
constexpr int kMaxRepairs = 64;

}  // namespace

void XmlReader::prepare(std::string_view bytes, std::string_view content_type, bool first) {
  auto decoded = text::decode(bytes, content_type, text::DocumentKind::xml);
  buffer_ = std::move(decoded.utf8);
  // Only documents with a DOCTYPE pay for reading it.
  const DeclaredEntities declared = DeclaredEntities::read(buffer_);
  bool capped = false;
  const int expanded = expand_entities(buffer_, &declared, &capped);
  if (!first) return;
  if (capped) {
    warnings_.push_back("xml: expansion of DTD-declared entities stopped at " +
                        std::to_string(DeclaredEntities::kMaxExpansion) + " bytes");
    recovered_ = true;
  }
  for (auto& w : decoded.warnings) warnings_.push_back(std::move(w));
  if (!decoded.warnings.empty()) recovered_ = true;
  if (expanded > 0) {
    // HTML entities in XML are an error a reader forgives; say so once.
    warnings_.push_back("xml: " + std::to_string(expanded) +
                        " HTML entity or invalid character references replaced");
    recovered_ = true;
  }
}

bool XmlReader::has_feed_root() const {
  for (pugi::xml_node n = doc_.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    const std::string_view name = local_name(n.name());
    if (name == "rss" || name == "feed" || name == "RDF" || name == "channel") return true;
  }
  return false;
}

bool XmlReader::load(std::string_view bytes, std::string_view content_type) {
  prepare(bytes, content_type, true);
  // Ranges blanked out by earlier attempts (stray end tags, junk).
  std::vector<std::pair<std::size_t, std::size_t>> blanked;
  for (int attempt = 0;; ++attempt) {
    if (attempt > 0) {
      // The in-place parse consumed the buffer; rebuild it.
      prepare(bytes, content_type, false);
      for (const auto& [from, to] : blanked) {
        std::fill(buffer_.begin() + static_cast<std::ptrdiff_t>(from),
                  buffer_.begin() + static_cast<std::ptrdiff_t>(to), ' ');
      }
    }
    const pugi::xml_parse_result result =
        doc_.load_buffer_inplace(buffer_.data(), buffer_.size(), kParseOptions, pugi::encoding_utf8);
    if (result) return true;
    const auto offset = static_cast<std::size_t>(std::max<std::ptrdiff_t>(result.offset, 0));
    const std::string where = line_col(buffer_, offset);
    const std::size_t done = blanked.empty() ? 0 : blanked.back().second;
    // The in-place parse rewrote the buffer before the offset (the '<' of
    // the end tag it stopped at may be a NUL now, ending the text before),
    // but the tag's name and everything after are still as written.
    if (attempt < kMaxRepairs && result.status == pugi::status_end_element_mismatch &&
        offset < buffer_.size() && offset >= 2 && buffer_[offset - 1] == '/' &&
        (buffer_[offset - 2] == '<' || buffer_[offset - 2] == '\0')) {
      const std::size_t close = buffer_.find('>', offset);
      if (close != std::string::npos) {
        warnings_.push_back("xml: " + where + ": stray end tag dropped");
        recovered_ = true;
        blanked.emplace_back(offset - 2, close + 1);
        continue;
      }
    }
    if (attempt < kMaxRepairs && !has_feed_root()) {
      // Junk before the root (a PHP warning, a stray "<"): restart at the
      // first feed root element after the error.
      std::size_t root = std::string::npos;
      for (const char* tag : {"<rss", "<feed", "<rdf:RDF", "<RDF", "<channel"}) {
        const std::size_t p = buffer_.find(tag, std::max(done, offset));
        if (p != std::string::npos) root = std::min(root, p);
      }
      if (root != std::string::npos) {
        warnings_.push_back("xml: " + where + ": " + result.description() +
                            "; skipped to the root element");
        recovered_ = true;
        blanked.emplace_back(0, root);
        continue;
      }
    }
    if (!has_feed_root() && !doc_.document_element()) {
      error_ = where + ": " + result.description();
      return false;
    }
    warnings_.push_back("xml: " + where + ": " + result.description() + "; kept what was read");
    recovered_ = true;
    return true;
  }
}

}  // namespace kf::parse
