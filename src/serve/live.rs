//! The site kept in memory between changes, and what a change rebuilds.
//!
//! A change to progress files (the editors' daily work) re-reads only those
//! files, checks the whole site again (cheap: lookups), recomputes statuses, and
//! renders only the pages that show what changed, in three phases, each
//! published as soon as it is done:
//!
//! 0. the changed entries' own pages, and any affected page a browser has open;
//! 1. their tasks, the agencies and communes/wards that reported them, the
//!    progress index pages they are on, and the pages of site-wide figures that
//!    the change reaches (home, indexes, calendar, report);
//! 2. the cascade: every other page showing a task whose status changed, the
//!    other progress index pages, feeds, open data and sitemap.
//!
//! A newer change stops phase 2 (and 1) early; what they owed is rendered with
//! the next change, because pages are always planned from the last state that
//! was rendered completely. Any other change (tasks, agencies, site.yaml, the
//! theme, media, a new folder) rebuilds everything.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::error_page;
use super::memory::MemorySink;
use super::store::Store;
use crate::content::{self, Loaded};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::messages::{Lang, Msg};
use crate::model::{Date, Site};
use crate::pipeline;
use crate::render::pages::incremental::{self, render_phases, Prepared, Selection};
use crate::render::pages::reach::{plan, Before, Shown};
use crate::render::urls::paths;
use crate::render::views::EntryRow;
use crate::render::{Options, RenderError};

/// How a changed path is handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A progress file: reload it alone.
    Progress(PathBuf),
    /// Anything else that shapes the site: rebuild everything.
    Full,
    /// Not content (an editor's backup file, a file the loader skips).
    Ignore,
}

/// What one update did.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Pages were rendered and published.
    Built {
        full: bool,
        /// Files rendered.
        rendered: usize,
        /// Files whose bytes changed.
        changed: usize,
        /// Until the first phase was published (the page being edited is back).
        first: Duration,
        total: Duration,
        /// False when a newer change cut the cascade short (it follows).
        complete: bool,
    },
    /// The content has errors (the store shows them instead of the pages).
    Failed(Diagnostics),
    /// The theme or a template failed.
    RenderFailed(String),
    /// Nothing to do.
    Unchanged,
}

/// The preview server's view of one site.
pub struct Live {
    site_dir: PathBuf,
    as_of: Option<Date>,
    opts: Options,
    /// The live-reload snippet: put into every page (by the memory sink) and
    /// every error page.
    snippet: String,
    store: Arc<Store>,
    site: Option<Site>,
    /// Problems found reading files (by file); checks on the whole site are redone each time.
    load_diags: Vec<Diagnostic>,
    prepared: Option<Prepared>,
    shown: Option<Shown>,
    /// Progress files changed since the pages were last rendered, with the
    /// entries they held then.
    dirty: BTreeMap<PathBuf, Vec<Before>>,
    /// A full rebuild is owed (a change other than to progress files is pending).
    owe_full: bool,
    /// Set when a newer change is waiting: the cascade of this one can stop.
    newer: Arc<AtomicBool>,
    /// The last rebuild stopped early for a newer change; pages are still owed.
    incomplete: bool,
    /// Each entry's row as the last render made it: rebuilt only for entries
    /// whose file changed.
    rows: KeptRows,
    /// `--lang`: the language of the error page, if not the site's.
    lang: Option<Lang>,
    /// Where the diagnostics of files that did not change are.
    places: content::spans::Places,
}

impl Live {
    /// Pages are rendered with `opts` and served from `store`, each with
    /// `snippet` (the live-reload script) before its `</body>`.
    pub fn new(
        site_dir: &Path,
        as_of: Option<Date>,
        opts: Options,
        snippet: String,
        store: Arc<Store>,
    ) -> Live {
        Live {
            site_dir: site_dir.to_path_buf(),
            as_of,
            opts,
            snippet,
            store,
            site: None,
            load_diags: Vec::new(),
            prepared: None,
            shown: None,
            dirty: BTreeMap::new(),
            owe_full: true,
            newer: Arc::new(AtomicBool::new(false)),
            incomplete: false,
            rows: Default::default(),
            lang: None,
            places: Default::default(),
        }
    }

