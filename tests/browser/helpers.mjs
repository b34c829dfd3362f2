// Shared set-up of the browser tests: static servers (tools/serve.py), a fresh headless Chromium
// (Debian's, driven by playwright-core), the deployable site built by tools/dist.sh, and the
// pixels of screenshots.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { inflateSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const BULLETIN = path.join(ROOT, 'target/release/bulletin');
export const OUT = path.join(ROOT, 'target/browser-tests'); // screenshots, sizes, logs

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
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
    args: CHROMIUM_FLAGS,
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

/**
 * The pixels of a PNG as browsers write their screenshots (8-bit RGB or RGBA, not interlaced):
 * {width, height, channels, pixels}, rows top to bottom.
 */
export function decodePng(png) {
  let width, height, channels;
  const idat = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      [width, height] = [data.readUInt32BE(0), data.readUInt32BE(4)];
      const [depth, colour, interlace] = [data[8], data[9], data[12]];
      if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace) {
        throw new Error(`PNG of depth ${depth}, colour type ${colour}, interlace ${interlace}: not decoded here`);
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  // Each row: a filter byte, then bytes predicted from the left (a), upper (b) and upper-left (c).
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = raw.subarray(y * (stride + 1) + 1);
    const out = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[out + x - channels] : 0;
      const b = y ? pixels[out - stride + x] : 0;
      const c = y && x >= channels ? pixels[out - stride + x - channels] : 0;
      const [pa, pb, pc] = [Math.abs(b - c), Math.abs(a - c), Math.abs(a + b - 2 * c)];
      const paeth = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      pixels[out + x] = (row[x] + [0, a, b, (a + b) >> 1, paeth][filter]) & 255;
    }
  }
  return { width, height, channels, pixels };
}

/** How many pixels of the rectangle {x, y, width, height} differ in colour between two decoded PNGs. */
export function differingPixels(a, b, { x, y, width, height }) {
  let n = 0;
  for (let j = y; j < y + height; j++) {
    for (let i = x; i < x + width; i++) {
      const p = (j * a.width + i) * a.channels;
      const q = (j * b.width + i) * b.channels;
      if (a.pixels[p] !== b.pixels[q] || a.pixels[p + 1] !== b.pixels[q + 1] || a.pixels[p + 2] !== b.pixels[q + 2]) n++;
    }
  }
  return n;
}
