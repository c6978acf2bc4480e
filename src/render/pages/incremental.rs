//! Rendering part of the portal again, for the preview server (`tiendo serve`):
//! after an editor changes a progress entry, only the pages that show it or
//! what it changed are rendered, in phases, so the page being edited is back
//! in the browser long before the whole cascade is done.
//!
//! Which pages a change reaches is decided by `serve::live`; this module only
//! knows how to render a [`Selection`] of pages with the same code and the same
//! data a full build uses. A new kind of page added to [`Ctx::render_all`] must
//! be added to [`Job`] too: `tests/serve.rs` compares the pages after a partial
//! render with a full render and fails otherwise.

use std::collections::BTreeSet;

use rayon::prelude::*;
use tera::Tera;

use super::Ctx;
use crate::model::{Language, Progress, Site};
use crate::render::views::Strings;
use crate::render::{engine, fingerprint, Options, RenderError, Sink, Theme, Urls};

/// The theme compiled once and reused by every partial render.
pub struct Prepared {
    pub lang: Language,
    pub strings: Strings,
    pub tera: Tera,
    /// Theme assets (`assets/...`) and the fingerprint of style.css.
    statics: Vec<(String, Vec<u8>)>,
    css_fingerprint: Option<String>,
}

impl Prepared {
    pub fn new(theme: &Theme, lang: Language) -> Result<Prepared, RenderError> {
        let strings = theme.strings(lang)?;
        let tera = engine(theme, &strings)?;
        let statics: Vec<(String, Vec<u8>)> = theme
            .statics()
            .map(|(n, b)| (n.to_string(), b.to_vec()))
            .collect();
        let css_fingerprint = statics
            .iter()
            .find(|(n, _)| n == "style.css")
            .map(|(_, b)| fingerprint(b));
        Ok(Prepared {
            lang,
            strings,
            tera,
            statics,
            css_fingerprint,
        })
    }
}

/// Pages to render again. Indices are into the site's vectors; progress index
/// pages are numbered from 1.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Selection {
    /// The pages of site-wide figures: home, goals, the agency, task, status and
    /// locality indexes, the calendar and the monitoring report.
    pub summaries: bool,
    pub entries: BTreeSet<usize>,
    pub tasks: BTreeSet<usize>,
    pub agencies: BTreeSet<usize>,
    pub localities: BTreeSet<usize>,
    pub progress_pages: BTreeSet<usize>,
    /// The practices index and every practice page.
    pub practices: bool,
    /// Feeds, open data (files and page), sitemap and robots.txt.
    pub files: bool,
}

