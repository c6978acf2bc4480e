#!/usr/bin/env bash
# A short run of every fuzz target of fuzz/ (issue 27): each starts from its seed
# corpus (fuzz/corpus/TARGET) and runs for FUZZ_SECONDS (default 30); a crash, a
# timeout or running out of memory fails the script, and the input that did it is
# left in fuzz/artifacts/TARGET/. New inputs go to a scratch folder: the seeds in the
# repository stay as they are. The long runs and their figures: docs/limits.md.
#
# What it needs, installed here when missing: cargo-fuzz (from crates.io) and a
# compiler that takes nightly flags. Machines of this kind come with a nightly
# toolchain beside stable; where there is none, stable is told to accept them
# (RUSTC_BOOTSTRAP=1, which cargo-fuzz recognises), since no other toolchain can be
# downloaded.
#
# The targets are built without a sanitizer (`-s none`): they call only safe Rust
# (the C code in the tree, mimalloc and libdeflate, is not reached from them), and a
# build without AddressSanitizer runs several times as many inputs in the same time.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${FUZZ_SECONDS:-30}
cargo_fuzz_version=0.13.2

if rustup run nightly rustc --version >/dev/null 2>&1; then
    toolchain=(+nightly)
    echo "fuzz: nightly toolchain: $(rustup run nightly rustc --version)"
else
    toolchain=()
    export RUSTC_BOOTSTRAP=1
    echo "fuzz: no nightly toolchain; stable with RUSTC_BOOTSTRAP=1: $(rustc --version)"
fi

if ! cargo fuzz --version 2>/dev/null | grep -qF "$cargo_fuzz_version"; then
    echo "fuzz: installing cargo-fuzz $cargo_fuzz_version"
    cargo install cargo-fuzz --locked --version "$cargo_fuzz_version"
fi

# One build of every target; `cargo fuzz run` below finds it up to date.
cargo "${toolchain[@]}" fuzz build -s none

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failed=()
passed=0
for target in $(cargo "${toolchain[@]}" fuzz list); do
    echo "fuzz: $target for ${seconds}s"
    mkdir -p "$scratch/$target"
    if ! cargo "${toolchain[@]}" fuzz run -s none "$target" "$scratch/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 \
        2>"$scratch/$target.log"; then
        failed+=("$target")
        # What libFuzzer said about the crash (the input is in artifacts/).
        tail -n 60 "$scratch/$target.log"
    else
        passed=$((passed + 1))
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$scratch/$target.log" |
        sed "s/^/fuzz: $target: /" || true
done

echo "fuzz: $passed passed, ${#failed[@]} failed"
if ((${#failed[@]})); then
    echo "fuzz: crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
