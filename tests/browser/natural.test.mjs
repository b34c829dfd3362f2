// Queries as people type them (tests/data/seed-0431-natural.tsv) typed into the real widget:
// words run together find their item first, marked as whole words; words no item holds together
// show no results but a labelled group of partial matches, each with the word it lacks struck
// through; another name of a body finds the listed items first and says which names were also
// searched. The hits are those of `bulletin search --json`; the views pass axe-core and a strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ROOT, DIST, withSite, typeQuery, input, cliSearch } from './helpers.mjs';

const NATURAL = path.join(ROOT, 'tests/data/seed-0431-natural.tsv');
const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const LIMIT = 10; // the widget's default

/** The cases of one kind: {query, titles}. */
function cases(kind) {
  const all = readFileSync(NATURAL, 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.split('\t'))
    .map(([query, k, titles = '']) => ({ query, kind: k, titles: titles.split('|').filter(Boolean) }));
  const some = all.filter((c) => c.kind === kind);
  assert.ok(some.length > 0, `no ${kind} cases in ${NATURAL}`);
  return some;
}

/** What the widget shows, read from its shadow root. */
function view(page) {
  return page.evaluate(() => {
    const root = document.querySelector('bulletin-search').shadowRoot;
    const text = (e) => (e && !e.hidden ? e.textContent : null);
    const list = root.querySelector('[role="listbox"]');
    const option = (o) => ({
      id: o.id,
      title: o.querySelector('.title').textContent,
      titleMarks: [...o.querySelectorAll('.title mark')].map((m) => m.textContent),
      snippetMarks: [...o.querySelectorAll('.snippet mark')].map((m) => m.textContent),
      missing: o.querySelector('.missing') ? o.querySelector('.missing').textContent : null,
      struck: [...o.querySelectorAll('.missing s, .missing del')].map((s) => s.textContent),
      inGroup: o.parentElement.closest('[role="group"]')?.getAttribute('aria-labelledby') ?? null,
    });
    const groups = [...list.querySelectorAll('[role="group"]')].map((g) => ({
      label: root.getElementById(g.getAttribute('aria-labelledby'))?.textContent ?? null,
      labelVisible: !!root.getElementById(g.getAttribute('aria-labelledby'))?.getClientRects().length,
      options: g.querySelectorAll('[role="option"]').length,
    }));
    return {
      listVisible: !list.hidden,
      options: [...list.querySelectorAll('[role="option"]')].map(option),
      groups,
      status: text(root.querySelector('.status')),
      also: text(root.querySelector('.also')),
      live: root.querySelector('[role="status"]').textContent,
      expanded: root.querySelector('input').getAttribute('aria-expanded'),
      active: root.querySelector('input').getAttribute('aria-activedescendant'),
    };
  });
}

/** Whether `query` is made of `pieces` end to end (case-insensitive), each used any number of times. */
function madeOf(query, pieces) {
  const q = query.toLowerCase();
  const ps = [...new Set(pieces.map((p) => p.toLowerCase()))].filter(Boolean);
  const ok = [true];
  for (let end = 1; end <= q.length; end++) ok[end] = ps.some((p) => p.length <= end && ok[end - p.length] && q.startsWith(p, end - p.length));
  return ok[q.length];
}

/** axe-core over the page: the violations as "rule: targets" lines. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const ids = (hits) => hits.map((h) => `${h.id} ${h.title}`);

/** Types `query`, checks that its hits are those of `bulletin search --json`; the answer and the view. */
async function typedLikeTheCli(page, query) {
  const detail = await typeQuery(page, query);
  assert.deepEqual(ids(detail.hits), ids(cliSearch(query, { limit: LIMIT })), `${query}: the hits of bulletin search --json`);
  return { detail, shown: await view(page) };
}

test('words run together: the listed item is the first result, its headline marked in whole words', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    for (const { query, titles } of cases('words')) {
      const { detail, shown } = await typedLikeTheCli(page, query);
      assert.equal(shown.options[0]?.title, titles[0], `${query}: first result`);
      assert.deepEqual(shown.groups, [], `${query}: no partial matches beside results`);
      const { titleMarks, snippetMarks } = shown.options[0];
      assert.ok(titleMarks.length > 0, `${query}: the headline has marks`);
      for (const mark of titleMarks) {
        // A mark is a word of the query, never a character of it standing alone.
        assert.ok(query.toLowerCase().includes(mark.toLowerCase()), `${query}: mark ${mark} is not part of the query`);
        assert.ok(!/^\p{Script=Han}$/u.test(mark), `${query}: a single character marked: ${JSON.stringify(titleMarks)}`);
      }
      assert.ok(madeOf(query, [...titleMarks, ...snippetMarks]), `${query}: the marks ${JSON.stringify([titleMarks, snippetMarks])} make up the query`);
      assert.equal(shown.status, `找到 ${detail.total} 条结果`);
      assert.equal(shown.live, shown.status);
    }
  });
});

