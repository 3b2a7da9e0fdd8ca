// Reading the shared test corpora (feedparser's and JSON Feed's test files)
// in tests: whole files as bytes, and the HTTP Content-Type a feedparser case
// declares in its header comment. Test code only; both functions are pure
// apart from reading a file, so thread-safe.
#pragma once

#include <filesystem>
#include <string>

namespace kf::test {

// The bytes of the file at `path`; empty when it cannot be read.
std::string read_file(const std::filesystem::path& path);

// The value of a feedparser case's "Header: Content-type: ..." comment line
// (spelled "Content-type:" or "Content-Type:", the former preferred), with
// leading spaces removed and up to the end of that line; empty when `text`
// names no such header within its first 2,000 characters (the comment stands
// at the top, so a later match would be feed content).
std::string content_type_of(const std::string& text);

}  // namespace kf::test
