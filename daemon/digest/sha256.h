// SHA-256 (FIPS 180-4) for identities and change detection: article ids,
// content hashes, body hashes of fetched documents. Not for secrets: there is
// no need for constant time here. Sha256 objects are not thread-safe; the free
// function is.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kf::digest {

class Sha256 {
 public:
  Sha256();
  // Appends bytes; may be called any number of times before finish().
  void update(std::string_view bytes);
  // Appends `field` followed by a 0x1F separator, so that ("ab","c") and
  // ("a","bc") hash differently.
  void update_field(std::string_view field);
  // The digest; the object must not be used afterwards.
  std::array<std::uint8_t, 32> finish();

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
};

// Lower-case hex of the first `bytes` bytes of `digest` (at most 32).
std::string to_hex(const std::array<std::uint8_t, 32>& digest, std::size_t bytes = 32);

// Hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace kf::digest
