//! Derived files kept between builds, next to the site (`SITE/.tiendo-cache/`), so a
//! rebuild does not redo slow work whose inputs did not change (share images take
//! milliseconds each to draw; a cached one is a file read).
//!
//! Entries are named by a hash of everything that went into them, so an entry is
//! either right or absent: there is nothing to invalidate. The cache is an
//! optimisation only: a folder that cannot be read or written just means the work
//! is done again, never a failed build. After a build, entries it did not use are
//! removed, so the cache holds one build's worth of files.

use std::collections::HashSet;
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
    fn an_unwritable_folder_is_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        fs::write(&file, b"x").unwrap();
        let c = Cache::new(&file, "og", "png");
        c.put("a", b"one");
        assert_eq!(c.get("a"), None);
        c.prune();
    }
}
