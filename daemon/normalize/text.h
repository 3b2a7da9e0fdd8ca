// Text clean-up for fields that must be plain text (titles, authors,
// kickers). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "model/feed.h"

namespace kf::normalize {

// Plain text of a field: for TextType::html, tags stripped and entities
// decoded (html::fragment_text, as a browser would render it); then whitespace collapsed to
// single spaces and trimmed. Plain-looking input takes a fast path.
std::string plain_text(std::string_view s, TextType type);

}  // namespace kf::normalize
