// kommunalfeed: command-line entry point. Parses the command line with CLI11
// and hands over to one command (app/commands.h).
#include <cstdio>
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "app/commands.h"
#include "app/export_command.h"
#include "app/logging.h"

#ifndef KF_VERSION
#define KF_VERSION "0.0.0"
#endif

namespace {

using kf::app::CommonOptions;

CLI::App* add_command(CLI::App& app, const std::string& name, const std::string& help,
                      CommonOptions& options) {
  auto* cmd = app.add_subcommand(name, help);
  cmd->set_version_flag("--version", "kommunalfeed " KF_VERSION);
  cmd->add_option("-c,--config", options.config_path, "Configuration file")
      ->capture_default_str();
  cmd->add_option("--log-level", options.log_level,
                  "trace, debug, info, warn, error, critical or off (overrides daemon.log_level)");
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"kommunalfeed: German municipal-digitalization news, fetched, scraped, "
               "deduplicated and republished as one feed.",
               "kommunalfeed"};
  app.set_version_flag("--version", "kommunalfeed " KF_VERSION);
  app.require_subcommand(1);
  CommonOptions options;
  std::function<int()> action;

  auto* run = add_command(app, "run", "Run the daemon: fetch on schedule, store, serve", options);
  run->add_option("--database", options.database, "SQLite file (overrides daemon.database)");
  run->callback([&] { action = [&] { return kf::app::run_command(options); }; });

  kf::app::FetchOptions fetch_options;
  auto* fetch = add_command(app, "fetch", "Fetch all or the named sources once, then exit",
                            fetch_options.common);
  fetch->add_option("sources", fetch_options.sources, "Source ids (default: every enabled one)");
  fetch->add_option("--database", fetch_options.common.database,
                    "SQLite file (overrides daemon.database)");
  fetch->callback([&] { action = [&] { return kf::app::fetch_command(fetch_options); }; });

  add_command(app, "check", "Validate the configuration file", options)
      ->callback([&] { action = [&] { return kf::app::check_command(options); }; });

  auto* sources = add_command(app, "sources", "List sources and their stored state", options);
  sources->add_option("--database", options.database, "SQLite file (overrides daemon.database)");
  sources->callback([&] { action = [&] { return kf::app::sources_command(options); }; });

  kf::app::ParseOptions parse_options;
  auto* parse = add_command(app, "parse", "Parse one feed document and print its articles as JSON Lines", options);
  parse->add_option("input", parse_options.input, "Feed file, or - for standard input")->required();
  parse->add_option("--url", parse_options.url, "The document's URL (base for relative links)");
  parse->add_option("--content-type", parse_options.content_type, "HTTP Content-Type, e.g. 'application/rss+xml; charset=iso-8859-1'");
  parse->add_option("--source", parse_options.source_id, "Source id to attribute the articles to")->capture_default_str();
  parse->add_option("--format", parse_options.format, "json (JSON Lines) or atom")
      ->check(CLI::IsMember({"json", "atom"}))
      ->capture_default_str();
  parse->callback([&] { action = [&] { return kf::app::parse_command(parse_options); }; });

  kf::app::ScrapeOptions scrape_options;
  auto* scrape = add_command(app, "scrape", "Show what a source's rules extract from one page",
                             scrape_options.common);
  scrape->add_option("input", scrape_options.input, "Page URL or HTML file")->required();
  scrape->add_option("--source", scrape_options.source_id, "The html source whose rules apply")
      ->required();
  scrape->add_option("--url", scrape_options.url, "FILE's URL (base for links; default: the source's)");
  scrape->add_option("--format", scrape_options.format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  scrape->callback([&] { action = [&] { return kf::app::scrape_command(scrape_options); }; });

  kf::app::ExportOptions export_options;
  auto* exp = add_command(app, "export",
                          "Write one published feed exactly as the server serves it (page 1)",
                          export_options.common);
  exp->add_option("--output", export_options.output, "publish.outputs id")->capture_default_str();
  exp->add_option("--format", export_options.format, "atom, rss or json")
      ->check(CLI::IsMember({"atom", "rss", "json"}))
      ->capture_default_str();
  exp->add_option("-o", export_options.file, "File to replace atomically (default: stdout)");
  exp->add_option("--database", export_options.common.database,
                  "SQLite file (overrides daemon.database)");
  exp->callback([&] { action = [&] { return kf::app::export_command(export_options); }; });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kf::app::kExitUsage;
  }
  // Commands log before the config names a level; start at info on stderr.
  if (!kf::app::setup_logging("info")) return kf::app::kExitFailure;
  return action();
}
