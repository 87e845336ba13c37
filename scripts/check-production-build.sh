#!/usr/bin/env bash
# A production build leaves the payment simulator out (docs/architecture.md): built without the
# `simulator` feature, the server has no /paysim routes, starts a demo with payments off, and
# refuses DANGJIAN_PAYMENT=simulator at start with a message that says why.
# Run after the other tests: it rebuilds target/debug/dangjian without the feature.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
cargo build -q -p server --bin dangjian
bin="$ROOT/target/debug/dangjian"
work=$(mktemp -d /tmp/dangjian-prod.XXXXXX)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(free_port)
export DANGJIAN_LISTEN=127.0.0.1:$port DANGJIAN_DATABASE_URL="sqlite://$work/demo.db" \
       DANGJIAN_SITE_ROOT="$work/site" DANGJIAN_DEMO=1 DANGJIAN_FILE_STORE="$work/files"
mkdir -p "$work/site"

# Asked for explicitly, the simulator is refused at start, with the reason (a server still
# running after 20 s accepted it).
rc=0
DANGJIAN_PAYMENT=simulator timeout 20 "$bin" serve >"$work/refused.log" 2>&1 || rc=$?
if [ "$rc" = 0 ] || [ "$rc" = 124 ] || ! grep -q "built without the payment simulator" "$work/refused.log"; then
  say "DANGJIAN_PAYMENT=simulator was not refused with a clear message (exit $rc):"
  cat "$work/refused.log" >&2; exit 1
fi

# A demo without it serves, with no simulator routes.
"$bin" serve >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/healthz" 2>/dev/null && break
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
for path in /paysim/jsbridge.js /paysim/checkout/x; do
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  [ "$status" = 404 ] || { say "$path answered $status, not 404"; exit 1; }
done
say "production build: no /paysim, demo without payments, DANGJIAN_PAYMENT=simulator refused"
