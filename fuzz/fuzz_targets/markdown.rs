//! Markdown from content to the HTML a page shows: whatever the text, no
//! element runs script (no `<script>`, no `on*` attribute, no `javascript:`
//! address). Checked on the HTML as a browser parses it... approximately: on
//! the lower-cased output, which over-reports rather than misses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let html = tiendo::render::markdown::to_html(text, "/sub/").to_ascii_lowercase();
    assert!(!html.contains("<script"), "a script element survived:\n{html}");
    // An attribute whose name starts with `on`, or a `javascript:` address,
    // inside a tag (the same words in the text are text: escaped, inert).
    for tag in html.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("");
        for attr in ["href=\"", "src=\"", "action=\"", "formaction=\"", "poster=\""] {
            for (at, _) in inside.match_indices(attr) {
                let value = inside[at + attr.len()..].split('"').next().unwrap_or("");
                // Browsers drop leading spaces and controls, and tabs and
                // newlines anywhere, from a URL before reading its scheme.
                let url: String = value
                    .trim_start_matches(|c: char| c <= ' ')
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect();
                assert!(
                    !url.starts_with("javascript:"),
                    "a javascript: address survived:\n{html}"
                );
            }
        }
        // Attribute names follow whitespace; quoted values are skipped.
        let mut quoted = None;
        let mut prev = ' ';
        for (i, c) in inside.char_indices() {
            match quoted {
                Some(q) if c == q => quoted = None,
                Some(_) => {}
                None if c == '"' || c == '\'' => quoted = Some(c),
                None => {
                    if prev.is_whitespace() && inside[i..].starts_with("on") {
                        let name: String = inside[i..]
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                            .collect();
                        let rest = inside[i + name.len()..].trim_start();
                        assert!(
                            !(rest.starts_with('=') && name.len() > 2),
                            "an event handler attribute `{name}` survived:\n{html}"
                        );
                    }
                }
            }
            prev = c;
        }
    }
});
