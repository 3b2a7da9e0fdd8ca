#include "text/escape.h"

#include <array>

namespace kf::text {
namespace {

constexpr std::array<std::string_view, 14> kVoidElements = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr"};

bool is_dropped_control(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

// Copies unescaped runs in one append each: most text has no special
// character at all, and this runs over every article body we publish.
template <bool Attribute>
void append_escaped(std::string& out, std::string_view s) {
  std::size_t run = 0;  // start of the pending unescaped run
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = Attribute ? "&quot;" : nullptr; break;
      default:
        if (is_dropped_control(static_cast<unsigned char>(s[i]))) rep = "";
    }
    if (!rep) continue;
    out.append(s.substr(run, i - run));
    out.append(rep);
    run = i + 1;
  }
  out.append(s.substr(run));
}

}  // namespace

void append_escaped_text(std::string& out, std::string_view text) {
  append_escaped<false>(out, text);
}

void append_escaped_attribute(std::string& out, std::string_view value) {
  append_escaped<true>(out, value);
}

bool is_void_element(std::string_view name) {
  for (const auto v : kVoidElements) {
    if (v == name) return true;
  }
  return false;
}

}  // namespace kf::text
