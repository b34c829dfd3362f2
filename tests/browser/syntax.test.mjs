// The query syntax has one source, www/syntax.js: README.md's "Query syntax" table lists the same
// examples in the same rows and order, the demo page quotes only its examples, and the built
// widget's "?" panel shows its rows in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ROOT, DIST, withSite } from './helpers.mjs';

// Imported from its text: www/ has no package.json saying that its .js files are ES modules.
const SOURCE = readFileSync(path.join(ROOT, 'www/syntax.js'), 'utf8');
const { SYNTAX } = await import(`data:text/javascript,${encodeURIComponent(SOURCE)}`);

const CODE = /`([^`]+)`/g;
const codes = (text) => [...text.matchAll(CODE)].map((m) => m[1]);

/** README.md's `| syntax | meaning |` table: per row, the examples and the parenthesized other spellings. */
function readmeRows() {
  const lines = readFileSync(path.join(ROOT, 'README.md'), 'utf8').split('\n');
  const header = lines.findIndex((l) => /^\|\s*syntax\s*\|\s*meaning\s*\|\s*$/.test(l));
  assert.ok(header >= 0, 'README.md has a | syntax | meaning | table');
  const rows = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [syntax] = line.slice(1).split(/\s\|\s/);
    // `大模型 section:技术` (`栏目:`): the parenthesized codes are other spellings.
    const also = [...syntax.matchAll(/\(([^()]*`[^()]*)\)/g)].flatMap((m) => codes(m[1]));
    const examples = codes(syntax.replace(/\(([^()]*`[^()]*)\)/g, ''));
    rows.push(also.length ? { examples, also } : { examples });
  }
  return rows;
}

const sourceRows = () => SYNTAX.map(({ examples, also }) => (also ? { examples, also } : { examples }));

test('README.md’s query syntax table has the rows of www/syntax.js, in order', () => {
  const readme = readmeRows();
  assert.ok(readme.length >= 10, `only ${readme.length} rows read from README.md`);
  assert.deepEqual(readme, sourceRows());
});

test('every row of www/syntax.js says what it does in Chinese and in English', () => {
  for (const row of SYNTAX) {
    assert.ok(row.examples.length > 0);
    assert.ok(/\p{Script=Han}/u.test(row.zh), `${row.examples[0]}: zh ${row.zh}`);
    assert.ok(/^[A-Z]/.test(row.en) && !/\p{Script=Han}/u.test(row.en.replace(/\([^)]*\)/g, '')), `${row.examples[0]}: en ${row.en}`);
  }
});

test('the demo page quotes only examples of www/syntax.js', () => {
  const html = readFileSync(path.join(ROOT, 'www/index.html'), 'utf8');
  const entities = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#39;': "'" };
  const quoted = [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1].replace(/&\w+;|&#\d+;/g, (e) => entities[e] ?? e));
  assert.ok(quoted.length > 0, 'the demo page shows some syntax');
  const known = new Set(SYNTAX.flatMap((r) => [...r.examples, ...(r.also || [])]));
  assert.deepEqual(quoted.filter((q) => !known.has(q)), []);
});

test('the built widget’s syntax help shows the rows of www/syntax.js, in Chinese and in English', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    const panel = () =>
      page.evaluate(() => {
        const root = document.querySelector('bulletin-search').shadowRoot;
        return [...root.querySelectorAll('.help tbody tr')].map((tr) => {
          const [syntax, meaning] = tr.children;
          return { codes: [...syntax.querySelectorAll('code')].map((c) => c.textContent), meaning: meaning.textContent };
        });
      });
    const expected = (lang) => SYNTAX.map((r) => ({ codes: [...r.examples, ...(r.also || [])], meaning: r[lang] }));
    assert.deepEqual(await panel(), expected('zh'));
    await page.evaluate(() => document.querySelector('bulletin-search').setAttribute('lang', 'en'));
    assert.deepEqual(await panel(), expected('en'));
  });
});
