//! What a deploy sees after a rebuild: only the files whose bytes changed are
//! new (a new inode, a new modification time); every other file is the one the
//! previous build published, so `rsync` and HTTP caches see only the change. A
//! rebuild publishes what a build into an empty folder would, and one that
//! fails or is killed leaves the previous output exactly as it was.

#![cfg(unix)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use tiendo::output::{Staging, FILES};
use tiendo::render::Sink;

const AS_OF: &str = "2026-11-24";

/// The output before the last, kept next to it for the next build to start from.
const SPARE: &str = ".public.tiendo-spare";

/// A temp copy of the bundled site (`content/` of the repository).
fn bundled_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&root.join("content"), &site.path().join("content"));
    site
}

/// A file as a deploy tool or an HTTP cache tells it: its inode, modification
/// time and bytes.
#[derive(PartialEq, Eq)]
struct Seen {
    ino: u64,
    mtime: (i64, i64),
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (ino, mtime, len) = (self.ino, self.mtime, self.bytes.len());
        write!(f, "inode {ino}, modified {mtime:?}, {len} bytes")
    }
}

/// Where two snapshots differ, by path (not the whole of both).
fn differences(a: &BTreeMap<String, Seen>, b: &BTreeMap<String, Seen>) -> Vec<String> {
    let paths: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| format!("{p}: {:?} / {:?}", a.get(p), b.get(p)))
        .collect()
}

/// Every file of `out` (the list of files aside, tiendo's own record), by path.
fn seen(out: &Path) -> BTreeMap<String, Seen> {
    snapshot(out)
        .into_iter()
        .filter(|(path, _)| path != FILES)
        .map(|(path, bytes)| {
            let m = fs::symlink_metadata(out.join(&path)).unwrap();
            let mtime = (m.mtime(), m.mtime_nsec());
            (
                path,
                Seen {
                    ino: m.ino(),
                    mtime,
                    bytes,
                },
            )
        })
        .collect()
}

/// `(written, kept)` from the build's summary line, as the bundled site's editors
/// read it: `đã tạo N tệp (W tệp ghi mới, K tệp không đổi) …`.
fn counts(stdout: &str) -> (usize, usize) {
    let line = stdout
        .lines()
        .find(|l| l.starts_with("đã tạo ") && l.contains(" tệp không đổi)"))
        .unwrap_or_else(|| panic!("no summary line: {stdout}"));
    let numbers: Vec<usize> = line
        .split(['(', ',', ')'])
        .filter_map(|part| part.split_whitespace().next()?.parse().ok())
        .collect();
    match numbers[..] {
        [written, kept, ..] => (written, kept),
        _ => panic!("{line}"),
    }
}

