#include "html/text.h"

#include "html/content_drop.h"
#include "html/elements.h"
#include "html/scan.h"
#include "html/tokenizer.h"

namespace kf::html {
namespace {

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Appends `text` collapsing whitespace; `space` is true while a separator is
// owed before the next word (the same rules as html::text_content).
void append_collapsed(std::string& out, std::string_view text, bool& space) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = detail::find_text_break(text, i);
    if (j > i) {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.append(text.data() + i, j - i);
      if (j == text.size()) break;
    }
    char c = text[j];
    i = j + 1;
    if (is_ascii_space(c)) {
      space = true;
    } else if (c == '\xC2' && i < text.size() && text[i] == '\xA0') {  // NBSP
      space = true;
      ++i;
    } else if (static_cast<unsigned char>(c) >= 0x20) {  // 0xC2 leading another character
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    }  // other C0 controls: XML cannot carry them
  }
}

}  // namespace

std::string fragment_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool space = false;
  Tokenizer tokenizer(html);
  detail::ContentDropper drop;
  for (Token t = tokenizer.next(); t.kind != TokenKind::Eof; t = tokenizer.next()) {
    if (t.kind == TokenKind::Text) {
      if (!drop.swallow_text(t)) append_collapsed(out, t.text, space);
      continue;
    }
    if (t.kind != TokenKind::StartTag && t.kind != TokenKind::EndTag) continue;
    const detail::ElementInfo* e = detail::element_info(t.name);
    if (drop.swallow_tag(t, e)) continue;
    if (!detail::has(e, detail::kInline)) space = true;
  }
  return out;
}

}  // namespace kf::html
