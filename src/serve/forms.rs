//! Forms in the preview: editors add a progress entry without opening a YAML
//! file. Plain HTML forms posted to `tiendo serve` (JavaScript only improves
//! them: searchable choices, a live Markdown preview), at `/__tiendo/`, never
//! in a built site.
//!
//! A posted form is checked the way `tiendo check` checks the site: the new
//! file is laid out by [`crate::scaffold::progress_file`] (the same front
//! matter and key order as `tiendo new`), read back by the content stage's own
//! parser, put into the site loaded from disk, and the site validated; each
//! problem is shown beside the field it is about. Only a file that checks
//! clean is written, atomically (a temporary file in the same folder, then a
//! rename); the watcher then rebuilds the preview as for any saved file.
//!
//! Safe by default: every form carries a CSRF token that the post must send
//! back; a post must come from a page of this server (`Origin`, else
//! `Referer`); files are written only under `content/`, never over a link,
//! and an attachment's name with a folder, `..` or a link in it is refused.
//! A rejected request changes no file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use unicode_normalization::UnicodeNormalization;

use super::wire::{respond, text as plain, Request, Response};
use crate::content;
use crate::diagnostics::{At, Diagnostic, Diagnostics, Seg, Severity};
use crate::messages::Msg;
use crate::model::{Date, Entry, EntryStatus, Language, Origin, Practice, PracticeKind, Site};
use crate::render::escape_html as esc;
use crate::scaffold::{
    self, EvidenceLine, NewPractice, NewProgress, PracticeExtras, ProgressExtras, ScaffoldError,
};

/// Where the forms live.
pub const PREFIX: &str = "/__tiendo/";
/// The form's stylesheet and script (files of their own: the pages' CSP
/// allows no inline code).
pub const CSS: &str = "/__tiendo/forms.css";
pub const JS: &str = "/__tiendo/forms.js";
/// The most bytes a posted form may have (an attachment and the text).
pub const BODY_LIMIT: usize = 12 * 1024 * 1024;
/// The most bytes of one attached file.
pub const ATTACHMENT_LIMIT: usize = 10 * 1024 * 1024;

const ENTRY_NEW: &str = "/__tiendo/entry/new";
const ENTRY_EDIT: &str = "/__tiendo/entry/edit";
const STATUS: &str = "/__tiendo/status";
const PRACTICE_NEW: &str = "/__tiendo/practice/new";
const PRACTICE_POST: &str = "/__tiendo/practice";
const PRACTICE_EDIT: &str = "/__tiendo/practice/edit";
const ENTRY_POST: &str = "/__tiendo/entry";
const PREVIEW: &str = "/__tiendo/preview";
const LOGIN: &str = "/__tiendo/login";
const SAVED: &str = "/__tiendo/saved";
const COOKIE: &str = "tiendo_edit";

/// The editing side of one `tiendo serve`.
pub struct Forms {
    site_dir: PathBuf,
    as_of: Option<Date>,
    /// Sent with every form, checked on every post.
    csrf: String,
    /// When the preview answers beyond loopback, the token an editor gives once
    /// (kept in a cookie) before any form is shown or taken.
    edit_token: Option<String>,
    /// One save at a time (two editors must not pick the same new name).
    saving: Mutex<()>,
}

/// A field of a posted form: its text, or a file's name and bytes.
#[derive(Debug, Default)]
struct Posted {
    /// Each field's values in order (a multiple choice has several).
    fields: BTreeMap<String, Vec<String>>,
    /// The one file (`attachment` or `image`): its name and bytes.
    file: Option<(String, Vec<u8>)>,
}

impl Posted {
    fn get(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .unwrap_or("")
    }
    fn all(&self, name: &str) -> &[String] {
        self.fields.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// The entry form's values, as typed.
#[derive(Debug, Default, Clone)]
struct EntryForm {
    /// The entry edited (empty for a new one).
    id: String,
    /// A fingerprint of the edited file as the form showed it: a save over
    /// a file changed since is refused.
    sum: String,
    /// The entry's evidence is more than the form's fields show (several
    /// items, a title or file): it is kept as written.
    ev_keep: bool,
    /// Posted from the status update form (shown again on errors).
    compact: bool,
    task: String,
    locality: String,
    reporter: String,
    status: String,
    percent: String,
    date: String,
    title: String,
    ev_ref: String,
    ev_date: String,
    ev_url: String,
    body: String,
    illustrative: bool,
}

/// The practice form's values, as typed.
#[derive(Debug, Default, Clone)]
struct PracticeForm {
    /// The practice edited (empty for a new one), and its file's fingerprint.
    id: String,
    sum: String,
    /// Its image as it is (an edit keeps it unless another is attached).
    image: String,
    title: String,
    kind: String,
    agency: String,
    locality: String,
    tasks: Vec<String>,
    date: String,
    summary: String,
    image_alt: String,
    body: String,
    illustrative: bool,
}

/// Problems to show: by field name, and for the form as a whole ("").
#[derive(Debug, Default)]
struct Problems {
    errors: BTreeMap<String, Vec<String>>,
    warnings: BTreeMap<String, Vec<String>>,
}

impl Problems {
    fn error(&mut self, field: &str, msg: impl Into<String>) {
        self.errors
            .entry(field.to_string())
            .or_default()
            .push(msg.into());
    }
    fn warning(&mut self, field: &str, msg: impl Into<String>) {
        self.warnings
            .entry(field.to_string())
            .or_default()
            .push(msg.into());
    }
    fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// The UI words of the site's theme (`themes/default/i18n/*.yaml`).
struct Words {
    lang: Language,
    map: std::collections::HashMap<String, String>,
}

impl Words {
    fn t<'a>(&'a self, key: &'a str) -> &'a str {
        self.map.get(key).map(String::as_str).unwrap_or(key)
    }
    /// The words for `key`, else for `fallback`.
    fn t_or<'a>(&'a self, key: &str, fallback: &'a str) -> &'a str {
        self.map
            .get(key)
            .map(String::as_str)
            .unwrap_or_else(|| self.t(fallback))
    }
}

fn random_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let mut out = String::new();
    for i in 0..4u8 {
        // Each RandomState is keyed from the operating system's randomness.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u8(i);
        h.write_u32(std::process::id());
        let _ = write!(out, "{:016x}", h.finish());
    }
    out
}

/// Equal without telling by its timing how much of a guess was right.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn path_of(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or("")
}

fn query(url: &str, name: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    q.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        (k == name).then(|| {
            percent_encoding::percent_decode_str(&v.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        })
    })
}

/// What a query value keeps as it is: letters, digits and `-._~/`.
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}

impl Forms {
    /// `site_dir` absolute; `edit_token` when the server answers beyond loopback.
    pub fn new(site_dir: &Path, as_of: Option<Date>, edit_token: Option<String>) -> Forms {
        Forms {
            site_dir: site_dir.to_path_buf(),
            as_of,
            csrf: random_token(),
            edit_token,
            saving: Mutex::new(()),
        }
    }

    /// Whether `url` is one of the forms' addresses.
    pub fn serves(url: &str) -> bool {
        matches!(
            path_of(url),
            "/__tiendo"
                | PREFIX
                | CSS
                | JS
                | ENTRY_NEW
                | ENTRY_EDIT
                | ENTRY_POST
                | STATUS
                | PRACTICE_NEW
                | PRACTICE_POST
                | PRACTICE_EDIT
                | PREVIEW
                | LOGIN
                | SAVED
        )
    }

    /// Whether a request to `url` with `method` may carry a body (posted forms only).
    pub fn takes_body(method: &str, url: &str) -> bool {
        method == "POST" && matches!(path_of(url), ENTRY_POST | PRACTICE_POST | PREVIEW | LOGIN)
    }

    fn words(&self, lang: Language) -> Words {
        let map = crate::render::Theme::load(&self.site_dir)
            .ok()
            .and_then(|t| t.strings(lang).ok())
            .unwrap_or_default();
        Words { lang, map }
    }

