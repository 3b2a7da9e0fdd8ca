#include "support/corpus.h"

#include <fstream>
#include <sstream>

namespace kf::test {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string content_type_of(const std::string& text) {
  for (const std::string key : {"Content-type:", "Content-Type:"}) {
    const auto pos = text.find(key);
    if (pos == std::string::npos || pos > 2000) continue;
    const auto end = text.find('\n', pos);
    std::string v = text.substr(pos + key.size(), end - pos - key.size());
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    return v;
  }
  return "";
}

}  // namespace kf::test
