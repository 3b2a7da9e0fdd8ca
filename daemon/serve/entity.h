// Entity is one rendered response body together with what the conditional
// layer needs of it: the date its data last changed (for Last-Modified), a
// strong ETag (a 128-bit hash of the bytes, quoted)
// and, computed on first demand and then kept, its gzip encoding with its own
// strong ETag ("…-gz"). Routes that cache bodies hand the same Entity to many
// responses (BodyCache), so a repeated request costs neither rendering, nor
// hashing, nor compression.
// Immutable after construction except for the lazily computed gzip variant,
// which is guarded by std::call_once: an Entity is safe to share between
// threads.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace kf::serve {

class Entity {
 public:
  // Takes the body; hashes it once. `last_modified` is when the data behind
  // it last changed (nullopt: unknown, no Last-Modified is sent).
  explicit Entity(std::string body,
                  std::optional<std::chrono::sys_seconds> last_modified = std::nullopt);
  Entity(const Entity&) = delete;
  Entity& operator=(const Entity&) = delete;

  const std::string& body() const { return body_; }
  const std::optional<std::chrono::sys_seconds>& last_modified() const { return last_modified_; }
  // Strong entity-tag including its quotes: "\"<32 hex digits>\"".
  const std::string& etag() const { return etag_; }
  // The strong entity-tag of the gzip variant: "\"<32 hex digits>-gz\"".
  std::string gzip_etag() const;

  // The gzip (RFC 1952) encoding of body(), or nullptr when compressing does
  // not pay (body under `kMinGzipBytes`, or the result is not smaller).
  // Compressed on the first call only; later calls return the same bytes.
  const std::string* gzip() const;

  static constexpr std::size_t kMinGzipBytes = 256;

 private:
  std::string body_;
  std::optional<std::chrono::sys_seconds> last_modified_;
  std::string etag_;
  mutable std::once_flag gzip_once_;
  mutable std::optional<std::string> gzip_;
};

// The gzip encoding of `data` (zlib, default level), nullopt if zlib fails.
std::optional<std::string> gzip_compress(std::string_view data);

}  // namespace kf::serve
