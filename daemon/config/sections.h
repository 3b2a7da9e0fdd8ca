// The three top-level sections of feeds.yaml, each read into its typed
// struct with every problem recorded in the Reader. Sources are read before
// publish because outputs refer to source ids and tags. Internal to the
// config module; not thread-safe (shares the Reader).
#pragma once

#include <vector>

#include "config/config.h"
#include "config/reader.h"

namespace kf::config::detail {

// `daemon:`; an absent or empty section keeps every default.
Daemon read_daemon(Reader& reader, const Entry* entry);

// The source ids and tags written in the file, including those of sources
// with problems, so that an output naming them gets no second, misleading
// diagnostic.
struct Known {
  std::vector<std::string> source_ids;
  std::vector<std::string> tags;
};

// `sources:`, which must be a non-empty list. `root` is where a missing
// section is reported. Sources with problems are left out of the result.
// Intervals are checked against `daemon`'s min_interval.
std::vector<Source> read_sources(Reader& reader, const Entry* entry, Mark root, Known& known,
                                 const Daemon& daemon);

// `publish:`; the "all" output is always first. Output filters are checked
// against `known`.
Publish read_publish(Reader& reader, const Entry* entry, const Known& known);

}  // namespace kf::config::detail
