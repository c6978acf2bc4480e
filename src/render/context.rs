//! What every page of a build shares: the model, the views computed from it
//! once, the template engine and the sink ([`Ctx`]), and the frame of a page
//! (`<head>`, navigation, crumbs, share links) that each page kind fills in.

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;
use tera::Tera;

use super::charts::Rollup;
use super::error::RenderError;
use super::format::{self, Collation};
use super::markdown;
use super::record::{self, SearchRecord, SearchText};
use super::sink::Sink;
use super::urls::{paths, Urls};
use super::views::{self, t, EntryRow, Strings, Views};
use crate::model::safe;
use crate::model::{Evidence, Progress, Site, Status};

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
    /// Root-relative links to each section. Templates, the theme's and any a
    /// site overrides, read it as `site.u`.
    #[serde(rename = "u")]
    pub section_urls: SectionUrls,
    pub nav: Vec<NavItem>,
    pub css: String,
    /// The print stylesheet that writes each link's address after it.
    pub print_css: String,
    /// The search page's script.
    pub search_js: String,
    /// The search index's entry point (`/sub/pagefind/pagefind.js`).
    pub search_index: String,
    /// The `pagefind.js` of the index's other parts, separated by spaces (none
    /// for a site of one part: [`super::record::index_parts`]).
    pub search_parts: String,
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
/// `page` as templates see it: the frame, with what the page tells other sites
/// about itself, marked where it must be ([`Ctx::page_value`]).
#[derive(Serialize)]
struct PageFrame<'a> {
    #[serde(flatten)]
    meta: &'a PageMeta,
    og_title: String,
    og_description: String,
    /// The page's JSON-LD, ready for its `<script>`.
    json_ld: String,
}

/// `page` for the header and footer rendered once: only its section.
#[derive(Serialize)]
struct NavOnly<'a> {
    nav: &'a str,
}

/// The header (of the page's section) and the footer rendered once per build.
#[derive(Serialize)]
struct ChromeParts<'a> {
    header: &'a str,
    footer: &'a str,
}

/// A page's whole context, for pages rendered without the shared frame.
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
    /// The page's search record, on the pages the search index holds (one
    /// record, task, agency...) when the sink keeps records; list pages, the
    /// home page and the like are left out of the index.
    #[serde(skip)]
    pub search: Option<SearchRecord>,
    /// Absolute URL of the page's share image (`og:image`): its own card, or the
    /// site's card for a page that has none.
    pub image: Option<String>,
    /// What the share image shows (`og:image:alt`).
    pub image_alt: String,
    /// Share links, embed code and printable version (`outreach.rs`).
    pub share: Option<super::share::ShareView>,
    /// Kept out of search engines (the 404 page, pages of removed addresses): the
    /// page then has no canonical link.
    pub noindex: bool,
}

/// A page's Open Graph / Twitter title and description and its JSON-LD.
struct Head {
    title: String,
    description: String,
    json_ld: serde_json::Value,
}

/// A page's whole context, for pages rendered without the shared frame.
#[derive(Serialize)]
pub struct Page<'a, C: Serialize> {
    pub site: &'a SiteView,
    pub page: serde_json::Value,
    #[serde(flatten)]
    pub data: C,
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

/// A status as a heading or a link shows it: its code (for the CSS class), its
/// name in the site's language and its icon.
#[derive(Serialize)]
pub struct StatusHeading {
    pub code: &'static str,
    pub label: String,
    pub icon: &'static str,
}

#[derive(Serialize, Clone)]
pub struct EvidenceView {
    pub reference: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<String>,
    pub href: Option<String>,
}

impl EvidenceView {
    /// The document in one line, as the `evidence` macro shows it:
    /// `reference: title · issuer · date` (the address when it has no name).
    pub fn line(&self) -> String {
        let mut s = match (&self.reference, &self.title) {
            (Some(r), Some(t)) => format!("{r}: {t}"),
            (Some(x), None) | (None, Some(x)) => x.clone(),
            (None, None) => self.href.clone().unwrap_or_default(),
        };
        for part in [&self.issuer, &self.date].into_iter().flatten() {
            s.push_str(" · ");
            s.push_str(part);
        }
        s
    }
}

