#include "html/elements.h"

#include <vector>

namespace kf::html::detail {
namespace {

constexpr std::uint16_t kBlock = kAllowed | kClosesP | kSpecial;
constexpr std::uint16_t kPhrase = kAllowed | kInline;
constexpr std::uint16_t kTable = kAllowed | kSpecial | kTablePart;

std::vector<ElementInfo> all_elements() {
  std::vector<ElementInfo> t = {
      // The allowlist of html/sanitize.h.
      {"p", kBlock}, {"br", kAllowed | kVoid | kSpecial}, {"hr", kBlock | kVoid},
      {"h1", kBlock | kHeading}, {"h2", kBlock | kHeading}, {"h3", kBlock | kHeading},
      {"h4", kBlock | kHeading}, {"h5", kBlock | kHeading}, {"h6", kBlock | kHeading},
      {"ul", kBlock}, {"ol", kBlock, {"start"}}, {"li", kBlock}, {"dl", kBlock}, {"dt", kBlock},
      {"dd", kBlock}, {"blockquote", kBlock, {"cite"}}, {"pre", kBlock}, {"code", kPhrase},
      {"em", kPhrase}, {"strong", kPhrase}, {"b", kPhrase}, {"i", kPhrase}, {"u", kPhrase},
      {"s", kPhrase}, {"sub", kPhrase}, {"sup", kPhrase}, {"small", kPhrase}, {"mark", kPhrase},
      {"q", kPhrase, {"cite"}}, {"cite", kPhrase}, {"abbr", kPhrase, {"title"}},
      {"span", kPhrase}, {"div", kBlock}, {"figure", kBlock}, {"figcaption", kBlock},
      {"table", kBlock}, {"thead", kTable}, {"tbody", kTable}, {"tfoot", kTable},
      {"tr", kTable}, {"th", kTable, {"colspan", "rowspan", "scope"}},
      {"td", kTable, {"colspan", "rowspan"}}, {"caption", kTable},
      {"a", kPhrase, {"href", "title"}},
      {"img", kAllowed | kVoid | kSpecial, {"src", "alt", "title", "width", "height"}},
      {"time", kPhrase, {"datetime"}}, {"del", kPhrase, {"cite", "datetime"}},
      {"ins", kPhrase, {"cite", "datetime"}}, {"details", kBlock}, {"summary", kBlock},
      // Dropped with their content: code, other documents, controls, foreign markup.
      {"script", kDropContent}, {"style", kDropContent}, {"template", kDropContent},
      {"iframe", kDropContent}, {"object", kDropContent}, {"embed", kDropContent | kVoid},
      {"noscript", kDropContent}, {"svg", kDropContent | kForeign},
      {"math", kDropContent | kForeign}, {"select", kDropContent},
      {"textarea", kDropContent}, {"button", kDropContent | kNoNesting},
      {"title", kDropContent}, {"head", kDropContent}, {"applet", kDropContent},
      {"frameset", kDropContent}, {"frame", kDropContent | kVoid}, {"noframes", kDropContent},
      {"noembed", kDropContent}, {"datalist", kDropContent},
      {"option", kDropContent | kNoNesting},
      // Unwrapped, but still closing an open <p> as in a browser.
      {"address", kClosesP | kSpecial}, {"article", kClosesP | kSpecial},
      {"aside", kClosesP | kSpecial}, {"center", kClosesP | kSpecial},
      {"dialog", kClosesP | kSpecial}, {"dir", kClosesP | kSpecial},
      {"fieldset", kClosesP | kSpecial}, {"footer", kClosesP | kSpecial},
      {"header", kClosesP | kSpecial}, {"hgroup", kClosesP | kSpecial},
      {"main", kClosesP | kSpecial}, {"menu", kClosesP | kSpecial}, {"nav", kClosesP | kSpecial},
      {"section", kClosesP | kSpecial}, {"form", kClosesP | kSpecial},
      {"listing", kClosesP | kSpecial}, {"plaintext", kClosesP | kSpecial},
      {"xmp", kClosesP | kSpecial},
      // Unwrapped phrasing elements: no word break in plain text.
      {"bdi", kInline}, {"bdo", kInline}, {"big", kInline}, {"data", kInline},
      {"dfn", kInline}, {"font", kInline}, {"kbd", kInline}, {"label", kInline},
      {"samp", kInline}, {"strike", kInline}, {"tt", kInline}, {"var", kInline},
  };
  return t;
}


// Open addressing over a power-of-two table: element_info runs for every
// tag of every article, and a binary search spent most of its time in memcmp.
constexpr std::size_t kSlots = 512;

std::size_t slot(std::string_view name) {
  std::size_t h = name.size();
  for (char c : name) h = h * 31 + static_cast<unsigned char>(c);
  return h & (kSlots - 1);
}

struct Index {
  std::vector<ElementInfo> elements = all_elements();
  std::array<const ElementInfo*, kSlots> slots{};
  Index() {
    for (const ElementInfo& e : elements) {
      std::size_t i = slot(e.name);
      while (slots[i]) i = (i + 1) & (kSlots - 1);
      slots[i] = &e;
    }
  }
};

}  // namespace

const ElementInfo* element_info(std::string_view name) {
  static const Index index;
  if (name.empty() || name.size() > 10) return nullptr;  // "blockquote" and "figcaption" are the longest
  for (std::size_t i = slot(name);; i = (i + 1) & (kSlots - 1)) {
    const ElementInfo* e = index.slots[i];
    if (!e || e->name == name) return e;
  }
}

}  // namespace kf::html::detail
