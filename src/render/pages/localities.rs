//! Communes and wards: their list (by name, by overdue tasks) and each one's page.

use serde_json::json;

use crate::model::{Deadline, Status, TaskProgress};
use crate::render::context::{Ctx, FeedLink};
use crate::render::error::RenderError;
use crate::render::urls::paths;
use crate::render::views::{self, locality_kind_code, PracticeRow, StatusView};

pub(super) fn per_locality_tasks(ctx: &Ctx) -> Vec<usize> {
    (0..ctx.site.tasks.len())
        .filter(|&i| ctx.site.tasks[i].per_locality)
        .collect()
}

/// The communes and wards: every one by name (`dia-phuong/`), and those
/// with overdue tasks, most overdue first (`dia-phuong/sap-xep/qua-han/`):
/// two static pages linked to each other, so a reader sorts and filters
/// without JavaScript. Both read the counts computed once per build.
/// The communes and wards: all by name, or (`by_overdue`) those with
/// overdue tasks, the most first.
pub(super) fn index(ctx: &Ctx, by_overdue: bool) -> Result<(), RenderError> {
    let site = ctx.site;
    let units = &ctx.progress.units;
    let overdue = |li: usize| units.get(li).map_or(0, |u| u.count(Status::Overdue));
    let with_overdue: Vec<usize> = ctx
        .localities_sorted
        .iter()
        .copied()
        .filter(|&li| overdue(li) > 0)
        .collect();
    let (path, list, title, intro) = if by_overdue {
        let mut list = with_overdue.clone();
        // Stable: ties keep the order by name.
        list.sort_by_key(|&li| std::cmp::Reverse(overdue(li)));
        (
            paths::LOCALITIES_BY_OVERDUE,
            list,
            "localities_by_overdue",
            "localities_by_overdue_intro",
        )
    } else {
        (
            paths::LOCALITIES,
            ctx.localities_sorted.clone(),
            "localities",
            "localities_intro",
        )
    };
    let pl = per_locality_tasks(ctx);
    let sorts = [
        ("sort_by_name", paths::LOCALITIES),
        ("sort_by_overdue", paths::LOCALITIES_BY_OVERDUE),
    ]
    .map(|(key, to)| json!({"label": ctx.t(key), "url": ctx.urls.rel(to), "current": to == path}));
    let rows: Vec<serde_json::Value> = list
        .iter()
        .map(|&li| {
            let l = &site.localities[li];
            let u = units.get(li).cloned().unwrap_or_default();
            let reports = site.index.entries_of_locality[li]
                .iter()
                .filter(|&&e| site.entries[e].date <= ctx.progress.as_of)
                .count();
            json!({"locality": ctx.views.localities[li], "kind": locality_kind_code(l.kind),
                   "kind_label": ctx.t(&format!("kind_{}", locality_kind_code(l.kind))),
                   "code": l.code, "overdue": u.count(Status::Overdue), "done": u.count(Status::Done),
                   "not_reported": u.not_reported, "reports": reports})
        })
        .collect();
    let mut meta = ctx.meta(path, ctx.t(title), ctx.t(intro), "localities");
    meta.crumbs.push(ctx.crumb("home", ""));
    if by_overdue {
        meta.crumbs.push(ctx.crumb("localities", paths::LOCALITIES));
    }
    meta.illustrative = ctx.any_task_illustrative(pl.iter().copied());
    let status = |st: Status| {
        json!({"code": st.code(), "label": ctx.t(&format!("status_{}", st.code())),
               "icon": views::status_icon(st)})
    };
    ctx.render(
        "localities.html",
        path,
        &meta,
        json!({"localities": rows, "per_locality_tasks": pl.len(), "total": site.localities.len(),
               "with_overdue": with_overdue.len(), "filtered": by_overdue,
               "sorts": sorts, "overdue": status(Status::Overdue), "done": status(Status::Done)}),
    )
}

pub(super) fn page(ctx: &Ctx, li: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let l = &site.localities[li];
    let lang = ctx.lang();
    let as_of = ctx.progress.as_of;
    // Its overdue tasks first (longest overdue first), then the others in
    // the order of the statuses, each in the plan's order.
    let mut order: Vec<(usize, &TaskProgress)> = per_locality_tasks(ctx)
        .into_iter()
        .filter_map(|ti| Some((ti, ctx.progress.per_locality[ti].get(li)?)))
        .collect();
    let end = |ti: usize| site.tasks[ti].due.as_ref().and_then(Deadline::end);
    order.sort_by_key(|&(ti, p)| (p.status.rank(), end(ti), ti));
    let card = |&(ti, p): &(usize, &TaskProgress)| {
        // Only what the page shows of the task: tera serialises the whole
        // context, and a commune's page lists every per-locality task.
        let t = &ctx.views.tasks[ti];
        let days_late = end(ti)
            .filter(|_| p.status == Status::Overdue)
            .map(|e| as_of.days_since(e));
        json!({"task": {"url": t.url, "title": t.title, "due": t.due},
               "status": StatusView::unit(p, ctx.strings, lang), "days_late": days_late})
    };
    let (overdue, others): (Vec<_>, Vec<_>) =
        order.iter().partition(|(_, p)| p.status == Status::Overdue);
    let overdue: Vec<serde_json::Value> = overdue.into_iter().map(card).collect();
    let tasks: Vec<serde_json::Value> = others.into_iter().map(card).collect();
    let entries: Vec<usize> = site.index.entries_of_locality[li]
        .iter()
        .rev()
        .filter(|&&e| site.entries[e].date <= ctx.progress.as_of)
        .copied()
        .collect();
    let practices: Vec<PracticeRow> = ctx
        .practices_desc
        .iter()
        .filter(|&&p| site.practices[p].locality.as_deref() == Some(l.id.as_str()))
        .map(|&p| ctx.views.practice_row(site, p, &ctx.urls, ctx.strings))
        .collect();
    let path = paths::locality(&l.id);
    let mut meta = ctx.meta(
        &path,
        l.name.clone(),
        format!(
            "{}: {} {} · {} {}",
            l.name,
            overdue.len(),
            ctx.t("overdue_tasks_count"),
            entries.len(),
            ctx.t("entries_count")
        ),
        "localities",
    );
    meta.crumbs = vec![
        ctx.crumb("home", ""),
        ctx.crumb("localities", paths::LOCALITIES),
    ];
    meta.illustrative = entries.iter().any(|&e| site.entries[e].illustrative)
        || practices.iter().any(|p| p.illustrative);
    ctx.searchable(&mut meta, "locality", &[], false);
    let feed = ctx.urls.rel(&paths::locality_feed(&l.id));
    meta.feeds.push(FeedLink {
        title: format!("{} — {}", ctx.t("feed_progress"), l.name),
        href: feed.clone(),
    });
    ctx.render(
        "locality.html",
        &path,
        &meta,
        json!({
            "locality": {"name": l.name, "code": l.code, "kind_label": ctx.t(&format!("kind_{}", locality_kind_code(l.kind)))},
            "overdue": overdue, "has_tasks": !order.is_empty(),
            "tasks": tasks, "entries": ctx.rows(&entries), "practices": practices, "feed": feed,
        }),
    )
}
