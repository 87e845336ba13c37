#!/usr/bin/env bash
# README command 1: set up, build and run Dangjian Cloud with the demo county on SQLite.
# Prints how long each phase took (set-up, build, database) before it serves.
# Env: DANGJIAN_LISTEN (default 127.0.0.1:3000), DANGJIAN_DATABASE_URL (default sqlite://data/dangjian.db)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

T0=$SECONDS
PHASES=()
timed() { # timed NAME COMMAND...
  local name=$1 s=$SECONDS; shift
  "$@"
  PHASES+=("$(printf '%5ds  %s' $((SECONDS - s)) "$name")")
}

timed "set-up (scripts/bootstrap.sh)" "$ROOT/scripts/bootstrap.sh"
load_tools
say "building (browser bundle, then the release server)…"
# The demo pays dues through the local WeChat Pay simulator, which only this build carries;
# a production build leaves the feature out (docs/architecture.md).
timed "build (cargo xtask build)" site_build --bin-features simulator

export DANGJIAN_LISTEN=${DANGJIAN_LISTEN:-127.0.0.1:3000}
export DANGJIAN_DATABASE_URL=${DANGJIAN_DATABASE_URL:-sqlite://data/dangjian.db}
export DANGJIAN_SITE_ROOT=${DANGJIAN_SITE_ROOT:-$ROOT/target/site}
export DANGJIAN_DEMO=1
BIN="$ROOT/target/release/dangjian"

timed "database (migrate, demo county)" bash -c '"$1" migrate && "$1" seed --demo' _ "$BIN"

printf '%s\n' "──────── ready in $((SECONDS - T0)) s ────────" "${PHASES[@]}" >&2
cat <<MSG

  党建云 Dangjian Cloud is starting at  http://$DANGJIAN_LISTEN/

  Demo logins (password for all: demo1234)
    county admin (县委组织部)         13800000000
    committee admin (党委)            13800000001
    branch secretary (村党支部书记)    13800000002
    member (same branch)              13800000003
    more members (same branch)        13800000007 / 08 / 09
    flowing-branch member (东莞)      13800000004
    flowing-branch secretary          13800000006
    auditor (read-only)               13800000005

  Stop with Ctrl-C.
MSG
exec "$BIN" serve
