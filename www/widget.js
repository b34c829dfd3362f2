// <bulletin-search>: the embeddable search box of 《行业动态周报》.
//
//   <script type="module" src="https://example.org/search/widget.js"></script>
//   <bulletin-search></bulletin-search>
//
// Attributes: index (URL of the index folder; default: ./index/ beside this script),
// placeholder, limit (hits shown, default 10), lang ("zh-CN" default, or "en").
// Events: "results" with detail {query, total, hits, partial, expanded, suggestions, sections,
// issues, years} after every answered query (query as the engine read it: at most MAX_QUERY code
// units; partial and expanded as the engine answers them; the facets are [{value, count}]); "open"
// (cancelable) with detail {hit, url} before a chosen hit is opened.
// Method: search(query, options), the engine's answer for a query (the hits of `bulletin search
// --json`), without showing it. Everything else of the element is private.
// Filters: chips per section, issue and year (shown when there is a choice or one is selected);
// they are passed to the engine as search options, which take precedence over the same filter
// written in the query (section:, issue:, dates). A query that finds nothing offers the engine's
// "did you mean" queries as buttons, and the items that hold every word but one as a group of
// partial matches, each naming the word it lacks. A query word that is one of several names of a
// body says which other names were searched. A "?" button beside the box shows the query syntax
// (syntax.js, bundled into the shipped widget.js).
// Theming: CSS custom properties on the element (--bs-accent, --bs-bg, --bs-fg, --bs-muted,
// --bs-border, --bs-mark, --bs-radius, --bs-font, --bs-font-size).
//
// This file is the view only: parsing, matching, ranking, snippets and highlights are the Rust
// engine's (engine.js, with the wasm-bindgen glue bundled in, loads the Wasm module). Indexed
// text is only ever put into the page with textContent.
// Nothing is fetched before the visitor focuses the box or types into it.
import { SYNTAX } from './syntax.js';

const LOADER_URL = new URL('./engine.js', import.meta.url);
const DEFAULT_INDEX = new URL('./index/', import.meta.url);
const DEBOUNCE_MS = 50;
const COMPLETIONS = 5;
// UTF-16 code units of a query handed to the engine. The core reads only its first 256 characters
// (MAX_QUERY_CHARS in src/query.rs); cutting here keeps a pasted megabyte from being copied into
// Wasm memory, echoed back and laid out.
const MAX_QUERY = 1024;
// Characters of the query quoted back in a message.
const QUOTE_CHARS = 40;

