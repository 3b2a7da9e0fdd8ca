#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <catch2/catch.hpp>
#include <string>

#include "fetch/address_policy.h"
#include "fetch/fetcher.h"

namespace {

using kf::fetch::is_forbidden_address;

// Parses a numeric IPv4 or IPv6 address into the sockaddr curl would hand us.
bool forbidden(const std::string& text) {
  sockaddr_in in{};
  if (inet_pton(AF_INET, text.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    return is_forbidden_address(reinterpret_cast<const sockaddr*>(&in));
  }
  sockaddr_in6 in6{};
  REQUIRE(inet_pton(AF_INET6, text.c_str(), &in6.sin6_addr) == 1);
  in6.sin6_family = AF_INET6;
  return is_forbidden_address(reinterpret_cast<const sockaddr*>(&in6));
}

}  // namespace

TEST_CASE("private, loopback and special IPv4 ranges are forbidden at both ends", "[fetch]") {
  const char* forbidden_addresses[] = {
      "127.0.0.1",     "127.255.255.255", "10.0.0.0",       "10.255.255.255", "172.16.0.0",
      "172.31.255.255", "192.168.0.1",    "192.168.255.255", "169.254.169.254", "169.254.0.0",
      "100.64.0.0",    "100.127.255.255", "0.0.0.0",        "0.255.255.255",  "192.0.0.0",
      "192.0.0.255",   "198.18.0.0",      "198.19.255.255", "224.0.0.1",      "239.255.255.255",
      "240.0.0.1",     "255.255.255.255"};
  for (const char* address : forbidden_addresses) {
    INFO(address);
    CHECK(forbidden(address));
  }
}

TEST_CASE("public IPv4 addresses next to the forbidden ranges are allowed", "[fetch]") {
  const char* allowed[] = {"8.8.8.8",        "1.1.1.1",         "9.255.255.255", "11.0.0.0",
                           "172.15.255.255", "172.32.0.0",      "192.167.255.255", "192.169.0.0",
                           "169.253.255.255", "100.63.255.255", "100.128.0.0",   "1.0.0.0",
                           "192.0.1.0",      "198.17.255.255",  "198.20.0.0",    "223.255.255.255",
                           "126.255.255.255", "128.0.0.0"};
  for (const char* address : allowed) {
    INFO(address);
    CHECK_FALSE(forbidden(address));
  }
}

TEST_CASE("IPv6 loopback, link-local, ULA, multicast, NAT64 and mapped private ranges are forbidden",
          "[fetch]") {
  const char* forbidden_addresses[] = {
      "::1",           "::",              "fe80::1",          "febf:ffff::1",     "fc00::1",
      "fd12:3456::1",  "ff02::1",         "ff0e::1",          "64:ff9b::7f00:1",  "64:ff9b::808:808",
      "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:192.168.1.1", "::ffff:169.254.169.254",
      "::ffff:100.64.0.1", "::ffff:0.0.0.0", "::ffff:224.0.0.1"};
  for (const char* address : forbidden_addresses) {
    INFO(address);
    CHECK(forbidden(address));
  }
}

TEST_CASE("public IPv6 addresses and mapped public IPv4 addresses are allowed", "[fetch]") {
  const char* allowed[] = {"2001:4860:4860::8888", "2a00:1450:4001::1", "::ffff:8.8.8.8",
                           "64:ff9b:1::1",         "fec0::1",           "fbff:ffff::1",
                           "::2"};
  for (const char* address : allowed) {
    INFO(address);
    CHECK_FALSE(forbidden(address));
  }
}

TEST_CASE("addresses of other families and null are forbidden", "[fetch]") {
  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  CHECK(is_forbidden_address(reinterpret_cast<const sockaddr*>(&un)));
  CHECK(is_forbidden_address(nullptr));
}

TEST_CASE("address_text prints IPv4 and IPv6 addresses numerically", "[fetch]") {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "10.1.2.3", &in.sin_addr);
  CHECK(kf::fetch::detail::address_text(reinterpret_cast<const sockaddr*>(&in)) == "10.1.2.3");
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "fe80::1", &in6.sin6_addr);
  CHECK(kf::fetch::detail::address_text(reinterpret_cast<const sockaddr*>(&in6)) == "fe80::1");
}