fn build_ok(site: &Path, out: &Path) -> (usize, usize) {
    let (code, stdout, stderr) = build(site, out, &["--as-of", AS_OF]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    counts(&stdout)
}

/// What is next to the output folder (staging folders left behind would show).
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A new title for the progress entry `content/progress/2026/btc-thuong-truc-so-ket.md`.
fn retitle_entry(site: &Path, title: &str) {
    let entry = site.join("content/progress/2026/btc-thuong-truc-so-ket.md");
    let text = fs::read_to_string(&entry).unwrap();
    let (first, rest) = text.split_once("\ntitle: ").unwrap();
    let (_, rest) = rest.split_once('\n').unwrap();
    fs::write(&entry, format!("{first}\ntitle: \"{title}\"\n{rest}")).unwrap();
}

#[test]
fn a_rebuild_after_one_edit_publishes_new_files_only_where_the_bytes_changed() {
    let site = bundled_site();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let (written, kept) = build_ok(site.path(), &public);
    assert_eq!(kept, 0, "a first build keeps nothing");
    let before = seen(&public);
    assert_eq!(
        written,
        before.len() - 1,
        "every file but the marker is counted"
    );
    // Modification times have a coarse clock: let it tick.
    std::thread::sleep(Duration::from_millis(20));
    // Nothing changed: nothing is new.
    assert_eq!(build_ok(site.path(), &public), (0, written));
    assert_eq!(differences(&seen(&public), &before), Vec::<String>::new());

    let title = "Báo cáo của cơ quan thường trực, đã sửa tên";
    retitle_entry(site.path(), title);
    let (written, kept) = build_ok(site.path(), &public);
    let after = seen(&public);

    // Every file with the bytes it had is the file it was; every other is new
    // (the search index's fragments are named by their bytes: a changed one is
    // a new name, and the old name goes).
    let mut changed = Vec::new();
    for (path, now) in &after {
        match before.get(path) {
            Some(was) if now.bytes == was.bytes => assert_eq!(
                (now.ino, now.mtime),
                (was.ino, was.mtime),
                "`{path}` has the same bytes but was written again"
            ),
            Some(was) => {
                assert_ne!(now.ino, was.ino, "`{path}` changed in place");
                assert_ne!(now.mtime, was.mtime, "`{path}` changed, its time did not");
                changed.push(path.as_str());
            }
            None => {
                assert!(path.starts_with("pagefind/"), "`{path}` is new");
                assert!(!before.values().any(|f| f.ino == now.ino), "`{path}`");
                changed.push(path.as_str());
            }
        }
    }
    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        assert!(path.starts_with("pagefind/"), "`{path}` is gone");
    }
    assert_eq!(
        (written, kept),
        (changed.len(), after.len() - 1 - changed.len()),
        "the summary counts what a deploy sees ({} files): {changed:?}",
        after.len()
    );
    // The entry's page and what shows its title are new: the list of entries,
    // the task's page, the feed, the search index.
    for path in [
        "tien-do/btc-thuong-truc-so-ket/index.html",
        "tien-do/index.html",
        "nhiem-vu/btc-thuong-truc-theo-doi-don-doc/index.html",
        "tien-do/atom.xml",
    ] {
        assert!(
            changed.contains(&path),
            "`{path}` was not written: {changed:?}"
        );
        let text = String::from_utf8_lossy(&after[path].bytes).into_owned();
        assert!(text.contains(title), "`{path}` does not show the new title");
    }
    assert!(
        changed.iter().any(|p| p.starts_with("pagefind/")),
        "the search index did not change: {changed:?}"
    );
    for (path, file) in &after {
        let shows = String::from_utf8_lossy(&file.bytes).contains(title);
        assert!(!shows || changed.contains(&path.as_str()), "`{path}`");
    }
    assert!(
        changed.len() * 10 < after.len(),
        "one edit wrote {} of {} files: {changed:?}",
        changed.len(),
        after.len()
    );

    // What a build into an empty folder publishes, byte for byte.
    let fresh = out.path().join("fresh");
    build_ok(site.path(), &fresh);
    assert_eq!(site_files(&public), site_files(&fresh));
    assert_eq!(beside(&public), [SPARE, "fresh", "public"]);
}

#[test]
fn a_file_edited_by_hand_in_the_output_is_written_again() {
    let (site, out) = built(&[], &[]);
    let public = out.path().join("public");
    let page = public.join("ke-hoach/index.html");
    let published = fs::read(&page).unwrap();
    fs::write(&page, b"edited by hand").unwrap();
    let before = seen(&public);
    let (code, stdout, stderr) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&stdout).0, 1, "{stdout}");
    assert_eq!(fs::read(&page).unwrap(), published);
    let after = seen(&public);
    for (path, now) in &after {
        if path != "ke-hoach/index.html" {
            assert_eq!(now, &before[path], "`{path}`");
        }
    }
}

