//! The command line: every command, option and value, as clap reads them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use tiendo::messages::Msg;
use tiendo::model::Date;

#[derive(Parser)]
#[command(
    name = "tiendo",
    version,
    about = "Static portal for public reporting on government plans"
)]
pub struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// Print only problems (errors and warnings): no summary, no progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each stage took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The language of tiendo's messages [default: the site's `language:` in
    /// content/site.yaml, else vi].
    #[arg(long, global = true, value_name = "vi|en")]
    pub lang: Option<tiendo::messages::Lang>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
pub enum Command {
    /// Load and validate the content; report every problem with file, line and column.
    Check {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Compute statuses as of this date (YYYY-MM-DD) instead of site.yaml's as_of or today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Also report the addresses of the live site (its sitemap.xml or
        /// tiendo-addresses.json) that this content would no longer publish.
        #[arg(long, value_name = "FILE")]
        published: Option<PathBuf>,
    },
    /// Build the static portal into the output folder (replaced only when the build succeeds).
    Build {
        /// The site folder (holding content/).
        #[arg(default_value = ".")]
        site: PathBuf,
        /// Output folder [default: SITE/public].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Compute statuses as of this date (YYYY-MM-DD) instead of site.yaml's as_of or today.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<Date>,
        /// Publish under this URL instead of site.yaml's base_url (may have a path, e.g. https://host/sub/).
        #[arg(long)]
        base_url: Option<String>,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// Build no search index (for very large sites or quick checks).
        #[arg(long)]
        no_search: bool,
        /// Compare with what the live site publishes (its sitemap.xml or
        /// tiendo-addresses.json) instead of the previous output folder: a deploy
        /// job that builds from a fresh clone.
        #[arg(long, value_name = "FILE")]
        published: Option<PathBuf>,
        /// Let this build drop a published address on purpose (repeat for several;
        /// `removed:` in site.yaml also says why, on a page at the old address).
        #[arg(long, value_name = "PATH", num_args = 1..)]
        allow_removed: Vec<String>,
    },
    /// Give a task, agency, commune or ward, goal, practice or progress entry a new
    /// id: every reference follows, and the old address redirects to the new one.
    Mv {
        /// What the id names.
        #[arg(value_enum)]
        kind: KindArg,
        /// The id it has now.
        old: String,
        /// The new id (lowercase letters without tone marks, digits, hyphens).
        new: String,
        /// The site folder (holding content/) [default: .].
        #[arg(value_name = "SITE", conflicts_with = "site")]
        folder: Option<PathBuf>,
        /// The site folder, as an option (the same as SITE).
        #[arg(long)]
        site: Option<PathBuf>,
        /// Print the changes, write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    #[command(flatten)]
    Editor(EditorCommand),
    /// Print the completion script of a shell (bash, zsh, fish, powershell, elvish),
    /// e.g. `tiendo completions bash > /etc/bash_completion.d/tiendo`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `tiendo man > tiendo.1 && man ./tiendo.1`.
    Man,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum KindArg {
    Task,
    Agency,
    Locality,
    Goal,
    Practice,
    Entry,
}

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
        /// Listen on this address (e.g. 0.0.0.0, the office network) instead of
        /// 127.0.0.1; the editing forms then answer only with --edit-token.
        #[arg(long)]
        bind: Option<std::net::IpAddr>,
        /// The token editors type once before the forms answer beyond 127.0.0.1
        /// (at least 16 characters).
        #[arg(long, conflicts_with = "edit_token_file")]
        edit_token: Option<String>,
        /// A file whose first line is the edit token (kept out of the shell's history).
        #[arg(long)]
        edit_token_file: Option<PathBuf>,
        /// Open the preview in the web browser once it is ready.
        #[arg(long)]
        open: bool,
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
    /// docs/import.md), or from every spreadsheet of a folder at once: one entry
    /// per row, written only if every row of every file is valid.
    Import {
        /// The spreadsheet, or a folder of them (the workbooks of a collection round).
        #[arg(required_unless_present = "template")]
        file: Option<PathBuf>,
        /// The site folder (holding content/).
        #[arg(long, default_value = ".")]
        site: PathBuf,
        /// Write a blank template instead (.csv, or .xlsx with the site's lists of ids).
        #[arg(long, value_name = "PATH", num_args = 0..=1, default_missing_value = "mau-nhap-tien-do.csv")]
        template: Option<PathBuf>,
        /// With --template: the monthly collection round, one workbook per
        /// commune/ward in this folder, listing the tasks it has to report on.
        #[arg(long, value_name = "DIR", requires = "template")]
        per_locality: Option<PathBuf>,
        /// The round's month or quarter: 2026-12, 2026-Q4 [default: the month of
        /// the as-of date].
        #[arg(long, value_parser = parse_period, requires = "per_locality")]
        period: Option<PeriodArg>,
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
        /// Also list the communes/wards that have not reported in this month or
        /// quarter: 2026-11 (or 11/2026), 2026-Q4 (or Q4/2026).
        #[arg(long, value_parser = parse_period)]
        period: Option<PeriodArg>,
        /// List only the communes/wards that owe reports in the period (the month
        /// of the as-of date if no --period) and the tasks each owes.
        #[arg(long)]
        missing: bool,
        /// Write the report to this file instead of printing it: .xlsx, .csv
        /// (UTF-8 for Excel), .json or .txt.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum NewWhat {
    /// A progress entry for a task: content/progress/YYYY/<id>.md.
    Progress {
        /// The site folder (holding content/); the same as --site [default: .].
        #[arg(value_name = "SITE")]
        folder: Option<PathBuf>,
        /// The task it reports on (a task id).
        #[arg(long)]
        task: String,
        /// The commune or ward reporting (required for tasks every commune and ward carries out).
        #[arg(long)]
        locality: Option<String>,
        /// The reporting agency [default: the task's lead agency].
        #[arg(long)]
        reporter: Option<String>,
        /// The report's date (30/6/2026 or 2026-06-30) [default: today in the site's time zone].
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// The status, as in content files: in_progress, done, blocked, planned, or
        /// the Vietnamese words (đang thực hiện, hoàn thành, gặp vướng mắc, đã lên kế hoạch).
        #[arg(long, value_parser = StatusParser, default_value = "in_progress")]
        status: tiendo::model::EntryStatus,
        /// The title [default: the task's title, after the commune's name].
        #[arg(long)]
        title: Option<String>,
    },
    /// A model practice, exemplary collective or individual: content/practices/<id>.md.
    Practice {
        /// The site folder (holding content/); the same as --site [default: .].
        #[arg(value_name = "SITE")]
        folder: Option<PathBuf>,
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
        /// Its date (30/6/2026 or 2026-06-30) [default: today in the site's time zone].
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },
}

/// A status on the command line, read as content files and spreadsheets read
/// it (`EntryStatus::parse`); completions and help offer the codes.
#[derive(Clone)]
pub struct StatusParser;

impl clap::builder::TypedValueParser for StatusParser {
    type Value = tiendo::model::EntryStatus;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = value.to_string_lossy();
        tiendo::model::EntryStatus::parse(&text).map_err(|why| {
            let name = arg.map(|a| a.to_string()).unwrap_or_default();
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("invalid value for '{name}': {}\n", why.encode()),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            ["in_progress", "done", "blocked", "planned"]
                .into_iter()
                .map(clap::builder::PossibleValue::new),
        ))
    }
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

/// A month (`quarter: false`, 1–12) or a quarter (1–4) of a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodArg {
    pub year: i32,
    pub quarter: bool,
    pub n: u32,
}

/// `2026-11`, `11/2026`, `2026-Q4`, `Q4/2026` (any case).
/// A month or quarter; what is wrong is said in the command's language once
/// it is known (`main.rs`).
pub fn parse_period(s: &str) -> Result<PeriodArg, String> {
    let t = s.trim().to_ascii_lowercase();
    let (year, part) = match (t.split_once('-'), t.split_once('/')) {
        (Some((y, p)), _) => (y, p),
        (None, Some((p, y))) => (y, p),
        _ => return Err(Msg::new("period-not-a-period").arg("text", s).encode()),
    };
    let year: i32 = year
        .parse()
        .ok()
        .filter(|y| (1900..=9999).contains(y))
        .ok_or_else(|| {
            Msg::new("period-not-a-year")
                .arg("text", s)
                .arg("year", year)
                .encode()
        })?;
    let (quarter, n) = match part.strip_prefix('q') {
        Some(q) => (true, q.parse::<u32>().ok().filter(|q| (1..=4).contains(q))),
        None => (
            false,
            part.parse::<u32>().ok().filter(|m| (1..=12).contains(m)),
        ),
    };
    let n = n.ok_or_else(|| Msg::new("period-out-of-range").arg("text", s).encode())?;
    Ok(PeriodArg { year, quarter, n })
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    // Said in the command's language once it is known (`main.rs`).
    Date::parse(s).map_err(|m| m.encode())
}
