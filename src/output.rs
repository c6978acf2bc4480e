//! Writing the site without ever leaving a broken one behind. Files go to a
//! staging folder next to the output; only a complete build is swapped in, by
//! exchanging the two folders in one step (`renameat2(RENAME_EXCHANGE)` on Linux),
//! so a web server serving the output never finds it missing. A failed build
//! removes its staging folder and leaves the previous output exactly as it was;
//! what a build that was killed left behind (its staging folder, the old output
//! it was removing) is removed by the next build.
//!
//! Only what changed is written: a file with the bytes the previous output has
//! at its path is that file, hard-linked (its inode and modification time stay,
//! so a deploy by `rsync` or an HTTP cache sees only what changed), and the
//! folder swapped out is kept as the next build's staging folder ([`spare_name`]),
//! so a rebuild touches only the files that differ.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::messages::Msg;
use crate::render::error::RenderError;
use crate::render::record::SearchRecord;
use crate::render::sink::Sink;
use crate::search::Indexer;

/// The file that marks a folder as tiendo's output, so a later build may replace
/// it. A folder without it is never deleted.
pub const MARKER: &str = ".tiendo-output";

/// The list, in the output, of every file it holds with a hash of its bytes, its
/// size, modification time and inode: the next build keeps a file whose bytes it
/// would write again, and that nobody touched since, as it is (a hard link into
/// the new output), so its modification time stays and a deploy by `rsync` or an
/// HTTP cache sees only what changed.
pub const FILES: &str = ".tiendo-files";

/// The first line of [`FILES`]; a list without it (an older tiendo's) is not read,
/// and every file is written again.
const FILES_HEADER: &str = "# tiendo-files 3: xxh3-128 size mtime-ns inode path";

/// A file of the output, as its list records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Recorded {
    hash: u128,
    len: u64,
    mtime_ns: i128,
    ino: u64,
}

/// The hash a file's bytes are listed with ([`crate::cache::Pack::key`]).
fn hash_of(bytes: &[u8]) -> u128 {
    crate::cache::Pack::key(FILES, &[bytes])
}

/// A file's modification time and inode number (0 where the system has none),
/// which a hand edit or a copy over it changes.
fn stamp_of(m: &fs::Metadata) -> Option<(i128, u64)> {
    let t = m.modified().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(m);
    #[cfg(not(unix))]
    let ino = 0;
    Some((i128::try_from(d.as_nanos()).ok()?, ino))
}

/// The previous output's list of files.
fn read_files_list(text: &str) -> HashMap<String, Recorded> {
    let mut lines = text.lines();
    if lines.next() != Some(FILES_HEADER) {
        return HashMap::new();
    }
    lines
        .filter_map(|l| {
            let mut it = l.splitn(5, ' ');
            let hash = u128::from_str_radix(it.next()?, 16).ok()?;
            let len = it.next()?.parse().ok()?;
            let mtime_ns = it.next()?.parse().ok()?;
            let ino = it.next()?.parse().ok()?;
            Some((
                it.next()?.to_string(),
                Recorded {
                    hash,
                    len,
                    mtime_ns,
                    ino,
                },
            ))
        })
        .collect()
}

/// The stamp recorded for a file whose time could not be read: no file has it,
/// so the next build writes that file again.
const NO_STAMP: (i128, u64) = (-1, 0);

/// The name, next to the output `name`, of the output before the current one.
/// A rebuild would otherwise make its staging folder anew (a folder for every
/// page, a hard link for every unchanged file) and delete the old output after
/// the swap, which on a disk costs more than rendering the site. Instead the
/// old output is kept under this name after the swap, and the next build takes
/// it as its staging folder and changes only the files that differ from the
/// current output: every other file there is already a hard link to the
/// published one. Files there are only ever replaced, never written into.
fn spare_name(name: &str) -> String {
    format!(".{name}.tiendo-spare")
}

/// Take the spare folder as the staging folder `tmp` (a rename, so two builds
/// never take the same one): what it holds, by its list of files, or `None`
/// when there is no spare or it has no list it can be trusted by (then it is
/// removed).
fn take_spare(spare: &Path, tmp: &Path) -> Option<HashMap<String, Recorded>> {
    fs::rename(spare, tmp).ok()?;
    let listed = fs::symlink_metadata(tmp.join(MARKER))
        .is_ok_and(|m| m.is_file())
        .then(|| fs::read_to_string(tmp.join(FILES)).ok())
        .flatten()
        .map(|text| read_files_list(&text))
        .filter(|files| !files.is_empty());
    if listed.is_none() {
        let _ = fs::remove_dir_all(tmp);
    }
    listed
}