    /// Whether pages are still owed from a rebuild that stopped early.
    pub fn incomplete(&self) -> bool {
        self.incomplete
    }

    /// The flag the watcher sets when a change arrives during a rebuild (and
    /// the rebuild loop clears once it has taken the changes).
    pub fn newer_change(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.newer)
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// How a change to `path` (absolute, or relative to the site folder) is handled.
    pub fn classify(&self, path: &Path) -> Kind {
        let rel = match path.strip_prefix(&self.site_dir) {
            Ok(r) => r.to_path_buf(),
            Err(_) if path.is_relative() => path.to_path_buf(),
            Err(_) => {
                // The folder itself may be given in another form (relative, `./`).
                match std::path::absolute(&self.site_dir)
                    .ok()
                    .and_then(|abs| path.strip_prefix(abs).ok().map(Path::to_path_buf))
                {
                    Some(r) => r,
                    None => return Kind::Ignore,
                }
            }
        };
        if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Kind::Ignore;
        }
        let name = rel
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if rel.starts_with("themes") {
            return Kind::Full;
        }
        if !rel.starts_with("content") {
            return Kind::Ignore;
        }
        // The loader skips these names (hidden files, drafts, editor backups).
        let skipped = name.starts_with('.') || name.starts_with('_') || name.ends_with('~');
        let abs = self.site_dir.join(&rel);
        if rel.starts_with("content/progress") {
            let source = rel
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x, "md" | "yaml" | "yml"));
            if abs.is_dir() {
                return Kind::Full;
            }
            if source && !skipped {
                return Kind::Progress(rel);
            }
            // A removed folder: rebuild if entries came from it.
            let held = !abs.exists()
                && self
                    .site
                    .as_ref()
                    .is_some_and(|s| s.entries.iter().any(|e| e.origin.file.starts_with(&rel)));
            return if held { Kind::Full } else { Kind::Ignore };
        }
        if skipped && !abs.is_dir() && !rel.starts_with("content/media") {
            return Kind::Ignore;
        }
        Kind::Full
    }

    /// Rebuild for the changed `paths` (see [`Live::classify`]).
    pub fn update(&mut self, paths: &[PathBuf]) -> Outcome {
        let mut progress_files = BTreeSet::new();
        for p in paths {
            match self.classify(p) {
                Kind::Full => self.owe_full = true,
                Kind::Progress(rel) => {
                    progress_files.insert(rel);
                }
                Kind::Ignore => {}
            }
        }
        if self.owe_full || self.site.is_none() {
            return self.full();
        }
        if progress_files.is_empty() && !self.incomplete {
            return Outcome::Unchanged;
        }
        self.progress_changed(&progress_files)
    }

    /// Read, check and render everything.
    pub fn full(&mut self) -> Outcome {
        let start = Instant::now();
        self.owe_full = false;
        self.incomplete = false;
        self.rows = KeptRows::default();
        self.places = Default::default();
        self.dirty.clear();
        self.shown = None;
        self.prepared = None;
        let loaded = pipeline::load(&self.site_dir);
        self.load_diags = loaded.diagnostics.items.clone();
        let computed = match pipeline::check_loaded_keeping(
            &self.site_dir,
            loaded,
            self.as_of,
            &mut self.places,
        )
        .compute(false)
        {
            Ok(computed) => computed,
            Err(failed) => {
                self.site = failed.site;
                return self.failed(failed.diagnostics);
            }
        };
        let sink = MemorySink::injecting(&self.snippet);
        let theme = match pipeline::render(&self.site_dir, &computed, &self.opts, &sink) {
            Ok(theme) => theme,
            Err(e) => {
                self.site = Some(computed.site);
                return self.render_failed(e);
            }
        };
        let pipeline::Computed { site, progress, .. } = computed;
        self.show_hidden(&site, progress.as_of);
        let files = sink.into_files();
        let rendered = files.len();
        let changed = self.store.replace_all(files);
        self.store.set_error(None);
        self.prepared = Prepared::new(&theme, site.config.language).ok();
        if let Some(prepared) = &self.prepared {
            // Ready for the first change, so that it does not pay for every row.
            self.rows = KeptRows::new(
                &site,
                incremental::entry_rows(&site, &progress, prepared, &self.opts),
            );
        }
        self.shown = Some(Shown::of(&site, progress));
        self.site = Some(site);
        let total = start.elapsed();
        Outcome::Built {
            full: true,
            rendered,
            changed,
            first: total,
            total,
            complete: true,
        }
    }

    /// Reports and practices dated after the as-of date are not on the
    /// portal: the preview says so at the top of every page and, at the
    /// address such a report would have, why there is no page yet.
    fn show_hidden(&self, site: &Site, as_of: Date) {
        let (notice, missing) = hidden_content(site, as_of, self.as_of.is_some());
        self.store.set_notice(notice, missing);
    }

    /// The language of the preview's messages: `--lang`, else the site's
    /// (read from site.yaml when the site does not load).
    fn lang(&self) -> Lang {
        self.lang
            .or_else(|| self.site.as_ref().map(|s| s.config.language.into()))
            .or_else(|| crate::content::site_language(&self.site_dir))
            .unwrap_or_default()
    }

    /// Messages in `lang` rather than the site's (`--lang`).
    pub fn set_lang(&mut self, lang: Option<Lang>) {
        self.lang = lang;
    }

    fn failed(&mut self, d: Diagnostics) -> Outcome {
        // Show what `tiendo check` shows: errors first, warnings after.
        self.store.set_error(Some(error_page::diagnostics_page(
            &d,
            &self.site_dir,
            &self.snippet,
            self.lang(),
        )));
        Outcome::Failed(d)
    }

    fn render_failed(&mut self, e: RenderError) -> Outcome {
        let message = e.to_string();
        self.store.set_error(Some(error_page::message_page(
            self.lang(),
            &Msg::new("error-page-render-failed"),
            &message,
            &self.snippet,
        )));
        // The pages no longer match the site: render everything once fixed.
        self.owe_full = true;
        Outcome::RenderFailed(message)
    }

    /// Reload `files` (progress files, relative to the site folder), check, and
    /// render what they reach.
    fn progress_changed(&mut self, files: &BTreeSet<PathBuf>) -> Outcome {
        let start = Instant::now();
        let timing = std::env::var_os("TIENDO_SERVE_TIMING").is_some();
        let mut marks: Vec<(&str, Duration)> = Vec::new();
        let Some(mut site) = self.site.take() else {
            return self.full();
        };
        let as_of = self.shown.as_ref().map(|s| s.as_of);
        for rel in files {
            if !self.dirty.contains_key(rel) {
                let before = site
                    .entries
                    .iter()
                    .filter(|e| e.origin.file.as_os_str() == rel.as_os_str())
                    .map(|e| Before::entry(e, as_of))
                    .collect();
                self.dirty.insert(rel.clone(), before);
            }
            self.places.forget(rel);
            site.entries
                .retain(|e| e.origin.file.as_os_str() != rel.as_os_str());
            self.load_diags.retain(|d| d.file != *rel);
            if self.site_dir.join(rel).is_file() {
                let (entries, diags) = content::load_entries(&self.site_dir, rel);
                // Entries stay in the order of their files, as a full load has them.
                let at = site.entries.partition_point(|e| e.origin.file < *rel);
                site.entries.splice(at..at, entries);
                self.load_diags.extend(diags);
            }
        }
        marks.push(("read", start.elapsed()));
        site.build_index();
        marks.push(("index", start.elapsed()));
        let loaded = Loaded {
            site: Some(site),
            diagnostics: Diagnostics {
                items: self.load_diags.clone(),
            },
        };
        let checked =
            pipeline::check_loaded_keeping(&self.site_dir, loaded, self.as_of, &mut self.places);
        marks.push(("check", start.elapsed()));
        let computed = match checked.compute(false) {
            Ok(computed) => computed,
            Err(failed) if failed.site.is_none() && !failed.diagnostics.has_errors() => {
                return self.full();
            }
            Err(failed) => {
                self.site = failed.site;
                return self.failed(failed.diagnostics);
            }
        };
        marks.push(("statuses", start.elapsed()));
        let pipeline::Computed {
            site: loaded_site,
            progress,
            ..
        } = computed;
        let site = &loaded_site;
        self.show_hidden(site, progress.as_of);
        let plan = match (&self.shown, &self.prepared) {
            (Some(shown), Some(_)) => {
                plan(site, &progress, shown, &self.dirty, &self.store.watched())
            }
            _ => None,
        };
        let Some((phases, removed)) = plan else {
            return self.full();
        };
        let Some(prepared) = self.prepared.as_ref() else {
            return self.full();
        };
        marks.push(("plan", start.elapsed()));
        if timing {
            eprintln!(
                "timing: {} (pages per phase {:?})",
                marks
                    .iter()
                    .map(|(k, d)| format!("{k} {:.1} ms", d.as_secs_f64() * 1e3))
                    .collect::<Vec<_>>()
                    .join(", "),
                phases.iter().map(Selection::len).collect::<Vec<_>>()
            );
        }

        // Rows of entries whose file did not change since the last render are reused.
        let (rows, row_files) = std::mem::take(&mut self.rows).reuse(site, &self.dirty);

        let sink = MemorySink::injecting(&self.snippet);
        let store = Arc::clone(&self.store);
        let newer = Arc::clone(&self.newer);
        let mut first = None;
        let mut changed = 0;
        let mut rendered = 0;
        let result = render_phases(
            site,
            &progress,
            prepared,
            &self.opts,
            &sink,
            &phases,
            &|| newer.load(Ordering::Relaxed),
            &mut |k| {
                let gone: &[String] = if k == 0 { &removed } else { &[] };
                let files = sink.take();
                rendered += files.len();
                changed += store.apply(files, gone);
                if k == 0 {
                    store.set_error(None);
                    first = Some(start.elapsed());
                }
                if timing {
                    eprintln!("timing: phase {k} published at {:?}", start.elapsed());
                }
                Ok(())
            },
            rows,
        );
        let complete = match result {
            Ok(done) => {
                self.rows = KeptRows {
                    rows: done.rows,
                    files: row_files,
                };
                done.complete
            }
            Err(e) => {
                self.site = Some(loaded_site);
                return self.render_failed(e);
            }
        };
        self.incomplete = !complete;
        if complete {
            self.shown = Some(Shown::of(site, progress));
            self.dirty.clear();
        }
        self.site = Some(loaded_site);
        let total = start.elapsed();
        Outcome::Built {
            full: false,
            rendered,
            changed,
            first: first.unwrap_or(total),
            total,
            complete,
        }
    }
}

