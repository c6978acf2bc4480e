// The search page: queries the static index that `tiendo build` writes with
// Pagefind (pagefind/ at the site's root; a very large site's index is in
// parts, pagefind/1/ and on, which `data-parts` names and which are queried
// together as one). Pagefind fetches only the index chunks and page fragments
// a query needs. Tone marks are optional: the index
// folds them (and `đ`, through each page's `folded` field), and ranks pages
// with the query's exact marks first. Without JavaScript the page offers the
// section indexes instead; this script hides them once search works.

const root = document.getElementById("search");
const form = root.querySelector("form");
const input = form.elements.q;
const kind = form.elements.kind;
const agency = form.elements.agency;
const status = document.getElementById("search-status");
const list = document.getElementById("results");
const more = document.getElementById("search-more");
const noJs = root.querySelector(".no-js");
const S = root.dataset;
const PAGE = 10;

let pagefind = null;
let results = [];
let shown = 0;
let seq = 0;
let timer = 0;

const fill = (template, values) =>
  template.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text) e.textContent = text;
  return e;
}

// Pagefind's excerpt is HTML with <mark> around the matched words. Keep only
// its text and those marks, so page content can never become markup here.
function excerpt(html) {
  const p = el("p", "result-excerpt");
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const walk = (node) => {
    for (const n of node.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) p.append(n.textContent);
      else if (n.nodeName === "MARK") p.append(el("mark", "", n.textContent));
      else walk(n);
    }
  };
  walk(doc.body);
  return p;
}

function item(data) {
  const li = el("li", "result");
  const meta = data.meta || {};
  const head = el("p", "result-kind");
  const kinds = (data.filters && data.filters.kind) || [];
  head.append(el("span", "kind", kinds.join(", ")));
  if (meta.illustrative) {
    head.append(" ", el("span", "badge-illustrative", meta.illustrative));
  }
  const title = el("h2", "result-title");
  const a = el("a", "", meta.name || meta.title || data.url);
  a.href = data.url;
  title.append(a);
  li.append(head, title);
  if (data.excerpt) li.append(excerpt(data.excerpt));
  const agencies = (data.filters && data.filters.agency) || [];
  if (agencies.length) {
    li.append(el("p", "result-agencies", `${S.sAgencies}: ${agencies.join("; ")}`));
  }
  return li;
}

function filters() {
  const f = {};
  if (kind.value) f.kind = kind.value;
  if (agency.value) f.agency = agency.value;
  return f;
}

// Keep the query in the address, so it can be shared and survives a reload.
function remember(q) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (kind.value) params.set("kind", kind.value);
  if (agency.value) params.set("agency", agency.value);
  const qs = params.toString();
  history.replaceState(null, "", qs ? `?${qs}` : location.pathname);
}

async function showMore(token) {
  const next = results.slice(shown, shown + PAGE);
  more.disabled = true;
  const datas = await Promise.all(next.map((r) => r.data()));
  more.disabled = false;
  if (token !== seq) return;
  for (const d of datas) list.append(item(d));
  shown += next.length;
  more.hidden = shown >= results.length;
}

// Searches run one at a time: the exact-marks pass changes an index option.
let queue = Promise.resolve();
const serially = (fn) => (queue = queue.then(fn, fn));

