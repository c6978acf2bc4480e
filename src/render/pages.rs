//! Every HTML page of the portal. Aggregates are computed once in [`Ctx::new`];
//! each page gets only the data it shows; the many pages of one kind (entries,
//! tasks, localities, list pages) are rendered in parallel.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use tera::Tera;

pub mod incremental;
mod monitor;
mod registry;

pub use registry::PageId;

use super::charts::{self, Segment};
use super::format::{self, Collation};
use super::markdown;
use super::urls::{paths, Urls};
use super::views::{
    self, agency_kind_code, locality_kind_code, status_slug, t, EntryRow, Link, PracticeRow,
    StatusView, Strings, TaskView, Views,
};
use super::{emit, RenderError, Sink};
use crate::model::safe;
use crate::model::{
    Date, Deadline, Entry, Evidence, PracticeKind, Progress, Site, Status, TaskProgress,
};

/// What every page knows of the site.
#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub lang: &'static str,
    pub base: String,
    pub prefix: String,
    pub as_of: String,
    pub as_of_iso: String,
    pub demo: bool,
    pub publisher: Option<String>,
    pub u: SectionUrls,
    pub nav: Vec<NavItem>,
    pub css: String,
    /// The print stylesheet that writes each link's address after it.
    pub print_css: String,
    /// The search page's script.
    pub search_js: String,
    /// The search index's entry point (`/sub/pagefind/pagefind.js`).
    pub search_index: String,
    pub generator: String,
}

/// The print stylesheet's site path (made for each build: it holds the host).
pub const PRINT_CSS: &str = "assets/print.css";

/// The print stylesheet: after each link in the content, its full address,
/// the site's scheme and host written before the root-relative `href`.
pub fn print_css(urls: &Urls) -> String {
    let host = urls
        .base
        .strip_suffix(urls.prefix.as_str())
        .unwrap_or(&urls.base);
    let host: String = host
        .chars()
        .filter(|c| !matches!(c, '"' | '\\' | '\n' | '\r'))
        .collect();
    format!(
        "main a[href^=\"/\"]:not([href^=\"#\"])::after{{content:\" ({host}\" attr(href) \")\"}}\n"
    )
}

/// Fingerprinted URLs of the theme's assets that pages link to.
#[derive(Debug, Clone, Default)]
pub struct AssetUrls {
    pub css: String,
    pub search_js: String,
}

/// Root-relative links to each section.
#[derive(Serialize)]
pub struct SectionUrls {
    pub home: String,
    pub plan: String,
    pub goals: String,
    pub agencies: String,
    pub tasks: String,
    pub progress: String,
    pub practices: String,
    pub localities: String,
    pub calendar: String,
    pub data: String,
    pub search: String,
    pub report: String,
    pub feed: String,
    pub practices_feed: String,
}

