//! Every published fact as the plan says it: the chain of responsibility (who
//! directs, leads and coordinates) in every form a task is published, one task for
//! work two sections assign, deadlines that read right, and illustrative data
//! marked in every machine-readable form.

mod common;

use std::fs;
use std::path::Path;

use common::*;
use scraper::{Html, Selector};

const BASE: &str = "https://example.org/ke-hoach/";

/// The minimal site with a directing agency, a task two sections assign (directed
/// by it, with the address of the task it replaced), a real (not illustrative)
/// report on another task, and no site-wide demo notice: what is marked is marked
/// because of the entries it rests on.
fn roles_site() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/site.yaml",
            "title: \"Kế hoạch thử nghiệm\"\nbase_url: \"https://example.org/ke-hoach/\"\nlanguage: vi\ntimezone: \"+07:00\"\nas_of: 2026-07-15\npublisher: \"Cơ quan thử nghiệm\"\n",
        ),
        (
            "content/agencies.yaml",
            "- {id: co-quan-a, name: \"Cơ quan A\", kind: party, standing: true}\n\
             - {id: co-quan-b, name: \"Cơ quan B\", kind: government, parent: co-quan-c}\n\
             - {id: co-quan-c, name: \"Đảng ủy Cơ quan C\", kind: party}\n\
             - {id: dang-uy-xa-phuong, name: \"Đảng ủy xã, phường\", kind: commune}\n",
        ),
        (
            "content/tasks/co-quan-a.yaml",
            "- id: danh-gia-can-bo\n  title: \"Chủ trì, phối hợp với Cơ quan B đánh giá cán bộ\"\n  sections: [\"III.1\", \"III.3.2\"]\n  lead: co-quan-a\n  support: [co-quan-b]\n  directed_by: [co-quan-c]\n  goals: [muc-tieu-mot]\n  due: 2026-05\n  due_text: \"hoàn thành trong tháng 5/2026\"\n  aliases: [\"nhiem-vu/b-danh-gia-can-bo/\"]\n\
             - id: thuong-xuyen\n  title: \"Việc thường xuyên\"\n  section: \"III.2\"\n  lead: co-quan-a\n  goals: [muc-tieu-mot]\n  due: ongoing\n\
             - id: sau-van-ban\n  title: \"Việc chờ văn bản\"\n  lead: co-quan-b\n  directed_by: [co-quan-c]\n  goals: [muc-tieu-mot]\n  due: {after: \"có văn bản của Trung ương\"}\n\
             - id: xa-phuong-ra-soat\n  title: \"Rà soát ở xã, phường\"\n  lead: dang-uy-xa-phuong\n  goals: [muc-tieu-mot]\n  due: 2026-Q3\n  per_locality: true\n\
             - id: qua-han\n  title: \"Việc đã quá hạn\"\n  lead: co-quan-b\n  support: [co-quan-a]\n  directed_by: [co-quan-c]\n  goals: [muc-tieu-mot]\n  due: 2026-06\n",
        ),
        (
            "content/progress/2026/that.md",
            "---\ntitle: \"Báo cáo thật\"\ndate: 2026-07-01\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\n---\nBáo cáo có thật.\n",
        ),
    ]
}

