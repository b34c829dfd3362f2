// Shared set-up of the browser tests: static servers (tools/serve.py), a fresh headless Chromium
// (Debian's, driven by playwright-core), and the deployable site built by tools/dist.sh.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const BULLETIN = path.join(ROOT, 'target/release/bulletin');
export const OUT = path.join(ROOT, 'target/browser-tests'); // screenshots, sizes, logs

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

if (!existsSync(path.join(DIST, 'widget.js'))) {
  throw new Error('dist/ is missing: run `bash tools/dist.sh` first (tools/browser-tests.sh does)');
}
mkdirSync(OUT, { recursive: true });

/** Serves `dir` with tools/serve.py on a free port; resolves to {origin, close}. */
export function serve(dir, { cors = false, csp = null } = {}) {
  const args = [path.join(ROOT, 'tools/serve.py'), '--dir', dir, '--port', '0', '--host', '127.0.0.1'];
  if (cors) args.push('--cors');
  if (csp) args.push('--csp', csp);
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve.py did not start: ${out}`)), 10000);
    const onData = (chunk) => {
      out += chunk;
      const m = out.match(/at http:\/\/([\d.]+):(\d+)\//);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve({
          origin: `http://${m[1]}:${m[2]}`,
          close: () =>
            new Promise((done) => {
              child.once('exit', done);
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (out += c));
    child.once('exit', (code) => reject(new Error(`serve.py exited ${code}: ${out}`)));
  });
}

/** A fresh Chromium (new user-data-dir) for one test; closed and removed by `close()`. */
export async function launch() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-chromium-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
    locale: 'zh-CN',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn({context, page, origin})` with a fresh browser and a server of `dir`. */
export async function withSite(dir, options, fn) {
  const server = await serve(dir, options);
  const browser = await launch();
  try {
    const page = browser.context.pages()[0] || (await browser.context.newPage());
    return await fn({ context: browser.context, page, origin: server.origin });
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A copy of dist/ in a temporary folder, for tests that alter the site. */
export function copyOfDist() {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-site-'));
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

/** `bulletin search --json` over `index` (a folder): the hits. */
export function cliSearch(query, { index = path.join(DIST, 'index'), limit = 50 } = {}) {
  const out = execFileSync(BULLETIN, ['search', '--index', index, '--json', '--limit', String(limit), '--', query], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** The widget's input, through its shadow root. */
export const input = (page, host = 'bulletin-search') => page.locator(`${host} >> input[role="combobox"]`);

/** Types `query` into the widget and waits until the results for exactly that query are shown. */
export async function typeQuery(page, query, host = 'bulletin-search') {
  await page.evaluate((h) => {
    const el = document.querySelector(h);
    window.__lastResults = null;
    el.addEventListener('results', (e) => (window.__lastResults = e.detail), { once: false });
  }, host);
  const box = input(page, host);
  await box.click();
  await box.fill('');
  await box.pressSequentially(query, { delay: 20 });
  // Results for this query, or the widget's error message (fail fast, with the reason).
  const outcome = await page.waitForFunction(
    ([q, h]) => {
      if (window.__lastResults && window.__lastResults.query === q) return { ok: window.__lastResults };
      const error = document.querySelector(h).shadowRoot.querySelector('.status.error:not([hidden])');
      return error ? { error: error.textContent } : null;
    },
    [query, host],
    { timeout: 15000 },
  );
  const { ok, error } = await outcome.jsonValue();
  if (error) throw new Error(`the widget shows an error for ${query}: ${error}`);
  return ok;
}

/** Titles of the options shown in the widget's listbox. */
export function shownTitles(page, host = 'bulletin-search') {
  return page.locator(`${host} >> [role="option"] .title`).allTextContents();
}

/** Types `query` into the widget and waits for its error status; returns the status locator. */
export async function typeUntilError(page, query, host = 'bulletin-search') {
  const box = page.locator(`${host} >> input`);
  await box.click();
  await box.pressSequentially(query);
  const status = page.locator(`${host} >> .status.error`);
  await status.waitFor({ state: 'visible', timeout: 10000 });
  return status;
}
