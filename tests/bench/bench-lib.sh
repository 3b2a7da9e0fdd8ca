# Shared pieces of run-round-bench and run-scale-bench (sourced, not run):
# the Release build, the generated corpus, nginx on 127.0.0.1 and feeds.yaml.
# Expects `step` and `root`/`here` from the caller; sets `port`.

# nginx serves the corpus: a real, fast static server, so the server is not
# what limits a round. It is not a build dependency, so say how to get it.
require_nginx() {
  if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
    echo "$(basename "$0"): nginx is not installed; it serves the corpus on 127.0.0.1." >&2
    echo "  install it with:  apt-get install -y nginx-light   (or the package nginx)" >&2
    exit 1
  fi
  PATH="$PATH:/usr/sbin"
}

machine_summary() {
  echo "nproc: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "load:  $(cut -d" " -f1-3 /proc/loadavg) (1/5/15 min) at start"
}

# build_targets BUILD_DIR TARGET… (Release)
build_targets() {
  local build=$1; shift
  if [[ ! -f "$build/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  fi
  cmake "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$build" --target "$@" -j2 >&2
}

# ensure_corpus BUILD_DIR FEEDS: prints the corpus directory. Shares the
# corpus (and its stamp) with run-parse-bench.
ensure_corpus() {
  local build=$1 feeds=$2
  local corpus="$build/bench-corpus"
  local stamp
  stamp="$(sha256sum "$here/gen_feeds.py" | cut -c1-16)-$feeds"
  if [[ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]]; then
    step "generate corpus ($feeds feeds)"
    rm -rf "$corpus"
    /usr/bin/python3 "$here/gen_feeds.py" "$corpus" --feeds "$feeds" >&2
    echo "$stamp" >"$corpus/.stamp"
  fi
  echo "$corpus"
}

# ensure_pages BUILD_DIR PAGES: prints the directory of PAGES generated
# article pages (gen_pages.py), regenerated only when a generator or the
# count changed. Shared by run-scrape-bench and run-round-bench.
ensure_pages() {
  local build=$1 pages=$2
  local corpus="$build/bench-pages"
  local stamp
  stamp="$(cat "$here/gen_pages.py" "$root/tests/scrape/make_fixtures.py" | sha256sum | cut -c1-16)-$pages"
  if [[ "$(cat "$corpus/.stamp" 2>/dev/null)" != "$stamp" ]]; then
    step "generate pages ($pages)"
    rm -rf "$corpus"
    /usr/bin/python3 -B "$here/gen_pages.py" "$corpus" --pages "$pages" >&2
    echo "$stamp" >"$corpus/.stamp"
  fi
  echo "$corpus"
}

free_port() {
  /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_nginx WORK_DIR CORPUS_DIR [ACCESS_LOG]: one worker on 127.0.0.1:$port,
# files copied into WORK_DIR/www (nginx's worker must be able to read them).
# With ACCESS_LOG, every request is logged there (status in field 2).
nginx_pid=""
start_nginx() {
  local work=$1 corpus=$2 access_log=${3:-}
  mkdir -p "$work/www" "$work/nginx-tmp"
  cp "$corpus"/feed-*.xml "$work/www/"
  chmod -R a+rX "$work"
  port=$(free_port)
  local log_line="access_log off;"
  [[ -n "$access_log" ]] && log_line="log_format st '\$msec \$status'; access_log $access_log st buffer=64k flush=1s;"
  local user_line=""
  [[ $(id -u) == 0 ]] && user_line="user root;"
  cat >"$work/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  $log_line
  client_body_temp_path $work/nginx-tmp/body;
  proxy_temp_path $work/nginx-tmp/proxy;
  fastcgi_temp_path $work/nginx-tmp/fastcgi;
  uwsgi_temp_path $work/nginx-tmp/uwsgi;
  scgi_temp_path $work/nginx-tmp/scgi;
  types { application/rss+xml xml; text/html html; }
  sendfile on;
  tcp_nopush on;
  etag on;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  open_file_cache max=20000 inactive=600s;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
  }
}
EOF
  nginx -p "$work" -c "$work/nginx.conf" &
  nginx_pid=$!
  for _ in $(seq 1 100); do
    if curl -fso /dev/null "http://127.0.0.1:$port/feed-0000.xml"; then return 0; fi
    sleep 0.05
  done
  echo "$(basename "$0"): nginx did not come up:" >&2
  cat "$work/nginx-error.log" >&2
  exit 1
}

stop_nginx() {
  if [[ -n "$nginx_pid" ]]; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    nginx_pid=""
  fi
}

# write_config PATH URLS_FILE DATABASE CONCURRENCY PER_HOST INTERVAL: one feed
# source per URL, politeness relaxed (delay 0), loopback allowed.
write_config() {
  local path=$1 urls=$2 db=$3 concurrency=$4 per_host=$5 interval=$6
  {
    cat <<EOF
daemon:
  database: $db
  allow_private_networks: true
  min_interval: 1s
  interval: $interval
  concurrency: $concurrency
  per_host: {concurrency: $per_host, delay: 0}
  log_level: warn
sources:
EOF
    awk '{ printf "  - id: s-%05d\n    type: feed\n    url: %s\n", NR - 1, $0 }' "$urls"
  } >"$path"
}

# timed_fetch KOMMUNALFEED WORK_DIR NAME EXPECTED_STATUS BYTES: one
# `kommunalfeed fetch` round under /usr/bin/time; prints a RESULT line with
# wall seconds, peak RSS and whether every source answered EXPECTED_STATUS.
timed_fetch() {
  local kf=$1 work=$2 name=$3 want=$4 bytes=$5
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/time.txt" \
    "$kf" fetch --log-level info --config "$work/feeds.yaml" >"$work/table-$name.txt" \
    2>"$work/stderr-$name.txt" || rc=$?
  t1=$(date +%s.%N)
  local total matching
  total=$(tail -n +3 "$work/table-$name.txt" | wc -l)
  matching=$(awk -v w="$want" 'NR > 2 && $2 == w' "$work/table-$name.txt" | wc -l)
  if [[ $rc != 0 || $matching != "$total" || $total == 0 ]]; then
    echo "$name: exit $rc, $matching of $total sources answered $want; stderr:" >&2
    head -5 "$work/stderr-$name.txt" >&2
  fi
  # The daemon's own measure of the round (scheduling to last commit), which
  # leaves out process start-up and the closing checkpoint like the bare
  # client's in-process clock does.
  local round
  round=$(sed -n 's/.*fetch: round of [0-9]* sources done in \([0-9.]*\) s.*/\1/p' "$work/stderr-$name.txt")
  awk -v n="$name" -v t0="$t0" -v t1="$t1" -v b="$bytes" -v rss="$(tail -1 "$work/time.txt")" \
      -v total="$total" -v m="$matching" -v rc="$rc" -v round="${round:-0}" 'BEGIN {
    s = t1 - t0
    ok = (rc == 0 && m == total && total > 0)
    printf "RESULT name=%s feeds=%d matching=%d seconds=%.4f feeds_per_s=%.1f mb_per_s=%.2f maxrss_kb=%d ok=%d\n",
           n, total, m, s, total / s, b / 1e6 / s, rss, ok
    if (round > 0)
      printf "RESULT name=%s_round feeds=%d seconds=%.4f feeds_per_s=%.1f mb_per_s=%.2f ok=%d\n",
             n, total, round, total / round, b / 1e6 / round, ok
  }'
}