/// Write `bytes` into a new file at `dest`, never into one that is there: a
/// file of the staging folder may be a hard link to the published one, and
/// writing through it would change the published site before the swap. Returns
/// the new file's stamp, taken from the open file once every byte is written.
fn write_new(dest: &Path, bytes: &[u8]) -> io::Result<Option<(i128, u64)>> {
    use std::io::Write;
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(dest)?;
    f.write_all(bytes)?;
    Ok(stamp_of(&f.metadata()?))
}

/// Whether a failed hard link says the file system makes none (another file
/// system, or one without links): then no other file is tried.
fn links_unavailable(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::CrossesDevices
            | io::ErrorKind::Unsupported
            | io::ErrorKind::PermissionDenied
    )
}

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to replace `{0}`: it is not empty and was not written by tiendo (no {MARKER} file in it); remove it or choose another folder with -o")]
    NotOurs(PathBuf),
    #[error("the output folder `{0}` would contain the site's content; choose a folder outside it with -o")]
    ContainsContent(PathBuf),
    #[error("refusing to write the site to `{0}`: it is not a folder (a file, a device or a link to one); choose a folder with -o")]
    NotAFolder(PathBuf),
    #[error("`{path}`: {}", describe(.source))]
    Io { path: PathBuf, source: io::Error },
    /// The swap itself failed after the old output was moved aside and it could
    /// not be put back: the output folder is missing.
    #[error("`{path}`: {}; the previous output is at `{aside}`", describe(.source))]
    Swap {
        path: PathBuf,
        aside: PathBuf,
        source: io::Error,
    },
}

impl OutputError {
    /// What went wrong, in words for the person who ran the build.
    pub fn message(&self) -> Msg {
        let path = |p: &Path| crate::diagnostics::display_path(p);
        match self {
            OutputError::NotOurs(p) => Msg::new("output-not-ours")
                .arg("path", path(p))
                .arg("marker", MARKER),
            OutputError::ContainsContent(p) => {
                Msg::new("output-contains-content").arg("path", path(p))
            }
            OutputError::NotAFolder(p) => Msg::new("output-not-a-folder").arg("path", path(p)),
            OutputError::Io { path: p, source } => Msg::new("output-io")
                .arg("path", path(p))
                .arg("why", crate::messages::io_error(source)),
            OutputError::Swap {
                path: p,
                aside,
                source,
            } => Msg::new("output-swap")
                .arg("path", path(p))
                .arg("aside", path(aside))
                .arg("why", crate::messages::io_error(source)),
        }
    }

    /// What became of the output folder, in words (none when the message says it).
    pub fn aftermath_msg(&self) -> Option<Msg> {
        match self {
            OutputError::Swap { .. } => None,
            OutputError::Io { .. } => Some(Msg::new("aftermath-kept")),
            _ => Some(Msg::new("aftermath-nothing-written")),
        }
    }

    /// What became of the output folder, for the end of the message.
    pub fn aftermath(&self) -> &'static str {
        match self {
            OutputError::Swap { .. } => "",
            OutputError::Io { .. } => "the previous output was left as it was",
            _ => "nothing was written",
        }
    }
}

