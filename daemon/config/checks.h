// Checks for the small value formats of feeds.yaml that are not YAML types:
// ids, listen addresses, German Länder codes and AGS prefixes. Internal to
// the config module; pure functions, thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace kf::config::detail {

// True for a non-empty id of lower-case ASCII letters, digits and '-'; ids
// become URL path segments and database keys, so nothing else is allowed.
bool is_id(std::string_view s);

// The 16 ISO 3166-2 codes of the German Länder, "DE-BW" … "DE-TH".
std::span<const std::string_view> lands();

// Why `s` is not a Land code, with a suggestion; nullopt when it is one.
std::optional<std::string> land_problem(std::string_view s);

// True for 1 to 12 ASCII digits: an Amtlicher Gemeindeschlüssel or a prefix
// of one (2 digits Land, 3 Regierungsbezirk, 5 Kreis, 8 or 12 Gemeinde).
bool is_ags(std::string_view s);

// Why `s` is not "host:port" (IPv4, hostname or [IPv6], port 1..65535);
// nullopt when it is.
std::optional<std::string> listen_problem(std::string_view s);


// "1h30m" for 5400 s: a duration written back the way feeds.yaml takes it.
std::string format_duration(std::chrono::seconds d);

// Why `interval` is not allowed next to daemon.min_interval `minimum`;
// nullopt when it is long enough.
std::optional<std::string> interval_problem(std::chrono::seconds interval,
                                            std::chrono::seconds minimum);

}  // namespace kf::config::detail