// The texts of each language. `sentences` joins what the live region announces: the status line,
// then what is shown below it.
const TEXT = {
  'zh-CN': {
    placeholder: '搜索行业动态周报，如：微短剧、曹淑敏、AI',
    label: '搜索行业动态周报',
    results: '搜索结果',
    sections: '按栏目筛选',
    issues: '按期数筛选',
    years: '按年份筛选',
    all: '全部',
    clear: '清除',
    year: (y) => `${y} 年`,
    chip: (label, n) => `${label}，${n} 条结果`,
    suggestions: '补全：',
    didYouMean: '您是不是要找：',
    offered: (list) => `您是不是要找：${list.join('、')}`,
    found: (n) => `找到 ${n} 条结果`,
    none: (q) => `没有找到与“${q}”相关的结果`,
    partialNone: '未找到同时包含全部词语的条目',
    partialSaid: (n) => `未找到同时包含全部词语的条目，另有 ${n} 条部分匹配`,
    partial: '部分匹配',
    missing: '缺少：',
    alsoSearched: '也搜索了：',
    names: (list) => list.join('、'),
    sentences: (list) => list.join('。'),
    help: '搜索语法',
    helpColumns: ['写法', '作用'],
    parens: ['（', '）'],
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
    issues: 'Filter by issue',
    years: 'Filter by year',
    all: 'All',
    clear: 'Clear',
    year: (y) => String(y),
    chip: (label, n) => `${label}, ${n === 1 ? '1 result' : `${n} results`}`,
    suggestions: 'Complete:',
    didYouMean: 'Did you mean:',
    offered: (list) => `Did you mean: ${list.join(', ')}`,
    found: (n) => (n === 1 ? '1 result' : `${n} results`),
    none: (q) => `No results for “${q}”`,
    partialNone: 'No item contains all the words',
    partialSaid: (n) => `No item contains all the words; ${n === 1 ? '1 partial match' : `${n} partial matches`}`,
    partial: 'Partial matches',
    missing: 'Missing: ',
    alsoSearched: 'Also searched: ',
    names: (list) => list.join(', '),
    sentences: (list) => list.join('. '),
    help: 'Search syntax',
    helpColumns: ['Syntax', 'Meaning'],
    parens: ['(', ')'],
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
input::-webkit-search-cancel-button { -webkit-appearance: none; appearance: none; display: none; }
input::-webkit-search-decoration { -webkit-appearance: none; appearance: none; display: none; }
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
.clear:hover, .help-toggle:hover { background: var(--_active); }
.help-toggle {
  display: inline-flex;
  flex: none;
  align-items: center;
  justify-content: center;
  width: 1.6em;
  height: 1.6em;
  margin: 0;
  padding: 0;
  border: 1px solid var(--_border);
  border-radius: 50%;
  background: transparent;
  color: var(--_muted);
  font: inherit;
  font-size: 0.875em;
  font-weight: 600;
  line-height: 1;
  cursor: pointer;
}
.help-toggle[aria-expanded="true"] { border-color: var(--_accent); color: var(--_accent); }
.help {
  display: block;
  margin: 0.5em 0 0;
  padding: 0.5em 0.75em;
  border: 1px solid var(--_border);
  border-radius: var(--_radius);
  font-size: 0.875em;
  overflow-x: auto;
}
.help table { border-collapse: collapse; width: 100%; }
.help caption { text-align: start; font-weight: 600; padding: 0 0 0.3em; }
.help th, .help td { padding: 0.2em 0.5em 0.2em 0; text-align: start; vertical-align: top; font-weight: normal; }
.help th { color: var(--_muted); }
.help tr > :first-child { width: 1%; padding-inline-end: 2em; white-space: nowrap; }
.help tbody tr + tr td { border-top: 1px solid var(--_border); }
code {
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: 0.95em;
  white-space: nowrap;
}
.help code + code, .help .spelled { margin-inline-start: 0.75em; }
.help .spelled { white-space: nowrap; }
[hidden] { display: none !important; }
button:focus-visible, a:focus-visible { outline: 3px solid var(--_accent); outline-offset: 2px; }
.bar { display: flex; flex-wrap: wrap; gap: 0.4em; align-items: center; margin: 0.6em 0 0; padding: 0; }
.bar-label { color: var(--_muted); font-size: 0.875em; }
.chip, .completion, .suggestion {
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
.chip:hover, .completion:hover, .suggestion:hover { border-color: var(--_accent); }
.suggestion { color: var(--_accent); font-weight: 600; }
.facets { display: block; }
.facets .bar + .bar { margin-top: 0.4em; }
.chip[aria-pressed="true"] { background: var(--_accent); border-color: var(--_accent); color: var(--_bg); }
.count { opacity: 0.8; margin-inline-start: 0.3em; }
.chip .count { margin-inline-start: 0.05em; }
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
.also { display: block; margin: 0.25em 0 0; color: var(--_muted); font-size: 0.875em; }
.also-names { color: var(--_fg); }
.group { display: block; margin: 0; padding: 0; }
.group-label {
  display: block;
  margin: 0.25em 0 0.35em;
  padding: 0.1em 0.75em;
  border-inline-start: 3px solid var(--_border);
  color: var(--_muted);
  font-size: 0.875em;
  font-weight: 600;
}
.group-list { display: block; list-style: none; margin: 0; padding: 0; }
.missing { display: block; margin: 0.1em 0 0; color: var(--_muted); font-size: 0.875em; }
.missing s { color: var(--_fg); text-decoration-thickness: 2px; text-decoration-color: var(--_accent); unicode-bidi: isolate; }
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

// The engine loader (engine.js) is imported on first use, so nothing loads with the page; it
// shares one engine per index URL between every element and forgets failed loads.
function engineFor(indexUrl) {
  return import(LOADER_URL.href).then((loader) => loader.loadEngine(indexUrl));
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

/** Text typed by the visitor as shown back: short and without control characters. */
function brief(text) {
  const chars = Array.from(text.trim().slice(0, 4 * QUOTE_CHARS).replace(/\p{Cc}/gu, ''));
  return chars.length > QUOTE_CHARS ? `${chars.slice(0, QUOTE_CHARS).join('')}…` : chars.join('');
}

/**
 * The query as quoted in a message: brief, and isolated (FSI…PDI) so that right-to-left text or
 * stray bidi controls in it cannot reorder the sentence around it.
 */
function quoted(query) {
  return `\u2068${brief(query)}\u2069`;
}

let uid = 0;

// Its state and helpers are private fields and methods: a host page reaches the element only
// through its attributes, events and search().
class BulletinSearch extends HTMLElement {
  static get observedAttributes() {
    return ['placeholder', 'lang', 'limit', 'index'];
  }

  #seq = 0; // last query sent; answers to older ones are dropped
  #filters = { section: null, issue: null, year: null }; // selected chips: a section name, an issue and a year as strings
  #items = []; // the hits shown as options, or the partial matches when there are no hits
  #active = -1; // the active option
  #timer = 0;
  #response = null; // the answer on screen, re-rendered when the language changes
  #completionList = [];
  #id = `bs${++uid}`;
  // The shadow root's elements.
  #root;
  #label;
  #input;
  #clearButton;
  #kbd;
  #helpButton;
  #help;
  #hint;
  #completions;
  #facets;
  #chips; // one group of chips per facet: section, issue, year
  #status;
  #also;
  #didYouMean;
  #list;
  #more;
  #live;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const shared = styleSheet();
    if (shared) root.adoptedStyleSheets = [shared];
    else root.append(el('style', { text: CSS }));

    const id = (s) => `${this.#id}-${s}`;
    this.#label = el('label', { class: 'sr-only', for: id('q') });
    this.#input = el('input', {
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
    this.#clearButton = el('button', { class: 'clear', type: 'button', hidden: '', text: '✕' });
    this.#kbd = el('kbd', { 'aria-hidden': 'true', text: '/' });
    // A disclosure button: the syntax table below the box.
    this.#helpButton = el('button', {
      class: 'help-toggle',
      type: 'button',
      'aria-expanded': 'false',
      'aria-controls': id('help'),
      text: '?',
    });
    this.#help = el('div', { id: id('help'), class: 'help', hidden: '' });
    this.#hint = el('span', { id: id('hint'), class: 'sr-only' });
    this.#completions = el('div', { class: 'bar completions', hidden: '' });
    // Filter chips: one labelled group of toggle buttons per facet.
    const group = (facet) => el('div', { class: 'bar chips', role: 'group', 'data-facet': facet, hidden: '' });
    this.#chips = { section: group('section'), issue: group('issue'), year: group('year') };
    this.#facets = el('div', { class: 'facets' }, this.#chips.section, this.#chips.issue, this.#chips.year);
    this.#status = el('p', { class: 'status', hidden: '' });
    this.#also = el('p', { class: 'also', hidden: '' });
    this.#didYouMean = el('div', { class: 'bar did-you-mean', hidden: '' });
    // The options are the hits, or else a group of partial matches; never both.
    this.#list = el('ul', { id: id('list'), class: 'list', role: 'listbox' });
    this.#list.hidden = true;
    this.#more = el('p', { class: 'more', hidden: '' });
    this.#live = el('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.#root = el(
      'div',
      { class: 'root', part: 'root' },
      this.#label,
      el('div', { class: 'field', part: 'field' }, icon, this.#input, this.#clearButton, this.#kbd, this.#helpButton),
      this.#hint,
      this.#help,
      this.#completions,
      this.#facets,
      this.#status,
      this.#also,
      this.#didYouMean,
      this.#list,
      this.#more,
      this.#live,
    );
    root.append(this.#root);

    this.#input.addEventListener('focus', () => this.#warm());
    this.#input.addEventListener('input', () => this.#schedule());
    this.#input.addEventListener('keydown', (e) => this.#onKey(e));
    this.#clearButton.addEventListener('click', () => {
      this.#clear();
      this.#input.focus();
    });
    this.#helpButton.addEventListener('click', () => this.#toggleHelp());
    // Esc in the open syntax help closes it and returns to its button.
    const closeHelp = (e) => {
      if (e.key !== 'Escape' || this.#help.hidden) return;
      e.preventDefault();
      e.stopPropagation();
      this.#toggleHelp(false);
      this.#helpButton.focus();
    };
    this.#helpButton.addEventListener('keydown', closeHelp);
    this.#help.addEventListener('keydown', closeHelp);
    this.#list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the box
    this.#list.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option) this.#open(this.#options().indexOf(option), e.ctrlKey || e.metaKey || e.shiftKey);
    });
    this.#list.addEventListener('auxclick', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option && e.button === 1) this.#open(this.#options().indexOf(option), true);
    });
    this.#localize();
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    if (name === 'index') {
      this.#items = [];
      if (this.#input.value.trim()) this.#schedule();
    }
    if (name === 'lang' || name === 'placeholder') this.#localize();
  }

  connectedCallback() {
    this.#localize();
  }

  /** The raw engine answer for a query: the same hits as `bulletin search --json`. */
  async search(query, options = {}) {
    const engine = await engineFor(this.#indexUrl);
    return engine.search(bounded(String(query)), { limit: this.#limit, ...options });
  }

  get #t() {
    return (this.getAttribute('lang') || '').toLowerCase().startsWith('en') ? TEXT.en : TEXT['zh-CN'];
  }

  get #indexUrl() {
    const attr = this.getAttribute('index');
    const url = attr ? new URL(attr, document.baseURI) : new URL(DEFAULT_INDEX);
    if (!url.pathname.endsWith('/') && !url.pathname.endsWith('.bin')) url.pathname += '/';
    return url.href;
  }

  get #limit() {
    const n = Number.parseInt(this.getAttribute('limit') || '', 10);
    return Number.isFinite(n) && n > 0 ? Math.min(n, 100) : 10;
  }

  #localize() {
    const t = this.#t;
    this.#root.setAttribute('lang', t === TEXT.en ? 'en' : 'zh-CN');
    this.#label.textContent = t.label;
    this.#input.placeholder = this.getAttribute('placeholder') || t.placeholder;
    this.#hint.textContent = t.hint;
    this.#list.setAttribute('aria-label', t.results);
    this.#chips.section.setAttribute('aria-label', t.sections);
    this.#chips.issue.setAttribute('aria-label', t.issues);
    this.#chips.year.setAttribute('aria-label', t.years);
    this.#clearButton.setAttribute('aria-label', t.clear);
    this.#helpButton.setAttribute('aria-label', t.help);
    this.#renderHelp();
    // Chips and messages are in the language they were written in: redo them.
    if (this.#response) this.#render(this.#response, this.#completionList);
  }

  /** The syntax table, from syntax.js (rebuilt when the language changes). */
  #renderHelp() {
    const t = this.#t;
    const lang = t === TEXT.en ? 'en' : 'zh';
    const han = /\p{Script=Han}/u;
    const code = (text) => el('code', han.test(text) ? { lang: 'zh-CN', text } : { text });
    const rows = SYNTAX.map((row) => {
      const cell = el('td', {}, ...row.examples.map(code));
      if (row.also) cell.append(el('span', { class: 'spelled' }, t.parens[0], ...row.also.map(code), t.parens[1]));
      return el('tr', {}, cell, el('td', { text: row[lang] }));
    });
    const [syntax, meaning] = t.helpColumns;
    this.#help.replaceChildren(
      el(
        'table',
        {},
        el('caption', { text: t.help }),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: syntax }), el('th', { scope: 'col', text: meaning }))),
        el('tbody', {}, ...rows),
      ),
    );
  }

  /** Shows or hides the syntax help (toggles without an argument). */
  #toggleHelp(open = this.#help.hidden) {
    this.#help.hidden = !open;
    this.#helpButton.setAttribute('aria-expanded', String(open));
  }

  /** The engine's options for the selected chips. */
  #searchOptions() {
    const { section, issue, year } = this.#filters;
    const options = {};
    if (section !== null) options.section = section;
    if (issue !== null) options.issue = Number(issue);
    if (year !== null) {
      options.from = `${year}-01-01`;
      options.to = `${year}-12-31`;
    }
    return options;
  }

  /** Starts loading the engine and index (on focus), so the first query is quick. */
  #warm() {
    engineFor(this.#indexUrl).catch(() => {}); // shown when a query needs it
  }

  #schedule() {
    clearTimeout(this.#timer);
    this.#clearButton.hidden = !this.#input.value;
    this.#kbd.hidden = !!this.#input.value;
    if (!this.#input.value.trim()) {
      this.#seq++;
      this.#render(null);
      return;
    }
    this.#timer = setTimeout(() => this.#run(), DEBOUNCE_MS);
  }

  async #run() {
    const seq = ++this.#seq;
    const query = bounded(this.#input.value);
    const options = this.#searchOptions();
    const slow = setTimeout(() => seq === this.#seq && this.#setStatus(this.#t.loading), 150);
    try {
      const engine = await engineFor(this.#indexUrl);
      const [response, completions] = await Promise.all([
        engine.search(query, { limit: this.#limit, ...options }),
        engine.complete(query, COMPLETIONS),
      ]);
      if (seq !== this.#seq) return;
      this.#render(response, completions);
      this.dispatchEvent(
        new CustomEvent('results', {
          detail: {
            query: response.query,
            total: response.total,
            hits: response.hits,
            partial: response.partial || [],
            expanded: response.expanded || [],
            suggestions: response.suggestions || [],
            sections: response.sections || [],
            issues: response.issues || [],
            years: response.years || [],
          },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      if (seq !== this.#seq) return;
      this.#renderError(message(error));
    } finally {
      clearTimeout(slow);
    }
  }

  #setStatus(text, error = false) {
    this.#status.textContent = text || '';
    this.#status.hidden = !text;
    this.#status.classList.toggle('error', error);
    if (error) this.#status.setAttribute('role', 'alert');
    else this.#status.removeAttribute('role');
  }

  #renderError(text) {
    this.#render(null);
    this.#setStatus(this.#t.error(text), true);
  }

  #clear() {
    this.#input.value = '';
    this.#filters = { section: null, issue: null, year: null };
    this.#schedule();
  }

  #render(response, completions = []) {
    const t = this.#t;
    this.#response = response;
    this.#completionList = completions;
    this.#setActive(-1);
    this.#list.replaceChildren();
    this.#setStatus('');
    this.#more.hidden = true;
    this.#also.hidden = true;
    if (!response) {
      this.#items = [];
      this.#list.hidden = true;
      this.#input.setAttribute('aria-expanded', 'false');
      for (const group of this.#facets.children) group.hidden = true;
      this.#completions.hidden = true;
      this.#didYouMean.hidden = true;
      this.#live.textContent = '';
      return;
    }
    this.#renderCompletions(completions);
    this.#renderChips(response);
    const base = new URL('../', this.#indexUrl);
    const { hits } = response;
    const partial = hits.length ? [] : response.partial || [];
    this.#items = hits.length ? hits : partial;
    if (hits.length) {
      this.#list.append(...hits.map((hit, i) => this.#option(hit, `o${i}`, base)));
    } else if (partial.length) {
      // Partial matches are options too (the keyboard reaches them), in a group of their own whose
      // label is on screen. (An <li> may not be a group: the group is inside one without a role.)
      const label = `${this.#id}-partial`;
      const options = partial.map((hit, i) => this.#option(hit, `p${i}`, base));
      const group = el(
        'div',
        { class: 'group', role: 'group', 'aria-labelledby': label },
        el('span', { id: label, class: 'group-label', text: t.partial }),
        el('ul', { class: 'group-list', role: 'none' }, ...options),
      );
      this.#list.append(el('li', { role: 'none' }, group));
    }
    const open = this.#items.length > 0;
    this.#list.hidden = !open;
    this.#input.setAttribute('aria-expanded', String(open));

    const said = hits.length ? t.found(response.total) : partial.length ? t.partialNone : t.none(quoted(response.query));
    this.#setStatus(said);
    // The live region announces what the status line says, with the number of partial matches
    // and the queries offered below it (not the other names searched: said at every keystroke,
    // they would drown the count).
    const announced = [partial.length ? t.partialSaid(partial.length) : said];
    const names = open ? response.expanded || [] : [];
    if (names.length) {
      this.#also.replaceChildren(t.alsoSearched, el('span', { class: 'also-names', text: t.names(names) }));
      this.#also.hidden = false;
    }
    const offered = this.#renderDidYouMean(hits.length ? [] : response.suggestions);
    if (offered.length) announced.push(t.offered(offered.map(quoted)));
    if (hits.length && response.total > hits.length) {
      this.#more.textContent = t.more(response.total - hits.length);
      this.#more.hidden = false;
    }
    this.#live.textContent = t.sentences(announced);
  }

  /**
   * One hit as an option: headline and snippet with their highlights, the word a partial match
   * lacks (struck through), then issue, date and section. Options hold no links (an option must
   * not contain interactive content); Enter or a click opens the item, see #open().
   */
  #option(hit, key, base) {
    const t = this.#t;
    const title = el('span', { class: 'title' }, highlighted(hit.title, hit.title_highlights));
    // The word as typed, isolated by its element's style (unicode-bidi) like a quoted query.
    const missing = hit.missing == null ? [] : [el('span', { class: 'missing' }, t.missing, el('s', { text: brief(hit.missing) }))];
    const snippet = el('span', { class: 'snippet' }, highlighted(hit.snippet, hit.snippet_highlights));
    const meta = el(
      'span',
      { class: 'meta' },
      el('span', { text: t.issue(hit.issue) }),
      el('span', {}, el('time', { datetime: hit.date, text: hit.date })),
      el('span', { text: hit.section }),
    );
    const props = { id: `${this.#id}-${key}`, class: 'hit', role: 'option', 'aria-selected': 'false', 'data-href': new URL(hit.url, base).href };
    return el('li', props, title, ...missing, snippet, meta);
  }

  /** The options shown, hits or partial matches, in order. */
  #options() {
    return [...this.#list.querySelectorAll('[role="option"]')];
  }

  /**
   * The chips of every facet: sections (with "all"), issues and years. A facet shows when it has
   * more than one value or one of its values is selected; a selected value the query no longer
   * finds stays, with 0. Pressing a chip selects its value, pressing it again clears it.
   */
  #renderChips(response) {
    const t = this.#t;
    // Re-rendering replaces the buttons: keep keyboard focus on the chip that had it.
    const focused = this.shadowRoot.activeElement;
    const refocus =
      focused && this.#facets.contains(focused) ? [focused.parentElement.dataset.facet, focused.dataset.value] : null;
    const facets = [
      { key: 'section', values: response.sections, label: (v) => v, all: true },
      { key: 'issue', values: response.issues, label: (v) => t.issue(v) },
      { key: 'year', values: response.years, label: (v) => t.year(v) },
    ];
    for (const { key, values, label, all } of facets) {
      const group = this.#chips[key];
      const selected = this.#filters[key];
      const list = [...(values || [])];
      if (selected !== null && !list.some((f) => f.value === selected)) list.push({ value: selected, count: 0 });
      group.replaceChildren();
      if (list.length < 2 && selected === null) {
        group.hidden = true;
        continue;
      }
      const chip = (text, count, value) => {
        const b = el('button', {
          class: 'chip',
          type: 'button',
          'aria-pressed': String(selected === value),
          'aria-label': t.chip(text, count),
          'data-value': value ?? '',
        });
        // The space makes the visible text ("All 2") a part of the name ("All, 2 results"), as
        // speech input users say what they see.
        b.append(text, ' ', el('span', { class: 'count', 'aria-hidden': 'true', text: String(count) }));
        b.addEventListener('click', () => {
          this.#filters[key] = value === null || this.#filters[key] === value ? null : value;
          this.#run();
        });
        return b;
      };
      if (all) group.append(chip(t.all, list.reduce((n, f) => n + f.count, 0), null));
      group.append(...list.map((f) => chip(label(f.value), f.count, f.value)));
      group.hidden = false;
    }
    if (refocus) {
      const [facet, value] = refocus;
      const group = [...this.#facets.children].find((g) => g.dataset.facet === facet && !g.hidden);
      const target = group && ([...group.children].find((b) => b.dataset.value === value) || group.firstElementChild);
      // The group went away (its last filter was cleared): back to the box.
      (target || this.#input).focus();
    }
  }

  /** The "did you mean" buttons for a query that found nothing; returns the queries offered. */
  #renderDidYouMean(suggestions) {
    this.#didYouMean.replaceChildren();
    const current = this.#input.value.trim();
    const offered = [...new Set(suggestions || [])].filter((s) => s && s !== current);
    if (!offered.length) {
      this.#didYouMean.hidden = true;
      return offered;
    }
    this.#didYouMean.append(el('span', { class: 'bar-label', text: this.#t.didYouMean }));
    for (const query of offered) {
      const b = el('button', { class: 'suggestion', type: 'button', text: query });
      b.addEventListener('click', () => {
        this.#input.value = query;
        this.#input.focus();
        this.#schedule();
      });
      this.#didYouMean.append(b);
    }
    this.#didYouMean.hidden = false;
    return offered;
  }

  #renderCompletions(completions) {
    this.#completions.replaceChildren();
    const useful = (completions || []).filter((c) => c.query !== this.#input.value);
    if (!useful.length) {
      this.#completions.hidden = true;
      return;
    }
    this.#completions.append(el('span', { class: 'bar-label', text: this.#t.suggestions }));
    for (const c of useful) {
      const b = el('button', { class: 'completion', type: 'button' }, c.word, el('span', { class: 'count', text: String(c.count) }));
      b.addEventListener('click', () => {
        this.#input.value = c.query;
        this.#input.focus();
        this.#schedule();
      });
      this.#completions.append(b);
    }
    this.#completions.hidden = false;
  }

  /**
   * Opens option `i` (a hit or a partial match) in its issue page (a new tab when asked). A host
   * page can handle it instead by cancelling the `open` event (detail: {hit, url}).
   */
  #open(i, newTab = false) {
    const option = this.#options()[i];
    if (!option) return;
    const url = option.dataset.href;
    const event = new CustomEvent('open', { detail: { hit: this.#items[i], url }, bubbles: true, composed: true, cancelable: true });
    if (!this.dispatchEvent(event)) return;
    if (newTab) window.open(url, '_blank', 'noopener');
    else window.location.assign(url);
  }

  #setActive(i) {
    const options = this.#options();
    if (this.#active >= 0 && options[this.#active]) options[this.#active].setAttribute('aria-selected', 'false');
    this.#active = i;
    if (i >= 0 && options[i]) {
      options[i].setAttribute('aria-selected', 'true');
      this.#input.setAttribute('aria-activedescendant', options[i].id);
      options[i].scrollIntoView({ block: 'nearest' });
    } else {
      this.#input.removeAttribute('aria-activedescendant');
    }
  }

  #onKey(e) {
    if (e.isComposing) return; // an IME is composing Chinese; its keys are not ours
    const n = this.#options().length;
    switch (e.key) {
      case 'ArrowDown':
        if (!n) return;
        e.preventDefault();
        this.#setActive(this.#active + 1 >= n ? 0 : this.#active + 1);
        break;
      case 'ArrowUp':
        if (!n) return;
        e.preventDefault();
        this.#setActive(this.#active <= 0 ? n - 1 : this.#active - 1);
        break;
      case 'Enter': {
        e.preventDefault();
        const i = this.#active >= 0 ? this.#active : n ? 0 : -1;
        if (i >= 0) this.#open(i, e.ctrlKey || e.metaKey || e.shiftKey);
        else {
          clearTimeout(this.#timer);
          if (this.#input.value.trim()) this.#run();
        }
        break;
      }
      case 'Escape':
        e.preventDefault();
        if (this.#input.value) this.#clear();
        else this.#input.blur();
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
