// What the browser scripts share: Debian's headless Chromium with the flags it
// needs on a machine without a network, and checks that print one line each.

import { chromium } from "playwright-core";

// Without a network but the loopback, Chromium waits on its background
// connections unless they are turned off.
export const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: CHROMIUM_FLAGS });
}

// A failed request as a problem of the site, or null when the browser gave it up
// because the page moved on (a click, the next page of a test) before it loaded.
export function failedRequest(r) {
  const why = r.failure()?.errorText ?? "";
  return why === "net::ERR_ABORTED" ? null : `failed: ${r.url()} (${why})`;
}

let failures = 0;

// Prints "ok" or "FAIL" (with the detail) and the check; returns `ok`.
export function check(ok, what, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${!ok && detail ? `\n     ${detail}` : ""}`);
  if (!ok) failures++;
  return ok;
}

// Ends the script: non-zero if any check failed.
export function finish(allPassed) {
  console.log(failures ? `${failures} check(s) failed` : allPassed);
  process.exit(failures ? 1 : 0);
}