#[test]
fn a_failed_or_killed_rebuild_leaves_the_previous_output_as_it_was() {
    let site = bundled_site();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_ok(site.path(), &public);
    build_ok(site.path(), &public);
    assert_eq!(beside(&public), [SPARE, "public"]);
    let before = seen(&public);
    let list = fs::read(public.join(FILES)).unwrap();

    // Fails after every page was rendered and linked: an entry deleted without
    // an alias would lose its published address.
    let entry = site
        .path()
        .join("content/progress/2026/btc-thuong-truc-so-ket.md");
    let text = fs::read_to_string(&entry).unwrap();
    fs::remove_file(&entry).unwrap();
    let (code, _, stderr) = build(site.path(), &public, &["--as-of", AS_OF]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("btc-thuong-truc-so-ket"), "{stderr}");
    assert_eq!(
        differences(&seen(&public), &before),
        Vec::<String>::new(),
        "the failed build changed the output"
    );
    assert_eq!(fs::read(public.join(FILES)).unwrap(), list);
    assert_eq!(
        beside(&public),
        ["public"],
        "the failed build used the spare up"
    );
    fs::write(&entry, text).unwrap();
    build_ok(site.path(), &public);
    let before = seen(&public);

    // Killed halfway through staging.
    retitle_entry(site.path(), "Một tên khác");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tiendo"))
        .arg("build")
        .arg(site.path())
        .arg("-o")
        .arg(&public)
        .args(["--as-of", AS_OF])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = out
        .path()
        .join(format!(".public.tiendo-{}.tmp", child.id()));
    // The staging folder is the spare, the output before the last: killed once
    // the edited entry's page there is a new file.
    let page = "tien-do/btc-thuong-truc-so-ket/index.html";
    let ino = |dir: &Path| fs::metadata(dir.join(page)).map(|m| m.ino()).ok();
    let start = Instant::now();
    while ino(&staging).is_none_or(|i| Some(i) == ino(&public)) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before it could be killed"
        );
        assert!(start.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        staging.is_dir(),
        "the killed build's staging folder is left"
    );
    assert_eq!(
        differences(&seen(&public), &before),
        Vec::<String>::new(),
        "the killed build changed the output"
    );

    // The next build removes what the killed one left and publishes the edit.
    build_ok(site.path(), &public);
    assert_eq!(beside(&public), [SPARE, "public"]);
    assert!(read(&public, "tien-do/btc-thuong-truc-so-ket/index.html").contains("Một tên khác"));
}

/// The output on a memory file system, the site and its cache on the disk:
/// share images are copied across, unchanged files are kept all the same.
#[test]
fn a_rebuild_into_another_file_system_keeps_unchanged_files() {
    let shm = Path::new("/dev/shm");
    let site = site_with(&[]);
    let dev = |p: &Path| fs::metadata(p).map(|m| m.dev()).ok();
    if !shm.is_dir() || dev(shm).is_none() || dev(shm) == dev(site.path()) {
        eprintln!(
            "skipped: no /dev/shm on another file system than {}",
            site.path().display()
        );
        return;
    }
    let out = tempfile::tempdir_in(shm).unwrap();
    let public = out.path().join("public");
    let (code, stdout, stderr) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&stdout).1, 0);
    assert!(snapshot(&public).keys().any(|p| p.ends_with("og.png")));
    let before = seen(&public);
    let (code, stdout, stderr) = build(site.path(), &public, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(counts(&stdout), (0, before.len() - 1), "{stdout}");
    assert_eq!(differences(&seen(&public), &before), Vec::<String>::new());

    let fresh = out.path().join("fresh");
    let (code, _, stderr) = build(site.path(), &fresh, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(site_files(&public), site_files(&fresh));
}

/// A file kept from the previous output is the published file itself (a hard
/// link): nothing the build does afterwards may write into it, or the site
/// being served would change before the swap.
#[test]
fn writing_through_a_kept_file_cannot_change_the_published_one() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    fs::create_dir_all(site.join("content")).unwrap();
    let public = dir.path().join("public");
    let first = Staging::new(&public, &site).unwrap();
    first.write("nhiem-vu/a/index.html", b"published").unwrap();
    first.commit().unwrap();
    let published = public.join("nhiem-vu/a/index.html");
    let ino = fs::metadata(&published).unwrap().ino();

    let second = Staging::new(&public, &site).unwrap();
    second.write("nhiem-vu/a/index.html", b"published").unwrap();
    assert_eq!(second.kept(), 1);
    let staged: Vec<PathBuf> = walkdir::WalkDir::new(dir.path())
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.ends_with("nhiem-vu/a/index.html") && p != &published)
        .collect();
    assert_eq!(staged.len(), 1, "{staged:?}");
    assert_eq!(fs::metadata(&staged[0]).unwrap().ino(), ino, "a hard link");

    let other = dir.path().join("other.png");
    fs::write(&other, b"changed").unwrap();
    assert!(second.write("nhiem-vu/a/index.html", b"changed").is_err());
    assert!(second.write_file("nhiem-vu/a/index.html", &other).is_err());
    assert_eq!(fs::read(&published).unwrap(), b"published");
    drop(second); // the build failed
    assert_eq!(fs::read(&published).unwrap(), b"published");
    assert_eq!(fs::metadata(&published).unwrap().ino(), ino);
}

