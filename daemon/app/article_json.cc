#include "app/article_json.h"

#include <nlohmann/json.hpp>

#include "normalize/date.h"

namespace kf::app {
namespace {

nlohmann::json date(const std::optional<Timestamp>& t) {
  return t ? nlohmann::json(normalize::format_rfc3339(*t)) : nlohmann::json(nullptr);
}

}  // namespace

std::string article_json(const Article& a) {
  nlohmann::ordered_json j;
  j["id"] = a.id;
  j["source_id"] = a.source_id;
  j["url"] = a.url;
  j["kicker"] = a.kicker;
  j["title"] = a.title;
  j["summary"] = a.summary;
  j["content_html"] = a.content_html;
  j["author"] = a.author;
  j["published"] = date(a.published);
  j["updated"] = date(a.updated);
  j["image"] = {{"url", a.image.url}, {"alt", a.image.alt},
                {"caption", a.image.caption}, {"credit", a.image.credit}};
  j["categories"] = a.categories;
  j["language"] = a.language;
  j["completeness"] = std::string(to_string(a.completeness));
  j["first_seen"] = normalize::format_rfc3339(a.first_seen);
  j["last_seen"] = normalize::format_rfc3339(a.last_seen);
  j["content_hash"] = a.content_hash;
  // Replace, never throw, on the off chance a field holds invalid UTF-8.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kf::app
