// <bulletin-search>: the embeddable search box of 《行业动态周报》.
//
//   <script type="module" src="https://example.org/search/widget.js"></script>
//   <bulletin-search></bulletin-search>
//
// Attributes: index (URL of the index folder; default: ./index/ beside this script),
// placeholder, limit (hits shown, default 10), lang ("zh-CN" default, or "en").
// Events: "results" with detail {query, total, hits} after every answered query (query as the
// engine read it: at most MAX_QUERY code units); "open" (cancelable) with detail {hit, url}
// before a chosen hit is opened.
// Theming: CSS custom properties on the element (--bs-accent, --bs-bg, --bs-fg, --bs-muted,
// --bs-border, --bs-mark, --bs-radius, --bs-font, --bs-font-size).
//
// This file is the view only: parsing, matching, ranking, snippets and highlights are the Rust
// engine's (bulletin-search-wasm.js + _bg.wasm, built by trunk). Indexed text is only ever put into the page with textContent.
// Nothing is fetched before the visitor focuses the box or types into it.

const GLUE_URL = new URL('./bulletin-search-wasm.js', import.meta.url);
const WASM_URL = new URL('./bulletin-search-wasm_bg.wasm', import.meta.url);
const DEFAULT_INDEX = new URL('./index/', import.meta.url);
const DEBOUNCE_MS = 50;
const COMPLETIONS = 5;
// UTF-16 code units of a query handed to the engine. The core reads only its first 256 characters
// (MAX_QUERY_CHARS in src/query.rs); cutting here keeps a pasted megabyte from being copied into
// Wasm memory, echoed back and laid out.
const MAX_QUERY = 1024;
// Characters of the query quoted back in a message.
const QUOTE_CHARS = 40;

const TEXT = {
  'zh-CN': {
    placeholder: '搜索行业动态周报，如：微短剧、曹淑敏、AI',
    label: '搜索行业动态周报',
    results: '搜索结果',
    sections: '按栏目筛选',
    all: '全部',
    suggestions: '补全：',
    found: (n) => `找到 ${n} 条结果`,
    none: (q) => `没有找到与“${q}”相关的结果`,
    loading: '正在加载索引…',
    error: (m) => `搜索暂时不可用：${m}`,
    issue: (n) => `第 ${n} 期`,
    more: (n) => `还有 ${n} 条结果，请输入更多关键词缩小范围`,
    hint: '按 / 键开始搜索，↑↓ 选择，Enter 打开，Esc 清除',
  },
  en: {
    placeholder: 'Search the bulletin, e.g. 微短剧, AI',
    label: 'Search the industry bulletin',
    results: 'Search results',
    sections: 'Filter by section',
    all: 'All',
    suggestions: 'Complete:',
    found: (n) => (n === 1 ? '1 result' : `${n} results`),
    none: (q) => `No results for “${q}”`,
    loading: 'Loading the index…',
    error: (m) => `Search is unavailable: ${m}`,
    issue: (n) => `Issue ${n}`,
    more: (n) => `${n} more results; add words to narrow the search`,
    hint: 'Press / to search, ↑↓ to choose, Enter to open, Esc to clear',
  },
};

