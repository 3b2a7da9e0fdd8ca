#!/usr/bin/python3
"""Builds the scrape fixtures in tests/scrape/fixtures/ from the five seed texts.

Run from anywhere:  /usr/bin/python3 tests/scrape/make_fixtures.py [SEED_DIR]
(SEED_DIR defaults to ../shared/seeds beside the repository).

Seed format (one article page of kommune21.de as text):
  line 1    kicker glued to the headline ("PotsdamImpulse für die Digitalisierung")
  optional  image block: an image-tag line carrying alt="…" (or an empty line when the
            image has no alt), the caption, and "(Bildquelle: …)" with the credit
  then      body paragraphs and short subheadings
  then      15 teasers of two lines: "Region: Title" and "[DD.MM.YYYY] summary … mehr..."

The kicker/headline split uses the kickers known from the teaser lines of all seeds
first, else the first lower-case→upper-case letter boundary ("PolitikAus" → "Politik").

Output, for a WordPress-like site https://www.kommune21.test:
  artikel/<slug>.html  one page per seed: header with a "today is" date, navigation,
                       <article> with <h1><span class="dachzeile">Kicker</span>Title</h1>,
                       a lead paragraph starting with "[DD.MM.YYYY]", figure with img alt,
                       figcaption (caption + credit span), paragraphs, h2/h3 subheadings,
                       sharing and ad blocks, the teaser sidebar (15 teasers), footer,
                       scripts, <link rel=canonical>.
  meldungen.html       the listing page linking the five pages, with a next link.
  norules.html         a page of another site with no rules: JSON-LD (@graph) and
                       OpenGraph only.
  expected.json        what the tests must extract, derived from the seeds here.
The article dates are not in the seeds; the ARTICLE_DATES table below chooses them.
Every teaser gets the stable slug of its "Region: Title" line; teasers link relative
on even pages and absolute with a tracking parameter on odd pages, so the tests see
canonicalization at work.
"""
import html
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', '..', 'shared', 'seeds')
OUT = os.path.join(HERE, 'fixtures')
SITE = 'https://www.kommune21.test'
TODAY = 'Montag, 17. März 2025'  # the header's "today is" date: never a publication date
# Publication dates of the five seed articles (not in the seeds; chosen to fit their text).
ARTICLE_DATES = ['01.12.2023', '16.07.2020', '03.07.2018', '04.12.2017', '19.02.2021']
AUTHORS = ['Redaktion', 'Alexander Schaeff', 'Verena Bruchhagen', 'Redaktion', 'Bettina Weidemann']
CATEGORIES = [['Politik'], ['E-Government', 'Länder'], ['E-Government'], ['Smart City'], ['E-Government']]

TEASER_HEAD = re.compile(r'^(.+?): (.+)$')
TEASER_BODY = re.compile(r'^\[(\d\d\.\d\d\.\d{4})\] (.*?)\s*mehr\.\.\.$')
CREDIT = re.compile(r'^\(Bildquelle: (.*)\)$')


def slug(text):
    t = text.lower()
    for a, b in (('ä', 'ae'), ('ö', 'oe'), ('ü', 'ue'), ('ß', 'ss')):
        t = t.replace(a, b)
    t = unicodedata.normalize('NFKD', t).encode('ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', t).strip('-')


def read_seed(path):
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    while lines and lines[-1] == '':
        lines.pop()
    # The teaser block: the last 30 lines, pairs of head and "[date] … mehr...".
    teasers = []
    end = len(lines)
    while end >= 2 and TEASER_BODY.match(lines[end - 1]) and TEASER_HEAD.match(lines[end - 2]):
        head = TEASER_HEAD.match(lines[end - 2])
        body = TEASER_BODY.match(lines[end - 1])
        teasers.insert(0, {'kicker': head.group(1), 'title': head.group(2), 'date': body.group(1),
                           'summary': body.group(2), 'head': lines[end - 2]})
        end -= 2
    assert len(teasers) == 15, (path, len(teasers))
    top = lines[:end]
    seed = {'glued': top[0], 'alt': None, 'caption': '', 'credit': '', 'teasers': teasers}
    rest = top[1:]
    if len(rest) >= 3 and CREDIT.match(rest[2]) and (rest[0] == '' or re.match(r'^<[^>]*image>', rest[0])):
        m = re.search(r'alt="([^"]*)"', rest[0])
        seed['alt'] = html.unescape(m.group(1)) if m else ''
        seed['caption'] = rest[1]
        seed['credit'] = CREDIT.match(rest[2]).group(1)
        rest = rest[3:]
    blocks = []
    for line in rest:
        if not line.strip():
            continue
        # Subheadings are short lines without a sentence end.
        kind = 'h' if len(line) < 70 and not line.rstrip().endswith(('.', '“', '"', ':')) else 'p'
        blocks.append((kind, line))
    seed['blocks'] = blocks
    return seed


