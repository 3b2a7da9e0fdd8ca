// Small helpers shared by the in-process benchmarks (parse_bench,
// scrape_bench): CPU time, a wall/CPU pair, whole-file reads. Bench code only.
#pragma once

#include <sys/resource.h>
#include <time.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace kf::bench {

// Peak resident set size of this process so far, in KiB.
inline long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // kilobytes on Linux
}

// CPU time of this (single-threaded) process: on a shared machine wall time
// also counts the time other processes held the core.
inline double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Timing {
  double wall = 0;
  double cpu = 0;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace kf::bench
