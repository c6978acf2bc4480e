//! Bounds on the YAML a content file may hold, checked before it is parsed
//! into values: how deeply it nests, how many values it makes once every alias
//! (`*name`) is expanded, how long one value is. Real content is far inside
//! them; a file made to exhaust memory or time (a "billion laughs" of aliases,
//! 200 KB of `[`) is refused at once, naming its file, line and column.
//! docs/limits.md has the measured worst cases.

use crate::messages::Msg;
use yaml_rust2::parser::{Event, Parser};

/// Collections inside collections (flow `[`/`{` or block).
pub const MAX_DEPTH: usize = 64;
/// Values made, counting each alias as the values it stands for.
pub const MAX_NODES: usize = 1_000_000;
/// Bytes of one value.
pub const MAX_VALUE: usize = 1 << 20;

/// Why a YAML text is refused: a message, a help and its position (1-based
/// line and column in the text).
#[derive(Debug, PartialEq)]
pub struct TooMuch {
    pub message: crate::messages::Msg,
    pub help: crate::messages::Msg,
    pub line: usize,
    pub col: usize,
}

/// Check `yaml` against the bounds. A YAML syntax error is not this check's to
/// report (`Ok`): the parser that follows reports it.
pub fn check(yaml: &str) -> Result<(), TooMuch> {
    flow_depth(yaml)?;
    // Without aliases, the values a text makes are bounded by its length,
    // serde_yaml bounds block nesting (128) and no value is longer than the
    // text: the second pass, which costs as much as parsing, is for texts with
    // aliases or longer than a value may be.
    if yaml.len() > MAX_VALUE || yaml.contains('*') {
        nodes(yaml)?;
    }
    Ok(())
}

/// The flow nesting (`[`, `{`) of `yaml`, found without the YAML scanner (whose
/// time grows with the square of it): brackets in quotes and comments do not
/// count; a bracket in a plain or block text may, which only matters past
/// [`MAX_DEPTH`] unclosed ones. And the values of flow collections (their
/// commas), which the scanner holds all at once until the collection ends (a
/// 4 MB line `[1,1,…]` took it 500 MB).
fn flow_depth(yaml: &str) -> Result<(), TooMuch> {
    #[derive(PartialEq)]
    enum In {
        Plain,
        Single,
        Double,
        Comment,
    }
    let mut state = In::Plain;
    let mut depth = 0usize;
    let mut commas = 0usize;
    let (mut line, mut col) = (1, 0);
    let mut prev = '\n';
    let mut escaped = false;
    for c in yaml.chars() {
        col += 1;
        match state {
            In::Plain => match c {
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err(TooMuch {
                            message: Msg::new("yaml-too-deep").arg("max", MAX_DEPTH),
                            help: Msg::new("yaml-too-deep-brackets-help"),
                            line,
                            col,
                        });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                ',' if depth > 0 => {
                    commas += 1;
                    if commas > MAX_NODES {
                        return Err(TooMuch {
                            message: Msg::new("yaml-too-many").arg("max", MAX_NODES),
                            help: Msg::new("yaml-too-many-help"),
                            line,
                            col,
                        });
                    }
                }
                '\'' => state = In::Single,
                '"' => state = In::Double,
                '#' if prev.is_whitespace() => state = In::Comment,
                _ => {}
            },
            In::Single if c == '\'' => state = In::Plain,
            In::Double if escaped => escaped = false,
            In::Double if c == '\\' => escaped = true,
            In::Double if c == '"' => state = In::Plain,
            In::Comment if c == '\n' => state = In::Plain,
            _ => {}
        }
        if c == '\n' {
            line += 1;
            col = 0;
            // A quote left open at the end of a line of a block text is not a
            // quoted value: YAML quotes may span lines, but then the scanner,
            // not this count, has the last word.
        }
        prev = c;
    }
    Ok(())
}

