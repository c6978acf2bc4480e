//! The tasks: by agency, by status, and each task's page with its reports.

use serde::Serialize;

use crate::model::Status;
use crate::render::charts::{self, Rollup};
use crate::render::context::{Ctx, EvidenceView, StatusHeading};
use crate::render::error::RenderError;
use crate::render::markdown;
use crate::render::select;
use crate::render::urls::paths;
use crate::render::views::{status_slug, EntryRow, Link, StatusView, TaskView};

#[derive(Serialize)]
struct Tasks<'a> {
    rollup: Rollup,
    statuses: Vec<StatusLink>,
    goals: &'a [Link],
    /// The tasks by lead agency, the agencies by name.
    by_agency: Vec<AgencyTasks<'a>>,
    total: usize,
}

#[derive(Serialize)]
struct AgencyTasks<'a> {
    agency: &'a Link,
    tasks: Vec<&'a TaskView>,
}

/// A status with how many tasks have it and the link to their list.
#[derive(Serialize)]
pub(super) struct StatusLink {
    #[serde(flatten)]
    status: StatusHeading,
    count: usize,
    url: String,
}

#[derive(Serialize)]
struct ByStatus<'a> {
    status: StatusHeading,
    tasks: Vec<&'a TaskView>,
    statuses: Vec<StatusLink>,
}

/// How many of a task's reports its page shows, newest first. A task that every
/// commune of a country reports on monthly has tens of thousands in five years:
/// past this, the page says how many older ones there are and where they all
/// are (the task's data file, the progress list, each commune's page).
const TIMELINE_SHOWN: usize = 500;

#[derive(Serialize)]
struct TaskPage<'a> {
    task: &'a TaskView,
    description_html: Option<String>,
    /// Its newest reports (at most [`TIMELINE_SHOWN`]), newest first.
    timeline: Vec<Report<'a>>,
    /// How many reports it has in all, and how many the page does not show.
    reports: usize,
    older: usize,
    /// For a per-locality task, every commune and ward by its own status.
    localities: Option<LocalityTable<'a>>,
    meter: Option<String>,
}

#[derive(Serialize)]
struct Report<'a> {
    row: &'a EntryRow,
    evidence: Vec<EvidenceView>,
    excerpt: String,
}

#[derive(Serialize)]
struct LocalityTable<'a> {
    groups: Vec<LocalityGroup<'a>>,
}

/// The communes and wards that have one status: those that reported (with
/// their own status) and those that have not, by name.
#[derive(Serialize)]
struct LocalityGroup<'a> {
    #[serde(flatten)]
    status: StatusHeading,
    count: usize,
    reported: Vec<Reported<'a>>,
    silent: Vec<&'a Link>,
}

#[derive(Serialize)]
struct Reported<'a> {
    locality: &'a Link,
    status: StatusView,
}

fn task_views<'a>(ctx: &'a Ctx, v: &[usize]) -> Vec<&'a TaskView> {
    v.iter().map(|&i| &ctx.views.tasks[i]).collect()
}

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let all: Vec<usize> = (0..site.tasks.len()).collect();
    let by_agency = ctx
        .agencies_sorted
        .iter()
        .filter_map(|&a| {
            let ts = select::led_by(site, &site.agencies[a].id);
            (!ts.is_empty()).then(|| AgencyTasks {
                agency: &ctx.views.agencies[a],
                tasks: task_views(ctx, &ts),
            })
        })
        .collect();
    let mut meta = ctx.meta(paths::TASKS, ctx.t("tasks"), ctx.t("tasks_intro"), "tasks");
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(all.iter().copied());
    let page = Tasks {
        rollup: ctx.rollup_of(&all, &ctx.t("overall")),
        statuses: status_links(ctx),
        goals: &ctx.views.goals,
        by_agency,
        total: site.tasks.len(),
    };
    ctx.render("tasks.html", paths::TASKS, &meta, &page)
}

fn status_links(ctx: &Ctx) -> Vec<StatusLink> {
    Status::ALL
        .iter()
        .map(|&st| StatusLink {
            status: ctx.status_heading(st),
            count: ctx.progress.count(st),
            url: ctx.urls.rel(&paths::task_status(status_slug(st))),
        })
        .collect()
}

