//! The editors' commands: `serve`, `new`, `init`, `import`, `report`; the work is
//! done by the library (`tiendo::serve`, `scaffold`, `import`, `report`); a failure
//! is returned as a [`Failure`], never turned into an exit code here.

use std::io::{IsTerminal, Write};
use std::path::Path;
use tiendo::chars::escape_for_terminal;

use chrono::Datelike;
use tiendo::model::Date;

use super::args::{Color, EditorCommand, Format, LanguageArg, NewWhat, PeriodArg, PracticeKindArg};
use super::failure::Failure;
use super::print::{print_diagnostics, say};
use tiendo::messages::{Arg, Msg};

fn not_a_folder(site: &Path) -> Result<(), Failure> {
    if site.is_dir() {
        Ok(())
    } else {
        Err(Failure::not_a_folder(site))
    }
}

pub fn run(cmd: EditorCommand, color: Color) -> Result<(), Failure> {
    match cmd {
        EditorCommand::Serve {
            site,
            port,
            as_of,
            bind,
            edit_token,
            edit_token_file,
            open,
        } => {
            let edit_token = match (edit_token, edit_token_file) {
                (Some(t), _) => Some(t),
                (None, Some(f)) => Some(
                    std::fs::read_to_string(&f)
                        .map_err(|e| {
                            Failure::Usage(format!(
                                "error: cannot read the edit token from `{}`: {e}",
                                f.display()
                            ))
                        })?
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                ),
                (None, None) => None,
            };
            if edit_token.as_ref().is_some_and(|t| t.chars().count() < 16) {
                return Err(Failure::Usage(
                    "error: the edit token must have at least 16 characters".into(),
                ));
            }
            let opts = tiendo::serve::ServeOptions {
                site_dir: site,
                port,
                as_of,
                bind,
                edit_token,
                lang: super::print::explicit_lang(),
            };
            serve(opts, open, color)
        }
        EditorCommand::New { site, what } => {
            // The folder written after the kind (`tiendo new progress SITE`), as
            // other commands take it, or `--site`.
            let folder = match &what {
                NewWhat::Progress { folder, .. } | NewWhat::Practice { folder, .. } => {
                    folder.clone()
                }
            };
            new(&folder.unwrap_or(site), what, color)
        }
        EditorCommand::Init {
            dir,
            title,
            language,
        } => init(&dir, title, language),
        EditorCommand::Import {
            file,
            site,
            template,
            per_locality,
            period,
            dry_run,
            as_of,
        } => match (per_locality, template) {
            (Some(dir), _) => round(&dir, &site, period, as_of, color),
            (None, Some(path)) => template_file(&path, &site),
            (None, None) => import(file.as_deref(), &site, dry_run, as_of, color),
        },
        EditorCommand::Report {
            site,
            as_of,
            agency,
            format,
            period,
            missing,
            output,
        } => report(
            &site,
            &ReportRequest {
                as_of,
                agency: agency.as_deref(),
                format,
                period,
                missing,
                output: output.as_deref(),
            },
            color,
        ),
    }
}

