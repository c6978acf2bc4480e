//! Derived files kept between builds, next to the site (`SITE/.tiendo-cache/`), so a
//! rebuild does not redo slow work whose inputs did not change (share images take
//! milliseconds each to draw; a cached one is a file read).
//!
//! Entries are named by a hash of everything that went into them, so an entry is
//! either right or absent: there is nothing to invalidate. The cache is an
//! optimisation only: a folder that cannot be read or written just means the work
//! is done again, never a failed build. After a build, entries it did not use are
//! removed, so the cache holds one build's worth of files (a [`Pack`] keeps them
//! until they are half of it, so that a build adds its few new entries at its end
//! instead of writing it again).

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The cache folder's name inside the site folder.
pub const DIR: &str = ".tiendo-cache";

/// One namespace of the cache (e.g. `og` for share images): a flat folder of files
/// named `<key>.<ext>`.
#[derive(Debug)]
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

    /// The bytes stored under `key`, if there are and `valid` accepts them (a
    /// file damaged on disk is not used: the work is done again).
    pub fn get(&self, key: &str, valid: impl FnOnce(&[u8]) -> bool) -> Option<Vec<u8>> {
        self.mark(key);
        match fs::read(self.path(key)) {
            Ok(b) if !b.is_empty() && valid(&b) => {
                self.hits.fetch_add(1, Ordering::Relaxed);
                Some(b)
            }
            _ => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                None
            }
        }
    }

    /// Keep the entry under `key` (if there is one) through [`Cache::prune`],
    /// without reading it: its bytes are already where they are needed.
    pub fn keep(&self, key: &str) {
        self.mark(key);
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

/// Remove the temporary files that builds which were killed left in the cache
/// folder `root` and its namespaces (`.NAME.PID-N.tmp`, written by [`Cache::put`]
/// and [`Pack::open`]), when no process with that id runs.
pub fn remove_leftovers(root: &Path) {
    let mut dirs = vec![root.to_path_buf()];
    if let Ok(rd) = fs::read_dir(root) {
        dirs.extend(
            rd.flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path()),
        );
    }
    for dir in dirs {
        let Ok(rd) = fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let name = e.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|n| n.starts_with('.'))
                .and_then(|n| n.strip_suffix(".tmp"))
                .and_then(|n| n.rsplit_once('.'))
                .and_then(|(_, tail)| tail.split_once('-'))
                .and_then(|(pid, _)| pid.parse::<u32>().ok())
            else {
                continue;
            };
            if pid != std::process::id()
                && !crate::io::process_alive(pid)
                && e.file_type().is_ok_and(|t| t.is_file())
            {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// What identifies the program that is running: a hash of its own file. What
/// it keeps in a cache under this key is made again by any other build of tiendo
/// (another version, another patch of a library it builds in), which may make
/// it otherwise. `None` when the file cannot be read: then nothing is kept.
pub fn program_key() -> Option<u128> {
    static KEY: std::sync::OnceLock<Option<u128>> = std::sync::OnceLock::new();
    *KEY.get_or_init(|| {
        let exe = fs::read(std::env::current_exe().ok()?).ok()?;
        Some(Pack::key("tiendo program", &[&exe]))
    })
}

/// Many small entries kept in one file (`<root>/<name>.pack`), for work done
/// thousands of times a build on small inputs (gzipping the search index's
/// files, reading its pages): mapped into memory when opened (not copied: the
/// search's page pack is ~500 MB at 100,000 reports), so a build reads one file,
/// not one per entry. Entries are keyed by a 128-bit hash of their input
/// ([`Pack::key`]). A build's new entries are added at the end of the file when
/// it saves; the file is written anew, with only the entries that build used and
/// made, once more of it is unused than used. A file that is missing,
/// unreadable or not a pack just means the work is done again.
pub struct Pack {
    path: PathBuf,
    /// The file as read.
    data: Data,
    /// Where each entry's bytes are in `data`.
    old: Entries,
    /// Where the last whole entry of `data` ends: short of its length when the
    /// file was cut short (a build stopped while adding to it).
    end: usize,
    /// Keys of the old entries used this build.
    used: Mutex<HashSet<u128>>,
    /// The next file, entries made this build written to it as they come.
    next: Mutex<Next>,
}

/// Where each entry's bytes are in a pack file, by key.
type Entries = HashMap<u128, (usize, usize)>;

/// A pack file's bytes: mapped, or (when it cannot be mapped) none.
enum Data {
    Mapped(memmap2::Mmap),
    Empty,
}

impl std::ops::Deref for Data {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Data::Mapped(map) => map,
            Data::Empty => &[],
        }
    }
}

