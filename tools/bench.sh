#!/usr/bin/env bash
# Side-by-side benchmark of our engine and Pagefind 1.6.0 on a generated corpus (issue 5).
#
#   bash tools/bench.sh [ITEMS]        full run (default 10000 items): target/bench/report.json
#   bash tools/bench.sh --smoke        50 items, 4 queries, 1 run: checks that every instrument
#                                      still works (target/bench/smoke/report.json), < 1 minute
#                                      once the engine is built
# Options: --runs R (cold runs per query, default 5), --phone-runs R (cold runs under the phone
# profile, default 1), --passes P (measured typing passes,
# default 3), --ours-mode glue|widget (default glue, see bench/page/bench.js), --queries LIST
# (comma-separated subset of the generator's timed queries; its run-together queries are always
# all checked, for their result sets only), --seed S, --no-build (measure
# target/release/bulletin and dist/ as they are, without rebuilding them), --bulletin PATH
# (build our index with this CLI instead: to measure a variant of the index format's parameters
# built elsewhere), --tag NAME (run folder target/bench/run-ITEMS-NAME), --out FILE (default
# target/bench/report.json; a copy stays in the run folder).
#
# Steps: bench/gen.py writes the corpus (export text + HTML pages + ground truth); `bulletin build`
# and `pagefind --site` index it (both timed); tools/dist.sh builds the browser engine, whose
# files are copied next to our index; tools/serve.py serves both without compression; and
# bench/harness.mjs drives headless Chromium and writes the report. bench/README.md defines
# every figure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: ERROR: %s\n' "$*" >&2; exit 1; }

items=10000 smoke=0 runs=5 phone_runs=1 passes=3 mode=glue queries="" seed=431 rebuild=1 cli="" out="" tag=""
while (($#)); do
    case "$1" in
        --smoke) smoke=1 items=50 runs=1 passes=1 queries="微短剧,林晓岚,GPT-4o,qwe" ;;
        --runs) runs="$2"; shift ;;
        --phone-runs) phone_runs="$2"; shift ;;
        --passes) passes="$2"; shift ;;
        --ours-mode) mode="$2"; shift ;;
        --queries) queries="$2"; shift ;;
        --seed) seed="$2"; shift ;;
        --no-build) rebuild=0 ;;
        --bulletin) cli="$(realpath "$2")"; shift ;;
        --out) out="$(realpath -m "$2")"; shift ;;
        --tag) tag="$2"; shift ;;
        -h|--help) sed -n '2,22s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 0 ;;
        [0-9]*) items="$1" ;;
        *) die "unknown argument $1 (see --help)" ;;
    esac
    shift
done
[[ "$items" =~ ^[0-9]+$ && "$items" -ge 1 ]] || die "ITEMS must be a positive number, got '$items'"

if ((smoke)); then WORK="$ROOT/target/bench/smoke"; OUT="${out:-$WORK/report.json}"
else WORK="$ROOT/target/bench/run-$items${tag:+-$tag}"; OUT="${out:-$ROOT/target/bench/report.json}"; fi
CORPUS="$ROOT/target/bench/corpus-$items-$seed"
SITE="$WORK/site"

