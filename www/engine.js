// The engine loader: how a page gets a search engine for an index. The <bulletin-search> element
// uses it; a script of the host page can use it directly, with no widget:
//
//   const { loadEngine } = await import('https://search.example.org/engine.js');
//   const engine = await loadEngine('https://search.example.org/index/');
//   const response = await engine.search('微短剧', { limit: 10 }); // the hit type of `bulletin search --json`
//
// The Wasm module ships gzip-compressed beside the raw one (bulletin-search-wasm_bg.wasm.gz, packed
// with zopfli: 44% of its bytes): static hosts seldom compress .wasm, and the browser's own
// DecompressionStream unpacks it while it compiles. A browser without DecompressionStream gets the
// raw module (and the engine then reports that it cannot unpack the index files, which are stored
// gzipped too); a host that decodes the .gz itself (serving it with Content-Encoding: gzip) hands
// over the module's bytes.
// Nothing here is evaluated as code: the module is compiled by WebAssembly (CSP 'wasm-unsafe-eval').
//
// The wasm-bindgen glue is imported statically: tools/dist.sh ships this file bundled with it
// (esbuild), so a page fetches one script for the engine, not a script that then fetches another
// (one round trip less before the module can be instantiated).
import init, { Engine } from './bulletin-search-wasm.js';

const WASM_URL = new URL('./bulletin-search-wasm_bg.wasm', import.meta.url);
const WASM_GZ_URL = new URL('./bulletin-search-wasm_bg.wasm.gz', import.meta.url);
const GZIP_MAGIC = [0x1f, 0x8b];

// The module streams into the compiler as it downloads (through DecompressionStream when it
// arrives packed): only its first bytes are read ahead, to tell a packed module from one the host
// decoded already.
async function wasmSource() {
  if (typeof DecompressionStream !== 'function') return WASM_URL;
  const response = await fetch(WASM_GZ_URL);
  if (!response.ok) throw new Error(`${WASM_GZ_URL.pathname}: HTTP ${response.status}`);
  const reader = response.body.getReader();
  const chunks = [];
  let length = 0;
  let done = false;
  while (length < GZIP_MAGIC.length && !done) {
    const read = await reader.read();
    done = read.done;
    if (read.value) {
      chunks.push(read.value);
      length += read.value.length;
    }
  }
  const body = new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (done) controller.close();
    },
    async pull(controller) {
      const read = await reader.read();
      if (read.done) controller.close();
      else controller.enqueue(read.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const head = chunks.flatMap((chunk) => Array.from(chunk.subarray(0, GZIP_MAGIC.length)));
  const packed = GZIP_MAGIC.every((byte, i) => head[i] === byte);
  const module = packed ? body.pipeThrough(new DecompressionStream('gzip')) : body;
  return new Response(module, { headers: { 'Content-Type': 'application/wasm' } });
}

// The module loads once per page; a failure is forgotten so a later call retries.
let moduleReady = null;
function instantiate() {
  if (!moduleReady) {
    moduleReady = wasmSource().then((source) => init({ module_or_path: source }));
    moduleReady.catch(() => {
      moduleReady = null;
    });
  }
  return moduleReady;
}

// The manifest's URL by the engine's rule: a folder URL (ending in /) names its manifest.bin.
const manifestUrl = (indexUrl) => (indexUrl.endsWith('/') ? `${indexUrl}manifest.bin` : indexUrl);

// One engine per index URL, shared by every caller on the page; a failed load is forgotten too.
// The manifest is fetched while the module downloads and compiles (Engine.load takes the fetch
// under way as its first attempt, and retries it like any other).
const engines = new Map();
export function loadEngine(indexUrl) {
  const key = String(indexUrl);
  let promise = engines.get(key);
  if (!promise) {
    const manifest = fetch(manifestUrl(key), { cache: 'no-cache' });
    manifest.catch(() => {}); // reported by Engine.load, not as an unhandled rejection
    promise = instantiate().then(() => Engine.load(key, manifest));
    promise.catch(() => engines.delete(key));
    engines.set(key, promise);
  }
  return promise;
}
