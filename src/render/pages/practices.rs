//! Good practices: their list by kind and each practice's page.

use serde::Serialize;

use crate::model::PracticeKind;
use crate::render::context::{Ctx, FeedLink};
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::markdown;
use crate::render::urls::paths;
use crate::render::views::{self, Link, PracticeRow, TaskView};

#[derive(Serialize)]
struct Practices<'a> {
    /// One group per kind, in this order even when empty.
    groups: Vec<KindGroup<'a>>,
}

#[derive(Serialize)]
struct KindGroup<'a> {
    kind: &'static str,
    label: String,
    /// Newest first.
    items: Vec<&'a PracticeRow>,
}

#[derive(Serialize)]
struct PracticePage<'a> {
    practice: PracticeRow,
    body_html: String,
    tags: &'a [String],
    date_long: String,
    image: Option<String>,
    image_alt: &'a Option<String>,
    goals: Vec<&'a Link>,
    tasks: Vec<&'a TaskView>,
}

/// The kinds of practice in the order the list shows them.
const KINDS: [PracticeKind; 3] = [
    PracticeKind::Practice,
    PracticeKind::Collective,
    PracticeKind::Individual,
];

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let rows: Vec<PracticeRow> = ctx
        .practices_desc
        .iter()
        .map(|&i| ctx.views.practice_row(site, i, &ctx.urls, ctx.strings))
        .collect();
    let groups = KINDS
        .iter()
        .map(|&k| {
            let code = views::practice_kind_code(k);
            KindGroup {
                kind: code,
                label: ctx.t(&format!("kind_{code}")),
                items: rows.iter().filter(|r| r.kind == code).collect(),
            }
        })
        .collect();
    let mut meta = ctx.meta(
        paths::PRACTICES,
        ctx.t("practices"),
        ctx.t("practices_intro"),
        "practices",
    );
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = rows.iter().any(|r| r.illustrative);
    meta.feeds.push(FeedLink {
        title: ctx.t("feed_practices"),
        href: ctx.site_view.section_urls.practices_feed.clone(),
    });
    ctx.render(
        "practices.html",
        paths::PRACTICES,
        &meta,
        &Practices { groups },
    )
}

pub(super) fn page(ctx: &Ctx, i: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let p = &site.practices[i];
    let path = paths::practice(&p.id);
    let desc = p
        .summary
        .clone()
        .unwrap_or_else(|| markdown::excerpt(&markdown::to_text(&p.body), 200));
    let mut meta = ctx.meta(&path, p.title.clone(), desc, "practices");
    meta.crumbs = vec![
        ctx.crumb("home", ""),
        ctx.crumb("practices", paths::PRACTICES),
    ];
    meta.og_type = "article";
    meta.illustrative = p.illustrative;
    let page = PracticePage {
        practice: ctx.views.practice_row(site, i, &ctx.urls, ctx.strings),
        body_html: ctx.markdown(&p.body),
        tags: &p.tags,
        date_long: format::date_long(p.date, ctx.lang()),
        image: p
            .image
            .as_ref()
            .map(|im| ctx.urls.rel(im.trim_start_matches('/'))),
        image_alt: &p.image_alt,
        goals: p
            .goals
            .iter()
            .filter_map(|g| site.index.goal.get(g))
            .map(|&g| &ctx.views.goals[g])
            .collect(),
        tasks: p
            .tasks
            .iter()
            .filter_map(|t| site.index.task.get(t))
            .map(|&t| &ctx.views.tasks[t])
            .collect(),
    };
    ctx.searchable(
        &mut meta,
        "practice",
        &[p.agency.as_str()],
        p.illustrative,
        |text| {
            let row = &page.practice;
            let mut line = vec![row.kind_label.as_str(), page.date_long.as_str()];
            line.extend(row.agency.as_ref().map(|a| a.name.as_str()));
            line.extend(row.locality.as_ref().map(|l| l.name.as_str()));
            text.sentence(&line.join(" · "))
                .sentence(row.summary.as_deref().unwrap_or_default())
                .markdown(&p.body)
                .facts(&ctx.t("tags"), page.tags);
        },
    );
    ctx.render("practice.html", &path, &meta, &page)
}