def split_kicker(glued, known):
    for k in sorted(known, key=len, reverse=True):
        if glued.startswith(k) and len(glued) > len(k) and glued[len(k)].isupper():
            return k, glued[len(k):]
    for i in range(1, len(glued)):
        if glued[i - 1].islower() and glued[i].isupper():
            return glued[:i], glued[i:]
    raise ValueError('no kicker boundary in ' + glued)


def esc(s):
    return html.escape(s, quote=True)


def page_head(title, canonical, extra=''):
    return f'''<!DOCTYPE html>
<html lang="de-DE">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - Kommune21 online | Kommune21 - Das Portal für E-Government</title>
<link rel="canonical" href="{esc(canonical)}">
<link rel="alternate" type="application/rss+xml" title="Kommune21 &raquo; Feed" href="/feed/">
<link rel="stylesheet" id="theme-css" href="/wp-content/themes/k21/style.css?ver=6.4.3" media="all">
{extra}<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}} gtag('js', new Date());</script>
</head>
<body class="post-template-default single single-post">
<div id="page" class="site">
<header id="masthead" class="site-header">
  <div class="topbar"><span class="heute">Heute ist {TODAY}</span> <a href="/newsletter/">Newsletter</a></div>
  <div class="site-branding"><a href="/" rel="home"><img src="/wp-content/uploads/logo.png" alt="Kommune21" width="240" height="60"></a></div>
  <nav id="site-navigation" class="main-navigation"><ul class="menu">
    <li><a href="/">Startseite</a></li><li><a href="/meldungen/">Meldungen</a></li>
    <li><a href="/kategorie/e-government/">E-Government</a></li><li><a href="/kategorie/it-infrastruktur/">IT-Infrastruktur</a></li>
    <li><a href="/kategorie/politik/">Politik</a></li><li><a href="/termine/">Termine</a></li>
  </ul></nav>
</header>
'''


def page_foot():
    return '''<footer id="colophon" class="site-footer">
  <p>&copy; 2025 K21 media GmbH &middot; <a href="/impressum/">Impressum</a> &middot; <a href="/datenschutz/">Datenschutz</a></p>
  <p class="today">Stand: 17.03.2025</p>
</footer>
</div>
<script src="/wp-content/themes/k21/js/navigation.js?ver=1.0" id="k21-navigation-js"></script>
<script>document.querySelectorAll('.sharing a').forEach(function (a) { a.addEventListener('click', function () {}); });</script>
</body>
</html>
'''


def teaser_html(t, link):
    return f'''    <div class="teaser">
      <h3><a href="{esc(link)}">{esc(t['kicker'])}: {esc(t['title'])}</a></h3>
      <p><span class="datum">[{t['date']}]</span> {esc(t['summary'])} <a class="more" href="{esc(link)}">mehr...</a></p>
    </div>
'''


