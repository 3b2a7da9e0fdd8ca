#include "serve/http.h"

#include <algorithm>
#include <string>

namespace kf::serve {

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Calls `visit(name, value)` for each field of a header block built by
// add_field, in order, until it returns true.
template <class Visit>
void visit_fields(std::string_view block, Visit visit) {
  while (!block.empty()) {
    const std::size_t eol = block.find("\r\n");
    const std::string_view line = block.substr(0, eol);
    const std::size_t colon = line.find(": ");
    if (visit(line.substr(0, colon), line.substr(colon + 2))) return;
    block.remove_prefix(eol == std::string_view::npos ? block.size() : eol + 2);
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::string_view> Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> Request::param(std::string_view key) const {
  for (const auto& [k, value] : query) {
    if (k == key) return value;
  }
  return std::nullopt;
}

std::optional<std::string_view> Response::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return std::nullopt;
}

void Reply::add_field(std::string_view name, std::string_view value) {
  // One growth and four copies, not four appends (each with its own checks).
  // Not resize_and_overwrite: when g++ 12's reallocates, it hands the
  // operation the new capacity instead of the size asked for.
  const std::size_t old_size = fields.size();
  fields.resize(old_size + name.size() + value.size() + 4);
  char* p = fields.data() + old_size;
  p = std::copy(name.begin(), name.end(), p);
  *p++ = ':';
  *p++ = ' ';
  p = std::copy(value.begin(), value.end(), p);
  *p++ = '\r';
  *p = '\n';
}

Fields Reply::field_list() const {
  Fields list;
  visit_fields(fields, [&](std::string_view name, std::string_view value) {
    list.emplace_back(name, value);
    return false;
  });
  return list;
}

std::optional<std::string_view> Reply::header(std::string_view name) const {
  std::optional<std::string_view> found;
  visit_fields(fields, [&](std::string_view key, std::string_view value) {
    if (iequals(key, name)) found = value;
    return found.has_value();
  });
  return found;
}

void Reply::reset() {
  status = 200;
  fields.clear();
  content_length.reset();
  payload = {};
  owner.reset();
  close = false;
  route = {};
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

Response text_response(int status, bool close) {
  Response response;
  response.status = status;
  response.body = std::to_string(status);
  response.body += ' ';
  response.body += reason_phrase(status);
  response.body += '\n';
  response.close = close;
  return response;
}

}  // namespace kf::serve
