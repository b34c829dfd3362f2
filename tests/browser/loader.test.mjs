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
