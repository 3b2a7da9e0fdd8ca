// The Prometheus registry and its text rendering.
#include "serve/metrics.h"

#include <cstdio>

namespace kf::serve {
namespace {

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

std::string escape_label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Metrics::record_fetch(std::string_view source, std::string_view outcome, double seconds) {
  if (!(seconds > 0)) seconds = 0;  // also NaN
  std::lock_guard lock(mutex_);
  ++fetches_[{std::string(source), std::string(outcome)}];
  Histogram& h = durations_[std::string(source)];
  std::size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::record_dedup_merge(std::uint64_t n) {
  std::lock_guard lock(mutex_);
  dedup_merges_ += n;
}

void Metrics::record_request(std::string_view route, int status) {
  std::lock_guard lock(mutex_);
  auto it = requests_.find(route);
  if (it == requests_.end()) {
    it = requests_.emplace(std::string(route), std::map<int, std::uint64_t>{}).first;
  }
  ++it->second[status];
}

void Metrics::set_source_broken(std::string_view source, std::string_view rule) {
  std::lock_guard lock(mutex_);
  if (rule.empty()) {
    if (auto it = broken_.find(source); it != broken_.end()) broken_.erase(it);
  } else {
    broken_[std::string(source)] = std::string(rule);
  }
}

std::string Metrics::render(std::int64_t full_articles, std::int64_t teaser_articles) const {
  std::string out;
  out += "# HELP kommunalfeed_articles Stored articles by completeness.\n";
  out += "# TYPE kommunalfeed_articles gauge\n";
  if (full_articles >= 0) {
    out += "kommunalfeed_articles{completeness=\"full\"} " + std::to_string(full_articles) + "\n";
  }
  if (teaser_articles >= 0) {
    out += "kommunalfeed_articles{completeness=\"teaser\"} " + std::to_string(teaser_articles) +
           "\n";
  }
  std::lock_guard lock(mutex_);
  out += "# HELP kommunalfeed_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE kommunalfeed_http_requests_total counter\n";
  for (const auto& [route, by_status] : requests_) {
    for (const auto& [status, n] : by_status) {
      out += "kommunalfeed_http_requests_total{route=\"" + escape_label(route) + "\",status=\"" +
             std::to_string(status) + "\"} " + std::to_string(n) + "\n";
    }
  }
  out += "# HELP kommunalfeed_fetches_total Fetches by source and outcome.\n";
  out += "# TYPE kommunalfeed_fetches_total counter\n";
  for (const auto& [key, n] : fetches_) {
    out += "kommunalfeed_fetches_total{source=\"" + escape_label(key.first) + "\",outcome=\"" +
           escape_label(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP kommunalfeed_fetch_duration_seconds Duration of fetches by source.\n";
  out += "# TYPE kommunalfeed_fetch_duration_seconds histogram\n";
  for (const auto& [source, h] : durations_) {
    std::string label = "source=\"" + escape_label(source) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.buckets[i];
      out += "kommunalfeed_fetch_duration_seconds_bucket{" + label + ",le=\"" +
             number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "kommunalfeed_fetch_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "kommunalfeed_fetch_duration_seconds_sum{" + label + "} " + number(h.sum) + "\n";
    out += "kommunalfeed_fetch_duration_seconds_count{" + label + "} " + std::to_string(h.count) +
           "\n";
  }
  out += "# HELP kommunalfeed_source_broken Sources whose scrape rule matched before and now "
         "matches nothing (1; healthy sources have no sample).\n";
  out += "# TYPE kommunalfeed_source_broken gauge\n";
  for (const auto& [source, rule] : broken_) {
    out += "kommunalfeed_source_broken{source=\"" + escape_label(source) + "\",rule=\"" +
           escape_label(rule) + "\"} 1\n";
  }
  out += "# HELP kommunalfeed_dedup_merges_total Articles merged into near-duplicate clusters.\n";
  out += "# TYPE kommunalfeed_dedup_merges_total counter\n";
  out += "kommunalfeed_dedup_merges_total " + std::to_string(dedup_merges_) + "\n";
  return out;
}

}  // namespace kf::serve
