// The portal as readers get it, in Debian's headless Chromium (driven by
// playwright-core): accessibility (axe-core, WCAG 2.0/2.1 A and AA) of every
// kind of page at phone and desktop widths, keyboard use, what a page weighs
// over the wire, that nothing is fetched from another host, printing on A4, and
// screenshots for a reviewer.
//
//   node tests/browser/quality.mjs http://127.0.0.1:PORT/sub/ SCREENSHOT_DIR
//
// Prints one line per check ("ok" or "FAIL", naming the page and the rule) and
// exits non-zero if any failed. Screenshots (home and a task page at both widths)
// and the A4 PDFs of the printed pages are saved in SCREENSHOT_DIR. Run by
// tests/quality.rs, which builds and serves the bundled site.

import { check, failedRequest, finish, launch } from "./lib.mjs";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const base = process.argv[2];
const shots = process.argv[3];
if (!base || !base.endsWith("/") || !shots) {
  console.error("usage: node quality.mjs http://host:port/prefix/ SCREENSHOT_DIR");
  process.exit(2);
}
const origin = new URL(base).origin;
fs.mkdirSync(shots, { recursive: true });
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

// One page of every kind, by path under the site.
const HOME = "";
const TASK = "nhiem-vu/btc-ke-hoach-dao-tao-boi-duong-can-bo-co-so/";
const AGENCY = "co-quan/so-noi-vu/";
const PRACTICE = "dien-hinh/tap-the-tieu-bieu-kien-xuong/";
const REPORT = "bao-cao/";
const PAGES = {
  home: HOME,
  plan: "ke-hoach/",
  goals: "muc-tieu/",
  goal: "muc-tieu/nang-cao-nhan-thuc/",
  agencies: "co-quan/",
  agency: AGENCY,
  tasks: "nhiem-vu/",
  "tasks by status": "nhiem-vu/trang-thai/qua-han/",
  task: TASK,
  "per-locality task": "nhiem-vu/xp-giao-duc-chinh-tri-tu-tuong-dao-duc-cong-vu/",
  "per-locality task with overdue communes": "nhiem-vu/xp-van-ban-cong-tac-can-bo/",
  "progress entries": "tien-do/",
  "progress entry": "tien-do/btgdv-boi-duong-bao-cao-vien-quy-3/",
  practices: "dien-hinh/",
  practice: PRACTICE,
  localities: "dia-phuong/",
  "localities by overdue tasks": "dia-phuong/sap-xep/qua-han/",
  locality: "dia-phuong/xa-kien-xuong/",
  calendar: "lich/",
  search: "tim-kiem/",
  "search results": "tim-kiem/?q=dang+uy+xa",
  report: REPORT,
  "open data": "du-lieu/",
  "404": "404.html",
  "task card (embed)": "nhung/nhiem-vu/btc-ke-hoach-dao-tao-boi-duong-can-bo-co-so/",
  "practice card (embed)": "nhung/dien-hinh/tap-the-tieu-bieu-kien-xuong/",
  "overall card (embed)": "nhung/tien-do/",
  "agency card (embed)": "nhung/co-quan/so-noi-vu/",
  "commune card (embed)": "nhung/dia-phuong/xa-kien-xuong/",
  leaflet: "dien-hinh/tap-the-tieu-bieu-kien-xuong/in/",
  "printable summary": "in/",
  bulletins: "ban-tin/",
  "monthly bulletin": "ban-tin/2026-06/",
  "quarterly bulletin": "ban-tin/2026-q2/",
};
const WIDTHS = [390, 1280];
const KB = 1024;

const browser = await launch();

// A new tab at `width` that records every request, failed load and script error.
async function open(width) {
  const context = await browser.newContext({ viewport: { width, height: 844 }, locale: "vi-VN" });
  const page = await context.newPage();
  const log = { requests: [], problems: [] };
  page.on("request", (r) => log.requests.push(r));
  page.on("requestfailed", (r) => {
    const problem = failedRequest(r);
    if (problem) log.problems.push(problem);
  });
  page.on("response", (r) => {
    if (r.status() >= 400) log.problems.push(`${r.status()}: ${r.url()}`);
  });
  page.on("pageerror", (e) => log.problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/^Failed to load resource/.test(m.text())) log.problems.push(`console: ${m.text()}`);
  });
  return { context, page, log };
}

