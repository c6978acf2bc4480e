//! What a page gives the search index: its record, made from the same data the
//! page's template gets (never read back from the rendered HTML). The search
//! stage ([`crate::search::Indexer`]) hands records to Pagefind.

use super::markdown;

/// One page's record in the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchRecord {
    /// The page's site path (`nhiem-vu/x/`; `""` for the home page).
    pub path: String,
    /// The site's language code (`vi`, `en`).
    pub language: &'static str,
    /// The page's title, as results show it.
    pub title: String,
    /// The page's kind as readers see it ("Nhiệm vụ"): the kind filter's value.
    pub kind: String,
    /// Names of the agencies the page concerns: the agency filter's values.
    pub agencies: Vec<String>,
    /// The label results show when the page is or shows illustrative content.
    pub illustrative: Option<String>,
    /// What the page says after its title, in the order it shows it
    /// ([`SearchText`]).
    pub text: String,
}

/// The text of a page's record: the title, facts and texts the page shows in its
/// main part, one sentence each, leaving out what other pages hold (lists of
/// tasks, timelines, tables of communes) so that a search finds the page that is
/// about its words.
#[derive(Debug, Default)]
pub struct SearchText {
    text: String,
}

impl SearchText {
    /// A sentence: `s` (its white space made single spaces), closed by a full stop
    /// unless it ends in punctuation already. Nothing when `s` is blank.
    pub fn sentence(&mut self, s: &str) -> &mut Self {
        let mut words = s.split_whitespace().peekable();
        if words.peek().is_none() {
            return self;
        }
        for word in words {
            if !self.text.is_empty() {
                self.text.push(' ');
            }
            self.text.push_str(word);
        }
        if !self.text.ends_with(['.', '!', '?', ':', ';', '…']) {
            self.text.push('.');
        }
        self
    }

    /// A fact as the page's lists show it: `label: value.` Nothing when `value`
    /// is blank.
    pub fn fact(&mut self, label: &str, value: &str) -> &mut Self {
        if value.trim().is_empty() {
            return self;
        }
        self.sentence(&format!("{label}: {value}"))
    }

    /// A fact whose value is several names: `label: a; b.`
    pub fn facts<S: AsRef<str>>(
        &mut self,
        label: &str,
        values: impl IntoIterator<Item = S>,
    ) -> &mut Self {
        let mut joined = String::new();
        for v in values {
            if !joined.is_empty() {
                joined.push_str("; ");
            }
            joined.push_str(v.as_ref());
        }
        self.fact(label, &joined)
    }

    /// A Markdown text, as plain text ([`markdown::to_text`]).
    pub fn markdown(&mut self, md: &str) -> &mut Self {
        self.sentence(&markdown::to_text(md))
    }

    pub fn into_string(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_and_facts_read_as_the_page_shows_them() {
        let mut t = SearchText::default();
        t.sentence("Tuyên truyền  về\n Năm cán bộ cơ sở")
            .fact("Chủ trì", "Ban Tuyên giáo và Dân vận Tỉnh ủy")
            .facts("Phối hợp", ["Sở Nội vụ", "Sở Tài chính"])
            .fact("Thời hạn", "  ")
            .facts("Mục tiêu", Vec::<String>::new())
            .sentence("Đã xong!")
            .markdown("## Kết quả\n\nHoàn thành **60%** kế hoạch.");
        assert_eq!(
            t.into_string(),
            "Tuyên truyền về Năm cán bộ cơ sở. Chủ trì: Ban Tuyên giáo và Dân vận Tỉnh ủy. \
             Phối hợp: Sở Nội vụ; Sở Tài chính. Đã xong! Kết quả Hoàn thành 60% kế hoạch."
        );
    }
}
