// HtmlParser turns UTF-8 HTML into a pugixml DOM the way a browser builds its
// tree (HTML5 tree construction by MyHTML), so the scraper can run XPath on it
// (the sanitizer streams instead, see html/sanitize.h; its tests re-parse
// its output with this parser). Element names are lower-case, attributes are
// kept except names that are not XML names; comments and the doctype are
// dropped; <template> content appears as the template's children.
// MyHTML runs with scripting OFF: <noscript> content is parsed as markup, the
// way a reader without JavaScript sees it, so the fallback <img> inside is a
// real element and `<noscript><a alt="</noscript><img onerror=…>">` yields an
// <a> whose alt is plain text, never an <img>. The sanitizer reads noscript
// the other way (scripting on, raw text) and drops it with its content.
// Pathological nesting is cut before MyHTML sees it (see html/prescan.h)
// because MyHTML's time grows with depth squared; the tree walk is iterative.
// An HtmlParser is not thread-safe; use one per thread. HtmlDocument is a
// plain value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "html/serialize.h"
#include "model/error.h"

struct myhtml;
struct myhtml_tree;

namespace kf::html {

struct ParseLimits {
  std::size_t max_depth = 256;     // elements below this depth are dropped with their subtree
  std::size_t max_nodes = 200000;  // elements + text nodes; conversion stops after that
};

// One element of the copy, listed so that indexes over the page (the
// scraper's, scrape/element_index.h) need no second walk over the tree.
struct ElementEntry {
  pugi::xml_node node;
  std::uint32_t tag = 0;             // MyHTML tag id: within one document, equal ids have equal names
  const char* class_attr = nullptr;  // the value of its class attribute; null when it has none
};

struct HtmlDocument {
  pugi::xml_document doc;
  // Every element of `doc` in document order, as parse() made them; stale
  // (dangling) once `doc` is changed.
  std::vector<ElementEntry> elements;
  bool truncated = false;             // depth or node limit hit, or nesting pre-cut
  std::vector<std::string> warnings;  // "html: …" sentences for the log
};

class HtmlParser {
 public:
  HtmlParser();
  ~HtmlParser();
  HtmlParser(const HtmlParser&) = delete;
  HtmlParser& operator=(const HtmlParser&) = delete;

  // Parses `utf8` into `out` (which is reset first). NUL bytes and invalid
  // UTF-8 are tolerated: both become U+FFFD in the DOM. Input that is not
  // HTML at all still gives <html><head/><body>…</body></html>. Fails only
  // when MyHTML cannot be initialized or reports an error ("html: …").
  Result<void> parse(std::string_view utf8, HtmlDocument& out, const ParseLimits& limits = {});

 private:
  myhtml* myhtml_ = nullptr;
  myhtml_tree* tree_ = nullptr;
  bool ready_ = false;
};

}  // namespace kf::html