    /// Answer a request for one of [`Forms::serves`]'s addresses. `from_us`
    /// says the request came from a page of this server (its `Origin`, else
    /// its `Referer`).
    pub fn handle(&self, req: &Request, from_us: bool) -> Response {
        let path = path_of(&req.url);
        match (req.method.as_str(), path) {
            ("GET" | "HEAD", CSS) => return asset("text/css; charset=utf-8", FORMS_CSS),
            ("GET" | "HEAD", JS) => return asset("text/javascript; charset=utf-8", FORMS_JS),
            _ => {}
        }
        let loaded = content::load(&self.site_dir);
        let Some(site) = loaded.site else {
            let lang = content::site_language(&self.site_dir).unwrap_or_default();
            return plain(
                500,
                &format!("{}\n", Msg::new("form-site-unreadable").render(lang)),
            );
        };
        let w = self.words(site.config.language);
        let authorised = match &self.edit_token {
            None => true,
            Some(tok) => cookie(req, COOKIE).is_some_and(|c| same(&c, tok)),
        };
        if req.method == "POST" {
            // A post from another site (or with no sign of where it came from)
            // changes nothing.
            if !from_us {
                return plain(
                    403,
                    &format!("{}\n", Msg::new("serve-other-origin").render(w.lang.into())),
                );
            }
            let posted = match parse_multipart(req) {
                Ok(p) => p,
                Err(m) => return plain(400, &format!("{}\n", m.render(w.lang.into()))),
            };
            if !same(posted.get("csrf"), &self.csrf) {
                return page(
                    403,
                    &w,
                    w.t("form_refused"),
                    &format!(
                        "<p>{}</p><p><a href=\"{PREFIX}\">{}</a></p>",
                        esc(w.t("form_csrf_refused")),
                        esc(w.t("form_index"))
                    ),
                );
            }
            if path == LOGIN {
                return match &self.edit_token {
                    Some(tok) if same(posted.get("token"), tok) => {
                        let mut r = redirect(PREFIX);
                        r.headers.push((
                            "Set-Cookie",
                            format!("{COOKIE}={tok}; Path=/__tiendo/; HttpOnly; SameSite=Strict"),
                        ));
                        r
                    }
                    _ => self.login_page(&w, true),
                };
            }
            if !authorised {
                return self.login_page(&w, false);
            }
            return match path {
                ENTRY_POST => self.post_entry(&site, &w, &posted),
                PRACTICE_POST => self.post_practice(&site, &w, &posted),
                PREVIEW => {
                    let html = crate::render::markdown::to_html(posted.get("body"), "/");
                    let mut r = html_response(200, html);
                    r.headers.push(csp());
                    r
                }
                _ => plain(404, "not found\n"),
            };
        }
        if !matches!(req.method.as_str(), "GET" | "HEAD") {
            return plain(405, "GET or POST only\n");
        }
        if !authorised {
            return self.login_page(&w, false);
        }
        match path {
            "/__tiendo" | PREFIX => self.index_page(&site, &w),
            ENTRY_NEW => {
                let mut f = EntryForm {
                    task: query(&req.url, "task").unwrap_or_default(),
                    locality: query(&req.url, "locality").unwrap_or_default(),
                    status: "in_progress".into(),
                    date: scaffold::today(&site).iso(),
                    ..EntryForm::default()
                };
                if let Some(t) = site.task(&f.task) {
                    f.reporter = t.lead.clone();
                }
                self.entry_page(&site, &w, &f, &Problems::default(), 200, None)
            }
            PRACTICE_NEW => {
                let f = PracticeForm {
                    kind: "practice".into(),
                    date: scaffold::today(&site).iso(),
                    ..PracticeForm::default()
                };
                self.practice_page(&site, &w, &f, &Problems::default(), 200, None)
            }
            PRACTICE_EDIT => {
                let id = query(&req.url, "id").unwrap_or_default();
                match self.practice_edit_form(&site, &id) {
                    Ok(f) => self.practice_page(&site, &w, &f, &Problems::default(), 200, None),
                    Err(why) => refused_page(&w, "form_edit_practice", &why),
                }
            }
            STATUS => {
                let f = EntryForm {
                    compact: true,
                    task: query(&req.url, "task").unwrap_or_default(),
                    locality: query(&req.url, "locality").unwrap_or_default(),
                    date: scaffold::today(&site).iso(),
                    ..EntryForm::default()
                };
                self.status_page(&site, &w, &f, &Problems::default(), 200, None)
            }
            ENTRY_EDIT => {
                let id = query(&req.url, "id").unwrap_or_default();
                match self.edit_form(&site, &id) {
                    Ok(f) => self.entry_page(&site, &w, &f, &Problems::default(), 200, None),
                    Err(why) => refused_page(&w, "form_edit_entry", &why),
                }
            }
            SAVED => {
                let file = query(&req.url, "file").unwrap_or_default();
                let at = query(&req.url, "page").unwrap_or_else(|| "/".into());
                // A path of this site only (`//host` and `/\host` lead elsewhere).
                let at = if at.starts_with('/') && !at.starts_with("//") && !at.contains('\\') {
                    at
                } else {
                    "/".into()
                };
                page(
                    200,
                    &w,
                    w.t("form_saved_title"),
                    &format!(
                        "<p role=\"status\">{} <code>{}</code>.</p><p>{}</p><ul><li><a href=\"{}\">{}</a></li><li><a href=\"{ENTRY_NEW}\">{}</a></li><li><a href=\"{PREFIX}\">{}</a></li></ul>",
                        esc(w.t("form_saved")),
                        esc(&file),
                        esc(w.t("form_saved_reload")),
                        esc(&at),
                        esc(w.t("form_see_page")),
                        esc(w.t("form_new_entry")),
                        esc(w.t("form_index")),
                    ),
                )
            }
            _ => plain(404, "not found\n"),
        }
    }

    fn login_page(&self, w: &Words, wrong: bool) -> Response {
        let mut body = String::new();
        if wrong {
            let _ = write!(
                body,
                "<p class=\"error\" role=\"alert\">{}</p>",
                esc(w.t("form_token_wrong"))
            );
        }
        let _ = write!(
            body,
            "<p>{}</p><form method=\"post\" action=\"{LOGIN}\" enctype=\"multipart/form-data\"><input type=\"hidden\" name=\"csrf\" value=\"{}\"><div class=\"field\"><label for=\"token\">{}</label><input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"off\" required></div><button type=\"submit\">{}</button></form>",
            esc(w.t("form_token_needed")),
            self.csrf,
            esc(w.t("form_token")),
            esc(w.t("form_token_submit")),
        );
        page(if wrong { 403 } else { 401 }, w, w.t("form_token"), &body)
    }

    fn index_page(&self, site: &Site, w: &Words) -> Response {
        let mut body = format!(
            "<p>{}</p><ul class=\"actions\"><li><a href=\"{ENTRY_NEW}\">{}</a></li><li><a href=\"{PRACTICE_NEW}\">{}</a></li></ul>",
            esc(w.t("form_index_intro")),
            esc(w.t("form_new_entry")),
            esc(w.t("form_new_practice"))
        );
        // Per-locality tasks first: the communes' reports are most of the work.
        let _ = write!(
            body,
            "<h2>{}</h2><ul class=\"tasks\">",
            esc(w.t("form_by_task"))
        );
        let progress = site.progress(self.as_of_for(site));
        for (t, tp) in site.tasks.iter().zip(&progress.tasks) {
            let _ = write!(
                body,
                "<li><a href=\"{STATUS}?task={id}\">{}</a> ({}) · <a href=\"{ENTRY_NEW}?task={id}\">{}</a></li>",
                esc(&t.title),
                esc(w.t(&format!("status_{}", tp.status.code()))),
                esc(w.t("form_full_entry")),
                id = enc(&t.id),
            );
        }
        body.push_str("</ul>");
        // The entries, newest first, each with its edit form.
        let mut entries: Vec<&Entry> = site.entries.iter().collect();
        entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        let _ = write!(
            body,
            "<h2>{}</h2><ul class=\"entries\">",
            esc(w.t("form_edit_entries"))
        );
        for e in entries {
            let _ = write!(
                body,
                "<li><a href=\"{ENTRY_EDIT}?id={}\">{}</a> ({})</li>",
                enc(&e.id),
                esc(&e.title),
                e.date.iso()
            );
        }
        body.push_str("</ul>");
        let _ = write!(
            body,
            "<h2>{}</h2><ul class=\"practices\">",
            esc(w.t("form_edit_practices"))
        );
        for x in &site.practices {
            let _ = write!(
                body,
                "<li><a href=\"{PRACTICE_EDIT}?id={}\">{}</a></li>",
                enc(&x.id),
                esc(&x.title)
            );
        }
        body.push_str("</ul>");
        page(200, w, w.t("form_index"), &body)
    }

    /// The entry form with `f`'s values and `p`'s problems beside the fields.
    fn entry_page(
        &self,
        site: &Site,
        w: &Words,
        f: &EntryForm,
        p: &Problems,
        status: u16,
        notice: Option<&str>,
    ) -> Response {
        if f.compact {
            return self.status_page(site, w, f, p, status, notice);
        }
        let mut h = Html::new(w, p, notice);
        h.open_form(ENTRY_POST, &self.csrf);
        if !f.id.is_empty() {
            h.hidden("id", &f.id);
            h.hidden("sum", &f.sum);
            if f.ev_keep {
                h.hidden("ev_keep", "true");
            }
        }
        let tasks: Vec<(String, String)> = site
            .tasks
            .iter()
            .map(|t| (t.id.clone(), format!("{} ({})", t.title, t.id)))
            .collect();
        h.select("task", &tasks, &f.task, true, None);
        let locs = locality_choices(site, Some(w.t("form_none")));
        h.select(
            "locality",
            &locs,
            &f.locality,
            false,
            Some("form_locality_hint"),
        );
        let agencies = agency_choices(site, w.t("form_reporter_default"));
        h.select("reporter", &agencies, &f.reporter, false, None);
        h.status_fields(f);
        h.input("title", "text", &f.title, Some("form_title_hint"));
        h.fieldset("form_evidence", Some("form_evidence_hint"));
        if f.ev_keep {
            let _ = write!(h.b, "<p>{}</p>", esc(w.t("form_evidence_kept")));
        } else {
            h.input("ev_ref", "text", &f.ev_ref, None);
            h.input("ev_date", "date", &f.ev_date, None);
            h.input("ev_url", "url", &f.ev_url, None);
        }
        h.file(
            "attachment",
            ".pdf,.png,.jpg,.jpeg,.gif,.webp,.txt,.csv,.docx,.xlsx,.doc,.xls,.odt,.ods",
            "form_attachment_hint",
        );
        h.b.push_str("</fieldset>");
        h.text_area("body", &f.body, 10, "form_body_hint", true);
        h.illustrative(f.illustrative);
        h.close_form();
        let title = if f.id.is_empty() {
            w.t("form_new_entry")
        } else {
            w.t("form_edit_entry")
        };
        page(status, w, title, &h.b)
    }

