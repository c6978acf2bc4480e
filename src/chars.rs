//! Characters text from content must not carry, and how they are written
//! out when a message quotes them: C0 controls other than tab and newline,
//! DEL, C1 controls and the bidirectional overrides. Used by `check` (content
//! files), by every message printed to a terminal, and by the renderer.

use std::fmt::Write as _;

/// A character that must not reach a terminal, a feed or a page from content:
/// C0 controls other than tab, newline and carriage return, DEL, C1 controls,
/// and the bidirectional overrides and isolates (text that reads differently
/// from how it is stored).
pub fn forbidden_char(c: char) -> bool {
    matches!(c, '\0'..='\x08' | '\x0b' | '\x0c' | '\x0e'..='\x1f' | '\x7f'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every [`forbidden_char`] written out as `\u{1b}`, so that a
/// message quoting content can be printed to a terminal or a log safely.
pub fn escape_for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(forbidden_char) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if forbidden_char(c) {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// The first forbidden character of `text`: its byte offset and the character.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    // In UTF-8 every forbidden character begins with a byte below 0x20, 0x7f,
    // 0xc2 (the C1 controls) or 0xe2 (the bidirectional controls), none of
    // them the middle of a character: the text is passed over a byte at a
    // time, and a character decoded only where one of those begins it.
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(skip) = bytes[from..]
        .iter()
        .position(|&b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2)
    {
        let at = from + skip;
        let c = text[at..].chars().next()?;
        if forbidden_char(c) {
            return Some((at, c));
        }
        from = at + c.len_utf8();
    }
    None
}

/// The first forbidden character in a content file, written as is or as a YAML
/// escape in a double-quoted string of its YAML part (`yaml`, a part of `text`:
/// the front matter of a Markdown file, or the whole of a YAML file): its
/// 1-based line and column, and the character.
pub fn find_control(text: &str, yaml: &str) -> Option<(usize, usize, char)> {
    let raw = first_forbidden(text).map(|(at, c)| {
        let before = &text[..at];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, col, c)
    });
    let escaped = (yaml.as_ptr() as usize)
        .checked_sub(text.as_ptr() as usize)
        .and_then(|yaml_at| {
            let first_line = text.get(..yaml_at)?.matches('\n').count();
            let (line, col, c) = yaml_escape(yaml)?;
            Some((first_line + line, col, c))
        });
    // The one nearer the top of the file.
    match (raw, escaped) {
        (Some(a), Some(b)) => Some(if (b.0, b.1) < (a.0, a.1) { b } else { a }),
        (a, b) => a.or(b),
    }
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
pub fn describe_char(c: char) -> crate::messages::Msg {
    use crate::messages::Msg;
    let name = match c {
        '\0' => Msg::new("char-nul"),
        '\x0b' => Msg::new("char-vertical-tab"),
        '\x0c' => Msg::new("char-form-feed"),
        '\x1b' => Msg::new("char-escape"),
        '\x7f' => Msg::new("char-del"),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => Msg::new("char-bidi"),
        _ => Msg::new("char-control"),
    };
    name.arg("code", format!("U+{:04X}", c as u32))
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

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The byte scan finds what a scan of every character finds: each character
    /// up to U+3000 (all the forbidden ones, Vietnamese letters, the dashes and
    /// quotes that share a first byte with the bidirectional controls) after
    /// Vietnamese text and before more.
    #[test]
    fn the_first_forbidden_character_is_the_one_a_scan_of_every_character_finds() {
        let every = |text: &str| text.char_indices().find(|&(_, c)| forbidden_char(c));
        for c in (0..0x3000).filter_map(char::from_u32) {
            for text in [
                format!("{c}"),
                format!("Đảng ủy “xã” – {c}"),
                format!("Nghị quyết{c}\u{2013}\u{202e}"),
                format!("ẩ{c}{c}x\u{85}"),
            ] {
                assert_eq!(first_forbidden(&text), every(&text), "{:?}", text);
            }
        }
    }

    #[test]
    fn control_characters_in_files_and_yaml_escapes() {
        let text = "---\ntitle: \"a\\eb\"\n---\nbody\n";
        assert_eq!(find_control(text, &text[4..21]), Some((2, 10, '\x1b')));
        let text = "---\ntitle: ok\n---\nline\nbad\x0bhere\n";
        assert_eq!(find_control(text, &text[4..14]), Some((5, 4, '\x0b')));
        let text = "a: 'C:\\folder' # \"\\e\"\nb: \"\\t\\\"\\u00e9\"\n";
        assert_eq!(find_control(text, text), None);
    }
}