#[derive(Serialize)]
pub struct NavItem {
    pub key: &'static str,
    pub label: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct Crumb {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct FeedLink {
    pub title: String,
    pub href: String,
}

/// What the `<head>` and the page frame need.
#[derive(Serialize)]
pub struct PageMeta {
    pub title: String,
    pub description: String,
    pub url: String,
    pub canonical: String,
    pub nav: &'static str,
    pub og_type: &'static str,
    pub illustrative: bool,
    /// The page's own record is illustrative (a progress entry, a practice), not
    /// only some of what it shows.
    #[serde(skip)]
    pub illustrative_own: bool,
    /// schema.org data; written into the page by `render`, marked there when the
    /// page is or shows illustrative content.
    #[serde(skip)]
    pub json_ld: serde_json::Value,
    pub feeds: Vec<FeedLink>,
    pub crumbs: Vec<Crumb>,
    /// Set on the pages the search index holds (one record, task, agency...);
    /// list pages, the home page and the like are left out of it.
    pub search: Option<SearchMeta>,
    /// Absolute URL of the page's share image (`og:image`): its own card, or the
    /// site's card for a page that has none.
    pub image: Option<String>,
    /// What the share image shows (`og:image:alt`).
    pub image_alt: String,
    /// Share links, embed code and printable version (`outreach.rs`).
    pub share: Option<super::outreach::ShareView>,
    /// Kept out of search engines (the 404 page, pages of removed addresses): the
    /// page then has no canonical link.
    pub noindex: bool,
}

/// What the search index records of a page besides its text: the kind and
/// agencies it can be narrowed by, and whether it is (or shows) illustrative content.
/// A page's Open Graph / Twitter title and description and its JSON-LD.
struct Head {
    title: String,
    description: String,
    json_ld: serde_json::Value,
}

#[derive(Serialize)]
pub struct SearchMeta {
    /// `task`, `agency`, `progress`, `practice`, `locality`, `goal` or `plan`.
    pub kind: &'static str,
    /// The kind as readers see it ("Nhiệm vụ"); the kind filter's value.
    pub kind_label: String,
    /// Names of the agencies concerned; the agency filter's values.
    pub agencies: Vec<String>,
    /// The label shown on the result when the page is or shows illustrative content.
    pub illustrative: Option<String>,
    /// The title as the index's ranked `title` field holds it (see
    /// [`crate::search::title_for_index`]); results show `page.title`.
    pub title: String,
}

#[derive(Serialize)]
struct Page<'a, C: Serialize> {
    site: &'a SiteView,
    page: serde_json::Value,
    #[serde(flatten)]
    data: C,
}

/// JSON for a `<script type="application/ld+json">`: `<`, `>` and `&` are
/// written as escapes so no text can close the script element.
pub fn script_json(v: &serde_json::Value) -> String {
    serde_json::to_string(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Counts by status with the stacked bar drawn for them.
#[derive(Serialize)]
pub struct Rollup {
    pub total: usize,
    pub done: usize,
    pub share_done: usize,
    pub overdue: usize,
    pub segments: Vec<Segment>,
    pub svg: String,
}

impl Rollup {
    fn of(statuses: impl Iterator<Item = Status>, title: &str, s: &Strings) -> Rollup {
        let mut counts: BTreeMap<&'static str, (Status, usize)> = BTreeMap::new();
        for st in statuses {
            counts.entry(st.code()).or_insert((st, 0)).1 += 1;
        }
        let counts: Vec<(Status, usize)> = counts.into_values().collect();
        let segments = charts::segments(&counts, s);
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let of = |x: Status| {
            counts
                .iter()
                .filter(|(st, _)| *st == x)
                .map(|(_, n)| n)
                .sum()
        };
        let done = of(Status::Done);
        Rollup {
            total,
            done,
            share_done: (done * 100 + total / 2).checked_div(total).unwrap_or(0),
            overdue: of(Status::Overdue),
            svg: charts::status_bar(&segments, title),
            segments,
        }
    }
}

/// An entry as its own page shows it.
#[derive(Serialize)]
struct EntryFull<'a> {
    #[serde(flatten)]
    row: &'a EntryRow,
    date_long: String,
    body_html: String,
    evidence: Vec<EvidenceView>,
    attachments: Vec<Crumb>,
    condition_met: bool,
}

#[derive(Serialize, Clone)]
pub struct EvidenceView {
    pub reference: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    pub href: Option<String>,
}

/// One build's shared state: the model, the views computed from it, the engine.
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub progress: &'a Progress,
    pub urls: Urls,
    pub s: &'a Strings,
    pub views: Views,
    pub tera: &'a Tera,
    pub sink: &'a dyn Sink,
    pub sv: SiteView,
    site_value: serde_json::Value,
    pub inject: Option<String>,
    /// Index-aligned with `site.entries`.
    pub entry_rows: Vec<EntryRow>,
    /// Entries dated on or before as_of, newest first.
    pub visible: Vec<usize>,
    /// Agencies sorted by name (Vietnamese collation).
    pub agencies_sorted: Vec<usize>,
    /// Localities sorted by name without their kind.
    pub localities_sorted: Vec<usize>,
    /// Practices newest first.
    pub practices_desc: Vec<usize>,
    /// Each entry's plain-text summary, made the first time a page or feed needs
    /// it (an entry shows in its own page, its tasks' timelines and up to three
    /// feeds: its Markdown is read for text once).
    entry_text: Vec<std::sync::OnceLock<String>>,
    /// Share images, embeds and printable pages (`outreach.rs`), set before rendering.
    pub outreach: super::outreach::Outreach,
    /// The header and footer every page shares, rendered once ([`Ctx::render_chrome`]);
    /// without them `base.html` renders its own.
    chrome: Option<Chrome>,
}

/// The header (one for each navigation section a page can be in, and one for none)
/// and the footer of the site's pages, rendered from `chrome-header.html` and
/// `chrome-footer.html`: the same for thousands of pages, so rendered once each.
struct Chrome {
    headers: Vec<(&'static str, String)>,
    /// For a page in no navigation section.
    header: String,
    footer: String,
}

impl Chrome {
    fn header(&self, nav: &str) -> &str {
        self.headers
            .iter()
            .find(|(key, _)| *key == nav)
            .map_or(&self.header, |(_, h)| h)
    }
}

impl<'a> Ctx<'a> {
    /// The context of a build. `rows` are rows of entries that did not change since
    /// an earlier build (`rows[i]` for `site.entries[i]`; `None` or missing is
    /// computed): the preview server keeps them between rebuilds; a build passes none.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        site: &'a Site,
        progress: &'a Progress,
        urls: Urls,
        s: &'a Strings,
        tera: &'a Tera,
        sink: &'a dyn Sink,
        assets: AssetUrls,
        inject: Option<String>,
        mut rows: Vec<Option<EntryRow>>,
    ) -> Ctx<'a> {
        let lang = site.config.language;
        let views = Views::new(site, &progress.tasks, progress.as_of, &urls, s);
        rows.resize_with(site.entries.len(), || None);
        let entry_rows: Vec<EntryRow> = rows
            .into_par_iter()
            .zip(site.entries.par_iter())
            .map(|(row, e)| row.unwrap_or_else(|| views.entry_row(site, e, &urls, s)))
            .collect();
        let visible = views::visible_entries_desc(site, progress.as_of);
        let coll = Collation::new(lang);
        let mut agencies_sorted: Vec<usize> = (0..site.agencies.len()).collect();
        agencies_sorted.sort_by(|&a, &b| coll.cmp(&site.agencies[a].name, &site.agencies[b].name));
        let mut localities_sorted: Vec<usize> = (0..site.localities.len()).collect();
        localities_sorted.sort_by(|&a, &b| {
            let (la, lb) = (&site.localities[a], &site.localities[b]);
            coll.cmp(
                format::without_kind(&la.name),
                format::without_kind(&lb.name),
            )
            .then_with(|| coll.cmp(&la.name, &lb.name))
        });
        let mut practices_desc: Vec<usize> = (0..site.practices.len())
            .filter(|&i| site.practices[i].date <= progress.as_of)
            .collect();
        practices_desc.sort_by(|&a, &b| {
            let (pa, pb) = (&site.practices[a], &site.practices[b]);
            (pb.date, &pb.id).cmp(&(pa.date, &pa.id))
        });
        let u = SectionUrls {
            home: urls.rel(""),
            plan: urls.rel(paths::PLAN),
            goals: urls.rel(paths::GOALS),
            agencies: urls.rel(paths::AGENCIES),
            tasks: urls.rel(paths::TASKS),
            progress: urls.rel(paths::PROGRESS),
            practices: urls.rel(paths::PRACTICES),
            localities: urls.rel(paths::LOCALITIES),
            calendar: urls.rel(paths::CALENDAR),
            data: urls.rel(paths::DATA),
            search: urls.rel(paths::SEARCH),
            report: urls.rel(paths::REPORT),
            feed: urls.rel(paths::PROGRESS_FEED),
            practices_feed: urls.rel(paths::PRACTICES_FEED),
        };
        let nav = [
            ("plan", &u.plan),
            ("goals", &u.goals),
            ("tasks", &u.tasks),
            ("agencies", &u.agencies),
            ("progress", &u.progress),
            ("practices", &u.practices),
            ("localities", &u.localities),
            ("calendar", &u.calendar),
        ]
        .into_iter()
        .map(|(key, url)| NavItem {
            key,
            label: t(s, key).to_string(),
            url: url.clone(),
        })
        .collect();
        let sv = SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone().unwrap_or_default(),
            lang: lang.code(),
            base: urls.base.clone(),
            prefix: urls.prefix.clone(),
            as_of: format::date_long(progress.as_of, lang),
            as_of_iso: progress.as_of.iso(),
            demo: site.config.demo,
            publisher: site.config.publisher.clone(),
            u,
            nav,
            css: assets.css,
            print_css: urls.rel(PRINT_CSS),
            search_js: assets.search_js,
            search_index: urls.rel(&format!("{}pagefind.js", crate::search::BUNDLE_DIR)),
            generator: format!("tiendo {}", env!("CARGO_PKG_VERSION")),
        };
        let site_value = serde_json::to_value(&sv).unwrap_or_default();
        Ctx {
            site,
            progress,
            urls,
            s,
            views,
            tera,
            sink,
            sv,
            site_value,
            inject,
            entry_rows,
            visible,
            agencies_sorted,
            localities_sorted,
            practices_desc,
            entry_text: (0..site.entries.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            outreach: Default::default(),
            chrome: None,
        }
    }

    /// Render the pages' header and footer once, for every page rendered after.
    pub fn render_chrome(&mut self) -> Result<(), RenderError> {
        let part = |template: &str, nav: &str| {
            let mut ctx = tera::Context::new();
            ctx.insert("site", &self.site_value);
            ctx.insert("page", &serde_json::json!({ "nav": nav }));
            super::render_template(self.tera, template, &ctx)
        };
        let headers = self
            .sv
            .nav
            .iter()
            .map(|it| Ok((it.key, part("chrome-header.html", it.key)?)))
            .collect::<Result<_, RenderError>>()?;
        self.chrome = Some(Chrome {
            headers,
            header: part("chrome-header.html", "")?,
            footer: part("chrome-footer.html", "")?,
        });
        Ok(())
    }

    /// The first 400 characters of entry `i`'s text, cut at a word.
    pub(super) fn entry_excerpt(&self, i: usize) -> &str {
        self.entry_text[i]
            .get_or_init(|| markdown::excerpt(&markdown::to_text(&self.site.entries[i].body), 400))
    }

    pub(super) fn t(&self, key: &str) -> String {
        t(self.s, key).to_string()
    }

    /// A Markdown text of the content as safe HTML, its links to the site's
    /// files and pages under the site's path.
    pub(super) fn markdown(&self, text: &str) -> String {
        markdown::to_html(text, &self.urls.prefix)
    }

    pub(super) fn lang(&self) -> crate::model::Language {
        self.site.config.language
    }

