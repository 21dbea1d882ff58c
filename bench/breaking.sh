#!/usr/bin/env bash
# The breaking-news moment, measured: 256 readers (wrk -t2 -c256) on the home page, the
# News front, the breaking story and the feeds of a 100,000-story newsroom, with the
# default settings, while a story is published and then updated every second for 60 s
# through the Admin API. Reports readers' req/s, p50/p99 and errors, how long each update
# took to be visible on the story's page (p50/p99/max, and how many took over 1 s), and
# the server's peak RSS. Then the same again with readers searching beside them (32 more
# connections on bench/searchers.lua: search takes turns, so report its own throughput,
# p99 and "busy" answers next to the readers'), and last a mixed day with a small page
# cache (16 MB): 256 readers over distinct stories, searches, feeds, sitemaps and missing
# addresses for 60 s, on a server started fresh. Needs: wrk, curl, python3 (Debian packages).
#
#   bench/breaking.sh                     # 100,000 stories (builds them once, like run.sh)
#   ARTICLES=10000 SECONDS_=20 bench/breaking.sh
#   MIXED_ONLY=1 bench/breaking.sh        # only the mixed day
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
SECONDS_=${SECONDS_:-60}
CONNECTIONS=${CONNECTIONS:-256}
OUT=bench/out
DATA=$OUT/data-$ARTICLES
WORK=$OUT/breaking
PORT=18100
. bench/lib.sh
needs wrk curl python3
release_binary

if [ ! -f "$DATA/newsdesk.db" ]; then
  echo "== building a $ARTICLES-story newsroom in $DATA" >&2
  "$BIN" demo --articles "$ARTICLES" --seed 7 --pictures 40 --data-dir "$DATA"
fi
# A copy, so the stories this bench publishes do not change the others' newsroom.
rm -rf "$WORK"; mkdir -p "$WORK/site"
cp "$DATA/newsdesk.db" "$WORK/site/"; ln -s "$PWD/$DATA/media" "$WORK/site/media"
"$BIN" reindex --data-dir "$WORK/site" >/dev/null
echo "a long bench password" | "$BIN" user add --role editor breaking@example.com --data-dir "$WORK/site" >/dev/null
TOKEN=$("$BIN" token add breaking@example.com --name breaking --scopes "content:read content:write" --data-dir "$WORK/site")

# Default settings, but no API rate limit for the writer's token.
NEWSDESK_API_RATE_LIMIT=0 "$BIN" serve --data-dir "$WORK/site" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
server=$!; pids+=($server)
until curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.01; done
SECTION=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/admin/v1/sections/" \
  | python3 -c 'import json,sys; print(next(s["id"] for s in json.load(sys.stdin)["sections"] if s["slug"]=="news"))')