    fn post_entry(&self, site: &Site, w: &Words, posted: &Posted) -> Response {
        let f = EntryForm {
            id: clean(posted.get("id")),
            sum: clean(posted.get("sum")),
            ev_keep: posted.get("ev_keep") == "true",
            compact: posted.get("form") == "status",
            task: clean(posted.get("task")),
            locality: clean(posted.get("locality")),
            reporter: clean(posted.get("reporter")),
            status: clean(posted.get("status")),
            percent: clean(posted.get("percent")),
            date: clean(posted.get("date")),
            title: clean(posted.get("title")),
            ev_ref: clean(posted.get("ev_ref")),
            ev_date: clean(posted.get("ev_date")),
            ev_url: clean(posted.get("ev_url")),
            body: clean_text(posted.get("body")),
            illustrative: posted.get("illustrative") == "true",
        };
        let mut p = Problems::default();
        let status = match f.status.as_str() {
            "planned" => Some(EntryStatus::Planned),
            "in_progress" => Some(EntryStatus::InProgress),
            "done" => Some(EntryStatus::Done),
            "blocked" => Some(EntryStatus::Blocked),
            _ => {
                p.error("status", w.t("form_err_status"));
                None
            }
        };
        let percent = if f.percent.is_empty() {
            None
        } else {
            match f.percent.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    p.error("percent", w.t("form_err_percent_number"));
                    None
                }
            }
        };
        let date = date_field(&mut p, w, "date", &f.date);
        let ev_date = date_field(&mut p, w, "ev_date", &f.ev_date);
        if f.task.is_empty() {
            p.error("task", w.t("form_err_task_missing"));
        }
        let attachment = match upload(posted, "attachment", &mut p, w, false) {
            Upload::Refused => return self.entry_page(site, w, &f, &p, 400, None),
            Upload::Kept(file) => file,
        };
        if p.has_errors() {
            return self.entry_page(site, w, &f, &p, 422, None);
        }
        let date = date.unwrap_or_else(|| scaffold::today(site));
        let media_rel = attachment
            .as_ref()
            .map(|(name, _)| self.media_path(site, name, date));
        let req = NewProgress {
            task: f.task.clone(),
            locality: (!f.locality.is_empty()).then(|| f.locality.clone()),
            reporter: (!f.reporter.is_empty()).then(|| f.reporter.clone()),
            date: Some(date),
            status: status.unwrap_or(EntryStatus::InProgress),
            title: (!f.title.is_empty()).then(|| f.title.clone()),
        };
        let evidence = if f.ev_ref.is_empty() && f.ev_url.is_empty() && ev_date.is_none() {
            Vec::new()
        } else {
            vec![EvidenceLine {
                reference: (!f.ev_ref.is_empty()).then(|| f.ev_ref.clone()),
                date: ev_date,
                url: (!f.ev_url.is_empty()).then(|| f.ev_url.clone()),
            }]
        };
        let extra = ProgressExtras {
            percent,
            evidence,
            attachments: media_rel.iter().cloned().collect(),
            illustrative: f.illustrative,
            body: (!f.body.trim().is_empty()).then(|| f.body.clone()),
        };
        let editing = !f.id.is_empty();
        let file = if editing {
            match self.edited_file(site, &f, &req, &extra) {
                Ok(file) => file,
                Err(why) => {
                    p.error("", format!("{} {why}", w.t("form_edit_refused")));
                    return self.entry_page(site, w, &f, &p, 409, None);
                }
            }
        } else {
            match scaffold::progress_file(&self.site_dir, site, &req, &extra) {
                Ok(file) => file,
                Err(e) => {
                    let field = match &e {
                        ScaffoldError::Unknown { kind: "task", .. } => "task",
                        ScaffoldError::Unknown {
                            kind: "locality", ..
                        } => "locality",
                        ScaffoldError::Unknown { kind: "agency", .. } => "reporter",
                        ScaffoldError::Usage(_) => "locality",
                        _ => "",
                    };
                    let msg = match &e {
                        ScaffoldError::Unknown { .. } => {
                            format!("{} ({e})", w.t("form_err_unknown"))
                        }
                        ScaffoldError::Usage(_) => w.t("form_err_per_locality").to_string(),
                        _ => e.to_string(),
                    };
                    p.error(field, msg);
                    return self.entry_page(site, w, &f, &p, 422, None);
                }
            }
        };
        // The same checks as `tiendo check`, on the site with the new file in it.
        let d = self.check_candidate(site, &file.rel, &file.text, media_rel.as_deref());
        note_diagnostics(&mut p, w, &d, field_of);
        if p.has_errors() {
            return self.entry_page(site, w, &f, &p, 422, None);
        }
        if posted.get("action") != "save" {
            return self.entry_page(site, w, &f, &p, 200, Some(w.t("form_checked_ok")));
        }
        let media = media_rel.as_deref().zip(attachment.map(|(_, b)| b));
        let over = editing.then_some(f.sum.as_str());
        match self.save(media, &file, over) {
            Ok(()) => saved(&file, &crate::render::urls::paths::entry(&file.id)),
            Err((media_failed, e)) => {
                let field = if media_failed { "attachment" } else { "" };
                p.error(field, format!("{}: {e}", w.t("form_err_write")));
                self.entry_page(site, w, &f, &p, 500, None)
            }
        }
    }

    /// Where an attached file named `name` goes: `media/YEAR/name`, with a
    /// name no file has yet.
    fn media_path(&self, site: &Site, name: &str, date: Date) -> String {
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        let folder = format!("media/{:04}", date.year());
        let mut candidate = format!("{folder}/{stem}.{ext}");
        let mut n = 2;
        while site.media.contains(&candidate)
            || self.site_dir.join("content").join(&candidate).exists()
        {
            candidate = format!("{folder}/{stem}-{n}.{ext}");
            n += 1;
        }
        candidate
    }

    /// The form for a new model practice, collective or individual.
    fn practice_page(
        &self,
        site: &Site,
        w: &Words,
        f: &PracticeForm,
        p: &Problems,
        status: u16,
        notice: Option<&str>,
    ) -> Response {
        let mut h = Html::new(w, p, notice);
        h.open_form(PRACTICE_POST, &self.csrf);
        if !f.id.is_empty() {
            h.hidden("id", &f.id);
            h.hidden("sum", &f.sum);
            h.hidden("image_now", &f.image);
        }
        h.input("title", "text", &f.title, Some("form_practice_title_hint"));
        let kinds: Vec<(String, String)> = ["practice", "collective", "individual"]
            .iter()
            .map(|k| (k.to_string(), w.t(&format!("form_kind_{k}")).to_string()))
            .collect();
        h.select("kind", &kinds, &f.kind, true, Some("form_kind_hint"));
        let agencies = agency_choices(site, w.t("form_agency_default"));
        h.select("agency", &agencies, &f.agency, false, None);
        let locs = locality_choices(site, Some(w.t("form_none")));
        h.select("locality", &locs, &f.locality, false, None);
        // Several tasks: a plain multiple choice (the search box is for one).
        h.field_open("tasks", Some("form_tasks_hint"));
        let _ = write!(
            h.b,
            "<select id=\"tasks\" name=\"tasks\" multiple size=\"{}\"{}>",
            site.tasks.len().clamp(2, 8),
            described(p, "tasks", true)
        );
        for t in &site.tasks {
            let _ = write!(
                h.b,
                "<option value=\"{}\"{}>{} ({})</option>",
                esc(&t.id),
                if f.tasks.contains(&t.id) {
                    " selected"
                } else {
                    ""
                },
                esc(&t.title),
                esc(&t.id)
            );
        }
        h.b.push_str("</select></div>");
        h.input("date", "date", &f.date, Some("form_date_hint"));
        h.input("summary", "text", &f.summary, Some("form_summary_hint"));
        h.fieldset("form_image", None);
        h.file("image", ".png,.jpg,.jpeg,.gif,.webp", "form_image_hint");
        h.input(
            "image_alt",
            "text",
            &f.image_alt,
            Some("form_image_alt_hint"),
        );
        h.b.push_str("</fieldset>");
        h.text_area("body", &f.body, 10, "form_body_hint", true);
        h.illustrative(f.illustrative);
        h.close_form();
        let title = if f.id.is_empty() {
            w.t("form_new_practice")
        } else {
            w.t("form_edit_practice")
        };
        page(status, w, title, &h.b)
    }

    fn post_practice(&self, site: &Site, w: &Words, posted: &Posted) -> Response {
        let f = PracticeForm {
            id: clean(posted.get("id")),
            sum: clean(posted.get("sum")),
            image: clean(posted.get("image_now")),
            title: clean(posted.get("title")),
            kind: clean(posted.get("kind")),
            agency: clean(posted.get("agency")),
            locality: clean(posted.get("locality")),
            tasks: posted
                .all("tasks")
                .iter()
                .map(|t| clean(t))
                .filter(|t| !t.is_empty())
                .collect(),
            date: clean(posted.get("date")),
            summary: clean(posted.get("summary")),
            image_alt: clean(posted.get("image_alt")),
            body: clean_text(posted.get("body")),
            illustrative: posted.get("illustrative") == "true",
        };
        let mut p = Problems::default();
        if f.title.is_empty() {
            p.error("title", w.t("form_err_title_missing"));
        }
        let kind = match f.kind.as_str() {
            "practice" => Some(PracticeKind::Practice),
            "collective" => Some(PracticeKind::Collective),
            "individual" => Some(PracticeKind::Individual),
            _ => {
                p.error("kind", w.t("form_err_kind"));
                None
            }
        };
        let date = date_field(&mut p, w, "date", &f.date);
        let image = match upload(posted, "image", &mut p, w, true) {
            Upload::Refused => return self.practice_page(site, w, &f, &p, 400, None),
            Upload::Kept(file) => file,
        };
        if p.has_errors() {
            return self.practice_page(site, w, &f, &p, 422, None);
        }
        let date = date.unwrap_or_else(|| scaffold::today(site));
        let media_rel = image
            .as_ref()
            .map(|(name, _)| self.media_path(site, name, date));
        let req = NewPractice {
            title: Some(f.title.clone()),
            kind: kind.unwrap_or(PracticeKind::Practice),
            agency: (!f.agency.is_empty()).then(|| f.agency.clone()),
            locality: (!f.locality.is_empty()).then(|| f.locality.clone()),
            tasks: f.tasks.clone(),
            date: Some(date),
        };
        let extra = PracticeExtras {
            summary: (!f.summary.is_empty()).then(|| f.summary.clone()),
            image: media_rel.clone().map(|m| (m, f.image_alt.clone())),
            illustrative: f.illustrative,
            body: (!f.body.trim().is_empty()).then(|| f.body.clone()),
        };
        let editing = !f.id.is_empty();
        let made = if editing {
            self.edited_practice(site, &f, &req, &extra).map_err(|why| {
                p.error("", format!("{} {why}", w.t("form_edit_refused")));
                409
            })
        } else {
            scaffold::practice_file(&self.site_dir, site, &req, &extra).map_err(|e| {
                let field = match &e {
                    ScaffoldError::Unknown { kind: "task", .. } => "tasks",
                    ScaffoldError::Unknown {
                        kind: "locality", ..
                    } => "locality",
                    ScaffoldError::Unknown { kind: "agency", .. } => "agency",
                    _ => "",
                };
                p.error(field, format!("{} ({e})", w.t("form_err_unknown")));
                422
            })
        };
        let file = match made {
            Ok(file) => file,
            Err(status) => return self.practice_page(site, w, &f, &p, status, None),
        };
        // The same checks as `tiendo check`, on the site with the new file in it.
        let mut d = Diagnostics::default();
        match parse_practice(&file.rel, &file.text) {
            Err(x) => d.push(x),
            Ok(practice) => {
                let mut site = site.clone();
                site.practices.retain(|x| x.origin.file != file.rel);
                site.practices.push(practice);
                if let Some(m) = &media_rel {
                    site.media.insert(m.clone());
                }
                d.extend(self.validated(site, &file.rel).items);
            }
        }
        note_diagnostics(&mut p, w, &d, practice_field_of);
        if p.has_errors() {
            return self.practice_page(site, w, &f, &p, 422, None);
        }
        if posted.get("action") != "save" {
            return self.practice_page(site, w, &f, &p, 200, Some(w.t("form_checked_ok")));
        }
        let media = media_rel.as_deref().zip(image.map(|(_, b)| b));
        let over = editing.then_some(f.sum.as_str());
        match self.save(media, &file, over) {
            Ok(()) => saved(&file, &crate::render::urls::paths::practice(&file.id)),
            Err((media_failed, e)) => {
                let field = if media_failed { "image" } else { "" };
                p.error(field, format!("{}: {e}", w.t("form_err_write")));
                self.practice_page(site, w, &f, &p, 500, None)
            }
        }
    }

    /// Write the attached file `media` (its path under `content/` and bytes),
    /// then `file`: a new file, or over the one the form showed (`over`, its
    /// fingerprint). One save at a time; the attachment is removed again when
    /// the file cannot be written. `Err` says whether the attachment failed.
    fn save(
        &self,
        media: Option<(&str, &[u8])>,
        file: &scaffold::NewFile,
        over: Option<&str>,
    ) -> Result<(), (bool, std::io::Error)> {
        let _one = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((rel, bytes)) = media {
            self.write_new(&Path::new("content").join(rel), bytes)
                .map_err(|e| (true, e))?;
        }
        let written = match over {
            Some(sum) => self.write_over(&file.rel, file.text.as_bytes(), sum),
            None => self.write_new(&file.rel, file.text.as_bytes()),
        };
        if written.is_err() {
            if let Some((rel, _)) = media {
                let _ = std::fs::remove_file(self.site_dir.join("content").join(rel));
            }
        }
        written.map_err(|e| (false, e))
    }

    /// The checks `tiendo check` runs (`pipeline::check_site`), on `site` as
    /// it is given; what they say about `rel`.
    fn validated(&self, mut site: Site, rel: &Path) -> Diagnostics {
        site.build_index();
        let as_of = self.as_of_for(&site);
        let mut all = Diagnostics::default();
        crate::pipeline::check_site(&self.site_dir, &site, as_of, &mut all);
        Diagnostics {
            items: all.items.into_iter().filter(|x| x.file == rel).collect(),
        }
    }

    /// The date statuses are computed for: `--as-of`, site.yaml's `as_of`, today.
    fn as_of_for(&self, site: &Site) -> Date {
        self.as_of
            .or(site.config.as_of)
            .unwrap_or_else(|| scaffold::today(site))
    }

    /// The short form that reports a task's (or one commune's) status: its
    /// status now, and a new entry with the new one.
    fn status_page(
        &self,
        site: &Site,
        w: &Words,
        f: &EntryForm,
        p: &Problems,
        status: u16,
        notice: Option<&str>,
    ) -> Response {
        let Some(task) = site.task(&f.task) else {
            return self.index_page(site, w);
        };
        let progress = site.progress(self.as_of_for(site));
        let ti = site.index.task.get(&task.id).copied().unwrap_or(0);
        let li = site.index.locality.get(&f.locality).copied();
        let now = match (task.per_locality, li) {
            (true, Some(li)) => progress.per_locality.get(ti).and_then(|c| c.get(li)),
            _ => progress.tasks.get(ti),
        };
        let mut h = Html::new(w, p, notice);
        let _ = write!(h.b, "<p class=\"task\">{}</p>", esc(&task.title));
        if let Some(now) = now {
            let _ = write!(
                h.b,
                "<p>{}: <strong>{}</strong>",
                esc(w.t("form_status_now")),
                esc(w.t(&format!("status_{}", now.status.code())))
            );
            if let Some(d) = now.last_report {
                let _ = write!(
                    h.b,
                    "; {} {}",
                    esc(w.t("form_last_report")),
                    esc(&human_date(d, w.lang))
                );
            }
            if let Some(pc) = now.percent {
                let _ = write!(h.b, "; {pc}%");
            }
            h.b.push_str("</p>");
        }
        h.open_form(ENTRY_POST, &self.csrf);
        h.hidden("form", "status");
        h.hidden("task", &task.id);
        if task.per_locality {
            let locs = locality_choices(site, None);
            h.select("locality", &locs, &f.locality, true, None);
        }
        h.status_fields(f);
        h.input("ev_ref", "text", &f.ev_ref, Some("form_evidence_hint"));
        h.input("ev_date", "date", &f.ev_date, None);
        h.text_area("body", &f.body, 4, "form_note_hint", false);
        h.close_form();
        let _ = write!(
            h.b,
            "<p><a href=\"{ENTRY_NEW}?task={}\">{}</a></p>",
            enc(&task.id),
            esc(w.t("form_full_entry"))
        );
        page(status, w, w.t("form_status_update"), &h.b)
    }

    /// The form for editing entry `id`, filled in from its file; `Err` says
    /// why the form cannot edit it.
    fn edit_form(&self, site: &Site, id: &str) -> Result<EntryForm, String> {
        let (e, text) = self.editable(site, id)?;
        let ev_keep = e.evidence.len() > 1
            || e.evidence
                .iter()
                .any(|x| x.title.is_some() || x.issuer.is_some() || x.file.is_some());
        let ev = e.evidence.first().filter(|_| !ev_keep);
        Ok(EntryForm {
            id: e.id.clone(),
            sum: fingerprint(&text),
            ev_keep,
            compact: false,
            task: e.task.clone().unwrap_or_default(),
            locality: e.locality.clone().unwrap_or_default(),
            reporter: e.reporter.clone(),
            status: scaffold::entry_status_code(e.status).to_string(),
            percent: e.percent.map(|p| p.to_string()).unwrap_or_default(),
            date: e.date.iso(),
            title: e.title.clone(),
            ev_ref: ev.and_then(|x| x.reference.clone()).unwrap_or_default(),
            ev_date: ev.and_then(|x| x.date).map(|d| d.iso()).unwrap_or_default(),
            ev_url: ev.and_then(|x| x.url.clone()).unwrap_or_default(),
            body: e.body.trim().to_string(),
            illustrative: e.illustrative,
        })
    }

    /// The form for editing practice `id`, filled in from its file.
    fn practice_edit_form(&self, site: &Site, id: &str) -> Result<PracticeForm, String> {
        let (x, text) = self.editable_practice(site, id)?;
        Ok(PracticeForm {
            id: x.id.clone(),
            sum: fingerprint(&text),
            image: x.image.clone().unwrap_or_default(),
            title: x.title.clone(),
            kind: practice_kind_code(x.kind).into(),
            agency: x.agency.clone(),
            locality: x.locality.clone().unwrap_or_default(),
            tasks: x.tasks.clone(),
            date: x.date.iso(),
            summary: x.summary.clone().unwrap_or_default(),
            image_alt: x.image_alt.clone().unwrap_or_default(),
            body: x.body.trim().to_string(),
            illustrative: x.illustrative,
        })
    }

    /// Practice `id` and its file's text (a file under `content/`).
    fn editable_practice<'s>(
        &self,
        site: &'s Site,
        id: &str,
    ) -> Result<(&'s Practice, String), String> {
        let x = site
            .practices
            .iter()
            .find(|x| x.id == id)
            .ok_or_else(|| no_such_id(site, Msg::new("kind-practice"), id))?;
        let file = crate::diagnostics::display_path(&x.origin.file);
        let abs = self
            .inside_content(&x.origin.file)
            .map_err(|e| format!("`{file}`: {e}."))?;
        let text = std::fs::read_to_string(&abs).map_err(|e| format!("`{file}`: {e}."))?;
        Ok((x, text))
    }

    /// The edited practice's file: only the values that changed rewritten.
    fn edited_practice(
        &self,
        site: &Site,
        f: &PracticeForm,
        req: &NewPractice,
        extra: &PracticeExtras,
    ) -> Result<scaffold::NewFile, String> {
        let (x, text) = self.editable_practice(site, &f.id)?;
        let file = crate::diagnostics::display_path(&x.origin.file);
        if fingerprint(&text) != f.sum {
            return Err(Msg::new("form-changed-since")
                .arg("file", &file)
                .render(site.config.language.into()));
        }
        let mut changes: Vec<(&'static str, Option<String>)> = Vec::new();
        let mut change = |key: &'static str, old: Option<String>, new: Option<String>| {
            if old != new {
                changes.push((key, new));
            }
        };
        let quote = |v: &Option<String>| v.as_deref().map(scaffold::quoted);
        change(
            "title",
            Some(scaffold::quoted(&x.title)),
            req.title.as_deref().map(scaffold::quoted),
        );
        change("date", Some(x.date.iso()), req.date.map(|d| d.iso()));
        change(
            "kind",
            Some(practice_kind_code(x.kind).into()),
            Some(practice_kind_code(req.kind).into()),
        );
        change(
            "agency",
            Some(x.agency.clone()),
            Some(req.agency.clone().unwrap_or_else(|| x.agency.clone())),
        );
        change("locality", x.locality.clone(), req.locality.clone());
        let list = |t: &[String]| (!t.is_empty()).then(|| format!("[{}]", t.join(", ")));
        change("tasks", list(&x.tasks), list(&req.tasks));
        change("summary", quote(&x.summary), quote(&extra.summary));
        // A new image replaces the old one; without, the description may change.
        let (image, alt) = match &extra.image {
            Some((img, alt)) => (Some(img.clone()), Some(alt.clone())),
            None => (
                x.image.clone(),
                (!f.image_alt.is_empty()).then(|| f.image_alt.clone()),
            ),
        };
        change("image", x.image.clone(), image);
        change("image_alt", quote(&x.image_alt), quote(&alt));
        change(
            "illustrative",
            x.illustrative.then(|| "true".into()),
            extra.illustrative.then(|| "true".into()),
        );
        let c = super::inplace::Changes {
            scalars: changes,
            body: {
                let body = extra.body.clone().unwrap_or_default();
                (body.trim() != x.body.trim()).then_some(body)
            },
            ..super::inplace::Changes::default()
        };
        let text =
            super::inplace::edit(&text, super::inplace::PRACTICE_ORDER, &c).map_err(|r| {
                Msg::new("form-cannot-edit-in-place")
                    .arg("file", &file)
                    .arg("why", r.0)
                    .render(site.config.language.into())
            })?;
        Ok(scaffold::NewFile {
            id: x.id.clone(),
            rel: x.origin.file.clone(),
            text,
        })
    }

    /// Entry `id` and its file's text, when the form can edit it: a Markdown
    /// file of its own under `content/`, about one task.
    fn editable<'s>(&self, site: &'s Site, id: &str) -> Result<(&'s Entry, String), String> {
        let e = site
            .entries
            .iter()
            .find(|e| e.id == id)
            .ok_or_else(|| no_such_id(site, Msg::new("kind-entry"), id))?;
        let file = crate::diagnostics::display_path(&e.origin.file);
        if e.origin.item.is_some() || e.origin.file.extension().is_none_or(|x| x != "md") {
            return Err(Msg::new("form-batch-file")
                .arg("file", &file)
                .render(site.config.language.into()));
        }
        if !e.tasks.is_empty() {
            return Err(Msg::new("form-several-tasks")
                .arg("file", &file)
                .render(site.config.language.into()));
        }
        let abs = self
            .inside_content(&e.origin.file)
            .map_err(|x| format!("`{file}`: {x}."))?;
        let text = std::fs::read_to_string(&abs).map_err(|x| format!("`{file}`: {x}."))?;
        Ok((e, text))
    }

    /// The edited entry's file: only the values that changed rewritten, in
    /// place ([`super::inplace`]).
    fn edited_file(
        &self,
        site: &Site,
        f: &EntryForm,
        req: &NewProgress,
        extra: &ProgressExtras,
    ) -> Result<scaffold::NewFile, String> {
        let (e, text) = self.editable(site, &f.id)?;
        if fingerprint(&text) != f.sum {
            return Err(Msg::new("form-changed-since")
                .arg("file", crate::diagnostics::display_path(&e.origin.file))
                .render(site.config.language.into()));
        }
        let mut c = super::inplace::Changes::default();
        let title = req.title.clone().unwrap_or_else(|| e.title.clone());
        // The new values as YAML text, written as `tiendo new` writes them.
        let mut changes = Vec::new();
        if title != e.title {
            changes.push(("title", Some(scaffold::quoted(&title))));
        }
        let date = req.date.unwrap_or(e.date);
        if date != e.date {
            changes.push(("date", Some(date.iso())));
        }
        if e.task.as_deref() != Some(req.task.as_str()) {
            changes.push(("task", Some(req.task.clone())));
        }
        let reporter = req.reporter.clone().unwrap_or_else(|| e.reporter.clone());
        if reporter != e.reporter {
            changes.push(("reporter", Some(reporter)));
        }
        if req.locality != e.locality {
            changes.push(("locality", req.locality.clone()));
        }
        if req.status != e.status {
            changes.push((
                "status",
                Some(scaffold::entry_status_code(req.status).to_string()),
            ));
        }
        if extra.percent != e.percent {
            changes.push(("percent", extra.percent.map(|p| p.to_string())));
        }
        if extra.illustrative != e.illustrative {
            changes.push(("illustrative", extra.illustrative.then(|| "true".into())));
        }
        c.scalars = changes;
        if !f.ev_keep {
            let old = e.evidence.first();
            let new = extra.evidence.first();
            let differs = match (old, new) {
                (None, None) => false,
                (Some(o), Some(n)) => {
                    e.evidence.len() != 1
                        || o.reference != n.reference
                        || o.date != n.date
                        || o.url != n.url
                }
                _ => true,
            };
            if differs {
                c.evidence = Some(extra.evidence.iter().map(scaffold::evidence_flow).collect());
            }
        }
        c.attach = extra.attachments.first().cloned();
        let body = extra.body.clone().unwrap_or_default();
        if body.trim() != e.body.trim() {
            c.body = Some(body);
        }
        let text = super::inplace::edit(&text, super::inplace::ORDER, &c).map_err(|r| {
            Msg::new("form-cannot-edit-in-place")
                .arg("file", crate::diagnostics::display_path(&e.origin.file))
                .arg("why", r.0)
                .render(site.config.language.into())
        })?;
        Ok(scaffold::NewFile {
            id: e.id.clone(),
            rel: e.origin.file.clone(),
            text,
        })
    }

    /// Replace the file `rel` (under `content/`) by `bytes`, when it still is
    /// as the form showed it (`sum`): a temporary file in the same folder,
    /// then a rename over it.
    fn write_over(&self, rel: &Path, bytes: &[u8], sum: &str) -> std::io::Result<()> {
        let abs = self.inside_content(rel)?;
        if fingerprint(&std::fs::read_to_string(&abs)?) != sum {
            return Err(std::io::Error::other(
                "the file was changed since the form was opened",
            ));
        }
        write_via_temp(&abs, bytes)
    }

    /// What `tiendo check` says about `rel` once it holds `text` (and the media
    /// file `media`, about to be written, exists).
    fn check_candidate(
        &self,
        site: &Site,
        rel: &Path,
        text: &str,
        media: Option<&str>,
    ) -> Diagnostics {
        let mut d = Diagnostics::default();
        let entry = match parse_entry(rel, text) {
            Ok(e) => e,
            Err(x) => {
                d.push(x);
                return d;
            }
        };
        let mut site = site.clone();
        site.entries.retain(|e| e.origin.file != rel);
        site.entries.push(entry);
        if let Some(m) = media {
            site.media.insert(m.to_string());
        }
        d.extend(self.validated(site, rel).items);
        d
    }

    /// Write `bytes` to `rel` (under `content/`), which must not exist yet:
    /// a temporary file in the same folder first, then a rename.
    fn write_new(&self, rel: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let abs = self.inside_content(rel)?;
        let dir = abs.parent().ok_or_else(|| bad("no folder"))?;
        std::fs::create_dir_all(dir)?;
        // Created folders are checked again: none may be a link out of content/.
        self.inside_content(rel)?;
        if std::fs::symlink_metadata(&abs).is_ok() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} exists already", abs.display()),
            ));
        }
        write_via_temp(&abs, bytes)
    }

    /// `rel` (relative to the site folder) made absolute, when it lies under
    /// `content/` with no `..`, no absolute part and no link on its way.
    fn inside_content(&self, rel: &Path) -> std::io::Result<PathBuf> {
        let mut comps = rel.components();
        if comps.next() != Some(Component::Normal("content".as_ref()))
            || !comps.all(|c| matches!(c, Component::Normal(_)))
        {
            return Err(bad("not a path under content/"));
        }
        let content = self.site_dir.join("content");
        let mut at = self.site_dir.clone();
        for c in rel.components() {
            at.push(c);
            if let Ok(m) = std::fs::symlink_metadata(&at) {
                if m.file_type().is_symlink() {
                    return Err(bad(
                        "a link is on the way; tiendo writes only real folders under content/",
                    ));
                }
            }
        }
        debug_assert!(at.starts_with(&content));
        Ok(at)
    }
}

