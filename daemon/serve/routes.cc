// Site: construction, dispatch by path, the store connection and the cache.
#include "serve/routes.h"

#include <algorithm>
#include <charconv>

#include <spdlog/spdlog.h>

#include "publish/html_page.h"

namespace kf::serve {
namespace {

// Longest max-age sent: readers should see new articles within minutes even
// when every source is polled hourly.
constexpr std::chrono::seconds kMaxAgeCap{300};

Timestamp now_seconds() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace

std::optional<int> parse_page(const Request& request) {
  auto value = request.param("page");
  if (!value) return 1;
  if (value->empty() || value->size() > 7) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || end != value->data() + value->size()) return std::nullopt;
  if (n < 1 || n > kMaxPage) return std::nullopt;
  return n;
}

Site::Site(config::Config config, const std::atomic<std::uint64_t>* generation,
           std::function<bool()> loop_alive, Metrics* metrics)
    : config_(std::move(config)),
      generation_(generation),
      loop_alive_(std::move(loop_alive)),
      metrics_(metrics ? metrics : &own_metrics_),
      started_(now_seconds()) {
  rebuild_filters();
}

void Site::rebuild_filters() {
  sources_.rebuild(config_.sources);
  filters_.clear();
  for (const auto& output : config_.publish.outputs) {
    auto filter = publish::OutputFilter::create(output, config_.sources);
    if (!filter) {
      spdlog::error("{}", filter.error().message);
      continue;
    }
    filters_.emplace(output.id, std::move(*filter));
  }
  max_age_ = kMaxAgeCap;
  for (const auto& source : config_.sources) {
    if (source.enabled) max_age_ = std::min(max_age_, config_.interval_of(source));
  }
  max_age_ = std::max(max_age_, std::chrono::seconds{1});
}

void Site::reconfigure(config::Config config) {
  std::lock_guard lock(mutex_);
  if (config.daemon.database != config_.daemon.database) store_.reset();
  config_ = std::move(config);
  rebuild_filters();
  cache_.clear();
  counts_.reset();
}

Handler Site::handler() {
  return [this](const Request& request) { return handle(request); };
}

Response Site::handle(const Request& request) {
  std::lock_guard lock(mutex_);
  std::string_view route = "unknown";
  // Built by the call, not default-constructed and assigned: a default
  // Response allocates its content type, on every request.
  Response response = [&] {
    try {
      return dispatch(request, route);
    } catch (const std::exception& e) {
      spdlog::error("serve: {}: {}", request.path, e.what());
      return text_response(500);
    }
  }();
  response.route = route;  // counted by the server with the final status
  return response;
}

Response Site::dispatch(const Request& r, std::string_view& route) {
  std::string_view p = r.path;
  if (p == "/") {
    route = "river";
    return river(r);
  }
  if (p == "/feed.atom") {
    route = "feed";
    return output_feed(r, "all", Format::atom, "feed.atom");
  }
  if (p.starts_with("/feeds/")) {
    route = "feed";
    std::string_view name = p.substr(7);
    auto dot = name.rfind('.');
    if (dot == std::string_view::npos) return not_found(r);
    std::string_view id = name.substr(0, dot);
    std::string_view ext = name.substr(dot + 1);
    Format format;
    if (ext == "atom") {
      format = Format::atom;
    } else if (ext == "rss") {
      format = Format::rss;
    } else if (ext == "json") {
      format = Format::json;
    } else {
      return not_found(r);
    }
    return output_feed(r, id, format, p.substr(1));
  }
  if (p == "/sources") {
    route = "sources";
    return sources_page();
  }
  if (p.starts_with("/sources/") && p.ends_with(".atom")) {
    route = "source_feed";
    return source_feed(r, std::string(p.substr(9, p.size() - 9 - 5)));
  }
  if (p == "/search") {
    route = "search";
    return search(r);
  }
  if (p == "/opml") {
    route = "opml";
    return opml();
  }
  if (p == "/healthz") {
    route = "healthz";
    return healthz();
  }
  if (p == "/metrics") {
    route = "metrics";
    return metrics_text();
  }
  if (p == "/style.css") {
    route = "style";
    return cached("style", 0, "text/css; charset=utf-8", [] {
      return Result<Rendered>(Rendered{std::string(publish::stylesheet()), std::nullopt});
    });
  }
  route = "not_found";
  return not_found(r);
}

Store* Site::store(std::string* error) {
  if (store_) return &*store_;
  auto opened = Store::open(config_.daemon.database, OpenMode::reader);
  if (!opened) {
    if (error) *error = opened.error().message;
    return nullptr;
  }
  store_.emplace(std::move(*opened));
  return &*store_;
}

std::uint64_t Site::generation() {
  if (generation_) return generation_->load(std::memory_order_acquire);
  return ++uncached_;
}

Response Site::cached(std::string_view key, std::uint64_t gen, std::string_view content_type,
                      Render render) {
  auto entity = cache_.get(key, gen, render);
  if (!entity) {
    spdlog::warn("serve: {}: {}", key, entity.error().message);
    store_.reset();  // a broken or replaced connection is reopened next time
    Response failed = text_response(503);
    failed.headers.emplace_back("Retry-After", "10");
    return failed;
  }
  const auto last_modified = (*entity)->last_modified();
  return Response{.status = 200,
                  .content_type = content_type,
                  .body = {},
                  .entity = std::move(*entity),
                  .headers = {},
                  .route = {},  // set by handle()
                  .last_modified = last_modified,
                  .max_age = max_age_,
                  .close = false};
}

publish::PageFrame Site::frame(std::string title, std::string query) const {
  publish::PageFrame f;
  f.site_title = config_.publish.title;
  f.base_url = config_.publish.base_url;
  f.title = std::move(title);
  f.query = std::move(query);
  for (const auto& output : config_.publish.outputs) {
    if (!filters_.contains(output.id)) continue;
    std::string name = output.title.empty() ? output.id : output.title;
    f.feeds.push_back({name + " (Atom)", "application/atom+xml",
                       config_.publish.base_url + "feeds/" + output.id + ".atom"});
  }
  return f;
}

Response Site::not_found(const Request& request) {
  Response response;
  response.status = 404;
  response.content_type = kHtmlType;
  response.body = publish::render_not_found(frame("Nicht gefunden"), request.path);
  return response;
}

}  // namespace kf::serve