/// Count the values `yaml` makes with its aliases expanded, its nesting and
/// the length of each value, on yaml-rust2's events (no value is built).
fn nodes(yaml: &str) -> Result<(), TooMuch> {
    let mut parser = Parser::new_from_str(yaml);
    // Values made by each anchored node, by anchor id.
    let mut anchored: std::collections::HashMap<usize, usize> = Default::default();
    // Open collections: (anchor id, values made inside so far).
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut total: usize = 0;
    loop {
        let Ok((event, mark)) = parser.next_token() else {
            return Ok(());
        };
        let at = |message: Msg, help: Msg| TooMuch {
            message,
            help,
            line: mark.line(),
            col: mark.col() + 1,
        };
        // The values the node that just ended made, and its anchor.
        let made = match event {
            Event::StreamEnd => return Ok(()),
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 0));
                if open.len() > MAX_DEPTH {
                    return Err(at(
                        Msg::new("yaml-too-deep").arg("max", MAX_DEPTH),
                        Msg::new("yaml-too-deep-help"),
                    ));
                }
                None
            }
            Event::SequenceEnd | Event::MappingEnd => open.pop().map(|(a, n)| (a, n + 1)),
            Event::Scalar(value, _, anchor, _) => {
                if value.len() > MAX_VALUE {
                    return Err(at(
                        Msg::new("yaml-value-too-long").arg("max", MAX_VALUE >> 20),
                        Msg::new("yaml-value-too-long-help"),
                    ));
                }
                Some((anchor, 1))
            }
            Event::Alias(id) => Some((0, anchored.get(&id).copied().unwrap_or(1))),
            _ => None,
        };
        let Some((anchor, n)) = made else { continue };
        if anchor != 0 {
            anchored.insert(anchor, n);
        }
        total = total.saturating_add(n);
        if let Some(parent) = open.last_mut() {
            parent.1 = parent.1.saturating_add(n);
        }
        if total > MAX_NODES {
            return Err(if anchored.is_empty() {
                at(
                    Msg::new("yaml-too-many").arg("max", MAX_NODES),
                    Msg::new("yaml-too-many-help"),
                )
            } else {
                at(
                    Msg::new("yaml-aliases-too-many").arg("max", MAX_NODES),
                    Msg::new("yaml-aliases-too-many-help"),
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_content_passes() {
        let yaml = "title: \"Kế hoạch [2026]\"\nlist: [a, [b, {c: d}]]\n# a comment with [[[[\nx: &a [1, 2]\ny: *a\nz: 'it''s [ok'\n";
        assert_eq!(check(yaml), Ok(()));
    }

    #[test]
    fn deep_brackets_are_refused_before_the_scanner() {
        let yaml = format!("x: {}", "[".repeat(200_000));
        let e = check(&yaml).unwrap_err();
        assert_eq!((e.line, e.col), (1, 4 + MAX_DEPTH));
        assert_eq!(e.message.id(), "yaml-too-deep");
    }

    #[test]
    fn deep_block_nesting_is_refused() {
        let mut yaml = String::new();
        for i in 0..100 {
            yaml.push_str(&" ".repeat(i));
            yaml.push_str("a:\n");
        }
        yaml.push_str(&" ".repeat(100));
        yaml.push_str("b: 1\n");
        let e = nodes(&yaml).unwrap_err();
        assert_eq!(e.line, MAX_DEPTH + 1);
    }

    #[test]
    fn a_flow_list_of_millions_of_values_is_refused_before_the_scanner() {
        let yaml = format!("x: [{}1]\n", "1,".repeat(MAX_NODES + 1));
        let e = check(&yaml).unwrap_err();
        assert_eq!(e.line, 1);
        assert_eq!(e.message.id(), "yaml-too-many");
    }

    #[test]
    fn a_value_of_more_than_a_megabyte_is_refused() {
        let yaml = format!("title: x\nbody: \"{}\"\n", "a".repeat(MAX_VALUE + 1));
        let e = check(&yaml).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.message.id(), "yaml-value-too-long");
    }

    #[test]
    fn aliases_are_counted_as_what_they_expand_to() {
        // 6,000 values, then 200 aliases of them: 1.2 million.
        let mut yaml = String::from("a: &a [");
        yaml.push_str(&vec!["x"; 6000].join(", "));
        yaml.push_str("]\nb: [");
        yaml.push_str(&vec!["*a"; 200].join(", "));
        yaml.push_str("]\n");
        let e = check(&yaml).unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.message.id(), "yaml-aliases-too-many");
        assert!(
            e.message
                .render(crate::messages::Lang::En)
                .contains("(`*name`)"),
            "{:?}",
            e.message
        );
        // Nested: each level doubles.
        let mut yaml = String::from("l0: &l0 [x, x]\n");
        for i in 1..30 {
            yaml.push_str(&format!("l{i}: &l{i} [*l{}, *l{}]\n", i - 1, i - 1));
        }
        assert!(check(&yaml).is_err());
    }
}
