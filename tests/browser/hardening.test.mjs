// A hardened widget (issue 6): broken index files, a flaky network, out-of-order answers and
// hostile queries each end in a clear state of the widget, never in a hang, a page error or a
// broken host page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync, readdirSync, rmSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DIST, withSite, copyOfDist, typeQuery, shownTitles, input, cliSearch } from './helpers.mjs';

const ERROR = 'bulletin-search >> .status.error';
const TERM_SHARD = /\/index\/t-[0-9a-f]{16}-\d+\.bin$/;

/** A copy of dist/ whose term shards were passed through `alter(bytes) -> bytes`. */
function siteWithShards(alter, prefix = 't-') {
  const site = copyOfDist();
  for (const f of readdirSync(path.join(site, 'index')).filter((f) => f.startsWith(prefix))) {
    const p = path.join(site, 'index', f);
    writeFileSync(p, alter(readFileSync(p)));
  }
  return site;
}

/**
 * The container header's format version (src/format.rs: bytes 4..6, little-endian) plus one, in
 * a file as stored: a packed (gzip) shard is unpacked, changed and packed again.
 */
function nextVersion(stored) {
  const packed = stored[0] === 0x1f && stored[1] === 0x8b;
  const out = packed ? gunzipSync(stored) : Buffer.from(stored);
  out.writeUInt16LE(out.readUInt16LE(4) + 1, 4);
  return packed ? gzipSync(out) : out;
}

/**
 * Collects the widget's answers: every `results` event and every error message shown, in order,
 * in window.__answers (and the page's uncaught errors in `errors`).
 */
async function watch(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.evaluate(() => {
    window.__answers = [];
    const el = document.querySelector('bulletin-search');
    el.addEventListener('results', (e) => window.__answers.push({ query: e.detail.query, total: e.detail.total, titles: e.detail.hits.map((h) => h.title) }));
    // Each message written into the status line (the same error twice counts twice).
    const status = el.shadowRoot.querySelector('.status');
    new MutationObserver((records) => {
      const written = records.filter((r) => r.addedNodes.length).length;
      if (!status.classList.contains('error') || status.hidden) return;
      for (let i = 0; i < written; i++) window.__answers.push({ error: status.textContent });
    }).observe(status, { childList: true });
  });
  return errors;
}

/** Waits for the widget's next answer (results or an error) after `count` answers. */
async function nextAnswer(page, count, timeout = 10000) {
  const handle = await page.waitForFunction((n) => window.__answers.length > n && window.__answers[window.__answers.length - 1], count, { timeout });
  return handle.jsonValue();
}

/** The host page still runs its own script and handles its own clicks. */
async function hostPageWorks(page) {
  const clicks = await page.evaluate(() => {
    const b = document.createElement('button');
    b.id = 'host-button';
    b.textContent = 'host';
    b.dataset.clicks = '0';
    b.addEventListener('click', () => (b.dataset.clicks = String(Number(b.dataset.clicks) + 1)));
    document.body.append(b);
    return b.dataset.clicks;
  });
  assert.equal(clicks, '0');
  await page.locator('#host-button').click();
  assert.equal(await page.locator('#host-button').getAttribute('data-clicks'), '1');
}

/** Types `query`, expects the widget's error message to match `pattern`, then checks that the widget and the host page go on working. */
async function expectBrokenIndexMessage(site, query, pattern) {
  try {
    await withSite(site, {}, async ({ page, origin }) => {
      await page.goto(`${origin}/index.html`);
      const errors = await watch(page);
      const box = input(page);
      await box.click();
      await box.fill(query);
      const answer = await nextAnswer(page, 0);
      assert.ok(answer.error, `an error is shown, got ${JSON.stringify(answer)}`);
      assert.match(answer.error, pattern);
      const status = page.locator(ERROR);
      assert.equal(await status.getAttribute('role'), 'alert');
      assert.equal(await box.getAttribute('aria-expanded'), 'false');
      // A new query reports again (no hang, no stale state) and the host page is unaffected.
      await box.fill(`${query} `);
      assert.match((await nextAnswer(page, 1)).error, pattern);
      await hostPageWorks(page);
      assert.deepEqual(errors, []);
    });
  } finally {
    rmSync(site, { recursive: true, force: true });
  }
}

test('a truncated shard shows a message that names the file', async () => {
  await expectBrokenIndexMessage(
    siteWithShards((b) => b.subarray(0, b.length >> 1)),
    '微短剧',
    /^搜索暂时不可用：t-[0-9a-f]{16}-\d+\.bin: .*(truncated|does not belong to this index)/,
  );
});

test('a shard of another format version shows a message that names the file', async () => {
  // The manifest records each shard's CRC-64, so the core may refuse it as not this build's file
  // before it reads the version; either message names the file and says what to do.
  await expectBrokenIndexMessage(
    siteWithShards(nextVersion),
    '微短剧',
    /^搜索暂时不可用：t-[0-9a-f]{16}-\d+\.bin: (index format version \d+, but this engine reads version \d+|does not belong to this index).*; (rebuild|deploy|re-deploy)/,
  );
});

