//! `tiendo new` and `tiendo init`: new files that are valid from the start, so
//! an editor fills in text instead of remembering field names.
//!
//! A new progress entry or practice goes to the folder the content model puts
//! it in, with today's date (in the site's time zone) and ids checked against
//! the site; the file is read back and checked with the whole site before the
//! command reports success. `init` writes the smallest site that builds.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::FixedOffset;

use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::messages::Msg;
use crate::model::{Date, EntryStatus, Language, Locality, PracticeKind, Site};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The site's own files cannot be read well enough to check ids against.
    #[error("the site cannot be read: {}", .0.summary().render(crate::messages::Lang::En))]
    Content(Diagnostics),
    #[error("unknown {kind} `{id}`{}", closest_hint(.closest))]
    Unknown {
        kind: &'static str,
        id: String,
        closest: Option<String>,
    },
    #[error("{}", .0.render(crate::messages::Lang::En))]
    Usage(Msg),
    #[error("`{}` already exists; choose another folder", .0.display())]
    Exists(PathBuf),
    #[error("`{}`: {source}", .path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The new file did not pass the checks (a bug: it is removed again).
    #[error("the new file would not be valid: {}", .0.summary().render(crate::messages::Lang::En))]
    Invalid(Diagnostics),
}

impl ScaffoldError {
    /// What went wrong, in words for the editor.
    pub fn message(&self) -> Msg {
        let path = |p: &Path| crate::diagnostics::display_path(p);
        match self {
            ScaffoldError::Content(d) => {
                Msg::new("scaffold-site-unreadable").arg("summary", d.summary())
            }
            ScaffoldError::Unknown { kind, id, closest } => unknown_msg(kind, id, closest),
            ScaffoldError::Usage(m) => m.clone(),
            ScaffoldError::Exists(p) => Msg::new("scaffold-exists").arg("path", path(p)),
            ScaffoldError::Io { path: p, source } => Msg::new("file-io")
                .arg("path", path(p))
                .arg("why", crate::messages::io_error(source)),
            ScaffoldError::Invalid(d) => Msg::new("scaffold-invalid").arg("summary", d.summary()),
        }
    }
}

/// `unknown task `x`; did you mean `y`?`, for `new` and `mv`.
pub fn unknown_msg(kind: &str, id: &str, closest: &Option<String>) -> Msg {
    Msg::new("cli-unknown-id")
        .arg("kind", crate::model::kind_msg(kind))
        .arg("id", id)
        .arg(
            "hint",
            match closest {
                Some(c) => Msg::new("cli-unknown-id-hint").arg("id", c).into(),
                None => crate::messages::Arg::Text(String::new()),
            },
        )
}

fn closest_hint(c: &Option<String>) -> String {
    match c {
        Some(c) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ScaffoldError + '_ {
    move |source| ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn unknown<'a>(
    kind: &'static str,
    id: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> ScaffoldError {
    ScaffoldError::Unknown {
        kind,
        id: id.to_string(),
        closest: crate::diagnostics::closest(id, candidates).map(str::to_string),
    }
}

/// What `tiendo new progress` is asked for.
#[derive(Debug, Clone)]
pub struct NewProgress {
    pub task: String,
    pub locality: Option<String>,
    /// Defaults to the task's lead agency.
    pub reporter: Option<String>,
    /// Defaults to today in the site's time zone.
    pub date: Option<Date>,
    pub status: EntryStatus,
    /// Defaults to the task's title (after the commune's name, if any).
    pub title: Option<String>,
}

/// What `tiendo new practice` is asked for.
#[derive(Debug, Clone)]
pub struct NewPractice {
    pub title: Option<String>,
    pub kind: PracticeKind,
    /// Defaults to the standing body (or the first agency).
    pub agency: Option<String>,
    pub locality: Option<String>,
    pub tasks: Vec<String>,
    pub date: Option<Date>,
}

/// A file written by `new`.
#[derive(Debug)]
pub struct Created {
    /// Relative to the site folder.
    pub path: PathBuf,
    pub id: String,
    /// Worth telling the editor (e.g. dated after site.yaml's `as_of`, so not shown yet).
    pub warnings: Diagnostics,
}

/// Load the site well enough to check ids (errors elsewhere do not stop `new`).
fn load(site_dir: &Path) -> Result<Site, ScaffoldError> {
    let loaded = content::load(site_dir);
    match loaded.site {
        Some(site) => Ok(site),
        None => Err(ScaffoldError::Content(loaded.diagnostics)),
    }
}

pub fn today(site: &Site) -> Date {
    let offset = site
        .config
        .timezone
        .parse::<FixedOffset>()
        .ok()
        .or_else(|| FixedOffset::east_opt(7 * 3600))
        .expect("+07:00 is a valid offset");
    crate::today_in(offset)
}

/// YAML double-quoted text: safe for any title.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Line and paragraph separators end a line for YAML 1.1 readers.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `base`, or `base-2`, `base-3`... whichever no entry or file has yet.
fn free_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .expect("some suffix is free")
}

pub fn entry_status_code(s: EntryStatus) -> &'static str {
    match s {
        EntryStatus::Planned => "planned",
        EntryStatus::InProgress => "in_progress",
        EntryStatus::Done => "done",
        EntryStatus::Blocked => "blocked",
    }
}

