//! The `tiendo` command: parse the arguments (clap), run the command (`commands.rs`
//! for check, build and mv; `editor.rs` for the editors' commands), and turn its
//! [`failure::Failure`], if any, into the exit code (`failure.rs`, the one place
//! codes are decided: 0 done, 1 content errors, 2 usage or system errors).

use std::process::ExitCode;

use clap::Parser;

mod args;
mod commands;
mod editor;
mod failure;
mod print;

use args::{Cli, Command};

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

/// Once every page is rendered: what rendering freed goes back to the system
/// now, and from here on as soon as it is freed. The search index is made last
/// and is the build's largest need of memory; on top of the pages' freed
/// memory, still kept for [`PURGE_DELAY_MS`], it set the build's peak (10k
/// reports: 371-403 MiB; handed back first: 339-341 MiB, the time the same).
fn hand_back_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer of mimalloc's option table, which mimalloc
        // reads (never caches) each time it decides to purge.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
    }
    // Each thread's heap holds what that thread freed: every thread of the
    // pool that rendered (idle now) gives its own back.
    rayon::broadcast(|_| {
        // SAFETY: collects the calling thread's own heap.
        unsafe { libmimalloc_sys::mi_collect(true) }
    });
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            if tiendo::messages::has_encoded(&text) {
                // A value tiendo refused in its own words: in the site's language.
                let lang = language_before_parsing();
                eprint!("{}", tiendo::messages::render_encoded(&text, lang));
            } else {
                let _ = e.print();
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let color = cli.color;
    print::set_level(cli.quiet, cli.verbose);
    print::set_explicit(cli.lang.is_some());
    print::set_lang(cli.lang.unwrap_or_else(|| language_of(&cli.command)));
    let done = match cli.command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "tiendo", &mut std::io::stdout());
            Ok(())
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd)
                .render(&mut std::io::stdout())
                .map_err(|e| {
                    failure::Failure::System(print::say(&failure::Failure::error(
                        tiendo::messages::io_error(&e),
                    )))
                })
        }
        Command::Editor(cmd) => editor::run(cmd, color),
        Command::Mv {
            kind,
            old,
            new,
            folder,
            site,
            dry_run,
        } => {
            let site = folder.or(site).unwrap_or_else(|| ".".into());
            commands::mv(&site, kind, &old, &new, dry_run, color)
        }
        Command::Check {
            site,
            as_of,
            strict,
            published,
        } => commands::check(&site, as_of, strict, published.as_deref(), color),
        Command::Build {
            site,
            output,
            as_of,
            base_url,
            strict,
            no_search,
            published,
            allow_removed,
        } => {
            keep_freed_memory_longer();
            let opts = tiendo::BuildOptions {
                out: output.unwrap_or_else(|| site.join("public")),
                as_of,
                render: tiendo::render::Options {
                    base_url,
                    no_search,
                    ..Default::default()
                },
                strict,
                published,
                allow_removed,
                progress: None,
                rendered: Some(hand_back_freed_memory),
            };
            commands::build(&site, &opts, color)
        }
    };
    match done {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit(),
    }
}

/// The language of messages when the arguments do not parse: `--lang`, else
/// the language of the first folder named that is a site, else of the current
/// folder's site, else Vietnamese.
fn language_before_parsing() -> tiendo::messages::Lang {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let named = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).map(String::as_str))?)
            .and_then(tiendo::messages::Lang::parse)
    });
    named
        .or_else(|| {
            args.iter()
                .filter(|a| !a.starts_with('-'))
                .find_map(|a| tiendo::content::site_language(std::path::Path::new(a)))
        })
        .or_else(|| tiendo::content::site_language(std::path::Path::new(".")))
        .unwrap_or_default()
}

/// The language of the site a command works on (`language:` in its site.yaml),
/// or of the site `init` creates; Vietnamese when there is none.
fn language_of(command: &Command) -> tiendo::messages::Lang {
    use args::{EditorCommand, LanguageArg, NewWhat};
    use tiendo::messages::Lang;
    let site = match command {
        Command::Check { site, .. } | Command::Build { site, .. } => Some(site.clone()),
        Command::Mv { folder, site, .. } => Some(
            folder
                .clone()
                .or(site.clone())
                .unwrap_or_else(|| ".".into()),
        ),
        Command::Editor(e) => match e {
            EditorCommand::Serve { site, .. }
            | EditorCommand::Import { site, .. }
            | EditorCommand::Report { site, .. } => Some(site.clone()),
            EditorCommand::New { site, what } => {
                let (NewWhat::Progress { folder, .. } | NewWhat::Practice { folder, .. }) = what;
                Some(folder.clone().unwrap_or_else(|| site.clone()))
            }
            EditorCommand::Init { language, .. } => {
                return match language {
                    LanguageArg::Vi => Lang::Vi,
                    LanguageArg::En => Lang::En,
                }
            }
        },
        Command::Completions { .. } | Command::Man => None,
    };
    site.and_then(|s| tiendo::content::site_language(&s))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option number names purge_delay: mimalloc's default for it (1000 ms in
    /// mimalloc 3) differs from its neighbours', so a reordered option table fails
    /// here; then the build's settings take (none is set in the environment here):
    /// five seconds while it renders, none once its pages are rendered.
    #[test]
    fn a_build_keeps_freed_memory_for_five_seconds_until_its_pages_are_rendered() {
        // SAFETY: reads mimalloc's option table.
        let get = |o| unsafe { libmimalloc_sys::mi_option_get(o) };
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 1000);
        assert_ne!(get(MI_OPTION_PURGE_DELAY - 1), 1000);
        assert_ne!(get(MI_OPTION_PURGE_DELAY + 1), 1000);
        keep_freed_memory_longer();
        assert_eq!(get(MI_OPTION_PURGE_DELAY), PURGE_DELAY_MS);
        hand_back_freed_memory();
        assert_eq!(get(MI_OPTION_PURGE_DELAY), 0);
    }
}
