// The cases that must hold in every browser engine, written once against the driver interface of
// drivers.mjs and run in Chromium, Firefox and WebKit: lazy loading, the CLI's results, the
// keyboard, a cross-origin embed, a strict CSP, a damaged index file, what the status line and the
// live region say, a search box without the browser's own icons, and queries as people type them
// (words run together, partial matches). BROWSERS (comma-separated, default all three) picks the
// browsers; tools/browser-tests.sh runs each as its own stage.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ROOT, DIST, OUT, serve, copyOfDist, cliSearch, decodePng, differingPixels } from './helpers.mjs';
import { launchBrowser } from './drivers.mjs';

const BROWSERS = (process.env.BROWSERS || 'chromium,firefox,webkit').split(',').filter(Boolean);
const HOST = 'bulletin-search';
const BOX = 'input[role="combobox"]';
const ENGINE_FILE = /\/(engine\.js|bulletin-search-wasm_bg\.wasm(\.gz)?|index\/[\w.-]+\.bin)$/;
// The first case of each kind of tests/data/seed-0431-natural.tsv: {query, titles}.
const NATURAL = Object.fromEntries(
  readFileSync(path.join(ROOT, 'tests/data/seed-0431-natural.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .reverse()
    .map(([query, kind, titles = '']) => [kind, { query, titles: titles.split('|').filter(Boolean) }]),
);

// ---------------------------------------------------------------- in the page
// These functions run inside the page (drivers serialize them): no closures over test code.

/** Records the widget's answers (results events, error messages shown) and the page's errors. */
function record(host) {
  const el = document.querySelector(host);
  const status = el.shadowRoot.querySelector('.status');
  window.__answers = [];
  window.__pageErrors = [];
  window.addEventListener('error', (e) => window.__pageErrors.push(String(e.message)));
  window.addEventListener('unhandledrejection', (e) => window.__pageErrors.push(String(e.reason)));
  el.addEventListener('results', (e) =>
    window.__answers.push({ query: e.detail.query, total: e.detail.total, hits: e.detail.hits, partial: e.detail.partial }),
  );
  new MutationObserver(() => {
    if (status.classList.contains('error') && !status.hidden) window.__answers.push({ error: status.textContent });
  }).observe(status, { childList: true });
}

/** Empties the widget's box (as a visitor's select-all and delete would); the answers so far. */
function emptyBox(host) {
  const input = document.querySelector(host).shadowRoot.querySelector('input');
  input.value = '';
  input.dispatchEvent(new Event('input', { bubbles: true }));
  return window.__answers.length;
}

/** The latest answer after the first `n` that is for `query` or is an error, or null. */
function answerFor([n, query]) {
  return window.__answers.slice(n).reverse().find((a) => a.error || a.query === query) || null;
}

/** What the widget shows, read from its shadow root. */
function shown(host) {
  const root = document.querySelector(host).shadowRoot;
  const input = root.querySelector('input');
  const status = root.querySelector('.status');
  const options = [...root.querySelectorAll('[role="option"]')];
  return {
    value: input.value,
    expanded: input.getAttribute('aria-expanded'),
    active: input.getAttribute('aria-activedescendant'),
    options: options.map((o) => ({ id: o.id, selected: o.getAttribute('aria-selected'), href: o.dataset.href })),
    titles: options.map((o) => o.querySelector('.title').textContent),
    marks: options.length ? [...options[0].querySelectorAll('.title mark')].map((m) => m.textContent) : [],
    status: status.hidden ? null : status.textContent,
    statusRole: status.getAttribute('role'),
    live: root.querySelector('[role="status"]').textContent,
    suggestions: [...root.querySelectorAll('.suggestion')].map((b) => b.textContent),
  };
}

/** The partial matches the widget shows: its group's label, and each option's title and struck-through words. */
function partialShown(host) {
  const root = document.querySelector(host).shadowRoot;
  const group = root.querySelector('[role="listbox"] [role="group"]');
  return {
    label: group && root.getElementById(group.getAttribute('aria-labelledby'))?.textContent,
    options: [...root.querySelectorAll('[role="group"] [role="option"]')].map((o) => ({
      title: o.querySelector('.title').textContent,
      struck: [...o.querySelectorAll('.missing s')].map((s) => s.textContent),
    })),
  };
}

/** URLs of the resources the page has requested so far (Resource Timing). */
function requested() {
  return performance.getEntriesByType('resource').map((e) => e.name);
}

// ---------------------------------------------------------------- from the test

/** Polls `fn(arg)` in the page until it returns a truthy value; returns it. */
async function waitFor(page, fn, arg, { timeout = 15000, what = fn.name } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await page.evaluate(fn, arg);
      if (value) return value;
    } catch (e) {
      last = e; // a navigation in progress: try again
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Opens `url` and starts recording the widget's answers. */
async function open(page, url) {
  await page.goto(url);
  await waitFor(page, (h) => customElements.get(h) !== undefined && !!document.querySelector(h)?.shadowRoot, HOST, { what: 'the widget' });
  await page.evaluate(record, HOST);
}

/** Types `query` into the empty box by key presses; the widget's answer (results or an error). */
async function typeAnswer(page, query) {
  const n = await page.evaluate(emptyBox, HOST);
  await page.click(HOST, BOX);
  await page.type(query);
  return waitFor(page, answerFor, [n, query], { what: `the answer to ${query}` });
}

/** Types `query` and expects results; returns the results event's detail. */
async function typeQuery(page, query) {
  const answer = await typeAnswer(page, query);
  if (answer.error) throw new Error(`the widget shows an error for ${query}: ${answer.error}`);
  return answer;
}

/** The hits with scores rounded (the page hands them over as JSON). */
const rounded = (hits) => hits.map((h) => ({ ...h, score: Math.round(h.score * 1000) }));

/** A copy of dist/ with one byte flipped near the end of every term shard. */
function siteWithDamagedShards() {
  const site = copyOfDist();
  for (const f of readdirSync(path.join(site, 'index')).filter((f) => f.startsWith('t-'))) {
    const p = path.join(site, 'index', f);
    const bytes = readFileSync(p);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(p, bytes);
  }
  return site;
}

// ---------------------------------------------------------------- the cases

for (const name of BROWSERS) {
  describe(name, () => {
    let browser;
    let site;
    before(async () => {
      browser = await launchBrowser(name);
      site = await serve(DIST);
    });
    after(async () => {
      await site?.close();
      await browser?.close();
    });

    /** A test with a fresh page; a failing one leaves a screenshot in target/browser-tests/. */
    const it = (title, fn) =>
      test(`${name}: ${title}`, { timeout: 120000 }, async () => {
        const page = await browser.newPage();
        try {
          await fn(page);
        } catch (e) {
          const file = path.join(OUT, `${name}-${title.replace(/[^\w]+/g, '-').slice(0, 60)}.png`);
          await page.screenshot().then((png) => writeFileSync(file, png), () => {});
          throw e;
        } finally {
          await page.close();
        }
      });

    it('nothing of the engine or index loads before the box is focused; focus loads them', async (page) => {
      await open(page, `${site.origin}/index.html`);
      await new Promise((r) => setTimeout(r, 500));
      const before = await page.evaluate(requested);
      assert.ok(before.some((u) => u.endsWith('/widget.js')), `widget.js is loaded: ${before}`);
      assert.deepEqual(before.filter((u) => ENGINE_FILE.test(u)), [], 'requested before focus');

      await page.click(HOST, BOX);
      const loaded = await waitFor(
        page,
        () => {
          const urls = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
          return ['/engine.js', '/bulletin-search-wasm_bg.wasm.gz', '/index/manifest.bin'].every((p) => urls.includes(p)) && urls;
        },
        null,
        { what: 'the engine, module and manifest after focus' },
      );
      assert.ok(!loaded.some((p) => /\/index\/t-/.test(p)), `no term shard before a query: ${loaded}`);
      const detail = await typeQuery(page, '微短剧');
      assert.ok(detail.total > 0);
    });

    it('typed queries show the CLI’s hits in the CLI’s order', async (page) => {
      await open(page, `${site.origin}/index.html`);
      for (const query of ['科特迪瓦', '微短剧', '幸福草', 'wdj']) {
        const detail = await typeQuery(page, query);
        const cli = cliSearch(query, { limit: 10 });
        assert.ok(cli.length > 0, `${query}: the CLI finds something`);
        assert.deepEqual(rounded(detail.hits), rounded(cli), `${query}: the hits of bulletin search --json`);
        const view = await page.evaluate(shown, HOST);
        assert.deepEqual(view.titles, cli.map((h) => h.title), `${query}: shown titles`);
        assert.ok(view.marks.length > 0, `${query}: the first title has highlights`);
      }
    });

    it('keyboard: ↓/↑ move the active option, Enter opens the item, Esc clears', async (page) => {
      await open(page, `${site.origin}/index.html`);
      await page.press('/');
      assert.equal(
        await page.evaluate((h) => document.activeElement?.localName === h && document.activeElement.shadowRoot.activeElement?.getAttribute('role'), HOST),
        'combobox',
        '/ focuses the box',
      );
      await page.type('微短剧');
      await waitFor(page, answerFor, [0, '微短剧']);
      let view = await page.evaluate(shown, HOST);
      assert.equal(view.expanded, 'true');
      assert.ok(view.options.length >= 2, `options: ${view.options.length}`);
      const [first, second] = view.options;

      await page.press('ArrowDown');
      view = await page.evaluate(shown, HOST);
      assert.equal(view.active, first.id);
      assert.equal(view.options[0].selected, 'true');
      await page.press('ArrowDown');
      view = await page.evaluate(shown, HOST);
      assert.equal(view.active, second.id);
      assert.deepEqual(view.options.slice(0, 2).map((o) => o.selected), ['false', 'true']);
      await page.press('ArrowUp');
      assert.equal((await page.evaluate(shown, HOST)).active, first.id);

      await page.press('Enter');
      const url = await waitFor(page, (href) => location.href === href && document.readyState === 'complete' && location.href, first.href, {
        what: `the item page ${first.href}`,
      });
      assert.match(url, /\/issues\/431\.html#item-\d+$/);
      const anchor = decodeURIComponent(new URL(url).hash.slice(1));
      assert.ok(await page.evaluate((id) => !!document.getElementById(id), anchor), `#${anchor} exists`);

      await open(page, `${site.origin}/index.html`);
      await typeQuery(page, '幸福草');
      assert.ok((await page.evaluate(shown, HOST)).options.length > 0);
      await page.press('Escape');
      view = await page.evaluate(shown, HOST);
      assert.deepEqual([view.value, view.expanded, view.options.length, view.status], ['', 'false', 0, null]);
    });

    it('embedded in a page of another origin, it loads from its own origin (CORS) and works', async (page) => {
      const widgetSite = await serve(DIST, { cors: true });
      const dir = mkdtempSync(path.join(tmpdir(), 'bs-host-'));
      writeFileSync(
        path.join(dir, 'index.html'),
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner site</title>
<script type="module" src="${widgetSite.origin}/widget.js"></script></head>
<body><h1>Partner news</h1><bulletin-search lang="en" limit="5"></bulletin-search></body></html>`,
      );
      const partner = await serve(dir);
      try {
        assert.notEqual(partner.origin, widgetSite.origin);
        await open(page, `${partner.origin}/index.html`);
        const detail = await typeQuery(page, '科特迪瓦');
        const cli = cliSearch('科特迪瓦', { limit: 5 });
        assert.deepEqual(rounded(detail.hits), rounded(cli));
        const view = await page.evaluate(shown, HOST);
        assert.deepEqual(view.titles, cli.map((h) => h.title));
        assert.equal(view.options[0].href, `${widgetSite.origin}/issues/431.html#item-1`);
        assert.equal(view.live, '1 result');
        const urls = (await page.evaluate(requested)).map((u) => new URL(u));
        for (const u of urls) {
          const expected = ENGINE_FILE.test(u.pathname) || u.pathname === '/widget.js' ? widgetSite.origin : partner.origin;
          assert.equal(u.origin, expected, `${u} from the wrong origin`);
        }
        assert.ok(urls.some((u) => u.pathname === '/index/manifest.bin'));
        assert.deepEqual(await page.evaluate(() => window.__pageErrors), []);
      } finally {
        await partner.close();
        await widgetSite.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('under a strict CSP (script-src self + wasm-unsafe-eval) it works with no violation', async (page) => {
      const strict = await serve(DIST, { csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" });
      try {
        await open(page, `${strict.origin}/index.html`);
        await page.evaluate(() => {
          window.__violations = [];
          document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        const detail = await typeQuery(page, '幸福草');
        assert.equal((await page.evaluate(shown, HOST)).titles[0], detail.hits[0].title);
        // The constructed stylesheet applies (style-src does not block it).
        const border = await page.evaluate((h) => getComputedStyle(document.querySelector(h).shadowRoot.querySelector('.field')).borderTopWidth, HOST);
        assert.equal(border, '2px');
        assert.deepEqual(await page.evaluate(() => window.__violations), []);
      } finally {
        await strict.close();
      }
    });

    it('a damaged index file shows a message that names it, and the next query reports again', async (page) => {
      const damaged = siteWithDamagedShards();
      const server = await serve(damaged);
      try {
        await open(page, `${server.origin}/index.html`);
        const started = Date.now();
        const answer = await typeAnswer(page, '微短剧');
        assert.ok(answer.error, `an error is shown, got results for ${answer.query}`);
        assert.match(answer.error, /^搜索暂时不可用：t-[0-9a-f]{16}-\d+\.bin: /);
        assert.ok(Date.now() - started < 10000, `the message took ${Date.now() - started} ms`);
        const view = await page.evaluate(shown, HOST);
        assert.equal(view.statusRole, 'alert');
        assert.equal(view.expanded, 'false');
        const again = await typeAnswer(page, '幸福草');
        assert.match(again.error || '', /^搜索暂时不可用：t-[0-9a-f]{16}-\d+\.bin: /);
        assert.deepEqual(await page.evaluate(() => window.__pageErrors), []);
      } finally {
        await server.close();
        rmSync(damaged, { recursive: true, force: true });
      }
    });

    it('the live region says what the status line shows, found or not', async (page) => {
      await open(page, `${site.origin}/index.html`);
      const found = await typeQuery(page, '微短剧');
      let view = await page.evaluate(shown, HOST);
      assert.equal(view.status, `找到 ${found.total} 条结果`);
      assert.equal(view.live, view.status);

      const none = await typeQuery(page, 'zzxxqq');
      assert.equal(none.total, 0);
      view = await page.evaluate(shown, HOST);
      assert.deepEqual(view.suggestions, []);
      assert.equal(view.status, '没有找到与“\u2068zzxxqq\u2069”相关的结果');
      assert.equal(view.live, view.status);

      // Offered queries are on the page below the message, and in the announcement after it.
      await typeQuery(page, 'weiduanjv');
      view = await page.evaluate(shown, HOST);
      assert.deepEqual(view.suggestions, ['微短剧']);
      assert.equal(view.live, `${view.status}。您是不是要找：\u2068微短剧\u2069`);
    });

    it('the search box shows no clear button or icon of the browser’s own', async (page) => {
      await open(page, `${site.origin}/index.html`);
      await typeQuery(page, '微短剧');
      // The focused, hovered box with the query in it, as a search box and as a plain text box
      // (which has no such icons): the same pixels. The caret is hidden, as it blinks.
      const shot = async (type) => {
        const rect = await page.evaluate(
          ([h, t]) => {
            const input = document.querySelector(h).shadowRoot.querySelector('input');
            input.style.caretColor = 'transparent';
            input.type = t;
            input.focus();
            const r = input.getBoundingClientRect();
            const d = devicePixelRatio;
            return { x: Math.floor(r.left * d), y: Math.floor(r.top * d), width: Math.ceil(r.width * d), height: Math.ceil(r.height * d) };
          },
          [HOST, type],
        );
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        return { rect, png: await page.screenshot() };
      };
      const search = await shot('search');
      const text = await shot('text');
      const differ = differingPixels(decodePng(search.png), decodePng(text.png), search.rect);
      if (differ) writeFileSync(path.join(OUT, `${name}-search-box.png`), search.png);
      assert.equal(differ, 0, `${differ} pixels of the box differ from a plain text box (target/browser-tests/${name}-search-box.png)`);
    });

    it('words run together find their item first; words no item holds together show partial matches', async (page) => {
      await open(page, `${site.origin}/index.html`);
      const { words, none } = NATURAL;
      const found = await typeQuery(page, words.query);
      assert.deepEqual(rounded(found.hits), rounded(cliSearch(words.query, { limit: 10 })));
      let view = await page.evaluate(shown, HOST);
      assert.equal(view.titles[0], words.titles[0]);
      assert.equal(view.marks.join(''), words.query, `the headline marks the words: ${JSON.stringify(view.marks)}`);

      const missed = await typeQuery(page, none.query);
      assert.equal(missed.total, 0);
      assert.ok(missed.partial.length > 0, 'partial matches');
      view = await page.evaluate(shown, HOST);
      assert.equal(view.status, '未找到同时包含全部词语的条目');
      assert.equal(view.live, `${view.status}，另有 ${missed.partial.length} 条部分匹配`);
      assert.equal(view.expanded, 'true');
      const partial = await page.evaluate(partialShown, HOST);
      assert.equal(partial.label, '部分匹配');
      assert.deepEqual(partial.options, missed.partial.map((p) => ({ title: p.title, struck: [p.missing] })));
      // The keyboard reaches them as it reaches results.
      await page.press('ArrowDown');
      view = await page.evaluate(shown, HOST);
      assert.equal(view.active, view.options[0].id);
    });
  });
}
