//! A build into an output that the previous build made renders only the pages
//! its changes reach, as the preview does after an edit.
//!
//! After each build, what its pages showed is saved in the cache folder
//! ([`STATE`]): a key of everything but the progress files that the output
//! depends on (this tiendo, the options, every other file of `content/` and
//! `themes/`, the as-of date, the output folder), the hash of the output's list
//! of files, each progress file's hash and the entries it held, a mark of each
//! status, and each search record's key. The next build into the same folder
//! with the same key compares its progress files with those and asks
//! [`reach::plan`] which pages the changed files reach; it renders those (and
//! the share images, taken from their cache), keeps every other file of the
//! previous output as it is, and adds the other search records as the previous
//! build read them. Anything it cannot vouch for (no state, another key, an
//! output changed since, a change `plan` does not follow, a file edited by hand
//! in the output, a record missing from the cache) means rendering everything,
//! as before.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache;
use crate::model::{Date, Site};
use crate::output;
use crate::render::pages::incremental::Selection;
use crate::render::pages::reach::{self, Before, Marks, Shown, Was};
use crate::render::Options;

/// The file of the cache folder that holds what the last build's pages show.
pub const STATE: &str = "build-state.json";

/// What a build's pages show, saved for the next build.
#[derive(Serialize, Deserialize)]
pub struct Saved {
    /// See [`inputs_key`].
    key: String,
    /// A hash of the output's list of files once it was published.
    files: String,
    /// Each progress file's hash ([`crate::model::Entry::file_hash`]), by its
    /// path in the site folder.
    sources: HashMap<String, String>,
    /// The entries each progress file held.
    entries: HashMap<String, Vec<Before>>,
    as_of: Date,
    page_size: usize,
    /// The visible entries' ids, newest first (the progress index's order).
    visible: Vec<String>,
    /// Per task: whether its status rests on an illustrative entry.
    illustrative: Vec<bool>,
    marks: Marks,
    /// Each search record's key in the cache's pack, by its page's path.
    records: BTreeMap<String, String>,
    /// Each share card's key, by its page's path.
    cards: BTreeMap<String, String>,
}

/// What this build renders of the site, when it renders only part of it.
pub struct Reach {
    pub selection: Selection,
    /// Files of the previous output that go (pages no longer made).
    pub gone: HashSet<String>,
    /// The previous build's search records, by page path.
    pub records: BTreeMap<String, u128>,
    /// The previous build's share cards' keys, by page path.
    pub cards: BTreeMap<String, String>,
}

fn hex(h: u128) -> String {
    format!("{h:032x}")
}

/// Everything but the progress files that a build's output depends on: this
/// tiendo, the options, the as-of date, the site and output folders, and every
/// file of `content/` (but `content/progress/`) and of `themes/` by its name,
/// size and modification time. `None` when one cannot be read.
pub fn inputs_key(site_dir: &Path, out: &Path, opts: &Options, as_of: Date) -> Option<String> {
    let program = cache::program_key()?;
    let mut h = siphasher::sip128::SipHasher13::new_with_keys(0, 0);
    let mut put = |bytes: &[u8]| {
        h.write_u64(bytes.len() as u64);
        h.write(bytes);
    };
    put(&program.to_le_bytes());
    put(format!("{:?}", opts.base_url).as_bytes());
    put(&[u8::from(opts.no_search), u8::from(opts.no_images)]);
    put(as_of.iso().as_bytes());
    put(std::path::absolute(site_dir)
        .ok()?
        .as_os_str()
        .as_encoded_bytes());
    put(std::path::absolute(out)
        .ok()?
        .as_os_str()
        .as_encoded_bytes());
    let progress = site_dir.join("content").join("progress");
    for root in ["content", "themes"] {
        let root = site_dir.join(root);
        if !root.exists() {
            continue;
        }
        let walk = walkdir::WalkDir::new(&root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.path() != progress);
        for e in walk {
            let e = e.ok()?;
            let m = e.metadata().ok()?;
            // By its path in the site folder, however that folder was named.
            let rel = e.path().strip_prefix(site_dir).unwrap_or(e.path());
            put(rel.as_os_str().as_encoded_bytes());
            put(&m.len().to_le_bytes());
            let t = m
                .modified()
                .ok()?
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            put(&t.as_nanos().to_le_bytes());
        }
    }
    use siphasher::sip128::Hasher128;
    Some(format!("{:032x}", h.finish128().as_u128()))
}

