// Chinese-first matching in the widget (issue 4): "did you mean" for a query that finds nothing,
// traditional characters and pinyin, issue and year chips with counts, the syntax help, and all of
// it accessible and working under a strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { ROOT, DIST, BULLETIN, withSite, copyOfDist, typeQuery, shownTitles, input, cliSearch } from './helpers.mjs';

const AXE = readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const SUGGESTION = 'bulletin-search >> .did-you-mean button';
const HELP_BUTTON = 'bulletin-search >> button[aria-controls$="-help"]';
const HELP = 'bulletin-search >> .help';

/** axe-core over the page: the violations as "rule: targets" lines. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Resets window.__lastResults and returns a function that waits for the results of `query`. */
async function expectResults(page, query) {
  await page.evaluate(() => (window.__lastResults = null));
  return async () => {
    const handle = await page.waitForFunction((q) => window.__lastResults?.query === q && window.__lastResults, query, {
      timeout: 15000,
    });
    return handle.jsonValue();
  };
}

/** The element focused inside the widget: its class and text, or null. */
function focusedInWidget(page) {
  return page.evaluate(() => {
    const a = document.activeElement?.shadowRoot?.activeElement;
    return a ? { role: a.getAttribute('role'), className: a.className, text: a.textContent, pressed: a.getAttribute('aria-pressed') } : null;
  });
}

/** Chips of one facet group (by its aria-label): [{label, count, pressed}]. */
function chipsOf(page, groupLabel) {
  return page.evaluate((label) => {
    const root = document.querySelector('bulletin-search').shadowRoot;
    const group = [...root.querySelectorAll('[role="group"]')].find((g) => g.getAttribute('aria-label') === label);
    if (!group || group.hidden) return null;
    return [...group.querySelectorAll('button')].map((b) => ({
      label: b.firstChild.textContent,
      count: Number(b.querySelector('.count').textContent),
      pressed: b.getAttribute('aria-pressed'),
      name: b.getAttribute('aria-label'),
    }));
  }, groupLabel);
}

