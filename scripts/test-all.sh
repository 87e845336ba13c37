#!/usr/bin/env bash
# README command 2: set up and run every test — format, lints, unit tests per crate, storage
# tests on SQLite and a real PostgreSQL, the wasm32 build, the release build and the end-to-end
# tests in headless Chromium. Ends with a summary; exits non-zero on any failure.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

T0=$SECONDS
RESULTS=(); FAILED=0; PASSED=0
step() { # step NAME COMMAND...
  local name=$1; shift
  local s=$SECONDS
  say "▶ $name"
  if "$@"; then
    RESULTS+=("ok    $(printf '%4ds' $((SECONDS - s)))  $name"); PASSED=$((PASSED + 1))
  else
    RESULTS+=("FAIL  $(printf '%4ds' $((SECONDS - s)))  $name"); FAILED=$((FAILED + 1))
  fi
}
# Steps in the background, for work that shares no cargo lock with the steps beside it: their
# output is held until step_wait, so the log reads in order. step_wait waits for them all.
BG_NAMES=(); BG_PIDS=(); BG_LOGS=(); BG_STARTS=()
step_start() { # step_start NAME COMMAND...
  local name=$1; shift
  local log; log=$(mktemp /tmp/dangjian-step.XXXXXX)
  say "▶ $name (in the background)"
  "$@" >"$log" 2>&1 &
  BG_NAMES+=("$name"); BG_PIDS+=("$!"); BG_LOGS+=("$log"); BG_STARTS+=("$SECONDS")
}
step_wait() {
  local i rc
  for i in "${!BG_PIDS[@]}"; do
    rc=0
    wait "${BG_PIDS[$i]}" || rc=$?
    say "▶ ${BG_NAMES[$i]} (its output)"
    cat "${BG_LOGS[$i]}"; rm -f "${BG_LOGS[$i]}"
    if [ "$rc" = 0 ]; then
      RESULTS+=("ok    $(printf '%4ds' $((SECONDS - BG_STARTS[i])))  ${BG_NAMES[$i]}"); PASSED=$((PASSED + 1))
    else
      RESULTS+=("FAIL  $(printf '%4ds' $((SECONDS - BG_STARTS[i])))  ${BG_NAMES[$i]}"); FAILED=$((FAILED + 1))
    fi
  done
  BG_NAMES=(); BG_PIDS=(); BG_LOGS=(); BG_STARTS=()
}
summary() {
  echo
  echo "──────── summary ($(( (SECONDS - T0) / 60 ))m $(( (SECONDS - T0) % 60 ))s) ────────"
  printf '%s\n' "${RESULTS[@]}"
  echo "steps: $PASSED passed, $FAILED failed"
  # Only the end of this output may survive in a CI report: name the end-to-end tests that
  # failed here, where it is kept (Playwright does not retry: see end2end/playwright.config.ts).
  if grep -qE '^ +[0-9]+ (failed|flaky)$|contains a full mobile' "$E2E_OUTPUT" 2>/dev/null; then
    echo "end-to-end tests that failed:"
    grep -E '^ +[0-9]+ (failed|flaky|passed)|^ +\[[a-z]+\] › |contains a full mobile' "$E2E_OUTPUT" | tail -n 20
  fi
}

PG_DIR=$(mktemp -d /tmp/dangjian-pg.XXXXXX); TESTED_BIN=
# Seeded demo counties the server tests copy instead of seeding each (server/tests/common).
export DANGJIAN_TEST_TEMPLATES=$(mktemp -d /tmp/dangjian-templates.XXXXXX)
export E2E_OUTPUT=$(mktemp /tmp/dangjian-e2e.XXXXXX)
cleanup() { "$ROOT/scripts/pg.sh" stop "$PG_DIR"; rm -rf "$PG_DIR" "$DANGJIAN_TEST_TEMPLATES" "$E2E_OUTPUT" ${TESTED_BIN:+"$TESTED_BIN"}; }
trap cleanup EXIT

step "bootstrap (tools, Chromium, PostgreSQL)" "$ROOT/scripts/bootstrap.sh" --with-postgres || true
if ! load_tools 2>/dev/null; then summary; exit 1; fi
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
# A clean clone gains nothing from incremental caches; they doubled target/ on the CI disk.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
free_gb=$(df -Pk "$ROOT" | awk 'NR==2 {print int($4 / 1048576)}')
say "disk: ${free_gb} GB free under $ROOT (a cold run needs about 10 GB)"
if [ "$free_gb" -lt 10 ]; then
  say "warning: less than 10 GB free — the build may stop with 'No space left on device'"
