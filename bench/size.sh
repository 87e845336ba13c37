#!/usr/bin/env bash
# What a phone downloads on a first visit to each page: HTML, CSS, JS and WASM, raw and brotli.
#   bench/size.sh            report
#   bench/size.sh --check    report, and fail when the home page exceeds the budget
# Env: SIZE_BUDGET_KB (default 450, brotli, whole first page). Build first.
# The budget was 350 KB with four pages; one WASM bundle now carries every page (member files,
# organization tree, rankings, suggestions, inbox) and weighs ≈ 420 KB. Route-level code
# splitting (admin pages loaded on demand) is the planned way back under 350.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
trap stop_server EXIT
start_server
node "$ROOT/bench/size.mjs" "$SERVER_URL" "${SIZE_BUDGET_KB:-450}" "${1:-}"
