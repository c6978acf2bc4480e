//! What content may put on a page without running anything in a reader's
//! browser or terminal: the one check of a link's scheme, the control
//! characters text must not carry, and the kinds of media file that are inert.
//! Used by `check` (to report, with a position) and by the renderer (to never
//! emit what check would refuse, even when check was not run).

/// The schemes a link in content may have (besides none: a relative link).
pub const SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The scheme of `url` as a browser reads it, lowercased: after dropping the
/// leading and trailing spaces and C0 controls and every tab and newline inside
/// (the WHATWG URL parser does both), and after decoding HTML character
/// references (`&#106;avascript:`). `None` for a relative link.
pub fn scheme(url: &str) -> Option<String> {
    let decoded = decode_entities(url);
    let cleaned: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let colon = cleaned.find(':')?;
    let head = &cleaned[..colon];
    if head.contains(['/', '?', '#']) {
        return None;
    }
    Some(head.to_ascii_lowercase())
}

/// Whether a link may be published: relative, or one of [`SCHEMES`].
pub fn url_allowed(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => SCHEMES.contains(&s.as_str()),
    }
}

/// `&#106;`, `&#x6A;`, `&colon;`, `&Tab;`, `&NewLine;` and the few other named
/// references a scheme could be hidden behind; anything else is left as written.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .unwrap_or(after.len());
        let name = &after[..end];
        let decoded = if let Some(num) = name.strip_prefix('#') {
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => num.parse::<u32>().ok(),
            };
            n.and_then(char::from_u32)
        } else {
            match name {
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "sol" => Some('/'),
                "amp" => Some('&'),
                _ => None,
            }
        };
        match decoded {
            Some(c) => {
                out.push(c);
                let skip = end + usize::from(after[end..].starts_with(';'));
                rest = &after[skip..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

pub use crate::diagnostics::{escape_for_terminal, forbidden_char};

/// The first forbidden character of `text`: its byte offset and the character.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| forbidden_char(c))
}

/// The first forbidden character in a content file, written as is or as a YAML
/// escape in a double-quoted string of its YAML part (`yaml`, a part of `text`:
/// the front matter of a Markdown file, or the whole of a YAML file), as an
/// error at its line and column.
pub fn check_controls(
    text: &str,
    yaml: &str,
    rel: &std::path::Path,
) -> Option<crate::diagnostics::Diagnostic> {
    use crate::diagnostics::{At, Diagnostic};
    let (line, col, c) = match first_forbidden(text) {
        Some((at, c)) => {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (line, col, c)
        }
        None => {
            let yaml_at = (yaml.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
            let first_line = text.get(..yaml_at)?.matches('\n').count();
            let (line, col, c) = yaml_escape(yaml)?;
            (first_line + line, col, c)
        }
    };
    Some(
        Diagnostic::error(rel, At::Pos { line, col, len: 1 }, format!("control character {} in the text", describe_char(c)))
            .label("an invisible character that breaks feeds and can rewrite a terminal's screen")
            .help("delete it (it often comes with text pasted from another program); a line break is written by pressing Enter"),
    )
}

/// The first escape in a double-quoted YAML string that stands for a forbidden
/// character (`"\e"`, `"\x1b"`, `"\u202e"`): 1-based line and column, and the
/// character.
fn yaml_escape(yaml: &str) -> Option<(usize, usize, char)> {
    let mut in_dq = false;
    for (n, line) in yaml.lines().enumerate() {
        let mut in_sq = false;
        let mut chars = line.char_indices().peekable();
        let mut col = 0;
        let mut prev = ' ';
        while let Some((i, c)) = chars.next() {
            col += 1;
            if in_dq {
                if c == '"' {
                    in_dq = false;
                } else if c == '\\' {
                    let rest = &line[i + 1..];
                    let hex = |len: usize| {
                        rest.get(1..1 + len)
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32)
                    };
                    let decoded = match rest.chars().next() {
                        Some('0') => Some('\0'),
                        Some('a') => Some('\x07'),
                        Some('b') => Some('\x08'),
                        Some('e') => Some('\x1b'),
                        Some('v') => Some('\x0b'),
                        Some('f') => Some('\x0c'),
                        Some('N') => Some('\u{85}'),
                        Some('x') => hex(2),
                        Some('u') => hex(4),
                        Some('U') => hex(8),
                        _ => None,
                    };
                    if let Some(d) = decoded.filter(|&d| forbidden_char(d)) {
                        return Some((n + 1, col, d));
                    }
                    // The escaped character is not a quote that ends the string.
                    chars.next();
                    col += 1;
                }
            } else if c == '#' && !in_sq && prev.is_whitespace() {
                break;
            } else if c == '\'' {
                in_sq = !in_sq;
            } else if c == '"' && !in_sq {
                in_dq = true;
            }
            prev = c;
        }
    }
    None
}

/// How a forbidden character is named in a message: `U+001B (ESC)`.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\0' => " (NUL)",
        '\x0b' => " (vertical tab)",
        '\x0c' => " (form feed)",
        '\x1b' => " (ESC, a terminal escape)",
        '\x7f' => " (DEL)",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => " (a bidirectional override)",
        _ => " (a control character)",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// `text` without forbidden characters (what the renderer does when check was
/// skipped: a feed stays well-formed XML).
pub fn strip_forbidden(text: &str) -> std::borrow::Cow<'_, str> {
    if first_forbidden(text).is_none() {
        return text.into();
    }
    text.chars()
        .filter(|&c| !forbidden_char(c))
        .collect::<String>()
        .into()
}

/// A kind of media file that a browser shows or downloads without running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    WebP,
    Text,
    /// Word, Excel, PowerPoint (OOXML or the older binary formats), OpenDocument.
    Office,
}

