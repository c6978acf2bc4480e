//! The home page: the plan at a glance, coming and missed deadlines, the latest reports.

use serde_json::json;

use crate::model::{Date, Status};
use crate::render::context::{Ctx, FeedLink};
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::views::{PracticeRow, TaskView};

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let as_of = ctx.progress.as_of;
    let all: Vec<usize> = (0..site.tasks.len()).collect();
    let overall = ctx.rollup_of(&all, &ctx.t("overall"));
    let mut upcoming: Vec<(Date, usize)> = (0..site.tasks.len())
        .filter_map(|i| {
            let p = &ctx.progress.tasks[i];
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
        .filter(|&i| ctx.progress.tasks[i].status == Status::Overdue)
        .filter_map(|i| Some((site.tasks[i].due.as_ref()?.end()?, i)))
        .collect();
    missed.sort();
    let latest: Vec<usize> = ctx.visible.iter().take(8).copied().collect();
    let featured: Vec<PracticeRow> = ctx
        .practices_desc
        .iter()
        .take(3)
        .map(|&i| ctx.views.practice_row(site, i, &ctx.urls, ctx.strings))
        .collect();
    let goals: Vec<serde_json::Value> = ctx
        .goal_rollups()
        .into_iter()
        .map(|(gi, r)| json!({"link": ctx.views.goals[gi], "rollup": r}))
        .collect();
    let title = site.config.title.clone();
    let desc = site
        .config
        .description
        .clone()
        .or_else(|| site.plan.summary.clone())
        .unwrap_or_default();
    let mut meta = ctx.meta("", title, desc, "home");
    meta.illustrative = latest.iter().any(|&i| site.entries[i].illustrative)
        || featured.iter().any(|p| p.illustrative);
    meta.feeds.push(FeedLink {
        title: ctx.t("feed_progress"),
        href: ctx.site_view.section_urls.feed.clone(),
    });
    let pick = |v: &[(Date, usize)]| -> Vec<&TaskView> {
        v.iter().map(|&(_, i)| &ctx.views.tasks[i]).collect()
    };
    ctx.render(
        "home.html",
        "",
        &meta,
        json!({
            "plan": {"title": site.plan.title, "summary": site.plan.summary, "issuer": site.plan.issuer,
                      "number": site.plan.number,
                      "issued_on": site.plan.issued_on.map(|d| format::date_long(d, ctx.lang()))},
            "overall": overall,
            "goals": goals,
            "upcoming": pick(&upcoming),
            "missed": pick(&missed),
            "latest": ctx.rows(&latest),
            "featured": featured,
            "entries_total": ctx.visible.len(),
        }),
    )
}
