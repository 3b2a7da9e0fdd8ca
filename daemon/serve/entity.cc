#include "serve/entity.h"

#include <zlib.h>

#include "digest/fast_hash.h"

namespace kf::serve {

Entity::Entity(std::string body, std::optional<std::chrono::sys_seconds> last_modified)
    : body_(std::move(body)), last_modified_(last_modified) {
  // A non-cryptographic hash is enough: the bodies are our own output, nobody
  // gains anything from two of them colliding.
  etag_ = '"' + digest::fast_hash_hex(body_) + '"';
}

std::string Entity::gzip_etag() const {
  std::string tag = etag_;
  tag.insert(tag.size() - 1, "-gz");
  return tag;
}

const std::string* Entity::gzip() const {
  std::call_once(gzip_once_, [this] {
    if (body_.size() < kMinGzipBytes) return;
    auto compressed = gzip_compress(body_);
    if (compressed && compressed->size() < body_.size()) gzip_ = std::move(compressed);
  });
  return gzip_ ? &*gzip_ : nullptr;
}

std::optional<std::string> gzip_compress(std::string_view data) {
  if (data.size() > 0xffffffffu) return std::nullopt;  // zlib counts in 32 bits
  z_stream stream{};
  // windowBits 15 + 16 selects the gzip wrapper instead of zlib's.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return std::nullopt;
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  std::size_t produced = stream.total_out;
  deflateEnd(&stream);
  if (rc != Z_STREAM_END) return std::nullopt;
  out.resize(produced);
  return out;
}

}  // namespace kf::serve
