#!/usr/bin/env python3
"""Publish stories through the desk, one at a time, and time how long each takes to show
on every public place that should list it: its page, its section front, the home page,
the section's RSS feed, the sitemap, search, and the related stories of an older story
on the same topic. Prints p50/p99 per place. Standard library only.

    bench/publish_visible.py --base http://127.0.0.1:18080 --email E --password P --count 100

With --read-base, the public places are read there (say Varnish in front of several
nodes) while the desk is used at --base (one node).
"""
import argparse, http.cookiejar, re, statistics, time, urllib.parse, urllib.request

PLACES = ["article", "section", "home", "feed", "sitemap", "search", "related"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--read-base", default=None)
    ap.add_argument("--email", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--section", default="news")
    ap.add_argument("--timeout", type=float, default=10.0)
    a = ap.parse_args()
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    same_site = {"Sec-Fetch-Site": "same-origin"}

    def get(path, desk=False):
        base = a.base if desk else (a.read_base or a.base)
        req = urllib.request.Request(base + path, headers={"Cache-Control": "no-cache"})
        with (opener if desk else urllib.request.build_opener()).open(req) as r:
            return r.read().decode("utf-8", "replace"), r.geturl()

    def post(path, fields):
        data = urllib.parse.urlencode(fields).encode()
        req = urllib.request.Request(a.base + path, data=data, headers=same_site)
        with opener.open(req) as r:
            return r.read().decode("utf-8", "replace"), r.geturl()

    post("/admin/login", {"email": a.email, "password": a.password})
    page, _ = get("/admin/stories/new", desk=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    section_id = re.search(r'<option value="(\d+)"[^>]*>' + a.section.capitalize(), page, re.I)
    section_id = section_id.group(1) if section_id else re.search(r'name="section_id">\s*<option value="(\d+)"', page).group(1)
    tag = re.search(r'name="tag" value="(\d+)"', page)
    tag_id = tag.group(1) if tag else None

    # An older story on the same topic, whose related stories should gain each new one.
    anchor_fields = {"csrf_token": csrf, "headline": "Anchor story for the reach benchmark",
                     "body": "Reach benchmark anchor.", "section_id": section_id}
    if tag_id:
        anchor_fields["tag"] = tag_id
    _, edit_url = post("/admin/stories/new", anchor_fields)
    anchor_edit = urllib.parse.urlparse(edit_url).path
    fields = dict(anchor_fields, version="1", action="publish")
    post(anchor_edit, fields)
    anchor_page, _ = get(anchor_edit, desk=True)
    anchor_public = re.search(r'href="(/[a-z0-9-]+/[a-z0-9-]+)">View on the site', anchor_page).group(1)

    times = {p: [] for p in PLACES}
    for n in range(a.count):
        word = "reachmark%05d" % n
        headline = f"Reach benchmark story {n} {word}"
        create = {"csrf_token": csrf, "headline": headline, "body": f"Body {word}.", "section_id": section_id}
        if tag_id:
            create["tag"] = tag_id
        _, edit_url = post("/admin/stories/new", create)
        edit = urllib.parse.urlparse(edit_url).path
        slug = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")
        path = f"/{a.section}/{slug}"
        checks = {
            "article": (path, headline),
            "section": (f"/{a.section}/", headline),
            "home": ("/", headline),
            "feed": (f"/{a.section}/feed.xml", headline),
            "sitemap": (None, path),
            "search": (f"/search?q={word}", headline),
            "related": (anchor_public, headline),
        }
        publish = dict(create, version="1", action="publish")
        t0 = time.monotonic()
        post(edit, publish)
        pending = dict(checks)
        while pending:
            now = time.monotonic()
            if now - t0 > a.timeout:
                raise SystemExit(f"story {n}: not visible within {a.timeout}s on {sorted(pending)}")
            for place, (url, needle) in list(pending.items()):
                if place == "sitemap":
                    month = time.strftime("%Y-%m", time.gmtime())
                    url = f"/sitemaps/{month}.xml"
                try:
                    body, _ = get(url)
                except Exception:
                    continue
                if needle in body:
                    times[place].append((time.monotonic() - t0) * 1000)
                    del pending[place]
            time.sleep(0.005)
    print(f"{a.count} publishes; publish → visible, ms:")
    for p in PLACES:
        v = sorted(times[p])
        p50 = statistics.median(v)
        p99 = v[min(len(v) - 1, int(round(0.99 * (len(v) - 1))))]
        print(f"{p} {p50:.0f} {p99:.0f}")


if __name__ == "__main__":
    main()