/// Write a new progress entry for a task (`content/progress/YYYY/<id>.md`).
/// The locality `id` names, if any; an unknown id is refused with the closest one.
fn locality_of<'s>(
    site: &'s Site,
    id: Option<&str>,
) -> Result<Option<&'s Locality>, ScaffoldError> {
    id.map(|id| {
        site.locality(id).ok_or_else(|| {
            unknown(
                "locality",
                id,
                site.localities.iter().map(|l| l.id.as_str()),
            )
        })
    })
    .transpose()
}

pub fn new_progress(site_dir: &Path, req: &NewProgress) -> Result<Created, ScaffoldError> {
    let site = load(site_dir)?;
    let file = progress_file(site_dir, &site, req, &ProgressExtras::default())?;
    write_checked(site_dir, site, &file.rel, &file.text, &file.id, Kind::Entry)
}

/// What a progress entry may say beyond what `tiendo new progress` asks for
/// (the preview's form fills these in).
#[derive(Debug, Clone, Default)]
pub struct ProgressExtras {
    pub percent: Option<i64>,
    pub evidence: Vec<EvidenceLine>,
    /// Paths under `content/`, e.g. `media/2026/bao-cao.pdf`.
    pub attachments: Vec<String>,
    pub illustrative: bool,
    /// The Markdown text after the front matter (else a line saying where to write it).
    pub body: Option<String>,
}

/// One item of `evidence:`, written on one line as an editor would.
#[derive(Debug, Clone, Default)]
pub struct EvidenceLine {
    pub reference: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
}

/// A new content file (a progress entry or a practice), not yet written: its
/// id, its path (relative to the site folder) and its text.
#[derive(Debug, Clone)]
pub struct NewFile {
    pub id: String,
    pub rel: PathBuf,
    pub text: String,
}

