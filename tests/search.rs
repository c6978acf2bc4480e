//! Search: the index `tiendo build` writes, read from the built files, and the
//! search as readers use it, in a real headless Chromium against the bundled
//! site served under a path prefix (tests/browser/search.mjs).
//!
//! The browser test needs Node, the npm packages of tests/browser and Debian's
//! chromium (`.ci/browser-deps.sh` installs them), so it is `#[ignore]`d: a plain
//! `cargo test` lists it as ignored; `cargo test -- --include-ignored` (CI) runs it.

mod common;

use std::fs;
use std::sync::OnceLock;
use std::time::Duration;

use common::*;
use scraper::{Html, Selector};

/// The bundled site, built once for this file's tests and served under `/sub/`.
fn served() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| serve_bundled_site("search"))
}

/// Parts of at most this many pages make the bundled site's index one in parts,
/// as a site of over 150,000 record pages has it.
const PART_PAGES: &str = "60";

/// The bundled site with its search index in parts, built once for this file's
/// tests and served under `/sub/`.
fn served_in_parts() -> &'static Served {
    static SERVED: OnceLock<Served> = OnceLock::new();
    SERVED.get_or_init(|| {
        serve_bundled_site_with("search-parts", &[("TIENDO_SEARCH_PART_PAGES", PART_PAGES)])
    })
}

/// The folders of an index's parts in `out`: `pagefind/`, `pagefind/1/`, ...
fn part_dirs(out: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut dirs = vec![out.join("pagefind")];
    while out.join(format!("pagefind/{}", dirs.len())).is_dir() {
        dirs.push(out.join(format!("pagefind/{}", dirs.len())));
    }
    dirs
}