def article_page(i, seed, kicker, title, url_of):
    canonical = url_of[seed['glued']]
    date = ARTICLE_DATES[i]
    paragraphs = [b for b in seed['blocks'] if b[0] == 'p']
    out = [page_head(title, canonical,
                     f'<meta property="og:type" content="article">\n<meta property="og:site_name" content="Kommune21">\n')]
    out.append('<div id="content" class="site-content">\n<main id="main" class="site-main">\n')
    out.append(f'<article id="post-{1000 + i}" class="post-{1000 + i} post type-post status-publish">\n')
    out.append('  <header class="entry-header">\n')
    out.append(f'    <h1 class="entry-title"><span class="dachzeile">{esc(kicker)}</span>{esc(title)}</h1>\n')
    out.append(f'    <div class="byline">von <span class="author">{esc(AUTHORS[i])}</span></div>\n')
    cats = ', '.join(f'<a href="/kategorie/{slug(c)}/" rel="category tag">{esc(c)}</a>' for c in CATEGORIES[i])
    out.append(f'    <div class="cat-links">{cats}</div>\n  </header>\n')
    out.append('  <div class="entry-content">\n')
    if seed['alt'] is not None:
        src = f'/wp-content/uploads/{date[6:]}/{date[3:5]}/{slug(title)}.jpg'
        out.append(f'''    <figure class="wp-caption alignright"><img src="{src}" alt="{esc(seed['alt'])}" width="300" height="200" loading="lazy">
      <figcaption><span class="caption">{esc(seed['caption'])}</span> <span class="credit">(Bildquelle: {esc(seed['credit'])})</span></figcaption>
    </figure>
''')
    first = True
    level = 2
    for kind, text in seed['blocks']:
        if kind == 'h':
            out.append(f'    <h{level}>{esc(text)}</h{level}>\n')
            level = 3 if level == 2 else 2
        elif first:
            out.append(f'    <p class="lead"><span class="datum">[{date}]</span> {esc(text)}</p>\n')
            out.append('    <div class="ad-slot"><script>googletag.display("div-gpt-ad-1");</script>Anzeige</div>\n')
            first = False
        else:
            out.append(f'    <p>{esc(text)}</p>\n')
    out.append('    <div class="sharing"><a href="https://twitter.com/share">Teilen</a> <a href="mailto:?subject=x">E-Mail</a></div>\n')
    out.append('  </div>\n</article>\n</main>\n')
    out.append('<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Weitere Meldungen</h2>\n')
    for t in seed['teasers']:
        link = url_of[t['head']]
        if i % 2 == 0:
            link = link[len(SITE):]
        else:
            link += '?utm_source=k21&utm_medium=sidebar'
        out.append(teaser_html(t, link))
    out.append('</section></aside>\n</div>\n')
    out.append(page_foot())
    return ''.join(out), {'url': canonical, 'kicker': kicker, 'title': title, 'date': date,
                          'image_alt': seed['alt'] or '', 'caption': seed['caption'], 'credit': seed['credit'],
                          'author': AUTHORS[i], 'categories': CATEGORIES[i],
                          'lead': paragraphs[0][1] if paragraphs else '',
                          'paragraphs': [b[1] for b in seed['blocks']],
                          'teasers': [{'kicker': t['kicker'], 'title': t['title'], 'date': '[' + t['date'] + ']',
                                       'summary': t['summary'], 'link': url_of[t['head']]} for t in seed['teasers']]}


def listing_page(entries):
    out = [page_head('Meldungen', SITE + '/meldungen/')]
    out.append('<main id="main" class="site-main"><h1>Meldungen</h1>\n<section class="meldungen">\n')
    for e in entries:
        out.append(f'''  <article class="post"><h2 class="entry-title"><a href="{esc(e['url'][len(SITE):])}">{esc(e['kicker'])}: {esc(e['title'])}</a></h2>
    <p><span class="datum">[{e['date']}]</span> {esc(e['lead'][:180])} …</p></article>
''')
    out.append('</section>\n<nav class="pagination"><a class="next page-numbers" href="/meldungen/seite/2/">Nächste Seite</a></nav>\n</main>\n')
    out.append(page_foot())
    return ''.join(out)


