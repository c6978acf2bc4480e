// Embeddable cards as newspapers' pages show them, in Debian's headless Chromium
// (driven by playwright-core): the portal served at one address, the newspaper's
// pages at another (another port, so another origin), made here.
//
//   node tests/browser/embed.mjs http://127.0.0.1:PORT/sub/ '[{"card":"nhung/…/","page":"…/"},…]'
//
// The second argument lists every card of the built site with the page that
// offers its embed code. Checked:
// 1. every card, pasted with the code its page offers into a frame sandboxed with
//    allow-scripts only (as WordPress and many CMSs frame untrusted embeds), at
//    280, 320, 360 and 480 px: no horizontal overflow, and the frame as tall as
//    the card (the card's height posted, the host script applying it); and a
//    task card with a name and a number too long for a line still fits 280 px;
// 2. in such a frame, a click on a link of the card opens the portal's page (the
//    host script, asked by the card, opens it in a new tab);
// 3. WordPress: a host script written here as WordPress's wp-embed listens
//    (secret in the frame's address, height and link messages): the frame takes
//    the card's height, and a click on a link takes the page to the portal;
// 4. without a sandbox the links open a new tab by themselves, and without the
//    host script the card keeps the code's fixed height, filled.
// Run by tests/embed.rs, which builds and serves the site.

import http from "node:http";

import { check, finish, launch } from "./lib.mjs";

const base = process.argv[2];
const cards = JSON.parse(process.argv[3] || "[]");
if (!base || !base.endsWith("/") || cards.length === 0) {
  console.error("usage: node embed.mjs http://host:port/prefix/ cards-json");
  process.exit(2);
}
const WIDTHS = [280, 320, 360, 480];

// The newspaper's site: pages set by the checks below, by path.
const hostPages = new Map();
const server = http.createServer((req, res) => {
  const path = req.url.split("?")[0];
  const html = hostPages.get(path);
  // The browser asks every site for its icon; the newspaper has none.
  res.writeHead(html ? 200 : path === "/favicon.ico" ? 204 : 404, { "Content-Type": "text/html; charset=utf-8" });
  res.end(html || "");
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const news = `http://127.0.0.1:${server.address().port}`;
check(new URL(news).origin !== new URL(base).origin, "the newspaper's pages are on another origin than the portal");

// A newspaper's story with `code` pasted in a column `width` px wide; it records
// every message the page receives.
function story(code, width) {
  return `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Bài báo</title></head>
<body style="margin:0;font:16px serif">
<script>window.received = []; addEventListener("message", (e) => received.push({ origin: e.origin, data: e.data }));</script>
<h1>Bài báo</h1>
<div id="col" style="width:${width}px">${code}</div>
<p id="after">Hết bài.</p>
</body></html>`;
}

const entities = { amp: "&", lt: "<", gt: ">", quot: '"' };
function unescape(s) {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) =>
    e[0] === "#"
      ? String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
      : (entities[e] ?? m),
  );
}

// The embed code a page of the portal offers (its read-only box).
async function codeOf(page) {
  const html = await (await fetch(base + page)).text();
  const m = /<textarea id="embed-code"[^>]*>([\s\S]*?)<\/textarea>/.exec(html);
  return m ? unescape(m[1]) : null;
}

const sandboxed = (code) => code.replace("<iframe ", '<iframe sandbox="allow-scripts" ');
const withoutScript = (code) => code.replace(/\s*<script[\s\S]*<\/script>/, "");

const browser = await launch();
const problems = [];