impl Data {
    fn map(path: &Path) -> Data {
        let Ok(file) = fs::File::open(path) else {
            return Data::Empty;
        };
        // SAFETY: the map is read only while this file is not changed under it:
        // tiendo replaces a pack by renaming a new file over it (the mapped one
        // stays as it was) and adds to it only past its end, after unmapping it
        // (`Pack::save`); the file a build writes is mapped (`Pack::reader`) only
        // as far as it was written, and only added to past that. Another program
        // cutting the file short meanwhile could fault the build; the cache
        // folder is tiendo's alone.
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(map) => Data::Mapped(map),
            Err(_) => Data::Empty,
        }
    }
}

impl Data {
    /// Let the kernel take back the pages of the map read so far: once read,
    /// a map's pages count as the build's memory until the kernel needs them,
    /// and a build that reads a whole pack (the search index's pages, 5 GB at a
    /// million reports) would seem to hold it all.
    fn release(&self) {
        #[cfg(unix)]
        if let Data::Mapped(map) = self {
            // SAFETY: a read-only map of a file: a page dropped is read from
            // the file again when it is next read; nothing is lost.
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

/// The pack file a build writes, under a temporary name until [`Pack::save`].
struct Next {
    tmp: PathBuf,
    /// Open once the first entry is made.
    out: Option<std::io::BufWriter<fs::File>>,
    /// Where each entry written is in the file, by key.
    made: Entries,
    /// The bytes written so far (with those still in the buffer).
    len: usize,
    /// A write failed: the pack is not saved.
    failed: bool,
}

/// The first bytes of a pack file; a new layout gets a new number.
const PACK_MAGIC: &[u8] = b"tiendo-pack 2\n";

/// Bytes before an entry's own: its key, length and CRC-32.
const ENTRY_HEAD: usize = 24;

impl Next {
    /// Write an entry (the file is made with the first).
    fn write(&mut self, key: u128, bytes: &[u8]) {
        if self.failed || self.made.contains_key(&key) {
            return;
        }
        let Ok(len) = u32::try_from(bytes.len()) else {
            return;
        };
        let written = self.file().and_then(|out| {
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&len.to_le_bytes())?;
            out.write_all(&crc32fast::hash(bytes).to_le_bytes())?;
            out.write_all(bytes)
        });
        self.failed |= written.is_err();
        if !self.failed {
            self.made.insert(key, (self.len + ENTRY_HEAD, bytes.len()));
            self.len += ENTRY_HEAD + bytes.len();
        }
    }

    /// The file, made (with the magic) if it is not yet.
    fn file(&mut self) -> std::io::Result<&mut std::io::BufWriter<fs::File>> {
        if self.out.is_none() {
            if let Some(dir) = self.tmp.parent() {
                fs::create_dir_all(dir)?;
            }
            let file = fs::File::create(&self.tmp)?;
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            out.write_all(PACK_MAGIC)?;
            self.len = PACK_MAGIC.len();
            self.out = Some(out);
        }
        Ok(self.out.as_mut().expect("made above"))
    }

    /// Flush the file written; false when a write failed.
    fn finish(&mut self) -> bool {
        let flushed = self.out.take().is_some_and(|mut out| out.flush().is_ok());
        flushed && !self.failed
    }
}

impl Pack {
    /// The pack `name` in the cache folder `root`, with the entries it holds.
    pub fn open(root: &Path, name: &str) -> Pack {
        let path = root.join(format!("{name}.pack"));
        let data = Data::map(&path);
        let (old, end) = Self::entries(&data).unwrap_or_default();
        // Checking every entry read the whole file: let its pages go until an
        // entry is asked for (a rebuild at a million reports otherwise counts
        // the page pack's 5 GB as its own).
        data.release();
        static SEQ: AtomicUsize = AtomicUsize::new(0);
        let tmp = root.join(format!(
            ".{name}.{}-{}.tmp",
            std::process::id(),
            SEQ.fetch_add(1, Ordering::Relaxed)
        ));
        Pack {
            path,
            data,
            old,
            end,
            used: Mutex::new(HashSet::new()),
            next: Mutex::new(Next {
                tmp,
                out: None,
                made: HashMap::new(),
                len: 0,
                failed: false,
            }),
        }
    }

    /// Where each entry of the pack file `data` is, and where the last whole
    /// one ends: after the magic, each entry is its key (16 bytes), its length
    /// and the CRC-32 of its bytes (4 bytes each; all little-endian) and its
    /// bytes. `None` for a file laid out otherwise; an entry whose bytes do not
    /// match their CRC is left out, and an entry cut short ends the file.
    fn entries(data: &[u8]) -> Option<(Entries, usize)> {
        let mut rest = data.strip_prefix(PACK_MAGIC)?;
        let mut at = PACK_MAGIC.len();
        let mut map = HashMap::new();
        while rest.len() >= ENTRY_HEAD {
            let key = u128::from_le_bytes(rest[..16].try_into().ok()?);
            let len = u32::from_le_bytes(rest[16..20].try_into().ok()?) as usize;
            let crc = u32::from_le_bytes(rest[20..ENTRY_HEAD].try_into().ok()?);
            let Some(bytes) = rest.get(ENTRY_HEAD..ENTRY_HEAD + len) else {
                break;
            };
            if crc32fast::hash(bytes) == crc {
                map.insert(key, (at + ENTRY_HEAD, len));
            }
            at += ENTRY_HEAD + len;
            rest = &rest[ENTRY_HEAD + len..];
        }
        Some((map, at))
    }

    /// The key of an entry made from `input` (in parts) by the work named `what`
    /// (which names everything else the result depends on: the tool, its
    /// settings). tiendo's one hash of contents (the program's file, every
    /// progress file, every file of the output, the search's pages and files):
    /// XXH3-128, hundreds of MB a build at a tenth of SipHash's cost; the
    /// inputs are the site's own, not chosen to collide.
    pub fn key(what: &str, input: &[&[u8]]) -> u128 {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.update(what.as_bytes());
        for part in input {
            h.update(&(part.len() as u64).to_le_bytes());
            h.update(part);
        }
        h.digest128()
    }

    /// The bytes kept under `key`, else those `make` gives, kept for the next
    /// build.
    pub fn get_or_make(&self, key: u128, make: impl FnOnce() -> Vec<u8>) -> Vec<u8> {
        if let Some(bytes) = self.get(key, |_| true) {
            return bytes.to_vec();
        }
        let bytes = make();
        let _ = self.put(key, &bytes);
        bytes
    }

    /// The bytes kept under `key`, if there are and `valid` accepts them; they
    /// are then kept for the next build too.
    pub fn get(&self, key: u128, valid: impl FnOnce(&[u8]) -> bool) -> Option<&[u8]> {
        let &(at, len) = self.old.get(&key)?;
        let bytes = &self.data[at..at + len];
        if !valid(bytes) {
            return None;
        }
        if let Ok(mut used) = self.used.lock() {
            used.insert(key);
        }
        Some(bytes)
    }

    /// Keep `bytes` under `key` for the next build (written out now, not held);
    /// false when they could not be written.
    pub fn put(&self, key: u128, bytes: &[u8]) -> bool {
        self.next.lock().is_ok_and(|mut next| {
            next.write(key, bytes);
            next.made.contains_key(&key)
        })
    }

    /// A reader of every entry of the pack, those this build made as well as
    /// the earlier ones: what is made is written out as it comes, not held,
    /// so a build can hand its work to the pack and read it back later. Called
    /// once nothing more is put (an entry put afterwards is not seen).
    pub fn reader(&self) -> Reader<'_> {
        let mut made = Entries::new();
        let mut new = None;
        if let Ok(mut next) = self.next.lock() {
            let flushed = next.out.as_mut().is_some_and(|out| out.flush().is_ok());
            if flushed && !next.failed {
                new = Some(Data::map(&next.tmp));
                made = next.made.clone();
            }
        }
        Reader {
            pack: self,
            new: new.unwrap_or(Data::Empty),
            made,
        }
    }

    /// Whether the pack holds an entry under `key` (kept for the next build
    /// as if it was read).
    pub fn has(&self, key: u128) -> bool {
        self.get(key, |_| true).is_some()
            || self.next.lock().is_ok_and(|n| n.made.contains_key(&key))
    }

    /// (entries reused, entries made) so far.
    pub fn stats(&self) -> (usize, usize) {
        let used = self.used.lock().map_or(0, |u| u.len());
        let made = self.next.lock().map_or(0, |n| n.made.len());
        (used, made)
    }

    /// Leave the pack holding at least the entries used or made this build:
    /// those made are added at the end of the file, unless more of the file is
    /// unused than used, or its end was cut short; then the file is written anew
    /// with only the entries used and made, and takes the pack's name (so a
    /// reader never sees half a file). Failures are ignored.
    pub fn save(self) {
        let Pack {
            path,
            data,
            old,
            end,
            used,
            next,
        } = self;
        let (Ok(used), Ok(mut next)) = (used.into_inner(), next.into_inner()) else {
            return;
        };
        if next.made.is_empty() && used.len() == old.len() && end == data.len() {
            // Every entry used, none made: the pack is what this build needs.
            return;
        }
        let size = |key: &u128| old.get(key).map_or(0, |&(_, len)| ENTRY_HEAD + len);
        let used_bytes: usize = used.iter().map(size).sum();
        let unused_bytes = end.saturating_sub(PACK_MAGIC.len() + used_bytes);
        let whole = !data.is_empty() && end == data.len();
        if whole && unused_bytes <= used_bytes {
            // Unmapped before the file grows.
            drop(data);
            if next.made.is_empty() {
                return;
            }
            if next.finish() {
                let _ = Self::append(&path, &next.tmp);
            }
            let _ = fs::remove_file(&next.tmp);
            return;
        }
        let mut keys: Vec<u128> = used.into_iter().collect();
        keys.sort_unstable();
        for key in keys {
            let (at, len) = old[&key];
            next.write(key, &data[at..at + len]);
        }
        drop(data);
        // Nothing used and nothing made: an empty pack.
        next.failed |= next.file().is_err();
        // Not synced to the disk: a pack cut short by a crash is read as far as
        // it is whole, and the rest of the work done again.
        if !next.finish() || fs::rename(&next.tmp, &path).is_err() {
            let _ = fs::remove_file(&next.tmp);
        }
    }

    /// Add the entries of the pack file `new` at the end of the pack file `path`.
    fn append(path: &Path, new: &Path) -> std::io::Result<()> {
        let mut entries = fs::File::open(new)?;
        std::io::copy(
            &mut std::io::Read::take(&mut entries, PACK_MAGIC.len() as u64),
            &mut std::io::sink(),
        )?;
        let mut out = fs::OpenOptions::new().append(true).open(path)?;
        std::io::copy(&mut entries, &mut out)?;
        Ok(())
    }
}

/// Reads a pack's entries, old and new ([`Pack::reader`]).
pub struct Reader<'a> {
    pack: &'a Pack,
    /// The file this build writes, as far as it was written.
    new: Data,
    made: Entries,
}

