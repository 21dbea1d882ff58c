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
