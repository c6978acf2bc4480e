//! The `tiendo` command: parse arguments, call the library, map results to exit codes
//! (0 clean, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tiendo::model::Date;

mod editor_cli;

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
    },
    #[command(flatten)]
    Editor(editor_cli::EditorCommand),
}

/// Print diagnostics: pretty (with source snippets) to a terminal, one per line otherwise.
fn print_diagnostics(
    d: &tiendo::diagnostics::Diagnostics,
    site: &std::path::Path,
    color: Color,
    out: &mut dyn Write,
    terminal: bool,
) {
    let colored = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    if terminal || matches!(color, Color::Always) {
        let _ = out.write_all(&d.render_pretty(site, colored));
    } else {
        let _ = out.write_all(d.render_lines().as_bytes());
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s)
}

// A build allocates many small strings from several threads at once; mimalloc
// serves that far faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, mimalloc.h;
/// libmimalloc-sys does not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// How long a build keeps memory it freed before handing it back to the system.
///
/// A build frees and allocates again, a page at a time, far more memory than it
/// holds at its peak. mimalloc's default hands memory back after a second unused,
/// and the next allocation there faults it in again, a zeroed huge page at a
/// time: a tenth of a 10,000-entry build's processor time went to that (12,400
/// faults; 2,000 with five seconds). Never handing it back (-1) raised a
/// 100,000-entry build's peak from 3.6–3.7 to 4.2 GiB, ten seconds to 3.8–4.0 GiB
/// (Hugo's: 4.0–4.1); five seconds keeps it at 3.7 GiB. The preview server, which
/// runs for hours, keeps mimalloc's default. `MIMALLOC_PURGE_DELAY` in the
/// environment still decides.
const PURGE_DELAY_MS: std::ffi::c_long = 5_000;

fn keep_freed_memory_longer() {
    // SAFETY: sets one integer of mimalloc's option table. Called before the
    // build starts any thread (rayon's pool is made on first use), so no other
    // thread reads the table meanwhile.
    unsafe { libmimalloc_sys::mi_option_set_default(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
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
        Command::Editor(cmd) => editor_cli::run(cmd, cli.color),
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
            let terminal = out.is_terminal();
            print_diagnostics(d, &site, cli.color, &mut out, terminal);
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
        Command::Build {
            site,
            output,
            as_of,
            base_url,
            strict,
            no_search,
        } => {
            if !site.is_dir() {
                eprintln!("error: `{}` is not a folder", site.display());
                return ExitCode::from(2);
            }
            if let Some(url) = &base_url {
                if let Err(why) = tiendo::model::safe::base_url_problem(url) {
                    eprintln!(
                        "error: --base-url `{}` {why}\nhelp: write the address the portal is published at, e.g. --base-url https://tiendo.hungyen.gov.vn/ or https://host/sub/",
                        tiendo::chars::escape_for_terminal(url)
                    );
                    return ExitCode::from(2);
                }
            }
            keep_freed_memory_longer();
            let opts = tiendo::BuildOptions {
                out: output.unwrap_or_else(|| site.join("public")),
                as_of,
                render: tiendo::render::Options {
                    base_url,
                    inject: None,
                    no_search,
                    ..Default::default()
                },
                strict,
            };
            let mut err = std::io::stderr().lock();
            let terminal = err.is_terminal();
            match tiendo::build(&site, &opts) {
                Ok(built) => {
                    print_diagnostics(&built.warnings, &site, cli.color, &mut err, terminal);
                    if let Some(search) = &built.search {
                        print!(
                            "search index: {} pages in {:.2} s",
                            search.pages,
                            search.elapsed.as_secs_f64()
                        );
                        let gzipped = search.gzip_reused + search.gzip_made;
                        if gzipped > 0 {
                            print!(
                                "; from the cache: {} unchanged pages, {} of {gzipped} compressed files",
                                search.pages_reused, search.gzip_reused
                            );
                        }
                        println!();
                    }
                    println!(
                        "built {} files in {:.2} s into {} (statuses as of {}{})",
                        built.files,
                        built.elapsed.as_secs_f64(),
                        built.out.display(),
                        built.as_of,
                        if built.warnings.is_empty() {
                            String::new()
                        } else {
                            format!("; {}", built.warnings.summary())
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(tiendo::BuildError::Content(d)) => {
                    print_diagnostics(&d, &site, cli.color, &mut err, terminal);
                    let _ = writeln!(
                        err,
                        "build failed: {}; the previous output was left as it was",
                        d.summary()
                    );
                    ExitCode::from(1)
                }
                Err(e @ tiendo::BuildError::Render(_)) => {
                    let _ = writeln!(
                        err,
                        "error: {}\nbuild failed; the previous output was left as it was",
                        tiendo::chars::escape_for_terminal(&e.to_string())
                    );
                    ExitCode::from(1)
                }
                Err(e) => {
                    let _ = writeln!(
                        err,
                        "error: {}\nbuild failed; the previous output was left as it was",
                        tiendo::chars::escape_for_terminal(&e.to_string())
                    );
                    ExitCode::from(2)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number names purge_delay: mimalloc's default for it (1000 ms in
    /// mimalloc 3) differs from its neighbours', so a reordered option table fails
    /// here; then the build's setting takes (none is set in the environment here).
    #[test]
    fn a_build_keeps_freed_memory_for_five_seconds() {
        // SAFETY: reads mimalloc's option table.
        let get = |o| unsafe { libmimalloc_sys::mi_option_get(o) };
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 1000);
        assert_ne!(get(MI_OPTION_PURGE_DELAY - 1), 1000);
        assert_ne!(get(MI_OPTION_PURGE_DELAY + 1), 1000);
        keep_freed_memory_longer();
        assert_eq!(get(MI_OPTION_PURGE_DELAY), PURGE_DELAY_MS);
    }
}