impl Reader<'_> {
    /// The bytes under `key`, made this build or kept from an earlier one.
    pub fn get(&self, key: u128) -> Option<&[u8]> {
        if let Some(&(at, len)) = self.made.get(&key) {
            return self.new.get(at..at + len);
        }
        self.pack.get(key, |_| true)
    }

    /// Let go of the pages read so far ([`Data::release`]); what is read
    /// afterwards is read from the files again.
    pub fn release(&self) {
        self.new.release();
        self.pack.data.release();
    }
}

impl Drop for Next {
    /// A pack not saved (the build failed) leaves no temporary file behind.
    fn drop(&mut self) {
        if self.out.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
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
        assert_eq!(c.get("a", |_| true), None);
        c.put("a", b"one");
        c.put("b", b"two");
        assert_eq!(c.get("a", |_| true).as_deref(), Some(&b"one"[..]));
        assert_eq!(c.stats(), (1, 1));
        assert_eq!(c.get("b", |b| b != b"two"), None, "refused by its check");
        assert_eq!(c.get("c", |_| true), None);

        let next = Cache::new(dir.path(), "og", "png");
        assert!(next.get("b", |_| true).is_some());
        next.prune();
        assert!(dir.path().join("og/b.png").is_file());
        assert!(!dir.path().join("og/a.png").exists(), "unused entries go");
    }

