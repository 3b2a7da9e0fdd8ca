#!/usr/bin/python3
"""Times Python feedparser on the benchmark corpus, like parse_bench.

Usage: feedparser_bench.py [--reps R] [--limit N] DIR

Every file is read into memory first; only feedparser.parse(bytes) is timed.
feedparser also sanitizes HTML and resolves relative URLs, so it is compared
with our parse+normalize path. It is slow, hence one pass and an optional
--limit on the number of feeds (throughput is per feed, so a prefix of the
interleaved corpus gives the same rate). Prints one "RESULT key=value..."
line for run-parse-bench.
"""

import argparse
import glob
import os
import sys
import time

import feedparser


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N feeds (0: all)")
    args = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(args.dir, "*.xml")))
    if args.limit > 0:
        paths = paths[:args.limit]
    if not paths:
        sys.exit("feedparser_bench: no .xml files in %s" % args.dir)
    corpus = []
    for p in paths:
        with open(p, "rb") as f:
            corpus.append(f.read())
    total_bytes = sum(len(b) for b in corpus)

    items = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(args.reps):
        for p, b in zip(paths, corpus):
            d = feedparser.parse(b)
            if d.bozo and not d.entries:
                sys.exit("feedparser_bench: %s: %s" % (p, d.bozo_exception))
            items += len(d.entries)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    n = len(corpus) * args.reps
    print("RESULT name=feedparser feeds=%d items=%d bytes=%d reps=%d seconds=%.6f cpu_seconds=%.6f "
          "feeds_per_s=%.1f items_per_s=%.1f mb_per_s=%.2f cpu_feeds_per_s=%.1f"
          % (len(corpus), items // args.reps, total_bytes, args.reps, seconds, cpu,
             n / seconds, items / seconds, total_bytes * args.reps / 1e6 / seconds, n / cpu))


if __name__ == "__main__":
    main()