const CSS = `
:host {
  all: initial;
  display: block;
  contain: content;
  --_accent: var(--bs-accent, #b4232a);
  --_bg: var(--bs-bg, #ffffff);
  --_fg: var(--bs-fg, #1f2328);
  --_muted: var(--bs-muted, #57606a);
  --_border: var(--bs-border, #d0d7de);
  --_mark: var(--bs-mark, #fff1a8);
  --_mark-fg: var(--bs-mark-fg, #1f2328);
  --_active: var(--bs-active, #f3f4f6);
  --_radius: var(--bs-radius, 8px);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_accent: var(--bs-accent, #ff8a80);
    --_bg: var(--bs-bg, #16181d);
    --_fg: var(--bs-fg, #e6e8eb);
    --_muted: var(--bs-muted, #a3abb5);
    --_border: var(--bs-border, #3b414b);
    --_mark: var(--bs-mark, #6b5a00);
    --_mark-fg: var(--bs-mark-fg, #fff8d6);
    --_active: var(--bs-active, #242832);
  }
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.root {
  display: block;
  color: var(--_fg);
  background: var(--_bg);
  font-family: var(--bs-font, system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif);
  font-size: var(--bs-font-size, 16px);
  line-height: 1.6;
  text-align: start;
  border-radius: var(--_radius);
}
.field {
  display: flex;
  align-items: center;
  gap: 0.5em;
  border: 2px solid var(--_border);
  border-radius: var(--_radius);
  background: var(--_bg);
  padding: 0 0.75em;
}
.field:focus-within { border-color: var(--_accent); outline: 3px solid color-mix(in srgb, var(--_accent) 35%, transparent); outline-offset: 1px; }
.icon { display: block; flex: none; width: 1.1em; height: 1.1em; fill: none; stroke: var(--_muted); stroke-width: 2; }
input {
  display: block;
  flex: 1;
  min-width: 0;
  margin: 0;
  padding: 0.6em 0;
  border: 0;
  outline: none;
  background: transparent;
  color: var(--_fg);
  font: inherit;
  font-size: 1.125em;
  appearance: none;
}
input::placeholder { color: var(--_muted); opacity: 1; }
input::-webkit-search-cancel-button { appearance: none; }
kbd {
  display: inline-block;
  flex: none;
  padding: 0 0.45em;
  border: 1px solid var(--_border);
  border-radius: 4px;
  color: var(--_muted);
  font: inherit;
  font-size: 0.8em;
}
.clear {
  display: inline-flex;
  flex: none;
  align-items: center;
  justify-content: center;
  width: 2em;
  height: 2em;
  margin: 0;
  padding: 0;
  border: 0;
  border-radius: 50%;
  background: transparent;
  color: var(--_muted);
  font: inherit;
  cursor: pointer;
}
.clear:hover { background: var(--_active); }
[hidden] { display: none !important; }
button:focus-visible, a:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
.bar { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; margin: 0.6em 0 0; padding: 0; }
.bar-label { color: var(--_muted); font-size: 0.875em; }
.chip, .completion {
  display: inline-block;
  margin: 0;
  padding: 0.15em 0.75em;
  border: 1px solid var(--_border);
  border-radius: 999px;
  background: var(--_bg);
  color: var(--_fg);
  font: inherit;
  font-size: 0.875em;
  line-height: 1.6;
  cursor: pointer;
}
.chip:hover, .completion:hover { border-color: var(--_accent); }
.chip[aria-pressed="true"] { background: var(--_accent); border-color: var(--_accent); color: var(--_bg); }
.count { opacity: 0.8; margin-inline-start: 0.3em; }
.status { display: block; margin: 0.75em 0 0; color: var(--_muted); font-size: 0.9375em; }
.status.error { color: var(--_accent); font-weight: 600; }
.list { display: block; list-style: none; margin: 0.5em 0 0; padding: 0; }
.hit {
  display: block;
  margin: 0;
  padding: 0.65em 0.75em;
  border: 2px solid transparent;
  border-radius: var(--_radius);
  cursor: pointer;
}
.hit + .hit { margin-top: 0.15em; }
.hit:hover { background: var(--_active); }
.hit[aria-selected="true"] { background: var(--_active); border-color: var(--_accent); }
.title { display: block; color: var(--_accent); font-size: 1.0625em; font-weight: 600; }
.hit:hover .title { text-decoration: underline; }
.snippet { display: block; margin: 0.2em 0 0; color: var(--_fg); }
.meta { display: block; margin: 0.2em 0 0; color: var(--_muted); font-size: 0.8125em; }
.meta span + span::before { content: "·"; margin: 0 0.5em; }
mark {
  display: inline;
  background: var(--_mark);
  color: var(--_mark-fg);
  border-radius: 2px;
  padding: 0 0.05em;
  font: inherit;
}
.more { display: block; margin: 0.5em 0.75em 0; color: var(--_muted); font-size: 0.8125em; }
.sr-only {
  position: absolute;
  width: 1px;
  height: 1px;
  margin: -1px;
  padding: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
  border: 0;
}
@media (forced-colors: active) {
  .hit[aria-selected="true"] { outline: 2px solid Highlight; }
  mark { forced-color-adjust: none; }
}
`;