/// The addresses of the records a part of an index holds (its fragments).
fn part_urls(dir: &std::path::Path) -> Vec<String> {
    fs::read_dir(dir.join("fragment"))
        .unwrap()
        .flat_map(|e| search_records_in_file(&fs::read(e.unwrap().path()).unwrap()))
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect()
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

#[test]
fn the_build_writes_the_search_index_with_the_pages() {
    let s = served();
    let out = &s.out;
    assert!(
        s.stdout.contains("chỉ mục tìm kiếm: ") && s.stdout.contains(" trang trong "),
        "{}",
        s.stdout
    );
    for f in ["pagefind/pagefind.js", "pagefind/pagefind-worker.js"] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // Pagefind's own UIs are not used and not published.
    for f in [
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-component-ui.js",
    ] {
        assert!(!out.join(f).exists(), "{f}");
    }
    let entry: serde_json::Value =
        serde_json::from_str(&read(out, "pagefind/pagefind-entry.json")).unwrap();
    let indexed = entry["languages"]["vi"]["page_count"].as_u64().unwrap() as usize;

    // Record pages are indexed; list pages, the home page and the search page are not.
    let urls: Vec<String> = search_records(out)
        .iter()
        .map(|f| f["url"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(indexed, urls.len());
    let is_indexed = |p: &str| {
        let url = format!("/{}", p.trim_end_matches("index.html"));
        urls.contains(&url)
    };
    for p in [
        "nhiem-vu/btc-ke-hoach-dao-tao-boi-duong-can-bo-co-so/index.html",
        "co-quan/so-noi-vu/index.html",
        "dia-phuong/xa-kien-xuong/index.html",
        "ke-hoach/index.html",
    ] {
        assert!(is_indexed(p), "{p} is indexed");
    }
    for p in [
        "index.html",
        "nhiem-vu/index.html",
        "co-quan/index.html",
        "tien-do/index.html",
        "tim-kiem/index.html",
        "lich/index.html",
        "404.html",
    ] {
        assert!(!is_indexed(p), "{p} is not indexed");
    }
    // The fragments (what a result shows) of about four pages share a file: a
    // tenth as many files to write, a few kilobytes to fetch for a result.
    let groups: Vec<usize> = fs::read_dir(out.join("pagefind/fragment"))
        .unwrap()
        .map(|e| search_records_in_file(&fs::read(e.unwrap().path()).unwrap()).len())
        .collect();
    assert_eq!(groups.iter().sum::<usize>(), indexed);
    assert!(
        groups.iter().all(|&n| (1..=5).contains(&n)) && groups.len() * 3 < indexed,
        "{} files for {indexed} pages: {groups:?}",
        groups.len()
    );
    // Nothing of the build is left beside the output.
    let beside: Vec<_> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, vec![std::ffi::OsString::from("sub")]);
}

#[test]
fn a_large_sites_index_is_in_parts_that_hold_each_page_once_and_the_search_page_names() {
    let (whole, parts) = (served(), served_in_parts());
    let mut every: Vec<String> = part_urls(&whole.out.join("pagefind"));
    every.sort();
    let dirs = part_dirs(&parts.out);
    assert!(dirs.len() >= 3, "{} parts", dirs.len());
    let mut held = Vec::new();
    for dir in &dirs {
        // Each part is a bundle of its own: its script, its entry, its pages.
        for f in ["pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind"] {
            assert!(dir.join(f).is_file(), "{}: {f}", dir.display());
        }
        let entry: serde_json::Value =
            serde_json::from_slice(&fs::read(dir.join("pagefind-entry.json")).unwrap()).unwrap();
        let urls = part_urls(dir);
        let count = entry["languages"]["vi"]["page_count"].as_u64().unwrap() as usize;
        assert_eq!(count, urls.len(), "{}", dir.display());
        assert!(count <= 60 * 3 / 2, "{}: {count} pages", dir.display());
        held.extend(urls);
    }
    held.sort();
    // Every page of the whole index, in one part only.
    assert_eq!(held, every);
    // The search page names the other parts; a site of one part names none.
    let names = (1..dirs.len())
        .map(|n| format!("/sub/pagefind/{n}/pagefind.js"))
        .collect::<Vec<_>>()
        .join(" ");
    let page = read(&parts.out, "tim-kiem/index.html");
    assert!(
        page.contains(&format!(" data-parts=\"{names}\"")),
        "{names}"
    );
    assert!(!read(&whole.out, "tim-kiem/index.html").contains("data-parts"));
    assert!(
        parts
            .stdout
            .contains(&format!("chỉ mục tìm kiếm: {} trang", every.len())),
        "{}",
        parts.stdout
    );
}

#[test]
fn an_index_in_parts_rebuilt_after_one_edit_is_the_one_a_full_build_makes() {
    let site = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("content"), &site.path().join("content"));
    let out = tempfile::tempdir().unwrap();
    let (public, fresh) = (out.path().join("public"), out.path().join("fresh"));
    let env = [("TIENDO_SEARCH_PART_PAGES", PART_PAGES)];
    let build_into = |dir: &std::path::Path| {
        let (code, stdout, stderr) =
            build_with_env(site.path(), dir, &["--as-of", "2026-11-24"], &env);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        stdout
    };
    build_into(&public);
    let before = snapshot(&public.join("pagefind"));
    let entry = site
        .path()
        .join("content/progress/2026/btc-thuong-truc-so-ket.md");
    let text = fs::read_to_string(&entry).unwrap();
    let (head, rest) = text.split_once("\ntitle: ").unwrap();
    let (_, rest) = rest.split_once('\n').unwrap();
    fs::write(
        &entry,
        format!("{head}\ntitle: \"Báo cáo sơ kết, tên mới tìm được\"\n{rest}"),
    )
    .unwrap();
    let stdout = build_into(&public);
    assert!(stdout.contains("chỉ dựng lại các trang"), "{stdout}");
    build_into(&fresh);
    let (rebuilt, full) = (
        snapshot(&public.join("pagefind")),
        snapshot(&fresh.join("pagefind")),
    );
    assert!(
        rebuilt == full,
        "the rebuilt index differs from a full build's"
    );
    // Only the part with the edited page changed, and it holds the new title.
    let changed: std::collections::BTreeSet<&str> = rebuilt
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(bytes))
        .map(|(path, _)| match path.split_once('/') {
            Some((n, _)) if n.parse::<usize>().is_ok() => n,
            _ => "0",
        })
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    let found = part_dirs(&public).iter().any(|dir| {
        fs::read_dir(dir.join("fragment")).unwrap().any(|e| {
            search_records_in_file(&fs::read(e.unwrap().path()).unwrap())
                .iter()
                .any(|f| f["meta"]["name"] == "Báo cáo sơ kết, tên mới tìm được")
        })
    });
    assert!(found, "the new title is in the index");
}

