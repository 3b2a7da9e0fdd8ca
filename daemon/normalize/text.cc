#include "normalize/text.h"

#include "html/text.h"
#include "text/whitespace.h"

namespace kf::normalize {
namespace {

// s.find_first_of("<&") without libstdc++'s memchr call per byte.
bool has_markup_byte(std::string_view s) {
  for (char c : s)
    if (c == '<' || c == '&') return true;
  return false;
}

}  // namespace

std::string plain_text(std::string_view s, TextType type) {
  // Most titles hold neither markup nor references: skip the HTML parser.
  if (type == TextType::text || !has_markup_byte(s))
    return text::collapse_whitespace(s);
  return html::fragment_text(s);
}

}  // namespace kf::normalize
