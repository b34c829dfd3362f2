// Embedding: from a second origin under hostile host CSS, and under a strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DIST, serve, launch, typeQuery, shownTitles } from './helpers.mjs';

const HOSTILE_CSS = `
* { display: block !important; color: red !important; font-size: 40px; }
mark { display: none !important; }
input, button, li, ul { all: unset !important; }
[role="option"], [role="listbox"] { display: none !important; }
bulletin-search { font-size: 5px; color: red; }
`;

test('embedded from another origin under hostile host CSS, the widget works and looks right', async () => {
  const site = await serve(DIST, { cors: true });
  const host = mkdtempSync(path.join(tmpdir(), 'bs-host-'));
  writeFileSync(
    path.join(host, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner site</title>
<style>${HOSTILE_CSS}</style>
<script type="module" src="${site.origin}/widget.js"></script></head>
<body><h1>Partner news</h1><p id="host-text">Our own page.</p>
<bulletin-search lang="en" limit="5"></bulletin-search></body></html>`,
  );
  const hostServer = await serve(host);
  const browser = await launch();
  try {
    const page = browser.context.pages()[0];
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url())));
    await page.goto(`${hostServer.origin}/index.html`);
    assert.notEqual(hostServer.origin, site.origin);
    const detail = await typeQuery(page, '科特迪瓦');
    assert.equal(detail.hits[0].title, '曹淑敏会见科特迪瓦通讯部长并签署双边合作协议');
    const titles = await shownTitles(page);
    assert.equal(titles[0], detail.hits[0].title);

    // Visible, readable, not styled by the host.
    const option = page.locator('bulletin-search >> [role="option"]').first();
    assert.ok(await option.isVisible(), 'the first option is visible');
    const style = await option.locator('.title').evaluate((e) => {
      const s = getComputedStyle(e);
      return { color: s.color, fontSize: s.fontSize };
    });
    assert.notEqual(style.color, 'rgb(255, 0, 0)', 'host colour leaked into the widget');
    assert.ok(parseFloat(style.fontSize) < 30 && parseFloat(style.fontSize) > 10, `font size ${style.fontSize}`);
    const mark = page.locator('bulletin-search >> [role="option"] mark').first();
    assert.ok(await mark.isVisible(), 'highlights are visible');
    const inputBox = await page.locator('bulletin-search >> input').boundingBox();
    assert.ok(inputBox && inputBox.height > 20 && inputBox.height < 120, `input box ${JSON.stringify(inputBox)}`);
    // English live region.
    assert.equal(await page.locator('bulletin-search >> [role="status"]').textContent(), '1 result');
    // Links go to the item on the widget's site.
    const href = await option.getAttribute('data-href');
    assert.equal(href, `${site.origin}/issues/431.html#item-1`);
    // Every widget request goes to the widget's origin; the host page is untouched.
    for (const u of requests) assert.ok(u.origin === site.origin || u.origin === hostServer.origin, `request to ${u}`);
    assert.equal(await page.locator('#host-text').textContent(), 'Our own page.');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await hostServer.close();
    await site.close();
    rmSync(host, { recursive: true, force: true });
  }
});

test('under a strict CSP (script-src self + wasm-unsafe-eval) it works with no violation', async () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
  const site = await serve(DIST, { csp });
  const browser = await launch();
  try {
    const page = browser.context.pages()[0];
    const console = [];
    page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const response = await page.goto(`${site.origin}/index.html`);
    assert.equal(response.headers()['content-security-policy'], csp);
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window.__violations ||= []).push(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    const detail = await typeQuery(page, '幸福草');
    assert.equal(detail.hits[0].title, '电视剧《幸福草》创作座谈会举行');
    assert.equal((await shownTitles(page))[0], detail.hits[0].title);
    // Styles applied (constructed stylesheet, not blocked by style-src).
    const border = await page.locator('bulletin-search >> .field').evaluate((e) => getComputedStyle(e).borderTopWidth);
    assert.equal(border, '2px');
    assert.deepEqual(await page.evaluate(() => window.__violations || []), []);
    assert.deepEqual(console.filter((m) => /Content.Security.Policy|violat|Refused/i.test(m)), []);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await site.close();
  }
});
