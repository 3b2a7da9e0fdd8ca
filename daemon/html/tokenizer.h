// A pull tokenizer for HTML fragments following the HTML5 tokenization rules
// (WHATWG §13.2.5) closely enough that a consumer sees the tags, text and
// attribute values a browser would: start/end tags with lower-cased names,
// attributes unquoted or quoted with " or ', self-closing flags, comments
// (also the abrupt <!--> and <!--->, and "--!>" as an end), bogus comments
// (<!x> </ x> <?x> and <![CDATA[…]]>, which is not CDATA in HTML content),
// doctypes, and character references decoded (html/char_ref.h). After the
// start tag of a raw-text element its content up to the matching end tag
// (case-insensitive) comes as one Text token with `raw` set: script (with
// the <!-- <script> escape states), style, xmp, iframe, noembed, noframes and
// noscript (scripting on: the reading in which its content is not markup) as
// RAWTEXT; textarea and title as RCDATA (references decoded); plaintext to
// the end of input. No tree is built; the consumer decides what is open.
// Deviations, all for bounded work: attributes after the 256th of a tag are
// ignored; a raw-text switch happens on the element name alone (also inside
// <svg>, where a browser would not switch; consumers drop svg anyway).
// A Tokenizer is a cursor over one input: not thread-safe, cheap to create.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kf::html {

enum class TokenKind : std::uint8_t { Text, StartTag, EndTag, Comment, Doctype, Eof };

struct Attribute {
  std::string_view name;   // lower-case; NUL became U+FFFD
  std::string_view value;  // references decoded; empty for a bare attribute
};

// Views point into the input or the tokenizer's scratch buffer and stay
// valid until the next call of next().
struct Token {
  TokenKind kind = TokenKind::Eof;
  std::string_view name;  // tags: lower-case name; raw Text: its element; doctype: its text
  std::string_view text;  // Text: decoded characters; Comment: its data as written
  std::span<const Attribute> attributes;  // start tags only; the first of duplicate names wins
  bool self_closing = false;              // start tag ended with "/>"
  bool raw = false;                       // Text that is raw-text/RCDATA element content
  // Text that needed no decoding and holds no byte text::append_escaped_text
  // changes (& < > and C0 controls other than tab, LF and CR): a consumer
  // may copy it as it is. False says nothing.
  bool plain = false;
};

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view input) : in_(input) {}

  // The next token; Eof at (and after) the end of input. A tag cut off by the
  // end of input is dropped, as in HTML5. Text tokens are never empty, and
  // adjacent text may come as several tokens.
  Token next();

 private:
  enum class RawMode : std::uint8_t { None, RawText, RcData, Script, PlainText };

  struct Span {  // a name or value before the tag is complete (scratch_ may still grow)
    std::uint32_t offset = 0, size = 0;
    bool in_scratch = false;
  };

  bool starts_markup(std::size_t lt) const;
  Token text();
  Token raw_text();
  bool tag(Token& t);
  std::size_t attribute_value(std::size_t p, Span& value);
  std::string_view view(const Span& s) const {
    return s.in_scratch ? std::string_view(scratch_).substr(s.offset, s.size)
                        : in_.substr(s.offset, s.size);
  }
  Span lower_name(std::size_t begin, std::size_t end, bool folded);
  Span folded_name(std::size_t begin, std::size_t end);
  void enter_raw_mode(std::string_view name);

  std::string_view in_;
  std::size_t pos_ = 0;
  RawMode raw_mode_ = RawMode::None;
  std::string raw_name_;  // the element whose end tag closes raw text
  std::string scratch_;
  std::vector<std::pair<Span, Span>> spans_;
  std::vector<Attribute> attributes_;
};

}  // namespace kf::html
