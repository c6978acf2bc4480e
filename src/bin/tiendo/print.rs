//! Diagnostics as the reader gets them: quoted with the source in a terminal,
//! one a line otherwise.

use std::io::Write;

use super::args::Color;

/// Print diagnostics: pretty (with source snippets) to a terminal, one per line otherwise.
pub fn print_diagnostics(
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
