#!/usr/bin/env bash
# How fast `tiendo serve` brings an edited page back on a 10,000-entry site
# (the figure in bench/SERVE.md). Release build, a synthetic corpus, then
# bench/serve_reload.py edits entries while the server runs and times the reload.
#
#   bench/serve_reload.sh                 # N=10000 entries, 20 edits of each kind
#   N=1000 EDITS=5 bench/serve_reload.sh
#
# Environment: N, EDITS, LOCALITIES (passed to gen_corpus.py when it is there),
# CORPUS_DIR (bench/.corpus-serve), CARGO_BUILD (1; 0 to use target/release/tiendo
# as it is), PYTHON (python3).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
N="${N:-10000}"
EDITS="${EDITS:-20}"
PYTHON="${PYTHON:-python3}"
CORPUS="${CORPUS_DIR:-$BENCH/.corpus-serve}/n$N"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

if [[ "${CARGO_BUILD:-1}" == 1 ]]; then
    (cd "$ROOT" && cargo build --release --quiet)
fi
TIENDO="$TARGET/release/tiendo"
[[ -x "$TIENDO" ]] || { echo "serve_reload: no $TIENDO (build with cargo build --release)" >&2; exit 1; }

# A fresh corpus each run: the benchmark edits it.
rm -rf "$CORPUS"
mkdir -p "$CORPUS"
if [[ -f "$BENCH/gen_corpus.py" ]]; then
    "$PYTHON" "$BENCH/gen_corpus.py" --entries "$N" ${LOCALITIES:+--localities "$LOCALITIES"} --out "$CORPUS" >/dev/null
    SITE="$CORPUS/tiendo"
    GEN=()
else
    SITE="$CORPUS/site"
    GEN=(--generate "$N")
fi

echo "machine: $(nproc) cores, $(uname -sr); tiendo $("$TIENDO" --version)"
exec "$PYTHON" "$BENCH/serve_reload.py" --tiendo "$TIENDO" --site "$SITE" --edits "$EDITS" "${GEN[@]}"
