// The engine loader (www/engine.js): the gzipped Wasm module is what a browser fetches; a host that
// decodes the .gz itself gives the same results; a browser without DecompressionStream gets the
// raw module, and a message that it cannot unpack the index files (stored gzipped as well).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { DIST, withSite, typeQuery, shownTitles, typeUntilError } from './helpers.mjs';

const GZ = '/bulletin-search-wasm_bg.wasm.gz';
const RAW = '/bulletin-search-wasm_bg.wasm';

/** Types 文小言 into the demo; returns the engine files requested and the first title shown. */
async function firstResult(page, origin) {
  const seen = [];
  page.on('request', (r) => seen.push(new URL(r.url()).pathname));
  await page.goto(`${origin}/index.html`);
  const detail = await typeQuery(page, '文小言');
  assert.ok(detail.total > 0);
  return { seen, first: (await shownTitles(page))[0] };
}

test('the browser fetches the gzipped module, not the raw one', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    const { seen, first } = await firstResult(page, origin);
    assert.ok(seen.includes(GZ), `${GZ} not requested: ${seen}`);
    assert.ok(!seen.includes(RAW), 'the raw module was requested too');
    assert.match(first, /文小言/);
  });
});

test('a host that decodes the .gz itself (Content-Encoding: gzip) still works', async () => {
  const raw = readFileSync(path.join(DIST, RAW.slice(1)));
  await withSite(DIST, {}, async ({ page, origin }) => {
    // What the page sees when the server sends the .gz with Content-Encoding: gzip: the module.
    await page.route(`**${GZ}`, (route) => route.fulfill({ status: 200, contentType: 'application/wasm', body: raw }));
    const { first } = await firstResult(page, origin);
    assert.match(first, /文小言/);
  });
});

test('a browser without DecompressionStream loads the raw module and says it cannot unpack the index', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.addInitScript(() => {
      delete window.DecompressionStream;
    });
    const seen = [];
    page.on('request', (r) => seen.push(new URL(r.url()).pathname));
    await page.goto(`${origin}/index.html`);
    const status = await typeUntilError(page, '文小言');
    assert.ok(seen.includes(RAW) && !seen.includes(GZ), `engine files requested: ${seen}`);
    // The index files are stored gzipped too, the manifest first: the message names the file
    // and the reason.
    assert.match(await status.textContent(), /manifest\.bin: .*no DecompressionStream/);
  });
});

// A host page's own script using the loader (no widget): the files it requests, by path.
async function withLoader(fn) {
  await withSite(DIST, {}, async ({ page, origin }) => {
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(`${origin}/embed.html`);
    await fn({ page, origin, requested });
  });
}

test('concurrent queries share each fetch; a repeated query fetches nothing; completion works', async () => {
  await withLoader(async ({ page, requested }) => {
    const out = await page.evaluate(async () => {
      const { loadEngine } = await import('/engine.js');
      const [a, b] = await Promise.all([loadEngine('/index/'), loadEngine('/index/')]);
      // First, so what it fetches is its own (later, the searches' shards may hold its words).
      const completions = await a.complete('曹淑', 5);
      const byCompletion = a.fetchedFiles().length;
      const [r1, r2] = await Promise.all([a.search('微短剧', { limit: 3 }), b.search('微短剧', { limit: 3 })]);
      const fetched = a.fetchedFiles();
      const r3 = await a.search('微短剧', { limit: 3 });
      return { same: a === b, r1, r2, r3, fetched, byCompletion, completions };
    });
    assert.ok(out.same, 'one engine per index URL');
    assert.equal(out.r1.total, 5);
    assert.deepEqual(out.r2, out.r1);
    assert.deepEqual(out.r3, out.r1);
    const index = requested.filter((p) => p.startsWith('/index/') && !p.endsWith('/manifest.bin'));
    assert.ok(index.length > 0);
    assert.equal(new Set(index).size, index.length, `an index file requested twice: ${index}`);
    for (const f of out.fetched) assert.ok(index.includes(`/index/${f}`), `${f} listed as fetched, not requested`);
    assert.equal(requested.filter((p) => p === '/index/manifest.bin').length, 1);
    assert.equal(out.completions[0].word, '曹淑敏');
    assert.ok(out.byCompletion > 0, 'the completion fetched its own files');
  });
});

test('the index can be named by its manifest URL (with a query string) or relative to the page', async () => {
  await withLoader(async ({ page }) => {
    const totals = await page.evaluate(async () => {
      const { loadEngine } = await import('/engine.js');
      const byManifest = await loadEngine(`${location.origin}/index/manifest.bin?v=431`);
      const relative = await loadEngine('index/');
      return [(await byManifest.search('文小言')).total, (await relative.search('文小言')).total];
    });
    assert.ok(totals[0] > 0);
    assert.deepEqual(totals, [totals[0], totals[0]]);
  });
});

test('a module worker can load and search with engine.js (no window)', async () => {
  await withLoader(async ({ page, origin }) => {
    // The worker script is the page's own (served by a route): it imports the loader like a host's.
    await page.route(`${origin}/search-worker.js`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: `import { loadEngine } from './engine.js';
self.onmessage = async (e) => {
  try {
    const engine = await loadEngine(new URL('./index/', self.location.href).href);
    const r = await engine.search(e.data);
    self.postMessage({ total: r.total, first: r.hits[0].title });
  } catch (err) { self.postMessage({ error: String(err) }); }
};`,
      }),
    );
    const answer = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const worker = new Worker('/search-worker.js', { type: 'module' });
          worker.onmessage = (e) => resolve(e.data);
          worker.onerror = (e) => resolve({ error: e.message || 'worker error' });
          worker.postMessage('科特迪瓦');
        }),
    );
    assert.equal(answer.error, undefined, answer.error);
    assert.equal(answer.first, '曹淑敏会见科特迪瓦通讯部长并签署双边合作协议');
  });
});

test('a missing index or a file that is not one is an error naming the manifest', async () => {
  await withLoader(async ({ page }) => {
    const errors = await page.evaluate(async () => {
      const { loadEngine } = await import('/engine.js');
      const fails = (url) => loadEngine(url).then(() => 'loaded', (e) => String(e.message));
      return [await fails('/no-such-index/'), await fails('/site.css')];
    });
    assert.match(errors[0], /^manifest\.bin: cannot fetch index file http:\/\/\S+\/no-such-index\/manifest\.bin: HTTP 404/);
    assert.match(errors[1], /manifest\.bin.*bad magic/);
  });
});
