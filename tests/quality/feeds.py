#!/usr/bin/env python3
"""Reads the built site's feeds with a real feed reader (feedparser) and its
sitemap the way a crawler does: every address in them must be a published
page.

    feeds.py SITE BASE_URL

Appends `pass|fail <TAB> name <TAB> detail` lines to $QUALITY_RESULTS.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET

import feedparser

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def record(status, name, detail=""):
    detail = " ".join(str(detail).split())
    results = os.environ.get("QUALITY_RESULTS")
    if results:
        with open(results, "a", encoding="utf-8") as f:
            f.write(f"{status}\t{name}\t{detail}\n")
    tag = {"pass": "ok  ", "fail": "FAIL", "skip": "skip"}[status]
    print(f"  {tag} {name}" + (f" — {detail}" if detail else ""))


def published(site, base, url):
    """The file behind an absolute URL of the site, or None."""
    if not url.startswith(base):
        return None
    rel = url[len(base):].split("#")[0].split("?")[0]
    path = os.path.join(site, rel)
    if rel == "" or rel.endswith("/"):
        path = os.path.join(path, "index.html")
    return path if os.path.isfile(path) else None


def feeds_in(site):
    for folder, _, files in os.walk(site):
        for name in sorted(files):
            if not name.endswith(".xml"):
                continue
            path = os.path.join(folder, name)
            try:
                root = ET.parse(path).getroot()
            except ET.ParseError:
                continue  # xmllint reports it
            if root.tag == ATOM + "feed":
                yield path


def check_feed(site, base, path):
    rel = os.path.relpath(path, site)
    name = f"feed /{rel}"
    d = feedparser.parse(path)
    problems = []
    if d.bozo:
        problems.append(f"not well-formed for feedparser: {d.bozo_exception}")
    if d.version != "atom10":
        problems.append(f"read as {d.version or 'unknown'}, not Atom 1.0")
    if not d.feed.get("title"):
        problems.append("feed has no title")
    if not d.feed.get("updated_parsed"):
        problems.append("feed has no readable <updated>")
    lang = "en" if rel.startswith("en" + os.sep) else "vi"
    if d.feed.get("language") != lang:
        problems.append(f"feed language {d.feed.get('language')!r}, expected {lang!r}")
    self_links = [l.href for l in d.feed.get("links", []) if l.get("rel") == "self"]
    if self_links != [base + rel.replace(os.sep, "/")]:
        problems.append(f"rel=self {self_links} is not {base + rel}")
    if not d.entries:
        problems.append("no entries")
    ids = set()
    dates = []
    for i, e in enumerate(d.entries, 1):
        what = f"entry {i} ({e.get('title', '')[:40]!r})"
        if not e.get("title"):
            problems.append(f"{what}: no title")
        if not e.get("id") or e.id in ids:
            problems.append(f"{what}: missing or repeated id")
        ids.add(e.get("id"))
        if not e.get("updated_parsed"):
            problems.append(f"{what}: no readable <updated>")
        else:
            dates.append(e.updated_parsed)
        if not e.get("link") or not published(site, base, e.link):
            problems.append(f"{what}: link {e.get('link')!r} is not a published page")
    if dates != sorted(dates, reverse=True):
        problems.append("entries are not newest first")
    if problems:
        record("fail", name, " | ".join(problems))
    else:
        record("pass", name, f"{len(d.entries)} entries, Atom 1.0, lang {lang}")


def check_sitemap(site, base):
    path = os.path.join(site, "sitemap.xml")
    if not os.path.isfile(path):
        record("fail", "sitemap /sitemap.xml", "missing")
        return
    problems = []
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        record("fail", "sitemap /sitemap.xml", f"not well-formed: {e}")
        return
    if root.tag != SITEMAP + "urlset":
        problems.append(f"root element {root.tag}, expected urlset")
    urls = root.findall(SITEMAP + "url")
    seen = set()
    for url in urls:
        loc = (url.findtext(SITEMAP + "loc") or "").strip()
        if loc in seen:
            problems.append(f"{loc} listed twice")
        seen.add(loc)
        if not published(site, base, loc):
            problems.append(f"<loc>{loc}</loc> is not a published page")
        lastmod = url.findtext(SITEMAP + "lastmod")
        if lastmod is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?", lastmod.strip()):
            problems.append(f"{loc}: lastmod {lastmod!r} is not a W3C date")
        for alt in url.findall(XHTML + "link"):
            href = alt.get("href", "")
            if alt.get("hreflang") != "x-default" and not published(site, base, href):
                problems.append(f"{loc}: alternate {href} is not a published page")
    robots = os.path.join(site, "robots.txt")
    if not os.path.isfile(robots) or f"Sitemap: {base}sitemap.xml" not in open(robots, encoding="utf-8").read():
        problems.append("robots.txt does not point to the sitemap")
    if not urls:
        problems.append("no <url> entries")
    if problems:
        record("fail", "sitemap /sitemap.xml", " | ".join(problems[:10]) + (f" … +{len(problems) - 10}" if len(problems) > 10 else ""))
    else:
        record("pass", "sitemap /sitemap.xml", f"{len(urls)} pages, every address published")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    site, base = sys.argv[1], sys.argv[2]
    if not base.endswith("/"):
        base += "/"
    feeds = list(feeds_in(site))
    if not feeds:
        record("fail", "feeds", "no Atom feed in the build")
    for path in feeds:
        check_feed(site, base, path)
    check_sitemap(site, base)


if __name__ == "__main__":
    main()
