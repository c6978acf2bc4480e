//! Full-text search: a static index that Pagefind builds in-process from the
//! rendered pages (each added as it is rendered), written into the same staging
//! folder so it is published atomically with them.
//!
//! Pages opt in with `data-pagefind-body` (base.html sets it on the record pages:
//! tasks, agencies, progress reports, practices, communes, goals, the plan) and
//! carry their kind and agencies as Pagefind filters. Pagefind folds diacritics
//! by stripping combining marks after NFD, so `dang uy xa` finds "đảng ủy xã"
//! except for `đ`, which has no decomposition. [`search_doc`] therefore adds to
//! each indexed page with `đ` in its text a searched meta field `folded` holding
//! those words with `đ` written `d` ("dảng"), which Pagefind folds further to
//! "dang".

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pagefind::api::{ElementAttributes, FossickedData, PageParser, PagefindIndex};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::cache::{self, Pack};
use crate::render::error::RenderError;
use crate::render::sink::Sink;

/// The folder of the site that holds the index and `pagefind.js`.
pub const BUNDLE_DIR: &str = "pagefind/";

/// The attribute that marks the indexed part of a page.
const BODY_ATTR: &str = "data-pagefind-body";

/// Files Pagefind always writes that the portal does not use (its own search UIs).
const UNUSED: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
];

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(String),
    #[error(transparent)]
    Write(#[from] RenderError),
}

impl SearchError {
    /// What went wrong, in words for the person who ran the build.
    pub fn message(&self) -> crate::messages::Msg {
        match self {
            SearchError::Index(m) => crate::messages::Msg::new("search-index").arg("message", m),
            SearchError::Write(e) => e.message(),
        }
    }
}

/// A finished index.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Pages in the index.
    pub pages: usize,
    /// Files written under [`BUNDLE_DIR`].
    pub files: usize,
    /// The time to build and write the index once every page was added (pages
    /// are read while they are rendered).
    pub elapsed: Duration,
    /// Gzipped files taken from the cache, and gzipped anew ([`GZIP_PACK`]).
    pub gzip_reused: usize,
    pub gzip_made: usize,
    /// Pages added as an earlier build read them ([`PAGE_PACK`]).
    pub pages_reused: usize,
}

/// The cache's pack of the index's gzipped files ([`crate::cache::Pack`]). Their
/// names are hashes of their contents, so from one build to the next most are the
/// same (all of them when no page changed), and gzipping them is about a tenth
/// of a 10,000-entry build's processor time.
pub const GZIP_PACK: &str = "search-gz";

/// A search index being built: pages are added from the render threads as they
/// are made ([`Indexer::add`]), and [`Indexer::finish`] writes the index.
pub struct Indexer {
    index: PagefindIndex,
    /// What the index keeps for the next build, with a cache folder.
    kept: Option<Kept>,
}

/// The index's part of the cache folder.
struct Kept {
    dir: PathBuf,
    /// This tiendo ([`cache::program_key`]): what it keeps is made by it, and
    /// another build of tiendo makes it again.
    program: u128,
    /// Pages as read for the index by an earlier build ([`PAGE_PACK`]).
    pages: Pack,
}

/// The cache's pack of pages as read for the index (Pagefind's `FossickedData`,
/// words packed), by the page's path, language and indexed body. An unchanged
/// page is added from it without being read again: reading every page was
/// about a fifth of a 10,000-entry build's processor time.
pub const PAGE_PACK: &str = "search-pages";

impl std::fmt::Debug for Indexer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Indexer")
    }
}

/// Pagefind's errors are `anyhow` errors: keep their text, with causes.
fn index_err(e: &dyn std::fmt::Display) -> SearchError {
    SearchError::Index(format!("{e:#}"))
}

impl Indexer {
    /// An empty index; with a cache folder, one that takes unchanged pages and
    /// files from there and leaves this build's for the next.
    pub fn new(cache: Option<&Path>) -> Result<Indexer, SearchError> {
        let config = PagefindServiceConfig::builder().build();
        let index = PagefindIndex::new(Some(config)).map_err(|e| index_err(&e))?;
        let kept = cache.and_then(|dir| {
            Some(Kept {
                dir: dir.to_path_buf(),
                program: cache::program_key()?,
                pages: Pack::open(dir, PAGE_PACK),
            })
        });
        Ok(Indexer { index, kept })
    }

    /// Add the rendered page `html` at site path `path` if it has an indexed
    /// body: Pagefind is handed what [`search_doc`] holds, element by element,
    /// read from the page as it is walked (it does not parse the HTML again).
    /// Runs on the calling thread; any number may call at once. With a cache, a
    /// page whose path and indexed body an earlier build read is added as it
    /// read it ([`PAGE_PACK`]).
    pub fn add_page(&self, path: &Path, html: &str) -> Result<(), SearchError> {
        let Some(body) = Body::of(html) else {
            return Ok(());
        };
        let source = path.to_string_lossy().into_owned();
        let key = match &self.kept {
            Some(Kept {
                pages: pack,
                program,
                ..
            }) => {
                let key = Pack::key(
                    PAGE_PACK,
                    &[
                        &program.to_le_bytes(),
                        source.as_bytes(),
                        body.lang.as_bytes(),
                        body.text.as_bytes(),
                    ],
                );
                let mut page = None;
                pack.get(key, |bytes| {
                    page = FossickedData::from_bytes(bytes);
                    page.is_some()
                });
                if let Some(page) = page {
                    self.index.add_fossicked_blocking(page);
                    return Ok(());
                }
                Some((pack, key))
            }
            None => None,
        };
        let Some(mut reader) = self.index.page_parser() else {
            return Err(SearchError::Index(
                "the index's options need Pagefind's HTML parser".into(),
            ));
        };
        body.read(true, &mut reader);
        let page = self
            .index
            .fossick_parsed(source, reader.finish())
            .map_err(|e| index_err(&e))?;
        if let Some((pack, key)) = key {
            pack.put(key, &page.to_bytes());
        }
        self.index.add_fossicked_blocking(page);
        Ok(())
    }

