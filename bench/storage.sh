#!/usr/bin/env bash
# Storage benchmarks, on this machine, both engines for real:
#   - demo seed time on SQLite (goal < 10 s for the 20,138-member county), median of 3;
#   - p50/p99 of the key queries (a subtree's members, a branch ranking, a committee's
#     branches ranking, the county's branches ranking) on the demo county and on a
#     province-size dataset, on SQLite and PostgreSQL.
#   bench/storage.sh                 (BENCH_MEMBERS=1000000 by default; the large seeds take minutes)
#   BENCH_MEMBERS=200000 bench/storage.sh
# Writes the report to bench/results/storage.md as well as stdout.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
MEMBERS=${BENCH_MEMBERS:-1000000}
(cd "$ROOT" && cargo build --release -q -p server --bin dangjian)
BIN="$ROOT/target/release/dangjian"
WORK=$(mktemp -d /tmp/dangjian-bench.XXXXXX)
chmod 755 "$WORK" # the postgres user must reach the cluster folder inside
PG_DIR="$WORK/pg"
cleanup() { "$ROOT/scripts/pg.sh" stop "$PG_DIR" || true; rm -rf "$WORK"; }
trap cleanup EXIT
export DANGJIAN_DEMO=1 RUST_LOG=error DANGJIAN_FILE_STORE="$WORK/files"

# Wall-clock seconds of one seed into a fresh database.
seed() { # URL [extra args]
  local url=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  DANGJIAN_DATABASE_URL=$url "$BIN" seed --demo "$@" >/dev/null
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f\n", b - a }'
}
queries() { # URL ITERATIONS
  DANGJIAN_DATABASE_URL=$1 "$BIN" bench queries --iterations "$2"
}

say "demo seed on SQLite, 3 runs"
times=()
for i in 1 2 3; do times+=("$(seed "sqlite://$WORK/demo$i.db")"); done
median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p)

pg_ok=0
if PG_URL=$("$ROOT/scripts/pg.sh" start "$PG_DIR"); then pg_ok=1; else say "PostgreSQL not available: SQLite only"; fi
pg_db() { # NAME -> URL of a new empty database
  psql -q "$PG_URL" -c "CREATE DATABASE $1" >/dev/null
  echo "${PG_URL%/*}/$1"
}

rows=""
say "queries on the demo county"
rows+=$(queries "sqlite://$WORK/demo1.db" 200)$'\n'
pg_demo_seed="-"
if [ $pg_ok = 1 ]; then
  url=$(pg_db demo); pg_demo_seed=$(seed "$url")
  rows+=$(queries "$url" 200)$'\n'
fi

say "seeding $MEMBERS members on SQLite (minutes)"
big_sqlite_seed=$(seed "sqlite://$WORK/big.db" --members "$MEMBERS")
rows+=$(queries "sqlite://$WORK/big.db" 100)$'\n'
big_pg_seed="-"
if [ $pg_ok = 1 ]; then
  say "seeding $MEMBERS members on PostgreSQL (minutes)"
  url=$(pg_db big); big_pg_seed=$(seed "$url" --members "$MEMBERS")
  rows+=$(queries "$url" 100)$'\n'
fi

report=$(cat <<MD
# Storage benchmarks

Measured $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, by \`bench/storage.sh\` (release build; PostgreSQL $(psql --version | awk '{print $3}'), throwaway cluster with fsync off).

## Seeding

| dataset | engine | seconds |
|---|---|---|
| demo county, 20,138 members (median of 3; goal < 10) | sqlite | $median (runs: ${times[*]}) |
| demo county, 20,138 members | postgres | $pg_demo_seed |
| $MEMBERS members | sqlite | $big_sqlite_seed |
| $MEMBERS members | postgres | $big_pg_seed |

## Key queries (milliseconds, through the service functions the app calls)

| engine | members | query | runs | p50 | p99 |
|---|---|---|---|---|---|
$rows
MD
)
echo "$report" | tee "$ROOT/bench/results/storage.md"
