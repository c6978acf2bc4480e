//! Open data a portal can harvest, the deadlines as iCalendar, and the details
//! of publishing (robots.txt under a path, plain text with a BOM, dates that do
//! not move with the build). Checked with the tools harvesters and calendar
//! programs rely on: frictionless, check-jsonschema, rdflib and icalendar
//! (Python, installed by `.ci/python-deps.sh`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use common::*;

/// The bundled site, built once for this file at its own base URL.
fn bundled() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("opendata-bundled");
        if out.exists() {
            fs::remove_dir_all(&out).unwrap();
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (code, stdout, stderr) = build(root, &out, &["--base-url", "https://tinh.example.vn/"]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
        out
    })
}

const BASE: &str = "https://tinh.example.vn/";

/// Runs a validator of `tests/python/.venv` with `args`; (success, stdout, stderr).
fn py(tool: &str, args: &[&str], dir: &Path) -> (bool, String, String) {
    run(
        Command::new(python_tool(tool)).args(args).current_dir(dir),
        Duration::from_secs(300),
    )
}

/// `frictionless validate --json` on a data package: (valid, the report).
fn frictionless(package: &Path) -> (bool, serde_json::Value) {
    let dir = package.parent().unwrap();
    let name = package.file_name().unwrap().to_str().unwrap();
    let (ok, out, err) = py("frictionless", &["validate", "--json", name], dir);
    let report: serde_json::Value = serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("frictionless wrote no JSON report ({e}):\n{out}\n{err}"));
    let valid = report["valid"].as_bool().unwrap();
    assert_eq!(ok, valid, "exit status and report agree:\n{out}");
    (valid, report)
}

