#!/usr/bin/python3
"""Writes a deterministic corpus of realistic German municipal news feeds.

Usage: gen_feeds.py OUTDIR [--feeds N] [--items K] [--seed S]

The mix follows what the daemon sees in the wild: ~60% RSS 2.0 (with
content:encoded, dc:creator, media:content, categories, guid and RFC 822
dates, some with German day/month names), ~30% Atom 1.0 (xml:base, escaped
type="html" content, RFC 3339 dates) and ~10% RSS 1.0/RDF. Item bodies are
1-3 KB of HTML with relative and absolute links, images, entities and German
typography. The same arguments always produce byte-identical files, so
numbers from different runs and parsers are comparable.
"""

import argparse
import os
import random
from xml.sax.saxutils import escape, quoteattr

WORDS = (
    "Digitalisierung Verwaltung Bürgerservice Onlinezugangsgesetz Gemeinderat "
    "Landkreis Förderprogramm Breitbandausbau Glasfaser Schulträger Tablets "
    "Bürgermeisterin Bürgermeister Rathaus Antrag Portal Kommune Städtetag "
    "Datenschutz Informationssicherheit Pilotprojekt Ausschreibung Haushalt "
    "Smart-City Open-Data Schnittstelle Fachverfahren E-Akte Zuständigkeit "
    "Kreisverwaltung Straßenbeleuchtung Mobilität Ladesäulen Wärmeplanung "
    "Ehrenamt Feuerwehr Bauamt Genehmigung Förderbescheid Millionen Euro "
    "Beschluss Sitzung Öffentlichkeit Beteiligung Umfrage Einwohner größer "
    "schneller zuverlässiger Änderungen Übergangsfrist Gebühren Prüfung "
    "Rechenzentrum Cloud Souveränität Arbeitsplätze Fortbildung Qualifizierung "
    "Zusammenarbeit Zweckverband interkommunal Leistungen Nutzerkonto BundID "
    "Wohngeld Elterngeld Kfz-Zulassung Meldebescheinigung Gewerbeanmeldung "
    "und der die das mit für über auf nach bei vom zum zur im in an aus "
    "wird werden wurde hat haben soll sollen kann können muss neue neuen "
    "erste ersten weitere bereits künftig jetzt außerdem sowie jedoch"
).split()

TOWNS = (
    "Aachen Bielefeld Chemnitz Dortmund Erfurt Freiburg Göttingen Hameln "
    "Ingolstadt Jena Kassel Lübeck Mühlheim Nürnberg Oldenburg Paderborn "
    "Quedlinburg Regensburg Saarbrücken Tübingen Ulm Völklingen Würzburg "
    "Zwickau Fürth Görlitz Überlingen Öhringen Bad-Säckingen Weißenfels"
).split()

CATEGORIES = ("Digitalisierung", "Verwaltung", "Breitband", "Schule",
              "Smart City", "Förderung", "Bürgerservice", "Datenschutz",
              "Open Data", "IT-Sicherheit", "Personal", "Klima & Energie")

EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DE_DAYS = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
             "Oct", "Nov", "Dec")
DE_MONTHS = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep",
             "Okt", "Nov", "Dez")
DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)

    def words(self, lo, hi):
        return " ".join(self.r.choice(WORDS) for _ in range(self.r.randint(lo, hi)))

    def sentence(self):
        s = self.words(6, 16)
        s = s[0].upper() + s[1:]
        extra = self.r.random()
        if extra < 0.15:
            s += " – " + self.words(2, 5)
        elif extra < 0.30:
            s += ", sagt „" + self.words(2, 6) + "“"
        elif extra < 0.40:
            s += " für %d.%03d €" % (self.r.randint(1, 999), self.r.randint(0, 999))
        return s + self.r.choice(".....!?")

    def title(self, town):
        t = "%s: %s" % (town, self.words(3, 8))
        if self.r.random() < 0.2:
            t += " – „" + self.words(1, 3) + "“"
        if self.r.random() < 0.1:
            t += " & " + self.words(1, 2)
        return t

    def date(self):
        """(year, month, day, hour, minute, second, tz offset minutes)"""
        month = self.r.randint(1, 12)
        return (self.r.choice((2024, 2025)), month,
                self.r.randint(1, DAYS_IN_MONTH[month - 1]),
                self.r.randint(0, 23), self.r.randint(0, 59),
                self.r.randint(0, 59), self.r.choice((0, 60, 60, 120)))

    def rfc822(self, german):
        import datetime
        y, mo, d, h, mi, s, tz = self.date()
        wd = datetime.date(y, mo, d).weekday()
        days, months = (DE_DAYS, DE_MONTHS) if german else (EN_DAYS, EN_MONTHS)
        zone = "GMT" if tz == 0 and self.r.random() < 0.5 else "%+03d%02d" % (tz // 60, tz % 60)
        return "%s, %02d %s %d %02d:%02d:%02d %s" % (days[wd], d, months[mo - 1], y, h, mi, s, zone)

    def rfc3339(self):
        y, mo, d, h, mi, s, tz = self.date()
        zone = "Z" if tz == 0 else "+%02d:%02d" % (tz // 60, tz % 60)
        frac = ".%03d" % self.r.randint(0, 999) if self.r.random() < 0.3 else ""
        return "%04d-%02d-%02dT%02d:%02d:%02d%s%s" % (y, mo, d, h, mi, s, frac, zone)

    def html_body(self, site, lo=1024, hi=3072):
        """HTML of lo..hi bytes (UTF-8) with the markup real CMSs emit."""
        target = self.r.randint(lo, hi)
        parts = []
        size = 0
        while size < target:
            kind = self.r.random()
            if kind < 0.55:
                p = "<p>" + self.sentence() + " " + self.sentence() + "</p>"
            elif kind < 0.70:
                p = "<p><strong>%s</strong> %s</p>" % (self.words(2, 4), self.sentence())
            elif kind < 0.82:
                href = self.r.choice((
                    "/aktuelles/%s-%d.html" % (slug(self.r.choice(TOWNS)), self.r.randint(1, 9999)),
                    "../presse/meldung.php?id=%d&amp;lang=de" % self.r.randint(1, 99999),
                    "%s/rathaus/digital/%d" % (site, self.r.randint(1, 999)),
                    "https://www.bund.de/onlinezugang?x=%d&amp;y=%d" % (self.r.randint(1, 99), self.r.randint(1, 99)),
                ))
                p = '<p>%s <a href="%s">%s</a> %s</p>' % (
                    self.sentence(), href, self.words(1, 3), self.words(2, 6))
            elif kind < 0.90:
                src = self.r.choice(("/fileadmin/bilder/foto-%d.jpg", "bilder/%d.png",
                                     site + "/media/%d.jpg"))
                p = '<p><img src="%s" alt="%s" width="640" height="360" /></p>' % (
                    src % self.r.randint(1, 9999), self.words(2, 4))
            else:
                p = "<p>Stra&#223;e &amp; Pl&#228;tze: &quot;%s&quot; &ndash; %s</p>" % (
                    self.words(2, 4), self.sentence())
            parts.append(p)
            size += len(p.encode("utf-8"))
        return "\n".join(parts)

    def short_html(self, site):
        return "<p>%s <a href=\"%s/aktuelles\">mehr</a></p>" % (self.sentence(), site)


def slug(town):
    """Host names of German towns are transliterated, not IDN."""
    s = town.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        s = s.replace(a, b)
    return s


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def rss2(g, n, items):
    town = g.r.choice(TOWNS)
    site = "https://www.%s.de" % slug(town)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:media="http://search.yahoo.com/mrss/" '
           'xmlns:atom="http://www.w3.org/2005/Atom">',
           "<channel>",
           "<title>%s</title>" % escape("Stadt %s – Pressemitteilungen" % town),
           "<link>%s/</link>" % site,
           '<atom:link href="%s/feed/rss-%d.xml" rel="self" type="application/rss+xml" />' % (site, n),
           "<description>%s</description>" % escape(g.sentence()),
           "<language>de-DE</language>",
           "<lastBuildDate>%s</lastBuildDate>" % g.rfc822(False),
           "<ttl>60</ttl>"]
    german_dates = g.r.random() < 0.3
    for i in range(items):
        path = "/aktuelles/meldung-%d-%d" % (n, i)
        out.append("<item>")
        out.append("<title>%s</title>" % escape(g.title(town)))
        out.append("<link>%s%s</link>" % (site, path))
        if g.r.random() < 0.5:
            out.append('<guid isPermaLink="true">%s%s</guid>' % (site, path))
        else:
            out.append('<guid isPermaLink="false">%s-news-%d-%d</guid>' % (slug(town), n, i))
        out.append("<pubDate>%s</pubDate>" % g.rfc822(german_dates))
        out.append("<dc:creator>%s</dc:creator>" % escape("Presseamt " + town))
        for c in g.r.sample(CATEGORIES, g.r.randint(1, 3)):
            out.append("<category>%s</category>" % escape(c))
        out.append("<description>%s</description>" % escape(g.short_html(site)))
        out.append("<content:encoded>%s</content:encoded>" % cdata(g.html_body(site)))
        if g.r.random() < 0.7:
            out.append('<media:content url="%s/media/%d-%d.jpg" medium="image" type="image/jpeg" width="1200">'
                       % (site, n, i))
            out.append("<media:title>%s</media:title>" % escape(g.words(2, 5)))
            out.append("<media:credit>Foto: %s</media:credit>" % escape("Stadt " + town))
            out.append("</media:content>")
        out.append("</item>")
    out.append("</channel>")
    out.append("</rss>")
    return "\n".join(out)


def atom(g, n, items):
    town = g.r.choice(TOWNS)
    site = "https://%s.de" % slug(town)
    base = site + "/news/"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de" xml:base=%s>' % quoteattr(base),
           "<title>%s</title>" % escape("Neuigkeiten aus %s" % town),
           '<link rel="alternate" type="text/html" href="./"/>',
           '<link rel="self" href="atom-%d.xml"/>' % n,
           "<id>tag:%s.de,2024:news</id>" % slug(town),
           "<updated>%s</updated>" % g.rfc3339(),
           "<author><name>%s</name></author>" % escape("Stadtverwaltung " + town)]
    for i in range(items):
        entry_base = ' xml:base="%d/"' % (2024 + i % 2) if g.r.random() < 0.3 else ""
        out.append("<entry%s>" % entry_base)
        out.append('<title type="html">%s</title>' % escape(escape(g.title(town))))
        out.append('<link rel="alternate" type="text/html" href="artikel-%d-%d.html"/>' % (n, i))
        out.append("<id>tag:%s.de,2024:news/%d/%d</id>" % (slug(town), n, i))
        out.append("<published>%s</published>" % g.rfc3339())
        out.append("<updated>%s</updated>" % g.rfc3339())
        out.append("<author><name>%s</name></author>" % escape(g.r.choice(
            ("Amt für Digitales", "Pressestelle", "Jürgen Müller", "Dörte Weiß"))))
        for c in g.r.sample(CATEGORIES, g.r.randint(1, 3)):
            out.append("<category term=%s/>" % quoteattr(c))
        out.append('<summary type="html">%s</summary>' % escape(g.short_html(site)))
        out.append('<content type="html">%s</content>' % escape(g.html_body(site)))
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out)


