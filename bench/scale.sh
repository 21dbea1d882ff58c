#!/usr/bin/env bash
# A hundred thousand stories beside a million: the same pages, measured on both newsrooms
# side by side in one run, alternating, each server with its page cache off so that every
# answer is a full load and render. Rows: start to first answer, cold article renders
# (one connection over ~1,600 distinct stories, recent and deep in the archive), search, a
# section page at the same depth in each archive (?page=500 of 100,000 stories is as deep as
# ?page=5000 of a million), a month's sitemap and the sitemap index, the desk's story list
# signed in, and each server's peak RSS after all of it. Also how long the million-story
# demo and its `reindex` (search index and every related list) took, and their peak RSS.
# Needs: wrk, curl, python3, GNU time (Debian packages). Disk: about 8 GB for the million.
#
#   bench/scale.sh                          # 100,000 beside 1,000,000 stories
#   SMALL=10000 BIG=100000 bench/scale.sh   # a quicker look
set -euo pipefail
cd "$(dirname "$0")/.."

SMALL=${SMALL:-100000}
BIG=${BIG:-1000000}
DURATION=${DURATION:-5s}
OUT=bench/out
mkdir -p "$OUT"
. bench/lib.sh
needs wrk curl python3 /usr/bin/time
release_binary

PASSWORD="a long bench password"
# Builds the newsroom once (timed), its search index and related lists once (timed), and
# an editor for the desk; prints the data folder.
prepare() { # articles
  local data=$OUT/data-$1
  if [ ! -f "$data/newsdesk.db" ]; then
    echo "== building a $1-story newsroom in $data" >&2
    rm -rf "$data"
    /usr/bin/time -v -o "$OUT/demo-$1.time" \
      "$BIN" demo --articles "$1" --seed 7 --pictures 40 --data-dir "$data" >&2
  fi
  if [ ! -f "$data/related-stored" ]; then
    echo "== indexing $1 stories and storing their related lists" >&2
    /usr/bin/time -v -o "$OUT/reindex-$1.time" "$BIN" reindex --data-dir "$data" >&2
    touch "$data/related-stored"
  fi
  echo "$PASSWORD" | "$BIN" user add --role editor scale-bench@example.com --data-dir "$data" >/dev/null 2>&1 || true
  echo "$data"
}

started_ms=0
start_server() { # data, port
  local t0; t0=$(date +%s%N)
  NEWSDESK_CACHE_ENABLED=false "$BIN" serve --data-dir "$1" --listen "127.0.0.1:$2" >"$OUT/serve-scale-$2.log" 2>&1 &
  pids+=($!)
  until curl -fs -o /dev/null "http://127.0.0.1:$2/healthz"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the server on $2 stopped; see $OUT/serve-scale-$2.log" >&2; exit 1; }
    sleep 0.005
  done
  started_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
}

sign_in() { sign_in_as "$1" scale-bench@example.com "$PASSWORD"; }

# Distinct story addresses, from the first ten pages of each section and from deep ones.
story_urls() { # port, deep page → a wrk script that cycles through them
  local list=$OUT/scale-urls-$1.txt
  : > "$list"
  for section in news world uk church comment obituaries business culture; do
    for page in 1 2 3 4 5 6 7 8 9 10 $(( $2 / 4 )) $(( $2 / 2 )) "$2"; do
      curl -fs "http://127.0.0.1:$1/$section/?page=$page" | grep -oE "href=\"/$section/[a-z0-9-]+\"" | cut -d'"' -f2 >> "$list" || true
    done
  done
  sort -u "$list" -o "$list"
  rotate_lua "$list" "$OUT/scale-rotate-$1.lua"
  echo "$OUT/scale-rotate-$1.lua $(wc -l < "$list")"
}

measure() { # url, [wrk script], [header] → "req/s p50 p99" at one connection
  local args=(-t1 -c1 -d"$DURATION" --latency)
  [ -n "${2:-}" ] && args+=(-s "$2")
  [ -n "${3:-}" ] && args+=(-H "$3")
  wrk "${args[@]}" "$1" | wrk_summary
}

