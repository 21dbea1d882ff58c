#!/usr/bin/env bash
# Several nodes on PostgreSQL behind Varnish, measured beside one node on SQLite, in one
# run: the same newsroom (demo --seed 7) in both databases; the read benchmarks of
# bench/run.sh on each (a cached article page at 64 connections, uncached req/s on one
# article, cold renders at one connection over distinct stories); req/s through Varnish
# (hits) beside the node it fronts; and publish → visible through Varnish, each story
# published through node A while node B serves too (bench/publish_visible.py).
# Varnish runs the committed deploy/varnish/newsdesk.vcl, with nodes.vcl pointed at
# loopback as tests/deploy.rs does. PostgreSQL: a private server started here (Debian's
# postgresql package), unless BENCH_POSTGRES_URL names one whose user may create databases.
# Needs: wrk, curl, python3, varnish and varnish-modules, postgresql (Debian packages).
#
#   bench/nodes.sh                    # 100,000 stories
#   ARTICLES=10000 COUNT=30 bench/nodes.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${ARTICLES:-100000}
COUNT=${COUNT:-100}
DURATION=${DURATION:-5s}
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh
needs wrk curl python3 varnishd varnishadm
release_binary

# PostgreSQL: given, or a private server in bench/out/pg (kept between runs).
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  ADMIN_URL=$BENCH_POSTGRES_URL
else
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  PG_DIR=$PWD/$OUT/pg
  PG_PORT=${PG_PORT:-54390}
  if [ ! -d "$PG_DIR/data" ]; then
    mkdir -p "$PG_DIR"; chown postgres:postgres "$PG_DIR"
    su postgres -s /bin/sh -c "$PG_BIN/initdb -D '$PG_DIR/data' -U postgres --auth=trust -E UTF8 >/dev/null"
  fi
  # The settings of deploy/postgresql/newsdesk.conf that matter on one small machine.
  su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D '$PG_DIR/data' -o '-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=1GB' -l '$PG_DIR/log' -w start >/dev/null"
  trap 'cleanup; su postgres -s /bin/sh -c "$PG_BIN/pg_ctl -D \"$PG_DIR/data\" -m fast stop" >/dev/null 2>&1 || true' EXIT
  ADMIN_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
fi
PG_URL=${ADMIN_URL%/*}/newsdesk_bench_$ARTICLES
SQLITE_DATA=$OUT/data-$ARTICLES
PG_DATA=$OUT/pg-data-$ARTICLES
PASSWORD="a long bench password"

if [ ! -f "$SQLITE_DATA/newsdesk.db" ]; then
  echo "== building a $ARTICLES-story newsroom on SQLite" >&2
  "$BIN" demo --articles "$ARTICLES" --seed 7 --pictures 40 --data-dir "$SQLITE_DATA" >&2
fi
if [ ! -f "$SQLITE_DATA/related-stored" ]; then
  "$BIN" reindex --data-dir "$SQLITE_DATA" >&2 && touch "$SQLITE_DATA/related-stored"
fi
if [ ! -f "$PG_DATA/built" ]; then
  echo "== building the same newsroom on PostgreSQL" >&2
  rm -rf "$PG_DATA"; mkdir -p "$PG_DATA"
  python3 - "$ADMIN_URL" "${PG_URL##*/}" <<'PY'
