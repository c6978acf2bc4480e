//! Writing the site without ever leaving a broken one behind. Files go to a
//! staging folder next to the output; only a complete build is swapped in, by
//! exchanging the two folders in one step (`renameat2(RENAME_EXCHANGE)` on Linux),
//! so a web server serving the output never finds it missing. A failed build
//! removes its staging folder and leaves the previous output exactly as it was;
//! what a build that was killed left behind (its staging folder, the old output
//! it was removing) is removed by the next build.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use std::hash::Hasher;

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::messages::Msg;
use crate::render::error::RenderError;
use crate::render::sink::Sink;
use crate::search::Indexer;

/// The file that marks a folder as tiendo's output, so a later build may replace
/// it. A folder without it is never deleted.
pub const MARKER: &str = ".tiendo-output";

/// The list, in the output, of every file it holds with a hash of its bytes and
/// its size and modification time: the next build keeps a file whose bytes it
/// would write again as it is (a hard link into the new output), so its
/// modification time stays and a deploy by `rsync` or an HTTP cache sees only
/// what changed.
pub const FILES: &str = ".tiendo-files";

/// A file of the previous output, as its list recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Recorded {
    hash: u128,
    len: u64,
    mtime_ns: i128,
}

fn hash_of(bytes: &[u8]) -> u128 {
    let mut h = SipHasher13::new_with_keys(0, 0);
    h.write(bytes);
    h.finish128().as_u128()
}

fn mtime_ns(m: &fs::Metadata) -> Option<i128> {
    let t = m.modified().ok()?;
    let d = t.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(d.as_nanos() as i128)
}

/// The previous output's list of files: `hash len mtime path` a line.
fn read_files_list(out: &Path) -> HashMap<String, Recorded> {
    let Ok(text) = fs::read_to_string(out.join(FILES)) else {
        return HashMap::new();
    };
    text.lines()
        .filter_map(|l| {
            let mut it = l.splitn(4, ' ');
            let hash = u128::from_str_radix(it.next()?, 16).ok()?;
            let len = it.next()?.parse().ok()?;
            let mtime_ns = it.next()?.parse().ok()?;
            Some((
                it.next()?.to_string(),
                Recorded {
                    hash,
                    len,
                    mtime_ns,
                },
            ))
        })
        .collect()
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
    /// Each file written with the hash of its bytes.
    hashes: Mutex<Vec<(String, u128)>>,
    /// How many files were kept from the previous output.
    kept: AtomicUsize,
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
        fs::create_dir(&tmp).map_err(io_err(&tmp))?;
        fs::write(
            tmp.join(MARKER),
            b"This folder was written by tiendo build; the next build replaces it.\n",
        )
        .map_err(io_err(&tmp))?;
        let previous = if out.join(MARKER).is_file() {
            read_files_list(&out)
        } else {
            HashMap::new()
        };
        Ok(Staging {
            out,
            tmp,
            search: None,
            written: Mutex::new(HashSet::new()),
            folders: Mutex::new(HashSet::new()),
            previous,
            hashes: Mutex::new(Vec::new()),
            kept: AtomicUsize::new(0),
            progress: None,
            done: false,
        })
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

    /// Write `bytes` at `path`, or keep the previous output's file there when it
    /// holds these very bytes and has not been touched since it was listed.
    fn put(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let dest = self.claim(path)?;
        let hash = hash_of(bytes);
        if let Ok(mut h) = self.hashes.lock() {
            h.push((path.to_string(), hash));
        }
        if let Some(r) = self.previous.get(path) {
            if r.hash == hash && r.len == bytes.len() as u64 {
                let src = self.out.join(path);
                let untouched = fs::symlink_metadata(&src).is_ok_and(|m| {
                    m.is_file() && m.len() == r.len && mtime_ns(&m) == Some(r.mtime_ns)
                });
                if untouched && fs::hard_link(&src, &dest).is_ok() {
                    self.kept.fetch_add(1, Ordering::Relaxed);
                    return Ok(());
                }
            }
        }
        fs::write(&dest, bytes).map_err(|e| RenderError::Write {
            path: path.into(),
            message: crate::messages::io_error(&e),
        })
    }

    /// Write the list of files (with their hashes, sizes and times) into the
    /// staging folder, for the next build.
    fn write_files_list(&self) -> Result<(), OutputError> {
        let mut hashes = self.hashes.lock().map(|h| h.clone()).unwrap_or_default();
        hashes.sort();
        let mut text = String::with_capacity(hashes.len() * 80);
        for (path, hash) in hashes {
            let Ok(m) = fs::symlink_metadata(self.tmp.join(&path)) else {
                continue;
            };
            let Some(t) = mtime_ns(&m) else {
                continue;
            };
            text.push_str(&format!("{hash:032x} {} {t} {path}\n", m.len()));
        }
        let list = self.tmp.join(FILES);
        fs::write(&list, text).map_err(io_err(&list))
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
                fs::create_dir_all(dir).map_err(|e| RenderError::Write {
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
    /// now at the staging folder's name, is then deleted (if that is cut short,
    /// the next build finishes it). Where the system cannot exchange, the old
    /// output is renamed aside, the new one in, and the old one back if that fails.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
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
            // The old output, now under the staging name: removing it can only
            // fail harmlessly (the next build removes what is left).
            let _ = fs::remove_dir_all(&self.tmp);
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
        let _ = fs::remove_dir_all(&old);
        Ok(self.out.clone())
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

    fn wants_search_docs(&self) -> bool {
        self.search.is_some()
    }

    fn index_page(&self, path: &str, html: &str) -> Result<(), RenderError> {
        match &self.search {
            Some(indexer) => indexer
                .add_page(plain(path)?, html)
                .map_err(|e| RenderError::Other(format!("`{path}`: {e}"))),
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
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        fs::create_dir_all(site.join("content")).unwrap();
        let out = dir.path().join("public");
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
