//! What `check` reads in a Markdown text before it is rendered: nesting the
//! renderer refuses and links whose scheme is not allowed. The renderer
//! (`render::markdown`) parses with the same options and counts nesting the
//! same way, so what check passes renders, and what it refuses never runs.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::safe;

/// How deep blocks and raw HTML elements may nest in one text. Real content
/// nests a few levels (a list in a quote in a list); thousands of levels only
/// make the HTML parser work in quadratic time.
pub const MAX_NESTING: usize = 100;

pub fn options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    opts
}

/// Something in a Markdown text that `check` reports: where (a byte range of
/// the text) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub range: std::ops::Range<usize>,
    pub kind: ProblemKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// Blocks or HTML elements nested deeper than [`MAX_NESTING`].
    TooDeep,
    /// A link or image whose scheme is not allowed (the URL as written).
    Scheme(String),
}

/// Counts the nesting of blocks and of raw HTML elements, as events arrive.
#[derive(Default)]
pub struct Depth {
    blocks: usize,
    html: usize,
}

impl Depth {
    /// Update for one event; `true` when the nesting is now too deep.
    pub fn see(&mut self, ev: &Event) -> bool {
        match ev {
            Event::Start(_) => self.blocks += 1,
            Event::End(_) => self.blocks = self.blocks.saturating_sub(1),
            Event::Html(t) | Event::InlineHtml(t) => self.html_tags(t),
            _ => {}
        }
        self.blocks + self.html > MAX_NESTING
    }

    /// Opening tags count one level, closing tags take one off (void and
    /// self-closed elements and comments count nothing).
    fn html_tags(&mut self, text: &str) {
        const VOID: [&str; 14] = [
            "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
            "source", "track", "wbr",
        ];
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
            let at = i + off + 1;
            i = at;
            let closing = bytes.get(at) == Some(&b'/');
            let name_start = at + usize::from(closing);
            let name_len = bytes[name_start..]
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 {
                continue;
            }
            let name = text[name_start..name_start + name_len].to_ascii_lowercase();
            if closing {
                self.html = self.html.saturating_sub(1);
                continue;
            }
            let tag_end = memchr::memchr(b'>', &bytes[name_start..])
                .map(|e| name_start + e)
                .unwrap_or(bytes.len());
            let self_closed = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
            if !self_closed && !VOID.contains(&name.as_str()) {
                self.html += 1;
            }
        }
    }
}

/// What `check` reads in one Markdown text, from one parse of it: what it
/// reports ([`Problem`]s: nesting beyond [`MAX_NESTING`], once, and every link
/// or image with a scheme that is not allowed), every link and image
/// destination, and the `media/` links Markdown does not read
/// ([`unread_media_links`]). An entry's is read when its file is loaded
/// (`Entry::reading`), so that checking the whole site again after one file
/// changed, as the preview does, parses only that file's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub problems: Vec<Problem>,
    pub links: Vec<Link>,
    pub unread_media: Vec<std::ops::Range<usize>>,
}

/// Read `src` once for everything `check` asks of a Markdown text ([`Reading`]).
pub fn read(src: &str) -> Reading {
    let mut out = Reading {
        unread_media: unread_media_links(src),
        ..Reading::default()
    };
    let mut depth = Depth::default();
    let mut too_deep = false;
    for (ev, range) in Parser::new_ext(src, options()).into_offset_iter() {
        if !too_deep && depth.see(&ev) {
            out.problems.push(Problem {
                range: range.clone(),
                kind: ProblemKind::TooDeep,
            });
            too_deep = true;
        }
        if let Event::Html(html) | Event::InlineHtml(html) = &ev {
            if !too_deep {
                for (at, url) in html_urls(html) {
                    if !safe::url_allowed(url) {
                        let start = range.start + at;
                        out.problems.push(Problem {
                            range: start..start + url.len(),
                            kind: ProblemKind::Scheme(url.to_string()),
                        });
                    }
                }
            }
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &ev {
            // Point at the URL inside `[text](url)` when it is written as read.
            let range = src[range.clone()]
                .rfind(dest_url.as_ref())
                .map(|i| range.start + i..range.start + i + dest_url.len())
                .unwrap_or(range);
            if !too_deep && !safe::url_allowed(dest_url) {
                out.problems.push(Problem {
                    range: range.clone(),
                    kind: ProblemKind::Scheme(dest_url.to_string()),
                });
            }
            out.links.push(Link {
                range,
                url: dest_url.to_string(),
            });
        }
    }
    out
}

/// The problems `check` reports about a Markdown text ([`Reading::problems`]).
pub fn problems(src: &str) -> Vec<Problem> {
    read(src).problems
}

/// A link or image destination in a Markdown text: the URL as written and its
/// byte range in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub range: std::ops::Range<usize>,
    pub url: String,
}