/// A hash of the list of files of the output at `out`, `None` without one.
pub fn output_list(out: &Path) -> Option<String> {
    let bytes = fs::read(out.join(output::FILES)).ok()?;
    Some(hex(cache::Pack::key(output::FILES, &[&bytes])))
}

impl Saved {
    /// What the build that published `out` saved in `cache_dir`, if its key is
    /// `key` and `out` is still as it published it.
    pub fn read(cache_dir: &Path, key: &str, out: &Path) -> Option<Saved> {
        let bytes = fs::read(cache_dir.join(STATE)).ok()?;
        let saved: Saved = serde_json::from_slice(&bytes).ok()?;
        (saved.key == key && Some(&saved.files) == output_list(out).as_ref()).then_some(saved)
    }

    /// What this build of `site` renders: the pages the progress files that
    /// changed since reach. `None` when only rendering everything is safe.
    pub fn reach(self, site: &Site, progress: &crate::model::Progress) -> Option<Reach> {
        if self.as_of != progress.as_of || self.page_size != site.config.page_size.max(1) {
            return None;
        }
        let mut now: HashMap<String, u128> = HashMap::with_capacity(self.sources.len());
        for e in &site.entries {
            now.insert(e.origin.file.to_string_lossy().into_owned(), e.file_hash);
        }
        let mut entries = self.entries;
        let mut dirty: BTreeMap<PathBuf, Vec<Before>> = BTreeMap::new();
        for (file, hash) in &now {
            if self.sources.get(file) != Some(&hex(*hash)) {
                let before = entries.remove(file).unwrap_or_default();
                dirty.insert(PathBuf::from(file), before);
            }
        }
        for (file, _) in self.sources {
            if !now.contains_key(&file) {
                let before = entries.remove(&file).unwrap_or_default();
                dirty.insert(PathBuf::from(file), before);
            }
        }
        let shown = Shown {
            as_of: self.as_of,
            progress: Was::Marks(self.marks),
            visible: self.visible,
            page_size: self.page_size,
            illustrative: self.illustrative,
        };
        let (phases, removed) = reach::plan(site, progress, &shown, &dirty, &HashSet::new())?;
        let mut selection = Selection::default();
        for phase in &phases {
            selection.merge(phase);
        }
        let records = self
            .records
            .into_iter()
            .map(|(path, key)| Some((path, u128::from_str_radix(&key, 16).ok()?)))
            .collect::<Option<_>>()?;
        Some(Reach {
            selection,
            gone: removed.into_iter().collect(),
            records,
            cards: self.cards,
        })
    }

    /// What the build just published shows: `site` as of `as_of`, into the
    /// output whose list of files hashes to `files`, with its search records.
    pub fn of(
        key: String,
        files: String,
        site: &Site,
        progress: &crate::model::Progress,
        records: BTreeMap<String, u128>,
        cards: BTreeMap<String, String>,
    ) -> Saved {
        let mut sources = HashMap::with_capacity(site.entries.len());
        for e in &site.entries {
            sources.insert(
                e.origin.file.to_string_lossy().into_owned(),
                hex(e.file_hash),
            );
        }
        let shown = Shown::with(site, progress.as_of, Was::Marks(Marks::of(progress)));
        let marks = match shown.progress {
            Was::Marks(m) => m,
            Was::Kept(p) => Marks::of(&p),
        };
        Saved {
            key,
            files,
            sources,
            entries: Before::of(site, Some(progress.as_of)),
            as_of: shown.as_of,
            page_size: shown.page_size,
            visible: shown.visible,
            illustrative: shown.illustrative,
            marks,
            records: records.into_iter().map(|(p, k)| (p, hex(k))).collect(),
            cards,
        }
    }

    /// Save it in `cache_dir` (written aside, then renamed: a build killed
    /// meanwhile leaves the old state or none, never half of one).
    pub fn save(&self, cache_dir: &Path) {
        let Ok(json) = serde_json::to_vec(self) else {
            return;
        };
        let tmp = cache_dir.join(format!("{STATE}.{}.tmp", std::process::id()));
        if fs::create_dir_all(cache_dir).is_ok() && fs::write(&tmp, json).is_ok() {
            let _ = fs::rename(&tmp, cache_dir.join(STATE));
        }
        let _ = fs::remove_file(&tmp);
    }

    /// Forget it (before a build that may fail halfway through its output).
    pub fn forget(cache_dir: &Path) {
        let _ = fs::remove_file(cache_dir.join(STATE));
    }
}