/// A build into the previous build's output, after `edit`: whether the summary
/// says only the pages the change reaches were rendered, and that the output
/// is, byte for byte, what a build into an empty folder publishes.
fn rebuild_matches_a_full_build(
    site: &Path,
    out: &Path,
    what: &str,
    args: &[&str],
    edit: impl FnOnce(&Path),
) -> bool {
    let public = out.join("public");
    edit(site);
    let mut all = vec!["--as-of", AS_OF];
    all.extend(args);
    let (code, stdout, stderr) = build(site, &public, &all);
    assert_eq!(code, 0, "{what}: {stdout}\n{stderr}");
    let fresh = out.join("fresh");
    let _ = fs::remove_dir_all(&fresh);
    let (code, fresh_out, stderr) = build(site, &fresh, &["--as-of", AS_OF]);
    assert_eq!(code, 0, "{what}: {fresh_out}\n{stderr}");
    let (a, b) = (site_files(&public), site_files(&fresh));
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|p| a.get(*p) != b.get(*p))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: the rebuilt output differs from a full build at {differ:?}"
    );
    // The fresh build replaced what the cache says of the last build: build
    // into the output once more, so that the next edit starts from it.
    let (code, again, _) = build(site, &public, &["--as-of", AS_OF]);
    assert_eq!(code, 0, "{what}: {again}");
    stdout.contains("chỉ dựng lại các trang")
}