/// Every error message of a frictionless report, with its type.
fn errors(report: &serde_json::Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for task in report["tasks"].as_array().unwrap() {
        for e in task["errors"].as_array().unwrap() {
            out.push((
                e["type"].as_str().unwrap_or_default().to_string(),
                e["message"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    out
}

fn json(out: &Path, path: &str) -> serde_json::Value {
    serde_json::from_str(&read(out, path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Lines of a CSV file (its BOM dropped), split into cells by the csv crate.
fn csv_rows(out: &Path, path: &str) -> Vec<Vec<String>> {
    let text = read(out, path);
    let text = text
        .strip_prefix('\u{feff}')
        .expect("CSV files start with a BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn the_data_package_is_valid_and_a_broken_foreign_key_makes_it_invalid() {
    let out = bundled();
    let pkg = json(out, "du-lieu/datapackage.json");
    let names: Vec<&str> = pkg["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "nhiem-vu",
            "co-quan",
            "dia-phuong",
            "dia-phuong-nhiem-vu",
            "tien-do",
            "muc-tieu",
            "dien-hinh"
        ]
    );
    assert_eq!(pkg["licenses"][0]["name"], "CC-BY-4.0");
    assert!(pkg["description"]
        .as_str()
        .unwrap()
        .starts_with("Nội dung minh họa"));
    let (valid, report) = frictionless(&out.join("du-lieu/datapackage.json"));
    assert!(valid, "{report:#}");
    // Each period's package too (the first month and the last quarter at least).
    for period in ["2026-05", "2026-06", "2026-q3"] {
        let (valid, report) = frictionless(&out.join(format!("du-lieu/{period}/datapackage.json")));
        assert!(valid, "{period}: {report:#}");
    }

    // A commune's status on a task that does not exist, and a task led by an
    // agency that does not exist: frictionless must refuse both.
    let copy = tempfile::tempdir().unwrap();
    copy_tree(&out.join("du-lieu"), copy.path());
    let units = copy.path().join("dia-phuong-nhiem-vu.csv");
    let text = fs::read_to_string(&units).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    cells[3] = "nhiem-vu-khong-co".into();
    lines[1] = cells.join(",");
    fs::write(&units, lines.join("\n") + "\n").unwrap();
    let tasks = copy.path().join("nhiem-vu.csv");
    let text = fs::read_to_string(&tasks).unwrap();
    fs::write(
        &tasks,
        text.replacen(",ban-to-chuc-tinh-uy,", ",co-quan-khong-co,", 1),
    )
    .unwrap();
    let (valid, report) = frictionless(&copy.path().join("datapackage.json"));
    assert!(!valid, "a broken foreign key passed");
    let errs = errors(&report);
    let fk: Vec<&String> = errs
        .iter()
        .filter(|(t, _)| t == "foreign-key")
        .map(|(_, m)| m)
        .collect();
    assert_eq!(fk.len(), 2, "{errs:#?}");
    assert!(fk.iter().any(|m| m.contains("nhiem-vu-khong-co")), "{fk:?}");
    assert!(fk.iter().any(|m| m.contains("co-quan-khong-co")), "{fk:?}");
}

#[test]
fn every_json_file_matches_its_published_schema() {
    let out = bundled();
    let data = out.join("du-lieu");
    let schemas: Vec<String> = fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".schema.json"))
        .collect();
    assert_eq!(schemas.len(), 8, "{schemas:?}");
    let mut args = vec!["--check-metaschema"];
    args.extend(schemas.iter().map(String::as_str));
    let (ok, o, e) = py("check-jsonschema", &args, &data);
    assert!(ok, "the schemas are valid JSON Schema:\n{o}\n{e}");

    let snapshots: Vec<String> = fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(snapshots.len() >= 8, "{snapshots:?}");
    for stem in [
        "nhiem-vu",
        "co-quan",
        "dia-phuong",
        "dia-phuong-nhiem-vu",
        "tien-do",
        "muc-tieu",
        "dien-hinh",
    ] {
        let doc = json(out, &format!("du-lieu/{stem}.json"));
        assert_eq!(doc["$schema"], format!("{BASE}du-lieu/{stem}.schema.json"));
        let mut files = vec![format!("{stem}.json")];
        files.extend(
            snapshots
                .iter()
                .map(|s| format!("{s}/{stem}.json"))
                .filter(|f| data.join(f).is_file()),
        );
        let schema = format!("{stem}.schema.json");
        let mut args = vec!["--schemafile", schema.as_str()];
        args.extend(files.iter().map(String::as_str));
        let (ok, o, e) = py("check-jsonschema", &args, &data);
        assert!(ok, "{stem}: {files:?}\n{o}\n{e}");
    }
    // Every task's own file.
    let tasks: Vec<String> = fs::read_dir(out.join("nhiem-vu"))
        .unwrap()
        .map(|e| e.unwrap().path().join("du-lieu.json"))
        .filter(|p| p.is_file())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    assert!(tasks.len() > 40, "{}", tasks.len());
    let mut args = vec!["--schemafile", "nhiem-vu-chi-tiet.schema.json"];
    args.extend(tasks.iter().map(String::as_str));
    let (ok, o, e) = py("check-jsonschema", &args, &data);
    assert!(ok, "{o}\n{e}");

    // The schemas are strict: a percent written as text fails.
    let bad = tempfile::tempdir().unwrap();
    let text =
        read(out, "du-lieu/nhiem-vu.json").replacen("\"percent\": null", "\"percent\": \"40%\"", 1);
    fs::write(bad.path().join("nhiem-vu.json"), text).unwrap();
    let schema = data.join("nhiem-vu.schema.json");
    let (ok, o, _) = py(
        "check-jsonschema",
        &["--schemafile", schema.to_str().unwrap(), "nhiem-vu.json"],
        bad.path(),
    );
    assert!(!ok, "a wrong type passed:\n{o}");
    assert!(o.contains("40%"), "{o}");
}

#[test]
fn the_catalogue_and_the_page_tell_harvesters_what_there_is() {
    let out = bundled();
    // DCAT-AP, read by rdflib as a harvester (ckanext-dcat) reads it.
    let script = r#"
import json, sys, rdflib
g = rdflib.Graph()
g.parse(sys.argv[1], format="json-ld")
q = """PREFIX dcat: <http://www.w3.org/ns/dcat#> PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?ds ?title ?url ?media ?lic WHERE {
  ?cat a dcat:Catalog ; dcat:dataset ?ds ; dct:license ?catlic .
  ?ds a dcat:Dataset ; dct:title ?title ; dcat:distribution ?d .
  ?d dcat:downloadURL ?url ; dcat:mediaType ?media ; dct:license ?lic . }"""
print(json.dumps([[str(x) for x in row] for row in g.query(q)]))
"#;
    let dcat = out.join("du-lieu/dcat.jsonld");
    let (ok, o, e) = py("python", &["-c", script, dcat.to_str().unwrap()], out);
    assert!(ok, "{e}");
    let rows: Vec<Vec<String>> = serde_json::from_str(&o).unwrap();
    assert_eq!(
        rows.len(),
        14,
        "7 datasets, a CSV and a JSON each: {rows:#?}"
    );
    for r in &rows {
        assert_eq!(r[4], "https://creativecommons.org/licenses/by/4.0/");
        let path = r[2].strip_prefix(BASE).unwrap();
        assert!(out.join(path).is_file(), "{path} is published");
        assert!(r[3].ends_with("text/csv") || r[3].ends_with("application/json"));
    }

    // schema.org Dataset on the page, for dataset search engines.
    let html = read(out, "du-lieu/index.html");
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    let ld: serde_json::Value =
        serde_json::from_str(&doc.select(&sel).next().unwrap().inner_html()).unwrap();
    assert_eq!(ld["@type"], "Dataset");
    // The bundled site's statuses are illustrative, and the dataset says so.
    assert_eq!(ld["creativeWorkStatus"], "Minh họa");
    assert!(
        ld["description"]
            .as_str()
            .unwrap()
            .starts_with("Có nội dung minh họa."),
        "{ld}"
    );
    assert_eq!(
        ld["license"],
        "https://creativecommons.org/licenses/by/4.0/"
    );
    assert!(ld["description"].as_str().unwrap().chars().count() >= 50);
    let downloads = ld["distribution"].as_array().unwrap();
    assert_eq!(downloads.len(), 14);
    for d in downloads {
        let path = d["contentUrl"]
            .as_str()
            .unwrap()
            .strip_prefix(BASE)
            .unwrap();
        assert!(out.join(path).is_file(), "{path}");
    }
    // The page says which licence, links the metadata and the periods' figures.
    let t = text(&html);
    assert!(t.contains("Dữ liệu trên cổng được cấp phép theo CC BY 4.0 (Creative Commons Attribution 4.0 International)"), "{t}");
    for link in [
        "/du-lieu/datapackage.json",
        "/du-lieu/dcat.jsonld",
        "/du-lieu/2026-06/nhiem-vu.csv",
        "/du-lieu/dia-phuong.csv",
    ] {
        assert!(html.contains(&format!("href=\"{link}\"")), "{link}");
    }
    assert!(html.contains("rel=\"license\" href=\"https://creativecommons.org/licenses/by/4.0/\""));
}

#[test]
fn the_tables_hold_what_the_pages_show() {
    let out = bundled();
    // Communes and wards with their official codes, as localities.yaml has them.
    let communes = csv_rows(out, "du-lieu/dia-phuong.csv");
    assert_eq!(communes[0][..4], ["id", "code", "name", "kind"]);
    assert_eq!(communes.len(), 1 + 104);
    let yaml =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("content/localities.yaml"))
            .unwrap();
    let listed: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap();
    let first = &listed.as_sequence().unwrap()[0];
    assert_eq!(communes[1][0], first["id"].as_str().unwrap());
    assert_eq!(communes[1][1], first["code"].as_str().unwrap());
    assert_eq!(communes[1][2], first["name"].as_str().unwrap());
    // Goals and practices, one row each.
    let goals = csv_rows(out, "du-lieu/muc-tieu.csv");
    assert_eq!(goals.len(), 1 + 4);
    let practices = csv_rows(out, "du-lieu/dien-hinh.csv");
    assert_eq!(practices.len(), 1 + 7);
    assert!(
        practices[1..].iter().all(|r| r[9] == "true"),
        "the practices are illustrative"
    );
    // Each commune's status on each per-locality task (long format) matches the
    // commune's count of tasks.
    let units = csv_rows(out, "du-lieu/dia-phuong-nhiem-vu.csv");
    let of_first: Vec<&Vec<String>> = units.iter().filter(|r| r[0] == communes[1][0]).collect();
    assert_eq!(of_first.len().to_string(), communes[1][4]);
    // A task's own file: its row, every commune's status on it, its reports.
    let tasks = csv_rows(out, "du-lieu/nhiem-vu.csv");
    let per_locality = tasks.iter().find(|r| r[15] == "true").unwrap();
    let one = json(out, &format!("nhiem-vu/{}/du-lieu.json", per_locality[0]));
    assert_eq!(one["task"]["id"], per_locality[0].as_str());
    assert_eq!(one["localities"].as_array().unwrap().len(), 104);
    assert_eq!(one["license"]["id"], "CC-BY-4.0");
    let page = read(out, &format!("nhiem-vu/{}/index.html", per_locality[0]));
    assert!(page.contains(&format!(
        "href=\"/nhiem-vu/{}/du-lieu.json\"",
        per_locality[0]
    )));
}

#[test]
fn the_licence_is_in_every_data_file_and_feed() {
    let out = bundled();
    for e in walkdir::WalkDir::new(out.join("du-lieu")) {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy();
        if name.ends_with(".json") && !name.ends_with(".schema.json") && name != "datapackage.json"
        {
            let doc: serde_json::Value =
                serde_json::from_slice(&fs::read(e.path()).unwrap()).unwrap();
            assert_eq!(
                doc["license"]["url"],
                "https://creativecommons.org/licenses/by/4.0/",
                "{}",
                e.path().display()
            );
        }
    }
    let mut feeds = 0;
    for e in walkdir::WalkDir::new(out) {
        let e = e.unwrap();
        if e.file_name() == "atom.xml" {
            let xml = fs::read_to_string(e.path()).unwrap();
            assert!(
                xml.contains("<rights>Dữ liệu trên cổng được cấp phép theo CC BY 4.0"),
                "{}",
                e.path().display()
            );
            assert!(xml.contains(
                "<link href=\"https://creativecommons.org/licenses/by/4.0/\" rel=\"license\"/>"
            ));
            feeds += 1;
        }
    }
    assert!(feeds > 100, "{feeds}");
}

#[test]
fn without_a_licence_the_portal_says_so_and_a_wrong_one_is_an_error() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    assert!(
        text(&read(&out, "du-lieu/index.html")).contains("Cổng chưa công bố giấy phép của dữ liệu")
    );
    assert!(!read(&out, "tien-do/atom.xml").contains("<rights>"));
    assert!(json(&out, "du-lieu/nhiem-vu.json")["license"].is_null());
    assert!(json(&out, "du-lieu/datapackage.json")
        .get("licenses")
        .is_none());

    let yaml = fs::read_to_string(fixture("minimal").join("content/site.yaml")).unwrap();
    let site = site_with(&[("content/site.yaml", &format!("{yaml}license: MIT\n"))]);
    let o = tiendo().arg("check").arg(site.path()).output().unwrap();
    let err = String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("content/site.yaml:8:10"), "{err}");
    assert!(
        err.contains("`MIT` không phải giấy phép tiendo biết"),
        "{err}"
    );
    assert!(err.contains("CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0"), "{err}");

    // Another licence, by name and address.
    let custom = format!("{yaml}license: {{name: \"Giấy phép dữ liệu mở của tỉnh\", url: \"https://tinh.example.vn/giay-phep/\"}}\n");
    let (_site, out) = built(&[("content/site.yaml", &custom)], &[]);
    let out = out.path().join("public");
    assert_eq!(
        json(&out, "du-lieu/co-quan.json")["license"]["url"],
        "https://tinh.example.vn/giay-phep/"
    );
}

#[test]
fn a_periods_figures_stay_at_their_address_after_later_builds() {
    let (site, out1) = built(&[], &["--as-of", "2026-06-10"]);
    let out2 = tempfile::tempdir().unwrap();
    let (code, o, e) = build(
        site.path(),
        &out2.path().join("public"),
        &["--as-of", "2026-07-15"],
    );
    assert_eq!(code, 0, "{o}{e}");
    let (a, b) = (out1.path().join("public"), out2.path().join("public"));
    // May ended before both builds: its figures are the same bytes.
    for f in [
        "nhiem-vu.csv",
        "dia-phuong-nhiem-vu.csv",
        "tien-do.csv",
        "datapackage.json",
        "nhiem-vu.json",
    ] {
        assert_eq!(
            fs::read(a.join("du-lieu/2026-05").join(f)).unwrap(),
            fs::read(b.join("du-lieu/2026-05").join(f)).unwrap(),
            "{f}"
        );
    }
    // June ran on at the first build; at the second it is as of its last day.
    assert_eq!(
        json(&a, "du-lieu/2026-06/nhiem-vu.json")["as_of"],
        "2026-06-10"
    );
    assert_eq!(
        json(&b, "du-lieu/2026-06/nhiem-vu.json")["as_of"],
        "2026-06-30"
    );
    // The task due in May was overdue by June's end, and its status then is kept.
    let june = csv_rows(&b, "du-lieu/2026-06/nhiem-vu.csv");
    let due_may = june.iter().find(|r| r[0] == "danh-gia-can-bo").unwrap();
    let now = csv_rows(&b, "du-lieu/nhiem-vu.csv");
    let due_may_now = now.iter().find(|r| r[0] == "danh-gia-can-bo").unwrap();
    assert_eq!(due_may[11], due_may_now[11]);
    // The bulletin links its figures; the sitemap leaves the files out.
    let bulletin = read(&b, "ban-tin/2026-06/index.html");
    assert!(
        bulletin.contains("href=\"/ke-hoach/du-lieu/2026-06/nhiem-vu.csv\""),
        "{bulletin}"
    );
    assert!(!read(&b, "sitemap.xml").contains("du-lieu/2026-06"));
}

/// The events of an .ics file as icalendar (Python) reads them.
fn ical_events(file: &Path) -> Vec<serde_json::Value> {
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
assert cal["VERSION"] == "2.0" and "PRODID" in cal
out = []
for e in cal.walk("VEVENT"):
    out.append({"uid": str(e["UID"]), "summary": str(e["SUMMARY"]), "url": str(e["URL"]),
                "start": e.decoded("DTSTART").isoformat(), "end": e.decoded("DTEND").isoformat(),
                "stamp": e.decoded("DTSTAMP").isoformat(), "description": str(e["DESCRIPTION"])})
print(json.dumps(out))
"#;
    let (ok, o, e) = py(
        "python",
        &["-c", script, file.to_str().unwrap()],
        file.parent().unwrap(),
    );
    assert!(ok, "{}: {e}", file.display());
    serde_json::from_str::<Vec<serde_json::Value>>(&o).unwrap()
}

#[test]
fn the_deadlines_calendar_is_icalendar_with_one_event_per_deadline() {
    let out = bundled();
    let events = ical_events(&out.join("lich/lich.ics"));
    // One event per task whose deadline has a last day, on that day.
    let tasks = csv_rows(out, "du-lieu/nhiem-vu.csv");
    let dated: Vec<&Vec<String>> = tasks[1..].iter().filter(|r| !r[10].is_empty()).collect();
    assert_eq!(events.len(), dated.len());
    assert!(events.len() > 10);
    let mut uids = std::collections::BTreeSet::new();
    for t in &dated {
        let url = &t[19];
        let e = events
            .iter()
            .find(|e| e["url"] == url.as_str())
            .unwrap_or_else(|| panic!("{url}"));
        assert_eq!(e["start"], t[10].as_str());
        assert!(
            e["summary"].as_str().unwrap().ends_with(t[1].as_str()),
            "{e}"
        );
        assert!(e["description"].as_str().unwrap().contains(url.as_str()));
        assert!(
            uids.insert(e["uid"].as_str().unwrap().to_string()),
            "UIDs are unique"
        );
        let page = url.strip_prefix(BASE).unwrap();
        assert!(out.join(page).join("index.html").is_file());
    }
    // Linked from the calendar page.
    assert!(read(out, "lich/index.html").contains("href=\"/lich/lich.ics\""));
    // An agency's calendar: the tasks it leads, coordinates or directs.
    let so_noi_vu = ical_events(&out.join("co-quan/so-noi-vu/lich.ics"));
    let its: Vec<&&Vec<String>> = dated
        .iter()
        .filter(|r| {
            r[3] == "so-noi-vu"
                || r[5].split(';').any(|a| a == "so-noi-vu")
                || r[6].split(';').any(|a| a == "so-noi-vu")
        })
        .collect();
    assert_eq!(so_noi_vu.len(), its.len());
    assert!(
        read(out, "co-quan/so-noi-vu/index.html").contains("href=\"/co-quan/so-noi-vu/lich.ics\"")
    );
}

#[test]
fn calendars_and_bulletin_dates_do_not_move_with_the_build_date() {
    let (site, out1) = built(&[], &["--as-of", "2026-07-15"]);
    let out2 = tempfile::tempdir().unwrap();
    let (code, o, e) = build(
        site.path(),
        &out2.path().join("public"),
        &["--as-of", "2026-08-20"],
    );
    assert_eq!(code, 0, "{o}{e}");
    let (a, b) = (out1.path().join("public"), out2.path().join("public"));
    assert_eq!(read(&a, "lich/lich.ics"), read(&b, "lich/lich.ics"));
    let events = ical_events(&a.join("lich/lich.ics"));
    assert_eq!(events.len(), 2, "{events:#?}");
    assert_eq!(
        events[0]["uid"],
        "https://example.org/ke-hoach/nhiem-vu/danh-gia-can-bo/#thoi-han"
    );
    assert_eq!(events[0]["start"], "2026-05-31");
    assert_eq!(events[0]["end"], "2026-06-01");
    // DTSTAMP: the plan's date of issue, or (this plan has none) the deadline's
    // day, at midnight in Vietnam: content, not the clock.
    assert_eq!(events[0]["stamp"], "2026-05-30T17:00:00+00:00");
    // July's bulletin: `published` is July's first day in both builds, though
    // the first was made mid-July and the second after it.
    let published = |out: &Path| {
        let feed = read(out, "ban-tin/atom.xml");
        let entry = feed
            .split("<entry>")
            .find(|e| e.contains("ban-tin/2026-07/"))
            .unwrap()
            .to_string();
        entry
            .split("<published>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(published(&a), "2026-07-01T00:00:00+07:00");
    assert_eq!(published(&b), published(&a));
}

#[test]
fn plain_text_bulletins_start_with_a_bom_and_the_docs_give_the_server_setting() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    let bytes = fs::read(out.join("ban-tin/2026-07/ban-tin.txt")).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    // The file is the text the page offers to copy.
    let page = read(&out, "ban-tin/2026-07/index.html");
    let doc = scraper::Html::parse_document(&page);
    let area = doc
        .select(&scraper::Selector::parse("textarea#digest-text").unwrap())
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    assert_eq!(area, text);
    // For hosts that send text/plain without a charset: the setting to add.
    let deploy =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy.md")).unwrap();
    for line in [
        "charset utf-8;",
        "charset_types text/plain",
        "AddDefaultCharset UTF-8",
        "AddCharset UTF-8 .txt",
        "text/plain; charset=utf-8",
    ] {
        assert!(deploy.contains(line), "docs/deploy.md gives `{line}`");
    }
}

#[test]
fn under_a_path_the_build_says_where_robots_txt_belongs() {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    // The fixture's base URL has a path (`/ke-hoach/`).
    let (code, o, e) = build(site.path(), &out.path().join("a"), &[]);
    assert_eq!(code, 0, "{o}{e}");
    let all = format!("{o}{e}");
    assert!(
        all.contains("tệp robots.txt được tạo tại https://example.org/ke-hoach/robots.txt, nhưng máy tìm kiếm chỉ đọc https://example.org/robots.txt"),
        "{all}"
    );
    assert!(
        all.contains("`Sitemap: https://example.org/ke-hoach/sitemap.xml`"),
        "{all}"
    );
    // At a host's root: nothing to say.
    let (code, o, e) = build(
        site.path(),
        &out.path().join("b"),
        &["--base-url", "https://example.org/"],
    );
    assert_eq!(code, 0);
    assert!(!format!("{o}{e}").contains("robots.txt"), "{o}{e}");
}

#[test]
fn the_sitemap_dates_each_page_by_its_content() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    let xml = read(&out, "sitemap.xml");
    let lastmod = |path: &str| {
        let loc = format!("<loc>https://example.org/ke-hoach/{path}</loc>");
        let rest = xml
            .split(&loc)
            .nth(1)
            .unwrap_or_else(|| panic!("{path} in the sitemap"));
        let url = rest.split("</url>").next().unwrap();
        url.split("<lastmod>")
            .nth(1)
            .map(|l| l.split('<').next().unwrap().to_string())
    };
    // An entry: its date. A task: its latest report, or the day after its
    // deadline once past. A bulletin: its period's last day.
    let entry =
        fs::read_to_string(fixture("minimal").join("content/progress/2026/danh-gia-xong.md"))
            .unwrap();
    let date = entry
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap()
        .trim();
    assert_eq!(lastmod("tien-do/danh-gia-xong/").as_deref(), Some(date));
    assert_eq!(
        lastmod("nhiem-vu/danh-gia-can-bo/").as_deref(),
        Some(date),
        "done before its deadline"
    );
    assert_eq!(lastmod("ban-tin/2026-06/").as_deref(), Some("2026-06-30"));
    assert_eq!(lastmod("ban-tin/2026-07/").as_deref(), Some("2026-07-15"));
    assert!(lastmod("").is_some());
}

#[test]
fn a_new_site_states_a_licence_its_publisher_is_told_to_confirm() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("moi");
    let o = tiendo().arg("init").arg(&site).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let yaml = fs::read_to_string(site.join("content/site.yaml")).unwrap();
    assert!(yaml.contains("license: CC-BY-4.0\n"), "{yaml}");
    assert!(yaml.contains("đơn vị đăng tải phải xác nhận"), "{yaml}");
    let (code, o, e) = build(&site, &dir.path().join("public"), &[]);
    assert_eq!(code, 0, "{o}{e}");
    let page = text(&read(&dir.path().join("public"), "du-lieu/index.html"));
    assert!(page.contains("cấp phép theo CC BY 4.0"), "{page}");
}