fn serve(opts: tiendo::serve::ServeOptions, open: bool, color: Color) -> Result<(), Failure> {
    use tiendo::serve::{Event, Outcome};
    let site = opts.site_dir.clone();
    not_a_folder(&site)?;
    let shown_site = site.clone();
    let on_event = Box::new(move |ev: Event| {
        let mut err = std::io::stderr().lock();
        match ev {
            Event::Listening { url } => {
                println!(
                    "{}",
                    say(&Msg::new("serve-listening")
                        .arg("site", shown_site.display().to_string())
                        .arg("url", &url))
                );
                // `--open`: the system's web browser (or $BROWSER) on the preview.
                if open {
                    if let Err(e) = webbrowser::open(&url) {
                        let _ = writeln!(
                            err,
                            "{}",
                            say(&Msg::new("serve-no-browser")
                                .arg("why", e.to_string())
                                .arg("url", &url))
                        );
                    }
                }
            }
            Event::Built { outcome, changed } => {
                let what: Arg = match changed.as_slice() {
                    [] => Arg::Text(String::new()),
                    [one, rest @ ..] => Msg::new("serve-after-change")
                        .arg("file", short(one, &shown_site))
                        .arg("more", rest.len())
                        .into(),
                };
                match outcome {
                    Outcome::Built {
                        full,
                        rendered,
                        changed,
                        first,
                        total,
                        complete,
                    } => {
                        let done = if full {
                            Msg::new("serve-built")
                        } else {
                            Msg::new("serve-rebuilt").arg("first", first.as_millis() as u64)
                        };
                        let done = done
                            .arg("what", what)
                            .arg("changed", changed)
                            .arg("rendered", rendered)
                            .arg("ms", total.as_millis() as u64);
                        println!("{}", say(&done));
                        if !complete {
                            println!("{}", say(&Msg::new("serve-newer-change")));
                        }
                    }
                    Outcome::Failed(d) => {
                        let terminal = err.is_terminal();
                        print_diagnostics(&d, &shown_site, color, &mut err, terminal);
                        let _ = writeln!(
                            err,
                            "{}",
                            say(&Msg::new("serve-content-errors")
                                .arg("what", what)
                                .arg("summary", d.summary()))
                        );
                    }
                    Outcome::RenderFailed(m) => {
                        let _ = writeln!(
                            err,
                            "{}",
                            say(&Msg::new("serve-render-failed")
                                .arg("what", what)
                                .arg("message", m))
                        );
                    }
                    Outcome::Unchanged => {}
                }
            }
            Event::WatchError(m) => {
                let _ = writeln!(
                    err,
                    "{}",
                    say(&Msg::new("serve-watch-warning").arg("why", m))
                );
            }
        }
    });
    let running = match tiendo::serve::start(&opts, on_event) {
        Ok(r) => r,
        Err(e) => return Err(Failure::System(say(&Failure::error(e.message())))),
    };
    let stop = running.stopper();
    if let Err(e) = ctrlc::set_handler(stop) {
        eprintln!(
            "{}",
            say(&Msg::new("serve-no-ctrlc").arg("why", e.to_string()))
        );
    }
    running.wait();
    println!("{}", say(&Msg::new("serve-stopped")));
    Ok(())
}

/// `path` relative to the site folder when it is inside it.
fn short(path: &Path, site: &Path) -> String {
    let abs_site = std::path::absolute(site).unwrap_or_else(|_| site.to_path_buf());
    let p = path
        .strip_prefix(&abs_site)
        .or_else(|_| path.strip_prefix(site))
        .unwrap_or(path);
    tiendo::diagnostics::display_path(p)
}

/// What `tiendo report` was asked for.
struct ReportRequest<'a> {
    as_of: Option<Date>,
    agency: Option<&'a str>,
    format: Format,
    period: Option<PeriodArg>,
    missing: bool,
    output: Option<&'a Path>,
}

/// What a report is written as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Table,
    Csv,
    Json,
    Xlsx,
}

