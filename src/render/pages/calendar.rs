//! The calendar of deadlines, by quarter and month.

use std::collections::BTreeMap;

use serde_json::json;

use crate::model::Deadline;
use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::urls::paths;
use crate::render::views::TaskView;

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let lang = ctx.lang();
    // quarter (year, q) → (quarter-deadline tasks, month → tasks)
    type Quarter<'v> = (Vec<&'v TaskView>, BTreeMap<u32, Vec<&'v TaskView>>);
    let mut quarters: BTreeMap<(i32, u32), Quarter> = BTreeMap::new();
    let (mut ongoing, mut after, mut as_needed, mut none) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut order: Vec<usize> = (0..site.tasks.len()).collect();
    order.sort_by_key(|&i| (site.tasks[i].due.as_ref().and_then(|d| d.end()), i));
    for i in order {
        let v = &ctx.views.tasks[i];
        match &site.tasks[i].due {
            Some(Deadline::Quarter { year, quarter }) => {
                quarters.entry((*year, *quarter)).or_default().0.push(v)
            }
            Some(Deadline::Month { year, month }) => quarters
                .entry((*year, (month - 1) / 3 + 1))
                .or_default()
                .1
                .entry(*month)
                .or_default()
                .push(v),
            Some(Deadline::Day(d)) => quarters
                .entry((d.year(), d.quarter()))
                .or_default()
                .1
                .entry(d.month())
                .or_default()
                .push(v),
            Some(Deadline::Ongoing) => ongoing.push(v),
            Some(Deadline::After(_)) => after.push(v),
            Some(Deadline::AsNeeded) => as_needed.push(v),
            None => none.push(v),
        }
    }
    let quarters: Vec<serde_json::Value> = quarters
        .into_iter()
        .map(|((y, q), (qt, months))| {
            let months: Vec<serde_json::Value> = months
                .into_iter()
                .map(|(m, ts)| json!({"id": format!("{y}-{m:02}"), "label": format::month(y, m, lang), "tasks": ts}))
                .collect();
            json!({"id": format!("{y}-q{q}"), "label": format::quarter(y, q, lang), "tasks": qt, "months": months})
        })
        .collect();
    let mut meta = ctx.meta(
        paths::CALENDAR,
        ctx.t("calendar"),
        ctx.t("calendar_intro"),
        "calendar",
    );
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(0..site.tasks.len());
    ctx.render(
        "calendar.html",
        paths::CALENDAR,
        &meta,
        json!({"quarters": quarters, "ongoing": ongoing, "after": after, "as_needed": as_needed, "none": none}),
    )
}
