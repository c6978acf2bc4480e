//! The agencies: their list and each agency's page with its tasks and reports.

use serde_json::json;

use crate::render::context::{Ctx, FeedLink};
use crate::render::error::RenderError;
use crate::render::urls::paths;
use crate::render::views::{agency_kind_code, Link};

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let list: Vec<serde_json::Value> = ctx
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
                "agency": ctx.views.agencies[a], "short": site.agencies[a].short,
                "kind": agency_kind_code(site.agencies[a].kind),
                "lead": lead.len(), "support": support, "directed": directed,
                "rollup": ctx.rollup_of(&lead, &site.agencies[a].name),
            })
        })
        .collect();
    let mut meta = ctx.meta(
        paths::AGENCIES,
        ctx.t("agencies"),
        ctx.t("agencies_intro"),
        "agencies",
    );
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(0..site.tasks.len());
    ctx.render(
        "agencies.html",
        paths::AGENCIES,
        &meta,
        json!({ "agencies": list }),
    )
}

pub(super) fn page(ctx: &Ctx, a: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let ag = &site.agencies[a];
    let lead: Vec<usize> = (0..site.tasks.len())
        .filter(|&i| site.tasks[i].lead == ag.id)
        .collect();
    let support = ctx.tasks_of(|i| site.tasks[i].support.contains(&ag.id));
    let directed: Vec<usize> = (0..site.tasks.len())
        .filter(|&i| site.tasks[i].directed_by.contains(&ag.id))
        .collect();
    let reports: Vec<usize> = site.index.entries_of_agency[a]
        .iter()
        .rev()
        .filter(|&&i| site.entries[i].date <= ctx.progress.as_of)
        .copied()
        .collect();
    let latest: Vec<usize> = reports.iter().take(20).copied().collect();
    let parent = ag
        .parent
        .as_ref()
        .and_then(|p| site.index.agency.get(p))
        .map(|&i| &ctx.views.agencies[i]);
    let children: Vec<&Link> = site
        .agencies
        .iter()
        .enumerate()
        .filter(|(_, x)| x.parent.as_deref() == Some(ag.id.as_str()))
        .map(|(i, _)| &ctx.views.agencies[i])
        .collect();
    let path = paths::agency(&ag.id);
    let lead_n = lead.len();
    let mut meta = ctx.meta(
        &path,
        ag.name.clone(),
        format!(
            "{}: {} {} · {} {}{}",
            ag.name,
            lead_n,
            ctx.t("as_lead_count"),
            support.len(),
            ctx.t("as_support_count"),
            if directed.is_empty() {
                String::new()
            } else {
                format!(" · {} {}", directed.len(), ctx.t("as_directed_count"))
            }
        ),
        "agencies",
    );
    meta.crumbs = vec![
        ctx.crumb("home", ""),
        ctx.crumb("agencies", paths::AGENCIES),
    ];
    meta.illustrative = latest.iter().any(|&i| site.entries[i].illustrative)
        || ctx.any_task_illustrative(lead.iter().chain(&directed).copied())
        || support.iter().any(|t| t.illustrative);
    ctx.searchable(&mut meta, "agency", &[ag.id.as_str()], false);
    let feed = ctx.urls.rel(&paths::agency_feed(&ag.id));
    meta.feeds.push(FeedLink {
        title: format!("{} — {}", ctx.t("feed_progress"), ag.name),
        href: feed.clone(),
    });
    ctx.render(
        "agency.html",
        &path,
        &meta,
        json!({
            "agency": {"name": ag.name, "short": ag.short, "standing": ag.standing,
                       "kind": agency_kind_code(ag.kind), "parent": parent, "children": children},
            "rollup": ctx.rollup_of(&lead, &ag.name),
            "lead": lead.iter().map(|&i| &ctx.views.tasks[i]).collect::<Vec<_>>(),
            "support": support,
            "directed": directed.iter().map(|&i| &ctx.views.tasks[i]).collect::<Vec<_>>(),
            "directed_rollup": (!directed.is_empty()).then(|| ctx.rollup_of(&directed, &ag.name)),
            "latest": ctx.rows(&latest),
            "reports_total": reports.len(),
            "feed": feed,
        }),
    )
}
