// The preview's forms in a real browser (Chromium through playwright-core): an
// editor adds a progress entry with JavaScript on and off, sees the message for
// a bad value beside the field, saves with a PDF attached, finds the file on
// disk and the entry's page showing it; axe-core (WCAG 2.0/2.1 A and AA) finds
// nothing on the forms at 390 and 1280 px; a post from a page of another
// origin and an attachment named with a path are refused and change nothing.
//
// Usage: node forms.mjs BASE_URL SITE_DIR   (BASE_URL of a running `tiendo serve`)

import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { launch, check, finish } from "./lib.mjs";

const [base, siteDir] = process.argv.slice(2);
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

// Every file under content/ with its bytes.
function snapshot() {
  const out = new Map();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(p, fs.readFileSync(p).toString("base64"));
    }
  };
  walk(path.join(siteDir, "content"));
  return out;
}
const same = (a, b) => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

async function axe(page, what) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
      resultTypes: ["violations"],
    }),
  );
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n       ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n       "),
  );
  check(found.length === 0, `${what}: no axe violation of WCAG 2.1 A/AA`, found.join("\n     "));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  check(wide <= 0, `${what}: nothing is wider than the screen`, `${wide}px too wide`);
}

const browser = await launch();
try {
  // ------------------------------------------------ axe on the forms at both widths
  for (const width of [390, 1280]) {
    for (const js of [true, false]) {
      // axe runs as a script (the CSP is bypassed to add it); "off" means the
      // forms' own script is not loaded, so the plain HTML is what is checked.
      const context = await browser.newContext({ viewport: { width, height: 844 }, bypassCSP: true });
      const page = await context.newPage();
      if (!js) await page.route("**/__tiendo/forms.js", (r) => r.abort());
      const what = `${width}px, forms script ${js ? "on" : "off"}`;
      await page.goto(base + "__tiendo/");
      await axe(page, `${what}: the forms' index`);
      await page.goto(base + "__tiendo/status?task=xa-phuong-ra-soat&locality=xa-an-thi");
      await axe(page, `${what}: the status update form`);
      await page.goto(base + "__tiendo/entry/edit?id=an-thi");
      await axe(page, `${what}: the edit form`);
      await page.goto(base + "__tiendo/practice/new");
      await axe(page, `${what}: the practice form`);
      await page.goto(base + "__tiendo/practice/edit?id=mo-hinh-mot");
      await axe(page, `${what}: the practice edit form`);
      await page.goto(base + "__tiendo/entry/new?task=xa-phuong-ra-soat");
      await axe(page, `${what}: the entry form`);
      await page.selectOption("#locality", "xa-an-thi");
      await page.fill("#percent", "150");
      await page.click("button[value=check]");
      await page.waitForSelector("#percent-problem");
      await axe(page, `${what}: the entry form with a message beside a field`);
      await context.close();
    }
  }

  // ------------------------------------------------ an editor adds an entry
  for (const js of [true, false]) {
    const day = js ? "03" : "04";
    const marker = `dòng chữ kiểm thử ${js ? "5101" : "5102"}`;
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: js });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const mode = `JavaScript ${js ? "on" : "off"}`;

    await page.goto(base);
    await page.click("a[href='/__tiendo/']");
    await page.click("a[href='/__tiendo/entry/new?task=xa-phuong-ra-soat']");
    check((await page.inputValue("#task")) === "xa-phuong-ra-soat", `${mode}: the form opens on the task chosen`);
    if (js) {
      // Searchable choices: typing narrows the list of communes.
      // The forms' script runs once the page has loaded: wait for it.
      const box = page.locator("#locality-search");
      await box.waitFor({ state: "attached", timeout: 10000 }).catch(() => {});
      check((await box.count()) === 1, `${mode}: a search box above the list of communes`);
      await box.fill("Ân Thi");
      const options = await page.$$eval("#locality option", (os) => os.map((o) => o.value));
      check(options.includes("xa-an-thi") && !options.includes("phuong-pho-hien"), `${mode}: the search narrows the list`, options.join(", "));
    } else {
      check((await page.locator("#locality-search").count()) === 0, `${mode}: the plain list, no search box`);
    }
    await page.selectOption("#locality", "xa-an-thi");
    await page.selectOption("#status", "done");
    await page.fill("#percent", "150");
    await page.fill("#date", `2026-07-${day}`);
    await page.fill("#ev_ref", "12-BC/ĐU");
    await page.fill("#ev_date", "2026-07-01");
    await page.fill("#body", `Đã rà soát **toàn bộ** hồ sơ: ${marker}.`);
    if (js) {
      // The live preview shows the Markdown as the portal will.
      await page.waitForSelector("#body-preview strong", { timeout: 10000 });
      check((await page.textContent("#body-preview strong")) === "toàn bộ", `${mode}: the live preview renders the Markdown`);
    }
    const before = snapshot();
    await page.click("button[value=save]");
    await page.waitForSelector("#percent-problem");
    const beside = await page.textContent("#percent-problem");
    check(beside.includes("0 đến 100"), `${mode}: the message for a bad percent is beside the field`, beside);
    check((await page.getAttribute("#percent", "aria-invalid")) === "true", `${mode}: the field is marked invalid`);
    check((await page.inputValue("#body")).includes(marker), `${mode}: what was typed is kept`);
    check(same(before, snapshot()), `${mode}: a form with an error writes nothing`);

    await page.fill("#percent", "60");
    await page.setInputFiles("#attachment", { name: `Báo cáo ${day}.pdf`, mimeType: "application/pdf", buffer: PDF });
    await page.click("button[value=save]");
    await page.waitForSelector("text=Đã lưu tệp");
    const rel = `content/progress/2026/xa-phuong-ra-soat-xa-an-thi-2026-07-${day}.md`;
    const file = path.join(siteDir, rel);
    check(fs.existsSync(file), `${mode}: the entry is on disk (${rel})`);
    const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    check(text.includes("percent: 60\n") && text.includes(`attachments: [media/2026/bao-cao-${day}.pdf]`), `${mode}: with the values typed and the file attached`, text);
    check(fs.existsSync(path.join(siteDir, `content/media/2026/bao-cao-${day}.pdf`)), `${mode}: the PDF is under content/media/`);

    // The entry's page shows it once the preview has rebuilt (the page
    // reloads by itself with JavaScript; without, the editor reloads it).
    await page.click("text=Xem trang báo cáo");
    let shown = false;
    for (let i = 0; i < 60 && !shown; i++) {
      // The page may be reloading by itself just then: try again.
      shown = (await page.content().catch(() => "")).includes(marker);
      if (!shown) {
        await page.waitForTimeout(500);
        if (!js || i % 10 === 9) await page.reload().catch(() => {});
      }
    }
    check(shown, `${mode}: the entry's page shows the new report`);
    check(errors.length === 0, `${mode}: no script error`, errors.join("; "));
    await context.close();
  }

  // ------------------------------------------------ what must change nothing
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + "__tiendo/entry/new");
  const token = await page.getAttribute("input[name=csrf]", "value");
  const before = snapshot();

  // A page of another origin (another port) that posts to the preview, token and all.
  const evil = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><title>x</title><form method="post" enctype="multipart/form-data" action="${base}__tiendo/entry">
      <input name="csrf" value="${token}"><input name="task" value="thuong-xuyen"><input name="status" value="done">
      <input name="action" value="save"><button>go</button></form></html>`);
  });
  await new Promise((r) => evil.listen(0, "127.0.0.1", r));
  const evilUrl = `http://127.0.0.1:${evil.address().port}/`;
  await page.goto(evilUrl);
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(base)), page.click("button")]);
  check(response.status() === 403, "a post from a page of another origin is refused", `HTTP ${response.status()}`);
  evil.close();

  // An attachment whose name holds a path, sent from the preview's own page.
  await page.goto(base + "__tiendo/entry/new");
  const status = await page.evaluate(
    async ([token, pdf]) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries({ csrf: token, task: "thuong-xuyen", status: "in_progress", action: "save" })) fd.append(k, v);
      fd.append("attachment", new File([new Uint8Array(pdf)], "../../../escape.pdf", { type: "application/pdf" }));
      const r = await fetch("/__tiendo/entry", { method: "POST", body: fd });
      return r.status;
    },
    [token, [...PDF]],
  );
  check(status === 400, "an attachment named with a path is refused", `HTTP ${status}`);
  check(!fs.existsSync(path.join(siteDir, "..", "escape.pdf")) && !fs.existsSync(path.join(siteDir, "escape.pdf")), "nothing is written outside content/");
  check(same(before, snapshot()), "the refused requests changed no file");
  await context.close();
} catch (e) {
  check(false, "the browser run finished", e.stack || String(e));
} finally {
  await browser.close();
}
finish("all form checks passed");
