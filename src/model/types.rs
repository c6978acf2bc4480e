//! The content types, as editors write them (see CONTENT-MODEL.md / docs/).
//!
//! Every struct refuses unknown fields, so a typo (`statu:`) is reported instead of
//! silently ignored. Ids are kept as strings; [`super::Site`] checks that they resolve.

use serde::{Deserialize, Serialize};

use super::deadline::{Date, Deadline};

/// Where a record was written: its file (relative to the site folder) and, in a
/// list file, its index. Used to point diagnostics at it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub file: std::path::PathBuf,
    pub item: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Vi,
    En,
}

impl Language {
    pub fn code(&self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

impl From<Language> for crate::messages::Lang {
    fn from(l: Language) -> crate::messages::Lang {
        match l {
            Language::Vi => crate::messages::Lang::Vi,
            Language::En => crate::messages::Lang::En,
        }
    }
}

fn default_timezone() -> String {
    "+07:00".into()
}

/// `content/site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub base_url: String,
    #[serde(default)]
    pub language: Language,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default)]
    pub as_of: Option<Date>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// The licence of the open data and feeds (`CC-BY-4.0`, or `{name, url}`).
    #[serde(default)]
    pub license: Option<super::license::LicenseSpec>,
    /// Every page says that the progress data is illustrative.
    #[serde(default)]
    pub demo: bool,
    /// Entries per page in paginated lists.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
    /// An ongoing task whose last report is older than this many days is flagged.
    #[serde(default = "default_stale_days")]
    pub stale_after_days: i64,
    /// Draw a share image (`og:image`) for the home page and every task, agency,
    /// practice and locality page.
    #[serde(default = "default_true")]
    pub share_images: bool,
    /// Published addresses removed on purpose: each answers with a "gone" page
    /// giving the reason, and the build no longer refuses to lose it.
    #[serde(default)]
    pub removed: Vec<Removed>,
}

impl SiteConfig {
    /// The licence `site.yaml` states; `None` when it states none (or one that
    /// `check` refuses).
    pub fn license(&self) -> Option<super::license::License> {
        self.license.as_ref().and_then(|l| l.resolve().ok())
    }
}

/// A published address removed on purpose (`removed:` in site.yaml).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Removed {
    /// The old address, as a site path (`/dien-hinh/x/`).
    pub path: String,
    /// Why it was removed, shown on the page at the old address.
    pub reason: String,
}

fn default_true() -> bool {
    true
}

fn default_page_size() -> usize {
    20
}

fn default_stale_days() -> i64 {
    90
}

/// A document reference: `{ref, date, issuer, title}` as printed on the document.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DocRef {
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub issuer: Option<String>,
    /// The issuer is not written in the source text: the transcription inferred it
    /// (from the number's form, the context). Pages say so beside it.
    #[serde(default)]
    pub issuer_inferred: bool,
    #[serde(default)]
    pub title: Option<String>,
    /// Where in the plan it is cited (e.g. `III.1`).
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// `content/plan.md` front matter; the body is the plan's text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub issuer: String,
    #[serde(default)]
    pub issued_on: Option<Date>,
    #[serde(default)]
    pub number: Option<String>,
    pub signed_by: String,
    pub signer_title: String,
    #[serde(default)]
    pub signed_for: Option<String>,
    #[serde(default)]
    pub legal_basis: Vec<DocRef>,
    /// Other documents the plan's text cites.
    #[serde(default)]
    pub cites: Vec<DocRef>,
    /// "Nơi nhận".
    #[serde(default)]
    pub recipients: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(skip)]
    pub body: String,
}

/// `content/goals/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub id: String,
    pub title: String,
    pub order: i64,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub body: String,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum AgencyKind {
    Party,
    Government,
    Front,
    Media,
    School,
    Commune,
}

/// An item of `content/agencies.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agency {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub parent: Option<String>,
    /// The standing body that monitors the plan (section III.11).
    #[serde(default)]
    pub standing: bool,
    pub kind: AgencyKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Hash)]
#[serde(rename_all = "snake_case")]
pub enum LocalityKind {
    Xa,
    Phuong,
    DacKhu,
}

/// An item of `content/localities.yaml`: a commune (xã), ward (phường) or special zone.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Locality {
    pub id: String,
    pub name: String,
    pub kind: LocalityKind,
    /// The official statistical code (mã số đơn vị hành chính).
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