/// "search index: …; from the cache: P unchanged pages, R of N compressed files"
/// → (P, R, N).
fn from_cache(stdout: &str) -> (usize, usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("search index: "))
        .unwrap_or_else(|| panic!("no search line in {stdout}"));
    let tail = line
        .split("; from the cache: ")
        .nth(1)
        .and_then(|t| t.strip_suffix(" compressed files"))
        .unwrap_or_else(|| panic!("no cache figures in {line}"));
    let (pages, files) = tail.split_once(" unchanged pages, ").unwrap();
    let (reused, total) = files.split_once(" of ").unwrap();
    (
        pages.parse().unwrap(),
        reused.parse().unwrap(),
        total.parse().unwrap(),
    )
}

#[test]
fn unchanged_pages_and_compressed_files_are_kept_for_the_next_build_and_checked() {
    let site = site_with(&[]);
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name);
    let cache = site.path().join(".tiendo-cache");
    let (gz_pack, page_pack) = (
        cache.join("search-gz.pack"),
        cache.join("search-pages.pack"),
    );
    let run = |name: &str| {
        // The figures are read from the English line.
        let (code, stdout, stderr) = build(site.path(), &out(name), &["--lang", "en"]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        (from_cache(&stdout), site_files(&out(name)))
    };

    let ((pages, reused, total), first) = run("a");
    assert_eq!(
        (pages, reused),
        (0, 0),
        "nothing is cached before the first build"
    );
    let fragment_files = first
        .keys()
        .filter(|k| k.starts_with("pagefind/fragment/"))
        .count();
    let indexed: usize = first
        .iter()
        .filter(|(k, _)| k.starts_with("pagefind/fragment/"))
        .map(|(_, bytes)| search_records_in_file(bytes).len())
        .sum();
    let gzipped = first
        .keys()
        .filter(|k| {
            k.starts_with("pagefind/")
                && (k.contains("/fragment/") || k.contains("/index/") || k.ends_with(".pf_meta"))
        })
        .count();
    assert!(
        indexed > 5 && gzipped > fragment_files && total >= gzipped,
        "{total} of {gzipped}"
    );
    assert!(gz_pack.is_file() && page_pack.is_file());

    // The next build takes every page and file from the cache, and the site is the same.
    let (counts, second) = run("b");
    assert_eq!(counts, (indexed, total, total));
    assert!(first == second, "a build from the cache is the same site");

    // A damaged entry is not used: it is made again, and the site is the same.
    for pack in [&gz_pack, &page_pack] {
        let mut bytes = fs::read(pack).unwrap();
        let at = bytes.len() - 12;
        bytes[at] ^= 0x55;
        fs::write(pack, &bytes).unwrap();
    }
    let (counts, third) = run("c");
    assert_eq!(
        counts,
        (indexed - 1, total - 1, total),
        "one entry of each refused"
    );
    assert!(first == third, "the damaged entries did not reach the site");

    // A cache that is not a pack at all only means the work is done again.
    fs::write(&gz_pack, b"not a pack").unwrap();
    fs::write(&page_pack, b"not a pack").unwrap();
    let (counts, fourth) = run("d");
    assert_eq!(counts, (0, 0, total));
    assert!(first == fourth);

    // A task changes: the pages that show it are read again, the files that hold
    // them gzipped again, and the site is the one a build without a cache makes.
    let task = site.path().join("content/tasks/co-quan-a.yaml");
    let text = fs::read_to_string(&task)
        .unwrap()
        .replace("Đánh giá cán bộ", "Đánh giá cán bộ cấp xã");
    fs::write(&task, text).unwrap();
    let ((pages, reused, now), changed) = run("e");
    assert!(
        pages > 0 && pages < indexed,
        "{pages} of {indexed} pages kept"
    );
    assert!(reused > 0 && reused < now, "{reused} of {now} files kept");
    fs::remove_dir_all(&cache).unwrap();
    let (counts, fresh) = run("f");
    assert_eq!((counts.0, counts.1), (0, 0));
    assert!(
        changed == fresh,
        "kept pages give the site a fresh build gives"
    );
}

