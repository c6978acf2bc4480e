//! Faults and hostile input outside the content's meaning: what is at `-o`, a
//! build killed halfway, a full disk, folders that cannot be read, a damaged
//! cache, spreadsheets and YAML made to exhaust memory or time. Each test is
//! named for what the user sees.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use common::*;

/// The id of a process that has ended (so no process has it, for now).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A small file system mounted for a test, to fill up; unmounted when dropped.
#[cfg(target_os = "linux")]
struct SmallDisk(tempfile::TempDir);

#[cfg(target_os = "linux")]
impl SmallDisk {
    /// `None` (and a note) where the test may not mount one.
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .is_ok_and(|o| o.status.success());
        if !mounted {
            eprintln!("skipped: cannot mount a small tmpfs here");
        }
        mounted.then_some(SmallDisk(dir))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

/// The tiendo binary, as a plain command.
fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tiendo"))
}

/// Run `cmd`; (exit code, stdout and stderr together).
fn output(cmd: &mut Command) -> (i32, String) {
    let o = cmd.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

#[test]
fn a_file_at_the_output_path_is_refused_and_left_alone() {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("report.docx");
    fs::write(&file, b"precious").unwrap();
    let (code, _, err) = build(site.path(), &file, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("không phải thư mục"), "{err}");
    assert!(!err.contains("thư mục kết quả cũ được giữ nguyên"), "{err}");
    assert_eq!(fs::read(&file).unwrap(), b"precious");
    // Nothing was renamed aside or staged next to it.
    assert_eq!(names(out.path()), vec!["report.docx".to_string()]);
}

#[cfg(unix)]
#[test]
fn a_device_or_pipe_at_the_output_path_is_refused_and_left_alone() {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let fifo = out.path().join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let link = out.path().join("null");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    for target in [&fifo, &link] {
        let (code, _, err) = build(site.path(), target, &[]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("không phải thư mục"), "{err}");
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(
        names(out.path()),
        vec!["null".to_string(), "pipe".to_string()]
    );
}

/// The fixture site built once into `OUT/public`; (site, OUT, OUT/public).
fn built_once() -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    // Each build later than the one before: an earlier date would drop the
    // reports dated after it, which the build refuses (published addresses).
    let (code, _, err) = build(site.path(), &public, &["--as-of", "2026-04-01"]);
    assert_eq!(code, 0, "{err}");
    (site, out, public)
}

/// A web server serving the output folder must never find it missing while a
/// new build is swapped in: a thread looks at it without pause through three
/// rebuilds.
#[test]
fn the_output_is_never_missing_while_a_rebuild_swaps_in() {
    let (site, out, public) = built_once();
    let stop = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicUsize::new(0));
    let looks = Arc::new(AtomicUsize::new(0));
    let watcher = {
        let (stop, missing, looks) = (stop.clone(), missing.clone(), looks.clone());
        let page = public.join("index.html");
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if fs::metadata(&page).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                looks.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    for as_of in ["2026-05-01", "2026-06-01", "2026-07-01"] {
        let (code, _, err) = build(site.path(), &public, &["--as-of", as_of]);
        assert_eq!(code, 0, "{err}");
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    assert!(looks.load(Ordering::Relaxed) > 1000);
    assert_eq!(missing.load(Ordering::Relaxed), 0, "index.html was missing");
    // The output before the last is kept for the next build to start from.
    assert_eq!(
        names(out.path()),
        vec![".public.tiendo-spare".to_string(), "public".to_string()]
    );
}

#[test]
fn what_a_killed_build_left_is_removed_by_the_next_build() {
    let site = site_with(&[]);
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let dead = dead_pid();
    // A killed build's staging folder and the old output it was deleting.
    for leftover in [
        format!(".public.tiendo-{dead}.tmp"),
        format!(".public.tiendo-{dead}.old"),
    ] {
        fs::create_dir_all(out.path().join(&leftover).join("nhiem-vu")).unwrap();
        fs::write(out.path().join(&leftover).join("index.html"), "old").unwrap();
    }
    // A build running now (this test process): its staging folder stays.
    let running = format!(".public.tiendo-{}.tmp", std::process::id());
    fs::create_dir_all(out.path().join(&running)).unwrap();
    // The cache's temporary files of the killed build.
    let cache = site.path().join(".tiendo-cache");
    fs::create_dir_all(cache.join("og")).unwrap();
    let og_tmp = cache.join(format!("og/.abc123.{dead}-0.tmp"));
    let pack_tmp = cache.join(format!(".search-pages.{dead}-3.tmp"));
    fs::write(&og_tmp, b"half a png").unwrap();
    fs::write(&pack_tmp, b"half a pack").unwrap();

    let (code, _, err) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(names(out.path()), vec![running, "public".to_string()]);
    assert!(!og_tmp.exists() && !pack_tmp.exists());
}

/// A full disk (a 400 KB file system mounted for the test; skipped where the
/// test may not mount one) is an I/O failure: exit 2, said plainly, the
/// previous output kept.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_exits_2_and_says_so() {
    let site = site_with(&[]);
    let Some(mnt) = SmallDisk::mount("400k") else {
        return;
    };
    let public = mnt.path().join("public");
    fs::create_dir(&public).unwrap();
    fs::write(public.join(".tiendo-output"), "").unwrap();
    fs::write(public.join("index.html"), "before").unwrap();
    let (code, _, err) = build(site.path(), &public, &["--no-search"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ổ đĩa đã đầy"), "{err}");
    assert!(err.contains("thư mục kết quả cũ được giữ nguyên"), "{err}");
    assert_eq!(read(&public, "index.html"), "before");
    assert_eq!(names(mnt.path()), vec!["public".to_string()]);
}

/// Every share image (`og.png`) published in `out`, by path.
fn share_images(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".png"))
        .collect()
}

#[test]
fn a_damaged_cached_share_image_is_drawn_again_and_never_linked() {
    let (site, _out, public) = built_once();
    let drawn = share_images(&public);
    assert!(!drawn.is_empty());

    // Damage every cached image: one byte in the middle of each.
    let cached: Vec<_> = fs::read_dir(site.path().join(".tiendo-cache/og"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!cached.is_empty());
    for p in &cached {
        let mut b = fs::read(p).unwrap();
        let mid = b.len() / 2;
        b[mid] ^= 0x55;
        fs::write(p, b).unwrap();
    }
    let (code, _, err) = build(site.path(), &public, &["--as-of", "2026-04-01"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        share_images(&public),
        drawn,
        "a damaged image was published"
    );

    // Taken from the cache (now whole again), the published images are copies:
    // writing to one leaves the cache as it was.
    let (code, _, err) = build(site.path(), &public, &["--as-of", "2026-04-01"]);
    assert_eq!(code, 0, "{err}");
    let before: Vec<Vec<u8>> = cached.iter().map(|p| fs::read(p).unwrap()).collect();
    for path in share_images(&public).keys() {
        fs::write(public.join(path), b"edited").unwrap();
    }
    let after: Vec<Vec<u8>> = cached.iter().map(|p| fs::read(p).unwrap()).collect();
    assert_eq!(before, after, "editing a published image changed the cache");
}

// ---------------------------------------------------------------- import

const IMPORT_HEAD: &str = "ma_nhiem_vu,ma_xa_phuong,don_vi_bao_cao,ngay,tinh_trang,phan_tram,tieu_de,noi_dung,so_van_ban,ngay_van_ban,lien_ket,minh_hoa\n";

/// A CSV of `n` valid rows, each with a body of `body` bytes.
fn import_csv(n: usize, body: usize) -> String {
    let mut s = IMPORT_HEAD.to_string();
    for i in 0..n {
        s.push_str(&format!(
            "thuong-xuyen,,co-quan-b,{}/7/2026,in_progress,,Báo cáo số {i},{},,,,x\n",
            i % 28 + 1,
            "a".repeat(body)
        ));
    }
    s
}

/// Every file under `content/progress/` (hidden ones too), relative.
fn progress_tree(site: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(site.join("content/progress"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(site).unwrap().display().to_string())
        .collect();
    v.sort();
    v
}

/// `tiendo import FILE` in `site`; (exit code, all it printed).
fn import_in(site: &Path, file: &str) -> (i32, String) {
    output(
        bin()
            .args(["--color", "never", "import", file])
            .current_dir(site),
    )
}

/// Import `name` in `site`, which must add exactly one file to those in
/// `before`; (its path, its text).
fn import_one(site: &Path, name: &str, before: &[String]) -> (std::path::PathBuf, String) {
    let (code, out) = import_in(site, name);
    assert_eq!(code, 0, "{out}");
    let new: Vec<String> = progress_tree(site)
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    let path = site.join(&new[0]);
    let text = fs::read_to_string(&path).unwrap();
    (path, text)
}

/// The front matter of an imported entry has no field the sheet did not give.
fn assert_no_added_field(text: &str) {
    let front = text.split("---\n").nth(1).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(front).unwrap();
    assert!(
        yaml.get("condition_met").is_none(),
        "a field was added:\n{text}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_cannot_add_a_field_to_imported_entries() {
    let site = site_with(&[]);
    let s = site.path();
    let before = progress_tree(s);
    for name in [
        "bao-cao\ncondition_met: true\n#.csv",
        "bao-cao\rcondition_met: true\r#.csv",
        "bao-cao\u{2028}condition_met: true\u{2028}#.csv",
        "bao-cao\u{85}condition_met: true\u{85}#.csv",
    ] {
        fs::write(s.join(name), import_csv(1, 10)).unwrap();
        let (path, text) = import_one(s, name, &before);
        assert_no_added_field(&text);
        fs::remove_file(path).unwrap();
    }
    let (code, out) = output(bin().args(["check", "."]).current_dir(s));
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_sheet_name_cannot_add_a_field_to_imported_entries() {
    let site = site_with(&[]);
    let s = site.path();
    let before = progress_tree(s);
    // Excel refuses a line break in a sheet name; a crafted file has one.
    let xlsx = workbook(&[]);
    // Put the line break into the sheet name inside the file (workbook.xml).
    let crafted = rezip(&xlsx, "Tháng 7", "x&#10;condition_met: true&#10;#");
    fs::write(s.join("thang-7.xlsx"), crafted).unwrap();
    let (_, text) = import_one(s, "thang-7.xlsx", &before);
    assert!(
        text.contains("sheet \"x\\ncondition_met: true\\n#\""),
        "{text}"
    );
    assert_no_added_field(&text);
}

/// `zip` with `from` replaced by `to` in every text entry (a crafted file).
fn rezip(zip: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut e = src.by_index(i).unwrap();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if let Ok(t) = String::from_utf8(bytes.clone()) {
            bytes = t.replace(from, to).into_bytes();
        }
        out.start_file(e.name(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// A workbook with a header row and one report, then `extra` cells
/// (row, column, text), as Excel would save it.
fn workbook(extra: &[(u32, u16, &str)]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Tháng 7").unwrap();
    for (i, h) in IMPORT_HEAD.trim().split(',').enumerate() {
        ws.write_string(0, i as u16, h).unwrap();
    }
    let row = [
        "thuong-xuyen",
        "",
        "co-quan-b",
        "5/7/2026",
        "in_progress",
        "",
        "Báo cáo tháng 7",
        "Nội dung.",
    ];
    for (i, v) in row.iter().enumerate() {
        ws.write_string(1, i as u16, *v).unwrap();
    }
    for (r, c, v) in extra {
        ws.write_string(*r, *c, *v).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// `tiendo import` of `bytes` saved as `name` in a fresh site; (code, all it
/// printed, seconds).
fn import_bytes(name: &str, bytes: &[u8]) -> (i32, String, f64) {
    let site = site_with(&[]);
    fs::write(site.path().join(name), bytes).unwrap();
    let t = std::time::Instant::now();
    let (code, out) = import_in(site.path(), name);
    (code, out, t.elapsed().as_secs_f64())
}

#[test]
fn cells_far_apart_are_read_without_filling_the_range_between() {
    // A note at the last row Excel has: the range between would be 12 x 1M cells.
    let book = workbook(&[(1_048_575, 0, "# ghi chú cuối trang")]);
    let (code, out, secs) = import_bytes("xa.xlsx", &book);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("đã nhập 1 báo cáo"), "{out}");
    assert!(secs < 10.0, "{secs} s");
    // The last column Excel has: refused, naming the cell.
    let book = workbook(&[(3, 16_383, "x")]);
    let (code, err, _) = import_bytes("xa.xlsx", &book);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("xa.xlsx"), "{err}");
    assert!(
        err.contains("ô XFD4: tiendo chỉ đọc các cột từ A đến IV"),
        "{err}"
    );
}

#[test]
fn a_spreadsheet_declaring_billions_of_texts_is_refused() {
    let book = workbook(&[]);
    let text = {
        use std::io::Read;
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(&book)).unwrap();
        let mut s = String::new();
        z.by_name("xl/sharedStrings.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let count = text.split("uniqueCount=\"").nth(1).unwrap();
    let count = &count[..count.find('"').unwrap()];
    let crafted = rezip(
        &book,
        &format!("uniqueCount=\"{count}\""),
        "uniqueCount=\"4294967295\"",
    );
    let (code, err, _) = import_bytes("xa.xlsx", &crafted);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("khai báo 4294967295 đoạn chữ khác nhau"),
        "{err}"
    );
}

#[test]
fn a_zip_bomb_spreadsheet_is_refused_quickly() {
    use std::io::Write;
    // One text of 260 MB, compressed to about 250 KB.
    let book = workbook(&[]);
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(&book)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let name = src.by_index(i).unwrap().name().to_string();
        if name == "xl/sharedStrings.xml" {
            out.start_file(&name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(b"<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"1\"><si><t>")
                .unwrap();
            let chunk = vec![b'a'; 1 << 20];
            for _ in 0..260 {
                out.write_all(&chunk).unwrap();
            }
            out.write_all(b"</t></si></sst>").unwrap();
        } else {
            out.raw_copy_file(src.by_index_raw(i).unwrap()).unwrap();
        }
    }
    let bomb = out.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 << 20, "{}", bomb.len());
    let (code, err, secs) = import_bytes("xa.xlsx", &bomb);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("xa.xlsx"), "{err}");
    assert!(err.contains("khi giải nén lớn hơn 200 MB"), "{err}");
    assert!(secs < 10.0, "{secs} s");
}

#[test]
fn an_interrupted_import_writes_nothing() {
    let site = site_with(&[]);
    let s = site.path();
    let before = progress_tree(s);
    fs::write(s.join("bao-cao.csv"), import_csv(20, 100)).unwrap();
    let cancel = Arc::new(AtomicBool::new(true));
    let opts = tiendo::import::ImportOptions {
        cancel: Some(cancel),
        ..Default::default()
    };
    let e = tiendo::import::import(s, &s.join("bao-cao.csv"), &opts).unwrap_err();
    assert_eq!(e.to_string(), "interrupted; nothing was written");
    assert_eq!(progress_tree(s), before);
}

#[test]
fn what_a_killed_import_left_is_removed_by_the_next() {
    let site = site_with(&[]);
    let s = site.path();
    let before = progress_tree(s);
    let dead = dead_pid();
    let left = s.join(format!(
        "content/progress/2026/.thuong-xuyen-2026-07-01-abcdef.md.tiendo-import-{dead}.tmp"
    ));
    fs::write(&left, "---\ntitle: nửa").unwrap();
    fs::write(s.join("bao-cao.csv"), import_csv(2, 10)).unwrap();
    let (code, out) = import_in(s, "bao-cao.csv");
    assert_eq!(code, 0, "{out}");
    assert!(!left.exists());
    let after = progress_tree(s);
    assert_eq!(after.len(), before.len() + 2, "{after:?}");
    assert!(after
        .iter()
        .all(|p| p.ends_with(".md") || before.contains(p)));
}

/// A full disk while importing (a small file system mounted for the test;
/// skipped where the test may not mount one): exit 2, and not one file, not
/// even an empty `.md`, is left.
#[cfg(target_os = "linux")]
#[test]
fn an_import_on_a_full_disk_writes_nothing() {
    let Some(mnt) = SmallDisk::mount("300k") else {
        return;
    };
    let s = mnt.path();
    copy_tree(&fixture("minimal"), s);
    let sheet = tempfile::tempdir().unwrap();
    let csv = sheet.path().join("bao-cao.csv");
    fs::write(&csv, import_csv(60, 8_000)).unwrap();
    let before = progress_tree(s);
    let (code, err) = output(
        bin()
            .args(["--color", "never", "import"])
            .arg(&csv)
            .current_dir(s),
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ổ đĩa đã đầy"), "{err}");
    assert!(err.contains("không ghi gì cả"), "{err}");
    assert_eq!(progress_tree(s), before);
}

// ---------------------------------------------------------------- YAML

/// `tiendo check SITE`; (exit code, all it printed).
fn check_out(site: &Path) -> (i32, String) {
    output(bin().args(["--color", "never", "check"]).arg(site))
}

/// `tiendo check` of the fixture site with `files` overlaid; (code, output,
/// seconds).
fn check_site(files: &[(&str, &str)]) -> (i32, String, f64) {
    let site = site_with(files);
    let t = std::time::Instant::now();
    let (code, out) = check_out(site.path());
    (code, out, t.elapsed().as_secs_f64())
}

#[test]
fn a_yaml_alias_bomb_is_refused_at_once_naming_the_line() {
    // 45 KB: 6,000 values, then 6,000 aliases of them (36 million values).
    let mut yaml = String::from("a: &a [");
    yaml.push_str(&vec!["1"; 6000].join(","));
    yaml.push_str("]\nb: [");
    yaml.push_str(&vec!["*a"; 6000].join(","));
    yaml.push_str("]\n");
    assert!(yaml.len() < 50_000);
    let (code, out, secs) = check_site(&[("content/tasks/bom.yaml", &yaml)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("content/tasks/bom.yaml:2:"), "{out}");
    assert!(out.contains("khi mở các ký hiệu lặp lại (`*tên`)"), "{out}");
    assert!(secs < 10.0, "{secs} s");
}

#[test]
fn deeply_nested_yaml_is_refused_at_once_naming_the_line() {
    let brackets = format!("---\ntitle: {}\n---\n", "[".repeat(200_000));
    let (code, out, secs) = check_site(&[("content/goals/sau.md", &brackets)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("content/goals/sau.md:2:"), "{out}");
    assert!(out.contains("lồng quá 64 cấp"), "{out}");
    assert!(secs < 10.0, "{secs} s");
    // Block nesting, 100,000 levels of `- `.
    let dashes = format!("{}x\n", "- ".repeat(100_000));
    let (code, out, secs) = check_site(&[("content/tasks/sau.yaml", &dashes)]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("content/tasks/sau.yaml:1:"), "{out}");
    assert!(secs < 10.0, "{secs} s");
}

// ---------------------------------------------------------------- content folders

#[cfg(unix)]
#[test]
fn a_required_file_linked_outside_the_site_is_refused_unquoted() {
    let site = site_with(&[]);
    let secret = tempfile::tempdir().unwrap();
    let file = secret.path().join("secret.yaml");
    fs::write(&file, "title: \"MẬT-KHẨU-7731\"\nbase_url: [\n").unwrap();
    let site_yaml = site.path().join("content/site.yaml");
    fs::remove_file(&site_yaml).unwrap();
    std::os::unix::fs::symlink(&file, &site_yaml).unwrap();
    let (code, out) = check_out(site.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("content/site.yaml"), "{out}");
    assert!(out.contains("nằm ngoài thư mục trang"), "{out}");
    assert!(!out.contains("7731"), "the secret was quoted:\n{out}");
}

/// A folder of `content/` that cannot be read is an error naming it, not a
/// folder whose entries silently vanish. (Run as an unprivileged user when the
/// tests run as root, who can read anything.)
#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_content_folder_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let site = site_with(&[]);
    let locked = site.path().join("content/progress/2026/thang-7");
    fs::create_dir_all(&locked).unwrap();
    fs::write(locked.join("bao-cao.md"), "x").unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let root = running_as_root();
    if root {
        // Let the unprivileged user reach the site.
        for e in walkdir::WalkDir::new(site.path()).into_iter().flatten() {
            if e.path() != locked && !e.path().starts_with(&locked) {
                let mode = if e.file_type().is_dir() { 0o755 } else { 0o644 };
                fs::set_permissions(e.path(), fs::Permissions::from_mode(mode)).unwrap();
            }
        }
    }
    let mut cmd = if root {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_tiendo"));
        c
    } else {
        bin()
    };
    let (code, out) = output(cmd.args(["--color", "never", "check"]).arg(site.path()));
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("content/progress/2026/thang-7") && out.contains("không đọc được thư mục này"),
        "{out}"
    );
}

/// Whether this test runs as root (the owner of `/proc/self` is uid 0).
#[cfg(target_os = "linux")]
fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

#[test]
fn a_sheet_of_thousands_of_bad_rows_shows_a_thousand_problems_and_counts_the_rest() {
    let mut csv = IMPORT_HEAD.to_string();
    for i in 0..5000 {
        csv.push_str(&format!(
            "khong-co-{i},,co-quan-b,5/7/2026,in_progress,,Báo cáo {i},,,,,\n"
        ));
    }
    let (code, err, _) = import_bytes("sai.csv", csv.as_bytes());
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sai.csv: lỗi: và 4000 lỗi khác không hiện ra"),
        "{}",
        &err[err.len().saturating_sub(600)..]
    );
    assert!(err.contains("khong-co-999`"), "{err}");
    assert!(
        !err.contains("khong-co-1000`"),
        "more than 1000 problems shown"
    );
}

/// An `.ods` file whose sheet's rows are `rows` (the XML of `table:table-row`s).
fn ods(rows: &str) -> Vec<u8> {
    use std::io::Write;
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file(
        "META-INF/manifest.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(br#"<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    write!(
        z,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Tháng 7">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    z.finish().unwrap().into_inner()
}

/// An `.ods` row of text cells.
fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn an_ods_with_cells_far_apart_is_refused_before_it_is_expanded() {
    let head = ods_row(&IMPORT_HEAD.trim().split(',').collect::<Vec<_>>());
    let report = ods_row(&[
        "thuong-xuyen",
        "",
        "co-quan-b",
        "5/7/2026",
        "in_progress",
        "",
        "Báo cáo tháng 7",
    ]);
    // As LibreOffice saves it: the empty rest of the sheet as repeats.
    let tail = r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let (code, out, _) = import_bytes(
        "thang-7.ods",
        ods(&format!("{head}{report}{tail}")).as_slice(),
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("đã nhập 1 báo cáo"), "{out}");

    // A value at the last row and column (calamine would fill the range between).
    let far = r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    let (code, err, secs) = import_bytes("xa.ods", ods(&format!("{head}{far}")).as_slice());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("xa.ods"), "{err}");
    assert!(err.contains("trải trên 1048572 dòng và 16384 cột"), "{err}");
    assert!(secs < 10.0, "{secs} s");

    // Many rows, each with a value far to the right.
    let wide = r#"<table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#.repeat(300);
    let (code, err, _) = import_bytes("xa.ods", ods(&format!("{head}{wide}")).as_slice());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("các dòng có"), "{err}");
}

#[test]
fn an_ods_percentage_is_read_as_libreoffice_shows_it() {
    let head = ods_row(&IMPORT_HEAD.trim().split(',').collect::<Vec<_>>());
    // LibreOffice stores `100%` as the value 1 with the type `percentage`.
    let cell = |t: &str| {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>"#
        )
    };
    let report = format!(
        "<table:table-row>{}{}{}{}{}{}</table:table-row>",
        cell("thuong-xuyen"),
        r#"<table:table-cell table:number-columns-repeated="2"/>"#,
        cell("5/7/2026"),
        cell("in_progress"),
        r#"<table:table-cell office:value-type="percentage" office:value="1"><text:p>100%</text:p></table:table-cell>"#,
        cell("Báo cáo tháng 7"),
    );
    let site = site_with(&[]);
    fs::write(
        site.path().join("thang-7.ods"),
        ods(&format!("{head}{report}")),
    )
    .unwrap();
    let (code, out) = import_in(site.path(), "thang-7.ods");
    assert_eq!(code, 0, "{out}");
    let written = walkdir::WalkDir::new(site.path().join("content/progress/2026"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("thuong-xuyen-2026-07-05-")
        })
        .unwrap();
    let text = fs::read_to_string(written.path()).unwrap();
    assert!(text.contains("percent: 100\n"), "{text}");
}
