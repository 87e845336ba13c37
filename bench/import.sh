#!/usr/bin/env bash
# Import benchmark (docs/operations.md#importing): the demo county's 851 organizations and
# 20,138 members written as the county's own workbooks (`dangjian bench workbooks`), imported
# with the command line into a fresh database after `dangjian init`, on SQLite and PostgreSQL.
# Reports the dry run, the import (check + write, one transaction), the one-time passwords
# (Argon2, after the import commits; reported apart) and the peak memory of each command.
#   bench/import.sh            (BENCH_IMPORT_MEMBERS=20138 by default)
# Writes the report to bench/results/import.md as well as stdout.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
MEMBERS=${BENCH_IMPORT_MEMBERS:-20138}
(cd "$ROOT" && cargo build --release -q -p server --bin dangjian)
BIN="$ROOT/target/release/dangjian"
WORK=$(mktemp -d /tmp/dangjian-import.XXXXXX)
chmod 755 "$WORK"
PG_DIR="$WORK/pg"
cleanup() { "$ROOT/scripts/pg.sh" stop "$PG_DIR" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
export RUST_LOG=error

ROOT_NAME=$("$BIN" bench workbooks "$WORK/books" --members "$MEMBERS")

# "seconds peak-KB" of one command, its output in $WORK/out.
timed() {
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; return 1; }
  cat "$WORK/time"
}

run() { # ENGINE URL
  local engine=$1 url=$2
  export DANGJIAN_DATABASE_URL=$url
  "$BIN" init --county "$ROOT_NAME" --admin-mobile 13900000009 >/dev/null
  read -r orgs_s orgs_kb < <(timed "$BIN" import orgs "$WORK/books/orgs.xlsx")
  read -r dry_s dry_kb < <(timed "$BIN" import members "$WORK/books/members.xlsx" --dry-run)
  read -r all_s all_kb < <(timed "$BIN" import members "$WORK/books/members.xlsx" --passwords-out "$WORK/pw-$engine")
  local accounts_s
  accounts_s=$(sed -n 's/.*生成登录账号（\([0-9.]*\) 秒）.*/\1/p' "$WORK/out")
  local import_s
  import_s=$(awk -v a="$all_s" -v b="${accounts_s:-0}" 'BEGIN { printf "%.1f", a - b }')
  read -r again_s _ < <(timed "$BIN" import members "$WORK/books/members.xlsx")
  grep -q "新增 0，更新 0，未变 $MEMBERS" "$WORK/out" || { say "re-import changed something"; cat "$WORK/out" >&2; return 1; }
  echo "| $engine | $orgs_s | $dry_s | $import_s | ${accounts_s:-?} | $again_s | $(( $(printf '%s\n' "$orgs_kb" "$dry_kb" "$all_kb" | sort -n | tail -1) / 1024 )) |"
}

rows=$(run SQLite "sqlite://$WORK/county.db")$'\n'
if PG_URL=$("$ROOT/scripts/pg.sh" start "$PG_DIR"); then
  psql -q "$PG_URL" -c "CREATE DATABASE county" >/dev/null
  rows+=$(run PostgreSQL "${PG_URL%/*}/county")$'\n'
else
  say "PostgreSQL not available: SQLite only"
fi

report="## Import, $MEMBERS members ($(date -u +%Y-%m-%d), $(nproc) cores, release build)

Budget: check and write under 30 s on SQLite and under 60 s on PostgreSQL; memory under 300 MB.
Seconds of wall clock per command; \"import\" is the command's time less the password stage it
reports; \"again\" re-imports the same file (nothing changes).

| engine | orgs | members dry run | members import | one-time passwords | again | peak MB |
|---|---|---|---|---|---|---|
$rows"
echo "$report"
echo "$report" >"$ROOT/bench/results/import.md"
