#include "serve/security.h"

namespace kf::serve {

namespace {

void add_unless_present(Fields& headers, std::string_view name, std::string_view value) {
  for (const auto& [key, existing] : headers) {
    if (iequals(key, name)) return;
  }
  headers.emplace_back(std::string(name), std::string(value));
}

}  // namespace

bool is_html(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return iequals(type, "text/html") || iequals(type, "application/xhtml+xml");
}

void add_security_headers(Fields& headers, std::string_view content_type) {
  add_unless_present(headers, "X-Content-Type-Options", "nosniff");
  if (!is_html(content_type)) return;
  add_unless_present(headers, "Content-Security-Policy", kHtmlContentSecurityPolicy);
  add_unless_present(headers, "Referrer-Policy", "no-referrer");
}

}  // namespace kf::serve
