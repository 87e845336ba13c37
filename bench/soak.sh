#!/usr/bin/env bash
# A steady write load for a while (docs/security.md#durability): no errors, memory flat (the
# server's resident size after warming up and at the end), latency percentiles recorded.
#   bench/soak.sh              10 minutes, the release server; figures to bench/results/soak.md
#   bench/soak.sh --short      20 seconds over a county of 300 members (the test command's variant)
#   bench/soak.sh --seconds N
# Env: DANGJIAN_SERVER_BIN (default target/release/dangjian, with the simulator feature),
# SOAK_WORKERS (default 4), SOAK_MEMBERS (the demo's size, default 2000).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
seconds=600 short=0 members=
while [ $# -gt 0 ]; do
  case $1 in
    --short) seconds=20 short=1 members=${SOAK_MEMBERS:-300} ;;
    --seconds) seconds=$2; shift ;;
    *) say "unknown option $1"; exit 2 ;;
  esac
  shift
done
# The phones come from addresses of their own through a proxy on this machine (bench/load.mjs).
export DANGJIAN_TRUSTED_PROXIES=127.0.0.1
members=${members:-${SOAK_MEMBERS:-2000}}
bench_server soak "$members"
bin=$BENCH_BIN work=$BENCH_WORK pid=$BENCH_PID url=$BENCH_URL
rss() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$pid/status"; }

# Warm up (caches, pools, the allocator's arenas), then measure from a settled start.
node "$ROOT/bench/soak.mjs" "$url" 5 "${SOAK_WORKERS:-4}" >/dev/null
start_rss=$(rss)
result=$(node "$ROOT/bench/soak.mjs" "$url" "$seconds" "${SOAK_WORKERS:-4}")
end_rss=$(rss)
line="$seconds s at ${SOAK_WORKERS:-4} phones: $result; resident $start_rss MB after warming up, $end_rss MB at the end"
say "$line"
errors=$(node -e 'console.log(JSON.parse(process.argv[1]).errors)' "$result")
if [ "$errors" != 0 ]; then say "errors under a steady load"; tail -20 "$work/server.log" >&2; exit 1; fi
if [ "$short" = 0 ]; then
  {
    echo "# Soak (bench/soak.sh)"
    echo
    echo "Measured $(date -u +%Y-%m-%d) at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(basename "$bin") from $(dirname "$bin"), SQLite, demo county of $members members, 2 cores (the load client on the same machine)."
    echo
    echo "- $line"
  } >"$ROOT/bench/results/soak.md"
fi