test('an index of another format version says which versions and what to do', async () => {
  await expectBrokenIndexMessage(
    siteWithShards(nextVersion, 'manifest.bin'),
    '微短剧',
    /^搜索暂时不可用：manifest\.bin: index format version \d+, but this engine reads version \d+; rebuild the index/,
  );
});

test('a shard fetch that fails once is retried and the query succeeds', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    const attempts = new Map();
    await page.route(TERM_SHARD, (route) => {
      const url = route.request().url();
      const n = (attempts.get(url) || 0) + 1;
      attempts.set(url, n);
      return n === 1 ? route.abort('connectionreset') : route.continue();
    });
    await page.goto(`${origin}/index.html`);
    const errors = await watch(page);
    const detail = await typeQuery(page, '文小言');
    assert.equal(detail.hits[0].title, '百度推出新搜索“文小言”');
    assert.ok(attempts.size > 0, 'a term shard was fetched');
    for (const [url, n] of attempts) assert.equal(n, 2, `${url}: one failure, one retry`);
    assert.deepEqual(errors, []);
  });
});

test('a shard fetch that fails twice is reported; the next query after the network is back succeeds', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    let offline = true;
    const attempts = new Map();
    await page.route(TERM_SHARD, (route) => {
      const url = route.request().url();
      attempts.set(url, (attempts.get(url) || 0) + 1);
      return offline ? route.abort('internetdisconnected') : route.continue();
    });
    await page.goto(`${origin}/index.html`);
    const errors = await watch(page);
    const box = input(page);
    await box.click();
    await box.fill('文小言');
    const answer = await nextAnswer(page, 0);
    assert.ok(answer.error, JSON.stringify(answer));
    assert.match(answer.error, /^搜索暂时不可用：t-[0-9a-f]{16}-\d+\.bin: cannot fetch index file http:\/\/\S+\/index\/t-[0-9a-f]{16}-\d+\.bin: /);
    for (const [url, n] of attempts) assert.equal(n, 2, `${url}: tried exactly twice`);
    assert.equal(await box.getAttribute('aria-expanded'), 'false');

    offline = false;
    const detail = await typeQuery(page, '文小言');
    assert.equal(detail.hits[0].title, '百度推出新搜索“文小言”');
    assert.equal(await page.locator(ERROR).count(), 0, 'the error is gone');
    assert.equal((await shownTitles(page))[0], '百度推出新搜索“文小言”');
    assert.deepEqual(errors, []);
  });
});

/** The term shards a fresh engine fetches to answer `query`. */
async function filesOf(page, origin, query) {
  const files = new Set();
  const onRequest = (r) => TERM_SHARD.test(r.url()) && files.add(r.url());
  page.on('request', onRequest);
  await page.goto(`${origin}/index.html`);
  await typeQuery(page, query);
  page.off('request', onRequest);
  return files;
}

test('the results of an earlier keystroke never replace those of a later one', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    // Routing disables the HTTP cache, so every page load fetches afresh. (Doc blocks are not
    // held: the early query asks for its blocks only once its shards have arrived.)
    const held = [];
    let holding = false;
    let hold = new Set(); // the URLs held back while holding
    await page.route(TERM_SHARD, (route) => (holding && hold.has(route.request().url()) ? held.push(route) : route.continue()));
    // Two queries of which the first needs term shards the second does not, so that those can be
    // held back alone. (Queries may share a shard too: the second finds it fetched or in flight.)
    let pair = null;
    for (const [early, late] of [['微短剧', 'GPT-4o'], ['科特迪瓦', 'AI'], ['幸福草', 'Qwen2-VL'], ['微短剧', 'AI']]) {
      const [a, b] = [await filesOf(page, origin, early), await filesOf(page, origin, late)];
      const own = [...a].filter((f) => !b.has(f));
      if (own.length) {
        pair = [early, late];
        hold = new Set(own);
        break;
      }
    }
    assert.ok(pair, 'a query that needs a term shard another does not');
    const [early, late] = pair;

    await page.goto(`${origin}/index.html`);
    const errors = await watch(page);
    const box = input(page);
    await box.click(); // loads the engine and the manifest
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/manifest.bin')));

    holding = true;
    await box.fill(early);
    const deadline = Date.now() + 10000;
    while (!held.length && Date.now() < deadline) await page.waitForTimeout(20);
    assert.ok(held.length > 0, `${early}: its term shards were requested`);
    const heldUrls = held.map((r) => r.request().url());
    holding = false;

    await box.fill(late);
    const answer = await nextAnswer(page, 0);
    assert.equal(answer.query, late, `the later query answers first: ${JSON.stringify(answer)}`);
    const expected = cliSearch(late, { limit: 10 }).map((h) => h.title);
    assert.deepEqual(await shownTitles(page), expected);

    // Now the early query's files arrive; its answer (for a query no longer typed) is dropped.
    const finished = page.waitForEvent('requestfinished', { predicate: (r) => heldUrls.includes(r.url()) });
    for (const route of held.splice(0)) await route.continue();
    await finished;
    await page.waitForTimeout(500); // the early query's evaluation
    const answers = await page.evaluate(() => window.__answers);
    assert.deepEqual(answers.map((a) => a.query), [late], `answers shown: ${JSON.stringify(answers)}`);
    assert.deepEqual(await shownTitles(page), expected, 'still the later query’s results');
    assert.equal(await box.inputValue(), late);
    assert.deepEqual(errors, []);
  });
});

