#include "scrape/charset.h"

#include <optional>
#include <string>

#include "text/charset.h"

namespace kf::scrape {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The charset parameter of a Content-Type value, unquoted; nullopt if absent.
std::optional<std::string> header_charset(std::string_view ct) {
  std::string low(ct);
  for (char& c : low) c = lower(c);
  std::size_t pos = 0;
  while ((pos = low.find("charset", pos)) != std::string::npos) {
    std::size_t i = pos + 7;
    const bool starts_param = pos == 0 || low[pos - 1] == ';' || low[pos - 1] == ' ' || low[pos - 1] == '\t';
    while (i < low.size() && (low[i] == ' ' || low[i] == '\t')) ++i;
    if (!starts_param || i >= low.size() || low[i] != '=') {
      pos += 7;
      continue;
    }
    ++i;
    while (i < low.size() && (low[i] == ' ' || low[i] == '\t')) ++i;
    std::string value;
    const char quote = i < ct.size() && (ct[i] == '"' || ct[i] == '\'') ? ct[i] : 0;
    if (quote) ++i;
    while (i < ct.size() && ct[i] != ';' && (quote ? ct[i] != quote : ct[i] != ' ' && ct[i] != '\t'))
      value += ct[i++];
    return value;
  }
  return std::nullopt;
}

std::size_t bom_length(std::string_view b, std::string_view charset) {
  if (charset == "utf-8" && b.starts_with("\xEF\xBB\xBF")) return 3;
  if (charset.starts_with("utf-16") && (b.starts_with("\xFF\xFE") || b.starts_with("\xFE\xFF"))) return 2;
  return 0;
}

}  // namespace

text::Decoded decode_html(std::string_view bytes, std::string_view content_type) {
  std::vector<std::string> warnings;
  if (auto declared = header_charset(content_type); declared && !declared->empty()) {
    if (auto named = text::canonical_charset(*declared)) {
      text::Decoded out;
      int replaced = 0;
      out.utf8 = text::convert_to_utf8(bytes.substr(bom_length(bytes, *named)), *named, replaced);
      if (replaced > 0)
        out.warnings.push_back("encoding: " + std::to_string(replaced) + " invalid byte sequences in " +
                               *named + " replaced with U+FFFD");
      out.charset = *named;
      out.source = "http";
      return out;
    }
    warnings.push_back("encoding: unknown charset \"" + *declared + "\" in Content-Type, ignored");
  }
  // BOM, then <meta>, then UTF-8: exactly text::decode's order once the header is out.
  text::Decoded out = text::decode(bytes, "", text::DocumentKind::html);
  out.warnings.insert(out.warnings.begin(), warnings.begin(), warnings.end());
  return out;
}

}  // namespace kf::scrape