/// The link to the forms that every page of the preview carries (never a
/// built site), in the site's language (read from `content/site.yaml`).
pub fn link_snippet(site_dir: &Path) -> String {
    let lang = std::fs::read_to_string(site_dir.join("content/site.yaml"))
        .ok()
        .and_then(|t| serde_yaml::from_str::<serde_yaml::Value>(&t).ok())
        .and_then(|v| v.get("language")?.as_str().map(str::to_string));
    let lang = if lang.as_deref() == Some("en") {
        Language::En
    } else {
        Language::Vi
    };
    let words = crate::render::Theme::load(site_dir)
        .ok()
        .and_then(|t| t.strings(lang).ok())
        .and_then(|m| m.get("form_link").cloned())
        .unwrap_or_else(|| "tiendo serve: forms".into());
    format!(
        "<p class=\"tiendo-edit\"><a href=\"{PREFIX}\">{}</a></p>\n",
        esc(&words)
    )
}

/// The summary of a form's errors (each a link to its field), or `notice`.
fn problems_summary(b: &mut String, w: &Words, p: &Problems, notice: Option<&str>) {
    if p.has_errors() {
        let _ = write!(
            b,
            "<div class=\"summary\" role=\"alert\" tabindex=\"-1\" id=\"problems\"><h2>{}</h2><ul>",
            esc(w.t("form_has_errors"))
        );
        for (field, msgs) in &p.errors {
            for m in msgs {
                let target = if field.is_empty() { "problems" } else { field };
                let _ = write!(b, "<li><a href=\"#{}\">{}</a></li>", esc(target), esc(m));
            }
        }
        b.push_str("</ul></div>");
    } else if let Some(n) = notice {
        let _ = write!(b, "<p class=\"ok\" role=\"status\">{}</p>", esc(n));
    }
}

