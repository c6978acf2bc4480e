//! The one list of what a site publishes.
//!
//! Every page of the portal, and every group of files made together (feeds, open
//! data, bulletins, share images, the outreach kit), is a [`PageId`]. The full
//! build renders [`Ctx::pages`], the sitemap lists the paths of the same list,
//! and the preview server's partial rebuilds ([`super::incremental`]) render a
//! selection of the same ids with the same [`Ctx::render_page`]. Adding a kind of
//! page is one variant here, its render function and its template: the `match`es
//! below do not compile until the variant is handled, and the tests compare the
//! list with the sitemap and with the preview's selection of everything.

use crate::model::{Site, Status};
use crate::render::error::RenderError;
use crate::render::share;
use crate::render::urls::paths;
use crate::render::views::status_slug;

use super::{
    agencies, calendar, embeds, goals, gone, home, localities, monitor, plan, practices, progress,
    search, tasks,
};
use crate::render::context::Ctx;

/// One page of the site, or one group of files rendered together. Indices are
/// into the site's vectors; progress index pages are numbered from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageId {
    // Pages listed in the sitemap, in the order it lists them.
    Home,
    Plan,
    GoalsIndex,
    AgenciesIndex,
    TasksIndex,
    PracticesIndex,
    LocalitiesIndex,
    /// The communes and wards with overdue tasks, most first.
    LocalitiesByOverdue,
    Calendar,
    /// The open data page and its files (CSV, JSON, schema).
    Data,
    Search,
    /// The standing body's monitoring report (`bao-cao/`).
    Report,
    Goal(usize),
    Agency(usize),
    TasksByStatus(Status),
    Task(usize),
    ProgressPage(usize),
    Entry(usize),
    Practice(usize),
    Locality(usize),
    /// Monthly and quarterly bulletins: pages, plain text, their Atom feed.
    Bulletins,
    // Pages and files the sitemap does not list.
    NotFound,
    /// The open data of a bulletin's period (`du-lieu/2026-06/`): the k-th
    /// of [`Ctx::digest_periods`].
    DataSnapshot(usize),
    /// The deadlines as iCalendar: the site's (`lich/lich.ics`) and each agency's.
    Calendars,
    /// The small pages that send readers from old addresses (`aliases:`) on.
    Aliases,
    ProgressFeed,
    PracticesFeed,
    AgencyFeed(usize),
    LocalityFeed(usize),
    /// The embeddable card of an agency and of a commune or ward, with its oEmbed.
    AgencyCard(usize),
    LocalityCard(usize),
    /// `sitemap.xml` and `robots.txt`.
    Sitemap,
    /// Embeds and their oEmbed, leaflets, the printable summary.
    Outreach,
    /// Share images (`og.png`), drawn or taken from the cache.
    ShareImages,
}

impl PageId {
    /// The page's own path, for pages that are one page (`nhiem-vu/x/`); `None`
    /// for groups of files.
    pub fn path(self, site: &Site) -> Option<String> {
        Some(match self {
            PageId::Home => String::new(),
            PageId::Plan => paths::PLAN.to_string(),
            PageId::GoalsIndex => paths::GOALS.to_string(),
            PageId::AgenciesIndex => paths::AGENCIES.to_string(),
            PageId::TasksIndex => paths::TASKS.to_string(),
            PageId::PracticesIndex => paths::PRACTICES.to_string(),
            PageId::LocalitiesIndex => paths::LOCALITIES.to_string(),
            PageId::LocalitiesByOverdue => paths::LOCALITIES_BY_OVERDUE.to_string(),
            PageId::Calendar => paths::CALENDAR.to_string(),
            PageId::Data => paths::DATA.to_string(),
            PageId::Search => paths::SEARCH.to_string(),
            PageId::Report => paths::REPORT.to_string(),
            PageId::Goal(i) => paths::goal(&site.goals.get(i)?.id),
            PageId::Agency(i) => paths::agency(&site.agencies.get(i)?.id),
            PageId::TasksByStatus(s) => paths::task_status(status_slug(s)),
            PageId::Task(i) => paths::task(&site.tasks.get(i)?.id),
            PageId::ProgressPage(n) => paths::progress_page(n),
            PageId::Entry(i) => paths::entry(&site.entries.get(i)?.id),
            PageId::Practice(i) => paths::practice(&site.practices.get(i)?.id),
            PageId::Locality(i) => paths::locality(&site.localities.get(i)?.id),
            PageId::NotFound => "404.html".to_string(),
            PageId::AgencyCard(i) => share::paths::embed_agency(&site.agencies.get(i)?.id),
            PageId::LocalityCard(i) => share::paths::embed_locality(&site.localities.get(i)?.id),
            PageId::Bulletins
            | PageId::DataSnapshot(_)
            | PageId::Calendars
            | PageId::Aliases
            | PageId::ProgressFeed
            | PageId::PracticesFeed
            | PageId::AgencyFeed(_)
            | PageId::LocalityFeed(_)
            | PageId::Sitemap
            | PageId::Outreach
            | PageId::ShareImages => return None,
        })
    }

