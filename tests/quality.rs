//! The bundled site checked by the independent tools public-sector sites are
//! held to: the W3C Nu HTML Checker (vnu.jar) on every page; axe-core, keyboard
//! use, weight, hosts and printing in headless Chromium (tests/browser/quality.mjs,
//! which also saves screenshots under `target/quality-screenshots/`); Lighthouse
//! (mobile) on the home, a task and an agency page.
//!
//! They need Java, Node, the npm packages of tests/browser and Debian's chromium
//! (`.ci/browser-deps.sh` installs them), so they are `#[ignore]`d: a plain
//! `cargo test` lists them as ignored; `cargo test -- --include-ignored` (CI) runs them.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use common::*;

fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| serve_bundled_site("quality"))
}

/// One tool at a time: the machine may have two cores, and Lighthouse measures
/// the page's work on the CPU.
fn one_at_a_time() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// The flags every headless Chromium of these tests gets (as in
/// tests/browser/lib.mjs): without a network but the loopback, Chromium waits on
/// its background connections otherwise.
const CHROME_FLAGS: &str = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync";

#[test]
#[ignore = "needs Chromium, Java and Node (bash .ci/browser-deps.sh); run with --include-ignored"]
fn every_page_passes_the_nu_html_checker() {
    require_browser_packages();
    let s = served();
    let jar = browser_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(
        jar.is_file(),
        "{} is missing: run .ci/browser-deps.sh",
        jar.display()
    );
    let pages: Vec<String> = html_files(&s.out).into_iter().map(|(rel, _)| rel).collect();
    assert!(pages.len() > 300, "{} pages", pages.len());
    for p in [
        "index.html",
        "nhung/tien-do/index.html",
        "in/index.html",
        "ban-tin/2026-06/index.html",
    ] {
        assert!(pages.iter().any(|x| x == p), "{p} is checked");
    }
    let _one = one_at_a_time();
    let (_, stdout, stderr) = run(
        Command::new("java")
            .current_dir(&s.out)
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--format", "json"])
            .args(&pages),
        Duration::from_secs(300),
    );
    // The report is JSON on stderr; anything else there is Java failing to start.
    let json = stderr
        .lines()
        .find(|l| l.starts_with("{\""))
        .unwrap_or_else(|| {
            panic!("vnu.jar gave no report (is Java 11 or later installed?):\n{stdout}\n{stderr}")
        });
    let report: serde_json::Value = serde_json::from_str(json).unwrap();
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let url = m["url"].as_str().unwrap_or("");
            let file = url.rsplit_once("/sub/").map_or(url, |(_, rel)| rel);
            format!(
                "{file}:{}: {} ({})",
                m["lastLine"],
                m["message"].as_str().unwrap_or(""),
                m["type"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} error(s) in the {} pages:\n{}",
        errors.len(),
        pages.len(),
        errors.join("\n")
    );
}

/// Where the screenshots for a reviewer go: `target/quality-screenshots/`.
fn screenshot_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .join("quality-screenshots")
}

/// Runs tests/browser/quality.mjs: axe-core on every kind of page at 390 and
/// 1280 px, the keyboard, weight and hosts of the home and a task page, printing.
#[test]
#[ignore = "needs Chromium, Java and Node (bash .ci/browser-deps.sh); run with --include-ignored"]
fn pages_are_accessible_light_and_print_in_a_real_browser() {
    require_browser_packages();
    let s = served();
    let shots = screenshot_dir();
    let _ = fs::remove_dir_all(&shots);
    let _one = one_at_a_time();
    let (ok, stdout, stderr) = node(
        "quality.mjs",
        &[s.url.clone(), shots.display().to_string()],
        Duration::from_secs(420),
    );
    println!("{stdout}");
    let failed: Vec<&str> = stdout
        .lines()
        .skip_while(|l| !l.starts_with("FAIL"))
        .collect();
    assert!(
        ok,
        "browser checks failed:\n{}\n{stderr}",
        if failed.is_empty() {
            stdout.as_str().into()
        } else {
            failed.join("\n")
        }
    );
    for name in ["home", "task"] {
        for width in [390, 1280] {
            let f = shots.join(format!("{name}-{width}.png"));
            assert!(f.is_file(), "{} was saved", f.display());
        }
    }
}

/// One Lighthouse run on a page.
struct Audit {
    /// The four scores, each 0 to 1.
    scores: Vec<(String, f64)>,
    /// For each category under the minimum, the audits that cost it points.
    lost: Vec<String>,
    /// The measured metrics, as Lighthouse shows them.
    metrics: String,
}

