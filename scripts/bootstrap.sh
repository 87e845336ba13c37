#!/usr/bin/env bash
# Installs everything Dangjian Cloud needs to build, run and test, then writes an env file that
# the other scripts source. Idempotent: when everything is there it only checks (seconds).
# Nothing is compiled from source here: the build step is the workspace's own `xtask` crate
# (docs/build.md); wasm-opt and esbuild are prebuilt binaries from npm. Each phase prints its
# time, and a table of them ends the run.
#
# Two ways to get a wasm32 standard library:
#   prebuilt  : rustup's wasm32-unknown-unknown target (a normal machine; tried first)
#   build-std : rustup cannot fetch it -> Debian's rustc-web (Rust 1.96 with std source) and
#               `-Zbuild-std` for the wasm side only (RUSTC_BOOTSTRAP=1).
#
# Tools go outside the work tree (default ~/.local/share/dangjian-tools) so a fresh clone or a
# later CI run reuses them.
#
# Usage: scripts/bootstrap.sh [--detect-only] [--with-postgres]
# Env:   WASM_STD=prebuilt|build-std|auto   DANGJIAN_TOOLS=DIR   RUSTUP_ADD_TIMEOUT=SECS
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS=${DANGJIAN_TOOLS:-$HOME/.local/share/dangjian-tools}
BINARYEN_NPM_VERSION=123.0.0  # wasm-opt; Debian's binaryen 108 silently breaks hydration
ESBUILD_NPM_VERSION=0.28.2    # minifies the bindings' JavaScript and the stylesheet
HLS_NPM_VERSION=1.7.4         # plays grid-centre HLS streams in Chromium; copied into the site at build
SCHEMATHESIS_VERSION=4.32.5   # fuzzes the JSON API against its OpenAPI description (bench/api-fuzz.sh)
MIN_RUST=1.88                 # leptos 0.8
DEBIAN_RUST_PKGS=(rustc-web cargo-web rust-web-src rust-web-llvm lld-22)

log() { printf '[bootstrap] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
SUDO=
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { log "ERROR: not root and no sudo: run as root or install sudo (apt-get needs it)"; exit 1; }
  SUDO=sudo
fi

WITH_POSTGRES=0; DETECT_ONLY=0
for a in "$@"; do
  case "$a" in
    --with-postgres) WITH_POSTGRES=1 ;;
    --detect-only) DETECT_ONLY=1 ;;
    *) die "unknown option $a (use --detect-only or --with-postgres)" ;;
  esac
done

T0=$SECONDS
PHASES=()
phase() { # phase NAME FUNCTION: runs it and records its time for the closing table
  local name=$1 s=$SECONDS; shift
  "$@"
  PHASES+=("$(printf '%5ds  %s' $((SECONDS - s)) "$name")")
}

ver_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }
rustc_ver() { "$1" --version 2>/dev/null | awk '{print $2}'; }

APT_UPDATED=0
apt_install() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || die "missing packages ${missing[*]} and there is no apt-get; install them by hand"
  if [ "$APT_UPDATED" = 0 ] && [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -720 2>/dev/null | head -n1)" ]; then
    log "apt-get update"
    $SUDO apt-get update -qq || die "apt-get update failed"
    APT_UPDATED=1
  fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install ${missing[*]} failed"
}

command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs) first"
command -v npm >/dev/null || die "npm not found: install Node.js 20+ (wasm-opt, esbuild and Playwright come from npm)"

# ---------------------------------------------------------------- wasm32 std
prebuilt_wasm_std_ok() {
  command -v rustup >/dev/null 2>&1 || return 1
  ver_ge "$(rustc_ver rustc)" "$MIN_RUST" || return 1
  (cd "$ROOT" && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown) || return 1
  local libdir
  libdir=$(cd "$ROOT" && rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null) || return 1
  compgen -G "$libdir/libstd-*.rlib" >/dev/null
}
detect_mode() {
  case "${WASM_STD:-auto}" in
    prebuilt|build-std) echo "$WASM_STD"; return ;;
    auto) ;;
    *) die "WASM_STD must be prebuilt, build-std or auto" ;;
  esac
  if prebuilt_wasm_std_ok; then echo prebuilt; return; fi
  if command -v rustup >/dev/null 2>&1 && ver_ge "$(rustc_ver rustc)" "$MIN_RUST"; then
    log "trying 'rustup target add wasm32-unknown-unknown' (timeout ${RUSTUP_ADD_TIMEOUT:-300}s)"
    if (cd "$ROOT" && timeout "${RUSTUP_ADD_TIMEOUT:-300}" rustup target add wasm32-unknown-unknown >&2) \
       && prebuilt_wasm_std_ok; then
      echo prebuilt; return
    fi
    log "rustup could not provide the wasm32 target; falling back to Debian's rustc-web + build-std"
  fi
  echo build-std
}
s=$SECONDS
MODE=$(detect_mode)
PHASES+=("$(printf '%5ds  %s' $((SECONDS - s)) "wasm32 standard library ($MODE)")")
log "wasm32 std: $MODE"
[ "$DETECT_ONLY" = 1 ] && { echo "$MODE"; exit 0; }

