#include "store/fts_text.h"

#include <cstdint>

namespace kf::store {
namespace {

bool starts_with_ci(std::string_view s, std::size_t at, std::string_view prefix) {
  if (s.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the entity starting at html[i] == '&'; returns its length, or 0 if
// it is none we know (then the '&' is copied as is).
std::size_t decode_entity(std::string_view html, std::size_t i, std::string& out) {
  std::size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return 0;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (auto [n, text] : kNamed) {
    if (name == n) {
      out += text;
      return semi - i + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    std::uint32_t cp = 0;
    for (char c : digits) {
      int d = c >= '0' && c <= '9'          ? c - '0'
              : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
              : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                            : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
      if (cp > 0x10FFFF) cp = 0x110000;  // clamp; append_utf8 turns it into U+FFFD
    }
    append_utf8(out, cp);
    return semi - i + 1;
  }
  return 0;
}

}  // namespace

std::string html_to_index_text(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (html.substr(i, 4) == "<!--") {
        std::size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        out += ' ';
        continue;
      }
      for (std::string_view raw : {std::string_view("script"), std::string_view("style")}) {
        std::size_t after = i + 1 + raw.size();
        bool whole_name = after < html.size() &&
                          (html[after] == '>' || html[after] == '/' || html[after] == ' ' ||
                           html[after] == '\t' || html[after] == '\n' || html[after] == '\r');
        if (starts_with_ci(html, i + 1, raw) && whole_name) {
          std::string closing = "</" + std::string(raw);
          std::size_t j = i + 1;
          while (j < html.size() && !starts_with_ci(html, j, closing)) ++j;
          i = j;  // the closing tag itself is skipped below
          break;
        }
      }
      std::size_t end = html.find('>', i);
      i = end == std::string_view::npos ? html.size() : end + 1;
      out += ' ';
    } else if (c == '&') {
      std::size_t used = decode_entity(html, i, out);
      if (used == 0) {
        out += '&';
        ++i;
      } else {
        i += used;
      }
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string fts_literal_query(std::string_view user_text) {
  std::string query;
  std::size_t i = 0;
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  while (i < user_text.size()) {
    while (i < user_text.size() && is_space(user_text[i])) ++i;
    if (i == user_text.size()) break;
    std::size_t start = i;
    while (i < user_text.size() && !is_space(user_text[i])) ++i;
    if (!query.empty()) query += ' ';
    query += '"';
    for (char c : user_text.substr(start, i - start)) {
      if (c == '"') query += '"';
      query += c;
    }
    query += '"';
  }
  return query;
}

}  // namespace kf::store
