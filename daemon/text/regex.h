// Regex is the project's one regular-expression facility: a PCRE2 pattern
// (Perl-compatible syntax, which also accepts the ECMAScript patterns people
// write: classes, \d \s \w, lazy quantifiers, (?:…), look-ahead), compiled
// once and JIT-compiled when the platform allows it. Patterns and subjects
// are UTF-8: '.' and classes take whole code points, and subjects with
// broken UTF-8 are still searched (PCRE2_MATCH_INVALID_UTF: a match never
// spans an invalid byte). \d, \s and \w stay ASCII as in ECMAScript.
//
// Matching never recurses on the C stack (PCRE2 keeps its backtracking
// state on the heap or on the JIT stack) and is cut after kMatchLimit
// backtracking steps, so a pattern like "(x+x+)+y" costs bounded time on any
// text; a search cut that way counts as "no match".
//
// Thread safety: a compiled Regex is immutable and may be searched from
// any number of threads at once; each thread keeps its own PCRE2 match data
// (thread_local, grown on demand), so searching allocates nothing after a
// thread's first call. Regex is movable, not copyable; share it through a
// shared_ptr when several owners need it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

struct pcre2_real_code_8;

namespace kf::text {

// A pattern that does not compile: a short English description of the
// problem and the byte offset in the pattern where PCRE2 noticed it.
struct RegexError {
  std::string message;  // "unmatched parenthesis", "nothing to repeat …", or PCRE2's own text
  std::size_t offset = 0;
};

class Regex {
 public:
  enum Flags : unsigned {
    none = 0,
    icase = 1u << 0,  // case-insensitive, Unicode case folding (ä matches Ä, ẞ matches ß)
  };
  // Backtracking steps one search may take before it gives up (no match).
  static constexpr std::uint32_t kMatchLimit = 5'000'000;

  // Compiles `pattern` (UTF-8). Fails on any syntax error PCRE2 reports and
  // on a pattern that is not valid UTF-8; the error's offset is in bytes
  // from the start of the pattern. Never throws (std::bad_alloc aside).
  static std::expected<Regex, RegexError> compile(std::string_view pattern, unsigned flags = none);

  // A moved-from Regex stays valid and matches nothing.
  Regex(Regex&& other) noexcept;
  Regex& operator=(Regex&& other) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  ~Regex();

  // Number of capture groups ("(…)" and named ones; "(?:…)" does not count).
  std::size_t capture_count() const { return captures_; }

  // True when the pattern matches somewhere in `text`. ^ and $ are the
  // start and end of `text` (no multi-line mode). False as well when the
  // search was cut at kMatchLimit.
  bool search(std::string_view text) const;

  // The text of capture group `group` (1-based; 0 is the whole match) in the
  // first match in `text`, as a view into `text`. nullopt when nothing
  // matches or the group did not take part in the match (an empty group that
  // took part gives an empty view). `group` beyond capture_count() gives
  // nullopt.
  std::optional<std::string_view> first_capture(std::string_view text, std::size_t group = 1) const;

 private:
  Regex(pcre2_real_code_8* code, std::size_t captures) : code_(code), captures_(captures) {}
  // PCRE2's result: > 0 matched (ovector in the thread's match data), else no match.
  int match(std::string_view text) const;

  pcre2_real_code_8* code_ = nullptr;
  std::size_t captures_ = 0;
};

}  // namespace kf::text