def rdf(g, n, items):
    town = g.r.choice(TOWNS)
    site = "http://www.%s.de" % slug(town)
    links = ["%s/presse/%d-%d.html" % (site, n, i) for i in range(items)]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
           'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/">',
           '<channel rdf:about="%s/rdf.xml">' % site,
           "<title>%s</title>" % escape("Landkreis %s aktuell" % town),
           "<link>%s/</link>" % site,
           "<description>%s</description>" % escape(g.sentence()),
           "<dc:language>de</dc:language>",
           "<items><rdf:Seq>"]
    out += ['<rdf:li rdf:resource="%s"/>' % l for l in links]
    out += ["</rdf:Seq></items>", "</channel>"]
    for i in range(items):
        out.append('<item rdf:about="%s">' % links[i])
        out.append("<title>%s</title>" % escape(g.title(town)))
        out.append("<link>%s</link>" % links[i])
        out.append("<description>%s</description>" % escape(g.html_body(site)))
        out.append("<dc:date>%s</dc:date>" % g.rfc3339())
        out.append("<dc:creator>%s</dc:creator>" % escape("Kreisverwaltung " + town))
        out.append("<dc:subject>%s</dc:subject>" % escape(g.r.choice(CATEGORIES)))
        out.append("</item>")
    out.append("</rdf:RDF>")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("outdir")
    ap.add_argument("--feeds", type=int, default=1000)
    ap.add_argument("--items", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20250204)
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    g = Gen(args.seed)
    total = 0
    for n in range(args.feeds):
        # Exact 6:3:1 proportions, interleaved so any prefix of the corpus is a fair mix.
        kind = n % 10
        doc = rss2(g, n, args.items) if kind < 6 else atom(g, n, args.items) if kind < 9 else rdf(g, n, args.items)
        data = (doc + "\n").encode("utf-8")
        with open(os.path.join(args.outdir, "feed-%04d.xml" % n), "wb") as f:
            f.write(data)
        total += len(data)
    print("gen_feeds: %d feeds x %d items, %.1f MB in %s" % (args.feeds, args.items, total / 1e6, args.outdir))


if __name__ == "__main__":
    main()
