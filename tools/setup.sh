#!/usr/bin/env bash
# Idempotent installation of the project's tools. Every version comes from
# tools/versions.env (the only place where pins live).
#
#   tools/setup.sh rust      wasm32 target, wasm-bindgen-cli, trunk (cargo install)
#   tools/setup.sh node      npm ci (playwright-core, puppeteer-core, axe-core, wasm-opt, esbuild)
#   tools/setup.sh browser   Debian chromium, firefox-esr, WebKitGTK, their drivers, Xvfb, CJK font
#   tools/setup.sh pack      Debian zopfli (apt-get): packs the Wasm module
#   tools/setup.sh fuzz      cargo-fuzz (runs on the nightly toolchain)
#   tools/setup.sh all       all of them
#   tools/setup.sh env       print an `export PATH=...` line for eval
#
# Several subcommands may be given at once (e.g. `tools/setup.sh rust node`).
# Each step prints one short line; nothing is reinstalled when already present.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# shellcheck source=versions.env
source "$ROOT/tools/versions.env"

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
NODE_BIN="$ROOT/node_modules/.bin"
export PATH="$NODE_BIN:$CARGO_BIN:$PATH"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: ERROR: %s\n' "$*" >&2; exit 1; }

# Print the version field ($2 of "name X.Y.Z") of a tool, or nothing.
tool_version() { "$@" 2>/dev/null | awk 'NR==1 {print $2}' || true; }

# ---------------------------------------------------------------- rust
setup_rust() {
    command -v rustup >/dev/null || die "rustup not found (expected in $CARGO_BIN)"
    command -v cargo  >/dev/null || die "cargo not found (expected in $CARGO_BIN)"

    # Run from the repo root so a rust-toolchain.toml, if any, selects the toolchain.
    if rustup target list --installed | grep -qx "$WASM_TARGET"; then
        say "rust target $WASM_TARGET already installed"
    else
        say "adding rust target $WASM_TARGET"
        rustup target add "$WASM_TARGET" >/dev/null 2>&1 \
            || rustup target add "$WASM_TARGET"   # rerun loudly to show the error
    fi

    # wasm-bindgen-cli: NOT --locked (its lock file pins a crate version the
    # registry mirror lacks). Provides wasm-bindgen and wasm-bindgen-test-runner.
    local have
    have="$(tool_version wasm-bindgen --version)"
    if [[ "$have" == "$WASM_BINDGEN_VERSION" ]] \
        && command -v wasm-bindgen-test-runner >/dev/null; then
        say "wasm-bindgen $WASM_BINDGEN_VERSION already installed"
    else
        say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION${have:+ (found $have)} (~2 min)"
        cargo install -q --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
        have="$(tool_version wasm-bindgen --version)"
        [[ "$have" == "$WASM_BINDGEN_VERSION" ]] \
            || die "wasm-bindgen reports '${have:-nothing}', expected $WASM_BINDGEN_VERSION"
    fi

    # trunk: --locked (newer dependencies need a newer rustc).
    have="$(tool_version trunk --version)"
    if [[ "$have" == "$TRUNK_VERSION" ]]; then
        say "trunk $TRUNK_VERSION already installed"
    else
        say "installing trunk $TRUNK_VERSION${have:+ (found $have)} (~5 min)"
        cargo install -q --force --locked trunk --version "$TRUNK_VERSION"
        have="$(tool_version trunk --version)"
        [[ "$have" == "$TRUNK_VERSION" ]] \
            || die "trunk reports '${have:-nothing}', expected $TRUNK_VERSION"
    fi
}

# ---------------------------------------------------------------- node
# The npm pins of tools/versions.env as name=version lines (binaryen's pin is its major version).
npm_pins() {
    printf '%s\n' "playwright-core=$PLAYWRIGHT_CORE_VERSION" "puppeteer-core=$PUPPETEER_CORE_VERSION" \
        "axe-core=$AXE_CORE_VERSION" "binaryen=$BINARYEN_VERSION" "esbuild=$ESBUILD_VERSION"
}

# package.json must pin exactly what tools/versions.env says.
check_package_json() {
    # shellcheck disable=SC2046 # one argument per pin
    node - "$ROOT/package.json" $(npm_pins) <<'EOF'
const [file, ...pins] = process.argv.slice(2);
const dev = (require(file).devDependencies) || {};
let bad = [];
for (const [name, v] of pins.map((p) => p.split('='))) {
  const got = dev[name];
  const ok = name === 'binaryen'
    ? /^\d+\.\d+\.\d+$/.test(got || '') && got.split('.')[0] === v   // BINARYEN_VERSION is the major
    : got === v;
  if (!ok) bad.push(`${name}: package.json has ${JSON.stringify(got)}, tools/versions.env wants ${name === 'binaryen' ? v + '.x.y (exact)' : v}`);
}
if (bad.length) { console.error('setup: ERROR: version mismatch\n  ' + bad.join('\n  ')); process.exit(1); }
EOF
}

# Installed node_modules must match the pins too (catches a stale tree).
check_installed_node_modules() {
    # shellcheck disable=SC2046 # one argument per pin
    node - "$ROOT" $(npm_pins) <<'EOF'
const path = require('path');
const [root, ...pins] = process.argv.slice(2);
for (const [name, v] of pins.map((p) => p.split('='))) {
  let got;
  try { got = require(path.join(root, 'node_modules', name, 'package.json')).version; } catch (e) { got = null; }
  const ok = got && (name === 'binaryen' ? got.split('.')[0] === v : got === v);
  if (!ok) { console.log(`${name}: installed ${got}, want ${v}`); process.exit(1); }
}
EOF
}