fn report(site: &Path, req: &ReportRequest, color: Color) -> Result<(), Failure> {
    use tiendo::report::{Labels, Monitoring, PeriodView};
    let kind = match req.output {
        None => match req.format {
            Format::Table => Kind::Table,
            Format::Csv => Kind::Csv,
            Format::Json => Kind::Json,
        },
        Some(path) => {
            let ext = path
                .extension()
                .and_then(|x| x.to_str())
                .map(str::to_ascii_lowercase);
            match ext.as_deref() {
                Some("xlsx") => Kind::Xlsx,
                Some("csv") => Kind::Csv,
                Some("json") => Kind::Json,
                Some("txt") => Kind::Table,
                _ => {
                    return Err(Failure::Usage(say(&Failure::error(
                        Msg::new("report-bad-extension").arg("path", path.display().to_string()),
                    ))))
                }
            }
        }
    };
    not_a_folder(site)?;
    let checked = match tiendo::check(site, req.as_of).compute(false) {
        Ok(computed) => computed,
        Err(failed) => {
            let mut err = std::io::stderr().lock();
            let terminal = err.is_terminal();
            print_diagnostics(&failed.diagnostics, site, color, &mut err, terminal);
            return Err(Failure::Content(say(
                &Msg::new("report-failed").arg("summary", failed.diagnostics.summary())
            )));
        }
    };
    let s = &checked.site;
    let lang = s.config.language;
    let progress = &checked.progress;
    let mut m = match Monitoring::new(s, progress, req.agency) {
        Ok(m) => m,
        Err(hint) => {
            return Err(Failure::Usage(say(&Failure::error(
                Msg::new("report-unknown-agency")
                    .arg("id", req.agency.unwrap_or_default())
                    .arg(
                        "hint",
                        match hint {
                            Some(h) => Msg::new("report-unknown-agency-suggest").arg("id", h),
                            None => Msg::new("report-unknown-agency-help"),
                        },
                    ),
            ))));
        }
    };
    // `--missing` alone: the month of the as-of date.
    if req.period.is_some() || req.missing {
        let w = window(req.period, checked.as_of, lang);
        // Each unit's status as of the period's end (or the as-of date, if sooner).
        let at_end = s.progress(w.end.min(checked.as_of));
        m.period = Some(PeriodView::new(s, &at_end, w, req.agency));
    }
    let strings = tiendo::render::Theme::load(site)
        .ok()
        .and_then(|t| t.strings(lang).ok())
        .unwrap_or_default();
    let labels = Labels::from_strings(&strings, lang == tiendo::model::Language::Vi);
    let missing = m.period.as_ref().filter(|_| req.missing);
    let bytes: Result<Vec<u8>, String> = match (kind, missing) {
        (Kind::Table, None) => Ok(tiendo::report::to_table(&m, &labels).into_bytes()),
        (Kind::Table, Some(p)) => Ok(tiendo::report::missing_to_table(p, &labels).into_bytes()),
        (Kind::Json, None) => serde_json::to_vec_pretty(&m).map_err(|e| e.to_string()),
        (Kind::Json, Some(p)) => serde_json::to_vec_pretty(p).map_err(|e| e.to_string()),
        (Kind::Csv | Kind::Xlsx, _) => {
            let table = match missing {
                Some(p) => tiendo::report::missing_table(p, &labels),
                None => tiendo::report::monitoring_table(&m, &labels),
            };
            if kind == Kind::Csv {
                table.to_csv().map_err(|e| e.to_string())
            } else {
                table.to_xlsx().map_err(|e| e.to_string())
            }
        }
    };
    let mut bytes = bytes.map_err(|e| {
        Failure::System(say(&Failure::error(
            Msg::new("report-not-made").arg("why", e),
        )))
    })?;
    if kind == Kind::Json {
        bytes.push(b'\n');
    }
    let Some(path) = req.output else {
        let mut out = std::io::stdout().lock();
        return match out.write_all(&bytes) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Failure::System(say(&Failure::error(
                tiendo::messages::io_error(&e),
            )))),
        };
    };
    write_whole(path, &bytes).map_err(|e| {
        let open_in_excel = if e.kind() == std::io::ErrorKind::PermissionDenied {
            Msg::new("report-open-in-excel").into()
        } else {
            Arg::Text(String::new())
        };
        Failure::System(say(&Failure::error(
            Msg::new("report-not-written")
                .arg("path", path.display().to_string())
                .arg("why", tiendo::messages::io_error(&e))
                .arg("excel", open_in_excel),
        )))
    })?;
    println!("{}", path.display());
    Ok(())
}

