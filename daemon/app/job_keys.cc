#include "app/job_keys.h"

#include "url/url.h"

namespace kf::app {
namespace {

constexpr std::string_view kSource = "source:";
constexpr std::string_view kRobots = "robots:";
constexpr std::string_view kPage = "page:";

}  // namespace

std::string source_key(std::string_view source_id) {
  return std::string(kSource) + std::string(source_id);
}

std::string robots_key(std::string_view origin) { return std::string(kRobots) + std::string(origin); }

std::string page_key(std::string_view source_id, std::string_view url) {
  return std::string(kPage) + std::string(source_id) + ":" + std::string(url);
}

std::optional<std::pair<std::string, std::string>> page_of(std::string_view key) {
  if (!key.starts_with(kPage)) return std::nullopt;
  key.remove_prefix(kPage.size());
  const auto colon = key.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(key.substr(0, colon)), std::string(key.substr(colon + 1))};
}

std::string source_id_of(std::string_view key) {
  return key.starts_with(kSource) ? std::string(key.substr(kSource.size())) : std::string();
}

std::optional<std::string> robots_origin_of(std::string_view key) {
  if (!key.starts_with(kRobots)) return std::nullopt;
  return std::string(key.substr(kRobots.size()));
}

std::string host_of(std::string_view url) {
  auto u = url::parse(url);
  if (!u || !u->host || u->host->empty()) return std::string(url);
  return *u->host;
}

std::string origin_of(std::string_view url) {
  auto u = url::parse(url);
  if (!u || !u->host) return std::string(url);
  std::string origin = u->scheme + "://" + *u->host;
  const bool default_port = !u->port || u->port->empty() ||
                            (u->scheme == "http" && *u->port == "80") ||
                            (u->scheme == "https" && *u->port == "443");
  if (!default_port) origin += ":" + *u->port;
  return origin;
}

std::string path_of(std::string_view url) {
  auto u = url::parse(url);
  if (!u) return "/";
  std::string path = u->path.empty() ? "/" : u->path;
  if (u->query) path += "?" + *u->query;
  return path;
}

std::string robot_token(std::string_view user_agent) {
  auto end = user_agent.find_first_of("/ ");
  return std::string(user_agent.substr(0, end));
}

Result<fetch::Response> fail_result(std::string message) {
  return std::unexpected(Error{std::move(message)});
}

}  // namespace kf::app
