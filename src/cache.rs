//! Derived files kept between builds, next to the site (`SITE/.tiendo-cache/`), so a
//! rebuild does not redo slow work whose inputs did not change (share images take
//! milliseconds each to draw; a cached one is a file read).
//!
//! Entries are named by a hash of everything that went into them, so an entry is
//! either right or absent: there is nothing to invalidate. The cache is an
//! optimisation only: a folder that cannot be read or written just means the work
//! is done again, never a failed build. After a build, entries it did not use are
//! removed, so the cache holds one build's worth of files.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The cache folder's name inside the site folder.
pub const DIR: &str = ".tiendo-cache";

/// One namespace of the cache (e.g. `og` for share images): a flat folder of files
/// named `<key>.<ext>`.
pub struct Cache {
    dir: PathBuf,
    ext: &'static str,
    used: Mutex<HashSet<String>>,
    hits: AtomicUsize,
    misses: AtomicUsize,
}

impl Cache {
    /// The namespace `name` of the cache in `root` (created on first write).
    pub fn new(root: &Path, name: &str, ext: &'static str) -> Cache {
        Cache {
            dir: root.join(name),
            ext,
            used: Mutex::new(HashSet::new()),
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.{}", self.ext))
    }

    fn mark(&self, key: &str) {
        if let Ok(mut u) = self.used.lock() {
            u.insert(key.to_string());
        }
    }

    /// The bytes stored under `key`, if any.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        self.mark(key);
        match fs::read(self.path(key)) {
            Ok(b) if !b.is_empty() => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(b)
            }
            _ => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// The file stored under `key`, if any (for a sink that can link it).
    pub fn file(&self, key: &str) -> Option<PathBuf> {
        self.mark(key);
        let p = self.path(key);
        match fs::metadata(&p) {
            Ok(m) if m.is_file() && m.len() > 0 => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(p)
            }
            _ => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Store `bytes` under `key`. Written to a temporary name and renamed, so a
    /// reader never sees half a file; failures are ignored.
    pub fn put(&self, key: &str, bytes: &[u8]) {
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        self.mark(key);
        if fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = self.dir.join(format!(
            ".{key}.{}-{}.tmp",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        if fs::write(&tmp, bytes).is_ok() && fs::rename(&tmp, self.path(key)).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// (hits, misses) so far.
    pub fn stats(&self) -> (usize, usize) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }

    /// Remove the entries this build did not use.
    pub fn prune(&self) {
        let Ok(used) = self.used.lock() else { return };
        let Ok(rd) = fs::read_dir(&self.dir) else {
            return;
        };
        let suffix = format!(".{}", self.ext);
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Some(key) = name.strip_suffix(&suffix) else {
                continue;
            };
            if !key.starts_with('.') && !used.contains(key) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// Many small entries kept in one file (`<root>/<name>.pack`), for work done
/// thousands of times a build on small inputs (gzipping the search index's
/// files): read whole when opened, written whole by [`Pack::save`], so a build
/// reads one file, not one per entry. Entries are keyed by a 128-bit hash of
/// their input ([`Pack::key`]); what a build did not use is left out when it
/// saves. A file that is missing, unreadable or not a pack just means the work
/// is done again.
pub struct Pack {
    path: PathBuf,
    /// The file as read.
    data: Vec<u8>,
    /// Where each entry's bytes are in `data`.
    old: HashMap<u128, (usize, usize)>,
    /// Keys of the old entries used this build.
    used: Mutex<HashSet<u128>>,
    /// Entries made this build.
    made: Mutex<Vec<(u128, Vec<u8>)>>,
}

/// The first bytes of a pack file; a new layout gets a new number.
const PACK_MAGIC: &[u8] = b"tiendo-pack 1\n";

impl Pack {
    /// The pack `name` in the cache folder `root`, with the entries it holds.
    pub fn open(root: &Path, name: &str) -> Pack {
        let path = root.join(format!("{name}.pack"));
        let data = fs::read(&path).unwrap_or_default();
        let old = Self::entries(&data).unwrap_or_default();
        Pack {
            path,
            data,
            old,
            used: Mutex::new(HashSet::new()),
            made: Mutex::new(Vec::new()),
        }
    }

    /// Where each entry of the pack file `data` is: after the magic, each entry
    /// is its key (16 bytes), its length (4 bytes; both little-endian) and its
    /// bytes. `None` for anything else.
    fn entries(data: &[u8]) -> Option<HashMap<u128, (usize, usize)>> {
        let mut rest = data.strip_prefix(PACK_MAGIC)?;
        let mut at = PACK_MAGIC.len();
        let mut map = HashMap::new();
        while !rest.is_empty() {
            let key = u128::from_le_bytes(rest.get(..16)?.try_into().ok()?);
            let len = u32::from_le_bytes(rest.get(16..20)?.try_into().ok()?) as usize;
            rest.get(20..20 + len)?;
            map.insert(key, (at + 20, len));
            at += 20 + len;
            rest = &rest[20 + len..];
        }
        Some(map)
    }

    /// The key of an entry made from `input` by the work named `what` (which
    /// names everything else the result depends on: the tool, its settings).
    pub fn key(what: &str, input: &[u8]) -> u128 {
        use siphasher::sip128::Hasher128;
        use std::hash::Hasher;
        let mut h = siphasher::sip128::SipHasher13::new_with_keys(0, 0);
        h.write(what.as_bytes());
        h.write_u8(0);
        h.write(input);
        h.finish128().as_u128()
    }

    /// The bytes kept under `key` if `valid` accepts them, else those `make`
    /// gives, kept for the next build.
    pub fn get_or_make(
        &self,
        key: u128,
        valid: impl FnOnce(&[u8]) -> bool,
        make: impl FnOnce() -> Vec<u8>,
    ) -> Vec<u8> {
        if let Some(&(at, len)) = self.old.get(&key) {
            let bytes = &self.data[at..at + len];
            if valid(bytes) {
                if let Ok(mut used) = self.used.lock() {
                    used.insert(key);
                }
                return bytes.to_vec();
            }
        }
        let bytes = make();
        if let Ok(mut made) = self.made.lock() {
            made.push((key, bytes.clone()));
        }
        bytes
    }

    /// (entries reused, entries made) so far.
    pub fn stats(&self) -> (usize, usize) {
        let used = self.used.lock().map_or(0, |u| u.len());
        let made = self.made.lock().map_or(0, |m| m.len());
        (used, made)
    }

    /// Write the entries used or made this build, and only those, unless the
    /// file already holds exactly them. Written to a temporary name and
    /// renamed, so a reader never sees half a file; failures are ignored.
    pub fn save(self) {
        let (Ok(used), Ok(made)) = (self.used.into_inner(), self.made.into_inner()) else {
            return;
        };
        if made.is_empty() && used.len() == self.old.len() {
            return;
        }
        let mut keys: Vec<u128> = used.iter().copied().collect();
        keys.sort_unstable();
        let mut out = PACK_MAGIC.to_vec();
        let mut put = |key: u128, bytes: &[u8]| {
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            out.extend_from_slice(bytes);
        };
        for key in keys {
            let (at, len) = self.old[&key];
            put(key, &self.data[at..at + len]);
        }
        let mut written: HashSet<u128> = HashSet::new();
        for (key, bytes) in &made {
            if u32::try_from(bytes.len()).is_ok() && !used.contains(key) && written.insert(*key) {
                put(*key, bytes);
            }
        }
        let Some(dir) = self.path.parent() else {
            return;
        };
        if fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = self
            .path
            .with_extension(format!("{}.tmp", std::process::id()));
        if fs::write(&tmp, &out).is_ok() && fs::rename(&tmp, &self.path).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_reads_and_prunes() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::new(dir.path(), "og", "png");
        assert_eq!(c.get("a"), None);
        c.put("a", b"one");
        c.put("b", b"two");
        assert_eq!(c.get("a").as_deref(), Some(&b"one"[..]));
        assert_eq!(c.stats(), (1, 1));
        assert_eq!(c.file("b"), Some(dir.path().join("og/b.png")));
        assert_eq!(c.file("c"), None);

        let next = Cache::new(dir.path(), "og", "png");
        assert!(next.get("b").is_some());
        next.prune();
        assert!(dir.path().join("og/b.png").is_file());
        assert!(!dir.path().join("og/a.png").exists(), "unused entries go");
    }

    #[test]
    fn a_pack_keeps_what_a_build_used_and_made() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            Pack::key("w", b"a"),
            Pack::key("w", b"b"),
            Pack::key("w", b"c"),
        );
        assert_ne!(
            Pack::key("v", b"a"),
            a,
            "the work's name is part of the key"
        );
        fn made(s: &'static str) -> impl FnOnce() -> Vec<u8> {
            move || s.as_bytes().to_vec()
        }
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(a, |_| true, made("A")), b"A");
        assert_eq!(p.get_or_make(b, |_| true, made("B")), b"B");
        assert_eq!(p.stats(), (0, 2));
        p.save();

        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(a, |_| true, made("new")), b"A", "kept");
        assert_eq!(p.get_or_make(c, |_| true, made("C")), b"C");
        assert_eq!(p.stats(), (1, 1));
        p.save();

        let p = Pack::open(dir.path(), "gz");
        assert_eq!(
            p.get_or_make(b, |_| true, made("B2")),
            b"B2",
            "unused entries go"
        );
        assert_eq!(p.get_or_make(c, |_| true, made("new")), b"C");
        assert_eq!(
            p.get_or_make(a, |bytes| bytes != b"A", made("A2")),
            b"A2",
            "an entry its check refuses is made again"
        );
    }

    #[test]
    fn a_damaged_pack_is_read_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let key = Pack::key("w", b"a");
        let p = Pack::open(dir.path(), "gz");
        p.get_or_make(key, |_| true, || b"A".to_vec());
        p.save();
        let path = dir.path().join("gz.pack");
        let whole = fs::read(&path).unwrap();
        for cut in [whole.len() - 1, PACK_MAGIC.len() + 3, 5] {
            fs::write(&path, &whole[..cut]).unwrap();
            let p = Pack::open(dir.path(), "gz");
            assert_eq!(p.get_or_make(key, |_| true, || b"new".to_vec()), b"new");
        }
        fs::write(&path, b"not a pack").unwrap();
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(key, |_| true, || b"new".to_vec()), b"new");
        p.save();
        assert_eq!(
            Pack::open(dir.path(), "gz").get_or_make(key, |_| true, Vec::new),
            b"new",
            "a damaged pack is written anew"
        );
    }

    #[test]
    fn an_unwritable_folder_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        fs::write(&file, b"x").unwrap();
        let c = Cache::new(&file, "og", "png");
        c.put("a", b"one");
        assert_eq!(c.get("a"), None);
        c.prune();
        let p = Pack::open(&file, "gz");
        p.get_or_make(1, |_| true, || b"one".to_vec());
        p.save();
        assert_eq!(Pack::open(&file, "gz").stats(), (0, 0));
    }
}