/// Links to a file of the site whose name has a space, written
/// `[a](media/ảnh đẹp.png)`: Markdown does not read them as links (the page
/// would show the brackets). The byte range of each destination.
pub fn unread_media_links(src: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    for (at, _) in src.match_indices("](") {
        let start = at + 2;
        let Some(len) = src[start..].find([')', '\n']) else {
            continue;
        };
        let dest = &src[start..start + len];
        let trimmed = dest.trim_start();
        let lead = dest.len() - trimmed.len();
        if !(trimmed.starts_with("media/") || trimmed.starts_with("/media/")) {
            continue;
        }
        // `(media/a.png "title")` is a link with a title, read as such.
        let spaced = trimmed
            .trim_end()
            .split_once(char::is_whitespace)
            .is_some_and(|(_, rest)| !rest.trim_start().starts_with(['"', '\'', '(']));
        if spaced {
            out.push(start + lead..start + lead + trimmed.trim_end().len());
        }
    }
    out
}

/// The values of `href`, `src`, `action`, `formaction`, `poster` and `srcset`
/// attributes in raw HTML, with their byte offsets (ammonia drops the unsafe
/// ones when rendering; this is for check to say so).
fn html_urls(html: &str) -> Vec<(usize, &str)> {
    const NAMES: [&str; 6] = ["href", "src", "action", "formaction", "poster", "srcset"];
    let lower = html.to_ascii_lowercase();
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'=', &bytes[i..]) {
        let eq = i + off;
        i = eq + 1;
        let name_end = lower[..eq].trim_end().len();
        let name_start = lower[..name_end]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .map_or(0, |p| p + 1);
        if !NAMES.contains(&&lower[name_start..name_end]) {
            continue;
        }
        let value_start = eq + 1 + (html[eq + 1..].len() - html[eq + 1..].trim_start().len());
        let (start, end) = match bytes.get(value_start) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &bytes[value_start + 1..])
                    .map_or(bytes.len(), |e| value_start + 1 + e);
                (value_start + 1, end)
            }
            Some(_) => {
                let end = html[value_start..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '>')
                    .map_or(bytes.len(), |e| value_start + e);
                (value_start, end)
            }
            None => continue,
        };
        out.push((start, &html[start..end]));
        i = end.max(i);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_media_links_markdown_does_not_read() {
        let src = "Xem [báo cáo](media/a.pdf) và ![ảnh](/media/b.png \"Ảnh\").\n\n![ảnh](media/ảnh đẹp.png)";
        let found: Vec<(String, &str)> = read(src)
            .links
            .into_iter()
            .map(|l| (l.url.clone(), &src[l.range]))
            .collect();
        assert_eq!(
            found,
            [
                ("media/a.pdf".to_string(), "media/a.pdf"),
                ("/media/b.png".to_string(), "/media/b.png")
            ]
        );
        let unread: Vec<&str> = unread_media_links(src)
            .into_iter()
            .map(|r| &src[r])
            .collect();
        assert_eq!(unread, ["media/ảnh đẹp.png"]);
    }
}