SMALL_DATA=$(prepare "$SMALL")
BIG_DATA=$(prepare "$BIG")
start_server "$SMALL_DATA" 18301; small_start=$started_ms; small_pid=${pids[-1]}
start_server "$BIG_DATA" 18302; big_start=$started_ms; big_pid=${pids[-1]}
# The first deep page and sitemap index after start count every month of their list once
# (they keep the counts); timed here, before anything else asks for them.
first_ms() { curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1$2" | awk '{ printf "%.1f", $1 * 1000 }'; }
small_first_deep=$(first_ms 18301 "/news/?page=$(( 5000 * SMALL / BIG ))"); big_first_deep=$(first_ms 18302 "/news/?page=5000")
small_first_index=$(first_ms 18301 /sitemap.xml); big_first_index=$(first_ms 18302 /sitemap.xml)
SMALL_COOKIE=$(sign_in 18301)
BIG_COOKIE=$(sign_in 18302)
# The same depth in each archive.
small_deep=$(( 5000 * SMALL / BIG )); big_deep=5000
read -r SMALL_LUA small_urls < <(story_urls 18301 "$small_deep")
read -r BIG_LUA big_urls < <(story_urls 18302 "$big_deep")
month=$(date -u -d "13 months ago" +%Y-%m)

row() { # name, small path, big path, [small lua], [big lua], [small header], [big header]
  local s s50 s99 b b50 b99
  read -r s s50 s99 < <(measure "http://127.0.0.1:18301$2" "${4:-}" "${6:-}")
  read -r b b50 b99 < <(measure "http://127.0.0.1:18302$3" "${5:-}" "${7:-}")
  echo "| $1 | $s, $s50 / $s99 | $b, $b50 / $b99 | $(echo "scale=2; $b99 / $s99" | bc) |"
}

echo "$SMALL beside $BIG stories (demo --seed 7), page cache off on both servers; wrk -t1 -c1 -d$DURATION each, alternating, on $(nproc) cores."
echo
echo "| at one connection | $SMALL stories: req/s, p50 / p99 ms | $BIG stories: req/s, p50 / p99 ms | p99 ratio |"
echo "|---|---|---|---:|"
row "cold article renders ($small_urls / $big_urls distinct stories)" / / "$SMALL_LUA" "$BIG_LUA"
row "search (20 fixed queries in turn)" / / bench/search.lua bench/search.lua
row "section page as deep (\`/news/?page=$small_deep\` / \`?page=$big_deep\`)" "/news/?page=$small_deep" "/news/?page=$big_deep"
row "a month's sitemap (\`/sitemaps/$month.xml\`)" "/sitemaps/$month.xml" "/sitemaps/$month.xml"
row "sitemap index (\`/sitemap.xml\`)" /sitemap.xml /sitemap.xml
row "desk story list, signed in (\`/admin/\`)" /admin/ /admin/ "" "" "$SMALL_COOKIE" "$BIG_COOKIE"
# Peak RSS, and what is resident at the end split into the process's own memory (anonymous)
# and pages of files it maps (the search index, SQLite's file): the kernel may drop those.
rss() { awk -v k="$2" '$1 == k":" { printf "%.0f", $2/1024 }' "/proc/$1/status"; }
echo "| start → first answer, ms | $small_start | $big_start | |"
echo "| the first deep section page after start (counts each month of the list once), ms | $small_first_deep | $big_first_deep | |"
echo "| the first sitemap index after start (counts each month once), ms | $small_first_index | $big_first_index | |"
echo "| server's peak RSS after all of the above, MB | $(rss "$small_pid" VmHWM) | $(rss "$big_pid" VmHWM) | |"
echo "| of it at the end: own memory (RssAnon) + mapped files (RssFile), MB | $(rss "$small_pid" RssAnon) + $(rss "$small_pid" RssFile) | $(rss "$big_pid" RssAnon) + $(rss "$big_pid" RssFile) | |"
echo
for n in "$SMALL" "$BIG"; do
  for step in demo reindex; do
    f=$OUT/$step-$n.time
    [ -f "$f" ] || continue
    echo "- \`newsdesk $step\` of $n stories: $(awk -F': ' '/Elapsed/ { print $2 }' "$f") wall, $(awk -F': ' '/Maximum resident/ { printf "%.0f", $2/1024 }' "$f") MB peak RSS"
  done
done