/// The file `tiendo new progress` writes for `req` (ids checked against `site`,
/// the id free among the site's entries and the files on disk), with `extra`
/// fields: the one place a progress entry's front matter is laid out.
pub fn progress_file(
    site_dir: &Path,
    site: &Site,
    req: &NewProgress,
    extra: &ProgressExtras,
) -> Result<NewFile, ScaffoldError> {
    let vi = site.config.language == Language::Vi;
    let task = site
        .task(&req.task)
        .ok_or_else(|| unknown("task", &req.task, site.tasks.iter().map(|t| t.id.as_str())))?;
    let locality = locality_of(site, req.locality.as_deref())?;
    if task.per_locality && locality.is_none() {
        return Err(ScaffoldError::Usage(
            Msg::new("new-needs-locality").arg("task", &task.id),
        ));
    }
    let reporter_id = req.reporter.as_deref().unwrap_or(&task.lead);
    let reporter = site.agency(reporter_id).ok_or_else(|| {
        unknown(
            "agency",
            reporter_id,
            site.agencies.iter().map(|a| a.id.as_str()),
        )
    })?;
    let date = req.date.unwrap_or_else(|| today(site));
    let title = req.title.clone().unwrap_or_else(|| match locality {
        Some(l) => format!("{}: {}", l.name, lowercase_first(&task.title)),
        None => task.title.clone(),
    });

    let mut base = task.id.clone();
    if let Some(l) = locality {
        base.push('-');
        base.push_str(&l.id);
    }
    base.push('-');
    base.push_str(&date.iso());
    let folder = PathBuf::from("content/progress").join(format!("{:04}", date.year()));
    let id = free_id(&base, |id| {
        site.index.entry.contains_key(id)
            || site_dir.join(&folder).join(format!("{id}.md")).exists()
    });
    let rel = folder.join(format!("{id}.md"));

    let mut text = String::from("---\n");
    let _ = writeln!(text, "title: {}", quoted(&title));
    let _ = writeln!(text, "date: {}", date.iso());
    let _ = writeln!(text, "task: {}", task.id);
    let _ = writeln!(text, "reporter: {}", reporter.id);
    if let Some(l) = locality {
        let _ = writeln!(text, "locality: {}", l.id);
    }
    let _ = writeln!(text, "status: {}", entry_status_code(req.status));
    if let Some(p) = extra.percent {
        let _ = writeln!(text, "percent: {p}");
    }
    if !extra.evidence.is_empty() {
        text.push_str("evidence:\n");
        for ev in &extra.evidence {
            let _ = writeln!(text, "  - {}", evidence_flow(ev));
        }
    }
    if !extra.attachments.is_empty() {
        let _ = writeln!(text, "attachments: [{}]", extra.attachments.join(", "));
    }
    if extra.illustrative {
        text.push_str("illustrative: true\n");
    }
    let t = |a: &'static str, b: &'static str| if vi { a } else { b };
    text.push_str(t(
        "# status: planned (đã lên kế hoạch) | in_progress (đang thực hiện) | done (hoàn thành) | blocked (gặp vướng mắc)\n",
        "# status: planned | in_progress | done | blocked\n",
    ));
    if extra.percent.is_none() {
        text.push_str(t(
            "# percent: 50                      # mức hoàn thành, 0–100 (không bắt buộc)\n",
            "# percent: 50                      # share done, 0–100 (optional)\n",
        ));
    }
    if extra.evidence.is_empty() {
        text.push_str(t(
            "# evidence:                        # căn cứ: số, ký hiệu và ngày của văn bản báo cáo\n\
             #   - {ref: \"123-BC/ĐU\", date: 2026-06-30, title: \"Báo cáo kết quả ...\"}\n",
            "# evidence:                        # what backs the status: the report's number and date\n\
             #   - {ref: \"123-BC/ĐU\", date: 2026-06-30, title: \"Report on ...\"}\n",
        ));
    }
    if extra.attachments.is_empty() {
        text.push_str(t(
            "# attachments: [media/2026/bao-cao.pdf]   # tệp đặt trong content/media/\n",
            "# attachments: [media/2026/report.pdf]    # files under content/media/\n",
        ));
    }
    end_front_matter(
        &mut text,
        extra.body.as_deref(),
        t(
            "<!-- Viết nội dung báo cáo (Markdown) dưới đây, thay cho dòng này. -->\n",
            "<!-- Write the report (Markdown) below, in place of this line. -->\n",
        ),
    );
    Ok(NewFile { id, rel, text })
}

/// Close the front matter, then the text `body`, or `placeholder` (a line
/// saying where to write it) when there is none.
fn end_front_matter(text: &mut String, body: Option<&str>, placeholder: &str) {
    text.push_str("---\n");
    match body.map(str::trim).filter(|b| !b.is_empty()) {
        Some(body) => {
            text.push_str(body);
            text.push('\n');
        }
        None => text.push_str(placeholder),
    }
}

/// An evidence item as one YAML flow mapping: `{ref: "7-BC/ĐU", date: 2026-07-01}`.
pub fn evidence_flow(ev: &EvidenceLine) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &ev.reference {
        parts.push(format!("ref: {}", quoted(r)));
    }
    if let Some(d) = ev.date {
        parts.push(format!("date: {}", d.iso()));
    }
    if let Some(u) = &ev.url {
        parts.push(format!("url: {}", quoted(u)));
    }
    format!("{{{}}}", parts.join(", "))
}

/// Write a new model practice (`content/practices/<id>.md`).
pub fn new_practice(site_dir: &Path, req: &NewPractice) -> Result<Created, ScaffoldError> {
    let site = load(site_dir)?;
    let file = practice_file(site_dir, &site, req, &PracticeExtras::default())?;
    write_checked(
        site_dir,
        site,
        &file.rel,
        &file.text,
        &file.id,
        Kind::Practice,
    )
}

