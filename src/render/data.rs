//! Open data: tasks (with their status as of the build date), agencies,
//! progress entries, and every commune's/ward's status on every task each one
//! carries out, as JSON and CSV, and the page that documents their schema.
//! The schema below is the single source of the column list: the files are
//! written from it and the page documents it.

use serde::Serialize;
use serde_json::{json, Value};

use super::context::{Ctx, PageMeta};
use super::error::RenderError;
use super::urls::paths;
use crate::model::Status;

/// One column of an open data table.
#[derive(Serialize, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: &'static str,
    pub vi: &'static str,
    pub en: &'static str,
}

const fn f(name: &'static str, kind: &'static str, vi: &'static str, en: &'static str) -> Field {
    Field { name, kind, vi, en }
}

pub const TASK_FIELDS: &[Field] = &[
    f(
        "id",
        "string",
        "Mã nhiệm vụ (không đổi, dùng trong địa chỉ trang)",
        "Task id (stable, used in the page URL)",
    ),
    f("title", "string", "Tên nhiệm vụ", "Task title"),
    f(
        "section",
        "string?",
        "Mục trong kế hoạch, ví dụ III.3",
        "Section of the plan, e.g. III.3",
    ),
    f("lead", "string", "Mã cơ quan chủ trì", "Lead agency id"),
    f(
        "lead_name",
        "string",
        "Tên cơ quan chủ trì",
        "Lead agency name",
    ),
    f(
        "support",
        "list",
        "Mã các cơ quan phối hợp (CSV: cách nhau bởi ;)",
        "Coordinating agency ids (CSV: separated by ;)",
    ),
    f(
        "directed_by",
        "list",
        "Mã các cơ quan lãnh đạo, chỉ đạo (CSV: cách nhau bởi ;)",
        "Ids of the agencies that direct it (CSV: separated by ;)",
    ),
    f(
        "goals",
        "list",
        "Mã các nội dung trọng tâm (CSV: cách nhau bởi ;)",
        "Goal ids (CSV: separated by ;)",
    ),
    f(
        "due",
        "string?",
        "Thời hạn dạng mã: 2026-06, 2026-Q3, 2026-07-15, ongoing, after",
        "Deadline code: 2026-06, 2026-Q3, 2026-07-15, ongoing, after",
    ),
    f(
        "due_text",
        "string",
        "Thời hạn viết theo cách đọc, ví dụ “tháng 6/2026”",
        "Deadline as written, e.g. “tháng 6/2026”",
    ),
    f(
        "due_end",
        "date?",
        "Ngày cuối của thời hạn (YYYY-MM-DD)",
        "Last day of the deadline (YYYY-MM-DD)",
    ),
    f(
        "status",
        "string",
        "Tình trạng: done, blocked, overdue, in_progress, not_started, ongoing, waiting",
        "Status: done, blocked, overdue, in_progress, not_started, ongoing, waiting",
    ),
    f(
        "late",
        "bool",
        "Đã quá thời hạn (kể cả khi đã hoàn thành muộn)",
        "Past its deadline (also when finished late)",
    ),
    f(
        "percent",
        "integer?",
        "Mức hoàn thành theo báo cáo gần nhất (0–100)",
        "Share done in the latest report (0–100)",
    ),
    f(
        "last_report",
        "date?",
        "Ngày báo cáo gần nhất",
        "Date of the latest report",
    ),
    f(
        "per_locality",
        "bool",
        "Nhiệm vụ từng xã, phường thực hiện",
        "Carried out by each commune/ward",
    ),
    f(
        "localities_done",
        "integer?",
        "Số xã, phường đã hoàn thành",
        "Communes/wards done",
    ),
    f(
        "localities_total",
        "integer?",
        "Tổng số xã, phường",
        "Communes/wards in all",
    ),
    f(
        "illustrative",
        "bool",
        "true: tình trạng, mức hoàn thành, ngày báo cáo lấy từ báo cáo minh họa, không phải số liệu thật",
        "true: status, percent and last report come from illustrative entries, not real data",
    ),
    f("url", "url", "Địa chỉ trang nhiệm vụ", "Task page URL"),
];

