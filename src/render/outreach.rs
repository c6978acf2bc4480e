//! The outreach kit: what lets the propaganda department spread good practices
//! (plan section III.2) and lets the provincial newspaper and broadcaster run their
//! columns (III.8) straight from the portal:
//!
//! - a share image (`og:image`, 1200×630 PNG) for the home page and every task,
//!   agency, practice and locality page, drawn by `share_image.rs` and cached by
//!   content hash (`crate::cache`), so an unchanged card is never drawn twice;
//! - an embeddable card (`<iframe>`) for every task, every practice and the overall
//!   progress, with its oEmbed JSON (agencies' and communes' cards, with the same
//!   figures as their share cards, are `pages/embeds.rs`); the card's script posts
//!   its height and, in a sandbox, its links to the page that frames it, which the
//!   site's host script `nhung.js` or WordPress acts on (docs/embed.md);
//! - a printable A4 leaflet with a QR code for every practice, and a one-page
//!   printable summary of the home page;
//! - share links for Facebook and Zalo and a copy-link control, none of which loads a
//!   third-party script.
//!
//! Bulletins (monthly and quarterly digests) are in `digest.rs`.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use super::charts::{self, Rollup, Segment};
use super::context::{Ctx, PageMeta};
use super::engine::escape_html;
use super::error::RenderError;
use super::format;
use super::markdown;
use super::select;
use super::share::{
    self, paths, Image, Outreach, EMBED_HEIGHT_OVERALL, EMBED_HEIGHT_PRACTICE, EMBED_HEIGHT_TASK,
    EMBED_WIDTH,
};
use super::share_image::{Card, Renderer};
use super::theme::Theme;
use super::urls::paths as site_paths;
use super::views::{locality_kind_code, status_slug, Link, PracticeRow, TaskView};
use crate::cache::Cache;
use crate::model::Status;

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

/// The embeddable card of the overall progress (`embed.html`, kind `overall`).
#[derive(Serialize)]
struct EmbedOverall<'a> {
    kind: &'static str,
    label: String,
    title: &'a str,
    /// The absolute URL of the page the card stands for.
    full: String,
    illustrative: bool,
    overall: &'a Rollup,
    /// The statuses some task has.
    statuses: Vec<&'a Segment>,
}

/// The embeddable card of a task (kind `task`).
#[derive(Serialize)]
struct EmbedTask<'a> {
    kind: &'static str,
    label: String,
    title: &'a str,
    task: &'a TaskView,
    full: String,
    illustrative: bool,
    meter: Option<String>,
}

/// The embeddable card of a practice (kind `practice`).
#[derive(Serialize)]
struct EmbedPractice<'a> {
    kind: &'static str,
    label: &'a str,
    title: &'a str,
    practice: &'a PracticeRow,
    summary: String,
    full: String,
    illustrative: bool,
}

/// The figures of an agency or a commune/ward, as its share card and its
/// embeddable card give them.
pub(super) struct UnitFigures {
    /// Its tasks by status.
    pub(super) rollup: Rollup,
    /// One line: how many tasks, done, overdue (and reports, for a locality).
    pub(super) detail: String,
    /// Whether what it shows rests on illustrative entries or practices.
    pub(super) illustrative: bool,
}

/// A practice's printable leaflet.
#[derive(Serialize)]
struct Leaflet<'a> {
    practice: &'a PracticeRow,
    summary: &'a Option<String>,
    text: String,
    date_long: String,
    /// The practice's page, which the QR code leads to.
    url: &'a str,
    qr: String,
    illustrative: bool,
    goals: Vec<&'a Link>,
}

/// The home page's progress on one printable page.
#[derive(Serialize)]
struct PrintSummary<'a> {
    plan_title: &'a str,
    overall: Rollup,
    goals: Vec<GoalCounts<'a>>,
    /// The first overdue tasks, the longest overdue first, and how many more.
    overdue: Vec<&'a TaskView>,
    overdue_more: usize,
    practices: Vec<PracticeRow>,
    entries_total: usize,
    url: &'a str,
    qr: String,
    illustrative: bool,
    overdue_url: String,
}

#[derive(Serialize)]
struct GoalCounts<'a> {
    title: &'a str,
    total: usize,
    done: usize,
    overdue: usize,
}

