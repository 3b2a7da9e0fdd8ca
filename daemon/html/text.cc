#include "html/text.h"

#include "html/content_drop.h"
#include "html/elements.h"
#include "html/scan.h"
#include "html/tokenizer.h"

namespace kf::html {

std::string fragment_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool space = false;
  Tokenizer tokenizer(html);
  detail::ContentDropper drop;
  for (Token t = tokenizer.next(); t.kind != TokenKind::Eof; t = tokenizer.next()) {
    if (t.kind == TokenKind::Text) {
      if (!drop.swallow_text(t)) detail::append_collapsed(out, t.text, space);
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