#[test]
fn records_carry_kind_agency_and_a_copy_of_their_words_with_d_for_d_bar() {
    let out = &served().out;
    let records = search_records(out);
    let by_url = |url: &str| {
        records
            .iter()
            .find(|f| f["url"] == url)
            .unwrap_or_else(|| panic!("{url} is in the index"))
    };
    let agency = by_url("/co-quan/dang-uy-xa-phuong/");
    assert_eq!(agency["meta"]["title"], "Đảng Dảng ủy xã, phường");
    assert_eq!(agency["meta"]["name"], "Đảng ủy xã, phường");
    assert_eq!(agency["filters"]["kind"], serde_json::json!(["Cơ quan"]));
    assert_eq!(
        agency["filters"]["agency"],
        serde_json::json!(["Đảng ủy xã, phường"])
    );

    // Every record whose text has "Đảng ủy" holds "dảng" in its folded field.
    let mut checked = 0;
    for f in &records {
        if !f["content"].as_str().unwrap_or("").contains("Đảng ủy") {
            continue;
        }
        let folded = f["meta"]["folded"]
            .as_str()
            .unwrap_or_else(|| panic!("{} has no folded field", f["url"]));
        assert!(
            folded.split(' ').any(|w| w == "dảng"),
            "{}: {folded}",
            f["url"]
        );
        assert!(!folded.contains('đ'), "{}: {folded}", f["url"]);
        checked += 1;
    }
    assert!(checked > 20, "{checked} pages with Đảng ủy");

    // The task: kind, its lead and supporting agencies; an illustrative report
    // is labelled as such in its record.
    let task = by_url("/nhiem-vu/btc-ke-hoach-dao-tao-boi-duong-can-bo-co-so/");
    assert_eq!(task["filters"]["kind"], serde_json::json!(["Nhiệm vụ"]));
    let agencies = task["filters"]["agency"].as_array().unwrap();
    assert!(
        agencies.contains(&"Ban Tổ chức Tỉnh ủy".into()),
        "{agencies:?}"
    );
    let entry = records
        .iter()
        .find(|f| f["url"].as_str().unwrap().starts_with("/tien-do/"))
        .unwrap();
    assert_eq!(
        entry["filters"]["kind"],
        serde_json::json!(["Báo cáo tiến độ"])
    );
    assert_eq!(entry["meta"]["illustrative"], "Minh họa");

    // The pages themselves carry no markup for the index.
    for (rel, html) in html_files(out) {
        assert!(!html.contains("data-pagefind"), "{rel}");
    }
}

