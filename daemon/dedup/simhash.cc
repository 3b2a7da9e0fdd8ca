#include "dedup/simhash.h"

#include <array>

#include "digest/fast_hash.h"

namespace kf::dedup {
namespace {

// Folds the two-byte UTF-8 capitals Ä Ö Ü (C3 84/96/9C) to ä ö ü (C3 A4/B6/BC).
void append_folded(std::string& word, unsigned char lead, unsigned char trail) {
  if (lead == 0xC3 && (trail == 0x84 || trail == 0x96 || trail == 0x9C)) trail += 0x20;
  word.push_back(static_cast<char>(lead));
  word.push_back(static_cast<char>(trail));
}

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

std::uint64_t feature_hash(std::string_view feature) {
  return digest::fast_hash64(feature, 0x6b6f6d6d756e616cULL);  // seed "kommunal"
}

}  // namespace

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  auto flush = [&] {
    // One letter ("a", "§") says nothing about which article this is.
    if (word.size() > 1 && !(word.size() == 2 && static_cast<unsigned char>(word[0]) >= 0xC0))
      out.push_back(word);
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (is_word_byte(c)) {
      word.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else if (c == 0xC3 && i + 1 < text.size()) {
      // Latin-1 supplement letters (umlauts, ß, é…) are part of words; the
      // multiplication and division signs (C3 97, C3 B7) are not.
      const auto t = static_cast<unsigned char>(text[i + 1]);
      if (t == 0x97 || t == 0xB7) {
        flush();
      } else {
        append_folded(word, c, t);
      }
      ++i;
    } else if (c == 0xE1 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBA &&
               static_cast<unsigned char>(text[i + 2]) == 0x9E) {
      word += "\xC3\x9F";  // capital sharp s ẞ → ß
      i += 2;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

std::uint64_t simhash(std::string_view text) { return simhash(words(text)); }

std::uint64_t simhash(const std::vector<std::string>& w) {
  if (w.empty()) return 0;
  std::array<int, 64> weight{};
  auto add = [&](std::uint64_t h) {
    for (int bit = 0; bit < 64; ++bit) weight[static_cast<std::size_t>(bit)] += (h >> bit) & 1 ? 1 : -1;
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    add(feature_hash(w[i]));
    if (i + 1 < w.size()) add(feature_hash(w[i] + ' ' + w[i + 1]));
  }
  std::uint64_t out = 0;
  for (int bit = 0; bit < 64; ++bit)
    if (weight[static_cast<std::size_t>(bit)] > 0) out |= std::uint64_t{1} << bit;
  return out;
}

}  // namespace kf::dedup
