//! The pages the preview server answers with, and the versions that tell an
//! open browser page when to reload.
//!
//! Every publish (a rebuild, a new error, errors fixed) gets a new version
//! number. Each page remembers the version at which its bytes last changed, so
//! a browser showing a page reloads only when *that* page changed, or when the
//! site went into or out of an error state.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One served file and the version at which it last changed.
#[derive(Clone)]
pub struct Served {
    pub bytes: Arc<Vec<u8>>,
    pub version: u64,
}

#[derive(Default)]
struct State {
    files: HashMap<String, Served>,
    /// Paths that were removed, with the version that removed them.
    gone: HashMap<String, u64>,
    /// The error page shown instead of every HTML page while content is broken.
    error: Option<Arc<String>>,
    /// The version at which the error state (or the notice) last changed.
    error_version: u64,
    version: u64,
    /// A note put at the top of every page (content that is not shown yet).
    notice: Option<Arc<String>>,
    /// Why there is no page at a path that an editor may expect one at (an
    /// entry dated after the as-of date), by path.
    missing: Arc<HashMap<String, String>>,
}

pub struct Store {
    state: RwLock<State>,
    bell: (Mutex<u64>, Condvar),
    /// Paths open in a browser right now (a long poll is waiting on them).
    watched: Mutex<HashMap<String, usize>>,
}

impl Default for Store {
    fn default() -> Self {
        Store::new()
    }
}

impl Store {
    /// An empty store. Versions start from the clock (milliseconds), so a browser
    /// left open across a restart of the server still sees newer versions.
    pub fn new() -> Store {
        let start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(1);
        Store {
            state: RwLock::new(State {
                version: start,
                error_version: start,
                ..State::default()
            }),
            bell: (Mutex::new(start), Condvar::new()),
            watched: Mutex::new(HashMap::new()),
        }
    }

    fn ring(&self, version: u64) {
        if let Ok(mut v) = self.bell.0.lock() {
            *v = version;
        }
        self.bell.1.notify_all();
    }

    /// A new version that every page shows (the error page, the notice): every
    /// open page reloads.
    fn ring_every_page(&self, mut st: std::sync::RwLockWriteGuard<'_, State>) {
        let version = st.version + 1;
        st.error_version = version;
        st.version = version;
        drop(st);
        self.ring(version);
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|e| e.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Replace every file (after a full render); returns how many changed.
    pub fn replace_all(&self, files: HashMap<String, Vec<u8>>) -> usize {
        let removed: Vec<String> = self
            .read()
            .files
            .keys()
            .filter(|k| !files.contains_key(*k))
            .cloned()
            .collect();
        self.apply(files, &removed)
    }

    /// Add or replace `files` and remove `removed`; returns how many changed.
    pub fn apply(&self, files: HashMap<String, Vec<u8>>, removed: &[String]) -> usize {
        let mut st = self.write();
        let version = st.version + 1;
        let mut changed = 0;
        for k in removed {
            if st.files.remove(k).is_some() {
                st.gone.insert(k.clone(), version);
                changed += 1;
            }
        }
        for (path, bytes) in files {
            changed += usize::from(put(&mut st, path, bytes, version));
        }
        st.version = version;
        drop(st);
        self.ring(version);
        changed
    }

    /// Show `html` instead of every page (`Some`), or the pages again (`None`).
    pub fn set_error(&self, html: Option<String>) {
        let mut st = self.write();
        let same = match (&st.error, &html) {
            (None, None) => true,
            (Some(a), Some(b)) => **a == *b,
            _ => false,
        };
        if same {
            return;
        }
        st.error = html.map(Arc::new);
        self.ring_every_page(st);
    }

    /// Put `html` at the top of every page (`Some`), or nothing (`None`);
    /// `missing` says why some paths have no page. Open pages reload when the
    /// notice changes.
    pub fn set_notice(&self, html: Option<String>, missing: HashMap<String, String>) {
        let mut st = self.write();
        st.missing = Arc::new(missing);
        if st.notice.as_deref() == html.as_ref() {
            return;
        }
        st.notice = html.map(Arc::new);
        self.ring_every_page(st);
    }

    /// The note at the top of every page, if any.
    pub fn notice(&self) -> Option<Arc<String>> {
        self.read().notice.clone()
    }

    /// Why there is no page at `path`, when the preview knows.
    pub fn why_missing(&self, path: &str) -> Option<String> {
        self.read().missing.get(path).cloned()
    }

    /// The served page most like `path` (an HTML page), to suggest on a 404.
    pub fn closest_page(&self, path: &str) -> Option<String> {
        let st = self.read();
        crate::diagnostics::did_you_mean(
            path,
            st.files
                .keys()
                .map(String::as_str)
                .filter(|k| k.ends_with("index.html")),
        )
        .map(str::to_string)
    }

    pub fn get(&self, path: &str) -> Option<Served> {
        self.read().files.get(path).cloned()
    }

    /// The error page, while the content has errors.
    pub fn error(&self) -> Option<Arc<String>> {
        self.read().error.clone()
    }

    /// The version a browser showing `path` has seen: the later of the page's
    /// own last change and the last change of the error state.
    pub fn version_of(&self, path: &str) -> u64 {
        let st = self.read();
        let page = st
            .files
            .get(path)
            .map(|s| s.version)
            .or_else(|| st.gone.get(path).copied())
            .unwrap_or(0);
        page.max(st.error_version)
    }

    /// Block until what `path` shows is newer than `seen`, or `timeout` passes.
    /// Returns whether it is newer.
    pub fn wait(&self, path: &str, seen: u64, timeout: Duration) -> bool {
        let _watch = Watch::new(self, path);
        let deadline = Instant::now() + timeout;
        let (lock, cond) = &self.bell;
        let mut guard = match lock.lock() {
            Ok(g) => g,
            Err(e) => e.into_inner(),
        };
        loop {
            if self.version_of(path) > seen {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            guard = match cond.wait_timeout(guard, deadline - now) {
                Ok((g, _)) => g,
                Err(e) => e.into_inner().0,
            };
        }
    }

    /// The paths browsers have open now: a rebuild renders these first.
    pub fn watched(&self) -> std::collections::HashSet<String> {
        self.watched
            .lock()
            .map(|w| w.keys().cloned().collect())
            .unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.read().files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every path and its bytes (for tests comparing with a full build).
    pub fn snapshot(&self) -> HashMap<String, Arc<Vec<u8>>> {
        self.read()
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.bytes.clone()))
            .collect()
    }
}

/// A browser waiting on a path, for as long as its long poll lasts.
struct Watch<'a> {
    store: &'a Store,
    path: String,
}

