// What a reader's browser downloads for a search: the search page of a built
// site opened with a query, as a phone opens it the first time (an empty cache),
// and the bytes of every file of the search index it fetched until the results
// showed (body bytes as sent, which is compressed for Pagefind's own files).
//
//   node bench/search_download.mjs http://127.0.0.1:PORT/prefix/ "dang uy xa" "so noi vu" ...
//
// Prints, for each query, the requests and bytes by kind of file (the index's
// entry and metadata, the WASM and scripts, index chunks, filters, fragments).
// Needs the npm packages of tests/browser and Chromium (bash .ci/browser-deps.sh);
// serve the site with any static server (bench/README.md, "Search download").

import { launch } from "../tests/browser/lib.mjs";

const [base, ...queries] = process.argv.slice(2);
if (!base || !base.endsWith("/") || !queries.length) {
  console.error('usage: node bench/search_download.mjs http://host:port/prefix/ "query" ...');
  process.exit(2);
}

const kind = (url) => {
  const path = new URL(url).pathname;
  if (/\.pf_meta$|pagefind-entry\.json$/.test(path)) return "entry and metadata";
  if (/\.pf_index$/.test(path)) return "index chunks";
  if (/\.pf_filter$/.test(path)) return "filters";
  if (/\.pf_fragment$/.test(path)) return "fragments";
  return "scripts and WASM";
};

const browser = await launch();
try {
  for (const q of queries) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const fetched = [];
    page.on("requestfinished", async (r) => {
      if (!r.url().includes("/pagefind/")) return;
      const sizes = await r.sizes().catch(() => null);
      fetched.push({ url: r.url(), bytes: sizes ? sizes.responseBodySize : 0 });
    });
    const t0 = Date.now();
    await page.goto(`${base}tim-kiem/?q=${encodeURIComponent(q)}`);
    const sel = `#results[data-query="${q.replace(/["\\]/g, "\\$&")}"]`;
    await page.waitForSelector(sel, { state: "attached", timeout: 600000 });
    const ms = Date.now() - t0;
    const shown = await page.$$eval("#results > li", (lis) => lis.length);
    // Let the last responses be counted.
    await page.waitForTimeout(500);
    const by = {};
    for (const f of fetched) {
      const k = kind(f.url);
      by[k] = by[k] || { requests: 0, bytes: 0 };
      by[k].requests++;
      by[k].bytes += f.bytes;
    }
    const total = fetched.reduce((s, f) => s + f.bytes, 0);
    const kb = (b) => (b / 1024).toFixed(0);
    console.log(`"${q}": ${shown} results shown after ${ms} ms; ${fetched.length} requests, ${kb(total)} KiB`);
    for (const [k, v] of Object.entries(by)) console.log(`  ${k}: ${v.requests} requests, ${kb(v.bytes)} KiB`);
    await context.close();
  }
} finally {
  await browser.close();
}