let sheet = null;
function styleSheet() {
  if (!sheet && 'adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// One engine per index URL, shared by every element on the page. A failed load is forgotten so
// that the next interaction tries again.
const engines = new Map();
function engineFor(indexUrl) {
  let promise = engines.get(indexUrl);
  if (!promise) {
    promise = (async () => {
      const glue = await import(GLUE_URL.href);
      await glue.default({ module_or_path: WASM_URL });
      return glue.Engine.load(indexUrl);
    })();
    promise.catch(() => engines.delete(indexUrl));
    engines.set(indexUrl, promise);
  }
  return promise;
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'text') node.textContent = v;
    else if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

// Text with [start, end) char ranges wrapped in <mark>, as DOM nodes (never parsed as HTML).
function highlighted(text, ranges) {
  const chars = Array.from(text);
  const frag = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of [...(ranges || [])].sort((a, b) => a[0] - b[0])) {
    if (start < at || end <= start || end > chars.length) continue;
    if (start > at) frag.append(document.createTextNode(chars.slice(at, start).join('')));
    frag.append(el('mark', { text: chars.slice(start, end).join('') }));
    at = end;
  }
  if (at < chars.length) frag.append(document.createTextNode(chars.slice(at).join('')));
  return frag;
}

function message(error) {
  const text = error && typeof error === 'object' && 'message' in error ? error.message : String(error);
  return text || 'unknown error';
}

/** `query` cut to what the engine reads (never splitting a surrogate pair). */
function bounded(query) {
  if (query.length <= MAX_QUERY) return query;
  const cut = /[\uD800-\uDBFF]/.test(query[MAX_QUERY - 1]) ? MAX_QUERY - 1 : MAX_QUERY;
  return query.slice(0, cut);
}

/**
 * The query as quoted in a message: short, without control characters, and isolated (FSI…PDI)
 * so that right-to-left text or stray bidi controls in it cannot reorder the sentence around it.
 */
function quoted(query) {
  const chars = Array.from(query.trim().slice(0, 4 * QUOTE_CHARS).replace(/\p{Cc}/gu, ''));
  const text = chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}…` : chars.join('');
  return `\u2068${text}\u2069`;
}

let uid = 0;

class BulletinSearch extends HTMLElement {
  static get observedAttributes() {
    return ['placeholder', 'lang', 'limit', 'index'];
  }

  constructor() {
    super();
    this.seq = 0;          // last query sent; answers to older ones are dropped
    this.shown = 0;        // query whose answer is on screen
    this.section = null;   // selected section chip
    this.hits = [];
    this.active = -1;
    this.timer = 0;
    this.id_ = `bs${++uid}`;
    const root = this.attachShadow({ mode: 'open' });
    const shared = styleSheet();
    if (shared) root.adoptedStyleSheets = [shared];
    else root.append(el('style', { text: CSS }));

    const id = (s) => `${this.id_}-${s}`;
    this.label = el('label', { class: 'sr-only', for: id('q') });
    this.input = el('input', {
      id: id('q'),
      type: 'search',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': id('list'),
      'aria-describedby': id('hint'),
      autocomplete: 'off',
      autocapitalize: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
    });
    const icon = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    icon.setAttribute('class', 'icon');
    icon.setAttribute('viewBox', '0 0 24 24');
    icon.setAttribute('aria-hidden', 'true');
    const circle = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    circle.setAttribute('cx', '10.5');
    circle.setAttribute('cy', '10.5');
    circle.setAttribute('r', '6.5');
    const line = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    line.setAttribute('d', 'M15.5 15.5 21 21');
    icon.append(circle, line);
    this.clearButton = el('button', { class: 'clear', type: 'button', hidden: '' });
    this.clearButton.textContent = '✕';
    this.kbd = el('kbd', { 'aria-hidden': 'true', text: '/' });
    this.hint = el('span', { id: id('hint'), class: 'sr-only' });
    this.completions = el('div', { class: 'bar completions', hidden: '' });
    this.chips = el('div', { class: 'bar chips', role: 'group', hidden: '' });
    this.status = el('p', { class: 'status', hidden: '' });
    this.list = el('ul', { id: id('list'), class: 'list', role: 'listbox' });
    this.list.hidden = true;
    this.more = el('p', { class: 'more', hidden: '' });
    this.live = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.root = el(
      'div',
      { class: 'root', part: 'root' },
      this.label,
      el('div', { class: 'field', part: 'field' }, icon, this.input, this.clearButton, this.kbd),
      this.hint,
      this.completions,
      this.chips,
      this.status,
      this.list,
      this.more,
      this.live,
    );
    root.append(this.root);

    this.input.addEventListener('focus', () => this.warm());
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.clearButton.addEventListener('click', () => {
      this.clear();
      this.input.focus();
    });
    this.list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the box
    this.list.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option) this.open([...this.list.children].indexOf(option), e.ctrlKey || e.metaKey || e.shiftKey);
    });
    this.list.addEventListener('auxclick', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option && e.button === 1) this.open([...this.list.children].indexOf(option), true);
    });
    this.localize();
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === 'index') {
      this.hits = [];
      if (this.input.value.trim()) this.schedule();
    }
    if (name === 'lang' || name === 'placeholder') this.localize();
  }

  connectedCallback() {
    this.localize();
  }

  get t() {
    return (this.getAttribute('lang') || '').toLowerCase().startsWith('en') ? TEXT.en : TEXT['zh-CN'];
  }

  get indexUrl() {
    const attr = this.getAttribute('index');
    const url = attr ? new URL(attr, document.baseURI) : new URL(DEFAULT_INDEX);
    if (!url.pathname.endsWith('/') && !url.pathname.endsWith('.bin')) url.pathname += '/';
    return url.href;
  }

  get limit() {
    const n = Number.parseInt(this.getAttribute('limit') || '', 10);
    return Number.isFinite(n) && n > 0 ? Math.min(n, 100) : 10;
  }

  localize() {
    const t = this.t;
    this.root.setAttribute('lang', t === TEXT.en ? 'en' : 'zh-CN');
    this.label.textContent = t.label;
    this.input.placeholder = this.getAttribute('placeholder') || t.placeholder;
    this.hint.textContent = t.hint;
    this.list.setAttribute('aria-label', t.results);
    this.chips.setAttribute('aria-label', t.sections);
    this.clearButton.setAttribute('aria-label', t === TEXT.en ? 'Clear' : '清除');
  }

  /** Starts loading the engine and index (on focus), so the first query is quick. */
  warm() {
    engineFor(this.indexUrl).catch(() => {}); // shown when a query needs it
  }

  /** The raw engine answer for a query: the same hits as `bulletin search --json`. */
  async search(query, options = {}) {
    const engine = await engineFor(this.indexUrl);
    return engine.search(bounded(String(query)), { limit: this.limit, ...options });
  }

  /** Completions of the last word of `input`. */
  async complete(input, limit = COMPLETIONS) {
    const engine = await engineFor(this.indexUrl);
    return engine.complete(bounded(String(input)), limit);
  }

  schedule() {
    clearTimeout(this.timer);
    this.clearButton.hidden = !this.input.value;
    this.kbd.hidden = !!this.input.value;
    if (!this.input.value.trim()) {
      this.seq++;
      this.render(null);
      return;
    }
    this.timer = setTimeout(() => this.run(), DEBOUNCE_MS);
  }

  async run() {
    const seq = ++this.seq;
    const query = bounded(this.input.value);
    const section = this.section;
    let slow = setTimeout(() => seq === this.seq && this.setStatus(this.t.loading), 150);
    try {
      const engine = await engineFor(this.indexUrl);
      const [response, completions] = await Promise.all([
        engine.search(query, { limit: this.limit, section }),
        engine.complete(query, COMPLETIONS),
      ]);
      if (seq !== this.seq) return;
      this.render(response, completions);
      this.dispatchEvent(
        new CustomEvent('results', {
          detail: { query: response.query, total: response.total, hits: response.hits },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      if (seq !== this.seq) return;
      this.renderError(message(error));
    } finally {
      clearTimeout(slow);
    }
  }

  setStatus(text, error = false) {
    this.status.textContent = text || '';
    this.status.hidden = !text;
    this.status.classList.toggle('error', error);
    if (error) this.status.setAttribute('role', 'alert');
    else this.status.removeAttribute('role');
  }

  renderError(text) {
    this.render(null);
    this.setStatus(this.t.error(text), true);
  }

  clear() {
    this.input.value = '';
    this.section = null;
    this.schedule();
  }

  render(response, completions = []) {
    const t = this.t;
    this.hits = response ? response.hits : [];
    this.setActive(-1);
    this.list.replaceChildren();
    this.setStatus('');
    this.more.hidden = true;
    if (!response) {
      this.list.hidden = true;
      this.input.setAttribute('aria-expanded', 'false');
      this.chips.hidden = true;
      this.completions.hidden = true;
      this.live.textContent = '';
      return;
    }
    this.renderCompletions(completions);
    this.renderChips(response.sections);
    const base = new URL('../', this.indexUrl);
    response.hits.forEach((hit, i) => {
      // Options hold no links (an option must not contain interactive content); Enter or a
      // click opens the item, see open().
      const title = el('span', { class: 'title' });
      title.append(highlighted(hit.title, hit.title_highlights));
      const snippet = el('span', { class: 'snippet' });
      snippet.append(highlighted(hit.snippet, hit.snippet_highlights));
      const meta = el(
        'span',
        { class: 'meta' },
        el('span', { text: t.issue(hit.issue) }),
        el('span', {}, el('time', { datetime: hit.date, text: hit.date })),
        el('span', { text: hit.section }),
      );
      this.list.append(
        el(
          'li',
          { id: `${this.id_}-o${i}`, class: 'hit', role: 'option', 'aria-selected': 'false', 'data-href': new URL(hit.url, base).href },
          title,
          snippet,
          meta,
        ),
      );
    });
    const open = response.hits.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    if (!open) this.setStatus(t.none(quoted(response.query)));
    else if (response.total > response.hits.length) {
      this.more.textContent = t.more(response.total - response.hits.length);
      this.more.hidden = false;
    }
    this.live.textContent = t.found(response.total);
  }

  renderChips(sections) {
    const t = this.t;
    const list = [...(sections || [])];
    if (this.section && !list.some((s) => s.value === this.section)) list.push({ value: this.section, count: 0 });
    // Re-rendering replaces the buttons: keep keyboard focus on the chip that had it.
    const focused = this.shadowRoot.activeElement;
    const refocus = focused && this.chips.contains(focused) ? focused.dataset.value : undefined;
    this.chips.replaceChildren();
    if (list.length < 2 && !this.section) {
      this.chips.hidden = true;
      return;
    }
    const all = list.reduce((n, s) => n + s.count, 0);
    const chip = (label, count, value) => {
      const b = el('button', { class: 'chip', type: 'button', 'aria-pressed': String(this.section === value), 'data-value': value ?? '' });
      b.append(label, el('span', { class: 'count', text: String(count) }));
      b.addEventListener('click', () => {
        this.section = value;
        this.run();
      });
      return b;
    };
    this.chips.append(chip(t.all, all, null), ...list.map((s) => chip(s.value, s.count, s.value)));
    this.chips.hidden = false;
    if (refocus !== undefined) [...this.chips.children].find((b) => b.dataset.value === refocus)?.focus();
  }

  renderCompletions(completions) {
    this.completions.replaceChildren();
    const useful = (completions || []).filter((c) => c.query !== this.input.value);
    if (!useful.length) {
      this.completions.hidden = true;
      return;
    }
    this.completions.append(el('span', { class: 'bar-label', text: this.t.suggestions }));
    for (const c of useful) {
      const b = el('button', { class: 'completion', type: 'button' });
      b.append(c.word, el('span', { class: 'count', text: String(c.count) }));
      b.addEventListener('click', () => {
        this.input.value = c.query;
        this.input.focus();
        this.schedule();
      });
      this.completions.append(b);
    }
    this.completions.hidden = false;
  }

  /**
   * Opens hit `i` in its issue page (a new tab when asked). A host page can handle it instead by
   * cancelling the `open` event (detail: {hit, url}).
   */
  open(i, newTab = false) {
    const option = this.list.children[i];
    if (!option) return;
    const url = option.dataset.href;
    const event = new CustomEvent('open', { detail: { hit: this.hits[i], url }, bubbles: true, composed: true, cancelable: true });
    if (!this.dispatchEvent(event)) return;
    if (newTab) window.open(url, '_blank', 'noopener');
    else window.location.assign(url);
  }

  setActive(i) {
    const options = this.list.children;
    if (this.active >= 0 && options[this.active]) options[this.active].setAttribute('aria-selected', 'false');
    this.active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute('aria-selected', 'true');
      this.input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  onKey(e) {
    if (e.isComposing) return; // an IME is composing Chinese; its keys are not ours
    const n = this.list.children.length;
    switch (e.key) {
      case 'ArrowDown':
        if (!n) return;
        e.preventDefault();
        this.setActive(this.active + 1 >= n ? 0 : this.active + 1);
        break;
      case 'ArrowUp':
        if (!n) return;
        e.preventDefault();
        this.setActive(this.active <= 0 ? n - 1 : this.active - 1);
        break;
      case 'Enter': {
        e.preventDefault();
        const i = this.active >= 0 ? this.active : n ? 0 : -1;
        if (i >= 0) this.open(i, e.ctrlKey || e.metaKey || e.shiftKey);
        else {
          clearTimeout(this.timer);
          if (this.input.value.trim()) this.run();
        }
        break;
      }
      case 'Escape':
        e.preventDefault();
        if (this.input.value) this.clear();
        else this.input.blur();
        break;
      default:
    }
  }
}

// "/" focuses the first search box, unless the visitor is typing somewhere else.
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  const target = e.composedPath()[0];
  if (target instanceof Element && target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return;
  const box = document.querySelector('bulletin-search');
  if (!box || !box.shadowRoot) return;
  e.preventDefault();
  box.shadowRoot.querySelector('input').focus();
});

if (!customElements.get('bulletin-search')) customElements.define('bulletin-search', BulletinSearch);

export { BulletinSearch };
