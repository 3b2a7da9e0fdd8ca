#include "scrape/selector.h"

#include <optional>
#include <vector>

namespace kf::scrape {
namespace {

bool is_ident_char(char ch) {
  auto c = static_cast<unsigned char>(ch);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c >= 0x80;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

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

// An XPath 1.0 string literal; XPath has no escapes, so a value holding
// both quote characters cannot be written.
std::optional<std::string> literal(std::string_view v) {
  if (v.find('\'') == std::string_view::npos) return "'" + std::string(v) + "'";
  if (v.find('"') == std::string_view::npos) return "\"" + std::string(v) + "\"";
  return std::nullopt;
}

std::string word_in(std::string_view attr, const std::string& quoted_word) {
  return "[contains(concat(' ', normalize-space(@" + std::string(attr) + "), ' '), concat(' ', " +
         quoted_word + ", ' '))]";
}

// Translates one CSS compound-selector chain (no ','); `pos` walks `s`.
class CssTranslator {
 public:
  explicit CssTranslator(std::string_view s) : s_(s) {}

  Result<std::string> run() {
    std::string out = ".//";
    bool first = true;
    while (true) {
      skip_space();
      if (pos_ >= s_.size()) break;
      auto step = compound();
      if (!step) return std::unexpected(step.error());
      out += *step;
      first = false;
      const std::size_t before = pos_;
      skip_space();
      if (pos_ >= s_.size()) break;
      const char c = s_[pos_];
      if (c == '>') {
        ++pos_;
        skip_space();
        if (pos_ >= s_.size()) return err("'>' needs a selector after it");
        out += "/";
      } else if (c == '+' || c == '~') {
        return err(std::string("sibling combinator '") + c + "' is not supported");
      } else if (pos_ > before) {
        out += "//";
      } else {
        return err(std::string("unexpected '") + c + "'");
      }
    }
    if (first) return err("empty selector");
    return out;
  }

 private:
  std::unexpected<Error> err(std::string why) const {
    return std::unexpected(Error{std::move(why)});
  }
  void skip_space() {
    while (pos_ < s_.size() && is_space(s_[pos_])) ++pos_;
  }
  std::string_view ident() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && is_ident_char(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  Result<std::string> compound() {
    std::string name = "*";
    std::string preds;
    bool any = true;
    if (s_[pos_] == '*') {
      ++pos_;
    } else if (is_ident_char(s_[pos_])) {
      name = lower(ident());
    } else {
      any = false;
    }
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '.' || c == '#') {
        ++pos_;
        std::string_view v = ident();
        if (v.empty()) return err(std::string("'") + c + "' needs a name");
        auto lit = literal(v);
        preds += c == '.' ? word_in("class", *lit) : "[@id=" + *lit + "]";
      } else if (c == '[') {
        auto p = attribute();
        if (!p) return p;
        preds += *p;
      } else if (c == ':') {
        auto p = pseudo();
        if (!p) return p;
        preds += *p;
      } else if (c == '\\') {
        return err("escapes are not supported");
      } else {
        break;
      }
      any = true;
    }
    if (!any) return err(std::string("unexpected '") + s_[pos_] + "'");
    return name + preds;
  }

  Result<std::string> attribute() {
    ++pos_;  // '['
    skip_space();
    std::string name = lower(ident());
    if (name.empty()) return err("attribute selector needs a name");
    skip_space();
    if (pos_ >= s_.size()) return err("unclosed '['");
    if (s_[pos_] == ']') {
      ++pos_;
      return "[@" + name + "]";
    }
    std::string op;
    if (s_[pos_] == '=') {
      op = "=";
    } else if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '=' &&
               std::string_view("~^$*|").find(s_[pos_]) != std::string_view::npos) {
      op = std::string(1, s_[pos_]) + "=";
    } else {
      return err(std::string("unexpected '") + s_[pos_] + "' in attribute selector");
    }
    pos_ += op.size();
    skip_space();
    std::string value;
    if (pos_ < s_.size() && (s_[pos_] == '"' || s_[pos_] == '\'')) {
      const char q = s_[pos_++];
      const std::size_t end = s_.find(q, pos_);
      if (end == std::string_view::npos) return err("unclosed quote in attribute selector");
      value = std::string(s_.substr(pos_, end - pos_));
      pos_ = end + 1;
    } else {
      value = std::string(ident());
    }
    skip_space();
    if (pos_ >= s_.size() || s_[pos_] != ']') return err("unclosed '['");
    ++pos_;
    auto lit = literal(value);
    if (!lit) return err("a value with both quote characters cannot be matched");
    const std::string a = "@" + name;
    if (op == "=") return "[" + a + "=" + *lit + "]";
    if (op == "~=") return word_in(name, *lit);
    if (op == "^=") return "[starts-with(" + a + ", " + *lit + ")]";
    if (op == "*=") return "[contains(" + a + ", " + *lit + ")]";
    if (op == "$=")
      return "[substring(" + a + ", string-length(" + a + ") - string-length(" + *lit + ") + 1) = " +
             *lit + "]";
    return "[" + a + "=" + *lit + " or starts-with(" + a + ", concat(" + *lit + ", '-'))]";  // |=
  }

