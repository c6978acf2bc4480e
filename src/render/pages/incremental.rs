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
use crate::render::views::{EntryRow, Strings};
use crate::render::{engine, fingerprint, Options, RenderError, Sink, Theme, Urls};

/// The theme compiled once and reused by every partial render.
pub struct Prepared {
    pub lang: Language,
    pub strings: Strings,
    pub tera: Tera,
    /// The fingerprint of style.css, as a full build computes it.
    css_fingerprint: Option<String>,
}

impl Prepared {
    pub fn new(theme: &Theme, lang: Language) -> Result<Prepared, RenderError> {
        let strings = theme.strings(lang)?;
        let tera = engine(theme, &strings)?;
        let css_fingerprint = theme
            .statics()
            .find(|(n, _)| *n == "style.css")
            .map(|(_, b)| fingerprint(b));
        Ok(Prepared {
            lang,
            strings,
            tera,
            css_fingerprint,
        })
    }
}

/// A page (or group of pages) of site-wide figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Summary {
    Home,
    /// The goals index and every goal's page.
    Goals,
    AgenciesIndex,
    /// The tasks index and the pages by status.
    Tasks,
    /// The communes' index, by name and by overdue tasks.
    LocalitiesIndex,
    Calendar,
    /// The monitoring report (`bao-cao/`).
    Report,
}

impl Summary {
    pub const ALL: [Summary; 7] = [
        Summary::Home,
        Summary::Goals,
        Summary::AgenciesIndex,
        Summary::Tasks,
        Summary::LocalitiesIndex,
        Summary::Calendar,
        Summary::Report,
    ];

    /// The site paths of its pages (`muc-tieu/x/`), to tell whether a browser has one open.
    pub fn paths(&self, site: &Site) -> Vec<String> {
        use crate::render::urls::paths;
        match self {
            Summary::Home => vec![String::new()],
            Summary::Goals => std::iter::once(paths::GOALS.to_string())
                .chain(site.goals.iter().map(|g| paths::goal(&g.id)))
                .collect(),
            Summary::AgenciesIndex => vec![paths::AGENCIES.to_string()],
            Summary::Tasks => std::iter::once(paths::TASKS.to_string())
                .chain(
                    crate::model::Status::ALL
                        .iter()
                        .map(|&s| paths::task_status(crate::render::views::status_slug(s))),
                )
                .collect(),
            Summary::LocalitiesIndex => vec![
                paths::LOCALITIES.to_string(),
                paths::LOCALITIES_BY_OVERDUE.to_string(),
            ],
            Summary::Calendar => vec![paths::CALENDAR.to_string()],
            Summary::Report => vec![paths::REPORT.to_string()],
        }
    }
}

/// Pages to render again. Indices are into the site's vectors; progress index
/// pages are numbered from 1.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Selection {
    pub summaries: BTreeSet<Summary>,
    pub entries: BTreeSet<usize>,
    pub tasks: BTreeSet<usize>,
    pub agencies: BTreeSet<usize>,
    pub localities: BTreeSet<usize>,
    pub progress_pages: BTreeSet<usize>,
    /// The practices index and every practice page.
    pub practices: bool,
    /// The feed of the latest progress entries.
    pub progress_feed: bool,
    /// Feeds of these agencies' and communes'/wards' reports.
    pub agency_feeds: BTreeSet<usize>,
    pub locality_feeds: BTreeSet<usize>,
    /// Open data (files and page).
    pub open_data: bool,
    /// sitemap.xml and robots.txt.
    pub sitemap: bool,
    /// The outreach pages (embeds and their oEmbed, leaflets, the printable
    /// summary) and the bulletins.
    pub outreach: bool,
}

