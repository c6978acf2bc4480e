//! The goals: their list and each goal's page with the tasks that serve it.

use serde::Serialize;

use crate::render::charts::Rollup;
use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::markdown;
use crate::render::select;
use crate::render::urls::paths;
use crate::render::views::{Link, TaskView};

#[derive(Serialize)]
struct Goals<'a> {
    goals: Vec<GoalRow<'a>>,
}

#[derive(Serialize)]
struct GoalRow<'a> {
    link: &'a Link,
    section: &'a Option<String>,
    rollup: Rollup,
}

#[derive(Serialize)]
struct GoalPage<'a> {
    goal: GoalText<'a>,
    rollup: Rollup,
    tasks: Vec<&'a TaskView>,
    /// The goal's tasks by lead agency, the agencies by name.
    per_agency: Vec<AgencyRollup<'a>>,
}

#[derive(Serialize)]
struct GoalText<'a> {
    title: &'a str,
    section: &'a Option<String>,
    body_html: String,
}

#[derive(Serialize)]
pub(super) struct AgencyRollup<'a> {
    pub agency: &'a Link,
    pub rollup: Rollup,
}

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let mut meta = ctx.meta(paths::GOALS, ctx.t("goals"), ctx.t("goals_intro"), "goals");
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(0..site.tasks.len());
    let goals = site
        .goals
        .iter()
        .enumerate()
        .map(|(gi, g)| GoalRow {
            link: &ctx.views.goals[gi],
            section: &g.section,
            rollup: ctx.rollup_of(&select::tasks_of_goal(site, &g.id), &g.title),
        })
        .collect();
    ctx.render("goals.html", paths::GOALS, &meta, &Goals { goals })
}

pub(super) fn page(ctx: &Ctx, gi: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let g = &site.goals[gi];
    let ids = select::tasks_of_goal(site, &g.id);
    let per_agency = select::by_lead_agency(site, &ids, &ctx.agencies_sorted)
        .into_iter()
        .map(|(a, ts)| AgencyRollup {
            agency: &ctx.views.agencies[a],
            rollup: ctx.rollup_of(&ts, &site.agencies[a].name),
        })
        .collect();
    let path = paths::goal(&g.id);
    let mut meta = ctx.meta(
        &path,
        g.title.clone(),
        markdown::excerpt(&markdown::to_text(&g.body), 200),
        "goals",
    );
    meta.crumbs = vec![ctx.crumb("home", ""), ctx.crumb("goals", paths::GOALS)];
    meta.illustrative = ctx.any_task_illustrative(ids.iter().copied());
    ctx.searchable(&mut meta, "goal", &[], false, |text| {
        if let Some(section) = &g.section {
            text.sentence(&format!("{} {section}", ctx.t("section")));
        }
        text.markdown(&g.body);
    });
    let page = GoalPage {
        goal: GoalText {
            title: &g.title,
            section: &g.section,
            body_html: ctx.markdown(&g.body),
        },
        rollup: ctx.rollup_of(&ids, &g.title),
        tasks: ids.iter().map(|&i| &ctx.views.tasks[i]).collect(),
        per_agency,
    };
    ctx.render("goal.html", &path, &meta, &page)
}
