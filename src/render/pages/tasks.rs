//! The tasks: by agency, by status, and each task's page with its reports.

use serde_json::json;

use crate::model::Status;
use crate::render::charts;
use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::markdown;
use crate::render::urls::paths;
use crate::render::views::{self, status_slug, Link, StatusView};

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let all: Vec<usize> = (0..site.tasks.len()).collect();
    let by_agency: Vec<serde_json::Value> = ctx
        .agencies_sorted
        .iter()
        .filter_map(|&a| {
            let ts = ctx.tasks_of(|i| site.tasks[i].lead == site.agencies[a].id);
            (!ts.is_empty()).then(|| json!({"agency": ctx.views.agencies[a], "tasks": ts}))
        })
        .collect();
    let statuses = status_links(ctx);
    let mut meta = ctx.meta(paths::TASKS, ctx.t("tasks"), ctx.t("tasks_intro"), "tasks");
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(all.iter().copied());
    ctx.render(
        "tasks.html",
        paths::TASKS,
        &meta,
        json!({
            "rollup": ctx.rollup_of(&all, &ctx.t("overall")),
            "statuses": statuses,
            "goals": ctx.views.goals,
            "by_agency": by_agency,
            "total": site.tasks.len(),
        }),
    )
}

pub(super) fn status_links(ctx: &Ctx) -> Vec<serde_json::Value> {
    Status::ALL
        .iter()
        .map(|&st| {
            json!({"code": st.code(), "label": ctx.t(&format!("status_{}", st.code())),
                   "icon": views::status_icon(st), "count": ctx.progress.count(st),
                   "url": ctx.urls.rel(&paths::task_status(status_slug(st)))})
        })
        .collect()
}

pub(super) fn by_status(ctx: &Ctx, st: Status) -> Result<(), RenderError> {
    let statuses = status_links(ctx);
    {
        let tasks = ctx.tasks_of(|i| ctx.progress.tasks[i].status == st);
        let illustrative = tasks.iter().any(|t| t.illustrative);
        let label = ctx.t(&format!("status_{}", st.code()));
        let path = paths::task_status(status_slug(st));
        let mut meta = ctx.meta(
            &path,
            format!("{}: {}", ctx.t("tasks"), label),
            format!("{} {}", tasks.len(), ctx.t("tasks_total")),
            "tasks",
        );
        meta.crumbs = vec![ctx.crumb("home", ""), ctx.crumb("tasks", paths::TASKS)];
        meta.illustrative = illustrative;
        ctx.render(
            "status.html",
            &path,
            &meta,
            json!({"status": {"code": st.code(), "label": label, "icon": views::status_icon(st)},
                   "tasks": tasks, "statuses": statuses}),
        )
    }
}

pub(super) fn page(ctx: &Ctx, i: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let task = &site.tasks[i];
    let view = &ctx.views.tasks[i];
    let entries: Vec<usize> = site.index.entries_of_task[i]
        .iter()
        .rev()
        .filter(|&&e| site.entries[e].date <= ctx.progress.as_of)
        .copied()
        .collect();
    let timeline: Vec<serde_json::Value> = entries
        .iter()
        .map(|&e| {
            let en = &site.entries[e];
            json!({"row": ctx.entry_rows[e], "evidence": ctx.evidence(&en.evidence),
                   "excerpt": markdown::excerpt(ctx.entry_excerpt(e), 240)})
        })
        .collect();
    let localities = task.per_locality.then(|| locality_table(ctx, i));
    let path = paths::task(&task.id);
    let desc = task
        .description
        .as_deref()
        .map(markdown::to_text)
        .unwrap_or_else(|| task.title.clone());
    let mut meta = ctx.meta(
        &path,
        task.title.clone(),
        format!(
            "{} · {}: {} · {}: {}",
            markdown::excerpt(&desc, 160),
            ctx.t("deadline"),
            view.due,
            ctx.t("status"),
            view.status.label
        ),
        "tasks",
    );
    meta.crumbs = vec![ctx.crumb("home", ""), ctx.crumb("tasks", paths::TASKS)];
    meta.illustrative = entries.iter().any(|&e| site.entries[e].illustrative);
    let concerned: Vec<&str> = std::iter::once(task.lead.as_str())
        .chain(task.support.iter().map(|s| s.as_str()))
        .chain(task.directed_by.iter().map(|s| s.as_str()))
        .collect();
    ctx.searchable(&mut meta, "task", &concerned, false);
    let chart = task.per_locality.then(|| {
        let lc = ctx.progress.tasks[i].localities.clone().unwrap_or_default();
        charts::meter(lc.done, lc.total, &ctx.t("localities_done"))
    });
    ctx.render(
        "task.html",
        &path,
        &meta,
        json!({
            "task": view,
            "description_html": task.description.as_deref().map(markdown::to_html),
            "timeline": timeline,
            "localities": localities,
            "meter": chart,
        }),
    )
}

/// A per-locality task: every commune/ward grouped by its own status, the
/// groups in the order every list uses (overdue first), each with its count;
/// in a group, those that reported in a table (last report, share done) and
/// those that have not by name (a compact list, since a province may have
/// thousands).
pub(super) fn locality_table(ctx: &Ctx, ti: usize) -> serde_json::Value {
    let cells = &ctx.progress.per_locality[ti];
    let lang = ctx.lang();
    let mut groups: Vec<(Vec<serde_json::Value>, Vec<&Link>)> =
        vec![(Vec::new(), Vec::new()); Status::ALL.len()];
    for &li in &ctx.localities_sorted {
        let Some(p) = cells.get(li) else { continue };
        let link = &ctx.views.localities[li];
        let group = &mut groups[p.status.rank()];
        if p.entries > 0 {
            group
                .0
                .push(json!({"locality": link, "status": StatusView::unit(p, ctx.strings, lang)}));
        } else {
            group.1.push(link);
        }
    }
    let groups: Vec<serde_json::Value> = Status::ALL
        .iter()
        .zip(groups)
        .filter(|(_, (reported, silent))| !reported.is_empty() || !silent.is_empty())
        .map(|(&st, (reported, silent))| {
            json!({"code": st.code(), "label": ctx.t(&format!("status_{}", st.code())),
                   "icon": views::status_icon(st), "count": reported.len() + silent.len(),
                   "reported": reported, "silent": silent})
        })
        .collect();
    json!({"groups": groups})
}
