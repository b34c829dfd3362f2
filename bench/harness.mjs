// Side-by-side browser measurement of our engine and Pagefind over the same generated corpus
// (issue 5). Run by tools/bench.sh, which generates the corpus, builds both indexes, assembles the
// served folder and starts tools/serve.py; this script drives headless Chromium and writes the
// report.
//
//   node bench/harness.mjs --base URL --site DIR --corpus DIR --build FILE --out FILE
//        [--runs 5] [--phone-runs 1] [--passes 3] [--queries Q1,Q2…] [--ours-mode glue|widget]
//        [--bulletin BIN --ours-index DIR] [--pagefind-bundle DIR]
//
// Figures (per engine; see bench/README.md for the definitions):
//   cold   a fresh browser profile per query and run: wire bytes (response bodies + headers of
//          every request the engine made, page and worker, until its first results were laid
//          out), the time from the page script's start to that moment, and the sequential
//          rounds of fetches; the time again under the phone profile (CPU 4× slower, 150 ms
//          round trips, 1.6 Mb/s down, 750 kb/s up), `--phone-runs` times;
//   warm   one page per engine, the query list typed character by character once to warm it,
//          then `--passes` more times, timing each keystroke from input to results laid out,
//          and the engine's part of it (its answer, before the page lays it out);
//   memory after the warm passes, JS heap + ArrayBuffer backing stores + WebAssembly memories of
//          the page and its workers (CDP, after a GC);
//   sets   the complete result set of every query against the generator's ground truth: ours
//          through `bulletin search --json` (the engine's code over files), Pagefind's through its
//          result ids in the page, mapped to items through its fragment files. The run-together
//          queries (kind `together`: words typed without spaces) are only checked this way, and
//          their figures are apart; they are not timed, so the other figures keep their queries.
import { chromium } from '../node_modules/playwright-core/index.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
// Files of the benchmark page itself: not part of either engine's cost.
const HARNESS_FILES = new Set(['/bench.html', '/bench.js', '/favicon.ico']);
const ENGINES = ['ours', 'pagefind'];
const COLD_TIMEOUT_MS = 180_000;

function parseArgs(argv) {
  const a = { runs: 5, phoneRuns: 1, passes: 3, queries: '', oursMode: 'glue' };
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, '').replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    a[key] = argv[++i];
  }
  for (const k of ['runs', 'phoneRuns', 'passes']) a[k] = Number(a[k]);
  for (const k of ['base', 'site', 'corpus', 'build', 'out']) if (!a[k]) throw new Error(`--${k} is required`);
  return a;
}

const median = (xs) => percentile(xs, 50);
function percentile(xs, p) {
  if (!xs.length) return null;
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const round = (x, d = 2) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);

async function launch(dir) {
  return chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

function freshProfile() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-bench-profile-'));
}

/** Bytes on the wire of the engine's requests: body (from disk: the server sends files as they
 * are) + response headers, plus what gzip would have made of each body. */
function requestLog(ctx, site) {
  const entries = [];
  ctx.on('requestfinished', (req) => {
    const url = new URL(req.url());
    if (HARNESS_FILES.has(url.pathname)) return;
    const at = performance.now();
    // When it was sent and when its response ended (ms since the epoch), for the rounds.
    const t = req.timing();
    const span = [t.startTime, t.startTime + Math.max(0, t.responseEnd)];
    entries.push(
      req.sizes().then((s) => {
        const file = path.join(site, decodeURIComponent(url.pathname));
        let body = s.responseBodySize;
        let gzip = body;
        try {
          const bytes = fs.readFileSync(file);
          body = bytes.length;
          gzip = Math.min(body, zlib.gzipSync(bytes, { level: 6 }).length);
        } catch { /* not a file: keep what the browser counted */ }
        return { path: url.pathname, body, headers: s.responseHeadersSize, gzip, at, span };
      }),
    );
  });
  return async (until) => (await Promise.all(entries)).filter((e) => until === undefined || e.at <= until);
}

/** Sequential rounds of fetches: the longest chain of requests each sent after the one before
 * it had its response (what a round trip time multiplies). */