// Pagefind ranks pages by how often and where (titles first) the words occur,
// with tone marks folded. Two passes over the same loaded index then move up
// the pages a reader most likely means, keeping Pagefind's order within each
// group: first those that have the words typed with marks exactly as typed
// (words typed without marks match any), then those that have the words as a
// phrase, in the text or in the title (whose words with `đ` the index also
// holds written with `d`, so `dang uy xa` is a phrase of "Đảng ủy xã").
function search(q, f) {
  return serially(async () => {
    const found = await pagefind.search(q || null, { filters: f });
    if (!found) return null;
    const results = found.results;
    const words = q.replace(/"/g, " ").split(/\s+/).filter(Boolean);
    if (results.length < 2) return results;
    const ids = async (query) => {
      const r = await pagefind.search(query, { filters: f });
      return new Set(((r && r.results) || []).map((x) => x.id));
    };
    const phrase = words.length > 1 ? await ids(`"${words.join(" ")}"`) : null;
    const marked = words.filter((w) => /[^\x00-\x7f]/.test(w));
    let exact = null;
    if (marked.length) {
      await pagefind.options({ exactDiacritics: true });
      try {
        exact = await ids(marked.join(" "));
      } finally {
        await pagefind.options({ exactDiacritics: false });
      }
    }
    const rank = (r) => (exact && !exact.has(r.id) ? 2 : 0) + (phrase && !phrase.has(r.id) ? 1 : 0);
    return results
      .map((r, i) => [rank(r), i, r])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map((x) => x[2]);
  });
}

async function run() {
  clearTimeout(timer);
  const token = ++seq;
  const q = input.value.trim();
  const f = filters();
  remember(q);
  if (!q && !Object.keys(f).length) {
    results = [];
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    list.dataset.query = "";
    return;
  }
  status.textContent = S.sSearching;
  const found = await search(q, f);
  if (token !== seq || !found) return;
  results = found;
  shown = 0;
  list.replaceChildren();
  more.hidden = true;
  if (results.length) {
    await showMore(token);
    if (token !== seq) return;
    status.textContent = q
      ? fill(S.sCount, { n: results.length, q })
      : fill(S.sCountFiltered, { n: results.length });
  } else {
    status.textContent = fill(S.sNone, { q });
  }
  // Which search the list shows (for tests and assistive tools alike).
  list.dataset.query = q;
}

// The index's parts as one: each part is a Pagefind bundle of its own (its own
// script, loaded once), asked the same and its answers merged by score, as
// Pagefind merges the indexes of several sites.
async function load() {
  const urls = [S.index, ...(S.parts || "").split(" ").filter(Boolean)];
  const parts = await Promise.all(urls.map((u) => import(u)));
  if (parts.length === 1) return parts[0];
  const sum = (all) => {
    const total = {};
    for (const counts of all) {
      for (const [name, values] of Object.entries(counts || {})) {
        const t = (total[name] = total[name] || {});
        for (const [v, n] of Object.entries(values)) t[v] = (t[v] || 0) + n;
      }
    }
    return total;
  };
  return {
    options: (o) => Promise.all(parts.map((p) => p.options(o))),
    filters: async () => sum(await Promise.all(parts.map((p) => p.filters()))),
    search: async (q, o) => {
      const found = await Promise.all(parts.map((p) => p.search(q, o)));
      if (found.some((f) => !f)) return null;
      return { results: found.flatMap((f) => f.results).sort((a, b) => b.score - a.score) };
    },
  };
}

async function start() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const [name, select] of [["kind", kind], ["agency", agency]]) {
    const v = params.get(name);
    if (v && [...select.options].some((o) => o.value === v)) select.value = v;
  }
  status.textContent = S.sLoading;
  try {
    pagefind = await load();
    await pagefind.options({
      excerptLength: 24,
      // `title` is the ranked title (its words with `đ` also written with `d`);
      // `name` (the title as shown) and the labels are for display only.
      ranking: { metaWeights: { title: 5, name: 0, folded: 1, illustrative: 0 } },
    });
    // Leave out the filter values no page has.
    const counts = await pagefind.filters();
    for (const [name, select] of [["kind", kind], ["agency", agency]]) {
      for (const o of [...select.options]) {
        if (o.value && !(counts[name] && counts[name][o.value])) o.remove();
      }
    }
  } catch (e) {
    status.textContent = "";
    noJs.querySelector("p").textContent = S.sError;
    throw e;
  }
  noJs.hidden = true;
  status.textContent = "";
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    run();
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  kind.addEventListener("change", run);
  agency.addEventListener("change", run);
  more.addEventListener("click", () => showMore(seq));
  await run();
  root.dataset.ready = "true";
}

start();
