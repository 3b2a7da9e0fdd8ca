// A plain-text table for terminal output: columns padded to the widest cell,
// width counted in code points so German umlauts line up. Not thread-safe.
#pragma once

#include <string>
#include <vector>

namespace kf::app {

class Table {
 public:
  explicit Table(std::vector<std::string> header);

  // A row with fewer cells than the header is padded with empty cells.
  void add_row(std::vector<std::string> cells);

  // The header, a rule, then every row; columns separated by two spaces,
  // trailing spaces trimmed.
  std::string render() const;

 private:
  std::vector<std::vector<std::string>> rows_;  // rows_[0] is the header
};

}  // namespace kf::app
