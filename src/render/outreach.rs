//! The outreach kit: what lets the propaganda department spread good practices
//! (plan section III.2) and lets the provincial newspaper and broadcaster run their
//! columns (III.8) straight from the portal:
//!
//! - a share image (`og:image`, 1200×630 PNG) for the home page and every task,
//!   agency, practice and locality page, drawn by `share_image.rs` and cached by
//!   content hash (`crate::cache`), so an unchanged card is never drawn twice;
//! - an embeddable card (`<iframe>`, no JavaScript) for every task, every practice and
//!   the overall progress, with its oEmbed JSON;
//! - a printable A4 leaflet with a QR code for every practice, and a one-page
//!   printable summary of the home page;
//! - share links for Facebook and Zalo and a copy-link control, none of which loads a
//!   third-party script.
//!
//! Bulletins (monthly and quarterly digests) are in `digest.rs`.

use std::collections::HashMap;
use std::path::Path;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::charts;
use super::context::{Ctx, PageMeta};
use super::format;
use super::markdown;
use super::share_image::{Card, Renderer};
use super::urls::{paths as site_paths, Urls};
use super::views::{locality_kind_code, status_slug, PracticeRow, TaskView};
use super::{escape_html, RenderError, Theme};
use crate::cache::Cache;
use crate::model::Status;

/// Site paths of the outreach pages (next to `urls::paths`, which has the pages').
pub mod paths {
    /// The embeddable card of the overall progress.
    pub const EMBED_OVERALL: &str = "nhung/tien-do/";
    pub const OEMBED_OVERALL: &str = "oembed/tien-do.json";
    /// The printable one-page summary of the home page.
    pub const PRINT_SUMMARY: &str = "in/";

    pub fn embed_task(id: &str) -> String {
        format!("nhung/nhiem-vu/{id}/")
    }
    pub fn embed_practice(id: &str) -> String {
        format!("nhung/dien-hinh/{id}/")
    }
    pub fn oembed_task(id: &str) -> String {
        format!("oembed/nhiem-vu/{id}.json")
    }
    pub fn oembed_practice(id: &str) -> String {
        format!("oembed/dien-hinh/{id}.json")
    }
    /// A practice's printable leaflet.
    pub fn leaflet(id: &str) -> String {
        format!("dien-hinh/{id}/in/")
    }
    /// The share image of the page at `page` (`nhiem-vu/x/` → `nhiem-vu/x/og.png`).
    pub fn image(page: &str) -> String {
        format!("{page}og.png")
    }
}

/// Width of an embedded card, in CSS pixels (it shrinks on narrow screens).
pub const EMBED_WIDTH: u32 = 480;
const EMBED_HEIGHT_TASK: u32 = 330;
const EMBED_HEIGHT_PRACTICE: u32 = 300;
const EMBED_HEIGHT_OVERALL: u32 = 300;

/// How a page can be taken elsewhere: share links, embed code, printable version.
#[derive(Serialize, Clone, Debug)]
pub struct ShareView {
    /// The page's own absolute URL (the copy-link, which works as a plain link).
    pub url: String,
    pub facebook: String,
    pub zalo: String,
    pub embed: Option<EmbedView>,
    /// Absolute URL of the page's oEmbed JSON (announced by a discovery `<link>`).
    pub oembed: Option<String>,
    /// Root-relative link to the printable version, and what to call it.
    pub print: Option<String>,
    pub print_label: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct EmbedView {
    /// Absolute URL of the embeddable page.
    pub src: String,
    /// Root-relative link to it, to preview.
    pub preview: String,
    /// The `<iframe>` to paste.
    pub code: String,
    pub width: u32,
    pub height: u32,
}

struct Image {
    svg: String,
    key: String,
}

/// Share images of one build: for each page path, the card as SVG and its key.
#[derive(Default)]
pub struct Outreach {
    images: HashMap<String, Image>,
    renderer: Option<Renderer>,
    cache: Option<Cache>,
}

impl Outreach {
    /// Absolute URL of the share image of the page at `page`, with a version taken
    /// from its content (so a changed card is fetched again by social networks).
    pub fn image_url(&self, urls: &Urls, page: &str) -> Option<String> {
        self.images
            .get(page)
            .map(|im| format!("{}?v={}", urls.abs(&paths::image(page)), &im.key[..12]))
    }

