//! `tiendo build` end to end: what readers, the publishing department and
//! newspapers see in the built site.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::*;
use scraper::{Html, Selector};

#[test]
fn pages_show_deadlines_statuses_and_tables_the_vietnamese_way() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");

    let home = text(&read(&out, "index.html"));
    assert!(home.contains("Kế hoạch thử nghiệm"), "{home}");
    assert!(home.contains("Số liệu tính đến ngày 15/7/2026"), "{home}");
    assert!(home.contains("4 nhiệm vụ"), "{home}");
    // Deadlines coming: the per-locality task is due at the end of Q3, in progress.
    let coming = home
        .split("Sắp đến hạn")
        .nth(1)
        .unwrap()
        .split("Báo cáo mới nhất")
        .next()
        .unwrap();
    assert!(coming.contains("Rà soát ở xã, phường"), "{coming}");
    assert!(
        !coming.contains("Đánh giá cán bộ"),
        "a done task is not coming: {coming}"
    );
    // Newspapers get a title, description and canonical address on every page.
    let html = read(&out, "nhiem-vu/danh-gia-can-bo/index.html");
    for tag in [
        // Its status rests on an illustrative entry: the title other sites show says so.
        "<meta property=\"og:title\" content=\"[Minh họa] Đánh giá cán bộ\">",
        "<meta property=\"og:url\" content=\"https://example.org/ke-hoach/nhiem-vu/danh-gia-can-bo/\">",
        "<meta name=\"twitter:card\"",
        "<link rel=\"canonical\" href=\"https://example.org/ke-hoach/nhiem-vu/danh-gia-can-bo/\">",
    ] {
        assert!(html.contains(tag), "missing {tag}");
    }

    let task = text(&read(&out, "nhiem-vu/danh-gia-can-bo/index.html"));
    assert!(task.contains("Thời hạn tháng 5/2026"), "{task}");
    assert!(task.contains("Hoàn thành"), "{task}");
    assert!(
        task.contains("Tài liệu minh họa"),
        "evidence is shown: {task}"
    );
    assert!(task.contains("Cơ quan A"), "{task}");

    let ongoing = text(&read(&out, "nhiem-vu/thuong-xuyen/index.html"));
    assert!(ongoing.contains("thường xuyên"), "{ongoing}");
    let waiting = text(&read(&out, "nhiem-vu/sau-van-ban/index.html"));
    assert!(
        waiting.contains("sau khi có văn bản của Trung ương"),
        "{waiting}"
    );
    assert!(waiting.contains("Chờ điều kiện"), "{waiting}");

    // A per-locality task groups every commune/ward by its own status, with counts.
    let per = read(&out, "nhiem-vu/xa-phuong-ra-soat/index.html");
    let per_text = text(&per);
    assert!(per_text.contains("quý III/2026"), "{per_text}");
    assert!(per_text.contains("Tình hình từng xã, phường"), "{per_text}");
    let doc = Html::parse_document(&per);
    let rows: Vec<String> = doc
        .select(&Selector::parse("table.loc-table tbody tr").unwrap())
        .map(|r| {
            r.text()
                .collect::<Vec<_>>()
                .join(" ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].starts_with("Xã Ân Thi") && rows[0].contains("Đang thực hiện"),
        "{rows:?}"
    );
    // The one that has not reported is in its status's group (before the
    // deadline: not started), named under "not reported".
    assert!(
        per_text.contains("○ Chưa bắt đầu (1) Chưa báo cáo (1): Phường Phố Hiến"),
        "{per_text}"
    );
    // The chart has a text alternative.
    assert!(
        per.contains("<svg class=\"meter\"")
            && per.contains("aria-label=\"xã, phường hoàn thành: 0/2\""),
        "{per}"
    );

    let calendar = text(&read(&out, "lich/index.html"));
    assert!(
        calendar.contains("quý II/2026") && calendar.contains("tháng 5/2026"),
        "{calendar}"
    );
    assert!(calendar.contains("quý III/2026"), "{calendar}");

    let locality = text(&read(&out, "dia-phuong/xa-an-thi/index.html"));
    assert!(locality.contains("Xã Ân Thi rà soát"), "{locality}");

    assert!(out.join("404.html").is_file());
    assert!(out.join("tien-do/index.html").is_file());
    assert!(out.join("dien-hinh/index.html").is_file());
    assert!(out.join("co-quan/co-quan-a/index.html").is_file());
    assert!(out.join("muc-tieu/muc-tieu-mot/index.html").is_file());
    assert!(out
        .join("nhiem-vu/trang-thai/hoan-thanh/index.html")
        .is_file());
    assert!(out.join("media/minh-hoa.txt").is_file());
}

#[test]
fn illustrative_content_is_labelled_wherever_it_shows() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    for page in [
        "tien-do/danh-gia-xong/index.html",
        "nhiem-vu/danh-gia-can-bo/index.html",
        "tien-do/index.html",
        "index.html",
    ] {
        let t = text(&read(&out, page));
        assert!(
            t.contains("Minh họa"),
            "{page} does not say its content is illustrative: {t}"
        );
    }
    let feed = read(&out, "tien-do/atom.xml");
    assert!(feed.contains("[Minh họa] Hoàn thành đánh giá"), "{feed}");
    let csv = read(&out, "du-lieu/tien-do.csv");
    assert!(csv.lines().nth(1).unwrap().contains(",true,"), "{csv}");
}

