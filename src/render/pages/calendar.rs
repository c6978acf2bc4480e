//! The calendar of deadlines, by quarter and month.

use serde::Serialize;

use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::select;
use crate::render::urls::paths;
use crate::render::views::TaskView;

#[derive(Serialize)]
struct CalendarPage<'a> {
    quarters: Vec<Quarter<'a>>,
    ongoing: Vec<&'a TaskView>,
    after: Vec<&'a TaskView>,
    as_needed: Vec<&'a TaskView>,
    none: Vec<&'a TaskView>,
}

/// A quarter: the tasks due by the quarter, then its months.
#[derive(Serialize)]
struct Quarter<'a> {
    /// The anchor (`2026-q3`).
    id: String,
    label: String,
    tasks: Vec<&'a TaskView>,
    months: Vec<Month<'a>>,
}

#[derive(Serialize)]
struct Month<'a> {
    /// The anchor (`2026-05`).
    id: String,
    label: String,
    tasks: Vec<&'a TaskView>,
}

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let lang = ctx.lang();
    let tasks =
        |v: Vec<usize>| -> Vec<&TaskView> { v.into_iter().map(|i| &ctx.views.tasks[i]).collect() };
    let c = select::calendar(site);
    let quarters = c
        .quarters
        .into_iter()
        .map(|((y, q), (qt, months))| Quarter {
            id: format!("{y}-q{q}"),
            label: format::quarter(y, q, lang),
            tasks: tasks(qt),
            months: months
                .into_iter()
                .map(|(m, ts)| Month {
                    id: format!("{y}-{m:02}"),
                    label: format::month(y, m, lang),
                    tasks: tasks(ts),
                })
                .collect(),
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
    let page = CalendarPage {
        quarters,
        ongoing: tasks(c.ongoing),
        after: tasks(c.after),
        as_needed: tasks(c.as_needed),
        none: tasks(c.none),
    };
    ctx.render("calendar.html", paths::CALENDAR, &meta, &page)
}