fi
# Workspace-wide `cargo test` would unify the ssr and hydrate features; each crate is tested alone.
WASM=(--target wasm32-unknown-unknown ${WASM_CARGO_ZFLAGS:+$WASM_CARGO_ZFLAGS})

step "format (cargo fmt --check)" cargo fmt --all --check
# Every server-side crate is checked, built and tested with one feature set, so cargo builds
# each dependency once for all of them (separate runs per crate rebuilt shared dependencies
# with other features). `hydrate` is never enabled with `ssr`: the browser side is its own pass.
SERVER_SIDE=(-p domain -p app -p server --features app/ssr,server/simulator)
# The build step (xtask) is checked with them; it shares their host-side dependencies.
step "clippy domain, app (ssr), server, xtask" cargo clippy -q "${SERVER_SIDE[@]}" -p xtask --all-targets -- -D warnings
# This pass also proves `domain` compiles to wasm32.
step "clippy domain, app (hydrate, wasm32)" \
  cargo clippy -q -p domain -p app --features app/hydrate "${WASM[@]}" -- -D warnings

# The test build also links the `dangjian` binary (the integration tests run its CLI): the
# end-to-end tests serve that binary rather than compiling the server again for release.
step "build tests and the server (dev profile)" cargo test -q --no-run "${SERVER_SIDE[@]}"
# The browser bundle at its own profile (wasm-release, size-optimized, lazy-route chunks), by the
# project's build step (docs/build.md): what phones download, measured by the size budget and
# driven by the end-to-end tests. It compiles in its own target directory (target/front) and
# spends minutes in wasm-opt, so it runs beside the tests, which use one core at a time.
step_start "browser bundle (wasm-release, split)" site_build --frontend-only
step "unit tests: domain, app (ssr), server" cargo test -q "${SERVER_SIDE[@]}" --lib
step "unit tests: the build step (xtask)" cargo test -q -p xtask
if PG_URL=$("$ROOT/scripts/pg.sh" start "$PG_DIR"); then
  say "PostgreSQL for tests: $PG_URL"
  export DANGJIAN_TEST_PG_URL=$PG_URL
fi
# Every storage and HTTP test runs on SQLite and PostgreSQL; without the cluster they fail.
# One test at a time: each spawns a server; a time limit turns a hang into a failure.
step "server tests (SQLite + PostgreSQL)" env DANGJIAN_REQUIRE_PG=1 \
  timeout 1200 cargo test -q "${SERVER_SIDE[@]}" --test it -- --test-threads=1
step_wait
# The end-to-end tests drive one browser at a time, which leaves a core idle: the production
# build check, which relinks target/debug/dangjian without the simulator, uses it. The browser
# tests and the size budget serve a copy of the tested binary, which that relink cannot touch.
TESTED_BIN=$(mktemp /tmp/dangjian-bin.XXXXXX)
cp "$ROOT/target/debug/dangjian" "$TESTED_BIN" && chmod 755 "$TESTED_BIN"
export DANGJIAN_SERVER_BIN="$TESTED_BIN"
step_start "production build leaves the simulator out" env CARGO_BUILD_JOBS=1 \
  "$ROOT/scripts/check-production-build.sh"
# The short variant of the durability bench (bench/kill9.sh: 50 kills per engine).
step_start "kill -9 durability, short (5 kills per engine)" "$ROOT/bench/kill9.sh" --short
# And of the soak (bench/soak.sh: 10 minutes): 20 s of steady writes without an error.
step_start "soak, short (20 s of steady writes)" "$ROOT/bench/soak.sh" --short
# And of the API fuzzing (bench/api-fuzz.sh: 200 examples per operation): schemathesis with a
# token against the OpenAPI description.
step_start "API fuzzing, short (schemathesis)" "$ROOT/bench/api-fuzz.sh" --short
step "end-to-end (Chromium: phone, desktop, no-JS)" "$ROOT/scripts/e2e.sh"
step "first-visit size budget" "$ROOT/bench/size.sh" --check
step_wait

say "target/ uses $(du -sh "$ROOT/target" 2>/dev/null | cut -f1); $(df -Ph "$ROOT" | awk 'NR==2 {print $4}') left"
summary
[ "$FAILED" -eq 0 ]