/// Write `bytes` at `path` whole or not at all: under a temporary name in the
/// same folder, then renamed over it (a report open in another program is
/// never left half written).
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let res = std::fs::write(&tmp, bytes).and_then(|_| std::fs::rename(&tmp, path));
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res
}

fn new(site: &Path, what: NewWhat, color: Color) -> Result<(), Failure> {
    use tiendo::model::PracticeKind;
    use tiendo::scaffold::{self, ScaffoldError};
    not_a_folder(site)?;
    let result = match what {
        NewWhat::Progress {
            folder: _,
            task,
            locality,
            reporter,
            date,
            status,
            title,
        } => scaffold::new_progress(
            site,
            &scaffold::NewProgress {
                task,
                locality,
                reporter,
                date,
                status,
                title,
            },
        ),
        NewWhat::Practice {
            folder: _,
            title,
            kind,
            agency,
            locality,
            tasks,
            date,
        } => scaffold::new_practice(
            site,
            &scaffold::NewPractice {
                title,
                kind: match kind {
                    PracticeKindArg::Practice => PracticeKind::Practice,
                    PracticeKindArg::Collective => PracticeKind::Collective,
                    PracticeKindArg::Individual => PracticeKind::Individual,
                },
                agency,
                locality,
                tasks,
                date,
            },
        ),
    };
    let mut err = std::io::stderr().lock();
    let terminal = err.is_terminal();
    match result {
        Ok(created) => {
            if !created.warnings.is_empty() {
                print_diagnostics(&created.warnings, site, color, &mut err, terminal);
            }
            println!("{}", site.join(&created.path).display());
            Ok(())
        }
        Err(e) => {
            if let ScaffoldError::Content(d) | ScaffoldError::Invalid(d) = &e {
                print_diagnostics(d, site, color, &mut err, terminal);
            }
            Err(e.into())
        }
    }
}

