#!/usr/bin/env bash
# What the browser tests need (tests/search.rs, readers_find_pages_in_a_real_browser;
# tests/quality.rs): Debian's chromium, a Java runtime for the Nu HTML Checker, and
# Node with the npm packages of tests/browser (playwright-core, which drives the
# system chromium and downloads no browser; axe-core; lighthouse; vnu-jar, whose
# install step downloads a Java of its own only when none of version 11 or later is
# on the PATH, so Java is installed first). Safe to run again: it installs only what
# is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v java >/dev/null || missing+=(default-jre-headless)
# Not for a browser: tests/vendor.rs downloads the vendored crates' releases.
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
    echo "browser-deps: apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if ((node_major < 20)); then
    echo "browser-deps: playwright-core needs Node 20 or later; this machine has $(node --version)" >&2
    exit 1
fi

# playwright-core never downloads browsers; say so anyway.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
echo "browser-deps: $(chromium --version 2>/dev/null | head -1), node $(node --version), $(java -version 2>&1 | head -1), $(cd tests/browser && node -p 'const v = (p) => require(`./node_modules/${p}/package.json`).version; ["playwright-core", "axe-core", "lighthouse", "vnu-jar"].map((p) => `${p} ${v(p)}`).join(", ")')"
