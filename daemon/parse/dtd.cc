#include "parse/dtd.h"

#include <algorithm>

namespace kf::parse {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// XML name characters, ASCII subset plus every non-ASCII byte.
bool is_name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

// Reads the internal subset starting after its '['; one pass, no backtracking.
class SubsetReader {
 public:
  SubsetReader(std::string_view text, std::size_t pos) : text_(text), i_(pos) {}

  void read(std::vector<std::pair<std::string, std::string>>& out) {
    while (i_ < text_.size()) {
      skip_space();
      const std::string_view rest = text_.substr(i_);
      if (rest.empty() || rest.front() == ']') return;
      if (rest.starts_with("<!--")) {
        skip_past("-->");
      } else if (rest.starts_with("<?")) {
        skip_past("?>");
      } else if (rest.starts_with("<!ENTITY")) {
        i_ += 8;
        entity(out);
      } else if (rest.starts_with("<!")) {
        skip_declaration();
      } else if (rest.front() == '%') {
        skip_past(";");  // a parameter entity reference
      } else {
        return;  // not a DTD: stop rather than guess
      }
    }
  }

 private:
  void skip_space() {
    while (i_ < text_.size() && is_space(text_[i_])) ++i_;
  }
  void skip_past(std::string_view end) {
    const std::size_t p = text_.find(end, i_);
    i_ = p == std::string_view::npos ? text_.size() : p + end.size();
  }
  // To the '>' ending the declaration, skipping quoted literals.
  void skip_declaration() {
    char quote = 0;
    for (; i_ < text_.size(); ++i_) {
      const char c = text_[i_];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        ++i_;
        return;
      }
    }
  }
  void entity(std::vector<std::pair<std::string, std::string>>& out) {
    const std::size_t start = i_;
    skip_space();
    if (i_ == start || i_ >= text_.size() || text_[i_] == '%') return skip_declaration();
    const std::size_t name_start = i_;
    while (i_ < text_.size() && is_name_byte(text_[i_])) ++i_;
    const std::string_view name = text_.substr(name_start, i_ - name_start);
    skip_space();
    if (name.empty() || i_ >= text_.size() || (text_[i_] != '"' && text_[i_] != '\'')) {
      return skip_declaration();  // SYSTEM / PUBLIC: external, never fetched
    }
    const char quote = text_[i_++];
    const std::size_t end = text_.find(quote, i_);
    if (end == std::string_view::npos) {
      i_ = text_.size();
      return;
    }
    const std::string_view value = text_.substr(i_, end - i_);
    i_ = end + 1;
    skip_space();
    if (i_ >= text_.size() || text_[i_] != '>') return skip_declaration();  // e.g. NDATA
    ++i_;
    if (value.find_first_of("&<%") != std::string_view::npos) return;
    out.emplace_back(name, value);
  }

  std::string_view text_;
  std::size_t i_;
};

}  // namespace

DeclaredEntities DeclaredEntities::read(std::string_view document) {
  DeclaredEntities result;
  std::size_t i = document.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  for (;;) {
    while (i < document.size() && is_space(document[i])) ++i;
    const std::string_view rest = document.substr(i);
    std::string_view end;
    if (rest.starts_with("<?")) {
      end = "?>";
    } else if (rest.starts_with("<!--")) {
      end = "-->";
    } else {
      break;
    }
    const std::size_t p = document.find(end, i + 2);
    if (p == std::string_view::npos) return result;
    i = p + end.size();
  }
  if (!document.substr(i).starts_with("<!DOCTYPE")) return result;
  // The subset's '[' comes before the DOCTYPE's '>' (outside quoted ids).
  char quote = 0;
  for (i += 9; i < document.size(); ++i) {
    const char c = document[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return result;
    } else if (c == '[') {
      break;
    }
  }
  if (i >= document.size()) return result;
  SubsetReader(document, i + 1).read(result.entries_);
  // Sorted for lookup; the stable sort keeps the first declaration of a
  // name in front, and unique then drops the later ones.
  auto& e = result.entries_;
  std::stable_sort(e.begin(), e.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  e.erase(std::unique(e.begin(), e.end(), [](const auto& a, const auto& b) { return a.first == b.first; }),
          e.end());
  return result;
}

const std::string* DeclaredEntities::find(std::string_view name) const {
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                                   [](const auto& e, std::string_view n) { return e.first < n; });
  return it != entries_.end() && it->first == name ? &it->second : nullptr;
}

}  // namespace kf::parse