fn init(dir: &Path, title: Option<String>, language: LanguageArg) -> Result<(), Failure> {
    let req = tiendo::scaffold::Init {
        title,
        language: match language {
            LanguageArg::Vi => tiendo::model::Language::Vi,
            LanguageArg::En => tiendo::model::Language::En,
        },
    };
    match tiendo::scaffold::init(dir, &req) {
        Ok(files) => {
            for f in &files {
                println!("{}", dir.join(f).display());
            }
            eprintln!(
                "{}",
                say(&Msg::new("init-done").arg("dir", dir.display().to_string()))
            );
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

/// The month (or quarter) asked for, or the month of `as_of`, as a window.
fn window(
    p: Option<PeriodArg>,
    as_of: Date,
    lang: tiendo::model::Language,
) -> tiendo::report::Window {
    use tiendo::render::digest::Period;
    let p = p.unwrap_or(PeriodArg {
        year: as_of.year(),
        quarter: false,
        n: as_of.0.month(),
    });
    let period = if p.quarter {
        Period::quarter(p.year, p.n)
    } else {
        Period::month(p.year, p.n)
    };
    tiendo::report::Window {
        label: period.label(lang),
        id: period.id,
        start: period.start,
        end: period.end,
    }
}

/// `tiendo import --template --per-locality DIR`: the collection round's workbooks.
fn round(
    dir: &Path,
    site: &Path,
    period: Option<PeriodArg>,
    as_of: Option<Date>,
    color: Color,
) -> Result<(), Failure> {
    not_a_folder(site)?;
    let checked = tiendo::check(site, as_of);
    if checked.has_errors() {
        let mut err = std::io::stderr().lock();
        let terminal = err.is_terminal();
        print_diagnostics(&checked.diagnostics, site, color, &mut err, terminal);
        return Err(Failure::Content(say(
            &Msg::new("round-site-errors").arg("summary", checked.diagnostics.summary())
        )));
    }
    let Some(s) = checked.site.as_ref() else {
        return Err(Failure::Content(say(&Msg::new("round-site-not-loaded"))));
    };
    let w = window(period, checked.as_of, s.config.language);
    // What each unit still has to do as of the period's end (or sooner).
    let progress = s.progress(w.end.min(checked.as_of));
    let written = tiendo::import::rounds::write_round(s, &progress, &w, dir)?;
    for p in &written {
        println!("{}", p.display());
    }
    eprintln!(
        "{}",
        say(&Msg::new("round-done")
            .arg("count", written.len())
            .arg("period", &w.label)
            .arg("dir", dir.display().to_string()))
    );
    Ok(())
}

fn template_file(path: &Path, site: &Path) -> Result<(), Failure> {
    // An .xlsx template lists the site's ids when there is a site to read.
    let loaded = site
        .join("content")
        .is_dir()
        .then(|| tiendo::content::load(site).site)
        .flatten();
    let lists = loaded.as_ref().map(|s| tiendo::import::Lists { site: s });
    match tiendo::import::write_template(path, lists) {
        Ok(()) => {
            println!("{}", path.display());
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
}

fn import(
    file: Option<&Path>,
    site: &Path,
    dry_run: bool,
    as_of: Option<Date>,
    color: Color,
) -> Result<(), Failure> {
    use tiendo::import::ImportError;
    let Some(file) = file else {
        return Err(Failure::Usage(say(&Failure::error(Msg::new(
            "import-no-file",
        )))));
    };
    not_a_folder(site)?;
    let shown = file.display().to_string();
    let files = if file.is_dir() {
        tiendo::import::spreadsheets_in(file)?
    } else {
        vec![file.to_path_buf()]
    };
    let many = file.is_dir();
    // Ctrl-C while the files are written takes them all back (the import stops
    // at the next file); a handler that cannot be set leaves Ctrl-C as it was.
    let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&cancel);
    let _ = ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::SeqCst));
    let opts = tiendo::import::ImportOptions {
        as_of,
        dry_run,
        cancel: Some(cancel),
    };
    let mut err = std::io::stderr().lock();
    match tiendo::import::import_all(site, &files, &opts) {
        Ok(done) => {
            for w in &done.warnings {
                let _ = writeln!(
                    err,
                    "{}",
                    escape_for_terminal(&w.to_line(&shown, super::print::lang()))
                );
            }
            for (source, sheet, row, id) in &done.already {
                let mut at = Vec::new();
                if many {
                    at.push(source.clone());
                }
                if let Some(s) = sheet {
                    at.push(say(&Msg::new("import-at-sheet").arg("sheet", s)));
                }
                at.push(say(&Msg::new("import-at-row").arg("row", *row)));
                println!(
                    "{}",
                    say(&Msg::new("import-already")
                        .arg("at", at.join(", "))
                        .arg("id", id))
                );
            }
            for r in &done.created {
                let path = site.join(&r.path).display().to_string();
                let line = if dry_run {
                    Msg::new("import-would-write")
                } else {
                    Msg::new("import-wrote")
                };
                println!("{}", say(&line.arg("path", path)));
            }
            let done_msg = if dry_run {
                Msg::new("import-would-import")
            } else {
                Msg::new("import-imported")
            };
            println!(
                "{}",
                say(&done_msg
                    .arg("count", done.created.len())
                    .arg("file", &shown)
                    .arg("already", done.already.len())
                    .arg("blank", done.blank))
            );
            Ok(())
        }
        Err(ImportError::Rows(problems)) => {
            for p in &problems {
                let _ = writeln!(
                    err,
                    "{}",
                    escape_for_terminal(&p.to_line(&shown, super::print::lang()))
                );
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == tiendo::diagnostics::Severity::Error)
                .count();
            Err(Failure::Content(say(&Msg::new("import-failed")
                .arg("errors", errors)
                .arg("file", &shown))))
        }
        Err(e) => {
            if let ImportError::Site(d) = &e {
                let terminal = err.is_terminal();
                print_diagnostics(d, site, color, &mut err, terminal);
            }
            Err(e.into())
        }
    }
}