#[test]
fn a_rebuild_renders_only_what_the_edits_reach_and_publishes_what_a_full_build_does() {
    let site = bundled_site();
    let s = site.path();
    let out = tempfile::tempdir().unwrap();
    build_ok(s, &out.path().join("public"));
    let entry = |name: &str| s.join(format!("content/progress/2026/{name}.md"));
    let replace = |name: &str, from: &str, to: &str| {
        let path = entry(name);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{name}: no `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    // Each edit, and whether only part of the site is rendered: a change of a
    // task's status changes the site's counts by status, which the site's own
    // share card shows, and every page without a card of its own names that
    // card (by a key in its `og:image` address), so everything is rendered.
    type Edit<'a> = (&'a str, bool, Box<dyn FnOnce(&Path) + 'a>);
    let progress_edits: Vec<Edit> = vec![
        (
            // Its page, the lists and feeds that show it; not the open data
            // and bulletins, which show no report's text.
            "an entry's text alone",
            true,
            Box::new(|s| {
                let path = s.join("content/progress/2026/btc-thuong-truc-so-ket.md");
                let mut text = fs::read_to_string(&path).unwrap();
                text.push_str("\nMột đoạn bổ sung của người biên tập.\n");
                fs::write(path, text).unwrap();
            }),
        ),
        (
            "an entry's title",
            true,
            Box::new(|s| retitle_entry(s, "Báo cáo thường trực, tên mới")),
        ),
        (
            "an entry's status (its task's status changes)",
            false,
            Box::new(|_| {
                replace(
                    "btc-thuong-truc-so-ket",
                    "status: in_progress",
                    "status: blocked",
                )
            }),
        ),
        (
            "a new entry of a task every commune carries out",
            true,
            Box::new(|s| {
                fs::write(
                    s.join("content/progress/2026/xa-tan-hung-moi.md"),
                    "---\ntitle: \"Xã Tân Hưng: ví dụ báo cáo\"\ndate: 2026-11-20\ntask: xp-van-ban-cong-tac-can-bo\nreporter: dang-uy-xa-phuong\nlocality: xa-tan-hung\nstatus: done\nevidence:\n  - {ref: \"MINH-HOA-99\"}\nillustrative: true\n---\nVí dụ.\n",
                )
                .unwrap()
            }),
        ),
        (
            "that entry's commune and status",
            true,
            Box::new(|s| {
                let path = s.join("content/progress/2026/xa-tan-hung-moi.md");
                let text = fs::read_to_string(&path).unwrap();
                let text = text
                    .replace("locality: xa-tan-hung", "locality: xa-tien-lu")
                    .replace("status: done", "status: in_progress");
                fs::write(path, text).unwrap();
            }),
        ),
        (
            "an entry dated after the as-of date (its task's status changes)",
            false,
            Box::new(|_| {
                replace(
                    "btc-thuong-truc-so-ket",
                    "date: 2026-10-28",
                    "date: 2026-12-28",
                )
            }),
        ),
    ];
    for (what, expected, edit) in progress_edits {
        let args: &[&str] = if what.starts_with("an entry dated after") {
            &["--allow-removed", "/tien-do/btc-thuong-truc-so-ket/"]
        } else {
            &[]
        };
        let part = rebuild_matches_a_full_build(s, out.path(), what, args, edit);
        assert_eq!(part, expected, "{what}: only part of the site rendered");
    }
    // A report dated before the plan and every other report: the bulletins
    // and open data of more months and quarters, which go again when it is
    // dated back (the pages of periods that are gone must go too). Both render
    // everything.
    let move_first = |from: &str, to: &str| {
        replace(
            "btc-danh-gia-can-bo-cap-xa-dang-thuc-hien",
            &format!("date: {from}"),
            &format!("date: {to}"),
        )
    };
    let bulletins = out.path().join("public/ban-tin");
    let periods = || -> BTreeSet<String> {
        fs::read_dir(&bulletins)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let before = periods();
    let earlier =
        rebuild_matches_a_full_build(s, out.path(), "a report dated earlier", &[], |_| {
            move_first("2026-05-12", "2025-06-12")
        });
    assert!(!earlier, "a report dated earlier: only part rendered");
    let gone: Vec<String> = periods()
        .difference(&before)
        .flat_map(|name| {
            // The bulletin, and each file of the period's open data.
            let data = out.path().join("public/du-lieu").join(name);
            let files: Vec<String> = fs::read_dir(data)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .map(|file| format!("/du-lieu/{name}/{file}"))
                .collect();
            std::iter::once(format!("/ban-tin/{name}/")).chain(files)
        })
        .collect();
    assert!(!gone.is_empty(), "no bulletin of an earlier month was made");
    let args: Vec<&str> = gone
        .iter()
        .flat_map(|p| ["--allow-removed", p.as_str()])
        .collect();
    let back = rebuild_matches_a_full_build(s, out.path(), "that report dated back", &args, |_| {
        move_first("2025-06-12", "2026-05-12")
    });
    assert!(!back, "that report dated back: only part rendered");
    // A file deleted.
    let deleted = rebuild_matches_a_full_build(
        s,
        out.path(),
        "an entry deleted",
        &["--allow-removed", "/tien-do/xa-tan-hung-moi/"],
        |s| fs::remove_file(s.join("content/progress/2026/xa-tan-hung-moi.md")).unwrap(),
    );
    assert!(deleted, "an entry deleted: the whole site was rendered");
    // A change to anything but progress files renders everything.
    let task_edit = rebuild_matches_a_full_build(s, out.path(), "a task's title", &[], |s| {
        let path = s.join("content/tasks/dang-uy-xa-phuong.yaml");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(path, text.replacen("Tăng cường", "Tăng cường hơn nữa", 1)).unwrap();
    });
    assert!(!task_edit, "a task's change must render the whole site");
}

#[test]
fn a_file_of_the_output_edited_by_hand_makes_the_next_build_render_everything() {
    let site = bundled_site();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build_ok(site.path(), &public);
    // A page the next edit does not reach, changed by hand.
    let page = public.join("ke-hoach/index.html");
    let text = fs::read_to_string(&page).unwrap();
    fs::remove_file(&page).unwrap();
    fs::write(&page, text.replace("<main", "<main data-sua-tay")).unwrap();
    let part = rebuild_matches_a_full_build(site.path(), out.path(), "a hand edit", &[], |s| {
        retitle_entry(s, "Tên khác")
    });
    assert!(!part, "the hand-edited page must be written again");
}
