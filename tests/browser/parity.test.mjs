// The browser engine and the CLI are the same code: for every exact/rank/prefix case of the
// shared seed file, the widget's engine returns the items of `bulletin search --json` in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ROOT, DIST, withSite, cliSearch } from './helpers.mjs';

const SEED = process.env.SEED_TSV || path.join(ROOT, 'tests/data/seed-0431.tsv');

function seedCases() {
  return readFileSync(SEED, 'utf8')
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .filter(([, kind]) => ['exact', 'rank', 'prefix'].includes(kind))
    .map(([query, kind, titles]) => ({ query, kind, titles: titles.split('|') }));
}

test('the browser returns the CLI’s items in the CLI’s order for every seed case', async () => {
  const cases = seedCases();
  assert.ok(cases.length >= 20, `only ${cases.length} seed cases in ${SEED}`);
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    const queries = cases.map((c) => c.query);
    const browser = await page.evaluate(async (qs) => {
      const el = document.querySelector('bulletin-search');
      const out = {};
      for (const q of qs) out[q] = await el.search(q, { limit: 50 });
      return out;
    }, queries);
    const mismatches = [];
    for (const { query, kind, titles } of cases) {
      const cli = cliSearch(query).map((h) => `${h.id} ${h.title}`);
      const got = browser[query].hits.map((h) => `${h.id} ${h.title}`);
      if (JSON.stringify(cli) !== JSON.stringify(got)) mismatches.push({ query, cli, browser: got });
      // The hit type is the CLI's: same fields, same highlights.
      const [c0] = cliSearch(query);
      const [b0] = browser[query].hits;
      if (c0) {
        assert.deepEqual(Object.keys(b0).sort(), Object.keys(c0).sort(), `${query}: hit fields`);
        assert.deepEqual(
          { ...b0, score: Math.round(b0.score * 1000) },
          { ...c0, score: Math.round(c0.score * 1000) },
          `${query}: first hit`,
        );
      }
      // And the seed's own expectations hold in the browser.
      if (kind === 'exact') assert.deepEqual(got.map((s) => s.replace(/^\S+ /, '')).sort(), [...titles].sort(), `${query}: exact set`);
      else assert.ok(titles.every((t) => got.some((s) => s.endsWith(` ${t}`))), `${query}: ${kind} recall`);
      if (kind === 'rank') assert.ok(got[0].endsWith(` ${titles[0]}`), `${query}: first`);
    }
    assert.deepEqual(mismatches, []);
  });
});
