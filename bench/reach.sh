#!/usr/bin/env bash
# How far and how fast a story reaches, on the benchmark newsroom: building the search
# index, search latency over a fixed query set (bench/search.lua), and publish → visible
# on every public place over 100 publishes (bench/publish_visible.py). Needs: wrk, curl,
# python3 (Debian packages). Prints the rows of BENCHMARKS.md.
#
#   bench/reach.sh                 # 100,000 stories
#   ARTICLES=10000 bench/reach.sh  # smaller, quicker
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
PUBLISHES=${PUBLISHES:-100}
OUT=bench/out
DATA=$OUT/data-$ARTICLES
WORK=$OUT/reach-$ARTICLES
PORT=18090
. bench/lib.sh
needs wrk curl python3
release_binary

if [ ! -f "$DATA/newsdesk.db" ]; then
  echo "== building a $ARTICLES-story newsroom in $DATA" >&2
  "$BIN" demo --articles "$ARTICLES" --seed 7 --pictures 40 --data-dir "$DATA"
fi
# Work on a copy: the publishes below must not change the newsroom bench/run.sh measures.
rm -rf "$WORK"; cp -r "$DATA" "$WORK"
rm -rf "$WORK/search"
printf 'bench passphrase\n' | "$BIN" user add --role admin --name Bench --data-dir "$WORK" bench@example.com >/dev/null

t0=$(date +%s.%N)
"$BIN" reindex --data-dir "$WORK"
index_seconds=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
index_mb=$(du -sm "$WORK/search" | cut -f1)

"$BIN" serve --data-dir "$WORK" --listen "127.0.0.1:$PORT" >"$OUT/reach-serve.log" 2>&1 &
pids+=($!)
until curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz"; do
  kill -0 "${pids[-1]}" 2>/dev/null || { echo "the server stopped; see $OUT/reach-serve.log" >&2; exit 1; }
  sleep 0.01
done

# wrk → "req/s p50 p99" (latencies in ms)
measure() { # threads, connections, duration
  wrk -t"$1" -c"$2" -d"$3" --latency -s bench/search.lua "http://127.0.0.1:$PORT" | awk '
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { printf "%.0f %.2f %.2f\n", rps, ms(p50), ms(p99) }'
}
measure 1 1 2s >/dev/null   # warm the OS page cache over the index
read -r _ s50 s99 < <(measure 1 1 10s)
read -r srps _ _ < <(measure 2 16 10s)

python3 bench/publish_visible.py --base "http://127.0.0.1:$PORT" --email bench@example.com \
  --password 'bench passphrase' --count "$PUBLISHES" > "$OUT/reach-visible.txt"
row() { awk -v p="$1" '$1 == p { printf "%s / %s", $2, $3 }' "$OUT/reach-visible.txt"; }

cat <<TABLE
Newsroom: $ARTICLES stories; search index built by \`newsdesk reindex\` in ${index_seconds}s (${index_mb} MB on disk); wrk on $(nproc) cores; $PUBLISHES publishes through the desk, one at a time, each polled every 5 ms on every place until it shows.

| measurement | p50 / p99, ms | goal |
|---|---|---|
| search, 20 fixed queries in turn, 1 connection | $s50 / $s99 | |
| search throughput, 16 connections | $srps req/s | |
| publish → article page | $(row article) | < 1,000 |
| publish → section front | $(row section) | < 1,000 |
| publish → home page | $(row home) | < 1,000 |
| publish → section RSS feed | $(row feed) | < 1,000 |
| publish → sitemap (this month's file) | $(row sitemap) | < 1,000 |
| publish → search results | $(row search) | < 1,000 |
| publish → related stories of an older story on the topic | $(row related) | < 1,000 |
TABLE
