//! Open data: tasks (with their status as of the build date), agencies,
//! progress entries, and every commune's/ward's status on every task each one
//! carries out, as JSON and CSV, and the page that documents their schema.
//! The schema below is the single source of the column list: the files are
//! written from it and the page documents it.

use serde::Serialize;
use serde_json::{json, Value};

use super::context::{Ctx, PageMeta};
use super::urls::paths;
use super::RenderError;
use crate::model::{Date, License, Progress, Status};

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

pub const LOCALITY_FIELDS: &[Field] = &[
    f(
        "id",
        "string",
        "Mã xã, phường (không đổi, dùng trong địa chỉ trang)",
        "Commune/ward id (stable, used in the page URL)",
    ),
    f(
        "code",
        "string?",
        "Mã số đơn vị hành chính (Cục Thống kê)",
        "Official statistical code",
    ),
    f("name", "string", "Tên xã, phường", "Commune/ward name"),
    f(
        "kind",
        "string",
        "Loại: xa (xã), phuong (phường), dac_khu (đặc khu)",
        "Kind: xa (commune), phuong (ward), dac_khu (special zone)",
    ),
    f(
        "tasks",
        "integer",
        "Số nhiệm vụ xã, phường phải thực hiện",
        "Tasks it carries out",
    ),
    f("done", "integer", "Số nhiệm vụ đã hoàn thành", "Tasks done"),
    f("overdue", "integer", "Số nhiệm vụ quá hạn", "Tasks overdue"),
    f(
        "not_reported",
        "integer",
        "Số nhiệm vụ chưa báo cáo",
        "Tasks with no report from it",
    ),
    f(
        "url",
        "url",
        "Địa chỉ trang xã, phường",
        "Commune/ward page URL",
    ),
];

pub const GOAL_FIELDS: &[Field] = &[
    f("id", "string", "Mã nội dung trọng tâm", "Goal id"),
    f("title", "string", "Tên nội dung trọng tâm", "Goal title"),
    f(
        "order",
        "integer",
        "Thứ tự trong kế hoạch",
        "Order in the plan",
    ),
    f(
        "section",
        "string?",
        "Mục trong kế hoạch",
        "Section of the plan",
    ),
    f(
        "tasks",
        "integer",
        "Số nhiệm vụ phục vụ nội dung này",
        "Tasks that serve it",
    ),
    f(
        "tasks_done",
        "integer",
        "Số nhiệm vụ đã hoàn thành",
        "Of which done",
    ),
    f("url", "url", "Địa chỉ trang", "Goal page URL"),
];

pub const PRACTICE_FIELDS: &[Field] = &[
    f("id", "string", "Mã mô hình, điển hình", "Practice id"),
    f("title", "string", "Tên", "Title"),
    f("date", "date", "Ngày đăng (YYYY-MM-DD)", "Date (YYYY-MM-DD)"),
    f(
        "kind",
        "string",
        "Loại: practice (mô hình, cách làm), collective (tập thể tiêu biểu), individual (cá nhân tiêu biểu)",
        "Kind: practice, collective (model collective), individual (model individual)",
    ),
    f("agency", "string", "Mã cơ quan giới thiệu", "Agency id"),
    f(
        "locality",
        "string?",
        "Mã xã, phường (nếu có)",
        "Commune/ward id, if any",
    ),
    f(
        "goals",
        "list",
        "Mã các nội dung trọng tâm (CSV: cách nhau bởi ;)",
        "Goal ids (CSV: separated by ;)",
    ),
    f(
        "tasks",
        "list",
        "Mã các nhiệm vụ (CSV: cách nhau bởi ;)",
        "Task ids (CSV: separated by ;)",
    ),
    f(
        "tags",
        "list",
        "Từ khóa (CSV: cách nhau bởi ;)",
        "Tags (CSV: separated by ;)",
    ),
    f(
        "illustrative",
        "bool",
        "true: nội dung minh họa, không phải điển hình thật",
        "true: illustrative, not a real practice",
    ),
    f("url", "url", "Địa chỉ trang", "Practice page URL"),
];

/// One table of the open data: its file stem, the page's label for it, its
/// columns, its key and the columns that name a row of another table.
pub struct Table {
    pub stem: &'static str,
    /// The i18n key of its title.
    pub label: &'static str,
    pub fields: &'static [Field],
    pub primary_key: &'static [&'static str],
    /// (column, table, column of that table).
    pub foreign_keys: &'static [(&'static str, &'static str, &'static str)],
}