pub(super) fn by_status(ctx: &Ctx, st: Status) -> Result<(), RenderError> {
    let ids: Vec<usize> = (0..ctx.site.tasks.len())
        .filter(|&i| ctx.progress.tasks[i].status == st)
        .collect();
    let tasks = task_views(ctx, &ids);
    let status = ctx.status_heading(st);
    let path = paths::task_status(status_slug(st));
    let mut meta = ctx.meta(
        &path,
        format!("{}: {}", ctx.t("tasks"), status.label),
        format!("{} {}", tasks.len(), ctx.t("tasks_total")),
        "tasks",
    );
    meta.crumbs = vec![ctx.crumb("home", ""), ctx.crumb("tasks", paths::TASKS)];
    meta.illustrative = tasks.iter().any(|t| t.illustrative);
    let page = ByStatus {
        status,
        tasks,
        statuses: status_links(ctx),
    };
    ctx.render("status.html", &path, &meta, &page)
}

pub(super) fn page(ctx: &Ctx, i: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let task = &site.tasks[i];
    let view = &ctx.views.tasks[i];
    let entries =
        select::published_newest_first(site, &site.index.entries_of_task[i], ctx.progress.as_of);
    let older = entries.len().saturating_sub(TIMELINE_SHOWN);
    let timeline = entries[..entries.len() - older]
        .iter()
        .map(|&e| Report {
            row: &ctx.entry_rows[e],
            evidence: ctx.evidence(&site.entries[e].evidence),
            excerpt: markdown::excerpt(ctx.entry_excerpt(e), 240),
        })
        .collect();
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
    ctx.searchable(&mut meta, "task", &concerned, false, |text| {
        let mut status = view.status.label.clone();
        if view.status.late && view.status.code != "done" {
            status = format!("{status} ({})", ctx.t("late"));
        }
        text.fact(&ctx.t("status"), &status);
        let due = match &view.due_text {
            Some(quoted) => format!("{} ({}: “{quoted}”)", view.due, ctx.t("deadline_text")),
            None => view.due.clone(),
        };
        text.fact(&ctx.t("deadline"), &due)
            .facts(&ctx.t("directed_by"), Link::names(&view.directed_by))
            .fact(&ctx.t("lead"), &view.lead.name)
            .facts(&ctx.t("support"), Link::names(&view.support))
            .facts(&ctx.t("goals"), Link::names(&view.goals))
            .facts(&ctx.t("section"), &view.sections)
            .fact(
                &ctx.t("last_report"),
                view.status.last_report.as_deref().unwrap_or_default(),
            );
        if let Some(d) = &task.description {
            text.markdown(d);
        }
    });
    let meter = task.per_locality.then(|| {
        let lc = ctx.progress.tasks[i].localities.clone().unwrap_or_default();
        charts::meter(lc.done, lc.total, &ctx.t("localities_done"))
    });
    let page = TaskPage {
        task: view,
        description_html: task.description.as_deref().map(|d| ctx.markdown(d)),
        timeline,
        reports: entries.len(),
        older,
        localities: task.per_locality.then(|| locality_table(ctx, i)),
        meter,
    };
    ctx.render("task.html", &path, &meta, &page)
}

/// A per-locality task: every commune/ward grouped by its own status, the
/// groups in the order every list uses (overdue first), each with its count;
/// in a group, those that reported in a table (last report, share done) and
/// those that have not by name (a compact list, since a province may have
/// thousands).
fn locality_table<'a>(ctx: &'a Ctx, ti: usize) -> LocalityTable<'a> {
    let cells = &ctx.progress.per_locality[ti];
    let lang = ctx.lang();
    let mut groups: Vec<(Vec<Reported>, Vec<&Link>)> = Status::ALL
        .iter()
        .map(|_| (Vec::new(), Vec::new()))
        .collect();
    for &li in &ctx.localities_sorted {
        let Some(p) = cells.get(li) else { continue };
        let link = &ctx.views.localities[li];
        let group = &mut groups[p.status.rank()];
        if p.entries > 0 {
            group.0.push(Reported {
                locality: link,
                status: StatusView::unit(p, ctx.strings, lang),
            });
        } else {
            group.1.push(link);
        }
    }
    let groups = Status::ALL
        .iter()
        .zip(groups)
        .filter(|(_, (reported, silent))| !reported.is_empty() || !silent.is_empty())
        .map(|(&st, (reported, silent))| LocalityGroup {
            status: ctx.status_heading(st),
            count: reported.len() + silent.len(),
            reported,
            silent,
        })
        .collect();
    LocalityTable { groups }
}
