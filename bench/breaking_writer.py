#!/usr/bin/env python3
"""The newsroom side of bench/breaking.sh: publishes a story through the Admin API, then
updates its headline every second for --seconds, and after each update polls the public
article page (as a reader would, through the page cache) until the new headline shows.
Prints the visibility delays (p50/p99/max) and how many updates were not visible within
1 s. Standard library only.

    breaking_writer.py --base http://127.0.0.1:18100 --token nd_… --section-id 1 --seconds 60
"""
import argparse, json, statistics, sys, time, urllib.request


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--token", required=True)
    ap.add_argument("--section-id", type=int, required=True)
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--path-file", required=True, help="where to write the story's path")
    ap.add_argument("--start-file", required=True, help="written when readers may start")
    a = ap.parse_args()

    def admin(method, path, body=None):
        req = urllib.request.Request(
            a.base + "/api/admin/v1" + path, method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": "Bearer " + a.token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def page(path):
        with urllib.request.urlopen(a.base + path, timeout=10) as r:
            return r.read().decode("utf-8", "replace")

    story = admin("POST", "/stories/", {"story": {
        "headline": "Breaking: bench story update 0", "section_id": a.section_id,
        "body_markdown": "The first lines of a developing story.", "step": "publish",
        "flags": {"breaking": True, "live": True, "opinion": False, "obituary": False}}})["story"]
    path = story["url"] if story.get("url", "").startswith("/") else None
    if path is None:
        path = "/" + story["url"].split("://", 1)[-1].split("/", 1)[-1]
    version = story["version"]
    with open(a.path_file, "w") as f:
        f.write(path)
    deadline = time.time() + 5
    while "bench story update 0" not in page(path):
        if time.time() > deadline:
            sys.exit("the published story never showed")
        time.sleep(0.05)
    open(a.start_file, "w").close()

    delays, late = [], 0
    start = time.time()
    n = 0
    while time.time() - start < a.seconds:
        n += 1
        tick = time.time()
        marker = "bench story update %d" % n
        version = admin("PATCH", "/stories/%d/" % story["id"], {"story": {
            "version": version, "headline": "Breaking: " + marker,
            "body_markdown": "The story so far, update %d." % n}})["story"]["version"]
        saved = time.time()
        while marker not in page(path):
            if time.time() - saved > 10:
                break
            time.sleep(0.01)
        delay = time.time() - saved
        delays.append(delay)
        late += delay > 1.0
        time.sleep(max(0.0, 1.0 - (time.time() - tick)))
    delays.sort()
    p = lambda q: delays[min(len(delays) - 1, int(q * len(delays)))] * 1000
    print("VISIBLE updates=%d p50_ms=%.0f p99_ms=%.0f max_ms=%.0f later_than_1s=%d"
          % (len(delays), p(0.5), p(0.99), delays[-1] * 1000, late))


main()