/// A date as readers write it: `ngày 07/3/2026` (Vietnamese), `7/3/2026`.
fn human_date(d: Date, lang: Language) -> String {
    match lang {
        Language::Vi => format!("ngày {:02}/{}/{}", d.day(), d.month(), d.year()),
        _ => format!("{}/{}/{}", d.day(), d.month(), d.year()),
    }
}

/// An attached file, checked.
enum Upload<'a> {
    /// None, or one with a plain name, a kind the portal publishes, not too
    /// big (or a problem noted for its field).
    Kept(Option<(String, &'a [u8])>),
    /// Its name holds a path: the whole request is refused.
    Refused,
}

/// The file posted in `field`: a plain name (no folder, `..`, absolute path),
/// at most [`ATTACHMENT_LIMIT`] bytes, of an inert kind by its first bytes
/// (an image when `image`).
fn upload<'a>(
    posted: &'a Posted,
    field: &str,
    p: &mut Problems,
    w: &Words,
    image: bool,
) -> Upload<'a> {
    let Some((name, bytes)) = &posted.file else {
        return Upload::Kept(None);
    };
    let Ok(clean_name) = attachment_name(name) else {
        p.error(field, w.t("form_err_attachment_name"));
        return Upload::Refused;
    };
    use crate::model::safe::{media_kind, MediaKind, SNIFF_LEN};
    if bytes.len() > ATTACHMENT_LIMIT {
        p.error(field, w.t("form_err_attachment_size"));
        return Upload::Kept(None);
    }
    match media_kind(&clean_name, &bytes[..bytes.len().min(SNIFF_LEN)]) {
        Err(what) => p.error(
            field,
            format!(
                "{} ({})",
                w.t("form_err_attachment_kind"),
                what.render(w.lang.into())
            ),
        ),
        Ok(MediaKind::Png | MediaKind::Jpeg | MediaKind::Gif | MediaKind::WebP) if image => {
            return Upload::Kept(Some((clean_name, bytes)))
        }
        Ok(_) if image => p.error(field, w.t("form_err_image_kind")),
        Ok(_) => return Upload::Kept(Some((clean_name, bytes))),
    }
    Upload::Kept(None)
}

