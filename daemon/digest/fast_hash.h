// A fast 128-bit non-cryptographic hash (MurmurHash3 x64_128, public domain
// algorithm by Austin Appleby) for change detection over large inputs:
// content hashes of articles and bodies of fetched documents, where SHA-256
// would cost more than parsing the document. Never for identities that an
// adversary could want to collide on purpose: ids use SHA-256.
// FastHash objects are not thread-safe; fast_hash_hex is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace kf::digest {

class FastHash {
 public:
  explicit FastHash(std::uint64_t seed = 0) : h1_(seed), h2_(seed) {}
  // Appends bytes; may be called any number of times before finish().
  void update(std::string_view bytes);
  // Appends `field` and a 0x1F separator, keeping field boundaries apart.
  void update_field(std::string_view field);
  // 32 lower-case hex digits; the object must not be used afterwards.
  std::string finish_hex();
  // The same digest as two 64-bit halves (h1, h2); not usable afterwards.
  std::pair<std::uint64_t, std::uint64_t> finish();

 private:
  void block(const unsigned char* p);
  std::uint64_t h1_, h2_;
  unsigned char buffer_[16] = {};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

// The first 64 bits (h1) of MurmurHash3 x64_128 of `bytes`: for hash
// tables and fingerprints that need a number, not text.
std::uint64_t fast_hash64(std::string_view bytes, std::uint64_t seed = 0);

// 32 hex digits of MurmurHash3 x64_128 of `bytes` with seed 0.
std::string fast_hash_hex(std::string_view bytes);

}  // namespace kf::digest