/// A record is made from the data its page's template gets: each one's address
/// is a page of the site whose heading is the record's name, and the record is
/// marked illustrative exactly when the page says it is or shows illustrative
/// content.
#[test]
fn every_record_matches_the_page_it_leads_to() {
    let out = &served().out;
    let records = search_records(out);
    assert!(records.len() > 200, "only {} records", records.len());
    let h1 = Selector::parse("main h1").unwrap();
    let notice = Selector::parse(".notice-illustrative").unwrap();
    for f in &records {
        let url = f["url"].as_str().unwrap();
        let path = out.join(url.trim_start_matches('/')).join("index.html");
        let page = Html::parse_document(&fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!("{url}: no page at {}", path.display());
        }));
        let heading: String = page.select(&h1).next().unwrap().text().collect();
        let heading = heading.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = f["meta"]["name"].as_str().unwrap();
        assert!(heading.starts_with(name), "{url}: {heading} / {name}");
        let content = f["content"].as_str().unwrap();
        assert!(content.starts_with(name), "{url}: {content}");
        assert_eq!(
            f["meta"].get("illustrative").is_some(),
            page.select(&notice).next().is_some(),
            "{url}"
        );
    }
}

/// Each result shows an excerpt of the page's indexed text: a label and its
/// value (`<dt>Chủ trì</dt><dd>Đảng ủy xã, phường</dd>`) read as two words
/// there and are indexed as two, not as one ("trìĐảng"); a status's icon,
/// hidden from screen readers, is not in it ("Tình trạng ! Quá hạn").
#[test]
fn excerpts_keep_labels_apart_and_leave_icons_out() {
    let out = &served().out;
    let mut glued = Vec::new();
    let mut icons = Vec::new();
    let mut task = None;
    for f in search_records(out) {
        let content = f["content"].as_str().unwrap().to_string();
        if content.contains(['↻', '‖', '✓', '○', '→']) || content.contains(" ! ") {
            icons.push(format!("{}: {content}", f["url"]));
        }
        for word in content.split(|c: char| !c.is_alphanumeric()) {
            let chars: Vec<char> = word.chars().collect();
            if chars
                .windows(2)
                .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
            {
                glued.push(format!("{}: {word}", f["url"]));
            }
        }
        if f["url"] == "/nhiem-vu/xp-van-ban-cong-tac-can-bo/" {
            task = Some(content);
        }
    }
    assert!(glued.is_empty(), "{glued:?}");
    assert!(icons.is_empty(), "{icons:#?}");
    let task = task.unwrap();
    // The status word follows its label, with no icon between them.
    let status = task.split_once("Tình trạng: ").map(|(_, rest)| rest);
    assert!(
        status.is_some_and(|s| s.starts_with(char::is_alphabetic)),
        "{task}"
    );
    assert!(task.contains("Chủ trì: Đảng ủy xã, phường."), "{task}");
    assert!(task.contains("Mục: III.10."), "{task}");
}

