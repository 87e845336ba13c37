# Shared by the scripts: paths, logging and the tool environment written by bootstrap.sh.
# shellcheck shell=bash
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${DANGJIAN_TOOLS:-$HOME/.local/share/dangjian-tools}
say() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*" >&2; }
load_tools() {
  # shellcheck disable=SC1091
  . "$TOOLS/env.sh"
}
# The project's build step (docs/build.md): the browser bundle into target/site (split, hashed,
# precompressed) and, unless --frontend-only, the release server at target/release/dangjian.
site_build() {
  (cd "$ROOT" && cargo xtask build "$@")
}
free_port() { # node is required anyway (Playwright, wasm-opt); python may be absent
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# start_server: the server on a free port against a fresh SQLite database holding the demo
# county. Sets SERVER_URL, SERVER_PID and SERVER_WORK; stop_server undoes it.
# DANGJIAN_SERVER_BIN picks the binary (default target/release/dangjian): the test command
# serves the one its test build already linked (target/debug/dangjian, with the simulator)
# instead of compiling the server a second time. It runs from a copy beside the site's
# hash.txt, which names the content-hashed /pkg files (the build step writes it to
# target/release/ whichever server is used).
start_server() {
  local src=${DANGJIAN_SERVER_BIN:-$ROOT/target/release/dangjian}
  [ -x "$src" ] || { say "$src missing: build first (scripts/run-app.sh or the test command builds it)"; return 1; }
  ls "$ROOT"/target/site/pkg/*.wasm >/dev/null 2>&1 || { say "target/site/pkg has no wasm: build first"; return 1; }
  SERVER_WORK=$(mktemp -d /tmp/dangjian-srv.XXXXXX)
  local bin="$SERVER_WORK/bin/dangjian"
  mkdir -p "$SERVER_WORK/bin" && cp "$src" "$bin" || return 1
  if [ -f "$ROOT/target/release/hash.txt" ]; then cp "$ROOT/target/release/hash.txt" "$SERVER_WORK/bin/"; fi
  local port; port=$(free_port)
  export DANGJIAN_LISTEN=127.0.0.1:$port DANGJIAN_DATABASE_URL="sqlite://$SERVER_WORK/demo.db" \
         DANGJIAN_SITE_ROOT="$ROOT/target/site" DANGJIAN_DEMO=1 DANGJIAN_FILE_STORE="$SERVER_WORK/files"
  # The video test serves its grid-centre stream on another loopback port.
  export DANGJIAN_STREAM_SITES="http://127.0.0.1:*"
  # The month-end end-to-end test runs the CLI against the same database.
  export SERVER_BIN="$bin"
  # DANGJIAN_SEED_MEMBERS: a smaller county where the count does not matter (the size budget).
  "$bin" seed --demo ${DANGJIAN_SEED_MEMBERS:+--members "$DANGJIAN_SEED_MEMBERS"} >&2 || return 1
  # Today's reminders before serving: the schedule then finds them sent, so no test runs beside
  # the daily job or sees its messages arrive midway, whatever the hour.
  "$bin" reminders >&2 || return 1
  "$bin" serve >"$SERVER_WORK/server.log" 2>&1 &
  SERVER_PID=$!
  SERVER_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$SERVER_URL/healthz" 2>/dev/null && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { say "server died:"; cat "$SERVER_WORK/server.log" >&2; return 1; }
    sleep 0.1
  done
  say "server did not answer on $SERVER_URL"; return 1
}
# bench_server NAME MEMBERS: for the benches, the server (DANGJIAN_SERVER_BIN, default the
# release build) on a free port over a fresh SQLite demo county of MEMBERS members, in a work
# directory of its own that goes when the script exits; other DANGJIAN_* settings are exported
# before. Sets BENCH_BIN, BENCH_WORK, BENCH_PID and BENCH_URL.
bench_server() {
  local name=$1 members=$2 port
  BENCH_BIN=${DANGJIAN_SERVER_BIN:-$ROOT/target/release/dangjian}
  [ -x "$BENCH_BIN" ] || { say "$BENCH_BIN missing: build first"; return 1; }
  BENCH_WORK=$(mktemp -d "/tmp/dangjian-$name.XXXXXX") BENCH_PID=
  trap bench_cleanup EXIT
  mkdir -p "$BENCH_WORK/site/pkg" "$BENCH_WORK/files"
  export DANGJIAN_DATABASE_URL="sqlite://$BENCH_WORK/$name.db" DANGJIAN_DEMO=1 \
         DANGJIAN_FILE_STORE="$BENCH_WORK/files" DANGJIAN_SITE_ROOT="$BENCH_WORK/site"
  "$BENCH_BIN" seed --demo --members "$members" >/dev/null 2>&1 || { say "seeding failed"; return 1; }
  "$BENCH_BIN" reminders >/dev/null 2>&1
  port=$(free_port)
  export DANGJIAN_LISTEN=127.0.0.1:$port
  BENCH_URL="http://127.0.0.1:$port"
  "$BENCH_BIN" serve >"$BENCH_WORK/server.log" 2>&1 &
  BENCH_PID=$!
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$BENCH_URL/healthz" 2>/dev/null && return 0
    sleep 0.1
  done
  say "the server did not answer on $BENCH_URL"; return 1
}
bench_cleanup() {
  if [ -n "${BENCH_PID:-}" ]; then kill "$BENCH_PID" 2>/dev/null; fi
  wait 2>/dev/null
  rm -rf "${BENCH_WORK:?}"
}
stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null
    # The server gives requests in flight 10 s; one that still hangs must not hang the tests.
    for _ in $(seq 1 150); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      say "the server did not stop within 15 s: killed"
      kill -9 "$SERVER_PID" 2>/dev/null
    fi
    wait "$SERVER_PID" 2>/dev/null
  fi
  [ -n "${SERVER_WORK:-}" ] && rm -rf "$SERVER_WORK"
  SERVER_PID=; SERVER_WORK=
}
