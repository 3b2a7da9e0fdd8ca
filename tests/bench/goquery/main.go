// goquery_bench times github.com/PuerkitoBio/goquery (golang.org/x/net/html
// parser, cascadia selectors) extracting the fields of the scrape fixture
// rules (tests/scrape/fixtures/feeds.yaml, source kommune21-test) from the
// scrape benchmark pages, the way scrape_bench times ours: every page is read
// into memory first, one untimed warm-up pass, then R timed passes. Selectors
// are compiled once, as ours are at config load; the rules' XPath selectors
// are written here as the equivalent CSS plus node steps.
//
//	goquery_bench [-reps R] DIR
//
// Prints one "FIELDS ..." line (non-empty field counts, compared by
// run-scrape-bench with ours) and one "RESULT key=value..." line.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"
)

func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

var (
	selKicker    = cascadia.MustCompile("h1.entry-title .dachzeile")
	selTitle     = cascadia.MustCompile("h1.entry-title")
	selDate      = cascadia.MustCompile("p.lead .datum")
	selLead      = cascadia.MustCompile("p.lead") // XPath //p[@class='lead']/text()[1]
	selBody      = cascadia.MustCompile("div.entry-content")
	selRemove    = cascadia.MustCompile(".sharing, .ad-slot")
	selImage     = cascadia.MustCompile("figure.wp-caption img")
	selImageAlt  = cascadia.MustCompile("figure.wp-caption > img")
	selCaption   = cascadia.MustCompile("figcaption .caption")
	selCredit    = cascadia.MustCompile("figcaption > span.credit") // XPath //figcaption/span[@class='credit']
	selAuthor    = cascadia.MustCompile(".byline .author")
	selCategory  = cascadia.MustCompile(".cat-links a[rel*=category]")
	selTeaser    = cascadia.MustCompile("aside div.teaser")
	selTeaserA   = cascadia.MustCompile("h3 a")
	selChildP    = cascadia.MustCompile("p")
	selDatumSpan = cascadia.MustCompile("span.datum") // XPath ./p/span[@class='datum']

	reDate          = regexp.MustCompile(`\[(.*)\]`)
	reCredit        = regexp.MustCompile(`\(Bildquelle: (.*)\)`)
	reTeaserKicker  = regexp.MustCompile(`^(.*?):`)
	reTeaserTitle   = regexp.MustCompile(`^.*?: (.*)$`)
	reTeaserSummary = regexp.MustCompile(`^\[[0-9.]+\]\s*(.*?)\s*mehr\.\.\.$`)
)

