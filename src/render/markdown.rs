//! Markdown to safe HTML: pulldown-cmark (tables, footnotes, strikethrough,
//! heading anchors), then ammonia on every result, whatever the Markdown came
//! from (a content file, import's body column, a practice, the plan): only the
//! tags, attributes, classes and link schemes in [`sanitize`]'s allow-lists
//! reach a page. Heading attributes (`## x {#id}`) are read, but of them only
//! the id survives, and only the ids tiendo writes itself.
//!
//! Text from content is never evaluated as a template: it is turned into HTML
//! here and handed to templates as a finished string.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::model::markdown::{options, Depth};
use crate::model::safe;

pub use crate::model::markdown::{problems, Problem, ProblemKind, MAX_NESTING};

/// Render Markdown to HTML that is safe to put in a page as is. Links to the
/// site's own files and pages (`media/a.png`, `/nhiem-vu/x/`) are made to
/// point under `prefix` (the site's path, `/` or `/sub/`), so that they work
/// on every page, whatever its depth, and under a base URL with a path.
pub fn to_html(src: &str, prefix: &str) -> String {
    let mut events: Vec<Event> = Vec::new();
    let mut depth = Depth::default();
    for ev in Parser::new_ext(src, options()) {
        if depth.see(&ev) {
            // `check` refuses this text; should it be rendered anyway, it is
            // shown as the text it is, which takes linear time.
            let mut out = String::with_capacity(src.len() + 32);
            let text = [
                Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)),
                Event::Text(CowStr::Borrowed(src)),
                Event::End(TagEnd::CodeBlock),
            ];
            html::push_html(&mut out, text.into_iter());
            return out;
        }
        events.push(ev);
    }

    // Give every heading an id from its text so it can be linked to; links with
    // a scheme that is not allowed lose their target.
    let mut used: HashSet<String> = HashSet::new();
    for i in 0..events.len() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
            &mut events[i]
        {
            if !safe::url_allowed(dest_url) {
                *dest_url = CowStr::Borrowed("");
            } else if let Some(url) = under_prefix(dest_url, prefix) {
                *dest_url = CowStr::from(url);
            }
        }
        match &events[i] {
            Event::Start(Tag::Heading { id, level, .. }) => {
                let level = *level;
                let id = match id {
                    Some(id) => {
                        let id = slug::slugify(id);
                        used.insert(id.clone());
                        id
                    }
                    None => {
                        let text: String = events[i + 1..]
                            .iter()
                            .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                            .filter_map(|e| match e {
                                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                                _ => None,
                            })
                            .collect();
                        unique(slug::slugify(&text), &mut used)
                    }
                };
                // Classes and other attributes written after a heading are
                // dropped here: only the anchor tiendo makes is kept.
                events[i] = Event::Start(Tag::Heading {
                    level: demote(level),
                    id: Some(CowStr::from(id)),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                });
            }
            Event::End(TagEnd::Heading(level)) => {
                events[i] = Event::End(TagEnd::Heading(demote(*level)));
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    sanitize(&align_classes(&out))
}

/// `url` made to start with the site's `prefix` when it names a file or page of
/// the site: `media/…` or a path from the site's root (`/…`, not `//host`).
fn under_prefix(url: &str, prefix: &str) -> Option<String> {
    let path = if url.starts_with("media/") {
        url
    } else {
        url.strip_prefix('/')
            .filter(|rest| !rest.starts_with('/'))?
    };
    Some(format!("{prefix}{path}"))
}

/// pulldown-cmark aligns table cells with a `style` attribute, which the pages'
/// Content-Security-Policy does not run: the theme's classes do the same.
fn align_classes(html: &str) -> std::borrow::Cow<'_, str> {
    if !html.contains(" style=\"text-align: ") {
        return html.into();
    }
    let mut out = html.to_string();
    for side in ["left", "center", "right"] {
        out = out.replace(
            &format!(" style=\"text-align: {side}\""),
            &format!(" class=\"align-{side}\""),
        );
    }
    out.into()
}

/// The page's own title is its `<h1>`: headings in content start at `<h2>`.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        other => other,
    }
}

fn unique(base: String, used: &mut HashSet<String>) -> String {
    let base = if base.is_empty() {
        "muc".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.insert(id.clone());
    id
}

/// Keep ordinary formatting; drop scripts, event handlers, `style`, `tabindex`,
/// `autofocus`, classes other than the few the theme styles, and links whose
/// scheme is not in [`safe::SCHEMES`].
pub fn sanitize(html: &str) -> String {
    // The rules are made once: a builder is a dozen sets of tags and attributes,
    // and making it for every report's text was ~1% of a 100k build's processor time.
    static RULES: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
        let mut rules = ammonia::Builder::default();
        rules
            .add_generic_attributes(["id"])
            .add_tags(["section"])
            .add_allowed_classes("th", ["align-left", "align-center", "align-right"])
            .add_allowed_classes("td", ["align-left", "align-center", "align-right"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .url_schemes(safe::SCHEMES.into_iter().collect())
            .link_rel(Some("noopener noreferrer"));
        rules
    });
    RULES.clean(html).to_string()
}

/// Plain text of some Markdown (for summaries, feeds and share text).
pub fn to_text(src: &str) -> String {
    let mut out = String::new();
    // The same options as the page, so heading attributes (`{#id}`) are not text.
    for ev in Parser::new_ext(src, options()) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::CodeBlock) => out.push(' '),
            _ => {}
        }
    }
    let mut text = String::with_capacity(out.len());
    push_words(&mut text, &out);
    text
}