    /// The frame of a page at site path `path`.
    pub(super) fn meta(
        &self,
        path: &str,
        title: String,
        description: String,
        nav: &'static str,
    ) -> PageMeta {
        let url = self.urls.rel(path);
        let canonical = self.urls.abs(path);
        let share = self.share_view(path, &title);
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": title,
            "description": description,
            "url": canonical,
            "inLanguage": self.sv.lang,
            "dateModified": self.sv.as_of_iso,
            "isPartOf": {"@type": "WebSite", "name": self.sv.title, "url": self.sv.base},
        });
        let (image, image_alt) = match self.outreach.image_url(&self.urls, path) {
            Some(own) => (Some(own), title.clone()),
            None => (
                self.outreach.image_url(&self.urls, ""),
                self.site.plan.title.clone(),
            ),
        };
        PageMeta {
            title,
            description,
            url,
            canonical,
            nav,
            og_type: "website",
            illustrative: false,
            illustrative_own: false,
            json_ld,
            feeds: Vec::new(),
            crumbs: Vec::new(),
            search: None,
            image,
            image_alt,
            share,
            noindex: false,
        }
    }

    /// Put a page in the search index as a `kind` page concerning `agencies`
    /// (ids). `own_illustrative`: the page's record itself is illustrative; a
    /// page that only shows illustrative content is labelled so as well.
    /// Call after `meta.illustrative` is set.
    pub(super) fn searchable(
        &self,
        meta: &mut PageMeta,
        kind: &'static str,
        agencies: &[&str],
        own_illustrative: bool,
    ) {
        let label_key = match kind {
            "progress" => "entry",
            k => k,
        };
        let mut names: Vec<String> = Vec::new();
        for id in agencies {
            if let Some(&a) = self.site.index.agency.get(*id) {
                let name = &self.site.agencies[a].name;
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        meta.illustrative_own |= own_illustrative;
        let illustrative = if own_illustrative {
            Some(self.t("illustrative"))
        } else if meta.illustrative {
            Some(self.t("illustrative_contains"))
        } else {
            None
        };
        meta.search = Some(SearchMeta {
            title: crate::search::title_for_index(&meta.title),
            kind,
            kind_label: self.t(label_key),
            agencies: names,
            illustrative,
        });
    }

    /// `page` as templates see it: the frame, with what the page tells other sites
    /// about itself (`og_title`, `og_description`, `json_ld`) marked where it must be.
    fn page_value(&self, meta: &PageMeta) -> Result<serde_json::Value, serde_json::Error> {
        let mut page = serde_json::to_value(meta)?;
        let head = self.head(meta);
        page["og_title"] = json!(head.title);
        page["og_description"] = json!(head.description);
        page["json_ld"] = json!(script_json(&head.json_ld));
        Ok(page)
    }

    /// What the page tells other sites about itself (Open Graph, Twitter, JSON-LD):
    /// a page that is or shows illustrative content says so in each.
    fn head(&self, meta: &PageMeta) -> Head {
        if !meta.illustrative {
            return Head {
                title: meta.title.clone(),
                description: meta.description.clone(),
                json_ld: meta.json_ld.clone(),
            };
        }
        let notice = if meta.illustrative_own {
            self.t("illustrative_notice")
        } else {
            format!("{}.", self.t("illustrative_contains"))
        };
        let title = self.marked(&meta.title, true);
        let description = format!("{notice} {}", meta.description);
        let mut json_ld = meta.json_ld.clone();
        if let Some(obj) = json_ld.as_object_mut() {
            for key in ["name", "headline"] {
                if obj.contains_key(key) {
                    obj.insert(key.into(), json!(title));
                }
            }
            obj.insert("description".into(), json!(description));
            obj.insert("creativeWorkStatus".into(), json!(self.t("illustrative")));
        }
        Head {
            title,
            description,
            json_ld,
        }
    }

    pub(super) fn crumb(&self, key: &str, path: &str) -> Crumb {
        Crumb {
            name: self.t(key),
            url: self.urls.rel(path),
        }
    }

    pub(super) fn render(
        &self,
        template: &str,
        path: &str,
        meta: &PageMeta,
        data: serde_json::Value,
    ) -> Result<(), RenderError> {
        let file = format!("{path}index.html");
        let err = |e: serde_json::Error| RenderError::Template {
            template: template.into(),
            message: e.to_string(),
        };
        // The site's part of the context is serialised once per build and cloned.
        let mut map = match data {
            serde_json::Value::Object(m) => m,
            serde_json::Value::Null => serde_json::Map::new(),
            _ => {
                return Err(RenderError::Other(format!(
                    "{template}: page data is not a map"
                )))
            }
        };
        map.insert("site".into(), self.site_value.clone());
        if let Some(chrome) = &self.chrome {
            map.insert(
                "chrome".into(),
                serde_json::json!({ "header": chrome.header(meta.nav), "footer": chrome.footer }),
            );
        }
        map.insert("page".into(), self.page_value(meta).map_err(err)?);
        let ctx = tera::Context::from_value(serde_json::Value::Object(map))
            .map_err(|e| super::template_error(template, &e))?;
        super::emit_context(
            self.tera,
            self.sink,
            template,
            &file,
            &ctx,
            self.inject.as_deref(),
        )
    }

    pub(super) fn rows(&self, entries: &[usize]) -> Vec<&EntryRow> {
        entries.iter().map(|&i| &self.entry_rows[i]).collect()
    }

    /// Whether any of `tasks` (indices) has a status resting on illustrative entries:
    /// a page showing their statuses is marked as showing illustrative content.
    pub(super) fn any_task_illustrative(&self, tasks: impl IntoIterator<Item = usize>) -> bool {
        tasks.into_iter().any(|i| self.views.tasks[i].illustrative)
    }

    fn tasks_of(&self, pred: impl Fn(usize) -> bool) -> Vec<&TaskView> {
        (0..self.site.tasks.len())
            .filter(|&i| pred(i))
            .map(|i| &self.views.tasks[i])
            .collect()
    }

    /// The tasks (indices) that serve the goal `id`.
    fn tasks_of_goal(&self, id: &str) -> Vec<usize> {
        let tasks = &self.site.tasks;
        (0..tasks.len())
            .filter(|&i| tasks[i].goals.iter().any(|g| g == id))
            .collect()
    }

    /// Each goal (by index) with the rollup of the tasks that serve it.
    pub(super) fn goal_rollups(&self) -> Vec<(usize, Rollup)> {
        let site = self.site;
        site.goals
            .iter()
            .enumerate()
            .map(|(gi, g)| (gi, self.rollup_of(&self.tasks_of_goal(&g.id), &g.title)))
            .collect()
    }

    pub(super) fn rollup_of(&self, tasks: &[usize], title: &str) -> Rollup {
        Rollup::of(
            tasks.iter().map(|&i| self.progress.tasks[i].status),
            title,
            self.s,
        )
    }

    fn evidence(&self, ev: &[Evidence]) -> Vec<EvidenceView> {
        ev.iter()
            .map(|e| EvidenceView {
                reference: e.reference.clone(),
                title: e.title.clone(),
                issuer: e.issuer.clone(),
                date: e.date.map(|d| format::date_short(d, self.lang())),
                href: e.url.clone().filter(|u| safe::url_allowed(u)).or_else(|| {
                    e.file
                        .as_ref()
                        .map(|f| self.urls.rel(f.trim_start_matches('/')))
                }),
            })
            .collect()
    }

    fn home(&self) -> Result<(), RenderError> {
        let site = self.site;
        let as_of = self.progress.as_of;
        let all: Vec<usize> = (0..site.tasks.len()).collect();
        let overall = self.rollup_of(&all, &self.t("overall"));
        let mut upcoming: Vec<(Date, usize)> = (0..site.tasks.len())
            .filter_map(|i| {
                let p = &self.progress.tasks[i];
                let end = site.tasks[i].due.as_ref()?.end()?;
                let days = end.days_since(as_of);
                (matches!(
                    p.status,
                    Status::InProgress | Status::NotStarted | Status::Blocked
                ) && (0..=90).contains(&days))
                .then_some((end, i))
            })
            .collect();
        upcoming.sort();
        let mut missed: Vec<(Date, usize)> = (0..site.tasks.len())
            .filter(|&i| self.progress.tasks[i].status == Status::Overdue)
            .filter_map(|i| Some((site.tasks[i].due.as_ref()?.end()?, i)))
            .collect();
        missed.sort();
        let latest: Vec<usize> = self.visible.iter().take(8).copied().collect();
        let featured: Vec<PracticeRow> = self
            .practices_desc
            .iter()
            .take(3)
            .map(|&i| self.views.practice_row(site, i, &self.urls, self.s))
            .collect();
        let goals: Vec<serde_json::Value> = self
            .goal_rollups()
            .into_iter()
            .map(|(gi, r)| json!({"link": self.views.goals[gi], "rollup": r}))
            .collect();
        let title = site.config.title.clone();
        let desc = site
            .config
            .description
            .clone()
            .or_else(|| site.plan.summary.clone())
            .unwrap_or_default();
        let mut meta = self.meta("", title, desc, "home");
        meta.illustrative = latest.iter().any(|&i| site.entries[i].illustrative)
            || featured.iter().any(|p| p.illustrative);
        meta.feeds.push(FeedLink {
            title: self.t("feed_progress"),
            href: self.sv.u.feed.clone(),
        });
        let pick = |v: &[(Date, usize)]| -> Vec<&TaskView> {
            v.iter().map(|&(_, i)| &self.views.tasks[i]).collect()
        };
        self.render(
            "home.html",
            "",
            &meta,
            json!({
                "plan": {"title": site.plan.title, "summary": site.plan.summary, "issuer": site.plan.issuer,
                          "number": site.plan.number,
                          "issued_on": site.plan.issued_on.map(|d| format::date_long(d, self.lang()))},
                "overall": overall,
                "goals": goals,
                "upcoming": pick(&upcoming),
                "missed": pick(&missed),
                "latest": self.rows(&latest),
                "featured": featured,
                "entries_total": self.visible.len(),
            }),
        )
    }

    fn plan(&self) -> Result<(), RenderError> {
        let p = &self.site.plan;
        let lang = self.lang();
        let docs = |v: &[crate::model::DocRef]| -> Vec<serde_json::Value> {
            v.iter()
                .map(|d| {
                    json!({"reference": d.reference, "title": d.title, "issuer": d.issuer, "issuer_inferred": d.issuer_inferred, "section": d.section,
                           "url": d.url.as_deref().filter(|u| safe::url_allowed(u)),
                           "date": d.date.map(|x| format::date_long(x, lang))})
                })
                .collect()
        };
        let mut meta = self.meta(
            paths::PLAN,
            p.title.clone(),
            p.summary.clone().unwrap_or_else(|| p.title.clone()),
            "plan",
        );
        meta.og_type = "article";
        self.searchable(&mut meta, "plan", &[], false);
        self.render(
            "plan.html",
            paths::PLAN,
            &meta,
            json!({
                "plan": {
                    "title": p.title, "issuer": p.issuer, "number": p.number,
                    "issued_on": p.issued_on.map(|d| format::date_long(d, lang)),
                    "signed_by": p.signed_by, "signer_title": p.signer_title, "signed_for": p.signed_for,
                    "summary": p.summary, "recipients": p.recipients,
                    "legal_basis": docs(&p.legal_basis), "cites": docs(&p.cites),
                    "body_html": self.markdown(&p.body),
                },
                "goals": self.views.goals,
            }),
        )
    }

    fn goals_index(&self) -> Result<(), RenderError> {
        let site = self.site;
        let mut meta = self.meta(
            paths::GOALS,
            self.t("goals"),
            self.t("goals_intro"),
            "goals",
        );
        meta.crumbs.push(self.crumb("home", ""));
        meta.illustrative = self.any_task_illustrative(0..site.tasks.len());
        let list: Vec<serde_json::Value> = site
            .goals
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let rollup = self.rollup_of(&self.tasks_of_goal(&g.id), &g.title);
                json!({"link": self.views.goals[gi], "section": g.section, "rollup": rollup})
            })
            .collect();
        self.render("goals.html", paths::GOALS, &meta, json!({ "goals": list }))
    }

    fn goal(&self, gi: usize) -> Result<(), RenderError> {
        let site = self.site;
        let g = &site.goals[gi];
        {
            let ids = self.tasks_of_goal(&g.id);
            let rollup = self.rollup_of(&ids, &g.title);
            // Per lead agency: counts by status.
            let mut by_agency: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &i in &ids {
                if let Some(&a) = site.index.agency.get(&site.tasks[i].lead) {
                    by_agency.entry(a).or_default().push(i);
                }
            }
            let mut per_agency: Vec<(usize, serde_json::Value)> = by_agency
                .into_iter()
                .map(|(a, ts)| {
                    let r = self.rollup_of(&ts, &site.agencies[a].name);
                    (a, json!({"agency": self.views.agencies[a], "rollup": r}))
                })
                .collect();
            let pos = |a: usize| self.agencies_sorted.iter().position(|&x| x == a);
            per_agency.sort_by_key(|(a, _)| pos(*a));
            let path = paths::goal(&g.id);
            let body = self.markdown(&g.body);
            let mut meta = self.meta(
                &path,
                g.title.clone(),
                markdown::excerpt(&markdown::to_text(&g.body), 200),
                "goals",
            );
            meta.crumbs = vec![self.crumb("home", ""), self.crumb("goals", paths::GOALS)];
            meta.illustrative = self.any_task_illustrative(ids.iter().copied());
            self.searchable(&mut meta, "goal", &[], false);
            self.render(
                "goal.html",
                &path,
                &meta,
                json!({
                    "goal": {"title": g.title, "section": g.section, "body_html": body},
                    "rollup": rollup,
                    "tasks": ids.iter().map(|&i| &self.views.tasks[i]).collect::<Vec<_>>(),
                    "per_agency": per_agency.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
                }),
            )
        }
    }

    fn agencies(&self) -> Result<(), RenderError> {
        let site = self.site;
        let list: Vec<serde_json::Value> = self
            .agencies_sorted
            .iter()
            .map(|&a| {
                let id = &site.agencies[a].id;
                let lead: Vec<usize> = (0..site.tasks.len())
                    .filter(|&i| site.tasks[i].lead == *id)
                    .collect();
                let support = site
                    .tasks
                    .iter()
                    .filter(|t| t.support.iter().any(|x| x == id))
                    .count();
                let directed = site
                    .tasks
                    .iter()
                    .filter(|t| t.directed_by.iter().any(|x| x == id))
                    .count();
                json!({
                    "agency": self.views.agencies[a], "short": site.agencies[a].short,
                    "kind": agency_kind_code(site.agencies[a].kind),
                    "lead": lead.len(), "support": support, "directed": directed,
                    "rollup": self.rollup_of(&lead, &site.agencies[a].name),
                })
            })
            .collect();
        let mut meta = self.meta(
            paths::AGENCIES,
            self.t("agencies"),
            self.t("agencies_intro"),
            "agencies",
        );
        meta.crumbs.push(self.crumb("home", ""));
        meta.illustrative = self.any_task_illustrative(0..site.tasks.len());
        self.render(
            "agencies.html",
            paths::AGENCIES,
            &meta,
            json!({ "agencies": list }),
        )
    }

    fn agency(&self, a: usize) -> Result<(), RenderError> {
        let site = self.site;
        let ag = &site.agencies[a];
        let lead: Vec<usize> = (0..site.tasks.len())
            .filter(|&i| site.tasks[i].lead == ag.id)
            .collect();
        let support = self.tasks_of(|i| site.tasks[i].support.contains(&ag.id));
        let directed: Vec<usize> = (0..site.tasks.len())
            .filter(|&i| site.tasks[i].directed_by.contains(&ag.id))
            .collect();
        let reports: Vec<usize> = site.index.entries_of_agency[a]
            .iter()
            .rev()
            .filter(|&&i| site.entries[i].date <= self.progress.as_of)
            .copied()
            .collect();
        let latest: Vec<usize> = reports.iter().take(20).copied().collect();
        let parent = ag
            .parent
            .as_ref()
            .and_then(|p| site.index.agency.get(p))
            .map(|&i| &self.views.agencies[i]);
        let children: Vec<&Link> = site
            .agencies
            .iter()
            .enumerate()
            .filter(|(_, x)| x.parent.as_deref() == Some(ag.id.as_str()))
            .map(|(i, _)| &self.views.agencies[i])
            .collect();
        let path = paths::agency(&ag.id);
        let lead_n = lead.len();
        let mut meta = self.meta(
            &path,
            ag.name.clone(),
            format!(
                "{}: {} {} · {} {}{}",
                ag.name,
                lead_n,
                self.t("as_lead_count"),
                support.len(),
                self.t("as_support_count"),
                if directed.is_empty() {
                    String::new()
                } else {
                    format!(" · {} {}", directed.len(), self.t("as_directed_count"))
                }
            ),
            "agencies",
        );
        meta.crumbs = vec![
            self.crumb("home", ""),
            self.crumb("agencies", paths::AGENCIES),
        ];
        meta.illustrative = latest.iter().any(|&i| site.entries[i].illustrative)
            || self.any_task_illustrative(lead.iter().chain(&directed).copied())
            || support.iter().any(|t| t.illustrative);
        self.searchable(&mut meta, "agency", &[ag.id.as_str()], false);
        let feed = self.urls.rel(&paths::agency_feed(&ag.id));
        meta.feeds.push(FeedLink {
            title: format!("{} — {}", self.t("feed_progress"), ag.name),
            href: feed.clone(),
        });
        self.render(
            "agency.html",
            &path,
            &meta,
            json!({
                "agency": {"name": ag.name, "short": ag.short, "standing": ag.standing,
                           "kind": agency_kind_code(ag.kind), "parent": parent, "children": children},
                "rollup": self.rollup_of(&lead, &ag.name),
                "lead": lead.iter().map(|&i| &self.views.tasks[i]).collect::<Vec<_>>(),
                "support": support,
                "directed": directed.iter().map(|&i| &self.views.tasks[i]).collect::<Vec<_>>(),
                "directed_rollup": (!directed.is_empty()).then(|| self.rollup_of(&directed, &ag.name)),
                "latest": self.rows(&latest),
                "reports_total": reports.len(),
                "feed": feed,
            }),
        )
    }

    fn tasks_index(&self) -> Result<(), RenderError> {
        let site = self.site;
        let all: Vec<usize> = (0..site.tasks.len()).collect();
        let by_agency: Vec<serde_json::Value> = self
            .agencies_sorted
            .iter()
            .filter_map(|&a| {
                let ts = self.tasks_of(|i| site.tasks[i].lead == site.agencies[a].id);
                (!ts.is_empty()).then(|| json!({"agency": self.views.agencies[a], "tasks": ts}))
            })
            .collect();
        let statuses = self.status_links();
        let mut meta = self.meta(
            paths::TASKS,
            self.t("tasks"),
            self.t("tasks_intro"),
            "tasks",
        );
        meta.crumbs.push(self.crumb("home", ""));
        meta.illustrative = self.any_task_illustrative(all.iter().copied());
        self.render(
            "tasks.html",
            paths::TASKS,
            &meta,
            json!({
                "rollup": self.rollup_of(&all, &self.t("overall")),
                "statuses": statuses,
                "goals": self.views.goals,
                "by_agency": by_agency,
                "total": site.tasks.len(),
            }),
        )
    }

    fn status_links(&self) -> Vec<serde_json::Value> {
        Status::ALL
            .iter()
            .map(|&st| {
                json!({"code": st.code(), "label": self.t(&format!("status_{}", st.code())),
                       "icon": views::status_icon(st), "count": self.progress.count(st),
                       "url": self.urls.rel(&paths::task_status(status_slug(st)))})
            })
            .collect()
    }

    fn status_page(&self, st: Status) -> Result<(), RenderError> {
        let statuses = self.status_links();
        {
            let tasks = self.tasks_of(|i| self.progress.tasks[i].status == st);
            let illustrative = tasks.iter().any(|t| t.illustrative);
            let label = self.t(&format!("status_{}", st.code()));
            let path = paths::task_status(status_slug(st));
            let mut meta = self.meta(
                &path,
                format!("{}: {}", self.t("tasks"), label),
                format!("{} {}", tasks.len(), self.t("tasks_total")),
                "tasks",
            );
            meta.crumbs = vec![self.crumb("home", ""), self.crumb("tasks", paths::TASKS)];
            meta.illustrative = illustrative;
            self.render(
                "status.html",
                &path,
                &meta,
                json!({"status": {"code": st.code(), "label": label, "icon": views::status_icon(st)},
                       "tasks": tasks, "statuses": statuses}),
            )
        }
    }

    fn task(&self, i: usize) -> Result<(), RenderError> {
        let site = self.site;
        let task = &site.tasks[i];
        let view = &self.views.tasks[i];
        let entries: Vec<usize> = site.index.entries_of_task[i]
            .iter()
            .rev()
            .filter(|&&e| site.entries[e].date <= self.progress.as_of)
            .copied()
            .collect();
        let timeline: Vec<serde_json::Value> = entries
            .iter()
            .map(|&e| {
                let en = &site.entries[e];
                json!({"row": self.entry_rows[e], "evidence": self.evidence(&en.evidence),
                       "excerpt": markdown::excerpt(self.entry_excerpt(e), 240)})
            })
            .collect();
        let localities = task.per_locality.then(|| self.locality_table(i));
        let path = paths::task(&task.id);
        let desc = task
            .description
            .as_deref()
            .map(markdown::to_text)
            .unwrap_or_else(|| task.title.clone());
        let mut meta = self.meta(
            &path,
            task.title.clone(),
            format!(
                "{} · {}: {} · {}: {}",
                markdown::excerpt(&desc, 160),
                self.t("deadline"),
                view.due,
                self.t("status"),
                view.status.label
            ),
            "tasks",
        );
        meta.crumbs = vec![self.crumb("home", ""), self.crumb("tasks", paths::TASKS)];
        meta.illustrative = entries.iter().any(|&e| site.entries[e].illustrative);
        let concerned: Vec<&str> = std::iter::once(task.lead.as_str())
            .chain(task.support.iter().map(|s| s.as_str()))
            .chain(task.directed_by.iter().map(|s| s.as_str()))
            .collect();
        self.searchable(&mut meta, "task", &concerned, false);
        let chart = task.per_locality.then(|| {
            let lc = self.progress.tasks[i]
                .localities
                .clone()
                .unwrap_or_default();
            charts::meter(lc.done, lc.total, &self.t("localities_done"))
        });
        self.render(
            "task.html",
            &path,
            &meta,
            json!({
                "task": view,
                "description_html": task.description.as_deref().map(|d| self.markdown(d)),
                "timeline": timeline,
                "localities": localities,
                "meter": chart,
            }),
        )
    }

    /// A per-locality task: every commune/ward grouped by its own status, the
    /// groups in the order every list uses (overdue first), each with its count;
    /// in a group, those that reported in a table (last report, share done) and
    /// those that have not by name (a compact list, since a province may have
    /// thousands).
    fn locality_table(&self, ti: usize) -> serde_json::Value {
        let cells = &self.progress.per_locality[ti];
        let lang = self.lang();
        let mut groups: Vec<(Vec<serde_json::Value>, Vec<&Link>)> =
            vec![(Vec::new(), Vec::new()); Status::ALL.len()];
        for &li in &self.localities_sorted {
            let Some(p) = cells.get(li) else { continue };
            let link = &self.views.localities[li];
            let group = &mut groups[p.status.rank()];
            if p.entries > 0 {
                group
                    .0
                    .push(json!({"locality": link, "status": StatusView::unit(p, self.s, lang)}));
            } else {
                group.1.push(link);
            }
        }
        let groups: Vec<serde_json::Value> = Status::ALL
            .iter()
            .zip(groups)
            .filter(|(_, (reported, silent))| !reported.is_empty() || !silent.is_empty())
            .map(|(&st, (reported, silent))| {
                json!({"code": st.code(), "label": self.t(&format!("status_{}", st.code())),
                       "icon": views::status_icon(st), "count": reported.len() + silent.len(),
                       "reported": reported, "silent": silent})
            })
            .collect();
        json!({"groups": groups})
    }

    /// Page `num` (1-based) of `n` of the progress index, listing `chunk`.
    fn progress_page(&self, num: usize, chunk: &[usize], n: usize) -> Result<(), RenderError> {
        let path = paths::progress_page(num);
        let title = if num == 1 {
            self.t("progress")
        } else {
            format!("{} — {} {num}", self.t("progress"), self.t("page"))
        };
        let mut meta = self.meta(&path, title, self.t("progress_intro"), "progress");
        meta.crumbs.push(self.crumb("home", ""));
        meta.illustrative = chunk.iter().any(|&i| self.site.entries[i].illustrative);
        meta.feeds.push(FeedLink {
            title: self.t("feed_progress"),
            href: self.sv.u.feed.clone(),
        });
        let link = |p: usize| self.urls.rel(&paths::progress_page(p));
        self.render(
            "progress.html",
            &path,
            &meta,
            json!({
                "entries": self.rows(chunk),
                "pager": {"current": num, "total": n,
                          "prev": (num > 1).then(|| link(num - 1)),
                          "next": (num < n).then(|| link(num + 1)),
                          "first": link(1), "last": link(n)},
                "total": self.visible.len(),
            }),
        )
    }

    fn entry(&self, i: usize) -> Result<(), RenderError> {
        let e: &Entry = &self.site.entries[i];
        let row = &self.entry_rows[i];
        let path = paths::entry(&e.id);
        let text = self.entry_excerpt(i);
        let mut meta = self.meta(
            &path,
            e.title.clone(),
            markdown::excerpt(if text.is_empty() { &e.title } else { text }, 200),
            "progress",
        );
        meta.crumbs = vec![
            self.crumb("home", ""),
            self.crumb("progress", paths::PROGRESS),
        ];
        meta.og_type = "article";
        meta.illustrative = e.illustrative;
        // An entry has no card of its own: it shows its task's, which says "Minh họa"
        // when the task's status rests on an illustrative entry such as this one.
        if let Some((img, title)) = e.task_ids().find_map(|t| {
            let &ti = self.site.index.task.get(t)?;
            let img = self.outreach.image_url(&self.urls, &paths::task(t))?;
            Some((img, self.views.tasks[ti].title.clone()))
        }) {
            meta.image = Some(img);
            meta.image_alt = title;
        }
        self.searchable(
            &mut meta,
            "progress",
            &[e.reporter.as_str()],
            e.illustrative,
        );
        meta.json_ld = json!({
            "@context": "https://schema.org", "@type": "Report",
            "headline": e.title, "datePublished": e.date.iso(), "url": meta.canonical,
            "inLanguage": self.sv.lang, "description": meta.description,
            "author": {"@type": "Organization", "name": row.reporter.as_ref().map(|r| r.name.clone()).unwrap_or_default()},
        });
        let full = EntryFull {
            row,
            date_long: format::date_long(e.date, self.lang()),
            body_html: self.markdown(&e.body),
            evidence: self.evidence(&e.evidence),
            attachments: e
                .attachments
                .iter()
                .map(|a| Crumb {
                    name: a.rsplit('/').next().unwrap_or(a).to_string(),
                    url: self.urls.rel(a.trim_start_matches('/')),
                })
                .collect(),
            condition_met: e.condition_met,
        };
        let tasks: Vec<&TaskView> = e
            .task_ids()
            .filter_map(|t| self.site.index.task.get(t))
            .map(|&ti| &self.views.tasks[ti])
            .collect();
        self.render(
            "entry.html",
            &path,
            &meta,
            json!({"entry": full, "tasks": tasks}),
        )
    }

    fn practices_index(&self) -> Result<(), RenderError> {
        let site = self.site;
        let rows: Vec<PracticeRow> = self
            .practices_desc
            .iter()
            .map(|&i| self.views.practice_row(site, i, &self.urls, self.s))
            .collect();
        let groups: Vec<serde_json::Value> = [
            PracticeKind::Practice,
            PracticeKind::Collective,
            PracticeKind::Individual,
        ]
        .iter()
        .map(|&k| {
            let code = views::practice_kind_code(k);
            let items: Vec<&PracticeRow> = rows.iter().filter(|r| r.kind == code).collect();
            json!({"kind": code, "label": self.t(&format!("kind_{code}")), "items": items})
        })
        .collect();
        let mut meta = self.meta(
            paths::PRACTICES,
            self.t("practices"),
            self.t("practices_intro"),
            "practices",
        );
        meta.crumbs.push(self.crumb("home", ""));
        meta.illustrative = rows.iter().any(|r| r.illustrative);
        meta.feeds.push(FeedLink {
            title: self.t("feed_practices"),
            href: self.sv.u.practices_feed.clone(),
        });
        self.render(
            "practices.html",
            paths::PRACTICES,
            &meta,
            json!({"groups": groups}),
        )
    }

    fn practice(&self, i: usize) -> Result<(), RenderError> {
        let site = self.site;
        let row = self.views.practice_row(site, i, &self.urls, self.s);
        {
            {
                let p = &site.practices[i];
                let path = paths::practice(&p.id);
                let desc = p
                    .summary
                    .clone()
                    .unwrap_or_else(|| markdown::excerpt(&markdown::to_text(&p.body), 200));
                let mut meta = self.meta(&path, p.title.clone(), desc, "practices");
                meta.crumbs = vec![
                    self.crumb("home", ""),
                    self.crumb("practices", paths::PRACTICES),
                ];
                meta.og_type = "article";
                meta.illustrative = p.illustrative;
                self.searchable(&mut meta, "practice", &[p.agency.as_str()], p.illustrative);
                let goals: Vec<&Link> = p
                    .goals
                    .iter()
                    .filter_map(|g| site.index.goal.get(g))
                    .map(|&g| &self.views.goals[g])
                    .collect();
                let tasks: Vec<&TaskView> = p
                    .tasks
                    .iter()
                    .filter_map(|t| site.index.task.get(t))
                    .map(|&t| &self.views.tasks[t])
                    .collect();
                self.render(
                "practice.html",
                &path,
                &meta,
                json!({
                    "practice": row, "body_html": self.markdown(&p.body), "tags": p.tags,
                    "date_long": format::date_long(p.date, self.lang()),
                    "image": p.image.as_ref().map(|im| self.urls.rel(im.trim_start_matches('/'))),
                    "image_alt": p.image_alt, "goals": goals, "tasks": tasks,
                }),
            )
            }
        }
    }

    fn per_locality_tasks(&self) -> Vec<usize> {
        (0..self.site.tasks.len())
            .filter(|&i| self.site.tasks[i].per_locality)
            .collect()
    }

    /// The communes and wards: every one by name (`dia-phuong/`), and those
    /// with overdue tasks, most overdue first (`dia-phuong/sap-xep/qua-han/`):
    /// two static pages linked to each other, so a reader sorts and filters
    /// without JavaScript. Both read the counts computed once per build.
    /// The communes and wards: all by name, or (`by_overdue`) those with
    /// overdue tasks, the most first.
    fn localities_index(&self, by_overdue: bool) -> Result<(), RenderError> {
        let site = self.site;
        let units = &self.progress.units;
        let overdue = |li: usize| units.get(li).map_or(0, |u| u.count(Status::Overdue));
        let with_overdue: Vec<usize> = self
            .localities_sorted
            .iter()
            .copied()
            .filter(|&li| overdue(li) > 0)
            .collect();
        let (path, list, title, intro) = if by_overdue {
            let mut list = with_overdue.clone();
            // Stable: ties keep the order by name.
            list.sort_by_key(|&li| std::cmp::Reverse(overdue(li)));
            (
                paths::LOCALITIES_BY_OVERDUE,
                list,
                "localities_by_overdue",
                "localities_by_overdue_intro",
            )
        } else {
            (
                paths::LOCALITIES,
                self.localities_sorted.clone(),
                "localities",
                "localities_intro",
            )
        };
        let pl = self.per_locality_tasks();
        let sorts = [
            ("sort_by_name", paths::LOCALITIES),
            ("sort_by_overdue", paths::LOCALITIES_BY_OVERDUE),
        ]
        .map(|(key, to)| json!({"label": self.t(key), "url": self.urls.rel(to), "current": to == path}));
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|&li| {
                let l = &site.localities[li];
                let u = units.get(li).cloned().unwrap_or_default();
                let reports = site.index.entries_of_locality[li]
                    .iter()
                    .filter(|&&e| site.entries[e].date <= self.progress.as_of)
                    .count();
                json!({"locality": self.views.localities[li], "kind": locality_kind_code(l.kind),
                       "kind_label": self.t(&format!("kind_{}", locality_kind_code(l.kind))),
                       "code": l.code, "overdue": u.count(Status::Overdue), "done": u.count(Status::Done),
                       "not_reported": u.not_reported, "reports": reports})
            })
            .collect();
        let mut meta = self.meta(path, self.t(title), self.t(intro), "localities");
        meta.crumbs.push(self.crumb("home", ""));
        if by_overdue {
            meta.crumbs
                .push(self.crumb("localities", paths::LOCALITIES));
        }
        meta.illustrative = self.any_task_illustrative(pl.iter().copied());
        let status = |st: Status| {
            json!({"code": st.code(), "label": self.t(&format!("status_{}", st.code())),
                   "icon": views::status_icon(st)})
        };
        self.render(
            "localities.html",
            path,
            &meta,
            json!({"localities": rows, "per_locality_tasks": pl.len(), "total": site.localities.len(),
                   "with_overdue": with_overdue.len(), "filtered": by_overdue,
                   "sorts": sorts, "overdue": status(Status::Overdue), "done": status(Status::Done)}),
        )
    }

    fn locality(&self, li: usize) -> Result<(), RenderError> {
        let site = self.site;
        let l = &site.localities[li];
        let lang = self.lang();
        let as_of = self.progress.as_of;
        // Its overdue tasks first (longest overdue first), then the others in
        // the order of the statuses, each in the plan's order.
        let mut order: Vec<(usize, &TaskProgress)> = self
            .per_locality_tasks()
            .into_iter()
            .filter_map(|ti| Some((ti, self.progress.per_locality[ti].get(li)?)))
            .collect();
        let end = |ti: usize| site.tasks[ti].due.as_ref().and_then(Deadline::end);
        order.sort_by_key(|&(ti, p)| (p.status.rank(), end(ti), ti));
        let card = |&(ti, p): &(usize, &TaskProgress)| {
            // Only what the page shows of the task: tera serialises the whole
            // context, and a commune's page lists every per-locality task.
            let t = &self.views.tasks[ti];
            let days_late = end(ti)
                .filter(|_| p.status == Status::Overdue)
                .map(|e| as_of.days_since(e));
            json!({"task": {"url": t.url, "title": t.title, "due": t.due},
                   "status": StatusView::unit(p, self.s, lang), "days_late": days_late})
        };
        let (overdue, others): (Vec<_>, Vec<_>) =
            order.iter().partition(|(_, p)| p.status == Status::Overdue);
        let overdue: Vec<serde_json::Value> = overdue.into_iter().map(card).collect();
        let tasks: Vec<serde_json::Value> = others.into_iter().map(card).collect();
        let entries: Vec<usize> = site.index.entries_of_locality[li]
            .iter()
            .rev()
            .filter(|&&e| site.entries[e].date <= self.progress.as_of)
            .copied()
            .collect();
        let practices: Vec<PracticeRow> = self
            .practices_desc
            .iter()
            .filter(|&&p| site.practices[p].locality.as_deref() == Some(l.id.as_str()))
            .map(|&p| self.views.practice_row(site, p, &self.urls, self.s))
            .collect();
        let path = paths::locality(&l.id);
        let mut meta = self.meta(
            &path,
            l.name.clone(),
            format!(
                "{}: {} {} · {} {}",
                l.name,
                overdue.len(),
                self.t("overdue_tasks_count"),
                entries.len(),
                self.t("entries_count")
            ),
            "localities",
        );
        meta.crumbs = vec![
            self.crumb("home", ""),
            self.crumb("localities", paths::LOCALITIES),
        ];
        meta.illustrative = entries.iter().any(|&e| site.entries[e].illustrative)
            || practices.iter().any(|p| p.illustrative);
        self.searchable(&mut meta, "locality", &[], false);
        let feed = self.urls.rel(&paths::locality_feed(&l.id));
        meta.feeds.push(FeedLink {
            title: format!("{} — {}", self.t("feed_progress"), l.name),
            href: feed.clone(),
        });
        self.render(
            "locality.html",
            &path,
            &meta,
            json!({
                "locality": {"name": l.name, "code": l.code, "kind_label": self.t(&format!("kind_{}", locality_kind_code(l.kind)))},
                "overdue": overdue, "has_tasks": !order.is_empty(),
                "tasks": tasks, "entries": self.rows(&entries), "practices": practices, "feed": feed,
            }),
        )
    }

    fn calendar(&self) -> Result<(), RenderError> {
        let site = self.site;
        let lang = self.lang();
        // quarter (year, q) → (quarter-deadline tasks, month → tasks)
        type Quarter<'v> = (Vec<&'v TaskView>, BTreeMap<u32, Vec<&'v TaskView>>);
        let mut quarters: BTreeMap<(i32, u32), Quarter> = BTreeMap::new();
        let (mut ongoing, mut after, mut as_needed, mut none) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut order: Vec<usize> = (0..site.tasks.len()).collect();
        order.sort_by_key(|&i| (site.tasks[i].due.as_ref().and_then(|d| d.end()), i));
        for i in order {
            let v = &self.views.tasks[i];
            match &site.tasks[i].due {
                Some(Deadline::Quarter { year, quarter }) => {
                    quarters.entry((*year, *quarter)).or_default().0.push(v)
                }
                Some(Deadline::Month { year, month }) => quarters
                    .entry((*year, (month - 1) / 3 + 1))
                    .or_default()
                    .1
                    .entry(*month)
                    .or_default()
                    .push(v),
                Some(Deadline::Day(d)) => quarters
                    .entry((d.year(), d.quarter()))
                    .or_default()
                    .1
                    .entry(d.month())
                    .or_default()
                    .push(v),
                Some(Deadline::Ongoing) => ongoing.push(v),
                Some(Deadline::After(_)) => after.push(v),
                Some(Deadline::AsNeeded) => as_needed.push(v),
                None => none.push(v),
            }
        }
        let quarters: Vec<serde_json::Value> = quarters
            .into_iter()
            .map(|((y, q), (qt, months))| {
                let months: Vec<serde_json::Value> = months
                    .into_iter()
                    .map(|(m, ts)| json!({"id": format!("{y}-{m:02}"), "label": format::month(y, m, lang), "tasks": ts}))
                    .collect();
                json!({"id": format!("{y}-q{q}"), "label": format::quarter(y, q, lang), "tasks": qt, "months": months})
            })
            .collect();
        let mut meta = self.meta(
            paths::CALENDAR,
            self.t("calendar"),
            self.t("calendar_intro"),
            "calendar",
        );
        meta.crumbs.push(self.crumb("home", ""));
        meta.illustrative = self.any_task_illustrative(0..site.tasks.len());
        self.render(
            "calendar.html",
            paths::CALENDAR,
            &meta,
            json!({"quarters": quarters, "ongoing": ongoing, "after": after, "as_needed": as_needed, "none": none}),
        )
    }

    fn search_page(&self) -> Result<(), RenderError> {
        let mut meta = self.meta(
            paths::SEARCH,
            self.t("search"),
            self.t("search_intro"),
            "search",
        );
        meta.crumbs.push(self.crumb("home", ""));
        let site = self.site;
        // The values of the kind and agency filters, as the index holds them.
        let kinds: Vec<String> = [
            ("task", !site.tasks.is_empty()),
            ("agency", !site.agencies.is_empty()),
            ("entry", !self.visible.is_empty()),
            ("practice", !self.practices_desc.is_empty()),
            ("locality", !site.localities.is_empty()),
            ("goal", !site.goals.is_empty()),
            ("plan", true),
        ]
        .into_iter()
        .filter(|(_, any)| *any)
        .map(|(key, _)| self.t(key))
        .collect();
        let agencies: Vec<&str> = self
            .agencies_sorted
            .iter()
            .map(|&a| site.agencies[a].name.as_str())
            .collect();
        self.render(
            "search.html",
            paths::SEARCH,
            &meta,
            json!({"kinds": kinds, "agencies": agencies}),
        )
    }

    fn not_found(&self) -> Result<(), RenderError> {
        let mut meta = self.meta(
            "404.html",
            self.t("not_found_title"),
            self.t("not_found_text"),
            "",
        );
        meta.noindex = true;
        emit(
            self.tera,
            self.sink,
            "404.html",
            "404.html",
            &Page {
                site: &self.sv,
                page: self
                    .page_value(&meta)
                    .map_err(|e| RenderError::Other(e.to_string()))?,
                data: json!({}),
            },
            self.inject.as_deref(),
        )
    }

    /// Old addresses (`aliases:`) of moved pages: a small page that sends readers on.
    fn aliases(&self) -> Result<(), RenderError> {
        let site = self.site;
        let mut redirects: Vec<(&str, String, &str)> = Vec::new();
        fn add<'s>(
            out: &mut Vec<(&'s str, String, &'s str)>,
            aliases: &'s [String],
            target: String,
            title: &'s str,
        ) {
            out.extend(aliases.iter().map(|a| (a.as_str(), target.clone(), title)));
        }
        for g in &site.goals {
            add(&mut redirects, &g.aliases, paths::goal(&g.id), &g.title);
        }
        for a in &site.agencies {
            add(&mut redirects, &a.aliases, paths::agency(&a.id), &a.name);
        }
        for l in &site.localities {
            add(&mut redirects, &l.aliases, paths::locality(&l.id), &l.name);
        }
        for t in &site.tasks {
            add(&mut redirects, &t.aliases, paths::task(&t.id), &t.title);
        }
        for e in &site.entries {
            add(&mut redirects, &e.aliases, paths::entry(&e.id), &e.title);
        }
        for p in &site.practices {
            add(&mut redirects, &p.aliases, paths::practice(&p.id), &p.title);
        }
        site.config.removed.par_iter().try_for_each(|r| {
            let path = alias_path(&r.path);
            let mut meta = self.meta(&path, self.t("gone_title"), r.reason.clone(), "");
            meta.noindex = true;
            emit(
                self.tera,
                self.sink,
                "gone.html",
                &format!("{path}index.html"),
                &Page {
                    site: &self.sv,
                    page: self
                        .page_value(&meta)
                        .map_err(|e| RenderError::Other(e.to_string()))?,
                    data: json!({"reason": r.reason}),
                },
                self.inject.as_deref(),
            )
        })?;
        self.redirect_files(&redirects)?;
        redirects.par_iter().try_for_each(|(alias, target, title)| {
            let path = alias_path(alias);
            let meta = self.meta(target, (*title).to_string(), String::new(), "");
            emit(
                self.tera,
                self.sink,
                "redirect.html",
                &format!("{path}index.html"),
                &Page {
                    site: &self.sv,
                    page: self
                        .page_value(&meta)
                        .map_err(|e| RenderError::Other(e.to_string()))?,
                    data: json!({"target": self.urls.abs(target)}),
                },
                None,
            )
        })
    }
}