const TASKS: Table = Table {
    stem: "nhiem-vu",
    label: "data_tasks",
    fields: TASK_FIELDS,
    primary_key: &["id"],
    foreign_keys: &[("lead", "co-quan", "id")],
};
const AGENCIES: Table = Table {
    stem: "co-quan",
    label: "data_agencies",
    fields: AGENCY_FIELDS,
    primary_key: &["id"],
    foreign_keys: &[("parent", "co-quan", "id")],
};
const ENTRIES: Table = Table {
    stem: "tien-do",
    label: "data_entries",
    fields: ENTRY_FIELDS,
    primary_key: &["id"],
    foreign_keys: &[
        ("reporter", "co-quan", "id"),
        ("locality", "dia-phuong", "id"),
    ],
};
const LOCALITIES: Table = Table {
    stem: "dia-phuong",
    label: "data_localities",
    fields: LOCALITY_FIELDS,
    primary_key: &["id"],
    foreign_keys: &[],
};
const UNIT_STATUSES: Table = Table {
    stem: "dia-phuong-nhiem-vu",
    label: "data_unit_statuses",
    fields: UNIT_STATUS_FIELDS,
    primary_key: &["locality", "task"],
    foreign_keys: &[("locality", "dia-phuong", "id"), ("task", "nhiem-vu", "id")],
};
const GOALS: Table = Table {
    stem: "muc-tieu",
    label: "data_goals",
    fields: GOAL_FIELDS,
    primary_key: &["id"],
    foreign_keys: &[],
};
const PRACTICES: Table = Table {
    stem: "dien-hinh",
    label: "data_practices",
    fields: PRACTICE_FIELDS,
    primary_key: &["id"],
    foreign_keys: &[
        ("agency", "co-quan", "id"),
        ("locality", "dia-phuong", "id"),
    ],
};

/// Every table, in the order the page lists them.
pub const TABLES: [&Table; 7] = [
    &TASKS,
    &AGENCIES,
    &LOCALITIES,
    &UNIT_STATUSES,
    &ENTRIES,
    &GOALS,
    &PRACTICES,
];

/// The tables a dated snapshot keeps: those whose rows change with the date.
pub const SNAPSHOT_TABLES: [&Table; 3] = [&TASKS, &UNIT_STATUSES, &ENTRIES];

/// Site paths of the open data.
pub mod files {
    use super::paths;

    pub const DATAPACKAGE: &str = "datapackage.json";
    pub const DCAT: &str = "du-lieu/dcat.jsonld";
    /// The JSON Schema of a task's own data file.
    pub const TASK_SCHEMA: &str = "du-lieu/nhiem-vu-chi-tiet.schema.json";

    /// `du-lieu/` or a snapshot's `du-lieu/2026-06/`.
    pub fn dir(snapshot: Option<&str>) -> String {
        match snapshot {
            Some(id) => format!("{}{id}/", paths::DATA),
            None => paths::DATA.to_string(),
        }
    }
    pub fn schema(stem: &str) -> String {
        format!("{}{stem}.schema.json", paths::DATA)
    }
    /// A task's own data: its row, every commune's status on it, its reports.
    pub fn task(id: &str) -> String {
        format!("{}du-lieu.json", paths::task(id))
    }
}

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

impl UnitStatusRow<'_> {
    /// Its CSV cells, in the schema's order.
    fn cells(&self) -> [&str; 8] {
        [
            self.locality,
            self.locality_code.unwrap_or_default(),
            self.locality_name,
            self.task,
            self.status,
            self.status_label,
            if self.not_reported { "true" } else { "false" },
            self.last_report.as_deref().unwrap_or_default(),
        ]
    }
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

fn csv_err(e: csv::Error) -> RenderError {
    RenderError::Other(format!("CSV: {e}"))
}

fn csv_of(fields: &[Field], rows: &[Value]) -> Result<Vec<u8>, RenderError> {
    let mut w = crate::csv_out::CsvWriter::new();
    w.row(fields.iter().map(|f| f.name)).map_err(csv_err)?;
    for r in rows {
        w.row(fields.iter().map(|f| cell(&r[f.name])))
            .map_err(csv_err)?;
    }
    w.finish().map_err(csv_err)
}

/// The rows of one table: JSON values, or the many typed rows of the
/// communes' statuses (at 3,000 communes there are many of them).
enum Rows<'a> {
    Values(Vec<Value>),
    Units(Vec<UnitStatusRow<'a>>),
}

impl Rows<'_> {
    fn len(&self) -> usize {
        match self {
            Rows::Values(v) => v.len(),
            Rows::Units(v) => v.len(),
        }
    }

    fn csv(&self, fields: &[Field]) -> Result<Vec<u8>, RenderError> {
        match self {
            Rows::Values(v) => csv_of(fields, v),
            Rows::Units(rows) => {
                // About 100 bytes a row: the communes' statuses are many.
                let mut w = crate::csv_out::CsvWriter::with_capacity(rows.len() * 112);
                w.row(fields.iter().map(|f| f.name)).map_err(csv_err)?;
                for r in rows {
                    w.row(r.cells()).map_err(csv_err)?;
                }
                w.finish().map_err(csv_err)
            }
        }
    }
}