/** Queries that must be answered quickly and harmlessly (results or "no results"). */
const HOSTILE = {
  '10,000 × a': 'a'.repeat(10000),
  '10,000 CJK characters': '微短剧'.repeat(3334),
  '2,500 words': '微短剧 AI '.repeat(1250),
  '10,000 quotes': '"'.repeat(10000),
  '10,000 minus signs': '-'.repeat(10000),
  '1,000 filters': 'section:技术 issue:431 date:2024-09-09 '.repeat(1000).slice(0, 10000),
  'mixed noise': Array.from({ length: 10000 }, (_, i) => '微短剧AI-"：:，, 0９ｚ😀'[(i * 7919) % 17]).join(''),
  emoji: '😀🎬 微短剧',
  'emoji sequences': '👨‍👩‍👧‍👦🇨🇳🏳️‍🌈'.repeat(500),
  'control characters': '\u0000\u0001\u0007\u001b[31m微短剧\u007f\u0085\t\v\f',
  'right-to-left text': 'مرحبا بالعالم שלום',
  'bidi overrides': '\u202e微短剧\u202c \u2067AI\u2069',
  'lone surrogates': '\ud800微短剧\udfff',
  'combining marks': `e${'\u0301'.repeat(9999)}`,
  'zero-width joiners': '\u200d'.repeat(10000),
};

test('long, emoji, control-character and right-to-left queries are answered with bounded work', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    const console = [];
    page.on('console', (m) => m.type() === 'error' && console.push(m.text()));
    await page.goto(`${origin}/index.html`);
    const errors = await watch(page);
    const box = input(page);
    await box.click();
    let count = 0;
    for (const [name, query] of Object.entries(HOSTILE)) {
      const started = Date.now();
      await box.fill(query);
      const answer = await nextAnswer(page, count, 5000).catch(() => {
        throw new Error(`${name}: no answer within 5 s`);
      });
      count += 1;
      const ms = Date.now() - started;
      assert.ok(!answer.error, `${name}: ${answer.error}`);
      assert.ok(ms < 3000, `${name}: answered in ${ms} ms`);
      assert.ok(answer.query.length <= 1024, `${name}: the engine was handed ${answer.query.length} code units`);
      // A "no results" message quotes the query briefly, isolated from the sentence around it;
      // partial matches name the words they lack as briefly, each isolated in its element.
      const status = page.locator('bulletin-search >> .status:not([hidden])');
      if (answer.total === 0) {
        const text = await status.textContent();
        assert.ok(Array.from(text).length < 80, `${name}: message of ${text.length} code units`);
        assert.doesNotMatch(text, /\p{Cc}/u, `${name}: control characters in the message`);
        const missing = await page
          .locator('bulletin-search >> .missing s')
          .evaluateAll((ss) => ss.map((s) => ({ text: s.textContent, bidi: getComputedStyle(s).unicodeBidi })));
        if (!missing.length) assert.match(text, /\u2068[^\u2069]*\u2069/u, `${name}: the query is bidi-isolated`);
        for (const word of missing) {
          assert.equal(word.bidi, 'isolate', `${name}: the missing word is bidi-isolated`);
          assert.ok(Array.from(word.text).length <= 41, `${name}: missing word of ${word.text.length} code units`);
          assert.doesNotMatch(word.text, /\p{Cc}/u, `${name}: control characters in the missing word`);
        }
      }
      // The main thread stays free: the page answers right away.
      assert.equal(await page.evaluate(() => 1 + 1), 2);
    }
    // The engine itself, called directly with 100,000 characters, answers promptly too.
    const direct = await page.evaluate(async () => {
      const t0 = performance.now();
      const r = await document.querySelector('bulletin-search').search('微短剧'.repeat(33334));
      return { ms: performance.now() - t0, total: r.total, query: r.query.length };
    });
    assert.ok(direct.ms < 2000, `direct search took ${direct.ms} ms`);
    assert.ok(direct.query <= 1024);
    // And the box still works for an ordinary query.
    const detail = await typeQuery(page, '文小言');
    assert.equal(detail.hits[0].title, '百度推出新搜索“文小言”');
    assert.deepEqual(errors, []);
    assert.deepEqual(console, []);
  });
});
