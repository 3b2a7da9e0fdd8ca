// DaemonLock makes sure only one kommunalfeed daemon writes a database: an
// exclusive, non-blocking flock on "<db>.lock" held for the lock object's
// lifetime, with the holder's pid written into the file for the error message.
// flock belongs to the open file description, so a second DaemonLock in the
// same process conflicts too; the kernel drops it when the process dies, so a
// stale lock file never blocks a restart. Move-only; not thread-safe.
#pragma once

#include <string>

#include "model/error.h"

namespace kf::store {

class DaemonLock {
 public:
  // Creates/opens "<db_path>.lock" and locks it. Fails with "store: <db_path>
  // is in use by another kommunalfeed daemon (pid N)" when already held, or
  // with the errno text when the file cannot be created.
  static Result<DaemonLock> acquire(const std::string& db_path);

  DaemonLock() = default;
  DaemonLock(DaemonLock&& other) noexcept;
  DaemonLock& operator=(DaemonLock&& other) noexcept;
  DaemonLock(const DaemonLock&) = delete;
  DaemonLock& operator=(const DaemonLock&) = delete;
  ~DaemonLock();

  // The lock file path, or empty when this object holds nothing.
  const std::string& path() const { return path_; }

 private:
  DaemonLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::string path_;
};

}  // namespace kf::store