/// What a practice may say beyond what `tiendo new practice` asks for (the
/// preview's form fills these in).
#[derive(Debug, Clone, Default)]
pub struct PracticeExtras {
    pub summary: Option<String>,
    /// A path under `content/`, e.g. `media/2026/anh.jpg`, with its description.
    pub image: Option<(String, String)>,
    pub illustrative: bool,
    /// The Markdown text after the front matter (else a line saying where to write it).
    pub body: Option<String>,
}

/// The file `tiendo new practice` writes for `req`, with `extra` fields: the
/// one place a practice's front matter is laid out.
pub fn practice_file(
    site_dir: &Path,
    site: &Site,
    req: &NewPractice,
    extra: &PracticeExtras,
) -> Result<NewFile, ScaffoldError> {
    let vi = site.config.language == Language::Vi;
    let agency = match &req.agency {
        Some(id) => site
            .agency(id)
            .ok_or_else(|| unknown("agency", id, site.agencies.iter().map(|a| a.id.as_str())))?,
        None => site
            .agencies
            .iter()
            .find(|a| a.standing)
            .or(site.agencies.first())
            .ok_or_else(|| ScaffoldError::Usage(Msg::new("new-no-agencies")))?,
    };
    let locality = locality_of(site, req.locality.as_deref())?;
    for t in &req.tasks {
        if site.task(t).is_none() {
            return Err(unknown("task", t, site.tasks.iter().map(|t| t.id.as_str())));
        }
    }
    let date = req.date.unwrap_or_else(|| today(site));
    let (kind, word, label_vi, label_en) = match req.kind {
        PracticeKind::Practice => (
            "practice",
            "mo-hinh",
            "Mô hình hay, cách làm hiệu quả",
            "Model practice",
        ),
        PracticeKind::Collective => (
            "collective",
            "tap-the",
            "Tập thể tiêu biểu",
            "Exemplary collective",
        ),
        PracticeKind::Individual => (
            "individual",
            "ca-nhan",
            "Cá nhân tiêu biểu",
            "Exemplary individual",
        ),
    };
    let title = req.title.clone().unwrap_or_else(|| {
        let d = format!("{}/{}/{}", date.day(), date.month(), date.year());
        if vi {
            format!("{label_vi} ({d})")
        } else {
            format!("{label_en} ({d})")
        }
    });
    let base = match &req.title {
        Some(t) => {
            let s = slug::slugify(t);
            let s: String = s.chars().take(80).collect();
            let s = s.trim_end_matches('-').to_string();
            if s.is_empty() {
                format!("{word}-{}", date.iso())
            } else {
                s
            }
        }
        None => format!("{word}-{}", date.iso()),
    };
    let folder = PathBuf::from("content/practices");
    let id = free_id(&base, |id| {
        site.index.practice.contains_key(id)
            || site_dir.join(&folder).join(format!("{id}.md")).exists()
    });
    let rel = folder.join(format!("{id}.md"));

    let mut text = String::from("---\n");
    let _ = writeln!(text, "title: {}", quoted(&title));
    let _ = writeln!(text, "date: {}", date.iso());
    let _ = writeln!(text, "kind: {kind}");
    let _ = writeln!(text, "agency: {}", agency.id);
    if let Some(l) = locality {
        let _ = writeln!(text, "locality: {}", l.id);
    }
    if !req.tasks.is_empty() {
        let _ = writeln!(text, "tasks: [{}]", req.tasks.join(", "));
    }
    if let Some(summary) = &extra.summary {
        let _ = writeln!(text, "summary: {}", quoted(summary));
    }
    if let Some((image, alt)) = &extra.image {
        let _ = writeln!(text, "image: {image}");
        let _ = writeln!(text, "image_alt: {}", quoted(alt));
    }
    if extra.illustrative {
        text.push_str("illustrative: true\n");
    }
    let t = |a: &'static str, b: &'static str| if vi { a } else { b };
    text.push_str(t(
        "# kind: practice (mô hình hay, cách làm hiệu quả) | collective (tập thể tiêu biểu) | individual (cá nhân tiêu biểu: nêu vai trò, không bịa tên người)\n",
        "# kind: practice | collective | individual (describe a role; never a made-up name)\n",
    ));
    if extra.summary.is_none() {
        text.push_str(t(
            "# summary: \"Một, hai câu tóm tắt.\"\n",
            "# summary: \"One or two sentences.\"\n",
        ));
    }
    text.push_str(t(
        "# goals: [id-noi-dung-trong-tam]\n\
         # tasks: [id-nhiem-vu]\n\
         # tags: [chuyển đổi số]\n",
        "# goals: [goal-id]\n\
         # tasks: [task-id]\n\
         # tags: [digital transformation]\n",
    ));
    if extra.image.is_none() {
        text.push_str(t(
            "# image: media/2026/anh.jpg          # kèm image_alt: mô tả ảnh cho người không xem được\n\
             # image_alt: \"...\"\n",
            "# image: media/2026/photo.jpg        # with image_alt: what the image shows\n\
             # image_alt: \"...\"\n",
        ));
    }
    end_front_matter(
        &mut text,
        extra.body.as_deref(),
        t(
            "<!-- Viết nội dung (Markdown) dưới đây, thay cho dòng này. -->\n",
            "<!-- Write the text (Markdown) below, in place of this line. -->\n",
        ),
    );
    Ok(NewFile { id, rel, text })
}

