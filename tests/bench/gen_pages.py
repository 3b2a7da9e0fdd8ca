#!/usr/bin/python3
"""Generates the scrape benchmark corpus: N article pages of 40-80 KB each in the
markup of the scrape fixtures (tests/scrape/make_fixtures.py: a WordPress-like
kommune21 site), so the rules of tests/scrape/fixtures/feeds.yaml apply unchanged.

  /usr/bin/python3 tests/bench/gen_pages.py OUT_DIR [--pages N] [--seeds DIR] [--seed S]

Text comes from the five seeds (../shared/seeds beside the repository): every page
draws its title from the 75 teaser headlines, its body from the seeds' paragraphs
and subheadings (shuffled), its 15 teasers from all seeds, and gets its own date,
author, categories and image. Around that stands the bulk of a real page, sized
per page to a target between 40 and 80 KB: inline configuration scripts, a mega
menu, "most read" and tag-cloud widgets, a cookie banner and a footer sitemap.
Nothing in the bulk matches a rule (no h1.entry-title, no aside div.teaser …).
Deterministic: the same arguments give byte-identical files. Stdlib only.
"""
import argparse
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'scrape'))
sys.dont_write_bytecode = True  # leaves tests/scrape/ untouched
import make_fixtures as fx  # noqa: E402  (read-only: its helpers, not its main)

AUTHORS = ['Redaktion', 'Alexander Schaeff', 'Verena Bruchhagen', 'Bettina Weidemann', 'Helmut Merschmann',
           'Corinna Heinicke', 'Sarah Steger', 'Stephan Hilscher']
CATEGORIES = ['Politik', 'E-Government', 'Länder', 'Smart City', 'IT-Infrastruktur', 'Open Government',
              'Finanzwesen', 'Schule', 'Breitband', 'Registermodernisierung', 'OZG', 'Personal']
MENU = ['E-Government', 'IT-Infrastruktur', 'Politik', 'Smart City', 'Finanzwesen', 'Schul-IT',
        'Personal', 'Breitband', 'Open Data', 'Sicherheit', 'Geodaten', 'Bürgerservice']
WORDS = ('kommune digital verwaltung portal service land bund stadt kreis daten netz cloud '
         'register online antrag bürger plattform projekt förderung strategie').split()


def load_seeds(seed_dir):
    names = sorted(n for n in os.listdir(seed_dir) if n.endswith('.txt'))
    seeds = [fx.read_seed(os.path.join(seed_dir, n)) for n in names]
    known = {t['kicker'] for s in seeds for t in s['teasers']}
    for s in seeds:
        s['kicker'], s['title'] = fx.split_kicker(s['glued'], known)
    return seeds


def inline_config(rng, size):
    """A minified-looking configuration script of about `size` bytes."""
    parts, total = [], 0
    while total < size:
        key = rng.choice(WORDS) + str(rng.randrange(1000))
        val = '"' + '-'.join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))) + '"'
        if rng.random() < 0.3:
            val = str(rng.randrange(10 ** 6))
        part = f'"{key}":{val}'
        parts.append(part)
        total += len(part) + 1
    return ('<script id="wp-config-%d">var k21Config = {%s}; window.k21 = window.k21 || {}; '
            'if (window.k21.init) { window.k21.init(k21Config); }</script>\n') % (rng.randrange(10 ** 4), ','.join(parts))


def mega_menu(rng):
    out = ['<nav id="mega-menu" class="mega-navigation" aria-label="Themen"><ul class="mega">\n']
    for m in MENU:
        out.append(f'  <li class="mega-item"><a href="/kategorie/{fx.slug(m)}/">{fx.esc(m)}</a><div class="mega-panel"><ul>\n')
        for _ in range(rng.randint(6, 12)):
            w = ' '.join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(1, 3)))
            out.append(f'    <li><a href="/thema/{fx.slug(w)}/" title="{fx.esc(w)}">{fx.esc(w)}</a></li>\n')
        out.append('  </ul></div></li>\n')
    out.append('</ul></nav>\n')
    return ''.join(out)


def widget_list(rng, headline, heads):
    out = [f'<div class="widget widget-popular"><h4 class="widget-heading">{fx.esc(headline)}</h4><ol>\n']
    for h in rng.sample(heads, min(len(heads), 10)):
        out.append(f'  <li><a href="/artikel/{fx.slug(h)}.html" class="popular-link">{fx.esc(h)}</a></li>\n')
    out.append('</ol></div>\n')
    return ''.join(out)


def tag_cloud(rng):
    tags = ''.join(f'<a href="/schlagwort/{fx.slug(w)}/" class="tag-cloud-link" style="font-size: {rng.randint(8, 22)}pt;">'
                   f'{fx.esc(w)}</a> ' for w in (rng.choice(WORDS) + rng.choice(WORDS) for _ in range(40)))
    return f'<div class="widget widget-tags"><h4 class="widget-heading">Schlagworte</h4><div class="tagcloud">{tags}</div></div>\n'


def sitemap(rng, heads):
    out = ['<div class="footer-sitemap">\n']
    for m in MENU:
        out.append(f'  <div class="footer-col"><h5>{fx.esc(m)}</h5><ul>')
        for h in rng.sample(heads, 4):
            out.append(f'<li><a href="/artikel/{fx.slug(h)}.html">{fx.esc(h)}</a></li>')
        out.append('</ul></div>\n')
    out.append('</div>\n')
    return ''.join(out)