/// The kind of a media file from its first bytes and its extension (a static
/// host picks the content type by extension, so both must agree); `Err` says
/// what the file is, or appears to be, for the message.
pub fn media_kind(name: &str, head: &[u8]) -> Result<MediaKind, String> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let sniffed = if head.starts_with(b"%PDF-") {
        Some(MediaKind::Pdf)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(MediaKind::Png)
    } else if head.starts_with(b"\xff\xd8\xff") {
        Some(MediaKind::Jpeg)
    } else if head.starts_with(b"GIF87a") || head.starts_with(b"GIF89a") {
        Some(MediaKind::Gif)
    } else if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        Some(MediaKind::WebP)
    } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xd0\xcf\x11\xe0") {
        Some(MediaKind::Office)
    } else {
        None
    };
    let expected: &[&str] = match sniffed {
        Some(MediaKind::Pdf) => &["pdf"],
        Some(MediaKind::Png) => &["png"],
        Some(MediaKind::Jpeg) => &["jpg", "jpeg"],
        Some(MediaKind::Gif) => &["gif"],
        Some(MediaKind::WebP) => &["webp"],
        Some(MediaKind::Office) => &[
            "docx", "xlsx", "pptx", "doc", "xls", "ppt", "odt", "ods", "odp",
        ],
        Some(MediaKind::Text) | None => &["txt", "csv"],
    };
    if !expected.contains(&ext.as_str()) {
        return Err(match sniffed {
            Some(k) => format!("a {k:?} file named `.{ext}`"),
            None if ext.is_empty() => "a file without an extension".to_string(),
            None => format!("a `.{ext}` file"),
        });
    }
    if let Some(kind) = sniffed {
        return Ok(kind);
    }
    // Plain text: UTF-8 (a cut at the end of `head` aside) with nothing a
    // browser that sniffs content would take for markup.
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return Err(format!("a `.{ext}` file that is not UTF-8 text")),
    };
    let lower = text.to_ascii_lowercase();
    if [
        "<html",
        "<script",
        "<svg",
        "<!doctype",
        "<?xml",
        "<body",
        "<iframe",
    ]
    .iter()
    .any(|m| lower.contains(m))
    {
        return Err(format!("a `.{ext}` file holding HTML or SVG markup"));
    }
    Ok(MediaKind::Text)
}

/// How many bytes of a media file [`media_kind`] needs.
pub const SNIFF_LEN: usize = 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_as_a_browser_reads_them() {
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\x01javascript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "tel:+84123",
        ] {
            assert!(!url_allowed(bad), "{bad:?} passed");
        }
        for good in [
            "https://hungyen.gov.vn/x",
            "HTTP://x.vn",
            "mailto:a@b.vn",
            "/media/a.pdf",
            "media/a.pdf",
            "../x?a=b:c",
            "#muc-1",
            "a/b:c",
        ] {
            assert!(url_allowed(good), "{good:?} refused");
        }
    }

    #[test]
    fn control_characters_are_found_and_escaped() {
        assert_eq!(first_forbidden("a\tb\nc\r\n"), None);
        assert_eq!(first_forbidden("ab\x1b[2J"), Some((2, '\x1b')));
        assert_eq!(first_forbidden("x\u{202e}y"), Some((1, '\u{202e}')));
        assert_eq!(
            escape_for_terminal("a\x1b]52;c;x\x07"),
            "a\\u{1b}]52;c;x\\u{7}"
        );
        assert_eq!(strip_forbidden("a\0b\x0cc"), "abc");
    }

    #[test]
    fn control_characters_in_files_and_yaml_escapes() {
        let rel = std::path::Path::new("content/x.md");
        let text = "---\ntitle: \"a\\eb\"\n---\nbody\n";
        let d = check_controls(text, &text[4..21], rel).unwrap();
        assert_eq!(d.line_col(), (2, 10), "{d:?}");
        let text = "---\ntitle: ok\n---\nline\nbad\x0bhere\n";
        assert_eq!(
            check_controls(text, &text[4..14], rel).unwrap().line_col(),
            (5, 4)
        );
        let text = "a: 'C:\\folder' # \"\\e\"\nb: \"\\t\\\"\\u00e9\"\n";
        assert!(check_controls(text, text, rel).is_none());
    }

    #[test]
    fn media_kinds_by_content_and_name() {
        assert_eq!(media_kind("a.pdf", b"%PDF-1.7\n"), Ok(MediaKind::Pdf));
        assert_eq!(
            media_kind("a.txt", "Báo cáo".as_bytes()),
            Ok(MediaKind::Text)
        );
        assert!(media_kind("a.html", b"<p>x</p>").is_err());
        assert!(media_kind("a.svg", b"<svg><script>alert(1)</script></svg>").is_err());
        assert!(media_kind("a.txt", b"<html><script>alert(1)</script>").is_err());
        assert!(
            media_kind("a.html", b"%PDF-1.7").is_err(),
            "a PDF named .html"
        );
        assert!(media_kind("a.png", b"<svg/onload=alert(1)>").is_err());
    }
}