test('weiduanjv finds nothing and offers 微短剧; choosing it (click or keyboard) searches for 微短剧', async () => {
  const expected = cliSearch('微短剧').map((h) => h.title);
  assert.ok(expected.length > 0);
  await withSite(DIST, {}, async ({ page, origin }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${origin}/index.html`);

    const miss = await typeQuery(page, 'weiduanjv');
    assert.equal(miss.total, 0);
    assert.deepEqual(miss.suggestions, ['微短剧']);
    const bar = page.locator('bulletin-search >> .did-you-mean');
    assert.ok(await bar.isVisible(), 'the "did you mean" bar is shown');
    assert.equal(await bar.locator('.bar-label').textContent(), '您是不是要找：');
    assert.deepEqual(await page.locator(SUGGESTION).allTextContents(), ['微短剧']);
    assert.match(await page.locator('bulletin-search >> .status').textContent(), /^没有找到与“\u2068weiduanjv\u2069”相关的结果$/);
    // Announced: the live region says nothing was found and what is suggested.
    const live = await page.locator('bulletin-search >> [role="status"]').textContent();
    assert.match(live, /没有找到.*weiduanjv.*您是不是要找：\u2068微短剧\u2069/u, live);
    assert.equal(await input(page).getAttribute('aria-expanded'), 'false');

    // A click puts it in the box and searches.
    let results = await expectResults(page, '微短剧');
    await page.locator(SUGGESTION).click();
    let detail = await results();
    assert.equal(await input(page).inputValue(), '微短剧');
    assert.deepEqual(detail.hits.map((h) => h.title), expected);
    assert.deepEqual(await shownTitles(page), expected);
    assert.equal(await bar.isVisible(), false, 'no suggestion once something is found');
    assert.equal(await page.locator('bulletin-search >> [role="status"]').textContent(), `找到 ${expected.length} 条结果`);

    // The keyboard reaches the suggestion with Tab and activates it with Enter.
    await typeQuery(page, 'weiduanjv');
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focusedInWidget(page))?.className === 'suggestion';
    }
    assert.ok(reached, 'the suggestion is reachable with Tab');
    results = await expectResults(page, '微短剧');
    await page.keyboard.press('Enter');
    detail = await results();
    assert.equal(detail.hits[0].title, expected[0]);
    assert.equal(await input(page).inputValue(), '微短剧');
    assert.equal((await focusedInWidget(page))?.role, 'combobox', 'focus is back in the box');
    assert.deepEqual(errors, []);
  });
});

test('traditional 微短劇 and pinyin weiduanju show the 微短剧 items first, highlighted', async () => {
  const direct = cliSearch('微短剧');
  const ids = direct.map((h) => h.id).sort();
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    for (const query of ['微短劇', 'weiduanju']) {
      const detail = await typeQuery(page, query);
      assert.ok(detail.total >= ids.length, `${query}: ${detail.total} results`);
      assert.deepEqual(detail.hits.slice(0, ids.length).map((h) => h.id).sort(), ids, `${query}: the 微短剧 items first`);
      assert.equal(detail.hits[0].title, direct[0].title, `${query}: first hit`);
      assert.equal((await shownTitles(page))[0], direct[0].title);
      const marks = await page.locator('bulletin-search >> [role="option"]:first-child .title mark').allTextContents();
      assert.ok(marks.includes('微短剧'), `${query}: headline highlights ${JSON.stringify(marks)}`);
      const snippetMarks = await page.locator('bulletin-search >> [role="option"]:first-child .snippet mark').allTextContents();
      assert.ok(snippetMarks.includes('微短剧'), `${query}: snippet highlights ${JSON.stringify(snippetMarks)}`);
      assert.equal(await page.locator('bulletin-search >> .did-you-mean').isVisible(), false);
    }
    // Pinyin completes to Chinese words while typing.
    await typeQuery(page, 'weid');
    const completions = await page.locator('bulletin-search >> .completion').evaluateAll((bs) => bs.map((b) => b.firstChild.textContent));
    assert.ok(completions.includes('微短剧'), `completions of weid: ${completions}`);
  });
});

test('with one issue indexed, the issue and year chips stay hidden (no choice to offer)', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    const detail = await typeQuery(page, '微短剧');
    assert.deepEqual(detail.issues, [{ value: '431', count: detail.total }]);
    assert.deepEqual(detail.years, [{ value: '2024', count: detail.total }]);
    assert.equal(await chipsOf(page, '按期数筛选'), null);
    assert.equal(await chipsOf(page, '按年份筛选'), null);
    const sections = await chipsOf(page, '按栏目筛选');
    assert.ok(sections && sections.length >= 3, 'section chips are shown');
    assert.equal(sections[0].label, '全部');
    assert.equal(sections[0].count, detail.total);
  });
});

/**
 * A copy of dist/ whose index holds issue 431 and a copy of it renumbered 432, dated 2025-01-06.
 * Their items are identical, so they share content-named doc blocks: the engine must fill every
 * place the manifest names such a file.
 */
function twoIssueSite() {
  const site = copyOfDist();
  const exportDir = `${site}-export`;
  mkdirSync(exportDir);
  const text = readFileSync(path.join(ROOT, 'bulletins/0431.txt'), 'utf8');
  const renumbered = text.replace('第 431 期', '第 432 期').replace('2024 年 9 月 9 日', '2025 年 1 月 6 日');
  assert.notEqual(renumbered, text);
  writeFileSync(path.join(exportDir, '0431.txt'), text);
  writeFileSync(path.join(exportDir, '0432.txt'), renumbered);
  rmSync(path.join(site, 'index'), { recursive: true });
  execFileSync(BULLETIN, ['build', '--quiet', '--no-cache', '--input', exportDir, '--out', path.join(site, 'index')]);
  execFileSync(BULLETIN, ['pages', '--quiet', '--input', exportDir, '--out', path.join(site, 'issues')]);
  return {
    site,
    cleanup: () => {
      rmSync(site, { recursive: true, force: true });
      rmSync(exportDir, { recursive: true, force: true });
    },
  };
}

test('two issues: issue and year chips show counts, filter when pressed and clear when pressed again', async () => {
  const { site, cleanup } = twoIssueSite();
  try {
    const perIssue = cliSearch('微短剧', { index: path.join(site, 'index') }).filter((h) => h.issue === 431).length;
    assert.ok(perIssue > 0);
    await withSite(site, {}, async ({ page, origin }) => {
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${origin}/index.html`);
      const detail = await typeQuery(page, '微短剧');
      assert.equal(detail.total, 2 * perIssue);
      assert.deepEqual(detail.issues, [
        { value: '432', count: perIssue },
        { value: '431', count: perIssue },
      ]);
      assert.deepEqual(await chipsOf(page, '按期数筛选'), [
        { label: '第 432 期', count: perIssue, pressed: 'false', name: `第 432 期，${perIssue} 条结果` },
        { label: '第 431 期', count: perIssue, pressed: 'false', name: `第 431 期，${perIssue} 条结果` },
      ]);
      assert.deepEqual(await chipsOf(page, '按年份筛选'), [
        { label: '2025 年', count: perIssue, pressed: 'false', name: `2025 年，${perIssue} 条结果` },
        { label: '2024 年', count: perIssue, pressed: 'false', name: `2024 年，${perIssue} 条结果` },
      ]);

      // Pressing 第 431 期 keeps only that issue; the issue chips still count every issue.
      const issueChip = page.locator('bulletin-search >> [aria-label="按期数筛选"] button', { hasText: '第 431 期' });
      let results = await expectResults(page, '微短剧');
      await issueChip.click();
      let filtered = await results();
      assert.equal(filtered.total, perIssue);
      assert.ok(filtered.hits.every((h) => h.issue === 431), 'only issue 431');
      const metas = await page.locator('bulletin-search >> [role="option"] .meta span:first-child').allTextContents();
      assert.ok(metas.length > 0 && metas.every((m) => m === '第 431 期'), `shown: ${metas}`);
      assert.equal(await issueChip.getAttribute('aria-pressed'), 'true');
      assert.deepEqual(
        (await chipsOf(page, '按期数筛选')).map((c) => [c.label, c.count, c.pressed]),
        [
          ['第 432 期', perIssue, 'false'],
          ['第 431 期', perIssue, 'true'],
        ],
      );
      // Within issue 431 there is one year: no year choice to offer.
      assert.equal(await chipsOf(page, '按年份筛选'), null);
      // Pressing it again clears the filter.
      results = await expectResults(page, '微短剧');
      await issueChip.click();
      assert.equal((await results()).total, 2 * perIssue);
      assert.equal(await issueChip.getAttribute('aria-pressed'), 'false');

      // A year chip, by keyboard: Space presses it, focus stays on it, Space again clears it.
      const yearChip = page.locator('bulletin-search >> [aria-label="按年份筛选"] button', { hasText: '2025 年' });
      await yearChip.focus();
      results = await expectResults(page, '微短剧');
      await page.keyboard.press('Space');
      filtered = await results();
      assert.equal(filtered.total, perIssue);
      assert.ok(filtered.hits.every((h) => h.date.startsWith('2025-') && h.issue === 432), 'only 2025');
      assert.deepEqual(await focusedInWidget(page), { role: null, className: 'chip', text: `2025 年 ${perIssue}`, pressed: 'true' });
      results = await expectResults(page, '微短剧');
      await page.keyboard.press('Space');
      assert.equal((await results()).total, 2 * perIssue);
      assert.equal((await focusedInWidget(page))?.pressed, 'false', 'focus stays on the released chip');

      // Esc in the box clears the query and every filter.
      await issueChip.click();
      await page.waitForFunction(() => window.__lastResults?.total && window.__lastResults.hits.every((h) => h.issue === 431));
      await input(page).focus();
      await page.keyboard.press('Escape');
      const again = await typeQuery(page, '微短剧');
      assert.equal(again.total, 2 * perIssue, 'the filters were cleared with the query');

      assert.deepEqual(await axeViolations(page), [], 'axe with issue and year chips');
      assert.deepEqual(errors, []);
    });
  } finally {
    cleanup();
  }
});