try {
  const context = await browser.newContext({ locale: "vi-VN" });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console (${m.location().url}): ${m.text()}`);
  });

  // What the reader sees of the card in the frame, and what the host did.
  async function state(frame) {
    const inside = await frame.evaluate(() => {
      const de = document.documentElement;
      const card = document.querySelector(".card");
      const foot = card.querySelector(".foot");
      const cs = getComputedStyle(card);
      // Where the card's last line ends, with what the card puts below it.
      const end =
        foot.getBoundingClientRect().bottom +
        parseFloat(getComputedStyle(foot).marginBottom) +
        parseFloat(cs.paddingBottom) +
        parseFloat(cs.borderBottomWidth);
      const wide = [...document.querySelectorAll(".card *")]
        .filter((el) => el.getBoundingClientRect().right > de.clientWidth + 0.5)
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
      return {
        scrollWidth: de.scrollWidth,
        clientWidth: de.clientWidth,
        scrollHeight: de.scrollHeight,
        clientHeight: de.clientHeight,
        end: Math.ceil(end),
        wide: wide.slice(0, 3),
        opaque: self.origin === "null",
      };
    });
    const host = await page.evaluate(() => {
      const f = document.querySelector("iframe");
      const heights = received.filter((m) => m.data && m.data.type === "tiendo-embed" && typeof m.data.height === "number");
      return {
        // Inside its borders (WordPress's frames keep the browser's).
        frameHeight: f.clientHeight,
        posted: heights.length ? heights[heights.length - 1].data.height : null,
        origins: [...new Set(heights.map((m) => m.origin))],
      };
    });
    return { ...inside, ...host };
  }

  // Waits until the frame is as tall as the card says (or `ms` have passed).
  async function settled(frame, ms = 8000) {
    const until = Date.now() + ms;
    let s = await state(frame);
    while (Date.now() < until) {
      if (s.posted !== null && Math.abs(s.frameHeight - s.posted) < 0.5 && Math.abs(s.posted - s.end) <= 1) {
        // Once more, a little later: nothing moves any more.
        await page.waitForTimeout(50);
        const again = await state(frame);
        if (again.posted === s.posted && again.frameHeight === s.frameHeight) return again;
      }
      await page.waitForTimeout(50);
      s = await state(frame);
    }
    return s;
  }

  // The card's frame once the card is there (a host may change the frame's
  // address as it loads: WordPress adds its secret).
  async function frameOf() {
    const until = Date.now() + 10000;
    for (;;) {
      const handle = await page.waitForSelector("iframe");
      const frame = await handle.contentFrame();
      try {
        if (frame) {
          await frame.waitForSelector(".card .foot", { timeout: 2000 });
          return frame;
        }
      } catch (e) {
        if (Date.now() > until) throw e;
      }
      if (Date.now() > until) throw new Error(`the card's frame did not load: ${page.frames().map((f) => f.url()).join(", ")}`);
      await page.waitForTimeout(100);
    }
  }

  // ------------------------------------------------------------ 1. every card fits
  const overflow = Object.fromEntries(WIDTHS.map((w) => [w, []]));
  const unsized = Object.fromEntries(WIDTHS.map((w) => [w, []]));
  const noCode = [];
  let foreign = [];
  let shown = 0;
  for (const { card, page: offeredOn } of cards) {
    const code = await codeOf(offeredOn);
    if (!code || !code.includes(`src="${base}${card}"`) || !code.includes(`src="${base}nhung.js"`)) {
      noCode.push(`${offeredOn || "(home)"}: ${code}`);
      continue;
    }
    hostPages.set("/bai-bao", story(sandboxed(code), 480));
    await page.goto(`${news}/bai-bao`);
    const frame = await frameOf();
    for (const w of WIDTHS) {
      await page.evaluate((px) => {
        document.getElementById("col").style.width = `${px}px`;
      }, w);
      const s = await settled(frame);
      if (s.scrollWidth > s.clientWidth || s.wide.length) {
        overflow[w].push(`${card}: scrollWidth ${s.scrollWidth} > ${s.clientWidth} (${s.wide.join(", ")})`);
      }
      const fits = s.scrollHeight <= s.clientHeight && s.end <= s.clientHeight;
      if (!fits || s.posted === null || Math.abs(s.frameHeight - s.posted) >= 0.5 || Math.abs(s.posted - s.end) > 1) {
        unsized[w].push(
          `${card}: frame ${s.frameHeight}px, posted ${s.posted}, card ends at ${s.end}, scrollHeight ${s.scrollHeight} > ${s.clientHeight}?`,
        );
      }
      if (!s.opaque || s.origins.some((o) => o !== "null")) foreign.push(`${card}: ${s.origins} opaque=${s.opaque}`);
    }
    shown++;
  }
  check(noCode.length === 0, `every card's page offers its embed code with the host script (${cards.length} cards)`, noCode.slice(0, 5).join("\n     "));
  check(foreign.length === 0, "in a frame sandboxed with allow-scripts only, the card runs in an opaque origin and its messages come from it", foreign.slice(0, 5).join("\n     "));
  for (const w of WIDTHS) {
    check(overflow[w].length === 0, `no card (${shown}) is wider than a ${w} px column`, overflow[w].slice(0, 8).join("\n     "));
    check(
      unsized[w].length === 0,
      `at ${w} px every frame takes the height its card posts, which shows the whole card and no more`,
      unsized[w].slice(0, 8).join("\n     "),
    );
  }

  // Content longer than the bundled site's: a name and a figure with no place to
  // break, in the title and in each value of a task card, at the narrowest width.
  {
    const { card, page: offeredOn } = cards.find((c) => c.card.startsWith("nhung/nhiem-vu/"));
    hostPages.set("/bai-bao", story(sandboxed(await codeOf(offeredOn)), 280));
    await page.goto(`${news}/bai-bao`);
    const frame = await frameOf();
    await frame.evaluate(() => {
      const long = "Ủy-ban-nhân-dân-tỉnh-Hưng-Yên-và-các-sở-ban-ngành-cấp-tỉnh";
      document.querySelector("h1 a").textContent = `${long} ${long}`;
      for (const dd of document.querySelectorAll("dd")) dd.textContent = `${long} 1234567890123456789012345678901234`;
    });
    const s = await settled(frame);
    check(
      s.scrollWidth <= s.clientWidth && s.wide.length === 0 && Math.abs(s.frameHeight - s.end) <= 1,
      `${card}: with a name and a number too long for a line, the card still fits 280 px and its frame grows with it`,
      `scrollWidth ${s.scrollWidth} > ${s.clientWidth} (${s.wide.join(", ")}); frame ${s.frameHeight}px, card ends at ${s.end}`,
    );
  }

  // The cards the next checks use: a task, an agency, a commune or ward.
  const pick = (prefix) => cards.find((c) => c.card.startsWith(prefix));
  const samples = [pick("nhung/nhiem-vu/"), pick("nhung/co-quan/"), pick("nhung/dia-phuong/")].filter(Boolean);
  check(samples.length === 3, "the site has task, agency and commune/ward cards");

  // ------------------------- 2. a link of a sandboxed card, through the host script
  for (const { card, page: offeredOn } of samples) {
    const code = await codeOf(offeredOn);
    hostPages.set("/bai-bao", story(sandboxed(code), 360));
    await page.goto(`${news}/bai-bao`);
    const frame = await frameOf();
    await settled(frame);
    const [tab] = await Promise.all([
      context.waitForEvent("page", { timeout: 10000 }).catch(() => null),
      frame.click("h1 a"),
    ]);
    const url = tab ? tab.url() : "(no tab)";
    check(
      url === base + offeredOn,
      `${card}: in a frame sandboxed with allow-scripts only, a click on the title opens ${base + offeredOn} in a new tab`,
      url,
    );
    check(page.url() === `${news}/bai-bao`, `${card}: and the story stays where it was`, page.url());
    if (tab) await tab.close();
  }

  // ------------------------------------------------------ 3. WordPress's protocol
  // The host script of a WordPress site, as wp-embed does it: the frame carries
  // a secret in its address and in data-secret; the frame's height is clamped to
  // 200–1000 px; a link is followed only to the frame's host, while the frame has
  // the focus; "ready" is posted to every frame once the page is loaded. (WordPress
  // adds a missing secret on DOMContentLoaded; here it waits for the load, once the
  // card is there: a frame whose address changes while it loads starts again, in a
  // new process that playwright loses track of.)
  const WP = `<script>
addEventListener("message", function (e) {
  var d = e.data;
  if (!d || !(d.secret || d.message || d.value) || /[^a-zA-Z0-9]/.test(d.secret)) return;
  document.querySelectorAll('iframe[data-secret="' + d.secret + '"]').forEach(function (f) {
    if (e.source !== f.contentWindow) return;
    f.removeAttribute("style");
    if (d.message === "height") {
      var h = parseInt(d.value, 10);
      f.height = h > 1000 ? 1000 : (~~h < 200 ? 200 : h);
    } else if (d.message === "link") {
      var from = new URL(f.getAttribute("src")), to = new URL(d.value);
      if (/^https?:$/i.test(to.protocol) && to.host === from.host && document.activeElement === f) {
        window.top.location.href = d.value;
      }
    }
  });
});
addEventListener("load", function () {
  document.querySelectorAll("iframe.wp-embedded-content").forEach(function (f) {
    var secret = f.getAttribute("data-secret");
    if (!secret) {
      secret = Math.random().toString(36).slice(2, 12).padEnd(10, "0");
      f.src += "#?secret=" + secret;
      f.setAttribute("data-secret", secret);
    }
    f.contentWindow.postMessage({ message: "ready", secret: secret }, "*");
  });
});
</script>`;
  for (const [i, { card, page: offeredOn }] of samples.entries()) {
    // The first sample as WordPress writes the frame today (the secret in the
    // address from the start), the others as older versions did (added by the
    // script once the page has loaded).
    const secret = "s3cr3tW0rd";
    const src = i === 0 ? `${base}${card}#?secret=${secret}` : `${base}${card}`;
    const attrs = i === 0 ? ` data-secret="${secret}"` : "";
    const frameCode = `<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" src="${src}"${attrs} width="480" height="330" title="Thẻ" style="position: absolute; clip: rect(1px, 1px, 1px, 1px);"></iframe>`;
    hostPages.set("/wordpress", story(frameCode + WP, 320));
    await page.goto(`${news}/wordpress`);
    const frame = await frameOf();
    // The WordPress frame's height follows WordPress's messages, not tiendo's.
    let s;
    const until = Date.now() + 5000;
    do {
      await page.waitForTimeout(50);
      s = await state(frame);
    } while (Date.now() < until && Math.abs(s.frameHeight - Math.min(1000, Math.max(200, s.end))) >= 0.5);
    const wpHeights = await page.evaluate(() =>
      received.filter((m) => m.data && m.data.message === "height").map((m) => m.data.value),
    );
    check(
      wpHeights.length > 0 && Math.abs(s.frameHeight - Math.min(1000, Math.max(200, s.end))) < 0.5 && s.scrollWidth <= s.clientWidth,
      `${card}: WordPress (${i === 0 ? "secret in the address" : "secret added by its script"}) makes the frame as tall as the card, 320 px wide`,
      `frame ${s.frameHeight}px, card ends at ${s.end}, WordPress heights ${wpHeights}`,
    );
    check(
      await page.evaluate(() => !document.querySelector("iframe").hasAttribute("style")),
      `${card}: WordPress shows the frame it had hidden, once the card has spoken`,
    );
    const tabs = context.pages().length;
    await Promise.all([page.waitForURL(base + offeredOn, { timeout: 10000 }).catch(() => {}), frame.click(".foot a")]);
    check(
      page.url() === base + offeredOn && context.pages().length === tabs,
      `${card}: in WordPress a click on "see the full page" takes the reader's page to ${base + offeredOn}`,
      page.url(),
    );
  }

  // ---------------------------------- 4. without a sandbox, and without the script
  {
    const { card, page: offeredOn } = samples[0];
    const code = await codeOf(offeredOn);
    hostPages.set("/bai-bao", story(code, 360));
    await page.goto(`${news}/bai-bao`);
    const frame = await frameOf();
    const s = await settled(frame);
    check(!s.opaque && s.origins.join() === new URL(base).origin, `${card}: without a sandbox the card's messages come from the portal's origin`, s.origins.join());
    check(Math.abs(s.frameHeight - s.end) <= 1, `${card}: and the host script sizes its frame too`, `${s.frameHeight} vs ${s.end}`);
    const [tab] = await Promise.all([context.waitForEvent("page", { timeout: 10000 }).catch(() => null), frame.click("h1 a")]);
    const links = await page.evaluate(() => received.filter((m) => m.data && typeof m.data.link === "string").length);
    check(
      tab !== null && tab.url() === base + offeredOn && links === 0,
      `${card}: without a sandbox the title opens the page in a new tab by itself (no message asked)`,
      `${tab ? tab.url() : "no tab"}, ${links} link message(s)`,
    );
    if (tab) await tab.close();

    const fixed = Number(/height="(\d+)"/.exec(code)[1]);
    hostPages.set("/bai-bao", story(withoutScript(code), 480));
    await page.goto(`${news}/bai-bao`);
    const bare = await frameOf();
    await page.waitForTimeout(300);
    const b = await state(bare);
    const filled = await bare.evaluate(() => document.querySelector(".card").getBoundingClientRect().bottom >= innerHeight - 0.5);
    check(
      b.frameHeight === fixed && filled && b.scrollWidth <= b.clientWidth,
      `${card}: without the host script the frame keeps the code's ${fixed} px and the card fills it`,
      `frame ${b.frameHeight}px, card filled: ${filled}`,
    );
  }

  check(problems.length === 0, "no script error and no refused load (CSP) in the story or the cards", problems.slice(0, 8).join("\n     "));
} finally {
  await browser.close();
  server.close();
}

finish("embed: all checks passed");
