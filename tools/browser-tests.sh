#!/usr/bin/env bash
# The browser half of `make test`: sourced at the end of tools/test.sh, whose gate / cargo_tests /
# node_tests helpers and passed/failed counters it uses. Also runs alone: bash tools/browser-tests.sh
#
#   setup-browser      tools/setup.sh rust node pack browser (idempotent)
#   dist               tools/dist.sh: the deployable site the tests load
#   wasm-clippy        clippy on the Wasm crate for wasm32, warnings denied
#   wasm-bindgen-test  the engine in headless Chromium (wasm/tests/*.rs), one count per test
#   browser-e2e        the real widget in Chromium (tests/browser/*.test.mjs: Playwright's own
#                      tests, and the cases of browsers.test.mjs)
#   browser-firefox    the cases of browsers.test.mjs in Firefox ESR (puppeteer-core, WebDriver BiDi)
#   browser-webkit     the cases of browsers.test.mjs in WebKitGTK's MiniBrowser (WebKitWebDriver, Xvfb)
#   size-budget        the size report below, and a gzip budget for the Wasm module
#
# Then prints the size report: Wasm, JS and CSS raw and gzip, and the bytes of a first query.

if ! declare -F gate >/dev/null; then
    # Standalone: minimal versions of tools/test.sh's helpers.
    set -uo pipefail
    ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    cd "$ROOT"
    export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    LOG_DIR="$ROOT/target/test-logs"; mkdir -p "$LOG_DIR"
    passed=0; failed=0; failures=()
    _count() { local p="$1" f="$2" name="$3"; passed=$((passed + p)); failed=$((failed + f)); ((f)) && failures+=("$name"); return 0; }
    gate() {
        local name="$1"; shift; printf '== %s\n' "$name"
        if "$@" >"$LOG_DIR/$name.log" 2>&1; then _count 1 0 "$name"; else _count 0 1 "$name"; tail -n 40 "$LOG_DIR/$name.log"; fi
    }
    cargo_tests() {
        local name="$1"; shift; printf '== %s\n' "$name"
        "$@" >"$LOG_DIR/$name.log" 2>&1; local status=$?
        local p f
        p=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$LOG_DIR/$name.log" | awk '{s+=$4} END {print s+0}')
        f=$(grep -Eo '; [0-9]+ failed' "$LOG_DIR/$name.log" | awk '{s+=$2} END {print s+0}')
        if ((status != 0 && f == 0)); then f=1; tail -n 40 "$LOG_DIR/$name.log"; fi
        _count "$p" "$f" "$name"
    }
    node_tests() {
        local name="$1"; shift; printf '== %s\n' "$name"
        "$@" >"$LOG_DIR/$name.log" 2>&1; local status=$?
        local p f
        p=$(awk '/^# pass /{print $3}' "$LOG_DIR/$name.log" | tail -n1); p=${p:-0}
        f=$(awk '/^# fail /{print $3}' "$LOG_DIR/$name.log" | tail -n1); f=${f:-0}
        grep -E '^not ok' "$LOG_DIR/$name.log" || true
        if ((status != 0 && f == 0)); then f=1; tail -n 60 "$LOG_DIR/$name.log"; fi
        _count "$p" "$f" "$name"
    }
    _browser_tests_standalone=1
fi

# Gzip budget of the Wasm module in bytes (docs/DESIGN.md: the browser build's size is a gate).
WASM_GZIP_BUDGET="${WASM_GZIP_BUDGET:-160000}"

gate setup-browser bash tools/setup.sh rust node pack browser
gate dist bash tools/dist.sh
gate wasm-clippy cargo clippy -p bulletin-search-wasm --target wasm32-unknown-unknown --all-targets --locked -- -D warnings