test('the syntax help is a disclosure button that opens and closes with the keyboard', async () => {
  await withSite(DIST, {}, async ({ page, origin }) => {
    await page.goto(`${origin}/index.html`);
    await page.keyboard.press('/');
    await page.keyboard.press('Tab');
    const button = page.locator(HELP_BUTTON);
    assert.equal(await button.evaluate((b) => b.getRootNode().activeElement === b), true, 'Tab from the box reaches the help button');
    assert.equal(await button.getAttribute('aria-label'), '搜索语法');
    assert.equal(await button.textContent(), '?');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    const help = page.locator(HELP);
    assert.equal(await button.getAttribute('aria-controls'), await help.getAttribute('id'));
    assert.equal(await help.isVisible(), false);

    await page.keyboard.press('Enter');
    assert.equal(await button.getAttribute('aria-expanded'), 'true');
    assert.ok(await help.isVisible());
    assert.equal(await help.locator('caption').textContent(), '搜索语法');
    const syntax = (await help.locator('code').allTextContents()).join(' ');
    for (const s of ['"国家 广播"', '-快手', 'section:技术', 'issue:431', '2024-09-01..2024-09-30', 'sort:date', 'weiduanju', '微短劇']) {
      assert.ok(syntax.includes(s), `the help shows ${s}`);
    }
    assert.ok((await help.textContent()).includes('排除'));
    await page.keyboard.press('Space');
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await help.isVisible(), false);

    // Esc closes it and leaves focus on the button.
    await page.keyboard.press('Enter');
    assert.ok(await help.isVisible());
    await page.keyboard.press('Escape');
    assert.equal(await help.isVisible(), false);
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    assert.equal(await button.evaluate((b) => b.getRootNode().activeElement === b), true);

    // In English with lang="en".
    await page.evaluate(() => document.querySelector('bulletin-search').setAttribute('lang', 'en'));
    await button.click();
    assert.equal(await button.getAttribute('aria-label'), 'Search syntax');
    assert.equal(await help.locator('caption').textContent(), 'Search syntax');
    assert.equal(await help.evaluate((h) => h.closest('[lang]').getAttribute('lang')), 'en');
    assert.ok((await help.textContent()).includes('Leave out items'));
    assert.equal(await help.locator('code[lang="zh-CN"]', { hasText: '微短劇' }).count(), 1);
  });
});

