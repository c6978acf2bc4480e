//! Diagnostics as the reader gets them: quoted with the source in a terminal,
//! one a line otherwise.

use std::io::Write;
use std::sync::atomic::{AtomicU8, Ordering};

use tiendo::messages::{Lang, Msg};

use super::args::Color;

/// How much the commands say besides problems: 0 quiet, 1 normal, 2 verbose.
static LEVEL: AtomicU8 = AtomicU8::new(1);

/// The language of every message: `--lang`, else the site's (`main.rs`).
static LANG: AtomicU8 = AtomicU8::new(0);

/// Set once, before a command runs.
pub fn set_lang(lang: Lang) {
    LANG.store(
        match lang {
            Lang::Vi => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// `--lang`, when it was given (the preview then speaks it whatever the site's).
static EXPLICIT: AtomicU8 = AtomicU8::new(0);

/// Whether `--lang` was given.
pub fn set_explicit(given: bool) {
    EXPLICIT.store(u8::from(given), Ordering::Relaxed);
}

/// The language `--lang` named, if it was given.
pub fn explicit_lang() -> Option<Lang> {
    (EXPLICIT.load(Ordering::Relaxed) == 1).then(lang)
}

/// The language messages are printed in.
pub fn lang() -> Lang {
    match LANG.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Vi,
    }
}

/// A message, in the language of the command.
pub fn say(m: &Msg) -> String {
    m.render(lang())
}

/// Set by `--quiet` and `--verbose`, once, before a command runs.
pub fn set_level(quiet: bool, verbose: bool) {
    LEVEL.store(
        if quiet {
            0
        } else if verbose {
            2
        } else {
            1
        },
        Ordering::Relaxed,
    );
}

/// `--quiet`: print problems only.
pub fn quiet() -> bool {
    LEVEL.load(Ordering::Relaxed) == 0
}

/// `--verbose`: print the stages' times too.
pub fn verbose() -> bool {
    LEVEL.load(Ordering::Relaxed) == 2
}

/// Print diagnostics: pretty (with source snippets) to a terminal, one per line otherwise.
pub fn print_diagnostics(
    d: &tiendo::diagnostics::Diagnostics,
    site: &std::path::Path,
    color: Color,
    out: &mut dyn Write,
    terminal: bool,
) {
    let colored = colored(color, terminal, |k| std::env::var(k).ok());
    if terminal || colored {
        let _ = out.write_all(&d.render_pretty(site, colored, lang()));
    } else {
        let _ = out.write_all(d.render_lines(lang()).as_bytes());
    }
}

/// Whether to colour: `--color always|never` decides; otherwise `NO_COLOR` (any
/// value) turns colour off, `CLICOLOR_FORCE` (not `0`) on even when piped,
/// `CLICOLOR=0` off; else colour goes to a terminal only.
fn colored(color: Color, terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
    match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
                false
            } else if env("CLICOLOR_FORCE").is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else if env("CLICOLOR").as_deref() == Some("0") {
                false
            } else {
                terminal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_follows_the_flag_then_no_color_then_clicolor() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        assert!(colored(Color::Auto, true, env(&[])));
        assert!(!colored(Color::Auto, false, env(&[])));
        assert!(!colored(Color::Auto, true, env(&[("NO_COLOR", "1")])));
        assert!(colored(Color::Auto, false, env(&[("CLICOLOR_FORCE", "1")])));
        assert!(!colored(
            Color::Auto,
            false,
            env(&[("CLICOLOR_FORCE", "0")])
        ));
        assert!(!colored(Color::Auto, true, env(&[("CLICOLOR", "0")])));
        assert!(!colored(
            Color::Auto,
            false,
            env(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")])
        ));
        assert!(colored(Color::Always, false, env(&[("NO_COLOR", "1")])));
        assert!(!colored(Color::Never, true, env(&[])));
    }
}
