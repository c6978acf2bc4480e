//! The monitoring report as a page of the portal (`bao-cao/`): the same view as
//! `tiendo report`, laid out to print on A4 for the standing body's meetings.

use std::fmt::Write as _;

use serde_json::json;

use crate::render::context::Ctx;
use crate::render::engine::escape_html;
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::urls::paths;
use crate::render::views::status_icon;
use crate::report::{Monitoring, COLUMNS};

impl Ctx<'_> {
    pub(super) fn monitoring(&self) -> Result<(), RenderError> {
        let site = self.site;
        let lang = self.lang();
        let m = Monitoring::new(site, self.progress, None)
            .map_err(|_| RenderError::Other("monitoring report".into()))?;
        let columns: Vec<serde_json::Value> = COLUMNS
            .iter()
            .map(|&s| {
                json!({"code": s.code(), "label": self.t(&format!("status_{}", s.code())),
                       "icon": status_icon(s)})
            })
            .collect();
        let agency_link = |id: &str| {
            site.index
                .agency
                .get(id)
                .map(|&i| self.views.agencies[i].clone())
        };
        let agencies: Vec<serde_json::Value> = m
            .agencies
            .iter()
            .map(|a| {
                json!({"agency": agency_link(&a.agency.id), "standing": a.standing,
                       "tasks": a.counts.tasks, "counts": a.counts.values(),
                       "support": a.support, "directed": a.directed})
            })
            .collect();
        let task_view = |id: &str| site.index.task.get(id).map(|&i| &self.views.tasks[i]);
        let overdue: Vec<serde_json::Value> = m
            .overdue
            .iter()
            .map(|o| {
                json!({"task": task_view(&o.task.id), "days_late": o.days_late,
                       "due_end": format::date_short(o.due_end, lang),
                       "last_report": o.last_report.map(|d| format::date_short(d, lang))})
            })
            .collect();
        let per_locality: Vec<serde_json::Value> = m
            .per_locality
            .iter()
            .map(|t| {
                // Each group as one string, not a list: a province may have
                // thousands of communes, and this page lists them for every task.
                let groups: Vec<serde_json::Value> = t
                    .groups
                    .iter()
                    .map(|g| {
                        let mut names = String::new();
                        for l in &g.localities {
                            let Some(&li) = site.index.locality.get(&l.id) else {
                                continue;
                            };
                            let link = &self.views.localities[li];
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
                        json!({"code": g.status.code(), "icon": status_icon(g.status),
                               "label": self.t(&format!("status_{}", g.status.code())),
                               "not_reported": g.not_reported, "count": g.localities.len(),
                               "names_html": names})
                    })
                    .collect();
                let counts: Vec<serde_json::Value> = COLUMNS
                    .iter()
                    .zip(t.counts.values())
                    .filter(|(_, n)| *n > 0)
                    .map(|(&s, n)| {
                        json!({"code": s.code(), "icon": status_icon(s), "count": n,
                               "label": self.t(&format!("status_{}", s.code()))})
                    })
                    .collect();
                json!({"task": task_view(&t.task.id), "total": t.total, "reported": t.reported,
                       "done": t.done, "counts": counts, "groups": groups})
            })
            .collect();
        let standing = site
            .agencies
            .iter()
            .position(|a| a.standing)
            .map(|i| &self.views.agencies[i]);
        let mut meta = self.meta(
            paths::REPORT,
            self.t("report"),
            self.t("report_intro"),
            "report",
        );
        meta.crumbs.push(self.crumb("home", ""));
        meta.illustrative = self.any_task_illustrative(0..site.tasks.len());
        self.render(
            "report.html",
            paths::REPORT,
            &meta,
            json!({
                "columns": columns,
                "agencies": agencies,
                "totals": {"tasks": m.totals.tasks, "counts": m.totals.values()},
                "overdue": overdue,
                "per_locality": per_locality,
                "standing": standing,
                "as_of_iso": m.as_of.iso(),
            }),
        )
    }
}
