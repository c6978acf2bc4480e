#!/usr/bin/env bash
# Checks that each vendored crate (a folder of vendor/ with a patches/ folder) is
# its release from crates.io with its patches applied in order, and nothing else:
# the release's .crate file is downloaded, checked against the SHA-256 written in
# patches/SOURCE, unpacked, patched with `git apply`, and compared with the folder
# (its PATCHES.md, patches/ and the files the project adds or leaves out of the
# release, listed in patches/SOURCE, aside). Prints each crate's result; exits 1
# at the first difference. Needs curl, tar, git and sha256sum.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for source in */patches/SOURCE; do
    crate=${source%%/*}
    # SOURCE: "crate NAME VERSION SHA256" then "ignore FILE..." lines.
    read -r _ name version sha < <(grep '^crate ' "$source")
    ignore=(-x PATCHES.md -x patches)
    for f in $(sed -n 's/^ignore //p' "$source"); do ignore+=(-x "$f"); done
    curl -sSfL --retry 3 -o "$tmp/$name.crate" \
        "https://static.crates.io/crates/$name/$name-$version.crate"
    echo "$sha  $tmp/$name.crate" | sha256sum --check --quiet
    tar -xzf "$tmp/$name.crate" -C "$tmp"
    release="$tmp/$name-$version"
    count=0
    for p in "$crate"/patches/*.patch; do
        (cd "$release" && git apply --whitespace=nowarn -p1 "$OLDPWD/$p") || {
            echo "$crate: $p does not apply to $name $version" >&2
            exit 1
        }
        count=$((count + 1))
    done
    if diff -r "${ignore[@]}" "$release" "$crate"; then
        echo "$crate: $name $version with its $count patches, nothing else"
    else
        echo "$crate: differs from $name $version with its $count patches (above)" >&2
        status=1
    fi
done
exit $status
