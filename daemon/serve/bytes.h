// Byte-parallel range tests on 8 bytes at once (the "haszero" family of bit
// tricks, exact: no false positives or negatives), for the loops that look at
// every byte of every request and reply head. Plain C++, no intrinsics.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <cstring>

namespace kf::serve::bytes {

inline constexpr std::uint64_t kOnes = 0x0101010101010101u;
inline constexpr std::uint64_t kHighBits = 0x8080808080808080u;

// The 8 bytes at `p` as one word (any alignment).
inline std::uint64_t load8(const char* p) {
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  return x;
}

// Some byte of `x` is below `n` (n <= 128).
constexpr bool any_below(std::uint64_t x, std::uint64_t n) {
  return ((x - kOnes * n) & ~x & kHighBits) != 0;
}

// Some byte of `x` is above `n` (n <= 127), counting bytes >= 0x80.
constexpr bool any_above(std::uint64_t x, std::uint64_t n) {
  return (((x + kOnes * (127 - n)) | x) & kHighBits) != 0;
}

}  // namespace kf::serve::bytes
