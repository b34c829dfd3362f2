#!/usr/bin/env bash
# Incremental publishing, measured (issue 6): an archive of ISSUES issues (default 500, from the
# benchmark generator), then one more issue added. Prints the full build time, the incremental
# build time, their ratio, and checks the two indexes are byte-identical.
#   bash tools/bench-incremental.sh [ISSUES]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
issues="${1:-500}"
work="$ROOT/target/bench/incremental-$issues"
bin="$ROOT/target/release/bulletin"
cargo build --release --locked -q --bin bulletin
if [[ ! -d "$work/corpus/export" ]]; then
    python3 bench/gen.py --items $(( (issues + 1) * 25 )) --out "$work/corpus" >/dev/null
fi
rm -rf "$work/archive" "$work/inc" "$work/inc.cache" "$work/full" "$work/full.cache"
mkdir -p "$work/archive"
last=$(ls "$work/corpus/export" | sort | tail -n 1)
for f in "$work/corpus/export"/*.txt; do
    [[ "$(basename "$f")" == "$last" ]] || cp "$f" "$work/archive/"
done
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
# Warm the cache with the archive as published last week.
"$bin" build --quiet --input "$work/archive" --out "$work/inc"
cp "$work/corpus/export/$last" "$work/archive/"
inc=$(seconds "$bin" build --quiet --input "$work/archive" --out "$work/inc")
full=$(seconds "$bin" build --quiet --no-cache --input "$work/archive" --out "$work/full")
"$bin" gc --quiet --index "$work/inc" --keep 1
diff -r "$work/inc" "$work/full" >/dev/null && same=identical || same=DIFFERENT
printf 'incremental: %d issues archived + 1 added: full build %.2fs, incremental %.2fs, ratio %.3f, output %s\n' \
    "$issues" "$full" "$inc" "$(echo "$inc / $full" | bc -l)" "$same"
[[ $same == identical ]]
