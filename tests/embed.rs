//! Embeddable cards as newspapers' sites show them, in a real headless Chromium
//! (tests/browser/embed.mjs): every card fits a phone's column and sizes its
//! frame on another site, sandboxed as WordPress sandboxes it, and its links
//! work there. (Their oEmbed and embed code: tests/outreach.rs.)
//!
//! The browser test needs Node, the npm packages of tests/browser and Debian's
//! chromium (`.ci/browser-deps.sh` installs them), so it is `#[ignore]`d: a plain
//! `cargo test` lists it as ignored; `cargo test -- --include-ignored` (CI) runs it.

mod common;

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use common::*;

/// Every card of the site at `out`, with the page that offers its embed code
/// (relative to the site).
fn cards(out: &Path) -> Vec<serde_json::Value> {
    let mut v = Vec::new();
    for (rel, _) in html_files(&out.join("nhung")) {
        let card = format!("nhung/{}", rel.trim_end_matches("index.html"));
        let page = card
            .strip_prefix("nhung/")
            .map(|p| if p == "tien-do/" { "" } else { p })
            .unwrap_or_default()
            .to_string();
        v.push(serde_json::json!({ "card": card, "page": page }));
    }
    v
}

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| serve_bundled_site("embed"))
}

/// Runs tests/browser/embed.mjs against the served site: every card at 280, 320,
/// 360 and 480 px in a frame of another origin sandboxed with allow-scripts only;
/// links through the host script and through a WordPress-style host.
#[test]
#[ignore = "needs Chromium and Node (bash .ci/browser-deps.sh); run with --include-ignored"]
fn cards_fit_phones_and_size_their_frames_on_newspapers_sites_in_a_real_browser() {
    require_browser_packages();
    let s = served();
    let cards = cards(&s.out);
    for kind in ["nhiem-vu", "dien-hinh", "co-quan", "dia-phuong", "tien-do"] {
        assert!(
            cards.iter().any(|c| c["card"]
                .as_str()
                .unwrap()
                .starts_with(&format!("nhung/{kind}/"))),
            "the bundled site has {kind} cards"
        );
    }
    let (ok, stdout, stderr) = node(
        "embed.mjs",
        &[s.url.clone(), serde_json::Value::from(cards).to_string()],
        Duration::from_secs(900),
    );
    println!("{stdout}");
    assert!(ok, "browser test failed:\n{stdout}\n{stderr}");
}
