#include "support/feed_check.h"

#include <sstream>

#include "support/process.h"

namespace kf::test {
namespace {

const std::string kPython = "/usr/bin/python3";

}  // namespace

ValidatorEvents validate_feed(const std::string& path, const std::string& self_url) {
  const std::string validator = std::string(KF_SHARED_DIR) + "/feedvalidator/validate.py";
  auto r = run_process({kPython, validator, path, "--level", "AA", "--base", self_url});
  ValidatorEvents ev{{}, {}, r.exit_code, r.out + r.err};
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("ERROR") || line.starts_with("FATAL")) ev.errors.push_back(line);
    if (line.starts_with("WARN")) ev.warnings.push_back(line);
  }
  return ev;
}

std::string warning_kind(const std::string& warning_line) {
  std::istringstream words(warning_line);
  std::string level, kind;
  words >> level >> kind;
  return kind;
}

std::string feedparser_summary(const std::string& path) {
  auto r = run_process({kPython, "-c",
                        "import sys, feedparser\n"
                        "d = feedparser.parse(sys.argv[1])\n"
                        "print(int(d.bozo), len(d.entries), d.version)\n"
                        "if d.bozo: print(d.bozo_exception)\n",
                        path});
  return r.out + r.err;
}

}  // namespace kf::test