/// Each entry's row as a render made it, in the order of that render's entries,
/// with a key of each one's file. Between two renders the entries of files that
/// did not change are the same and in the same order (entries are in the order
/// of their files), so their rows are taken back in turn: no map of 10,000 ids
/// to build after each save and look up before the next.
#[derive(Default)]
struct KeptRows {
    rows: Vec<EntryRow>,
    files: Vec<u64>,
}

/// A key of a file's path (the same path, the same key).
fn file_key(path: &Path) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(path.as_os_str())
}

impl KeptRows {
    /// `rows`, index-aligned with `site.entries`.
    fn new(site: &Site, rows: Vec<EntryRow>) -> KeptRows {
        let files = site
            .entries
            .iter()
            .map(|e| file_key(&e.origin.file))
            .collect();
        KeptRows { rows, files }
    }

    /// The rows to reuse for `site`'s entries (index-aligned): none for an
    /// entry of a file in `dirty` (changed since the rows were made). Two files
    /// of the same key are both taken as changed, on both sides alike; a kept row
    /// whose id is not its entry's (which the order above rules out) is made anew.
    /// With them, the key of each entry's file, to keep with the rows rendered.
    fn reuse(
        self,
        site: &Site,
        dirty: &BTreeMap<PathBuf, Vec<Before>>,
    ) -> (Vec<Option<EntryRow>>, Vec<u64>) {
        let changed: rustc_hash::FxHashSet<u64> = dirty.keys().map(|p| file_key(p)).collect();
        let mut kept = self
            .rows
            .into_iter()
            .zip(self.files)
            .filter(|(_, f)| !changed.contains(f))
            .map(|(row, _)| row);
        site.entries
            .iter()
            .map(|e| {
                let key = file_key(&e.origin.file);
                let row = if changed.contains(&key) {
                    None
                } else {
                    kept.next().filter(|row| row.id == e.id)
                };
                (row, key)
            })
            .unzip()
    }
}