#[derive(Clone, Copy)]
enum Kind {
    Entry,
    Practice,
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Write `text` at `rel`, then read it back and check it with the whole site;
/// remove it again if it has errors.
fn write_checked(
    site_dir: &Path,
    mut site: Site,
    rel: &Path,
    text: &str,
    id: &str,
    kind: Kind,
) -> Result<Created, ScaffoldError> {
    let abs = site_dir.join(rel);
    if let Some(dir) = abs.parent() {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    // create_new: never overwrite a file someone else just wrote.
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&abs)
            .map_err(io(&abs))?;
        f.write_all(text.as_bytes()).map_err(io(&abs))?;
    }
    let mut d = Diagnostics::default();
    match kind {
        Kind::Entry => {
            let (entries, diags) = content::load_entries(site_dir, rel);
            d.extend(diags);
            site.entries.extend(entries);
        }
        Kind::Practice => {
            let loaded = content::load(site_dir);
            if let Some(s) = loaded.site {
                site.practices = s.practices;
            }
            d.extend(
                loaded
                    .diagnostics
                    .items
                    .into_iter()
                    .filter(|x| x.file == rel),
            );
        }
    }
    site.build_index();
    let as_of = site.config.as_of.unwrap_or_else(|| today(&site));
    let mut all = Diagnostics::default();
    site.validate(as_of, &mut all);
    d.extend(all.items.into_iter().filter(|x| x.file == rel));
    content::spans::resolve(&mut d, site_dir);
    if d.has_errors() {
        let _ = std::fs::remove_file(&abs);
        return Err(ScaffoldError::Invalid(d));
    }
    let warnings = Diagnostics {
        items: d
            .items
            .into_iter()
            .filter(|x: &Diagnostic| x.severity == Severity::Warning)
            .collect(),
    };
    Ok(Created {
        path: rel.to_path_buf(),
        id: id.to_string(),
        warnings,
    })
}

/// What `tiendo init` is asked for.
#[derive(Debug, Clone)]
pub struct Init {
    pub title: Option<String>,
    pub language: Language,
}

