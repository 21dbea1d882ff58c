#!/usr/bin/env bash
# Measures the Content API (and one Admin API read) beside the article page, on the same
# generated newsroom as bench/run.sh, cached and uncached, with nginx serving the same
# bytes as the single-story answer. Prints the rows of BENCHMARKS.md.
# Needs: nginx, wrk, curl (Debian packages).
#
#   bench/api.sh                 # 100,000 stories (builds the newsroom once, like run.sh)
#   ARTICLES=10000 bench/api.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
OUT=bench/out
DATA=$OUT/data-$ARTICLES
PORT=18090; PORT_UNCACHED=18092; PORT_NGINX=18091
mkdir -p "$OUT"
. bench/lib.sh
needs nginx wrk curl
release_binary

if [ ! -f "$DATA/newsdesk.db" ]; then
  echo "== building a $ARTICLES-story newsroom in $DATA" >&2
  rm -rf "$DATA"
  "$BIN" demo --articles "$ARTICLES" --seed 7 --pictures 40 --data-dir "$DATA"
fi
if [ "$(cat "$DATA/search/newsdesk-position" 2>/dev/null || echo 0)" -eq 0 ]; then
  "$BIN" reindex --data-dir "$DATA"
fi
rm -rf "$OUT/search-api-cached" "$OUT/search-api-uncached"
cp -r "$DATA/search" "$OUT/search-api-cached"; cp -r "$DATA/search" "$OUT/search-api-uncached"

# An Admin API token for a reading account (made once; the secret is kept in bench/out).
if [ ! -s "$OUT/admin-token-$ARTICLES" ]; then
  echo "a long bench password" | "$BIN" user add --role editor bench@example.com --data-dir "$DATA" >/dev/null 2>&1 || true
  "$BIN" token add bench@example.com --name bench --scopes content:read --data-dir "$DATA" > "$OUT/admin-token-$ARTICLES"
fi
TOKEN=$(cat "$OUT/admin-token-$ARTICLES")

start_server() { # port, extra env...
  local port=$1; shift
  env "$@" "$BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$port" >"$OUT/serve-$port.log" 2>&1 &
  pids+=($!)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the server on $port stopped; see $OUT/serve-$port.log" >&2; exit 1; }
    sleep 0.01
  done
}
# No rate limit: the bench token makes hundreds of thousands of requests a minute.
start_server $PORT NEWSDESK_SEARCH_DIR="$OUT/search-api-cached" NEWSDESK_API_RATE_LIMIT=0
start_server $PORT_UNCACHED NEWSDESK_CACHE_ENABLED=false NEWSDESK_SEARCH_DIR="$OUT/search-api-uncached" NEWSDESK_API_RATE_LIMIT=0

ARTICLE=$(curl -fs "http://127.0.0.1:$PORT/news/" | grep -oE 'href="/news/[a-z0-9-]+"' | head -1 | cut -d'"' -f2)
SLUG=${ARTICLE##*/}
ID=$(curl -fs "http://127.0.0.1:$PORT/api/content/v1/posts/slug/$SLUG/?fields=id" | grep -oE '"id":[0-9]+' | head -1 | cut -d: -f2)
LIST="/api/content/v1/posts/?limit=15"
ONE="/api/content/v1/posts/$ID/"
GHOST="/ghost/api/content/posts/?limit=15&include=tags,authors"
ADMIN="/api/admin/v1/stories/$ID/"

# nginx serves the very bytes of the single-story answer.
mkdir -p "$OUT/www-api/api/content/v1/posts/$ID"
curl -fs "http://127.0.0.1:$PORT$ONE" > "$OUT/www-api/api/content/v1/posts/$ID/index.json"
bytes=$(wc -c < "$OUT/www-api/api/content/v1/posts/$ID/index.json")
list_bytes=$(curl -fs "http://127.0.0.1:$PORT$LIST" | wc -c)
cat > "$OUT/nginx-api.conf" <<CONF
worker_processes 2;
daemon off;
pid $PWD/$OUT/nginx-api.pid;
error_log $PWD/$OUT/nginx-api-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server {
    listen 127.0.0.1:$PORT_NGINX;
    root $PWD/$OUT/www-api;
    location / { try_files \$uri \${uri}index.json =404; }
  }
}
CONF
nginx -c "$PWD/$OUT/nginx-api.conf" >"$OUT/nginx-api.log" 2>&1 & pids+=($!)
until curl -fs -o /dev/null "http://127.0.0.1:$PORT_NGINX$ONE"; do sleep 0.05; done

measure() { # url, [header]
  local args=(-t"${THREADS:-2}" -c"$CONNECTIONS" -d"$DURATION" --latency)
  [ -n "${2:-}" ] && args+=(-H "$2")
  wrk "${args[@]}" "$1" | awk '
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { printf "%.0f %.2f %.2f\n", rps, ms(p50), ms(p99) }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for path in "$ARTICLE" "$LIST" "$ONE" "$GHOST"; do curl -fs -o /dev/null "http://127.0.0.1:$PORT$path"; done

# Side by side with nginx, alternating, for the single story.
: > "$OUT/api-one.txt"
for _ in $(seq "$ROUNDS"); do
  read -r a _ _ < <(measure "http://127.0.0.1:$PORT$ONE")
  read -r b _ _ < <(measure "http://127.0.0.1:$PORT_NGINX$ONE")
  echo "$a $b $(echo "scale=3; $a / $b" | bc)" >> "$OUT/api-one.txt"
done
one_rps=$(cut -d' ' -f1 < "$OUT/api-one.txt" | median)
nginx_rps=$(cut -d' ' -f2 < "$OUT/api-one.txt" | median)
ratio=$(cut -d' ' -f3 < "$OUT/api-one.txt" | median)
ratios=$(cut -d' ' -f3 < "$OUT/api-one.txt" | tr '\n' ' ')

row() { # label, cached path, [header]
  read -r c c50 c99 < <(measure "http://127.0.0.1:$PORT$2" "${3:-}")
  read -r u u50 u99 < <(measure "http://127.0.0.1:$PORT_UNCACHED$2" "${3:-}")
  echo "| $1 | $c | $c50 / $c99 | $u | $u50 / $u99 |"
}

cat <<TABLE
Newsroom: $ARTICLES stories (demo --seed 7); single-story answer $bytes bytes, list of 15 $list_bytes bytes; wrk -t2 -c$CONNECTIONS -d$DURATION on $(nproc) cores.

| single story, \`$ONE\`, cached | Newsdesk $one_rps req/s | nginx (same bytes) $nginx_rps req/s | **${ratio}×** nginx, median of $ROUNDS alternating runs; all ratios: $ratios |
|---|---|---|---|

| answer | cached req/s | cached p50 / p99, ms | uncached req/s | uncached p50 / p99, ms |
|---|---|---|---|---|
$(row "article page (HTML), for comparison" "$ARTICLE")
$(row "Content API list, \`posts/?limit=15\`" "$LIST")
$(row "Content API single story, \`posts/{id}/\`" "$ONE")
$(row "Ghost's shape, \`posts/?limit=15&include=tags,authors\`" "$GHOST")
$(row "Admin API story (a token; never cached)" "$ADMIN" "Authorization: Bearer $TOKEN")
TABLE
