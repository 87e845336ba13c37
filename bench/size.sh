#!/usr/bin/env bash
# What a phone downloads on a first visit to each page: HTML, CSS, JS and WASM, raw and brotli.
#   bench/size.sh            report
#   bench/size.sh --check    report, and fail when the home page or the county map exceeds the budget
# Env: SIZE_BUDGET_KB (default 350, brotli, whole first page). Build first.
# Pages other than the everyday ones are lazy routes (app/src/routes.rs): their code is in WASM
# chunks fetched on first visit to them, so a first visit to a lazy page also counts its chunks
# (the server names them as preloads in the page).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
trap stop_server EXIT
# What a first visit downloads does not depend on how many members the county has: a small
# demo county starts in a second instead of half a minute.
DANGJIAN_SEED_MEMBERS=${DANGJIAN_SEED_MEMBERS:-500} start_server
# The report is also kept in bench/results/size.md, dated, with the commit it measured.
out="$ROOT/bench/results/size.md"
report=$(mktemp)
status=0
node "$ROOT/bench/size.mjs" "$SERVER_URL" "${SIZE_BUDGET_KB:-350}" "${1:-}" | tee "$report" || status=$?
# Before the report is rewritten (the rewrite itself changes the tree).
dirty=$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ', with uncommitted changes')
{
  echo "# First visits, brotli (bench/size.sh)"
  echo
  echo "Measured $(date -u +%Y-%m-%d) at commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$dirty."
  echo
  echo '```'
  cat "$report"
  echo '```'
} >"$out"
rm -f "$report"
exit "$status"