function rounds(requests) {
  const sorted = [...requests].sort((a, b) => a.span[0] - b.span[0]);
  const depth = [];
  sorted.forEach((r, i) => {
    depth[i] = 1 + Math.max(0, ...sorted.slice(0, i).map((p, j) => (p.span[1] <= r.span[0] ? depth[j] : 0)));
  });
  return Math.max(0, ...depth);
}

// The phone profile: a mid-range phone as Chromium's DevTools emulate it.
const PHONE = { cpu: 4, latency: 150, down: 1.6e6 / 8, up: 750e3 / 8 };

async function coldRun(args, engine, query, phone = false) {
  const dir = freshProfile();
  const ctx = await launch(dir);
  try {
    const log = requestLog(ctx, args.site);
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    if (phone) {
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PHONE.cpu });
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: PHONE.latency, downloadThroughput: PHONE.down, uploadThroughput: PHONE.up,
      });
    }
    const url = `${args.base}/bench.html?engine=${engine}&ours=${args.oursMode}&q=${encodeURIComponent(query)}`;
    // The page says when it is done on its console: polling it (waitForFunction) would first
    // inject Playwright's utility script into the page, 8-14 ms of parsing on its main thread in
    // the middle of the timed load, for either engine (seen in Chromium traces of a cold run).
    const done = page.waitForEvent('console', { predicate: (m) => m.text() === 'bench:cold', timeout: COLD_TIMEOUT_MS });
    await page.goto(url);
    await done;
    const seen = performance.now();
    const cold = await page.evaluate(() => window.__cold);
    if (cold.error) throw new Error(`${engine} ${query}: ${cold.error}`);
    await new Promise((r) => setTimeout(r, 50)); // let finished-request events arrive
    const requests = await log(seen);
    return {
      ms: cold.ms,
      phases: cold.phases,
      total: cold.total,
      top: cold.ids,
      rounds: rounds(requests),
      bytes: requests.reduce((n, r) => n + r.body + r.headers, 0),
      gzip_bytes: requests.reduce((n, r) => n + r.gzip + r.headers, 0),
      files: requests.map((r) => `${r.path} ${r.body}`),
    };
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CDP for the page and (non-flattened) for each of its workers. */
async function cdpTargets(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  const workers = [];
  let nextId = 1;
  const pending = new Map();
  cdp.on('Target.attachedToTarget', (e) => workers.push(e.sessionId));
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const m = JSON.parse(e.message);
    const done = pending.get(m.id);
    if (done) {
      pending.delete(m.id);
      done(m);
    }
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const toWorker = (sessionId) => (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? reject(new Error(m.error.message)) : resolve(m.result)));
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  return () => [(method, params) => cdp.send(method, params), ...workers.map(toWorker)];
}

/** JS heap + ArrayBuffer backing stores + WebAssembly memories of one target, after a GC. */
async function targetMemory(send) {
  await send('HeapProfiler.collectGarbage');
  const heap = await send('Runtime.getHeapUsage');
  const proto = await send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
  const found = await send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId });
  const sum = await send('Runtime.callFunctionOn', {
    objectId: found.objects.objectId,
    functionDeclaration: 'function () { return this.reduce((n, m) => n + m.buffer.byteLength, 0); }',
    returnByValue: true,
  });
  return { js: heap.usedSize, buffers: heap.backingStorageSize ?? 0, wasm: sum.result.value };
}

