//! Writing the site without ever leaving a broken one behind. Files go to a
//! staging folder next to the output; only a complete build is swapped in, by
//! renaming. A failed build removes its staging folder and leaves the previous
//! output exactly as it was.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::render::{RenderError, Sink};
use crate::search::Indexer;

/// The file that marks a folder as tiendo's output, so a later build may replace
/// it. A folder without it is never deleted.
pub const MARKER: &str = ".tiendo-output";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to replace `{0}`: it is not empty and was not written by tiendo (no {MARKER} file in it); remove it or choose another folder with -o")]
    NotOurs(PathBuf),
    #[error("the output folder `{0}` would contain the site's content; choose a folder outside it with -o")]
    ContainsContent(PathBuf),
    #[error("`{path}`: {source}")]
    Io { path: PathBuf, source: io::Error },
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
        let tmp = parent.join(format!(".{name}.tiendo-{}.tmp", std::process::id()));
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(io_err(&tmp))?;
        }
        fs::create_dir_all(&tmp).map_err(io_err(&tmp))?;
        fs::write(
            tmp.join(MARKER),
            b"This folder was written by tiendo build; the next build replaces it.\n",
        )
        .map_err(io_err(&tmp))?;
        Ok(Staging {
            out,
            tmp,
            search: None,
            written: Mutex::new(HashSet::new()),
            folders: Mutex::new(HashSet::new()),
            done: false,
        })
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

    /// Copy a file from disk into the site at `path`.
    pub fn copy(&self, path: &str, from: &Path) -> Result<(), RenderError> {
        let dest = self.claim(path)?;
        fs::copy(from, &dest)
            .map(|_| ())
            .map_err(|e| RenderError::Write {
                path: path.into(),
                message: e.to_string(),
            })
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
        let dest = self.tmp.join(rel);
        if let Some(dir) = dest.parent() {
            let known = self.folders.lock().is_ok_and(|f| f.contains(dir));
            if !known {
                fs::create_dir_all(dir).map_err(|e| RenderError::Write {
                    path: path.into(),
                    message: e.to_string(),
                })?;
                if let Ok(mut f) = self.folders.lock() {
                    f.insert(dir.to_path_buf());
                }
            }
        }
        Ok(dest)
    }

    /// Swap the finished site in. The old output is moved aside first and deleted
    /// only once the new one is in place; if the swap fails the old one is put back.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let old = self.tmp.with_extension("old");
        let had_old = self.out.exists();
        if had_old {
            if old.exists() {
                fs::remove_dir_all(&old).map_err(io_err(&old))?;
            }
            fs::rename(&self.out, &old).map_err(io_err(&self.out))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            if had_old {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(OutputError::Io {
                path: self.out.clone(),
                source: e,
            });
        }
        self.done = true;
        if had_old {
            fs::remove_dir_all(&old).map_err(io_err(&old))?;
        }
        Ok(self.out.clone())
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
            message: "not a plain relative path".into(),
        });
    }
    Ok(rel)
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let dest = self.claim(path)?;
        fs::write(&dest, bytes).map_err(|e| RenderError::Write {
            path: path.into(),
            message: e.to_string(),
        })
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

    /// A hard link when `from` is on the same file system (cached files are never
    /// changed in place: the cache replaces a file by renaming a new one over it), a
    /// copy otherwise.
    fn write_file(&self, path: &str, from: &Path) -> Result<(), RenderError> {
        let dest = self.claim(path)?;
        fs::hard_link(from, &dest)
            .or_else(|_| fs::copy(from, &dest).map(|_| ()))
            .map_err(|e| RenderError::Write {
                path: path.into(),
                message: e.to_string(),
            })
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