mkdir -p "$TOOLS"
EXTRA_PATH=()
phase_debian_rust() {
  apt_install "${DEBIAN_RUST_PKGS[@]}"
  [ -d /usr/lib/rustlib/src/rust/library ] || die "rust-web-src did not provide /usr/lib/rustlib/src/rust/library"
  [ -e /usr/bin/rust-lld ] || die "/usr/bin/rust-lld missing (rust-web-llvm + lld-22)"
  # Only cargo/rustc/rustdoc in front of PATH, not all of /usr/bin.
  mkdir -p "$TOOLS/rust-debian/bin"
  for t in cargo rustc rustdoc; do ln -sfn "/usr/bin/$t" "$TOOLS/rust-debian/bin/$t"; done
}
if [ "$MODE" = build-std ]; then
  phase "Debian rustc-web (build-std)" phase_debian_rust
  EXTRA_PATH+=("$TOOLS/rust-debian/bin")
fi

# ---------------------------------------------------------------- npm tools (prebuilt binaries)
npm_tools_ok() {
  [ "$("$TOOLS/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | awk '{print $3}')" = "${BINARYEN_NPM_VERSION%%.*}" ] &&
    [ "$("$TOOLS/npm/node_modules/.bin/esbuild" --version 2>/dev/null)" = "$ESBUILD_NPM_VERSION" ] &&
    grep -q "\"version\": \"$HLS_NPM_VERSION\"" "$TOOLS/npm/node_modules/hls.js/package.json" 2>/dev/null
}
phase_npm_tools() {
  if npm_tools_ok; then log "wasm-opt (binaryen $BINARYEN_NPM_VERSION), esbuild $ESBUILD_NPM_VERSION, hls.js $HLS_NPM_VERSION: present"; return; fi
  log "npm install binaryen@$BINARYEN_NPM_VERSION esbuild@$ESBUILD_NPM_VERSION hls.js@$HLS_NPM_VERSION"
  mkdir -p "$TOOLS/npm"
  npm install --prefix "$TOOLS/npm" --no-audit --no-fund --silent \
    "binaryen@$BINARYEN_NPM_VERSION" "esbuild@$ESBUILD_NPM_VERSION" "hls.js@$HLS_NPM_VERSION" >/dev/null \
    || die "npm install binaryen esbuild hls.js failed"
  npm_tools_ok || die "wasm-opt, esbuild or hls.js did not install at the pinned versions"
}
phase "npm tools (wasm-opt, esbuild, hls.js)" phase_npm_tools
EXTRA_PATH+=("$TOOLS/npm/node_modules/.bin")

# ---------------------------------------------------------------- browser, Playwright, PostgreSQL
phase_system_packages() {
  local want=()
  command -v chromium >/dev/null || want+=(chromium)
  command -v curl >/dev/null || want+=(curl)
  # ffmpeg writes the short HLS stream the grid-centre video tests play (docs/test-proofs.md)
  command -v ffmpeg >/dev/null || want+=(ffmpeg)
  if [ "$WITH_POSTGRES" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then want+=(postgresql); fi
  if [ ${#want[@]} -eq 0 ]; then log "chromium, curl, ffmpeg$([ "$WITH_POSTGRES" = 1 ] && echo ', postgresql'): present"; return; fi
  apt_install "${want[@]}"
}
phase "apt packages (Chromium, ffmpeg$([ "$WITH_POSTGRES" = 1 ] && echo ', PostgreSQL'))" phase_system_packages
phase_playwright() {
  local lock="$ROOT/end2end/package-lock.json" stamp="$ROOT/end2end/node_modules/.lock-stamp"
  if [ -f "$lock" ] && ! cmp -s "$lock" "$stamp" 2>/dev/null; then
    log "npm ci in end2end/ (Playwright; never downloads a browser)"
    (cd "$ROOT/end2end" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent) || die "npm ci in end2end failed"
    cp "$lock" "$stamp"
  else
    log "end2end node_modules: present"
  fi
}
phase "Playwright (end2end/ npm ci)" phase_playwright

# ---------------------------------------------------------------- schemathesis (PyPI, own venv)
phase_schemathesis() {
  local st="$TOOLS/venv/bin/st"
  if [ -x "$st" ] && "$st" --version 2>/dev/null | grep -q "version $SCHEMATHESIS_VERSION\$"; then
    log "schemathesis $SCHEMATHESIS_VERSION: present"; return
  fi
  command -v python3 >/dev/null || die "python3 not found: schemathesis needs Python 3.9+"
  log "pip install schemathesis==$SCHEMATHESIS_VERSION into $TOOLS/venv"
  python3 -m venv "$TOOLS/venv" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" \
    || die "pip install schemathesis failed"
}
phase "schemathesis (PyPI)" phase_schemathesis

# ---------------------------------------------------------------- env file
PATH_PREFIX=$(IFS=:; echo "${EXTRA_PATH[*]}")
{
  echo "# written by scripts/bootstrap.sh -- wasm32 std: $MODE"
  echo "export WASM_STD_MODE=$MODE"
  echo "export PATH=\"$PATH_PREFIX:\$PATH\""
  echo "export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1"
  if [ "$MODE" = build-std ]; then
    echo "export RUSTC_BOOTSTRAP=1"
    echo "export WASM_CARGO_ZFLAGS='-Zbuild-std=std,panic_abort'"
  else
    echo "export WASM_CARGO_ZFLAGS="
  fi
} > "$TOOLS/env.sh"

# shellcheck disable=SC1091
. "$TOOLS/env.sh"
log "$(wasm-opt --version), esbuild $(esbuild --version), $(chromium --version 2>/dev/null)"
{
  echo "──────── bootstrap phases ($((SECONDS - T0)) s in all) ────────"
  printf '%s\n' "${PHASES[@]}"
} >&2
log "ready: $TOOLS/env.sh"
