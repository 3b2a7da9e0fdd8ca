#include "html/tokenizer.h"
#include "text/ascii.h"

#include <array>
#include <cstring>

#include "html/char_ref.h"
#include "html/scan.h"

namespace kf::html {
namespace {

constexpr std::size_t kMaxAttributes = 256;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Byte classes of the tag scanner, one table lookup per byte.
enum : std::uint8_t {
  kSpace = 1,      // \t \n \f \r ' '
  kNameEnd = 2,    // ends a tag name: space '/' '>'
  kAttrEnd = 4,    // ends an attribute name: space '/' '>' '='
  kFold = 8,       // A-Z or NUL: a name holding one needs a lower-cased copy
  kUnquoted = 16,  // ends an unquoted attribute value: space '>'
};

constexpr std::array<std::uint8_t, 256> kClass = [] {
  std::array<std::uint8_t, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\f', '\r'}) t[c] = kSpace | kNameEnd | kAttrEnd | kUnquoted;
  t['/'] = kNameEnd | kAttrEnd;
  t['>'] = kNameEnd | kAttrEnd | kUnquoted;
  t['='] = kAttrEnd;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kFold;
  t[0] = kFold;
  return t;
}();

std::uint8_t byte_class(char c) { return kClass[static_cast<unsigned char>(c)]; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// True when in[p..] starts with the lower-case ASCII `word`, ignoring case.
bool starts_with_ci(std::string_view in, std::size_t p, std::string_view word) {
  if (p > in.size() || in.size() - p < word.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i)
    if (text::to_lower(in[p + i]) != word[i]) return false;
  return true;
}

// "name" followed by a character that ends a tag name (HTML5 "appropriate
// end tag" and the script double-escape test); not at the end of input.
bool name_then_delimiter(std::string_view in, std::size_t p, std::string_view name) {
  if (!starts_with_ci(in, p, name) || p + name.size() >= in.size()) return false;
  char d = in[p + name.size()];
  return is_space(d) || d == '/' || d == '>';
}

// Where the raw text starting at `from` ends: the '<' of "</name", or the
// end of input. Script data follows the escape states: inside "<!--", a
// "<script" makes the next "</script" part of the text.
std::size_t find_raw_end(std::string_view in, std::size_t from, std::string_view name, bool script) {
  if (!script) {
    for (std::size_t i = in.find("</", from); i != std::string_view::npos; i = in.find("</", i + 1))
      if (name_then_delimiter(in, i + 2, name)) return i;
    return in.size();
  }
  enum { Plain, Escaped, DoubleEscaped } state = Plain;
  for (std::size_t i = from; i < in.size(); ++i) {
    char c = in[i];
    if (c == '>' && state != Plain && i >= from + 2 && in[i - 1] == '-' && in[i - 2] == '-') {
      state = Plain;
    } else if (c == '<' && i + 1 < in.size()) {
      if (in[i + 1] == '/' && name_then_delimiter(in, i + 2, name)) {
        if (state != DoubleEscaped) return i;
        state = Escaped;
      } else if (state == Plain && in.compare(i, 4, "<!--") == 0) {
        state = Escaped;
        i += 3;
      } else if (state == Escaped && name_then_delimiter(in, i + 1, "script")) {
        state = DoubleEscaped;
      }
    }
  }
  return in.size();
}

}  // namespace

// `folded`: the name holds an upper-case letter or NUL (the scan that found
// its end noted it), so it needs a lower-cased copy in scratch_.
Tokenizer::Span Tokenizer::lower_name(std::size_t begin, std::size_t end, bool folded) {
  if (!folded) [[likely]]
    return {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end - begin), false};
  return folded_name(begin, end);
}

Tokenizer::Span Tokenizer::folded_name(std::size_t begin, std::size_t end) {
  std::string_view name = in_.substr(begin, end - begin);
  Span s{static_cast<std::uint32_t>(scratch_.size()), 0, true};
  for (char c : name) {
    if (c == '\0') scratch_.append("\xEF\xBF\xBD");
    else scratch_.push_back(text::to_lower(c));
  }
  s.size = static_cast<std::uint32_t>(scratch_.size() - s.offset);
  return s;
}

bool Tokenizer::starts_markup(std::size_t lt) const {
  if (lt + 1 >= in_.size()) return false;
  char c = in_[lt + 1];
  return is_alpha(c) || c == '!' || c == '?' || (c == '/' && lt + 2 < in_.size());
}

void Tokenizer::enter_raw_mode(std::string_view name) {
  raw_mode_ = RawMode::None;
  // Every raw-text element name has 3 to 9 letters and one of these
  // initials; most tags (p, a, strong, li …) are settled here.
  if (name.size() < 3 || name.size() > 9) return;
  switch (name[0]) {
    case 's': case 'x': case 'i': case 'n': case 't': case 'p': break;
    default: return;
  }
  if (name == "script") raw_mode_ = RawMode::Script;
  else if (name == "style" || name == "xmp" || name == "iframe" || name == "noembed" ||
           name == "noframes" || name == "noscript")
    raw_mode_ = RawMode::RawText;
  else if (name == "textarea" || name == "title") raw_mode_ = RawMode::RcData;
  else if (name == "plaintext") raw_mode_ = RawMode::PlainText;
  if (raw_mode_ != RawMode::None) raw_name_.assign(name);
}

Token Tokenizer::text() {
  std::size_t start = pos_;
  // A '<' starting no markup is text, which the escaper changes.
  bool escapable = in_[pos_] == '<';
  std::size_t i = escapable ? pos_ + 1 : pos_;
  bool decode = false;
  for (;;) {
    // Once the text needs decoding it is not plain anyway: only its end
    // (a '<' starting markup) matters, and memchr finds that fastest.
    if (decode) {
      const void* lt = std::memchr(in_.data() + i, '<', in_.size() - i);
      i = lt ? static_cast<std::size_t>(static_cast<const char*>(lt) - in_.data()) : in_.size();
    } else {
      i = detail::find_text_stop(in_, i, escapable);
    }
    if (i == in_.size()) break;
    if (in_[i] == '<') {
      if (starts_markup(i)) break;
      escapable = true;
    } else {
      decode = true;
    }
    ++i;
  }
  pos_ = i;
  Token t;
  t.kind = TokenKind::Text;
  t.text = in_.substr(start, i - start);
  t.plain = !decode && !escapable;
  if (decode) {
    decode_into(scratch_, t.text, DecodeMode::Data);
    t.text = scratch_;
  }
  return t;
}

Token Tokenizer::raw_text() {
  RawMode mode = raw_mode_;
  raw_mode_ = RawMode::None;
  std::size_t start = pos_;
  pos_ = mode == RawMode::PlainText ? in_.size()
                                    : find_raw_end(in_, start, raw_name_, mode == RawMode::Script);
  Token t;
  t.kind = TokenKind::Text;
  t.raw = true;
  t.name = raw_name_;
  t.text = in_.substr(start, pos_ - start);
  DecodeMode dm = mode == RawMode::RcData ? DecodeMode::RcData : DecodeMode::RawText;
  if (needs_decoding(t.text, dm)) {
    decode_into(scratch_, t.text, dm);
    t.text = scratch_;
  }
  return t;
}

// Parses one attribute value starting at `p` (after '=' and spaces); returns
// the index after it, or npos when the input ends inside a quoted value.
std::size_t Tokenizer::attribute_value(std::size_t p, Span& value) {
  std::size_t begin = p, end = p, next = p;
  if (p < in_.size() && (in_[p] == '"' || in_[p] == '\'')) {
    std::size_t close = in_.find(in_[p], p + 1);
    if (close == std::string_view::npos) return std::string_view::npos;
    begin = p + 1;
    end = close;
    next = close + 1;
  } else {
    while (end < in_.size() && !(byte_class(in_[end]) & kUnquoted)) ++end;
    next = end;
  }
  std::string_view raw = in_.substr(begin, end - begin);
  if (!needs_decoding(raw, DecodeMode::Attribute)) {
    value = {static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(raw.size()), false};
  } else {
    value = {static_cast<std::uint32_t>(scratch_.size()), 0, true};
    decode_into(scratch_, raw, DecodeMode::Attribute);
    value.size = static_cast<std::uint32_t>(scratch_.size() - value.offset);
  }
  return next;
}

// Parses the start or end tag at pos_ into `t`. False when the input ends
// inside the tag: HTML5 drops such a tag, and nothing follows it.
bool Tokenizer::tag(Token& t) {
  bool end_tag = in_[pos_ + 1] == '/';
  std::size_t p = pos_ + (end_tag ? 2 : 1);
  std::size_t name_begin = p;
  std::uint8_t seen = 0;
  for (; p < in_.size() && !(byte_class(in_[p]) & kNameEnd); ++p) seen |= byte_class(in_[p]);
  Span name = lower_name(name_begin, p, seen & kFold);
  spans_.clear();
  bool self_closing = false;
  for (;;) {
    while (p < in_.size() && (byte_class(in_[p]) & kSpace)) ++p;
    if (p >= in_.size()) return false;
    if (in_[p] == '>') {
      ++p;
      break;
    }
    if (in_[p] == '/') {
      if (p + 1 < in_.size() && in_[p + 1] == '>') {
        self_closing = true;
        p += 2;
        break;
      }
      ++p;
      continue;
    }
    std::size_t attr_begin = p;  // a leading '=' belongs to the name
    seen = byte_class(in_[p++]);
    for (; p < in_.size() && !(byte_class(in_[p]) & kAttrEnd); ++p) seen |= byte_class(in_[p]);
    Span attr_name = lower_name(attr_begin, p, seen & kFold);
    while (p < in_.size() && is_space(in_[p])) ++p;
    Span value;
    if (p < in_.size() && in_[p] == '=') {
      ++p;
      while (p < in_.size() && is_space(in_[p])) ++p;
      p = attribute_value(p, value);
      if (p == std::string_view::npos) return false;
    }
    if (end_tag || spans_.size() >= kMaxAttributes) continue;
    bool duplicate = false;
    for (const auto& [n, v] : spans_)
      if (view(n) == view(attr_name)) duplicate = true;
    if (!duplicate) spans_.emplace_back(attr_name, value);
  }
  pos_ = p;
  attributes_.clear();
  for (const auto& [n, v] : spans_) attributes_.push_back({view(n), view(v)});
  t.kind = end_tag ? TokenKind::EndTag : TokenKind::StartTag;
  t.name = view(name);
  t.attributes = attributes_;
  t.self_closing = self_closing && !end_tag;
  if (!end_tag) enter_raw_mode(t.name);
  return true;
}

Token Tokenizer::next() {
  scratch_.clear();
  while (pos_ < in_.size()) {
    if (raw_mode_ != RawMode::None) {
      Token t = raw_text();
      if (!t.text.empty()) return t;
      continue;
    }
    if (in_[pos_] != '<' || !starts_markup(pos_)) {
      Token t = text();
      if (!t.text.empty()) return t;
      continue;
    }
    char c = in_[pos_ + 1];
    Token t;
    if (is_alpha(c) || (c == '/' && is_alpha(in_[pos_ + 2]))) {
      if (tag(t)) return t;
      pos_ = in_.size();
      break;
    }
    if (c == '/' && in_[pos_ + 2] == '>') {  // "</>" is nothing at all
      pos_ += 3;
      continue;
    }
    std::size_t data = pos_ + 2;  // bogus comment: "</ x>", "<!x>", "<![CDATA[x]]>"
    t.kind = TokenKind::Comment;
    if (c == '?') data = pos_ + 1;  // "<?x>" keeps the '?' in its data
    if (c == '!' && in_.compare(data, 2, "--") == 0) {
      std::size_t start = data + 2;
      if (in_.compare(start, 1, ">") == 0 || in_.compare(start, 2, "->") == 0) {  // <!--> <!--->
        pos_ = in_.find('>', start) + 1;
        return t;
      }
      std::size_t q = start;
      for (;; ++q) {
        q = in_.find("--", q);
        if (q == std::string_view::npos || in_.compare(q + 2, 1, ">") == 0 ||
            in_.compare(q + 2, 2, "!>") == 0)
          break;
      }
      if (q == std::string_view::npos) {
        t.text = in_.substr(start);
        pos_ = in_.size();
      } else {
        t.text = in_.substr(start, q - start);
        pos_ = q + (in_[q + 2] == '>' ? 3 : 4);
      }
      return t;
    }
    if (c == '!' && starts_with_ci(in_, data, "doctype")) t.kind = TokenKind::Doctype;
    std::size_t close = in_.find('>', data);
    if (close == std::string_view::npos) close = in_.size();
    t.text = in_.substr(data, close - data);
    if (t.kind == TokenKind::Doctype) {
      t.name = t.text.substr(7);
      t.text = {};
    }
    pos_ = close == in_.size() ? close : close + 1;
    return t;
  }
  return Token{};
}

}  // namespace kf::html