import subprocess, sys
url, name = sys.argv[1], sys.argv[2]
subprocess.run(["psql", url, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
subprocess.run(["psql", url, "-qc", f"CREATE DATABASE {name}"], check=True)
PY
  "$BIN" demo --articles "$ARTICLES" --seed 7 --pictures 40 --data-dir "$PG_DATA" --database-url "$PG_URL" >&2
  "$BIN" reindex --data-dir "$PG_DATA" --database-url "$PG_URL" >&2
  touch "$PG_DATA/built"
fi
echo "$PASSWORD" | "$BIN" user add --role editor nodes-bench@example.com --data-dir "$PG_DATA" --database-url "$PG_URL" >/dev/null 2>&1 || true

# Varnish in front of the two PostgreSQL nodes.
A=18501; B=18502; V=18500; PG_UNCACHED=18503; SQ=18504; SQ_UNCACHED=18505
VDIR=$PWD/$OUT/varnish; rm -rf "$VDIR"; mkdir -p "$VDIR"
sed -e "s/\"10.0.0.11\";/\"127.0.0.1\";/; s/\"10.0.0.12\";/\"127.0.0.1\";/" \
    -e "/node_a {/,/}/ { s/10.0.0.11/127.0.0.1/; s/\"8080\"/\"$A\"/ }" \
    -e "/node_b {/,/}/ { s/10.0.0.12/127.0.0.1/; s/\"8080\"/\"$B\"/ }" \
    deploy/varnish/nodes.vcl > "$VDIR/nodes.vcl"
grep -q "\"$A\"" "$VDIR/nodes.vcl" && grep -q "\"$B\"" "$VDIR/nodes.vcl" || { echo "nodes.vcl was not rewritten" >&2; exit 1; }
varnishd -F -j none -a "127.0.0.1:$V" -f "$PWD/deploy/varnish/newsdesk.vcl" -p "vcl_path=$VDIR" \
  -n "$VDIR/work" -s malloc,256m >"$OUT/varnish.log" 2>&1 & pids+=($!)

start() { # port, data dir, search dir, extra env...
  local port=$1 data=$2 search=$3; shift 3
  rm -rf "$search"; cp -r "$data/search" "$search"
  env NEWSDESK_SEARCH_DIR="$search" "$@" "$BIN" serve --data-dir "$data" --listen "127.0.0.1:$port" >"$OUT/serve-nodes-$port.log" 2>&1 &
  pids+=($!)
  until curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the server on $port stopped; see $OUT/serve-nodes-$port.log" >&2; exit 1; }
    sleep 0.01
  done
}
NODE_ENV=(NEWSDESK_DATABASE_URL="$PG_URL" NEWSDESK_PURGE_URL="http://127.0.0.1:$V/"
  NEWSDESK_OUTBOUND_ALLOW=127.0.0.1/32 NEWSDESK_TRUST_PROXY=true NEWSDESK_DATABASE_MAX_CONNECTIONS=16)
start $A "$PG_DATA" "$OUT/search-node-a" "${NODE_ENV[@]}"
start $B "$PG_DATA" "$OUT/search-node-b" "${NODE_ENV[@]}"
start $PG_UNCACHED "$PG_DATA" "$OUT/search-pg-uncached" NEWSDESK_DATABASE_URL="$PG_URL" NEWSDESK_CACHE_ENABLED=false
start $SQ "$SQLITE_DATA" "$OUT/search-sqlite" 
start $SQ_UNCACHED "$SQLITE_DATA" "$OUT/search-sqlite-uncached" NEWSDESK_CACHE_ENABLED=false
until curl -fs -o /dev/null "http://127.0.0.1:$V/"; do sleep 0.1; done

# The same story in both databases (same seed), and distinct ones for cold renders.
ARTICLE=$(curl -fs "http://127.0.0.1:$SQ/news/" | grep -oE 'href="/news/[a-z0-9-]+"' | head -1 | cut -d'"' -f2)
[ "$(curl -fs -o /dev/null -w '%{http_code}' "http://127.0.0.1:$A$ARTICLE")" = 200 ] || { echo "$ARTICLE is not on the PostgreSQL newsroom" >&2; exit 1; }
: > "$OUT/nodes-urls.txt"
for section in news world uk church comment obituaries business culture; do
  for page in 1 2 3 4 5 6 7 8 9 10; do
    curl -fs "http://127.0.0.1:$SQ/$section/?page=$page" | grep -oE "href=\"/$section/[a-z0-9-]+\"" | cut -d'"' -f2 >> "$OUT/nodes-urls.txt" || true
  done
done
sort -u "$OUT/nodes-urls.txt" -o "$OUT/nodes-urls.txt"
rotate_lua "$OUT/nodes-urls.txt" "$OUT/nodes-rotate.lua"

measure() { # url, connections, [lua] → "req/s p50 p99"
  local args=(-t2 -c"$2" -d"$DURATION" --latency)
  [ "$2" = 1 ] && args[0]=-t1
  [ -n "${3:-}" ] && args+=(-s "$3")
  wrk "${args[@]}" "$1" | wrk_summary
}

for port in $A $B $SQ $V; do curl -fs -o /dev/null "http://127.0.0.1:$port$ARTICLE"; done
: > "$OUT/nodes-warm.txt"
for _ in 1 2 3; do
  read -r v v50 v99 < <(measure "http://127.0.0.1:$V$ARTICLE" 64)
  read -r a a50 a99 < <(measure "http://127.0.0.1:$A$ARTICLE" 64)
  read -r s s50 s99 < <(measure "http://127.0.0.1:$SQ$ARTICLE" 64)
  echo "$v $a $s $v99 $a99 $s99" >> "$OUT/nodes-warm.txt"
done
col() { awk -v c="$1" '{ print $c }' "$OUT/nodes-warm.txt" | median; }
read -r pu pu50 pu99 < <(measure "http://127.0.0.1:$PG_UNCACHED$ARTICLE" 64)
read -r su su50 su99 < <(measure "http://127.0.0.1:$SQ_UNCACHED$ARTICLE" 64)
read -r pc pc50 pc99 < <(measure "http://127.0.0.1:$PG_UNCACHED/" 1 "$OUT/nodes-rotate.lua")
read -r sc sc50 sc99 < <(measure "http://127.0.0.1:$SQ_UNCACHED/" 1 "$OUT/nodes-rotate.lua")

echo "Newsroom: $ARTICLES stories (demo --seed 7) in each database; wrk -d$DURATION on $(nproc) cores; everything (PostgreSQL, Varnish, five servers, wrk) on this one machine."
echo
echo "| measurement | PostgreSQL | SQLite | PostgreSQL ÷ SQLite |"
echo "|---|---|---|---:|"
echo "| cached article page, 64 connections, req/s (median of 3, alternating) / p99 ms | $(col 2) / $(col 5) | $(col 3) / $(col 6) | $(echo "scale=2; $(col 2) / $(col 3)" | bc) |"
echo "| uncached article page, 64 connections, req/s / p99 ms | $pu / $pu99 | $su / $su99 | $(echo "scale=2; $pu / $su" | bc) |"
echo "| cold renders over $(wc -l < "$OUT/nodes-urls.txt") distinct stories, 1 connection, p50 / p99 ms | $pc50 / $pc99 | $sc50 / $sc99 | $(echo "scale=2; $pc99 / $sc99" | bc) (p99) |"
echo
echo "| through Varnish (hits) beside node A direct, 64 connections | Varnish | node A | Varnish ÷ node |"
echo "|---|---|---|---:|"
echo "| article page, req/s (median of 3, alternating) / p99 ms | $(col 1) / $(col 4) | $(col 2) / $(col 5) | $(echo "scale=2; $(col 1) / $(col 2)" | bc) |"
echo
echo "Publish → visible through Varnish: $COUNT stories published through node A, each polled through Varnish every 5 ms on every place until it shows:"
echo
python3 bench/publish_visible.py --base "http://127.0.0.1:$A" --read-base "http://127.0.0.1:$V" \
  --email nodes-bench@example.com --password "$PASSWORD" --count "$COUNT" | awk '
  NR == 1 { next }
  { rows = rows sprintf("| publish → %s | %s / %s | < 1,000 |\n", $1, $2, $3) }
  END { print "| place | p50 / p99, ms | goal |"; print "|---|---|---|"; printf "%s", rows }'
echo
echo "Node B's change-notice wakes meanwhile: $(curl -fs "http://127.0.0.1:$B/metrics" | awk '/^newsdesk_change_notices_total/ { print $2 }')"