# One run of the breaking story: the writer publishes and updates; readers (and, when
# asked, searchers) read meanwhile. Prints the table rows.
breaking_run() { # "searching" or ""
  rm -f "$WORK/start" "$WORK/path"
  python3 bench/breaking_writer.py --base "http://127.0.0.1:$PORT" --token "$TOKEN" --section-id "$SECTION" \
    --seconds "$SECONDS_" --path-file "$WORK/path" --start-file "$WORK/start" > "$WORK/writer.out" &
  local writer=$!; pids+=($writer)
  until [ -e "$WORK/start" ]; do kill -0 $writer 2>/dev/null || { cat "$WORK/writer.out"; exit 1; }; sleep 0.05; done
  local searchers=""
  if [ "$1" = searching ]; then
    wrk -t1 -c32 -d"${SECONDS_}s" --latency -s bench/searchers.lua "http://127.0.0.1:$PORT" > "$WORK/search.out" &
    searchers=$!; pids+=($searchers)
  fi
  BREAKING_PATH=$(cat "$WORK/path") wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s bench/breaking.lua \
    "http://127.0.0.1:$PORT" > "$WORK/wrk.out"
  wait $writer
  [ -n "$searchers" ] && wait "$searchers"
  local rss_mb=$(( $(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024 ))
  grep BREAKING "$WORK/wrk.out"; cat "$WORK/writer.out"
  local rps p50 p99 non2xx sockerr vp50 vp99 vmax late
  read -r rps p50 p99 non2xx sockerr < <(awk '/^BREAKING/ {for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}; print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"], v["socket_errors"]}' "$WORK/wrk.out")
  read -r vp50 vp99 vmax late < <(awk '/^VISIBLE/ {for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}; print v["p50_ms"], v["p99_ms"], v["max_ms"], v["later_than_1s"]}' "$WORK/writer.out")
  local who="$CONNECTIONS readers on home, News front, the story, 2 feeds"
  [ -n "$searchers" ] && who="$who, beside 32 searchers"
  echo "| breaking news: $who; the story updated every 1 s for ${SECONDS_} s ($ARTICLES stories) | $rps | $p50 | $p99 | $non2xx non-2xx, $sockerr socket errors | update visible p50 $vp50 ms, p99 $vp99 ms, max $vmax ms, $late over 1 s | ${rss_mb} MB |"
  if [ -n "$searchers" ]; then
    grep SEARCH "$WORK/search.out"
    local srps s50 s99 sok sbusy sother serr
    read -r srps s50 s99 sok sbusy sother serr < <(awk '/^SEARCH/ {for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}; print v["rps"], v["p50_ms"], v["p99_ms"], v["ok"], v["busy"], v["other"], v["socket_errors"]}' "$WORK/search.out")
    echo "| the 32 searchers meanwhile (bench/searchers.lua) | $srps | $s50 | $s99 | $sok answered, $sbusy \"Search is busy\" (503), $sother other, $serr socket errors | | (same server) |"
  fi
}

if [ -z "${MIXED_ONLY:-}" ]; then
  breaking_run ""
  breaking_run searching
fi
kill $server; wait $server 2>/dev/null || true

# A mixed day with a small page cache, on a server started fresh: distinct stories (from
# the sections' pages), searches, feeds, sitemaps and missing addresses, shuffled once
# with a fixed seed and read in turn.
NEWSDESK_API_RATE_LIMIT=0 NEWSDESK_CACHE_MAX_MB=16 "$BIN" serve --data-dir "$WORK/site" --listen "127.0.0.1:$PORT" >"$WORK/serve-mixed.log" 2>&1 &
server=$!; pids+=($server)
until curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.01; done
python3 - "$PORT" > "$WORK/mixed-urls.txt" 2> "$WORK/mixed-counts" <<'PY'
import random, re, sys, urllib.error, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
def get(path):  # a section shorter than the page asked answers 404: nothing to add
    try:
        return urllib.request.urlopen(base + path, timeout=30).read().decode()
    except urllib.error.HTTPError:
        return ""
sections = ["news", "world", "uk", "church", "comment", "obituaries", "business", "culture"]
stories = set()
for s in sections:
    for page in list(range(1, 11)) + [100, 200, 300]:
        stories.update(re.findall(rf'href="(/{s}/[a-z0-9-]+)"', get(f"/{s}/?page={page}")))
queries = ["funding", "bishop", "storm power cuts", "local libraries", "mortgage rates", "asylum",
           "clergy", "casualties", "ftse gas", "goverment", "headteacher", "council votes",
           "heat-related deaths", "aid agencies", "((broken", "jobs", "diocese", "interfaith",
           "families help", "odesa"]
searches = [f"/search?q={q.replace(' ', '%20')}&page={p}" for q in queries for p in (1, 2)]
searches += [f"/search?q={q.replace(' ', '%20')}&sort=date" for q in queries]
feeds = ["/feed.xml", "/feed.json", "/atom.xml"] + [f"/{s}/feed.xml" for s in sections] + [f"/{s}/atom.xml" for s in sections]
index = get("/sitemap.xml")
sitemaps = ["/sitemap.xml", "/sitemaps/pages.xml", "/sitemaps/news.xml"] + [
    u.split(base, 1)[-1] for u in re.findall(r"<loc>([^<]+)</loc>", index)[1:25]]
missing = [f"/news/no-such-story-{i}" for i in range(60)] + [f"/no-such-page-{i}" for i in range(40)]
urls = sorted(stories) + searches * 3 + feeds * 4 + sitemaps * 4 + missing
random.Random(7).shuffle(urls)
print("\n".join(urls))
print(len(urls), len(stories), file=sys.stderr)
PY
read -r n_urls n_stories < "$WORK/mixed-counts"
MIXED_URLS="$WORK/mixed-urls.txt" wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s bench/mixed.lua "http://127.0.0.1:$PORT" > "$WORK/mixed.out"
grep MIXED "$WORK/mixed.out"
rss_mb=$(( $(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024 ))
read -r mrps m50 m99 mok mmissing mbusy mother merr < <(awk '/^MIXED/ {for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}; print v["rps"], v["p50_ms"], v["p99_ms"], v["ok"], v["not_found"], v["busy"], v["other"], v["socket_errors"]}' "$WORK/mixed.out")
echo "| mixed: $CONNECTIONS readers over $n_urls addresses ($n_stories distinct stories, searches, feeds, sitemaps, missing addresses), page cache 16 MB, ${SECONDS_} s, fresh start | $mrps | $m50 | $m99 | $mok answered, $mmissing 404 (asked for), $mbusy \"Search is busy\", $mother other, $merr socket errors | | ${rss_mb} MB |"
