// The export command: one Site request, written atomically.
#include "app/export_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <spdlog/spdlog.h>

#include "serve/entity.h"
#include "serve/routes.h"

namespace kf::app {
namespace {

// Writes `body` to `path` through "<path>.tmp-<pid>" and rename(2).
Result<void> write_atomically(const std::string& path, const std::string& body) {
  std::string temp = path + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(body.data(), std::streamsize(body.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      return fail("export: cannot write ", temp, ": ", std::strerror(errno));
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    return fail("export: cannot rename ", temp, " to ", path, ": ", why);
  }
  return {};
}

}  // namespace

Result<std::string> export_body(const config::Config& config, const std::string& output,
                                const std::string& format) {
  if (format != "atom" && format != "rss" && format != "json") {
    return fail("export: unknown format '", format, "' (want atom, rss or json)");
  }
  serve::Site site(config, nullptr);
  serve::Request request;
  request.method = "GET";
  request.path = "/feeds/" + output + "." + format;
  request.target = request.path;
  serve::Response response = site.handle(request);
  if (response.status == 404) return fail("export: unknown output '", output, "'");
  if (response.status != 200) {
    return fail("export: ", std::to_string(response.status), " ",
                std::string(serve::reason_phrase(response.status)), ": ", response.body);
  }
  return response.entity ? response.entity->body() : response.body;
}

int export_command(const ExportOptions& options) {
  auto config = load_config_or_report(options.common);
  if (!config) return kExitUsage;
  bool known = false;
  for (const auto& o : config->publish.outputs) known = known || o.id == options.output;
  if (!known || (options.format != "atom" && options.format != "rss" && options.format != "json")) {
    spdlog::error("export: unknown {} '{}'", known ? "format" : "output",
                  known ? options.format : options.output);
    return kExitUsage;
  }
  auto body = export_body(*config, options.output, options.format);
  if (!body) {
    spdlog::error("{}", body.error().message);
    return kExitFailure;
  }
  if (options.file.empty()) {
    std::fwrite(body->data(), 1, body->size(), stdout);
    return std::fflush(stdout) == 0 ? kExitOk : kExitFailure;
  }
  if (auto ok = write_atomically(options.file, *body); !ok) {
    spdlog::error("{}", ok.error().message);
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace kf::app