/// The JSON Schema of one column's values.
fn field_schema(f: &Field) -> Value {
    let date = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    match f.kind {
        "string" => json!({"type": "string"}),
        "string?" => json!({"type": ["string", "null"]}),
        "list" => json!({"type": "array", "items": {"type": "string"}}),
        "date" => json!({"type": "string", "format": "date", "pattern": date}),
        "date?" => json!({"type": ["string", "null"], "format": "date", "pattern": date}),
        "integer" => json!({"type": "integer"}),
        "integer?" => json!({"type": ["integer", "null"]}),
        "bool" => json!({"type": "boolean"}),
        "url" => json!({"type": "string", "format": "uri", "pattern": "^https?://"}),
        other => json!({"description": other}),
    }
}

/// The JSON Schema of a row of `fields`: every column, nothing else.
fn row_schema(fields: &[Field], lang: &str) -> Value {
    let props: serde_json::Map<String, Value> = fields
        .iter()
        .map(|f| {
            let mut s = field_schema(f);
            s["description"] = json!(if lang == "vi" { f.vi } else { f.en });
            (f.name.to_string(), s)
        })
        .collect();
    json!({
        "type": "object",
        "properties": props,
        "required": fields.iter().map(|f| f.name).collect::<Vec<_>>(),
        "additionalProperties": false,
    })
}

/// The Table Schema (Frictionless) type of one column.
fn table_field(f: &Field, lang: &str) -> Value {
    let (kind, format) = match f.kind {
        "date" | "date?" => ("date", None),
        "integer" | "integer?" => ("integer", None),
        "bool" => ("boolean", None),
        "url" => ("string", Some("uri")),
        _ => ("string", None),
    };
    let mut v = json!({
        "name": f.name,
        "type": kind,
        "description": if lang == "vi" { f.vi } else { f.en },
    });
    if let Some(fmt) = format {
        v["format"] = json!(fmt);
    }
    if !f.kind.ends_with('?') && f.kind != "list" {
        v["constraints"] = json!({"required": true});
    }
    if f.kind == "bool" {
        v["trueValues"] = json!(["true"]);
        v["falseValues"] = json!(["false"]);
    }
    v
}

/// The licence as data files carry it.
fn license_value(l: &Option<License>) -> Value {
    match l {
        Some(l) => json!({"id": l.id, "name": l.name, "url": l.url}),
        None => Value::Null,
    }
}

