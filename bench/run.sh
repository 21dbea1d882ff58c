#!/usr/bin/env bash
# Measures Newsdesk on a generated newsroom, side by side with nginx serving the same
# bytes, and prints the rows of BENCHMARKS.md. Needs: nginx, wrk, curl (Debian packages).
#
#   bench/run.sh                 # 100,000 stories (builds the newsroom once, ~1-2 min)
#   ARTICLES=10000 bench/run.sh  # smaller, quicker
#
# Ratios matter more than absolute numbers here: the machines are shared and noisy, so
# Newsdesk and nginx are measured in the same run, one after the other, with the same wrk.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
OUT=bench/out
DATA=$OUT/data-$ARTICLES
PORT=18080; PORT_UNCACHED=18082; PORT_NGINX=18081
mkdir -p "$OUT"
. bench/lib.sh
needs nginx wrk curl
release_binary

if [ ! -f "$DATA/newsdesk.db" ]; then
  echo "== building a $ARTICLES-story newsroom in $DATA" >&2
  rm -rf "$DATA"
  start=$(date +%s.%N)
  "$BIN" demo --articles "$ARTICLES" --seed 7 --pictures 40 --data-dir "$DATA"
  end=$(date +%s.%N)
  printf '%.1f' "$(echo "$end - $start" | bc)" > "$OUT/demo-seconds-$ARTICLES"
fi
demo_seconds=$(cat "$OUT/demo-seconds-$ARTICLES" 2>/dev/null || echo "?")

# The search index is built once, up front, so no server builds it while being measured;
# each server process needs its own copy (an index has one writer).
if [ "$(cat "$DATA/search/newsdesk-position" 2>/dev/null || echo 0)" -eq 0 ]; then
  echo "== building the search index" >&2
  "$BIN" reindex --data-dir "$DATA"
fi
rm -rf "$OUT/search-uncached"; cp -r "$DATA/search" "$OUT/search-uncached"

# Start a server and time the way to its first answered request (into $started_ms).
start_server() { # port, extra env...
  local port=$1; shift
  local t0; t0=$(date +%s%N)
  env "$@" "$BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$port" >"$OUT/serve-$port.log" 2>&1 &
  pids+=($!)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the server on $port stopped; see $OUT/serve-$port.log" >&2; exit 1; }
    sleep 0.005
  done
  started_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

start_server $PORT
first_answer_ms=$started_ms
server_pid=${pids[-1]}
start_server $PORT_UNCACHED NEWSDESK_CACHE_ENABLED=false NEWSDESK_SEARCH_DIR="$OUT/search-uncached"
uncached_ms=$started_ms

# One article page, and a pool of distinct ones for cold renders.
ARTICLE=$(curl -fs "http://127.0.0.1:$PORT/news/" | grep -oE 'href="/news/[a-z0-9-]+"' | head -1 | cut -d'"' -f2)
: > "$OUT/urls.txt"
for section in news world uk church comment obituaries business culture; do
  for page in 1 2 3 4 5 6 7 8 9 10; do
    curl -fs "http://127.0.0.1:$PORT/$section/?page=$page" | grep -oE "href=\"/$section/[a-z0-9-]+\"" | cut -d'"' -f2 >> "$OUT/urls.txt" || true
  done
done
sort -u "$OUT/urls.txt" -o "$OUT/urls.txt"
url_count=$(wc -l < "$OUT/urls.txt")

# nginx serves the very bytes Newsdesk serves for that article.
mkdir -p "$OUT/www$(dirname "$ARTICLE")"
curl -fs "http://127.0.0.1:$PORT$ARTICLE" > "$OUT/www$ARTICLE"
bytes=$(wc -c < "$OUT/www$ARTICLE")
cat > "$OUT/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $PWD/$OUT/nginx.pid;
error_log $PWD/$OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server {
    listen 127.0.0.1:$PORT_NGINX;
    root $PWD/$OUT/www;
    location / { try_files \$uri =404; }
  }
}
CONF
nginx -c "$PWD/$OUT/nginx.conf" >"$OUT/nginx.log" 2>&1 & pids+=($!)
until curl -fs -o /dev/null "http://127.0.0.1:$PORT_NGINX$ARTICLE"; do sleep 0.05; done

rotate_lua bench/out/urls.txt "$OUT/rotate.lua"

# wrk → "req/s p50 p99" (latencies in ms)
measure() { # url, connections, [lua]
  local args=(-t"${THREADS:-2}" -c"$2" -d"$DURATION" --latency)
  [ -n "${3:-}" ] && args+=(-s "$3")
  wrk "${args[@]}" "$1" | wrk_summary
}

curl -fs -o /dev/null "http://127.0.0.1:$PORT$ARTICLE"   # warm the page cache
# Alternate Newsdesk and nginx for ROUNDS rounds; report the medians and the median ratio.
ROUNDS=${ROUNDS:-3}
: > "$OUT/warm.txt"
for _ in $(seq "$ROUNDS"); do
  read -r a a50 a99 < <(measure "http://127.0.0.1:$PORT$ARTICLE" "$CONNECTIONS")
  read -r b b50 b99 < <(measure "http://127.0.0.1:$PORT_NGINX$ARTICLE" "$CONNECTIONS")
  echo "$a $a50 $a99 $b $b50 $b99 $(echo "scale=3; $a / $b" | bc)" >> "$OUT/warm.txt"
done
col() { awk -v c="$1" '{ print $c }' "$OUT/warm.txt" | median; }
nd_rps=$(col 1); nd_p50=$(col 2); nd_p99=$(col 3)
ng_rps=$(col 4); ng_p50=$(col 5); ng_p99=$(col 6)
ratio=$(col 7)
read -r un_rps un_p50 un_p99 < <(measure "http://127.0.0.1:$PORT_UNCACHED$ARTICLE" "$CONNECTIONS")
read -r cold_rps cold_p50 cold_p99 < <(THREADS=1 measure "http://127.0.0.1:$PORT_UNCACHED/" 1 "$OUT/rotate.lua")
rss_mb=$(awk '/VmHWM/ { printf "%.0f", $2/1024 }' /proc/"$server_pid"/status)

cat <<TABLE
Newsroom: $ARTICLES stories (demo --seed 7, 40 shared pictures), built in ${demo_seconds}s; article page $bytes bytes; wrk -t2 -c$CONNECTIONS -d$DURATION on $(nproc) cores.

| measurement | Newsdesk | nginx (same bytes) | ratio / goal |
|---|---|---|---|
| warm article page (page cache), req/s, median of $ROUNDS alternating runs | $nd_rps | $ng_rps | **${ratio}×** nginx, median ratio (goal ≥ 1.0×); all ratios: $(awk '{ printf "%s ", $7 }' "$OUT/warm.txt") |
| warm article page p50 / p99 latency, ms | $nd_p50 / $nd_p99 | $ng_p50 / $ng_p99 | |
| uncached article page (cache_enabled=false), req/s | $un_rps | | goal ≥ 2,200 |
| cold render (cache off, $url_count distinct articles, 1 connection) p50 / p99, ms | $cold_p50 / $cold_p99 | | goal p99 < 5 ms |
| peak RSS of the cached server after the runs, MB | $rss_mb | | goal < 300 MB |
| start → first answered request, ms (cached / uncached server) | $first_answer_ms / $uncached_ms | | goal < 1,000 ms |
TABLE
