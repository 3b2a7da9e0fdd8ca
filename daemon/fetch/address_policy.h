// Helpers for the outbound address policy of the fetch stage (the policy
// itself, is_forbidden_address(), is declared in fetch/fetcher.h). Internal to
// fetch; pure functions, thread-safe.
#pragma once

#include <string>

struct sockaddr;

namespace kf::fetch::detail {

// The numeric form of an AF_INET/AF_INET6 address for error messages
// ("127.0.0.1", "::1"); "unknown address" for anything else.
std::string address_text(const sockaddr* addr);

}  // namespace kf::fetch::detail
