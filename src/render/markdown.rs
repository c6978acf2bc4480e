//! Markdown to safe HTML: pulldown-cmark (tables, footnotes, strikethrough,
//! heading anchors), and ammonia for any raw HTML or unusual link a file carries.
//!
//! Text from content is never evaluated as a template: it is turned into HTML
//! here and handed to templates as a finished string.

use std::collections::HashSet;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Render Markdown to HTML that is safe to put in a page as is.
pub fn to_html(src: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let mut needs_sanitizer = false;
    let mut events: Vec<Event> = Parser::new_ext(src, opts).collect();

    // Give every heading an id from its text so it can be linked to.
    let mut used: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Html(_) | Event::InlineHtml(_) => needs_sanitizer = true,
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if !plain_url(dest_url) =>
            {
                needs_sanitizer = true;
            }
            Event::Start(Tag::Heading {
                id: None,
                level,
                classes,
                attrs,
            }) => {
                let (level, classes, attrs) = (*level, classes.clone(), attrs.clone());
                let text: String = events[i + 1..]
                    .iter()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let id = unique(slug::slugify(&text), &mut used);
                events[i] = Event::Start(Tag::Heading {
                    level: demote(level),
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                });
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => {
                used.insert(id.to_string());
                if let Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) = events[i].clone()
                {
                    events[i] = Event::Start(Tag::Heading {
                        level: demote(level),
                        id,
                        classes,
                        attrs,
                    });
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                events[i] = Event::End(TagEnd::Heading(demote(*level)));
            }
            _ => {}
        }
        i += 1;
    }
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    if needs_sanitizer {
        sanitize(&out)
    } else {
        out
    }
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

/// Links pulldown-cmark may emit without a sanitizer: web, mail, phone, relative.
fn plain_url(url: &str) -> bool {
    match url.split_once(':') {
        None => true,
        Some((scheme, _))
            if scheme.contains('/') || scheme.contains('?') || scheme.contains('#') =>
        {
            true
        }
        Some((scheme, _)) => matches!(
            scheme.to_ascii_lowercase().as_str(),
            "http" | "https" | "mailto" | "tel"
        ),
    }
}

/// Keep ordinary formatting, drop scripts, event handlers, styles and unsafe URLs.
pub fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .add_tag_attributes("th", ["align", "style"])
        .add_tag_attributes("td", ["align", "style"])
        .add_tags(["sup", "section"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// Plain text of some Markdown (for summaries, feeds and share text).
pub fn to_text(src: &str) -> String {
    let mut out = String::new();
    for ev in Parser::new(src) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max` characters of `text`, cut at a word boundary.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_footnotes_strikethrough_and_anchors() {
        let html = to_html("# Mục đích\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~bỏ~~ chú thích[^1]\n\n[^1]: Ghi chú.\n\n## Mục đích\n");
        assert!(html.contains("<h2 id=\"muc-dich\">"), "{html}");
        assert!(html.contains("<h2 id=\"muc-dich-2\">"), "{html}");
        assert!(html.contains("<table>"));
        assert!(html.contains("<del>bỏ</del>"));
        assert!(html.contains("footnote"));
    }

    #[test]
    fn hostile_html_is_inert() {
        let html = to_html("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n\n<a href=\"javascript:alert(2)\">y</a>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn template_syntax_is_text() {
        let html = to_html("{{ 7*7 }} {% raw %}");
        assert!(html.contains("{{ 7*7 }} {% raw %}"), "{html}");
    }

    #[test]
    fn excerpt_cuts_at_words() {
        assert_eq!(excerpt("một hai ba bốn", 9), "một hai…");
        assert_eq!(excerpt("ngắn", 9), "ngắn");
    }
}
