#!/usr/bin/env bash
# The desk's story list at scale: the same list pages measured on a small newsroom and on
# the 100,000-story one of bench/run.sh, side by side in one run, signed in as an editor.
# Each page is what an editor opens in a shift: all stories, a page deep in the archive
# (a keyset cursor 90% of the way down), a search by headline words, one section, stories
# in review, the list sorted by headline deep down, their own stories and the published
# ones. Prints the rows of BENCHMARKS.md.
# Needs: wrk, curl, python3 (Debian packages).
#
#   bench/desk.sh                              # 1,000 beside 100,000 stories
#   SMALL=500 ARTICLES=10000 bench/desk.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=${SMALL:-1000}
ARTICLES=${ARTICLES:-100000}
DURATION=${DURATION:-5s}
CONNECTIONS=${CONNECTIONS:-8}
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh
needs wrk curl python3
release_binary

PASSWORD="a long bench password"
prepare() { # articles → the data folder, built once, with an editor who can sign in
  local data=$OUT/data-$1
  if [ ! -f "$data/newsdesk.db" ]; then
    echo "== building a $1-story newsroom in $data" >&2
    rm -rf "$data"
    "$BIN" demo --articles "$1" --seed 7 --pictures 40 --data-dir "$data" >&2
  fi
  echo "$PASSWORD" | "$BIN" user add --role editor desk-bench@example.com --data-dir "$data" >/dev/null 2>&1 || true
  echo "$data"
}

start_server() { # data, port
  "$BIN" serve --data-dir "$1" --listen "127.0.0.1:$2" >"$OUT/serve-desk-$2.log" 2>&1 &
  pids+=($!)
  until curl -fs -o /dev/null "http://127.0.0.1:$2/healthz"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the server on $2 stopped; see $OUT/serve-desk-$2.log" >&2; exit 1; }
    sleep 0.01
  done
}

sign_in() { sign_in_as "$1" desk-bench@example.com "$PASSWORD"; }

# The pages, for one newsroom: cursors and ids read from its database.
pages() { # data
  python3 - "$1/newsdesk.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("SELECT COUNT(*) FROM articles WHERE deleted_at IS NULL").fetchone()[0]
deep = int(n * 0.9)
at, id_ = db.execute("SELECT updated_at, id FROM articles WHERE deleted_at IS NULL "
                     "ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET ?", (deep,)).fetchone()
h, hid = db.execute("SELECT LOWER(headline), id FROM articles WHERE deleted_at IS NULL "
                    "ORDER BY LOWER(headline), id LIMIT 1 OFFSET ?", (deep,)).fetchone()
section = db.execute("SELECT id FROM sections ORDER BY position, id LIMIT 1").fetchone()[0]
word = db.execute("SELECT headline FROM articles ORDER BY id LIMIT 1").fetchone()[0].split()[0]
from urllib.parse import quote
print("all /admin/")
print(f"deep /admin/?after={at}~{id_}")
print(f"search /admin/?q={quote(word)}")
print(f"section /admin/?section={section}")
print("review /admin/?view=review")
print("mine /admin/?view=mine")
print("published /admin/?view=published")
print(f"headline-deep /admin/?sort=headline&after={quote(h + '~' + str(hid))}")
PY
}

measure() { # url, cookie header → "req/s p50 p99"
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$2" "$1" | awk '
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    /Non-2xx/ { bad=$NF }
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.2f %.2f\n", rps, ms(p50), ms(p99) }'
}

SMALL_DATA=$(prepare "$SMALL")
BIG_DATA=$(prepare "$ARTICLES")
start_server "$SMALL_DATA" 18191
start_server "$BIG_DATA" 18192
SMALL_COOKIE=$(sign_in 18191)
BIG_COOKIE=$(sign_in 18192)
mapfile -t SMALL_PAGES < <(pages "$SMALL_DATA")
mapfile -t BIG_PAGES < <(pages "$BIG_DATA")

echo "Desk list, signed in as an editor; $SMALL beside $ARTICLES stories (demo --seed 7); wrk -t2 -c$CONNECTIONS -d$DURATION on $(nproc) cores, one run, alternating."
echo
echo "| page | $SMALL stories: req/s, p50 / p99 ms | $ARTICLES stories: req/s, p50 / p99 ms | $ARTICLES ÷ $SMALL req/s | path ($ARTICLES) |"
echo "|---|---|---|---:|---|"
for i in "${!BIG_PAGES[@]}"; do
  read -r name small_path <<<"${SMALL_PAGES[$i]}"
  read -r _ big_path <<<"${BIG_PAGES[$i]}"
  # Each page must be the story list (a 200 with its filters), not the sign-in page.
  for check in "18191|$small_path|$SMALL_COOKIE" "18192|$big_path|$BIG_COOKIE"; do
    IFS='|' read -r port path cookie <<<"$check"
    page=$(curl -fs -H "$cookie" "http://127.0.0.1:$port$path") || page=""
    [[ $page == *'class="desk-filters"'* ]] || { echo "$path on $port is not the story list" >&2; exit 1; }
  done
  read -r s s50 s99 < <(measure "http://127.0.0.1:18191$small_path" "$SMALL_COOKIE")
  read -r b b50 b99 < <(measure "http://127.0.0.1:18192$big_path" "$BIG_COOKIE")
  echo "| $name | $s, $s50 / $s99 | $b, $b50 / $b99 | $(echo "scale=2; $b / $s" | bc) | \`${big_path}\` |"
done