impl Selection {
    /// How many pages (or groups of files) this selection renders.
    pub fn len(&self) -> usize {
        self.summaries.len()
            + self.entries.len()
            + self.tasks.len()
            + self.agencies.len()
            + self.localities.len()
            + self.progress_pages.len()
            + usize::from(self.practices)
            + usize::from(self.progress_feed)
            + self.agency_feeds.len()
            + self.locality_feeds.len()
            + usize::from(self.open_data)
            + usize::from(self.sitemap)
            + usize::from(self.outreach)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Leave out what `earlier` already renders.
    pub fn without(mut self, earlier: &Selection) -> Selection {
        self.practices &= !earlier.practices;
        self.progress_feed &= !earlier.progress_feed;
        self.open_data &= !earlier.open_data;
        self.sitemap &= !earlier.sitemap;
        self.outreach &= !earlier.outreach;
        self.agency_feeds
            .retain(|i| !earlier.agency_feeds.contains(i));
        self.locality_feeds
            .retain(|i| !earlier.locality_feeds.contains(i));
        self.summaries.retain(|i| !earlier.summaries.contains(i));
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
    ProgressFeed,
    AgencyFeed(usize),
    LocalityFeed(usize),
    OpenData,
    Sitemap,
    Outreach,
    Task(usize),
    Agency(usize),
    Locality(usize),
    Entry(usize),
    ProgressPage(usize),
}

impl Ctx<'_> {
    fn jobs(&self, s: &Selection) -> Vec<Job> {
        let mut jobs = Vec::with_capacity(s.len() + 8);
        for summary in &s.summaries {
            match summary {
                Summary::Home => jobs.push(Job::Home),
                Summary::Goals => jobs.push(Job::Goals),
                Summary::AgenciesIndex => jobs.push(Job::Agencies),
                Summary::Tasks => jobs.extend([Job::TasksIndex, Job::StatusPages]),
                Summary::LocalitiesIndex => jobs.push(Job::LocalitiesIndex),
                Summary::Calendar => jobs.push(Job::Calendar),
                Summary::Report => jobs.push(Job::Monitoring),
            }
        }
        if s.practices {
            jobs.push(Job::Practices);
        }
        if s.progress_feed {
            jobs.push(Job::ProgressFeed);
        }
        jobs.extend(s.agency_feeds.iter().map(|&i| Job::AgencyFeed(i)));
        jobs.extend(s.locality_feeds.iter().map(|&i| Job::LocalityFeed(i)));
        // The biggest single jobs go first, so the others fill in around them.
        if s.open_data {
            jobs.insert(0, Job::OpenData);
        }
        if s.sitemap {
            jobs.push(Job::Sitemap);
        }
        if s.outreach {
            jobs.push(Job::Outreach);
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
            Job::ProgressFeed => self.progress_feed(),
            Job::AgencyFeed(i) => self.agency_feed(i),
            Job::LocalityFeed(i) => self.locality_feed(i),
            Job::OpenData => self.open_data(),
            Job::Sitemap => self.sitemap(),
            Job::Outreach => {
                self.outreach_pages()?;
                self.digests()
            }
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
/// once phase `k` is done (the preview server publishes it there). Before each
/// page of the phases after the first, `stop()` is asked whether to give up (a
/// newer change is waiting); then what was rendered is still handed to `after`
/// and the result is not `complete`. `rows` are entry rows kept from an earlier
/// render (see [`Ctx::new`]).
#[allow(clippy::too_many_arguments)]
pub fn render_phases(
    site: &Site,
    progress: &Progress,
    prepared: &Prepared,
    opts: &Options,
    sink: &dyn Sink,
    phases: &[Selection],
    stop: &(dyn Fn() -> bool + Sync),
    after: &mut dyn FnMut(usize) -> Result<(), RenderError>,
    rows: Vec<Option<EntryRow>>,
) -> Result<Rendered, RenderError> {
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&site.config.base_url));
    let assets = super::AssetUrls {
        css: prepared
            .css_fingerprint
            .as_ref()
            .map(|f| format!("{}assets/style.css?v={f}", urls.prefix))
            .unwrap_or_default(),
        // The preview builds no search index.
        search_js: String::new(),
    };
    let timing = std::env::var_os("TIENDO_SERVE_TIMING").is_some();
    let t = std::time::Instant::now();
    let mut ctx = Ctx::new(
        site,
        progress,
        urls,
        &prepared.strings,
        &prepared.tera,
        sink,
        assets,
        opts.inject.clone(),
        rows,
    );
    ctx.render_chrome()?;
    if timing {
        eprintln!("timing: context {:?}", t.elapsed());
    }
    for (k, sel) in phases.iter().enumerate() {
        let jobs = ctx.jobs(sel);
        let t = std::time::Instant::now();
        let stopped = std::sync::atomic::AtomicBool::new(false);
        jobs.par_iter().try_for_each(|&job| {
            if k > 0 && (stopped.load(std::sync::atomic::Ordering::Relaxed) || stop()) {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                return Ok(());
            }
            ctx.run(job)
        })?;
        if timing {
            eprintln!(
                "timing: phase {k}: {} jobs in {:?}",
                jobs.len(),
                t.elapsed()
            );
        }
        after(k)?;
        if stopped.into_inner() {
            return Ok(Rendered {
                complete: false,
                rows: ctx.entry_rows,
            });
        }
    }
    Ok(Rendered {
        complete: true,
        rows: ctx.entry_rows,
    })
}

/// What [`render_phases`] did.
pub struct Rendered {
    /// False when `stop()` cut it short.
    pub complete: bool,
    /// Every entry's row (index-aligned with `site.entries`), to reuse next time.
    pub rows: Vec<EntryRow>,
}

/// Every entry's row for `site`, computed once after a full build so that the
/// first partial render does not have to.
pub fn entry_rows(
    site: &Site,
    progress: &Progress,
    prepared: &Prepared,
    opts: &Options,
) -> Vec<EntryRow> {
    struct Nowhere;
    impl Sink for Nowhere {
        fn write(&self, _: &str, _: &[u8]) -> Result<(), RenderError> {
            Ok(())
        }
    }
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&site.config.base_url));
    Ctx::new(
        site,
        progress,
        urls,
        &prepared.strings,
        &prepared.tera,
        &Nowhere,
        super::AssetUrls::default(),
        None,
        Vec::new(),
    )
    .entry_rows
}
