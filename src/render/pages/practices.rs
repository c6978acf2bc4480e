//! Good practices: their list by kind and each practice's page.

use serde_json::json;

use crate::model::PracticeKind;
use crate::render::context::{Ctx, FeedLink};
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::markdown;
use crate::render::urls::paths;
use crate::render::views::{self, Link, PracticeRow, TaskView};

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let rows: Vec<PracticeRow> = ctx
        .practices_desc
        .iter()
        .map(|&i| ctx.views.practice_row(site, i, &ctx.urls, ctx.strings))
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
        json!({"kind": code, "label": ctx.t(&format!("kind_{code}")), "items": items})
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
        json!({"groups": groups}),
    )
}

pub(super) fn page(ctx: &Ctx, i: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let row = ctx.views.practice_row(site, i, &ctx.urls, ctx.strings);
    {
        {
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
            ctx.searchable(&mut meta, "practice", &[p.agency.as_str()], p.illustrative);
            let goals: Vec<&Link> = p
                .goals
                .iter()
                .filter_map(|g| site.index.goal.get(g))
                .map(|&g| &ctx.views.goals[g])
                .collect();
            let tasks: Vec<&TaskView> = p
                .tasks
                .iter()
                .filter_map(|t| site.index.task.get(t))
                .map(|&t| &ctx.views.tasks[t])
                .collect();
            ctx.render(
                "practice.html",
                &path,
                &meta,
                json!({
                    "practice": row, "body_html": markdown::to_html(&p.body), "tags": p.tags,
                    "date_long": format::date_long(p.date, ctx.lang()),
                    "image": p.image.as_ref().map(|im| ctx.urls.rel(im.trim_start_matches('/'))),
                    "image_alt": p.image_alt, "goals": goals, "tasks": tasks,
                }),
            )
        }
    }
}