    /// Add `doc`, a search document ([`search_doc`]) for the page at site path
    /// `path`, parsed by Pagefind. Runs on the calling thread.
    pub fn add(&self, path: &Path, doc: String) -> Result<(), SearchError> {
        self.index
            .add_html_file_blocking(Some(path.to_string_lossy().into_owned()), None, doc)
            .map(|_| ())
            .map_err(|e| index_err(&e))
    }

    /// Build the index of every page added and write it through `sink` under
    /// [`BUNDLE_DIR`]. With a cache folder, gzipped files are taken from its
    /// [`GZIP_PACK`] when they are there, and it is left holding this index's.
    pub fn finish(mut self, sink: &dyn Sink) -> Result<Indexed, SearchError> {
        let start = Instant::now();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| index_err(&e))?;
        let kept = self.kept.take();
        let pack = kept.as_ref().map(|k| Pack::open(&k.dir, GZIP_PACK));
        let files = match (&pack, &kept) {
            (Some(pack), Some(kept)) => {
                let program = kept.program.to_le_bytes();
                let gzip = |input: &[u8]| {
                    pack.get_or_make(Pack::key(GZIP_PACK, &[&program, input]), || {
                        pagefind::api::gzip(input)
                    })
                };
                runtime.block_on(self.index.get_files_gzipped_with(&gzip))
            }
            _ => runtime.block_on(self.index.get_files()),
        }
        .map_err(|e| index_err(&e))?;
        let (gzip_reused, gzip_made) = pack.as_ref().map_or((0, 0), Pack::stats);
        let named: Vec<(String, &[u8])> = files
            .iter()
            .map(|f| {
                (
                    f.filename.to_string_lossy().replace('\\', "/"),
                    &f.contents[..],
                )
            })
            .filter(|(name, _)| !UNUSED.iter().any(|u| name.starts_with(u)))
            .collect();
        let pages = named
            .iter()
            .find(|(name, _)| name == "pagefind-entry.json")
            .map_or(0, |(_, json)| entry_page_count(json));
        // One fragment file per page: written in parallel, like the pages.
        named
            .par_iter()
            .try_for_each(|(name, bytes)| sink.write(&format!("{BUNDLE_DIR}{name}"), bytes))?;
        if let Some(pack) = pack {
            pack.save();
        }
        let mut pages_reused = 0;
        if let Some(kept) = kept {
            pages_reused = kept.pages.stats().0;
            kept.pages.save();
        }
        Ok(Indexed {
            pages,
            files: named.len(),
            elapsed: start.elapsed(),
            gzip_reused,
            gzip_made,
            pages_reused,
        })
    }
}

/// The number of pages over every language of `pagefind-entry.json`.
fn entry_page_count(json: &[u8]) -> usize {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(json) else {
        return 0;
    };
    v["languages"]
        .as_object()
        .map(|langs| {
            langs
                .values()
                .filter_map(|l| l["page_count"].as_u64())
                .sum::<u64>() as usize
        })
        .unwrap_or(0)
}

/// The words of a run of texts that contain `đ`, lower-cased with `đ` written
/// `d`, each once, in order ([`search_doc`] gives it the texts of the indexed
/// body, tags, comments, scripts and ignored elements left out).
#[derive(Default)]
struct Folded {
    seen: HashSet<String>,
    words: String,
}

impl Folded {
    fn add(&mut self, text: &str) {
        // Each word holding `đ` is found from its `đ` outwards: the other words'
        // letters are not looked at (Unicode's tables are slow for Vietnamese).
        let mut from = 0;
        while let Some(i) = text[from..].find(['đ', 'Đ']) {
            let at = from + i;
            let start = text[..at]
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphanumeric())
                .last()
                .map_or(at, |(j, _)| j);
            let end = text[at..]
                .char_indices()
                .find(|(_, c)| !c.is_alphanumeric())
                .map_or(text.len(), |(j, _)| at + j);
            from = end;
            let folded = fold_d(&text[start..end].to_lowercase());
            if !self.seen.contains(&folded) {
                if !self.words.is_empty() {
                    self.words.push(' ');
                }
                self.words.push_str(&folded);
                self.seen.insert(folded);
            }
        }
    }
}