    /// Whether search engines are told of its pages (the sitemap lists them).
    pub fn in_sitemap(self) -> bool {
        self <= PageId::Bulletins
    }
}

impl Ctx<'_> {
    /// Every page and file group of the site, in the sitemap's order and then the
    /// rest.
    pub fn pages(&self) -> Vec<PageId> {
        let site = self.site;
        let mut v = vec![
            PageId::Home,
            PageId::Plan,
            PageId::GoalsIndex,
            PageId::AgenciesIndex,
            PageId::TasksIndex,
            PageId::PracticesIndex,
            PageId::LocalitiesIndex,
            PageId::LocalitiesByOverdue,
            PageId::Calendar,
            PageId::Data,
            PageId::Search,
            PageId::Report,
        ];
        v.extend((0..site.goals.len()).map(PageId::Goal));
        v.extend((0..site.agencies.len()).map(PageId::Agency));
        v.extend(Status::ALL.iter().map(|&s| PageId::TasksByStatus(s)));
        v.extend((0..site.tasks.len()).map(PageId::Task));
        v.extend((1..=self.progress_page_count()).map(PageId::ProgressPage));
        v.extend(self.visible.iter().map(|&i| PageId::Entry(i)));
        v.extend(self.practices_desc.iter().map(|&i| PageId::Practice(i)));
        v.extend((0..site.localities.len()).map(PageId::Locality));
        v.extend([PageId::Bulletins, PageId::NotFound]);
        v.extend((0..self.digest_periods().len()).map(PageId::DataSnapshot));
        v.extend([
            PageId::Calendars,
            PageId::Aliases,
            PageId::ProgressFeed,
            PageId::PracticesFeed,
        ]);
        v.extend((0..site.agencies.len()).map(PageId::AgencyFeed));
        v.extend((0..site.localities.len()).map(PageId::LocalityFeed));
        v.extend((0..site.agencies.len()).map(PageId::AgencyCard));
        v.extend((0..site.localities.len()).map(PageId::LocalityCard));
        v.extend([PageId::Sitemap, PageId::Outreach, PageId::ShareImages]);
        v
    }

    /// How many pages the progress index has (at least one, even when empty).
    pub(super) fn progress_page_count(&self) -> usize {
        self.visible
            .len()
            .div_ceil(self.site.config.page_size.max(1))
            .max(1)
    }

    /// The paths of `page` that the sitemap lists.
    pub fn sitemap_paths(&self, page: PageId) -> Vec<String> {
        if !page.in_sitemap() {
            return Vec::new();
        }
        match page {
            PageId::Bulletins => self.digest_paths(),
            _ => page.path(self.site).into_iter().collect(),
        }
    }

    /// How long `page` takes to make, roughly: the build starts the longest
    /// first, so that no core is left idle waiting on the last long page.
    pub(super) fn weight(&self, page: PageId) -> usize {
        let site = self.site;
        match page {
            // Groups of many files, each made in parallel inside.
            PageId::Data
            | PageId::DataSnapshot(_)
            | PageId::Bulletins
            | PageId::Outreach
            | PageId::ShareImages => usize::MAX,
            // Lists and site-wide figures.
            PageId::Home
            | PageId::Plan
            | PageId::GoalsIndex
            | PageId::AgenciesIndex
            | PageId::TasksIndex
            | PageId::PracticesIndex
            | PageId::LocalitiesIndex
            | PageId::LocalitiesByOverdue
            | PageId::Calendar
            | PageId::Search
            | PageId::Report
            | PageId::TasksByStatus(_)
            | PageId::ProgressPage(_)
            | PageId::Goal(_) => usize::MAX / 2,
            // A task shows its reports, and a per-locality task every commune.
            PageId::Task(i) => {
                site.index.entries_of_task[i].len()
                    + if site.tasks[i].per_locality {
                        site.localities.len()
                    } else {
                        0
                    }
            }
            _ => 0,
        }
    }

    /// Render one page (or file group) of the list.
    pub fn render_page(&self, page: PageId) -> Result<(), RenderError> {
        match page {
            PageId::Home => home::render(self),
            PageId::Plan => plan::render(self),
            PageId::GoalsIndex => goals::index(self),
            PageId::AgenciesIndex => agencies::index(self),
            PageId::TasksIndex => tasks::index(self),
            PageId::PracticesIndex => practices::index(self),
            PageId::LocalitiesIndex => localities::index(self, false),
            PageId::LocalitiesByOverdue => localities::index(self, true),
            PageId::Calendar => calendar::render(self),
            PageId::Data => self.open_data(),
            PageId::Search => search::render(self),
            PageId::Report => monitor::render(self),
            PageId::Goal(i) => goals::page(self, i),
            PageId::Agency(i) => agencies::page(self, i),
            PageId::TasksByStatus(s) => tasks::by_status(self, s),
            PageId::Task(i) => tasks::page(self, i),
            PageId::ProgressPage(num) => {
                let n = self.progress_page_count();
                if num == 0 || num > n {
                    // A page the preview remembered from before entries went away.
                    return Ok(());
                }
                let size = self.site.config.page_size.max(1);
                let start = ((num - 1) * size).min(self.visible.len());
                let end = (start + size).min(self.visible.len());
                progress::index_page(self, num, &self.visible[start..end], n)
            }
            PageId::Entry(i) => progress::entry(self, i),
            PageId::Practice(i) => practices::page(self, i),
            PageId::Locality(i) => localities::page(self, i),
            PageId::Bulletins => self.digests(),
            PageId::NotFound => gone::not_found(self),
            PageId::DataSnapshot(k) => self.data_snapshot(k),
            PageId::Calendars => self.calendars(),
            PageId::Aliases => gone::aliases(self),
            PageId::ProgressFeed => self.progress_feed(),
            PageId::PracticesFeed => self.practices_feed(),
            PageId::AgencyFeed(i) => self.agency_feed(i),
            PageId::LocalityFeed(i) => self.locality_feed(i),
            PageId::AgencyCard(i) => embeds::agency(self, i),
            PageId::LocalityCard(i) => embeds::locality(self, i),
            PageId::Sitemap => self.sitemap(),
            PageId::Outreach => self.outreach_pages(),
            PageId::ShareImages => self.share_images(),
        }
    }

    /// Render `pages` in one parallel pass, the longest first.
    pub fn render_pages(&self, mut pages: Vec<PageId>) -> Result<(), RenderError> {
        pages.sort_by_key(|&p| std::cmp::Reverse(self.weight(p)));
        each_page(&pages, |p| self.render_page(p))
    }
}

/// Run `f` on every page of `pages` in parallel, the build's and the preview's
/// renders alike. Every page can be taken by an idle thread: left to rayon's own
/// split, a thread ends up with a run of pages no other thread may take, and at
/// 10,000 reports one core sat idle for 0.6 s while the other rendered the last
/// run alone (bench/NOTES.md).
pub fn each_page(
    pages: &[PageId],
    f: impl Fn(PageId) -> Result<(), RenderError> + Sync + Send,
) -> Result<(), RenderError> {
    use rayon::prelude::*;
    pages.par_iter().with_max_len(1).try_for_each(|&p| f(p))
}