setup_node() {
    command -v node >/dev/null || die "node not found"
    command -v npm  >/dev/null || die "npm not found"
    [[ -f package-lock.json ]] || die "package-lock.json missing (run 'npm install' and commit it)"
    check_package_json || exit 1

    local marker="node_modules/.package-lock.json" reason="" why
    if [[ ! -d node_modules || ! -f "$marker" ]]; then
        reason="node_modules missing"
    elif [[ package-lock.json -nt "$marker" || package.json -nt "$marker" ]]; then
        reason="package-lock.json changed"
    elif ! why="$(check_installed_node_modules)"; then
        reason="$why"
    elif ! why="$(check_wasm_opt)"; then
        reason="$why"
    fi

    if [[ -z "$reason" ]]; then
        say "node_modules up to date (playwright-core $PLAYWRIGHT_CORE_VERSION, puppeteer-core $PUPPETEER_CORE_VERSION, axe-core $AXE_CORE_VERSION, wasm-opt $BINARYEN_VERSION, esbuild $ESBUILD_VERSION)"
        return
    fi
    say "npm ci ($reason)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    touch "$marker"
    why="$(check_installed_node_modules)" || die "after npm ci: $why"
    why="$(check_wasm_opt)" || die "after npm ci: $why"
}

# Prints the problem and fails unless node_modules/.bin/wasm-opt is binaryen $BINARYEN_VERSION.
check_wasm_opt() {
    local wo
    wo="$("$NODE_BIN/wasm-opt" --version 2>/dev/null | head -n 1 || true)"
    # e.g. "wasm-opt version 132 (version_132)"
    [[ "$wo" =~ version[[:space:]]+${BINARYEN_VERSION}([^0-9]|$) ]] && return 0
    echo "node_modules/.bin/wasm-opt reports '${wo:-nothing}', expected version $BINARYEN_VERSION"
    return 1
}

# ---------------------------------------------------------------- browser
deb_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# apt-get installs the Debian packages named (comma-separated) that are missing; `check` is a
# command that must succeed afterwards.
apt_install() {
    local list="$1" check="$2" pkgs missing=()
    IFS=',' read -r -a pkgs <<<"$list"
    for p in "${pkgs[@]}"; do
        deb_installed "$p" || missing+=("$p")
    done
    if [[ ${#missing[@]} -eq 0 ]] && eval "$check"; then
        say "debian packages already installed (${pkgs[*]})"
        return
    fi
    [[ ${#missing[@]} -gt 0 ]] || missing=("${pkgs[@]}")   # binaries gone: reinstall all

    local sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null || die "need root (or sudo) to apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    say "apt-get install ${missing[*]}"
    local log
    log="$(mktemp)"
    if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q \
        && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
            --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -f "$log"
        die "apt-get failed"
    fi
    rm -f "$log"
    eval "$check" || die "still missing after apt-get install ${missing[*]} ($check)"
}

# Chromium with chromedriver (playwright-core, wasm-bindgen-test-runner), Firefox ESR (puppeteer-core
# over WebDriver BiDi), WebKitGTK's MiniBrowser with WebKitWebDriver in an Xvfb display.
setup_browser() {
    apt_install "$DEBIAN_PACKAGES" '[[ -x /usr/bin/chromium && -x /usr/bin/chromedriver && -x /usr/bin/firefox-esr
        && -x /usr/bin/WebKitWebDriver && -x /usr/bin/Xvfb ]] && compgen -G "/usr/lib/*/webkit2gtk-4.1/MiniBrowser" >/dev/null'
}

# zopfli: gzip-compatible, 6% smaller than gzip -9 on the Wasm module (tools/dist.sh).
setup_pack() {
    apt_install "$PACK_DEBIAN_PACKAGES" 'command -v zopfli >/dev/null'
}

# ---------------------------------------------------------------- fuzz
# cargo-fuzz runs on the machine's nightly toolchain (libFuzzer needs -Z flags).
setup_fuzz() {
    rustup run nightly rustc --version >/dev/null 2>&1 \
        || die "the nightly toolchain is missing (cargo fuzz needs it): rustup toolchain install nightly"
    if cargo install --list | grep -qx "cargo-fuzz v$CARGO_FUZZ_VERSION:"; then
        say "cargo-fuzz $CARGO_FUZZ_VERSION already installed"
    else
        say "installing cargo-fuzz $CARGO_FUZZ_VERSION (~1 min)"
        cargo install -q --force cargo-fuzz --version "$CARGO_FUZZ_VERSION"
    fi
}

# ---------------------------------------------------------------- env
print_env() {
    printf 'export PATH=%q:%q:"$PATH"\n' "$NODE_BIN" "$CARGO_BIN"
}

usage() {
    sed -n '2,13s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

[[ $# -gt 0 ]] || usage
for cmd in "$@"; do
    case "$cmd" in
        rust)    setup_rust ;;
        node)    setup_node ;;
        browser) setup_browser ;;
        pack)    setup_pack ;;
        fuzz)    setup_fuzz ;;
        all)     setup_browser; setup_pack; setup_node; setup_rust; setup_fuzz ;;
        env)     print_env ;;
        -h|--help|help) usage ;;
        *) printf 'setup: unknown subcommand: %s\n' "$cmd" >&2; usage ;;
    esac
done
