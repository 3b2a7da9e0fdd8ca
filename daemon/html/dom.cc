#include "html/dom.h"

#include <myhtml/api.h>

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "html/prescan.h"
#include "text/utf8.h"

namespace kf::html {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](std::size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;
    if (c == 0xED && b(1) >= 0xA0) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;
    if (c == 0xF4 && b(1) >= 0x90) return 0;
    return 4;
  }
  return 0;
}

// True when none of the 8 bytes at p is NUL or above 0x7F: the common case,
// checked a word at a time.
bool plain_ascii_word(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, sizeof w);
  constexpr std::uint64_t kLow = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  return ((w | ((w - kLow) & ~w)) & kHigh) == 0;
}

// Length of the prefix of `s` that is valid UTF-8 without NUL bytes.
std::size_t clean_prefix(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
#if defined(__SSE2__)
    // 16 bytes at a time up to the next byte that is NUL or above 0x7F.
    const __m128i zero = _mm_setzero_si128();
    bool stopped = false;
    while (i + 16 <= s.size()) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
      const int mask = _mm_movemask_epi8(x) | _mm_movemask_epi8(_mm_cmpeq_epi8(x, zero));
      if (mask == 0) {
        i += 16;
        continue;
      }
      i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
      stopped = true;
      break;
    }
    if (!stopped) {
#endif
      if (i + 8 <= s.size() && plain_ascii_word(s.data() + i)) {
        i += 8;
        continue;
      }
#if defined(__SSE2__)
    }
#endif
    if (i >= s.size()) break;
    const std::size_t len = s[i] == '\0' ? 0 : utf8_sequence(s, i);
    if (len == 0) return i;
    i += len;
  }
  return i;
}

// MyHTML passes NUL bytes and broken UTF-8 through in places; pugixml stores
// NUL-terminated strings, so both become U+FFFD here. Clean input (nearly
// all of it) comes back as is, without a copy.
std::string_view clean_utf8(std::string_view s, std::string& scratch) {
  std::size_t i = clean_prefix(s);
  if (i == s.size()) return s;
  scratch.assign(s.substr(0, i));
  while (i < s.size()) {
    std::size_t len = s[i] == '\0' ? 0 : utf8_sequence(s, i);
    if (len == 0) {
      scratch.append(kReplacement);
      ++i;
    } else {
      scratch.append(s.substr(i, len));
      i += len;
    }
  }
  return scratch;
}

// Bytes allowed in XML names as this converter accepts them: 1 may start
// a name, 2 may only follow.
struct NameBytes {
  unsigned char c[256] = {};
  constexpr NameBytes() {
    for (int b = 0; b < 256; ++b) {
      const bool start = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_' || b == ':' || b >= 0x80;
      const bool follow = (b >= '0' && b <= '9') || b == '-' || b == '.';
      c[b] = start ? 1 : follow ? 2 : 0;
    }
  }
};
constexpr NameBytes kNameBytes;

bool is_xml_name(std::string_view name) {
  if (name.empty() || kNameBytes.c[static_cast<unsigned char>(name[0])] != 1) return false;
  for (char ch : name)
    if (kNameBytes.c[static_cast<unsigned char>(ch)] == 0) return false;
  return static_cast<unsigned char>(name[0]) < 0x80 || utf8_sequence(name, 0) != 0;
}

// Calls a MyHTML getter that reports the length through its last argument;
// wrapping it keeps the read of the length after the call.
template <class F>
std::string_view view(F getter) {
  std::size_t len = 0;
  const char* p = getter(&len);
  return p ? std::string_view(p, len) : std::string_view();
}

