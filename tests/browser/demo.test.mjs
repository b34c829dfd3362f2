// The demo page with the real widget: typing queries, keyboard use, requests, accessibility,
// and the screenshot of the README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { ROOT, DIST, OUT, withSite, typeQuery, shownTitles, input } from './helpers.mjs';

test('typing 文小言, 科特迪瓦, 幸福草 into the demo shows the right item first', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    const console = [];
    page.on('console', (m) => ['error', 'warning'].includes(m.type()) && console.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => console.push(`pageerror: ${e}`));
    await page.goto(`${origin}/index.html`);
    const expected = {
      文小言: '百度推出新搜索“文小言”',
      科特迪瓦: '曹淑敏会见科特迪瓦通讯部长并签署双边合作协议',
      幸福草: '电视剧《幸福草》创作座谈会举行',
    };
    for (const [query, title] of Object.entries(expected)) {
      const detail = await typeQuery(page, query);
      assert.ok(detail.total >= 1, `${query}: no results`);
      assert.equal(detail.hits[0].title, title, `${query}: first hit`);
      const titles = await shownTitles(page);
      assert.equal(titles[0], title, `${query}: first shown title`);
      // The query is highlighted in the shown headline, as <mark> elements.
      const marks = await page.locator('bulletin-search >> [role="option"]:first-child .title mark').allTextContents();
      assert.ok(marks.join('').includes(query), `${query}: highlighted ${JSON.stringify(marks)}`);
      // Live region announces the count in Chinese.
      const live = await page.locator('bulletin-search >> [role="status"]').textContent();
      assert.equal(live, `找到 ${detail.total} 条结果`);
    }
    assert.deepEqual(console, [], 'no errors or warnings in the console');
  });
});

test('keyboard only: / focuses, ↑/↓ move the active option, Enter opens the item, Esc clears', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    await page.keyboard.press('/');
    const focused = await page.evaluate(() => {
      const host = document.activeElement;
      return host && host.localName === 'bulletin-search' && host.shadowRoot.activeElement?.getAttribute('role');
    });
    assert.equal(focused, 'combobox', '/ focuses the search box');
    await page.evaluate(() => {
      window.__lastResults = null;
      document.querySelector('bulletin-search').addEventListener('results', (e) => (window.__lastResults = e.detail));
    });
    await page.keyboard.type('微短剧', { delay: 30 });
    await page.waitForFunction(() => window.__lastResults?.query === '微短剧');
    const box = input(page);
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    const listId = await box.getAttribute('aria-controls');
    assert.equal(await page.locator(`bulletin-search >> #${listId}`).getAttribute('role'), 'listbox');

    await page.keyboard.press('ArrowDown');
    const options = page.locator('bulletin-search >> [role="option"]');
    const first = await options.nth(0).getAttribute('id');
    assert.equal(await box.getAttribute('aria-activedescendant'), first);
    assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowDown');
    assert.equal(await box.getAttribute('aria-activedescendant'), await options.nth(1).getAttribute('id'));
    assert.equal(await options.nth(0).getAttribute('aria-selected'), 'false');
    await page.keyboard.press('ArrowUp');
    assert.equal(await box.getAttribute('aria-activedescendant'), first);

    // Section chips are reachable with Tab and toggled with Enter.
    let chip = null;
    for (let i = 0; i < 12 && !chip; i++) {
      await page.keyboard.press('Tab');
      chip = await page.evaluate(() => {
        const a = document.activeElement?.shadowRoot?.activeElement;
        return a && a.classList.contains('chip') && a.getAttribute('aria-pressed') === 'false' && !a.textContent.startsWith('全部')
          ? a.firstChild.textContent
          : null;
      });
    }
    assert.ok(chip, 'a section chip is reachable with Tab');
    await page.evaluate(() => (window.__lastResults = null));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__lastResults !== null);
    const sections = await page.locator('bulletin-search >> [role="option"] .meta span:last-child').allTextContents();
    assert.ok(sections.length > 0 && sections.every((s) => s === chip), `only ${chip}: ${sections}`);
    const still = await page.evaluate(() => {
      const a = document.activeElement?.shadowRoot?.activeElement;
      return a && a.classList.contains('chip') ? [a.firstChild.textContent, a.getAttribute('aria-pressed')] : null;
    });
    assert.deepEqual(still, [chip, 'true'], 'focus stays on the pressed chip');

    // Back in the box: Enter opens the active item in its issue page.
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    const expected = new URL(await page.locator('bulletin-search >> [role="option"]').first().getAttribute('data-href'));
    await Promise.all([page.waitForURL(expected.href), page.keyboard.press('Enter')]);
    assert.match(page.url(), /\/issues\/431\.html#item-\d+$/);
    const anchor = decodeURIComponent(expected.hash.slice(1));
    assert.equal(await page.locator(`[id="${anchor}"]`).count(), 1, 'the item anchor exists');

    await page.goBack();
    await page.keyboard.press('/');
    await page.keyboard.type('幸福草');
    await page.waitForFunction(() => document.querySelector('bulletin-search').shadowRoot.querySelector('[role="option"]'));
    await page.keyboard.press('Escape');
    assert.equal(await box.inputValue(), '');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.locator('bulletin-search >> [role="option"]').count(), 0);
  });
});

