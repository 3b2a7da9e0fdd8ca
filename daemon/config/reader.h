// Reader walks the YAML tree of feeds.yaml and turns values into typed ones,
// recording a Diagnostic for every problem and carrying on, so that one run
// reports everything an admin has to fix. Positions are converted from
// yaml-cpp's 0-based marks to the 1-based ones people read in editors.
// Internal to the config module. Not thread-safe (collects diagnostics);
// use one Reader per parse.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "config/config.h"

namespace kf::config::detail {

// The 1-based position of `node`; {0, 0} for a node that has none.
Mark mark_of(const YAML::Node& node);

// How a value is named in "expected …, got X": "'text'", "a list",
// "a mapping" or "nothing". Long text is shortened.
std::string describe(const YAML::Node& node);

// One `key: value` pair of a mapping.
struct Entry {
  std::string key;
  YAML::Node value;
  Mark key_mark;
  // Where a problem with the value is shown: at the value, or at the key when
  // the value is empty (yaml-cpp places empty values on the next token).
  Mark at() const;
};

// A string item of a YAML list, with its position for per-item diagnostics.
struct Item {
  std::string text;
  Mark mark;
};

// The entries of one checked mapping, in file order.
class Fields {
 public:
  Fields(Mark mark, std::vector<Entry> entries) : mark_(mark), entries_(std::move(entries)) {}
  // The first entry named `key`, or nullptr when absent.
  const Entry* find(std::string_view key) const;
  Mark mark() const { return mark_; }

 private:
  Mark mark_;
  std::vector<Entry> entries_;
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  // Records one problem; `at` {0, 0} means "no position".
  void report(Mark at, std::string message);
  bool failed() const { return !diagnostics_.empty(); }
  // Every recorded problem, sorted by position (stable for equal positions).
  std::vector<Diagnostic> take();

  // Checks that `node` is a mapping whose keys are among `keys`. Unknown keys
  // (with a suggestion) and repeated keys are reported, the rest is still
  // returned. Not a mapping: reports "<what>: expected a mapping, got …" at
  // `at` and returns nullopt.
  std::optional<Fields> mapping(const YAML::Node& node, Mark at, std::string_view what,
                                std::span<const std::string_view> keys);

  // The entry `key`; when absent reports "<owner> is missing required key
  // '<key>'" (just "missing required key …" for an empty owner) at the
  // mapping's position and returns nullptr.
  const Entry* required(const Fields& fields, std::string_view key, std::string_view owner);

  // Typed values. Each reports a wrong value at its position and returns
  // nullopt. Strings must be non-empty scalars.
  std::optional<std::string> text(const Entry& e);
  std::optional<bool> boolean(const Entry& e);
  std::optional<std::int64_t> integer(const Entry& e, std::int64_t min, std::int64_t max);
  std::optional<std::chrono::milliseconds> duration(const Entry& e, bool allow_ms, bool allow_zero);
  std::optional<std::uint64_t> size(const Entry& e);
  // A YAML sequence of non-empty strings; a bare string is a type error.
  std::optional<std::vector<Item>> list(const Entry& e);
  // One of `choices`; otherwise "unknown <what> 'x' (did you mean …?)".
  std::optional<std::string> choice(const Entry& e, std::string_view what,
                                    std::span<const std::string_view> choices);
  // An absolute http or https URL, returned as written (trimmed).
  std::optional<std::string> http_url(const Entry& e);

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace kf::config::detail
