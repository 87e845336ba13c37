#!/usr/bin/env bash
# Ranking boards and the command platform under load: the release server renders /rankings,
# /command and /command/map (SSR, signed in) for the full demo county to 32 concurrent clients,
# against a bare axum handler in the same binary measured in the same run. Goals: p95 < 50 ms
# for the boards, < 100 ms for the command pages. Both engines.
#   bench/boards.sh            (builds the release app first when it is missing)
#   BENCH_SECONDS=20 bench/boards.sh
#   bench/boards.sh --check    (exits 1 when a board misses the goal)
# Writes bench/results/boards.md as well as stdout. Needs wrk (installed from Debian when absent).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
CHECK=0; [ "${1:-}" = "--check" ] && CHECK=1
SECONDS_EACH=${BENCH_SECONDS:-10}
CLIENTS=32
GOAL_MS=50
command -v wrk >/dev/null || { say "installing wrk"; apt-get install -y -q wrk >/dev/null; }
BIN="$ROOT/target/release/dangjian"
if [ ! -x "$BIN" ] || ! ls "$ROOT"/target/site/pkg/*.wasm >/dev/null 2>&1; then
  say "building the release app"; site_build
fi
WORK=$(mktemp -d /tmp/dangjian-boards.XXXXXX)
chmod 755 "$WORK" # the postgres user must reach the cluster folder inside
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  "$ROOT/scripts/pg.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export DANGJIAN_DEMO=1 RUST_LOG=warn DANGJIAN_SITE_ROOT="$ROOT/target/site"

# wrk prints one line: p50/p95/p99 in ms, requests per second, non-2xx and socket errors.
cat >"$WORK/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("%.1f %.1f %.1f %.0f %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests / (summary.duration / 1e6),
    e.status + e.connect + e.read + e.write + e.timeout))
end
LUA

wait_up() { # URL PID
  for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { say "server died"; cat "$WORK"/*.log >&2; return 1; }
    sleep 0.1
  done
  say "no answer from $1"; return 1
}
serve() { # DATABASE_URL -> sets URL
  local port; port=$(free_port)
  DANGJIAN_DATABASE_URL=$1 "$BIN" seed --demo >/dev/null
  DANGJIAN_DATABASE_URL=$1 DANGJIAN_LISTEN=127.0.0.1:$port "$BIN" serve >"$WORK/serve-$port.log" 2>&1 &
  PIDS+=($!)
  URL="http://127.0.0.1:$port"
  wait_up "$URL/healthz" "$!"
}
login() { # MOBILE -> cookie
  curl -fsS -D - -o /dev/null -H 'accept: application/json' -H "origin: $URL" \
    --data "mobile=$1&password=demo1234" "$URL/api/login" |
    tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p'
}
load() { # PATH [COOKIE] -> "p50 p95 p99 rps errors"
  local args=(-t1 -c"$CLIENTS" -s "$WORK/report.lua")
  [ -n "${2:-}" ] && args+=(-H "cookie: $2")
  wrk "${args[@]}" -d2s "$URL$1" >/dev/null # warm-up
  wrk "${args[@]}" -d"${SECONDS_EACH}s" "$URL$1" | tail -n 1
}
rows=""; missed=0
row() { # ENGINE LABEL PATH COOKIE EXPECT [GOAL_MS]
  local goal=${6:-$GOAL_MS}
  local bytes; bytes=$(curl -fsS -H "cookie: $4" "$URL$3" | tee "$WORK/page.html" | wc -c)
  grep -q "$5" "$WORK/page.html" || { say "$2: the page lacks $5"; exit 1; }
  read -r p50 p95 p99 rps errors <<<"$(load "$3" "$4")"
  local ratio; ratio=$(awk -v a="$p95" -v b="$BARE_P95" 'BEGIN { printf "%.0f", a / (b > 0 ? b : 0.1) }')
  local verdict=ok
  if awk -v a="$p95" -v g="$goal" 'BEGIN { exit !(a >= g) }' || [ "$errors" != 0 ]; then verdict=MISSED; missed=1; fi
  rows+="| $1 | $2 | $bytes | $p50 | $p95 | $p99 | $rps | $errors | ${ratio}× | < $goal: $verdict |"$'\n'
  say "$1 $2: p95 $p95 ms ($verdict)"
}

say "bare axum handler"
port=$(free_port)
DANGJIAN_DATABASE_URL="sqlite://$WORK/bare.db" DANGJIAN_LISTEN=127.0.0.1:$port "$BIN" bench bare >"$WORK/bare.log" 2>&1 &
PIDS+=($!)
URL="http://127.0.0.1:$port"; wait_up "$URL/" "$!"
read -r BARE_P50 BARE_P95 BARE_P99 BARE_RPS BARE_ERR <<<"$(load /)"

boards() { # ENGINE DATABASE_URL
  serve "$2"
  local county member
  county=$(login 13800000000); member=$(login 13800000003)
  # The default policy: a member sees their own rank and their committee's branches.
  row "$1" "member, default policy (own rank, committee's branches)" /rankings "$member" 'id="board-committee"'
  row "$1" "county admin (county board, leaders)" /rankings "$county" 'id="board-county"'
  row "$1" "county admin, whole county board (?full=1)" "/rankings?full=1" "$county" 'id="board-county"'
  row "$1" "county admin, dashboards (/command)" /command "$county" 'id="chart-orglife"' 100
  row "$1" "county admin, county map (/command/map)" /command/map "$county" 'id="county-map"' 100
  # Everything public: the member's whole branch, the committee and the county boards.
  curl -fsS -o /dev/null -H "cookie: $county" -H "origin: $URL" -H 'accept: application/json' \
    --data 'member_ranking=public&branch_ranking=public&committee_ranking=public&lists=public&ranking_nudges=public' \
    "$URL/api/set_visibility"
  row "$1" "member, all boards public (branch, committee, county)" /rankings "$member" 'id="board-county"'
}

say "SQLite"
boards sqlite "sqlite://$WORK/demo.db"
pg="-"
if PG_URL=$("$ROOT/scripts/pg.sh" start "$WORK/pg"); then
  say "PostgreSQL"
  boards postgres "$PG_URL"
  pg=$(psql --version | awk '{print $3}')
else
  say "PostgreSQL not available: SQLite only"
fi

report=$(cat <<MD
# Ranking boards and the command platform under load

Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores by \`bench/boards.sh\`: the release server
(SSR of \`/rankings\`, \`/command\` and \`/command/map\`, signed in, demo county of 20,138 members) and wrk (1 thread, $CLIENTS
connections, ${SECONDS_EACH} s after a 2 s warm-up) on the same machine; PostgreSQL $pg in a
throwaway cluster. Goals: p95 < $GOAL_MS ms for the boards, < 100 ms for the command pages, at
$CLIENTS concurrent clients.

Bare axum handler (same binary and runtime, no database or rendering): p50 $BARE_P50 ms,
p95 $BARE_P95 ms, p99 $BARE_P99 ms, $BARE_RPS requests/s.

| engine | page | bytes | p50 ms | p95 ms | p99 ms | requests/s | errors | p95 vs bare | goal |
|---|---|---|---|---|---|---|---|---|---|
$rows
MD
)
echo "$report" | tee "$ROOT/bench/results/boards.md"
[ "$CHECK" = 1 ] && [ "$missed" = 1 ] && exit 1
exit 0
