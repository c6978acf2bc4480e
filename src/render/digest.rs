//! Bulletins ("bản tin"): for every month and every quarter from the first report up
//! to the as-of date, what was reported, which tasks were finished, which fell
//! overdue and which model practices were added. Each is a page
//! (`ban-tin/2026-06/`, `ban-tin/2026-q2/`), a plain-text version ready to paste into
//! a Zalo official account message or an email (`ban-tin.txt` beside it), and an
//! entry of the bulletins' Atom feed (`ban-tin/atom.xml`).
//!
//! "Finished" and "fell overdue" compare the tasks' statuses as of the day before the
//! period with those as of its last day (or the as-of date, for the period still
//! running), using the same rules as every other page (`model::status`).

use std::collections::{BTreeMap, BTreeSet};

use atom_syndication::{Entry as AtomEntry, Person, Text};
use rayon::prelude::*;
use serde::Serialize;

use super::context::{Ctx, FeedLink};
use super::error::RenderError;
use super::feeds::{link, when, FEED_LEN};
use super::format;
use super::views::{EntryRow, PracticeRow, TaskView};
use crate::model::deadline::days_in_month;
use crate::model::{Date, Language, Site, Status, TaskProgress};

/// Site paths of the bulletins.
pub mod paths {
    pub const INDEX: &str = "ban-tin/";
    pub const FEED: &str = "ban-tin/atom.xml";
    /// The file name of a bulletin's plain-text version, inside its folder.
    pub const TEXT: &str = "ban-tin.txt";

    pub fn digest(id: &str) -> String {
        format!("ban-tin/{id}/")
    }
    pub fn text(id: &str) -> String {
        format!("ban-tin/{id}/{TEXT}")
    }
}

/// The UTF-8 byte order mark each plain-text bulletin starts with.
pub const TEXT_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How many items of each list the plain-text version carries (a chat message must
/// stay short; the page has them all).
pub const TEXT_ITEMS: usize = 10;

/// How many of a period's reports its bulletin's page lists, newest first. A
/// province's month is a few hundred; a country's 3,321 communes reporting
/// monthly would make a quarter's page tens of megabytes, which no phone
/// opens. Past this, the page says how many more there are and on which pages
/// of the progress list they are (the period's `tien-do.csv` has them all).
pub const PAGE_ENTRIES: usize = 500;

/// A month or a quarter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// `2026-06` or `2026-q2`: the bulletin's address.
    pub id: String,
    pub quarter: bool,
    pub year: i32,
    /// The month (1–12) or the quarter (1–4).
    pub n: u32,
    pub start: Date,
    /// Its last day.
    pub end: Date,
}

impl Period {
    pub fn month(year: i32, month: u32) -> Period {
        let start = Date::ymd(year, month, 1).expect("a valid month");
        let end = Date::ymd(year, month, days_in_month(year, month)).expect("a valid day");
        Period {
            id: format!("{year}-{month:02}"),
            quarter: false,
            year,
            n: month,
            start,
            end,
        }
    }

    pub fn quarter(year: i32, q: u32) -> Period {
        let first = (q - 1) * 3 + 1;
        let last = first + 2;
        Period {
            id: format!("{year}-q{q}"),
            quarter: true,
            year,
            n: q,
            start: Date::ymd(year, first, 1).expect("a valid month"),
            end: Date::ymd(year, last, days_in_month(year, last)).expect("a valid day"),
        }
    }

    /// "tháng 6/2026", "quý II/2026".
    pub fn label(&self, lang: Language) -> String {
        if self.quarter {
            format::quarter(self.year, self.n, lang)
        } else {
            format::month(self.year, self.n, lang)
        }
    }

    /// The day before the period.
    pub fn before(&self) -> Date {
        Date(self.start.0.pred_opt().unwrap_or(self.start.0))
    }

    pub fn contains(&self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }
}

