#!/usr/bin/python3
"""Times BeautifulSoup 4 with the lxml tree builder (Debian python3-bs4,
python3-lxml) extracting the fields of the scrape fixture rules
(tests/scrape/fixtures/feeds.yaml, source kommune21-test) from the scrape
benchmark pages, the way scrape_bench times ours: every page is read into
memory first, one untimed warm-up pass, then R timed passes. The rules'
XPath selectors are written as the equivalent CSS (soupsieve) plus node steps.

  /usr/bin/python3 tests/bench/bs4_bench.py [--reps R] DIR

Prints one "FIELDS ..." line (non-empty field counts, compared by
run-scrape-bench with ours) and one "RESULT key=value..." line. One timed
pass is the default: it is slow.
"""
import argparse
import os
import re
import sys
import time

try:
    import bs4
    from bs4 import BeautifulSoup, NavigableString
except ImportError:
    sys.exit('bs4_bench: BeautifulSoup is missing: apt-get install -y python3-bs4 python3-lxml')

RE_DATE = re.compile(r'\[(.*)\]')
RE_CREDIT = re.compile(r'\(Bildquelle: (.*)\)')
RE_TEASER_KICKER = re.compile(r'^(.*?):')
RE_TEASER_TITLE = re.compile(r'^.*?: (.*)$')
RE_TEASER_SUMMARY = re.compile(r'^\[[0-9.]+\]\s*(.*?)\s*mehr\.\.\.$')
ASCII_SPACE = re.compile(r'[ \t\n\r\f]+')
SEPARATORS = (' ', ':', '|', '-', '\u2013', '\u2014')


def collapse(s):
    """Trims and folds ASCII whitespace runs to one space, as ours does."""
    return ASCII_SPACE.sub(' ', s).strip(' ')


def text(tag):
    return collapse(tag.get_text()) if tag is not None else ''


def capture(regex, s):
    m = regex.search(s)
    return collapse(m.group(1)) if m else ''


def without_kicker(title, kicker):
    if not kicker or not title.startswith(kicker):
        return title
    rest = title[len(kicker):]
    for _ in range(3):
        for sep in SEPARATORS:
            if rest.startswith(sep):
                rest = rest[len(sep):]
    return rest or title


def scrape(data):
    soup = BeautifulSoup(data, 'lxml')
    p = {}
    p['kicker'] = text(soup.select_one('h1.entry-title .dachzeile'))
    p['title'] = without_kicker(text(soup.select_one('h1.entry-title')), p['kicker'])
    p['date'] = capture(RE_DATE, text(soup.select_one('p.lead .datum')))
    lead = soup.select_one('p.lead')  # XPath //p[@class='lead']/text()[1]
    p['lead'] = ''
    if lead is not None:
        for c in lead.children:
            if type(c) is NavigableString:
                p['lead'] = collapse(str(c))
                break
    img = soup.select_one('figure.wp-caption img')
    p['image'] = img.get('src', '') if img is not None else ''
    img = soup.select_one('figure.wp-caption > img')
    p['image_alt'] = collapse(img.get('alt', '')) if img is not None else ''
    p['caption'] = text(soup.select_one('figcaption .caption'))
    # XPath //figcaption/span[@class='credit']
    p['credit'] = capture(RE_CREDIT, text(soup.select_one('figcaption > span.credit')))
    p['author'] = text(soup.select_one('.byline .author'))
    p['categories'] = [t for t in (text(a) for a in soup.select('.cat-links a[rel*=category]')) if t]
    teasers = []
    for item in soup.select('aside div.teaser'):
        a = item.select_one('h3 a')
        head = text(a)
        kicker = capture(RE_TEASER_KICKER, head)
        teasers.append({
            'kicker': kicker,
            'title': without_kicker(capture(RE_TEASER_TITLE, head), kicker),
            'date': text(item.select_one(':scope > p > span.datum')),  # XPath ./p/span[@class='datum']
            'summary': capture(RE_TEASER_SUMMARY, text(item.select_one('p'))),
            'link': a.get('href', '') if a is not None else '',
        })
    p['teasers'] = teasers
    # Last: removing the sharing and ad blocks changes the tree.
    body = soup.select_one('div.entry-content')
    p['body'] = ''
    if body is not None:
        for victim in body.select('.sharing, .ad-slot'):
            victim.decompose()
        p['body'] = body.decode_contents()
    return p


FIELD_ORDER = ['kicker', 'title', 'date', 'lead', 'body', 'image', 'image_alt', 'caption', 'credit', 'author',
               'categories', 'teasers', 'teaser_kicker', 'teaser_title', 'teaser_date', 'teaser_summary',
               'teaser_link', 'title_bytes', 'teaser_title_bytes']


def add(f, p):
    for k in ('kicker', 'title', 'date', 'lead', 'body', 'image', 'image_alt', 'caption', 'credit', 'author'):
        f[k] += 1 if p[k] else 0
    f['title_bytes'] += len(p['title'].encode())
    f['categories'] += len(p['categories'])
    for t in p['teasers']:
        f['teasers'] += 1
        for k in ('kicker', 'title', 'date', 'summary', 'link'):
            f['teaser_' + k] += 1 if t[k] else 0
        f['teaser_title_bytes'] += len(t['title'].encode())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('dir')
    ap.add_argument('--reps', type=int, default=1)
    a = ap.parse_args()
    names = sorted(n for n in os.listdir(a.dir) if n.endswith('.html'))
    if not names:
        sys.exit(f'bs4_bench: no .html files in {a.dir}')
    corpus = []
    for n in names:
        with open(os.path.join(a.dir, n), 'rb') as fh:
            corpus.append(fh.read())
    total = sum(len(b) for b in corpus)

    f = dict.fromkeys(FIELD_ORDER, 0)
    for b in corpus:  # warm-up, and the counts
        add(f, scrape(b))
    print('FIELDS name=bs4 ' + ' '.join(f'{k}={f[k]}' for k in FIELD_ORDER))

    sink = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(a.reps):
        for b in corpus:
            sink += len(scrape(b)['teasers'])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if sink != f['teasers'] * a.reps:
        sys.exit('bs4_bench: teaser count changed between passes')
    n = len(corpus) * a.reps
    print(f'RESULT name=bs4 pages={len(corpus)} bytes={total} reps={a.reps} seconds={seconds:.6f} '
          f'cpu_seconds={cpu:.6f} pages_per_s={n / seconds:.1f} mb_per_s={total * a.reps / 1e6 / seconds:.2f} '
          f'cpu_pages_per_s={n / cpu:.1f} bs4={bs4.__version__}')


if __name__ == '__main__':
    main()
