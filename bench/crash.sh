#!/usr/bin/env bash
# The crash harness in its long form (crates/newsdesk/tests/crash.rs): four desks publish,
# edit and upload through the Admin API while the server is killed with SIGKILL at a random
# moment, CYCLES times on each database, each kill followed by a restart and the checks
# (acknowledged writes all there, nothing torn, integrity_check / amcheck, newsdesk verify).
# Then the control runs, CONTROL_CYCLES kills each, which must find loss and tearing, and
# SQLite with synchronous=OFF, which shows what SIGKILL cannot find. Then the power cuts
# (SQLite on the FUSE filesystem of tests/powercut/, which drops every write not fsynced):
# CYCLES power cuts with synchronous=FULL, which must lose nothing, and CONTROL_CYCLES with
# synchronous=OFF, which must lose acknowledged writes. They need root, /dev/fuse, Debian's
# libfuse2 and fusepy in NEWSDESK_TEST_PYTHON (.ci/run installs them; the default here is
# its venv, /opt/newsdesk-venv).
#
#   NEWSDESK_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:54331/postgres bench/crash.sh
#
# Without NEWSDESK_TEST_POSTGRES_URL only the SQLite half runs. The server is the test
# build (debug, with failpoints): what is measured is what survives, not speed.
set -euo pipefail
cd "$(dirname "$0")/.."
CYCLES=${CYCLES:-100}
CONTROL_CYCLES=${CONTROL_CYCLES:-20}
LOG=$(mktemp /tmp/newsdesk-crash.XXXXXX)
export NEWSDESK_TEST_PYTHON=${NEWSDESK_TEST_PYTHON:-/opt/newsdesk-venv/bin/python}
filter=()
[ -n "${NEWSDESK_TEST_POSTGRES_URL:-}" ] || filter=(--skip postgres)
echo "== crash harness: $CYCLES kills per database and $CYCLES power cuts, $CONTROL_CYCLES per control run (log: $LOG)"
start=$(date +%s)
NEWSDESK_CRASH_CYCLES=$CYCLES NEWSDESK_CRASH_CONTROL_CYCLES=$CONTROL_CYCLES \
  cargo test -p newsdesk --test suite -- crash:: --include-ignored --nocapture --test-threads=1 "${filter[@]}" \
  >"$LOG" 2>&1 && ok=yes || ok=no
grep -E '^crash\[[^]]*\]: [0-9]+ cycles' "$LOG" || true
grep -E '^test |^test result' "$LOG" || true
echo "== $(( $(date +%s) - start )) s; all passed: $ok"
[ "$ok" = yes ]
