#!/usr/bin/env bash
# The breaking-news moment, measured: 256 readers (wrk -t2 -c256) on the home page, the
# News front, the breaking story and the feeds of a 100,000-story newsroom, with the
# default settings, while a story is published and then updated every second for 60 s
# through the Admin API. Reports readers' req/s, p50/p99 and errors, how long each update
# took to be visible on the story's page (p50/p99/max, and how many took over 1 s), and
# the server's peak RSS. Needs: wrk, curl, python3 (Debian packages).
#
#   bench/breaking.sh                     # 100,000 stories (builds them once, like run.sh)
#   ARTICLES=10000 SECONDS_=20 bench/breaking.sh
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

python3 bench/breaking_writer.py --base "http://127.0.0.1:$PORT" --token "$TOKEN" --section-id "$SECTION" \
  --seconds "$SECONDS_" --path-file "$WORK/path" --start-file "$WORK/start" > "$WORK/writer.out" &
writer=$!; pids+=($writer)
until [ -e "$WORK/start" ]; do kill -0 $writer 2>/dev/null || { cat "$WORK/writer.out"; exit 1; }; sleep 0.05; done

BREAKING_PATH=$(cat "$WORK/path") wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s bench/breaking.lua \
  "http://127.0.0.1:$PORT" > "$WORK/wrk.out"
wait $writer
rss_mb=$(( $(awk '/VmHWM/ {print $2}' /proc/$server/status) / 1024 ))
grep BREAKING "$WORK/wrk.out"; cat "$WORK/writer.out"
read -r rps p50 p99 non2xx sockerr < <(awk '/^BREAKING/ {for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}; print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"], v["socket_errors"]}' "$WORK/wrk.out")
read -r vp50 vp99 vmax late < <(awk '/^VISIBLE/ {for(i=2;i<=NF;i++){split($i,kv,"="); v[kv[1]]=kv[2]}; print v["p50_ms"], v["p99_ms"], v["max_ms"], v["later_than_1s"]}' "$WORK/writer.out")
echo "| breaking news: $CONNECTIONS readers on home, News front, the story, 2 feeds; the story updated every 1 s for ${SECONDS_} s ($ARTICLES stories) | $rps | $p50 | $p99 | $non2xx non-2xx, $sockerr socket errors | update visible p50 $vp50 ms, p99 $vp99 ms, max $vmax ms, $late over 1 s | ${rss_mb} MB |"
