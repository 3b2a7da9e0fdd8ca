// Prescan is the guard in front of MyHTML. MyHTML's tree builder walks the
// stack of open elements for most start tags and reconstructs every active
// formatting element at each new paragraph, so 100,000 nested <div>s take
// ~18 s and 3,000 `<b id=N><p>x` build 4.5 million nodes (1.6 GB). Prescan
// tokenizes the input cheaply, simulates the open-element stack and the list
// of active formatting elements roughly (erring on the deep side), and drops
// the start tags (and their end tags) that would exceed the caps. Text is
// never dropped, only the tags around it. The tag scanner lives in
// html/prescan_scan.h, the stack estimate in prescan.cc. Internal to
// daemon/html. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace kf::html::detail {

struct PrescanLimits {
  std::size_t max_depth = 512;       // estimated open elements
  std::size_t max_formatting = 24;   // estimated active formatting elements
};

struct PrescanResult {
  bool changed = false;     // false: parse the input as is
  std::string rewritten;    // the input without the dropped tags, when changed
  std::size_t dropped_tags = 0;
  std::size_t first_drop_offset = 0;  // byte offset of the first dropped tag
};

// Scans `html` and removes start tags beyond the caps together with their end
// tags. Normal pages come back unchanged; the estimate may overcount
// (unclosed <p> in odd places, tags inside <svg> scripts), never undercounts
// on purpose-built nesting, so an attacker cannot make MyHTML nest deeper than
// about max_depth.
PrescanResult prescan(std::string_view html, const PrescanLimits& limits);

}  // namespace kf::html::detail
