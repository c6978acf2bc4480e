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

/// The longest id: it becomes a folder name (255 bytes on every common file
/// system), and a page's files are named under it (`og.png`, `atom.xml`).
pub const MAX_ID_LEN: usize = 200;

/// Why `url` cannot be the site's `base_url`: it must be an absolute http(s)
/// address with a host, and its path must not hold `//` (a browser reads
/// `https://a.vn//b.example/` links from the pages as going to `b.example`).
pub fn base_url_problem(url: &str) -> Result<(), crate::messages::Msg> {
    use crate::messages::Msg;
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(Msg::new("base-url-not-web"))?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    if !host_ok {
        return Err(Msg::new("base-url-no-host"));
    }
    if path.contains("//") {
        return Err(Msg::new("base-url-double-slash"));
    }
    if path.contains(['?', '#', '\\']) || path.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Msg::new("base-url-bad-path"));
    }
    Ok(())
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
pub fn media_kind(name: &str, head: &[u8]) -> Result<MediaKind, crate::messages::Msg> {
    use crate::messages::Msg;
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
            Some(k) => Msg::new("media-kind-misnamed")
                .arg("kind", format!("{k:?}"))
                .arg("ext", ext),
            None if ext.is_empty() => Msg::new("media-kind-no-extension"),
            None => Msg::new("media-kind-extension").arg("ext", ext),
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
        Err(_) => return Err(Msg::new("media-kind-not-utf8").arg("ext", ext)),
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
        return Err(Msg::new("media-kind-markup").arg("ext", ext));
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