/// Runs Lighthouse on `url` (mobile, its default).
fn lighthouse(url: &str, min: f64) -> Audit {
    let tmp = tempfile::tempdir().unwrap();
    let report = tmp.path().join("report.json");
    let cli = browser_dir().join("node_modules/lighthouse/cli/index.js");
    let (ok, stdout, stderr) = run(
        Command::new("node")
            .env("CHROME_PATH", "/usr/bin/chromium")
            .arg(&cli)
            .arg(url)
            .args([
                "--quiet",
                "--output=json",
                "--only-categories=performance,accessibility,best-practices,seo",
            ])
            .arg(format!("--output-path={}", report.display()))
            .arg(format!(
                "--chrome-flags={CHROME_FLAGS} --user-data-dir={}",
                tmp.path().join("profile").display()
            )),
        Duration::from_secs(180),
    );
    assert!(ok, "lighthouse {url} failed:\n{stdout}\n{stderr}");
    let r: serde_json::Value = serde_json::from_str(&fs::read_to_string(&report).unwrap()).unwrap();
    if let Some(e) = r["runtimeError"]["message"].as_str() {
        panic!("lighthouse {url}: {e}");
    }
    let mut scores = Vec::new();
    let mut lost = Vec::new();
    for cat in ["performance", "accessibility", "best-practices", "seo"] {
        let c = &r["categories"][cat];
        let score = c["score"]
            .as_f64()
            .unwrap_or_else(|| panic!("lighthouse {url}: no {cat} score"));
        scores.push((cat.to_string(), score));
        if score >= min {
            continue;
        }
        for a in c["auditRefs"].as_array().unwrap() {
            let audit = &r["audits"][a["id"].as_str().unwrap()];
            let s = audit["score"].as_f64();
            if a["weight"].as_f64().unwrap_or(0.0) > 0.0 && s.is_some_and(|s| s < 1.0) {
                lost.push(format!(
                    "{cat}: {} {} ({})",
                    a["id"].as_str().unwrap(),
                    s.unwrap(),
                    audit["displayValue"]
                        .as_str()
                        .unwrap_or(audit["title"].as_str().unwrap_or(""))
                ));
            }
        }
    }
    let metrics: Vec<String> = [
        ("FCP", "first-contentful-paint"),
        ("LCP", "largest-contentful-paint"),
        ("TBT", "total-blocking-time"),
        ("CLS", "cumulative-layout-shift"),
        ("SI", "speed-index"),
    ]
    .iter()
    .map(|(short, id)| {
        let v = r["audits"][*id]["displayValue"].as_str().unwrap_or("?");
        format!("{short} {}", v.replace('\u{a0}', " "))
    })
    .collect();
    Audit {
        scores,
        lost,
        metrics: metrics.join(", "),
    }
}

/// Lighthouse (mobile) scores at least 95 in each category on the home, a task
/// and an agency page. Performance is measured on this machine (throttling is
/// simulated, but the page's own CPU time counts), so a page whose performance
/// is under 95 is run again, up to three times, and its best run is kept.
#[test]
#[ignore = "needs Chromium, Java and Node (bash .ci/browser-deps.sh); run with --include-ignored"]
fn lighthouse_scores_at_least_95_on_a_phone() {
    require_browser_packages();
    let s = served();
    let _one = one_at_a_time();
    let mut below = Vec::new();
    for (name, path) in [
        ("home", ""),
        (
            "task",
            "nhiem-vu/btc-ke-hoach-dao-tao-boi-duong-can-bo-co-so/",
        ),
        ("agency", "co-quan/so-noi-vu/"),
    ] {
        let url = format!("{}{path}", s.url);
        let worst = |s: &[(String, f64)]| s.iter().map(|x| x.1).fold(1.0, f64::min);
        let show = |s: &[(String, f64)]| {
            let parts: Vec<String> = s
                .iter()
                .map(|(c, v)| format!("{c} {:.0}", v * 100.0))
                .collect();
            parts.join(", ")
        };
        let mut best: Option<Audit> = None;
        for attempt in 1..=3 {
            let a = lighthouse(&url, 0.95);
            println!(
                "lighthouse {name} (run {attempt}): {} ({})",
                show(&a.scores),
                a.metrics
            );
            if best
                .as_ref()
                .is_none_or(|b| worst(&a.scores) > worst(&b.scores))
            {
                best = Some(a);
            }
            // Only performance moves with the machine's load: a page that falls short
            // elsewhere would fall short again.
            let settled = best.as_ref().is_some_and(|b| {
                b.scores
                    .iter()
                    .all(|(c, v)| *v >= 0.95 || c != "performance")
            });
            if settled {
                break;
            }
        }
        let best = best.unwrap();
        if worst(&best.scores) < 0.95 {
            below.push(format!(
                "{name} ({url}): {}\n  {}",
                show(&best.scores),
                best.lost.join("\n  ")
            ));
        }
    }
    assert!(
        below.is_empty(),
        "Lighthouse scored under 95 (best of up to three runs):\n{}",
        below.join("\n")
    );
}
