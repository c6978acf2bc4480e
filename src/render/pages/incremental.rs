//! Rendering part of the portal again, for the preview server (`tiendo serve`):
//! after an editor changes a progress entry, only the pages that show it or
//! what it changed are rendered, in phases, so the page being edited is back
//! in the browser long before the whole cascade is done.
//!
//! Which pages a change reaches is decided by `serve::live`; this module only
//! knows how to render a [`Selection`] of the site's one list of pages
//! ([`PageId`]) with the same code and the same data a full build uses; a test
//! checks that selecting everything selects every page of that list.

use std::collections::BTreeSet;

use tera::Tera;

use super::PageId;
use crate::model::{Language, Progress, Site, Status};
use crate::render::context::{AssetUrls, Ctx};
use crate::render::engine::{engine, fingerprint};
use crate::render::error::RenderError;
use crate::render::sink::Sink;
use crate::render::theme::Theme;
use crate::render::urls::Urls;
use crate::render::views::{EntryRow, Strings};
use crate::render::Options;

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
        self.pages(site)
            .into_iter()
            .filter_map(|p| p.path(site))
            .collect()
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
    /// Open data (files and page), with the data of every period (of those
    /// that end on or after `snapshots_from`, when it is set).
    pub open_data: bool,
    pub snapshots_from: Option<crate::model::Date>,
    /// The open data's page and files, and the data of the periods holding
    /// these dates (when `open_data` is not set).
    pub snapshot_dates: BTreeSet<crate::model::Date>,
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
            + self.snapshot_dates.len()
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
        if earlier.open_data {
            // What `earlier` makes of every period from its date on.
            let covered = match (earlier.snapshots_from, self.snapshots_from) {
                (None, _) => true,
                (Some(a), Some(b)) => a <= b,
                (Some(_), None) => false,
            };
            self.open_data &= !covered;
            self.snapshot_dates
                .retain(|&d| earlier.snapshots_from.is_some_and(|from| d < from));
        }
        self.snapshot_dates
            .retain(|d| !earlier.snapshot_dates.contains(d));
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

    /// Add what `other` renders.
    pub fn merge(&mut self, other: &Selection) {
        self.practices |= other.practices;
        self.progress_feed |= other.progress_feed;
        self.snapshots_from = match (self.open_data, other.open_data) {
            (true, true) => self
                .snapshots_from
                .zip(other.snapshots_from)
                .map(|(a, b)| a.min(b)),
            (false, true) => other.snapshots_from,
            _ => self.snapshots_from,
        };
        self.open_data |= other.open_data;
        self.snapshot_dates.extend(&other.snapshot_dates);
        self.sitemap |= other.sitemap;
        self.outreach |= other.outreach;
        self.agency_feeds.extend(&other.agency_feeds);
        self.locality_feeds.extend(&other.locality_feeds);
        self.summaries.extend(&other.summaries);
        self.entries.extend(&other.entries);
        self.tasks.extend(&other.tasks);
        self.agencies.extend(&other.agencies);
        self.localities.extend(&other.localities);
        self.progress_pages.extend(&other.progress_pages);
    }
}

impl Summary {
    /// Its pages in the site's one list ([`PageId`]).
    pub fn pages(&self, site: &Site) -> Vec<PageId> {
        match self {
            Summary::Home => vec![PageId::Home],
            Summary::Goals => std::iter::once(PageId::GoalsIndex)
                .chain((0..site.goals.len()).map(PageId::Goal))
                .collect(),
            Summary::AgenciesIndex => vec![PageId::AgenciesIndex],
            Summary::Tasks => std::iter::once(PageId::TasksIndex)
                .chain(Status::ALL.iter().map(|&s| PageId::TasksByStatus(s)))
                .collect(),
            Summary::LocalitiesIndex => vec![PageId::LocalitiesIndex, PageId::LocalitiesByOverdue],
            Summary::Calendar => vec![PageId::Calendar],
            Summary::Report => vec![PageId::Report],
        }
    }
}

