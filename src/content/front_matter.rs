//! Splitting a Markdown file into its YAML front matter and its body.

/// The YAML front matter of a Markdown file and the body after it.
#[derive(Debug)]
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
}

/// Split `---\n<yaml>\n---\n<body>`.
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, crate::messages::Msg> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_end = text.find('\n').map(|i| i + 1).unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(crate::messages::Msg::new("front-matter-missing"));
    }
    let rest = &text[first_end..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok(FrontMatter {
                yaml,
                yaml_line: 2,
                body,
            });
        }
        offset += line.len();
    }
    Err(crate::messages::Msg::new("front-matter-not-closed"))
}
