#include "normalize/text.h"

#include "html/text.h"
#include "text/whitespace.h"

namespace kf::normalize {


std::string plain_text(std::string_view s, TextType type) {
  // Most titles hold neither markup nor references: skip the HTML parser.
  if (type == TextType::text || s.find_first_of("<&") == std::string_view::npos)
    return text::collapse_whitespace(s);
  return html::fragment_text(s);
}

}  // namespace kf::normalize
