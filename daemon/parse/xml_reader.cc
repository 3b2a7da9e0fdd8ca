#include "parse/xml_reader.h"

#include <algorithm>
#include <cstring>

#include "parse/dtd.h"
#include "parse/xml_scope.h"
#include "parse/xml_text.h"
#include "text/encoding.h"
#include "text/html_entities.h"
#include "text/utf8.h"

namespace kf::parse {
namespace {

constexpr unsigned kParseOptions = pugi::parse_default | pugi::parse_ws_pcdata;
constexpr int kMaxRepairs = 64;

// windows-1252 for numeric references 128..159 (HTML's rule).
constexpr char16_t kC1[32] = {0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                              0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
                              0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                              0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Appends `text` to `rep` with the characters that are markup escaped:
// expanded text must stay text or it would change the tree.
void append_as_text(std::string& rep, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '<': rep += "&lt;"; break;
      case '>': rep += "&gt;"; break;
      case '&': rep += "&amp;"; break;
      case '"': rep += "&quot;"; break;
      case '\'': rep += "&apos;"; break;
      default: rep.push_back(c);
    }
  }
}

enum class Kind { keep, repair, declared };

// What to do with the reference starting at text[i] ('&'): keep it, or
// replace it by `rep` (a repair of an HTML or invalid reference, or the
// value of an entity declared in the internal subset); `length` receives the
// reference's length including ';'.
Kind replacement_for(std::string_view text, std::size_t i, const DeclaredEntities* declared,
                     std::string& rep, std::size_t& length) {
  // Names are short; a bounded look-ahead keeps many bare '&' linear.
  const std::size_t semi_rel = text.substr(i + 1, 40).find(';');
  if (semi_rel == std::string_view::npos) return Kind::keep;
  const std::size_t semi = i + 1 + semi_rel;
  const std::string_view body = text.substr(i + 1, semi - i - 1);
  length = semi - i + 1;
  if (body.size() >= 2 && body[0] == '#') {
    const bool hex = body[1] == 'x' || body[1] == 'X';
    const std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return Kind::keep;
    std::uint32_t cp = 0;
    for (const char c : digits) {
      std::uint32_t d;
      if (c >= '0' && c <= '9') {
        d = static_cast<std::uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        d = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        d = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return Kind::keep;
      }
      cp = cp * (hex ? 16 : 10) + d;
    }
    if (cp >= 128 && cp < 160) {
      rep.clear();
      text::append_utf8(rep, kC1[cp - 128]);
      return Kind::repair;
    }
    if (cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) return Kind::keep;
    rep = "\xEF\xBF\xBD";
    return Kind::repair;
  }
  if (body.empty() || body == "amp" || body == "lt" || body == "gt" || body == "quot" ||
      body == "apos") {
    return Kind::keep;
  }
  // A declared entity is the document's own definition, even of an HTML name.
  if (declared != nullptr) {
    if (const std::string* value = declared->find(body)) {
      rep.clear();
      append_as_text(rep, *value);
      return Kind::declared;
    }
  }
  if (!std::all_of(body.begin(), body.end(), is_name_char)) return Kind::keep;
  const auto expansion = text::html_entity(body);
  if (!expansion) return Kind::keep;
  rep.clear();
  append_as_text(rep, *expansion);
  return Kind::repair;
}

// End of the markup construct starting at text[i] == '<' that must be
// skipped whole (CDATA, comment, PI, DOCTYPE), or i + 1 for ordinary tags.
std::size_t skip_markup(std::string_view text, std::size_t i) {
  auto past = [&](std::string_view terminator, std::size_t from) {
    const std::size_t end = text.find(terminator, from);
    return end == std::string_view::npos ? text.size() : end + terminator.size();
  };
  const std::string_view rest = text.substr(i);
  if (rest.starts_with("<![CDATA[")) return past("]]>", i + 9);
  if (rest.starts_with("<!--")) return past("-->", i + 4);
  if (rest.starts_with("<?")) return past("?>", i + 2);
  if (rest.starts_with("<!")) {
    // DOCTYPE, possibly with an internal subset in brackets.
    int depth = 0;
    for (std::size_t j = i + 2; j < text.size(); ++j) {
      if (text[j] == '[') ++depth;
      if (text[j] == ']') --depth;
      if (text[j] == '>' && depth <= 0) return j + 1;
    }
    return text.size();
  }
  return i + 1;
}

}  // namespace

int expand_entities(std::string& text, const DeclaredEntities* declared, bool* capped) {
  if (declared != nullptr && declared->empty()) declared = nullptr;
  if (capped != nullptr) *capped = false;
  std::size_t budget = DeclaredEntities::kMaxExpansion;
  std::string out;
  bool changed = false;
  int count = 0;
  std::size_t copied = 0;  // text[0, copied) is already in out (when changed)
  std::string rep;
  const std::string_view view(text);
  // Next positions of '<' and '&' at or after i, refreshed only when passed,
  // so the scan stays linear.
  auto next_of = [&](char c, std::size_t from) {
    const void* p = std::memchr(view.data() + from, c, view.size() - from);
    return p ? static_cast<std::size_t>(static_cast<const char*>(p) - view.data()) : view.size();
  };
  std::size_t next_lt = next_of('<', 0), next_amp = next_of('&', 0);
  std::size_t i = 0;
  while (i < view.size()) {
    if (next_lt < i) next_lt = next_of('<', i);
    if (next_amp < i) next_amp = next_of('&', i);
    i = std::min(next_lt, next_amp);
    if (i >= view.size()) break;
    if (view[i] == '<') {
      i = skip_markup(view, i);
      continue;
    }
    std::size_t length = 0;
    const Kind kind = replacement_for(view, i, declared, rep, length);
    if (kind == Kind::declared) {
      if (rep.size() > budget) {
        // Past the cap the references stay as written, so a document of
        // many references to a long value cannot grow without bound.
        if (capped != nullptr) *capped = true;
        declared = nullptr;
        continue;  // the same '&' again, now without declared entities
      }
      budget -= rep.size();
    }
    if (kind == Kind::keep) {
      ++i;
      continue;
    }
    if (!changed) {
      out.reserve(text.size());
      changed = true;
    }
    out.append(view.substr(copied, i - copied));
    out.append(rep);
    if (kind == Kind::repair) ++count;
    i += length;
    copied = i;
  }
  if (changed) {
    out.append(view.substr(copied));
    text = std::move(out);
  }
  return count;
}

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