// How many pages a PDF has, and whether each is A4 (595 × 842 points, give or take one).
function pdfPages(pdf) {
  const text = pdf.toString("latin1");
  const pages = (text.match(/\/Type\s*\/Page[^s]/g) || []).length;
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
  const a4 = boxes.length === pages && boxes.every(([, w, h]) => Math.abs(w - 595.3) < 1.5 && Math.abs(h - 841.9) < 1.5);
  return { pages, a4, sizes: [...new Set(boxes.map(([, w, h]) => `${w}×${h} pt`))].join(", ") };
}

// Waits for the search page to show the results of its query.
async function searchResults(page) {
  await page.waitForSelector("#results[data-query]", { state: "attached", timeout: 30000 });
}

try {
  // ------------------------------------------------ axe-core on every kind of page
  for (const width of WIDTHS) {
    const { context, page, log } = await open(width);
    for (const [kind, p] of Object.entries(PAGES)) {
      const response = await page.goto(base + p);
      if (!check(response.status() === 200, `${width}px ${kind} (/${p}) loads`, `HTTP ${response.status()}`)) continue;
      if (p.startsWith("tim-kiem/?q=")) await searchResults(page);
      // Evaluated by the browser's tooling, not as an inline <script>: the pages'
      // Content-Security-Policy (no inline script) stays in force, and any
      // violation of it by the page itself is reported as a console error above.
      await page.evaluate(axeSource);
      const result = await page.evaluate(() =>
        window.axe.run(document, {
          runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
          resultTypes: ["violations"],
        }),
      );
      const found = result.violations.map(
        (v) =>
          `${v.id} (${v.impact}, ${v.nodes.length} element(s)): ${v.help}\n       ` +
          v.nodes
            .slice(0, 3)
            .map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ").slice(0, 240)}`)
            .join("\n       "),
      );
      check(found.length === 0, `${width}px ${kind} (/${p}): no axe violation of WCAG 2.1 A/AA`, found.join("\n     "));
      // Nothing wider than the screen: a phone reader never scrolls sideways.
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(wide <= 0, `${width}px ${kind} (/${p}): nothing is wider than the screen`, `${wide}px too wide`);
      if (width !== WIDTHS[0]) continue;
      // Beyond axe: charts have a text alternative and their figures in text beside
      // them; a status is a word (with its symbol), never a colour alone.
      const unsaid = await page.evaluate(() => {
        const wrong = [];
        const spoken = (e) =>
          [...e.childNodes]
            .filter((n) => n.nodeType === Node.TEXT_NODE || !n.closest?.("[aria-hidden=true]"))
            .map((n) => n.textContent)
            .join("")
            .trim();
        for (const svg of document.querySelectorAll("body svg")) {
          if (svg.closest("[aria-hidden=true]")) continue;
          const name = svg.getAttribute("aria-label") || svg.querySelector("title")?.textContent || "";
          if (svg.getAttribute("role") !== "img" || !name.trim()) wrong.push(`svg without role=img and a label: ${svg.outerHTML.slice(0, 120)}`);
          if (svg.matches(".bar") && !svg.parentElement.querySelector("table, .caption, figcaption, .summary, .counts"))
            wrong.push(`chart without its figures in text: ${name.slice(0, 80)}`);
        }
        for (const st of document.querySelectorAll(".status")) {
          if (!spoken(st)) wrong.push(`status shown without a word: ${st.outerHTML.slice(0, 120)}`);
        }
        return wrong;
      });
      check(unsaid.length === 0, `${kind} (/${p}): charts have text alternatives; statuses are words, not colours`, unsaid.slice(0, 5).join("\n     "));
    }
    const elsewhere = log.requests.map((r) => r.url()).filter((u) => !u.startsWith(origin) && !u.startsWith("data:"));
    check(elsewhere.length === 0, `${width}px: no page requests anything from another host`, elsewhere.join("\n     "));
    check(log.problems.length === 0, `${width}px: no failed request, 404 or script error on any page`, log.problems.join("\n     "));
    await context.close();
  }

  // ------------------------------------------------ keyboard
  {
    const { context, page } = await open(390);
    await page.goto(base + TASK);
    // What the focused element looks like, and whether it is on screen.
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        const s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        return {
          tag: e.tagName.toLowerCase(),
          id: e.id,
          cls: e.className,
          href: e.getAttribute("href"),
          text: (e.textContent || "").trim().slice(0, 60),
          outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2 ? `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}` : "",
          shadow: s.boxShadow === "none" ? "" : s.boxShadow,
          onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
        };
      });
    await page.keyboard.press("Tab");
    let f = await focused();
    check(f.cls.includes("skip") && f.href === "#main" && f.onScreen, "the first Tab shows a skip link to the content", JSON.stringify(f));
    check(f.outline !== "" || f.shadow !== "", "the focused skip link has a visible focus ring", JSON.stringify(f));
    await page.keyboard.press("Enter");
    f = await focused();
    check(f.tag === "main" && f.id === "main", "Enter on the skip link moves focus to the main content", JSON.stringify(f));
    // The next Tab reaches the first link of the content (the breadcrumb), with a focus ring
    // that it does not have unfocused.
    await page.keyboard.press("Tab");
    f = await focused();
    const unfocused = await page.evaluate(() => {
      const e = document.activeElement;
      e.blur();
      const s = getComputedStyle(e);
      return { outline: s.outlineStyle === "none" ? "" : `${s.outlineWidth} ${s.outlineStyle} ${s.outlineColor}`, shadow: s.boxShadow === "none" ? "" : s.boxShadow };
    });
    check(
      f.tag === "a" && f.onScreen && (f.outline !== unfocused.outline || f.shadow !== unfocused.shadow) && (f.outline || f.shadow),
      "a link reached by Tab in the content shows a focus ring it does not have otherwise",
      `focused ${JSON.stringify(f)}; unfocused ${JSON.stringify(unfocused)}`,
    );

    // Search without a mouse: Tab to the header's box, type, Enter, Tab to a result.
    await page.goto(base + HOME);
    let tabs = 0;
    for (; tabs < 10; tabs++) {
      await page.keyboard.press("Tab");
      if ((await focused()).id === "site-q") break;
    }
    f = await focused();
    check(f.id === "site-q" && f.onScreen && (f.outline || f.shadow), `the search box is reached by Tab (${tabs + 1} presses) and shows focus`, JSON.stringify(f));
    await page.keyboard.type("dang uy xa");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${base}tim-kiem/?q=dang+uy+xa`);
    await searchResults(page);
    const count = await page.locator("#results > li").count();
    check(count > 0, `Enter searches: ${count} results for “dang uy xa”`);
    let reached = null;
    for (tabs = 0; tabs < 40 && !reached; tabs++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => {
        const e = document.activeElement;
        return e.closest("#results") && e.tagName === "A" ? e.getAttribute("href") : null;
      });
    }
    check(reached !== null, `a result's link is reached by Tab (${tabs} presses)`);
    if (reached) {
      await page.keyboard.press("Enter");
      await page.waitForURL(new URL(reached, base).href);
      check(true, `Enter on it opens ${reached}`);
    }
    await context.close();
  }

  // ------------------------------------------------ weight over the wire, screenshots
  for (const [name, p] of [["home", HOME], ["task", TASK]]) {
    for (const width of WIDTHS) {
      const { context, page, log } = await open(width);
      await page.goto(base + p, { waitUntil: "load" });
      await page.waitForLoadState("networkidle");
      const file = path.join(shots, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      check(fs.statSync(file).size > 10 * KB, `screenshot of the ${name} page at ${width}px: ${file}`);
      if (width !== 390) {
        await context.close();
        continue;
      }
      let transferred = 0;
      let decoded = 0;
      let images = 0;
      const rows = [];
      for (const r of log.requests) {
        const response = await r.response();
        if (!response) continue;
        const sizes = await r.sizes();
        const wire = sizes.responseBodySize + sizes.responseHeadersSize;
        if (r.resourceType() === "image") {
          images += wire;
          continue;
        }
        const body = (await response.body()).length;
        transferred += wire;
        decoded += body;
        rows.push(`${r.resourceType()} ${r.url().slice(origin.length)}: ${(wire / KB).toFixed(1)} KB (${(body / KB).toFixed(1)} KB uncompressed)`);
      }
      console.log(`     ${name}: ${rows.join("; ")}; images ${(images / KB).toFixed(1)} KB`);
      check(
        transferred < 100 * KB,
        `the ${name} page transfers ${(transferred / KB).toFixed(1)} KB (gzip), images aside: under 100 KB`,
      );
      check(decoded < 100 * KB, `and ${(decoded / KB).toFixed(1)} KB uncompressed: under 100 KB even from a host that does not compress`);
      const elsewhere = log.requests.map((r) => r.url()).filter((u) => !u.startsWith(origin) && !u.startsWith("data:"));
      check(elsewhere.length === 0, `the ${name} page requests nothing from another host`, elsewhere.join("\n     "));
      const fonts = log.requests.filter((r) => r.resourceType() === "font").map((r) => r.url());
      check(fonts.every((u) => u.startsWith(origin)), `the ${name} page's fonts are the site's own or the system's`, fonts.join(" "));
      await context.close();
    }
  }

  // ------------------------------------------------ print on A4
  {
    const { context, page } = await open(1280);
    for (const [name, p] of [["task", TASK], ["agency", AGENCY], ["practice", PRACTICE], ["report", REPORT]]) {
      await page.goto(base + p);
      await page.emulateMedia({ media: "print" });
      const hidden = await page.evaluate(() =>
        ["header.site-header", "header nav", "#site-q", ".crumbs", ".share", ".site-footer"].map((sel) => {
          const e = document.querySelector(sel);
          return [sel, !e || e.getClientRects().length === 0 || getComputedStyle(e).visibility === "hidden"];
        }),
      );
      const shown = hidden.filter(([, h]) => !h).map(([sel]) => sel);
      check(shown.length === 0, `print ${name}: navigation, search box, breadcrumb, share links and footer are left out`, `still printed: ${shown.join(", ")}`);
      // Links in the content print their address after their text.
      const links = await page.evaluate(() =>
        [...document.querySelectorAll("main a[href]")]
          .filter((a) => a.getClientRects().length > 0 && !a.getAttribute("href").startsWith("#"))
          .map((a) => ({ href: a.getAttribute("href"), after: getComputedStyle(a, "::after").content })),
      );
      // Root-relative addresses print in full, with the site's origin.
      const bare = links.filter((l) => !l.after.includes(l.href.startsWith("/") ? origin + l.href : l.href));
      check(
        links.length > 0 && bare.length === 0,
        `print ${name}: all ${links.length} links in the content show their address`,
        bare.slice(0, 5).map((l) => `${l.href} → ${l.after}`).join("\n     "),
      );
      // Nothing wider than the printable width of an A4 page (210 mm less 2 × 15 mm margins).
      await page.setViewportSize({ width: Math.floor((180 / 25.4) * 96), height: 1000 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      check(overflow <= 0, `print ${name}: nothing is wider than an A4 page`, `${overflow}px too wide`);
      await page.setViewportSize({ width: 1280, height: 844 });
      const pdf = await page.pdf({ format: "A4", printBackground: true, path: path.join(shots, `print-${name}.pdf`) });
      const { pages, a4, sizes } = pdfPages(pdf);
      check(
        pdf.subarray(0, 5).toString() === "%PDF-" && pdf.length > 5 * KB && pages >= 1 && a4,
        `print ${name}: an A4 PDF of ${pages} page(s), ${(pdf.length / KB).toFixed(0)} KB`,
        `pages of ${sizes}`,
      );
      await page.emulateMedia({ media: "screen" });
    }
    for (const [name, p, most] of [["leaflet", "dien-hinh/tap-the-tieu-bieu-kien-xuong/in/", 1], ["printable summary", "in/", 1]]) {
      await page.goto(base + p);
      // Printed as a reader prints it: print media (the loop above left "screen" emulated).
      await page.emulateMedia({ media: "print" });
      const file = path.join(shots, `print-${name.replace(/ /g, "-")}.pdf`);
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true, path: file });
      const { pages, a4, sizes } = pdfPages(pdf);
      check(pages >= 1 && pages <= most && a4, `print ${name}: ${pages} A4 page(s), at most ${most}`, `pages of ${sizes}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
}

finish("all quality checks passed");
