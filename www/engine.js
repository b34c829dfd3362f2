// The engine loader: how a page gets a search engine for an index. The <bulletin-search> element
// uses it; a script of the host page can use it directly, with no widget:
//
//   const { loadEngine } = await import('https://search.example.org/engine.js');
//   const engine = await loadEngine('https://search.example.org/index/');
//   const response = await engine.search('微短剧', { limit: 10 }); // the hit type of `bulletin search --json`
//   const completions = await engine.complete('腾讯 混', 5);        // [{query, word, count}]
//   engine.fetchedFiles();                                         // index files fetched so far
//
// This is where the engine's I/O lives. The Wasm module (wasm/src/lib.rs) only computes: a search
// step either answers or names the index files it needs first (key pages and term shards of the
// query's words, then the doc blocks of the hits it shows). This file fetches those files
// concurrently, relative to the manifest's URL, unpacks them, hands them over and asks again, at
// most maxRounds() times. Each file is fetched at most once per engine (concurrent queries share a
// fetch in flight; the module keeps what it verified). A fetch that fails on the network or with a
// server error is retried once, bypassing the HTTP cache; then the query is rejected with an error
// that names the file, and the next query fetches it afresh.
//
// The Wasm module ships gzip-compressed beside the raw one (bulletin-search-wasm_bg.wasm.gz, packed
// with zopfli: 44% of its bytes): static hosts seldom compress .wasm, and the browser's own
// DecompressionStream unpacks it while it compiles. Index files are stored gzipped too and are
// unpacked the same way. A browser without DecompressionStream gets the raw module (and the engine
// then reports that it cannot unpack the index files); a host that decodes the .gz itself (serving
// it with Content-Encoding: gzip) hands over the bytes already unpacked, which is told by their
// first bytes.
// Nothing here is evaluated as code: the module is compiled by WebAssembly (CSP 'wasm-unsafe-eval').
//
// The wasm-bindgen glue is imported statically: tools/dist.sh ships this file bundled with it
// (esbuild), so a page fetches one script for the engine, not a script that then fetches another
// (one round trip less before the module can be instantiated).
import init, { Engine, maxRounds } from './bulletin-search-wasm.js';

const WASM_URL = new URL('./bulletin-search-wasm_bg.wasm', import.meta.url);
const WASM_GZ_URL = new URL('./bulletin-search-wasm_bg.wasm.gz', import.meta.url);
const GZIP_MAGIC = [0x1f, 0x8b];
const MANIFEST = 'manifest.bin';

const packed = (head) => GZIP_MAGIC.every((byte, i) => head[i] === byte);

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
  const module = packed(head) ? body.pipeThrough(new DecompressionStream('gzip')) : body;
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

// ------------------------------------------------------------------ fetching index files

/** Why a fetch failed, and whether trying again could help. */
class FetchError extends Error {
  constructor(message, transient) {
    super(message);
    this.transient = transient;
  }
}

const describe = (e) => (e && e.message) || String(e) || 'network error';

/** The bytes of the response `fetching` resolves to, unpacked if they are packed. */
async function readResponse(fetching) {
  let response;
  try {
    response = await fetching;
  } catch (e) {
    throw new FetchError(describe(e), true);
  }
  if (!response.ok) {
    const status = response.status;
    // 4xx (but a timeout or rate limit) will not change on a second try.
    throw new FetchError(`HTTP ${status} ${response.statusText}`, status >= 500 || status === 408 || status === 429);
  }
  let bytes;
  try {
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (e) {
    throw new FetchError(`download interrupted: ${describe(e)}`, true);
  }
  return packed(bytes) ? unpack(bytes) : bytes;
}

/** Unpacks a gzip member with the browser's DecompressionStream. */
async function unpack(bytes) {
  if (typeof DecompressionStream !== 'function') {
    throw new FetchError('this browser cannot unpack index files (it has no DecompressionStream)', false);
  }
  try {
    // (A Response over the bytes, not a Blob's stream: with a Blob, the search part of a cold
    // query on the 10k benchmark index took 175 ms instead of 142, medians of 36 runs.)
    const stream = new Response(bytes).body.pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new FetchError(`damaged or truncated file, cannot unpack: ${describe(e)}`, true);
  }
}

/**
 * GETs an index file; on a network failure or a server error tries once more, bypassing the HTTP
 * cache (a dropped connection on a flaky network should not fail the query). The error names the
 * file.
 */
async function fetchFile(url, name, cache) {
  let error;
  try {
    return await readResponse(fetch(url, { cache }));
  } catch (e) {
    error = e;
  }
  if (error.transient) {
    try {
      return await readResponse(fetch(url, { cache: 'reload' }));
    } catch (e) {
      error = e;
    }
  }
  throw new Error(`${name}: cannot fetch index file ${url}: ${error.message}`);
}

// ------------------------------------------------------------------ the engine

/** The engine over one index: the Wasm module's steps, fed the files they name. */
class SearchEngine {
  #core;
  #base;
  /** Fetches in flight by file name, shared by concurrent queries; an entry leaves when it settles. */
  #fetches = new Map();
  /** Files supplied to the module, in order. */
  #loaded = [];

  constructor(core, base) {
    this.#core = core;
    this.#base = base;
  }

  /** Searches; resolves to `{query, total, hits, sections, issues, years, suggestions}`. */
  search(query, options) {
    return this.#run(() => this.#core.search(String(query), options));
  }

  /** Completions of the last word of `input`, most frequent first: `[{query, word, count}]`. */
  complete(input, limit) {
    return this.#run(() => this.#core.complete(String(input), limit));
  }

  /** Names of the index files fetched so far (manifest excluded), for diagnostics. */
  fetchedFiles() {
    return [...this.#loaded];
  }

  async #run(step) {
    const rounds = maxRounds();
    for (let round = 0; round <= rounds; round++) {
      const answer = step();
      if (!answer.need) return answer;
      await Promise.all(answer.need.map((file) => this.#supply(file)));
    }
    throw new Error('the index files do not satisfy the manifest; re-deploy the index');
  }

  #supply(file) {
    let supplied = this.#fetches.get(file);
    if (!supplied) {
      // Index files are immutable (content-named), so the HTTP cache may serve them.
      supplied = fetchFile(new URL(file, this.#base).href, file, 'default').then((bytes) => {
        this.#core.supply(file, bytes);
        if (!this.#loaded.includes(file)) this.#loaded.push(file);
      });
      const forget = () => this.#fetches.delete(file);
      supplied.then(forget, forget);
      this.#fetches.set(file, supplied);
    }
    return supplied;
  }
}

// One engine per index URL, shared by every caller on the page; a failed load is forgotten too.
// `indexUrl` is the index folder (ending in /, which names its manifest.bin) or its manifest file;
// relative URLs resolve against the page (or the worker). The manifest is fetched while the module
// downloads and compiles, and revalidated (it names the current build; other files are immutable).
const engines = new Map();
export function loadEngine(indexUrl) {
  const key = String(indexUrl);
  let promise = engines.get(key);
  if (!promise) {
    promise = open(key);
    promise.catch(() => engines.delete(key));
    engines.set(key, promise);
  }
  return promise;
}

async function open(indexUrl) {
  const manifestUrl = new URL(indexUrl.endsWith('/') ? indexUrl + MANIFEST : indexUrl, globalThis.location?.href);
  const manifest = fetchFile(manifestUrl.href, MANIFEST, 'no-cache');
  manifest.catch(() => {}); // reported below, not as an unhandled rejection
  await instantiate();
  return new SearchEngine(new Engine(await manifest), new URL('.', manifestUrl).href);
}
