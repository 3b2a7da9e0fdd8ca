#include "scrape/css_match.h"

#include <algorithm>
#include <cstring>

namespace kf::scrape::detail {
namespace {

using Op = CssMatch::Op;

bool is_ident_char(char ch) {
  auto c = static_cast<unsigned char>(ch);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c >= 0x80;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// XPath's whitespace, which normalize-space() folds.
bool is_xpath_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// The same grammar as CssTranslator in selector.cc; any deviation gives up.
class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  std::optional<CssMatch::Chain> chain() {
    CssMatch::Chain out;
    while (true) {
      skip_space();
      if (pos_ >= s_.size()) break;
      auto step = compound();
      if (!step) return std::nullopt;
      out.steps.push_back(std::move(*step));
      const std::size_t before = pos_;
      skip_space();
      if (pos_ >= s_.size()) break;
      if (s_[pos_] == '>') {
        ++pos_;
        skip_space();
        if (pos_ >= s_.size()) return std::nullopt;
        out.child.push_back(true);
      } else if (pos_ > before && s_[pos_] != '+' && s_[pos_] != '~') {
        out.child.push_back(false);
      } else {
        return std::nullopt;
      }
    }
    if (out.steps.empty()) return std::nullopt;
    return out;
  }

 private:
  void skip_space() {
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
  }
  std::string_view ident() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_ident_char(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  std::optional<CssMatch::Compound> compound() {
    CssMatch::Compound c;
    bool any = true;
    if (s_[pos_] == '*') {
      ++pos_;
    } else if (is_ident_char(s_[pos_])) {
      c.name = lower(ident());
    } else {
      any = false;
    }
    while (pos_ < s_.size()) {
      const char ch = s_[pos_];
      if (ch == '.' || ch == '#') {
        ++pos_;
        std::string_view v = ident();
        if (v.empty()) return std::nullopt;
        c.tests.push_back({ch == '.' ? "class" : "id", ch == '.' ? Op::word : Op::equals, std::string(v)});
      } else if (ch == '[') {
        if (!attribute(c)) return std::nullopt;
      } else if (ch == ':') {
        if (!pseudo(c)) return std::nullopt;
      } else {
        break;
      }
      any = true;
    }
    if (!any) return std::nullopt;
    return c;
  }

  bool attribute(CssMatch::Compound& c) {
    ++pos_;  // '['
    skip_space();
    CssMatch::AttrTest t;
    t.name = lower(ident());
    if (t.name.empty()) return false;
    skip_space();
    if (pos_ >= s_.size()) return false;
    if (s_[pos_] == ']') {
      ++pos_;
      c.tests.push_back(std::move(t));
      return true;
    }
    if (s_[pos_] == '=') {
      t.op = Op::equals;
      ++pos_;
    } else if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '=') {
      switch (s_[pos_]) {
        case '~': t.op = Op::word; break;
        case '^': t.op = Op::prefix; break;
        case '$': t.op = Op::suffix; break;
        case '*': t.op = Op::contains; break;
        case '|': t.op = Op::dash; break;
        default: return false;
      }
      pos_ += 2;
    } else {
      return false;
    }
    skip_space();
    if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) {
      const char q = s_[pos_++];
      const std::size_t end = s_.find(q, pos_);
      if (end == std::string_view::npos) return false;
      t.value = std::string(s_.substr(pos_, end - pos_));
      pos_ = end + 1;
    } else {
      t.value = std::string(ident());
    }
    skip_space();
    if (pos_ >= s_.size() || s_[pos_] != ']') return false;
    ++pos_;
    c.tests.push_back(std::move(t));
    return true;
  }