/// Create the smallest valid site in `dir` (created if missing; refused if it
/// already holds a `content/` folder). Returns the files written, relative to `dir`.
pub fn init(dir: &Path, req: &Init) -> Result<Vec<PathBuf>, ScaffoldError> {
    if dir.join("content").exists() {
        return Err(ScaffoldError::Exists(dir.join("content")));
    }
    let vi = req.language == Language::Vi;
    let t = |a: &'static str, b: &'static str| if vi { a } else { b };
    let title = req
        .title
        .clone()
        .unwrap_or_else(|| t("Kế hoạch mới (sửa lại)", "New plan (edit)").to_string());
    let files: Vec<(&str, String)> = vec![
        (
            "content/site.yaml",
            format!(
                "# {}\ntitle: {}\n# {}\nbase_url: \"https://example.org/\"\nlanguage: {}\ntimezone: \"+07:00\"\n# as_of: 2026-12-31            # {}\n# publisher: \"...\"\n# {}\nlicense: CC-BY-4.0\n",
                t("Cài đặt của cổng. Xem docs/content.vi.md.", "Site settings. See docs/content.en.md."),
                quoted(&title),
                t("Địa chỉ sẽ đăng cổng (có thể có đường dẫn con, ví dụ https://tinh.gov.vn/ke-hoach/).", "Where the portal will be published (may have a path, e.g. https://example.gov.vn/plan/)."),
                req.language.code(),
                t("ngày tính tình trạng; bỏ trống: hôm nay", "the date statuses are computed against; default: today"),
                t("Giấy phép của dữ liệu mở và nguồn tin; đơn vị đăng tải phải xác nhận (docs/content.vi.md).", "Licence of the open data and feeds; the publisher must confirm it (docs/content.en.md)."),
            ),
        ),
        (
            "content/plan.md",
            format!(
                "---\nid: ke-hoach\ntitle: {}\nissuer: {}\n# number: \"123-KH/TU\"\n# issued_on: 2026-03-16\nsigned_by: {}\nsigner_title: {}\n# legal_basis:\n#   - {{ref: \"21-TB/VPTW\", date: 2026-03-07, issuer: \"...\", title: \"...\"}}\n---\n{}\n",
                quoted(&title),
                quoted(t("Cơ quan ban hành (sửa lại)", "Issuing body (edit)")),
                quoted(t("Người ký (sửa lại)", "Signatory (edit)")),
                quoted(t("Chức vụ người ký (sửa lại)", "Signatory's title (edit)")),
                t("Mục đích, yêu cầu của Kế hoạch (Markdown). Chép nguyên văn từ văn bản.", "The plan's purposes and requirements (Markdown), as in the document."),
            ),
        ),
        (
            "content/goals/noi-dung-1.md",
            format!(
                "---\nid: noi-dung-1\ntitle: {}\norder: 1\n---\n{}\n",
                quoted(t("Nội dung trọng tâm thứ nhất (sửa lại)", "First key content (edit)")),
                t("Các giải pháp của nội dung này.", "The solutions under this content."),
            ),
        ),
        (
            "content/agencies.yaml",
            format!(
                "# {}\n- id: co-quan-thuong-truc\n  name: {}\n  kind: party            # party | government | front | media | school | commune\n  standing: true         # {}\n",
                t("Mọi cơ quan, đơn vị Kế hoạch giao chỉ đạo, chủ trì hoặc phối hợp; tên viết đúng như văn bản.", "Every agency the plan names as directing, lead or coordinating, named as in the document."),
                quoted(t("Cơ quan thường trực (sửa tên)", "Standing body (edit the name)")),
                t("cơ quan thường trực theo dõi, đôn đốc thực hiện Kế hoạch", "the standing body that monitors the plan"),
            ),
        ),
        (
            "content/localities.yaml",
            format!(
                "# {}\n# - {{id: xa-vi-du, name: \"Xã ...\", kind: xa, code: \"12345\"}}\n[]\n",
                t("Các xã, phường của tỉnh, lấy đúng tên và mã từ nghị quyết sắp xếp đơn vị hành chính; không tự đặt tên.", "The province's communes and wards, names and codes from the official resolution; never invent one."),
            ),
        ),
        (
            "content/tasks/co-quan-thuong-truc.yaml",
            format!(
                "# {}\n- id: theo-doi-don-doc\n  title: {}\n  lead: co-quan-thuong-truc\n  # support: [...]       # {}\n  # directed_by: [...]   # {}\n  goals: [noi-dung-1]\n  due: ongoing           # 2026-06 | 2026-Q3 | 2026-06-30 | ongoing | as_needed | {{after: \"...\"}}\n  # per_locality: true   # {}\n",
                t("Nhiệm vụ do Cơ quan thường trực chủ trì (mỗi cơ quan chủ trì một tệp).", "Tasks the standing body leads (one file per lead agency)."),
                quoted(t("Theo dõi, đôn đốc thực hiện Kế hoạch", "Monitor and follow up the plan")),
                t("cơ quan phối hợp", "coordinating agencies"),
                t("cơ quan lãnh đạo, chỉ đạo, khi Kế hoạch nêu", "directing agencies, where the plan names them"),
                t("mỗi xã, phường báo cáo riêng", "every commune and ward reports on it"),
            ),
        ),
        ("content/progress/.gitkeep", String::new()),
        ("content/practices/.gitkeep", String::new()),
        ("content/media/.gitkeep", String::new()),
        (".gitignore", "/public/\n".to_string()),
    ];
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        if rel == ".gitignore" && path.exists() {
            continue;
        }
        std::fs::write(&path, text).map_err(io(&path))?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_yaml() {
        for s in [
            "a: b",
            "\"quoted\" \\ back",
            "line\nbreak",
            "#hash",
            "- dash",
        ] {
            let v: String = serde_yaml::from_str(&quoted(s)).unwrap();
            assert_eq!(v, s);
        }
    }
}