def norules_page(seed, kicker, title):
    url = 'https://www.musterhausen.test/aktuelles/2021/' + slug(title) + '/'
    paragraphs = [b[1] for b in seed['blocks'] if b[0] == 'p']
    ld = {'@context': 'https://schema.org', '@graph': [
        {'@type': 'WebSite', '@id': 'https://www.musterhausen.test/#website', 'name': 'Stadt Musterhausen'},
        {'@type': 'NewsArticle', 'headline': title, 'datePublished': '2021-02-19T09:30:00+01:00',
         'dateModified': '2021-02-20T11:00:00+01:00', 'description': paragraphs[0][:200],
         'image': {'@type': 'ImageObject', 'url': 'https://www.musterhausen.test/media/rhein-neckar.jpg'},
         'author': [{'@type': 'Person', 'name': 'Pressestelle'}], 'mainEntityOfPage': url}]}
    body = ''.join(f'<h2>{esc(t)}</h2>\n' if k == 'h' else f'<p>{esc(t)}</p>\n' for k, t in seed['blocks'])
    page = f'''<!DOCTYPE html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>{esc(title)} – Stadt Musterhausen</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{esc(title)}">
<meta property="og:url" content="{esc(url)}?pk_campaign=og">
<meta property="og:image" content="/media/rhein-neckar.jpg">
<meta property="og:description" content="{esc(paragraphs[0][:200])}">
<meta property="og:site_name" content="Stadt Musterhausen">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script src="/assets/app.js"></script>
</head>
<body>
<header class="kopf"><p>Heute ist {TODAY}</p><nav><a href="/">Start</a> <a href="/aktuelles/">Aktuelles</a></nav></header>
<div class="layout">
<div class="inhalt">
<h1><span class="rubrik">{esc(kicker)}</span> {esc(title)}</h1>
{body}</div>
<div class="sidebar"><p>Öffnungszeiten des Bürgerbüros: Montag bis Freitag von 8 bis 12 Uhr und nach Vereinbarung.</p></div>
</div>
<footer><p>Stadt Musterhausen · Marktplatz 1 · <a href="/impressum">Impressum</a></p></footer>
</body>
</html>
'''
    return page, {'url': url, 'title': title, 'date': '2021-02-19T09:30:00+01:00',
                  'image': 'https://www.musterhausen.test/media/rhein-neckar.jpg',
                  'lead': paragraphs[0][:200], 'paragraphs': paragraphs}


def main():
    names = sorted(n for n in os.listdir(SEEDS) if n.endswith('.txt'))
    seeds = [read_seed(os.path.join(SEEDS, n)) for n in names]
    known = {t['kicker'] for s in seeds for t in s['teasers']}
    url_of = {}
    for s in seeds:
        k, t = split_kicker(s['glued'], known)
        s['kicker'], s['title'] = k, t
        url_of[s['glued']] = f'{SITE}/artikel/{slug(k + " " + t)}.html'
        for tz in s['teasers']:
            url_of.setdefault(tz['head'], f'{SITE}/artikel/{slug(tz["head"])}.html')
    # A teaser that announces one of the seed articles links to that article's page.
    for s in seeds:
        url_of[s['kicker'] + ': ' + s['title']] = url_of[s['glued']]
    os.makedirs(os.path.join(OUT, 'artikel'), exist_ok=True)
    expected = {'site': SITE, 'articles': [], 'listing': {}, 'norules': {}}
    for i, (name, s) in enumerate(zip(names, seeds)):
        page, exp = article_page(i, s, s['kicker'], s['title'], url_of)
        exp['file'] = 'artikel/' + exp['url'].rsplit('/', 1)[1]
        exp['seed'] = name
        with open(os.path.join(OUT, exp['file']), 'w', encoding='utf-8') as f:
            f.write(page)
        expected['articles'].append(exp)
    with open(os.path.join(OUT, 'meldungen.html'), 'w', encoding='utf-8') as f:
        f.write(listing_page(expected['articles']))
    expected['listing'] = {'file': 'meldungen.html', 'url': SITE + '/meldungen/',
                           'links': [a['url'] for a in expected['articles']],
                           'next': SITE + '/meldungen/seite/2/'}
    page, exp = norules_page(seeds[4], seeds[4]['kicker'], seeds[4]['title'])
    with open(os.path.join(OUT, 'norules.html'), 'w', encoding='utf-8') as f:
        f.write(page)
    exp['file'] = 'norules.html'
    expected['norules'] = exp
    expected['distinct_teaser_links'] = sorted({t['link'] for a in expected['articles'] for t in a['teasers']})
    with open(os.path.join(OUT, 'expected.json'), 'w', encoding='utf-8') as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write('\n')
    print(f"{len(expected['articles'])} article pages, {len(expected['distinct_teaser_links'])} distinct teaser links")


if __name__ == '__main__':
    main()
