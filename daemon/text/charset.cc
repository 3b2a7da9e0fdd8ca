#include "text/charset.h"

#include <iconv.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <utility>

#include "text/encoding.h"
#include "text/utf8.h"

namespace kf::text {
namespace {

// windows-1252 bytes 0x80..0x9F; the five undefined ones map to the C1
// control with the same value, as the WHATWG Encoding Standard does.
constexpr std::array<char16_t, 32> kWindows1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  //
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  //
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  //
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// Labels iconv does not know under this spelling, or that browsers read
// differently from their name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 40> kAliases = {{
    {"utf-8", "utf-8"},
    {"utf8", "utf-8"},
    {"unicode-1-1-utf-8", "utf-8"},
    {"x-unicode20utf8", "utf-8"},
    {"iso-8859-1", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"iso_8859-1", "windows-1252"},
    {"iso_8859-1:1987", "windows-1252"},
    {"latin1", "windows-1252"},
    {"latin-1", "windows-1252"},
    {"l1", "windows-1252"},
    {"cp819", "windows-1252"},
    {"ibm819", "windows-1252"},
    {"iso-ir-100", "windows-1252"},
    {"csisolatin1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"},
    {"ansi_x3.4-1968", "windows-1252"},
    {"windows-1252", "windows-1252"},
    {"cp1252", "windows-1252"},
    {"x-cp1252", "windows-1252"},
    {"ms-ansi", "windows-1252"},
    {"gb2312", "gbk"},
    {"gb_2312-80", "gbk"},
    {"csgb2312", "gbk"},
    {"x-gbk", "gbk"},
    {"chinese", "gbk"},
    {"utf-16", "utf-16le"},
    {"ucs-2", "utf-16le"},
    {"iso-10646-ucs-2", "utf-16le"},
    {"csunicode", "utf-16le"},
    {"unicode", "utf-16le"},
    {"utf-32", "utf-32le"},
    {"ucs-4", "utf-32le"},
    {"iso-10646-ucs-4", "utf-32le"},
    {"cp_is", "cp861"},
    {"csibm861", "ibm861"},
    {"ibm039", "ibm037"},
    {"macroman", "macintosh"},
    {"maccentraleurope", "mac-centraleurope"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kMoreAliases = {{
    {"maclatin2", "mac-centraleurope"},
    {"maciceland", "mac-is"},
}};

std::string lower_trimmed(std::string_view label) {
  while (!label.empty() && (label.front() == ' ' || label.front() == '\t' || label.front() == '"' ||
                            label.front() == '\'')) {
    label.remove_prefix(1);
  }
  while (!label.empty() && (label.back() == ' ' || label.back() == '\t' || label.back() == '"' ||
                            label.back() == '\'')) {
    label.remove_suffix(1);
  }
  std::string out(label);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iconv_knows(const std::string& name) {
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

std::string decode_windows_1252(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const auto b = static_cast<unsigned char>(ch);
    if (b == 0) continue;
    if (b < 0x80) {
      out.push_back(ch);
    } else if (b < 0xA0) {
      append_utf8(out, kWindows1252High[b - 0x80]);
    } else {
      out.push_back(static_cast<char>(0xC0 | (b >> 6)));
      out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
    }
  }
  return out;
}

std::size_t code_unit_size(std::string_view charset) {
  if (charset.starts_with("utf-16")) return 2;
  if (charset.starts_with("utf-32")) return 4;
  return 1;
}

std::string decode_with_iconv(std::string_view bytes, std::string_view charset, int& replaced) {
  std::string out;
  iconv_t cd = iconv_open("UTF-8", std::string(charset).c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    return repair_utf8(bytes, &replaced);
  }
  const std::size_t unit = code_unit_size(charset);
  out.resize(bytes.size() * 2 + 16);
  char* in = const_cast<char*>(bytes.data());  // iconv's API is not const-correct
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t rc = iconv(cd, &in, &in_left, &out_ptr, &out_left);
    used = out.size() - out_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ or EINVAL (truncated at the end): replace one code unit.
    if (out.size() - used < 8) out.resize(out.size() * 2);
    std::memcpy(out.data() + used, "\xEF\xBF\xBD", 3);
    used += 3;
    ++replaced;
    const std::size_t skip = std::min(unit, in_left);
    in += skip;
    in_left -= skip;
    iconv(cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
  }
  iconv_close(cd);
  out.resize(used);
  // iconv's output is valid UTF-8 but may carry U+0000.
  if (out.find('\0') != std::string::npos) std::erase(out, '\0');
  return out;
}

}  // namespace

std::optional<std::string> canonical_charset(std::string_view label) {
  std::string name = lower_trimmed(label);
  if (name.empty()) return std::nullopt;
  for (const auto& [from, to] : kAliases) {
    if (name == from) return std::string(to);
  }
  for (const auto& [from, to] : kMoreAliases) {
    if (name == from) return std::string(to);
  }
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == ':' || c == '+';
    if (!ok) return std::nullopt;  // keeps "//TRANSLIT" and such away from iconv
  }
  if (iconv_knows(name)) return name;
  // Python-style spellings ("windows_1250") are common in feeds.
  if (name.find('_') == std::string::npos) return std::nullopt;
  std::replace(name.begin(), name.end(), '_', '-');
  if (name == "windows-1252") return name;
  if (iconv_knows(name)) return name;
  return std::nullopt;
}

std::string convert_to_utf8(std::string_view bytes, std::string_view charset, int& replaced) {
  if (charset == "utf-8") return repair_utf8(bytes, &replaced);
  if (charset == "windows-1252") return decode_windows_1252(bytes);
  return decode_with_iconv(bytes, charset, replaced);
}

}  // namespace kf::text