#[test]
fn every_page_has_a_search_box_and_the_search_page_works_under_the_prefix() {
    let out = &served().out;
    for (rel, html) in html_files(out) {
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias page sends readers on at once
        }
        // Cards made for another site's <iframe> and pages made to be printed are
        // documents of their own, kept out of search engines, without the site's header.
        // The 404 page is kept out of search engines too, but is a page of the
        // site, with its header and search box.
        if html.contains("<meta name=\"robots\" content=\"noindex\">") && rel != "404.html" {
            assert!(
                rel.starts_with("nhung/")
                    || rel.ends_with("/in/index.html")
                    || rel == "in/index.html",
                "{rel} is left out of search engines"
            );
            continue;
        }
        let doc = Html::parse_document(&html);
        let boxes = select(
            &doc,
            "header form[role=search][action='/sub/tim-kiem/'] input[type=search][name=q]",
        );
        assert_eq!(boxes.len(), 1, "{rel}");
    }
    let page = read(out, "tim-kiem/index.html");
    let doc = Html::parse_document(&page);
    let root = select(&doc, "#search")[0];
    assert_eq!(
        root.value().attr("data-index"),
        Some("/sub/pagefind/pagefind.js")
    );
    let scripts: Vec<&str> = select(&doc, "script[src]")
        .iter()
        .map(|e| e.value().attr("src").unwrap())
        .collect();
    assert_eq!(scripts.len(), 1, "{scripts:?}");
    assert!(
        scripts[0].starts_with("/sub/assets/search.js?v="),
        "{scripts:?}"
    );
    assert!(out.join("assets/search.js").is_file());
    // No inline script but the JSON-LD data block.
    for s in select(&doc, "script:not([src])") {
        assert_eq!(s.value().attr("type"), Some("application/ld+json"));
    }
    // The filters offer every kind and agency; without JavaScript the page offers
    // the section indexes, and hides the form (and every page its search box).
    let kinds: Vec<String> = select(&doc, "#search-kind option")
        .iter()
        .map(|o| o.text().collect())
        .collect();
    for k in [
        "Nhiệm vụ",
        "Cơ quan",
        "Báo cáo tiến độ",
        "Điển hình",
        "Xã, phường",
    ] {
        assert!(kinds.iter().any(|x| x == k), "{kinds:?}");
    }
    let agencies = select(&doc, "#search-agency option");
    assert!(agencies
        .iter()
        .any(|o| o.text().collect::<String>() == "Sở Nội vụ"));
    let no_js = select(&doc, ".no-js a");
    let links: Vec<&str> = no_js
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert!(
        links.contains(&"/sub/nhiem-vu/") && links.contains(&"/sub/co-quan/"),
        "{links:?}"
    );
    // Without JavaScript the search form is hidden by a style sheet of its own
    // (the pages' CSP forbids inline style).
    assert!(page.contains(
        "<noscript><link rel=\"stylesheet\" href=\"/sub/assets/noscript.css\"></noscript>"
    ));
    assert_eq!(select(&doc, "form.search-page.needs-js").len(), 1);
    assert!(text(&page).contains("Từ khóa (có thể gõ không dấu)"));
}

#[test]
fn the_search_page_speaks_english_for_an_english_site() {
    let site = site_with(&[(
        "content/site.yaml",
        "title: \"Test plan\"\nbase_url: \"https://example.org/plan/\"\nlanguage: en\nas_of: 2026-07-15\n",
    )]);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let page = text(&read(&public, "tim-kiem/index.html"));
    for s in [
        "Search terms (tone marks optional)",
        "Kind of page",
        "All agencies",
        "Search needs JavaScript. You can still browse by section:",
    ] {
        assert!(page.contains(s), "{s}: {page}");
    }
    let raw = read(&public, "tim-kiem/index.html");
    assert!(raw.contains("data-s-none=\"No results for “{q}”."));
    assert!(raw.contains("data-index=\"/plan/pagefind/pagefind.js\""));
    let entry: serde_json::Value =
        serde_json::from_str(&read(&public, "pagefind/pagefind-entry.json")).unwrap();
    assert!(
        entry["languages"]["en"]["page_count"].as_u64().unwrap() > 0,
        "{entry}"
    );
}

/// Runs tests/browser/search.mjs against the served site.
#[test]
#[ignore = "needs Chromium, Java and Node (bash .ci/browser-deps.sh); run with --include-ignored"]
fn readers_find_pages_in_a_real_browser() {
    search_in_a_real_browser(served());
}

/// The same, the index in parts: the search page queries them as one.
#[test]
#[ignore = "needs Chromium, Java and Node (bash .ci/browser-deps.sh); run with --include-ignored"]
fn readers_find_pages_in_a_real_browser_when_the_index_is_in_parts() {
    search_in_a_real_browser(served_in_parts());
}

fn search_in_a_real_browser(s: &Served) {
    require_browser_packages();
    let count = |d: &str| {
        part_dirs(&s.out)
            .iter()
            .map(|part| fs::read_dir(part.join(d)).unwrap().count())
            .sum::<usize>()
    };
    let totals = serde_json::json!({
        "index": count("index"),
        "fragment": count("fragment"),
        "parts": part_dirs(&s.out).len(),
    });
    let (ok, stdout, stderr) = node(
        "search.mjs",
        &[s.url.clone(), totals.to_string()],
        Duration::from_secs(240),
    );
    println!("{stdout}");
    assert!(ok, "browser test failed:\n{stdout}\n{stderr}");
}
