#!/usr/bin/env bash
# schemathesis against the live server with an API token (docs/security.md#the-open-api): every
# operation of /api/v1/openapi.json, generated requests valid and invalid; no 5xx, every answer's
# status, type and body as described.
#   bench/api-fuzz.sh            up to 200 examples per operation; summary to bench/results/api-fuzz.md
#   bench/api-fuzz.sh --short    5 examples per operation over a county of 300 members (the
#                                test command's variant)
# Env: DANGJIAN_SERVER_BIN (default target/release/dangjian), SCHEMATHESIS (default the
# bootstrap's virtual environment).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
load_tools
examples=200 short=0 members=2000
while [ $# -gt 0 ]; do
  case $1 in
    --short) examples=5 short=1 members=300 ;;
    --examples) examples=$2; shift ;;
    *) say "unknown option $1"; exit 2 ;;
  esac
  shift
done
st=${SCHEMATHESIS:-$TOOLS/venv/bin/st}
[ -x "$st" ] || { say "$st missing: run scripts/bootstrap.sh"; exit 1; }
# The fuzzer's requests are many and quick: its token gets a rate it will not reach (the
# limit itself is tested in the server's tests).
export DANGJIAN_API_TOKEN_RATE=1000000
bench_server fuzz "$members"
work=$BENCH_WORK url=$BENCH_URL

# A token made the way a county administrator makes one: signed in, on the settings page's form.
curl -fsS -c "$work/cookies" -H 'accept: application/json' \
  -d 'mobile=13800000000&password=demo1234' "$url/api/login" >/dev/null
token=$(curl -fsS -b "$work/cookies" -H 'accept: application/json' \
  --data-urlencode 'token[name]=schemathesis' --data-urlencode 'token[days]=1' \
  --data-urlencode 'token[scope:members:read]=on' --data-urlencode 'token[scope:orgs:read]=on' \
  --data-urlencode 'token[scope:dues:read]=on' --data-urlencode 'token[scope:audit:read]=on' \
  "$url/api/create_api_token" | tr -d '"')
case $token in djt_*) ;; *) say "no token: $token"; exit 1 ;; esac

# Left out: positive_data_acceptance, which expects every well-formed request to succeed; a
# well-formed request for a member who does not exist, or for an operation a token may not call,
# is refused by design (404, 403).
# Two runs: with the token (what an integration does: reads, and refusals of the rest), then as
# the county administrator's session (every operation, writes included, on this throwaway county).
session=$(awk '$6 == "dj_session" { print $7 }' "$work/cookies")
[ -n "$session" ] || { say "no session cookie"; exit 1; }
# schemathesis signs its requests by the description's own security schemes, so its
# authentication checks can leave the credential out and expect a refusal.
printf '[auth.openapi.token]\nbearer = "%s"\n' "$token" > "$work/token.toml"
printf '[auth.openapi.session]\napi_key = "%s"\n' "$session" > "$work/session.toml"
fuzz() { # fuzz token|session (from the work directory: schemathesis keeps a cache where it runs)
  # One worker: with two, CPython 3.11's parser (hypothesis describing its filters) can fail
  # with "AST constructor recursion depth mismatch", a tool error that fails the run.
  cd "$work" && "$st" --config-file "$work/$1.toml" run "$url/api/v1/openapi.json" --url "$url/api/v1" \
    --checks all --exclude-checks positive_data_acceptance \
    --max-examples "$examples" --seed 20261207 --workers 1 \
    --request-timeout 30 --no-color --suppress-health-check all \
    --generation-database none >"$work/st-$1.log" 2>&1
}
set +e
fuzz token; rc_token=$?
fuzz session; rc_session=$?
rc=$(( rc_token || rc_session ))
set -e
cat "$work/st-token.log" "$work/st-session.log" > "$work/st.log"
# The whole report stays for reading after the run.
mkdir -p "$ROOT/target" && cp "$work/st.log" "$ROOT/target/api-fuzz.log"
tail -n 40 "$work/st.log" >&2
if grep -qE 'ERROR|panicked' "$work/server.log"; then say "the server logged an error:"; grep -E "ERROR|panicked" "$work/server.log" | head -5 >&2; rc=1; fi
for run in token session; do
  say "schemathesis, $run, ${examples} examples per operation: $(awk '/^Test cases:/ { getline; sub(/^ +/, ""); print }' "$work/st-$run.log")"
done
if [ "$short" = 0 ] && [ "$rc" = 0 ]; then
  {
    printf '# API fuzzing (schemathesis)\n\n'
    printf 'Run on %s, %s examples per operation, the release server over a county of %s members,\n' "$(date -u +%F)" "$examples" "$members"
    printf 'first with a token holding every scope, then as the county administrator (bench/api-fuzz.sh).\n'
    for run in token session; do
      printf '\n## With the %s\n\n```\n' "$run"
      sed -n '/SUMMARY/,$p' "$work/st-$run.log"
      printf '```\n'
    done
  } > "$ROOT/bench/results/api-fuzz.md"
fi
exit $rc