pub const AGENCY_FIELDS: &[Field] = &[
    f("id", "string", "Mã cơ quan", "Agency id"),
    f("name", "string", "Tên cơ quan", "Name"),
    f("short", "string?", "Tên viết tắt", "Short name"),
    f(
        "parent",
        "string?",
        "Mã cơ quan cấp trên",
        "Parent agency id",
    ),
    f(
        "kind",
        "string",
        "Loại: party, government, front, media, school, commune",
        "Kind: party, government, front, media, school, commune",
    ),
    f(
        "standing",
        "bool",
        "Cơ quan thường trực theo dõi kế hoạch",
        "Standing body that monitors the plan",
    ),
    f(
        "tasks_lead",
        "integer",
        "Số nhiệm vụ chủ trì",
        "Tasks it leads",
    ),
    f(
        "tasks_support",
        "integer",
        "Số nhiệm vụ phối hợp",
        "Tasks it coordinates on",
    ),
    f(
        "tasks_directed",
        "integer",
        "Số nhiệm vụ lãnh đạo, chỉ đạo",
        "Tasks it directs",
    ),
    f("url", "url", "Địa chỉ trang cơ quan", "Agency page URL"),
];

pub const ENTRY_FIELDS: &[Field] = &[
    f("id", "string", "Mã báo cáo", "Entry id"),
    f("title", "string", "Tiêu đề", "Title"),
    f(
        "date",
        "date",
        "Ngày báo cáo (YYYY-MM-DD)",
        "Report date (YYYY-MM-DD)",
    ),
    f(
        "tasks",
        "list",
        "Mã nhiệm vụ (CSV: cách nhau bởi ;)",
        "Task ids (CSV: separated by ;)",
    ),
    f(
        "reporter",
        "string",
        "Mã cơ quan báo cáo",
        "Reporting agency id",
    ),
    f(
        "locality",
        "string?",
        "Mã xã, phường (nếu có)",
        "Commune/ward id, if any",
    ),
    f(
        "status",
        "string",
        "planned, in_progress, done, blocked",
        "planned, in_progress, done, blocked",
    ),
    f(
        "percent",
        "integer?",
        "Mức hoàn thành (0–100)",
        "Share done (0–100)",
    ),
    f(
        "evidence",
        "list",
        "Số hiệu văn bản làm căn cứ (CSV: cách nhau bởi ;)",
        "Evidence document refs (CSV: separated by ;)",
    ),
    f(
        "illustrative",
        "bool",
        "true: dữ liệu minh họa, không phải báo cáo thật",
        "true: illustrative data, not a real report",
    ),
    f("url", "url", "Địa chỉ trang báo cáo", "Entry page URL"),
];

/// One row per commune/ward and per-locality task (long format), in the order
/// of the official list, then of the plan.
pub const UNIT_STATUS_FIELDS: &[Field] = &[
    f(
        "locality",
        "string",
        "Mã xã, phường (không đổi, dùng trong địa chỉ trang)",
        "Commune/ward id (stable, used in the page URL)",
    ),
    f(
        "locality_code",
        "string?",
        "Mã số đơn vị hành chính (Cục Thống kê)",
        "Official statistical code",
    ),
    f("locality_name", "string", "Tên xã, phường", "Commune/ward name"),
    f("task", "string", "Mã nhiệm vụ", "Task id"),
    f(
        "status",
        "string",
        "Tình trạng của xã, phường với nhiệm vụ, tính như tình trạng nhiệm vụ: done, blocked, overdue, in_progress, not_started, ongoing, waiting",
        "The commune's/ward's status on the task, by the tasks' rule: done, blocked, overdue, in_progress, not_started, ongoing, waiting",
    ),
    f(
        "status_label",
        "string",
        "Tình trạng bằng chữ, như trên trang",
        "The status in words, as the pages show it",
    ),
    f(
        "not_reported",
        "bool",
        "true: xã, phường chưa báo cáo về nhiệm vụ này (tình trạng vẫn tính theo thời hạn)",
        "true: no report from the commune/ward on this task (the status still follows the deadline)",
    ),
    f(
        "last_report",
        "date?",
        "Ngày báo cáo gần nhất của xã, phường về nhiệm vụ",
        "Date of its latest report on the task",
    ),
];

/// A row of [`UNIT_STATUS_FIELDS`], fields in the same order.
#[derive(Serialize)]
struct UnitStatusRow<'a> {
    locality: &'a str,
    locality_code: Option<&'a str>,
    locality_name: &'a str,
    task: &'a str,
    status: &'static str,
    status_label: &'a str,
    not_reported: bool,
    last_report: Option<String>,
}

/// A JSON value as one CSV cell: lists joined by `;`, null empty.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

