//! The vendored crates (`vendor/pagefind`, `vendor/tera`) are their releases from
//! crates.io with the patches in their `patches/` folders applied in order, and
//! nothing else (`vendor/check-patches.sh`): a change made in the folder without
//! its patch, or a patch that no longer gives the folder, fails here.
//!
//! Downloads the releases from crates.io, so it is `#[ignore]`d for a plain
//! `cargo test`; CI runs it with `--include-ignored`.

use std::path::Path;
use std::process::Command;

#[test]
#[ignore = "downloads the released crates from crates.io; run with --include-ignored"]
fn vendored_crates_are_their_releases_with_their_patches() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("vendor/check-patches.sh");
    let out = Command::new("bash").arg(&script).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for line in [
        "pagefind: pagefind 1.6.0 with its 5 patches, nothing else",
        "tera: tera 1.20.1 with its 4 patches, nothing else",
    ] {
        assert!(stdout.contains(line), "{stdout}");
    }
}
