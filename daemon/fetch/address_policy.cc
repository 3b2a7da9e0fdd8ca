// Outbound address policy: checked on every resolved address curl is about
// to connect to, so redirects, odd IPv4 spellings and DNS rebinding all end
// up here as plain socket addresses.
#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <cstring>

#include "fetch/fetcher.h"

namespace kf::fetch {
namespace {

struct V4Range {
  std::uint32_t base;
  int prefix;
};

// Special-purpose IPv4 ranges (RFC 6890 and friends) no public feed lives in.
constexpr std::array<V4Range, 11> kForbiddenV4{{
    {0x00000000, 8},   // 0/8 "this network"
    {0x0A000000, 8},   // 10/8 private
    {0x64400000, 10},  // 100.64/10 CGNAT
    {0x7F000000, 8},   // 127/8 loopback
    {0xA9FE0000, 16},  // 169.254/16 link-local (cloud metadata lives here)
    {0xAC100000, 12},  // 172.16/12 private
    {0xC0000000, 24},  // 192.0.0/24 IETF protocol assignments
    {0xC0A80000, 16},  // 192.168/16 private
    {0xC6120000, 15},  // 198.18/15 benchmarking
    {0xE0000000, 4},   // 224/4 multicast
    {0xF0000000, 4},   // 240/4 reserved, includes 255.255.255.255
}};

bool forbidden_v4(std::uint32_t host_order) {
  for (const auto& range : kForbiddenV4) {
    const std::uint32_t mask = range.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - range.prefix);
    if ((host_order & mask) == range.base) return true;
  }
  return false;
}

std::uint32_t v4_at(const unsigned char* bytes) {
  return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 |
         std::uint32_t{bytes[2]} << 8 | std::uint32_t{bytes[3]};
}

bool forbidden_v6(const unsigned char* a) {
  static constexpr unsigned char kZero[16] = {};
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr unsigned char kNat64[12] = {0x00, 0x64, 0xff, 0x9b};
  if (std::memcmp(a, kZero, 15) == 0 && (a[15] == 0 || a[15] == 1)) return true;  // :: and ::1
  // The embedded IPv4 address is what the kernel will actually reach.
  if (std::memcmp(a, kMapped, 12) == 0) return forbidden_v4(v4_at(a + 12));
  if (std::memcmp(a, kNat64, 12) == 0) return true;  // 64:ff9b::/96 NAT64
  if ((a[0] & 0xfe) == 0xfc) return true;            // fc00::/7 unique local
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return true;  // fe80::/10 link-local
  if (a[0] == 0xff) return true;                     // ff00::/8 multicast
  return false;
}

}  // namespace

bool is_forbidden_address(const sockaddr* addr) {
  if (addr == nullptr) return true;
  if (addr->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, addr, sizeof in);
    return forbidden_v4(ntohl(in.sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, addr, sizeof in6);
    return forbidden_v6(in6.sin6_addr.s6_addr);
  }
  return true;
}

namespace detail {

std::string address_text(const sockaddr* addr) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr != nullptr && addr->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, addr, sizeof in);
    if (inet_ntop(AF_INET, &in.sin_addr, text, sizeof text) != nullptr) return text;
  } else if (addr != nullptr && addr->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, addr, sizeof in6);
    if (inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text) != nullptr) return text;
  }
  return "unknown address";
}

}  // namespace detail
}  // namespace kf::fetch
