#include "normalize/identity.h"

#include <array>
#include <cstdint>

#include "digest/sha256.h"
#include "url/url.h"

namespace kf::normalize {
namespace {

std::string id_of(std::initializer_list<std::string_view> fields) {
  digest::Sha256 h;
  for (auto f : fields) h.update_field(f);
  // "k" + digest::to_hex(digest, 16), written in place: one allocation per id.
  static constexpr char kHex[] = "0123456789abcdef";
  const std::array<std::uint8_t, 32> digest = h.finish();
  std::string id(33, 'k');
  for (std::size_t i = 0; i < 16; ++i) {
    id[1 + 2 * i] = kHex[digest[i] >> 4];
    id[2 + 2 * i] = kHex[digest[i] & 15];
  }
  return id;
}

// Case-insensitive whitespace folding, so "Foo  bar" and "foo bar" agree.
std::string fold(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
  }
  return out;
}

}  // namespace

std::optional<std::string> article_id(const IdentityInput& in) {
  if (!in.guid.empty()) {
    if (in.canonical_guid) return id_of({"url", *in.canonical_guid});
    if (auto canonical = url::canonicalize(in.guid)) return id_of({"url", *canonical});
    return id_of({"guid", in.source_id, in.guid});
  }
  if (!in.canonical_link.empty()) {
    if (!in.link_is_shared) return id_of({"url", in.canonical_link});
    return id_of({"url+date", in.canonical_link, in.date.empty() ? fold(in.title) : in.date});
  }
  if (!in.title.empty()) return id_of({"title", in.source_id, fold(in.title), in.date});
  return std::nullopt;
}

}  // namespace kf::normalize
