// The programs readers trust, run on a feed file we produced: the W3C Feed
// Validation Service's own code (offline, ../shared/feedvalidator, level AA)
// and Python's feedparser, both under /usr/bin/python3 (Debian's modules
// import only there). Test code only; each call runs a child process, so
// calls are independent and thread-safe.
#pragma once

#include <string>
#include <vector>

namespace kf::test {

struct ValidatorEvents {
  std::vector<std::string> errors;    // "ERROR …" and "FATAL …" lines
  std::vector<std::string> warnings;  // "WARN …" lines
  int exit_code = -1;
  std::string output;                 // everything it printed, for INFO()
};

// Validates the file at `path` (served as `self_url`, which its self link
// must name) at level AA.
ValidatorEvents validate_feed(const std::string& path, const std::string& self_url);

// The warning's kind: "WARN ContainsHTML line 3 …" → "ContainsHTML".
std::string warning_kind(const std::string& warning_line);

// feedparser's verdict on the file at `path`: "BOZO ENTRIES VERSION\n",
// e.g. "0 30 atom10\n"; a bozo 1 is followed by the exception's text.
std::string feedparser_summary(const std::string& path);

}  // namespace kf::test
