//! The monitoring report as a page of the portal (`bao-cao/`): the same view as
//! `tiendo report`, laid out to print on A4 for the standing body's meetings.

use std::fmt::Write as _;

use serde::Serialize;

use crate::render::context::{Ctx, StatusHeading};
use crate::render::engine::escape_html;
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::urls::paths;
use crate::render::views::{Link, TaskView};
use crate::report::{Monitoring, COLUMNS};

#[derive(Serialize)]
struct Report<'a> {
    /// The statuses the table counts, in its order.
    columns: Vec<StatusHeading>,
    agencies: Vec<AgencyCounts>,
    totals: Totals,
    overdue: Vec<Overdue<'a>>,
    per_locality: Vec<PerLocality<'a>>,
    standing: Option<&'a Link>,
    as_of_iso: String,
}

#[derive(Serialize)]
struct AgencyCounts {
    agency: Option<Link>,
    standing: bool,
    tasks: usize,
    counts: [usize; 7],
    support: usize,
    directed: usize,
}

#[derive(Serialize)]
struct Totals {
    tasks: usize,
    counts: [usize; 7],
}

#[derive(Serialize)]
struct Overdue<'a> {
    task: Option<&'a TaskView>,
    days_late: i64,
    due_end: String,
    last_report: Option<String>,
}

#[derive(Serialize)]
struct PerLocality<'a> {
    task: Option<&'a TaskView>,
    total: usize,
    reported: usize,
    done: usize,
    /// The statuses that some commune has, with how many.
    counts: Vec<StatusCount>,
    groups: Vec<LocalityGroup>,
}

#[derive(Serialize)]
struct StatusCount {
    #[serde(flatten)]
    status: StatusHeading,
    count: usize,
}

/// How many communes of one group the report names. No province has as many
/// (the largest has fewer than 170): a site for a whole country (3,321) would
/// otherwise name thousands for every task, megabytes no phone opens; past
/// this, the report says how many more and links to the task's page, which
/// lists every commune by status.
const NAMES_SHOWN: usize = 200;

/// The communes with one status. Their names as one string of links, not a
/// list: this page names them for every task.
#[derive(Serialize)]
struct LocalityGroup {
    #[serde(flatten)]
    status: StatusHeading,
    not_reported: bool,
    count: usize,
    names_html: String,
    /// How many are not named (past [`NAMES_SHOWN`]).
    more: usize,
    /// The task page's list of this status.
    more_url: String,
}

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let lang = ctx.lang();
    let m = Monitoring::new(site, ctx.progress, None)
        .map_err(|_| RenderError::Other("monitoring report".into()))?;
    let agency_link = |id: &str| {
        site.index
            .agency
            .get(id)
            .map(|&i| ctx.views.agencies[i].clone())
    };
    let task_view = |id: &str| site.index.task.get(id).map(|&i| &ctx.views.tasks[i]);
    let agencies = m
        .agencies
        .iter()
        .map(|a| AgencyCounts {
            agency: agency_link(&a.agency.id),
            standing: a.standing,
            tasks: a.counts.tasks,
            counts: a.counts.values(),
            support: a.support,
            directed: a.directed,
        })
        .collect();
    let overdue = m
        .overdue
        .iter()
        .map(|o| Overdue {
            task: task_view(&o.task.id),
            days_late: o.days_late,
            due_end: format::date_short(o.due_end, lang),
            last_report: o.last_report.map(|d| format::date_short(d, lang)),
        })
        .collect();
    let per_locality = m
        .per_locality
        .iter()
        .map(|t| PerLocality {
            task: task_view(&t.task.id),
            total: t.total,
            reported: t.reported,
            done: t.done,
            counts: COLUMNS
                .iter()
                .zip(t.counts.values())
                .filter(|(_, n)| *n > 0)
                .map(|(&s, count)| StatusCount {
                    status: ctx.status_heading(s),
                    count,
                })
                .collect(),
            groups: t
                .groups
                .iter()
                .map(|g| {
                    let mut names = String::new();
                    for l in g.localities.iter().take(NAMES_SHOWN) {
                        let Some(&li) = site.index.locality.get(&l.id) else {
                            continue;
                        };
                        let link = &ctx.views.localities[li];
                        if !names.is_empty() {
                            names.push_str(", ");
                        }
                        let _ = write!(
                            names,
                            "<a href=\"{}\">{}</a>",
                            escape_html(&link.url),
                            escape_html(&link.name)
                        );
                    }
                    let status = ctx.status_heading(g.status);
                    LocalityGroup {
                        more: g.localities.len().saturating_sub(NAMES_SHOWN),
                        more_url: task_view(&t.task.id)
                            .map(|v| format!("{}#loc-{}", v.url, status.code))
                            .unwrap_or_default(),
                        status,
                        not_reported: g.not_reported,
                        count: g.localities.len(),
                        names_html: names,
                    }
                })
                .collect(),
        })
        .collect();
    let standing = site
        .agencies
        .iter()
        .position(|a| a.standing)
        .map(|i| &ctx.views.agencies[i]);
    let mut meta = ctx.meta(
        paths::REPORT,
        ctx.t("report"),
        ctx.t("report_intro"),
        "report",
    );
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(0..site.tasks.len());
    let page = Report {
        columns: COLUMNS.iter().map(|&s| ctx.status_heading(s)).collect(),
        agencies,
        totals: Totals {
            tasks: m.totals.tasks,
            counts: m.totals.values(),
        },
        overdue,
        per_locality,
        standing,
        as_of_iso: m.as_of.iso(),
    };
    ctx.render("report.html", paths::REPORT, &meta, &page)
}