fn doc(out: &Path, page: &str) -> Html {
    Html::parse_document(&read(out, page))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn squash(s: impl AsRef<str>) -> String {
    s.as_ref().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `dt` → `dd` pairs of a page's facts list.
fn facts(d: &Html) -> Vec<(String, String)> {
    d.select(&sel("dl.facts > div"))
        .map(|div| {
            let dt = div.select(&sel("dt")).next().unwrap();
            let dd = div.select(&sel("dd")).next().unwrap();
            (
                squash(dt.text().collect::<String>()),
                squash(dd.text().collect::<String>()),
            )
        })
        .collect()
}

/// The bundled site built (without a search index) into a temporary folder.
fn bundled_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let public = tmp.path().join("public");
    let (code, stdout, stderr) = build(root, &public, &["--no-search"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    (tmp, public)
}

/// Each record page directly under `dir/` (`dir/<id>/index.html`, not the list's
/// further pages), with its site path.
fn record_pages(public: &Path, dir: &str) -> Vec<(String, Html)> {
    let mut out = Vec::new();
    for e in fs::read_dir(public.join(dir)).unwrap() {
        let folder = e.unwrap().path();
        let page = folder.join("index.html");
        if !page.is_file() || folder.ends_with("trang") {
            continue;
        }
        let rel = page
            .strip_prefix(public)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        out.push((rel.clone(), doc(public, &rel)));
    }
    out
}

fn heading1(d: &Html) -> String {
    squash(
        d.select(&sel("h1"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
    )
}

/// The text of each cell of each row `rows` selects.
fn cells(d: &Html, rows: &str) -> Vec<Vec<String>> {
    d.select(&sel(rows))
        .map(|r| {
            r.select(&sel("th, td"))
                .map(|c| squash(c.text().collect::<String>()))
                .collect()
        })
        .collect()
}

/// Every pair of `want` is in `have`.
#[track_caller]
fn assert_has(have: &[(String, String)], want: &[(&str, &str)]) {
    for (k, v) in want {
        assert!(
            have.iter().any(|(hk, hv)| hk == k && hv == v),
            "({k}, {v}) in {have:?}"
        );
    }
}

fn meta(d: &Html, css: &str) -> String {
    d.select(&sel(css))
        .next()
        .unwrap_or_else(|| panic!("no {css}"))
        .value()
        .attr("content")
        .unwrap()
        .to_string()
}

/// The rows of a CSV file as maps from column to value.
fn csv_rows(out: &Path, file: &str) -> Vec<std::collections::HashMap<String, String>> {
    let bytes = fs::read(out.join(file)).unwrap();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            head.iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn row<'a>(
    rows: &'a [std::collections::HashMap<String, String>],
    id: &str,
) -> &'a std::collections::HashMap<String, String> {
    rows.iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn json_rows(out: &Path, file: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = serde_json::from_str(&read(out, file)).unwrap();
    v["rows"].as_array().unwrap().clone()
}

fn json_row<'a>(rows: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    rows.iter().find(|r| r["id"] == id).unwrap()
}

#[test]
fn each_role_shows_on_task_agency_report_data_and_feeds() {
    let (_site, out) = built(&roles_site(), &[]);
    let out = out.path().join("public");

    // The task page: who directs, leads and coordinates; both sections.
    let task = doc(&out, "nhiem-vu/danh-gia-can-bo/index.html");
    assert_has(
        &facts(&task),
        &[
            ("Chỉ đạo", "Đảng ủy Cơ quan C"),
            ("Chủ trì", "Cơ quan A"),
            ("Phối hợp", "Cơ quan B"),
            ("Mục", "III.1; III.3.2"),
        ],
    );
    // The task it replaced sends readers on.
    let old = read(&out, "nhiem-vu/b-danh-gia-can-bo/index.html");
    assert!(
        old.contains(&format!("{BASE}nhiem-vu/danh-gia-can-bo/")),
        "{old}"
    );

    // The directing agency: its own section, counted apart from lead and coordinating.
    let c = doc(&out, "co-quan/co-quan-c/index.html");
    let heading = |d: &Html, id: &str| {
        squash(
            d.select(&sel(&format!("h2#{id}")))
                .next()
                .map(|h| h.text().collect::<String>())
                .unwrap_or_default(),
        )
    };
    assert_eq!(heading(&c, "directed-h"), "Nhiệm vụ chỉ đạo (3)");
    assert_eq!(heading(&c, "lead-h"), "Nhiệm vụ chủ trì (0)");
    assert_eq!(heading(&c, "support-h"), "Nhiệm vụ phối hợp (0)");
    let directed: Vec<String> = c
        .select(&sel("section[aria-labelledby=directed-h] a.card-title"))
        .map(|a| squash(a.text().collect::<String>()))
        .collect();
    assert_eq!(
        directed,
        [
            "Chủ trì, phối hợp với Cơ quan B đánh giá cán bộ",
            "Việc chờ văn bản",
            "Việc đã quá hạn"
        ]
    );
    assert!(
        meta(&c, "meta[name=description]").ends_with("· 3 nhiệm vụ chỉ đạo"),
        "{}",
        meta(&c, "meta[name=description]")
    );
    // The lead agency has no such section.
    let a = doc(&out, "co-quan/co-quan-a/index.html");
    assert_eq!(heading(&a, "directed-h"), "");
    // The list of agencies: a column each.
    let list = doc(&out, "co-quan/index.html");
    let c_row: Vec<String> = list
        .select(&sel("tbody tr"))
        .map(|r| squash(r.text().collect::<Vec<_>>().join(" ")))
        .filter(|r| r.starts_with("Đảng ủy Cơ quan C"))
        .collect();
    // lead, coordinating, directing, done, overdue
    assert_eq!(c_row, ["Đảng ủy Cơ quan C 0 0 3 0 0"]);

    // The monitoring report: each agency's roles, and the overdue task's chain.
    let report = doc(&out, "bao-cao/index.html");
    let heads: Vec<String> = report
        .select(&sel("section[aria-labelledby=r-agencies-h] thead th"))
        .map(|h| squash(h.text().collect::<String>()))
        .collect();
    assert_eq!(
        &heads[heads.len() - 2..],
        ["Nhiệm vụ phối hợp", "Nhiệm vụ chỉ đạo"]
    );
    let agency_rows = cells(&report, "section[aria-labelledby=r-agencies-h] tbody tr");
    let c_cells = agency_rows
        .iter()
        .find(|r| r[0] == "Đảng ủy Cơ quan C")
        .expect("a directing agency has a row in the report");
    assert_eq!(c_cells[1], "0", "it leads nothing: {c_cells:?}");
    assert_eq!(&c_cells[c_cells.len() - 2..], ["0", "3"]);
    let overdue = cells(&report, "section[aria-labelledby=r-overdue-h] tbody tr");
    assert_eq!(overdue.len(), 1, "{overdue:?}");
    assert_eq!(
        &overdue[0][..4],
        [
            "Việc đã quá hạn",
            "Cơ quan B",
            "Cơ quan A",
            "Đảng ủy Cơ quan C"
        ]
    );

    // The report on the command line, as text and CSV.
    let cli = |format: &str| {
        let o = tiendo()
            .args(["report", "--format", format, "--as-of", "2026-07-15"])
            .arg(_site.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let table = cli("table");
    assert!(
        table.contains("     phối hợp: Cơ quan A\n     chỉ đạo: Đảng ủy Cơ quan C\n"),
        "{table}"
    );
    let csv_text = cli("csv");
    let mut r = csv::Reader::from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    let at = |name: &str| head.iter().position(|h| h == name).unwrap();
    let recs: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    // Vietnamese headers; the section's code, names beside ids.
    let overdue_rec = recs.iter().find(|x| &x[1] == "overdue_task").unwrap();
    assert_eq!(&overdue_rec[at("phối hợp")], "Cơ quan A");
    assert_eq!(&overdue_rec[at("mã phối hợp")], "co-quan-a");
    assert_eq!(&overdue_rec[at("chỉ đạo")], "Đảng ủy Cơ quan C");
    assert_eq!(&overdue_rec[at("mã chỉ đạo")], "co-quan-c");
    let c_rec = recs
        .iter()
        .find(|x| &x[1] == "agency" && &x[2] == "co-quan-c")
        .unwrap();
    assert_eq!(&c_rec[at("chỉ đạo")], "3");

    // Open data: a column for the directing role, in CSV and JSON.
    let tasks = csv_rows(&out, "du-lieu/nhiem-vu.csv");
    let t = row(&tasks, "danh-gia-can-bo");
    assert_eq!(t["lead"], "co-quan-a");
    assert_eq!(t["support"], "co-quan-b");
    assert_eq!(t["directed_by"], "co-quan-c");
    assert_eq!(t["section"], "III.1, III.3.2");
    assert_eq!(row(&tasks, "thuong-xuyen")["directed_by"], "");
    let jt = json_rows(&out, "du-lieu/nhiem-vu.json");
    assert_eq!(
        json_row(&jt, "danh-gia-can-bo")["directed_by"],
        serde_json::json!(["co-quan-c"])
    );
    let agencies = csv_rows(&out, "du-lieu/co-quan.csv");
    assert_eq!(row(&agencies, "co-quan-c")["tasks_directed"], "3");
    assert_eq!(row(&agencies, "co-quan-c")["tasks_lead"], "0");
    assert_eq!(row(&agencies, "co-quan-a")["tasks_directed"], "0");

    // Feeds: each item carries the chain of responsibility of its task.
    let feed = read(&out, "tien-do/atom.xml");
    let xml = roxmltree::Document::parse(&feed).unwrap();
    let entry = xml
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .find(|e| {
            e.children().any(|c| {
                c.has_tag_name("title") && c.text() == Some("[Minh họa] Hoàn thành đánh giá")
            })
        })
        .unwrap();
    let cats: Vec<(String, String)> = entry
        .children()
        .filter(|c| c.has_tag_name("category"))
        .map(|c| {
            (
                c.attribute("term").unwrap().to_string(),
                c.attribute("label").unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_has(
        &cats,
        &[
            ("lead:co-quan-a", "Chủ trì: Cơ quan A"),
            ("support:co-quan-b", "Phối hợp: Cơ quan B"),
            ("directed_by:co-quan-c", "Chỉ đạo: Đảng ủy Cơ quan C"),
            ("illustrative", "Minh họa"),
        ],
    );
}

/// Words of a text, as a reader reads them: `5/2026` is one word.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '/'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// A word pair said twice in a row within the few words after each place a
/// deadline starts ("sau khi", "tháng", "quý", "thường xuyên").
fn repeated_deadline_pair(text: &str) -> Option<String> {
    let w = words(text);
    for i in 0..w.len() {
        let starts = (w[i] == "sau" && w.get(i + 1).is_some_and(|x| x == "khi"))
            || w[i] == "tháng"
            || w[i] == "quý"
            || (w[i] == "thường" && w.get(i + 1).is_some_and(|x| x == "xuyên"));
        if !starts {
            continue;
        }
        let window = &w[i..w.len().min(i + 8)];
        for j in 0..window.len().saturating_sub(3) {
            if window[j] == window[j + 2] && window[j + 1] == window[j + 3] {
                return Some(window.join(" "));
            }
        }
    }
    None
}

#[test]
fn the_deadline_scan_finds_a_repeated_pair() {
    assert!(repeated_deadline_pair("Thời hạn: sau khi sau khi có văn bản").is_some());
    assert!(repeated_deadline_pair("\"due_text\": \"tháng 5/2026 tháng 5/2026\"").is_some());
    assert_eq!(
        repeated_deadline_pair("sau khi có văn bản của Trung ương"),
        None
    );
    // Outside a deadline the plan's own words are left alone.
    assert_eq!(
        repeated_deadline_pair("cho đội ngũ đội ngũ báo cáo viên"),
        None
    );
}

#[test]
fn no_deadline_in_any_published_file_of_the_bundled_site_repeats_a_word_pair() {
    let (_tmp, public) = bundled_site();
    let mut scanned = 0;
    let mut stack = vec![public.clone()];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            if !["html", "xml", "csv", "json", "txt"].contains(&ext) {
                continue;
            }
            let text = fs::read_to_string(&p).unwrap();
            scanned += 1;
            if let Some(bad) = repeated_deadline_pair(&text) {
                panic!("{}: a deadline repeats words: “{bad}”", p.display());
            }
        }
    }
    assert!(scanned > 300, "only {scanned} files scanned");
    // The conditional deadlines are there to be scanned, as pages write them.
    let t = read(&public, "nhiem-vu/btc-sap-xep-thon-to-dan-pho/index.html");
    assert!(
        squash(text(&t)).contains("sau khi có văn bản chỉ đạo, hướng dẫn của Trung ương"),
        "{t}"
    );
}

#[test]
fn what_rests_on_illustrative_data_is_marked_in_every_form() {
    let (_site, out) = built(&roles_site(), &[]);
    let out = out.path().join("public");
    const MARK: &str = "Minh họa";

    // Open data: a task whose status comes from an illustrative entry, and one
    // whose status comes from a real report.
    let tasks = csv_rows(&out, "du-lieu/nhiem-vu.csv");
    assert_eq!(row(&tasks, "danh-gia-can-bo")["illustrative"], "true");
    assert_eq!(row(&tasks, "danh-gia-can-bo")["status"], "done");
    assert_eq!(row(&tasks, "thuong-xuyen")["illustrative"], "false");
    assert_eq!(row(&tasks, "qua-han")["illustrative"], "false");
    let jt = json_rows(&out, "du-lieu/nhiem-vu.json");
    assert_eq!(json_row(&jt, "danh-gia-can-bo")["illustrative"], true);
    assert_eq!(json_row(&jt, "thuong-xuyen")["illustrative"], false);
    let entries = csv_rows(&out, "du-lieu/tien-do.csv");
    assert_eq!(row(&entries, "danh-gia-xong")["illustrative"], "true");
    assert_eq!(row(&entries, "that")["illustrative"], "false");

    // Atom: title, summary and a category on each illustrative item, none on the real one.
    let feed: atom_syndication::Feed = read(&out, "tien-do/atom.xml").parse().unwrap();
    for e in feed.entries() {
        let real = e.title().as_str() == "Báo cáo thật";
        let marked = e.categories().iter().any(|c| c.term() == "illustrative");
        assert_eq!(marked, !real, "{}", e.title().as_str());
        assert_eq!(e.title().as_str().starts_with("[Minh họa] "), !real);
        assert_eq!(
            e.summary()
                .unwrap()
                .as_str()
                .starts_with("Nội dung minh họa"),
            !real
        );
    }

    // OG/Twitter meta and JSON-LD of a progress page, of a task page resting on it,
    // and of pages that rest on none.
    let ld = |d: &Html| -> serde_json::Value {
        let s = d
            .select(&sel("script[type=\"application/ld+json\"]"))
            .next()
            .unwrap()
            .inner_html();
        serde_json::from_str(&s).unwrap()
    };
    let records = search_records(&out);
    for (page, marked) in [
        ("tien-do/danh-gia-xong/index.html", true),
        ("nhiem-vu/danh-gia-can-bo/index.html", true),
        ("tien-do/that/index.html", false),
        ("nhiem-vu/thuong-xuyen/index.html", false),
    ] {
        let d = doc(&out, page);
        let title = meta(&d, "meta[property=\"og:title\"]");
        assert_eq!(title.starts_with("[Minh họa] "), marked, "{page}: {title}");
        assert_eq!(meta(&d, "meta[name=\"twitter:title\"]"), title, "{page}");
        let desc = meta(&d, "meta[property=\"og:description\"]");
        assert_eq!(
            desc.starts_with("Nội dung minh họa") || desc.starts_with("Có nội dung minh họa"),
            marked,
            "{page}: {desc}"
        );
        assert_eq!(meta(&d, "meta[name=\"twitter:description\"]"), desc);
        let v = ld(&d);
        assert_eq!(v["creativeWorkStatus"] == MARK, marked, "{page}: {v}");
        assert_eq!(v["description"], desc, "{page}");
        // The page's record in the search index.
        let url = format!("/{}", page.trim_end_matches("index.html"));
        let record = records
            .iter()
            .find(|r| r["url"] == url.as_str())
            .unwrap_or_else(|| panic!("{url} is in the search index"));
        assert_eq!(
            record["meta"]["illustrative"].is_string(),
            marked,
            "{page}: {record}"
        );
        // Every page has a share image.
        assert!(
            meta(&d, "meta[property=\"og:image\"]").starts_with(BASE),
            "{page}"
        );
    }
    // Lists and reports that show statuses say so when one of them rests on an
    // illustrative entry, and only then.
    for (page, marked) in [
        ("nhiem-vu/index.html", true),
        ("bao-cao/index.html", true),
        ("lich/index.html", true),
        ("nhiem-vu/trang-thai/hoan-thanh/index.html", true),
        ("nhiem-vu/trang-thai/thuong-xuyen/index.html", false),
    ] {
        let title = meta(&doc(&out, page), "meta[property=\"og:title\"]");
        assert_eq!(title.starts_with("[Minh họa] "), marked, "{page}: {title}");
    }
    let entry = doc(&out, "tien-do/danh-gia-xong/index.html");
    assert_eq!(ld(&entry)["headline"], "[Minh họa] Hoàn thành đánh giá");

    // oEmbed: the task's title says so, and a field for programs.
    let oembed: serde_json::Value =
        serde_json::from_str(&read(&out, "oembed/nhiem-vu/danh-gia-can-bo.json")).unwrap();
    assert_eq!(
        oembed["title"],
        "[Minh họa] Chủ trì, phối hợp với Cơ quan B đánh giá cán bộ"
    );
    assert_eq!(oembed["illustrative"], true);
    // The embedded card itself says so too.
    let card = text(&read(&out, "nhung/nhiem-vu/danh-gia-can-bo/index.html"));
    assert!(card.contains(MARK), "{card}");
    let real: serde_json::Value =
        serde_json::from_str(&read(&out, "oembed/nhiem-vu/thuong-xuyen.json")).unwrap();
    assert_eq!(real["title"], "Việc thường xuyên");
    assert_eq!(real["illustrative"], false);

    // The plain-text bulletin of May: the task finished on an illustrative report.
    let txt = read(&out, "ban-tin/2026-05/ban-tin.txt");
    assert!(
        txt.contains("- [Minh họa] Chủ trì, phối hợp với Cơ quan B đánh giá cán bộ ("),
        "{txt}"
    );
    assert!(txt.contains("[Minh họa] Dữ liệu tiến độ"), "{txt}");
}

#[test]
fn what_the_plan_does_not_state_is_shown_as_such() {
    let (_tmp, public) = bundled_site();
    let plan = doc(&public, "ke-hoach/index.html");
    assert_has(
        &facts(&plan),
        &[
            ("Số, ký hiệu", "không ghi trong văn bản nguồn"),
            ("Ngày ban hành", "không ghi trong văn bản nguồn"),
        ],
    );
    // The issuer of Kế hoạch số 64/KH-UBND is inferred, and the page says so.
    let cites: Vec<String> = plan
        .select(&sel("ul.docs li"))
        .map(|li| squash(li.text().collect::<String>()))
        .collect();
    let k64 = cites.iter().find(|c| c.starts_with("64/KH-UBND")).unwrap();
    assert!(
        k64.contains("Ủy ban nhân dân tỉnh Hưng Yên (suy ra, văn bản nguồn không ghi)"),
        "{k64}"
    );
    // Cites whose issuer the plan names carry no such note.
    let k700 = cites.iter().find(|c| c.starts_with("700/QĐ-TTg")).unwrap();
    assert!(!k700.contains("suy ra"), "{k700}");
    // The plan does not say who publishes the portal: no page claims a publisher.
    let home = text(&read(&public, "index.html"));
    assert!(!home.contains("Đơn vị đăng tải"), "{home}");
}

#[test]
fn bundled_illustrative_content_is_worded_as_examples_and_its_evidence_is_consistent() {
    let (_tmp, public) = bundled_site();
    let mut pages = 0;
    for (rel, d) in record_pages(&public, "tien-do") {
        if d.select(&sel("p.notice-illustrative")).next().is_none() {
            continue;
        }
        pages += 1;
        // Worded as a hypothetical example, not as a fact about a real body.
        let h1 = heading1(&d);
        assert!(h1.starts_with("Ví dụ"), "{rel}: {h1}");
        // Each illustrative document number leads to its own file, which exists.
        let evidence: Vec<(String, Option<String>)> = d
            .select(&sel("ul.evidence li"))
            .map(|li| {
                let href = li
                    .select(&sel("a"))
                    .next()
                    .and_then(|a| a.value().attr("href"))
                    .map(String::from);
                (squash(li.text().collect::<String>()), href)
            })
            .collect();
        for (text, href) in &evidence {
            let Some(num) = text
                .strip_prefix("MINH-HOA-")
                .and_then(|r| r.get(..2))
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            let href = href
                .as_deref()
                .unwrap_or_else(|| panic!("{rel}: {text} has no file"));
            assert!(
                href.ends_with(&format!("media/minh-hoa/bao-cao-minh-hoa-{num}.txt")),
                "{rel}: {text} → {href}"
            );
            let file = public.join(href.trim_start_matches('/'));
            assert!(file.is_file(), "{rel}: {}", file.display());
        }
        // Each attached file is cited.
        for a in d.select(&sel("section[aria-labelledby=att-h] a")) {
            let href = a.value().attr("href").unwrap();
            assert!(
                evidence.iter().any(|(_, h)| h.as_deref() == Some(href)),
                "{rel}: {href} is attached but not cited"
            );
        }
    }
    assert!(pages > 40, "only {pages} illustrative entries");
    for (rel, d) in record_pages(&public, "dien-hinh") {
        let h1 = heading1(&d);
        assert!(h1.starts_with("Ví dụ minh họa"), "{rel}: {h1}");
    }
}
