#!/usr/bin/env bash
# Builds the deployable site into dist/ (self-contained, static, safe to serve from any host):
#
#   dist/index.html embed.html site.css   the demo search page and the embedding guide (www/)
#   dist/widget.js                        the <bulletin-search> element (www/widget.js with the
#                                         syntax rows of www/syntax.js bundled in, minified)
#   dist/engine.js                        the engine loader (the widget's, or a host script's),
#                                         bundled with the engine's JS glue (trunk, Trunk.toml)
#   dist/bulletin-search-wasm_bg.wasm     the engine's Wasm module
#   dist/bulletin-search-wasm_bg.wasm.gz  the same module gzipped, what engine.js fetches
#   dist/index/                           a copy of the committed index
#   dist/issues/<N>.html                  one page per issue, an anchor per item (`bulletin pages`)
#
# Tools come from tools/setup.sh (`make dist` runs it first). Idempotent: reruns only redo what
# changed (cargo and trunk are incremental) and replace dist/ as a whole at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

say() { printf 'dist: %s\n' "$*"; }
die() { printf 'dist: ERROR: %s\n' "$*" >&2; exit 1; }

command -v trunk >/dev/null || die "trunk not found: run 'bash tools/setup.sh rust'"
command -v wasm-opt >/dev/null || die "wasm-opt not found: run 'bash tools/setup.sh node'"
command -v esbuild >/dev/null || die "esbuild not found: run 'bash tools/setup.sh node'"
command -v zopfli >/dev/null || die "zopfli not found: run 'bash tools/setup.sh pack'"
[[ -f index/manifest.bin ]] || die "index/manifest.bin missing: run 'make index'"

# The `bulletin` CLI writes the issue pages (no-op when up to date).
cargo build --release --locked --bin bulletin -q

# The engine, built for size (docs/DESIGN.md: opt-level z, fat LTO, one codegen unit, abort on
# panic, debuginfo stripped but the features section kept for wasm-opt). Its own target dir keeps
# these profile settings from rebuilding the native release binaries.
say "building the Wasm engine (trunk build --release)"
CARGO_TARGET_DIR="$ROOT/target/wasm-dist" \
CARGO_PROFILE_RELEASE_OPT_LEVEL=z \
CARGO_PROFILE_RELEASE_LTO=true \
CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 \
CARGO_PROFILE_RELEASE_PANIC=abort \
CARGO_PROFILE_RELEASE_STRIP=debuginfo \
    trunk --quiet build --release >/dev/null
ENGINE="$ROOT/target/trunk-dist"
for f in bulletin-search-wasm.js bulletin-search-wasm_bg.wasm; do
    [[ -s "$ENGINE/$f" ]] || die "trunk did not produce $f"
done

# Assemble in a staging folder, then swap, so dist/ is never half-built.
STAGE="$ROOT/target/dist-stage"
rm -rf "$STAGE"
mkdir -p "$STAGE"
cp www/index.html www/embed.html www/site.css www/favicon.svg "$STAGE/"
cp "$ENGINE/bulletin-search-wasm_bg.wasm" "$STAGE/"
# The scripts are shipped minified (esbuild): static hosts seldom compress them either, and the
# engine's scripts are on the first query's path (widget.js with syntax.js 40.0 → 25.5 KB;
# engine.js with the glue bundled in, 8.4 KB). engine.js is bundled with the glue it imports (one
# script, one round trip, for the engine); widget.js with syntax.js, the one source of the syntax
# help, so that an embedding page loads one script until the engine is needed (its dynamic import
# of engine.js, a URL computed at run time, stays as it is). The readable sources are www/ and the
# glue trunk writes.
esbuild www/widget.js --bundle --format=esm --minify --log-level=warning --outfile="$STAGE/widget.js"
BUNDLE="$ROOT/target/engine-bundle"
rm -rf "$BUNDLE" && mkdir -p "$BUNDLE"
cp www/engine.js "$ENGINE/bulletin-search-wasm.js" "$BUNDLE/"
esbuild "$BUNDLE/engine.js" --bundle --format=esm --minify --log-level=warning --outfile="$STAGE/engine.js"
# Static hosts seldom compress .wasm; engine.js fetches this and unpacks it. zopfli writes a
# standard gzip member, 6% smaller than gzip -9's (no name, mtime 0: identical builds give
# identical bytes).
zopfli --gzip -c "$STAGE/bulletin-search-wasm_bg.wasm" >"$STAGE/bulletin-search-wasm_bg.wasm.gz"
mkdir -p "$STAGE/index"
cp -R index/. "$STAGE/index/"
target/release/bulletin pages --quiet --input bulletins --out "$STAGE/issues"

# The issue list of the search page: newest first, from the pages just written.
list="$(
    for page in "$STAGE"/issues/*.html; do
        n="$(basename "$page" .html)"
        date="$(grep -o -m1 'datetime="[0-9-]*"' "$page" | cut -d'"' -f2)"
        printf '%s\t%s\n' "$n" "$date"
    done | sort -rn | while IFS=$'\t' read -r n date; do
        printf '<li><a href="issues/%s.html">第 %s 期</a>（<time datetime="%s">%s</time>）</li>\n' "$n" "$n" "$date" "$date"
    done
)"
LIST="$list" python3 - "$STAGE/index.html" <<'PY'
import os, sys
path = sys.argv[1]
html = open(path, encoding="utf-8").read()
marker = "<!-- issue list: filled in by tools/dist.sh -->"
if marker not in html:
    sys.exit("dist: www/index.html lacks the issue list marker")
open(path, "w", encoding="utf-8").write(html.replace(marker, os.environ["LIST"].rstrip("\n")))
PY

rm -rf "$ROOT/dist"
mv "$STAGE" "$ROOT/dist"
say "dist/ ready: $(find dist -type f | wc -l) files, $(du -sk dist | cut -f1) KiB (serve: make serve)"
