#include "scrape/path_match.h"

#include <cstring>

namespace kf::scrape::detail {
namespace {

bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

bool is_text(pugi::xml_node n) { return n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata; }

// Reads an XPath NCName (ASCII only) at `pos`; empty when there is none.
std::string_view name_at(std::string_view s, std::size_t& pos) {
  const std::size_t start = pos;
  if (pos >= s.size() || !is_name_start(s[pos])) return {};
  while (pos < s.size() && is_name_char(s[pos])) ++pos;
  return s.substr(start, pos - start);
}

}  // namespace

std::optional<PathMatch> PathMatch::compile(std::string_view s) {
  PathMatch m;
  std::size_t pos = 0;
  bool descendant = false;
  if (s.starts_with(".//")) {
    descendant = true, pos = 3;
  } else if (s.starts_with("./")) {
    pos = 2;
  } else if (s.starts_with("//")) {
    m.absolute_ = true, descendant = true, pos = 2;
  } else if (s.starts_with("/")) {
    m.absolute_ = true, pos = 1;
  } else {
    return std::nullopt;
  }
  while (true) {
    Step step;
    step.descendant = descendant;
    if (s.substr(pos).starts_with("text()")) {
      step.kind = Kind::text;
      pos += 6;
      if (pos < s.size() && s[pos] == '[') {
        const std::size_t close = s.find(']', pos);
        if (close == std::string_view::npos || close - pos - 1 == 0 || close - pos - 1 > 6) return std::nullopt;
        int n = 0;
        for (std::size_t i = pos + 1; i < close; ++i) {
          if (s[i] < '0' || s[i] > '9') return std::nullopt;
          n = n * 10 + (s[i] - '0');
        }
        if (n < 1) return std::nullopt;
        step.position = n;
        pos = close + 1;
      }
    } else if (pos < s.size() && s[pos] == '@') {
      ++pos;
      step.kind = Kind::attribute;
      step.name = std::string(name_at(s, pos));
      if (step.name.empty()) return std::nullopt;
    } else {
      if (pos < s.size() && s[pos] == '*') {
        step.kind = Kind::any_element;
        ++pos;
      } else {
        step.name = std::string(name_at(s, pos));
        if (step.name.empty()) return std::nullopt;
      }
      while (pos < s.size() && s[pos] == '[') {
        ++pos;
        if (pos >= s.size() || s[pos] != '@') return std::nullopt;
        ++pos;
        Predicate p;
        p.name = std::string(name_at(s, pos));
        if (p.name.empty() || pos >= s.size()) return std::nullopt;
        if (s[pos] == '=') {
          ++pos;
          if (pos >= s.size() || (s[pos] != '\'' && s[pos] != '"')) return std::nullopt;
          const std::size_t close = s.find(s[pos], pos + 1);
          if (close == std::string_view::npos) return std::nullopt;
          p.has_value = true;
          p.value = std::string(s.substr(pos + 1, close - pos - 1));
          pos = close + 1;
        }
        if (pos >= s.size() || s[pos] != ']') return std::nullopt;
        ++pos;
        step.predicates.push_back(std::move(p));
      }
    }
    m.steps_.push_back(std::move(step));
    if (pos == s.size()) break;
    if (s[pos] != '/') return std::nullopt;
    descendant = pos + 1 < s.size() && s[pos + 1] == '/';
    pos += descendant ? 2 : 1;
  }
  // text() and @name end a path; an attribute needs the element it belongs to.
  for (std::size_t k = 0; k + 1 < m.steps_.size(); ++k)
    if (m.steps_[k].kind == Kind::text || m.steps_[k].kind == Kind::attribute) return std::nullopt;
  const Step& last = m.steps_.back();
  if (last.kind == Kind::attribute && (m.steps_.size() < 2 || last.descendant)) return std::nullopt;
  return m;
}

pugi::xml_node PathMatch::start_of(pugi::xml_node context) const { return absolute_ ? context.root() : context; }

bool PathMatch::step_matches(pugi::xml_node n, const Step& s) const {
  switch (s.kind) {
    case Kind::text: {
      if (!is_text(n)) return false;
      if (s.position == 0) return true;
      int before = 0;
      for (pugi::xml_node p = n.previous_sibling(); p && before < s.position; p = p.previous_sibling())
        before += is_text(p) ? 1 : 0;
      return before == s.position - 1;
    }
    case Kind::element:
      if (n.type() != pugi::node_element || std::strcmp(n.name(), s.name.c_str()) != 0) return false;
      break;
    case Kind::any_element:
      if (n.type() != pugi::node_element) return false;
      break;
    case Kind::attribute: return false;  // matched through its element
  }
  for (const Predicate& p : s.predicates) {
    const pugi::xml_attribute a = n.attribute(p.name.c_str());
    if (!a || (p.has_value && std::strcmp(a.value(), p.value.c_str()) != 0)) return false;
  }
  return true;
}

bool PathMatch::matches(pugi::xml_node n, std::size_t k, pugi::xml_node start) const {
  const Step& s = steps_[k];
  if (!step_matches(n, s)) return false;
  if (k == 0) {
    if (!s.descendant) return n.parent() == start;
    for (pugi::xml_node p = n.parent(); p; p = p.parent())
      if (p == start) return true;
    return false;
  }
  if (!s.descendant) {
    const pugi::xml_node p = n.parent();
    return p && p != start && matches(p, k - 1, start);
  }
  for (pugi::xml_node p = n.parent(); p && p != start; p = p.parent())
    if (matches(p, k - 1, start)) return true;
  return false;
}

template <class F>
void PathMatch::each_match(pugi::xml_node context, const ElementIndex* index, F f) const {
  const pugi::xml_node start = start_of(context);
  if (!start) return;
  const Step& last = steps_.back();
  const bool by_attribute = last.kind == Kind::attribute;
  // The step whose nodes are enumerated: an attribute's element, else the last.
  const std::size_t k = by_attribute ? steps_.size() - 2 : steps_.size() - 1;
  auto visit = [&](pugi::xml_node n) {
    if (!matches(n, k, start)) return false;
    if (!by_attribute) return f(pugi::xpath_node(n));
    const pugi::xml_attribute a = n.attribute(last.name.c_str());
    return a && f(pugi::xpath_node(a, n));
  };
  if (index && index->root() == start && steps_[k].kind == Kind::element) {
    const auto& elements = index->elements();
    for (std::uint32_t pos : index->with_name(steps_[k].name))
      if (visit(elements[pos])) return;
    return;
  }
  const bool want_text = steps_[k].kind == Kind::text;
  pugi::xml_node n = start.first_child();
  while (n) {
    const bool element = n.type() == pugi::node_element;
    if ((element || (want_text && is_text(n))) && visit(n)) return;
    if (element && n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n != start && !n.next_sibling()) n = n.parent();
    if (n == start) return;
    n = n.next_sibling();
  }
}

pugi::xpath_node PathMatch::first(pugi::xml_node context, const ElementIndex* index) const {
  const std::size_t last = steps_.size() - 1;
  const pugi::xml_node start = start_of(context);
  if (steps_[last].kind == Kind::text && !steps_[last].descendant && last > 0 &&
      steps_[last - 1].kind == Kind::element && index && start && index->root() == start) {
    // Text children of the parent step's elements, found through the index
    // rather than by visiting every text node of the page. The first parent
    // in document order with a matching text child holds the first result
    // in its subtree (an earlier parent has none, a later one outside it
    // comes after it), so only that subtree is searched in order.
    const auto& elements = index->elements();
    for (std::uint32_t pos : index->with_name(steps_[last - 1].name)) {
      const pugi::xml_node parent = elements[pos];
      bool any = false;
      for (pugi::xml_node c = parent.first_child(); c && !any; c = c.next_sibling())
        any = step_matches(c, steps_[last]);
      if (!any || !matches(parent, last - 1, start)) continue;
      pugi::xml_node n = parent.first_child();
      while (n) {
        if (is_text(n) && matches(n, last, start)) return pugi::xpath_node(n);
        if (n.type() == pugi::node_element && n.first_child()) {
          n = n.first_child();
          continue;
        }
        while (n != parent && !n.next_sibling()) n = n.parent();
        if (n == parent) break;
        n = n.next_sibling();
      }
      return {};  // not reached: `parent` has a matching text child
    }
    return {};
  }
  pugi::xpath_node found;
  each_match(context, index, [&](const pugi::xpath_node& n) {
    found = n;
    return true;
  });
  return found;
}

std::vector<pugi::xpath_node> PathMatch::all(pugi::xml_node context, const ElementIndex* index) const {
  std::vector<pugi::xpath_node> out;
  each_match(context, index, [&](const pugi::xpath_node& n) {
    out.push_back(n);
    return false;
  });
  return out;
}

}  // namespace kf::scrape::detail