COOKIE = ('<div id="cookie-notice" role="dialog" class="cookie-banner" hidden><p>Wir verwenden Cookies, um '
          'Inhalte zu personalisieren und die Zugriffe auf unsere Website zu analysieren. Weitere Informationen '
          'finden Sie in unserer <a href="/datenschutz/">Datenschutzerklärung</a>.</p><button type="button" '
          'class="cookie-accept">Alle akzeptieren</button> <button type="button" class="cookie-reject">Nur '
          'notwendige</button></div>\n')


def article(i, rng, seeds, all_teasers, all_blocks, heads, target):
    head = rng.choice(all_teasers)
    kicker, title = head['kicker'], head['title']
    if rng.random() < 0.5:
        title += f' ({rng.choice(["Teil", "Update", "Folge"])} {rng.randint(2, 9)})'
    date = f'{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(2015, 2025)}'
    canonical = f'{fx.SITE}/artikel/{fx.slug(kicker + " " + title)}-{i}.html'
    base = seeds[i % len(seeds)]
    paras = [b for b in all_blocks if b[0] == 'p']
    lead = rng.choice(paras)[1]
    blocks = rng.sample(all_blocks, rng.randint(10, 22))
    cats = rng.sample(CATEGORIES, rng.randint(1, 3))

    extra = ''.join(['<meta property="og:type" content="article">\n',
                     '<meta property="og:site_name" content="Kommune21">\n',
                     inline_config(rng, rng.randint(1500, 5000))])
    top = [fx.page_head(title, canonical, extra), mega_menu(rng)]
    core = ['<div id="content" class="site-content">\n<main id="main" class="site-main">\n',
            f'<article id="post-{5000 + i}" class="post-{5000 + i} post type-post status-publish">\n',
            '  <header class="entry-header">\n',
            f'    <h1 class="entry-title"><span class="dachzeile">{fx.esc(kicker)}</span>{fx.esc(title)}</h1>\n',
            f'    <div class="byline">von <span class="author">{fx.esc(rng.choice(AUTHORS))}</span></div>\n',
            '    <div class="cat-links">' +
            ', '.join(f'<a href="/kategorie/{fx.slug(c)}/" rel="category tag">{fx.esc(c)}</a>' for c in cats) +
            '</div>\n  </header>\n  <div class="entry-content">\n']
    if rng.random() < 0.85:
        img = rng.choice([s for s in seeds if s['alt'] is not None] or seeds)
        src = f'/wp-content/uploads/{date[6:]}/{date[3:5]}/{fx.slug(title)}-{i}.jpg'
        core.append(f'''    <figure class="wp-caption alignright"><img src="{src}" alt="{fx.esc(img['alt'] or title)}" width="300" height="200" loading="lazy">
      <figcaption><span class="caption">{fx.esc(img['caption'] or title)}</span> <span class="credit">(Bildquelle: {fx.esc(img['credit'] or 'Kommune21')})</span></figcaption>
    </figure>
''')
    core.append(f'    <p class="lead"><span class="datum">[{date}]</span> {fx.esc(lead)}</p>\n')
    core.append('    <div class="ad-slot"><script>googletag.display("div-gpt-ad-1");</script>Anzeige</div>\n')
    level = 2
    for kind, text in blocks:
        if kind == 'h':
            core.append(f'    <h{level}>{fx.esc(text)}</h{level}>\n')
            level = 3 if level == 2 else 2
        else:
            core.append(f'    <p>{fx.esc(text)}</p>\n')
    core.append('    <div class="sharing"><a href="https://twitter.com/share">Teilen</a> <a href="mailto:?subject=x">E-Mail</a></div>\n')
    core.append('  </div>\n</article>\n</main>\n')
    core.append('<aside id="secondary" class="widget-area"><section class="widget"><h2 class="widget-title">Weitere Meldungen</h2>\n')
    for t in rng.sample(all_teasers, 15):
        link = f'/artikel/{fx.slug(t["head"])}.html'
        link = link if rng.random() < 0.5 else fx.SITE + link + '?utm_source=k21&utm_medium=sidebar'
        core.append(fx.teaser_html(t, link))
    core.append('</section>\n')
    side = [widget_list(rng, 'Meistgelesen', heads), tag_cloud(rng)]
    foot = [COOKIE, sitemap(rng, heads)]
    # Fill the remaining bytes up to the target with more widgets and a second
    # inline script, as theme plug-ins add them.
    size = sum(len(s.encode()) for s in top + core + side + foot) + 2000
    while size < target - 4000:
        w = widget_list(rng, rng.choice(['Meistkommentiert', 'Neu im Archiv', 'Termine', 'Partner']), heads)
        side.append(w)
        size += len(w.encode())
    if size < target:
        foot.append(inline_config(rng, target - size))
    return ''.join(top + core + side + ['</aside>\n</div>\n'] + foot + [fx.page_foot()])


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('out')
    p.add_argument('--pages', type=int, default=2000)
    p.add_argument('--seeds', default=os.path.join(HERE, '..', '..', '..', 'shared', 'seeds'))
    p.add_argument('--seed', type=int, default=21)
    a = p.parse_args()
    seeds = load_seeds(a.seeds)
    all_teasers = [t for s in seeds for t in s['teasers']]
    all_blocks = [b for s in seeds for b in s['blocks']]
    heads = [t['head'] for t in all_teasers]
    os.makedirs(a.out, exist_ok=True)
    total = 0
    for i in range(a.pages):
        rng = random.Random(a.seed * 1_000_003 + i)
        page = article(i, rng, seeds, all_teasers, all_blocks, heads, rng.randint(40_000, 80_000)).encode()
        with open(os.path.join(a.out, f'page-{i:05d}.html'), 'wb') as f:
            f.write(page)
        total += len(page)
    print(f'{a.pages} pages, {total / 1e6:.1f} MB, {total / a.pages / 1e3:.1f} KB average')


if __name__ == '__main__':
    main()
