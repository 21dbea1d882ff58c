# What the bench scripts share; each sources it from the repository's root.

# Stops with an apt-get hint unless every tool named is on the PATH.
needs() {
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "bench needs $tool (Debian: apt-get install $*; nginx is nginx-light)" >&2; exit 1; }
  done
}

# The release binary, built when its sources changed, as $BIN; servers log warnings only.
release_binary() {
  cargo build --release -q -p newsdesk
  BIN=target/release/newsdesk
  export NEWSDESK_LOG_LEVEL=warn
}

# Background processes the script starts: their pids go in `pids`, stopped on exit.
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

# wrk's report on standard input → "req/s p50 p99" (p50 and p99 in ms); fails when any
# answer was not a 2xx.
wrk_summary() {
  awk '
    /Requests\/sec/ { rps=$2 }
    /^ +50%/ { p50=$2 } /^ +99%/ { p99=$2 }
    /Non-2xx/ { bad=$NF }
    function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
    END { if (bad) { print "non-2xx answers: " bad > "/dev/stderr"; exit 1 } printf "%.0f %.2f %.2f\n", rps, ms(p50), ms(p99) }'
}

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Writes a wrk script ($2) that asks for the addresses listed in file $1, in turn.
rotate_lua() {
  cat > "$2" <<LUA
local urls = {}
for line in io.lines("$1") do urls[#urls + 1] = line end
local i = 0
request = function()
  i = i % #urls + 1
  return wrk.format("GET", urls[i])
end
LUA
}

# Signs in to the desk on 127.0.0.1:PORT as EMAIL with PASSWORD; prints the header
# "Cookie: newsdesk_session=…" for wrk and curl.
sign_in_as() { # port, email, password
  local jar; jar=$(mktemp /tmp/newsdesk-bench-cookies.XXXXXX)
  curl -fs -o /dev/null -c "$jar" -H "Origin: http://127.0.0.1:$1" \
    --data-urlencode "email=$2" --data-urlencode "password=$3" \
    "http://127.0.0.1:$1/admin/login"
  echo "Cookie: newsdesk_session=$(awk '$6 == "newsdesk_session" { print $7 }' "$jar")"
  rm -f "$jar"
}