/// A practice's kind as its files write it.
fn practice_kind_code(k: PracticeKind) -> &'static str {
    match k {
        PracticeKind::Practice => "practice",
        PracticeKind::Collective => "collective",
        PracticeKind::Individual => "individual",
    }
}

/// The date typed in `field` (empty: none); a problem beside it when it is
/// not a date.
fn date_field(p: &mut Problems, w: &Words, field: &str, value: &str) -> Option<Date> {
    if value.is_empty() {
        return None;
    }
    Date::parse(value)
        .map_err(|_| p.error(field, w.t("form_err_date")))
        .ok()
}

/// "No <kind> has the id `id`", in the site's language.
fn no_such_id(site: &Site, kind: Msg, id: &str) -> String {
    Msg::new("form-no-such-id")
        .arg("kind", kind)
        .arg("id", id)
        .render(site.config.language.into())
}

/// The page saying why an item cannot be edited with the form.
fn refused_page(w: &Words, title: &str, why: &str) -> Response {
    page(
        409,
        w,
        w.t(title),
        &format!(
            "<p role=\"alert\">{} {}</p><p><a href=\"{PREFIX}\">{}</a></p>",
            esc(w.t("form_edit_refused")),
            esc(why),
            esc(w.t("form_index"))
        ),
    )
}

/// The answer to a saved form: to the page that says so, with a link to
/// `page` (the new or edited item's address).
fn saved(file: &scaffold::NewFile, page: &str) -> Response {
    redirect(&format!(
        "{SAVED}?file={}&page={}",
        enc(&crate::diagnostics::display_path(&file.rel)),
        enc(&format!("/{page}"))
    ))
}

/// Write `bytes` to `abs` atomically: a temporary file in the same folder
/// (a hidden name: the watcher and the loader skip it), then a rename.
fn write_via_temp(abs: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = abs.parent().ok_or_else(|| bad("no folder"))?;
    let name = abs
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| bad("no file name"))?;
    let tmp = dir.join(format!(".{name}.tiendo-tmp"));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, abs)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A fingerprint of a file's text (SipHash with fixed keys).
fn fingerprint(text: &str) -> String {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new();
    h.write(text.as_bytes());
    format!("{:016x}", h.finish())
}

fn bad(m: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, m.to_string())
}

/// A progress file's text read as the content stage reads it.
#[allow(clippy::result_large_err)]
fn parse_entry(rel: &Path, text: &str) -> Result<Entry, Diagnostic> {
    let (mut e, body): (Entry, String) = parse_md(rel, text, Msg::new("kind-entry"))?;
    e.body = body;
    if e.id.is_empty() {
        e.id = stem(rel);
    }
    e.origin = Origin {
        file: rel.to_path_buf(),
        item: None,
    };
    Ok(e)
}

/// Put each of `d`'s problems beside its field (`field_of` tells which): a
/// sentence about the field, then the check's own words and what to do, all
/// in the site's language.
fn note_diagnostics(
    p: &mut Problems,
    w: &Words,
    d: &Diagnostics,
    field_of: fn(&Diagnostic) -> &'static str,
) {
    for x in &d.items {
        let field = field_of(x);
        let lang = w.lang.into();
        let mut detail = x.text(lang);
        if let Some(h) = &x.help {
            let _ = write!(detail, "; {}", h.render(lang));
        }
        let lead = match (x.severity, field) {
            (Severity::Error, "") => w.t("form_check_error").to_string(),
            (Severity::Warning, "") => w.t("form_check_warning").to_string(),
            (Severity::Error, f) => w
                .t_or(&format!("form_check_{f}"), "form_check_error")
                .to_string(),
            (Severity::Warning, f) => w
                .t_or(&format!("form_check_{f}_warning"), "form_check_warning")
                .to_string(),
        };
        let msg = format!("{lead} ({}: {detail})", w.t("form_check_says"));
        match x.severity {
            Severity::Error => p.error(field, msg),
            Severity::Warning => p.warning(field, msg),
        }
    }
}