/// A task: an item of `content/tasks/*.yaml`, or the front matter of `tasks/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    pub title: String,
    pub lead: String,
    /// Coordinating agencies (phối hợp).
    #[serde(default)]
    pub support: Vec<String>,
    /// Who directs the work (lãnh đạo, chỉ đạo), where the plan says so: e.g. §III.3.2
    /// "Đảng ủy Ủy ban nhân dân tỉnh … Chỉ đạo Sở Nội vụ".
    #[serde(default)]
    pub directed_by: Vec<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub due: Option<Deadline>,
    /// The deadline as the plan words it ("hoàn thành trong tháng 5/2026").
    #[serde(default)]
    pub due_text: Option<String>,
    /// Every commune and ward reports on it (section III.10).
    #[serde(default)]
    pub per_locality: bool,
    /// Where the plan states it (e.g. `III.1`).
    #[serde(default)]
    pub section: Option<String>,
    /// Every section of the plan that assigns this work, when more than one does
    /// (`["III.1", "III.3.2"]`); `section` and `sections` may both be given.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Markdown: the task's full text.
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Task {
    /// Every section of the plan that assigns this task, in the order written, each once.
    pub fn all_sections(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.section.iter().chain(&self.sections) {
            if !out.contains(&s.as_str()) {
                out.push(s);
            }
        }
        out
    }

    /// The sections as one text: `III.1, III.3.2`.
    pub fn sections_text(&self) -> Option<String> {
        let all = self.all_sections();
        (!all.is_empty()).then(|| all.join(", "))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum EntryStatus {
    Planned,
    InProgress,
    Done,
    Blocked,
}

impl EntryStatus {
    /// A status as editors write it, the same in content files, on the command
    /// line and in spreadsheets: the code (`in_progress`, also `in-progress`)
    /// or the Vietnamese words, with or without tone marks, in any case
    /// (`Đang thực hiện`, `dang thuc hien`, `hoàn thành`, `gặp vướng mắc`).
    pub fn parse(s: &str) -> Result<EntryStatus, crate::messages::Msg> {
        use crate::messages::Msg;
        let normal = slug::slugify(s.trim()).replace('-', "_");
        Ok(match normal.as_str() {
            "planned" | "du_kien" | "ke_hoach" | "da_len_ke_hoach" | "len_ke_hoach"
            | "chua_thuc_hien" => EntryStatus::Planned,
            "in_progress" | "dang_thuc_hien" | "dang_trien_khai" | "dang_lam" => {
                EntryStatus::InProgress
            }
            "done" | "hoan_thanh" | "da_hoan_thanh" | "xong" => EntryStatus::Done,
            "blocked" | "vuong_mac" | "gap_vuong_mac" | "kho_khan" | "co_vuong_mac" => {
                EntryStatus::Blocked
            }
            _ => {
                const WORDS: [&str; 8] = [
                    "in_progress",
                    "done",
                    "blocked",
                    "planned",
                    "đang thực hiện",
                    "hoàn thành",
                    "gặp vướng mắc",
                    "đã lên kế hoạch",
                ];
                let hint = match crate::diagnostics::did_you_mean(s.trim(), WORDS) {
                    Some(w) => Msg::new("status-suggest").arg("word", w).into(),
                    None => crate::messages::Arg::Text(String::new()),
                };
                return Err(Msg::new("status-unknown").arg("text", s).arg("hint", hint));
            }
        })
    }
}

impl<'de> Deserialize<'de> for EntryStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        EntryStatus::parse(&s).map_err(|m| serde::de::Error::custom(m.encode()))
    }
}

/// What backs a status: a document number, a link or a file under `media/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub file: Option<String>,
}

/// A progress entry, from a Markdown file's front matter or an item of a YAML batch.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Defaults to the file name (Markdown); required in a batch.
    #[serde(default)]
    pub id: String,
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub task: Option<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
    pub reporter: String,
    #[serde(default)]
    pub locality: Option<String>,
    pub status: EntryStatus,
    #[serde(default)]
    pub percent: Option<i64>,
    #[serde(default)]
    pub attachments: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// The entry records that a conditional deadline's condition is now met.
    #[serde(default)]
    pub condition_met: bool,
    /// Not a real report: every page that shows it says so.
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Markdown narrative (batches only; a Markdown file has it after the front matter).
    #[serde(default)]
    pub body: String,
    #[serde(skip)]
    pub origin: Origin,
    /// What `check` reads in `body`, read once when the entry is loaded
    /// (`None`: read when checked).
    #[serde(skip)]
    pub reading: Option<std::sync::Arc<super::markdown::Reading>>,
    /// A hash of the whole file the entry was read from (0 when not read from
    /// one): a build compares it with the previous build's to tell which files
    /// changed.
    #[serde(skip)]
    pub file_hash: u128,
}

impl Entry {
    /// The tasks this entry reports on (`task:` and `tasks:` together).
    pub fn task_ids(&self) -> impl Iterator<Item = &str> {
        self.task
            .iter()
            .chain(self.tasks.iter())
            .map(|s| s.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum PracticeKind {
    /// Mô hình hay, cách làm hiệu quả.
    Practice,
    /// Tập thể tiêu biểu.
    Collective,
    /// Cá nhân tiêu biểu (described by role, never a made-up name).
    Individual,
}

/// `content/practices/**/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    #[serde(default)]
    pub id: String,
    pub title: String,
    pub date: Date,
    pub kind: PracticeKind,
    pub agency: String,
    #[serde(default)]
    pub locality: Option<String>,
    #[serde(default)]
    pub goals: Vec<String>,
    #[serde(default)]
    pub tasks: Vec<String>,
    #[serde(default)]
    pub image: Option<String>,
    #[serde(default)]
    pub image_alt: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub illustrative: bool,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(skip)]
    pub body: String,
    #[serde(skip)]
    pub origin: Origin,
}