impl<'a> Watch<'a> {
    fn new(store: &'a Store, path: &str) -> Watch<'a> {
        if let Ok(mut w) = store.watched.lock() {
            *w.entry(path.to_string()).or_default() += 1;
        }
        Watch {
            store,
            path: path.to_string(),
        }
    }
}

impl Drop for Watch<'_> {
    fn drop(&mut self) {
        if let Ok(mut w) = self.store.watched.lock() {
            if let Some(n) = w.get_mut(&self.path) {
                *n -= 1;
                if *n == 0 {
                    w.remove(&self.path);
                }
            }
        }
    }
}

/// Store one file; returns whether its bytes changed.
fn put(st: &mut State, path: String, bytes: Vec<u8>, version: u64) -> bool {
    if let Some(old) = st.files.get(&path) {
        if *old.bytes == bytes {
            return false;
        }
    }
    st.gone.remove(&path);
    st.files.insert(
        path,
        Served {
            bytes: Arc::new(bytes),
            version,
        },
    );
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_move_only_for_changed_pages() {
        let s = Store::new();
        let files = |pairs: &[(&str, &str)]| -> HashMap<String, Vec<u8>> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.as_bytes().to_vec()))
                .collect()
        };
        s.replace_all(files(&[("a", "1"), ("b", "1")]));
        let (va, vb) = (s.version_of("a"), s.version_of("b"));
        assert_eq!(s.apply(files(&[("a", "2"), ("b", "1")]), &[]), 1);
        assert!(s.version_of("a") > va);
        assert_eq!(s.version_of("b"), vb);
        assert!(!s.wait("b", vb, Duration::from_millis(10)));
        assert!(s.wait("a", va, Duration::from_millis(10)));

        // Removing a page and going into an error state both move the version.
        let vb = s.version_of("b");
        s.apply(HashMap::new(), &["b".to_string()]);
        assert!(s.version_of("b") > vb);
        let va = s.version_of("a");
        s.set_error(Some("broken".into()));
        assert!(s.version_of("a") > va);
        let va = s.version_of("a");
        s.set_error(Some("broken".into()));
        assert_eq!(
            s.version_of("a"),
            va,
            "the same errors again change nothing"
        );
        s.set_error(None);
        assert!(s.version_of("a") > va);
    }
}
