//! The home page: the plan at a glance, coming and missed deadlines, the latest reports.

use serde::Serialize;

use crate::render::charts::Rollup;
use crate::render::context::{Ctx, FeedLink};
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::select;
use crate::render::views::{EntryRow, Link, PracticeRow, TaskView};

/// How many of the latest reports and practices the home page shows.
const LATEST: usize = 8;
const FEATURED: usize = 3;

#[derive(Serialize)]
struct Home<'a> {
    plan: PlanHeader<'a>,
    overall: Rollup,
    goals: Vec<GoalCard<'a>>,
    /// Open tasks due in the next 90 days, the soonest first.
    upcoming: Vec<&'a TaskView>,
    /// Overdue tasks, the longest overdue first.
    missed: Vec<&'a TaskView>,
    latest: Vec<&'a EntryRow>,
    featured: Vec<PracticeRow>,
    entries_total: usize,
}

#[derive(Serialize)]
struct PlanHeader<'a> {
    title: &'a str,
    summary: &'a Option<String>,
    issuer: &'a str,
    number: &'a Option<String>,
    issued_on: Option<String>,
}

/// A goal with the roll-up of the tasks that serve it.
#[derive(Serialize)]
struct GoalCard<'a> {
    link: &'a Link,
    rollup: Rollup,
}

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let all: Vec<usize> = (0..site.tasks.len()).collect();
    let tasks =
        |v: Vec<usize>| -> Vec<&TaskView> { v.into_iter().map(|i| &ctx.views.tasks[i]).collect() };
    let latest: Vec<usize> = ctx.visible.iter().take(LATEST).copied().collect();
    let featured: Vec<PracticeRow> = ctx
        .practices_desc
        .iter()
        .take(FEATURED)
        .map(|&i| ctx.views.practice_row(site, i, &ctx.urls, ctx.strings))
        .collect();
    let goals = ctx
        .goal_rollups()
        .into_iter()
        .map(|(gi, rollup)| GoalCard {
            link: &ctx.views.goals[gi],
            rollup,
        })
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
    let plan = &site.plan;
    let home = Home {
        plan: PlanHeader {
            title: &plan.title,
            summary: &plan.summary,
            issuer: &plan.issuer,
            number: &plan.number,
            issued_on: plan.issued_on.map(|d| format::date_long(d, ctx.lang())),
        },
        overall: ctx.rollup_of(&all, &ctx.t("overall")),
        goals,
        upcoming: tasks(select::coming_deadlines(site, ctx.progress)),
        missed: tasks(select::missed_deadlines(site, ctx.progress)),
        latest: ctx.rows(&latest),
        featured,
        entries_total: ctx.visible.len(),
    };
    ctx.render("home.html", "", &meta, &home)
}