impl Ctx<'_> {
    fn license(&self) -> Option<License> {
        self.site.config.license()
    }

    /// Whether any row of the open data is illustrative.
    fn data_illustrative(&self) -> bool {
        let site = self.site;
        site.config.demo
            || self.any_task_illustrative(0..site.tasks.len())
            || self.visible.iter().any(|&e| site.entries[e].illustrative)
            || self
                .practices_desc
                .iter()
                .any(|&p| site.practices[p].illustrative)
    }

    /// "Nội dung minh họa, …. " before a description of data that holds
    /// illustrative rows.
    fn illustrative_prefix(&self) -> String {
        if self.data_illustrative() {
            format!("{} ", self.t("illustrative_notice"))
        } else {
            String::new()
        }
    }

    fn status_labels(&self) -> Vec<String> {
        Status::ALL
            .iter()
            .map(|s| self.t(&format!("status_{}", s.code())))
            .collect()
    }

    /// Every task with its status as of `progress`'s date.
    fn task_rows(&self, progress: &Progress) -> Vec<Value> {
        (0..self.site.tasks.len())
            .map(|i| self.task_row(i, progress))
            .collect()
    }

    fn task_row(&self, i: usize, progress: &Progress) -> Value {
        let site = self.site;
        let v = &self.views.tasks[i];
        let t = &site.tasks[i];
        let p = &progress.tasks[i];
        json!({
            "id": v.id, "title": v.title, "section": v.section, "lead": t.lead, "lead_name": v.lead.name,
            "support": t.support, "directed_by": t.directed_by, "goals": t.goals, "due": t.due.as_ref().map(|d| d.code()),
            "due_text": v.due, "due_end": v.due_end, "status": p.status.code(), "late": p.late,
            "percent": p.percent, "last_report": p.last_report.map(|d| d.iso()),
            "per_locality": t.per_locality,
            "localities_done": p.localities.as_ref().map(|l| l.done),
            "localities_total": p.localities.as_ref().map(|l| l.total),
            "illustrative": super::views::task_illustrative(site, i, progress.as_of),
            "url": self.urls.abs(&paths::task(&t.id)),
        })
    }

    fn agency_rows(&self) -> Vec<Value> {
        let site = self.site;
        site.agencies
            .iter()
            .map(|a| {
                let lead = site.tasks.iter().filter(|t| t.lead == a.id).count();
                let support = site.tasks.iter().filter(|t| t.support.contains(&a.id)).count();
                let directed = site.tasks.iter().filter(|t| t.directed_by.contains(&a.id)).count();
                json!({"id": a.id, "name": a.name, "short": a.short, "parent": a.parent,
                       "kind": super::views::agency_kind_code(a.kind), "standing": a.standing,
                       "tasks_lead": lead, "tasks_support": support, "tasks_directed": directed, "url": self.urls.abs(&paths::agency(&a.id))})
            })
            .collect()
    }

    /// Entries `list` (indices) as rows.
    fn entry_rows_of(&self, list: impl Iterator<Item = usize>) -> Vec<Value> {
        let site = self.site;
        list.map(|i| {
            let e = &site.entries[i];
            json!({"id": e.id, "title": e.title, "date": e.date.iso(), "tasks": e.task_ids().collect::<Vec<_>>(),
                   "reporter": e.reporter, "locality": e.locality, "status": self.entry_rows[i].status.code,
                   "percent": e.percent,
                   "evidence": e.evidence.iter().filter_map(|x| x.reference.clone().or_else(|| x.url.clone()).or_else(|| x.file.clone())).collect::<Vec<_>>(),
                   "illustrative": e.illustrative, "url": self.urls.abs(&paths::entry(&e.id))})
        })
        .collect()
    }

    fn locality_rows(&self) -> Vec<Value> {
        let site = self.site;
        site.localities
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let u = &self.progress.units[i];
                json!({"id": l.id, "code": l.code, "name": l.name,
                       "kind": super::views::locality_kind_code(l.kind),
                       "tasks": u.tasks, "done": u.count(Status::Done), "overdue": u.count(Status::Overdue),
                       "not_reported": u.not_reported, "url": self.urls.abs(&paths::locality(&l.id))})
            })
            .collect()
    }

    fn goal_rows(&self) -> Vec<Value> {
        let site = self.site;
        site.goals
            .iter()
            .map(|g| {
                let tasks: Vec<usize> = (0..site.tasks.len())
                    .filter(|&i| site.tasks[i].goals.contains(&g.id))
                    .collect();
                let done = tasks
                    .iter()
                    .filter(|&&i| self.progress.tasks[i].status == Status::Done)
                    .count();
                json!({"id": g.id, "title": g.title, "order": g.order, "section": g.section,
                       "tasks": tasks.len(), "tasks_done": done, "url": self.urls.abs(&paths::goal(&g.id))})
            })
            .collect()
    }

    fn practice_rows(&self) -> Vec<Value> {
        let site = self.site;
        let mut list = self.practices_desc.clone();
        list.reverse();
        list.iter()
            .map(|&i| {
                let p = &site.practices[i];
                let kind = match p.kind {
                    crate::model::PracticeKind::Practice => "practice",
                    crate::model::PracticeKind::Collective => "collective",
                    crate::model::PracticeKind::Individual => "individual",
                };
                json!({"id": p.id, "title": p.title, "date": p.date.iso(), "kind": kind, "agency": p.agency,
                       "locality": p.locality, "goals": p.goals, "tasks": p.tasks, "tags": p.tags,
                       "illustrative": p.illustrative, "url": self.urls.abs(&paths::practice(&p.id))})
            })
            .collect()
    }

    /// Every commune's/ward's status on the per-locality tasks `tasks` (all of
    /// them when `None`), as of `progress`'s date, in the order of the official
    /// list, then of the plan. `labels` are the statuses' words in
    /// [`Status::ALL`] order.
    fn unit_status_rows<'a>(
        &'a self,
        progress: &'a Progress,
        labels: &'a [String],
        only: Option<usize>,
    ) -> Vec<UnitStatusRow<'a>> {
        let site = self.site;
        let tasks: Vec<usize> = (0..site.tasks.len())
            .filter(|&i| site.tasks[i].per_locality && only.is_none_or(|o| o == i))
            .collect();
        let mut rows = Vec::with_capacity(tasks.len() * site.localities.len());
        for (li, l) in site.localities.iter().enumerate() {
            for &ti in &tasks {
                let Some(p) = progress.per_locality[ti].get(li) else {
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

    /// A JSON document of the open data: what every one carries (its schema,
    /// date, licence and source), then `body`'s keys.
    fn json_doc<B: Serialize>(
        &self,
        schema: &str,
        as_of: Date,
        body: B,
        capacity: usize,
    ) -> Result<Vec<u8>, RenderError> {
        #[derive(Serialize)]
        struct Doc<'a, B> {
            #[serde(rename = "$schema")]
            schema: String,
            as_of: String,
            generator: &'a str,
            license: Value,
            site: &'a str,
            source: &'a str,
            #[serde(flatten)]
            body: B,
        }
        let doc = Doc {
            schema: self.urls.abs(schema),
            as_of: as_of.iso(),
            generator: &self.site_view.generator,
            license: license_value(&self.license()),
            site: &self.site_view.title,
            source: &self.site_view.base,
            body,
        };
        // Written as it is serialised, never gathered into one JSON value: at
        // 3,000 communes the communes' statuses are many rows.
        // Into a buffer sized for it (`capacity`), not grown by doubling: a
        // large table would be copied, and its memory cleared, again and again.
        let mut bytes = Vec::with_capacity(capacity + 4096);
        serde_json::to_writer_pretty(&mut bytes, &doc)
            .map_err(|e| RenderError::Other(e.to_string()))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// `DIR<stem>.json` and `DIR<stem>.csv`.
    fn write_table(
        &self,
        dir: &str,
        table: &Table,
        rows: &Rows,
        as_of: Date,
    ) -> Result<(), RenderError> {
        #[derive(Serialize)]
        struct Body<'a, R> {
            fields: Vec<&'a str>,
            rows: &'a R,
        }
        let fields: Vec<&str> = table.fields.iter().map(|f| f.name).collect();
        let json = match rows {
            Rows::Values(v) => self.json_doc(
                &files::schema(table.stem),
                as_of,
                Body { fields, rows: v },
                0,
            )?,
            // About 290 bytes a row, pretty-printed.
            Rows::Units(v) => self.json_doc(
                &files::schema(table.stem),
                as_of,
                Body { fields, rows: v },
                v.len() * 320,
            )?,
        };
        self.sink
            .write(&format!("{dir}{}.json", table.stem), &json)?;
        self.sink.write(
            &format!("{dir}{}.csv", table.stem),
            &rows.csv(table.fields)?,
        )
    }

    /// `du-lieu/<stem>.schema.json`: the JSON Schema of a table's JSON file.
    fn table_schema(&self, table: &Table) -> Value {
        let lang = self.site_view.lang;
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.urls.abs(&files::schema(table.stem)),
            "title": format!("{}: {}", self.site_view.title, self.t(table.label)),
            "type": "object",
            "required": ["$schema", "as_of", "fields", "license", "rows", "source"],
            "properties": {
                "$schema": {"type": "string", "format": "uri"},
                "as_of": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                "fields": {"const": table.fields.iter().map(|f| f.name).collect::<Vec<_>>()},
                "generator": {"type": "string"},
                "license": self.license_schema(),
                "rows": {"type": "array", "items": row_schema(table.fields, lang)},
                "site": {"type": "string"},
                "source": {"type": "string", "format": "uri"},
            },
            "additionalProperties": false,
        })
    }

    fn license_schema(&self) -> Value {
        json!({"oneOf": [
            {"type": "null"},
            {"type": "object", "required": ["name", "url"], "additionalProperties": false,
             "properties": {"id": {"type": ["string", "null"]}, "name": {"type": "string"},
                            "url": {"type": "string", "format": "uri", "pattern": "^https?://"}}},
        ]})
    }

    /// The JSON Schema of a task's own data file.
    fn task_schema(&self) -> Value {
        let lang = self.site_view.lang;
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": self.urls.abs(files::TASK_SCHEMA),
            "title": format!("{}: {}", self.site_view.title, self.t("data_task_one")),
            "type": "object",
            "required": ["$schema", "as_of", "license", "task", "localities", "entries", "source"],
            "properties": {
                "$schema": {"type": "string", "format": "uri"},
                "as_of": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                "generator": {"type": "string"},
                "license": self.license_schema(),
                "task": row_schema(TASK_FIELDS, lang),
                "localities": {"type": "array", "items": row_schema(UNIT_STATUS_FIELDS, lang)},
                "entries": {"type": "array", "items": row_schema(ENTRY_FIELDS, lang)},
                "site": {"type": "string"},
                "source": {"type": "string", "format": "uri"},
            },
            "additionalProperties": false,
        })
    }

    /// A Frictionless Data Package of `tables` (files in the same folder),
    /// as of `as_of`; foreign keys to tables it does not hold are left out.
    fn datapackage(
        &self,
        name: &str,
        title: String,
        tables: &[(&Table, usize)],
        as_of: Date,
    ) -> Value {
        let lang = self.site_view.lang;
        let held: Vec<&str> = tables.iter().map(|(t, _)| t.stem).collect();
        let resources: Vec<Value> = tables
            .iter()
            .map(|&(t, rows)| {
                let fks: Vec<Value> = t
                    .foreign_keys
                    .iter()
                    .filter(|(_, to, _)| held.contains(to))
                    .map(|&(field, to, to_field)| {
                        // A key into its own table names it "" (Table Schema).
                        let resource = if to == t.stem { "" } else { to };
                        json!({"fields": [field], "reference": {"resource": resource, "fields": [to_field]}})
                    })
                    .collect();
                let mut schema = json!({
                    "fields": t.fields.iter().map(|f| table_field(f, lang)).collect::<Vec<_>>(),
                    "primaryKey": t.primary_key,
                    "missingValues": [""],
                });
                if !fks.is_empty() {
                    schema["foreignKeys"] = json!(fks);
                }
                json!({
                    "name": t.stem,
                    "title": self.t(t.label),
                    "path": format!("{}.csv", t.stem),
                    "profile": "tabular-data-resource",
                    "format": "csv",
                    "mediatype": "text/csv",
                    "encoding": "utf-8",
                    "dialect": {"delimiter": ",", "header": true},
                    "description": format!("{} {} ({}.json: {}).", rows, self.t("rows"), t.stem, self.t("data_same_in_json")),
                    "schema": schema,
                })
            })
            .collect();
        let mut pkg = json!({
            "profile": "tabular-data-package",
            "name": name,
            "title": title,
            "description": format!("{}{} {} {}.", self.illustrative_prefix(), self.t("data_intro"), self.t("as_of"), crate::render::format::date_long(as_of, self.lang())),
            "homepage": self.urls.abs(paths::DATA),
            "version": as_of.iso(),
            "created": format!("{}T00:00:00{}", as_of.iso(), self.site.config.timezone),
            "keywords": [self.site.plan.title.clone()],
            "sources": [{"title": self.site.plan.title, "path": self.urls.abs(paths::PLAN)}],
            "resources": resources,
        });
        if let Some(l) = self.license() {
            pkg["licenses"] = json!([{"name": l.id.clone().unwrap_or_else(|| l.short.clone()), "path": l.url, "title": l.name}]);
        }
        if let Some(p) = &self.site.config.publisher {
            pkg["contributors"] = json!([{"title": p, "role": "publisher"}]);
        }
        pkg
    }

    /// `du-lieu/dcat.jsonld`: the catalogue (DCAT-AP), one dataset per table,
    /// each with its CSV and JSON distributions.
    fn dcat(&self, tables: &[(&Table, usize)]) -> Value {
        let lang = self.site_view.lang;
        let text = |s: &str| json!({"@value": s, "@language": lang});
        let catalog_id = format!("{}#catalog", self.urls.abs(paths::DATA));
        let license = self.license().map(|l| json!({"@id": l.url}));
        let language = json!({"@id": if lang == "vi" {
            "http://publications.europa.eu/resource/authority/language/VIE"
        } else {
            "http://publications.europa.eu/resource/authority/language/ENG"
        }});
        let modified = json!({"@value": self.progress.as_of.iso(), "@type": "xsd:date"});
        let publisher = self
            .site
            .config
            .publisher
            .as_ref()
            .map(|p| json!({"@type": "foaf:Agent", "foaf:name": text(p)}));
        let mut graph = Vec::new();
        let mut datasets = Vec::new();
        for &(t, _) in tables {
            let id = format!("{}#{}", self.urls.abs(paths::DATA), t.stem);
            datasets.push(json!({"@id": id}));
            let dist = |ext: &str, media: &str, format: &str| {
                let url = self.urls.abs(&format!("{}{}.{ext}", paths::DATA, t.stem));
                let mut d = json!({
                    "@id": url, "@type": "dcat:Distribution",
                    "dct:title": text(&format!("{}.{ext}", t.stem)),
                    "dcat:accessURL": {"@id": url}, "dcat:downloadURL": {"@id": url},
                    "dcat:mediaType": {"@id": format!("http://www.iana.org/assignments/media-types/{media}")},
                    "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}")},
                    "dct:modified": modified,
                });
                if ext == "json" {
                    d["dct:conformsTo"] = json!({"@id": self.urls.abs(&files::schema(t.stem))});
                } else {
                    d["dct:conformsTo"] = json!({"@id": self.urls.abs(&format!("{}{}", paths::DATA, files::DATAPACKAGE))});
                }
                if let Some(l) = &license {
                    d["dct:license"] = l.clone();
                }
                d
            };
            let mut ds = json!({
                "@id": id, "@type": "dcat:Dataset",
                "dct:identifier": t.stem,
                "dct:title": text(&format!("{}: {}", self.site_view.title, self.t(t.label))),
                "dct:description": text(&format!("{}{}. {}", self.illustrative_prefix(), self.t(t.label), self.t("data_intro"))),
                "dcat:keyword": [text(&self.site.plan.title)],
                "dcat:landingPage": {"@id": format!("{}#{}", self.urls.abs(paths::DATA), t.stem)},
                "dct:language": language,
                "dct:modified": modified,
                "dcat:distribution": [dist("csv", "text/csv", "CSV"), dist("json", "application/json", "JSON")],
            });
            if let Some(p) = &publisher {
                ds["dct:publisher"] = p.clone();
            }
            if let Some(l) = &license {
                ds["dct:license"] = l.clone();
            }
            graph.push(ds);
        }
        let mut catalog = json!({
            "@id": catalog_id, "@type": "dcat:Catalog",
            "dct:title": text(&self.site_view.title),
            "dct:description": text(&format!("{}{}", self.illustrative_prefix(), self.t("data_intro"))),
            "foaf:homepage": {"@id": self.site_view.base},
            "dct:language": language,
            "dct:modified": modified,
            "dcat:dataset": datasets,
        });
        if let Some(p) = publisher {
            catalog["dct:publisher"] = p;
        }
        if let Some(l) = license {
            catalog["dct:license"] = l;
        }
        graph.insert(0, catalog);
        json!({
            "@context": {
                "dcat": "http://www.w3.org/ns/dcat#",
                "dct": "http://purl.org/dc/terms/",
                "foaf": "http://xmlns.com/foaf/0.1/",
                "xsd": "http://www.w3.org/2001/XMLSchema#",
            },
            "@graph": graph,
        })
    }

    /// schema.org `Dataset` of the open data page, for dataset search engines.
    fn dataset_json_ld(&self, tables: &[(&Table, usize)]) -> Value {
        let lang = self.site_view.lang;
        let mut distribution = Vec::new();
        for &(t, _) in tables {
            for (ext, media) in [("csv", "text/csv"), ("json", "application/json")] {
                distribution.push(json!({
                    "@type": "DataDownload",
                    "name": format!("{}.{ext}", t.stem),
                    "encodingFormat": media,
                    "contentUrl": self.urls.abs(&format!("{}{}.{ext}", paths::DATA, t.stem)),
                }));
            }
        }
        let mut ds = json!({
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": format!("{} — {}", self.site_view.title, self.t("open_data")),
            "description": format!("{} {}", self.t("data_intro"), self.t("data_format")),
            "url": self.urls.abs(paths::DATA),
            "inLanguage": lang,
            "dateModified": self.progress.as_of.iso(),
            "isAccessibleForFree": true,
            "keywords": [self.site.plan.title],
            "isBasedOn": self.urls.abs(paths::PLAN),
            "variableMeasured": TASK_FIELDS.iter().map(|f| f.name).collect::<Vec<_>>(),
            "distribution": distribution,
            "includedInDataCatalog": {"@type": "DataCatalog", "name": self.site_view.title, "url": self.site_view.base},
        });
        if let Some(start) = self.site.plan_start() {
            ds["temporalCoverage"] =
                json!(format!("{}/{}", start.iso(), self.progress.as_of.iso()));
        }
        if let Some(l) = self.license() {
            ds["license"] = json!(l.url);
        }
        if let Some(p) = &self.site.config.publisher {
            ds["creator"] = json!({"@type": "Organization", "name": p});
            ds["publisher"] = json!({"@type": "Organization", "name": p});
        }
        ds
    }

    fn write_json_value(&self, path: &str, v: &Value) -> Result<(), RenderError> {
        let mut bytes =
            serde_json::to_vec_pretty(v).map_err(|e| RenderError::Other(e.to_string()))?;
        bytes.push(b'\n');
        self.sink.write(path, &bytes)
    }

    /// `du-lieu/*.json`, `du-lieu/*.csv`, their schemas, the data package, the
    /// catalogue, each task's own data file and the page describing them.
    pub fn open_data(&self) -> Result<(), RenderError> {
        let as_of = self.progress.as_of;
        let labels = self.status_labels();
        let mut entries: Vec<usize> = self.visible.clone();
        entries.reverse();
        let mut counted: Vec<(&Table, usize)> = Vec::new();
        for table in TABLES {
            let rows = match table.stem {
                "nhiem-vu" => Rows::Values(self.task_rows(self.progress)),
                "co-quan" => Rows::Values(self.agency_rows()),
                "dia-phuong" => Rows::Values(self.locality_rows()),
                "dia-phuong-nhiem-vu" => {
                    Rows::Units(self.unit_status_rows(self.progress, &labels, None))
                }
                "tien-do" => Rows::Values(self.entry_rows_of(entries.iter().copied())),
                "muc-tieu" => Rows::Values(self.goal_rows()),
                _ => Rows::Values(self.practice_rows()),
            };
            self.write_table(paths::DATA, table, &rows, as_of)?;
            self.write_json_value(&files::schema(table.stem), &self.table_schema(table))?;
            counted.push((table, rows.len()));
        }
        self.write_json_value(
            &format!("{}{}", paths::DATA, files::DATAPACKAGE),
            &self.datapackage(
                &self.package_name(None),
                self.site_view.title.clone(),
                &counted,
                as_of,
            ),
        )?;
        self.write_json_value(files::DCAT, &self.dcat(&counted))?;
        self.write_json_value(files::TASK_SCHEMA, &self.task_schema())?;
        self.task_files(&labels)?;

        let listing: Vec<Value> = counted
            .iter()
            .map(|&(t, rows)| {
                json!({
                    "stem": t.stem, "label": self.t(t.label), "rows": rows,
                    "json": self.urls.rel(&format!("{}{}.json", paths::DATA, t.stem)),
                    "csv": self.urls.rel(&format!("{}{}.csv", paths::DATA, t.stem)),
                    "schema": self.urls.rel(&files::schema(t.stem)),
                    "fields": t.fields,
                })
            })
            .collect();
        // Months, newest first, then quarters.
        let mut periods = self.digest_periods();
        periods.reverse();
        periods.sort_by_key(|p| p.quarter);
        let snapshots: Vec<Value> = periods
            .iter()
            .map(|p| {
                let dir = files::dir(Some(&p.id));
                json!({
                    "id": p.id, "label": p.label(self.lang()), "quarter": p.quarter,
                    "partial": p.end > as_of,
                    "files": SNAPSHOT_TABLES.iter().map(|t| json!({"name": format!("{}.csv", t.stem), "url": self.urls.rel(&format!("{dir}{}.csv", t.stem))})).collect::<Vec<_>>(),
                    "package": self.urls.rel(&format!("{dir}{}", files::DATAPACKAGE)),
                })
            })
            .collect();
        let mut meta: PageMeta = self.meta(
            paths::DATA,
            self.t("open_data"),
            self.t("data_intro"),
            "data",
        );
        meta.crumbs.push(self.crumb("home", ""));
        meta.json_ld = self.dataset_json_ld(&counted);
        // The data holds illustrative rows: the page, and what it tells other
        // sites about itself, say so.
        meta.illustrative = self.data_illustrative();
        self.render(
            "data.html",
            paths::DATA,
            &meta,
            json!({
                "sets": listing, "as_of_iso": as_of.iso(),
                "license": self.license(),
                "datapackage": self.urls.rel(&format!("{}{}", paths::DATA, files::DATAPACKAGE)),
                "dcat": self.urls.rel(files::DCAT),
                "task_schema": self.urls.rel(files::TASK_SCHEMA),
                "snapshots": snapshots,
            }),
        )
    }

    /// The data package's name: the site's address made a name, and the period.
    fn package_name(&self, period: Option<&str>) -> String {
        let host = self
            .site_view
            .base
            .split_once("://")
            .map_or(self.site_view.base.as_str(), |(_, r)| r);
        let mut name: String = host
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        name = name.trim_matches('-').to_string();
        if let Some(p) = period {
            name = format!("{name}-{p}");
        }
        name
    }

    /// `nhiem-vu/<id>/du-lieu.json` for every task.
    fn task_files(&self, labels: &[String]) -> Result<(), RenderError> {
        use rayon::prelude::*;
        #[derive(Serialize)]
        struct Body<'a> {
            task: Value,
            localities: Vec<UnitStatusRow<'a>>,
            entries: Vec<Value>,
        }
        (0..self.site.tasks.len())
            .into_par_iter()
            .try_for_each(|i| {
                let entries = self.site.index.entries_of_task[i]
                    .iter()
                    .copied()
                    .filter(|&e| self.site.entries[e].date <= self.progress.as_of);
                let body = Body {
                    task: self.task_row(i, self.progress),
                    localities: self.unit_status_rows(self.progress, labels, Some(i)),
                    entries: self.entry_rows_of(entries),
                };
                let capacity = body.localities.len() * 320;
                let bytes =
                    self.json_doc(files::TASK_SCHEMA, self.progress.as_of, body, capacity)?;
                self.sink
                    .write(&files::task(&self.site.tasks[i].id), &bytes)
            })
    }

    /// `du-lieu/<period>/`: for the k-th bulletin's month or quarter
    /// ([`Ctx::digest_periods`]), the tasks' and the communes' statuses as of its last day (or the as-of date, while
    /// it runs) and the reports dated in it, with their data package, so a
    /// story that cited a month's figures can link to them.
    pub fn data_snapshot(&self, k: usize) -> Result<(), RenderError> {
        let labels = self.status_labels();
        let as_of = self.progress.as_of;
        let periods = self.digest_periods();
        // A period no longer there (a list of pages made before a change).
        let Some(p) = periods.get(k) else {
            return Ok(());
        };
        let until = p.end.min(as_of);
        let own;
        let progress = if until == as_of {
            self.progress
        } else {
            own = self.site.progress(until);
            &own
        };
        let dir = files::dir(Some(&p.id));
        let mut entries: Vec<usize> = self
            .visible
            .iter()
            .copied()
            .filter(|&e| p.start <= self.site.entries[e].date && self.site.entries[e].date <= until)
            .collect();
        entries.reverse();
        let mut counted = Vec::new();
        for table in SNAPSHOT_TABLES {
            let rows = match table.stem {
                "nhiem-vu" => Rows::Values(self.task_rows(progress)),
                // Only as CSV: every period repeats every commune's row,
                // which at 3,000 communes is many.
                "dia-phuong-nhiem-vu" => {
                    let rows = Rows::Units(self.unit_status_rows(progress, &labels, None));
                    self.sink.write(
                        &format!("{dir}{}.csv", table.stem),
                        &rows.csv(table.fields)?,
                    )?;
                    counted.push((table, rows.len()));
                    continue;
                }
                _ => Rows::Values(self.entry_rows_of(entries.iter().copied())),
            };
            self.write_table(&dir, table, &rows, until)?;
            counted.push((table, rows.len()));
        }
        let title = format!(
            "{} — {} {}",
            self.site_view.title,
            self.t("open_data"),
            p.label(self.lang())
        );
        self.write_json_value(
            &format!("{dir}{}", files::DATAPACKAGE),
            &self.datapackage(&self.package_name(Some(&p.id)), title, &counted, until),
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
