// ContentDropper follows an element that is dropped with its content
// (elements.h kDropContent: script, svg, object, head …) through the token
// stream, so a streaming consumer knows which tokens to ignore. Raw-text
// elements end at their end tag (the tokenizer already skipped their
// content); others count nested start/end tags of the same name, as none
// of them has an optional end tag that matters (option and button close an
// open one instead of nesting). Two HTML5 exits are imitated so that a
// stray unclosed element does not swallow the article: <head> ends at the
// first body content (start tag or non-space text), and svg/math end when
// an HTML element (p, div, b, img, table …) appears outside an HTML
// integration point (foreignObject, desc, title, mi, mo, mn, ms, mtext,
// annotation-xml). Dropping more than a browser would is always safe.
// One instance per token stream; not thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "html/elements.h"
#include "html/tokenizer.h"

namespace kf::html::detail {

class ContentDropper {
 public:
  // True when the start or end tag `t` (with `info` = element_info(t.name))
  // starts, continues or ends dropped content and must be ignored. False
  // for a tag to process, including one that just ended a <head> or
  // svg/math drop.
  bool swallow_tag(const Token& t, const ElementInfo* info);

  // True when the Text token `t` must be ignored (inside dropped content).
  bool swallow_text(const Token& t);

 private:
  bool breaks_out(const Token& t) const;
  // Whether `t` belongs to the current drop (counting it); false when it
  // ended the drop without being part of it (<head> and svg/math exits).
  bool inside(const Token& t);

  const ElementInfo* dropping_ = nullptr;  // the outermost dropped element
  std::size_t depth_ = 0;                  // open elements named like dropping_
  std::size_t integration_ = 0;            // open HTML integration points inside svg/math
};

}  // namespace kf::html::detail
