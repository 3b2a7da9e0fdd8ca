#include "digest/fast_hash.h"

#include <bit>
#include <cstring>

namespace kf::digest {
namespace {

constexpr std::uint64_t kC1 = 0x87c37b91114253d5ULL;
constexpr std::uint64_t kC2 = 0x4cf5ad432745937fULL;

constexpr std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

constexpr std::uint64_t fmix(std::uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// Byte order fixed (little-endian), so the hash is the same on any CPU; on
// a little-endian host that is one load.
std::uint64_t load_le(const unsigned char* p) {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, p, sizeof v);
  } else {
    for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  }
  return v;
}

}  // namespace

void FastHash::block(const unsigned char* p) {
  std::uint64_t k1 = load_le(p), k2 = load_le(p + 8);
  k1 *= kC1;
  k1 = rotl(k1, 31);
  k1 *= kC2;
  h1_ ^= k1;
  h1_ = rotl(h1_, 27);
  h1_ += h2_;
  h1_ = h1_ * 5 + 0x52dce729;
  k2 *= kC2;
  k2 = rotl(k2, 33);
  k2 *= kC1;
  h2_ ^= k2;
  h2_ = rotl(h2_, 31);
  h2_ += h1_;
  h2_ = h2_ * 5 + 0x38495ab5;
}

void FastHash::update(std::string_view bytes) {
  auto p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  length_ += n;
  if (buffered_ > 0) {
    std::size_t take = std::min(n, sizeof buffer_ - buffered_);
    std::memcpy(buffer_ + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < sizeof buffer_) return;
    block(buffer_);
    buffered_ = 0;
  }
  for (; n >= 16; p += 16, n -= 16) block(p);
  std::memcpy(buffer_, p, n);
  buffered_ = n;
}

void FastHash::update_field(std::string_view field) {
  update(field);
  // The separator always fits: update() leaves fewer than 16 bytes buffered.
  buffer_[buffered_++] = 0x1f;
  ++length_;
  if (buffered_ == sizeof buffer_) {
    block(buffer_);
    buffered_ = 0;
  }
}

std::pair<std::uint64_t, std::uint64_t> FastHash::finish() {
  // The tail, as in the reference implementation.
  std::uint64_t k1 = 0, k2 = 0;
  const unsigned char* tail = buffer_;
  switch (buffered_) {
    case 15: k2 ^= std::uint64_t(tail[14]) << 48; [[fallthrough]];
    case 14: k2 ^= std::uint64_t(tail[13]) << 40; [[fallthrough]];
    case 13: k2 ^= std::uint64_t(tail[12]) << 32; [[fallthrough]];
    case 12: k2 ^= std::uint64_t(tail[11]) << 24; [[fallthrough]];
    case 11: k2 ^= std::uint64_t(tail[10]) << 16; [[fallthrough]];
    case 10: k2 ^= std::uint64_t(tail[9]) << 8; [[fallthrough]];
    case 9:
      k2 ^= std::uint64_t(tail[8]);
      k2 *= kC2;
      k2 = rotl(k2, 33);
      k2 *= kC1;
      h2_ ^= k2;
      [[fallthrough]];
    case 8: k1 ^= std::uint64_t(tail[7]) << 56; [[fallthrough]];
    case 7: k1 ^= std::uint64_t(tail[6]) << 48; [[fallthrough]];
    case 6: k1 ^= std::uint64_t(tail[5]) << 40; [[fallthrough]];
    case 5: k1 ^= std::uint64_t(tail[4]) << 32; [[fallthrough]];
    case 4: k1 ^= std::uint64_t(tail[3]) << 24; [[fallthrough]];
    case 3: k1 ^= std::uint64_t(tail[2]) << 16; [[fallthrough]];
    case 2: k1 ^= std::uint64_t(tail[1]) << 8; [[fallthrough]];
    case 1:
      k1 ^= std::uint64_t(tail[0]);
      k1 *= kC1;
      k1 = rotl(k1, 31);
      k1 *= kC2;
      h1_ ^= k1;
  }
  h1_ ^= length_;
  h2_ ^= length_;
  h1_ += h2_;
  h2_ += h1_;
  h1_ = fmix(h1_);
  h2_ = fmix(h2_);
  h1_ += h2_;
  h2_ += h1_;
  return {h1_, h2_};
}

std::string FastHash::finish_hex() {
  const auto [h1, h2] = finish();
  // Reference output order: h1 then h2, each little-endian.
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(32, '0');
  char* p = out.data();
  for (std::uint64_t h : {h1, h2})
    for (int i = 0; i < 8; ++i) {
      unsigned byte = (h >> (8 * i)) & 0xff;
      *p++ = kHex[byte >> 4];
      *p++ = kHex[byte & 15];
    }
  return out;
}

std::uint64_t fast_hash64(std::string_view bytes, std::uint64_t seed) {
  FastHash h(seed);
  h.update(bytes);
  return h.finish().first;
}

std::string fast_hash_hex(std::string_view bytes) {
  FastHash h;
  h.update(bytes);
  return h.finish_hex();
}

}  // namespace kf::digest