async function warmRun(args, engine, queries, setOnly) {
  const dir = freshProfile();
  const ctx = await launch(dir);
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const targets = await cdpTargets(ctx, page);
    await page.goto(`${args.base}/bench.html?engine=${engine}&ours=${args.oursMode}`);
    await page.evaluate(() => window.bench.ready());
    const type = async () => {
      const out = [];
      for (const q of queries) {
        const chars = Array.from(q);
        for (let i = 1; i <= chars.length; i++) {
          const prefix = chars.slice(0, i).join('');
          const r = await page.evaluate((p) => window.bench.keystroke(p), prefix);
          out.push({ q: prefix, ms: r.ms, engineMs: r.engineMs });
        }
      }
      return out;
    };
    const firstPass = await type();
    const warm = [];
    for (let p = 0; p < args.passes; p++) warm.push(...(await type()));
    let memory = { js: 0, buffers: 0, wasm: 0 };
    for (const send of targets()) {
      const m = await targetMemory(send);
      memory = { js: memory.js + m.js, buffers: memory.buffers + m.buffers, wasm: memory.wasm + m.wasm };
    }
    const allIds = {};
    for (const q of [...queries, ...setOnly]) allIds[q] = await page.evaluate((x) => window.bench.allIds(x), q);
    return { firstPass, warm, memory, allIds };
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Ours: the full result set through the CLI, the engine's own code over the same files. */
function oursSets(args, queries) {
  const sets = {};
  for (const q of queries) {
    const out = execFileSync(args.bulletin, ['search', '--index', args.oursIndex, '--json', '--limit', '1000000', '--', q], {
      maxBuffer: 1 << 30,
    });
    sets[q] = JSON.parse(out).map((h) => h.id);
  }
  return sets;
}

/** Pagefind: page hash -> item id, read from its (gzipped JSON) fragment files. */
function pagefindIdMap(bundle) {
  const map = new Map();
  const dir = path.join(bundle, 'fragment');
  for (const f of fs.readdirSync(dir)) {
    const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8').replace(/^pagefind_dcd/, '');
    const url = JSON.parse(text).url ?? '';
    map.set(f.replace(/\.pf_fragment$/, ''), url.replace(/^.*\/items\//, '').replace(/\.html$/, ''));
  }
  return map;
}

/** What a fetched file is, for the breakdown of first-results bytes. */
function kindOf(file) {
  const name = file.split(' ')[0].split('/').pop();
  if (/^t-/.test(name)) return 'term shards';
  if (/^d-/.test(name)) return 'doc blocks';
  if (/^k-/.test(name)) return 'key pages';
  if (/^manifest|^m-/.test(name) || /pagefind-entry\.json|\.pf_meta$/.test(name)) return 'manifest/meta';
  if (/\.pf_index$/.test(name)) return 'index chunks';
  if (/\.pf_fragment$/.test(name)) return 'fragments';
  return 'engine (js+wasm)';
}

function breakdown(files) {
  const out = {};
  for (const f of files) {
    const k = kindOf(f);
    out[k] ??= { files: 0, bytes: 0 };
    out[k].files += 1;
    out[k].bytes += Number(f.split(' ')[1]);
  }
  return out;
}

/** Median of each phase mark over all cold runs (engine ready, manifest opened). */
function medianPhases(list) {
  const keys = [...new Set(list.flatMap((p) => Object.keys(p)))];
  return Object.fromEntries(keys.map((k) => [k, round(median(list.map((p) => p[k]).filter(Number.isFinite)))]));
}

/** Median ms of each typed prefix over the measured passes, in typing order. */
function byPrefix(keystrokes) {
  const by = new Map();
  for (const k of keystrokes) by.set(k.q, [...(by.get(k.q) ?? []), k.ms]);
  return Object.fromEntries([...by].map(([q, ms]) => [q, round(median(ms), 3)]));
}

/** Per kind, the median over queries of files and bytes (0 where a query fetched none). */
function medianBreakdown(list) {
  const kinds = [...new Set(list.flatMap((b) => Object.keys(b)))];
  return Object.fromEntries(
    kinds.map((k) => [k, { files: median(list.map((b) => b[k]?.files ?? 0)), bytes: median(list.map((b) => b[k]?.bytes ?? 0)) }]),
  );
}

function quality(found, truth) {
  const t = new Set(truth);
  const f = new Set(found);
  const hit = [...f].filter((x) => t.has(x)).length;
  return { precision: f.size ? hit / f.size : 1, recall: t.size ? hit / t.size : 1, found: f.size, truth: t.size };
}

// ---------------------------------------------------------------- report
const BUDGETS = {
  // items -> figure -> limits: min, max, ratio (ours/pagefind at most).
  10000: {
    index_files: { ratio: 0.25 },
    index_bytes: { ratio: 0.6 },
    first_results_bytes: { ratio: 0.33 },
    first_results_ms: { ratio: 0.5 },
    phone_first_results_ms: { ratio: 0.5 },
    engine_p50_ms: { max: 0.5 },
    engine_p99_ms: { max: 3 },
    build_rss_bytes: { ratio: 0.5 },
    build_s: { ratio: 0.4 },
    set_precision: { min: 1 },
    set_recall: { min: 1 },
    set_precision_together: { min: 0.99 },
    set_recall_together: { min: 0.99 },
  },
  100000: {
    index_files: { max: 20000 },
    index_bytes: { ratio: 0.6 },
    first_results_bytes: { ratio: 0.25 },
    first_results_ms: { ratio: 0.5 },
    phone_first_results_ms: { ratio: 0.5 },
    engine_p50_ms: { max: 2 },
    engine_p99_ms: { max: 10 },
    build_rss_bytes: { max: 1.5 * (1 << 30), ratio: 0.5 },
    build_s: { ratio: 0.4 },
    set_precision: { min: 1 },
    set_recall: { min: 1 },
  },
};

function fmt(key, v) {
  if (v === null || v === undefined) return '-';
  if (key.endsWith('_bytes')) {
    if (v >= 1 << 30) return `${(v / (1 << 30)).toFixed(2)} GB`;
    return v >= 1 << 20 ? `${(v / (1 << 20)).toFixed(1)} MB` : `${(v / 1024).toFixed(1)} KB`;
  }
  if (key.endsWith('_ms')) return `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  if (key.endsWith('_s')) return `${v.toFixed(1)} s`;
  if (key.startsWith('set_')) return v.toFixed(3);
  return String(v);
}

function budgetText(key, b) {
  if (!b) return '';
  const parts = [];
  if (b.min !== undefined) parts.push(`>= ${fmt(key, b.min)}`);
  if (b.max !== undefined) parts.push(`<= ${fmt(key, b.max)}`);
  if (b.ratio !== undefined) parts.push(`<= ${b.ratio}x pf`);
  return parts.join(', ');
}

function table(report) {
  const keys = [
    'first_results_bytes', 'first_results_ms', 'phone_first_results_ms', 'first_results_rounds', 'keystroke_p50_ms',
    'keystroke_p99_ms', 'engine_p50_ms', 'engine_p99_ms', 'build_s', 'build_rss_bytes', 'index_bytes', 'index_files',
    'memory_bytes', 'set_precision', 'set_recall', 'set_precision_together', 'set_recall_together',
  ];
  const budgets = BUDGETS[report.items] ?? {};
  const rows = [['figure', 'ours', 'pagefind', 'ours/pf', `budget @${report.items}`, 'verdict']];
  const verdicts = {};
  for (const k of keys) {
    const o = report.ours[k];
    const p = report.pagefind[k];
    const ratio = o !== null && p ? o / p : null;
    const b = budgets[k];
    let verdict = '';
    if (b) {
      const ok = o !== null && (b.min === undefined || o >= b.min) && (b.max === undefined || o <= b.max) &&
        (b.ratio === undefined || (ratio !== null && ratio <= b.ratio));
      verdict = ok ? 'holds' : 'MISSES';
      verdicts[k] = verdict;
    }
    rows.push([k, fmt(k, o), fmt(k, p), ratio === null ? '-' : ratio.toFixed(2), budgetText(k, b), verdict]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  const lines = rows.map((r) => r.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return { text: lines.join('\n'), verdicts };
}

// ---------------------------------------------------------------- main
async function main() {
  const args = parseArgs(process.argv.slice(2));
  const truth = JSON.parse(fs.readFileSync(path.join(args.corpus, 'truth.json'), 'utf8'));
  const build = JSON.parse(fs.readFileSync(args.build, 'utf8'));
  // Timed queries (a subset with --queries) and run-together ones (always all, sets only).
  let queries = truth.queries.filter((q) => q.kind !== 'together');
  const together = truth.queries.filter((q) => q.kind === 'together');
  if (args.queries) {
    const wanted = args.queries.split(',');
    queries = queries.filter((q) => wanted.includes(q.q));
    if (queries.length !== wanted.length) throw new Error(`--queries: not all of ${wanted} are timed queries of truth.json`);
  }
  const qs = queries.map((q) => q.q);
  const tqs = together.map((q) => q.q);
  const log = (...m) => console.error('bench:', ...m);

  const cold = { ours: {}, pagefind: {} };
  for (let run = 0; run < args.runs; run++) {
    for (const q of qs) {
      for (const engine of ENGINES) {
        const r = await coldRun(args, engine, q);
        (cold[engine][q] ??= []).push(r);
      }
    }
    log(`cold run ${run + 1}/${args.runs} done`);
  }
  const phone = { ours: {}, pagefind: {} };
  for (let run = 0; run < args.phoneRuns; run++) {
    for (const q of qs) {
      for (const engine of ENGINES) {
        const r = await coldRun(args, engine, q, true);
        (phone[engine][q] ??= []).push(r);
      }
    }
    log(`phone run ${run + 1}/${args.phoneRuns} done`);
  }

  const warm = {};
  for (const engine of ENGINES) {
    warm[engine] = await warmRun(args, engine, qs, tqs);
    log(`warm ${engine} done`);
  }

  const sets = { ours: oursSets(args, [...qs, ...tqs]), pagefind: {} };
  const idMap = pagefindIdMap(args.pagefindBundle);
  for (const q of [...qs, ...tqs]) sets.pagefind[q] = (warm.pagefind.allIds[q] ?? []).map((h) => idMap.get(h) ?? `?${h}`);

  const perQuery = queries.map(({ q, kind, ids }) => {
    const row = { q, kind, truth: ids.length };
    for (const engine of ENGINES) {
      const runs = cold[engine][q];
      row[engine] = {
        bytes: runs[0].bytes,
        gzip_bytes: runs[0].gzip_bytes,
        ms: round(median(runs.map((r) => r.ms))),
        total_in_browser: runs[0].total,
        top: runs[0].top,
        files: runs[0].files,
        by_kind: breakdown(runs[0].files),
        ...quality(sets[engine][q], ids),
      };
    }
    return row;
  });
  // Run-together queries: the sets, and which items differ (at most 20 each way).
  const togetherRows = together.map(({ q, words, ids }) => {
    const row = { q, words, truth: ids.length };
    const t = new Set(ids);
    for (const engine of ENGINES) {
      const f = new Set(sets[engine][q]);
      row[engine] = {
        ...quality(sets[engine][q], ids),
        missing: ids.filter((x) => !f.has(x)).slice(0, 20),
        extra: [...f].filter((x) => !t.has(x)).slice(0, 20),
      };
    }
    return row;
  });

  const side = (engine) => {
    const w = warm[engine];
    const ks = w.warm.map((k) => k.ms);
    const es = w.warm.map((k) => k.engineMs);
    return {
      first_results_bytes: median(perQuery.map((r) => r[engine].bytes)),
      first_results_ms: round(median(qs.flatMap((q) => cold[engine][q].map((r) => r.ms)))),
      phone_first_results_ms: round(median(qs.flatMap((q) => (phone[engine][q] ?? []).map((r) => r.ms)))),
      first_results_rounds: median(qs.map((q) => cold[engine][q][0].rounds)),
      keystroke_p50_ms: round(percentile(ks, 50), 3),
      keystroke_p99_ms: round(percentile(ks, 99), 3),
      engine_p50_ms: round(percentile(es, 50), 3),
      engine_p99_ms: round(percentile(es, 99), 3),
      build_s: round(build[engine].build_s),
      build_rss_bytes: build[engine].build_rss_bytes,
      index_bytes: build[engine].index_bytes,
      index_files: build[engine].index_files,
      memory_bytes: w.memory.js + w.memory.buffers + w.memory.wasm,
      set_precision: round(mean(perQuery.map((r) => r[engine].precision)), 4),
      set_recall: round(mean(perQuery.map((r) => r[engine].recall)), 4),
      set_precision_together: round(mean(togetherRows.map((r) => r[engine].precision)), 4),
      set_recall_together: round(mean(togetherRows.map((r) => r[engine].recall)), 4),
    };
  };
  const report = { items: truth.items, ours: side('ours'), pagefind: side('pagefind') };
  const slowest = (engine) =>
    [...warm[engine].warm].sort((a, b) => b.ms - a.ms).slice(0, 5).map((k) => ({ q: k.q, ms: round(k.ms, 3) }));
  const details = {
    ours_mode: args.oursMode,
    runs: args.runs,
    passes: args.passes,
    queries: perQuery,
    together: togetherRows,
    mismatched_totals: perQuery
      .filter((r) => r.ours.total_in_browser !== r.ours.found)
      .map((r) => ({ q: r.q, browser: r.ours.total_in_browser, cli: r.ours.found })),
  };
  for (const engine of ENGINES) {
    details[engine] = {
      first_results_gzip_bytes: median(perQuery.map((r) => r[engine].gzip_bytes)),
      first_results_bytes_max: Math.max(...perQuery.map((r) => r[engine].bytes)),
      first_results_ms_max: Math.max(...perQuery.map((r) => r[engine].ms)),
      keystroke_first_pass_p50_ms: round(percentile(warm[engine].firstPass.map((k) => k.ms), 50), 3),
      keystroke_first_pass_p99_ms: round(percentile(warm[engine].firstPass.map((k) => k.ms), 99), 3),
      keystroke_slowest: slowest(engine),
      keystroke_median_by_prefix: byPrefix(warm[engine].warm),
      keystrokes: warm[engine].warm.length,
      first_results_by_kind: medianBreakdown(perQuery.map((r) => r[engine].by_kind)),
      cold_phases_ms: medianPhases(qs.flatMap((q) => cold[engine][q].map((r) => r.phases ?? {}))),
      memory: warm[engine].memory,
      ...build[engine],
    };
  }
  const { text, verdicts } = table(report);
  report.details = { ...details, verdicts };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(report, null, 1) + '\n');

  console.log(`\n${truth.items} items, ${qs.length} queries (+ ${tqs.length} run-together, sets only), ${args.runs} cold runs, ${args.passes} warm passes (ours: ${args.oursMode})\n`);
  console.log(text);
  console.log('\nper query: truth | ours bytes, cold ms, found, P, R | pagefind bytes, cold ms, found, P, R');
  for (const r of perQuery) {
    const cell = (e) =>
      `${(r[e].bytes / 1024).toFixed(0).padStart(5)} KB ${String(Math.round(r[e].ms)).padStart(5)} ms ${String(r[e].found).padStart(6)} ${r[e].precision.toFixed(2)} ${r[e].recall.toFixed(2)}`;
    const width = [...r.q].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    console.log(`${r.q}${' '.repeat(Math.max(0, 16 - width))} ${String(r.truth).padStart(6)} | ${cell('ours')} | ${cell('pagefind')}`);
  }
  console.log('\nrun-together queries (sets only): truth | ours found, P, R | pagefind found, P, R | words');
  for (const r of togetherRows) {
    const cell = (e) => `${String(r[e].found).padStart(6)} ${r[e].precision.toFixed(2)} ${r[e].recall.toFixed(2)}`;
    const width = [...r.q].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
    console.log(`${r.q}${' '.repeat(Math.max(0, 20 - width))} ${String(r.truth).padStart(6)} | ${cell('ours')} | ${cell('pagefind')} | ${r.words.join(' ')}`);
  }
  console.log('\nfirst-results bytes by kind (median over queries):');
  for (const engine of ENGINES) {
    const parts = Object.entries(details[engine].first_results_by_kind)
      .map(([k, v]) => `${k} ${v.files} files ${(v.bytes / 1024).toFixed(1)} KB`)
      .join(', ');
    console.log(`  ${engine}: ${parts}; if gzipped by the server: ${(details[engine].first_results_gzip_bytes / 1024).toFixed(1)} KB in all`);
  }
  const ph = details.ours.cold_phases_ms;
  if (ph.manifest_ms !== undefined) {
    console.log(`ours cold time, median: engine compiled and manifest opened at ${ph.manifest_ms} ms, results at ${report.ours.first_results_ms} ms`);
  }
  if (details.mismatched_totals.length) {
    console.log(`\nWARNING: browser and CLI totals differ: ${JSON.stringify(details.mismatched_totals)}`);
  }
  console.log(`\nwrote ${args.out}`);
  // The instruments must keep working: every figure of both sides is a number.
  const missing = ENGINES.flatMap((e) => Object.entries(report[e]).filter(([, v]) => !Number.isFinite(v)).map(([k]) => `${e}.${k}`));
  if (missing.length) throw new Error(`figures missing from the report: ${missing.join(', ')}`);
}

main().catch((e) => {
  console.error(`bench: ${e.stack || e}`);
  process.exit(1);
});
