// WorkerPool runs posted tasks on a fixed number of threads, first in first
// out. The daemon keeps two: CPU work (parse, normalize) on a few threads so
// the event loop never stalls, and the store on exactly one thread, because
// a Store connection is used by one thread at a time. Thread-safe: post()
// from any thread; the destructor (or join()) finishes every queued task.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kf::app {

class WorkerPool {
 public:
  // Starts `threads` (at least 1) threads named `name` (for top/gdb).
  WorkerPool(std::size_t threads, std::string name);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`. After join() has begun, tasks are dropped.
  void post(std::function<void()> task);
  // Runs every queued task to its end, then stops the threads. Idempotent.
  void join();
  // Tasks queued and not yet started.
  std::size_t queued() const;

 private:
  void work();
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kf::app
