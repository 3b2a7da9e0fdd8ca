#include "normalize/image.h"

#include <string>

#include "html/char_ref.h"
#include "url/url.h"

namespace kf::normalize {
namespace {

bool is_http(std::string_view u) {
  auto scheme = url::effective_scheme(u);
  return scheme == "http" || scheme == "https";
}

bool is_image(const MediaRef& m) {
  if (m.medium == "image") return true;
  if (m.type.starts_with("image/")) return true;
  // Media RSS objects often omit both; judge by the file name then.
  if (m.medium.empty() && m.type.empty()) {
    std::string_view path = m.url;
    path = path.substr(0, path.find_first_of("?#"));
    for (std::string_view ext : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"})
      if (path.size() > ext.size() &&
          std::equal(ext.begin(), ext.end(), path.end() - ext.size(),
                     [](char a, char b) { return a == (b | 0x20); }))
        return true;
  }
  return false;
}

// The value of attribute `name` inside one serialized tag, or empty.
std::string attribute(std::string_view tag, std::string_view name) {
  std::string needle = " " + std::string(name) + "=\"";
  auto at = tag.find(needle);
  if (at == std::string_view::npos) return {};
  auto begin = at + needle.size();
  auto end = tag.find('"', begin);
  if (end == std::string_view::npos) return {};
  std::string value;
  html::decode_into(value, tag.substr(begin, end - begin), html::DecodeMode::Attribute);
  return value;
}

// The sanitizer's output is well-formed with double-quoted attributes, so a
// plain scan finds its first image reliably.
Image first_img(std::string_view html) {
  for (std::size_t at = html.find("<img "); at != std::string_view::npos;
       at = html.find("<img ", at + 1)) {
    auto end = html.find('>', at);
    if (end == std::string_view::npos) break;
    auto tag = html.substr(at, end - at);
    std::string src = attribute(tag, "src");
    if (!is_http(src)) continue;
    Image image;
    image.url = std::move(src);
    image.alt = attribute(tag, "alt");
    return image;
  }
  return {};
}

}  // namespace

Image choose_image(const FeedItem& item, std::string_view summary_html,
                   std::string_view content_html) {
  for (bool thumbnails : {false, true})
    for (const auto& m : item.media)
      if (m.thumbnail == thumbnails && (thumbnails || is_image(m)) && is_http(m.url))
      {
        Image image;
        image.url = m.url;
        image.alt = m.alt;
        image.credit = m.credit;
        return image;
      }
  if (auto img = first_img(content_html); !img.url.empty()) return img;
  return first_img(summary_html);
}

}  // namespace kf::normalize