test('no request before interaction; afterwards only the widget’s own files, each once', async () => {
  const allowedPage = new Set(['/index.html', '/site.css', '/widget.js', '/favicon.svg']);
  // engine.js fetches the gzipped module (the raw one only where DecompressionStream is missing).
  const engineFiles = new Set(['/engine.js', '/bulletin-search-wasm_bg.wasm.gz']);
  await withSite(DIST, {}, async ({ page, origin }) => {
    const seen = [];
    page.on('request', (r) => seen.push(r));
    await page.goto(`${origin}/index.html`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(500);
    const before = seen.map((r) => new URL(r.url()));
    for (const u of before) {
      assert.equal(u.origin, origin, `request to another origin before interaction: ${u}`);
      assert.ok(allowedPage.has(u.pathname), `request before interaction: ${u.pathname}`);
    }
    assert.ok(before.some((u) => u.pathname === '/widget.js'));

    const detail = await typeQuery(page, '微短剧');
    assert.ok(detail.total > 0);
    const paths = seen.map((r) => new URL(r.url()));
    for (const u of paths) {
      assert.equal(u.origin, origin, `request to another origin: ${u}`);
      const own = allowedPage.has(u.pathname) || engineFiles.has(u.pathname) || /^\/index\/[\w.-]+\.bin$/.test(u.pathname);
      assert.ok(own, `unexpected request ${u.pathname}`);
    }
    const counts = {};
    for (const u of paths) counts[u.pathname] = (counts[u.pathname] || 0) + 1;
    for (const [p, n] of Object.entries(counts)) assert.equal(n, 1, `${p} requested ${n} times`);
    assert.ok(counts['/index/manifest.bin'], 'the manifest was fetched');

    // Bytes transferred from page load to the first results (tools/browser-tests.sh prints them
    // with the gzip -9 size of each file, what a compressing host would send).
    let bytes = 0;
    const files = [];
    for (const r of seen) {
      const sizes = await r.sizes();
      const p = new URL(r.url()).pathname;
      assert.equal(sizes.responseBodySize, statSync(path.join(DIST, p)).size, `${p}: body size`);
      bytes += sizes.responseBodySize;
      files.push({ path: p, bytes: sizes.responseBodySize });
    }
    writeFileSync(path.join(OUT, 'first-query.json'), JSON.stringify({ query: '微短剧', bytes, files }, null, 2));
  });
});

test('axe-core finds no accessibility violations: demo with results (light, dark), embed guide, issue page', async () => {
  const axe = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
  for (const colorScheme of ['light', 'dark']) {
    await withSite(DIST, {}, async ({ page, origin }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${origin}/index.html`);
      await typeQuery(page, '微短剧');
      await page.keyboard.press('ArrowDown');
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
      const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      assert.deepEqual(summary, [], `${colorScheme}: ${JSON.stringify(summary)}`);
    });
  }
  // The embedding guide and an issue page, as they load.
  await withSite(DIST, {}, async ({ page, origin }) => {
    for (const p of ['/embed.html', '/issues/431.html']) {
      await page.goto(`${origin}${p}`);
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
      assert.deepEqual(result.violations.map((v) => v.id), [], p);
    }
  });
});

test('screenshot of the demo with results for 微短剧 (docs/screenshot.png)', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
    await page.goto(`${origin}/index.html`);
    await typeQuery(page, '微短剧');
    await page.locator('bulletin-search').evaluate(() => document.activeElement.blur());
    const file = path.join(ROOT, 'docs/screenshot.png');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(file), { recursive: true });
    await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 1200, height: 900 } });
    assert.ok(readFileSync(file).length > 10000);
  });
});