/// Appends the words of `text` to `out`, each after one space (the first too,
/// unless `out` is empty): its white space made single spaces.
pub fn push_words(out: &mut String, text: &str) {
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
}

/// The first `max` characters of `text`, cut at a word boundary.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    // `out`'s length in characters, kept rather than counted again each word.
    let mut len = 0;
    for word in text.split_whitespace() {
        let word_len = word.chars().count();
        if len + word_len + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += word_len;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_footnotes_strikethrough_and_anchors() {
        let html = to_html("# Mục đích\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~bỏ~~ chú thích[^1]\n\n[^1]: Ghi chú.\n\n## Mục đích\n", "/");
        assert!(html.contains("<h2 id=\"muc-dich\">"), "{html}");
        assert!(html.contains("<h2 id=\"muc-dich-2\">"), "{html}");
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>bỏ</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn hostile_html_is_inert() {
        let html = to_html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>", "/");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn heading_attributes_keep_only_the_anchor() {
        let html = to_html(
            "## Kết quả {tabindex=0 autofocus onfocus=alert(1) style=x .c}\n\n## B {#rieng}\n",
            "/",
        );
        assert!(html.contains("<h2 id=\"ket-qua\">Kết quả</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"rieng\">B</h2>"), "{html}");
        for bad in ["onfocus", "autofocus", "tabindex", "style"] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
    }

    #[test]
    fn table_alignment_is_a_class_not_a_style() {
        let html = to_html("| a | b |\n|:-:|--:|\n| 1 | 2 |\n", "/");
        assert!(html.contains("<th class=\"align-center\">a</th>"), "{html}");
        assert!(html.contains("<td class=\"align-right\">2</td>"), "{html}");
    }

    #[test]
    fn links_with_other_schemes_lose_their_target() {
        for src in [
            "[x](JavaScript:alert(1))",
            "<a href=\"java&#9;script:alert(1)\">x</a>",
            "[x](&#106;avascript:alert(1))",
            "![x](data:image/svg+xml,<svg/onload=alert(1)>)",
            "<a href=\" javascript:alert(1)\">x</a>",
        ] {
            let html = to_html(src, "/");
            assert!(
                !html.to_ascii_lowercase().contains("script:") && !html.contains("data:"),
                "{src}: {html}"
            );
        }
        assert_eq!(problems("a [x](javascript:alert(1)) b").len(), 1);
        let raw = "<a title=x HREF = \"java&#9;script:alert(1)\">x</a> <img src=data:x>";
        let found: Vec<_> = problems(raw)
            .into_iter()
            .map(|p| raw[p.range].to_string())
            .collect();
        assert_eq!(found, ["java&#9;script:alert(1)", "data:x"]);
        assert!(problems("<a href=\"https://x.vn\">x</a> <img src=\"media/a.png\">").is_empty());
        let p = &problems("a [x](javascript:alert(1)) b")[0];
        assert_eq!(p.range, 6..25);
    }

    #[test]
    fn deep_nesting_is_refused_in_linear_time() {
        let quotes = ">".repeat(100_000);
        let divs = "<div>".repeat(200_000);
        for src in [quotes.as_str(), divs.as_str()] {
            let t = std::time::Instant::now();
            assert_eq!(problems(src)[0].kind, ProblemKind::TooDeep);
            assert!(to_html(src, "/").starts_with("<pre>"));
            assert!(t.elapsed().as_secs() < 3, "{:?}", t.elapsed());
        }
        assert!(problems(&"> ".repeat(20)).is_empty());
    }

    #[test]
    fn links_to_the_site_work_from_every_page_and_under_a_path() {
        let src = "![ảnh](media/2026/anh.png) [tệp](/media/a%20b.pdf) [việc](/nhiem-vu/x/) [nơi khác](https://x.vn/) [mục](#muc) [thư](//cdn.x/y)";
        let html = to_html(src, "/sub/");
        for want in [
            "src=\"/sub/media/2026/anh.png\"",
            "href=\"/sub/media/a%20b.pdf\"",
            "href=\"/sub/nhiem-vu/x/\"",
            "href=\"https://x.vn/\"",
            "href=\"#muc\"",
            "href=\"//cdn.x/y\"",
        ] {
            assert!(html.contains(want), "{want} in {html}");
        }
    }

    #[test]
    fn template_syntax_is_text() {
        let html = to_html("{{ 7*7 }} {% raw %}", "/");
        assert!(html.contains("{{ 7*7 }} {% raw %}"), "{html}");
    }

    #[test]
    fn excerpt_cuts_at_words() {
        assert_eq!(excerpt("một hai ba bốn", 9), "một hai…");
        assert_eq!(excerpt("ngắn", 9), "ngắn");
    }
}