/// Problems worth a line in the terminal: errors, then the count of warnings.
pub fn summary_lines(d: &Diagnostics, lang: Lang) -> String {
    let mut out = String::new();
    for x in d.items.iter().filter(|x| x.severity == Severity::Error) {
        out.push_str(&x.to_line(lang));
        out.push('\n');
    }
    out
}

/// What [`Live::show_hidden`] shows: the note for every page (`None` when
/// nothing is hidden) and, by page path, why a hidden report has no page.
fn hidden_content(
    site: &Site,
    as_of: Date,
    from_flag: bool,
) -> (Option<String>, HashMap<String, String>) {
    use crate::render::escape_html;
    use crate::render::format::date_long;
    let lang = site.config.language;
    let vi = lang == crate::model::Language::Vi;
    let hidden: Vec<&crate::model::Entry> =
        site.entries.iter().filter(|e| e.date > as_of).collect();
    let practices = site.practices.iter().filter(|p| p.date > as_of).count();
    if hidden.is_empty() && practices == 0 {
        return (None, HashMap::new());
    }
    let day = date_long(as_of, lang);
    let (source, fix) = match (from_flag, site.config.as_of == Some(as_of), vi) {
        (true, _, true) => (
            "--as-of",
            "Chạy lại lệnh với ngày khác, hoặc bỏ --as-of để xem đến hôm nay.",
        ),
        (true, _, false) => (
            "--as-of",
            "Run the command again with another date, or without --as-of to see today's state.",
        ),
        (false, true, true) => (
            "as_of trong content/site.yaml",
            "Sửa ngày as_of, hoặc xóa dòng đó để cổng tính đến hôm nay.",
        ),
        (false, true, false) => (
            "as_of in content/site.yaml",
            "Change as_of, or remove the line for the portal to show today's state.",
        ),
        (false, false, true) => ("hôm nay", "Kiểm tra lại ngày ghi trong tệp."),
        (false, false, false) => ("today", "Check the date written in the file."),
    };
    let notice = if vi {
        format!(
            "<p class=\"demo-banner\" role=\"status\">tiendo serve: {} báo cáo và {} điển hình ghi ngày sau {day} ({source}) nên chưa hiện trên cổng. {fix}</p>",
            hidden.len(),
            practices
        )
    } else {
        format!(
            "<p class=\"demo-banner\" role=\"status\">tiendo serve: {} reports and {} practices are dated after {day} ({source}), so the portal does not show them yet. {fix}</p>",
            hidden.len(),
            practices
        )
    };
    let missing = hidden
        .iter()
        .map(|e| {
            let why = if vi {
                format!(
                    "<p class=\"demo-banner\" role=\"status\">tiendo serve: báo cáo “{}” ({}) ghi {}, sau {day} ({source}), nên chưa có trang. {fix}</p>",
                    escape_html(&e.title),
                    escape_html(&e.origin.file.to_string_lossy()),
                    date_long(e.date, lang)
                )
            } else {
                format!(
                    "<p class=\"demo-banner\" role=\"status\">tiendo serve: the report “{}” ({}) is dated {}, after {day} ({source}), so it has no page yet. {fix}</p>",
                    escape_html(&e.title),
                    escape_html(&e.origin.file.to_string_lossy()),
                    date_long(e.date, lang)
                )
            };
            (format!("{}index.html", paths::entry(&e.id)), why)
        })
        .collect();
    (Some(notice), missing)
}
