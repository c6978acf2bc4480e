#!/usr/bin/env bash
# Time a rebuild after one edit, as an editor or a deploy job makes it: the site
# built once into an output folder on the disk, then, before each timed run, one
# progress entry's title changed (alternating between two titles) and the site
# built again into the same folder. Prints, for each run, wall and CPU time, peak
# memory, the files the build says it wrote and kept, and the files and bytes a
# deploy would see as new (modified after the run started).
#
#   bench/one_edit.sh                              # N = 10000, 5 runs, target/release/tiendo
#   TIENDO="/path/a /path/b" RUNS=7 bench/one_edit.sh   # two binaries in turn (A B A B ...)
#
# Environment: N (10000), RUNS (5), AS_OF (2026-11-24), TIENDO (one or more
# binaries; default target/release/tiendo), CORPUS_DIR (bench/.corpus), OUT_DIR
# (bench/.out, on the disk), PYTHON (python3). Each binary gets its own copy of the
# corpus (its .tiendo-cache is keyed by the program) and its own output folder.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
N="${N:-10000}"
RUNS="${RUNS:-5}"
AS_OF="${AS_OF:-2026-11-24}"
PYTHON="${PYTHON:-python3}"
CORPUS="${CORPUS_DIR:-$BENCH/.corpus}"
WORK="${OUT_DIR:-$BENCH/.out}/one-edit"
read -r -a BINS <<<"${TIENDO:-$ROOT/target/release/tiendo}"

die() {
    echo "bench: error: $*" >&2
    exit 1
}
say() { echo "bench: $*" >&2; }

[[ "$N" =~ ^[0-9]+$ ]] || die "N must be a whole number (got '$N')"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number (got '$RUNS')"
/usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time -v does not work (apt-get install time)"
for b in "${BINS[@]}"; do
    [[ -x "$b" ]] || die "$b is not an executable (cargo build --release)"
done

src="$CORPUS/$N/tiendo"
if [[ ! -d "$src/content" ]]; then
    say "N=$N: generating the corpus in $CORPUS/$N"
    "$PYTHON" "$BENCH/gen_corpus.py" --entries "$N" --as-of "$AS_OF" --out "$CORPUS/$N" >/dev/null ||
        die "corpus generation failed"
fi
entry="$(find "$src/content/progress" -name '*.md' | sort | tail -n 1)"
rel="${entry#"$src/"}"

mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
printf 'binary\trun\twall_s\tcpu_s\trss_kb\twritten\tkept\tnew_files\tnew_bytes\n' >"$RESULTS"

# One site and output folder per binary, built once (the first build fills the cache).
for i in "${!BINS[@]}"; do
    site="$WORK/site-$i" out="$WORK/out-$i/public"
    rm -rf "$site" "$WORK/out-$i"
    mkdir -p "$WORK/out-$i"
    cp -r "$src" "$site"
    say "binary $i (${BINS[$i]}): first build into $out"
    "${BINS[$i]}" build "$site" -o "$out" --as-of "$AS_OF" >/dev/null 2>&1 || die "first build failed"
    # The second fills what the first could not (the search packs).
    "${BINS[$i]}" build "$site" -o "$out" --as-of "$AS_OF" >/dev/null 2>&1 || die "second build failed"
done

for run in $(seq 1 "$RUNS"); do
    for i in "${!BINS[@]}"; do
        site="$WORK/site-$i" out="$WORK/out-$i/public" log="$WORK/run-$i.log" tfile="$WORK/run-$i.time"
        # One edit: the entry's title, a different one every run.
        "$PYTHON" - "$site/$rel" "$run" <<'EOF'
import re, sys
path, run = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = re.sub(r'(?m)^title: .*$', f'title: "Báo cáo đã sửa, lần {run}"', text, count=1)
open(path, "w", encoding="utf-8").write(text)
EOF
        sync
        touch "$WORK/start-$i"
        sleep 0.01
        t0=$(date +%s%N)
        /usr/bin/time -v -o "$tfile" "${BINS[$i]}" build "$site" -o "$out" --as-of "$AS_OF" >"$log" 2>&1 ||
            die "rebuild failed: $(tail -n 20 "$log")"
        t1=$(date +%s%N)
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
        cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$tfile")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")
        read -r written kept < <(sed -n 's/^built [0-9]* files (\([0-9]*\) written, \([0-9]*\) [a-z]*).*/\1 \2/p' "$log") || true
        read -r files bytes < <(find "$out" -type f -newer "$WORK/start-$i" -printf '%s\n' |
            awk '{n++; s += $1} END {printf "%d %d\n", n, s}') || true
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$run" "$wall" "$cpu" "$rss" \
            "${written:--}" "${kept:--}" "$files" "$bytes" >>"$RESULTS"
        say "binary $i run $run/$RUNS: $wall s wall, $cpu s CPU, $((rss / 1024)) MB;" \
            "written ${written:--}, kept ${kept:--}; new in the output: $files files, $bytes bytes"
    done
done

"$PYTHON" - "$RESULTS" "${BINS[@]}" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
bins = sys.argv[2:]
print()
print("rebuild after one edit, median of each binary's runs (min-max):")
for i, b in enumerate(bins):
    rs = [r for r in rows if r["binary"] == str(i)]
    def fig(key, f=float):
        v = [f(r[key]) for r in rs if r[key] != "-"]
        return (statistics.median(v), min(v), max(v)) if v else None
    w, c, m = fig("wall_s"), fig("cpu_s"), fig("rss_kb", int)
    nf, nb = fig("new_files", int), fig("new_bytes", int)
    wk = fig("written", int)
    print(f"  {b}")
    print(f"    wall {w[0]:.2f} s ({w[1]:.2f}-{w[2]:.2f}), CPU {c[0]:.2f} s, peak {m[0] / 1024:.0f} MB,"
          f" new in the output {nf[0]:.0f} files / {nb[0] / 1e6:.1f} MB"
          + (f", written (as the build says) {wk[0]:.0f}" if wk else ""))
if len(bins) == 2:
    by = {(r["binary"], r["run"]): float(r["wall_s"]) for r in rows}
    ratios = sorted(by[("1", r)] / by[("0", r)] for (b, r) in by if b == "0" and ("1", r) in by)
    print(f"  wall, second / first, pair by pair: median {statistics.median(ratios):.2f}"
          f" ({ratios[0]:.2f}-{ratios[-1]:.2f}, {len(ratios)} pairs)")
print("every run: " + sys.argv[1])
EOF
