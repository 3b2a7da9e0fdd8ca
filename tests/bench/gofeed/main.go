// gofeed_bench times github.com/mmcdole/gofeed on the benchmark corpus, the
// same way parse_bench times our parser: every file is read into memory
// first, one untimed warm-up pass, then only parsing is timed over R passes.
//
//	gofeed_bench [-reps R] DIR
//
// Prints one "RESULT key=value..." line for run-parse-bench.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/mmcdole/gofeed"
)

// cpuSeconds is the CPU time of the whole process, GC threads included: on a
// shared machine wall time also counts the time other processes held a core.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

func main() {
	reps := flag.Int("reps", 5, "timed passes over the corpus")
	flag.Parse()
	if flag.NArg() != 1 || *reps < 1 {
		fmt.Fprintln(os.Stderr, "usage: gofeed_bench [-reps R] DIR")
		os.Exit(2)
	}
	paths, err := filepath.Glob(filepath.Join(flag.Arg(0), "*.xml"))
	if err != nil || len(paths) == 0 {
		fmt.Fprintf(os.Stderr, "gofeed_bench: no .xml files in %s\n", flag.Arg(0))
		os.Exit(2)
	}
	sort.Strings(paths)
	corpus := make([][]byte, len(paths))
	totalBytes := 0
	for i, p := range paths {
		if corpus[i], err = os.ReadFile(p); err != nil {
			fmt.Fprintln(os.Stderr, "gofeed_bench:", err)
			os.Exit(1)
		}
		totalBytes += len(corpus[i])
	}

	// The warm-up pass also counts items and refuses to time a failing parser.
	items := 0
	for i, b := range corpus {
		feed, err := gofeed.NewParser().Parse(bytes.NewReader(b))
		if err != nil {
			fmt.Fprintf(os.Stderr, "gofeed_bench: %s: %v\n", paths[i], err)
			os.Exit(1)
		}
		items += len(feed.Items)
	}

	sink := 0
	start := time.Now()
	cpuStart := cpuSeconds()
	for r := 0; r < *reps; r++ {
		for _, b := range corpus {
			feed, _ := gofeed.NewParser().Parse(bytes.NewReader(b))
			if feed != nil {
				sink += len(feed.Items)
			}
		}
	}
	seconds := time.Since(start).Seconds()
	cpu := cpuSeconds() - cpuStart
	if sink != items**reps {
		fmt.Fprintln(os.Stderr, "gofeed_bench: item count changed between passes")
		os.Exit(1)
	}
	n := float64(*reps)
	fmt.Printf("RESULT name=gofeed feeds=%d items=%d bytes=%d reps=%d seconds=%.6f cpu_seconds=%.6f "+
		"feeds_per_s=%.1f items_per_s=%.1f mb_per_s=%.2f cpu_feeds_per_s=%.1f\n",
		len(corpus), items, totalBytes, *reps, seconds, cpu, float64(len(corpus))*n/seconds,
		float64(items)*n/seconds, float64(totalBytes)*n/1e6/seconds, float64(len(corpus))*n/cpu)
}
