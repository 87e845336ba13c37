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
bin=${DANGJIAN_SERVER_BIN:-$ROOT/target/release/dangjian}
[ -x "$bin" ] || { say "$bin missing: build first"; exit 1; }
work=$(mktemp -d /tmp/dangjian-soak.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/site/pkg" "$work/files"
# The phones come from addresses of their own through a proxy on this machine (bench/load.mjs).
export DANGJIAN_DATABASE_URL="sqlite://$work/soak.db" DANGJIAN_DEMO=1 \
       DANGJIAN_FILE_STORE="$work/files" DANGJIAN_SITE_ROOT="$work/site" \
       DANGJIAN_TRUSTED_PROXIES=127.0.0.1
members=${members:-${SOAK_MEMBERS:-2000}}
"$bin" seed --demo --members "$members" >/dev/null 2>&1
"$bin" reminders >/dev/null 2>&1
port=$(free_port)
export DANGJIAN_LISTEN=127.0.0.1:$port
url="http://127.0.0.1:$port"
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && break; sleep 0.1; done
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
