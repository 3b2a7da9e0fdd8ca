// A real database file filled by a daemon-mode Store, and a config to serve
// it, for the route tests. Test code only; not thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "config/config.h"
#include "store/store.h"
#include "support/process.h"

namespace kf::test {

inline Timestamp unix_time(std::int64_t s) { return Timestamp(std::chrono::seconds(s)); }

// Article `n` of `source`, published n hours after 2025-01-06T12:00Z.
inline Article numbered_article(int n, const std::string& source = "kommune21") {
  Article a;
  a.id = source + "-" + std::to_string(n);
  a.source_id = source;
  a.url = "https://example.org/" + source + "/" + std::to_string(n);
  a.kicker = n % 2 ? "Bremen" : "Bayern";
  a.title = "Digitalisierung Nummer " + std::to_string(n);
  a.summary = "<p>Die Verwaltung wird <b>digital</b>, Folge " + std::to_string(n) + ".</p>";
  a.author = "Redaktion";
  a.published = unix_time(1736164800 + n * 3600);
  a.image = Image{"https://example.org/img/" + std::to_string(n) + ".jpg", "Rathaus Nr. " +
                  std::to_string(n), "", ""};
  a.language = "de";
  a.first_seen = *a.published;
  a.last_seen = *a.published;
  a.content_hash = "h" + std::to_string(n);
  return a;
}

inline config::Config site_config(const std::string& db) {
  config::Config c;
  c.daemon.database = db;
  c.publish.base_url = "http://127.0.0.1:8080/";
  c.publish.title = "Kommunalfeed Test";
  config::Output all;
  all.id = "all";
  all.title = "Alle Meldungen";
  all.limit = 3;
  config::Output bremen;
  bremen.id = "bremen";
  bremen.title = "Bremen";
  bremen.kickers = {"Bremen"};
  bremen.limit = 100;
  c.publish.outputs = {all, bremen};
  config::Source k21;
  k21.id = "kommune21";
  k21.name = "Kommune21";
  k21.url = "https://www.kommune21.de/rss";
  k21.interval = std::chrono::seconds{120};
  config::Source egov;
  egov.id = "egovernment";
  egov.name = "eGovernment <Nachrichten>";
  egov.type = config::SourceType::html;
  egov.url = "https://www.egovernment.de/news/?a=1&b=2";
  c.sources = {k21, egov};
  return c;
}

// Five articles of kommune21, one hostile one of egovernment, fetch history
// for kommune21 (one failure) and an error state for egovernment.
inline void fill_store(Store& store) {
  for (int n = 1; n <= 5; ++n) (void)store.upsert_article(numbered_article(n));
  Article evil = numbered_article(0, "egovernment");
  evil.title = "<script>alert(1)</script> & \"Zitat\"";
  evil.kicker = "<b>Kicker</b>";
  evil.image.url = "http://insecure.example.org/x.jpg";
  (void)store.upsert_article(evil);
  for (int i = 0; i < 6; ++i) {
    FetchRecord f;
    f.source_id = "kommune21";
    f.started = unix_time(1736164800 + i * 600);
    f.url = "https://www.kommune21.de/rss";
    f.http_status = i == 2 ? 500 : 200;
    f.duration_ms = 100 + i * 50;
    if (i == 2) f.error = "HTTP 500";
    (void)store.record_fetch(f);
  }
  SourceState s;
  s.source_id = "egovernment";
  s.last_fetch = unix_time(1736200000);
  s.last_status = 503;
  s.consecutive_errors = 2;
  s.last_error = "fetch: <timeout> at https://www.egovernment.de/";
  (void)store.save_source_state(s);
}

}  // namespace kf::test