/// `text` with `đ` and `Đ` written `d` and `D`.
pub fn fold_d(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

/// A title as the index's `title` field holds it: each word with `đ` followed
/// by its twin with `đ` written `d` ("Đảng Dảng ủy xã"), so that a query with
/// or without `đ` matches the whole title in one field.
pub fn title_for_index(title: &str) -> String {
    let mut out = String::with_capacity(title.len() + 8);
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(word);
        if word.contains(['đ', 'Đ']) {
            out.push(' ');
            out.push_str(&fold_d(word));
        }
        word.clear();
    };
    for c in title.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Where the content of the element carrying `data-pagefind-body` starts and
/// ends, and that content with ASCII letters in lower case (the same bytes at
/// the same places otherwise), in which elements are found by their tags
/// written in any case ([`matching_close`]).
fn body_region(html: &str) -> Option<(usize, usize, String)> {
    let at = html.find(BODY_ATTR)?;
    let open = html[..at].rfind('<')?;
    let name = tag_name(&html[open + 1..]);
    if name.is_empty() {
        return None;
    }
    let start = at + html[at..].find('>')? + 1;
    let mut lower = html[start..].to_ascii_lowercase();
    let len = matching_close(&lower, 0, &name.to_ascii_lowercase())?;
    lower.truncate(len);
    Some((start, start + len, lower))
}

/// The tag name at the start of `s` (just after `<`), as written.
fn tag_name(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The position of the `</name>` that closes an element of that name whose
/// content starts at `from`, counting nested elements of the same name. `lower`
/// is the page and `name` the element's name with ASCII letters in lower case,
/// so that tags written in any case count (`</DIV>` closes a `div`).
fn matching_close(lower: &str, from: usize, name: &str) -> Option<usize> {
    let open_pat = format!("<{name}");
    let close_pat = format!("</{name}");
    // memchr's searchers scan with SIMD: an element left out can be most of a
    // page (a commune table of thousands of rows).
    let open_finder = memchr::memmem::Finder::new(open_pat.as_bytes());
    let close_finder = memchr::memmem::Finder::new(close_pat.as_bytes());
    let bytes = lower.as_bytes();
    let mut depth = 1usize;
    let mut i = from;
    loop {
        let close = i + close_finder.find(&bytes[i..])?;
        // Opening tags of the same name before that close.
        let mut j = i;
        while let Some(k) = open_finder.find(&bytes[j..close]) {
            let after = bytes.get(j + k + open_pat.len());
            if matches!(after, Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/') {
                depth += 1;
            }
            j += k + open_pat.len();
        }
        depth -= 1;
        if depth == 0 {
            return Some(close);
        }
        i = close + close_pat.len();
    }
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// A run of text or a tag of a page.
enum Piece<'a> {
    Text(&'a str),
    /// A tag as written, the same in lower case, and its element's name (in
    /// lower case).
    Tag {
        tag: &'a str,
        lower: &'a str,
        name: &'a str,
    },
}

/// Walk `html` (`lower_html`: the same with ASCII letters in lower case), calling
/// `f` with each run of text and each tag (start or end),
/// leaving out comments, scripts, styles and elements marked
/// `data-pagefind-ignore` with all they contain, and decorations hidden from
/// screen readers (`aria-hidden="true"`: a status's icon "!", "↻", a "→") unless
/// they hold a Pagefind filter or meta field: they are not words, and Pagefind
/// would show them in the excerpts ("Tình trạng ! Quá hạn").
fn walk<'a>(html: &'a str, lower_html: &'a str, f: &mut dyn FnMut(Piece<'a>)) {
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = html[i..].find('<') else {
            f(Piece::Text(&html[i..]));
            return;
        };
        if lt > 0 {
            f(Piece::Text(&html[i..i + lt]));
        }
        let tag_start = i + lt;
        let rest = &html[tag_start..];
        if rest.starts_with("<!--") {
            i = match rest.find("-->") {
                Some(e) => tag_start + e + 3,
                None => html.len(),
            };
            continue;
        }
        let Some(gt) = rest.find('>') else {
            return;
        };
        let t = &rest[..=gt];
        let after = tag_start + gt + 1;
        // The tag in lower case, for every check of it: the same bytes in
        // `lower_html`, so attributes and names match in any case, uncopied.
        let lower = &lower_html[tag_start..after];
        let name = tag_name(lower.trim_start_matches(['<', '/']));
        i = after;
        let skip = name == "script" || name == "style" || lower.contains("data-pagefind-ignore");
        let decoration = !t.starts_with("</") && lower.contains("aria-hidden=\"true\"");
        let piece = Piece::Tag {
            tag: t,
            lower,
            name,
        };
        if !skip && !decoration {
            f(piece);
            continue;
        }
        if t.starts_with("</") || VOID.contains(&name) || t.ends_with("/>") {
            continue;
        }
        let end = match matching_close(lower_html, after, name) {
            Some(close) => html[close..]
                .find('>')
                .map_or(html.len(), |g| close + g + 1),
            None => html.len(),
        };
        if !skip && lower_html[tag_start..end].contains("data-pagefind") {
            // A decoration that carries a filter or meta field: read it.
            f(piece);
            continue;
        }
        i = end;
    }
}

/// Inline elements whose tags Pagefind's parser reads as if only their text
/// were there: it appends an inline element's text to its parent's, which is
/// where the text goes without the tags, and an inline child takes its
/// parent's anchors. So [`search_doc`] leaves their tags out when they carry no
/// `id` and no `data-pagefind-` attribute (links, `span`, `strong`, `time`),
/// and Pagefind parses fewer elements for the same index. Each is one of
/// Pagefind's inline elements (a test checks it); not in the list are those it
/// reads for themselves (`br` for a space, `img` for the page's image, form
/// controls, `script`).
const TRANSPARENT: &[&str] = &[
    "a", "abbr", "acronym", "b", "bdo", "big", "cite", "code", "dfn", "em", "i", "kbd", "q",
    "samp", "small", "span", "strong", "sub", "sup", "time", "tt", "var",
];

