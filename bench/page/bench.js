// The benchmark page's one module: loads an engine the way a visitor's page does (dynamic import
// of the engine's own script, then search) and renders the first 10 results as DOM nodes.
//
//   bench.html?engine=ours|pagefind&q=QUERY   cold run: window.__cold = {ms, total, ids} once
//                                             the results of QUERY are laid out, ms counted
//                                             from the start of this script; then the console
//                                             line `bench:cold` tells the harness (which thus
//                                             runs no script in the page while it is timed)
//   bench.html?engine=…                       warm runs: the harness calls window.bench.*
//
// The served folder (tools/bench.sh) holds ours/ = dist/'s engine files with ours/index/ = the
// benchmark index, and pf/ = the item pages with pf/pagefind/ = Pagefind's bundle.
// `ours` has two modes, &ours=glue|widget:
//   glue    imports dist's engine loader (ours/engine.js: the wasm-bindgen glue and the gzipped
//           module) and calls loadEngine + engine.search, as an embedder's own script would (the
//           default: the same use of the engine's API as Pagefind's pagefind.js is used here);
//   widget  imports dist's widget.js and puts a <bulletin-search> element on the page, types the
//           query into its box and waits for its `results` event (after its 50 ms debounce):
//           what a visitor of the demo page gets.
const T0 = performance.now();
const params = new URLSearchParams(location.search);
const which = params.get('engine');
const oursMode = params.get('ours') || 'glue';
const LIMIT = 10;
// Where the cold time of `ours` (glue mode) goes: engine compiled, manifest opened (ms from T0).
const phases = {};

const engines = {
  async ours() {
    if (oursMode === 'widget') return widgetEngine();
    const { loadEngine } = await import('./ours/engine.js');
    const engine = await loadEngine(new URL('./ours/index/', location.href).href);
    phases.manifest_ms = performance.now() - T0;
    return {
      async search(q) {
        const r = await engine.search(q, { limit: LIMIT });
        return { total: r.total, hits: r.hits.map((h) => ({ id: h.id, title: h.title, snippet: h.snippet })) };
      },
    };
  },

  async pagefind() {
    const pf = await import('./pf/pagefind/pagefind.js');
    const idOf = (url) => url.replace(/^.*\/items\//, '').replace(/\.html$/, '');
    return {
      async search(q) {
        const s = await pf.search(q);
        if (!s) return { total: 0, hits: [] }; // superseded
        const data = await Promise.all(s.results.slice(0, LIMIT).map((r) => r.data()));
        return {
          total: s.results.length,
          hits: data.map((d) => ({ id: idOf(d.url), title: d.meta?.title ?? '', snippet: d.excerpt ?? '' })),
        };
      },
      // Every result's page hash (not timed): the harness maps hashes to items offline.
      async allIds(q) {
        const s = await pf.search(q);
        return s.results.map((r) => r.id);
      },
    };
  },
};

// The widget adapter: a <bulletin-search> element whose box gets the query as if typed.
async function widgetEngine() {
  await import('./ours/widget.js');
  const el = document.createElement('bulletin-search');
  el.setAttribute('index', new URL('./ours/index/', location.href).href);
  el.setAttribute('limit', String(LIMIT));
  document.body.prepend(el);
  await customElements.whenDefined('bulletin-search');
  const box = el.shadowRoot.querySelector('input');
  return {
    search(q) {
      return new Promise((resolve) => {
        const onResults = (e) => {
          if (e.detail.query !== q) return;
          el.removeEventListener('results', onResults);
          resolve({ total: e.detail.total, hits: e.detail.hits.map((h) => ({ id: h.id })) });
        };
        el.addEventListener('results', onResults);
        box.focus();
        box.value = q;
        box.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, data: q }));
      });
    },
  };
}

let enginePromise = null;
const engine = () => (enginePromise ??= engines[which]());

function render(hits) {
  const ol = document.getElementById('results');
  ol.replaceChildren(
    ...hits.map((h) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.textContent = h.title;
      const p = document.createElement('p');
      p.textContent = h.snippet;
      li.append(a, p);
      return li;
    }),
  );
  // Forces style and layout: the results are on screen as far as this page can tell.
  void ol.getBoundingClientRect().height;
}

async function search(q) {
  const e = await engine();
  const t = performance.now();
  const r = await e.search(q);
  // The engine's own part: its answer, before this page lays it out.
  r.engineMs = performance.now() - t;
  if (!(which === 'ours' && oursMode === 'widget')) render(r.hits);
  return r;
}

window.bench = {
  ready: () => engine().then(() => true),
  // The rendering a keystroke includes, on its own (bench/split.mjs times it apart).
  render,
  // One keystroke: from the new input to its results laid out, and the engine's part of it.
  async keystroke(q) {
    const t = performance.now();
    const r = await search(q);
    return { ms: performance.now() - t, engineMs: r.engineMs, total: r.total };
  },
  async allIds(q) {
    const e = await engine();
    return e.allIds ? e.allIds(q) : null;
  },
};

const q = params.get('q');
if (q !== null) {
  search(q)
    .then(
      (r) => { window.__cold = { ms: performance.now() - T0, total: r.total, ids: r.hits.map((h) => h.id), phases }; },
      (e) => { window.__cold = { error: String((e && e.stack) || e) }; },
    )
    .then(() => console.log('bench:cold'));
}
