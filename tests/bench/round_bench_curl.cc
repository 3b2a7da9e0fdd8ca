// The practical limit for one fetch round: a bare libcurl-multi downloader
// (curl_multi_poll, no Asio, no parsing, no storage) that fetches a list of
// URLs with N transfers in flight, keeping connections alive as kommunalfeed
// does. Pass 1 downloads everything and remembers ETag/Last-Modified; pass 2
// sends them back (If-None-Match / If-Modified-Since), the bare cost of an
// all-304 round. Used by tests/bench/run-round-bench; prints RESULT lines.
//
//   round_bench_curl --concurrency N URLS_FILE
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Slot {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::size_t url_index = 0;
  std::string body;  // received into memory like the daemon does, then dropped
};

struct UrlState {
  std::string url;
  std::string etag;
  std::string last_modified;
  long status = 0;
};

struct PassResult {
  std::size_t done = 0, failed = 0, status_200 = 0, status_304 = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
};

std::vector<UrlState>* g_urls = nullptr;

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  static_cast<Slot*>(user)->body.append(data, size * n);
  return size * n;
}

// Remembers the validators of the URL the slot is fetching.
std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
  const std::string_view line(data, size * n);
  auto* slot = static_cast<Slot*>(user);
  auto value_of = [&](std::string_view name) -> std::string {
    if (line.size() <= name.size() || strncasecmp(line.data(), name.data(), name.size()) != 0)
      return {};
    std::string_view v = line.substr(name.size());
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' '))
      v.remove_suffix(1);
    return std::string(v);
  };
  UrlState& u = (*g_urls)[slot->url_index];
  if (auto e = value_of("etag:"); !e.empty()) u.etag = e;
  if (auto m = value_of("last-modified:"); !m.empty()) u.last_modified = m;
  return size * n;
}

void start(CURLM* multi, Slot& slot, std::size_t index, bool conditional) {
  UrlState& u = (*g_urls)[index];
  slot.url_index = index;
  slot.body.clear();
  curl_slist_free_all(slot.headers);
  slot.headers = nullptr;
  if (conditional) {
    if (!u.etag.empty()) slot.headers = curl_slist_append(slot.headers, ("If-None-Match: " + u.etag).c_str());
    if (!u.last_modified.empty())
      slot.headers =
          curl_slist_append(slot.headers, ("If-Modified-Since: " + u.last_modified).c_str());
  }
  curl_easy_setopt(slot.easy, CURLOPT_URL, u.url.c_str());
  curl_easy_setopt(slot.easy, CURLOPT_HTTPHEADER, slot.headers);
  curl_multi_add_handle(multi, slot.easy);
}

PassResult run_pass(CURLM* multi, std::vector<Slot>& slots, bool conditional) {
  PassResult r;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t next = 0;
  const std::size_t total = g_urls->size();
  for (auto& slot : slots) {
    if (next < total) start(multi, slot, next++, conditional);
  }
  int running = 1;
  while (r.done < total) {
    curl_multi_perform(multi, &running);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Slot* slot = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&slot));
      long status = 0;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &status);
      ++r.done;
      if (msg->data.result != CURLE_OK) ++r.failed;
      if (status == 200) ++r.status_200;
      if (status == 304) ++r.status_304;
      r.bytes += slot->body.size();
      curl_multi_remove_handle(multi, msg->easy_handle);
      if (next < total) start(multi, *slot, next++, conditional);
    }
    if (r.done < total) curl_multi_poll(multi, nullptr, 0, 1000, nullptr);
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

void print(const char* name, const PassResult& r, std::size_t feeds) {
  std::printf("RESULT name=%s feeds=%zu done=%zu failed=%zu s200=%zu s304=%zu bytes=%llu "
              "seconds=%.4f feeds_per_s=%.1f mb_per_s=%.2f\n",
              name, feeds, r.done, r.failed, r.status_200, r.status_304,
              static_cast<unsigned long long>(r.bytes), r.seconds, r.done / r.seconds,
              r.bytes / 1e6 / r.seconds);
}

}  // namespace

int main(int argc, char** argv) {
  long concurrency = 16;
  std::string urls_file;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--concurrency" && i + 1 < argc) {
      concurrency = std::strtol(argv[++i], nullptr, 10);
    } else if (!a.starts_with("-")) {
      urls_file = a;
    } else {
      std::cerr << "usage: round_bench_curl [--concurrency N] URLS_FILE\n";
      return 2;
    }
  }
  std::vector<UrlState> urls;
  std::ifstream in(urls_file);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) urls.push_back({line, "", "", 0});
  if (urls.empty() || concurrency < 1) {
    std::cerr << "round_bench_curl: no URLs in '" << urls_file << "' or bad concurrency\n";
    return 2;
  }
  g_urls = &urls;

  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM* multi = curl_multi_init();
  std::vector<Slot> slots(static_cast<std::size_t>(concurrency));
  for (auto& slot : slots) {
    slot.easy = curl_easy_init();
    curl_easy_setopt(slot.easy, CURLOPT_PRIVATE, static_cast<void*>(&slot));
    curl_easy_setopt(slot.easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(slot.easy, CURLOPT_WRITEDATA, static_cast<void*>(&slot));
    curl_easy_setopt(slot.easy, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(slot.easy, CURLOPT_HEADERDATA, static_cast<void*>(&slot));
    curl_easy_setopt(slot.easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(slot.easy, CURLOPT_ACCEPT_ENCODING, "");  // as the daemon
    curl_easy_setopt(slot.easy, CURLOPT_FOLLOWLOCATION, 1L);
  }

  const PassResult full = run_pass(multi, slots, false);
  const PassResult conditional = run_pass(multi, slots, true);
  print("bare_full", full, urls.size());
  print("bare_304", conditional, urls.size());

  for (auto& slot : slots) {
    curl_easy_cleanup(slot.easy);
    curl_slist_free_all(slot.headers);
  }
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  return full.failed + conditional.failed == 0 ? 0 : 1;
}
