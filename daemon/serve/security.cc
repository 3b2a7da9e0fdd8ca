#include "serve/security.h"

namespace kf::serve {

namespace {

void add_unless_present(const Fields& route_headers, std::string_view name, std::string_view value,
                        Reply& reply) {
  for (const auto& [key, existing] : route_headers) {
    if (iequals(key, name)) return;
  }
  reply.add_field(name, value);
}

}  // namespace

bool is_html(std::string_view content_type) {
  std::string_view type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return iequals(type, "text/html") || iequals(type, "application/xhtml+xml");
}

void add_security_headers(const Fields& route_headers, std::string_view content_type,
                          Reply& reply) {
  add_unless_present(route_headers, "X-Content-Type-Options", "nosniff", reply);
  if (!is_html(content_type)) return;
  add_unless_present(route_headers, "Content-Security-Policy", kHtmlContentSecurityPolicy, reply);
  add_unless_present(route_headers, "Referrer-Policy", "no-referrer", reply);
}

}  // namespace kf::serve
