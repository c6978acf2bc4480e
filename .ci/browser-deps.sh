#!/usr/bin/env bash
# What the browser test (tests/search.rs, readers_find_pages_in_a_real_browser)
# needs: Debian's chromium and Node with the npm packages of tests/browser
# (playwright-core, which drives the system chromium and downloads no browser).
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
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
echo "browser-deps: $(chromium --version 2>/dev/null | head -1), node $(node --version), playwright-core $(node -p 'require("./tests/browser/node_modules/playwright-core/package.json").version')"
