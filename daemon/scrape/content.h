// The generic, rule-free readers of an article page: the readability-style
// main-content heuristic for the body, and the search for a publication date
// near the headline. Internal to daemon/scrape. All walks are iterative.
// Pure functions; thread-safe on distinct or unmodified trees.
#pragma once

#include <string>

#include <pugixml.hpp>

namespace kf::scrape::detail {

// The element that most likely holds the article text. Every <p> (and
// <li>, <blockquote>, <pre>) with at least 25 characters of text adds its
// length to its parent and half of it to its grandparent; paragraphs inside
// header, nav, aside, footer, form, figure or an element whose class/id says
// comment, sidebar, teaser, related, footer, nav, share, widget or ad count
// for nothing. The highest-scoring element wins; null when no paragraph
// qualifies.
pugi::xml_node main_content(pugi::xml_node root);

// The scope where a publication date may stand: the <article> (or <main>)
// element around `headline`, else the headline's grandparent; null for a
// null headline.
pugi::xml_node article_scope(pugi::xml_node headline);

// The first date written in the text of `scope` in document order, outside
// nav, aside, footer, figure and script: the datetime of a <time>, else a
// textual "07.01.2025", "7.1.25" or "7. Januar 2025" (German month names),
// returned as written. Empty when there is none. A header's "today is" date
// never qualifies because only the article scope is searched and the
// page-level header lies outside it.
std::string date_in(pugi::xml_node scope);

// True for elements whose text is never article content: script, style,
// nav, aside, footer, form, noscript, template, and boilerplate classes.
bool is_boilerplate(pugi::xml_node element);

}  // namespace kf::scrape::detail
