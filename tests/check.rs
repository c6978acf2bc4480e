//! `tiendo check` through the binary: each broken site has one defect, and the
//! report must name it in one line (`path:line:col: severity: message`, the form
//! printed when stdout is not a terminal) with the right exit code.
//!
//! A broken site is `tests/fixtures/minimal` copied into a temporary folder, with
//! `tests/fixtures/broken/<case>/` laid over it: a file there replaces or adds the
//! file at the same path; an empty `<name>.delete` removes `<name>`. Cases whose
//! defect cannot be committed as text (bytes that are not UTF-8, text that is not
//! NFC, which editors and git hooks tend to "fix") are written by the test itself.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

/// The date the minimal site's `as_of` sets; every summary line ends with it.
const AS_OF: &str = "2026-07-15";

/// Every folder under tests/fixtures/broken/, each used by a test below.
const CASES: &[&str] = &[
    "alias-bomb",
    "deadline-repeats-words",
    "done-without-evidence",
    "duplicate-id",
    "entry-after-as-of",
    "invalid-date",
    "missing-field",
    "missing-media",
    "per-locality-without-locality",
    "percent-out-of-range",
    "several-defects",
    "unknown-agency",
    "unknown-field-entry",
    "unknown-field-task",
    "unknown-status",
    "unknown-task",
    "wrong-type",
    "yaml-duplicate-key",
    "yaml-syntax",
    "yaml-tab",
];

// ---------------------------------------------------------------------------
// Helpers

/// Copy `from` into `to`, file by file; `x.delete` in `from` removes `x` from `to`.
fn overlay(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            overlay(&entry.path(), &target);
        } else if let Some(doomed) = name.strip_suffix(".delete") {
            let doomed = to.join(doomed);
            fs::remove_file(&doomed)
                .unwrap_or_else(|e| panic!("{} cannot be deleted: {e}", doomed.display()));
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the minimal site with `tests/fixtures/broken/<case>/` laid over it
/// (`None`: the minimal site as it is, for tests that break it themselves).
fn site(case: Option<&str>) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    overlay(&Path::new(FIXTURES).join("minimal"), dir.path());
    if let Some(case) = case {
        let broken = Path::new(FIXTURES).join("broken").join(case);
        assert!(broken.is_dir(), "no fixture {}", broken.display());
        overlay(&broken, dir.path());
    }
    dir
}

/// `tiendo check <site> --lang en <args>`: stdout and the exit code. The
/// minimal site is Vietnamese; these tests read the English of each message
/// (the Vietnamese an editor sees is checked in `vietnamese_messages` below).
fn run(site: &Path, args: &[&str]) -> (String, i32) {
    run_in("en", site, args)
}

/// `tiendo check <site> --lang <lang> <args>`: stdout and the exit code.
fn run_in(lang: &str, site: &Path, args: &[&str]) -> (String, i32) {
    let out = assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .arg("check")
        .arg(site)
        .args(["--lang", lang])
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let code = out.status.code().expect("tiendo was killed");
    (stdout, code)
}

/// Check the broken site `case` with the default options.
fn run_case(case: &str) -> (String, i32) {
    run(site(Some(case)).path(), &[])
}

/// The whole report: the diagnostics, one a line, then the summary line.
fn report(lines: &[&str], failed: bool, summary: &str) -> String {
    let verdict = if failed {
        "check failed"
    } else {
        "check passed"
    };
    let mut s = String::new();
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    s.push_str(&format!("{verdict}: {summary} (statuses as of {AS_OF})\n"));
    s
}

/// The report of a site with exactly one error: that line, then the summary.
fn one_error(line: &str) -> String {
    report(&[line], true, "1 error, 0 warnings")
}

/// Assert `case` reports exactly `line` (and nothing else) and exits with 1.
#[track_caller]
fn assert_one_error(case: &str, line: &str) {
    let (out, code) = run_case(case);
    assert_eq!(out, one_error(line), "case {case}");
    assert_eq!(code, 1, "case {case}: exit code\n{out}");
}

fn write(site: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    fs::write(site.join(rel), bytes).unwrap();
}

fn read(site: &Path, rel: &str) -> String {
    fs::read_to_string(site.join(rel)).unwrap()
}

// ---------------------------------------------------------------------------
// The fixtures themselves