/// Which of a document's tags [`search_doc`] keeps: see [`TRANSPARENT`]. Inside
/// an element whose content Pagefind leaves out (its `REMOVE_SELECTORS`: label,
/// nav, form...) every tag is kept, since an inline element's text counts for
/// the anchors there although its parent's does not.
#[derive(Default)]
struct InlineTags {
    /// The open elements of a transparent kind, and whether their tags were kept.
    open: Vec<(&'static str, bool)>,
    /// How many elements of a removed kind are open.
    removed: usize,
}

/// The entry of `list` that is `name` (in lower case, as the lists are).
fn named(list: &[&'static str], name: &str) -> Option<&'static str> {
    list.iter().copied().find(|n| *n == name)
}

impl InlineTags {
    /// Whether to keep tag `t` (start or end tag, in lower case) of element
    /// `name`.
    fn keep(&mut self, t: &str, name: &str) -> bool {
        let end = t.starts_with("</");
        if named(pagefind::parser_lists::REMOVE_SELECTORS, name).is_some() {
            if end {
                self.removed = self.removed.saturating_sub(1);
            } else if !t.ends_with("/>") {
                self.removed += 1;
            }
            return true;
        }
        let Some(name) = named(TRANSPARENT, name) else {
            return true;
        };
        if end {
            // The element this closes; a stray end tag is kept for Pagefind.
            return match self.open.iter().rposition(|(n, _)| *n == name) {
                Some(at) => self.open.remove(at).1,
                None => true,
            };
        }
        let keep = self.removed > 0 || t.contains("data-pagefind") || has_id(t);
        self.open.push((name, keep));
        keep
    }
}

/// Whether start tag `t`, in lower case, may have an `id` attribute (a false
/// yes only keeps a tag that could have gone).
fn has_id(t: &str) -> bool {
    t.match_indices("id").any(|(i, _)| {
        let before = t[..i].chars().next_back();
        let after = t[i + 2..].chars().next();
        matches!(before, Some(c) if c.is_ascii_whitespace())
            && matches!(after, Some(c) if c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/'))
    })
}

/// Whether a start or end tag of element `name` (in lower case) stands between
/// two words that Pagefind's parser would join: the tags of elements it reads
/// neither as inline text nor as a sentence. It sets apart the text of its sentence elements (`p`, `li`, `div`,
/// `td`...) but of no other block, so without a space a term and its
/// description (`<dt>Chủ trì</dt><dd>Sở Nội vụ</dd>`), a table's heading cells,
/// or the text on either side of a `<dl>` would be read as one word ("trìSở")
/// in the index and in the excerpts shown with results. [`search_doc`] writes a
/// space before the text that follows such a tag when there is none.
fn separates_words(name: &str) -> bool {
    use pagefind::parser_lists::{INLINE_SELECTORS, SENTENCE_SELECTORS};
    !name.is_empty() && !INLINE_SELECTORS.contains(&name) && !SENTENCE_SELECTORS.contains(&name)
}

/// What the index reads of a rendered page that has an indexed body: a small
/// HTML document with only that body, without the parts marked
/// `data-pagefind-ignore` (lists of other records, breadcrumbs). When the
/// body's text has words with `đ`, the document ends with the searched meta
/// field `folded` holding them with `đ` written `d` ([`Folded`]): an empty
/// hidden element at the end of the body. `None` for a page that is not
/// indexed. The index is given the same elements and text directly
/// ([`Indexer::add_page`]); this document is what it reads, written out.
pub fn search_doc(html: &str) -> Option<String> {
    search_doc_with(html, true)
}

/// [`search_doc`], leaving out the tags of [`TRANSPARENT`] elements or not.
fn search_doc_with(html: &str, drop_inline: bool) -> Option<String> {
    let mut doc = HtmlDoc(String::new());
    read_body(html, drop_inline, &mut doc).then_some(doc.0)
}

/// What [`read_body`] finds, in document order.
trait BodyReader {
    /// The document starts; the page's language is `lang`.
    fn start(&mut self, lang: &str);
    fn text(&mut self, text: &str);
    /// A start or end tag as written, of element `name` (in lower case).
    fn tag(&mut self, tag: &str, name: &str);
    /// The words of the `folded` field ([`Folded`]), when there are any.
    fn folded(&mut self, words: &str);
    fn end(&mut self);
}

/// Read the indexed body of the page `html` into `r`: the wrapping document
/// (`html`, `body`, the `main` that carries the body attribute), the body's
/// tags and text ([`walk`]) with a space wherever Pagefind would join two
/// words ([`separates_words`]), leaving out the tags of [`TRANSPARENT`]
/// elements when `drop_inline` ([`InlineTags`]), and the `folded` field.
/// `false`, with nothing read, for a page that has no indexed body.
fn read_body(html: &str, drop_inline: bool, r: &mut dyn BodyReader) -> bool {
    let Some(body) = Body::of(html) else {
        return false;
    };
    body.read(drop_inline, r);
    true
}

/// The indexed body of a page: all that [`read_body`] reads of it (the rest of
/// the page, its header and footer, changes nothing in the index).
struct Body<'a> {
    /// The page's language (`<html lang="…">`), or `""`.
    lang: &'a str,
    /// The content of the element that carries the body attribute.
    text: &'a str,
    /// `text` with ASCII letters in lower case ([`body_region`]).
    lower: String,
}

impl<'a> Body<'a> {
    /// The indexed body of the page `html`; `None` for a page without one.
    fn of(html: &'a str) -> Option<Body<'a>> {
        let (start, end, lower) = body_region(html)?;
        let head = &html[..start];
        let lang = head
            .find("<html lang=\"")
            .and_then(|i| head[i + 12..].split('"').next())
            .unwrap_or("");
        Some(Body {
            lang,
            text: &html[start..end],
            lower,
        })
    }

    /// [`read_body`] of this body.
    fn read(&self, drop_inline: bool, r: &mut dyn BodyReader) {
        r.start(self.lang);
        let mut folded = Folded::default();
        let mut inline = InlineTags::default();
        let mut apart = false;
        walk(self.text, &self.lower, &mut |piece| match piece {
            Piece::Text(t) => {
                if apart && !t.starts_with(|c: char| c.is_whitespace()) {
                    r.text(" ");
                }
                apart &= t.is_empty();
                folded.add(t);
                r.text(t);
            }
            Piece::Tag { tag, lower, name } => {
                apart |= separates_words(name);
                if !drop_inline || inline.keep(lower, name) {
                    r.tag(tag, name)
                }
            }
        });
        if !folded.words.is_empty() {
            r.folded(&folded.words);
        }
        r.end();
    }
}

/// The search document written out as HTML ([`search_doc`]).
struct HtmlDoc(String);

impl BodyReader for HtmlDoc {
    fn start(&mut self, lang: &str) {
        self.0.push_str(&format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><body><main {BODY_ATTR}>"
        ));
    }
    fn text(&mut self, text: &str) {
        self.0.push_str(text);
    }
    fn tag(&mut self, tag: &str, _name: &str) {
        self.0.push_str(tag);
    }
    fn folded(&mut self, words: &str) {
        self.0.push_str("<span hidden data-pagefind-meta=\"folded:");
        self.0.push_str(words);
        self.0.push_str("\"></span>");
    }
    fn end(&mut self) {
        self.0.push_str("</main></body></html>\n");
    }
}

/// The search document handed to Pagefind's reader of a page element by
/// element, as [`HtmlDoc`] writes it, without Pagefind parsing that HTML.
impl BodyReader for PageParser<'_> {
    fn start(&mut self, lang: &str) {
        self.start_tag("html", &Attrs(&[("lang", lang)]), false);
        self.start_tag("body", &Attrs(&[]), false);
        self.start_tag("main", &Attrs(&[(BODY_ATTR, "")]), false);
    }
    fn text(&mut self, text: &str) {
        PageParser::text(self, text);
    }
    fn tag(&mut self, tag: &str, name: &str) {
        if tag.starts_with("</") {
            self.end_tag(name);
        } else {
            // Pagefind asks for about ten attributes of each element: read the
            // tag once.
            let written: Vec<(&str, &str)> = attributes(tag).collect();
            self.start_tag(name, &Attrs(&written), tag.ends_with("/>"));
        }
    }
    fn folded(&mut self, words: &str) {
        let meta = format!("folded:{words}");
        let attrs = [("hidden", ""), ("data-pagefind-meta", meta.as_str())];
        self.start_tag("span", &Attrs(&attrs), false);
        self.end_tag("span");
    }
    fn end(&mut self) {
        self.end_tag("main");
        self.end_tag("body");
        self.end_tag("html");
    }
}

/// The attributes of an element for Pagefind's reader, as names and values:
/// those of a start tag as written ([`attributes`]), or given. Names match in
/// any case, as in HTML.
struct Attrs<'a>(&'a [(&'a str, &'a str)]);

impl ElementAttributes for Attrs<'_> {
    fn attribute(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.to_string())
    }
}

