//! Communes and wards: their list (by name, by overdue tasks) and each one's page.

use serde::Serialize;

use crate::model::{Status, TaskProgress};
use crate::render::context::{Ctx, StatusHeading};
use crate::render::error::RenderError;
use crate::render::select;
use crate::render::urls::paths;
use crate::render::views::{locality_kind_code, EntryRow, Link, PracticeRow, StatusView};

#[derive(Serialize)]
struct Localities<'a> {
    localities: Vec<LocalityRow<'a>>,
    /// How many tasks are reported on commune by commune.
    per_locality_tasks: usize,
    total: usize,
    /// How many communes and wards have overdue tasks.
    with_overdue: usize,
    /// The list is only those with overdue tasks.
    filtered: bool,
    sorts: [SortLink; 2],
    overdue: StatusHeading,
    done: StatusHeading,
}

#[derive(Serialize)]
struct LocalityRow<'a> {
    locality: &'a Link,
    kind: &'static str,
    kind_label: String,
    code: &'a Option<String>,
    overdue: usize,
    done: usize,
    not_reported: usize,
    reports: usize,
}

/// A link to the list in another order.
#[derive(Serialize)]
struct SortLink {
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct LocalityPage<'a> {
    locality: LocalityHeader<'a>,
    /// Its overdue tasks, the longest overdue first.
    overdue: Vec<TaskCard<'a>>,
    has_tasks: bool,
    /// Its other per-locality tasks.
    tasks: Vec<TaskCard<'a>>,
    entries: Vec<&'a EntryRow>,
    practices: Vec<PracticeRow>,
    feed: String,
}

#[derive(Serialize)]
struct LocalityHeader<'a> {
    name: &'a str,
    code: &'a Option<String>,
    kind_label: String,
}

/// A per-locality task with the commune's own status. Only what the page shows
/// of the task: a commune's page lists every per-locality task.
#[derive(Serialize)]
struct TaskCard<'a> {
    task: TaskBrief<'a>,
    status: StatusView,
    days_late: Option<i64>,
}

#[derive(Serialize)]
struct TaskBrief<'a> {
    url: &'a str,
    title: &'a str,
    due: &'a str,
}

/// The communes and wards: every one by name (`dia-phuong/`), or (`by_overdue`)
/// those with overdue tasks, most overdue first (`dia-phuong/sap-xep/qua-han/`):
/// two static pages linked to each other, so a reader sorts and filters without
/// JavaScript. Both read the counts computed once per build.
pub(super) fn index(ctx: &Ctx, by_overdue: bool) -> Result<(), RenderError> {
    let site = ctx.site;
    let units = &ctx.progress.units;
    let with_overdue = select::localities_by_overdue(ctx.progress, &ctx.localities_sorted);
    let (path, list, title, intro) = if by_overdue {
        (
            paths::LOCALITIES_BY_OVERDUE,
            &with_overdue,
            "localities_by_overdue",
            "localities_by_overdue_intro",
        )
    } else {
        (
            paths::LOCALITIES,
            &ctx.localities_sorted,
            "localities",
            "localities_intro",
        )
    };
    let pl = select::per_locality_tasks(site);
    let sorts = [
        ("sort_by_name", paths::LOCALITIES),
        ("sort_by_overdue", paths::LOCALITIES_BY_OVERDUE),
    ]
    .map(|(key, to)| SortLink {
        label: ctx.t(key),
        url: ctx.urls.rel(to),
        current: to == path,
    });
    let localities = list
        .iter()
        .map(|&li| {
            let l = &site.localities[li];
            let u = units.get(li).cloned().unwrap_or_default();
            let kind = locality_kind_code(l.kind);
            LocalityRow {
                locality: &ctx.views.localities[li],
                kind,
                kind_label: ctx.t(&format!("kind_{kind}")),
                code: &l.code,
                overdue: u.count(Status::Overdue),
                done: u.count(Status::Done),
                not_reported: u.not_reported,
                reports: site.index.entries_of_locality[li]
                    .iter()
                    .filter(|&&e| site.entries[e].date <= ctx.progress.as_of)
                    .count(),
            }
        })
        .collect();
    let mut meta = ctx.meta(path, ctx.t(title), ctx.t(intro), "localities");
    meta.crumbs.push(ctx.crumb("home", ""));
    if by_overdue {
        meta.crumbs.push(ctx.crumb("localities", paths::LOCALITIES));
    }
    meta.illustrative = ctx.any_task_illustrative(pl.iter().copied());
    let page = Localities {
        localities,
        per_locality_tasks: pl.len(),
        total: site.localities.len(),
        with_overdue: with_overdue.len(),
        filtered: by_overdue,
        sorts,
        overdue: ctx.status_heading(Status::Overdue),
        done: ctx.status_heading(Status::Done),
    };
    ctx.render("localities.html", path, &meta, &page)
}

pub(super) fn page(ctx: &Ctx, li: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let l = &site.localities[li];
    let lang = ctx.lang();
    let as_of = ctx.progress.as_of;
    let order = select::tasks_of_locality(site, ctx.progress, li);
    let card = |&(ti, p): &(usize, &TaskProgress)| {
        let t = &ctx.views.tasks[ti];
        TaskCard {
            task: TaskBrief {
                url: &t.url,
                title: &t.title,
                due: &t.due,
            },
            status: StatusView::unit(p, ctx.strings, lang),
            days_late: select::days_late(site, ti, p.status, as_of),
        }
    };
    let (overdue, others): (Vec<_>, Vec<_>) =
        order.iter().partition(|(_, p)| p.status == Status::Overdue);
    let overdue: Vec<TaskCard> = overdue.into_iter().map(card).collect();
    let tasks: Vec<TaskCard> = others.into_iter().map(card).collect();
    let entries = select::published_newest_first(site, &site.index.entries_of_locality[li], as_of);
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
    let feed = ctx.own_feed(&mut meta, &l.name, &paths::locality_feed(&l.id));
    let page = LocalityPage {
        locality: LocalityHeader {
            name: &l.name,
            code: &l.code,
            kind_label: ctx.t(&format!("kind_{}", locality_kind_code(l.kind))),
        },
        overdue,
        has_tasks: !order.is_empty(),
        tasks,
        entries: ctx.rows(&entries),
        practices,
        feed,
    };
    ctx.searchable(&mut meta, "locality", &[], false, |text| {
        let header = &page.locality;
        match header.code {
            Some(code) => {
                text.sentence(&format!("{} · {} {code}", header.kind_label, ctx.t("code")))
            }
            None => text.sentence(&header.kind_label),
        };
    });
    ctx.render("locality.html", &path, &meta, &page)
}