    #[test]
    fn a_pack_keeps_what_a_build_used_and_made() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, c) = (
            Pack::key("w", &[b"a"]),
            Pack::key("w", &[b"b"]),
            Pack::key("w", &[b"c"]),
        );
        assert_ne!(
            Pack::key("v", &[b"a"]),
            a,
            "the work's name is part of the key"
        );
        fn made(s: &'static str) -> impl FnOnce() -> Vec<u8> {
            move || s.as_bytes().to_vec()
        }
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(a, made("A")), b"A");
        assert_eq!(p.get_or_make(b, made("B")), b"B");
        assert_eq!(p.stats(), (0, 2));
        p.save();

        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(a, made("new")), b"A", "kept");
        assert_eq!(p.get_or_make(c, made("C")), b"C");
        assert_eq!(p.stats(), (1, 1));
        p.save();

        // B, unused, stays while no more of the pack is unused than used: the
        // entries made were added at the end of the file.
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(
            p.get_or_make(b, made("B2")),
            b"B",
            "kept while the pack is half used"
        );
        assert_eq!(p.get_or_make(c, made("new")), b"C");
        assert_eq!(
            p.get(a, |bytes| bytes != b"A"),
            None,
            "an entry its check refuses is not given"
        );
        p.save();

        // More unused than used: the pack is written anew with what was used
        // and made.
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(c, made("new")), b"C");
        let d = Pack::key("w", &[b"d"]);
        assert_eq!(p.get_or_make(d, made("D")), b"D");
        p.save();
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(a, made("A2")), b"A2", "unused entries go");
        assert_eq!(p.get_or_make(b, made("B2")), b"B2");
        assert_eq!(p.get_or_make(c, made("new")), b"C");
        assert_eq!(p.get_or_make(d, made("new")), b"D");
    }

    #[test]
    fn a_packs_entries_made_this_build_are_read_back_with_the_earlier_ones() {
        let dir = tempfile::tempdir().unwrap();
        let p = Pack::open(dir.path(), "pages");
        assert!(p.put(1, b"one"));
        p.save();
        let p = Pack::open(dir.path(), "pages");
        assert!(p.has(1), "an earlier build's entry");
        assert!(!p.has(2));
        assert!(p.put(2, b"two"));
        assert!(p.has(2), "an entry made this build");
        assert!(
            p.put(3, &[7u8; 100_000]),
            "more than the write buffer holds"
        );
        {
            let r = p.reader();
            assert_eq!(r.get(1), Some(&b"one"[..]));
            assert_eq!(r.get(2), Some(&b"two"[..]));
            assert_eq!(r.get(3).map(|b| b.len()), Some(100_000));
            assert_eq!(r.get(4), None);
        }
        assert_eq!(p.stats(), (1, 2));
        p.save();
        // The pack keeps all three for the next build.
        let p = Pack::open(dir.path(), "pages");
        let r = p.reader();
        assert_eq!([r.get(1), r.get(2)], [Some(&b"one"[..]), Some(&b"two"[..])]);
        assert_eq!(r.get(3).map(|b| b.len()), Some(100_000));
    }

    #[test]
    fn a_pack_grows_at_its_end_and_is_written_anew_when_cut_short() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gz.pack");
        let keys: Vec<u128> = (0..4u8).map(|i| Pack::key("w", &[&[i]])).collect();
        let p = Pack::open(dir.path(), "gz");
        p.get_or_make(keys[0], || b"zero".to_vec());
        p.get_or_make(keys[1], || b"one".to_vec());
        p.save();
        let first = fs::read(&path).unwrap();

        let p = Pack::open(dir.path(), "gz");
        p.get_or_make(keys[0], Vec::new);
        p.get_or_make(keys[1], Vec::new);
        p.get_or_make(keys[2], || b"two".to_vec());
        p.save();
        let grown = fs::read(&path).unwrap();
        assert_eq!(
            &grown[..first.len()],
            &first[..],
            "the entries before stay where they were"
        );
        assert_eq!(grown.len(), first.len() + ENTRY_HEAD + 3);

        // A build stopped while adding to the pack: the entries before the cut
        // are read; the next save writes the file anew, whole.
        fs::write(&path, &grown[..grown.len() - 2]).unwrap();
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get(keys[0], |_| true), Some(&b"zero"[..]));
        assert_eq!(p.get(keys[1], |_| true), Some(&b"one"[..]));
        assert_eq!(p.get_or_make(keys[2], || b"two".to_vec()), b"two");
        p.get_or_make(keys[3], || b"three".to_vec());
        p.save();
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.end, fs::metadata(&path).unwrap().len() as usize);
        for (key, bytes) in keys.iter().zip([&b"zero"[..], b"one", b"two", b"three"]) {
            assert_eq!(p.get(*key, |_| true), Some(bytes));
        }
    }

    #[test]
    fn a_pack_leaves_only_itself_behind() {
        let dir = tempfile::tempdir().unwrap();
        let files = || -> Vec<String> {
            fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        };
        // A build that fails before it saves: its new entries go.
        let p = Pack::open(dir.path(), "gz");
        p.put(1, b"one");
        drop(p);
        assert!(files().is_empty(), "{:?}", files());
        let p = Pack::open(dir.path(), "gz");
        p.put(1, b"one");
        p.save();
        assert_eq!(files(), ["gz.pack"]);
        // A build that uses nothing leaves an empty pack.
        Pack::open(dir.path(), "gz").save();
        assert_eq!(files(), ["gz.pack"]);
        assert_eq!(Pack::open(dir.path(), "gz").get(1, |_| true), None);
    }

    #[test]
    fn a_damaged_pack_is_read_as_empty() {
        let dir = tempfile::tempdir().unwrap();
        let key = Pack::key("w", &[b"a"]);
        let p = Pack::open(dir.path(), "gz");
        p.get_or_make(key, || b"A".to_vec());
        p.save();
        let path = dir.path().join("gz.pack");
        let whole = fs::read(&path).unwrap();
        for cut in [whole.len() - 1, PACK_MAGIC.len() + 3, 5] {
            fs::write(&path, &whole[..cut]).unwrap();
            let p = Pack::open(dir.path(), "gz");
            assert_eq!(p.get_or_make(key, || b"new".to_vec()), b"new");
        }
        // A byte changed in an entry: that entry is left out, the others kept.
        let p = Pack::open(dir.path(), "gz");
        let other = Pack::key("w", &[b"b"]);
        p.get_or_make(key, || b"A".to_vec());
        p.get_or_make(other, || b"B".to_vec());
        p.save();
        let mut whole = fs::read(&path).unwrap();
        let last = whole.len() - 1;
        whole[last] ^= 1;
        fs::write(&path, &whole).unwrap();
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get(key, |_| true), Some(&b"A"[..]));
        assert_eq!(p.get(other, |_| true), None);

        fs::write(&path, b"not a pack").unwrap();
        let p = Pack::open(dir.path(), "gz");
        assert_eq!(p.get_or_make(key, || b"new".to_vec()), b"new");
        p.save();
        assert_eq!(
            Pack::open(dir.path(), "gz").get_or_make(key, Vec::new),
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
        assert_eq!(c.get("a", |_| true), None);
        c.prune();
        let p = Pack::open(&file, "gz");
        p.get_or_make(1, || b"one".to_vec());
        p.save();
        assert_eq!(Pack::open(&file, "gz").stats(), (0, 0));
    }
}