test('words no item holds together: no results, a labelled group of partial matches with the missing word struck through', async () => {
  await withSite(DIST, { csp: STRICT_CSP }, async ({ page, origin }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/index.html`);
    await page.evaluate(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    for (const { query } of cases('none')) {
      const detail = await typeQuery(page, query);
      assert.equal(detail.total, 0, `${query}: total`);
      assert.deepEqual(detail.hits, [], `${query}: hits`);
      assert.deepEqual(cliSearch(query, { limit: LIMIT }), [], `${query}: bulletin search --json finds nothing either`);
      assert.ok(detail.partial.length > 0, `${query}: partial matches`);
      const shown = await view(page);
      assert.equal(shown.status, '未找到同时包含全部词语的条目');
      assert.equal(shown.live, `未找到同时包含全部词语的条目，另有 ${detail.partial.length} 条部分匹配`);
      assert.deepEqual(shown.groups, [{ label: '部分匹配', labelVisible: true, options: detail.partial.length }], `${query}: one labelled group`);
      assert.ok(shown.listVisible && shown.expanded === 'true', `${query}: the list is shown`);
      assert.deepEqual(shown.options.map((o) => o.title), detail.partial.map((p) => p.title), `${query}: the partial matches in order`);
      for (const [i, o] of shown.options.entries()) {
        const { missing } = detail.partial[i];
        assert.ok(o.inGroup, `${query}: ${o.title} is in the group`);
        assert.ok(query.includes(missing), `${query}: the missing word ${missing} is a word of the query`);
        assert.deepEqual(o.struck, [missing], `${query}: ${o.title} strikes through the missing word`);
        assert.equal(o.missing, `缺少：${missing}`);
      }
    }
    // The keyboard moves through the partial matches and opens one (here the page handles it).
    await page.evaluate(() =>
      document.querySelector('bulletin-search').addEventListener('open', (e) => {
        e.preventDefault();
        window.__opened = e.detail;
      }),
    );
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const shown = await view(page);
    assert.equal(shown.active, shown.options[1].id, 'the second partial match is active');
    await page.keyboard.press('Enter');
    const opened = await page.evaluate(() => window.__opened);
    assert.equal(opened.hit.title, shown.options[1].title);
    assert.ok(opened.hit.missing && opened.url.includes('/issues/431.html#item-'), JSON.stringify(opened));
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'CSP violations');
    assert.deepEqual(errors, []);
  });
});

test('other names: the listed items come first, in order, and the other names searched are shown', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    for (const { query, titles } of cases('alias')) {
      const { detail, shown } = await typedLikeTheCli(page, query);
      assert.deepEqual(shown.options.slice(0, titles.length).map((o) => o.title), titles, `${query}: first results`);
      assert.ok(detail.expanded.length > 0, `${query}: other names searched`);
      assert.equal(shown.also, `也搜索了：${detail.expanded.join('、')}`, `${query}: the line of other names`);
      assert.equal(shown.status, `找到 ${detail.total} 条结果`);
      assert.equal(shown.live, shown.status, `${query}: the live region says the count only`);
    }
    // A query without other names shows no such line.
    await typeQuery(page, '微短剧');
    assert.equal((await view(page)).also, null);
  });
});

test('partial matches and other names in English, and axe-core finds no violation in either view', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    const [none] = cases('none');
    const [alias] = cases('alias');
    await typeQuery(page, none.query);
    await page.keyboard.press('ArrowDown');
    assert.deepEqual(await axeViolations(page), [], 'partial matches, zh-CN');
    await page.evaluate(() => document.querySelector('bulletin-search').setAttribute('lang', 'en'));
    let shown = await view(page);
    assert.equal(shown.status, 'No item contains all the words');
    assert.match(shown.live, /^No item contains all the words; \d+ partial match(es)?$/);
    assert.equal(shown.groups[0].label, 'Partial matches');
    assert.match(shown.options[0].missing, /^Missing: \S+$/);
    assert.deepEqual(await axeViolations(page), [], 'partial matches, en');

    const detail = await typeQuery(page, alias.query);
    shown = await view(page);
    assert.equal(shown.also, `Also searched: ${detail.expanded.join(', ')}`);
    assert.equal(shown.live, shown.status);
    assert.equal(await input(page).getAttribute('aria-expanded'), 'true');
    assert.deepEqual(await axeViolations(page), [], 'other names, en');
  });
});