/// An I/O error as a user can act on it: a full disk says so.
pub fn describe(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::StorageFull {
        format!("{e}: the disk is full; free some space and build again")
    } else {
        e.to_string()
    }
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A build in progress: a staging folder that becomes the output on [`Staging::commit`].
pub struct Staging {
    out: PathBuf,
    tmp: PathBuf,
    /// The search index the rendered pages are added to as they are made
    /// (none when no index is built).
    search: Option<Indexer>,
    written: Mutex<HashSet<String>>,
    /// Folders of the staging folder known to exist: each is made once, not
    /// tried again (a failing `mkdir` and a `stat`) for every file in it.
    folders: Mutex<HashSet<PathBuf>>,
    /// The previous output's files (empty when there is none, or no list).
    previous: HashMap<String, Recorded>,
    /// The previous output's list of files as it was, to keep it too when this
    /// build's is the same.
    previous_list: Option<String>,
    /// The files the staging folder already holds, by its list, when it is the
    /// output before the previous one, kept for this build to bring up to date
    /// (see [`spare_name`]); empty for a new staging folder.
    reused: HashMap<String, Recorded>,
    /// Where the previous output goes after the swap, for the next build.
    spare: PathBuf,
    /// Each file put into the staging folder, as the next build's list records it.
    records: Mutex<Vec<(String, Recorded)>>,
    /// How many files were kept from the previous output.
    kept: AtomicUsize,
    /// Whether hard links are still tried: the first that fails because the
    /// file system makes none turns them off for the rest of the build.
    links: AtomicBool,
    /// How a file is linked (`fs::hard_link`; a failing one in tests).
    link: fn(&Path, &Path) -> io::Result<()>,
    /// Counts the files as they are written, for a progress display.
    progress: Option<std::sync::Arc<AtomicUsize>>,
    done: bool,
}

impl Staging {
    /// Prepare a staging folder for `out`. Refuses an output folder that holds the
    /// site's content or that tiendo did not write.
    pub fn new(out: &Path, site_dir: &Path) -> Result<Staging, OutputError> {
        let out = absolute(out);
        let site = absolute(site_dir);
        if site.join("content").starts_with(&out) {
            return Err(OutputError::ContainsContent(out));
        }
        match fs::symlink_metadata(&out) {
            Ok(m) if !m.is_dir() => return Err(OutputError::NotAFolder(out)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_err(&out)(e)),
        }
        if out.is_dir() && !out.join(MARKER).is_file() {
            let mut it = fs::read_dir(&out).map_err(io_err(&out))?;
            if it.next().is_some() {
                return Err(OutputError::NotOurs(out));
            }
        }
        let parent = out
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_leftovers(&parent, &name);
        let tmp = parent.join(format!(".{name}.tiendo-{}.tmp", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
        }
        let spare = parent.join(spare_name(&name));
        let reused = take_spare(&spare, &tmp);
        if reused.is_none() {
            fs::create_dir(&tmp).map_err(io_err(&tmp))?;
        }
        let ours = out.join(MARKER).is_file();
        let previous_list = ours
            .then(|| fs::read_to_string(out.join(FILES)).ok())
            .flatten();
        let staging = Staging {
            previous: previous_list
                .as_deref()
                .map(read_files_list)
                .unwrap_or_default(),
            previous_list,
            reused: reused.unwrap_or_default(),
            spare,
            out,
            tmp,
            search: None,
            written: Mutex::new(HashSet::new()),
            folders: Mutex::new(HashSet::new()),
            records: Mutex::new(Vec::new()),
            kept: AtomicUsize::new(0),
            links: AtomicBool::new(true),
            link: |from, to| fs::hard_link(from, to),
            progress: None,
            done: false,
        };
        let marker = b"This folder was written by tiendo build; the next build replaces it.\n";
        let previous = ours
            .then(|| fs::read(staging.out.join(MARKER)).ok())
            .flatten();
        staging.put_own(MARKER, marker, previous.as_deref())?;
        Ok(staging)
    }

    /// Count every file written from now on in `counter` (a progress display
    /// reads it from another thread).
    pub fn count_into(&mut self, counter: std::sync::Arc<AtomicUsize>) {
        self.progress = Some(counter);
    }

    /// Index the pages rendered from now on with `indexer`.
    pub fn index_with(&mut self, indexer: Indexer) {
        self.search = Some(indexer);
    }

    /// The search index the rendered pages go to, while they are rendered.
    pub fn indexer(&self) -> Option<&Indexer> {
        self.search.as_ref()
    }

    /// The search index the rendered pages went to, to be finished.
    pub fn take_indexer(&mut self) -> Option<Indexer> {
        self.search.take()
    }

    /// How many files were written.
    pub fn files(&self) -> usize {
        self.written.lock().map(|w| w.len()).unwrap_or(0)
    }

    /// The site paths written so far.
    pub fn written_paths(&self) -> Vec<String> {
        self.written
            .lock()
            .map(|w| w.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The output folder this build will replace.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// How many of the files were kept as they were in the previous output.
    pub fn kept(&self) -> usize {
        self.kept.load(Ordering::Relaxed)
    }

    /// Copy a file from disk into the site at `path` (a copy, never a link to
    /// it: a published file edited in place must not change its source).
    pub fn copy(&self, path: &str, from: &Path) -> Result<(), RenderError> {
        let bytes = fs::read(from).map_err(|e| RenderError::Write {
            path: path.into(),
            message: Msg::new("file-io")
                .arg("path", crate::diagnostics::display_path(from))
                .arg("why", crate::messages::io_error(&e)),
        })?;
        self.put(path, &bytes)
    }

    /// Keep every file of the previous output that this build did not write,
    /// but those `gone` names, as it is: a build that renders only the pages
    /// its changes reach keeps the rest. False (and the build must render
    /// everything) when one of them is no longer the file the previous output's
    /// list recorded (edited or replaced by hand), or cannot be kept.
    pub fn keep_the_rest(&self, gone: &(dyn Fn(&str) -> bool + Sync)) -> bool {
        let rest: Vec<(&String, &Recorded)> = {
            let Ok(written) = self.written.lock() else {
                return false;
            };
            self.previous
                .iter()
                .filter(|(p, _)| {
                    !written.contains(*p) && !gone(p) && p.as_str() != MARKER && p.as_str() != FILES
                })
                .collect()
        };
        use rayon::prelude::*;
        rest.par_iter().all(|&(path, r)| self.keep(path, r))
    }

    /// Keep the previous output's file at `path`, which its list records as `r`.
    fn keep(&self, path: &str, r: &Recorded) -> bool {
        let Ok(dest) = self.claim(path) else {
            return false;
        };
        let stamp = (r.mtime_ns, r.ino);
        let stamp_at = |p: &Path| fs::symlink_metadata(p).ok().and_then(|m| stamp_of(&m));
        // The reused folder holds the published file when both lists say so
        // and the file there is still it; else it is linked from the output.
        let kept = (self.reused.get(path).map(|x| (x.mtime_ns, x.ino)) == Some(stamp)
            && stamp_at(&dest) == Some(stamp))
            || (stamp_at(&self.out.join(path)) == Some(stamp)
                && self.link_from_previous(&self.out.join(path), &dest));
        if kept {
            self.kept.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut records) = self.records.lock() {
                records.push((path.to_string(), *r));
            }
        }
        kept
    }

    /// Write `bytes` at `path`, or keep the previous output's file there when it
    /// holds these very bytes and has not been touched since it was listed.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let dest = self.claim(path)?;
        let hash = hash_of(bytes);
        let len = bytes.len() as u64;
        let write_err = |e: io::Error| RenderError::Write {
            path: path.into(),
            message: crate::messages::io_error(&e),
        };
        let src = self.out.join(path);
        let kept = self.published_as(path, &src, hash, len).filter(|&stamp| {
            // The reused folder may hold the published file under this name
            // already; else it is linked, in place of what the name held.
            let staged = self.reused.get(path).map(|r| (r.mtime_ns, r.ino));
            (staged == Some(stamp)
                && fs::symlink_metadata(&dest).ok().and_then(|m| stamp_of(&m)) == Some(stamp))
                || self.link_from_previous(&src, &dest)
        });
        let stamp = match kept {
            Some(stamp) => {
                self.kept.fetch_add(1, Ordering::Relaxed);
                stamp
            }
            None => {
                self.clear(&dest).map_err(write_err)?;
                write_new(&dest, bytes)
                    .map_err(write_err)?
                    .unwrap_or(NO_STAMP)
            }
        };
        if let Ok(mut records) = self.records.lock() {
            let (mtime_ns, ino) = stamp;
            let r = Recorded {
                hash,
                len,
                mtime_ns,
                ino,
            };
            records.push((path.to_string(), r));
        }
        Ok(())
    }

    /// The stamp of the previous output's file at `path` (`src`) if the list
    /// says it holds bytes of this hash and length and it is still the file the
    /// list recorded (the same size, modification time and inode: a file edited
    /// or replaced by hand is written again).
    fn published_as(&self, path: &str, src: &Path, hash: u128, len: u64) -> Option<(i128, u64)> {
        let r = self.previous.get(path)?;
        if r.hash != hash || r.len != len {
            return None;
        }
        let m = fs::symlink_metadata(src).ok()?;
        let stamp = stamp_of(&m)?;
        (m.is_file() && m.len() == len && stamp == (r.mtime_ns, r.ino)).then_some(stamp)
    }

    /// Remove what a reused staging folder holds at `dest`, so that a new file
    /// takes its place (never written into: it may be a published file).
    /// A folder the reused one has where this build puts a file goes too,
    /// unless this build put files in it (two paths claiming one name).
    fn clear(&self, dest: &Path) -> io::Result<()> {
        if self.reused.is_empty() {
            return Ok(());
        }
        match fs::symlink_metadata(dest) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
            Ok(m) if m.is_dir() => {
                let rel = dest.strip_prefix(&self.tmp).unwrap_or(dest);
                let used = self.written.lock().map_or(true, |w| {
                    w.iter()
                        .any(|p| Path::new(p) != rel && Path::new(p).starts_with(rel))
                });
                if used {
                    return Err(io::ErrorKind::AlreadyExists.into());
                }
                fs::remove_dir_all(dest)
            }
            Ok(_) => fs::remove_file(dest),
        }
    }

    /// Make the folder `dir` of the staging folder. In a reused one, a file
    /// where this build needs a folder is removed first, unless this build put
    /// it there (two paths claiming one name).
    fn make_folder(&self, dir: &Path) -> io::Result<()> {
        let Err(e) = fs::create_dir_all(dir) else {
            return Ok(());
        };
        let Ok(rel) = dir.strip_prefix(&self.tmp) else {
            return Err(e);
        };
        if self.reused.is_empty() {
            return Err(e);
        }
        let mut at = self.tmp.clone();
        for part in rel.components() {
            at.push(part);
            if fs::symlink_metadata(&at).is_ok_and(|m| !m.is_dir()) {
                let name = at.strip_prefix(&self.tmp).unwrap_or(&at).to_string_lossy();
                if self
                    .written
                    .lock()
                    .map_or(true, |w| w.contains(name.as_ref()))
                {
                    return Err(e);
                }
                fs::remove_file(&at)?;
                break;
            }
        }
        fs::create_dir_all(dir)
    }

    /// Hard-link `src` to `dest`; false (and links turned off when the file
    /// system makes none) if that failed, and then the caller writes the file.
    fn link_from_previous(&self, src: &Path, dest: &Path) -> bool {
        if !self.links.load(Ordering::Relaxed) || self.clear(dest).is_err() {
            return false;
        }
        match (self.link)(src, dest) {
            Ok(()) => true,
            Err(e) => {
                if links_unavailable(&e) {
                    self.links.store(false, Ordering::Relaxed);
                }
                false
            }
        }
    }

    /// Put one of tiendo's own files (the marker, the list of files) at `name`:
    /// kept from the previous output when it held the same bytes (`previous`).
    fn put_own(
        &self,
        name: &str,
        bytes: &[u8],
        previous: Option<&[u8]>,
    ) -> Result<(), OutputError> {
        let (src, dest) = (self.out.join(name), self.tmp.join(name));
        if previous == Some(bytes)
            && fs::symlink_metadata(&src).is_ok_and(|m| m.is_file())
            && self.link_from_previous(&src, &dest)
        {
            return Ok(());
        }
        self.clear(&dest).map_err(io_err(&dest))?;
        write_new(&dest, bytes).map(|_| ()).map_err(io_err(&dest))
    }

    /// Remove from a reused staging folder the files this build did not put
    /// there, and the folders that leaves empty.
    fn remove_stale(&self) {
        let Ok(written) = self.written.lock() else {
            return;
        };
        let mut folders = HashSet::new();
        for path in self.reused.keys().filter(|p| !written.contains(*p)) {
            let _ = fs::remove_file(self.tmp.join(path));
            let mut up = Path::new(path).parent();
            while let Some(dir) = up.filter(|d| !d.as_os_str().is_empty()) {
                if !folders.insert(dir.to_path_buf()) {
                    break;
                }
                up = dir.parent();
            }
        }
        let mut folders: Vec<PathBuf> = folders.into_iter().collect();
        folders.sort_unstable_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in folders {
            // Fails, as it should, for a folder that still holds files.
            let _ = fs::remove_dir(self.tmp.join(dir));
        }
    }

    /// Write the list of files (with their hashes, sizes, times and inodes) into
    /// the staging folder, for the next build.
    fn write_files_list(&self) -> Result<(), OutputError> {
        let mut records = self.records.lock().map(|r| r.clone()).unwrap_or_default();
        records.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut text = String::with_capacity(records.len() * 100);
        text.push_str(FILES_HEADER);
        text.push('\n');
        for (path, r) in records {
            use std::fmt::Write;
            let _ = writeln!(
                text,
                "{:032x} {} {} {} {path}",
                r.hash, r.len, r.mtime_ns, r.ino
            );
        }
        self.put_own(
            FILES,
            text.as_bytes(),
            self.previous_list.as_deref().map(str::as_bytes),
        )
    }

    /// Check `path` is a plain relative path nobody wrote yet, and make its folder.
    fn claim(&self, path: &str) -> Result<PathBuf, RenderError> {
        let rel = plain(path)?;
        {
            let mut w = self
                .written
                .lock()
                .map_err(|_| RenderError::Other("writer poisoned".into()))?;
            if !w.insert(path.to_string()) {
                return Err(RenderError::Collision(path.to_string()));
            }
        }
        if let Some(counter) = &self.progress {
            counter.fetch_add(1, Ordering::Relaxed);
        }
        let dest = self.tmp.join(rel);
        if let Some(dir) = dest.parent() {
            let known = self.folders.lock().is_ok_and(|f| f.contains(dir));
            if !known {
                self.make_folder(dir).map_err(|e| RenderError::Write {
                    path: path.into(),
                    message: crate::messages::io_error(&e),
                })?;
                if let Ok(mut f) = self.folders.lock() {
                    f.insert(dir.to_path_buf());
                }
            }
        }
        Ok(dest)
    }

    /// Swap the finished site in. With an output already there, the two folders
    /// are exchanged in one step, so the output is never missing; the old one,
    /// now at the staging folder's name, is then kept as the spare the next build
    /// starts from. Where the system cannot exchange, the old output is renamed
    /// aside, the new one in, and the old one back if that fails.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        self.remove_stale();
        self.write_files_list()?;
        let had_old = match fs::symlink_metadata(&self.out) {
            Ok(m) if m.is_dir() => true,
            Ok(_) => return Err(OutputError::NotAFolder(self.out.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => false,
            Err(e) => return Err(io_err(&self.out)(e)),
        };
        if !had_old {
            fs::rename(&self.tmp, &self.out).map_err(io_err(&self.out))?;
            self.done = true;
            return Ok(self.out.clone());
        }
        if exchange(&self.tmp, &self.out).is_ok() {
            self.done = true;
            // The old output, now under the staging name, is kept for the next
            // build to bring up to date.
            self.keep_as_spare(&self.tmp);
            return Ok(self.out.clone());
        }
        let old = self.tmp.with_extension("old");
        if old.exists() {
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        fs::rename(&self.out, &old).map_err(io_err(&self.out))?;
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            return match fs::rename(&old, &self.out) {
                Ok(()) => Err(io_err(&self.out)(e)),
                Err(_) => Err(OutputError::Swap {
                    path: self.out.clone(),
                    aside: old,
                    source: e,
                }),
            };
        }
        self.done = true;
        self.keep_as_spare(&old);
        Ok(self.out.clone())
    }

    /// Keep the previous output, swapped out, as the spare the next build
    /// starts from; remove it if that cannot be done (which can only fail
    /// harmlessly: the next build removes what is left).
    fn keep_as_spare(&self, old: &Path) {
        if fs::rename(old, &self.spare).is_err() {
            let _ = fs::remove_dir_all(old);
        }
    }
}

/// Exchange two folders in one step (Linux 3.15+ on most file systems).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Remove what builds that were killed left next to the output `name` in
/// `parent`: their staging folders (`.NAME.tiendo-PID.tmp`) and old outputs
/// being deleted (`.NAME.tiendo-PID.old`), when no process with that id runs.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(rd) = fs::read_dir(parent) else { return };
    let prefix = format!(".{name}.tiendo-");
    for e in rd.flatten() {
        let file = e.file_name();
        let Some(rest) = file.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest
            .strip_suffix(".tmp")
            .or_else(|| rest.strip_suffix(".old"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !crate::io::process_alive(pid) {
            let p = e.path();
            let _ = match e.file_type() {
                Ok(t) if t.is_dir() => fs::remove_dir_all(&p),
                _ => fs::remove_file(&p),
            };
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// `path` as a plain relative path (no `..`, no root), or an error.
fn plain(path: &str) -> Result<&Path, RenderError> {
    let rel = Path::new(path);
    if path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(RenderError::Write {
            path: path.into(),
            message: Msg::new("render-not-plain-path"),
        });
    }
    Ok(rel)
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        self.put(path, bytes)
    }

    fn wants_records(&self) -> bool {
        self.search.is_some()
    }

    fn add_record(&self, record: SearchRecord) -> Result<(), RenderError> {
        match &self.search {
            Some(indexer) => {
                let path = record.path.clone();
                indexer
                    .add(record)
                    .map_err(|e| RenderError::Other(format!("`{path}`: {e}")))
            }
            None => Ok(()),
        }
    }

    /// A copy, never a hard link: a published file edited in place must not
    /// change the file it came from (a cache entry, a media file).
    fn write_file(&self, path: &str, from: &Path) -> Result<(), RenderError> {
        self.copy(path, from)
    }
}

fn absolute(p: &Path) -> PathBuf {
    let p = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    // Resolve `..` and symlinks where the path exists, so comparisons are fair.
    p.canonicalize().unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_build_leaves_old_output() {
        let (dir, site, out) = site_and_out();
        let s = Staging::new(&out, &site).unwrap();
        s.write("index.html", b"one").unwrap();
        s.commit().unwrap();
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");

        let s = Staging::new(&out, &site).unwrap();
        s.write("index.html", b"two").unwrap();
        assert!(matches!(
            s.write("index.html", b"again"),
            Err(RenderError::Collision(_))
        ));
        assert!(s.write("../escape", b"x").is_err());
        drop(s); // a failed build
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"one");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 2, "{leftovers:?}");
    }

    /// A folder with a `content/` for a site and the path of its output.
    fn site_and_out() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let out = dir.path().join("public");
        (dir, site, out)
    }

    /// One build of `files` into `out`; how many files it kept.
    fn build(out: &Path, site: &Path, files: &[(&str, &[u8])]) -> usize {
        let s = Staging::new(out, site).unwrap();
        for (path, bytes) in files {
            s.write(path, bytes).unwrap();
        }
        let kept = s.kept();
        s.commit().unwrap();
        kept
    }

    fn stamp_at(path: &Path) -> (i128, u64) {
        stamp_of(&fs::symlink_metadata(path).unwrap()).unwrap()
    }

    #[test]
    fn a_file_with_the_same_bytes_is_kept_and_the_others_written() {
        let (_dir, site, out) = site_and_out();
        build(&out, &site, &[("a/index.html", b"a"), ("b.html", b"b")]);
        let (a, b) = (
            stamp_at(&out.join("a/index.html")),
            stamp_at(&out.join("b.html")),
        );
        let own = [MARKER, FILES].map(|f| stamp_at(&out.join(f)));
        let kept = build(
            &out,
            &site,
            &[("a/index.html", b"a"), ("b.html", b"B"), ("c.html", b"c")],
        );
        assert_eq!(kept, 1);
        assert_eq!(
            stamp_at(&out.join("a/index.html")),
            a,
            "kept: the same inode and time"
        );
        assert_ne!(stamp_at(&out.join("b.html")).1, b.1, "written: a new file");
        assert_eq!(fs::read(out.join("b.html")).unwrap(), b"B");
        assert_eq!(stamp_at(&out.join(MARKER)), own[0], "the marker is kept");
        assert_ne!(stamp_at(&out.join(FILES)), own[1], "the list changed");

        // Nothing changed: every file is kept, the list of files too.
        let own = [MARKER, FILES].map(|f| stamp_at(&out.join(f)));
        let files: [(&str, &[u8]); 3] =
            [("a/index.html", b"a"), ("b.html", b"B"), ("c.html", b"c")];
        assert_eq!(build(&out, &site, &files), 3);
        assert_eq!([MARKER, FILES].map(|f| stamp_at(&out.join(f))), own);
    }

    #[test]
    fn a_linked_file_is_never_written_through() {
        let (_dir, site, out) = site_and_out();
        build(&out, &site, &[("index.html", b"published")]);
        let s = Staging::new(&out, &site).unwrap();
        s.write("index.html", b"published").unwrap();
        assert_eq!(s.kept(), 1);
        let staged = s.tmp.join("index.html");
        assert_eq!(
            stamp_at(&staged),
            stamp_at(&out.join("index.html")),
            "a hard link"
        );
        // Every way a file gets into the staging folder refuses a path already there.
        assert!(matches!(
            s.write("index.html", b"changed"),
            Err(RenderError::Collision(_))
        ));
        let other = s.tmp.join("other");
        fs::write(&other, b"changed").unwrap();
        assert!(s.write_file("index.html", &other).is_err());
        let e = write_new(&staged, b"changed").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert!(s.put_own("index.html", b"changed", None).is_err());
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"published");
        drop(s);
        assert_eq!(fs::read(out.join("index.html")).unwrap(), b"published");
    }

    /// Every file under `dir` with its bytes, by relative path.
    fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap();
                (
                    rel.to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .filter(|(p, _)| p != MARKER && p != FILES)
            .collect();
        v.sort();
        v
    }

    #[test]
    fn the_output_before_the_last_is_brought_up_to_date_not_made_again() {
        let (dir, site, out) = site_and_out();
        let spare = dir.path().join(spare_name("public"));
        let first: [(&str, &[u8]); 3] = [
            ("a/index.html", b"a"),
            ("b/c/index.html", b"c"),
            ("d", b"d"),
        ];
        build(&out, &site, &first);
        assert!(!spare.exists(), "there was no output before");
        let second: [(&str, &[u8]); 3] = [
            ("a/index.html", b"a"),
            ("b/c/index.html", b"c"),
            ("d", b"D"),
        ];
        build(&out, &site, &second);
        let owned = |files: &[(&str, &[u8])]| -> Vec<(String, Vec<u8>)> {
            files
                .iter()
                .map(|(p, b)| (p.to_string(), b.to_vec()))
                .collect()
        };
        assert_eq!(files_in(&spare), owned(&first), "the output before, kept");
        let a = stamp_at(&out.join("a/index.html"));
        assert_eq!(
            stamp_at(&spare.join("a/index.html")),
            a,
            "one file, twice linked"
        );

        let third: [(&str, &[u8]); 3] = [("a/index.html", b"a"), ("d", b"D"), ("e", b"e")];
        assert_eq!(build(&out, &site, &third), 2);
        assert_eq!(files_in(&out), owned(&third));
        assert!(!out.join("b").exists(), "a folder left empty is removed");
        assert_eq!(stamp_at(&out.join("a/index.html")), a);
        assert_eq!(files_in(&spare), owned(&second));

        // The spare's own files are replaced, never written into: the published
        // file under the same name keeps its bytes.
        let s = Staging::new(&out, &site).unwrap();
        assert!(s.reused.contains_key("a/index.html"));
        s.write("a/index.html", b"a").unwrap();
        assert_eq!(stamp_at(&s.tmp.join("a/index.html")), a);
        s.put_own("a/index.html", b"changed", None).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"a");
        assert_eq!(stamp_at(&out.join("a/index.html")), a);
        drop(s);
        assert!(!spare.exists(), "a failed build used it up");
        assert_eq!(files_in(&out), owned(&third));
    }

    #[test]
    fn a_file_where_the_spare_has_a_folder_and_the_other_way_round() {
        let (_dir, site, out) = site_and_out();
        let before: [(&str, &[u8]); 2] = [("a", b"file"), ("b/index.html", b"in a folder")];
        build(&out, &site, &before);
        build(&out, &site, &before);
        let after: [(&str, &[u8]); 2] = [("a/index.html", b"in a folder"), ("b", b"file")];
        build(&out, &site, &after);
        let owned: Vec<(String, Vec<u8>)> = after
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        assert_eq!(files_in(&out), owned);

        // Two paths claiming one name are refused as in a new staging folder.
        let s = Staging::new(&out, &site).unwrap();
        assert!(!s.reused.is_empty());
        s.write("a/index.html", b"x").unwrap();
        assert!(s.write("a", b"x").is_err());
        s.write("b", b"x").unwrap();
        assert!(s.write("b/index.html", b"x").is_err());
    }

    #[test]
    fn a_file_edited_or_replaced_by_hand_is_written_again() {
        let (_dir, site, out) = site_and_out();
        let files: [(&str, &[u8]); 3] = [("edited", b"one"), ("replaced", b"two"), ("same", b"3")];
        build(&out, &site, &files);
        // Edited in place, then given back its time: the size tells.
        let edited = out.join("edited");
        let time = fs::metadata(&edited).unwrap().modified().unwrap();
        fs::write(&edited, b"one, edited").unwrap();
        let f = fs::File::options().write(true).open(&edited).unwrap();
        f.set_modified(time).unwrap();
        drop(f);
        // Replaced by a file of the same size and time (`cp -p`): the inode tells.
        let replaced = out.join("replaced");
        let time = fs::metadata(&replaced).unwrap().modified().unwrap();
        let copy = out.join("copy");
        fs::write(&copy, b"TWO").unwrap();
        fs::File::options()
            .write(true)
            .open(&copy)
            .unwrap()
            .set_modified(time)
            .unwrap();
        fs::rename(&copy, &replaced).unwrap();

        assert_eq!(build(&out, &site, &files), 1, "only `same` is kept");
        assert_eq!(fs::read(&edited).unwrap(), b"one");
        assert_eq!(fs::read(&replaced).unwrap(), b"two");
    }

    #[test]
    fn without_hard_links_every_file_is_written_and_links_are_tried_once() {
        static TRIED: AtomicUsize = AtomicUsize::new(0);
        let (_dir, site, out) = site_and_out();
        let files: [(&str, &[u8]); 3] = [("a", b"a"), ("b", b"b"), ("c/d", b"d")];
        build(&out, &site, &files);
        let mut s = Staging::new(&out, &site).unwrap();
        s.link = |_, _| {
            TRIED.fetch_add(1, Ordering::Relaxed);
            Err(io::ErrorKind::CrossesDevices.into())
        };
        for (path, bytes) in files {
            s.write(path, bytes).unwrap();
        }
        assert_eq!(s.kept(), 0);
        assert_eq!(
            TRIED.load(Ordering::Relaxed),
            1,
            "the first failure turns links off"
        );
        s.commit().unwrap();
        for (path, bytes) in files {
            assert_eq!(fs::read(out.join(path)).unwrap(), bytes);
        }
    }

    #[test]
    fn refuses_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let foreign = dir.path().join("docs");
        fs::create_dir_all(&foreign).unwrap();
        fs::write(foreign.join("keep.txt"), b"x").unwrap();
        assert!(matches!(
            Staging::new(&foreign, &site),
            Err(OutputError::NotOurs(_))
        ));
        assert!(matches!(
            Staging::new(&site, &site),
            Err(OutputError::ContainsContent(_))
        ));
        assert!(matches!(
            Staging::new(dir.path(), &site),
            Err(OutputError::ContainsContent(_))
        ));
    }
}