/// The practice form's field a diagnostic is about.
fn practice_field_of(d: &Diagnostic) -> &'static str {
    match &d.at {
        At::Body { .. } => "body",
        At::Value { path, .. } => match path.first() {
            Some(Seg::Key(k)) => match k.as_str() {
                "title" => "title",
                "kind" => "kind",
                "agency" => "agency",
                "locality" => "locality",
                "tasks" => "tasks",
                "date" => "date",
                "summary" => "summary",
                // The check finds a missing description at the image.
                "image" if d.message.id() == "image-without-alt" => "image_alt",
                "image" => "image",
                "image_alt" => "image_alt",
                _ => "",
            },
            _ => "",
        },
        _ => "",
    }
}

/// A practice file's text read as the content stage reads it.
#[allow(clippy::result_large_err)]
fn parse_practice(rel: &Path, text: &str) -> Result<Practice, Diagnostic> {
    let (mut x, body): (Practice, String) = parse_md(rel, text, Msg::new("kind-practice"))?;
    x.body = body;
    if x.id.is_empty() {
        x.id = stem(rel);
    }
    x.origin = Origin {
        file: rel.to_path_buf(),
        item: None,
    };
    Ok(x)
}

/// A Markdown content file's front matter as a `T`, and its text after it.
#[allow(clippy::result_large_err)]
fn parse_md<T: serde::de::DeserializeOwned>(
    rel: &Path,
    text: &str,
    what: Msg,
) -> Result<(T, String), Diagnostic> {
    let fm = content::split_front_matter(text).map_err(|m| Diagnostic::error(rel, At::File, m))?;
    let value = content::parse_yaml(fm.yaml, rel, 1)?;
    Ok((content::typed(value, rel, None, what)?, fm.body.to_string()))
}

fn stem(rel: &Path) -> String {
    rel.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

/// The form field a diagnostic is about.
fn field_of(d: &Diagnostic) -> &'static str {
    match &d.at {
        At::Body { .. } => "body",
        At::Value { path, .. } => match path.first() {
            Some(Seg::Key(k)) => match k.as_str() {
                "task" | "tasks" => "task",
                "locality" => "locality",
                "reporter" => "reporter",
                "status" => "status",
                "percent" => "percent",
                "date" => "date",
                "title" => "title",
                "attachments" => "attachment",
                "evidence" => match path.get(2) {
                    Some(Seg::Key(k)) if k == "date" => "ev_date",
                    Some(Seg::Key(k)) if k == "url" => "ev_url",
                    _ => "ev_ref",
                },
                "illustrative" => "illustrative",
                _ => "",
            },
            _ => "",
        },
        _ => "",
    }
}

/// An attached file's name made into one for `content/media/`: a plain name
/// (no folder, no `..`, not absolute), lower case ASCII with hyphens.
fn attachment_name(name: &str) -> Result<String, ()> {
    let name = name.trim();
    if name.is_empty()
        || name.contains(['/', '\\', '\0'])
        || name.contains("..")
        || name.starts_with('.')
        || Path::new(name).is_absolute()
        || name.chars().nth(1) == Some(':')
    {
        return Err(());
    }
    let (stem, ext) = name.rsplit_once('.').ok_or(())?;
    let stem: String = slug::slugify(stem).chars().take(80).collect();
    let ext = ext.to_ascii_lowercase();
    if stem.is_empty() || ext.is_empty() || !ext.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(());
    }
    Ok(format!("{}.{ext}", stem.trim_end_matches('-')))
}

/// A one-line value as typed: NFC, no control characters, trimmed.
fn clean(s: &str) -> String {
    s.nfc()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string()
}

/// A text's lines as typed: NFC, `\n` line ends, no other control characters.
fn clean_text(s: &str) -> String {
    s.replace("\r\n", "\n")
        .nfc()
        .filter(|c| *c == '\n' || !c.is_control())
        .collect()
}

fn cookie(req: &Request, name: &str) -> Option<String> {
    req.headers
        .iter()
        .filter(|(n, _)| n == "cookie")
        .flat_map(|(_, v)| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

/// The fields of a `multipart/form-data` body (multer parses it).
fn parse_multipart(req: &Request) -> Result<Posted, Msg> {
    let ctype = req
        .headers
        .iter()
        .find(|(n, _)| n == "content-type")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let boundary = multer::parse_boundary(ctype).map_err(|_| Msg::new("form-not-multipart"))?;
    let body = bytes::Bytes::copy_from_slice(&req.body);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| Msg::new("form-unreadable").arg("why", e.to_string()))?;
    rt.block_on(async move {
        let stream = futures_util::stream::once(async move {
            Ok::<bytes::Bytes, std::convert::Infallible>(body)
        });
        let constraints = multer::Constraints::new().size_limit(
            multer::SizeLimit::new()
                .whole_stream(BODY_LIMIT as u64)
                .per_field(ATTACHMENT_LIMIT as u64 + 1),
        );
        let mut mp = multer::Multipart::with_constraints(stream, boundary, constraints);
        let mut posted = Posted::default();
        while let Some(field) = mp
            .next_field()
            .await
            .map_err(|e| Msg::new("form-unreadable").arg("why", e.to_string()))?
        {
            let name = field.name().unwrap_or("").to_string();
            let file_name = field.file_name().map(str::to_string);
            let data = field
                .bytes()
                .await
                .map_err(|e| Msg::new("form-unreadable").arg("why", e.to_string()))?;
            match file_name {
                // A file input left empty sends a part with an empty name.
                Some(f)
                    if (name == "attachment" || name == "image")
                        && !(f.is_empty() && data.is_empty()) =>
                {
                    posted.file = Some((f, data.to_vec()));
                }
                Some(_) => {}
                None => {
                    let text = String::from_utf8(data.to_vec())
                        .map_err(|_| Msg::new("form-field-not-utf8").arg("field", &name))?;
                    posted.fields.entry(name).or_default().push(text);
                }
            }
        }
        Ok(posted)
    })
}

fn described(p: &Problems, field: &str, has_hint: bool) -> String {
    let mut ids = Vec::new();
    if has_hint {
        ids.push(format!("{field}-hint"));
    }
    if p.errors.contains_key(field) || p.warnings.contains_key(field) {
        ids.push(format!("{field}-problem"));
    }
    let invalid = if p.errors.contains_key(field) {
        " aria-invalid=\"true\""
    } else {
        ""
    };
    if ids.is_empty() {
        return invalid.to_string();
    }
    format!(" aria-describedby=\"{}\"{invalid}", ids.join(" "))
}

/// A form page being written: its HTML, the UI words, the problems to show
/// beside the fields.
struct Html<'a> {
    b: String,
    w: &'a Words,
    p: &'a Problems,
}