test('axe-core: no violations with a suggestion shown and the syntax help open (light, dark, English)', async () => {
  for (const [colorScheme, lang] of [
    ['light', 'zh-CN'],
    ['dark', 'zh-CN'],
    ['light', 'en'],
  ]) {
    await withSite(DIST, {}, async ({ page, origin }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${origin}/index.html`);
      await page.evaluate((l) => document.querySelector('bulletin-search').setAttribute('lang', l), lang);
      await typeQuery(page, 'weiduanjv');
      await page.locator(HELP_BUTTON).click();
      assert.ok(await page.locator(HELP).isVisible());
      assert.ok(await page.locator(SUGGESTION).isVisible());
      if (lang === 'en') assert.equal(await page.locator('bulletin-search >> .did-you-mean .bar-label').textContent(), 'Did you mean:');
      assert.deepEqual(await axeViolations(page), [], `${colorScheme} ${lang}`);
    });
  }
});

test('under a strict CSP the suggestion, the chips and the syntax help work with no violation', async () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
  await withSite(DIST, { csp }, async ({ page, origin }) => {
    const console = [];
    page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const response = await page.goto(`${origin}/index.html`);
    assert.equal(response.headers()['content-security-policy'], csp);
    await page.evaluate(() =>
      document.addEventListener('securitypolicyviolation', (e) => (window.__violations ||= []).push(`${e.violatedDirective} ${e.blockedURI}`)),
    );
    await typeQuery(page, 'weiduanjv');
    const results = await expectResults(page, '微短剧');
    await page.locator(SUGGESTION).click();
    assert.ok((await results()).total > 0);
    // A section chip filters.
    const chip = page.locator('bulletin-search >> [aria-label="按栏目筛选"] button[aria-pressed="false"]').nth(1);
    const section = await chip.evaluate((b) => b.firstChild.textContent);
    const filtered = await expectResults(page, '微短剧');
    await chip.click();
    assert.ok((await filtered()).hits.every((h) => h.section === section));
    // The help opens and is styled by the constructed stylesheet.
    await page.locator(HELP_BUTTON).click();
    const help = page.locator(HELP);
    assert.ok(await help.isVisible());
    assert.equal(await help.evaluate((e) => getComputedStyle(e).borderTopWidth), '1px');
    assert.deepEqual(await page.evaluate(() => window.__violations || []), []);
    assert.deepEqual(console.filter((m) => /Content.Security.Policy|violat|Refused/i.test(m)), []);
    assert.deepEqual(errors, []);
  });
});
