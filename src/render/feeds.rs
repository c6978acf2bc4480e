//! Atom feeds (all progress, per agency, per locality, model practices), the
//! sitemap and robots.txt. Feeds are written with atom_syndication; dates come
//! from the content, never from the clock, so two builds are identical.

use atom_syndication::{
    Category, Entry as AtomEntry, Feed, FixedDateTime, Link as AtomLink, Person, Text,
};
use chrono::{FixedOffset, NaiveTime};

use super::context::Ctx;
use super::error::RenderError;
use super::markdown;
use super::pages::PageId;
use super::urls::paths;
use super::views;
use crate::model::{Date, Status};

/// How many items a feed carries (readers poll feeds; older items are on the site).
pub const FEED_LEN: usize = 50;

pub(super) fn when(d: Date, tz: FixedOffset) -> FixedDateTime {
    d.0.and_time(NaiveTime::MIN)
        .and_local_timezone(tz)
        .single()
        .unwrap_or_else(|| d.0.and_time(NaiveTime::MIN).and_utc().fixed_offset())
}

pub(super) fn link(href: String, rel: &str) -> AtomLink {
    let mut l = AtomLink::default();
    l.set_href(href);
    l.set_rel(rel);
    if rel == "self" {
        l.set_mime_type(Some("application/atom+xml".to_string()));
    }
    l
}

struct Item {
    id: String,
    title: String,
    date: Date,
    summary: String,
    author: String,
    url: String,
    /// Atom categories: (term, label, scheme), e.g. who leads the task reported on,
    /// and `illustrative` for an item that is not a real report.
    categories: Vec<(String, String, Option<String>)>,
}

