// The allowlist HTML sanitizer every article's content goes through before it
// is stored or published. The input is parsed as a browser would (HtmlParser)
// and re-serialized from the DOM, so the output is always well-formed and
// what a browser parses back is what we checked.
//
// Allowlist. Elements kept (with only the attributes named):
//   p br hr h1–h6 ul ol[start] li dl dt dd blockquote[cite] pre code em
//   strong b i u s sub sup small mark q[cite] cite abbr[title] span div
//   figure figcaption table thead tbody tfoot tr th[colspan rowspan scope]
//   td[colspan rowspan] caption a[href title] img[src alt title width height]
//   time[datetime] del[cite datetime] ins[cite datetime] details summary
// Dropped together with their content: script style template iframe object
// embed noscript svg math select textarea button title head-only elements
// (base meta link are void). Every other element (html, body, picture, font,
// form, input, source, custom tags …) is unwrapped: its text and allowed
// descendants stay. So no event handler (on*), style, srcdoc, formaction,
// srcset or data-* attribute ever passes.
// URLs (a[href], img[src], q/blockquote/del/ins[cite]) are checked with
// kf::url::is_safe_link after the parser decoded entities: only http and https
// survive; relative URLs are resolved against base_url, or kept as written
// when base_url is empty. javascript:, vbscript:, data: (also data:image, as
// data: SVG can script and inline images bloat feeds), mailto: and all other
// schemes drop the attribute. An <a> left without href is unwrapped; a kept
// link gets rel="noopener noreferrer". An <img> without a usable src, or with
// width or height <= 1 (tracking pixel), or with allow_images false, is
// removed. Lazy-loading images: when src is missing or data:, data-src,
// data-original or data-lazy-src supplies it. width, height, colspan,
// rowspan and start must be decimal numbers.
// Pure function; thread-safe (one parser per thread inside).
#pragma once

#include <string>
#include <string_view>

namespace kf::html {

struct SanitizeOptions {
  std::string base_url;  // absolute page URL for relative links; empty: relative kept as is
  bool allow_images = true;
};

// Returns safe HTML for `html` (a fragment or a whole document; only its
// content is kept). Never fails: unparseable input yields its text or "".
// Output can still hold entities only as &amp; &lt; &gt; &quot;.
std::string sanitize(std::string_view html, const SanitizeOptions& opt = {});

}  // namespace kf::html
