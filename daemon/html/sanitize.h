// The allowlist HTML sanitizer every article's content goes through before it
// is stored or published. The input is tokenized, not tree-built: one pass
// of the HTML5 tokenizer (html/tokenizer.h) feeds a writer that emits only
// escaped text and allowlisted tags with checked attributes, never a byte of
// the input as markup. That is why it is safe without a browser's tree
// construction: whatever a browser would have built from the input, what it
// parses from our output is text plus the elements we wrote (none of which
// changes the tokenizer state: no raw-text or foreign element is allowed),
// so no text can become markup. The writer keeps a stack of the elements it
// opened, so the output is well-formed: an end tag closes up to its open
// element (or is ignored), everything is closed at the end, void elements
// get no end tag, and the HTML5 implied ends that matter apply (p closed by
// p and block starts, li by li, dt/dd by dt/dd, cells and rows inside tables,
// tbody/tr implied in tables, table parts ignored outside one, links do not
// nest, h1–h6 do not nest). Tree-construction repairs beyond that are not
// imitated (misnested formatting is closed, not re-opened; table text is not
// foster-parented). Deeper than 256 open elements, allowed elements are
// unwrapped, so hostile nesting costs linear time. sanitize is idempotent.
//
// Allowlist. Elements kept (with only the attributes named):
//   p br hr h1–h6 ul ol[start] li dl dt dd blockquote[cite] pre code em
//   strong b i u s sub sup small mark q[cite] cite abbr[title] span div
//   figure figcaption table thead tbody tfoot tr th[colspan rowspan scope]
//   td[colspan rowspan] caption a[href title] img[src alt title width height]
//   time[datetime] del[cite datetime] ins[cite datetime] details summary
// Dropped together with their content: script style template iframe object
// embed noscript svg math select textarea button title head applet frameset
// frame noframes noembed datalist option (html/content_drop.h: nested
// same-name tags are counted; noscript is read as raw text, as a browser with
// scripting on does; svg/math end where HTML would break out of them; an
// unclosed head ends at body content). Every other element (html, body,
// picture, font, form, input, source, xmp, custom tags …) is unwrapped: its
// text and allowed descendants stay. So no event handler (on*), style, srcdoc, formaction,
// srcset or data-* attribute ever passes.
// URLs (a[href], img[src], q/blockquote/del/ins[cite]) are checked with
// kf::url::is_safe_link after the tokenizer decoded character references:
// only http and https survive; relative URLs are resolved against base_url, or kept as written
// when base_url is empty. javascript:, vbscript:, data: (also data:image, as
// data: SVG can script and inline images bloat feeds), mailto: and all other
// schemes drop the attribute. An <a> left without href is unwrapped; a kept
// link gets rel="noopener noreferrer". An <img> without a usable src, or with
// width or height <= 1 (tracking pixel), or with allow_images false, is
// removed. Lazy-loading images: when src is missing or data:, data-src,
// data-original or data-lazy-src supplies it. width, height, colspan,
// rowspan and start must be decimal numbers.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kf::html {

struct SanitizeOptions {
  std::string base_url;  // absolute page URL for relative links; empty: relative kept as is
  bool allow_images = true;
};

// Returns safe HTML for `html` (a fragment or a whole document; only its
// content is kept). Never fails: any input yields its text or "". Text
// keeps its characters (references decoded, NUL dropped, CR/CRLF as LF).
// Output can still hold entities only as &amp; &lt; &gt; &quot;.
std::string sanitize(std::string_view html, const SanitizeOptions& opt = {});

}  // namespace kf::html