// The attribute's name as written in HTML: MyHTML strips the prefix of
// xlink:href and friends into a namespace. The view is of MyHTML's key, or
// of `out` when a prefix had to be put back.
std::string_view attribute_name(myhtml_tree_attr_t* attr, std::string& out) {
  const std::string_view key = view([&](std::size_t* len) { return myhtml_attribute_key(attr, len); });
  std::string_view prefix;
  switch (myhtml_attribute_namespace(attr)) {
    case MyHTML_NAMESPACE_XLINK: prefix = "xlink:"; break;
    case MyHTML_NAMESPACE_XML: prefix = "xml:"; break;
    case MyHTML_NAMESPACE_XMLNS:
      if (key != "xmlns") prefix = "xmlns:";
      break;
    default: break;
  }
  if (prefix.empty() || key.find(':') != std::string_view::npos) return key;
  out.assign(prefix);
  out.append(key);
  return out;
}

struct Converter {
  myhtml_tree_t* tree;
  HtmlDocument& out;
  const ParseLimits& limits;
  // True when the input MyHTML read is valid UTF-8 without NUL. MyHTML then
  // emits only valid UTF-8 without NUL (character references are mapped by
  // HTML5's rules: &#0;, surrogates and values above U+10FFFF become U+FFFD;
  // dom_test fuzzes this), so no text needs cleaning; one vector pass over
  // the page replaces a scan of every text and attribute value.
  bool input_clean = false;
  std::size_t nodes = 0;
  bool depth_cut = false;
  std::string scratch;
  std::string key;
  // Lower-cased element name per MyHTML tag id, looked up once per page;
  // `valid` 0: not looked up yet, 1: an XML name, 2: not one (unwrapped).
  std::vector<std::string> names;
  std::vector<unsigned char> valid;

  const std::string* element_name(myhtml_tag_id_t id) {
    if (id >= valid.size()) {
      valid.resize(id + 1, 0);
      names.resize(id + 1);
    }
    if (valid[id] == 0) {
      std::string name(view([&](std::size_t* len) { return myhtml_tag_name_by_id(tree, id, len); }));
      for (char& c : name)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      valid[id] = is_xml_name(name) ? 1 : 2;
      names[id] = std::move(name);
    }
    return valid[id] == 1 ? &names[id] : nullptr;
  }

  // Appends the converted `src` below `parent`; returns the new element when
  // the walk should descend into it, else an empty node.
  pugi::xml_node add(myhtml_tree_node_t* src, myhtml_tag_id_t id, pugi::xml_node parent) {
    if (id == MyHTML_TAG__TEXT) {
      std::string_view text = view([&](std::size_t* len) { return myhtml_node_text(src, len); });
      ++nodes;
      const std::string_view clean = input_clean ? text : clean_utf8(text, scratch);
      parent.append_child(pugi::node_pcdata).set_value(clean.data(), clean.size());
      return {};
    }
    if (id == MyHTML_TAG__COMMENT || id == MyHTML_TAG__DOCTYPE || id == MyHTML_TAG__UNDEF) return {};
    const std::string* name = element_name(id);
    // A tag name no XML name can carry ("<a\"b>") is unwrapped: children stay.
    if (!name) return parent;
    ++nodes;
    pugi::xml_node el = parent.append_child(name->c_str());
    ElementEntry& entry = out.elements.emplace_back(ElementEntry{el, static_cast<std::uint32_t>(id), nullptr});
    // MyHTML keeps repeated attributes (<a x=1 x=2>); the first one wins,
    // which only a second attribute needs to check.
    bool first = true;
    for (myhtml_tree_attr_t* a = myhtml_node_attribute_first(src); a; a = myhtml_attribute_next(a)) {
      const std::string_view name = attribute_name(a, key);
      if (!is_xml_name(name)) continue;
      // pugixml wants the name NUL-terminated: MyHTML's strings keep a NUL
      // after their length (mycore_string writes one on every change), so
      // the name goes as is; a copy only if that ever stops being so.
      const char* name_z = name.data();
      if (name_z[name.size()] != '\0') name_z = key.assign(name).c_str();
      if (!first && el.attribute(name_z)) continue;
      pugi::xml_attribute attr = el.append_attribute(name_z);
      first = false;
      std::string_view value = view([&](std::size_t* len) { return myhtml_attribute_value(a, len); });
      const std::string_view clean = input_clean ? value : clean_utf8(value, scratch);
      attr.set_value(clean.data(), clean.size());
      if (name.size() == 5 && std::memcmp(name.data(), "class", 5) == 0) entry.class_attr = attr.value();
    }
    return el;
  }

