//! Full-text search: a static index that Pagefind builds in-process from the
//! pages' search records ([`SearchRecord`], made by the render stage from the
//! data each page's template gets, handed over as each page is rendered),
//! written into the same staging folder so it is published atomically with them.
//!
//! The record pages (tasks, agencies, progress reports, practices, communes,
//! goals, the plan) carry their kind and agencies as Pagefind filters. Pagefind
//! folds diacritics by stripping combining marks after NFD, so `dang uy xa`
//! finds "đảng ủy xã" except for `đ`, which has no decomposition. Each record
//! with `đ` in its text therefore gets a searched meta field `folded` holding
//! those words with `đ` written `d` ("dảng"), which Pagefind folds further to
//! "dang"; the `title` field holds each such word of the title twice
//! ([`title_for_index`]).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pagefind::api::{FossickedData, PagefindIndex, WeightedText};
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use crate::cache::{self, Pack};
use crate::render::error::RenderError;
use crate::render::record::{part_dir, part_of, SearchRecord, SearchText};
use crate::render::sink::Sink;

pub use crate::render::record::BUNDLE_DIR;

/// Files Pagefind always writes that the portal does not use (its own search UIs).
const UNUSED: &[&str] = &[
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.",
];

/// How many pages' fragments (the title, text and address a result shows) share
/// one file of the index: Pagefind bundles them when told how many fragment files
/// to make at most (`max_fragments`), and its search script loads a result's
/// group. One file a page made a third of a 10,000-entry site's files (13,345 of
/// 40,947), and creating files is much of a build's time on a disk; a group of
/// four is a few kilobytes for a phone to fetch per result shown (bench/NOTES.md).
pub const FRAGMENTS_PER_FILE: usize = 4;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Index(String),
    /// A page this build put in the cache's [`PAGE_PACK`], or an earlier build
    /// kept there, could not be read back when its part of the index was built.
    #[error("search index: a page kept in {0} could not be read back")]
    Cache(&'static str),
    #[error(transparent)]
    Write(#[from] RenderError),
}

impl SearchError {
    /// What went wrong, in words for the person who ran the build.
    pub fn message(&self) -> crate::messages::Msg {
        match self {
            SearchError::Index(m) => crate::messages::Msg::new("search-index").arg("message", m),
            SearchError::Cache(dir) => {
                crate::messages::Msg::new("search-cache-unreadable").arg("dir", *dir)
            }
            SearchError::Write(e) => e.message(),
        }
    }
}

/// A finished index.
#[derive(Debug, Clone)]
pub struct Indexed {
    /// Pages in the index.
    pub pages: usize,
    /// Files written under [`BUNDLE_DIR`] (every part's).
    pub files: usize,
    /// The time to build and write the index once every page was added (pages
    /// are read while they are rendered).
    pub elapsed: Duration,
    /// Gzipped files taken from the cache, and gzipped anew ([`GZIP_PACK`]).
    pub gzip_reused: usize,
    pub gzip_made: usize,
    /// Pages added as an earlier build read them ([`PAGE_PACK`]).
    pub pages_reused: usize,
    /// Each record's page path and key in [`PAGE_PACK`] (empty without a cache).
    pub records: BTreeMap<String, u128>,
}

/// The cache's pack of the index's gzipped files ([`crate::cache::Pack`]). Their
/// names are hashes of their contents, so from one build to the next most are the
/// same (all of them when no page changed), and gzipping them is about a tenth
/// of a 10,000-entry build's processor time.
pub const GZIP_PACK: &str = "search-gz";

/// A search index being built: pages are added from the render threads as they
/// are made ([`Indexer::add`]), and [`Indexer::finish`] writes the index.
pub struct Indexer {
    /// Reads pages for the index; the whole index, each page added to it as it
    /// comes, unless the index is in `parts`.
    index: PagefindIndex,
    /// The index in parts ([`part_of`]), each built once every page is in, one
    /// after the other: till then each part's pages wait, by their key in the
    /// cache's [`PAGE_PACK`] on the disk. Empty for an index of one part (a site
    /// of up to [`crate::render::record::PART_PAGES`] record pages).
    parts: Vec<std::sync::Mutex<Vec<Waiting>>>,
    /// What the index keeps for the next build, with a cache folder.
    kept: Option<Kept>,
    /// Each record added, by its page's path, with its key in [`PAGE_PACK`]
    /// (with a cache folder): a later build that renders only part of the
    /// site adds the others by these keys ([`Indexer::keep`]).
    added: std::sync::Mutex<BTreeMap<String, u128>>,
}

/// A page of an index in parts, waiting for its part to be built.
enum Waiting {
    /// In the cache's [`PAGE_PACK`] under this key.
    Packed(u128),
    /// As read: there is no cache folder, or writing to it failed.
    Read(Box<FossickedData>),
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
    /// An empty index for a site of about `pages` record pages
    /// ([`crate::render::record::record_pages`]), in `parts` parts
    /// ([`crate::render::record::index_parts`]); with a cache folder, one that
    /// takes unchanged pages and files from there and leaves this build's for
    /// the next.
    pub fn new(cache: Option<&Path>, pages: usize, parts: usize) -> Result<Indexer, SearchError> {
        // The count of fragment files must depend on the site alone, so that
        // a build of part of the site makes the index a full build makes (the
        // parts' are counted when they are built, from the same pages).
        let index = new_index(pages)?;
        let parts = match parts {
            0 | 1 => Vec::new(),
            n => (0..n).map(|_| Default::default()).collect(),
        };
        let kept = cache.and_then(|dir| {
            Some(Kept {
                dir: dir.to_path_buf(),
                program: cache::program_key()?,
                pages: Pack::open(dir, PAGE_PACK),
            })
        });
        Ok(Indexer {
            index,
            parts,
            kept,
            added: Default::default(),
        })
    }

    /// Add `page`, read for the index (`packed`: the cache's page pack holds
    /// it under this key).
    fn hold(&self, path: &str, packed: Option<u128>, page: FossickedData) {
        match packed {
            _ if self.parts.is_empty() => {
                self.index.add_fossicked_blocking(page);
            }
            Some(key) => self.wait(path, Waiting::Packed(key)),
            None => self.wait(path, Waiting::Read(Box::new(page))),
        }
    }

    /// Let the page at `path` wait for its part of an index in parts.
    fn wait(&self, path: &str, waiting: Waiting) {
        if let Some(part) = self.parts.get(part_of(path, self.parts.len())) {
            if let Ok(mut part) = part.lock() {
                part.push(waiting);
            }
        }
    }

    /// Add a page's record: read for the index on the calling thread (any number
    /// may call at once) and added under the index's lock. With a cache, a record
    /// an earlier build read is added as it read it ([`PAGE_PACK`]).
    pub fn add(&self, record: SearchRecord) -> Result<(), SearchError> {
        let url = format!("/{}", record.path);
        let mut meta = BTreeMap::new();
        meta.insert("title".to_string(), title_for_index(&record.title));
        meta.insert("name".to_string(), record.title.clone());
        if let Some(label) = &record.illustrative {
            meta.insert("illustrative".to_string(), label.clone());
        }
        let mut folded = Folded::default();
        folded.add(&record.title);
        folded.add(&record.text);
        if !folded.words.is_empty() {
            meta.insert("folded".to_string(), folded.words);
        }
        let mut filters = BTreeMap::new();
        filters.insert("kind".to_string(), vec![record.kind]);
        if !record.agencies.is_empty() {
            filters.insert("agency".to_string(), record.agencies);
        }
        let key = self.kept.as_ref().map(|kept| {
            // Everything the record hands Pagefind.
            let fields = serde_json::to_vec(&(&meta, &filters)).unwrap_or_default();
            Pack::key(
                PAGE_PACK,
                &[
                    &kept.program.to_le_bytes(),
                    url.as_bytes(),
                    record.language.as_bytes(),
                    record.text.as_bytes(),
                    &fields,
                ],
            )
        });
        if let (Some(key), Ok(mut added)) = (key, self.added.lock()) {
            if added.contains_key(&record.path) {
                // Kept as the previous build read it (`keep`), the same record:
                // the page was rendered only because every page was.
                return Ok(());
            }
            added.insert(record.path.clone(), key);
        }
        if let Some(key) = key {
            if self.add_kept(&record.path, key) {
                return Ok(());
            }
        }
        let path = record.path;
        // The title ranks as the heading of a page ranks (`h1`).
        let content = [
            WeightedText {
                text: {
                    let mut title = SearchText::default();
                    title.sentence(&record.title);
                    title.into_string()
                },
                weight: Some(TITLE_WEIGHT),
            },
            WeightedText {
                text: record.text,
                weight: None,
            },
        ];
        let page = self
            .index
            .fossick_custom_record(
                url,
                &content,
                record.language.to_string(),
                Some(meta),
                Some(filters),
                None,
            )
            .map_err(|e| index_err(&e))?;
        let packed = match (&self.kept, key) {
            (Some(kept), Some(key)) => kept.pages.put(key, &page.to_bytes()).then_some(key),
            _ => None,
        };
        self.hold(&path, packed, page);
        Ok(())
    }

    /// Add the page at `path` an earlier build read under `key`, if the cache
    /// has it.
    fn add_kept(&self, path: &str, key: u128) -> bool {
        let Some(kept) = &self.kept else {
            return false;
        };
        if !self.parts.is_empty() {
            // Read when its part is built.
            if !kept.pages.has(key) {
                return false;
            }
            self.wait(path, Waiting::Packed(key));
            return true;
        }
        let mut page = None;
        kept.pages.get(key, |bytes| {
            page = FossickedData::from_bytes(bytes);
            page.is_some()
        });
        match page {
            Some(page) => {
                self.hold(path, None, page);
                true
            }
            None => false,
        }
    }

    /// Add the records of `previous` (page path → key, as [`Indexed::records`]
    /// gave them) that were not added this build and whose page is not `gone`,
    /// as the earlier build read them: a build that renders only the pages its
    /// changes reach keeps the others' records. False when one is not in the
    /// cache (then the whole site must be rendered). Called while pages are
    /// rendered, `gone` must also name every page that may yet be rendered.
    pub fn keep(
        &self,
        previous: &BTreeMap<String, u128>,
        gone: &(dyn Fn(&str) -> bool + Sync),
    ) -> bool {
        let rest: Vec<(&String, u128)> = {
            let Ok(mut added) = self.added.lock() else {
                return false;
            };
            let rest: Vec<(&String, u128)> = previous
                .iter()
                .filter(|(path, _)| !added.contains_key(*path) && !gone(path))
                .map(|(path, &key)| (path, key))
                .collect();
            // Claimed before they are added, under the same lock: a page
            // rendered meanwhile leaves its record to this (see `add`).
            added.extend(rest.iter().map(|&(p, k)| (p.clone(), k)));
            rest
        };
        rest.par_iter().all(|&(path, key)| self.add_kept(path, key))
    }

    /// Build the index of every page added and write it through `sink` under
    /// [`BUNDLE_DIR`]. With a cache folder, gzipped files are taken from its
    /// [`GZIP_PACK`] when they are there, and it is left holding this index's.
    pub fn finish(self, sink: &dyn Sink) -> Result<Indexed, SearchError> {
        let start = Instant::now();
        let Indexer {
            index,
            parts,
            kept,
            added,
        } = self;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(|e| index_err(&e))?;
        let pack = kept.as_ref().map(|k| Pack::open(&k.dir, GZIP_PACK));
        // The files of `index` written under `dir`: (pages, files).
        let write = |mut index: PagefindIndex, dir: &str| -> Result<(usize, usize), SearchError> {
            let files = match (&pack, &kept) {
                (Some(pack), Some(kept)) => {
                    let program = kept.program.to_le_bytes();
                    let gzip = |input: &[u8]| {
                        pack.get_or_make(Pack::key(GZIP_PACK, &[&program, input]), || {
                            pagefind::api::gzip(input)
                        })
                    };
                    runtime.block_on(index.get_files_gzipped_with(&gzip))
                }
                _ => runtime.block_on(index.get_files()),
            }
            .map_err(|e| index_err(&e))?;
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
            // Many files (the groups of fragments): written in parallel, like the pages.
            named
                .par_iter()
                .try_for_each(|(name, bytes)| sink.write(&format!("{dir}{name}"), bytes))?;
            Ok((pages, named.len()))
        };
        let (mut pages, mut files) = (0, 0);
        if parts.is_empty() {
            (pages, files) = write(index, BUNDLE_DIR)?;
        } else {
            // One part in memory at a time, its pages read back from the
            // cache, each part a bundle of its own.
            let reader = kept.as_ref().map(|k| k.pages.reader());
            for (i, part) in parts.into_iter().enumerate() {
                let waiting = part.into_inner().map_err(|_| index_err(&"poisoned"))?;
                let index = new_index(waiting.len())?;
                waiting.into_par_iter().try_for_each(|w| {
                    let page = match w {
                        Waiting::Read(page) => *page,
                        Waiting::Packed(key) => reader
                            .as_ref()
                            .and_then(|r| r.get(key))
                            .and_then(FossickedData::from_bytes)
                            .ok_or(SearchError::Cache(cache::DIR))?,
                    };
                    index.add_fossicked_blocking(page);
                    Ok::<(), SearchError>(())
                })?;
                if let Some(reader) = &reader {
                    reader.release();
                }
                let (p, f) = write(index, &part_dir(i))?;
                pages += p;
                files += f;
            }
        }
        let (gzip_reused, gzip_made) = pack.as_ref().map_or((0, 0), Pack::stats);
        if let Some(pack) = pack {
            pack.save();
        }
        let mut pages_reused = 0;
        if let Some(kept) = kept {
            pages_reused = kept.pages.stats().0;
            kept.pages.save();
        }
        Ok(Indexed {
            records: added.into_inner().map_err(|_| index_err(&"poisoned"))?,
            pages,
            files,
            elapsed: start.elapsed(),
            gzip_reused,
            gzip_made,
            pages_reused,
        })
    }
}

/// An empty Pagefind index for `pages` record pages, their fragments
/// [`FRAGMENTS_PER_FILE`] to a file.
fn new_index(pages: usize) -> Result<PagefindIndex, SearchError> {
    // Pagefind makes groups of ceil(records / files): with a hundredth more
    // files than `pages` needs, a few records more than counted still make
    // groups of four.
    let files = (pages.div_ceil(FRAGMENTS_PER_FILE) + pages / 100).max(1);
    let config = PagefindServiceConfig::builder()
        .max_fragments(u32::try_from(files).unwrap_or(u32::MAX))
        .build();
    PagefindIndex::new(Some(config)).map_err(|e| index_err(&e))
}

/// The weight Pagefind's HTML parser gives a page's `h1`, given to a record's title.
const TITLE_WEIGHT: f32 = 7.0;

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
/// `d`, each once, in order ([`Indexer::add`] gives it a record's text
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

#[cfg(test)]
mod tests {
    use super::*;

    fn folded_words(text: &str) -> String {
        let mut f = Folded::default();
        f.add(text);
        f.words
    }

    #[test]
    fn folds_only_words_with_d_bar() {
        assert_eq!(
            folded_words("Đảng ủy xã Đông Hưng, đường đảng"),
            "dảng dông dường"
        );
        // A word is a run of letters and digits, wherever its `đ` is in it.
        assert_eq!(
            folded_words("(Xuân Đài), Hồng-Đức; đợt 2đ đỏđen đđ Đài"),
            "dài dức dợt 2d dỏden dd"
        );
        assert_eq!(folded_words("Sở Nội vụ"), "");
    }

    #[test]
    fn titles_carry_each_word_with_d_bar_twice() {
        assert_eq!(
            title_for_index("Đảng ủy xã, phường (Đông)"),
            "Đảng Dảng ủy xã, phường (Đông Dông)"
        );
        assert_eq!(title_for_index("Sở Nội vụ"), "Sở Nội vụ");
    }

    fn record(i: usize) -> SearchRecord {
        SearchRecord {
            path: format!("tien-do/bao-cao-{i:03}/"),
            language: "vi",
            title: format!("Báo cáo {i}"),
            kind: "Báo cáo tiến độ".into(),
            agencies: if i % 3 == 0 {
                vec![]
            } else {
                vec!["Sở Nội vụ".into(), "Đảng ủy xã".into()]
            },
            illustrative: (i % 2 == 0).then(|| "Minh họa".into()),
            text: format!("Đảng ủy xã số {i} hoàn thành nhiệm vụ."),
        }
    }

    type Files = BTreeMap<String, Vec<u8>>;

    /// The index files of `records` added from as many threads at once, with
    /// the cache folder `cache` if any, and how many records came from it.
    fn index_files(records: &[SearchRecord], cache: Option<&Path>) -> (Files, usize) {
        let indexer = Indexer::new(cache, records.len(), 1).unwrap();
        std::thread::scope(|s| {
            for r in records {
                let indexer = &indexer;
                s.spawn(move || indexer.add(r.clone()).unwrap());
            }
        });
        let sink = crate::serve::memory::MemorySink::new();
        let indexed = indexer.finish(&sink).unwrap();
        assert_eq!(indexed.pages, records.len());
        (
            sink.into_files().into_iter().collect(),
            indexed.pages_reused,
        )
    }

    #[test]
    fn records_added_in_any_order_from_any_thread_give_the_same_index() {
        let records: Vec<SearchRecord> = (0..40).map(record).collect();
        let (forward, _) = index_files(&records, None);
        let mut reversed = records.clone();
        reversed.reverse();
        assert!(
            forward.keys().any(|k| k.ends_with(".pf_meta")),
            "{:?}",
            forward.keys()
        );
        assert_eq!(
            forward.keys().filter(|k| k.contains("/fragment/")).count(),
            10,
            "the fragments of 40 pages, four to a file"
        );
        assert_eq!(forward, index_files(&reversed, None).0);
    }

    #[test]
    fn records_kept_by_one_build_give_the_next_the_same_index() {
        let records: Vec<SearchRecord> = (0..6).map(record).collect();
        let (plain, _) = index_files(&records, None);
        let cache = tempfile::tempdir().unwrap();
        let build = |records: &[SearchRecord]| index_files(records, Some(cache.path()));
        assert_eq!(build(&records), (plain.clone(), 0));
        assert_eq!(build(&records), (plain, records.len()), "every record kept");
        // A record whose text, title, filters, meta or address changes is read
        // again; the others are kept.
        let changes: [fn(&mut SearchRecord); 5] = [
            |r| r.text.push_str(" Thêm."),
            |r| r.title.push('!'),
            |r| r.agencies.push("Sở Tài chính".into()),
            |r| r.illustrative = None,
            |r| r.path = "tien-do/moi/".into(),
        ];
        for (i, change) in changes.iter().enumerate() {
            let mut changed = records.clone();
            change(&mut changed[2]);
            let (files, reused) = build(&changed);
            assert_eq!(reused, records.len() - 1, "change {i}");
            assert_eq!(files, index_files(&changed, None).0, "change {i}");
        }
    }

    /// What Pagefind keeps of the one record in `files`: its fragment as JSON.
    fn fragment(files: &Files) -> serde_json::Value {
        use std::io::Read;
        let (_, bytes) = files
            .iter()
            .find(|(name, _)| name.contains("/fragment/"))
            .unwrap();
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut text)
            .unwrap();
        // After the `pagefind_dcd` mark.
        serde_json::from_slice(&text[12..]).unwrap()
    }

    #[test]
    fn a_records_text_meta_and_filters_are_what_results_show() {
        let (files, _) = index_files(&[record(2)], None);
        let f = fragment(&files);
        assert_eq!(f["url"], "/tien-do/bao-cao-002/");
        assert_eq!(
            f["content"],
            "Báo cáo 2. Đảng ủy xã số 2 hoàn thành nhiệm vụ."
        );
        assert_eq!(f["meta"]["name"], "Báo cáo 2");
        assert_eq!(f["meta"]["title"], "Báo cáo 2");
        assert_eq!(f["meta"]["illustrative"], "Minh họa");
        assert_eq!(f["meta"]["folded"], "dảng");
        assert_eq!(f["filters"]["kind"], serde_json::json!(["Báo cáo tiến độ"]));
        assert_eq!(
            f["filters"]["agency"],
            serde_json::json!(["Sở Nội vụ", "Đảng ủy xã"])
        );
        // No agency filter on a record that concerns none; no illustrative mark
        // on one that is not.
        let f = fragment(&index_files(&[record(3)], None).0);
        assert!(f["filters"].get("agency").is_none(), "{f}");
        assert!(f["meta"].get("illustrative").is_none(), "{f}");
    }

    #[test]
    fn counts_pages_of_every_language() {
        let json = br#"{"version":"1.6.0","languages":{"vi":{"hash":"x","wasm":null,"page_count":12},"en":{"hash":"y","wasm":"en","page_count":3}}}"#;
        assert_eq!(entry_page_count(json), 15);
        assert_eq!(entry_page_count(b"nope"), 0);
    }
}
