// Error is the one failure value handed between stages. It carries a message
// that starts with the stage that failed ("fetch: body over 10 MiB") and names
// where it happened (file:line:col, source id or URL) so an admin can act on it.
// Expected outcomes (not modified, not found) are values, never Errors.
// Plain value type; thread-compatible.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace kf {

struct Error {
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

// Builds the unexpected branch: `return fail("store: ", sqlite3_errmsg(db));`
template <class... Parts>
std::unexpected<Error> fail(Parts&&... parts) {
  std::string message;
  (message.append(std::forward<Parts>(parts)), ...);
  return std::unexpected(Error{std::move(message)});
}

}  // namespace kf
