// Splits the warm keystroke figure of `make bench` into its parts, in the page: the engine's
// `search` alone, and the benchmark page's rendering of 10 hits (DOM nodes + forced layout), over
// a served benchmark folder (tools/bench.sh leaves one in target/bench/run-N/site; serve it with
// `python3 tools/serve.py --dir target/bench/run-10000/site --port 8093`).
//
//   node bench/split.mjs http://127.0.0.1:8093 微短剧,网络视听,...
//
// Prints p50 / p99 in ms of: search, render, both as the harness times a keystroke.
import { chromium } from '../node_modules/playwright-core/index.mjs';

const [base, list] = process.argv.slice(2);
if (!base || !list) {
  console.error('usage: node bench/split.mjs BASE_URL QUERY,QUERY,...');
  process.exit(2);
}
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(`${base}/bench.html?engine=ours`);
  await page.evaluate(() => window.bench.ready());
  const out = await page.evaluate(async (queries) => {
    const { loadEngine } = await import('./ours/engine.js');
    const engine = await loadEngine(new URL('./ours/index/', location.href).href);
    const prefixes = queries.flatMap((q) => Array.from(q).map((_, i, c) => c.slice(0, i + 1).join('')));
    for (const p of prefixes) await window.bench.keystroke(p); // fetches every file once
    const times = { search: [], render: [], keystroke: [] };
    for (let pass = 0; pass < 3; pass++) {
      for (const p of prefixes) {
        let t = performance.now();
        const r = await engine.search(p, { limit: 10 });
        times.search.push(performance.now() - t);
        t = performance.now();
        window.bench.render(r.hits);
        times.render.push(performance.now() - t);
        t = performance.now();
        await window.bench.keystroke(p);
        times.keystroke.push(performance.now() - t);
      }
    }
    const at = (v, f) => v[Math.round((v.length - 1) * f)].toFixed(2);
    return Object.fromEntries(
      Object.entries(times).map(([k, v]) => {
        v.sort((a, b) => a - b);
        return [k, `p50 ${at(v, 0.5)} ms, p99 ${at(v, 0.99)} ms`];
      }),
    );
  }, list.split(','));
  for (const [k, v] of Object.entries(out)) console.log(`${k.padEnd(10)} ${v}`);
} finally {
  await browser.close();
}