    /// How many share images the build has.
    pub fn images(&self) -> usize {
        self.images.len()
    }

    /// (cache hits, cache misses) of share images.
    pub fn cache_stats(&self) -> (usize, usize) {
        self.cache.as_ref().map(|c| c.stats()).unwrap_or((0, 0))
    }
}

/// Percent-encoding for a query value.
fn enc(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Facebook's share dialog for `url` (a plain link: no SDK, no script).
pub fn facebook_link(url: &str) -> String {
    format!("https://www.facebook.com/sharer/sharer.php?u={}", enc(url))
}

/// Zalo's share page for `url` (a plain link: the page Zalo's own button opens,
/// without loading Zalo's SDK).
pub fn zalo_link(url: &str) -> String {
    let payload = serde_json::to_string(&json!({ "url": url })).unwrap_or_default();
    format!(
        "https://button-share.zalo.me/share_external?layout=1&color=blue&customize=false&d={}&shareType=0",
        enc(&BASE64_STANDARD.encode(payload.as_bytes()))
    )
}

/// A QR code leading to `data`, as inline SVG (black modules on white, with the quiet
/// zone), `size` CSS pixels square.
pub fn qr_svg(data: &str, label: &str, size: u32) -> Result<String, RenderError> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| RenderError::Other(format!("QR code for {data}: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    let svg = match svg.find("<svg") {
        Some(i) => &svg[i..],
        None => &svg,
    };
    let n = code.width() + 8;
    let svg = svg.replacen(
        &format!(r#" width="{n}" height="{n}""#),
        &format!(
            r#" width="{size}" height="{size}" class="qr" role="img" aria-label="{}""#,
            escape_html(label)
        ),
        1,
    );
    Ok(svg)
}

/// Is the page at `path` one people would share (an item's page, the home page, the
/// plan)? List pages and paginated pages are not.
fn shareable(path: &str) -> bool {
    if path.is_empty() || path == site_paths::PLAN {
        return true;
    }
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    path.ends_with('/')
        && segs.len() == 2
        && matches!(
            segs[0],
            "nhiem-vu"
                | "co-quan"
                | "dia-phuong"
                | "dien-hinh"
                | "tien-do"
                | "muc-tieu"
                | "ban-tin"
        )
        && !matches!(segs[1], "trang" | "trang-thai")
}

impl Ctx<'_> {
    fn illustrative_label(&self, yes: bool) -> Option<String> {
        (yes || self.site.config.demo).then(|| self.t("illustrative"))
    }

    /// Does the practice `id` have a page (dated on or before the as-of date)?
    fn practice_published(&self, id: &str) -> bool {
        self.site
            .index
            .practice
            .get(id)
            .is_some_and(|&i| self.site.practices[i].date <= self.progress.as_of)
    }

    fn any_illustrative(&self, entries: &[usize]) -> bool {
        let as_of = self.progress.as_of;
        entries
            .iter()
            .any(|&e| self.site.entries[e].illustrative && self.site.entries[e].date <= as_of)
    }

    fn task_embed(&self, id: &str) -> Option<(String, String, u32)> {
        self.site.index.task.contains_key(id).then(|| {
            (
                paths::embed_task(id),
                paths::oembed_task(id),
                EMBED_HEIGHT_TASK,
            )
        })
    }

    fn practice_embed(&self, id: &str) -> Option<(String, String, u32)> {
        self.practice_published(id).then(|| {
            (
                paths::embed_practice(id),
                paths::oembed_practice(id),
                EMBED_HEIGHT_PRACTICE,
            )
        })
    }

    /// (embed path, oEmbed path, height) of the page at `path`, if it has a card.
    fn embed_of(&self, path: &str) -> Option<(String, String, u32)> {
        if path.is_empty() {
            return Some((
                paths::EMBED_OVERALL.to_string(),
                paths::OEMBED_OVERALL.to_string(),
                EMBED_HEIGHT_OVERALL,
            ));
        }
        let id = |prefix: &str| -> Option<String> {
            path.strip_prefix(prefix)
                .and_then(|r| r.strip_suffix('/'))
                .filter(|r| !r.contains('/'))
                .map(str::to_string)
        };
        if let Some(t) = id("nhiem-vu/") {
            return self.task_embed(&t);
        }
        if let Some(p) = id("dien-hinh/") {
            return self.practice_embed(&p);
        }
        None
    }

    /// The title of the overall progress (its card, its embed).
    fn overall_title(&self) -> String {
        format!("{} — {}", self.t("overall"), self.site.plan.title)
    }

    fn embed_code(&self, src: &str, title: &str, height: u32) -> String {
        format!(
            r#"<iframe src="{src}" width="{EMBED_WIDTH}" height="{height}" style="border:0;width:100%;max-width:{EMBED_WIDTH}px" title="{}" loading="lazy"></iframe>"#,
            escape_html(title)
        )
    }

    /// Share links, embed code and printable version of the page at `path`.
    pub(super) fn share_view(&self, path: &str, title: &str) -> Option<ShareView> {
        if !shareable(path) {
            return None;
        }
        let url = self.urls.abs(path);
        let embed_of = self.embed_of(path);
        let embed = embed_of.as_ref().map(|(e, _, h)| {
            let src = self.urls.abs(e);
            let title = if path.is_empty() {
                self.overall_title()
            } else {
                title.to_string()
            };
            EmbedView {
                code: self.embed_code(&src, &title, *h),
                preview: self.urls.rel(e),
                src,
                width: EMBED_WIDTH,
                height: *h,
            }
        });
        let (print, print_label) = if path.is_empty() {
            (
                Some(self.urls.rel(paths::PRINT_SUMMARY)),
                Some(self.t("print_summary")),
            )
        } else if let Some(id) = path
            .strip_prefix("dien-hinh/")
            .and_then(|r| r.strip_suffix('/'))
            .filter(|id| self.practice_published(id))
        {
            (
                Some(self.urls.rel(&paths::leaflet(id))),
                Some(self.t("print_leaflet")),
            )
        } else {
            (None, None)
        };
        Some(ShareView {
            facebook: facebook_link(&url),
            zalo: zalo_link(&url),
            url,
            embed,
            oembed: embed_of.map(|(_, o, _)| self.urls.abs(&o)),
            print,
            print_label,
        })
    }

    /// The share card of every page that has one: the home page, every task, agency,
    /// locality and (published) practice.
    fn share_cards(&self) -> Vec<(String, Card)> {
        let site = self.site;
        let lang = self.lang();
        let site_name = site.config.title.clone();
        let mut cards: Vec<(String, Card)> = Vec::new();
        let bar_of = |r: &super::context::Rollup| -> Vec<(&'static str, usize)> {
            r.segments.iter().map(|s| (s.code, s.count)).collect()
        };

        // Home: the overall progress.
        let all: Vec<usize> = (0..site.tasks.len()).collect();
        let overall = self.rollup_of(&all, &self.t("overall"));
        let home_illustrative = self.visible.iter().any(|&e| site.entries[e].illustrative)
            || self
                .practices_desc
                .iter()
                .any(|&p| site.practices[p].illustrative);
        cards.push((
            String::new(),
            Card {
                kind: format!(
                    "{} · {} {}",
                    self.t("overall"),
                    self.t("as_of"),
                    format::date_short(self.progress.as_of, lang)
                ),
                title: site.plan.title.clone(),
                status: None,
                detail: format!(
                    "{}/{} {} {} · {} {}",
                    overall.done,
                    overall.total,
                    self.t("tasks_total"),
                    self.t("share_done"),
                    overall.overdue,
                    self.t("overdue_count")
                ),
                bar: bar_of(&overall),
                illustrative: self.illustrative_label(home_illustrative),
                site: site_name.clone(),
            },
        ));

        // Tasks.
        for (i, task) in site.tasks.iter().enumerate() {
            let v: &TaskView = &self.views.tasks[i];
            let st = &v.status;
            let mut detail = format!("{}: {}", self.t("deadline"), v.due);
            let mut bar = Vec::new();
            if let (Some(total), Some(done)) = (st.localities_total, st.localities_done) {
                detail.push_str(&format!(" · {done}/{total} {}", self.t("localities_done")));
                // Every commune/ward by its own status, as the task's page groups them.
                let cells = &self.progress.per_locality[i];
                bar = Status::ALL
                    .iter()
                    .map(|&s| (s.code(), cells.iter().filter(|p| p.status == s).count()))
                    .collect();
            } else if let Some(p) = st.percent.filter(|_| st.code != "done") {
                let p = p.clamp(0, 100) as usize;
                detail.push_str(&format!(" · {p}%"));
                bar = vec![(st.code, p), ("none", 100 - p)];
            }
            let kind = match &task.sections_text() {
                Some(sec) => format!("{} · {} {sec}", self.t("task"), self.t("section")),
                None => self.t("task"),
            };
            cards.push((
                site_paths::task(&task.id),
                Card {
                    kind,
                    title: task.title.clone(),
                    status: Some((st.label.clone(), st.code)),
                    detail,
                    bar,
                    illustrative: self
                        .illustrative_label(self.any_illustrative(&site.index.entries_of_task[i])),
                    site: site_name.clone(),
                },
            ));
        }

        // Agencies: the tasks they lead, or, for one that only directs (Đảng ủy UBND
        // tỉnh), the tasks it directs.
        for (a, ag) in site.agencies.iter().enumerate() {
            let of = |pick: &dyn Fn(&crate::model::Task) -> bool| -> Vec<usize> {
                (0..site.tasks.len())
                    .filter(|&i| pick(&site.tasks[i]))
                    .collect()
            };
            let lead = of(&|t| t.lead == ag.id);
            let directed = of(&|t| t.directed_by.contains(&ag.id));
            let (shown, count_key) = if lead.is_empty() && !directed.is_empty() {
                (directed, "as_directed_count")
            } else {
                (lead, "as_lead_count")
            };
            let r = self.rollup_of(&shown, &ag.name);
            let illustrative = self.any_illustrative(&site.index.entries_of_agency[a])
                || shown
                    .iter()
                    .any(|&t| self.any_illustrative(&site.index.entries_of_task[t]));
            cards.push((
                site_paths::agency(&ag.id),
                Card {
                    kind: self.t("agency"),
                    title: ag.name.clone(),
                    status: None,
                    detail: format!(
                        "{} {} · {} {} · {} {}",
                        r.total,
                        self.t(count_key),
                        r.done,
                        self.t("done_count"),
                        r.overdue,
                        self.t("overdue_count")
                    ),
                    bar: bar_of(&r),
                    illustrative: self.illustrative_label(illustrative),
                    site: site_name.clone(),
                },
            ));
        }

        // Localities: their share of the per-locality tasks.
        let pl: Vec<usize> = (0..site.tasks.len())
            .filter(|&i| site.tasks[i].per_locality)
            .collect();
        for (li, l) in site.localities.iter().enumerate() {
            let unit = self.progress.units.get(li).cloned().unwrap_or_default();
            let done = unit.count(Status::Done);
            let bar: Vec<(&'static str, usize)> = Status::ALL
                .iter()
                .map(|&st| (st.code(), unit.count(st)))
                .collect();
            let reports = site.index.entries_of_locality[li]
                .iter()
                .filter(|&&e| site.entries[e].date <= self.progress.as_of)
                .count();
            let illustrative = self.any_illustrative(&site.index.entries_of_locality[li])
                || self.practices_desc.iter().any(|&p| {
                    site.practices[p].illustrative
                        && site.practices[p].locality.as_deref() == Some(l.id.as_str())
                });
            cards.push((
                site_paths::locality(&l.id),
                Card {
                    kind: self.t(&format!("kind_{}", locality_kind_code(l.kind))),
                    title: l.name.clone(),
                    status: None,
                    detail: format!(
                        "{} {} · {done}/{} {} · {reports} {}",
                        unit.count(Status::Overdue),
                        self.t("overdue_count"),
                        pl.len(),
                        self.t("per_locality_done_of"),
                        self.t("entries_count")
                    ),
                    bar,
                    illustrative: self.illustrative_label(illustrative),
                    site: site_name.clone(),
                },
            ));
        }

        // Practices.
        for &pi in &self.practices_desc {
            let p = &site.practices[pi];
            let row = self.views.practice_row(site, pi, &self.urls, self.strings);
            let mut who: Vec<String> = Vec::new();
            if let Some(a) = &row.agency {
                who.push(a.name.clone());
            }
            if let Some(l) = &row.locality {
                who.push(l.name.clone());
            }
            who.push(format::date_short(p.date, lang));
            cards.push((
                site_paths::practice(&p.id),
                Card {
                    kind: row.kind_label.clone(),
                    title: p.title.clone(),
                    status: None,
                    detail: who.join(" · "),
                    bar: Vec::new(),
                    illustrative: self.illustrative_label(p.illustrative),
                    site: site_name.clone(),
                },
            ));
        }
        cards
    }

    /// Lay out every share card (in parallel) and compute its cache key. Nothing is
    /// drawn yet; [`Ctx::share_images`] does that once the pages are written.
    pub fn prepare_outreach(
        &self,
        theme: &Theme,
        cache_dir: Option<&Path>,
    ) -> Result<Outreach, RenderError> {
        if !self.site.config.share_images {
            return Ok(Outreach::default());
        }
        let renderer = Renderer::new(theme)?;
        let cards = self.share_cards();
        let images = cards
            .into_par_iter()
            .map(|(path, card)| {
                let svg = renderer.svg(self.tera, &card)?;
                let key = renderer.key(&svg);
                Ok((path, Image { svg, key }))
            })
            .collect::<Result<HashMap<String, Image>, RenderError>>()?;
        Ok(Outreach {
            images,
            renderer: Some(renderer),
            cache: cache_dir.map(|d| Cache::new(d, "og", "png")),
        })
    }

    /// Draw every share image (in parallel), or take it from the cache when the same
    /// card was drawn by an earlier build.
    pub fn share_images(&self) -> Result<(), RenderError> {
        let Some(renderer) = &self.outreach.renderer else {
            return Ok(());
        };
        let cache = self.outreach.cache.as_ref();
        // Cards drawn by an earlier build are read from the cache, checked whole
        // (a damaged file is drawn again) and written as copies: that waits on the
        // disk, so it runs on the I/O pool. What is left to draw keeps the cores
        // busy, on the global pool.
        let to_draw: Vec<(&String, &Image)> = crate::io::install(|| {
            self.outreach
                .images
                .par_iter()
                .filter_map(|(page, im)| {
                    match cache.and_then(|c| c.get(&im.key, super::share_image::is_whole_png)) {
                        Some(bytes) => self.sink.write(&paths::image(page), &bytes).err().map(Err),
                        None => Some(Ok((page, im))),
                    }
                })
                .collect::<Result<_, RenderError>>()
        })?;
        to_draw.par_iter().try_for_each(|(page, im)| {
            let bytes = renderer.png(&im.svg)?;
            if let Some(c) = cache {
                c.put(&im.key, &bytes);
            }
            self.sink.write(&paths::image(page), &bytes)
        })?;
        if let Some(c) = cache {
            c.prune();
        }
        Ok(())
    }

    /// Embeddable cards, their oEmbed JSON, leaflets and the printable summary.
    pub fn outreach_pages(&self) -> Result<(), RenderError> {
        self.embed_overall()?;
        (0..self.site.tasks.len())
            .into_par_iter()
            .try_for_each(|i| self.embed_task_page(i))?;
        self.practices_desc.par_iter().try_for_each(|&i| {
            self.embed_practice_page(i)?;
            self.leaflet(i)
        })?;
        self.print_summary()
    }

    /// The frame of a page that is not part of the site's navigation (an embed, a
    /// printable page): no share block of its own, not indexed.
    fn bare_meta(&self, path: &str, title: String, description: String) -> PageMeta {
        let mut meta = self.meta(path, title, description, "");
        meta.share = None;
        meta.image = None;
        meta
    }

    fn oembed(
        &self,
        path: &str,
        title: &str,
        page: &str,
        embed: &str,
        height: u32,
        illustrative: bool,
    ) -> Result<(), RenderError> {
        let src = self.urls.abs(embed);
        // A consumer that shows only the title still says what rests on illustrative data.
        let marked = self.marked(title, illustrative);
        let mut v = json!({
            "version": "1.0",
            "type": "rich",
            "title": marked,
            "illustrative": illustrative,
            "provider_name": self.site.config.title,
            "provider_url": self.urls.base,
            "author_name": self.site.config.publisher.clone().unwrap_or_else(|| self.site.config.title.clone()),
            "author_url": self.urls.abs(page),
            "html": self.embed_code(&src, title, height),
            "width": EMBED_WIDTH,
            "height": height,
        });
        if let Some(img) = self.outreach.image_url(&self.urls, page) {
            v["thumbnail_url"] = json!(img);
            v["thumbnail_width"] = json!(super::share_image::WIDTH);
            v["thumbnail_height"] = json!(super::share_image::HEIGHT);
        }
        let body = serde_json::to_vec_pretty(&v).map_err(|e| RenderError::Other(e.to_string()))?;
        self.sink.write(path, &body)
    }

    fn embed_overall(&self) -> Result<(), RenderError> {
        let site = self.site;
        let all: Vec<usize> = (0..site.tasks.len()).collect();
        let overall = self.rollup_of(&all, &self.t("overall"));
        let title = self.overall_title();
        let illustrative =
            site.config.demo || self.visible.iter().any(|&e| site.entries[e].illustrative);
        let meta = self.bare_meta(paths::EMBED_OVERALL, title.clone(), site.plan.title.clone());
        self.render(
            "embed.html",
            paths::EMBED_OVERALL,
            &meta,
            json!({
                "kind": "overall", "label": self.t("overall"), "title": site.plan.title,
                "full": self.urls.abs(""), "illustrative": illustrative, "overall": overall,
                "statuses": overall.segments.iter().filter(|s| s.count > 0).collect::<Vec<_>>(),
            }),
        )?;
        self.oembed(
            paths::OEMBED_OVERALL,
            &title,
            "",
            paths::EMBED_OVERALL,
            EMBED_HEIGHT_OVERALL,
            illustrative,
        )
    }

    fn embed_task_page(&self, i: usize) -> Result<(), RenderError> {
        let site = self.site;
        let task = &site.tasks[i];
        let v = &self.views.tasks[i];
        let path = paths::embed_task(&task.id);
        let page = site_paths::task(&task.id);
        let illustrative =
            site.config.demo || self.any_illustrative(&site.index.entries_of_task[i]);
        let meta = self.bare_meta(&path, task.title.clone(), task.title.clone());
        let meter = match (v.status.localities_total, v.status.localities_done) {
            (Some(total), Some(done)) => {
                Some(charts::meter(done, total, &self.t("localities_done")))
            }
            _ => v
                .status
                .percent
                .filter(|_| v.status.code != "done")
                .map(|p| charts::meter(p.clamp(0, 100) as usize, 100, &self.t("percent"))),
        };
        self.render(
            "embed.html",
            &path,
            &meta,
            json!({
                "kind": "task", "label": self.t("task"), "title": task.title, "task": v,
                "full": self.urls.abs(&page), "illustrative": illustrative, "meter": meter,
            }),
        )?;
        self.oembed(
            &paths::oembed_task(&task.id),
            &task.title,
            &page,
            &path,
            EMBED_HEIGHT_TASK,
            illustrative,
        )
    }

    fn practice_row_of(&self, i: usize) -> PracticeRow {
        self.views
            .practice_row(self.site, i, &self.urls, self.strings)
    }

    fn embed_practice_page(&self, i: usize) -> Result<(), RenderError> {
        let p = &self.site.practices[i];
        let row = self.practice_row_of(i);
        let path = paths::embed_practice(&p.id);
        let page = site_paths::practice(&p.id);
        let summary = p
            .summary
            .clone()
            .unwrap_or_else(|| markdown::excerpt(&markdown::to_text(&p.body), 220));
        let meta = self.bare_meta(&path, p.title.clone(), summary.clone());
        let illustrative = self.site.config.demo || p.illustrative;
        self.render(
            "embed.html",
            &path,
            &meta,
            json!({
                "kind": "practice", "label": row.kind_label, "title": p.title, "practice": row,
                "summary": markdown::excerpt(&summary, 220),
                "full": self.urls.abs(&page),
                "illustrative": illustrative,
            }),
        )?;
        self.oembed(
            &paths::oembed_practice(&p.id),
            &p.title,
            &page,
            &path,
            EMBED_HEIGHT_PRACTICE,
            illustrative,
        )
    }

    /// A practice as an A4 leaflet, with a QR code that leads to its page.
    fn leaflet(&self, i: usize) -> Result<(), RenderError> {
        let p = &self.site.practices[i];
        let row = self.practice_row_of(i);
        let path = paths::leaflet(&p.id);
        let url = self.urls.abs(&site_paths::practice(&p.id));
        let meta = self.bare_meta(
            &path,
            p.title.clone(),
            p.summary.clone().unwrap_or_default(),
        );
        let text = markdown::to_text(&p.body);
        self.render(
            "leaflet.html",
            &path,
            &meta,
            json!({
                "practice": row, "summary": p.summary,
                "text": markdown::excerpt(&text, 1400),
                "date_long": format::date_long(p.date, self.lang()),
                "url": url, "qr": qr_svg(&url, &format!("{}: {url}", self.t("scan_qr")), 170)?,
                "illustrative": self.site.config.demo || p.illustrative,
                "goals": p.goals.iter().filter_map(|g| self.site.index.goal.get(g)).map(|&g| &self.views.goals[g]).collect::<Vec<_>>(),
            }),
        )
    }

    /// The home page's progress on one printable page.
    fn print_summary(&self) -> Result<(), RenderError> {
        let site = self.site;
        let all: Vec<usize> = (0..site.tasks.len()).collect();
        let overall = self.rollup_of(&all, &self.t("overall"));
        let goals: Vec<serde_json::Value> = self
            .goal_rollups()
            .into_iter()
            .map(|(gi, r)| {
                json!({"title": self.views.goals[gi].name, "total": r.total, "done": r.done, "overdue": r.overdue})
            })
            .collect();
        let mut overdue: Vec<(Option<crate::model::Date>, usize)> = (0..site.tasks.len())
            .filter(|&i| self.progress.tasks[i].status == Status::Overdue)
            .map(|i| (site.tasks[i].due.as_ref().and_then(|d| d.end()), i))
            .collect();
        overdue.sort();
        const SHOWN: usize = 5;
        let overdue_shown: Vec<&TaskView> = overdue
            .iter()
            .take(SHOWN)
            .map(|&(_, i)| &self.views.tasks[i])
            .collect();
        let practices: Vec<PracticeRow> = self
            .practices_desc
            .iter()
            .take(3)
            .map(|&i| self.practice_row_of(i))
            .collect();
        let url = self.urls.abs("");
        let illustrative = site.config.demo
            || self.visible.iter().any(|&e| site.entries[e].illustrative)
            || practices.iter().any(|p| p.illustrative);
        let meta = self.bare_meta(
            paths::PRINT_SUMMARY,
            format!("{} — {}", self.t("overall"), site.plan.title),
            site.plan.title.clone(),
        );
        self.render(
            "summary-print.html",
            paths::PRINT_SUMMARY,
            &meta,
            json!({
                "plan_title": site.plan.title, "overall": overall, "goals": goals,
                "overdue": overdue_shown, "overdue_more": overdue.len().saturating_sub(SHOWN),
                "practices": practices, "entries_total": self.visible.len(),
                "url": url, "qr": qr_svg(&url, &format!("{}: {url}", self.t("scan_qr")), 150)?,
                "illustrative": illustrative,
                "overdue_url": self.urls.abs(&site_paths::task_status(status_slug(Status::Overdue))),
            }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_links_load_nothing_and_carry_the_url() {
        let url = "https://example.org/ke-hoach/nhiem-vu/x/";
        let fb = facebook_link(url);
        assert_eq!(
            fb,
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample%2Eorg%2Fke%2Dhoach%2Fnhiem%2Dvu%2Fx%2F"
        );
        let z = zalo_link(url);
        let d = z.split("d=").nth(1).unwrap().split('&').next().unwrap();
        let d = percent_encoding::percent_decode_str(d)
            .decode_utf8()
            .unwrap();
        // The payload Zalo's button sends: {"url": ...} in standard base64.
        assert_eq!(
            d,
            "eyJ1cmwiOiJodHRwczovL2V4YW1wbGUub3JnL2tlLWhvYWNoL25oaWVtLXZ1L3gvIn0="
        );
    }

    #[test]
    fn which_pages_are_shared() {
        for p in [
            "",
            "ke-hoach/",
            "nhiem-vu/x/",
            "dien-hinh/y/",
            "tien-do/z/",
            "ban-tin/2026-06/",
        ] {
            assert!(shareable(p), "{p}");
        }
        for p in [
            "nhiem-vu/",
            "tien-do/trang/2/",
            "nhiem-vu/trang-thai/qua-han/",
            "404.html",
            "nhung/tien-do/",
        ] {
            assert!(!shareable(p), "{p}");
        }
    }

    #[test]
    fn qr_code_is_inline_svg() {
        let svg = qr_svg("https://example.org/", "Mã QR", 120).unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(
            svg.contains(r#"width="120" height="120" class="qr""#),
            "{svg}"
        );
        assert!(svg.contains("aria-label=\"Mã QR\""));
    }
}