/// Every month and every quarter from the one holding `first` to the one holding
/// `last`, oldest first (months, then quarters).
pub fn periods(first: Date, last: Date) -> Vec<Period> {
    let mut out = Vec::new();
    if first > last {
        return out;
    }
    let (mut y, mut m) = (first.year(), first.month());
    while (y, m) <= (last.year(), last.month()) {
        out.push(Period::month(y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let (mut y, mut q) = (first.year(), first.quarter());
    while (y, q) <= (last.year(), last.quarter()) {
        out.push(Period::quarter(y, q));
        (y, q) = if q == 4 { (y + 1, 1) } else { (y, q + 1) };
    }
    out
}

/// What happened in one period.
#[derive(Debug, Clone)]
pub struct Digest {
    pub period: Period,
    /// The last day counted: the period's end, or the as-of date if sooner.
    pub until: Date,
    /// Reports dated in the period, newest first.
    pub entries: Vec<usize>,
    /// Where the first of `entries` is in the list they were taken from (the
    /// progress list's order: the rest follow it there, one after another).
    pub first_pos: usize,
    /// Tasks done at the end and not before it, with the day they were done.
    pub finished: Vec<(usize, Option<Date>)>,
    /// Tasks that became overdue in the period: (task, finished late within it).
    pub overdue: Vec<(usize, bool)>,
    /// Practices dated in the period, newest first.
    pub practices: Vec<usize>,
}

impl Digest {
    /// `visible` and `practices` are the site's entries and practices up to the as-of
    /// date, newest first; `before` and `at_end` the tasks' statuses as of the day
    /// before the period and as of `until`.
    pub fn compute(
        site: &Site,
        period: Period,
        until: Date,
        visible: &[usize],
        practices: &[usize],
        before: &[TaskProgress],
        at_end: &[TaskProgress],
    ) -> Digest {
        let in_period = |d: Date| period.start <= d && d <= until;
        // `visible` is newest first: the period's reports are one run of it.
        let first_pos = visible
            .iter()
            .position(|&e| in_period(site.entries[e].date))
            .unwrap_or(visible.len());
        let entries = visible[first_pos..]
            .iter()
            .copied()
            .take_while(|&e| in_period(site.entries[e].date))
            .collect();
        let practices = practices
            .iter()
            .copied()
            .filter(|&p| in_period(site.practices[p].date))
            .collect();
        let mut finished = Vec::new();
        let mut overdue = Vec::new();
        for (i, task) in site.tasks.iter().enumerate() {
            let (b, e) = (&before[i], &at_end[i]);
            let done_now = e.status == Status::Done && b.status != Status::Done;
            if done_now {
                finished.push((i, e.done_on));
            }
            let deadline = task.due.as_ref().and_then(|d| d.end());
            let done_late = done_now
                && matches!((e.done_on, deadline), (Some(on), Some(end)) if on > end && end >= period.before());
            if !b.late && (e.late || done_late) {
                overdue.push((i, done_late));
            }
        }
        finished.sort_by_key(|&(i, on)| (on, i));
        overdue.sort_by_key(|&(i, _)| (site.tasks[i].due.as_ref().and_then(|d| d.end()), i));
        Digest {
            period,
            until,
            entries,
            first_pos,
            finished,
            overdue,
            practices,
        }
    }
}

/// What both the page and the plain-text version of a bulletin show.
#[derive(Serialize)]
struct DigestContext<'a> {
    digest: DigestHeader,
    /// The first [`PAGE_ENTRIES`] of the period's reports.
    entries: Vec<&'a EntryRow>,
    /// Where the rest are, when there are more.
    more_entries: Option<MoreEntries>,
    finished: Vec<TaskItem<'a>>,
    overdue: Vec<TaskItem<'a>>,
    practices: Vec<PracticeRow>,
    /// How many items of each list the plain text shows.
    text_items: usize,
}

/// The reports of a period that its bulletin's page does not list: how many,
/// and the pages of the progress list (`tien-do/`) that have them.
#[derive(Serialize)]
struct MoreEntries {
    shown: usize,
    count: usize,
    from_page: usize,
    to_page: usize,
    from_url: String,
}

#[derive(Serialize)]
struct DigestHeader {
    id: String,
    quarter: bool,
    label: String,
    title: String,
    start: String,
    until: String,
    end: String,
    /// The period is not over yet (the bulletin runs until `until`).
    partial: bool,
    url: String,
    text_url: String,
    illustrative: bool,
    counts: DigestCounts,
}

#[derive(Serialize, Clone, Copy)]
struct DigestCounts {
    entries: usize,
    finished: usize,
    overdue: usize,
    practices: usize,
}

impl DigestCounts {
    fn of(d: &Digest) -> DigestCounts {
        DigestCounts {
            entries: d.entries.len(),
            finished: d.finished.len(),
            overdue: d.overdue.len(),
            practices: d.practices.len(),
        }
    }
}

/// A bulletin's page: its context, its neighbours of the same kind and its text.
#[derive(Serialize)]
struct DigestPage<'a> {
    #[serde(flatten)]
    body: &'a DigestContext<'a>,
    prev: Option<DigestLink>,
    next: Option<DigestLink>,
    text: &'a str,
}

/// A bulletin as a list or a neighbour links to it.
#[derive(Serialize)]
struct DigestLink {
    label: String,
    title: String,
    url: String,
    id: String,
    partial: bool,
    illustrative: bool,
    counts: DigestCounts,
}

#[derive(Serialize)]
struct DigestIndex {
    /// Newest first.
    months: Vec<DigestLink>,
    quarters: Vec<DigestLink>,
    feed: String,
}

#[derive(Serialize)]
struct TaskItem<'a> {
    task: &'a TaskView,
    date: Option<String>,
    late: bool,
}

