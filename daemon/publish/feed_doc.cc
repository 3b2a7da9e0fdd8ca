#include "publish/feed_doc.h"

#include <algorithm>

#include "text/ascii.h"
#include "text/encoding.h"

#ifndef KF_VERSION
#define KF_VERSION "0.0.0"
#endif

namespace kf::publish {

std::string_view generator_version() { return KF_VERSION; }

std::string feed_id(std::string_view output_id) {
  return "tag:kommunalfeed,2025:feed:" + std::string(output_id);
}

std::string entry_id(std::string_view article_id) {
  return "tag:kommunalfeed,2025:article:" + std::string(article_id);
}

std::string source_iri(std::string_view source_id) {
  return "tag:kommunalfeed,2025:source:" + std::string(source_id);
}

std::string_view shown_title(const Article& a) {
  return a.title.empty() ? std::string_view("(ohne Titel)") : std::string_view(a.title);
}

Timestamp published_of(const Article& a) { return a.published.value_or(a.first_seen); }

Timestamp updated_of(const Article& a) {
  // Atom readers sort by updated; one before published would look odd and
  // the validator does not care, so the later of the two wins.
  return std::max(a.updated.value_or(published_of(a)), published_of(a));
}

Timestamp newest_update(const std::vector<FeedEntry>& entries, Timestamp fallback) {
  if (entries.empty()) return fallback;
  Timestamp newest = updated_of(entries.front().article);
  for (const auto& e : entries) newest = std::max(newest, updated_of(e.article));
  return newest;
}

std::string image_type(std::string_view url) {
  url = url.substr(0, url.find_first_of("?#"));
  auto slash = url.rfind('/');
  if (slash != std::string_view::npos) url = url.substr(slash + 1);
  auto dot = url.rfind('.');
  std::string ext = dot == std::string_view::npos ? "" : text::to_lower(url.substr(dot + 1));
  if (ext == "png") return "image/png";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "avif") return "image/avif";
  return "image/jpeg";
}

std::string xml_safe(std::string_view s) {
  bool clean = std::none_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u < 0x20 && u != '\t' && u != '\n' && u != '\r');
  });
  if (clean) return std::string(s);  // the common ASCII case, no decoding
  std::string utf8 = text::repair_utf8(s);
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    auto b = static_cast<unsigned char>(utf8[i]);
    std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    len = std::min(len, utf8.size() - i);
    char32_t cp = 0;
    if (len == 1) {
      cp = b;
    } else {
      cp = b & (0x7F >> len);
      for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (utf8[i + k] & 0x3F);
    }
    bool allowed = cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp < 0x7F) ||
                   (cp > 0x9F && cp != 0xFFFE && cp != 0xFFFF);
    if (allowed) out.append(utf8, i, len);
    i += len;
  }
  return out;
}

std::string page_url(std::string_view base_url, int page) {
  std::string url(base_url);
  if (page > 1) url += "?page=" + std::to_string(page);
  return url;
}

PagingLinks paging_links(std::string_view base_url, int page, bool has_next) {
  PagingLinks links;
  links.first = page_url(base_url, 1);
  if (page > 1) links.previous = page_url(base_url, page - 1);
  if (has_next) links.next = page_url(base_url, page + 1);
  return links;
}

}  // namespace kf::publish
