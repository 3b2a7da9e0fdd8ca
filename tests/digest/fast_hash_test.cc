#include <catch2/catch.hpp>

#include <string>

#include "digest/fast_hash.h"

using kf::digest::fast_hash_hex;

// Expected values are the reference MurmurHash3_x64_128 (seed 0) output
// buffer as bytes (h1 then h2, little-endian): for "hello" the published
// halves are h1 = 0xcbd8a7b341bd9b02, h2 = 0x5b1e906a48ae1d19.
TEST_CASE("fast_hash matches reference MurmurHash3 x64_128 values", "[digest]") {
  CHECK(fast_hash_hex("") == "00000000000000000000000000000000");
  CHECK(fast_hash_hex("hello") == "029bbd41b3a7d8cb191dae486a901e5b");
  CHECK(fast_hash_hex("The quick brown fox jumps over the lazy dog") ==
        "6c1b07bc7bbc4be347939ac4a93c437a");
}

TEST_CASE("fast_hash gives the same digest however the input is split", "[digest]") {
  std::string text = "Digitalministerkonferenz: Länder gründen eine Fachministerkonferenz";
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    kf::digest::FastHash h;
    h.update(std::string_view(text).substr(0, cut));
    h.update(std::string_view(text).substr(cut));
    CHECK(h.finish_hex() == fast_hash_hex(text));
  }
}

TEST_CASE("fast_hash fields keep their boundaries apart", "[digest]") {
  kf::digest::FastHash a, b;
  a.update_field("ab");
  a.update_field("c");
  b.update_field("a");
  b.update_field("bc");
  CHECK(a.finish_hex() != b.finish_hex());
}

TEST_CASE("fast_hash64 is the first half of the 128-bit digest, seed included", "[digest]") {
  kf::digest::FastHash h;
  h.update("Kommune21");
  const std::string hex = h.finish_hex();
  std::uint64_t first = 0;  // h1 is written little-endian
  for (int i = 7; i >= 0; --i) first = (first << 8) | std::stoull(hex.substr(2 * i, 2), nullptr, 16);
  CHECK(kf::digest::fast_hash64("Kommune21") == first);
  CHECK(kf::digest::fast_hash64("Kommune21", 1) != first);
}