impl Ctx<'_> {
    /// The first day any bulletin covers: the plan's date of issue, or the first
    /// report or practice.
    fn first_day(&self) -> Option<Date> {
        let site = self.site;
        let first_entry = self.visible.iter().map(|&e| site.entries[e].date).min();
        let first_practice = self
            .practices_desc
            .iter()
            .map(|&p| site.practices[p].date)
            .min();
        // A date far before the plan (a typo: `0206-05-01`) would make a
        // bulletin for every month since; bulletins start a year before the
        // plan at the earliest, and within the site's date window.
        let window = site.date_window();
        let earliest = site
            .plan_start()
            .and_then(|d| Date::ymd(d.year() - 1, 1, 1))
            .map_or(*window.start(), |d| d.max(*window.start()));
        [site.plan.issued_on, first_entry, first_practice]
            .into_iter()
            .flatten()
            .filter(|d| *d <= self.last_day())
            .min()
            .map(|d| d.max(earliest))
    }

    /// The last day any bulletin covers: the as-of date, or the end of the
    /// site's date window if that is sooner (`--as-of 9999-12-31`).
    fn last_day(&self) -> Date {
        self.progress.as_of.min(*self.site.date_window().end())
    }

    /// Every bulletin, oldest first (months, then quarters).
    pub fn digest_list(&self) -> Vec<Digest> {
        let as_of = self.progress.as_of;
        let Some(first) = self.first_day() else {
            return Vec::new();
        };
        let list = periods(first, self.last_day());
        let mut dates: BTreeSet<Date> = BTreeSet::new();
        for p in &list {
            dates.insert(p.before());
            dates.insert(p.end.min(as_of));
        }
        // Only the tasks' statuses are kept of each date (not the per-commune cells,
        // which a big site has by the hundred thousand); the as-of date's are the build's.
        let snapshots: BTreeMap<Date, Vec<TaskProgress>> = dates
            .into_par_iter()
            .filter(|&d| d != as_of)
            .map(|d| (d, self.site.progress(d).tasks))
            .collect();
        let tasks_at = |d: Date| -> &[TaskProgress] {
            if d == as_of {
                &self.progress.tasks
            } else {
                &snapshots[&d]
            }
        };
        list.into_par_iter()
            .map(|p| {
                let until = p.end.min(as_of);
                let before = tasks_at(p.before());
                let at_end = tasks_at(until);
                Digest::compute(
                    self.site,
                    p,
                    until,
                    &self.visible,
                    &self.practices_desc,
                    before,
                    at_end,
                )
            })
            .collect()
    }

    fn digest_title(&self, p: &Period) -> String {
        format!("{} {}", self.t("digest"), p.label(self.lang()))
    }

    fn digest_illustrative(&self, d: &Digest) -> bool {
        let site = self.site;
        site.config.demo
            || d.entries.iter().any(|&e| site.entries[e].illustrative)
            || d.practices.iter().any(|&p| site.practices[p].illustrative)
            || d.finished
                .iter()
                .any(|&(t, _)| self.views.tasks[t].illustrative)
            || d.overdue
                .iter()
                .any(|&(t, _)| self.views.tasks[t].illustrative)
    }

    /// What both the page and the plain-text version of a bulletin show.
    fn digest_context(&self, d: &Digest) -> DigestContext<'_> {
        let lang = self.lang();
        let site = self.site;
        let shown = d.entries.len().min(PAGE_ENTRIES);
        let rows: Vec<&EntryRow> = self.rows(&d.entries[..shown]);
        let more_entries = (d.entries.len() > shown).then(|| {
            // The progress list pages `visible` (where the period's reports run
            // from `first_pos`) by the site's page size.
            let size = site.config.page_size.max(1);
            let from_page = (d.first_pos + shown) / size + 1;
            MoreEntries {
                shown,
                count: d.entries.len() - shown,
                from_page,
                to_page: (d.first_pos + d.entries.len() - 1) / size + 1,
                from_url: self.urls.rel(&super::urls::paths::progress_page(from_page)),
            }
        });
        let finished: Vec<TaskItem> = d
            .finished
            .iter()
            .map(|&(i, on)| TaskItem {
                task: &self.views.tasks[i],
                date: on.map(|x| format::date_short(x, lang)),
                late: d.overdue.iter().any(|&(t, late)| t == i && late),
            })
            .collect();
        let overdue: Vec<TaskItem> = d
            .overdue
            .iter()
            .map(|&(i, late)| TaskItem {
                task: &self.views.tasks[i],
                date: site.tasks[i]
                    .due
                    .as_ref()
                    .and_then(|x| x.end())
                    .map(|x| format::date_short(x, lang)),
                late,
            })
            .collect();
        let practices: Vec<PracticeRow> = d
            .practices
            .iter()
            .map(|&p| self.views.practice_row(site, p, &self.urls, self.strings))
            .collect();
        let p = &d.period;
        DigestContext {
            digest: DigestHeader {
                id: p.id.clone(),
                quarter: p.quarter,
                label: p.label(lang),
                title: self.digest_title(p),
                start: format::date_short(p.start, lang),
                until: format::date_short(d.until, lang),
                end: format::date_short(p.end, lang),
                partial: d.until < p.end,
                url: self.urls.abs(&paths::digest(&p.id)),
                text_url: self.urls.rel(&paths::text(&p.id)),
                illustrative: self.digest_illustrative(d),
                counts: DigestCounts::of(d),
            },
            entries: rows,
            more_entries,
            finished,
            overdue,
            practices,
            text_items: TEXT_ITEMS,
        }
    }

    /// The plain-text version of a bulletin.
    fn digest_text(&self, ctx: &DigestContext) -> Result<String, RenderError> {
        let mut c = tera::Context::from_serialize(ctx)
            .map_err(|e| super::error::template_error("digest.txt", &e))?;
        c.insert("site", &self.site_view);
        let text = super::error::render_template(self.tera, "digest.txt", &c)?;
        // Tidy: no trailing spaces, at most one empty line in a row, one final newline.
        let mut out = String::with_capacity(text.len());
        let mut blank = true;
        for line in text.lines().map(str::trim_end) {
            if line.is_empty() {
                if !blank {
                    out.push('\n');
                }
                blank = true;
            } else {
                out.push_str(line);
                out.push('\n');
                blank = false;
            }
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        Ok(out)
    }

    /// Every bulletin's page and text, their index and their feed.
    pub fn digests(&self) -> Result<(), RenderError> {
        let list = self.digest_list();
        let link_of = |d: &Digest| DigestLink {
            label: d.period.label(self.lang()),
            title: self.digest_title(&d.period),
            url: self.urls.rel(&paths::digest(&d.period.id)),
            id: d.period.id.clone(),
            partial: d.until < d.period.end,
            illustrative: self.digest_illustrative(d),
            counts: DigestCounts::of(d),
        };
        let feed = FeedLink {
            title: self.t("feed_digests"),
            href: self.urls.rel(paths::FEED),
        };
        let texts: Vec<(usize, String)> = list
            .par_iter()
            .enumerate()
            .map(|(k, d)| {
                let p = &d.period;
                let body = self.digest_context(d);
                let text = self.digest_text(&body)?;
                // With a BOM, so that a host serving `.txt` as `text/plain`
                // without a charset (and Notepad) reads it as UTF-8.
                let mut file = Vec::with_capacity(text.len() + 3);
                file.extend_from_slice(TEXT_BOM);
                file.extend_from_slice(text.as_bytes());
                self.sink.write(&paths::text(&p.id), &file)?;
                // The neighbours of the same kind.
                let same: Vec<&Digest> = list
                    .iter()
                    .filter(|x| x.period.quarter == p.quarter)
                    .collect();
                let pos = same.iter().position(|x| x.period == *p).unwrap_or(0);
                let page = DigestPage {
                    body: &body,
                    prev: pos.checked_sub(1).map(|i| link_of(same[i])),
                    next: same.get(pos + 1).map(|x| link_of(x)),
                    text: &text,
                };
                let path = paths::digest(&p.id);
                let title = self.digest_title(p);
                let mut meta = self.meta(
                    &path,
                    title.clone(),
                    format!(
                        "{title}: {} {}, {} {}, {} {}, {} {}.",
                        d.entries.len(),
                        self.t("entries_count"),
                        d.finished.len(),
                        self.t("digest_finished_count"),
                        d.overdue.len(),
                        self.t("digest_overdue_count"),
                        d.practices.len(),
                        self.t("digest_practices_count"),
                    ),
                    "",
                );
                meta.crumbs = vec![self.crumb("home", ""), self.crumb("digests", paths::INDEX)];
                meta.og_type = "article";
                meta.illustrative = self.digest_illustrative(d);
                meta.feeds.push(feed.clone());
                self.render("digest.html", &path, &meta, &page)?;
                Ok((k, text))
            })
            .collect::<Result<Vec<_>, RenderError>>()?;

        let months: Vec<DigestLink> = list
            .iter()
            .rev()
            .filter(|d| !d.period.quarter)
            .map(link_of)
            .collect();
        let quarters: Vec<DigestLink> = list
            .iter()
            .rev()
            .filter(|d| d.period.quarter)
            .map(link_of)
            .collect();
        let mut meta = self.meta(paths::INDEX, self.t("digests"), self.t("digests_intro"), "");
        meta.crumbs.push(self.crumb("home", ""));
        meta.feeds.push(feed);
        meta.illustrative = list.iter().any(|d| self.digest_illustrative(d));
        self.render(
            "digests.html",
            paths::INDEX,
            &meta,
            &DigestIndex {
                months,
                quarters,
                feed: self.urls.rel(paths::FEED),
            },
        )?;
        self.digest_feed(&list, &texts)
    }

    fn digest_feed(&self, list: &[Digest], texts: &[(usize, String)]) -> Result<(), RenderError> {
        let tz = self.tz();
        let mut order: Vec<usize> = (0..list.len()).collect();
        // Newest first; a month before the quarter that ends with it.
        order.sort_by_key(|&k| {
            let d = &list[k];
            (
                std::cmp::Reverse(d.until),
                d.period.quarter,
                d.period.id.clone(),
            )
        });
        let text_of: BTreeMap<usize, &String> = texts.iter().map(|(k, t)| (*k, t)).collect();
        let entries: Vec<AtomEntry> = order
            .iter()
            .take(FEED_LEN)
            .map(|&k| {
                let d = &list[k];
                let p = &d.period;
                let url = self.urls.abs(&paths::digest(&p.id));
                let mut e = AtomEntry::default();
                e.set_title(Text::plain(
                    self.marked(&self.digest_title(p), self.digest_illustrative(d)),
                ));
                e.set_id(url.clone());
                e.set_updated(when(d.until, tz));
                // The day the period began, when its bulletin first appeared:
                // the same whatever the as-of date (`updated` follows it).
                e.set_published(Some(when(p.start, tz)));
                let mut text = link(self.urls.abs(&paths::text(&p.id)), "alternate");
                text.set_mime_type(Some("text/plain".to_string()));
                let mut html = link(url, "alternate");
                html.set_mime_type(Some("text/html".to_string()));
                e.set_links(vec![html, text]);
                e.set_summary(Some(Text::plain(
                    text_of.get(&k).map(|t| t.as_str()).unwrap_or_default(),
                )));
                let mut who = Person::default();
                who.set_name(
                    self.site
                        .config
                        .publisher
                        .clone()
                        .unwrap_or_else(|| self.site.config.title.clone()),
                );
                e.set_authors(vec![who]);
                e
            })
            .collect();
        self.write_atom(
            paths::FEED,
            format!("{} — {}", self.site.config.title, self.t("digests")),
            paths::INDEX,
            list.iter()
                .map(|d| d.until)
                .max()
                .unwrap_or(self.progress.as_of),
            entries,
        )
    }

    /// Every bulletin's period, oldest first (months, then quarters).
    pub fn digest_periods(&self) -> Vec<Period> {
        self.first_day()
            .map(|first| periods(first, self.last_day()))
            .unwrap_or_default()
    }

    /// The bulletins' index path, and each bulletin's path with the last day
    /// its content changed: its period's last day, or the as-of date.
    pub fn digest_lastmods(&self) -> (&'static str, Vec<(String, Date)>) {
        let as_of = self.progress.as_of;
        let dated = self
            .digest_periods()
            .iter()
            .map(|p| (paths::digest(&p.id), p.end.min(as_of)))
            .collect();
        (paths::INDEX, dated)
    }

    /// Site paths of the bulletins' pages, for the sitemap.
    pub fn digest_paths(&self) -> Vec<String> {
        let mut v = vec![paths::INDEX.to_string()];
        v.extend(self.digest_periods().iter().map(|p| paths::digest(&p.id)));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn months_and_quarters_from_first_report_to_as_of() {
        let ids: Vec<String> = periods(d("2026-03-16"), d("2026-07-15"))
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(
            ids,
            [
                "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-q1", "2026-q2",
                "2026-q3"
            ]
        );
        let q = Period::quarter(2026, 2);
        assert_eq!((q.start, q.end), (d("2026-04-01"), d("2026-06-30")));
        assert_eq!(q.before(), d("2026-03-31"));
        assert_eq!(Period::month(2028, 2).end, d("2028-02-29"));
        assert_eq!(q.label(Language::Vi), "quý II/2026");
        assert!(periods(d("2027-01-01"), d("2026-01-01")).is_empty());
        let ids: Vec<String> = periods(d("2026-11-20"), d("2027-01-02"))
            .into_iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(ids, ["2026-11", "2026-12", "2027-01", "2026-q4", "2027-q1"]);
    }
}