impl Ctx<'_> {
    fn illustrative_label(&self, yes: bool) -> Option<String> {
        (yes || self.site.config.demo).then(|| self.t("illustrative"))
    }

    pub(super) fn any_illustrative(&self, entries: &[usize]) -> bool {
        let as_of = self.progress.as_of;
        entries
            .iter()
            .any(|&e| self.site.entries[e].illustrative && self.site.entries[e].date <= as_of)
    }

    /// What an agency's share card and embeddable card show: the tasks it leads,
    /// or, for one that only directs (Đảng ủy UBND tỉnh), the tasks it directs.
    pub(super) fn agency_figures(&self, a: usize) -> UnitFigures {
        let site = self.site;
        let ag = &site.agencies[a];
        let lead = select::led_by(site, &ag.id);
        let directed = select::directed_by(site, &ag.id);
        let (shown, count_key) = if lead.is_empty() && !directed.is_empty() {
            (directed, "as_directed_count")
        } else {
            (lead, "as_lead_count")
        };
        let rollup = self.rollup_of(&shown, &ag.name);
        let illustrative = self.any_illustrative(&site.index.entries_of_agency[a])
            || shown
                .iter()
                .any(|&t| self.any_illustrative(&site.index.entries_of_task[t]));
        UnitFigures {
            detail: format!(
                "{} {} · {} {} · {} {}",
                rollup.total,
                self.t(count_key),
                rollup.done,
                self.t("done_count"),
                rollup.overdue,
                self.t("overdue_count")
            ),
            rollup,
            illustrative,
        }
    }

    /// What a commune's or ward's share card and embeddable card show: its own
    /// status in each task reported on commune by commune, and its reports.
    pub(super) fn locality_figures(&self, li: usize) -> UnitFigures {
        let site = self.site;
        let l = &site.localities[li];
        let pl = select::per_locality_tasks(site);
        let unit = self.progress.units.get(li).cloned().unwrap_or_default();
        let done = unit.count(Status::Done);
        let reports = site.index.entries_of_locality[li]
            .iter()
            .filter(|&&e| site.entries[e].date <= self.progress.as_of)
            .count();
        let illustrative = self.any_illustrative(&site.index.entries_of_locality[li])
            || self.practices_desc.iter().any(|&p| {
                site.practices[p].illustrative
                    && site.practices[p].locality.as_deref() == Some(l.id.as_str())
            });
        let statuses = Status::ALL
            .iter()
            .flat_map(|&st| std::iter::repeat_n(st, unit.count(st)));
        UnitFigures {
            detail: format!(
                "{} {} · {done}/{} {} · {reports} {}",
                unit.count(Status::Overdue),
                self.t("overdue_count"),
                pl.len(),
                self.t("per_locality_done_of"),
                self.t("entries_count")
            ),
            rollup: Rollup::of(statuses, &l.name, self.strings),
            illustrative,
        }
    }

    /// The share card of every page that has one: the home page, every task, agency,
    /// locality and (published) practice.
    fn share_cards(&self) -> Vec<(String, Card)> {
        let site = self.site;
        let lang = self.lang();
        let site_name = site.config.title.clone();
        let mut cards: Vec<(String, Card)> = Vec::new();
        let bar_of = |r: &super::charts::Rollup| -> Vec<(&'static str, usize)> {
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

        // Agencies and localities: the figures their embeddable cards show too.
        for (a, ag) in site.agencies.iter().enumerate() {
            let f = self.agency_figures(a);
            cards.push((
                site_paths::agency(&ag.id),
                Card {
                    kind: self.t("agency"),
                    title: ag.name.clone(),
                    status: None,
                    detail: f.detail,
                    bar: bar_of(&f.rollup),
                    illustrative: self.illustrative_label(f.illustrative),
                    site: site_name.clone(),
                },
            ));
        }
        for (li, l) in site.localities.iter().enumerate() {
            let f = self.locality_figures(li);
            // Every status, those no task has included, as the locality's page lists them.
            let unit = self.progress.units.get(li).cloned().unwrap_or_default();
            let bar: Vec<(&'static str, usize)> = Status::ALL
                .iter()
                .map(|&st| (st.code(), unit.count(st)))
                .collect();
            cards.push((
                site_paths::locality(&l.id),
                Card {
                    kind: self.t(&format!("kind_{}", locality_kind_code(l.kind))),
                    title: l.name.clone(),
                    status: None,
                    detail: f.detail,
                    bar,
                    illustrative: self.illustrative_label(f.illustrative),
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
        cache: Option<std::sync::Arc<Cache>>,
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
            published: Default::default(),
            renderer: Some(renderer),
            cache,
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
                .filter(|(page, im)| {
                    let published = self.outreach.published.contains(*page);
                    if let (true, Some(c)) = (published, cache) {
                        c.keep(&im.key);
                    }
                    !published
                })
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
    pub(super) fn bare_meta(&self, path: &str, title: String, description: String) -> PageMeta {
        let mut meta = self.meta(path, title, description, "");
        meta.share = None;
        meta.image = None;
        meta
    }

    /// The oEmbed response of the card at `embed`, which shows the page at `page`.
    pub(super) fn oembed(
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
        // The oEmbed response is a published file, not a template context: a JSON
        // object, written with its keys in order as consumers have always read it.
        let mut v = json!({
            "version": "1.0",
            "type": "rich",
            "title": marked,
            "illustrative": illustrative,
            "provider_name": self.site.config.title,
            "provider_url": self.urls.base,
            "author_name": self.site.config.publisher.clone().unwrap_or_else(|| self.site.config.title.clone()),
            "author_url": self.urls.abs(page),
            "html": share::embed_code(&src, title, height),
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
        let title = share::overall_title(self.site, self.strings);
        let illustrative =
            site.config.demo || self.visible.iter().any(|&e| site.entries[e].illustrative);
        let meta = self.bare_meta(paths::EMBED_OVERALL, title.clone(), site.plan.title.clone());
        self.render(
            "embed.html",
            paths::EMBED_OVERALL,
            &meta,
            &EmbedOverall {
                kind: "overall",
                label: self.t("overall"),
                title: &site.plan.title,
                full: self.urls.abs(""),
                illustrative,
                statuses: overall.segments.iter().filter(|s| s.count > 0).collect(),
                overall: &overall,
            },
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
            &EmbedTask {
                kind: "task",
                label: self.t("task"),
                title: &task.title,
                task: v,
                full: self.urls.abs(&page),
                illustrative,
                meter,
            },
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
            &EmbedPractice {
                kind: "practice",
                label: &row.kind_label,
                title: &p.title,
                practice: &row,
                summary: markdown::excerpt(&summary, 220),
                full: self.urls.abs(&page),
                illustrative,
            },
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
            &Leaflet {
                practice: &row,
                summary: &p.summary,
                text: markdown::excerpt(&text, 1400),
                date_long: format::date_long(p.date, self.lang()),
                qr: qr_svg(&url, &format!("{}: {url}", self.t("scan_qr")), 170)?,
                url: &url,
                illustrative: self.site.config.demo || p.illustrative,
                goals: p
                    .goals
                    .iter()
                    .filter_map(|g| self.site.index.goal.get(g))
                    .map(|&g| &self.views.goals[g])
                    .collect(),
            },
        )
    }

    /// The home page's progress on one printable page.
    fn print_summary(&self) -> Result<(), RenderError> {
        let site = self.site;
        let all: Vec<usize> = (0..site.tasks.len()).collect();
        let overall = self.rollup_of(&all, &self.t("overall"));
        let goals: Vec<GoalCounts> = self
            .goal_rollups()
            .into_iter()
            .map(|(gi, r)| GoalCounts {
                title: &self.views.goals[gi].name,
                total: r.total,
                done: r.done,
                overdue: r.overdue,
            })
            .collect();
        let overdue = select::missed_deadlines(site, self.progress);
        const SHOWN: usize = 5;
        let overdue_shown: Vec<&TaskView> = overdue
            .iter()
            .take(SHOWN)
            .map(|&i| &self.views.tasks[i])
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
            &PrintSummary {
                plan_title: &site.plan.title,
                overall,
                goals,
                overdue: overdue_shown,
                overdue_more: overdue.len().saturating_sub(SHOWN),
                practices,
                entries_total: self.visible.len(),
                qr: qr_svg(&url, &format!("{}: {url}", self.t("scan_qr")), 150)?,
                url: &url,
                illustrative,
                overdue_url: self
                    .urls
                    .abs(&site_paths::task_status(status_slug(Status::Overdue))),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