impl Ctx<'_> {
    /// The old addresses and where they now lead, for hosts that can redirect
    /// themselves (a 301 is better than a page that sends readers on): a table
    /// in the open data (`du-lieu/redirects.csv`), an nginx `map`
    /// (`du-lieu/redirects.nginx.conf`) and the `_redirects` file static hosts
    /// read at the site's root.
    fn redirect_files(&self, redirects: &[(&str, String, &str)]) -> Result<(), RenderError> {
        let mut rows: Vec<(String, String)> = redirects
            .iter()
            .map(|(alias, target, _)| (self.urls.rel(&alias_path(alias)), self.urls.rel(target)))
            .collect();
        rows.sort();
        let mut csv = crate::csv_out::CsvWriter::new();
        let fail = |e: csv::Error| RenderError::Other(format!("redirects.csv: {e}"));
        csv.row(["old", "new"]).map_err(fail)?;
        for (old, new) in &rows {
            csv.row([old, new]).map_err(fail)?;
        }
        let csv = csv.finish().map_err(fail)?;
        self.sink.write("du-lieu/redirects.csv", &csv)?;
        let mut nginx = String::from(
            "# Old addresses of this site's pages and where they now are (aliases: in its content).\n\
             # In nginx's http block:  include redirects.nginx.conf;\n\
             # In the site's server block:  if ($tiendo_redirect) { return 301 $tiendo_redirect; }\n\
             map $uri $tiendo_redirect {\n",
        );
        let mut netlify = String::from("# Old addresses and where they now are (Netlify, Cloudflare Pages and similar hosts).\n");
        for (old, new) in &rows {
            nginx.push_str(&format!("    {old} {new};\n"));
            netlify.push_str(&format!("{old} {new} 301\n"));
        }
        nginx.push_str("}\n");
        self.sink
            .write("du-lieu/redirects.nginx.conf", nginx.as_bytes())?;
        self.sink.write("_redirects", netlify.as_bytes())
    }
}

