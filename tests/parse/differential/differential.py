#!/usr/bin/python3
"""Differential test of kommunalfeed's parse + normalize against feedparser.

Run with /usr/bin/python3: Debian's python3-feedparser 6.0.10 is the
reference, and the python3 first on PATH (pyenv) does not have it.

Agreement mode (default): parses every file under --corpus with feedparser
and, in one process, with parse_dump (--dump), then compares per file the
entry count and per entry, by position, title, link, id, published and
author. Prints a summary, writes the full report to --report, and exits 1
when fewer than --min of the reference's entries agree on every field.

Sanitize mode (--sanitize DIR): checks that nothing dangerous survives in
our output for the files under DIR (title, link, summary, content): no
script/style/iframe/object/embed/form/svg/math element, no on* / style /
srcdoc / formaction attribute, and no URL attribute whose value is not
http(s) or relative. Exits 1 on any violation.

Both modes give each document the same base URL on both sides:
http://127.0.0.1:8097/tests/wellformed/<relative path>, the URL feedparser's
own test server uses (the corpus Expect lines assume it), replaced by a
"Header: Content-Location:" from the file's leading comment when that
resolves to an http(s) URL (feedparser's rule for the base URI).

Comparison normalization (applied to both sides unless noted):
  * missing, None and "" are equal;
  * whitespace runs collapse to one space, ends are trimmed;
  * title: feedparser keeps markup in titles of type text/html or
    application/xhtml+xml; those are reduced to their text (tags dropped,
    entities decoded), since our Article.title is plain text by contract;
  * published: feedparser's published_parsed, else updated_parsed (ours falls
    back the same way), both already UTC, as RFC 3339 "YYYY-MM-DDTHH:MM:SSZ";
  * id: feedparser's entry.id against our FeedItem.guid, as written;
  * link: feedparser's entry.link against the link a reader gets from us
    (parse_dump: Article.url in its written form, so including normalize's
    fallback to a permalink guid and empty when normalize drops the link);
    scheme and host compared case-insensitively.
"""

import argparse
import calendar
import html
import html.parser
import io
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
from collections import defaultdict

import feedparser

BASE_URL = "http://127.0.0.1:8097/tests/wellformed/"
FIELDS = ("title", "link", "id", "published", "author")


# ---------------------------------------------------------------- corpus files

def corpus_files(root):
    files = []
    for dirpath, _, names in os.walk(root):
        files.extend(os.path.join(dirpath, n) for n in names)
    return sorted(files)


def corpus_headers(data):
    """The "Header: Name: value" lines of the leading XML comment."""
    text = data.decode("utf-8", "replace")
    headers = {}
    if not text.lstrip().startswith("<!--"):
        return headers
    comment = text[text.find("<!--") + 4:text.find("-->")]
    for line in comment.splitlines():
        m = re.search(r"Header:\s*([^:]+):(.*)", line)
        if m:
            headers[m.group(1).strip().lower()] = m.group(2).strip()
    return headers


def base_url(root, path, headers):
    url = BASE_URL + os.path.relpath(path, root).replace(os.sep, "/")
    location = headers.get("content-location")
    if location:
        joined = urllib.parse.urljoin(url, location)
        if urllib.parse.urlsplit(joined).scheme in ("http", "https"):
            url = joined
    return url


# ------------------------------------------------------------------ both sides

def reference(root, path):
    with open(path, "rb") as f:
        data = f.read()
    headers = corpus_headers(data)
    headers["content-location"] = base_url(root, path, headers)
    # A BytesIO, not the path: feedparser would give a file path no base URL.
    try:
        d = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as e:  # feedparser's sgmllib asserts on odd declarations
        return {"crash": "%s: %s" % (type(e).__name__, e), "entries": []}
    entries = []
    for e in d.entries:
        when = e.get("published_parsed") or e.get("updated_parsed")
        title_type = (e.get("title_detail") or {}).get("type", "text/plain")
        title = e.get("title", "")
        if title_type in ("text/html", "application/xhtml+xml"):
            title = html_text(title)
        entries.append({
            "title": title,
            "link": e.get("link", ""),
            "id": e.get("id", ""),
            "published": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(when)))
                         if when else None,
            # feedparser composes "name (email)"; author_detail has the name alone,
            # which is what our Article.author holds (no addresses republished).
            "author": (e.get("author_detail") or {}).get("name") or e.get("author", ""),
            "author_raw": e.get("author", ""),
        })
    return {"bozo": bool(d.get("bozo")), "version": d.get("version", ""), "entries": entries}