fn csv_of(fields: &[Field], rows: &[Value]) -> Result<Vec<u8>, RenderError> {
    let err = |e: csv::Error| RenderError::Other(format!("CSV: {e}"));
    let mut w = crate::csv_out::CsvWriter::new();
    w.row(fields.iter().map(|f| f.name)).map_err(err)?;
    for r in rows {
        w.row(fields.iter().map(|f| cell(&r[f.name])))
            .map_err(err)?;
    }
    w.finish().map_err(err)
}

/// Typed rows as CSV: the header from the schema, each row's fields in order.
fn csv_of_rows<R: Serialize>(fields: &[Field], rows: &[R]) -> Result<Vec<u8>, RenderError> {
    let err = |e: csv::Error| RenderError::Other(format!("CSV: {e}"));
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    w.write_record(fields.iter().map(|f| f.name)).map_err(err)?;
    for r in rows {
        w.serialize(r).map_err(err)?;
    }
    w.into_inner()
        .map_err(|e| RenderError::Other(format!("CSV: {e}")))
}

/// The data files, by stem, with their rows.
pub struct Tables {
    pub tasks: Vec<Value>,
    pub agencies: Vec<Value>,
    pub entries: Vec<Value>,
}

impl Ctx<'_> {
    pub fn tables(&self) -> Tables {
        let site = self.site;
        let tasks = self
            .views
            .tasks
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let t = &site.tasks[i];
                let p = &self.progress.tasks[i];
                json!({
                    "id": v.id, "title": v.title, "section": v.section, "lead": t.lead, "lead_name": v.lead.name,
                    "support": t.support, "directed_by": t.directed_by, "goals": t.goals, "due": t.due.as_ref().map(|d| d.code()),
                    "due_text": v.due, "due_end": v.due_end, "status": p.status.code(), "late": p.late,
                    "percent": p.percent, "last_report": p.last_report.map(|d| d.iso()),
                    "per_locality": t.per_locality,
                    "localities_done": p.localities.as_ref().map(|l| l.done),
                    "localities_total": p.localities.as_ref().map(|l| l.total),
                    "illustrative": v.illustrative,
                    "url": self.urls.abs(&paths::task(&t.id)),
                })
            })
            .collect();
        let agencies = site
            .agencies
            .iter()
            .map(|a| {
                let lead = site.tasks.iter().filter(|t| t.lead == a.id).count();
                let support = site.tasks.iter().filter(|t| t.support.contains(&a.id)).count();
                let directed = site.tasks.iter().filter(|t| t.directed_by.contains(&a.id)).count();
                json!({"id": a.id, "name": a.name, "short": a.short, "parent": a.parent,
                       "kind": super::views::agency_kind_code(a.kind), "standing": a.standing,
                       "tasks_lead": lead, "tasks_support": support, "tasks_directed": directed, "url": self.urls.abs(&paths::agency(&a.id))})
            })
            .collect();
        let mut asc = self.visible.clone();
        asc.reverse();
        let entries = asc
            .iter()
            .map(|&i| {
                let e = &site.entries[i];
                json!({"id": e.id, "title": e.title, "date": e.date.iso(), "tasks": e.task_ids().collect::<Vec<_>>(),
                       "reporter": e.reporter, "locality": e.locality, "status": self.entry_rows[i].status.code,
                       "percent": e.percent,
                       "evidence": e.evidence.iter().filter_map(|x| x.reference.clone().or_else(|| x.url.clone()).or_else(|| x.file.clone())).collect::<Vec<_>>(),
                       "illustrative": e.illustrative, "url": self.urls.abs(&paths::entry(&e.id))})
            })
            .collect();
        Tables {
            tasks,
            agencies,
            entries,
        }
    }

    /// Every commune's/ward's status on every per-locality task, typed rows
    /// rather than JSON values: at 3,000 communes there are many of them.
    /// `labels` are the statuses' words in [`Status::ALL`] order.
    fn unit_status_rows<'a>(&'a self, labels: &'a [String]) -> Vec<UnitStatusRow<'a>> {
        let site = self.site;
        let tasks: Vec<usize> = (0..site.tasks.len())
            .filter(|&i| site.tasks[i].per_locality)
            .collect();
        let mut rows = Vec::with_capacity(tasks.len() * site.localities.len());
        for (li, l) in site.localities.iter().enumerate() {
            for &ti in &tasks {
                let Some(p) = self.progress.per_locality[ti].get(li) else {
                    continue;
                };
                rows.push(UnitStatusRow {
                    locality: &l.id,
                    locality_code: l.code.as_deref(),
                    locality_name: &l.name,
                    task: &site.tasks[ti].id,
                    status: p.status.code(),
                    status_label: &labels[p.status.rank()],
                    not_reported: p.entries == 0,
                    last_report: p.last_report.map(|d| d.iso()),
                });
            }
        }
        rows
    }

    /// `du-lieu/<stem>.json`: the rows with the build's date and source. The
    /// rows are serialised as they are, never gathered into one JSON value.
    fn write_json<R: Serialize>(
        &self,
        stem: &str,
        fields: &[Field],
        rows: &[R],
    ) -> Result<(), RenderError> {
        /// The document's keys in the order serde_json's maps keep them (sorted).
        #[derive(Serialize)]
        struct Doc<'a, R> {
            as_of: String,
            fields: Vec<&'a str>,
            generator: &'a str,
            rows: &'a [R],
            site: &'a str,
            source: &'a str,
        }
        let doc = Doc {
            as_of: self.progress.as_of.iso(),
            fields: fields.iter().map(|f| f.name).collect(),
            generator: &self.site_view.generator,
            rows,
            site: &self.site_view.title,
            source: &self.site_view.base,
        };
        let mut bytes =
            serde_json::to_vec_pretty(&doc).map_err(|e| RenderError::Other(e.to_string()))?;
        bytes.push(b'\n');
        self.sink
            .write(&format!("{}{stem}.json", paths::DATA), &bytes)
    }

    /// `du-lieu/*.json`, `du-lieu/*.csv` and the page describing them.
    pub fn open_data(&self) -> Result<(), RenderError> {
        let tables = self.tables();
        let sets: [(&str, &str, &[Field], &Vec<Value>); 3] = [
            ("nhiem-vu", "data_tasks", TASK_FIELDS, &tables.tasks),
            ("co-quan", "data_agencies", AGENCY_FIELDS, &tables.agencies),
            ("tien-do", "data_entries", ENTRY_FIELDS, &tables.entries),
        ];
        let mut listing = Vec::new();
        let listed = |stem: &str, key: &str, fields: &[Field], rows: usize| {
            json!({
                "stem": stem, "label": self.strings.get(key).cloned().unwrap_or_default(), "rows": rows,
                "json": self.urls.rel(&format!("{}{stem}.json", paths::DATA)),
                "csv": self.urls.rel(&format!("{}{stem}.csv", paths::DATA)),
                "fields": fields,
            })
        };
        for (stem, key, fields, rows) in sets {
            self.write_json(stem, fields, rows)?;
            self.sink.write(
                &format!("{}{stem}.csv", paths::DATA),
                &csv_of(fields, rows)?,
            )?;
            listing.push(listed(stem, key, fields, rows.len()));
        }
        let labels: Vec<String> = Status::ALL
            .iter()
            .map(|s| self.t(&format!("status_{}", s.code())))
            .collect();
        let units = self.unit_status_rows(&labels);
        let stem = "dia-phuong-nhiem-vu";
        self.write_json(stem, UNIT_STATUS_FIELDS, &units)?;
        self.sink.write(
            &format!("{}{stem}.csv", paths::DATA),
            &csv_of_rows(UNIT_STATUS_FIELDS, &units)?,
        )?;
        listing.push(listed(
            stem,
            "data_unit_statuses",
            UNIT_STATUS_FIELDS,
            units.len(),
        ));
        let mut meta: PageMeta = self.meta(
            paths::DATA,
            self.t("open_data"),
            self.t("data_intro"),
            "data",
        );
        meta.crumbs.push(self.crumb("home", ""));
        self.render(
            "data.html",
            paths::DATA,
            &meta,
            json!({"sets": listing, "as_of_iso": self.progress.as_of.iso()}),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_join_lists() {
        assert_eq!(cell(&json!(["a", "b"])), "a;b");
        assert_eq!(cell(&Value::Null), "");
        assert_eq!(cell(&json!(42)), "42");
        assert_eq!(cell(&json!(true)), "true");
    }

    #[test]
    fn csv_quotes_commas_and_has_bom() {
        let fields = [f("a", "string", "", ""), f("b", "list", "", "")];
        let out = csv_of(
            &fields,
            &[json!({"a": "Xã Ân Thi, Hưng Yên", "b": ["x", "y"]})],
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, "\u{feff}a,b\n\"Xã Ân Thi, Hưng Yên\",x;y\n");
    }
}