# wasm-bindgen-test-runner drives Debian's chromium through chromedriver (it adds --headless and
# --no-sandbox itself; tests/browser/webdriver.json names the binary and the other flags of
# docs/DESIGN.md).
# The tests feed the engine the committed index compiled into them (wasm/build.rs), as engine.js
# feeds it from the network: no test fetches anything. (When the engine fetched for itself, the
# first test hung on its first fetch from the runner's file server in two fresh-clone runs of five,
# and a hung run had to be run again; the engine does no I/O now, and a hang fails the stage.) A
# test may take 60 s instead of the runner's 20.
cargo_tests wasm-bindgen-test env \
    CHROMEDRIVER=/usr/bin/chromedriver \
    WASM_BINDGEN_TEST_TIMEOUT=60 \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$PWD/tests/browser/webdriver.json" \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test -p bulletin-search-wasm --target wasm32-unknown-unknown --locked

rm -f target/browser-tests/first-query.json   # written by the e2e run, read by the size report
node_tests browser-e2e env BROWSERS=chromium node --test --test-concurrency=1 tests/browser/
node_tests browser-firefox env BROWSERS=firefox node --test tests/browser/browsers.test.mjs
node_tests browser-webkit env BROWSERS=webkit node --test tests/browser/browsers.test.mjs

# ---------------------------------------------------------------- size report
size_report() {
    local f raw gz
    printf '%-34s %10s %10s\n' "size report (dist/)" "bytes" "gzip -9"
    row() { printf '%-34s %10d %10d\n' "$1" "$2" "$3"; }
    for f in bulletin-search-wasm_bg.wasm bulletin-search-wasm_bg.wasm.gz engine.js widget.js site.css; do
        [[ -f "dist/$f" ]] || continue
        raw=$(wc -c <"dist/$f"); gz=$(gzip -9 -c "dist/$f" | wc -c)
        row "$f" "$raw" "$gz"
    done
    # The widget's own CSS lives in widget.js (a constructed stylesheet in its shadow root; read
    # from the source, as dist's copy is minified).
    local css
    css="$(node -e 'const s=require("fs").readFileSync("www/widget.js","utf8");const m=s.match(/const CSS = `([\s\S]*?)`;/);process.stdout.write(m?m[1]:"")')"
    row "  of which widget CSS" "$(printf '%s' "$css" | wc -c)" "$(printf '%s' "$css" | gzip -9 -c | wc -c)"
    raw=$(cat dist/index/* | wc -c); gz=$(cat dist/index/* | gzip -9 -c | wc -c)
    row "index/ (all $(ls dist/index | wc -l) files)" "$raw" "$gz"
    if [[ -f target/browser-tests/first-query.json ]]; then
        local total_gz=0 line p b g
        while IFS=$'\t' read -r p b; do
            g=$(gzip -9 -c "dist$p" | wc -c); total_gz=$((total_gz + g))
            line+="$(printf '  %-32s %10d %10d' "$p" "$b" "$g")"$'\n'
        done < <(node -e 'for (const f of require("./target/browser-tests/first-query.json").files) console.log(`${f.path}\t${f.bytes}`)')
        row "first query (page load → results)" \
            "$(node -p 'require("./target/browser-tests/first-query.json").bytes')" "$total_gz"
        printf '%s' "$line"
    fi
    local wasm_gz
    wasm_gz=$(gzip -9 -c dist/bulletin-search-wasm_bg.wasm | wc -c)
    if ((wasm_gz > WASM_GZIP_BUDGET)); then
        echo "Wasm module is $wasm_gz bytes gzipped, over the budget of $WASM_GZIP_BUDGET"
        return 1
    fi
}
printf '== size-report\n'
if [[ -f dist/bulletin-search-wasm_bg.wasm ]] && size_report; then
    passed=$((passed + 1))
else
    failed=$((failed + 1)); failures+=("size-budget")
fi

if [[ -n "${_browser_tests_standalone:-}" ]]; then
    ((${#failures[@]})) && printf 'failed: %s\n' "${failures[*]}"
    printf '%d passed, %d failed\n' "$passed" "$failed"
    [[ $failed -eq 0 ]]
fi
