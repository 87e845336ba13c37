#!/usr/bin/env bash
# Durability when the server is killed (docs/security.md#durability): a write load (sign-ins,
# study items finished, dues paid through the payment simulator) runs against the server while
# it is killed with SIGKILL at random moments and restarted, on SQLite and on PostgreSQL. Then
# every write the client saw acknowledged must be there, no payment may be credited twice, and
# the record trail must verify.
#   bench/kill9.sh                  50 kills per engine, the release server; figures to
#                                   bench/results/kill9.md
#   bench/kill9.sh --short          5 kills per engine over a county of 300 members (the test
#                                   command's variant)
#   bench/kill9.sh --rounds N --engine sqlite|postgres
# Env: DANGJIAN_SERVER_BIN (default target/release/dangjian, built with the simulator feature,
# as `scripts/run-app.sh` builds it), DANGJIAN_TEST_PG_URL (a cluster to use; else one is
# started), KILL9_MEMBERS (the demo's size, default 2000).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
rounds=50 engines="sqlite postgres" short=0 members=
while [ $# -gt 0 ]; do
  case $1 in
    --short) rounds=5 short=1 members=${KILL9_MEMBERS:-300} ;;
    --rounds) rounds=$2; shift ;;
    --engine) engines=$2; shift ;;
    *) say "unknown option $1"; exit 2 ;;
  esac
  shift
done
bin=${DANGJIAN_SERVER_BIN:-$ROOT/target/release/dangjian}
[ -x "$bin" ] || { say "$bin missing: build first"; exit 1; }
members=${members:-${KILL9_MEMBERS:-2000}}
work=$(mktemp -d /tmp/dangjian-kill9.XXXXXX)
pid= loadpid= own_pg=
cleanup() {
  [ -n "$loadpid" ] && kill "$loadpid" 2>/dev/null
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
  wait 2>/dev/null
  [ -n "$own_pg" ] && "$ROOT/scripts/pg.sh" stop "$own_pg" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

# Starts the server; the seconds it took to answer go to $work/restarts.
start() {
  local t0; t0=$(date +%s.%N)
  "$bin" serve >>"$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$url/healthz" 2>/dev/null; then
      awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.3f\n", a - b }' >>"$work/restarts"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { say "the server died at start:"; tail -20 "$work/server.log" >&2; return 1; }
    sleep 0.05
  done
  say "the server did not answer within 30 s"; tail -20 "$work/server.log" >&2; return 1
}

report=()
for engine in $engines; do
  case $engine in
    sqlite) db="sqlite://$work/kill9.db" ;;
    postgres)
      admin=${DANGJIAN_TEST_PG_URL:-}
      if [ -z "$admin" ]; then
        own_pg="$work/pg"
        admin=$("$ROOT/scripts/pg.sh" start "$own_pg")
      fi
      name="kill9_$$_$RANDOM"
      psql -q "$admin" -c "CREATE DATABASE $name" >/dev/null
      db="${admin%/*}/$name" ;;
    *) say "unknown engine $engine"; exit 2 ;;
  esac
  mkdir -p "$work/site/pkg" "$work/files"
  rm -f "$work/acks" "$work/stop" "$work/restarts"; : >"$work/acks"
  # The load's phones come from addresses of their own through a proxy on this machine
  # (bench/load.mjs): a sign-in cut short by a kill counts against its phone only.
  export DANGJIAN_DATABASE_URL=$db DANGJIAN_DEMO=1 DANGJIAN_FILE_STORE="$work/files" \
         DANGJIAN_SITE_ROOT="$work/site" DANGJIAN_TRUSTED_PROXIES=127.0.0.1
  "$bin" seed --demo --members "$members" >/dev/null 2>&1
  "$bin" reminders >/dev/null 2>&1
  port=$(free_port)
  export DANGJIAN_LISTEN=127.0.0.1:$port
  url="http://127.0.0.1:$port"
  start
  node "$ROOT/bench/kill9.mjs" load "$url" "$work/acks" "$work/stop" >"$work/load.log" 2>&1 &
  loadpid=$!
  for i in $(seq 1 "$rounds"); do
    # A random moment: between 0.3 and 2.3 s of load.
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 0.3 + (r % 200) / 100 }')"
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    start
  done
  touch "$work/stop"; wait "$loadpid"; loadpid=
  load_line=$(cat "$work/load.log")
  check_line=$(node "$ROOT/bench/kill9.mjs" check "$url" "$work/acks") || {
    say "$engine: writes lost after kill -9:"; echo "$check_line" >&2; exit 1; }
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  verify=$("$bin" audit verify 2>&1) || { say "$engine: the trail does not verify:"; echo "$verify" >&2; exit 1; }
  restart=$(sort -n "$work/restarts" | awk '{ a[NR] = $1 } END { printf "median %.2f s, slowest %.2f s", a[int((NR + 1) / 2)], a[NR] }')
  line="$engine: $rounds kills; $load_line; $check_line; restarts $restart; trail intact"
  say "$line"
  report+=("$line")
  if [ "$engine" = postgres ]; then psql -q "$admin" -c "DROP DATABASE $name" >/dev/null 2>&1 || true; fi
done

if [ "$short" = 0 ]; then
  {
    echo "# Durability under kill -9 (bench/kill9.sh)"
    echo
    echo "Measured $(date -u +%Y-%m-%d) at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(basename "$bin") from $(dirname "$bin"), demo county of $members members, 2 cores."
    echo
    for l in "${report[@]}"; do echo "- $l"; done
  } >"$ROOT/bench/results/kill9.md"
fi