// collapse trims and folds ASCII whitespace runs to one space, as ours does.
func collapse(s string) string {
	var b strings.Builder
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

func text(s *goquery.Selection) string { return collapse(s.Text()) }

func capture(re *regexp.Regexp, s string) string {
	if m := re.FindStringSubmatch(s); m != nil {
		return collapse(m[1])
	}
	return ""
}

// withoutKicker drops the kicker and the separators after it from the title.
func withoutKicker(title, kicker string) string {
	if kicker == "" || !strings.HasPrefix(title, kicker) {
		return title
	}
	rest := title[len(kicker):]
	for i := 0; i < 3; i++ {
		for _, sep := range []string{" ", ":", "|", "-", "\u2013", "\u2014"} {
			rest = strings.TrimPrefix(rest, sep)
		}
	}
	if rest == "" {
		return title
	}
	return rest
}

type teaser struct{ kicker, title, date, summary, link string }

type page struct {
	kicker, title, date, lead, body, image, imageAlt, caption, credit, author string
	categories                                                              []string
	teasers                                                                 []teaser
}

func scrape(b []byte) (*page, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	root := doc.Selection
	p := &page{}
	first := func(m goquery.Matcher) *goquery.Selection { return root.FindMatcher(m).First() }
	p.kicker = text(first(selKicker))
	p.title = withoutKicker(text(first(selTitle)), p.kicker)
	p.date = capture(reDate, text(first(selDate)))
	for c := first(selLead).Nodes; len(c) > 0; c = nil {
		for n := c[0].FirstChild; n != nil; n = n.NextSibling {
			if n.Type == html.TextNode {
				p.lead = collapse(n.Data)
				break
			}
		}
	}
	p.image, _ = first(selImage).Attr("src")
	alt, _ := first(selImageAlt).Attr("alt")
	p.imageAlt = collapse(alt)
	p.caption = text(first(selCaption))
	p.credit = capture(reCredit, text(first(selCredit)))
	p.author = text(first(selAuthor))
	root.FindMatcher(selCategory).Each(func(_ int, s *goquery.Selection) {
		if t := text(s); t != "" {
			p.categories = append(p.categories, t)
		}
	})
	root.FindMatcher(selTeaser).Each(func(_ int, s *goquery.Selection) {
		a := s.FindMatcher(selTeaserA).First()
		head := text(a)
		t := teaser{kicker: capture(reTeaserKicker, head)}
		t.title = withoutKicker(capture(reTeaserTitle, head), t.kicker)
		t.date = text(s.ChildrenMatcher(selChildP).ChildrenMatcher(selDatumSpan).First())
		t.summary = capture(reTeaserSummary, text(s.FindMatcher(selChildP).First()))
		t.link, _ = a.Attr("href")
		p.teasers = append(p.teasers, t)
	})
	// Last: removing the sharing and ad blocks changes the tree.
	body := first(selBody)
	body.FindMatcher(selRemove).Remove()
	if len(body.Nodes) > 0 {
		if p.body, err = body.Html(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

type fields map[string]int

func (f fields) add(p *page) {
	count := func(key, s string) {
		if s != "" {
			f[key]++
		}
	}
	count("kicker", p.kicker)
	count("title", p.title)
	f["title_bytes"] += len(p.title)
	count("date", p.date)
	count("lead", p.lead)
	count("body", p.body)
	count("image", p.image)
	count("image_alt", p.imageAlt)
	count("caption", p.caption)
	count("credit", p.credit)
	count("author", p.author)
	f["categories"] += len(p.categories)
	for _, t := range p.teasers {
		f["teasers"]++
		count("teaser_kicker", t.kicker)
		count("teaser_title", t.title)
		f["teaser_title_bytes"] += len(t.title)
		count("teaser_date", t.date)
		count("teaser_summary", t.summary)
		count("teaser_link", t.link)
	}
}

var fieldOrder = []string{"kicker", "title", "date", "lead", "body", "image", "image_alt", "caption", "credit",
	"author", "categories", "teasers", "teaser_kicker", "teaser_title", "teaser_date", "teaser_summary",
	"teaser_link", "title_bytes", "teaser_title_bytes"}

func main() {
	reps := flag.Int("reps", 3, "timed passes over the corpus")
	flag.Parse()
	if flag.NArg() != 1 || *reps < 1 {
		fmt.Fprintln(os.Stderr, "usage: goquery_bench [-reps R] DIR")
		os.Exit(2)
	}
	paths, err := filepath.Glob(filepath.Join(flag.Arg(0), "*.html"))
	if err != nil || len(paths) == 0 {
		fmt.Fprintf(os.Stderr, "goquery_bench: no .html files in %s\n", flag.Arg(0))
		os.Exit(2)
	}
	sort.Strings(paths)
	corpus := make([][]byte, len(paths))
	totalBytes := 0
	for i, p := range paths {
		if corpus[i], err = os.ReadFile(p); err != nil {
			fmt.Fprintln(os.Stderr, "goquery_bench:", err)
			os.Exit(1)
		}
		totalBytes += len(corpus[i])
	}

	// The warm-up pass also counts the fields and refuses to time a failing parser.
	f := fields{}
	for i, b := range corpus {
		p, err := scrape(b)
		if err != nil {
			fmt.Fprintf(os.Stderr, "goquery_bench: %s: %v\n", paths[i], err)
			os.Exit(1)
		}
		f.add(p)
	}
	fmt.Print("FIELDS name=goquery")
	for _, k := range fieldOrder {
		fmt.Printf(" %s=%d", k, f[k])
	}
	fmt.Println()

	sink := 0
	start := time.Now()
	cpuStart := cpuSeconds()
	for r := 0; r < *reps; r++ {
		for _, b := range corpus {
			if p, _ := scrape(b); p != nil {
				sink += len(p.teasers)
			}
		}
	}
	seconds := time.Since(start).Seconds()
	cpu := cpuSeconds() - cpuStart
	if sink != f["teasers"]**reps {
		fmt.Fprintln(os.Stderr, "goquery_bench: teaser count changed between passes")
		os.Exit(1)
	}
	n := float64(*reps)
	fmt.Printf("RESULT name=goquery pages=%d bytes=%d reps=%d seconds=%.6f cpu_seconds=%.6f pages_per_s=%.1f "+
		"mb_per_s=%.2f cpu_pages_per_s=%.1f\n", len(corpus), totalBytes, *reps, seconds, cpu,
		float64(len(corpus))*n/seconds, float64(totalBytes)*n/1e6/seconds, float64(len(corpus))*n/cpu)
}
