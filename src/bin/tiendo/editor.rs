//! The editors' commands: `serve`, `new`, `init`, `import`, `report`; the work is
//! done by the library (`tiendo::serve`, `scaffold`, `import`, `report`); a failure
//! is returned as a [`Failure`], never turned into an exit code here.

use std::io::{IsTerminal, Write};
use std::path::Path;
use tiendo::chars::escape_for_terminal;

use tiendo::model::Date;

use super::args::{
    Color, EditorCommand, EntryStatusArg, Format, LanguageArg, NewWhat, PracticeKindArg,
};
use super::failure::Failure;
use super::print::print_diagnostics;

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
            };
            serve(opts, color)
        }
        EditorCommand::New { site, what } => new(&site, what, color),
        EditorCommand::Init {
            dir,
            title,
            language,
        } => init(&dir, title, language),
        EditorCommand::Import {
            file,
            site,
            template,
            dry_run,
            as_of,
        } => match template {
            Some(path) => template_file(&path, &site),
            None => import(file.as_deref(), &site, dry_run, as_of, color),
        },
        EditorCommand::Report {
            site,
            as_of,
            agency,
            format,
        } => report(&site, as_of, agency.as_deref(), format, color),
    }
}

fn serve(opts: tiendo::serve::ServeOptions, color: Color) -> Result<(), Failure> {
    use tiendo::serve::{Event, Outcome};
    let site = opts.site_dir.clone();
    not_a_folder(&site)?;
    let shown_site = site.clone();
    let on_event = Box::new(move |ev: Event| {
        let mut err = std::io::stderr().lock();
        match ev {
            Event::Listening { url } => {
                println!("serving {} at {url} (Ctrl-C to stop)", shown_site.display());
            }
            Event::Built { outcome, changed } => {
                let what = match changed.as_slice() {
                    [] => String::new(),
                    [one] => format!(" after a change to {}", short(one, &shown_site)),
                    [one, rest @ ..] => format!(
                        " after changes to {} and {} more",
                        short(one, &shown_site),
                        rest.len()
                    ),
                };
                match outcome {
                    Outcome::Built {
                        full,
                        rendered,
                        changed,
                        first,
                        total,
                        complete,
                    } => println!(
                        "{}{what}: {changed} files changed, {} in {} ms{}{}",
                        if full { "built" } else { "rebuilt" },
                        if full {
                            format!("{rendered} files rendered")
                        } else {
                            format!("{rendered} files re-rendered")
                        },
                        total.as_millis(),
                        if full {
                            String::new()
                        } else {
                            format!(" (edited pages ready in {} ms)", first.as_millis())
                        },
                        if complete {
                            ""
                        } else {
                            "; a newer change came first, the other pages follow"
                        }
                    ),
                    Outcome::Failed(d) => {
                        let terminal = err.is_terminal();
                        print_diagnostics(&d, &shown_site, color, &mut err, terminal);
                        let _ = writeln!(
                            err,
                            "content errors{what}: {}; the browser shows them until they are fixed",
                            d.summary()
                        );
                    }
                    Outcome::RenderFailed(m) => {
                        let _ = writeln!(
                            err,
                            "error{what}: {m}; the browser shows it until it is fixed"
                        );
                    }
                    Outcome::Unchanged => {}
                }
            }
            Event::WatchError(m) => {
                let _ = writeln!(err, "warning: watching for changes: {m}");
            }
        }
    });
    let running = match tiendo::serve::start(&opts, on_event) {
        Ok(r) => r,
        Err(e) => return Err(Failure::System(format!("error: {e}"))),
    };
    let stop = running.stopper();
    if let Err(e) = ctrlc::set_handler(stop) {
        eprintln!("warning: Ctrl-C will not stop the server cleanly: {e}");
    }
    running.wait();
    println!("stopped");
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

fn report(
    site: &Path,
    as_of: Option<Date>,
    agency: Option<&str>,
    format: Format,
    color: Color,
) -> Result<(), Failure> {
    not_a_folder(site)?;
    let checked = tiendo::check(site, as_of);
    let mut err = std::io::stderr().lock();
    let terminal = err.is_terminal();
    if checked.has_errors() {
        print_diagnostics(&checked.diagnostics, site, color, &mut err, terminal);
        return Err(Failure::Content(format!(
            "report failed: {}; fix the content first (`tiendo check`)",
            checked.diagnostics.summary()
        )));
    }
    let Some(s) = checked.site.as_ref() else {
        return Err(Failure::Content(
            "report failed: the site did not load".into(),
        ));
    };
    let progress = s.progress(checked.as_of);
    let m = match tiendo::report::Monitoring::new(s, &progress, agency) {
        Ok(m) => m,
        Err(hint) => {
            return Err(Failure::Usage(format!(
                "error: unknown agency `{}`{}",
                agency.unwrap_or_default(),
                hint.map(|h| format!(" (did you mean `{h}`?)"))
                    .unwrap_or_else(|| " (see content/agencies.yaml)".into())
            )));
        }
    };
    let mut out = std::io::stdout().lock();
    let written = match format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &m)
            .map_err(std::io::Error::other)
            .and_then(|_| writeln!(out)),
        Format::Csv => match tiendo::report::to_csv(&m) {
            Ok(bytes) => out.write_all(&bytes),
            Err(e) => Err(std::io::Error::other(e)),
        },
        Format::Table => {
            let strings = tiendo::render::Theme::load(site)
                .ok()
                .and_then(|t| t.strings(s.config.language).ok())
                .unwrap_or_default();
            let labels = tiendo::report::Labels::from_strings(
                &strings,
                s.config.language == tiendo::model::Language::Vi,
            );
            out.write_all(tiendo::report::to_table(&m, &labels).as_bytes())
        }
    };
    match written {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::System(format!("error: {e}"))),
    }
}