#[test]
fn minimal_site_passes() {
    let (out, code) = run(&PathBuf::from(FIXTURES).join("minimal"), &[]);
    assert_eq!(out, report(&[], false, "0 errors, 0 warnings"));
    assert_eq!(code, 0);
}

#[test]
fn every_broken_fixture_is_a_listed_case() {
    let mut found: Vec<String> = fs::read_dir(Path::new(FIXTURES).join("broken"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    found.sort();
    assert_eq!(found, CASES);
}

#[test]
fn a_conditional_deadline_that_repeats_the_words_the_page_adds_is_a_warning() {
    // `{after: "sau khi …"}`: pages write "sau khi" before the condition themselves.
    let (out, code) = run_case("deadline-repeats-words");
    assert_eq!(
        out,
        report(
            &["content/tasks/co-quan-a.yaml:17:16: warning: the deadline would read \"sau khi sau khi có văn bản của Trung ương\", \
               which says \"sau khi\" twice: pages, share cards and open data put \"sau khi\" before this \
               (help: the page writes \"sau khi\" before the condition itself: write `{after: \"có văn bản của Trung ương\"}`; \
               the plan's own wording can stay in `due_text`)"],
            false,
            "0 errors, 1 warning"
        )
    );
    assert_eq!(code, 0, "a warning does not fail the check");
}

// ---------------------------------------------------------------------------
// YAML that does not parse

#[test]
fn yaml_syntax_error() {
    // `name: Cơ quan: A`: an unquoted value containing `: `. The agencies in the
    // file are lost, but references to them are not reported as unknown as well.
    assert_one_error(
        "yaml-syntax",
        "content/agencies.yaml:2:16: error: this line has a colon inside its text, so it cannot be read \
         (help: text with a colon must be put in double quotes, e.g. title: \"Plan: phase 1\"; \
         if there is no colon, check that the line is indented like the lines above)",
    );
}

#[test]
fn yaml_tab_indentation() {
    assert_one_error(
        "yaml-tab",
        "content/tasks/co-quan-a.yaml:15:1: error: this line is indented with the Tab key \
         (help: indent with spaces only: replace the tab on this line with spaces)",
    );
}

#[test]
fn yaml_duplicate_key_points_at_the_second_one() {
    assert_one_error(
        "yaml-duplicate-key",
        "content/progress/2026/an-thi.md:8:1: error: the field `status` is written twice in the same record \
         (help: this field is already written above: keep only one of them)",
    );
}

#[test]
fn yaml_alias_bomb_is_refused_quickly() {
    let dir = site(Some("alias-bomb"));
    let started = Instant::now();
    let (out, code) = run(dir.path(), &[]);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(10), "took {took:?}");
    // Counted before serde_yaml builds anything: the alias that goes past the
    // limit is pointed at.
    assert_eq!(
        out,
        one_error(
            "content/progress/2026/bom.yaml:7:41: error: the file makes more than 1000000 values once its repeats (`*name`) are expanded \
             (help: `*name` repeats values written elsewhere: write the values out, or use fewer repeats)"
        )
    );
    assert_eq!(code, 1);
}

#[test]
fn file_not_utf8() {
    let dir = site(None);
    // "Xã Ân Thi" in Latin-1, as an old editor might save it: ã is 0xE3.
    write(
        dir.path(),
        "content/progress/2026/an-thi.md",
        b"---\ntitle: \"X\xe3 \xc2n Thi\"\ndate: 2026-06-10\n---\n",
    );
    let (out, code) = run(dir.path(), &[]);
    assert_eq!(
        out,
        one_error(
            "content/progress/2026/an-thi.md:2:10: error: the file is not UTF-8 text: this byte is not UTF-8 \
             (help: save the file as UTF-8 (in most editors: Save with encoding → UTF-8); \
             Vietnamese text from old systems is often in TCVN3 or Windows-1258)"
        )
    );
    assert_eq!(code, 1);
}

// ---------------------------------------------------------------------------
// Records that do not fit their type

#[test]
fn wrong_type() {
    assert_one_error(
        "wrong-type",
        "content/progress/2026/danh-gia-xong.md:7:10: error: wrong type for `percent`: found text \"nhiều\": \
         expected a whole number (help: write a whole number here)",
    );
}

#[test]
fn unknown_field_in_a_task() {
    assert_one_error(
        "unknown-field-task",
        "content/tasks/co-quan-a.yaml:15:3: error: unknown field `lead_agency`: not a field of task \
         (help: did you mean `lead`?)",
    );
}

#[test]
fn unknown_field_in_an_entry() {
    assert_one_error(
        "unknown-field-entry",
        "content/progress/2026/danh-gia-xong.md:6:1: error: unknown field `statsu`: not a field of progress entry \
         (help: did you mean `status`?)",
    );
}

#[test]
fn missing_required_field() {
    // Agency co-quan-b has no `kind`. It is still referenced (as `support` and `lead`)
    // by tasks: those references are not reported again as unknown agencies.
    assert_one_error(
        "missing-field",
        "content/agencies.yaml:5:3: error: missing required field `kind`: agency needs `kind` \
         (help: add `kind: ...` (see docs/content.en.md))",
    );
}

#[test]
fn invalid_date() {
    assert_one_error(
        "invalid-date",
        "content/progress/2026/danh-gia-xong.md:3:7: error: `date`: `2026-02-30` is not a date: month 2 of 2026 has 28 days",
    );
}

#[test]
fn unknown_status_suggests_the_closest() {
    assert_one_error(
        "unknown-status",
        "content/progress/2026/an-thi.md:7:9: error: `status`: `in progres` is not a status: \
         did you mean `in_progress`? write đang thực hiện, hoàn thành, gặp vướng mắc or đã lên kế hoạch \
         (or in_progress, done, blocked, planned)",
    );
}

// ---------------------------------------------------------------------------
// Ids and references

#[test]
fn duplicate_id_across_files() {
    assert_one_error(
        "duplicate-id",
        "content/tasks/co-quan-b.yaml:1:7: error: duplicate task id `danh-gia-can-bo`: \
         already used in content/tasks/co-quan-a.yaml (item 1) (help: give each one its own id)",
    );
}

#[test]
fn unknown_agency_suggests_the_closest_id() {
    assert_one_error(
        "unknown-agency",
        "content/progress/2026/danh-gia-xong.md:5:11: error: unknown agency `co-quan-aa`: no agency has this id \
         (help: did you mean `co-quan-a`?)",
    );
}

#[test]
fn unknown_task_in_an_entry() {
    assert_one_error(
        "unknown-task",
        "content/progress/2026/danh-gia-xong.md:4:7: error: unknown task `danh-gia-can-bo-xa`: no task has this id \
         (help: did you mean `danh-gia-can-bo`?)",
    );
}

#[test]
fn per_locality_task_entry_without_locality() {
    assert_one_error(
        "per-locality-without-locality",
        "content/progress/2026/an-thi.md:4:7: error: entry for per-locality task `xa-phuong-ra-soat` has no `locality`: \
         every commune and ward reports on this task separately \
         (help: add `locality: <id of the commune or ward>` (see content/localities.yaml))",
    );
}

#[test]
fn missing_media_file() {
    assert_one_error(
        "missing-media",
        "content/progress/2026/danh-gia-xong.md:9:40: error: missing media file `media/minh-hoa.pdf`: \
         no such file under content/ (help: did you mean `media/minh-hoa.txt`?)",
    );
}

// ---------------------------------------------------------------------------
// Values out of range

#[test]
fn percent_out_of_range() {
    assert_one_error(
        "percent-out-of-range",
        "content/progress/2026/danh-gia-xong.md:7:10: error: percent 150 is outside 0..100: \
         a share of the work, from 0 to 100 (help: write a whole number from 0 to 100, or leave `percent` out)",
    );
}

// ---------------------------------------------------------------------------
// Warnings: exit 0, but 1 with --strict

const NFC_WARNING: &str = "content/progress/2026/an-thi.md:2:10: warning: text is not in Unicode NFC: \
    letters here are typed as separate base letters and tone marks \
    (help: convert the file to NFC (e.g. `uconv -x any-nfc`, or retype the word with a Unicode keyboard such as Unikey))";

/// The minimal site with an entry title typed as base letters + combining marks.
fn site_not_nfc() -> TempDir {
    let dir = site(None);
    let rel = "content/progress/2026/an-thi.md";
    let text = read(dir.path(), rel);
    let nfc = "title: \"Xã Ân Thi rà soát\"";
    assert!(text.contains(nfc));
    // "Xã Ân Thi rà soát" decomposed (NFD): a + U+0303, A + U+0302, a + U+0300, a + U+0301.
    let nfd = "title: \"Xa\u{303} A\u{302}n Thi ra\u{300} soa\u{301}t\"";
    write(dir.path(), rel, text.replace(nfc, nfd));
    dir
}

#[test]
fn text_not_nfc_is_a_warning() {
    let (out, code) = run(site_not_nfc().path(), &[]);
    assert_eq!(out, report(&[NFC_WARNING], false, "0 errors, 1 warning"));
    assert_eq!(code, 0);
}

#[test]
fn text_not_nfc_fails_with_strict() {
    let (out, code) = run(site_not_nfc().path(), &["--strict"]);
    assert_eq!(out, report(&[NFC_WARNING], true, "0 errors, 1 warning"));
    assert_eq!(code, 1);
}

const AFTER_AS_OF_WARNING: &str = "content/progress/2026/an-thi.md:3:7: warning: progress entry dated 2026-08-01, \
    after the as-of date 2026-07-15: not shown until that date (help: the portal shows the plan as of 2026-07-15, the `as_of:` in content/site.yaml: if this date is right, change `as_of` (or remove the line to show today's state))";

/// Readers and newspapers trust a status only when they can see what backs it.
#[test]
fn done_without_evidence_is_a_warning() {
    let (out, code) = run_case("done-without-evidence");
    assert!(
        out.starts_with(
            "content/progress/2026/danh-gia-xong.md:6:9: warning: `done` without evidence"
        ),
        "{out}"
    );
    assert!(
        out.ends_with("check passed: 0 errors, 1 warning (statuses as of 2026-07-15)\n"),
        "{out}"
    );
    assert_eq!(code, 0);
    let (_, strict) = run(site(Some("done-without-evidence")).path(), &["--strict"]);
    assert_eq!(strict, 1);
}

#[test]
fn entry_after_as_of_is_a_warning() {
    let (out, code) = run_case("entry-after-as-of");
    assert_eq!(
        out,
        report(&[AFTER_AS_OF_WARNING], false, "0 errors, 1 warning")
    );
    assert_eq!(code, 0);
}

#[test]
fn entry_after_as_of_fails_with_strict() {
    let (out, code) = run(site(Some("entry-after-as-of")).path(), &["--strict"]);
    assert_eq!(
        out,
        report(&[AFTER_AS_OF_WARNING], true, "0 errors, 1 warning")
    );
    assert_eq!(code, 1);
}

#[test]
fn as_of_option_overrides_site_yaml() {
    let (out, code) = run(
        site(Some("entry-after-as-of")).path(),
        &["--as-of", "2026-09-01"],
    );
    assert_eq!(
        out,
        "check passed: 0 errors, 0 warnings (statuses as of 2026-09-01)\n"
    );
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------------------
// All problems at once

#[test]
fn several_defects_are_all_reported_sorted_by_file_then_line() {
    // One defect in each of five files, three in danh-gia-xong.md (found in the
    // order percent, media, date, reported in line order), and media/minh-hoa.txt
    // deleted.
    let (out, code) = run_case("several-defects");
    let expected = report(
        &[
            "content/agencies.yaml:8:11: error: unknown agency `co-quan-x`: no agency has this id \
             (help: did you mean `co-quan-a`?)",
            "content/practices/mo-hinh-mot.md:6:11: error: unknown commune or ward `xa-an-thii`: no commune or ward has this id \
             (help: did you mean `xa-an-thi`?)",
            "content/progress/2026/an-thi.md:7:9: error: `status`: `xong roi` is not a status: \
             write đang thực hiện, hoàn thành, gặp vướng mắc or đã lên kế hoạch (or in_progress, done, blocked, planned)",
            "content/progress/2026/danh-gia-xong.md:3:7: warning: progress entry dated 2026-08-01, after the as-of date 2026-07-15: \
             not shown until that date (help: the portal shows the plan as of 2026-07-15, the `as_of:` in content/site.yaml: if this date is right, change `as_of` (or remove the line to show today's state))",
            "content/progress/2026/danh-gia-xong.md:7:10: error: percent 150 is outside 0..100: \
             a share of the work, from 0 to 100 (help: write a whole number from 0 to 100, or leave `percent` out)",
            "content/progress/2026/danh-gia-xong.md:9:40: error: missing media file `media/minh-hoa.txt`: \
             no such file under content/ (help: put the file under content/media/ and write its path from content/, \
             e.g. media/2026/bao-cao.pdf)",
            "content/tasks/co-quan-a.yaml:5:11: error: unknown goal `muc-tieu-hai`: no goal has this id \
             (help: did you mean `muc-tieu-mot`?)",
        ],
        true,
        "6 errors, 1 warning",
    );
    assert_eq!(out, expected);
    assert_eq!(code, 1);
}

// ---------------------------------------------------------------------------
// Usage errors: exit 2

#[test]
fn missing_site_folder_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("khong-co");
    assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .arg("check")
        .arg(&missing)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(format!("lỗi: `{}` không phải thư mục\n", missing.display()));
}

#[test]
fn invalid_as_of_is_a_usage_error() {
    let dir = site(None);
    assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .arg("check")
        .arg(dir.path())
        .args(["--as-of", "2026-02-30"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::starts_with(
            "error: invalid value '2026-02-30' for '--as-of <AS_OF>': \
             `2026-02-30` không phải ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày\n",
        ));
    // The words of clap (the command line's parser) stay; tiendo's follow --lang.
    assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .arg("check")
        .arg(dir.path())
        .args(["--as-of", "2026-02-30", "--lang", "en"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: invalid value '2026-02-30' for '--as-of <AS_OF>': \
             `2026-02-30` is not a date: month 2 of 2026 has 28 days\n",
        ));
}

// ---------------------------------------------------------------------------
// What an editor reads: the site's language, without --lang

/// `tiendo check` on `case` as an editor runs it (no --lang): stdout.
fn editor_sees(case: &str) -> String {
    let dir = site(Some(case));
    let out = assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .arg("check")
        .arg(dir.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "case {case}");
    String::from_utf8(out.stdout).unwrap()
}

/// The closing line of a Vietnamese report with one error.
const VI_ONE_ERROR: &str =
    "kiểm tra thấy lỗi: 1 lỗi, 0 cảnh báo (trạng thái tính đến ngày 15/7/2026)\n";

#[test]
fn an_unknown_task_is_explained_in_vietnamese_with_the_closest_id() {
    assert_eq!(
        editor_sees("unknown-task"),
        format!(
            "content/progress/2026/danh-gia-xong.md:4:7: lỗi: không có nhiệm vụ nào mang mã `danh-gia-can-bo-xa`: \
             không nhiệm vụ nào có mã này (cách sửa: có phải ý bạn là `danh-gia-can-bo`?)\n{VI_ONE_ERROR}"
        )
    );
}

#[test]
fn an_impossible_date_is_explained_in_vietnamese() {
    assert_eq!(
        editor_sees("invalid-date"),
        format!(
            "content/progress/2026/danh-gia-xong.md:3:7: lỗi: `date`: `2026-02-30` không phải ngày có thật: \
             tháng 2 năm 2026 chỉ có 28 ngày\n{VI_ONE_ERROR}"
        )
    );
}

#[test]
fn a_colon_in_unquoted_text_says_to_put_it_in_double_quotes() {
    // `name: Cơ quan: A`: the parser's own words ("mapping values are not
    // allowed in this context") are not what an editor can act on.
    let out = editor_sees("yaml-syntax");
    assert_eq!(
        out,
        format!(
            "content/agencies.yaml:2:16: lỗi: dòng này có dấu hai chấm ở giữa câu nên không đọc được \
             (cách sửa: câu có dấu hai chấm phải đặt trong ngoặc kép, ví dụ: title: \"Kế hoạch: giai đoạn 1\"; \
             nếu câu không có dấu hai chấm, kiểm tra lề đầu dòng có thẳng với các dòng trên không)\n{VI_ONE_ERROR}"
        )
    );
    assert!(!out.contains("YAML") && !out.contains("mapping"), "{out}");
}

#[test]
fn an_english_site_gets_english_messages_and_lang_overrides_it() {
    let dir = site(Some("unknown-task"));
    let yaml = read(dir.path(), "content/site.yaml");
    write(
        dir.path(),
        "content/site.yaml",
        yaml.replace("language: vi", "language: en"),
    );
    let english =
        "content/progress/2026/danh-gia-xong.md:4:7: error: unknown task `danh-gia-can-bo-xa`: \
                   no task has this id (help: did you mean `danh-gia-can-bo`?)\n\
                   check failed: 1 error, 0 warnings (statuses as of 2026-07-15)\n";
    let out = assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), english);
    let (vi, code) = run_in("vi", dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(
        vi.starts_with("content/progress/2026/danh-gia-xong.md:4:7: lỗi: không có nhiệm vụ nào"),
        "{vi}"
    );
}

/// What an editor sees in a terminal for each broken fixture (the site is
/// Vietnamese, so are the messages): the quoted line,
/// the underline and the help, as snapshots (`tests/snapshots/`). A change to a
/// message shows up here as a diff to review like code.
#[test]
fn every_broken_fixture_reads_as_its_snapshot() {
    for case in CASES {
        let dir = site(Some(case));
        let checked = tiendo::check(dir.path(), None);
        let pretty =
            checked
                .diagnostics
                .render_pretty(dir.path(), false, tiendo::messages::Lang::Vi);
        let text = String::from_utf8(pretty).expect("the report is UTF-8");
        insta::assert_snapshot!(format!("pretty-{case}"), text);
    }
}

#[test]
fn a_misspelt_as_needed_deadline_names_every_form() {
    let s = site(None);
    let tasks = read(s.path(), "content/tasks/co-quan-a.yaml");
    write(
        s.path(),
        "content/tasks/co-quan-a.yaml",
        tasks.replace("due: ongoing", "due: as-needed"),
    );
    let (out, code) = run(s.path(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("content/tasks/co-quan-a.yaml:"), "{out}");
    assert!(
        out.contains("`as-needed` is not a deadline")
            && out.contains("as_needed (only when a case arises)"),
        "{out}"
    );
    // Spelt right, it is a deadline like the others.
    write(
        s.path(),
        "content/tasks/co-quan-a.yaml",
        tasks.replace("due: ongoing", "due: as_needed"),
    );
    let (out, code) = run(s.path(), &[]);
    assert_eq!(code, 0, "{out}");
}

/// Photos and links in a report's text: a missing media file is an error at
/// its line and column, a link to a page the portal does not have and a file
/// name with a space are warnings saying what to do; the links that are right
/// pass and, built under a base URL with a path, point under it from any page.
#[test]
fn links_in_a_text_to_the_sites_files_and_pages_are_checked_and_work_under_a_path() {
    let s = site(None);
    let entry = "content/progress/2026/an-thi.md";
    let body = read(s.path(), entry).replace(
        "Đang rà soát.\n",
        "Đang rà soát.\n\n![Ảnh buổi họp](media/minh-hoa.txt) [việc](/nhiem-vu/thuong-xuyen/)\n\n\
         Xem ![ảnh](media/anh-hop.png) và [trang cũ](/nhiem-vu/khong-co/).\n\n![ảnh](media/ảnh họp.png)\n",
    );
    write(s.path(), entry, &body);
    let (out, code) = run(s.path(), &[]);
    assert_eq!(code, 1, "{out}");
    let line = |n: usize, col: usize, what: &str| format!("{entry}:{n}:{col}: {what}");
    assert!(
        out.contains(&line(
            14,
            12,
            "error: `media/anh-hop.png` is not in content/media/"
        )),
        "{out}"
    );
    assert!(
        out.contains(&line(
            14,
            45,
            "warning: the portal has no page `/nhiem-vu/khong-co/`"
        )),
        "{out}"
    );
    assert!(
        out.contains(&line(
            16,
            8,
            "warning: `media/ảnh họp.png` is not read as a link: the name has a space"
        )),
        "{out}"
    );
    // The links that are right raise nothing.
    assert!(
        !out.contains("minh-hoa.txt") && !out.contains("thuong-xuyen"),
        "{out}"
    );

    // Fixed, the page links the file under the site's path.
    write(s.path(), entry, body.replace("Xem ![ảnh](media/anh-hop.png) và [trang cũ](/nhiem-vu/khong-co/).\n\n![ảnh](media/ảnh họp.png)\n", ""));
    let (out, code) = run(s.path(), &[]);
    assert_eq!(code, 0, "{out}");
    let public = s.path().join("public");
    let built = assert_cmd::cargo::cargo_bin_cmd!("tiendo")
        .args(["build"])
        .arg(s.path())
        .args(["--base-url", "https://example.org/sub/", "-o"])
        .arg(&public)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let page = std::fs::read_to_string(public.join("tien-do/an-thi/index.html")).unwrap();
    assert!(page.contains("src=\"/sub/media/minh-hoa.txt\""), "{page}");
    assert!(
        page.contains("href=\"/sub/nhiem-vu/thuong-xuyen/\""),
        "{page}"
    );
    assert!(public.join("media/minh-hoa.txt").is_file());
}
