//! Embeddable cards as newspapers use them: every card has its oEmbed and the
//! code its page offers (agencies and communes/wards included), and, in a real
//! headless Chromium (tests/browser/embed.mjs), every card fits a phone's column
//! and sizes its frame on another site, sandboxed as WordPress sandboxes it.
//!
//! The browser test needs Node, the npm packages of tests/browser and Debian's
//! chromium (`.ci/browser-deps.sh` installs them), so it is `#[ignore]`d: a plain
//! `cargo test` lists it as ignored; `cargo test -- --include-ignored` (CI) runs it.

mod common;

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use common::*;
use scraper::{Html, Selector};

const BASE: &str = "https://example.org/ke-hoach/";

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    select(doc, css)
        .first()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

/// The file of the built site at the absolute URL `url`.
fn file_of(url: &str) -> String {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    let rel = rel.split('?').next().unwrap();
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

#[test]
fn agencies_and_communes_have_cards_with_oembed_and_their_pages_offer_them() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    for (page, name, kind, card, oembed) in [
        (
            "co-quan/co-quan-a/",
            "Cơ quan A",
            "Cơ quan",
            "nhung/co-quan/co-quan-a/",
            "oembed/co-quan/co-quan-a.json",
        ),
        (
            "dia-phuong/xa-an-thi/",
            "Xã Ân Thi",
            "Xã",
            "nhung/dia-phuong/xa-an-thi/",
            "oembed/dia-phuong/xa-an-thi.json",
        ),
    ] {
        let html = read(&out, &format!("{page}index.html"));
        let doc = Html::parse_document(&html);

        // The page announces its oEmbed, where the JSON is.
        let href = attr(
            &doc,
            r#"link[rel="alternate"][type="application/json+oembed"]"#,
            "href",
        )
        .unwrap_or_else(|| panic!("{page} announces no oEmbed"));
        assert_eq!(href, format!("{BASE}{oembed}"));
        let json: serde_json::Value = serde_json::from_str(&read(&out, &file_of(&href))).unwrap();
        assert_eq!(json["version"], "1.0");
        assert_eq!(json["type"], "rich");
        assert_eq!(json["provider_url"], BASE);
        assert_eq!(json["author_url"], format!("{BASE}{page}"));
        assert!(
            json["title"].as_str().unwrap().ends_with(name),
            "{}",
            json["title"]
        );
        assert_eq!(json["width"], 480);
        assert_eq!(json["height"], 300);
        let iframe = json["html"].as_str().unwrap();
        assert!(
            iframe.starts_with(&format!(
                r#"<iframe src="{BASE}{card}" width="480" height="300" "#
            )) && iframe.ends_with("></iframe>"),
            "{iframe}"
        );
        assert_eq!(
            json["thumbnail_url"].as_str(),
            attr(&doc, r#"meta[property="og:image"]"#, "content").as_deref()
        );

        // The page offers the same frame, with the host script that sizes it.
        let boxed = select(&doc, "textarea#embed-code[readonly]");
        assert_eq!(boxed.len(), 1, "{page}");
        assert_eq!(
            boxed[0].text().collect::<String>(),
            format!("{iframe}\n<script src=\"{BASE}nhung.js\" async></script>")
        );
        assert_eq!(
            attr(&doc, ".embed-code a", "href"),
            Some(format!("/ke-hoach/{card}"))
        );

        // The card: what the unit is, its name linked to its page, its figures.
        let card_html = read(&out, &format!("{card}index.html"));
        let cdoc = Html::parse_document(&card_html);
        let shown = text(&card_html);
        assert!(shown.starts_with(kind), "{shown}");
        assert_eq!(
            select(&cdoc, "h1 a")
                .first()
                .map(|a| (a.value().attr("href"), a.text().collect::<String>())),
            Some((Some(format!("{BASE}{page}").as_str()), name.to_string()))
        );
        assert!(shown.contains("quá hạn"), "{shown}");
        assert_eq!(
            select(&cdoc, "svg.bar[role=img]").len(),
            1,
            "{card}: its tasks by status, as a bar with a text alternative"
        );
        assert_eq!(
            attr(&cdoc, r#"meta[name="robots"]"#, "content").as_deref(),
            Some("noindex")
        );
    }
    // Written once, at the site's root, for every page that embeds cards.
    let host = read(&out, "nhung.js");
    assert!(host.contains("tiendo-embed"), "{host}");
    assert!(!out.join("assets/nhung.js").exists());
    assert!(read(&out, "assets/embed.js").contains("tiendo-embed"));
}

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
