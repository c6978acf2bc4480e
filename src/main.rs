//! The `tiendo` command: parse arguments, call the library, map results to exit codes
//! (0 clean, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tiendo::model::Date;

#[derive(Parser)]
#[command(
    name = "tiendo",
    version,
    about = "Static portal for public reporting on government plans"
)]
struct Cli {
    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    color: Color,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
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
    },
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check {
            site,
            as_of,
            strict,
        } => {
            if !site.is_dir() {
                eprintln!("error: `{}` is not a folder", site.display());
                return ExitCode::from(2);
            }
            let checked = tiendo::check(&site, as_of);
            let d = &checked.diagnostics;
            let mut out = std::io::stdout().lock();
            let color = match cli.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => out.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            if out.is_terminal() || matches!(cli.color, Color::Always) {
                let _ = out.write_all(&d.render_pretty(&site, color));
            } else {
                let _ = out.write_all(d.render_lines().as_bytes());
            }
            let failed = d.has_errors() || (strict && !d.is_empty());
            let _ = writeln!(
                out,
                "{}: {} (statuses as of {})",
                if failed {
                    "check failed"
                } else {
                    "check passed"
                },
                d.summary(),
                checked.as_of
            );
            ExitCode::from(if failed { 1 } else { 0 })
        }
    }
}