pub use crate::model::alias_path;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_its_script() {
        let s = script_json(&json!({"name": "</script><script>alert(1)</script> & {{ 7*7 }}"}));
        assert!(!s.contains("</script"), "{s}");
        assert!(s.contains("\\u003c/script\\u003e"));
        assert!(s.contains("{{ 7*7 }}"));
    }

    /// The header and footer rendered once per build give every page the bytes
    /// `base.html` gives when it renders them itself (a page rendered without them,
    /// or a theme whose base.html does not take them).
    #[test]
    fn pages_are_the_same_with_their_chrome_rendered_once_or_in_each_page() {
        struct Pages(std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>);
        impl Sink for Pages {
            fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
                self.0.lock().unwrap().insert(path.into(), bytes.to_vec());
                Ok(())
            }
        }
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let checked = crate::check(dir, Some(Date::parse("2026-11-24").unwrap()));
        let site = checked.site.expect("the bundled site loads");
        let progress = site.progress(checked.as_of);
        let theme = super::super::Theme::load(dir).unwrap();
        let strings = theme.strings(site.config.language).unwrap();
        let tera = super::super::engine(&theme, &strings).unwrap();
        let render = |chrome: bool| {
            let sink = Pages(Default::default());
            {
                let urls = Urls::new(&site.config.base_url);
                let mut ctx = Ctx::new(
                    &site,
                    &progress,
                    urls,
                    &strings,
                    &tera,
                    &sink,
                    AssetUrls::default(),
                    None,
                    Vec::new(),
                );
                if chrome {
                    ctx.render_chrome().unwrap();
                }
                ctx.render_pages(ctx.pages()).unwrap();
            }
            sink.0.into_inner().unwrap()
        };
        let (once, each) = (render(true), render(false));
        assert!(once.len() > 100, "{} pages", once.len());
        assert_eq!(
            once.keys().collect::<Vec<_>>(),
            each.keys().collect::<Vec<_>>()
        );
        for (path, page) in &once {
            assert!(*page == each[path], "{path} differs");
        }
        let home = String::from_utf8_lossy(&once["index.html"]);
        assert!(home.contains("<header class=\"site-header\">"), "{home}");
        assert!(home.contains("<footer class=\"site-footer\">"), "{home}");
        let tasks = String::from_utf8_lossy(&once["nhiem-vu/index.html"]);
        assert!(tasks.contains(" aria-current=\"page\">"), "{tasks}");
    }

    #[test]
    fn alias_paths() {
        assert_eq!(alias_path("/nhiem-vu/cu/"), "nhiem-vu/cu/");
        assert_eq!(alias_path("nhiem-vu/cu"), "nhiem-vu/cu/");
        assert_eq!(alias_path("/a/index.html"), "a/");
    }
}