  bool pseudo(CssMatch::Compound& c) {
    ++pos_;  // ':'
    const std::string name = lower(ident());
    if (name == "first-child") return c.first_child = true;
    if (name == "last-child") return c.last_child = true;
    if (name != "nth-child" || pos_ >= s_.size() || s_[pos_] != '(' || c.preceding >= 0) return false;
    const std::size_t end = s_.find(')', pos_);
    if (end == std::string_view::npos) return false;
    const std::string_view arg = trim(s_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    if (arg.empty() || arg.size() > 6 || arg.find_first_not_of("0123456789") != std::string_view::npos)
      return false;
    const int n = std::stoi(std::string(arg));
    if (n < 1) return false;
    c.preceding = n - 1;
    return true;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};


// contains(concat(' ', normalize-space(value), ' '), concat(' ', word, ' ')).
bool word_in(std::string_view value, std::string_view word) {
  bool plain = !word.empty();
  for (char c : word) plain = plain && !is_xpath_space(c);
  if (plain) {  // then the test is "one of the space-separated tokens"
    std::size_t i = 0;
    while (i < value.size()) {
      while (i < value.size() && is_xpath_space(value[i])) ++i;
      std::size_t j = i;
      while (j < value.size() && !is_xpath_space(value[j])) ++j;
      if (j > i && value.substr(i, j - i) == word) return true;
      i = j;
    }
    return false;
  }
  std::string hay = " ";
  for (std::size_t i = 0; i < value.size();) {
    if (is_xpath_space(value[i])) {
      while (i < value.size() && is_xpath_space(value[i])) ++i;
      if (hay.size() > 1 && i < value.size()) hay += ' ';
    } else {
      hay += value[i++];
    }
  }
  hay += ' ';
  return hay.find(" " + std::string(word) + " ") != std::string::npos;
}

bool test(pugi::xml_node e, const CssMatch::AttrTest& t) {
  const pugi::xml_attribute a = e.attribute(t.name.c_str());
  const std::string_view v = a.value();  // "" when absent, as string(@a) in XPath
  switch (t.op) {
    case Op::exists: return bool(a);
    case Op::equals: return a && v == t.value;
    case Op::word: return word_in(v, t.value);
    case Op::prefix: return v.starts_with(t.value);
    case Op::suffix: return v.ends_with(t.value);
    case Op::contains: return v.find(t.value) != std::string_view::npos;
    case Op::dash:
      return (a && v == t.value) ||
             (v.size() > t.value.size() && v.starts_with(t.value) && v[t.value.size()] == '-');
  }
  return false;
}

bool compound_matches(pugi::xml_node e, const CssMatch::Compound& c) {
  if (!c.name.empty() && std::strcmp(e.name(), c.name.c_str()) != 0) return false;
  for (const auto& t : c.tests)
    if (!test(e, t)) return false;
  if (c.first_child || c.preceding >= 0) {
    int before = 0;
    for (pugi::xml_node s = e.previous_sibling(); s && before <= c.preceding + 1; s = s.previous_sibling())
      before += s.type() == pugi::node_element ? 1 : 0;
    if (c.first_child && before > 0) return false;
    if (c.preceding >= 0 && before != c.preceding) return false;
  }
  if (c.last_child)
    for (pugi::xml_node s = e.next_sibling(); s; s = s.next_sibling())
      if (s.type() == pugi::node_element) return false;
  return true;
}

// Whether `e` matches steps[0..k] of the chain, every step strictly below `context`.
bool chain_matches(pugi::xml_node e, const CssMatch::Chain& chain, std::size_t k, pugi::xml_node context) {
  if (!compound_matches(e, chain.steps[k])) return false;
  if (k == 0) return true;
  if (chain.child[k - 1]) {
    const pugi::xml_node p = e.parent();
    return p && p != context && p.type() == pugi::node_element && chain_matches(p, chain, k - 1, context);
  }
  for (pugi::xml_node p = e.parent(); p && p != context && p.type() == pugi::node_element; p = p.parent())
    if (chain_matches(p, chain, k - 1, context)) return true;
  return false;
}

// Calls `f` on each element below `context` in document order until it returns true.
template <class F>
void each_element(pugi::xml_node context, F f) {
  pugi::xml_node n = context.first_child();
  while (n) {
    if (n.type() == pugi::node_element) {
      if (f(n)) return;
      if (pugi::xml_node c = n.first_child()) {
        n = c;
        continue;
      }
    }
    while (n != context && !n.next_sibling()) n = n.parent();
    if (n == context) return;
    n = n.next_sibling();
  }
}

}  // namespace

std::vector<std::string_view> split_group(std::string_view s) {
  std::vector<std::string_view> parts;
  int depth = 0;
  char quote = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '(') {
      ++depth;
    } else if (c == ']' || c == ')') {
      --depth;
    } else if (c == ',' && depth == 0) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

std::optional<CssMatch> CssMatch::compile(std::string_view css) {
  CssMatch m;
  for (std::string_view part : split_group(trim(css))) {
    auto chain = Parser(trim(part)).chain();
    if (!chain) return std::nullopt;
    const Compound& last = chain->steps.back();
    for (const AttrTest& t : last.tests) {
      const bool plain = !t.value.empty() &&
                         std::none_of(t.value.begin(), t.value.end(), [](char c) { return is_xpath_space(c); });
      if (t.name == "class" && t.op == Op::word && plain) {
        chain->key_class = t.value;
        break;
      }
    }
    if (chain->key_class.empty()) chain->key_name = last.name;
    m.chains_.push_back(std::move(*chain));
  }
  return m;
}

bool CssMatch::matches(pugi::xml_node element, pugi::xml_node context) const {
  for (const Chain& c : chains_)
    if (chain_matches(element, c, c.steps.size() - 1, context)) return true;
  return false;
}

pugi::xml_node CssMatch::first(pugi::xml_node context) const {
  pugi::xml_node found;
  each_element(context, [&](pugi::xml_node e) {
    if (!matches(e, context)) return false;
    found = e;
    return true;
  });
  return found;
}

std::vector<pugi::xml_node> CssMatch::all(pugi::xml_node context) const {
  std::vector<pugi::xml_node> out;
  each_element(context, [&](pugi::xml_node e) {
    if (matches(e, context)) out.push_back(e);
    return false;
  });
  return out;
}

const std::vector<std::uint32_t>* CssMatch::bucket(const Chain& chain, const ElementIndex& index) {
  if (!chain.key_class.empty()) return &index.with_class(chain.key_class);
  if (!chain.key_name.empty()) return &index.with_name(chain.key_name);
  return nullptr;
}

pugi::xml_node CssMatch::first(pugi::xml_node context, const ElementIndex* index) const {
  if (!index || context != index->root()) return first(context);
  const auto& elements = index->elements();
  std::size_t best = elements.size();
  for (const Chain& c : chains_) {
    const auto* b = bucket(c, *index);
    const std::size_t n = b ? b->size() : elements.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t pos = b ? (*b)[i] : i;
      if (pos >= best) break;
      if (chain_matches(elements[pos], c, c.steps.size() - 1, context)) {
        best = pos;
        break;
      }
    }
  }
  return best < elements.size() ? elements[best] : pugi::xml_node();
}

std::vector<pugi::xml_node> CssMatch::all(pugi::xml_node context, const ElementIndex* index) const {
  if (!index || context != index->root()) return all(context);
  const auto& elements = index->elements();
  std::vector<std::uint32_t> found;
  for (const Chain& c : chains_) {
    const auto* b = bucket(c, *index);
    const std::size_t n = b ? b->size() : elements.size();
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t pos = b ? (*b)[i] : i;
      if (chain_matches(elements[pos], c, c.steps.size() - 1, context))
        found.push_back(static_cast<std::uint32_t>(pos));
    }
  }
  if (chains_.size() > 1) {
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
  }
  std::vector<pugi::xml_node> out;
  out.reserve(found.size());
  for (std::uint32_t pos : found) out.push_back(elements[pos]);
  return out;
}

}  // namespace kf::scrape::detail
