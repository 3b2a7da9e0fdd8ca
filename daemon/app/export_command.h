// `kommunalfeed export`: writes one published output exactly as the server
// would serve it at /feeds/<id>.<format> (page 1), by asking a serve::Site
// built from the same config, so the two can never drift apart. With a file
// the write is atomic (a temp file beside it, then rename), so a web server
// serving that file never shows half a feed.
// Not thread-safe: called once from main.
#pragma once

#include <string>

#include "app/commands.h"

namespace kf::app {

struct ExportOptions {
  CommonOptions common;
  std::string output = "all";    // publish.outputs id
  std::string format = "atom";   // atom | rss | json
  std::string file;              // -o; empty: stdout
};

// Exit 0 on success; 2 for an unknown output or format (or a bad config);
// 1 when the database cannot be read or the file cannot be written.
int export_command(const ExportOptions& options);

// The body the server answers for /feeds/<output>.<format> page 1, or an
// Error naming the status and reason ("export: unknown output 'x'").
Result<std::string> export_body(const config::Config& config, const std::string& output,
                                const std::string& format);

}  // namespace kf::app
