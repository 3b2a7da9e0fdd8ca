#include "config/reader.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

#include "config/suggest.h"
#include "config/units.h"
#include "url/url.h"

namespace kf::config::detail {

Mark mark_of(const YAML::Node& node) {
  auto m = node.Mark();
  if (m.line < 0 || m.column < 0) return {};
  return {m.line + 1, m.column + 1};
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Scalar: {
      constexpr std::size_t kShown = 40;
      const std::string& s = node.Scalar();
      if (s.size() <= kShown) return "'" + s + "'";
      // Cut on a UTF-8 boundary so the message stays valid text.
      std::size_t cut = kShown;
      while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
      return "'" + s.substr(0, cut) + "…'";
    }
    default: return "nothing";
  }
}

Mark Entry::at() const {
  if (value.IsNull() || value.Mark().line < 0) return key_mark;
  return mark_of(value);
}

const Entry* Fields::find(std::string_view key) const {
  auto it = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.key == key; });
  return it == entries_.end() ? nullptr : &*it;
}

void Reader::report(Mark at, std::string message) {
  diagnostics_.push_back({file_, at.line, at.column, std::move(message)});
}

std::vector<Diagnostic> Reader::take() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return std::move(diagnostics_);
}

std::optional<Fields> Reader::mapping(const YAML::Node& node, Mark at, std::string_view what,
                                      std::span<const std::string_view> keys) {
  if (!node.IsMap()) {
    report(at, std::string(what) + ": expected a mapping, got " + describe(node));
    return std::nullopt;
  }
  std::vector<Entry> entries;
  std::unordered_map<std::string, int> first_line;
  // Copies, not references: yaml-cpp's iterator hands out temporary pairs.
  for (const auto& pair : node) {
    YAML::Node key = pair.first;
    Mark key_mark = mark_of(key);
    if (!key.IsScalar()) {
      report(key_mark, "expected a plain key, got " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    // yaml-cpp keeps both pairs of a repeated key; the first is the one read.
    if (auto [seen, inserted] = first_line.try_emplace(name, key_mark.line); !inserted) {
      report(key_mark, "duplicate key '" + name + "' (first defined at line " +
                           std::to_string(seen->second) + ")");
      continue;
    }
    if (std::find(keys.begin(), keys.end(), name) == keys.end()) {
      auto near = closest(name, keys);
      report(key_mark, "unknown key '" + name + "' " +
                           (near ? "(did you mean '" + std::string(*near) + "'?)"
                                 : "(valid here: " + join(keys) + ")"));
      continue;
    }
    entries.push_back({name, pair.second, key_mark});
  }
  return Fields(mark_of(node), std::move(entries));
}

const Entry* Reader::required(const Fields& fields, std::string_view key, std::string_view owner) {
  const Entry* e = fields.find(key);
  if (!e) {
    std::string who = owner.empty() ? "" : std::string(owner) + " is ";
    report(fields.mark(), who + "missing required key '" + std::string(key) + "'");
  }
  return e;
}

std::optional<std::string> Reader::text(const Entry& e) {
  if (!e.value.IsScalar()) {
    report(e.at(), e.key + ": expected a string, got " + describe(e.value));
    return std::nullopt;
  }
  if (e.value.Scalar().empty()) {
    report(e.at(), e.key + ": must not be empty");
    return std::nullopt;
  }
  return e.value.Scalar();
}

std::optional<bool> Reader::boolean(const Entry& e) {
  if (e.value.IsScalar()) {
    const std::string& s = e.value.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  report(e.at(), e.key + ": expected a boolean (true or false), got " + describe(e.value));
  return std::nullopt;
}

std::optional<std::int64_t> Reader::integer(const Entry& e, std::int64_t min, std::int64_t max) {
  std::int64_t n = 0;
  bool parsed = false;
  if (e.value.IsScalar()) {
    const std::string& s = e.value.Scalar();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    parsed = ec == std::errc() && end == s.data() + s.size() && !s.empty();
  }
  if (!parsed || n < min || n > max) {
    report(e.at(), e.key + ": expected an integer from " + std::to_string(min) + " to " +
                       std::to_string(max) + ", got " + describe(e.value));
    return std::nullopt;
  }
  return n;
}

std::optional<std::chrono::milliseconds> Reader::duration(const Entry& e, bool allow_ms, bool allow_zero) {
  if (!e.value.IsScalar()) {
    report(e.at(), e.key + ": expected a duration such as '30m', got " + describe(e.value));
    return std::nullopt;
  }
  auto parsed = duration_ms(e.value.Scalar(), allow_ms, allow_zero);
  if (!parsed) {
    std::string units = allow_ms ? "'500ms', '90s', '30m', '1h30m', '1d'" : "'90s', '30m', '1h30m', '1d'";
    report(e.at(), e.key + ": duration '" + e.value.Scalar() + "' " + parsed.error() +
                       " (write e.g. " + units + ")");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::uint64_t> Reader::size(const Entry& e) {
  if (!e.value.IsScalar()) {
    report(e.at(), e.key + ": expected a size such as '10MiB', got " + describe(e.value));
    return std::nullopt;
  }
  auto parsed = size_bytes(e.value.Scalar());
  if (!parsed) {
    report(e.at(), e.key + ": size '" + e.value.Scalar() + "' " + parsed.error() +
                       " (write e.g. '512KiB', '10MiB', '1GiB', '100KB' or bytes)");
    return std::nullopt;
  }
  return *parsed;
}

std::optional<std::vector<Item>> Reader::list(const Entry& e) {
  if (!e.value.IsSequence()) {
    std::string hint = e.value.IsScalar() ? " (write [" + e.value.Scalar() + "])" : "";
    report(e.at(), e.key + ": expected a list, got " + describe(e.value) + hint);
    return std::nullopt;
  }
  std::vector<Item> items;
  bool ok = true;
  for (const auto& item : e.value) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      // An empty item "- " has no position of its own; the list's is close.
      Mark at = item.IsNull() ? e.at() : mark_of(item);
      report(at, e.key + ": expected a string for each item, got " +
                     (item.IsScalar() ? std::string("''") : describe(item)));
      ok = false;
      continue;
    }
    items.push_back({item.Scalar(), mark_of(item)});
  }
  if (!ok) return std::nullopt;
  return items;
}

std::optional<std::string> Reader::choice(const Entry& e, std::string_view what,
                                          std::span<const std::string_view> choices) {
  auto value = text(e);
  if (!value) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
  std::string message = "unknown " + std::string(what) + " '" + *value + "' ";
  if (auto near = closest(*value, choices)) {
    message += "(did you mean '" + std::string(*near) + "'?)";
  } else if (choices.size() == 2) {
    message += "(expected '" + std::string(choices[0]) + "' or '" + std::string(choices[1]) + "')";
  } else {
    message += "(expected one of: " + join(choices) + ")";
  }
  report(e.at(), std::move(message));
  return std::nullopt;
}

std::optional<std::string> Reader::http_url(const Entry& e) {
  auto value = text(e);
  if (!value) return std::nullopt;
  auto parsed = url::parse(*value);
  if (parsed && !parsed->scheme.empty() && parsed->scheme != "http" && parsed->scheme != "https") {
    report(e.at(), e.key + ": unsupported url scheme '" + parsed->scheme + "' in '" + *value +
                       "' (expected http or https)");
    return std::nullopt;
  }
  if (!parsed || parsed->scheme.empty() || !parsed->host || parsed->host->empty()) {
    report(e.at(), e.key + ": invalid url '" + *value + "' (expected an absolute http or https url)");
    return std::nullopt;
  }
  auto first = value->find_first_not_of(" \t\r\n");
  auto last = value->find_last_not_of(" \t\r\n");
  return value->substr(first, last - first + 1);
}

}  // namespace kf::config::detail