fn new(site: &Path, what: NewWhat, color: Color) -> Result<(), Failure> {
    use tiendo::model::{EntryStatus, PracticeKind};
    use tiendo::scaffold::{self, ScaffoldError};
    not_a_folder(site)?;
    let result = match what {
        NewWhat::Progress {
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
                status: match status {
                    EntryStatusArg::Planned => EntryStatus::Planned,
                    EntryStatusArg::InProgress => EntryStatus::InProgress,
                    EntryStatusArg::Done => EntryStatus::Done,
                    EntryStatusArg::Blocked => EntryStatus::Blocked,
                },
                title,
            },
        ),
        NewWhat::Practice {
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
                "created a site in {}: edit content/site.yaml and content/plan.md, then `tiendo serve {}`",
                dir.display(),
                dir.display()
            );
            Ok(())
        }
        Err(e) => Err(e.into()),
    }
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
        return Err(Failure::Usage(
            "error: name the spreadsheet to import (or --template to write a blank one)".into(),
        ));
    };
    not_a_folder(site)?;
    let shown = file.display().to_string();
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
    match tiendo::import::import(site, file, &opts) {
        Ok(done) => {
            for w in &done.warnings {
                let _ = writeln!(err, "{}", escape_for_terminal(&w.to_line(&shown)));
            }
            for (sheet, row, id) in &done.already {
                println!(
                    "{}row {row}: already imported as `{id}`",
                    sheet
                        .as_ref()
                        .map(|s| format!("sheet \"{s}\", "))
                        .unwrap_or_default()
                );
            }
            for r in &done.created {
                println!(
                    "{} {}",
                    if dry_run { "would write" } else { "wrote" },
                    site.join(&r.path).display()
                );
            }
            println!(
                "{} {} entries from {shown} ({} already there)",
                if dry_run { "would import" } else { "imported" },
                done.created.len(),
                done.already.len()
            );
            Ok(())
        }
        Err(ImportError::Rows(problems)) => {
            for p in &problems {
                let _ = writeln!(err, "{}", escape_for_terminal(&p.to_line(&shown)));
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == tiendo::diagnostics::Severity::Error)
                .count();
            Err(Failure::Content(format!(
                "import failed: {errors} error{} in {shown}; nothing was written",
                if errors == 1 { "" } else { "s" }
            )))
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