def ours(dump, root, paths):
    out = subprocess.run([dump, "--root", root, "--base-url", BASE_URL] + paths,
                         check=True, capture_output=True)
    result = {}
    for line in out.stdout.decode("utf-8").splitlines():
        obj = json.loads(line)
        result[obj["file"]] = obj
    return result


class TextOnly(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def html_text(s):
    p = TextOnly()
    p.feed(s)
    p.close()
    return "".join(p.parts)


def url_key(url):
    """The URL with scheme and host lower-cased (RFC 3986 6.2.2.1: equal URLs)."""
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme and parts.netloc:
            return urllib.parse.urlunsplit(parts._replace(scheme=parts.scheme.lower(),
                                                          netloc=parts.netloc.lower()))
    except ValueError:
        pass
    return url


def norm(v):
    if v is None:
        return ""
    return " ".join(str(v).split())


# ----------------------------------------------------------------- categories

# Category names; DIFFERENCES.md has one section per name. "(fixed; ...)"
# marks the ones where ours was wrong: any hit there is a regression.
CDF = "CDF document not read (fixed: parse/cdf.cc; a hit is a regression)"
NO_NS_ATOM = "Atom feed without the Atom namespace reads as empty (fixed; a hit is a regression)"
ITEM_IN_ATOM = "reference reads <item> as an Atom entry"
ATOM_IN_RSS = "reference reads Atom elements inside an RSS item"
BASE64 = "base64 text (Atom 0.3 mode, Atom 1.0 non-text type) is not decoded (fixed; a hit is a regression)"
MEDIA_TITLE = "media:title not used as the missing title (fixed; a hit is a regression)"
NESTED_TITLE = "reference takes a nested <image><title> as the entry title"
BROWSER_TEXT = "title of hostile HTML: ours is the text a browser shows"
ID_AS_LINK = "reference makes an id that is no URL the entry link"
ID_RESOLVED = "reference resolves an opaque id as a URL against the base"
BAD_URL = "reference empties an unparseable URL"
DTD_ENTITY = "entity declared in the internal DTD subset is not expanded (fixed; a hit is a regression)"
CREATED = "ours reads created (Atom 0.3, dcterms) as the published date"
LAST_AUTHOR = "several authors: reference keeps the last, ours the first"
SOURCE_AUTHOR = "ours takes the author of the entry's atom:source (RFC 4287 4.2.1)"
FEED_AUTHOR = "ours inherits the feed's author (Atom: RFC 4287 4.2.1)"
URI_AUTHOR = "author with only a URI: ours shows the URI as the name (fixed; a hit is a regression)"
DC_FALLBACK = "ours falls back to dc:contributor / dc:publisher as author"
DC_AUTHOR = "dc:author is not read (fixed; a hit is a regression)"
NAME_EMAIL = "author written 'Name (email)' keeps the address (fixed; a hit is a regression)"
OTHER = "uncategorized"

ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")


def root_tag(text):
    """The root element's start tag, e.g. '<feed xmlns="...">'."""
    body = re.sub(r"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>[]*(\[.*?\])?\s*>", "", text, flags=re.S)
    m = re.search(r"<[A-Za-z][^>]*>", body)
    return m.group(0) if m else ""


def entry_start(text):
    positions = [p for p in (text.find("<item"), text.find("<entry")) if p >= 0]
    return min(positions) if positions else len(text)


def is_bad_url(value):
    try:
        urllib.parse.urlsplit(value)
        return "[" in urllib.parse.urlsplit(value).netloc and "]" not in value
    except ValueError:
        return True


def categorize(field, ref, our, ctx):
    """Names the reason for one disagreement (see DIFFERENCES.md).

    ctx: text (the file), rel (its path), our_doc, ref_doc, ref_entry.
    """
    text, rel, our_doc = ctx["text"], ctx["rel"], ctx["our_doc"]
    root = root_tag(text)
    is_atom = root.lower().startswith("<feed")
    if field == "count":
        if "root element <CHANNEL>" in (our_doc.get("error") or ""):
            return CDF
        default_ns = re.search(r"\sxmlns\s*=\s*[\"']([^\"']*)", root)
        if is_atom and not (default_ns and default_ns.group(1) in ATOM_NAMESPACES) and "<entry" in text:
            return NO_NS_ATOM
        if is_atom and "<item" in text and "<entry" not in text:
            return ITEM_IN_ATOM
        return OTHER
    if not is_atom and re.search(r"<item>.*<link href=", text, re.S):
        return ATOM_IN_RSS
    if field == "title":
        if 'mode="base64"' in text or 'type="application/octet-stream"' in text:
            return BASE64
        if not our and "media:title" in text:
            return MEDIA_TITLE
        if not our and re.search(r"<image>.*<title>", text, re.S):
            return NESTED_TITLE
        if rel.startswith("sanitize/"):
            return BROWSER_TEXT
    if field == "link":
        if not our and is_atom and "<link" not in text[entry_start(text):]:
            return ID_AS_LINK
        if not ref and is_bad_url(our):
            return BAD_URL
    if field == "id":
        if not ref and is_bad_url(our):
            return BAD_URL
        if "<!ENTITY" in text and re.search(r"&\w+;", our):
            return DTD_ENTITY
        if our and (urllib.parse.urljoin(our_doc.get("url", ""), our) == ref or ref.lower() == our.lower()):
            return ID_RESOLVED
    if field == "published":
        if not ref and our and "created" in text:
            return CREATED
    if field == "author":
        entry_text = text[entry_start(text):]
        if ref and not our and "dc:author" in text:
            return DC_AUTHOR
        if ref and our.startswith(ref) and re.fullmatch(r".*\(\S+@\S+\)", our):
            return NAME_EMAIL
        if ref and our and (len(re.findall(r"<(?:\w+:)?(?:author|creator)[ >]", entry_text)) > 1):
            return LAST_AUTHOR
        if not ref and our and re.search(r"<source[ >]", text) and "<author" in text:
            return SOURCE_AUTHOR
        if not ref and our and (our.startswith("/") or re.match(r"https?://", our)):
            return URI_AUTHOR
        if not ref and our and re.search(r"<dc:(contributor|publisher)>", entry_text):
            return DC_FALLBACK
        head = re.sub(r"<!--.*?-->", "", text[:entry_start(text)], flags=re.S)
        if not ref and our and our in head:
            return FEED_AUTHOR
    return OTHER


# ------------------------------------------------------------------ agreement

def agreement(args):
    root = os.path.abspath(args.corpus)
    files = corpus_files(root)
    started = time.time()
    our = ours(args.dump, root, files)
    ref = {f: reference(root, f) for f in files}
    elapsed = time.time() - started

    total = agreeing = 0
    field_counts = defaultdict(int)
    categories = defaultdict(list)  # name -> [(file, index, field, ref, ours)]
    count_mismatch = []
    dropped = strict_agreeing = nontrivial = nontrivial_agreeing = 0
    crashes = []
    for f in files:
        r, o = ref[f], our[f]
        rel = os.path.relpath(f, root)
        if "crash" in r:
            # No reference to compare with: listed, not counted either way.
            crashes.append((rel, r["crash"], len(o["entries"])))
            continue
        with open(f, encoding="utf-8", errors="replace") as fh:
            ctx = {"text": fh.read(), "rel": rel, "our_doc": o, "ref_doc": r}
        r_entries, o_entries = r["entries"], o["entries"]
        dropped += sum(1 for e in o_entries if e.get("dropped"))
        if len(r_entries) != len(o_entries):
            count_mismatch.append(rel)
            cat = categorize("count", len(r_entries), len(o_entries), ctx)
            categories[cat].append((rel, -1, "count", len(r_entries), len(o_entries)))
        for i, re_ in enumerate(r_entries):
            total += 1
            if i >= len(o_entries):
                continue  # counted under the file's entry-count category
            oe = o_entries[i]
            ctx["ref_entry"] = re_
            ok = strict_ok = True
            for field in FIELDS:
                a, b = norm(re_[field]), norm(oe.get(field))
                if field == "link":
                    a, b = url_key(a), url_key(b)
                strict_ok = strict_ok and norm(re_.get(field + "_raw", re_[field])) == norm(oe.get(field))
                if a != b:
                    ok = False
                    field_counts[field] += 1
                    cat = categorize(field, a, b, ctx)
                    categories[cat].append((rel, i, field, a, b))
            agreeing += ok
            strict_agreeing += strict_ok
            # Most corpus entries test one exotic element and leave all five
            # compared fields empty on both sides; this figure leaves them out.
            if any(norm(re_[k]) or norm(oe.get(k)) for k in FIELDS):
                nontrivial += 1
                nontrivial_agreeing += ok

    rate = agreeing / total if total else 0.0
    lines = [
        "Differential agreement: kommunalfeed parse+normalize vs feedparser %s" % feedparser.__version__,
        "corpus: %s (%d files, %.1f s)" % (root, len(files), elapsed),
        "entries in the reference: %d; agreeing on every field: %d (%.2f%%; minimum %.2f%%)"
        % (total, agreeing, 100 * rate, 100 * args.min),
        "  without the author-name and URL-case normalizations: %d (%.2f%%)"
        % (strict_agreeing, 100 * strict_agreeing / max(total, 1)),
        "  among the %d entries with a non-empty compared field on either side: %d (%.2f%%)"
        % (nontrivial, nontrivial_agreeing, 100 * nontrivial_agreeing / max(nontrivial, 1)),
        "files whose entry count differs: %d" % len(count_mismatch),
        "our items dropped by normalize for lack of identity (fields still compared): %d" % dropped,
        "files the reference crashed on (excluded): %d" % len(crashes),
    ] + ["  %s: %s (ours: %d entries)" % c for c in crashes] + [
        "field disagreements: " + ", ".join("%s %d" % (k, field_counts[k]) for k in FIELDS),
        "",
        "categories (disagreements, entries, files; examples):",
    ]
    for cat, hits in sorted(categories.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        hit_files = sorted({h[0] for h in hits})
        hit_entries = {(h[0], max(h[1], 0)) for h in hits}
        lines.append("  %s: %d disagreements, %d entries, %d files"
                     % (cat, len(hits), len(hit_entries), len(hit_files)))
        shown = set()
        for rel, i, field, a, b in hits:
            if rel in shown or len(shown) >= 3:
                continue
            shown.add(rel)
            lines.append("      %s [%s] %s: reference %r, ours %r"
                         % (rel, "count" if i < 0 else "entry %d" % i, field, a, b))
    lines.append("")
    lines.append("all disagreements:")
    for cat, hits in sorted(categories.items()):
        for rel, i, field, a, b in hits:
            lines.append("%s\t%s\t%s\t%s\t%r\t%r" % (cat, rel, i, field, a, b))
    report = "\n".join(lines) + "\n"
    if args.report:
        with open(args.report, "w", encoding="utf-8") as out:
            out.write(report)
    print("\n".join(lines[:lines.index("all disagreements:")]))
    if args.report:
        print("full report: %s" % args.report)
    return 0 if rate >= args.min else 1


# ------------------------------------------------------------------- sanitize

BAD_ELEMENTS = {"script", "style", "iframe", "object", "embed", "form", "svg", "math"}
BAD_ATTRIBUTES = {"style", "srcdoc", "formaction"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "poster", "background", "xlink:href"}


class Checker(html.parser.HTMLParser):
    """Collects what a browser would find dangerous in one HTML fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        self.check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check(tag, attrs)

    def check(self, tag, attrs):
        if tag in BAD_ELEMENTS:
            self.problems.append("<%s> element" % tag)
        for name, value in attrs:
            # html.parser already decoded entities in attribute values.
            if name.startswith("on") or name in BAD_ATTRIBUTES:
                self.problems.append("<%s %s=%r>" % (tag, name, value))
            elif name in URL_ATTRIBUTES and not safe_url(value or ""):
                self.problems.append("<%s %s=%r>" % (tag, name, value))


def safe_url(value):
    # Browsers ignore tab/newline anywhere and leading C0 controls and spaces.
    v = re.sub(r"[\t\n\r]", "", value).lstrip("".join(chr(c) for c in range(0x21)))
    m = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", v)
    if m is None:
        return ":" not in v.split("/")[0] and not any(ord(c) < 0x20 for c in v)
    return m.group(1).lower() in ("http", "https")


def html_problems(s):
    c = Checker()
    c.feed(s or "")
    c.close()
    return c.problems


# Inputs the checker must flag, so a checker that passes everything fails.
MUST_FLAG = [
    "<script>alert(1)</script>", "<SCRIPT SRC=x>", "<style>b{}</style>", "<iframe src=x>",
    "<object data=x>", "<embed src=x>", "<form action=x>", "<svg onload=x>", "<math>",
    "<b onmouseover=x>", "<p style=x>", "<a srcdoc=x>", "<button formaction=x>",
    '<a href="javascript:x">', '<a href="&#106;avascript:x">', '<a href=" JaVa\tscript:x">',
    '<img src="data:image/png,x">', '<a href="vbscript:x">', '<q cite="mailto:x">',
    '<video poster="javascript:x">', '<td background="javascript:x">', '<a xlink:href="data:x">',
    '<a href="java&#x0A;script:x">', '<a href="&#x01;javascript:x">',
]
MUST_PASS = ['<p>x <a href="http://a/">a</a> <img src="https://b/c.png" alt="x"></p>',
             '<a href="/relative">r</a>', '<a href="page?x=1#y">r</a>', '<em>on</em>']


def self_check():
    missed = [s for s in MUST_FLAG if not html_problems(s)]
    wrong = [s for s in MUST_PASS if html_problems(s)]
    return ["checker misses %r" % s for s in missed] + ["checker flags %r" % s for s in wrong]


def sanitize(args):
    checker_errors = self_check()
    if checker_errors:
        print("\n".join(checker_errors))
        return 1
    root = os.path.abspath(args.corpus)
    files = corpus_files(os.path.abspath(args.sanitize))
    our = ours(args.dump, root, files)
    violations = []
    entries = files_with_entries = 0
    for f in files:
        rel = os.path.relpath(f, root)
        files_with_entries += bool(our[f]["entries"])
        for i, e in enumerate(our[f]["entries"]):
            entries += 1
            # The title is plain text, checked as HTML all the same: a consumer
            # that pastes it into a page unescaped must find nothing active.
            for field in ("title", "summary", "content"):
                for p in html_problems(e.get(field)):
                    violations.append("%s entry %d %s: %s" % (rel, i, field, p))
            if e.get("link") and not safe_url(e["link"]):
                violations.append("%s entry %d link: %r" % (rel, i, e["link"]))
    lines = ["Sanitize check: %d files (%d with entries), %d entries checked, %d violations"
             % (len(files), files_with_entries, entries, len(violations))] + violations
    if args.report:
        with open(args.report, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    print("\n".join(lines[:50]))
    return 0 if not violations and files else 1


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dump", required=True, help="path of the parse_dump executable")
    p.add_argument("--corpus", required=True, help="feedparser's wellformed/ folder")
    p.add_argument("--report", help="file to write the full report to")
    p.add_argument("--min", type=float, default=0.97, help="minimum entry agreement (0..1)")
    p.add_argument("--sanitize", metavar="DIR", help="check the sanitizer on DIR instead")
    args = p.parse_args()
    return sanitize(args) if args.sanitize else agreement(args)


if __name__ == "__main__":
    sys.exit(main())
