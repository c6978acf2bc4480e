//! The goals: their list and each goal's page with the tasks that serve it.

use std::collections::BTreeMap;

use serde_json::json;

use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::markdown;
use crate::render::urls::paths;

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let mut meta = ctx.meta(paths::GOALS, ctx.t("goals"), ctx.t("goals_intro"), "goals");
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(0..site.tasks.len());
    let list: Vec<serde_json::Value> = site
        .goals
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let rollup = ctx.rollup_of(&ctx.tasks_of_goal(&g.id), &g.title);
            json!({"link": ctx.views.goals[gi], "section": g.section, "rollup": rollup})
        })
        .collect();
    ctx.render("goals.html", paths::GOALS, &meta, json!({ "goals": list }))
}

pub(super) fn page(ctx: &Ctx, gi: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let g = &site.goals[gi];
    {
        let ids = ctx.tasks_of_goal(&g.id);
        let rollup = ctx.rollup_of(&ids, &g.title);
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
                let r = ctx.rollup_of(&ts, &site.agencies[a].name);
                (a, json!({"agency": ctx.views.agencies[a], "rollup": r}))
            })
            .collect();
        let pos = |a: usize| ctx.agencies_sorted.iter().position(|&x| x == a);
        per_agency.sort_by_key(|(a, _)| pos(*a));
        let path = paths::goal(&g.id);
        let body = markdown::to_html(&g.body);
        let mut meta = ctx.meta(
            &path,
            g.title.clone(),
            markdown::excerpt(&markdown::to_text(&g.body), 200),
            "goals",
        );
        meta.crumbs = vec![ctx.crumb("home", ""), ctx.crumb("goals", paths::GOALS)];
        meta.illustrative = ctx.any_task_illustrative(ids.iter().copied());
        ctx.searchable(&mut meta, "goal", &[], false);
        ctx.render(
            "goal.html",
            &path,
            &meta,
            json!({
                "goal": {"title": g.title, "section": g.section, "body_html": body},
                "rollup": rollup,
                "tasks": ids.iter().map(|&i| &ctx.views.tasks[i]).collect::<Vec<_>>(),
                "per_agency": per_agency.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
            }),
        )
    }
}
