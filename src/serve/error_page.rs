//! The page the preview shows instead of a stale one while the content has
//! errors: the same problems `tiendo check` prints (file, line, what to do),
//! with the source lines quoted. It carries the live-reload script, so it turns
//! back into the site by itself when the files are fixed.

use std::fmt::Write as _;
use std::path::Path;

use crate::diagnostics::{severity_word, Diagnostics, Severity};
use crate::messages::{text, Lang, Msg};
use crate::render::escape_html;

const STYLE: &str = "body{font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;margin:0;color:#1b1f24;background:#fff}\
main{max-width:60rem;margin:0 auto;padding:1rem}\
h1{font-size:1.5rem;color:#8c1c13;margin:.5rem 0}\
ol{padding-left:1.2rem}li{margin:0 0 1rem}\
.loc{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:700}\
.sev-error{color:#b3261e;font-weight:700}.sev-warning{color:#8a5300;font-weight:700}\
.help{margin:.2rem 0 0;padding:.3rem .6rem;background:#f3f5f8;border-left:4px solid #0b4f9c}\
pre{background:#1b1f24;color:#f3f5f8;padding:.8rem;overflow:auto;font-size:.85rem;border-radius:4px}\
.note{color:#4a5360}";

/// The error page for `d` (already resolved to lines) found in `site_dir`, in
/// `lang`. `inject` is the live-reload snippet.
pub fn diagnostics_page(d: &Diagnostics, site_dir: &Path, inject: &str, lang: Lang) -> String {
    let mut items = String::new();
    for x in &d.items {
        let class = match x.severity {
            Severity::Error => "sev-error",
            Severity::Warning => "sev-warning",
        };
        let _ = write!(
            items,
            "<li><span class=\"loc\">{}</span> <span class=\"{class}\">{}</span>: {}",
            escape_html(&x.location()),
            escape_html(&severity_word(x.severity, lang)),
            escape_html(&x.message.render(lang))
        );
        if let Some(label) = &x.label {
            let _ = write!(items, " — {}", escape_html(&label.render(lang)));
        }
        if let Some(help) = &x.help {
            let help = Msg::new("error-page-help").arg("help", help.clone());
            let _ = write!(
                items,
                "<p class=\"help\">{}</p>",
                escape_html(&help.render(lang))
            );
        }
        items.push_str("</li>\n");
    }
    let pretty = String::from_utf8_lossy(&d.render_pretty(site_dir, false, lang)).into_owned();
    page(
        lang,
        &text(lang, "error-page-title"),
        &format!(
            "<h1>{}</h1>\
             <p>{}. {}</p>\
             <ol>\n{items}</ol>\
             <h2>{} (<code>tiendo check</code>)</h2><pre>{}</pre>",
            escape_html(&text(lang, "error-page-title")),
            escape_html(&d.summary().render(lang)),
            escape_html(&text(lang, "error-page-reloads")),
            escape_html(&text(lang, "error-page-details")),
            escape_html(&pretty)
        ),
        inject,
    )
}

/// The error page for a failure that is not in the content (a theme
/// template), in `lang`.
pub fn message_page(lang: Lang, title: &Msg, message: &str, inject: &str) -> String {
    let title = title.render(lang);
    page(
        lang,
        &title,
        &format!(
            "<h1>{}</h1><pre>{}</pre><p>{}</p>",
            escape_html(&title),
            escape_html(message),
            escape_html(&text(lang, "error-page-reloads"))
        ),
        inject,
    )
}

fn page(lang: Lang, title: &str, body: &str, inject: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} · tiendo serve</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n{inject}</body>\n</html>\n",
        lang.code(),
        escape_html(title)
    )
}
