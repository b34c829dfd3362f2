// One small interface over three browser engines, so that a test case is written once and runs in
// each (tests/browser/browsers.test.mjs):
//
//   chromium  Debian's chromium through playwright-core (CDP)
//   firefox   Debian's firefox-esr through puppeteer-core over WebDriver BiDi
//   webkit    WebKitGTK's MiniBrowser through WebKitWebDriver (W3C WebDriver over HTTP, the
//             client below), in a virtual X display (Xvfb)
//
// launchBrowser(name) starts one browser for a suite; its newPage() opens a fresh, isolated page
// (a new browser context, or a new WebDriver session), whose methods are:
//
//   goto(url)                 navigate and wait for the load event
//   evaluate(fn, arg)         run fn(arg) in the page (fn may be async); its JSON result
//   click(host, selector)     a real click on `selector` in the shadow root of `host`
//   type(text)                key presses into the focused element, one per character
//   press(key)                one key: ArrowDown, ArrowUp, Enter, Escape, or a character
//   screenshot()              a PNG of the viewport (a Buffer)
//   close()
//
// Everything else a test needs is read from inside the page (evaluate), the same way in each
// browser: requests from the Resource Timing entries, answers from the widget's events and DOM.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import { CHROMIUM, CHROMIUM_FLAGS } from './helpers.mjs';

const FIREFOX = process.env.FIREFOX || '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const VIEWPORT = { width: 1200, height: 900 };

/** Starts the browser `name` (chromium, firefox or webkit) for a suite of tests. */
export async function launchBrowser(name) {
  switch (name) {
    case 'chromium':
      return launchChromium();
    case 'firefox':
      return launchFirefox();
    case 'webkit':
      return launchWebKit();
    default:
      throw new Error(`unknown browser ${name} (chromium, firefox or webkit)`);
  }
}

// ---------------------------------------------------------------- Playwright and Puppeteer
// Both have a page object with goto/evaluate/keyboard/screenshot; they differ in how a context is
// made and how an element in a shadow root is named.

function pageOf(page, { deep, close }) {
  return {
    goto: (url) => page.goto(url, { waitUntil: 'load' }),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    click: (host, selector) => page.locator(`${host} ${deep} ${selector}`).click(),
    type: (text) => page.keyboard.type(text, { delay: 20 }),
    press: (key) => page.keyboard.press(key),
    screenshot: async () => Buffer.from(await page.screenshot()),
    close,
  };
}

async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  return {
    name: 'chromium',
    async newPage() {
      const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN' });
      return pageOf(await context.newPage(), { deep: '>>', close: () => context.close() });
    },
    close: () => browser.close(),
  };
}

async function launchFirefox() {
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: VIEWPORT,
  });
  return {
    name: 'firefox',
    async newPage() {
      // A BiDi user context: its own cookies, storage and cache, like a fresh profile.
      const context = await browser.createBrowserContext();
      return pageOf(await context.newPage(), { deep: '>>>', close: () => context.close() });
    },
    close: () => browser.close(),
  };
}

// ---------------------------------------------------------------- WebKit over W3C WebDriver

/** The MiniBrowser of Debian's libwebkit2gtk-4.1-0 (its path names the architecture). */
function miniBrowser() {
  if (process.env.WEBKIT_MINIBROWSER) return process.env.WEBKIT_MINIBROWSER;
  for (const arch of readdirSync('/usr/lib')) {
    const p = `/usr/lib/${arch}/webkit2gtk-4.1/MiniBrowser`;
    if (existsSync(p)) return p;
  }
  throw new Error('MiniBrowser not found under /usr/lib/*/webkit2gtk-4.1/ (tools/setup.sh browser installs it)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Spawns a helper process that is killed when this process exits, however it exits. */
function child(command, args, options = {}) {
  const proc = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
  const kill = () => proc.exitCode === null && proc.signalCode === null && proc.kill('SIGTERM');
  process.on('exit', kill);
  return {
    proc,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        process.off('exit', kill);
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', resolve);
        proc.kill('SIGTERM');
      }),
  };
}