/// One build's shared state: the model, the views computed from it, the engine.
pub struct Ctx<'a> {
    pub site: &'a Site,
    pub progress: &'a Progress,
    pub urls: Urls,
    /// The theme's interface strings in the site's language.
    pub strings: &'a Strings,
    pub views: Views,
    pub tera: &'a Tera,
    pub sink: &'a dyn Sink,
    /// What every page knows of the site (`site` in templates).
    pub site_view: SiteView,
    site_value: serde_json::Value,
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
    pub outreach: super::share::Outreach,
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
        strings: &'a Strings,
        tera: &'a Tera,
        sink: &'a dyn Sink,
        assets: AssetUrls,
        mut rows: Vec<Option<EntryRow>>,
    ) -> Ctx<'a> {
        let lang = site.config.language;
        let views = Views::new(site, &progress.tasks, progress.as_of, &urls, strings);
        rows.resize_with(site.entries.len(), || None);
        let entry_rows: Vec<EntryRow> = rows
            .into_par_iter()
            .zip(site.entries.par_iter())
            .map(|(row, e)| row.unwrap_or_else(|| views.entry_row(site, e, &urls, strings)))
            .collect();
        let visible = views::visible_entries_desc(site, progress.as_of);
        let coll = Collation::new(lang);
        let agencies_sorted = super::select::agencies_by_name(site, &coll);
        let localities_sorted = super::select::localities_by_name(site, &coll);
        let practices_desc = super::select::practices_newest_first(site, progress.as_of);
        let section_urls = SectionUrls {
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
            ("plan", &section_urls.plan),
            ("goals", &section_urls.goals),
            ("tasks", &section_urls.tasks),
            ("agencies", &section_urls.agencies),
            ("progress", &section_urls.progress),
            ("practices", &section_urls.practices),
            ("localities", &section_urls.localities),
            ("calendar", &section_urls.calendar),
        ]
        .into_iter()
        .map(|(key, url)| NavItem {
            key,
            label: t(strings, key).to_string(),
            url: url.clone(),
        })
        .collect();
        let site_view = SiteView {
            title: site.config.title.clone(),
            description: site.config.description.clone().unwrap_or_default(),
            lang: lang.code(),
            base: urls.base.clone(),
            prefix: urls.prefix.clone(),
            as_of: format::date_long(progress.as_of, lang),
            as_of_iso: progress.as_of.iso(),
            demo: site.config.demo,
            publisher: site.config.publisher.clone(),
            section_urls,
            nav,
            css: assets.css,
            print_css: urls.rel(PRINT_CSS),
            search_js: assets.search_js,
            search_index: urls.rel(&format!("{}pagefind.js", record::BUNDLE_DIR)),
            search_parts: (1..record::index_parts(record::record_pages(site)))
                .map(|part| urls.rel(&format!("{}pagefind.js", record::part_dir(part))))
                .collect::<Vec<_>>()
                .join(" "),
            generator: format!("tiendo {}", env!("CARGO_PKG_VERSION")),
        };
        let site_value = serde_json::to_value(&site_view).unwrap_or_default();
        Ctx {
            site,
            progress,
            urls,
            strings,
            views,
            tera,
            sink,
            site_view,
            site_value,
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
            ctx.insert("page", &NavOnly { nav });
            super::error::render_template(self.tera, template, &ctx)
        };
        let headers = self
            .site_view
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
        let whole = std::cell::OnceCell::new();
        self.entry_excerpt_with(i, || {
            whole.get_or_init(|| markdown::to_text(&self.site.entries[i].body))
        })
    }

    /// [`Self::entry_excerpt`], asking `text` for the entry's whole text if it
    /// was not cut yet (the entry's page, which needs the whole text too, reads
    /// its Markdown once).
    pub(super) fn entry_excerpt_with<'t>(&self, i: usize, text: impl FnOnce() -> &'t str) -> &str {
        self.entry_text[i].get_or_init(|| markdown::excerpt(text(), 400))
    }

    pub(super) fn t(&self, key: &str) -> String {
        t(self.strings, key).to_string()
    }

    /// A Markdown text of the content as safe HTML, its links to the site's
    /// files and pages under the site's path.
    pub(super) fn markdown(&self, text: &str) -> String {
        super::markdown::to_html(text, &self.urls.prefix)
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
        let share = super::share::share_view(
            self.site,
            self.progress.as_of,
            &self.urls,
            self.strings,
            path,
            &title,
        );
        let json_ld = json!({
            "@context": "https://schema.org",
            "@type": "WebPage",
            "name": title,
            "description": description,
            "url": canonical,
            "inLanguage": self.site_view.lang,
            "dateModified": self.site_view.as_of_iso,
            "isPartOf": {"@type": "WebSite", "name": self.site_view.title, "url": self.site_view.base},
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
    /// (ids), its record's text what `text` writes after the title (from the
    /// data the page's template gets). `own_illustrative`: the page's record
    /// itself is illustrative; a page that only shows illustrative content is
    /// labelled so as well. Call after `meta.illustrative` is set. Nothing is
    /// made when the sink keeps no search records.
    pub(super) fn searchable(
        &self,
        meta: &mut PageMeta,
        kind: &'static str,
        agencies: &[&str],
        own_illustrative: bool,
        text: impl FnOnce(&mut SearchText),
    ) {
        meta.illustrative_own |= own_illustrative;
        if !self.sink.wants_records() {
            return;
        }
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
        let illustrative = if own_illustrative {
            Some(self.t("illustrative"))
        } else if meta.illustrative {
            Some(self.t("illustrative_contains"))
        } else {
            None
        };
        let mut words = SearchText::default();
        text(&mut words);
        meta.search = Some(SearchRecord {
            path: String::new(),
            language: self.lang().code(),
            title: meta.title.clone(),
            kind: self.t(label_key),
            agencies: names,
            illustrative,
            text: words.into_string(),
        });
    }

    /// `page` as templates see it: the frame, with what the page tells other sites
    /// about itself (`og_title`, `og_description`, `json_ld`) marked where it must be.
    pub(super) fn page_value(
        &self,
        meta: &PageMeta,
    ) -> Result<serde_json::Value, serde_json::Error> {
        let head = self.head(meta);
        serde_json::to_value(PageFrame {
            meta,
            og_title: head.title,
            og_description: head.description,
            json_ld: script_json(&head.json_ld),
        })
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

    /// `title` as pages' heads, feeds and embeds give it: with "[Minh họa] " before
    /// it when what it names is or rests on illustrative content.
    pub(super) fn marked(&self, title: &str, illustrative: bool) -> String {
        if illustrative {
            format!(
                "[{}] {title}",
                self.strings
                    .get("illustrative")
                    .map(|s| s.as_str())
                    .unwrap_or("Minh họa")
            )
        } else {
            title.to_string()
        }
    }

    /// How status `st` is named and marked on a page.
    pub(super) fn status_heading(&self, st: Status) -> StatusHeading {
        StatusHeading {
            code: st.code(),
            label: self.t(&format!("status_{}", st.code())),
            icon: views::status_icon(st),
        }
    }

    /// Announce in `meta` the progress feed of one agency or commune (`name`),
    /// at site path `path`; its root-relative URL, for the page to link.
    pub(super) fn own_feed(&self, meta: &mut PageMeta, name: &str, path: &str) -> String {
        let href = self.urls.rel(path);
        meta.feeds.push(FeedLink {
            title: format!("{} — {}", self.t("feed_progress"), name),
            href: href.clone(),
        });
        href
    }

    pub(super) fn crumb(&self, key: &str, path: &str) -> Crumb {
        Crumb {
            name: self.t(key),
            url: self.urls.rel(path),
        }
    }

    /// Render the page at `path` from `template`: `data` (the page kind's own
    /// context, a struct whose fields are the template's names) beside `site`,
    /// `page` (the frame) and `chrome`.
    pub(super) fn render(
        &self,
        template: &str,
        path: &str,
        meta: &PageMeta,
        data: impl Serialize,
    ) -> Result<(), RenderError> {
        let file = format!("{path}index.html");
        let err = |e: serde_json::Error| RenderError::Template {
            template: template.into(),
            message: e.to_string(),
        };
        // The site's part of the context is serialised once per build and cloned.
        let mut map = match serde_json::to_value(&data).map_err(err)? {
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
                serde_json::to_value(ChromeParts {
                    header: chrome.header(meta.nav),
                    footer: &chrome.footer,
                })
                .map_err(err)?,
            );
        }
        map.insert("page".into(), self.page_value(meta).map_err(err)?);
        let ctx = tera::Context::from_value(serde_json::Value::Object(map))
            .map_err(|e| super::error::template_error(template, &e))?;
        super::sink::emit_context(self.tera, self.sink, template, &file, &ctx)?;
        match &meta.search {
            Some(record) => self.sink.add_record(SearchRecord {
                path: path.to_string(),
                ..record.clone()
            }),
            None => Ok(()),
        }
    }

    pub(super) fn rows(&self, entries: &[usize]) -> Vec<&EntryRow> {
        entries.iter().map(|&i| &self.entry_rows[i]).collect()
    }

    /// Whether any of `tasks` (indices) has a status resting on illustrative entries:
    /// a page showing their statuses is marked as showing illustrative content.
    pub(super) fn any_task_illustrative(&self, tasks: impl IntoIterator<Item = usize>) -> bool {
        tasks.into_iter().any(|i| self.views.tasks[i].illustrative)
    }

    /// Each goal (by index) with the rollup of the tasks that serve it.
    pub(super) fn goal_rollups(&self) -> Vec<(usize, Rollup)> {
        let site = self.site;
        site.goals
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                (
                    gi,
                    self.rollup_of(&super::select::tasks_of_goal(site, &g.id), &g.title),
                )
            })
            .collect()
    }

    pub(super) fn rollup_of(&self, tasks: &[usize], title: &str) -> Rollup {
        Rollup::of(
            tasks.iter().map(|&i| self.progress.tasks[i].status),
            title,
            self.strings,
        )
    }

    pub(super) fn evidence(&self, ev: &[Evidence]) -> Vec<EvidenceView> {
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
}
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
        let checked = crate::check(dir, Some(crate::model::Date::parse("2026-11-24").unwrap()));
        let site = checked.site.expect("the bundled site loads");
        let progress = site.progress(checked.as_of);
        let theme = crate::render::theme::Theme::load(dir).unwrap();
        let strings = theme.strings(site.config.language).unwrap();
        let tera = crate::render::engine::engine(&theme, &strings).unwrap();
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
}
