#!/usr/bin/env bash
# What a phone downloads on a first visit to each page: HTML, CSS, JS and WASM, raw and brotli.
#   bench/size.sh            report
#   bench/size.sh --check    report, and fail when the home page exceeds the budget
# Env: SIZE_BUDGET_KB (default 350, brotli, whole first page). Build first.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
trap stop_server EXIT
start_server
node "$ROOT/bench/size.mjs" "$SERVER_URL" "${SIZE_BUDGET_KB:-350}" "${1:-}"
