// Hostile and broken content: markup in the indexed text stays text; a corrupt or missing index
// shows an error inside the widget while the host page keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync, readdirSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { ROOT, DIST, BULLETIN, withSite, copyOfDist, typeQuery, typeUntilError } from './helpers.mjs';

const EVIL = '<img src=x onerror=alert(1)><script>alert(2)</script>';

test('an item whose headline and body contain HTML and script renders as inert text', async () => {
  // An export like issue 431 with markup appended to one headline and one body paragraph.
  const site = copyOfDist();
  const exportDir = path.join(site, '..', `${path.basename(site)}-export`);
  try {
    mkdirSync(exportDir);
    let text = readFileSync(path.join(ROOT, 'bulletins/0431.txt'), 'utf8');
    const headline = '百度推出新搜索“文小言”';
    assert.equal(text.split(headline).length, 2, 'the headline occurs once');
    const at = text.indexOf(headline) + headline.length;
    const body = text.indexOf('\n\n', at) + 2;
    text = `${text.slice(0, at)}${EVIL}${text.slice(at, body)}${EVIL}正文${text.slice(body)}`;
    writeFileSync(path.join(exportDir, '0431.txt'), text);
    rmSync(path.join(site, 'index'), { recursive: true });
    execFileSync(BULLETIN, ['build', '--quiet', '--input', exportDir, '--out', path.join(site, 'index')]);
    execFileSync(BULLETIN, ['pages', '--quiet', '--input', exportDir, '--out', path.join(site, 'issues')]);

    await withSite(site, {}, async ({ page, origin }) => {
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        d.dismiss();
      });
      const failed = [];
      page.on('requestfailed', (r) => failed.push(r.url()));
      const requests = [];
      page.on('request', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`${origin}/index.html`);
      for (const query of ['文小言', 'onerror']) {
        const detail = await typeQuery(page, query);
        assert.ok(detail.hits[0].title.endsWith(EVIL), `${query}: the hit carries the markup as text`);
        const shown = page.locator('bulletin-search >> [role="option"]').first();
        assert.ok((await shown.locator('.title').textContent()).endsWith(EVIL));
        const injected = await page.evaluate(() => {
          const root = document.querySelector('bulletin-search').shadowRoot;
          return [...document.querySelectorAll('img, script:not([src])'), ...root.querySelectorAll('img, script, iframe, object')].length;
        });
        assert.equal(injected, 0, `${query}: elements were injected`);
      }
      assert.ok((await page.locator('bulletin-search >> [role="option"] .snippet').first().textContent()).includes('<script>'));
      // The issue page escapes it too.
      await page.goto(`${origin}/issues/431.html#item-21`);
      assert.ok((await page.locator('#item-21 h3').textContent()).endsWith(EVIL));
      assert.equal(await page.locator('img, script').count(), 0);
      await page.waitForTimeout(300);
      assert.deepEqual(dialogs, [], 'no script ran');
      assert.ok(!requests.some((p) => p === '/x'), 'the img was never loaded');
    });
  } finally {
    rmSync(site, { recursive: true, force: true });
    rmSync(exportDir, { recursive: true, force: true });
  }
});

test('a corrupted shard shows an error in the widget and the host page keeps working', async () => {
  const site = copyOfDist();
  try {
    for (const f of readdirSync(path.join(site, 'index')).filter((f) => f.startsWith('t-'))) {
      const p = path.join(site, 'index', f);
      const bytes = readFileSync(p);
      bytes[bytes.length - 5] ^= 0xff;
      writeFileSync(p, bytes);
    }
    await withSite(site, {}, async ({ page, origin }) => {
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${origin}/index.html`);
      const box = page.locator('bulletin-search >> input');
      const status = await typeUntilError(page, '微短剧');
      const text = await status.textContent();
      // The message names the broken file (the core decides the wording).
      assert.match(text, /^搜索暂时不可用：t-[0-9a-f]{16}-\d+\.bin: /, text);
      assert.equal(await status.getAttribute('role'), 'alert');
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      // The widget stays usable (a new query reports again, no hang) and the host page works.
      await box.fill('');
      await box.pressSequentially('幸福草');
      await status.waitFor({ state: 'visible' });
      assert.deepEqual(errors, []);
      await page.locator('a[href="embed.html"]').click();
      await page.waitForURL(/embed\.html$/);
    });
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
});

test('a missing index shows an error that names the file', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    await page.evaluate(() => document.querySelector('bulletin-search').setAttribute('index', 'no-such-index/'));
    const box = page.locator('bulletin-search >> input');
    await box.click();
    await box.pressSequentially('微短剧');
    const status = page.locator('bulletin-search >> .status.error');
    await status.waitFor({ state: 'visible', timeout: 10000 });
    assert.match(await status.textContent(), /manifest\.bin: cannot fetch index file .*HTTP 404/);
  });
});