  // Iterative pre-order copy; `targets` holds the pugixml node standing for
  // each open MyHTML ancestor (unwrapped ones map to their parent's node).
  void run(myhtml_tree_node_t* root) {
    std::vector<pugi::xml_node> targets{out.doc};
    myhtml_tree_node_t* node = myhtml_node_child(root);
    while (node) {
      if (nodes >= limits.max_nodes) {
        out.truncated = true;
        out.warnings.push_back("html: more than " + std::to_string(limits.max_nodes) +
                               " nodes; the rest of the page is dropped");
        return;
      }
      const myhtml_tag_id_t id = myhtml_node_tag_id(node);
      pugi::xml_node target;
      if (id != MyHTML_TAG__TEXT && targets.size() > limits.max_depth) {
        depth_cut = true;  // drops the element and its subtree
      } else {
        target = add(node, id, targets.back());
      }
      myhtml_tree_node_t* child = target ? myhtml_node_child(node) : nullptr;
      if (child) {
        targets.push_back(target);
        node = child;
        continue;
      }
      while (node != root && !myhtml_node_next(node)) {
        node = myhtml_node_parent(node);
        targets.pop_back();
      }
      if (node == root) break;
      node = myhtml_node_next(node);
    }
  }
};

}  // namespace

HtmlParser::HtmlParser() {
  myhtml_ = myhtml_create();
  if (!myhtml_ || MyHTML_FAILED(myhtml_init(myhtml_, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0))) return;
  tree_ = myhtml_tree_create();
  if (!tree_ || MyHTML_FAILED(myhtml_tree_init(tree_, myhtml_))) return;
  // Scripting stays off (MyHTML's default): <noscript> content is markup.
  ready_ = true;
}

HtmlParser::~HtmlParser() {
  if (tree_) myhtml_tree_destroy(tree_);
  if (myhtml_) myhtml_destroy(myhtml_);
}

Result<void> HtmlParser::parse(std::string_view utf8, HtmlDocument& out, const ParseLimits& limits) {
  out.doc.reset();
  out.elements.clear();
  out.truncated = false;
  out.warnings.clear();
  if (!ready_) return fail("html: MyHTML could not be initialized");

  detail::PrescanLimits pre;
  pre.max_depth = limits.max_depth * 2;  // the estimate may overcount; the exact cut comes later
  detail::PrescanResult cut = detail::prescan(utf8, pre);
  std::string_view input = utf8;
  if (cut.changed) {
    input = cut.rewritten;
    out.truncated = true;
    out.warnings.push_back("html: nesting too deep from byte " + std::to_string(cut.first_drop_offset) +
                           "; " + std::to_string(cut.dropped_tags) + " tags dropped");
  }

  // The tree is clean here (fresh, or cleaned when the last parse left):
  // cleaning it after each parse, on every way out, frees the node memory
  // of big pages early and spares a second clean before the next one.
  struct CleanOnExit {
    myhtml_tree_t* tree;
    ~CleanOnExit() { myhtml_tree_clean(tree); }
  } clean_on_exit{tree_};
  if (MyHTML_FAILED(myhtml_parse(tree_, MyENCODING_UTF_8, input.data(), input.size())))
    return fail("html: MyHTML failed to parse a ", std::to_string(utf8.size()), " byte document");

  Converter conv{tree_, out, limits, text::is_valid_utf8(input), 0, false, {}, {}, {}, {}};
  conv.run(myhtml_tree_get_document(tree_));
  if (conv.depth_cut) {
    out.truncated = true;
    out.warnings.push_back("html: elements deeper than " + std::to_string(limits.max_depth) +
                           " levels dropped");
  }
  return {};
}

}  // namespace kf::html
