#define PCRE2_CODE_UNIT_WIDTH 8
#include "text/regex.h"

#include <pcre2.h>

#include <algorithm>
#include <string>
#include <utility>

namespace kf::text {
namespace {

// The wording of the common syntax errors, kept as it was with std::regex so
// config diagnostics read the same; PCRE2's own text for the rest.
std::string describe_error(int code) {
  switch (code) {
    case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS:
    case PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS: return "unmatched parenthesis";
    case PCRE2_ERROR_MISSING_SQUARE_BRACKET: return "unmatched '['";
    case PCRE2_ERROR_QUANTIFIER_OUT_OF_ORDER:
    case PCRE2_ERROR_QUANTIFIER_TOO_BIG: return "invalid repetition count in '{}'";
    case PCRE2_ERROR_QUANTIFIER_INVALID: return "nothing to repeat before '*', '+', '?' or '{'";
    case PCRE2_ERROR_CLASS_RANGE_ORDER: return "invalid character range";
    case PCRE2_ERROR_END_BACKSLASH: return "invalid escape";
    default: break;
  }
  PCRE2_UCHAR buffer[256];
  const int n = pcre2_get_error_message(code, buffer, sizeof buffer);
  return n > 0 ? std::string(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(n))
               : "invalid (PCRE2 error " + std::to_string(code) + ")";
}

// The match context every search uses: only the backtracking limit differs
// from PCRE2's defaults. Created once, read-only afterwards.
pcre2_match_context* match_context() {
  static pcre2_match_context* const context = [] {
    pcre2_match_context* c = pcre2_match_context_create(nullptr);
    if (c) pcre2_set_match_limit(c, Regex::kMatchLimit);
    return c;
  }();
  return context;
}

// One thread's match data, big enough for the largest pattern it has
// searched with; freed when the thread ends.
class ThreadMatchData {
 public:
  ThreadMatchData() = default;
  ThreadMatchData(const ThreadMatchData&) = delete;
  ThreadMatchData& operator=(const ThreadMatchData&) = delete;
  ~ThreadMatchData() {
    if (data_) pcre2_match_data_free(data_);
  }

  // Match data with room for `pairs` ovector pairs, or null when out of memory.
  pcre2_match_data* get(std::uint32_t pairs) {
    if (!data_ || pairs_ < pairs) {
      if (data_) pcre2_match_data_free(data_);
      pairs_ = std::max<std::uint32_t>(pairs, 8);
      data_ = pcre2_match_data_create(pairs_, nullptr);
      if (!data_) pairs_ = 0;
    }
    return data_;
  }

 private:
  pcre2_match_data* data_ = nullptr;
  std::uint32_t pairs_ = 0;
};

thread_local ThreadMatchData t_match_data;

}  // namespace

std::expected<Regex, RegexError> Regex::compile(std::string_view pattern, unsigned flags) {
  std::uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (flags & icase) options |= PCRE2_CASELESS;
  int code = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* compiled = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options,
                                       &code, &offset, nullptr);
  if (!compiled) return std::unexpected(RegexError{describe_error(code), offset});
  // Without JIT (unsupported CPU, or W^X memory refused) the interpreter
  // gives the same results, only slower.
  pcre2_jit_compile(compiled, PCRE2_JIT_COMPLETE);
  std::uint32_t captures = 0;
  pcre2_pattern_info(compiled, PCRE2_INFO_CAPTURECOUNT, &captures);
  return Regex(compiled, captures);
}

Regex::Regex(Regex&& other) noexcept
    : code_(std::exchange(other.code_, nullptr)), captures_(std::exchange(other.captures_, 0)) {}

Regex& Regex::operator=(Regex&& other) noexcept {
  if (this != &other) {
    if (code_) pcre2_code_free(code_);
    code_ = std::exchange(other.code_, nullptr);
    captures_ = std::exchange(other.captures_, 0);
  }
  return *this;
}

Regex::~Regex() {
  if (code_) pcre2_code_free(code_);
}

int Regex::match(std::string_view text) const {
  if (!code_) return PCRE2_ERROR_NOMATCH;
  pcre2_match_data* data = t_match_data.get(static_cast<std::uint32_t>(captures_ + 1));
  if (!data) return PCRE2_ERROR_NOMEMORY;
  // A null pointer with length 0 is fine for PCRE2, but make it explicit.
  const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.empty() ? "" : text.data());
  return pcre2_match(code_, subject, text.size(), 0, 0, data, match_context());
}

bool Regex::search(std::string_view text) const { return match(text) > 0; }

std::optional<std::string_view> Regex::first_capture(std::string_view text, std::size_t group) const {
  if (group > captures_) return std::nullopt;
  const int rc = match(text);
  if (rc <= 0) return std::nullopt;
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(t_match_data.get(0));
  const PCRE2_SIZE begin = ovector[2 * group], end = ovector[2 * group + 1];
  if (begin == PCRE2_UNSET || end < begin) return std::nullopt;  // \K can put end before begin
  return text.substr(begin, end - begin);
}

}  // namespace kf::text