# ------------------------------------------------------------------ tools
command -v node >/dev/null || die "node not found"
[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium missing: run 'bash tools/setup.sh browser'"
[[ -d node_modules/playwright-core ]] || bash tools/setup.sh node >&2
command -v zopfli >/dev/null || bash tools/setup.sh pack >&2
# Pagefind lives in bench/'s own package (pinned by bench/package-lock.json), apart from the
# root's test tools.
PAGEFIND="$ROOT/bench/node_modules/.bin/pagefind"
if [[ ! -x "$PAGEFIND" || bench/package-lock.json -nt bench/node_modules/.package-lock.json ]]; then
    say "npm ci in bench/ (pagefind)"
    npm ci --prefix bench --no-audit --no-fund --loglevel=error >&2
fi
[[ "$("$PAGEFIND" --version)" == "pagefind 1.6.0" ]] || die "bench/node_modules has $("$PAGEFIND" --version), want pagefind 1.6.0"

if ((rebuild)); then
    say "building the CLI and the browser engine (tools/dist.sh)"
    cargo build --release --locked --bin bulletin -q
    bash tools/dist.sh >&2
fi
engine_files=(engine.js bulletin-search-wasm_bg.wasm bulletin-search-wasm_bg.wasm.gz)
for f in target/release/bulletin dist/widget.js "${engine_files[@]/#/dist/}"; do
    [[ -s "$f" ]] || die "$f missing: run 'make dist'"
done

# ------------------------------------------------------------------ corpus
# Reused while the generator is unchanged: its output depends only on (items, seed, dictionary).
stamp="$(sha256sum bench/gen.py | cut -c1-16)"
if [[ "$(cat "$CORPUS/.gen" 2>/dev/null)" != "$stamp" ]]; then
    say "generating $items items"
    rm -rf "$CORPUS"
    python3 bench/gen.py --items "$items" --seed "$seed" --out "$CORPUS" >&2
    echo "$stamp" >"$CORPUS/.gen"
fi

# ------------------------------------------------------------------ builds (timed)
rm -rf "$WORK"
mkdir -p "$SITE/ours" "$SITE/pf"
# Private copies: a rebuild elsewhere during a long run must not change the engine measured.
cp "${cli:-target/release/bulletin}" "$WORK/bulletin"
cp dist/widget.js "${engine_files[@]/#/dist/}" "$SITE/ours/"
BULLETIN="$WORK/bulletin"
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# peak FILE COMMAND...: runs COMMAND; writes the peak resident memory of it and every process it
# waited for (bytes, getrusage of the children) to FILE.
peak() {
    local file="$1"
    shift
    python3 -c 'import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024))
sys.exit(code)' "$file" "$@"
}

say "building our index"
# A full build from nothing (the figure); a CLI with an analysis cache gets a fresh one, outside
# the served folder, and a second build from that warm cache is timed too (a weekly publish).
cache=()
[[ "$("$BULLETIN" --help 2>&1)" == *--cache* ]] && cache=(--cache "$WORK/analysis.cache")
t0=$EPOCHREALTIME
peak "$WORK/ours.rss" "$BULLETIN" build --input "$CORPUS/export" --out "$SITE/ours/index" "${cache[@]}" >&2
ours_s=$(elapsed "$t0" "$EPOCHREALTIME")
rebuild_s=null
if ((${#cache[@]})); then
    t0=$EPOCHREALTIME
    "$BULLETIN" build --input "$CORPUS/export" --out "$WORK/rebuild" "${cache[@]}" --quiet >&2
    rebuild_s=$(elapsed "$t0" "$EPOCHREALTIME")
    rm -rf "$WORK/rebuild"
fi

say "building Pagefind's index"
t0=$EPOCHREALTIME
peak "$WORK/pf.rss" "$PAGEFIND" --site "$CORPUS/html" --output-path "$SITE/pf/pagefind" >"$WORK/pagefind.log" 2>&1 \
    || { tail -n 30 "$WORK/pagefind.log" >&2; die "pagefind failed"; }
pf_s=$(elapsed "$t0" "$EPOCHREALTIME")

# ------------------------------------------------------------------ the served folder
cp bench/page/bench.html bench/page/bench.js "$SITE/"
ln -s "$CORPUS/html/items" "$SITE/pf/items"

# sizes DIR EXCLUDE-REGEX: "bytes files" of the files under DIR whose names do not match.
sizes() { find "$1" -type f -printf '%f %s\n' | grep -Ev "$2" | awk '{ b += $2; n++ } END { print b + 0, n + 0 }'; }
# Index = what the engine may fetch besides itself: our manifest and shards (not the publish
# history), Pagefind's entry, meta, index, fragment and filter files (not its JS, CSS and Wasm).
read -r ours_b ours_n < <(sizes "$SITE/ours/index" '^(history\.txt|m-.*\.bin) ')
read -r pf_b pf_n < <(sizes "$SITE/pf/pagefind" '\.(js|css) |^wasm\.')
# Engine = the code a search loads: our loader (bundled with the glue) and gzipped Wasm, Pagefind's pagefind.js,
# worker and (gzipped) Wasm.
total() { cat "$@" | wc -c; }
ours_eb=$(total "$SITE"/ours/engine.js "$SITE"/ours/bulletin-search-wasm_bg.wasm.gz)
pf_eb=$(total "$SITE"/pf/pagefind/pagefind.js "$SITE"/pf/pagefind/pagefind-worker.js "$SITE"/pf/pagefind/wasm.*.pagefind)
widget_b=$(total "$SITE/ours/widget.js")
cat >"$WORK/build.json" <<EOF
{
 "ours": {"build_s": $ours_s, "build_rss_bytes": $(cat "$WORK/ours.rss"), "rebuild_cached_s": $rebuild_s, "index_bytes": $ours_b, "index_files": $ours_n, "engine_bytes": $ours_eb, "widget_bytes": $widget_b},
 "pagefind": {"build_s": $pf_s, "build_rss_bytes": $(cat "$WORK/pf.rss"), "index_bytes": $pf_b, "index_files": $pf_n, "engine_bytes": $pf_eb}
}
EOF

# ------------------------------------------------------------------ serve and measure
python3 tools/serve.py --dir "$SITE" --port 0 >"$WORK/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    port="$(grep -o 'http://127.0.0.1:[0-9]*/' "$WORK/serve.log" | grep -o '[0-9]*/$' | tr -d /)" && [[ -n "$port" ]] && break
    sleep 0.1
done
[[ -n "${port:-}" ]] || { cat "$WORK/serve.log" >&2; die "tools/serve.py did not start"; }

say "measuring in headless Chromium ($runs cold runs, $passes typing passes)"
node bench/harness.mjs --base "http://127.0.0.1:$port" --site "$SITE" --corpus "$CORPUS" \
    --build "$WORK/build.json" --out "$OUT" --runs "$runs" --phone-runs "$phone_runs" --passes "$passes" --ours-mode "$mode" \
    ${queries:+--queries "$queries"} --bulletin "$BULLETIN" --ours-index "$SITE/ours/index" \
    --pagefind-bundle "$SITE/pf/pagefind" | tee "$WORK/table.txt"
[[ "$OUT" == "$WORK/report.json" ]] || cp "$OUT" "$WORK/report.json"
