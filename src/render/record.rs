//! What a page gives the search index: its record, made from the same data the
//! page's template gets (never read back from the rendered HTML). The search
//! stage ([`crate::search::Indexer`]) hands records to Pagefind.

use super::markdown;

/// The folder of the site that holds the search index and `pagefind.js` (its
/// first part, when it is in parts: [`part_dir`]).
pub const BUNDLE_DIR: &str = "pagefind/";

/// The most record pages one part of the search index holds by default. A site
/// with more has its index in parts of about equal size, each a Pagefind bundle
/// of its own (`pagefind/`, `pagefind/1/`, ...) that the search page queries
/// together: a build then holds one part's index in memory at a time, the others'
/// pages waiting in the cache on the disk, so its memory does not grow with the
/// site (3,321 communes reporting monthly for years is about a million pages).
/// Every site up to this size has one index, as before. `TIENDO_SEARCH_PART_PAGES`
/// sets another size (tests; machines with little memory).
pub const PART_PAGES: usize = 150_000;

/// The most record pages a part holds: [`PART_PAGES`], or the whole number
/// (at least 1) in `TIENDO_SEARCH_PART_PAGES`.
pub fn part_pages() -> usize {
    std::env::var("TIENDO_SEARCH_PART_PAGES")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(PART_PAGES)
}

/// The pages of `site` that have a search record: a page per report, task,
/// agency, commune or ward, goal and model practice (and a few more, counted
/// nowhere: the plan, the home page), which is what the index's parts and its
/// groups of fragments are sized from, so that they depend on the site alone.
pub fn record_pages(site: &crate::model::Site) -> usize {
    site.entries.len()
        + site.tasks.len()
        + site.agencies.len()
        + site.localities.len()
        + site.goals.len()
        + site.practices.len()
}

/// How many parts the index of a site of `pages` record pages is in.
pub fn index_parts(pages: usize) -> usize {
    pages.div_ceil(part_pages()).max(1)
}

/// The folder of part `part` of the index: [`BUNDLE_DIR`] for the first.
pub fn part_dir(part: usize) -> String {
    match part {
        0 => BUNDLE_DIR.to_string(),
        n => format!("{BUNDLE_DIR}{n}/"),
    }
}

/// The part of an index in `parts` parts that holds the page at `path`: from
/// the path alone (its CRC-32), so a page stays in its part from one build to
/// the next while the number of parts does not change.
pub fn part_of(path: &str, parts: usize) -> usize {
    crc32fast::hash(path.as_bytes()) as usize % parts.max(1)
}

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
        if s.split_whitespace().next().is_none() {
            return self;
        }
        markdown::push_words(&mut self.text, s);
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
