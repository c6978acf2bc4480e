//! The command line as a shell user meets it: completions, a manual page, and a
//! status written as content files write it.

mod common;

use common::*;

fn run(args: &[&str]) -> (i32, String, String) {
    let o = tiendo().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn completions_and_the_manual_page_list_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, err) = run(&["completions", shell]);
        assert_eq!(code, 0, "{err}");
        for cmd in ["build", "check", "serve", "import", "report", "mv"] {
            assert!(out.contains(cmd), "{shell} completions lack {cmd}");
        }
    }
    let (code, man, err) = run(&["man"]);
    assert_eq!(code, 0, "{err}");
    assert!(man.contains(".TH tiendo 1"), "{man}");
    assert!(man.contains("build") && man.contains("mv"), "{man}");
}

#[test]
fn new_takes_a_status_and_a_date_spelt_as_in_content_files_and_spreadsheets() {
    let site = site_with(&[]);
    let s = site.path().to_str().unwrap();
    for (status, date, written_status, written_date) in [
        ("in_progress", "2026-07-01", "in_progress", "2026-07-01"),
        ("in-progress", "1/7/2026", "in_progress", "2026-07-01"),
        ("Hoàn thành", "02/07/26", "done", "2026-07-02"),
        ("gap vuong mac", "3.7.2026", "blocked", "2026-07-03"),
    ] {
        let (code, out, err) = run(&[
            "new",
            "progress",
            "--site",
            s,
            "--task",
            "thuong-xuyen",
            "--status",
            status,
            "--date",
            date,
        ]);
        assert_eq!(code, 0, "{status}: {err}");
        let written = std::fs::read_to_string(out.trim()).unwrap();
        assert!(
            written.contains(&format!("status: {written_status}\n"))
                && written.contains(&format!("date: {written_date}\n")),
            "{written}"
        );
    }
    // A word that is no status is refused with the words that are.
    let (code, _, err) = run(&[
        "new",
        "progress",
        "--site",
        s,
        "--task",
        "thuong-xuyen",
        "--status",
        "xong roi",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`xong roi` không phải trạng thái") && err.contains("hoàn thành"),
        "{err}"
    );
}

/// `--quiet` prints problems only; `--verbose` adds each stage's time.
#[test]
fn quiet_says_only_problems_and_verbose_times_the_stages() {
    let site = site_with(&[]);
    let s = site.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let p = public.to_str().unwrap();
    let (code, stdout, stderr) = run(&["build", s, "-o", p, "--quiet"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "", "{stdout}");
    assert!(public.join("index.html").is_file());
    let (code, stdout, _) = run(&["check", s, "-q"]);
    assert_eq!((code, stdout.as_str()), (0, ""));

    let (code, stdout, stderr) = run(&["-v", "build", s, "-o", p]);
    assert_eq!(code, 0, "{stderr}");
    // In the site's language (Vietnamese).
    for stage in [
        "đọc và kiểm tra: ",
        "tính trạng thái: ",
        "dựng trang: ",
        "công bố: ",
        "đã tạo ",
    ] {
        assert!(stdout.contains(stage), "{stage} in {stdout}");
    }
    // Problems still show when quiet: a broken file fails with its message.
    std::fs::write(site.path().join("content/agencies.yaml"), "- id: [\n").unwrap();
    let (code, stdout, _) = run(&["check", s, "--quiet"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("content/agencies.yaml:"), "{stdout}");
    // The two cannot be asked for at once.
    assert_eq!(run(&["check", s, "-q", "-v"]).0, 2);
}

/// The site folder is given the same way to every command: after the
/// command (and its kind), with `--site` kept where it was.
#[test]
fn every_command_takes_the_site_folder_as_its_argument() {
    let site = site_with(&[]);
    let s = site.path().to_str().unwrap();
    let (code, out, err) = run(&[
        "new",
        "progress",
        s,
        "--task",
        "thuong-xuyen",
        "--date",
        "1/7/2026",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.trim().starts_with(s), "{out}");
    let (code, out, err) = run(&["new", "practice", s, "--title", "Cách làm thử"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("content/practices/"), "{out}");
    let (code, out, err) = run(&[
        "mv",
        "task",
        "thuong-xuyen",
        "thuong-xuyen-moi",
        s,
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("thuong-xuyen-moi"), "{out}");
    let (code, _, err) = run(&[
        "mv",
        "task",
        "thuong-xuyen",
        "x-moi",
        "--site",
        s,
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{err}");
    for args in [vec!["check", s], vec!["report", s]] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
}