  Result<std::string> pseudo() {
    ++pos_;  // ':'
    if (pos_ < s_.size() && s_[pos_] == ':') return err("pseudo-elements are not supported");
    const std::string name = lower(ident());
    if (name == "first-child") return std::string("[not(preceding-sibling::*)]");
    if (name == "last-child") return std::string("[not(following-sibling::*)]");
    if (name == "nth-child") {
      if (pos_ >= s_.size() || s_[pos_] != '(') return err(":nth-child needs '(n)'");
      const std::size_t end = s_.find(')', pos_);
      if (end == std::string_view::npos) return err("unclosed ':nth-child('");
      const std::string_view arg = trim(s_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      if (arg.empty() || arg.size() > 6 ||
          arg.find_first_not_of("0123456789") != std::string_view::npos || std::stoi(std::string(arg)) < 1)
        return err(":nth-child takes a positive number (an+b forms are not supported)");
      return "[count(preceding-sibling::*) = " + std::to_string(std::stoi(std::string(arg)) - 1) + "]";
    }
    return err("pseudo-class ':" + name + "' is not supported");
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

bool looks_like_xpath(std::string_view s) {
  return s.starts_with("/") || s.starts_with("./") || s.starts_with("(");
}

}  // namespace

Result<std::string> css_to_xpath(std::string_view css) {
  const std::string_view text = trim(css);
  std::string out;
  for (std::string_view part : detail::split_group(text)) {
    auto x = CssTranslator(trim(part)).run();
    if (!x) return fail("selector '", std::string(text), "': ", x.error().message);
    if (!out.empty()) out += " | ";
    out += *x;
  }
  return out;
}

Result<Selector> compile_selector(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return fail("selector '': empty selector");
  Selector sel;
  sel.source_ = std::string(s);
  sel.css_ = !looks_like_xpath(s);
  if (sel.css_) {
    auto x = css_to_xpath(s);
    if (!x) return std::unexpected(x.error());
    sel.xpath_ = std::move(*x);
    if (auto m = detail::CssMatch::compile(s)) sel.match_ = std::make_shared<const detail::CssMatch>(std::move(*m));
  } else {
    sel.xpath_ = sel.source_;
    if (auto m = detail::PathMatch::compile(sel.xpath_)) sel.path_ = std::make_shared<const detail::PathMatch>(std::move(*m));
  }
  try {
    auto query = std::make_shared<const pugi::xpath_query>(sel.xpath_.c_str());
    if (!*query) {
      const auto& r = query->result();
      return fail("selector '", sel.source_, "': invalid XPath: ", r.description(), " at offset ",
                  std::to_string(r.offset));
    }
    if (query->return_type() != pugi::xpath_type_node_set)
      return fail("selector '", sel.source_, "': XPath does not select nodes");
    sel.query_ = std::move(query);
  } catch (const pugi::xpath_exception& e) {
    return fail("selector '", sel.source_, "': invalid XPath: ", e.what(), " at offset ",
                std::to_string(e.result().offset));
  } catch (const std::exception& e) {
    return fail("selector '", sel.source_, "': ", e.what());
  }
  return sel;
}

pugi::xpath_node Selector::first(pugi::xml_node context, const detail::ElementIndex* index) const {
  if (match_ && context) return pugi::xpath_node(match_->first(context, index));
  if (path_ && context) return path_->first(context, index);
  if (!query_ || !context) return {};
  try {
    // pugixml's first-node evaluation (the set's first in document order)
    // stops early where it can and builds no set.
    return query_->evaluate_node(context);
  } catch (const std::exception&) {
    return {};  // out of memory inside pugixml: treated as no match
  }
}

pugi::xpath_node_set Selector::all(pugi::xml_node context, const detail::ElementIndex* index) const {
  if (!query_ || !context) return {};
  try {
    if (match_) {
      const std::vector<pugi::xml_node> found = match_->all(context, index);
      std::vector<pugi::xpath_node> nodes(found.begin(), found.end());
      return pugi::xpath_node_set(nodes.data(), nodes.data() + nodes.size(), pugi::xpath_node_set::type_sorted);
    }
    if (path_) {
      const std::vector<pugi::xpath_node> nodes = path_->all(context, index);
      return pugi::xpath_node_set(nodes.data(), nodes.data() + nodes.size(), pugi::xpath_node_set::type_sorted);
    }
    pugi::xpath_node_set set = query_->evaluate_node_set(context);
    set.sort();
    return set;
  } catch (const std::exception&) {
    return {};  // out of memory inside pugixml: treated as no match
  }
}

}  // namespace kf::scrape