/** Xvfb on the first free display, which it reports on file descriptor 3 once it accepts clients. */
async function startXvfb() {
  const x = child('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start: ${x.stderr()}`)), 10000);
    x.proc.stdio[3].setEncoding('utf8');
    x.proc.stdio[3].on('data', (c) => {
      out += c;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    x.proc.once('exit', (code) => reject(new Error(`Xvfb exited ${code}: ${x.stderr()}`)));
  });
  return { display, stop: x.stop };
}

/** One W3C WebDriver command; resolves to `value`, throws the driver's error with its message. */
async function webdriver(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json; charset=utf-8' } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(60000),
  });
  const text = await response.text();
  let value;
  try {
    ({ value } = JSON.parse(text));
  } catch {
    throw new Error(`WebDriver ${method} ${path}: HTTP ${response.status}: ${text.slice(0, 500)}`);
  }
  if (!response.ok || (value && value.error)) {
    throw new Error(`WebDriver ${method} ${path}: HTTP ${response.status}: ${JSON.stringify(value).slice(0, 1000)}`);
  }
  return value;
}

// The WebDriver key codes of the keys the tests press (W3C WebDriver, "Keyboard actions").
const KEYS = { ArrowUp: '\uE013', ArrowDown: '\uE015', Enter: '\uE007', Escape: '\uE00C', Tab: '\uE004' };

async function launchWebKit() {
  const binary = miniBrowser();
  const x = await startXvfb();
  const port = await freePort();
  const driver = child(WEBKIT_DRIVER, [`--port=${port}`], { env: { ...process.env, DISPLAY: x.display } });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await driver.stop();
    await x.stop();
  };
  try {
    const started = Date.now();
    for (;;) {
      const ready = await webdriver(base, 'GET', '/status').then((v) => v.ready, () => false);
      if (ready) break;
      if (Date.now() - started > 10000) throw new Error(`WebKitWebDriver did not start: ${driver.stderr()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    name: 'webkit',
    async newPage() {
      // A new session is a new MiniBrowser process with an ephemeral profile.
      const { sessionId } = await webdriver(base, 'POST', '/session', {
        capabilities: {
          alwaysMatch: { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } },
        },
      });
      const session = (method, path, body) => webdriver(base, method, `/session/${sessionId}${path}`, body);
      await session('POST', '/window/rect', VIEWPORT);
      const keys = (chars, pause) => {
        const actions = [];
        for (const c of chars) {
          actions.push({ type: 'keyDown', value: c }, { type: 'keyUp', value: c });
          if (pause) actions.push({ type: 'pause', duration: pause });
        }
        return session('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
      };
      // The function's source runs in the page; arguments and result travel as JSON. (The
      // envelope has no `error` key: in a response's value that names a WebDriver error.)
      const evaluate = async (fn, arg) => {
        const script = `const [arg, done] = arguments;
Promise.resolve().then(() => (${fn})(arg)).then(
  (value) => done({ returned: value === undefined ? null : value }),
  (e) => done({ thrown: e instanceof Error ? \`\${e.name}: \${e.message}\n\${e.stack}\` : String(e) }));`;
        const out = await session('POST', '/execute/async', { script, args: [arg === undefined ? null : arg] });
        if ('thrown' in out) throw new Error(`in the page: ${out.thrown}`);
        return out.returned;
      };
      return {
        goto: (url) => session('POST', '/url', { url }),
        evaluate,
        // A pointer at the element's centre: Element Click hit-tests the document, finds the
        // shadow host at that point and refuses ("element click intercepted").
        async click(host, selector) {
          const { x, y } = await evaluate(
            ([h, s]) => {
              const e = document.querySelector(h).shadowRoot.querySelector(s);
              e.scrollIntoView({ block: 'center' });
              const r = e.getBoundingClientRect();
              return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };
            },
            [host, selector],
          );
          const actions = [
            { type: 'pointerMove', origin: 'viewport', x, y },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ];
          await session('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }] });
        },
        type: (text) => keys(Array.from(text), 20),
        press: (key) => keys([KEYS[key] || key]),
        screenshot: async () => Buffer.from(await session('GET', '/screenshot'), 'base64'),
        close: () => session('DELETE', ''),
      };
    },
    close: stop,
  };
}
