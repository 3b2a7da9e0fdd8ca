// The plain text of an HTML fragment as a reader sees it, straight from the
// streaming tokenizer (html/tokenizer.h) without building a tree: for
// titles, authors and other fields that must be text. Pure function;
// thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::html {

// The text of `html`: character references decoded; the content of script,
// style and every other element the sanitizer drops with its content
// (html/sanitize.h) left out; tags other than inline ones (a, b, span, …)
// separate words; runs of ASCII whitespace and NBSP become one space, C0
// controls other than whitespace are dropped; no leading or trailing space.
// Text that is not HTML at all comes back with only whitespace collapsed,
// except that '&' starting a known reference is decoded ("AT&T" stays).
std::string fragment_text(std::string_view html);

}  // namespace kf::html
