#include "serve/conditional.h"

#include <algorithm>
#include <charconv>
#include <memory>

#include "serve/entity.h"
#include "normalize/date.h"

namespace kf::serve {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ); -1 when invalid.
int parse_qvalue(std::string_view q) {
  if (q.empty() || q.size() > 5 || (q[0] != '0' && q[0] != '1')) return -1;
  int thousandths = (q[0] - '0') * 1000;
  if (q.size() > 1) {
    if (q[1] != '.') return -1;
    int scale = 100;
    for (char c : q.substr(2)) {
      if (c < '0' || c > '9') return -1;
      thousandths += (c - '0') * scale;
      scale /= 10;
    }
  }
  return thousandths > 1000 ? -1 : thousandths;
}

// Last-Modified of the cached bodies rarely changes: formatting it once per
// thread and date, not per request, saves a printf on every response.
const std::string& http_date(std::chrono::sys_seconds when) {
  thread_local std::chrono::sys_seconds cached_when{};
  thread_local std::string cached;
  if (cached.empty() || when != cached_when) {
    cached_when = when;
    cached = normalize::format_http_date(when);
  }
  return cached;
}

// The value of header `name` as joined_header() gives it, without a copy in
// the usual case of a single line (`storage` holds the join otherwise).
std::string_view header_list(const Request& request, std::string_view name, std::string& storage) {
  const std::string* first = nullptr;
  for (const auto& [key, value] : request.headers) {
    if (key != name) continue;
    if (first) {
      storage = joined_header(request, name);
      return storage;
    }
    first = &value;
  }
  return first ? std::string_view(*first) : std::string_view();
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  int gzip_q = -1;  // -1: not mentioned
  int star_q = -1;
  while (!accept_encoding.empty()) {
    std::size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    std::size_t semi = element.find(';');
    std::string_view coding = trim(element.substr(0, semi));
    if (coding.empty()) continue;
    int q = 1000;
    std::string_view params =
        semi == std::string_view::npos ? std::string_view() : element.substr(semi + 1);
    while (!params.empty()) {
      std::size_t next = params.find(';');
      std::string_view param = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      std::size_t eq = param.find('=');
      if (eq != std::string_view::npos && iequals(trim(param.substr(0, eq)), "q")) {
        q = parse_qvalue(trim(param.substr(eq + 1)));
      }
    }
    if (q < 0) continue;
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
      gzip_q = std::max(gzip_q, q);
    } else if (coding == "*") {
      star_q = std::max(star_q, q);
    }
  }
  if (gzip_q >= 0) return gzip_q > 0;
  return star_q > 0;
}

bool if_none_match_matches(std::string_view header, std::string_view etag) {
  std::string_view want = etag;
  if (want.starts_with("W/")) want.remove_prefix(2);
  std::string_view s = trim(header);
  if (s == "*") return true;
  while (!s.empty()) {
    if (s.front() == ',' || s.front() == ' ' || s.front() == '\t') {
      s.remove_prefix(1);
      continue;
    }
    if (s.starts_with("W/")) s.remove_prefix(2);
    if (s.empty() || s.front() != '"') return false;
    std::size_t close = s.find('"', 1);
    if (close == std::string_view::npos) return false;
    if (s.substr(0, close + 1) == want) return true;
    s.remove_prefix(close + 1);
  }
  return false;
}

bool compressible(std::string_view content_type) {
  std::string_view type = trim(content_type.substr(0, content_type.find(';')));
  if (type.size() >= 5 && iequals(type.substr(0, 5), "text/")) return true;
  for (std::string_view suffix : {"+xml", "+json", "/xml", "/json", "/javascript"}) {
    if (type.size() >= suffix.size() && iequals(type.substr(type.size() - suffix.size()), suffix)) {
      return true;
    }
  }
  return false;
}

std::string joined_header(const Request& request, std::string_view name) {
  std::string joined;
  for (const auto& [key, value] : request.headers) {
    if (key != name) continue;
    if (!joined.empty()) joined += ", ";
    joined += value;
  }
  return joined;
}

void finalize(const Request& request, Response response, std::chrono::sys_seconds now,
              Reply& reply) {
  reply.status = response.status;
  reply.close = response.close || !request.keep_alive;
  reply.route = response.route;
  std::shared_ptr<const Entity> entity =
      response.entity ? std::move(response.entity)
                      : std::make_shared<const Entity>(std::move(response.body));
  const bool head = std::string_view(request.method) == "HEAD";

  const std::string* payload = &entity->body();
  if (response.status == 200) {
    const bool vary = compressible(response.content_type);
    std::string storage;
    const std::string* gzip =
        vary && accepts_gzip(header_list(request, "accept-encoding", storage)) ? entity->gzip()
                                                                                : nullptr;
    std::string gzip_etag;  // only the gzip variant's tag is computed per call
    if (gzip) gzip_etag = entity->gzip_etag();
    const std::string& etag = gzip ? gzip_etag : entity->etag();
    std::optional<std::chrono::sys_seconds> last_modified = response.last_modified;
    if (last_modified && *last_modified > now) last_modified = now;

    bool not_modified = false;
    if (request.header("if-none-match")) {
      // If-Modified-Since is ignored when If-None-Match is present (RFC 9110 §13.2.2).
      not_modified = if_none_match_matches(header_list(request, "if-none-match", storage), etag);
    } else if (auto since = request.header("if-modified-since"); since && last_modified) {
      auto date = normalize::parse_date(*since, {.default_zone = "UTC"});
      not_modified = date && *last_modified <= *date;
    }

    reply.add_field("ETag", etag);
    // A 304 repeats only what a cache must update (RFC 9110 §15.4.5: Date,
    // ETag, Cache-Control, Vary); Last-Modified only guides caches when
    // there is no ETag, and there always is one. Every feed reader's poll
    // of an unchanged feed is a 304, so its bytes count.
    if (last_modified && !not_modified) {
      reply.add_field("Last-Modified", http_date(*last_modified));
    }
    if (response.max_age) {
      char value[32] = "max-age=";
      auto seconds = std::max<long long>(0, response.max_age->count());
      char* end = std::to_chars(value + 8, value + sizeof value, seconds).ptr;
      reply.add_field("Cache-Control", std::string_view(value, end));
    }
    if (vary) reply.add_field("Vary", "Accept-Encoding");
    if (not_modified) {
      reply.status = 304;
      reply.content_length.reset();
      reply.payload = {};
      reply.owner.reset();
      return;  // no Content-Type, no Content-Length, no payload
    }
    if (gzip) {
      reply.add_field("Content-Encoding", "gzip");
      payload = gzip;
    }
  }
  reply.add_field("Content-Type", response.content_type);
  reply.content_length = payload->size();
  reply.payload = head ? std::string_view() : std::string_view(*payload);
  reply.owner = std::move(entity);
}

Reply finalize(const Request& request, Response response, std::chrono::sys_seconds now) {
  Reply reply;
  for (const auto& [name, value] : response.headers) reply.add_field(name, value);
  finalize(request, std::move(response), now, reply);
  return reply;
}

}  // namespace kf::serve
