#!/usr/bin/env bash
# Runs every fuzz target for a bounded time: `tools/fuzz.sh [SECONDS_PER_TARGET]` (default 60).
# The committed seed corpus (fuzz/corpus/<target>) is read, never written: new inputs go to a
# scratch corpus under target/. A crash leaves its input in fuzz/artifacts/<target>/ and fails.
# FUZZ_SEED=N fixes libFuzzer's seed (make test does, so its brief run explores the same inputs on
# every machine of this kind); unset, each run explores new ones (make fuzz).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
seconds="${1:-60}"
seed=()
[ -n "${FUZZ_SEED:-}" ] && seed=(-seed="$FUZZ_SEED")
bash tools/setup.sh fuzz
targets=(export_parser query index_reader)
cd fuzz
cargo +nightly fuzz build -O 2>&1 | tail -n 3
status=0
for t in "${targets[@]}"; do
    scratch="$ROOT/target/fuzz-corpus/$t"
    mkdir -p "$scratch"
    echo "fuzz: $t for ${seconds}s"
    if ! cargo +nightly fuzz run -O "$t" "$scratch" "corpus/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -print_final_stats=1 "${seed[@]}" >"$ROOT/target/fuzz-$t.log" 2>&1; then
        status=1
        { grep -E "ERROR|panicked|SUMMARY|artifact" "$ROOT/target/fuzz-$t.log" || tail -n 20 "$ROOT/target/fuzz-$t.log"; } | head -n 20
    fi
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$ROOT/target/fuzz-$t.log" | tail -n 1 || true
done
exit "$status"