impl Selection {
    /// How many pages (or groups of files) this selection renders.
    pub fn len(&self) -> usize {
        usize::from(self.summaries)
            + self.entries.len()
            + self.tasks.len()
            + self.agencies.len()
            + self.localities.len()
            + self.progress_pages.len()
            + usize::from(self.practices)
            + usize::from(self.files)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Leave out what `earlier` already rendered.
    pub fn without(mut self, earlier: &Selection) -> Selection {
        self.summaries &= !earlier.summaries;
        self.practices &= !earlier.practices;
        self.files &= !earlier.files;
        self.entries.retain(|i| !earlier.entries.contains(i));
        self.tasks.retain(|i| !earlier.tasks.contains(i));
        self.agencies.retain(|i| !earlier.agencies.contains(i));
        self.localities.retain(|i| !earlier.localities.contains(i));
        self.progress_pages
            .retain(|i| !earlier.progress_pages.contains(i));
        self
    }
}

/// One unit of rendering work.
#[derive(Debug, Clone, Copy)]
enum Job {
    Home,
    Goals,
    Agencies,
    TasksIndex,
    StatusPages,
    LocalitiesIndex,
    Calendar,
    Monitoring,
    Practices,
    Feeds,
    OpenData,
    Sitemap,
    Task(usize),
    Agency(usize),
    Locality(usize),
    Entry(usize),
    ProgressPage(usize),
}

impl Ctx<'_> {
    fn jobs(&self, s: &Selection) -> Vec<Job> {
        let mut jobs = Vec::with_capacity(s.len() + 8);
        if s.summaries {
            jobs.extend([
                Job::Home,
                Job::Goals,
                Job::Agencies,
                Job::TasksIndex,
                Job::StatusPages,
                Job::LocalitiesIndex,
                Job::Calendar,
                Job::Monitoring,
            ]);
        }
        if s.practices {
            jobs.push(Job::Practices);
        }
        if s.files {
            jobs.extend([Job::Feeds, Job::OpenData, Job::Sitemap]);
        }
        jobs.extend(s.tasks.iter().map(|&i| Job::Task(i)));
        jobs.extend(s.agencies.iter().map(|&i| Job::Agency(i)));
        jobs.extend(s.localities.iter().map(|&i| Job::Locality(i)));
        jobs.extend(s.progress_pages.iter().map(|&i| Job::ProgressPage(i)));
        // Only entries a full build would render (dated on or before as_of).
        let visible: BTreeSet<usize> = self.visible.iter().copied().collect();
        jobs.extend(
            s.entries
                .iter()
                .filter(|i| visible.contains(i))
                .map(|&i| Job::Entry(i)),
        );
        jobs
    }

    fn run(&self, job: Job) -> Result<(), RenderError> {
        match job {
            Job::Home => self.home(),
            Job::Goals => self.goals(),
            Job::Agencies => self.agencies(),
            Job::TasksIndex => self.tasks_index(),
            Job::StatusPages => self.status_pages(),
            Job::LocalitiesIndex => self.localities_index(),
            Job::Calendar => self.calendar(),
            Job::Monitoring => self.monitoring(),
            Job::Practices => self.practices(),
            Job::Feeds => self.feeds(),
            Job::OpenData => self.open_data(),
            Job::Sitemap => self.sitemap(),
            Job::Task(i) => self.task(i),
            Job::Agency(i) => self.agency(i),
            Job::Locality(i) => self.locality(i),
            Job::Entry(i) => self.entry(i),
            Job::ProgressPage(num) => {
                let size = self.site.config.page_size.max(1);
                let n = self.visible.len().div_ceil(size).max(1);
                if num == 0 || num > n {
                    return Ok(());
                }
                let start = (num - 1) * size;
                let end = (start + size).min(self.visible.len());
                self.progress_page(num, &self.visible[start..end], n)
            }
        }
    }
}

/// Render each selection of `phases` in turn into `sink`, calling `after(k)`
/// once phase `k` is complete (the preview server publishes it there).
pub fn render_phases(
    site: &Site,
    progress: &Progress,
    prepared: &Prepared,
    opts: &Options,
    sink: &dyn Sink,
    phases: &[Selection],
    after: &mut dyn FnMut(usize) -> Result<(), RenderError>,
) -> Result<(), RenderError> {
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&site.config.base_url));
    let css = prepared
        .css_fingerprint
        .as_ref()
        .map(|f| format!("{}assets/style.css?v={f}", urls.prefix))
        .unwrap_or_default();
    let ctx = Ctx::new(
        site,
        progress,
        urls,
        &prepared.strings,
        &prepared.tera,
        sink,
        css,
        opts.inject.clone(),
    );
    for (k, sel) in phases.iter().enumerate() {
        let jobs = ctx.jobs(sel);
        jobs.par_iter().try_for_each(|&job| ctx.run(job))?;
        after(k)?;
    }
    Ok(())
}

/// The theme's assets, as a full build writes them.
pub fn write_statics(prepared: &Prepared, sink: &dyn Sink) -> Result<(), RenderError> {
    for (name, bytes) in &prepared.statics {
        sink.write(&format!("assets/{name}"), bytes)?;
    }
    Ok(())
}