impl Ctx<'_> {
    pub(super) fn tz(&self) -> FixedOffset {
        self.site
            .config
            .timezone
            .parse()
            .unwrap_or_else(|_| FixedOffset::east_opt(7 * 3600).expect("valid offset"))
    }

    /// An Atom category for each agency in task `ti`'s chain of responsibility
    /// (who leads, coordinates, directs), added to `categories` once.
    fn role_categories(&self, ti: usize, categories: &mut Vec<(String, String, Option<String>)>) {
        let v = &self.views.tasks[ti];
        let roles = std::iter::once(("lead", &v.lead))
            .chain(v.support.iter().map(|a| ("support", a)))
            .chain(v.directed_by.iter().map(|a| ("directed_by", a)));
        for (role, a) in roles {
            let label = format!(
                "{}: {}",
                self.strings.get(role).map(|s| s.as_str()).unwrap_or(role),
                a.name
            );
            let cat = (
                format!("{role}:{}", a.id),
                label,
                Some(self.urls.abs(paths::AGENCIES)),
            );
            if !categories.contains(&cat) {
                categories.push(cat);
            }
        }
    }

    fn entry_item(&self, i: usize) -> Item {
        let e = &self.site.entries[i];
        let row = &self.entry_rows[i];
        let mut summary = self.entry_excerpt(i).to_string();
        if e.illustrative {
            let note = self
                .strings
                .get("illustrative_notice")
                .cloned()
                .unwrap_or_default();
            summary = format!("{note} {summary}");
        }
        let mut categories = Vec::new();
        if e.illustrative {
            categories.push(self.illustrative_category());
        }
        // The chain of responsibility of each task reported on.
        for t in e.task_ids() {
            if let Some(&ti) = self.site.index.task.get(t) {
                self.role_categories(ti, &mut categories);
            }
        }
        Item {
            id: self.urls.abs(&paths::entry(&e.id)),
            title: self.marked(&e.title, e.illustrative),
            date: e.date,
            summary,
            author: row
                .reporter
                .as_ref()
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            url: self.urls.abs(&paths::entry(&e.id)),
            categories,
        }
    }

    /// The category every feed item that is not a real report carries.
    fn illustrative_category(&self) -> (String, String, Option<String>) {
        let label = self
            .strings
            .get("illustrative")
            .cloned()
            .unwrap_or_else(|| "Minh họa".into());
        ("illustrative".into(), label, None)
    }

    fn write_feed(
        &self,
        path: &str,
        title: String,
        page: &str,
        items: Vec<Item>,
    ) -> Result<(), RenderError> {
        let tz = self.tz();
        let updated = items
            .iter()
            .map(|i| i.date)
            .max()
            .unwrap_or(self.progress.as_of);
        let entries: Vec<AtomEntry> = items
            .into_iter()
            .map(|it| {
                let mut e = AtomEntry::default();
                e.set_title(Text::plain(it.title));
                e.set_id(it.id);
                e.set_updated(when(it.date, tz));
                e.set_published(Some(when(it.date, tz)));
                e.set_links(vec![link(it.url, "alternate")]);
                e.set_summary(Some(Text::plain(it.summary)));
                let mut p = Person::default();
                p.set_name(if it.author.is_empty() {
                    self.site_view.title.clone()
                } else {
                    it.author
                });
                e.set_authors(vec![p]);
                e.set_categories(
                    it.categories
                        .into_iter()
                        .map(|(term, label, scheme)| {
                            let mut c = Category::default();
                            c.set_term(term);
                            c.set_label(Some(label));
                            c.set_scheme(scheme);
                            c
                        })
                        .collect::<Vec<_>>(),
                );
                e
            })
            .collect();
        self.write_atom(path, title, page, updated, entries)
    }

    /// Write the Atom feed at `path`, titled `title`, of `entries` (updated
    /// last on `updated`), whose page on the site is `page`. Every feed of the
    /// site is written here: the portal's and the bulletins'.
    pub(super) fn write_atom(
        &self,
        path: &str,
        title: String,
        page: &str,
        updated: Date,
        entries: Vec<AtomEntry>,
    ) -> Result<(), RenderError> {
        let mut feed = Feed::default();
        feed.set_title(Text::plain(title));
        feed.set_id(self.urls.abs(path));
        feed.set_updated(when(updated, self.tz()));
        feed.set_lang(Some(self.site_view.lang.to_string()));
        let mut links = vec![
            link(self.urls.abs(path), "self"),
            link(self.urls.abs(page), "alternate"),
        ];
        // The licence of what the feed carries: in words (`rights`) and as a
        // link (RFC 4946).
        if let Some(l) = self.site.config.license() {
            feed.set_rights(Some(Text::plain(format!(
                "{} {} ({}): {}",
                self.t("data_license_text"),
                l.short,
                l.name,
                l.url
            ))));
            links.push(link(l.url, "license"));
        }
        feed.set_links(links);
        let mut gen = atom_syndication::Generator::default();
        gen.set_value("tiendo");
        feed.set_generator(Some(gen));
        feed.set_entries(entries);
        // `write_to` writes the XML declaration itself: one more before it
        // makes the feed malformed XML that strict parsers refuse.
        let xml = feed
            .write_to(Vec::new())
            .map_err(|e| RenderError::Other(format!("feed {path}: {e}")))?;
        // Check refuses control characters in content; should one get here, it is
        // left out, so the feed stays well-formed XML.
        let clean =
            std::str::from_utf8(&xml)
                .ok()
                .and_then(|t| match crate::chars::strip_forbidden(t) {
                    std::borrow::Cow::Owned(s) => Some(s),
                    std::borrow::Cow::Borrowed(_) => None,
                });
        let xml = clean.map_or(xml, String::into_bytes);
        self.sink.write(path, &xml)
    }

    fn progress_title(&self) -> String {
        self.strings
            .get("feed_progress")
            .cloned()
            .unwrap_or_default()
    }

    /// The latest progress entries of the whole site.
    pub fn progress_feed(&self) -> Result<(), RenderError> {
        let all: Vec<Item> = self
            .visible
            .iter()
            .take(FEED_LEN)
            .map(|&i| self.entry_item(i))
            .collect();
        self.write_feed(
            paths::PROGRESS_FEED,
            format!("{} — {}", self.site.config.title, self.progress_title()),
            paths::PROGRESS,
            all,
        )
    }

    /// The latest model practices.
    pub fn practices_feed(&self) -> Result<(), RenderError> {
        let site = self.site;
        let practices: Vec<Item> = self
            .practices_desc
            .iter()
            .take(FEED_LEN)
            .map(|&i| {
                let p = &site.practices[i];
                let mut summary = p
                    .summary
                    .clone()
                    .unwrap_or_else(|| markdown::excerpt(&markdown::to_text(&p.body), 400));
                if p.illustrative {
                    summary = format!(
                        "{} {summary}",
                        self.strings
                            .get("illustrative_notice")
                            .cloned()
                            .unwrap_or_default()
                    );
                }
                Item {
                    id: self.urls.abs(&paths::practice(&p.id)),
                    title: self.marked(&p.title, p.illustrative),
                    date: p.date,
                    summary,
                    author: site
                        .agency(&p.agency)
                        .map(|a| a.name.clone())
                        .unwrap_or_default(),
                    url: self.urls.abs(&paths::practice(&p.id)),
                    categories: if p.illustrative {
                        vec![self.illustrative_category()]
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        let practices_title = self
            .strings
            .get("feed_practices")
            .cloned()
            .unwrap_or_default();
        self.write_feed(
            paths::PRACTICES_FEED,
            format!("{} — {}", site.config.title, practices_title),
            paths::PRACTICES,
            practices,
        )
    }

    /// The latest of `list` (entry indices, oldest first) dated on or before as_of.
    fn latest(&self, list: &[usize]) -> Vec<Item> {
        list.iter()
            .rev()
            .filter(|&&e| self.site.entries[e].date <= self.progress.as_of)
            .take(FEED_LEN)
            .map(|&e| self.entry_item(e))
            .collect()
    }

    /// The latest reports of agency `a`.
    pub fn agency_feed(&self, a: usize) -> Result<(), RenderError> {
        let ag = &self.site.agencies[a];
        self.write_feed(
            &paths::agency_feed(&ag.id),
            format!("{} — {}", ag.name, self.progress_title()),
            &paths::agency(&ag.id),
            self.latest(&self.site.index.entries_of_agency[a]),
        )
    }

    /// The latest reports of commune/ward `l`, and the tasks it is overdue on
    /// (each dated the day after its deadline, the day it became overdue), with
    /// the status as its pages show it: "Quá hạn · chưa báo cáo".
    pub fn locality_feed(&self, l: usize) -> Result<(), RenderError> {
        let site = self.site;
        let loc = &site.localities[l];
        let mut items = self.latest(&site.index.entries_of_locality[l]);
        let page = self.urls.abs(&paths::locality(&loc.id));
        for (ti, task) in site.tasks.iter().enumerate() {
            let Some(p) = self.progress.per_locality[ti].get(l) else {
                continue;
            };
            let Some(end) = task.due.as_ref().and_then(|d| d.end()) else {
                continue;
            };
            if p.status != Status::Overdue {
                continue;
            }
            let view = &self.views.tasks[ti];
            let mut status = self.t("status_overdue");
            if p.entries == 0 {
                status = format!("{status} · {}", self.t("not_reported_note"));
            }
            // A status read from illustrative reports (or a demo site's) is illustrative too.
            let illustrative = site.config.demo
                || site.index.entries_of_locality[l].iter().any(|&e| {
                    let e = &site.entries[e];
                    e.illustrative
                        && e.date <= self.progress.as_of
                        && e.task_ids().any(|t| t == task.id)
                });
            let mut summary = format!(
                "{}: {} — {} {} · {}: {} {status}",
                loc.name,
                task.title,
                self.t("deadline"),
                view.due,
                self.t("status"),
                views::status_icon(Status::Overdue),
            );
            if illustrative {
                summary = format!("{} {summary}", self.t("illustrative_notice"));
            }
            items.push(Item {
                id: format!("{page}#qua-han-{}", task.id),
                title: self.marked(&format!("{status}: {}", task.title), illustrative),
                date: end.next_day(),
                summary,
                author: String::new(),
                url: self.urls.abs(&paths::task(&task.id)),
                categories: {
                    let mut categories = Vec::new();
                    if illustrative {
                        categories.push(self.illustrative_category());
                    }
                    self.role_categories(ti, &mut categories);
                    categories
                },
            });
        }
        // Newest first; an entry and an overdue task of one day keep a fixed order.
        items.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        items.truncate(FEED_LEN);
        self.write_feed(
            &paths::locality_feed(&loc.id),
            format!("{} — {}", loc.name, self.progress_title()),
            &paths::locality(&loc.id),
            items,
        )
    }
}

/// XML text escaping for the sitemap: HTML's five characters are XML's too.
use super::escape_html as xml_escape;

/// The most URLs one sitemap file may list (sitemaps.org).
const SITEMAP_MAX: usize = 50_000;

fn urlset(urls: &super::Urls, pages: &[(String, Option<Date>)]) -> String {
    let mut xml = String::with_capacity(pages.len() * 110 + 200);
    xml.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (p, lastmod) in pages {
        xml.push_str("<url><loc>");
        xml.push_str(&xml_escape(&urls.abs(p)));
        xml.push_str("</loc>");
        if let Some(d) = lastmod {
            xml.push_str("<lastmod>");
            xml.push_str(&d.iso());
            xml.push_str("</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The dates a page's content last changed on, up to the as-of date: its
/// own records' dates and the days its tasks' statuses changed.
struct Lastmod {
    /// Each task's: its latest report and, once past, the day after its deadline.
    tasks: Vec<Option<Date>>,
    /// The whole site's: the latest of every date below.
    site: Option<Date>,
}

impl Ctx<'_> {
    fn lastmods(&self) -> Lastmod {
        let site = self.site;
        let as_of = self.progress.as_of;
        let upto = |d: Date| (d <= as_of).then_some(d);
        let tasks: Vec<Option<Date>> = site
            .tasks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let reported = site.index.entries_of_task[i]
                    .iter()
                    .map(|&e| site.entries[e].date)
                    .filter(|&d| d <= as_of)
                    .max();
                // A task still late became overdue the day after its deadline.
                let overdue = t
                    .due
                    .as_ref()
                    .and_then(|d| d.end())
                    .filter(|_| self.progress.tasks[i].late)
                    .and_then(|d| upto(d.next_day()));
                [reported, overdue, site.plan.issued_on.and_then(upto)]
                    .into_iter()
                    .flatten()
                    .max()
            })
            .collect();
        let site_wide = tasks
            .iter()
            .copied()
            .chain(self.visible.first().map(|&e| Some(site.entries[e].date)))
            .chain(
                self.practices_desc
                    .first()
                    .map(|&p| Some(site.practices[p].date)),
            )
            .flatten()
            .max();
        Lastmod {
            tasks,
            site: site_wide,
        }
    }

    /// When `page`'s content last changed, for the sitemap's `<lastmod>`.
    fn lastmod(&self, page: PageId, m: &Lastmod) -> Option<Date> {
        let site = self.site;
        let tasks_max =
            |list: &mut dyn Iterator<Item = usize>| list.filter_map(|i| m.tasks[i]).max();
        let entries_max = |list: &[usize]| {
            list.iter()
                .map(|&e| site.entries[e].date)
                .filter(|&d| d <= self.progress.as_of)
                .max()
        };
        match page {
            PageId::Plan => site.plan.issued_on,
            PageId::Task(i) => m.tasks[i],
            PageId::Entry(i) => Some(site.entries[i].date),
            PageId::Practice(i) => Some(site.practices[i].date),
            PageId::Goal(i) => {
                let id = &site.goals[i].id;
                tasks_max(&mut (0..site.tasks.len()).filter(|&t| site.tasks[t].goals.contains(id)))
            }
            PageId::Agency(a) => {
                let id = &site.agencies[a].id;
                let tasks = tasks_max(&mut (0..site.tasks.len()).filter(|&t| {
                    let t = &site.tasks[t];
                    t.lead == *id || t.support.contains(id) || t.directed_by.contains(id)
                }));
                tasks.max(entries_max(&site.index.entries_of_agency[a]))
            }
            PageId::Locality(l) => {
                let tasks =
                    tasks_max(&mut (0..site.tasks.len()).filter(|&t| site.tasks[t].per_locality));
                tasks.max(entries_max(&site.index.entries_of_locality[l]))
            }
            _ => m.site,
        }
    }
}

impl Ctx<'_> {
    /// The paths the sitemap lists: those of the site's one list of pages.
    pub fn page_paths(&self) -> Vec<String> {
        self.pages()
            .into_iter()
            .flat_map(|p| self.sitemap_paths(p))
            .collect()
    }

    /// The sitemap's paths, each with the date its content last changed.
    fn dated_paths(&self) -> Vec<(String, Option<Date>)> {
        let m = self.lastmods();
        // A bulletin last changed on its period's last day, or the as-of date.
        let (index_path, bulletins) = self.digest_lastmods();
        let bulletins: std::collections::HashMap<String, Date> = bulletins.into_iter().collect();
        let index = bulletins.values().copied().max();
        self.pages()
            .into_iter()
            .flat_map(|page| {
                let own = self.lastmod(page, &m);
                self.sitemap_paths(page).into_iter().map(move |p| (p, own))
            })
            .map(|(p, own)| match bulletins.get(&p) {
                Some(&d) => (p, Some(d)),
                None if p == index_path => (p, index),
                None => (p, own),
            })
            .collect()
    }

    /// `sitemap.xml` (a sitemap index when there are more pages than one file may
    /// list) and `robots.txt` pointing at it.
    pub fn sitemap(&self) -> Result<(), RenderError> {
        let pages = self.dated_paths();
        if pages.len() <= SITEMAP_MAX {
            self.sink
                .write("sitemap.xml", urlset(&self.urls, &pages).as_bytes())?;
        } else {
            let mut index = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for (k, chunk) in pages.chunks(SITEMAP_MAX).enumerate() {
                let name = format!("sitemap-{}.xml", k + 1);
                self.sink
                    .write(&name, urlset(&self.urls, chunk).as_bytes())?;
                index.push_str("<sitemap><loc>");
                index.push_str(&xml_escape(&self.urls.abs(&name)));
                index.push_str("</loc></sitemap>\n");
            }
            index.push_str("</sitemapindex>\n");
            self.sink.write("sitemap.xml", index.as_bytes())?;
        }
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            self.urls.abs("sitemap.xml")
        );
        self.sink.write("robots.txt", robots.as_bytes())
    }
}
