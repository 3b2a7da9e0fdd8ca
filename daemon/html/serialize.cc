#include "html/serialize.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "html/elements.h"
#include "html/scan.h"
#include "html/walk.h"
#include "text/escape.h"

namespace kf::html {
namespace {

using detail::Step;
using detail::walk_children;
using text::is_void_element;

// The phrasing elements (a, b, span, …) of html/elements.h: one hash lookup
// instead of comparing against 31 names, twice per element of every field.
bool is_inline(std::string_view name) { return detail::has(detail::element_info(name), detail::kInline); }

void open_tag(std::string& out, pugi::xml_node el) {
  out.push_back('<');
  out.append(el.name());
  for (pugi::xml_attribute a : el.attributes()) {
    out.push_back(' ');
    out.append(a.name());
    out.append("=\"");
    detail::append_escaped(out, a.value(), true);
    out.push_back('"');
  }
  out.push_back('>');
}

Step enter_for_html(std::string& out, pugi::xml_node n) {
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) {
    // Whole plain runs at a time: this copies every article body.
    detail::append_escaped(out, n.value(), false);
    return Step::Skip;
  }
  if (n.type() != pugi::node_element) return Step::Skip;
  open_tag(out, n);
  return is_void_element(n.name()) ? Step::Close : Step::Descend;
}

void leave_for_html(std::string& out, pugi::xml_node n) {
  if (is_void_element(n.name())) return;
  out.append("</");
  out.append(n.name());
  out.push_back('>');
}

void append_children_html(std::string& out, pugi::xml_node node) {
  walk_children(
      node, [&](pugi::xml_node n) { return enter_for_html(out, n); },
      [&](pugi::xml_node n) { leave_for_html(out, n); });
}

bool is_ascii_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Appends `text` to `out` collapsing whitespace; `space` is true while a
// separator is owed before the next word. Runs of ASCII whitespace and NBSP
// become that separator, other C0 controls are dropped (as text/escape.h
// drops them: XML cannot carry them), every other byte is copied. Every
// scraped field goes through here, so plain prose (words and single spaces)
// is copied 16 bytes at a time; the rest goes byte by byte. Writing through a
// pointer into room reserved once: the result never exceeds the input plus
// the one owed separator.
void append_collapsed(std::string& out, std::string_view text, bool& space) {
  if (text.empty()) return;
  const std::size_t old = out.size();
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  out.resize_and_overwrite(old + n + 1, [&](char* buf, std::size_t) {
    char* w = buf + old;
    bool owed = space;
    std::size_t i = 0;
    auto word_byte = [&](unsigned char c) {
      if (owed && w != buf) *w++ = ' ';
      owed = false;
      *w++ = static_cast<char>(c);
    };
    // One byte (two for NBSP) of the general case.
    auto step = [&] {
      const unsigned char c = in[i];
      if (is_ascii_space(c)) {
        owed = true;
        ++i;
      } else if (c == 0xC2 && i + 1 < n && in[i + 1] == 0xA0) {
        owed = true;
        i += 2;
      } else {
        if (c >= 0x20) word_byte(c);
        ++i;
      }
    };
#if defined(__SSE2__)
    const __m128i c20 = _mm_set1_epi8(0x20), c2 = _mm_set1_epi8(static_cast<char>(0xC2));
    while (i + 16 <= n) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
      const int sp = _mm_movemask_epi8(_mm_cmpeq_epi8(x, c20));
      const int low = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(x, c20), c20));  // <= 0x20
      // Bytes the plain copy cannot take: controls and other whitespace,
      // a possible NBSP, a space next to a space or at the chunk's start.
      const int stop = (low & ~sp) | _mm_movemask_epi8(_mm_cmpeq_epi8(x, c2)) | (sp & (sp >> 1)) | (sp & 1);
      std::size_t k = stop ? static_cast<std::size_t>(__builtin_ctz(stop)) : 16;
      if (k > 0) {
        // A space just before the stop is owed, not copied: whitespace may follow.
        const bool trailing = (sp >> (k - 1)) & 1;
        if (owed && w != buf) *w++ = ' ';
        // The store may run past the copied bytes, inside the reserved room.
        _mm_storeu_si128(reinterpret_cast<__m128i*>(w), x);
        w += k - trailing;
        owed = trailing;
        i += k;
      }
      if (k < 16) step();
    }
#endif
    while (i < n) step();
    space = owed;
    return static_cast<std::size_t>(w - buf);
  });
}

}  // namespace

std::string inner_html(pugi::xml_node node) {
  std::string out;
  if (node && node.type() != pugi::node_pcdata) append_children_html(out, node);
  return out;
}

std::string outer_html(pugi::xml_node node) {
  std::string out;
  if (!node) return out;
  switch (node.type()) {
    case pugi::node_document:
      append_children_html(out, node);
      break;
    case pugi::node_pcdata:
    case pugi::node_cdata:
      detail::append_escaped(out, node.value(), false);
      break;
    case pugi::node_element:
      open_tag(out, node);
      if (is_void_element(node.name())) break;
      append_children_html(out, node);
      leave_for_html(out, node);
      break;
    default:
      break;
  }
  return out;
}

std::string text_content(pugi::xml_node node) {
  std::string out;
  text_content(node, out);
  return out;
}

void text_content(pugi::xml_node node, std::string& out) {
  out.clear();
  bool space = false;
  const pugi::xml_node_type type = node.type();
  if (type == pugi::node_pcdata || type == pugi::node_cdata) {
    append_collapsed(out, node.value(), space);
    return;
  }
  // walk_children's order, written out so each node's type and name are
  // read once: this runs for every field of every teaser.
  pugi::xml_node n = node.first_child();
  while (n) {
    pugi::xml_node down;
    const pugi::xml_node_type t = n.type();
    if (t == pugi::node_pcdata || t == pugi::node_cdata) {
      append_collapsed(out, n.value(), space);
    } else if (t == pugi::node_element) {
      const std::string_view name = n.name();
      if (name != "script" && name != "style" && name != "template") {
        if (!is_inline(name)) space = true;  // entering; leaving an empty one adds nothing
        down = n.first_child();
      }
    }
    if (down) {
      n = down;
      continue;
    }
    pugi::xml_node next = n.next_sibling();
    while (!next) {
      n = n.parent();
      if (!n || n == node) return;
      if (!is_inline(n.name())) space = true;  // leaving an element
      next = n.next_sibling();
    }
    n = next;
  }
}

}  // namespace kf::html
