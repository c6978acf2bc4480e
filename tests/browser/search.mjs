// Search as readers use it, in Debian's headless Chromium (driven by
// playwright-core): the portal built under a path prefix and served locally.
//
//   node tests/browser/search.mjs http://127.0.0.1:PORT/sub/ '{"index":7,"fragment":231}'
//
// The second argument gives how many index chunks and fragments the built index
// has, to check that a search loads only a part of them, and into how many parts
// the index is split (`parts`, 1 when absent: a site of over 150,000 record pages
// has its index in parts, which the test makes of the small bundled site). Exits non-zero on the
// first failed check. Run by tests/search.rs, which builds and serves the site.

import { check, failedRequest, finish, launch } from "./lib.mjs";

const base = process.argv[2];
const totals = JSON.parse(process.argv[3] || "{}");
const parts = totals.parts || 1;
if (!base || !base.endsWith("/")) {
  console.error("usage: node search.mjs http://host:port/prefix/ [totals-json]");
  process.exit(2);
}
const origin = new URL(base).origin;
const prefix = new URL(base).pathname;

const browser = await launch();

try {
  // ---------------------------------------------------------------- with JavaScript
  const context = await browser.newContext({ locale: "vi-VN" });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on("request", (r) => requests.push(r.url()));
  // A click on a result while the search page's icon still loads aborts it.
  page.on("requestfailed", (r) => {
    const problem = failedRequest(r);
    if (problem) problems.push(problem);
  });
  page.on("response", (r) => {
    if (r.status() >= 400 && !r.url().endsWith("/favicon.ico")) problems.push(`${r.status()}: ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    // Failed loads are reported (with their address) by the response handler;
    // the browser's own favicon request is not the site's.
    if (m.type() === "error" && !/^Failed to load resource/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });

  // The top results of the search for `q` once the page shows them.
  async function results(q) {
    const sel = `#results[data-query="${q.replace(/["\\]/g, "\\$&")}"]`;
    await page.waitForSelector(sel, { state: "attached", timeout: 30000 });
    return page.$$eval("#results > li", (lis) =>
      lis.map((li) => ({
        href: li.querySelector("h2 a").getAttribute("href"),
        title: li.querySelector("h2 a").textContent,
        kind: li.querySelector(".result-kind .kind").textContent,
        illustrative: li.querySelector(".badge-illustrative")?.textContent || "",
        agencies: li.querySelector(".result-agencies")?.textContent || "",
      })),
    );
  }
  // Type `q` into the search page's box, as a reader would.
  async function type(q) {
    const box = page.locator("#q");
    await box.fill("");
    await box.pressSequentially(q, { delay: 15 });
    await box.press("Enter");
    return results(q);
  }
  const show = (rs) => rs.slice(0, 5).map((r, i) => `${i + 1}. [${r.kind}] ${r.title} <${r.href}>`).join("\n     ");
  // The text of a result's page (its <main>), lower-cased.
  async function textOf(href) {
    return page.evaluate(async (u) => {
      const html = await (await fetch(u)).text();
      const doc = new DOMParser().parseFromString(html, "text/html");
      const walker = doc.createTreeWalker(doc.querySelector("main"), NodeFilter.SHOW_TEXT);
      const parts = [];
      while (walker.nextNode()) parts.push(walker.currentNode.nodeValue);
      return parts.join(" ").replace(/\s+/g, " ").toLowerCase();
    }, href);
  }

  // 1. The search box of the home page sends the query to the search page.
  await page.goto(base);
  const headerBox = page.locator("header input[type=search]");
  check((await headerBox.count()) === 1, "the home page has a search box");
  await headerBox.pressSequentially("dang uy xa", { delay: 15 });
  await headerBox.press("Enter");
  await page.waitForURL(`${base}tim-kiem/?q=dang+uy+xa`);
  check(true, "the header box opens the search page under the prefix");
  let rs = await results("dang uy xa");
  // Each part of an index in parts ranks its pages by its own word counts:
  // alike in the 150,000-page parts of a large site, whose pages are dealt to
  // the parts by their address, not in the parts of a few dozen pages the test
  // makes of the bundled site, where one agency page cannot be expected first.
  if (parts === 1) {
    const top = rs.slice(0, 5).map((r) => r.href);
    check(
      top.includes(`${prefix}co-quan/dang-uy-xa-phuong/`),
      "`dang uy xa` finds the agency “Đảng ủy xã, phường” in the first five",
      show(rs),
    );
  }
  let withPhrase = 0;
  for (const r of rs.slice(0, 5)) if ((await textOf(r.href)).includes("đảng ủy xã")) withPhrase++;
  check(withPhrase >= 3, "`dang uy xa`: most of the first five contain “Đảng ủy xã”", `${withPhrase} of 5:\n     ${show(rs)}`);
  check(
    !(await page.locator(".no-js").isVisible()),
    "with JavaScript the search page hides the browse-instead note",
  );

  // What the first search loaded: only part of the index, nothing from elsewhere.
  const pf = requests.filter((u) => u.includes("/pagefind/"));
  const chunks = new Set(pf.filter((u) => u.includes(".pf_index")));
  const frags = new Set(pf.filter((u) => u.includes(".pf_fragment")));
  check(
    pf.every((u) => u.startsWith(`${origin}${prefix}pagefind/`)),
    "the index is loaded from under the prefix",
    pf.join("\n     "),
  );
  if (parts > 1) {
    // Parts of a few dozen pages have a chunk or two each; what counts here
    // is that every part is asked, and answers.
    const entries = new Set(pf.filter((u) => u.includes("pagefind-entry.json")).map((u) => u.split("pagefind-entry.json")[0]));
    check(entries.size === parts, `the search asks every part of the index (${entries.size} of ${parts})`);
    // The results shown are fetched from the part that holds each.
    const from = new Set([...frags].map((u) => (u.match(/\/pagefind\/(\d+)\//) || [0, "0"])[1]));
    check(from.size > 1, `and the results shown come from several parts (${from.size})`, [...frags].join("\n     "));
  } else {
    check(
      totals.index === undefined || chunks.size < totals.index,
      `one search loads only the index chunks it needs (${chunks.size} of ${totals.index})`,
    );
  }
  check(
    frags.size > 0 && (totals.fragment === undefined || frags.size <= 10),
    `and only the fragments of the results shown (${frags.size} of ${totals.fragment})`,
  );

  // 2. Typing on the search page.
  rs = await type("can bo co so");
  let texts = [];
  for (const r of rs.slice(0, 5)) texts.push(await textOf(r.href));
  check(
    texts.length === 5 && texts.every((t) => t.includes("cán bộ") && t.includes("cơ sở")),
    "`can bo co so` finds pages about “cán bộ cơ sở”",
    show(rs),
  );
  check(texts.filter((t) => t.includes("cán bộ cơ sở")).length >= 3, "most of the first five contain “cán bộ cơ sở”", show(rs));

  rs = await type("so noi vu");
  check(
    rs.slice(0, 5).some((r) => r.href === `${prefix}co-quan/so-noi-vu/` && r.kind === "Cơ quan"),
    "`so noi vu` finds the Sở Nội vụ agency page in the first five",
    show(rs),
  );

  // 3. Tone marks typed are honoured: the pages with the words exactly as typed
  //    come first. "số hóa" (digitisation) and "so hoa" differ.
  for (const q of ["Đảng ủy xã", "số hóa"]) {
    rs = await type(q);
    const words = q.toLowerCase().split(" ");
    let exact = 0;
    for (const r of rs.slice(0, 5)) {
      const t = await textOf(r.href);
      if (words.every((w) => new RegExp(`(^|[^\\p{L}\\p{N}])${w}`, "u").test(t))) exact++;
    }
    check(exact === Math.min(5, rs.length), `\`${q}\`: the first five have the words with these marks`, `${exact} of 5:\n     ${show(rs)}`);
  }
  const marked = (await type("số hóa")).slice(0, 5).map((r) => r.href).join();
  const unmarked = (await type("so hoa")).slice(0, 5).map((r) => r.href).join();
  check(marked !== unmarked, "a query with marks ranks differently from one without");

  // 4. Results show kind and title; illustrative pages are labelled.
  rs = await type("tap the tieu bieu");
  check(rs.length > 0 && rs.every((r) => r.kind && r.title), "results show the page kind and title", show(rs));
  check(
    rs.some((r) => r.kind === "Điển hình" && r.illustrative === "Minh họa"),
    "an illustrative practice is labelled “Minh họa” in the results",
    show(rs),
  );

  // 5. Narrowing by kind and by agency.
  await page.selectOption("#search-kind", "Cơ quan");
  rs = await type("dang uy");
  check(rs.length > 0 && rs.every((r) => r.kind === "Cơ quan"), "narrowed to agencies, only agency pages", show(rs));
  check(page.url().includes("kind="), "the filter is kept in the address");
  await page.selectOption("#search-kind", "");
  await page.selectOption("#search-agency", "Sở Nội vụ");
  rs = await type("can bo");
  check(
    rs.length > 0 && rs.every((r) => r.agencies.includes("Sở Nội vụ")),
    "narrowed to Sở Nội vụ, only pages concerning it",
    show(rs),
  );
  await page.selectOption("#search-agency", "");

  // 6. A result opens its page, under the prefix.
  rs = await type("so noi vu");
  await page.click(`#results a[href="${prefix}co-quan/so-noi-vu/"]`);
  await page.waitForURL(`${base}co-quan/so-noi-vu/`);
  check((await page.textContent("h1")).includes("Sở Nội vụ"), "a result opens its page");

  check(
    requests.every((u) => u.startsWith(origin) || u.startsWith("data:") || u.startsWith("blob:")),
    "no request leaves the site",
    requests.filter((u) => !u.startsWith(origin)).join("\n     "),
  );
  check(problems.length === 0, "no failed request, error or 404", problems.join("\n     "));
  await context.close();

  // ---------------------------------------------------------------- without JavaScript
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await plain.newPage();
  await p2.goto(`${base}tim-kiem/?q=dang+uy+xa`);
  check(await p2.locator(".no-js").isVisible(), "without JavaScript the search page says how to browse instead");
  for (const [path, name] of [["nhiem-vu/", "tasks"], ["co-quan/", "agencies"]]) {
    check(
      await p2.locator(`.no-js a[href="${prefix}${path}"]`).isVisible(),
      `and links to the ${name} index`,
    );
  }
  check(!(await p2.locator("form.search-page").isVisible()), "and offers no search form that cannot work");
  check(!(await p2.locator("header .search-box").isVisible()), "no page offers the header search box without JavaScript");
  await p2.goto(`${base}nhiem-vu/`);
  check(!(await p2.locator("header .search-box").isVisible()), "(a list page neither)");
  await plain.close();
} finally {
  await browser.close();
}

finish("all browser checks passed");
