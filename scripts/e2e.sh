#!/usr/bin/env bash
# End-to-end tests: the release server on a free port against a fresh SQLite database with the
# demo county, driven by Playwright in Debian's headless Chromium. Build first.
# Extra arguments go to `playwright test` (e.g. a file name or --project=phone).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
load_tools
trap stop_server EXIT
start_server
cd "$ROOT/end2end"
[ -d node_modules/@playwright/test ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
status=0
# E2E_OUTPUT (set by the test command): a copy of Playwright's report, for the run's summary.
out=${E2E_OUTPUT:-/dev/null}
BASE_URL=$SERVER_URL npx playwright test "$@" 2>&1 | tee "$out" || status=$?
if [ "$status" -ne 0 ]; then say "server log (last 40 lines):"; tail -n 40 "$SERVER_WORK/server.log" >&2; fi
# Personal information never reaches the log: the tests signed in with full mobile numbers
# and edited members' files, so any full mobile or ID number here is a leak.
if grep -nE '(^|[^0-9])(1[3-9][0-9]{9}|[0-9]{17}[0-9Xx])([^0-9]|$)' "$SERVER_WORK/server.log" >&2; then
  say "the server log above contains a full mobile or ID number" 2>&1 | tee -a "$out" >&2; status=1
fi
exit "$status"
