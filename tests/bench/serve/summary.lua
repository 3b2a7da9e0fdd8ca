-- wrk script for run-serve-bench: only done(), so wrk's request loop stays
-- the built-in one (a response() callback would make wrk buffer every body).
-- Prints one machine-readable line; the runner checks bytes per response and
-- the error counts, so a fast error page cannot pass for the real answer.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK requests=%d bytes=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "lat_mean_us=%.1f lat_p50_us=%d lat_p99_us=%d lat_max_us=%d\n",
    summary.requests, summary.bytes, summary.duration, e.connect, e.read, e.write, e.status,
    e.timeout, latency.mean, latency:percentile(50), latency:percentile(99), latency.max))
end
