#!/usr/bin/env bash
# Compares two newsdesk binaries on the newsroom bench/run.sh built, alternating, with the
# page cache off: uncached req/s on one article, and p99 latency at one connection over the
# distinct articles of bench/out/urls.txt. For checking a change for regressions:
#
#   cp target/release/newsdesk /tmp/newsdesk-before   # build the old commit first
#   bench/ab.sh /tmp/newsdesk-before target/release/newsdesk
#
# OLD_ENV / NEW_ENV add environment settings to one side, e.g. the cost of related stories:
#   NEW_ENV=NEWSDESK_RELATED_STORIES=false bench/ab.sh target/release/newsdesk target/release/newsdesk
set -euo pipefail
cd "$(dirname "$0")/.."
OLD=$1; NEW=$2; ROUNDS=${ROUNDS:-2}
DATA=bench/out/data-${ARTICLES:-100000}
[ -f bench/out/urls.txt ] && [ -f bench/out/rotate.lua ] || { echo "run bench/run.sh first" >&2; exit 1; }
run() { # label binary port [VAR=value]
  env ${4:-} NEWSDESK_LOG_LEVEL=warn NEWSDESK_CACHE_ENABLED=false "$2" serve --data-dir "$DATA" --listen "127.0.0.1:$3" >/dev/null 2>&1 &
  local pid=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$3/healthz"; do sleep 0.02; done
  local url; url=$(head -1 bench/out/urls.txt)
  local rps p99 rss
  rps=$(wrk -t2 -c64 -d5s "http://127.0.0.1:$3$url" | awk '/Requests\/sec/ {print $2}')
  p99=$(wrk -t1 -c1 -d5s --latency -s bench/out/rotate.lua "http://127.0.0.1:$3/" | awk '/^ +99%/ {print $2}')
  rss=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$pid/status")
  echo "$1 uncached=$rps req/s  p99=$p99  rss=${rss}MB"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for _ in $(seq "$ROUNDS"); do
  run old "$OLD" 18201 "${OLD_ENV:-}"
  run new "$NEW" 18202 "${NEW_ENV:-}"
done
