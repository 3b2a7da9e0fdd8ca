#include "config/config.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "config/reader.h"
#include "config/sections.h"

namespace kf::config {
namespace {

constexpr std::array<std::string_view, 3> kTopKeys{"daemon", "publish", "sources"};

Mark mark_from(const YAML::Mark& m) {
  if (m.line < 0 || m.column < 0) return {};
  return {m.line + 1, m.column + 1};
}

void read_root(detail::Reader& reader, const YAML::Node& root, Config& config) {
  if (!root.IsMap()) {
    reader.report(detail::mark_of(root), "expected a mapping with 'daemon', 'publish' and 'sources' at the top level, got " +
                                             detail::describe(root));
    return;
  }
  auto fields = reader.mapping(root, detail::mark_of(root), "top level", kTopKeys);
  if (!fields) return;
  config.daemon = detail::read_daemon(reader, fields->find("daemon"));
  detail::Known known;
  config.sources = detail::read_sources(reader, fields->find("sources"), fields->mark(), known,
                                       config.daemon);
  config.publish = detail::read_publish(reader, fields->find("publish"), known);
}

}  // namespace

std::string_view to_string(SourceType t) { return t == SourceType::html ? "html" : "feed"; }

std::string Diagnostic::str() const {
  if (line == 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

const Source* Config::find_source(std::string_view id) const {
  auto it = std::find_if(sources.begin(), sources.end(), [&](const Source& s) { return s.id == id; });
  return it == sources.end() ? nullptr : &*it;
}

std::expected<Config, std::vector<Diagnostic>> parse_config(std::string_view text, std::string file) {
  detail::Reader reader(file);
  Config config;
  config.path = file;
  try {
    std::vector<YAML::Node> documents = YAML::LoadAll(std::string(text));
    if (documents.empty() || (documents.size() == 1 && documents[0].IsNull())) {
      reader.report({}, "the file is empty (it needs at least a 'sources' list)");
    } else {
      if (documents.size() > 1)
        reader.report(detail::mark_of(documents[1]),
                      "a second yaml document starts here ('---'); feeds.yaml holds exactly one");
      read_root(reader, documents[0], config);
    }
  } catch (const YAML::Exception& e) {
    // ParserException carries the position; so do most others when known.
    reader.report(mark_from(e.mark), "yaml syntax error: " + e.msg);
  } catch (const std::exception& e) {
    reader.report({}, std::string("cannot read the configuration: ") + e.what());
  }
  if (reader.failed()) return std::unexpected(reader.take());
  return config;
}

std::expected<Config, std::vector<Diagnostic>> load_config(const std::string& path) {
  auto unreadable = [&](std::string why) {
    return std::unexpected(std::vector<Diagnostic>{{path, 0, 0, "cannot read the file: " + why}});
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return unreadable("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string why = std::strerror(errno);
    if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
    return unreadable(why);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unreadable("read error");
  return parse_config(text.str(), path);
}

}  // namespace kf::config