/// Every root-relative link and fragment in every page resolves, under a base URL
/// with a path prefix.
#[test]
fn every_internal_link_resolves_under_a_path_prefix() {
    let (_site, out) = built(&[], &["--base-url", "https://bao.example.vn/sub/"]);
    let out = out.path().join("public");
    let a = Selector::parse("a[href], link[href], img[src], form[action]").unwrap();
    let ids = Selector::parse("[id]").unwrap();
    let snap = snapshot(&out);
    let mut checked = 0;
    for (path, bytes) in &snap {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).unwrap();
        let doc = Html::parse_document(&html);
        for el in doc.select(&a) {
            let v = el.value();
            let href = v
                .attr("href")
                .or(v.attr("src"))
                .or(v.attr("action"))
                .unwrap();
            if href.starts_with("http") {
                if href.starts_with("https://bao.example.vn/") {
                    assert!(
                        href.starts_with("https://bao.example.vn/sub/"),
                        "{path}: {href}"
                    );
                }
                continue;
            }
            let (target, frag) = match href.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (href, None),
            };
            let file = if target.is_empty() {
                path.clone()
            } else {
                assert!(
                    target.starts_with("/sub/"),
                    "{path}: link {href} misses the path prefix"
                );
                let rel = target.trim_start_matches("/sub/");
                let rel = rel.split('?').next().unwrap();
                if rel.is_empty() || rel.ends_with('/') {
                    format!("{rel}index.html")
                } else {
                    rel.to_string()
                }
            };
            let Some(target_bytes) = snap.get(&file) else {
                panic!("{path}: link {href} points at {file}, which was not built");
            };
            if let Some(frag) = frag.filter(|f| !f.is_empty()) {
                let tdoc = Html::parse_document(&String::from_utf8_lossy(target_bytes));
                let found = tdoc
                    .select(&ids)
                    .any(|e| e.value().attr("id") == Some(frag));
                assert!(found, "{path}: fragment #{frag} not found in {file}");
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
    let home = read(&out, "index.html");
    assert!(
        home.contains("<link rel=\"canonical\" href=\"https://bao.example.vn/sub/\">"),
        "{home}"
    );
}

#[test]
fn feeds_sitemap_robots_and_open_data_are_valid() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    for feed in [
        "tien-do/atom.xml",
        "dien-hinh/atom.xml",
        "co-quan/co-quan-a/atom.xml",
        "dia-phuong/xa-an-thi/atom.xml",
    ] {
        let f: atom_syndication::Feed = read(&out, feed)
            .parse()
            .unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert!(
            f.id().starts_with("https://example.org/ke-hoach/"),
            "{feed}"
        );
        if feed.starts_with("dia-phuong") {
            assert_eq!(f.entries().len(), 1);
            assert_eq!(
                f.entries()[0].links()[0].href(),
                "https://example.org/ke-hoach/tien-do/an-thi/"
            );
        }
    }
    let sitemap = read(&out, "sitemap.xml");
    let locs: BTreeSet<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    for want in [
        "https://example.org/ke-hoach/",
        "https://example.org/ke-hoach/nhiem-vu/danh-gia-can-bo/",
        "https://example.org/ke-hoach/tien-do/an-thi/",
        "https://example.org/ke-hoach/dia-phuong/phuong-pho-hien/",
    ] {
        assert!(locs.contains(want), "sitemap lacks {want}");
    }
    for loc in &locs {
        let rel = loc.trim_start_matches("https://example.org/ke-hoach/");
        assert!(
            out.join(rel).join("index.html").is_file(),
            "sitemap lists {loc}, which was not built"
        );
    }
    assert!(read(&out, "robots.txt").contains("Sitemap: https://example.org/ke-hoach/sitemap.xml"));
    // Feed readers and crawlers parse these strictly: each must be well-formed
    // XML (one declaration, at the very start).
    let mut xml_files = 0;
    for e in walkdir::WalkDir::new(&out) {
        let path = e.unwrap().into_path();
        if path.extension().is_some_and(|x| x == "xml") {
            let text = fs::read_to_string(&path).unwrap();
            roxmltree::Document::parse(&text)
                .unwrap_or_else(|err| panic!("{} is not well-formed XML: {err}", path.display()));
            xml_files += 1;
        }
    }
    assert!(xml_files >= 6, "only {xml_files} XML files checked");

    let tasks: serde_json::Value =
        serde_json::from_str(&read(&out, "du-lieu/nhiem-vu.json")).unwrap();
    assert_eq!(tasks["as_of"], "2026-07-15");
    let rows = tasks["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    let t = rows.iter().find(|r| r["id"] == "danh-gia-can-bo").unwrap();
    assert_eq!(t["status"], "done");
    assert_eq!(t["due_text"], "tháng 5/2026");
    let fields: Vec<&str> = tasks["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let keys: Vec<&str> = t.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    let (mut f2, mut k2) = (fields.clone(), keys.clone());
    f2.sort();
    k2.sort();
    assert_eq!(f2, k2, "every row has exactly the documented fields");
    let csv = read(&out, "du-lieu/nhiem-vu.csv");
    assert!(csv.starts_with("\u{feff}id,title,section,lead"), "{csv}");
    let doc = text(&read(&out, "du-lieu/index.html"));
    for f in fields {
        assert!(doc.contains(f), "the data page documents `{f}`");
    }
}

#[test]
fn aliases_redirect_with_a_canonical_link() {
    let task = "- id: danh-gia-can-bo\n  title: \"Đánh giá cán bộ\"\n  lead: co-quan-a\n  goals: [muc-tieu-mot]\n  due: 2026-05\n  aliases: [\"/nhiem-vu/danh-gia-cu/\"]\n- id: thuong-xuyen\n  title: \"Việc thường xuyên\"\n  lead: co-quan-a\n  due: ongoing\n- id: sau-van-ban\n  title: \"Việc chờ văn bản\"\n  lead: co-quan-b\n  due: {after: \"có văn bản của Trung ương\"}\n- id: xa-phuong-ra-soat\n  title: \"Rà soát ở xã, phường\"\n  lead: dang-uy-xa-phuong\n  due: 2026-Q3\n  per_locality: true\n";
    let (_site, out) = built(&[("content/tasks/co-quan-a.yaml", task)], &[]);
    let r = read(
        &out.path().join("public"),
        "nhiem-vu/danh-gia-cu/index.html",
    );
    assert!(r.contains("<link rel=\"canonical\" href=\"https://example.org/ke-hoach/nhiem-vu/danh-gia-can-bo/\">"), "{r}");
    assert!(r.contains("http-equiv=\"refresh\" content=\"0; url=https://example.org/ke-hoach/nhiem-vu/danh-gia-can-bo/\""), "{r}");
}

#[test]
fn hostile_content_is_shown_as_text_never_run() {
    // (Links with a `javascript:` target are refused by check: tests/security.rs.)
    let entry = "---\ntitle: \"</script><script>alert(1)</script> {{ 7*7 }}\"\ndate: 2026-06-01\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\nillustrative: true\n---\n<script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n\n{{ 7*7 }} {% raw %} {# c #}\n";
    let (_site, out) = built(&[("content/progress/2026/doc-hai.md", entry)], &[]);
    let html = read(&out.path().join("public"), "tien-do/doc-hai/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(!html.contains("onerror"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    assert!(
        !html.contains("49"),
        "template syntax was evaluated: {html}"
    );
    let t = text(&html);
    assert!(t.contains("{{ 7*7 }} {% raw %} {# c #}"), "{t}");
    assert!(
        t.contains("</script><script>alert(1)</script> {{ 7*7 }}"),
        "the title is shown as written: {t}"
    );
    // JSON-LD holds the title without closing its script element.
    let ld = html
        .split("application/ld+json\">")
        .nth(1)
        .unwrap()
        .split("</script>")
        .next()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(ld).unwrap();
    // The entry is illustrative: the headline says so, as the page does.
    assert_eq!(
        v["headline"],
        "[Minh họa] </script><script>alert(1)</script> {{ 7*7 }}"
    );
    assert_eq!(v["creativeWorkStatus"], "Minh họa");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (code, _, e) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{e}");
    let before = snapshot(&public);

    // Bad content.
    fs::write(
        site.path().join("content/tasks/co-quan-a.yaml"),
        "- id: x\n  title: [\n",
    )
    .unwrap();
    let (code, _, err) = build(site.path(), &public, &[]);
    assert_eq!(code, 1);
    assert!(err.contains("content/tasks/co-quan-a.yaml:"), "{err}");
    assert!(err.contains("thư mục kết quả cũ được giữ nguyên"), "{err}");
    assert_eq!(snapshot(&public), before);

    // A broken template in the site's theme override.
    let site = site_with(&[("themes/default/templates/task.html", "{% extends \"base.html\" %}{% block content %}{{ task.title | nosuchfilter }}{% endblock content %}")]);
    let (code, _, err) = build(site.path(), &public, &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nosuchfilter"), "{err}");
    assert_eq!(snapshot(&public), before);

    // No staging folder is left behind.
    let names: Vec<String> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["public".to_string()]);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    fs::write(out.path().join("thesis.docx"), b"precious").unwrap();
    let (code, _, err) = build(site.path(), out.path(), &[]);
    assert_eq!(code, 2);
    assert!(err.contains("không thay thư mục"), "{err}");
    assert_eq!(
        fs::read(out.path().join("thesis.docx")).unwrap(),
        b"precious"
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let (a, b) = (out.path().join("a"), out.path().join("b"));
    assert_eq!(build(site.path(), &a, &["--as-of", "2026-07-15"]).0, 0);
    assert_eq!(build(site.path(), &b, &["--as-of", "2026-07-15"]).0, 0);
    let (sa, sb) = (site_files(&a), site_files(&b));
    assert_eq!(sa.keys().collect::<Vec<_>>(), sb.keys().collect::<Vec<_>>());
    for (k, v) in &sa {
        assert!(sb[k] == *v, "{k} differs between builds");
    }
}

#[test]
fn a_site_overrides_a_theme_file() {
    let (_site, out) = built(&[("themes/default/templates/404.html", "{% extends \"base.html\" %}{% block content %}<h1>Trang riêng của tỉnh</h1>{% endblock content %}")], &[]);
    assert!(read(&out.path().join("public"), "404.html").contains("Trang riêng của tỉnh"));
}

#[test]
fn as_of_changes_statuses() {
    let (_site, out) = built(&[], &["--as-of", "2026-05-20"]);
    let t = text(&read(
        &out.path().join("public"),
        "nhiem-vu/danh-gia-can-bo/index.html",
    ));
    // The done report of 28/5 is in the future as of 20/5: the task is in its month, not started.
    assert!(t.contains("Chưa bắt đầu"), "{t}");
    assert!(!t.contains("Hoàn thành đánh giá"), "{t}");
}

#[test]
fn the_bundled_site_builds_with_every_task_and_commune() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (code, stdout, stderr) = build(root, &public, &[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(
        !stderr.contains("warning"),
        "the bundled content builds without warnings: {stderr}"
    );
    let tasks = fs::read_dir(public.join("nhiem-vu"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    // 53 task pages + the status folder.
    assert_eq!(tasks, 54);
    let communes = fs::read_dir(public.join("dia-phuong"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    // 104 communes' pages + the folder of the index sorted by overdue tasks.
    assert_eq!(communes, 105);
    let plan = text(&read(&public, "ke-hoach/index.html"));
    assert!(plan.contains("Năm cán bộ cơ sở"), "{plan}");
    assert!(plan.contains("Sở Nội vụ"), "{plan}");
    let so_noi_vu = text(&read(&public, "co-quan/so-noi-vu/index.html"));
    assert!(so_noi_vu.contains("Trực thuộc"), "{so_noi_vu}");

    // As of 24/11/2026 Xã Ân Thi's page leads with the tasks it is late on,
    // reported or not, with how late it is.
    let an_thi = read(&public, "dia-phuong/xa-an-thi/index.html");
    let doc = Html::parse_document(&an_thi);
    let h2: Vec<String> = doc
        .select(&Selector::parse("main h2").unwrap())
        .map(|h| h.text().collect::<String>())
        .collect();
    assert_eq!(h2[0], "Nhiệm vụ quá hạn (3)", "{h2:?}");
    let first = doc
        .select(&Selector::parse("main section").unwrap())
        .next()
        .map(|s| text(&s.html()))
        .unwrap_or_default();
    assert!(
        first.contains("Rà soát, sửa đổi, ban hành văn bản về công tác cán bộ")
            && first.contains("Thời hạn tháng 6/2026")
            && first.contains("! Quá hạn · chưa báo cáo quá hạn 147 ngày"),
        "{first}"
    );
    // Its done task and the one due only when a case arises come after.
    let rest = text(&an_thi);
    let rest = rest.split("Các nhiệm vụ khác").nth(1).unwrap_or_default();
    assert!(rest.contains("✓ Hoàn thành"), "{rest}");
    assert!(
        rest.contains("Thời hạn khi phát sinh Tình trạng … Chờ điều kiện · chưa báo cáo"),
        "{rest}"
    );
    // The task due only when a case arises has no commune overdue.
    let as_needed = text(&read(
        &public,
        "nhiem-vu/xp-de-xuat-thao-go-kho-khan/index.html",
    ));
    assert!(as_needed.contains("khi phát sinh"), "{as_needed}");
    assert!(!as_needed.contains("Quá hạn"), "{as_needed}");
    // The communes sorted by overdue tasks: Xã Ân Thi, done with one, has fewer.
    let sorted = text(&read(&public, "dia-phuong/sap-xep/qua-han/index.html"));
    let (a_sao, an_thi) = (
        sorted.find("Xã A Sào 12499 4").unwrap_or(usize::MAX),
        sorted.find("Xã Ân Thi 12142 3").unwrap_or(usize::MAX),
    );
    assert!(a_sao < an_thi && an_thi < usize::MAX, "{sorted}");
}

#[test]
fn no_search_builds_without_an_index_and_a_search_page_that_still_helps() {
    let (_site, out) = built(&[], &["--no-search"]);
    let out = out.path().join("public");
    assert!(!out.join("pagefind").exists());
    let page = read(&out, "tim-kiem/index.html");
    assert!(
        !page.contains("search.js"),
        "no script that would look for a missing index"
    );
    assert!(
        text(&page).contains("Nhiệm vụ"),
        "the browsing links are there"
    );
}

/// The localities views work with any list size, from none to a province's thousands.
#[test]
fn localities_from_none_to_thousands() {
    // None: the per-locality task has nobody to report, the index says so.
    let (_site, out) = built(
        &[
            ("content/localities.yaml", "[]\n"),
            ("content/progress/2026/an-thi.md.delete", ""),
            ("content/practices/mo-hinh-mot.md.delete", ""),
        ],
        &["--no-search"],
    );
    let out = out.path().join("public");
    assert!(text(&read(&out, "dia-phuong/index.html")).contains("Chưa có danh sách xã, phường."));
    assert!(text(&read(&out, "nhiem-vu/xa-phuong-ra-soat/index.html"))
        .contains("0/0 xã, phường hoàn thành"));

    // 3,500: every one gets its page, and the task lists those that have not reported.
    let mut yaml = String::from("- {id: xa-an-thi, name: \"Xã Ân Thi\", kind: xa}\n");
    for i in 1..3500 {
        yaml.push_str(&format!(
            "- {{id: xa-thu-{i:04}, name: \"Xã Thử {i:04}\", kind: xa}}\n"
        ));
    }
    let (_site, out) = built(&[("content/localities.yaml", &yaml)], &["--no-search"]);
    let out = out.path().join("public");
    let pages = fs::read_dir(out.join("dia-phuong"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().is_dir())
        .count();
    // Every unit's page, and the index sorted by overdue tasks.
    assert_eq!(pages, 3501);
    let task = text(&read(&out, "nhiem-vu/xa-phuong-ra-soat/index.html"));
    assert!(
        task.contains("0/3500 xã, phường hoàn thành · 1 đã báo cáo"),
        "{}",
        &task[..400.min(task.len())]
    );
    // Before the deadline, 3,499 have not started and have not reported.
    assert!(
        task.contains("○ Chưa bắt đầu (3499) Chưa báo cáo (3499)"),
        "{task}"
    );
}

/// One rule for every (task, commune) pair: a per-locality task due last month
/// and three units, one done, one that reported it in progress, one silent;
/// and a task due only when a case arises. Every place that shows a commune's
/// status says the same: done / overdue / overdue · not reported.
#[test]
fn each_commune_is_late_whether_or_not_it_reported() {
    let entry = |task: &str, date: &str, locality: &str, status: &str| {
        format!(
            "---\ntitle: \"Báo cáo {task}\"\ndate: {date}\ntask: {task}\nreporter: dang-uy-xa-phuong\nlocality: {locality}\nstatus: {status}\nillustrative: true\n---\nNội dung.\n"
        )
    };
    let files = [
        (
            "content/localities.yaml",
            "- {id: xa-an-thi, name: \"Xã Ân Thi\", kind: xa, code: \"12142\"}\n- {id: phuong-pho-hien, name: \"Phường Phố Hiến\", kind: phuong, code: \"11953\"}\n- {id: xa-tien-lu, name: \"Xã Tiên Lữ\", kind: xa, code: \"12364\"}\n".to_string(),
        ),
        (
            "content/tasks/xa-phuong.yaml",
            "- id: ban-hanh-van-ban\n  title: \"Ban hành văn bản ở xã, phường\"\n  lead: dang-uy-xa-phuong\n  due: 2026-06\n  per_locality: true\n- id: kien-nghi-phat-sinh\n  title: \"Kiến nghị khó khăn phát sinh\"\n  lead: dang-uy-xa-phuong\n  due: as_needed\n  per_locality: true\n".to_string(),
        ),
        (
            "content/progress/2026/van-ban-an-thi.md",
            entry("ban-hanh-van-ban", "2026-06-20", "xa-an-thi", "done"),
        ),
        (
            "content/progress/2026/van-ban-pho-hien.md",
            entry("ban-hanh-van-ban", "2026-06-10", "phuong-pho-hien", "in_progress"),
        ),
        (
            "content/progress/2026/kien-nghi-pho-hien.md",
            entry("kien-nghi-phat-sinh", "2026-07-01", "phuong-pho-hien", "in_progress"),
        ),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    // The fixture's date: 15/7/2026, the task was due in June.
    let (_site, out) = built(&files, &["--no-search"]);
    let out = out.path().join("public");

    // Each unit's page: its overdue tasks first, "not reported" beside the status.
    let section = |page: &str| {
        let html = read(&out, page);
        let doc = Html::parse_document(&html);
        let first = doc
            .select(&Selector::parse("main section").unwrap())
            .next()
            .map(|s| text(&s.html()))
            .unwrap_or_default();
        (first, text(&html))
    };
    let (first, an_thi) = section("dia-phuong/xa-an-thi/index.html");
    assert!(
        first.contains("Nhiệm vụ quá hạn (0) Không có nhiệm vụ quá hạn."),
        "{first}"
    );
    assert!(
        an_thi.contains(
            "Ban hành văn bản ở xã, phường Thời hạn tháng 6/2026 Tình trạng ✓ Hoàn thành"
        ),
        "{an_thi}"
    );
    let (first, _) = section("dia-phuong/phuong-pho-hien/index.html");
    assert!(
        first.contains("Nhiệm vụ quá hạn (1) Ban hành văn bản ở xã, phường Thời hạn tháng 6/2026 Tình trạng ! Quá hạn quá hạn 15 ngày"),
        "{first}"
    );
    let (first, tien_lu) = section("dia-phuong/xa-tien-lu/index.html");
    assert!(
        first.contains("Nhiệm vụ quá hạn (1) Ban hành văn bản ở xã, phường Thời hạn tháng 6/2026 Tình trạng ! Quá hạn · chưa báo cáo quá hạn 15 ngày"),
        "{first}"
    );
    // Due only when a case arises: never overdue for a unit that has not reported.
    assert!(
        tien_lu.contains("Kiến nghị khó khăn phát sinh Thời hạn khi phát sinh Tình trạng … Chờ điều kiện · chưa báo cáo"),
        "{tien_lu}"
    );

    // The task's table: groups by status, overdue first, with counts.
    let task = text(&read(&out, "nhiem-vu/ban-hanh-van-ban/index.html"));
    assert!(
        task.contains("! Quá hạn (2) ✓ Hoàn thành (1) ! Quá hạn (2)"),
        "{task}"
    );
    assert!(
        task.contains(
            "Phường Phố Hiến ! Quá hạn 10/6/2026 Chưa báo cáo (1): Xã Tiên Lữ ✓ Hoàn thành (1)"
        ),
        "{task}"
    );
    let as_needed = text(&read(&out, "nhiem-vu/kien-nghi-phat-sinh/index.html"));
    assert!(!as_needed.contains("Quá hạn"), "{as_needed}");
    assert!(
        as_needed.contains("→ Đang thực hiện (1) … Chờ điều kiện (2)"),
        "{as_needed}"
    );

    // The monitoring report.
    let report = text(&read(&out, "bao-cao/index.html"));
    assert!(
        report.contains("! Quá hạn · chưa báo cáo (1): Xã Tiên Lữ")
            && report.contains("! Quá hạn · đã báo cáo (1): Phường Phố Hiến"),
        "{report}"
    );

    // The open data: one row per commune and task.
    let csv = read(&out, "du-lieu/dia-phuong-nhiem-vu.csv");
    let csv = csv.trim_start_matches('\u{feff}');
    assert!(
        csv.starts_with("locality,locality_code,locality_name,task,status,status_label,not_reported,last_report\n"),
        "{csv}"
    );
    for row in [
        "xa-an-thi,12142,Xã Ân Thi,ban-hanh-van-ban,done,Hoàn thành,false,2026-06-20\n",
        "phuong-pho-hien,11953,Phường Phố Hiến,ban-hanh-van-ban,overdue,Quá hạn,false,2026-06-10\n",
        "xa-tien-lu,12364,Xã Tiên Lữ,ban-hanh-van-ban,overdue,Quá hạn,true,\n",
        "xa-tien-lu,12364,Xã Tiên Lữ,kien-nghi-phat-sinh,waiting,Chờ điều kiện,true,\n",
    ] {
        assert!(csv.contains(row), "{row} in {csv}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&read(&out, "du-lieu/dia-phuong-nhiem-vu.json")).unwrap();
    // Three units, three tasks every commune carries out.
    assert_eq!(json["rows"].as_array().map(Vec::len), Some(9), "{json}");
    assert_eq!(json["rows"][0]["locality"], "xa-an-thi");
    assert!(text(&read(&out, "du-lieu/index.html")).contains("dia-phuong-nhiem-vu.csv"));

    // The commune's feed says it became overdue the day after the deadline.
    let feed = read(&out, "dia-phuong/xa-tien-lu/atom.xml");
    assert!(
        feed.contains("Quá hạn · chưa báo cáo: Ban hành văn bản ở xã, phường")
            && feed.contains("<updated>2026-07-01T00:00:00+07:00</updated>"),
        "{feed}"
    );

    // The communes sorted and filtered by overdue tasks, without JavaScript.
    let sorted = text(&read(&out, "dia-phuong/sap-xep/qua-han/index.html"));
    assert!(
        sorted.contains("Phường Phố Hiến 11953 1") && sorted.contains("Xã Tiên Lữ 12364 1"),
        "{sorted}"
    );
    assert!(!sorted.contains("Xã Ân Thi"), "{sorted}");
    let index = read(&out, "dia-phuong/index.html");
    assert!(
        index.contains("href=\"/ke-hoach/dia-phuong/sap-xep/qua-han/\""),
        "{index}"
    );
    assert!(read(&out, "sitemap.xml").contains("/ke-hoach/dia-phuong/sap-xep/qua-han/"));
}

/// The sitemap comes from the site's one list of pages: every page a search
/// engine may index (no `noindex`) is listed, and nothing else.
#[test]
fn every_page_search_engines_may_index_is_in_the_sitemap() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    let sitemap = read(&out, "sitemap.xml");
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let mut indexable = BTreeSet::new();
    for e in walkdir::WalkDir::new(&out) {
        let path = e.unwrap().into_path();
        if path.file_name().is_some_and(|n| n == "index.html") {
            let html = fs::read_to_string(&path).unwrap();
            if html.contains(r#"<meta name="robots" content="noindex">"#) {
                continue;
            }
            let dir = path.parent().unwrap().strip_prefix(&out).unwrap();
            let rel = dir.to_string_lossy().replace('\\', "/");
            let rel = if rel.is_empty() { rel } else { rel + "/" };
            indexable.insert(format!("https://example.org/ke-hoach/{rel}"));
        }
    }
    assert!(indexable.len() > 20, "only {} pages", indexable.len());
    assert_eq!(
        indexable.difference(&listed).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "pages built but not in the sitemap"
    );
    assert_eq!(
        listed.difference(&indexable).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "sitemap entries that are not indexable pages"
    );
}

/// A rebuild after one edit writes only the files whose bytes changed: the others
/// keep their bytes and modification time, so a deploy by rsync or an HTTP
/// cache sees only what changed; the build says how many of each.
#[test]
fn a_rebuild_after_one_edit_keeps_every_unchanged_file_as_it_was() {
    let (site, out) = built(&[], &[]);
    let public = out.path().join("public");
    let mtime = |rel: &str| fs::metadata(public.join(rel)).unwrap().modified().unwrap();
    let plan_before = mtime("ke-hoach/index.html");
    let entry_before = mtime("tien-do/an-thi/index.html");
    std::thread::sleep(std::time::Duration::from_millis(50));

    let (code, stdout, err) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        stdout.contains("(0 tệp ghi mới, "),
        "nothing changed, nothing written: {stdout}"
    );
    assert_eq!(mtime("ke-hoach/index.html"), plan_before);

    let entry = site.path().join("content/progress/2026/an-thi.md");
    let text = fs::read_to_string(&entry).unwrap();
    fs::write(&entry, format!("{text}\nMột câu mới của báo cáo.\n")).unwrap();
    let (code, stdout, err) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{err}");
    let counts = stdout.lines().find(|l| l.starts_with("đã tạo ")).unwrap();
    let written: usize = counts
        .split('(')
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{counts}"));
    assert!(
        written > 0 && written < 40,
        "only what shows the entry is written: {counts}"
    );
    assert_eq!(
        mtime("ke-hoach/index.html"),
        plan_before,
        "the plan's page was written again"
    );
    assert_ne!(mtime("tien-do/an-thi/index.html"), entry_before);
    assert!(read(&public, "tien-do/an-thi/index.html").contains("Một câu mới của báo cáo."));
}
