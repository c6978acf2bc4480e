//! The editors' commands: `serve`, `new`, `init`, `import`, `report`. Kept apart
//! from `main.rs` so the build and check commands stay easy to read; the work is
//! done by the library (`tiendo::serve`, `scaffold`, `import`, `report`).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tiendo::chars::escape_for_terminal;

use clap::{Subcommand, ValueEnum};
use tiendo::model::Date;

use super::{parse_date, print_diagnostics, Color};

#[derive(Subcommand)]
pub enum EditorCommand {
    /// Preview the site: build it into memory, serve it on 127.0.0.1, rebuild on
    /// every change and reload the open browser page by itself.
    Serve {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// The port to listen on (0 picks a free one).
        #[arg(short, long, default_value_t = tiendo::serve::DEFAULT_PORT)]
        port: u16,
        /// Compute statuses as of this date (YYYY-MM-DD) instead of site.yaml's as_of or today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Write a new content file with its front matter filled in and checked, and print its path.
    New {
        /// The site folder (holding content/).
        #[arg(long, default_value = ".", global = true)]
        site: PathBuf,
        #[command(subcommand)]
        what: NewWhat,
    },
    /// Create a minimal site for another plan in DIR; it builds at once.
    Init {
        /// The folder to create the site in (must not hold a content/ folder yet).
        dir: PathBuf,
        /// The plan's title.
        #[arg(long)]
        title: Option<String>,
        /// The language of the portal.
        #[arg(long, value_enum, default_value_t = LanguageArg::Vi)]
        language: LanguageArg,
    },
    /// Import progress reports from a spreadsheet (.xlsx, .ods or .csv; columns in
    /// docs/import.md): one entry per row, written only if every row is valid.
    Import {
        /// The spreadsheet.
        #[arg(required_unless_present = "template")]
        file: Option<PathBuf>,
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Write a blank template instead (.csv, or .xlsx with the site's lists of ids).
        #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = "mau-nhap-tien-do.csv")]
        template: Option<PathBuf>,
        /// Check every row and say what would be written, but write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Check dates against this date (YYYY-MM-DD) instead of site.yaml's as_of or today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
    },
    /// Print the standing body's monitoring view: tasks per lead agency by status,
    /// overdue tasks, and the communes/wards that have not reported.
    Report {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Compute statuses as of this date (YYYY-MM-DD) instead of site.yaml's as_of or today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Only the tasks this agency leads (an agency id).
        #[arg(long)]
        agency: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

#[derive(Subcommand)]
pub enum NewWhat {
    /// A progress entry for a task: content/progress/YYYY/<id>.md.
    Progress {
        /// The task it reports on (a task id).
        #[arg(long)]
        task: String,
        /// The commune or ward reporting (required for tasks every commune and ward carries out).
        #[arg(long)]
        locality: Option<String>,
        /// The reporting agency [default: the task's lead agency].
        #[arg(long)]
        reporter: Option<String>,
        /// The report's date (YYYY-MM-DD) [default: today in the site's time zone].
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        #[arg(long, value_enum, default_value_t = EntryStatusArg::InProgress)]
        status: EntryStatusArg,
        /// The title [default: the task's title, after the commune's name].
        #[arg(long)]
        title: Option<String>,
    },
    /// A model practice, exemplary collective or individual: content/practices/<id>.md.
    Practice {
        #[arg(long)]
        title: Option<String>,
        #[arg(long, value_enum, default_value_t = PracticeKindArg::Practice)]
        kind: PracticeKindArg,
        /// The agency it belongs to [default: the standing body].
        #[arg(long)]
        agency: Option<String>,
        #[arg(long)]
        locality: Option<String>,
        /// A related task (repeat for several).
        #[arg(long = "task")]
        tasks: Vec<String>,
        /// Its date (YYYY-MM-DD) [default: today in the site's time zone].
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum EntryStatusArg {
    Planned,
    InProgress,
    Done,
    Blocked,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PracticeKindArg {
    Practice,
    Collective,
    Individual,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LanguageArg {
    Vi,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

fn not_a_folder(site: &Path) -> Option<ExitCode> {
    if site.is_dir() {
        None
    } else {
        eprintln!("error: `{}` is not a folder", site.display());
        Some(ExitCode::from(2))
    }
}

pub fn run(cmd: EditorCommand, color: Color) -> ExitCode {
    match cmd {
        EditorCommand::Serve { site, port, as_of } => serve(site, port, as_of, color),
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

fn serve(site: PathBuf, port: u16, as_of: Option<Date>, color: Color) -> ExitCode {
    use tiendo::serve::{Event, Outcome};
    if let Some(code) = not_a_folder(&site) {
        return code;
    }
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
    let opts = tiendo::serve::ServeOptions {
        site_dir: site,
        port,
        as_of,
    };
    let running = match tiendo::serve::start(&opts, on_event) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let stop = running.stopper();
    if let Err(e) = ctrlc::set_handler(stop) {
        eprintln!("warning: Ctrl-C will not stop the server cleanly: {e}");
    }
    running.wait();
    println!("stopped");
    ExitCode::SUCCESS
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
) -> ExitCode {
    if let Some(code) = not_a_folder(site) {
        return code;
    }
    let checked = tiendo::check(site, as_of);
    let mut err = std::io::stderr().lock();
    let terminal = err.is_terminal();
    if checked.has_errors() {
        print_diagnostics(&checked.diagnostics, site, color, &mut err, terminal);
        let _ = writeln!(
            err,
            "report failed: {}; fix the content first (`tiendo check`)",
            checked.diagnostics.summary()
        );
        return ExitCode::from(1);
    }
    let Some(s) = checked.site.as_ref() else {
        return ExitCode::from(1);
    };
    let progress = s.progress(checked.as_of);
    let m = match tiendo::report::Monitoring::new(s, &progress, agency) {
        Ok(m) => m,
        Err(hint) => {
            let _ = writeln!(
                err,
                "error: unknown agency `{}`{}",
                agency.unwrap_or_default(),
                hint.map(|h| format!(" (did you mean `{h}`?)"))
                    .unwrap_or_else(|| " (see content/agencies.yaml)".into())
            );
            return ExitCode::from(2);
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
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new(site: &Path, what: NewWhat, color: Color) -> ExitCode {
    use tiendo::model::{EntryStatus, PracticeKind};
    use tiendo::scaffold::{self, ScaffoldError};
    if let Some(code) = not_a_folder(site) {
        return code;
    }
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
            ExitCode::SUCCESS
        }
        Err(e) => {
            if let ScaffoldError::Content(d) | ScaffoldError::Invalid(d) = &e {
                print_diagnostics(d, site, color, &mut err, terminal);
            }
            let _ = writeln!(err, "error: {}", escape_for_terminal(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}

fn init(dir: &Path, title: Option<String>, language: LanguageArg) -> ExitCode {
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
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn template_file(path: &Path, site: &Path) -> ExitCode {
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
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn import(
    file: Option<&Path>,
    site: &Path,
    dry_run: bool,
    as_of: Option<Date>,
    color: Color,
) -> ExitCode {
    use tiendo::import::ImportError;
    let Some(file) = file else {
        eprintln!("error: name the spreadsheet to import (or --template to write a blank one)");
        return ExitCode::from(2);
    };
    if let Some(code) = not_a_folder(site) {
        return code;
    }
    let shown = file.display().to_string();
    let opts = tiendo::import::ImportOptions { as_of, dry_run };
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
            ExitCode::SUCCESS
        }
        Err(ImportError::Rows(problems)) => {
            for p in &problems {
                let _ = writeln!(err, "{}", escape_for_terminal(&p.to_line(&shown)));
            }
            let errors = problems
                .iter()
                .filter(|p| p.severity == tiendo::diagnostics::Severity::Error)
                .count();
            let _ = writeln!(
                err,
                "import failed: {errors} error{} in {shown}; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
            ExitCode::from(1)
        }
        Err(e) => {
            if let ImportError::Site(d) = &e {
                let terminal = err.is_terminal();
                print_diagnostics(d, site, color, &mut err, terminal);
            }
            let _ = writeln!(err, "error: {}", escape_for_terminal(&e.to_string()));
            ExitCode::from(e.exit_code())
        }
    }
}
