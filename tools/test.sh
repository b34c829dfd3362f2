#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed".
# Each gate (formatting, lints, builds) counts as one test; test runners count their own tests.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"

passed=0
failed=0
failures=()

# gate NAME CMD...: one test that passes when CMD exits 0.
gate() {
    local name="$1"; shift
    local log="$LOG_DIR/$name.log"
    printf '== %s\n' "$name"
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1)); failures+=("$name")
        tail -n 40 "$log"
    fi
}

# cargo_tests NAME CMD...: counts the "test result:" lines of cargo test.
cargo_tests() {
    local name="$1"; shift
    local log="$LOG_DIR/$name.log"
    printf '== %s\n' "$name"
    # The status of the command itself: `grep` may find nothing, which must not hide it (an
    # `|| true` after the pipeline would run `true` and leave PIPESTATUS at 0 for any failure).
    "$@" 2>&1 | tee "$log" | { grep -E '^(test result|failures:|---- |thread .* panicked)' || true; }
    local status=${PIPESTATUS[0]}
    local p f
    p=$(grep -Eo '^test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
    f=$(grep -Eo '; [0-9]+ failed' "$log" | awk '{s+=$2} END {print s+0}')
    passed=$((passed + p)); failed=$((failed + f))
    if [[ $status -ne 0 && $f -eq 0 ]]; then
        # A build error or a crash: no test counted it, so count the stage.
        failed=$((failed + 1)); failures+=("$name")
        tail -n 40 "$log"
    elif [[ $f -ne 0 ]]; then
        failures+=("$name")
    fi
}

# node_tests NAME CMD...: counts node's test runner summary ("# pass N", "# fail N").
node_tests() {
    local name="$1"; shift
    local log="$LOG_DIR/$name.log"
    printf '== %s\n' "$name"
    "$@" >"$log" 2>&1
    local status=$?
    grep -E '^(not ok|# (pass|fail))' "$log" || true
    local p f
    p=$(awk '/^# pass /{print $3}' "$log" | tail -n1); p=${p:-0}
    f=$(awk '/^# fail /{print $3}' "$log" | tail -n1); f=${f:-0}
    passed=$((passed + p)); failed=$((failed + f))
    if [[ $status -ne 0 && $f -eq 0 ]]; then
        failed=$((failed + 1)); failures+=("$name")
        tail -n 60 "$log"
    elif [[ $f -ne 0 ]]; then
        failures+=("$name")
        grep -B2 -A30 '^not ok' "$log" | head -n 120
    fi
}

gate setup-rust bash tools/setup.sh rust
gate fmt cargo fmt --all -- --check
gate clippy cargo clippy --all-targets --locked -- -D warnings
cargo_tests cargo-test cargo test --locked --release
gate benches-compile cargo bench --no-run --locked
gate fuzz-briefly env FUZZ_SEED="${FUZZ_SEED:-1}" bash tools/fuzz.sh "${FUZZ_SECONDS:-20}"

if [[ -f tools/browser-tests.sh ]]; then
    source tools/browser-tests.sh
fi
# The benchmark, on a tiny corpus, so its instruments cannot rot (make bench runs it for real).
gate bench-smoke bash tools/bench.sh --smoke

if ((${#failures[@]})); then
    printf 'failed: %s\n' "${failures[*]}"
fi
printf '%d passed, %d failed\n' "$passed" "$failed"
[[ $failed -eq 0 ]]