/// The pages a build that keeps the rest of the previous output renders (see
/// `render::Pick`): those `selection` selects, those whose share card is not
/// the one `cards` (page path → key, as the previous build made them) names,
/// and the share images but those unchanged; `None` (every page) when the
/// site's own card changed.
pub fn part<'a>(
    selection: &'a Selection,
    cards: &'a std::collections::BTreeMap<String, String>,
) -> impl Fn(&Ctx) -> Option<crate::render::Picked> + Sync + 'a {
    move |ctx| {
        let now = ctx.outreach.keys();
        let mut pages = ctx.selected(selection);
        pages.extend(ctx.pages_of_changed_cards(cards, &now)?);
        pages.push(PageId::ShareImages);
        // A page both selected and showing a changed card is rendered once.
        pages.sort_unstable();
        pages.dedup();
        let published = now
            .into_iter()
            .filter(|(page, key)| cards.get(page) == Some(key))
            .map(|(page, _)| page)
            .collect();
        Some((pages, published))
    }
}

impl Ctx<'_> {
    /// The pages whose share card is not the one `before` names (page path →
    /// card key), now `now`: each shows its card's key. `None` when the card of
    /// a page that others share changed (the site's own, which every page
    /// without a card of its own names): then every page must be rendered.
    pub fn pages_of_changed_cards(
        &self,
        before: &std::collections::BTreeMap<String, String>,
        now: &std::collections::BTreeMap<String, String>,
    ) -> Option<Vec<PageId>> {
        let changed: BTreeSet<&String> = before
            .keys()
            .chain(now.keys())
            .filter(|p| before.get(*p) != now.get(*p))
            .collect();
        if changed.is_empty() {
            return Some(Vec::new());
        }
        if changed.iter().any(|p| p.is_empty()) {
            return None;
        }
        let site = self.site;
        let pages: Vec<PageId> = self
            .pages()
            .into_iter()
            .filter(|p| p.path(site).is_some_and(|path| changed.contains(&path)))
            .collect();
        // A card of a page that is not made any more goes with its page.
        Some(pages)
    }

    /// The pages of `s`, from the site's one list: a page the full build would
    /// not make (an entry dated after as_of) is left out.
    pub fn selected(&self, s: &Selection) -> Vec<PageId> {
        let site = self.site;
        let mut pages = Vec::with_capacity(s.len() + 8);
        // The biggest single jobs go first, so the others fill in around them.
        if s.open_data || !s.snapshot_dates.is_empty() {
            pages.push(PageId::Data);
            let periods = self.digest_periods();
            pages.extend(
                (0..periods.len())
                    .filter(|&k| {
                        let p = &periods[k];
                        (s.open_data && s.snapshots_from.is_none_or(|from| p.end >= from))
                            || s.snapshot_dates.iter().any(|&d| p.contains(d))
                    })
                    .map(PageId::DataSnapshot),
            );
        }
        for summary in &s.summaries {
            pages.extend(summary.pages(site));
        }
        if s.practices {
            pages.push(PageId::PracticesIndex);
            pages.extend(self.practices_desc.iter().map(|&i| PageId::Practice(i)));
        }
        if s.progress_feed {
            pages.push(PageId::ProgressFeed);
        }
        pages.extend(s.agency_feeds.iter().map(|&i| PageId::AgencyFeed(i)));
        pages.extend(s.locality_feeds.iter().map(|&i| PageId::LocalityFeed(i)));
        if s.sitemap {
            pages.push(PageId::Sitemap);
        }
        if s.outreach {
            pages.extend([PageId::Outreach, PageId::Bulletins]);
        }
        pages.extend(s.tasks.iter().map(|&i| PageId::Task(i)));
        pages.extend(s.agencies.iter().map(|&i| PageId::Agency(i)));
        pages.extend(s.localities.iter().map(|&i| PageId::Locality(i)));
        // A unit's card shows the figures of its page.
        pages.extend(s.agencies.iter().map(|&i| PageId::AgencyCard(i)));
        pages.extend(s.localities.iter().map(|&i| PageId::LocalityCard(i)));
        pages.extend(s.progress_pages.iter().map(|&i| PageId::ProgressPage(i)));
        // Only entries a full build would render (dated on or before as_of).
        let visible: BTreeSet<usize> = self.visible.iter().copied().collect();
        pages.extend(
            s.entries
                .iter()
                .filter(|i| visible.contains(i))
                .map(|&i| PageId::Entry(i)),
        );
        pages
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
    let assets = AssetUrls {
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
        rows,
    );
    ctx.render_chrome()?;
    if timing {
        eprintln!("timing: context {:?}", t.elapsed());
    }
    for (k, sel) in phases.iter().enumerate() {
        let jobs = ctx.selected(sel);
        let t = std::time::Instant::now();
        let stopped = std::sync::atomic::AtomicBool::new(false);
        super::registry::each_page(&jobs, |page| {
            if k > 0 && (stopped.load(std::sync::atomic::Ordering::Relaxed) || stop()) {
                stopped.store(true, std::sync::atomic::Ordering::Relaxed);
                return Ok(());
            }
            ctx.render_page(page)
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
        AssetUrls::default(),
        Vec::new(),
    )
    .entry_rows
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    struct Nowhere;
    impl Sink for Nowhere {
        fn write(&self, _: &str, _: &[u8]) -> Result<(), RenderError> {
            Ok(())
        }
    }

    /// The bundled site, its statuses, and its theme compiled for rendering.
    fn bundled() -> (crate::model::Site, crate::model::Progress, Prepared) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let computed = crate::check(dir, None)
            .compute(false)
            .unwrap_or_else(|_| panic!("the bundled site checks"));
        let theme = Theme::load(dir).unwrap();
        let prepared = Prepared::new(&theme, computed.site.config.language).unwrap();
        (computed.site, computed.progress, prepared)
    }

    /// The preview renders again, after an entry changed, a selection of the
    /// site's one list of pages. Selecting everything an entry can reach must
    /// select every page of the list but those that show no entry and no status:
    /// a new kind of page fails here until the preview knows when to render it.
    #[test]
    fn selecting_everything_an_entry_reaches_leaves_out_only_pages_that_show_none() {
        let (site, progress, prepared) = bundled();
        let urls = Urls::new(&site.config.base_url);
        let ctx = Ctx::new(
            &site,
            &progress,
            urls,
            &prepared.strings,
            &prepared.tera,
            &Nowhere,
            AssetUrls::default(),
            Vec::new(),
        );
        let everything = Selection {
            summaries: Summary::ALL.into_iter().collect(),
            entries: (0..site.entries.len()).collect(),
            tasks: (0..site.tasks.len()).collect(),
            agencies: (0..site.agencies.len()).collect(),
            localities: (0..site.localities.len()).collect(),
            progress_pages: (1..=ctx.progress_page_count()).collect(),
            practices: true,
            progress_feed: true,
            agency_feeds: (0..site.agencies.len()).collect(),
            locality_feeds: (0..site.localities.len()).collect(),
            open_data: true,
            snapshots_from: None,
            snapshot_dates: Default::default(),
            sitemap: true,
            outreach: true,
        };
        let selected: BTreeSet<PageId> = ctx.selected(&everything).into_iter().collect();
        let listed: BTreeSet<PageId> = ctx.pages().into_iter().collect();
        assert!(
            selected.is_subset(&listed),
            "the preview selects pages the build does not make: {:?}",
            selected.difference(&listed).collect::<Vec<_>>()
        );
        let missing: Vec<PageId> = listed.difference(&selected).copied().collect();
        assert_eq!(
            missing,
            vec![
                PageId::Plan,
                PageId::Search,
                PageId::NotFound,
                PageId::Calendars,
                PageId::Aliases,
                PageId::PracticesFeed,
                PageId::ShareImages,
            ],
            "pages of the site's list that the preview never renders again after an entry changed"
        );
    }

    /// Each page's own path is where the sitemap says it is, and no two pages of
    /// the list share a path.
    #[test]
    fn every_page_of_the_list_has_its_own_path() {
        let (site, progress, prepared) = bundled();
        let ctx = Ctx::new(
            &site,
            &progress,
            Urls::new(&site.config.base_url),
            &prepared.strings,
            &prepared.tera,
            &Nowhere,
            AssetUrls::default(),
            Vec::new(),
        );
        let mut seen = BTreeSet::new();
        for page in ctx.pages() {
            if let Some(path) = page.path(&site) {
                assert!(seen.insert(path.clone()), "{page:?} repeats {path}");
                if page.in_sitemap() {
                    assert_eq!(ctx.sitemap_paths(page), vec![path]);
                }
            }
        }
        assert!(
            seen.len() > 200,
            "the bundled site has its pages: {}",
            seen.len()
        );
    }
}
