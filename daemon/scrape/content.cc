#include "scrape/content.h"

#include <array>
#include <string_view>
#include <unordered_map>

#include "html/serialize.h"
#include "text/ascii.h"

namespace kf::scrape::detail {
namespace {

bool name_is(pugi::xml_node n, std::initializer_list<std::string_view> names) {
  const std::string_view name = n.name();
  for (auto x : names)
    if (name == x) return true;
  return false;
}

bool boilerplate_hint(pugi::xml_node n) {
  static constexpr std::array<std::string_view, 10> kHints{
      "comment", "sidebar", "teaser", "related", "footer", "nav", "share", "widget", "advert", "ad-"};
  const std::string hay = text::to_lower(std::string(n.attribute("class").value()) + " " + n.attribute("id").value());
  if (hay.size() <= 1) return false;
  for (auto h : kHints)
    if (hay.find(h) != std::string::npos) return true;
  return false;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A date "d.m.yy(yy)" or "d. Monat yyyy" starting at s[i]; its length or 0.
std::size_t date_at(std::string_view s, std::size_t i) {
  static constexpr std::array<std::string_view, 13> kMonths{
      "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
      "september", "oktober", "november", "dezember"};
  auto digits = [&](std::size_t& j, std::size_t min, std::size_t max) {
    std::size_t k = 0;
    while (j < s.size() && is_digit(s[j]) && k < max) ++j, ++k;
    return k >= min && !(j < s.size() && is_digit(s[j]));
  };
  if (i > 0 && is_digit(s[i - 1])) return 0;
  std::size_t j = i;
  if (!digits(j, 1, 2) || j >= s.size() || s[j] != '.') return 0;
  ++j;
  const std::size_t after_day = j;
  if (digits(j, 1, 2) && j < s.size() && s[j] == '.') {
    ++j;
    const std::size_t y = j;
    if (digits(j, 2, 4) && (j - y == 2 || j - y == 4)) return j - i;
    return 0;
  }
  j = after_day;
  while (j < s.size() && s[j] == ' ') ++j;
  const std::string rest = text::to_lower(s.substr(j, 12));
  for (auto m : kMonths) {
    if (!std::string_view(rest).starts_with(m)) continue;
    std::size_t k = j + m.size();
    while (k < s.size() && s[k] == ' ') ++k;
    const std::size_t y = k;
    if (digits(k, 4, 4) && k - y == 4) return k - i;
  }
  return 0;
}

}  // namespace

bool is_boilerplate(pugi::xml_node n) {
  return name_is(n, {"script", "style", "nav", "aside", "footer", "form", "noscript", "template", "header",
                     "figure", "button", "select"}) ||
         boilerplate_hint(n);
}

pugi::xml_node main_content(pugi::xml_node root) {
  std::unordered_map<pugi::xml_node_struct*, std::size_t> score;
  pugi::xml_node best;
  std::size_t best_score = 0;
  auto add = [&](pugi::xml_node n, std::size_t s) {
    if (!n || n.type() != pugi::node_element) return;
    std::size_t& v = score[n.internal_object()];
    v += s;
    if (v > best_score) best_score = v, best = n;
  };
  // Iterative pre-order walk that skips boilerplate subtrees.
  pugi::xml_node node = root.first_child();
  while (node) {
    bool descend = node.type() == pugi::node_element && !is_boilerplate(node);
    if (descend && name_is(node, {"p", "li", "blockquote", "pre"})) {
      const std::size_t len = html::text_content(node).size();
      if (len >= 25) {
        add(node.parent(), len);
        add(node.parent().parent(), len / 2);
      }
      descend = false;  // nested paragraphs are counted with their outer one
    }
    if (descend && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      if (node == root) return best;
    }
    if (node) node = node.next_sibling();
  }
  return best;
}

pugi::xml_node article_scope(pugi::xml_node headline) {
  if (!headline) return {};
  for (pugi::xml_node n = headline.parent(); n && n.type() == pugi::node_element; n = n.parent())
    if (name_is(n, {"article", "main"})) return n;
  pugi::xml_node up = headline.parent();
  return up.parent() && up.parent().type() == pugi::node_element ? up.parent() : up;
}

std::string date_in(pugi::xml_node scope) {
  if (!scope) return {};
  pugi::xml_node node = scope.first_child();
  while (node) {
    bool descend = false;
    if (node.type() == pugi::node_element) {
      if (std::string_view(node.name()) == "time" && *node.attribute("datetime").value())
        return node.attribute("datetime").value();
      descend = !name_is(node, {"script", "style", "nav", "aside", "footer", "figure", "template"}) &&
                !boilerplate_hint(node);
    } else if (node.type() == pugi::node_pcdata) {
      const std::string_view s = node.value();
      for (std::size_t i = 0; i < s.size(); ++i)
        if (is_digit(s[i]))
          if (std::size_t len = date_at(s, i)) return std::string(s.substr(i, len));
    }
    if (descend && node.first_child()) {
      node = node.first_child();
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      if (node == scope) return {};
    }
    if (node) node = node.next_sibling();
  }
  return {};
}

}  // namespace kf::scrape::detail
