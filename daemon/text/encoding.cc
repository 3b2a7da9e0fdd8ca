#include "text/encoding.h"
#include "text/ascii.h"

#include <optional>

#include "text/charset.h"

namespace kf::text {
namespace {

struct Choice {
  std::string charset;
  std::string source;
  std::size_t skip = 0;  // BOM bytes
};

bool starts_with_bytes(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }

std::optional<Choice> from_bom(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts_with_bytes(b, "\xEF\xBB\xBF"sv)) return Choice{"utf-8", "bom", 3};
  if (starts_with_bytes(b, "\x00\x00\xFE\xFF"sv)) return Choice{"utf-32be", "bom", 4};
  if (starts_with_bytes(b, "\xFF\xFE\x00\x00"sv)) return Choice{"utf-32le", "bom", 4};
  if (starts_with_bytes(b, "\xFE\xFF"sv)) return Choice{"utf-16be", "bom", 2};
  if (starts_with_bytes(b, "\xFF\xFE"sv)) return Choice{"utf-16le", "bom", 2};
  return std::nullopt;
}

// XML 1.0 Appendix F: without a BOM the first four bytes of "<?xm" tell the
// code unit family; the declaration can then only be read in that family.
std::optional<std::string> xml_family(std::string_view b) {
  using namespace std::string_view_literals;
  if (starts_with_bytes(b, "\x3C\x00\x00\x00"sv)) return "utf-32le";
  if (starts_with_bytes(b, "\x00\x00\x00\x3C"sv)) return "utf-32be";
  if (starts_with_bytes(b, "\x3C\x00\x3F\x00"sv)) return "utf-16le";
  if (starts_with_bytes(b, "\x00\x3C\x00\x3F"sv)) return "utf-16be";
  if (starts_with_bytes(b, "\x4C\x6F\xA7\x94"sv)) return "ibm037";
  return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Case-insensitive search for an ASCII `needle` in `hay` from `from`.
std::size_t find_ci(std::string_view hay, std::string_view needle, std::size_t from = 0) {
  if (needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && text::to_lower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// The value after `name` = in `s` ("charset=utf-8", "encoding='x'"), quoted or not.
std::optional<std::string_view> param_value(std::string_view s, std::string_view name) {
  std::size_t pos = 0;
  while ((pos = find_ci(s, name, pos)) != std::string_view::npos) {
    std::size_t i = pos + name.size();
    // The name must not be the tail of a longer word ("xcharset").
    const bool word_start = pos == 0 || !((text::to_lower(s[pos - 1]) >= 'a' && text::to_lower(s[pos - 1]) <= 'z') ||
                                          s[pos - 1] == '-' || s[pos - 1] == '_');
    while (i < s.size() && is_space(s[i])) ++i;
    if (!word_start || i >= s.size() || s[i] != '=') {
      pos += name.size();
      continue;
    }
    ++i;
    while (i < s.size() && is_space(s[i])) ++i;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      const char quote = s[i++];
      const std::size_t end = s.find(quote, i);
      if (end == std::string_view::npos) return std::nullopt;
      return s.substr(i, end - i);
    }
    std::size_t end = i;
    while (end < s.size() && !is_space(s[end]) && s[end] != ';' && s[end] != '"' &&
           s[end] != '\'' && s[end] != '>' && s[end] != '?' && s[end] != ',') {
      ++end;
    }
    return s.substr(i, end - i);
  }
  return std::nullopt;
}

// The encoding pseudo-attribute of an XML declaration at the start (after
// whitespace) of an ASCII-compatible text.
std::optional<std::string> xml_declared(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) ++i;
  if (text.substr(i, 5) != "<?xml") return std::nullopt;
  const std::size_t end = text.find("?>", i);
  if (end == std::string_view::npos) return std::nullopt;
  if (auto v = param_value(text.substr(i + 5, end - i - 5), "encoding")) return std::string(*v);
  return std::nullopt;
}

// HTML's prescan, simplified: the first <meta> in 1024 bytes carrying a
// charset attribute or an http-equiv content with charset=.
std::optional<std::string> meta_declared(std::string_view text) {
  text = text.substr(0, 1024);
  std::size_t pos = 0;
  while ((pos = find_ci(text, "<meta", pos)) != std::string_view::npos) {
    const std::size_t end = text.find('>', pos);
    const std::string_view tag = text.substr(pos, end == std::string_view::npos ? text.npos : end - pos);
    if (auto v = param_value(tag, "charset")) return std::string(*v);
    pos += 5;
  }
  // HTML documents may still open with an XML declaration (XHTML).
  return xml_declared(text);
}

std::optional<std::string> http_declared(std::string_view content_type) {
  if (auto v = param_value(content_type, "charset")) return std::string(*v);
  return std::nullopt;
}

}  // namespace

Decoded decode(std::string_view bytes, std::string_view content_type, DocumentKind kind) {
  Decoded result;
  std::optional<Choice> choice = from_bom(bytes);
  std::string_view body = bytes;
  if (choice) {
    body.remove_prefix(choice->skip);
  } else {
    std::optional<std::string> declared;
    std::optional<std::string> family = kind == DocumentKind::xml ? xml_family(bytes) : std::nullopt;
    if (family) {
      // Read the declaration through the family's decoder; it can only name
      // a member of the family, so the family wins over what it says.
      int ignored = 0;
      const std::string head = convert_to_utf8(bytes.substr(0, 512), *family, ignored);
      declared = xml_declared(head);
      std::string charset = *family;
      if (declared) {
        const auto named = canonical_charset(*declared);
        if (named && family->starts_with("utf-") == false) charset = *named;  // EBCDIC variants
      }
      choice = Choice{charset, declared ? "xml-declaration" : "bom", 0};
      if (!declared) choice->source = "default";
    } else {
      declared = kind == DocumentKind::xml ? xml_declared(bytes.substr(0, 1024)) : meta_declared(bytes);
      if (declared) {
        const std::string source = kind == DocumentKind::xml ? "xml-declaration" : "meta";
        if (auto named = canonical_charset(*declared)) {
          // An ASCII-compatible document cannot be in a UTF-16/32 it claims.
          if (named->starts_with("utf-16") || named->starts_with("utf-32")) named = "utf-8";
          choice = Choice{*named, source, 0};
        } else {
          result.warnings.push_back("encoding: unknown charset \"" + *declared + "\" in " + source +
                                    ", read as utf-8");
        }
      }
    }
  }
  if (!choice) {
    if (auto declared = http_declared(content_type)) {
      if (auto named = canonical_charset(*declared)) {
        choice = Choice{*named, "http", 0};
      } else if (!declared->empty()) {
        result.warnings.push_back("encoding: unknown charset \"" + *declared +
                                  "\" in Content-Type, read as utf-8");
      }
    }
  }
  if (!choice) choice = Choice{"utf-8", "default", 0};

  int replaced = 0;
  result.utf8 = convert_to_utf8(body, choice->charset, replaced);
  if (replaced > 0) {
    result.warnings.push_back("encoding: " + std::to_string(replaced) +
                              " invalid byte sequences in " + choice->charset +
                              " replaced with U+FFFD");
  }
  result.charset = std::move(choice->charset);
  result.source = std::move(choice->source);
  return result;
}

}  // namespace kf::text
