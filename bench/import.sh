#!/usr/bin/env bash
# Moving in and out at scale: imports a generated WordPress export (POSTS posts, PICTURES
# pictures from a local uploads folder) into an empty newsroom, then times a backup of the
# 100,000-story demo newsroom (and its export, when the command exists), printing the rows
# of BENCHMARKS.md. Needs: python3, /usr/bin/time (Debian `time`).
#
#   bench/import.sh                          # 100,000 posts, 2,000 pictures
#   POSTS=10000 PICTURES=200 bench/import.sh # quicker
set -euo pipefail
cd "$(dirname "$0")/.."

POSTS=${POSTS:-100000}
PICTURES=${PICTURES:-2000}
ARTICLES=${ARTICLES:-100000}   # the demo newsroom bench/run.sh builds, for backup/export
OUT=bench/out
WORK=$OUT/import-$POSTS
mkdir -p "$OUT"
[ -x /usr/bin/time ] || { echo "bench needs /usr/bin/time: apt-get install time" >&2; exit 1; }

cargo build --release -q -p newsdesk
BIN=$PWD/target/release/newsdesk
export NEWSDESK_LOG_LEVEL=warn

# Pictures for the uploads folder: a demo newsroom's 960-pixel JPEGs, all different (the
# library keeps one picture per image, so copies of one file would be one picture).
PIXDIR=$OUT/import-pictures-$PICTURES
if [ ! -d "$PIXDIR" ]; then
  rm -rf "$OUT/import-source"
  "$BIN" demo --articles "$(( PICTURES > 40 ? PICTURES : 40 ))" --pictures "$PICTURES" --data-dir "$OUT/import-source" >/dev/null
  mkdir -p "$PIXDIR"
  cp "$OUT"/import-source/media/*-960.jpg "$PIXDIR/"
  rm -rf "$OUT/import-source"
fi

rm -rf "$WORK"; mkdir -p "$WORK"
python3 bench/gen_wxr.py "$POSTS" "$PICTURES" "$WORK/export.xml" "$WORK/uploads" "$PIXDIR"
wxr_mb=$(( $(stat -c %s "$WORK/export.xml") / 1000000 ))
"$BIN" --data-dir "$WORK/site" migrate >/dev/null
echo "a long enough password" | "$BIN" --data-dir "$WORK/site" user add --role admin bench@example.com >/dev/null

# peak RSS (kB) and wall seconds of a command, from /usr/bin/time -v.
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -v "$@" >"$WORK/$label.out" 2>"$WORK/$label.time"
  seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/$label.time")
  rss_mb=$(( $(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/$label.time") / 1024 ))
}

measure import "$BIN" --data-dir "$WORK/site" import wxr "$WORK/export.xml" --uploads "$WORK/uploads" --no-fetch
grep -E "items in the file|created:" "$WORK/import.out" >&2
echo "| import wxr: $POSTS posts + $PICTURES pictures (${wxr_mb} MB of XML), empty SQLite newsroom | ${seconds} s | ${rss_mb} MB peak RSS | \`POSTS=$POSTS PICTURES=$PICTURES bench/import.sh\` |"
measure again "$BIN" --data-dir "$WORK/site" import wxr "$WORK/export.xml" --uploads "$WORK/uploads" --no-fetch
echo "| the same import run again (nothing changed) | ${seconds} s | ${rss_mb} MB peak RSS | same |"

DEMO=$OUT/data-$ARTICLES
if [ -f "$DEMO/newsdesk.db" ]; then
  rm -rf "$WORK/backup"
  measure backup "$BIN" --data-dir "$DEMO" backup "$WORK/backup"
  size=$(du -sm "$WORK/backup" | cut -f1)
  echo "| backup of the $ARTICLES-story demo newsroom (SQLite, VACUUM INTO + media) | ${seconds} s | ${size} MB on disk, ${rss_mb} MB peak RSS | \`bench/import.sh\` |"
  if "$BIN" export --help >/dev/null 2>&1; then
    rm -rf "$WORK/export"
    measure export "$BIN" --data-dir "$DEMO" export "$WORK/export"
    size=$(du -sm "$WORK/export" | cut -f1)
    echo "| export of the $ARTICLES-story demo newsroom (JSON + media originals) | ${seconds} s | ${size} MB on disk, ${rss_mb} MB peak RSS | \`bench/import.sh\` |"
    rm -rf "$WORK/site-from-export"
    measure load "$BIN" --data-dir "$WORK/site-from-export" import newsdesk "$WORK/export"
    echo "| import newsdesk of that export into an empty SQLite newsroom | ${seconds} s | ${rss_mb} MB peak RSS | \`bench/import.sh\` |"
  fi
else
  echo "(no $DEMO: run bench/run.sh first for the backup and export rows)" >&2
fi
