#include "normalize/identity.h"

#include "digest/sha256.h"
#include "url/url.h"

namespace kf::normalize {
namespace {

std::string id_of(std::initializer_list<std::string_view> fields) {
  digest::Sha256 h;
  for (auto f : fields) h.update_field(f);
  return "k" + digest::to_hex(h.finish(), 16);
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