impl<'a> Html<'a> {
    /// Starts with the summary of the problems (or `notice`).
    fn new(w: &'a Words, p: &'a Problems, notice: Option<&str>) -> Html<'a> {
        let mut b = String::new();
        problems_summary(&mut b, w, p, notice);
        Html { b, w, p }
    }

    fn open_form(&mut self, action: &str, csrf: &str) {
        let _ = write!(
            self.b,
            "<form method=\"post\" action=\"{action}\" enctype=\"multipart/form-data\" novalidate>"
        );
        self.hidden("csrf", csrf);
    }

    fn hidden(&mut self, name: &str, value: &str) {
        let _ = write!(
            self.b,
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">",
            esc(value)
        );
    }

    fn fieldset(&mut self, legend: &str, hint: Option<&str>) {
        let _ = write!(
            self.b,
            "<fieldset><legend>{}</legend>",
            esc(self.w.t(legend))
        );
        if let Some(h) = hint {
            let _ = write!(self.b, "<p class=\"hint\">{}</p>", esc(self.w.t(h)));
        }
    }

    /// A field's label, hint and problems (the control follows).
    fn field_open(&mut self, field: &str, hint: Option<&str>) {
        let (w, p) = (self.w, self.p);
        let _ = write!(
            self.b,
            "<div class=\"field{}\"><label for=\"{field}\">{}</label>",
            if p.errors.contains_key(field) {
                " has-error"
            } else {
                ""
            },
            esc(w.t(&format!("form_{field}")))
        );
        if let Some(h) = hint {
            let _ = write!(
                self.b,
                "<p class=\"hint\" id=\"{field}-hint\">{}</p>",
                esc(w.t(h))
            );
        }
        let mut msgs = String::new();
        for m in p.errors.get(field).into_iter().flatten() {
            let _ = write!(msgs, "<span class=\"error\">{}</span>", esc(m));
        }
        for m in p.warnings.get(field).into_iter().flatten() {
            let _ = write!(msgs, "<span class=\"warning\">{}</span>", esc(m));
        }
        if !msgs.is_empty() {
            let _ = write!(
                self.b,
                "<p class=\"problem\" id=\"{field}-problem\">{msgs}</p>"
            );
        }
    }

    fn input(&mut self, field: &str, kind: &str, value: &str, hint: Option<&str>) {
        self.field_open(field, hint);
        let extra = if kind == "number" {
            " min=\"0\" max=\"100\" step=\"1\" inputmode=\"numeric\""
        } else {
            ""
        };
        let _ = write!(
            self.b,
            "<input id=\"{field}\" name=\"{field}\" type=\"{kind}\" value=\"{}\"{extra}{}></div>",
            esc(value),
            described(self.p, field, hint.is_some())
        );
    }

    fn file(&mut self, field: &str, accept: &str, hint: &str) {
        self.field_open(field, Some(hint));
        let _ = write!(
            self.b,
            "<input id=\"{field}\" name=\"{field}\" type=\"file\" accept=\"{accept}\"{}></div>",
            described(self.p, field, true)
        );
    }

    fn text_area(&mut self, field: &str, value: &str, rows: u8, hint: &str, preview: bool) {
        self.field_open(field, Some(hint));
        let _ = write!(
            self.b,
            "<textarea id=\"{field}\" name=\"{field}\" rows=\"{rows}\"{}>{}</textarea>",
            described(self.p, field, true),
            esc(value)
        );
        if preview {
            let _ = write!(
                self.b,
                "<div class=\"preview\" id=\"{field}-preview\" aria-live=\"polite\" hidden></div>"
            );
        }
        self.b.push_str("</div>");
    }

    fn select(
        &mut self,
        field: &str,
        options: &[(String, String)],
        value: &str,
        required: bool,
        hint: Option<&str>,
    ) {
        self.field_open(field, hint);
        let _ = write!(
            self.b,
            "<select id=\"{field}\" name=\"{field}\"{}{}{}>",
            if required { " required" } else { "" },
            // The site's ids (not the fixed list of statuses): JS adds a search box.
            if field == "status" || field == "kind" {
                ""
            } else {
                " data-search"
            },
            described(self.p, field, hint.is_some())
        );
        if required && !options.iter().any(|(id, _)| id == value) {
            let _ = write!(
                self.b,
                "<option value=\"\">{}</option>",
                esc(self.w.t("form_choose"))
            );
        }
        for (id, label) in options {
            let _ = write!(
                self.b,
                "<option value=\"{}\"{}>{}</option>",
                esc(id),
                if id == value { " selected" } else { "" },
                esc(label)
            );
        }
        self.b.push_str("</select></div>");
    }

    /// Status, percent and date: what every report on a task gives.
    fn status_fields(&mut self, f: &EntryForm) {
        let statuses: Vec<(String, String)> = ["planned", "in_progress", "done", "blocked"]
            .iter()
            .map(|s| {
                (
                    s.to_string(),
                    self.w.t(&format!("form_status_{s}")).to_string(),
                )
            })
            .collect();
        self.select("status", &statuses, &f.status, true, None);
        self.input("percent", "number", &f.percent, Some("form_percent_hint"));
        self.input("date", "date", &f.date, Some("form_date_hint"));
    }

    fn illustrative(&mut self, checked: bool) {
        let _ = write!(
            self.b,
            "<div class=\"field check\"><input id=\"illustrative\" name=\"illustrative\" type=\"checkbox\" value=\"true\"{}><label for=\"illustrative\">{}</label></div>",
            if checked { " checked" } else { "" },
            esc(self.w.t("form_illustrative"))
        );
    }

    /// The two buttons (save; check only), and the end of the form.
    fn close_form(&mut self) {
        let _ = write!(
            self.b,
            "<div class=\"buttons\"><button type=\"submit\" name=\"action\" value=\"save\">{}</button> <button type=\"submit\" name=\"action\" value=\"check\" class=\"secondary\">{}</button></div></form>",
            esc(self.w.t("form_save")),
            esc(self.w.t("form_check"))
        );
    }
}

/// The site's communes and wards as choices, after `none` (a choice of none) if given.
fn locality_choices(site: &Site, none: Option<&str>) -> Vec<(String, String)> {
    none.map(|n| (String::new(), n.to_string()))
        .into_iter()
        .chain(
            site.localities
                .iter()
                .map(|l| (l.id.clone(), format!("{} ({})", l.name, l.id))),
        )
        .collect()
}

/// The site's agencies as choices, after `default` (leave it to the default).
fn agency_choices(site: &Site, default: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), default.to_string()))
        .chain(
            site.agencies
                .iter()
                .map(|a| (a.id.clone(), format!("{} ({})", a.name, a.id))),
        )
        .collect()
}

fn csp() -> (&'static str, String) {
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'".into(),
    )
}

fn html_response(status: u16, html: String) -> Response {
    let mut r = respond(status, "text/html; charset=utf-8", html.into_bytes());
    r.headers.push(("Referrer-Policy", "same-origin".into()));
    r
}

fn asset(ctype: &str, body: &str) -> Response {
    respond(200, ctype, body.as_bytes().to_vec())
}

fn redirect(to: &str) -> Response {
    let mut r = plain(303, "");
    r.headers.push(("Location", to.to_string()));
    r
}

/// A whole page of the forms, in the site's language.
fn page(status: u16, w: &Words, title: &str, body: &str) -> Response {
    let lang = w.lang.code();
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} · tiendo serve</title>\n<link rel=\"stylesheet\" href=\"{CSS}\">\n<script src=\"{JS}\" defer></script>\n</head>\n<body>\n<header><p class=\"tool\">{}</p><nav aria-label=\"{}\"><a href=\"/\">{}</a> · <a href=\"{PREFIX}\">{}</a></nav></header>\n<main id=\"main\">\n<h1>{}</h1>\n{body}\n</main>\n</body>\n</html>\n",
        esc(title),
        esc(w.t("form_tool")),
        esc(w.t("form_nav")),
        esc(w.t("home")),
        esc(w.t("form_index")),
        esc(title),
    );
    let mut r = html_response(status, html);
    r.headers.push(csp());
    r
}

const FORMS_CSS: &str = "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:0;color:#1b1f24;background:#fff}\
header{background:#0b4f9c;color:#fff;padding:.5rem 1rem}header a{color:#fff}header p{margin:0;font-weight:700}\
main{max-width:48rem;margin:0 auto;padding:1rem}\
h1{font-size:1.5rem;margin:.5rem 0 1rem}\
.field{margin:0 0 1rem}label,legend{display:block;font-weight:700}\
.hint{margin:.1rem 0 .3rem;color:#4a5360;font-size:.95rem}.hint:empty{display:none}\
input,select,textarea{font:inherit;box-sizing:border-box;width:100%;max-width:100%;padding:.45rem;border:2px solid #4a5360;border-radius:4px;background:#fff;color:#1b1f24}\
input[type=checkbox]{width:auto;margin-right:.5rem}.check{display:flex;align-items:center}.check label{display:inline}\
input:focus,select:focus,textarea:focus,button:focus,a:focus{outline:3px solid #b35c00;outline-offset:2px}\
.has-error input,.has-error select,.has-error textarea{border-color:#b3261e}\
.problem{margin:.2rem 0}.error{display:block;color:#b3261e;font-weight:700}.warning{display:block;color:#7a4800}\
.summary{border:3px solid #b3261e;padding:.5rem 1rem;margin:0 0 1rem}.summary h2{font-size:1.1rem;margin:.2rem 0;color:#b3261e}\
.ok{border:3px solid #1e6b34;padding:.5rem 1rem;color:#1e6b34;font-weight:700}\
fieldset{border:2px solid #c9ced6;border-radius:4px;margin:0 0 1rem;padding:.5rem 1rem}\
button{font:inherit;font-weight:700;padding:.6rem 1.2rem;border:2px solid #0b4f9c;border-radius:4px;background:#0b4f9c;color:#fff;cursor:pointer;margin:.2rem 0}\
button.secondary{background:#fff;color:#0b4f9c}\
.preview{border:2px dashed #c9ced6;padding:.5rem;margin-top:.5rem}\
.search{margin-bottom:.3rem}\
a{color:#0b4f9c}code{overflow-wrap:anywhere}\n";

/// Only improves the forms: a search box above long lists, and a live preview
/// of the Markdown text (asked of the server, which renders it as the build does).
const FORMS_JS: &str = r#"/* tiendo serve: forms */(function(){
document.querySelectorAll('select[data-search]').forEach(function(sel){
 var all=Array.prototype.map.call(sel.options,function(o){return {v:o.value,t:o.text}});
 var box=document.createElement('input');box.type='search';box.className='search';
 box.id=sel.id+'-search';box.setAttribute('aria-label',(document.documentElement.lang==='vi'?'Tìm trong danh sách: ':'Search the list: ')+(document.querySelector('label[for="'+sel.id+'"]')||{}).textContent);
 box.setAttribute('aria-controls',sel.id);
 sel.parentNode.insertBefore(box,sel);
 box.addEventListener('input',function(){var q=box.value.toLowerCase();var cur=sel.value;
  while(sel.options.length){sel.remove(0)}
  all.forEach(function(o){if(!q||o.v===cur||o.t.toLowerCase().indexOf(q)>=0){var op=new Option(o.t,o.v);op.selected=(o.v===cur);sel.add(op)}});
 });
});
var body=document.getElementById('body'),out=document.getElementById('body-preview');
if(body&&out){var timer=null;var csrf=document.querySelector('input[name=csrf]');
 function show(){var fd=new FormData();fd.append('csrf',csrf.value);fd.append('body',body.value);
  fetch('/__tiendo/preview',{method:'POST',body:fd,credentials:'same-origin'}).then(function(r){return r.ok?r.text():''}).then(function(h){out.innerHTML=h;out.hidden=!h})}
 body.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(show,300)});
 if(body.value){show()}}
var sum=document.getElementById('problems');if(sum){sum.focus()}
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names() {
        assert_eq!(
            attachment_name("Báo cáo số 7.PDF").as_deref(),
            Ok("bao-cao-so-7.pdf")
        );
        for bad in [
            "../../etc/passwd.pdf",
            "/etc/x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "C:x.pdf",
            ".hidden.pdf",
            "noext",
            "..pdf",
        ] {
            assert!(attachment_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn same_compares_whole_strings() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
