#include "serve/bytes.h"

#include <catch2/catch.hpp>
#include <cstdint>

namespace kf::serve::bytes {
namespace {

// The byte-by-byte meaning of the two tests.
bool slow_below(std::uint64_t x, unsigned n) {
  for (int i = 0; i < 8; ++i)
    if (((x >> (8 * i)) & 0xff) < n) return true;
  return false;
}
bool slow_above(std::uint64_t x, unsigned n) {
  for (int i = 0; i < 8; ++i)
    if (((x >> (8 * i)) & 0xff) > n) return true;
  return false;
}

TEST_CASE("Byte-parallel range tests agree with byte-by-byte ones", "[serve]") {
  std::uint64_t seed = 42;
  int below = 0, above = 0;
  for (int round = 0; round < 200000; ++round) {
    seed = seed * 6364136223846793005u + 1442695040888963407u;
    std::uint64_t x = seed;
    // Mostly printable words with a few edge bytes, so both answers occur.
    for (int i = 0; i < 8; ++i) {
      const std::uint64_t pick = (seed >> (i * 7)) % 16;
      std::uint64_t b = 0x21 + ((seed >> (i * 5)) % 0x5e);
      if (pick == 0) b = (seed >> (i * 3)) & 0xff;
      if (pick == 1) b = 0x20;
      if (pick == 2) b = 0x7e + ((seed >> i) & 1);
      x = (x & ~(std::uint64_t{0xff} << (8 * i))) | (b << (8 * i));
    }
    for (unsigned n : {0x20u, 0x21u, 0x01u, 0x80u}) {
      INFO(x << " below " << n);
      REQUIRE(any_below(x, n) == slow_below(x, n));
      below += any_below(x, n);
    }
    for (unsigned n : {0x7eu, 0x7fu, 0x00u, 0x40u}) {
      INFO(x << " above " << n);
      REQUIRE(any_above(x, n) == slow_above(x, n));
      above += any_above(x, n);
    }
  }
  CHECK(below > 1000);  // both outcomes were exercised
  CHECK(above > 1000);
  CHECK(below < 800000);
  CHECK(above < 800000);
}

}  // namespace
}  // namespace kf::serve::bytes