/// The attributes of start tag `tag` (`<name a="1" b='2' c=3 d>` or ending
/// `/>`), as names and values written there (entities not decoded), read by the
/// rules of HTML's tokenizer: a name runs to a space, `/`, `>` or `=`; a value
/// is quoted with `"` or `'`, or runs to a space or `>`.
fn attributes(tag: &str) -> impl Iterator<Item = (&str, &str)> {
    let inner = tag.strip_prefix('<').unwrap_or(tag);
    let inner = inner.strip_suffix('>').unwrap_or(inner);
    // Past the tag's name.
    let mut rest = inner.trim_start_matches(|c: char| !(c.is_ascii_whitespace() || c == '/'));
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        // The first character is part of the name even if it is `=`.
        let first = rest.chars().next().map_or(0, char::len_utf8);
        let name_end = rest[first..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '=')
            .map_or(rest.len(), |i| first + i);
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(after_eq) = rest.strip_prefix('=') else {
            return Some((name, ""));
        };
        let after_eq = after_eq.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let (value, tail) = match after_eq.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after_eq[1..];
                match body.find(q) {
                    Some(close) => (&body[..close], &body[close + 1..]),
                    None => (body, ""),
                }
            }
            _ => {
                let end = after_eq
                    .find(|c: char| c.is_ascii_whitespace())
                    .unwrap_or(after_eq.len());
                (&after_eq[..end], &after_eq[end..])
            }
        };
        rest = tail;
        Some((name, value))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `folded` field of the search document of a page whose indexed body
    /// is `body` (empty when the document has none).
    fn folded_words(body: &str) -> String {
        let page = format!("<main data-pagefind-body>{body}</main>");
        let doc = search_doc(&page).unwrap();
        doc.split_once("data-pagefind-meta=\"folded:")
            .map_or("", |(_, rest)| rest.split('"').next().unwrap())
            .to_string()
    }

    #[test]
    fn folds_only_words_with_d_bar() {
        let html = "<p>Đảng ủy xã <b>Đông</b> Hưng, <i>đường</i> đảng</p>";
        assert_eq!(folded_words(html), "dảng dông dường");
        // A word is a run of letters and digits, wherever its `đ` is in it.
        let edges = "<p>(Xuân Đài), Hồng-Đức; đợt 2đ đỏđen đđ Đài</p>";
        assert_eq!(folded_words(edges), "dài dức dợt 2d dỏden dd");
    }

    #[test]
    fn leaves_out_tags_comments_scripts_and_ignored_elements() {
        let html = "<div title=\"Đà\"><!-- Điều --><nav data-pagefind-ignore><div>Đi</div><div>Để</div></nav>\
                    <script>var đ = 1;</script><p>Đến<br>nơi<img alt=\"đá\"></p></div>";
        assert_eq!(folded_words(html), "dến");
        assert_eq!(folded_words("<p>Sở Nội vụ</p>"), "");
        // An element left out ends at its end tag in whatever case it is written.
        let upper = "<NAV data-pagefind-ignore><Nav>Đi</nAV>Để</NAV><p>Đến</p>";
        assert_eq!(folded_words(upper), "dến");
    }

    #[test]
    fn adds_the_meta_for_the_indexed_body_only() {
        let html =
            "<html lang=\"vi\"><body><nav>Điển hình</nav><main id=\"main\" data-pagefind-body>\
                    <main>x</main><p>Sở Nội vụ, Đảng ủy</p><p data-pagefind-ignore>Đi</p></main>\
                    <footer>Đất</footer></body></html>";
        assert_eq!(
            search_doc(html).unwrap(),
            "<!DOCTYPE html><html lang=\"vi\"><body><main data-pagefind-body>\
             <main> x</main><p> Sở Nội vụ, Đảng ủy</p>\
             <span hidden data-pagefind-meta=\"folded:dảng\"></span></main></body></html>\n"
        );
        // The indexed element ends at its end tag in whatever case it is written.
        assert_eq!(
            search_doc("<MAIN data-pagefind-body>Sở <Main>Nội</mAIN> vụ</main><p>Đất</p>").unwrap(),
            "<!DOCTYPE html><html lang=\"\"><body><main data-pagefind-body>Sở <Main> Nội</mAIN> vụ\
             </main></body></html>\n"
        );

        assert_eq!(search_doc("<main>Đảng</main>"), None);
        assert_eq!(
            search_doc("<main data-pagefind-body>Sở Nội vụ</main>").unwrap(),
            "<!DOCTYPE html><html lang=\"\"><body><main data-pagefind-body>Sở Nội vụ\
             </main></body></html>\n"
        );
    }

    #[test]
    fn titles_carry_each_word_with_d_bar_twice() {
        assert_eq!(
            title_for_index("Đảng ủy xã, phường (Đông)"),
            "Đảng Dảng ủy xã, phường (Đông Dông)"
        );
        assert_eq!(title_for_index("Sở Nội vụ"), "Sở Nội vụ");
    }

    #[test]
    fn the_search_document_holds_only_the_indexed_body() {
        let page = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head><title>T</title></head><body>\
                    <header><a href=\"/\">Trang chủ</a></header><main id=\"main\" data-pagefind-body>\
                    <nav data-pagefind-ignore><a>Trang chủ</a></nav><h1>Sở Nội vụ</h1>\
                    <section data-pagefind-ignore><h2>Nhiệm vụ</h2><section><p>x</p></section></section>\
                    <p>Đảng ủy<br>xã</p><!-- c --><script>1</script></main><footer>f</footer></body></html>";
        assert_eq!(
            search_doc(page).unwrap(),
            "<!DOCTYPE html><html lang=\"vi\"><body><main data-pagefind-body>\
             <h1>Sở Nội vụ</h1><p>Đảng ủy<br>xã</p>\
             <span hidden data-pagefind-meta=\"folded:dảng\"></span></main></body></html>\n"
        );
        assert_eq!(search_doc("<html lang=\"vi\"><main>x</main></html>"), None);
    }

    /// The index files of `docs` added in the given order, from as many threads.
    fn index_files(docs: &[(String, String)]) -> std::collections::BTreeMap<String, Vec<u8>> {
        let indexer = Indexer::new(None).unwrap();
        std::thread::scope(|s| {
            for (path, doc) in docs {
                let indexer = &indexer;
                s.spawn(move || indexer.add(Path::new(path), doc.clone()).unwrap());
            }
        });
        let sink = crate::serve::memory::MemorySink::new();
        let indexed = indexer.finish(&sink).unwrap();
        assert_eq!(indexed.pages, docs.len());
        sink.into_files().into_iter().collect()
    }

    #[test]
    fn pages_added_in_any_order_from_any_thread_give_the_same_index() {
        let docs: Vec<(String, String)> = (0..40)
            .map(|i| {
                let page = format!(
                    "<!DOCTYPE html><html lang=\"vi\"><body><main data-pagefind-body>\
                     <h1>Báo cáo {i}</h1><p>Đảng ủy xã số {i} hoàn thành nhiệm vụ.</p></main></body></html>"
                );
                (format!("tien-do/bao-cao-{i:03}/index.html"), search_doc(&page).unwrap())
            })
            .collect();
        let forward = index_files(&docs);
        let mut reversed = docs.clone();
        reversed.reverse();
        assert!(
            forward.keys().any(|k| k.ends_with(".pf_meta")),
            "{:?}",
            forward.keys()
        );
        assert!(forward.keys().filter(|k| k.contains("/fragment/")).count() == 40);
        assert_eq!(forward, index_files(&reversed));
    }

    /// The index of pages handed to Pagefind element by element
    /// ([`Indexer::add_page`]).
    fn index_of_pages(pages: &[(String, String)]) -> std::collections::BTreeMap<String, Vec<u8>> {
        let indexer = Indexer::new(None).unwrap();
        for (path, html) in pages {
            indexer.add_page(Path::new(path), html).unwrap();
        }
        let sink = crate::serve::memory::MemorySink::new();
        indexer.finish(&sink).unwrap();
        sink.into_files().into_iter().collect()
    }

    /// Pages with everything Pagefind's parser reads for itself: anchors (ids)
    /// on blocks and inline elements, weights (headings, explicit), filters and
    /// meta (values written and taken from the element's text or from another
    /// attribute), an image after the title, line breaks, elements it removes,
    /// SVG with self-closing children, entities, attributes written every way
    /// HTML allows, a page with `đ` (its `folded` field) and one without.
    const PAGES: &[&str] = &[
        "<h1 id=\"t\">Kế hoạch <strong>Năm</strong> cán bộ</h1><p>Xem <a href=\"/co-quan/so-noi-vu/\" id=\"l\">Sở <b>Nội</b> vụ</a>.</p><h2>Mục</h2><h3>Tiểu mục</h3><h6 id=\"h6\">Sáu</h6>",
        "<img src=\"/a.png\" alt=\"Ảnh &amp; chữ\"><h1>Tiêu đề</h1><img src='/b.png' alt=b><p data-pagefind-weight=\"3\">Nặng <br/>hơn<br>nữa</p>",
        "<p><span data-pagefind-filter=\"kind\">Nhiệm vụ</span> <span data-pagefind-meta=\"agency:Sở Nội vụ, date:2026\">x</span> <span data-pagefind-filter='agency[data-a]' data-a=\"UBND &quot;tỉnh&quot;\">y</span> <span data-pagefind-sort=\"n:3\">z</span></p>",
        "<div id=\"n\"><label>Nhãn</label><nav><a href=\"/\">Trang chủ</a></nav><form><input type=search name=q></form><svg viewBox=\"0 0 1 1\"><rect x=0 y=0 /><text>chữ</text></svg>đuôi</div>",
        "<section ID = 'muc'><DIV Id=x data-pagefind-ignore>bỏ <Div>lồng</div></DIV><table><tr><th>Cột</th><td>Ô &lt;một&gt;</td></tr></table><dl><dt>Chủ trì</dt><dd>Sở Nội vụ</dd></dl></section>",
        "<ul><li>Một<li>Hai</ul><p>Đảng ủy xã đã đổi mới.</p><p data-pagefind-index-attrs=\"title\" title=\"Tựa đề\">Có thuộc tính</p>",
        "<article><h1>Chỉ một</h1><p>Không có chữ d gạch.</p></article>",
    ];

    /// [`PAGES`] as whole pages, with their paths.
    fn whole_pages() -> Vec<(String, String)> {
        PAGES
            .iter()
            .enumerate()
            .map(|(i, body)| {
                (
                    format!("trang-{i}/index.html"),
                    format!(
                        "<!DOCTYPE html><html lang=\"vi\"><head><title>T</title></head><body>\
                         <header>đầu</header><main data-pagefind-body>{body}</main><footer>cuối</footer></body></html>"
                    ),
                )
            })
            .collect()
    }

    #[test]
    fn pages_kept_by_one_build_give_the_next_the_same_index() {
        let pages = whole_pages();
        let plain = index_of_pages(&pages);
        let cache = tempfile::tempdir().unwrap();
        let build = |pages: &[(String, String)]| {
            let indexer = Indexer::new(Some(cache.path())).unwrap();
            for (path, html) in pages {
                indexer.add_page(Path::new(path), html).unwrap();
            }
            let sink = crate::serve::memory::MemorySink::new();
            let indexed = indexer.finish(&sink).unwrap();
            let files: std::collections::BTreeMap<String, Vec<u8>> =
                sink.into_files().into_iter().collect();
            (files, indexed.pages_reused)
        };
        assert_eq!(build(&pages), (plain.clone(), 0));
        assert_eq!(build(&pages), (plain, PAGES.len()), "every page kept");
        // A page that changes is read again; the others are kept.
        let mut changed = pages.clone();
        changed[2].1 = changed[2].1.replace("Nhiệm vụ", "Nhiệm vụ mới");
        let (files, reused) = build(&changed);
        assert_eq!(reused, PAGES.len() - 1);
        assert_eq!(files, index_of_pages(&changed));
        // The same HTML at another path is another page.
        let mut moved = changed.clone();
        moved[0].0 = "trang-moi/index.html".into();
        let (files, reused) = build(&moved);
        assert_eq!(reused, PAGES.len() - 1);
        assert_eq!(files, index_of_pages(&moved));
    }

    #[test]
    fn pages_read_element_by_element_give_the_index_pagefinds_parser_gives() {
        let pages = whole_pages();
        let docs: Vec<(String, String)> = pages
            .iter()
            .map(|(path, html)| (path.clone(), search_doc(html).unwrap()))
            .collect();
        let parsed = index_files(&docs);
        let read = index_of_pages(&pages);
        assert_eq!(
            read.keys().filter(|k| k.contains("/fragment/")).count(),
            PAGES.len()
        );
        for (name, bytes) in &parsed {
            assert!(
                read.get(name) == Some(bytes),
                "{name} differs or is missing"
            );
        }
        assert_eq!(read.len(), parsed.len());
    }

    #[test]
    fn a_start_tags_attributes_are_read_as_html_reads_them() {
        let found: Vec<(&str, &str)> =
            attributes("<p ID=\"a b\" data-x='c \"d\"' e=f g h = \"i\" =j k/ l=\"\" m=n/>")
                .collect();
        assert_eq!(
            found,
            [
                ("ID", "a b"),
                ("data-x", "c \"d\""),
                ("e", "f"),
                ("g", ""),
                ("h", "i"),
                ("=j", ""),
                ("k", ""),
                ("l", ""),
                ("m", "n/"),
            ]
        );
        let upper: Vec<_> = attributes("<p ID=x>").collect();
        assert_eq!(Attrs(&upper).attribute("id").as_deref(), Some("x"));
        assert_eq!(attributes("<br>").count(), 0);
        assert_eq!(
            attributes("<a href=\"unclosed>").collect::<Vec<_>>(),
            [("href", "unclosed")]
        );
    }

    #[test]
    fn broken_html_reads_without_panicking() {
        for body in [
            "<p>mở <b>không đóng",
            "</div></span>thừa<p>đóng</i></p>",
            "<div id=\"a\"><h1>x</div></h1>",
            "<p data-pagefind-meta=\"\">rỗng</p><span data-pagefind-filter=\":\">:</span>",
            "<",
            "<p <b>",
        ] {
            let page = format!("<html lang=\"vi\"><main data-pagefind-body>{body}</main></html>");
            index_of_pages(&[("p/index.html".into(), page)]);
        }
    }

    /// Bodies with inline elements in every place where Pagefind's parser
    /// treats them apart: under anchors (ids), in headings, with filters and
    /// meta of their own, nested in one another, inside elements it removes.
    const INLINE_CASES: &[&str] = &[
        "<h1>Kế hoạch <strong>Năm</strong> cán bộ</h1><p>Xem <a href=\"/co-quan/so-noi-vu/\">Sở <b>Nội</b> vụ</a>.</p>",
        "<section id=\"muc-1\"><h2 id=\"tieu-de\">Mục <em>một</em></h2><p>Đảng <span>ủy <span>xã</span></span> và <a id=\"lk\" href=\"#\">liên kết <i>này</i></a></p></section>",
        "<div id=\"a\"><span>trong neo</span><dl><dt>Hạn</dt><dd><time datetime=\"2026-06-30\">tháng 6/2026</time></dd></dl></div>",
        "<p><span data-pagefind-filter=\"kind\">Nhiệm vụ</span> <span data-pagefind-meta=\"agency\">Sở Nội vụ</span> <span ID=\"x\">hoa</span><span id>rỗng</span> <b>đậm</b></p>",
        "<div id=\"n\"><label>Nhãn <span>có</span> chữ</label><nav><a href=\"/\">Trang chủ</a> <span>đường</span></nav><form><span>tìm</span></form>đuôi <b>cuối</b></div>",
        "<ul><li><a href=\"/a/\">Một</a><br>Hai<code>ba</code></li><li><small>bốn</small><sub>5</sub><sup>6</sup><abbr title=\"x\">UBND</abbr></li></ul></span>lạc",
    ];

    #[test]
    fn inline_tags_left_out_give_the_same_index() {
        for (i, body) in INLINE_CASES.iter().enumerate() {
            let page = format!(
                "<!DOCTYPE html><html lang=\"vi\"><body><main data-pagefind-body>{body}</main></body></html>"
            );
            let path = format!("tien-do/bao-cao-{i:03}/index.html");
            let kept = search_doc_with(&page, false).unwrap();
            let dropped = search_doc(&page).unwrap();
            assert!(dropped.len() < kept.len(), "{dropped}");
            assert_eq!(
                index_files(&[(path.clone(), kept)]),
                index_files(&[(path, dropped.clone())]),
                "case {i}: {dropped}"
            );
        }
    }

    #[test]
    fn the_tags_left_out_are_of_elements_pagefind_reads_as_inline_text() {
        use pagefind::parser_lists::{INLINE_SELECTORS, REMOVE_SELECTORS, SPACE_SELECTORS};
        for name in TRANSPARENT {
            assert!(INLINE_SELECTORS.contains(name), "{name}");
            assert!(!REMOVE_SELECTORS.contains(name), "{name}");
            assert!(!SPACE_SELECTORS.contains(name), "{name}");
        }
    }

    #[test]
    fn inline_tags_go_unless_they_carry_an_id_or_pagefind_attributes() {
        let doc = |body: &str| {
            let page = format!("<main data-pagefind-body>{body}</main>");
            let doc = search_doc(&page).unwrap();
            let start = doc.find("<main data-pagefind-body>").unwrap() + 25;
            doc[start..doc.rfind("</main>").unwrap()].to_string()
        };
        assert_eq!(
            doc("<p>Sở <a href=\"/x/\">Nội <b>vụ</b></a></p>"),
            "<p>Sở Nội vụ</p>"
        );
        assert_eq!(
            doc("<span id=\"k\">a<span>b</span>c</span>"),
            "<span id=\"k\">abc</span>"
        );
        assert_eq!(
            doc("<span>a<span data-pagefind-filter=\"kind\">b</span>c</span>"),
            "a<span data-pagefind-filter=\"kind\">b</span>c"
        );
        assert_eq!(
            doc("<nav><a href=\"/\">x</a></nav><a href=\"/\">y</a>"),
            "<nav><a href=\"/\"> x</a></nav> y"
        );
        assert_eq!(doc("<a hidden href=\"/\">z</a>"), "z");
        assert_eq!(doc("<a data-id=\"1\">z</a><a id=x>w</a>"), "z<a id=x>w</a>");
        assert_eq!(doc("<B>z</b><SPAN ID=y>w</SPAN>"), "z<SPAN ID=y>w</SPAN>");
    }

    /// The text Pagefind keeps of `doc` for the excerpts shown with results.
    fn indexed_text(doc: String) -> String {
        use std::io::Read;
        let files = index_files(&[("nhiem-vu/x/index.html".to_string(), doc)]);
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| name.contains("/fragment/"))
            .unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut text)
            .unwrap();
        let fragment: serde_json::Value = serde_json::from_slice(&text[12..]).unwrap();
        fragment["content"].as_str().unwrap().to_string()
    }

    #[test]
    fn words_on_either_side_of_a_block_tag_stay_apart() {
        let page = "<main data-pagefind-body><h1>Nhiệm vụ</h1><dl class=\"facts\">\
                    <div><dt>Chủ trì</dt><dd><a href=\"/co-quan/so-noi-vu/\">Sở Nội vụ</a></dd></div>\
                    <div><dt>Báo cáo gần nhất</dt><dd><time>24/6/2026</time></dd></div></dl>Xem\
                    <table><tr><th>Xã</th><th>Tình trạng</th></tr></table>thêm<dl><dt>Hạn</dt> \
                    <dd>quý III/2026</dd></dl></main>";
        assert_eq!(
            indexed_text(search_doc(page).unwrap()),
            "Nhiệm vụ. Chủ trì Sở Nội vụ. Báo cáo gần nhất 24/6/2026. Xem Xã Tình trạng thêm \
             Hạn quý III/2026"
        );
        // Tags in any case; an inline tag inside a word does not split it.
        let upper = "<main data-pagefind-body><DL><DT>Chủ trì</DT><DD>Sở Nội v<B>ụ</B></DD>\
                     </DL><P>Hết</P></main>";
        assert_eq!(
            indexed_text(search_doc(upper).unwrap()),
            "Chủ trì Sở Nội vụ Hết."
        );
    }

    #[test]
    fn decorations_hidden_from_screen_readers_are_not_indexed() {
        let page = "<main data-pagefind-body><p>Tình trạng <span class=\"status\">\
                    <span class=\"icon\" aria-hidden=\"true\">!</span> Quá hạn</span> \
                    <span aria-hidden=\"true\">→</span> xem <b aria-hidden=\"true\" \
                    data-pagefind-filter=\"kind\">Nhiệm vụ</b> <span aria-hidden=\"true\">và \
                    <i data-pagefind-filter=\"kind\">Báo cáo</i></span></p></main>";
        assert_eq!(
            indexed_text(search_doc(page).unwrap()),
            "Tình trạng Quá hạn xem Nhiệm vụ và Báo cáo."
        );
        // Attributes match in any case, as in HTML.
        let upper = "<main data-pagefind-body><p>Tình trạng <SPAN ARIA-HIDDEN=\"true\">!</SPAN> \
                     Quá hạn <b DATA-PAGEFIND-IGNORE>bỏ</b></p></main>";
        assert_eq!(
            indexed_text(search_doc(upper).unwrap()),
            "Tình trạng Quá hạn"
        );
    }

    #[test]
    fn counts_pages_of_every_language() {
        let json = br#"{"version":"1.6.0","languages":{"vi":{"hash":"x","wasm":null,"page_count":12},"en":{"hash":"y","wasm":"en","page_count":3}}}"#;
        assert_eq!(entry_page_count(json), 15);
        assert_eq!(entry_page_count(b"nope"), 0);
    }
}
