//! `tiendo serve`: build the site into memory, serve it on 127.0.0.1, watch
//! `content/` and the theme, rebuild what a change reaches and make the open
//! browser page reload by itself.
//!
//! Three threads: the watcher's (notify), the rebuild loop (which owns the site
//! in memory, [`live::Live`]) and the HTTP loop ([`http::Server`], one thread
//! per connection, at most [`http::MAX_CONNECTIONS`], so a live-reload long
//! poll never holds up a page). The built pages
//! live in a [`store::Store`] shared by the last two. Nothing is written to disk.

pub mod error_page;
pub mod forms;
pub mod http;
pub mod inplace;
pub mod live;
pub mod memory;
pub mod store;
pub mod wire;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher};

pub use live::{Live, Outcome};
pub use memory::MemorySink;
pub use store::Store;

use crate::model::Date;

/// The port `tiendo serve` listens on unless told otherwise (Hugo uses 1313).
pub const DEFAULT_PORT: u16 = 1314;

/// After the first change of a burst, wait this long for more (an editor's save
/// is often a write, a rename and a metadata change).
const QUIET: Duration = Duration::from_millis(10);
/// ... but never longer than this in all.
const MAX_BURST: Duration = Duration::from_millis(100);
/// Once an event that ends a save came ([`ends_a_save`]), wait only this long
/// for another: the rest of a save (a rename after the temporary file is
/// closed) follows within microseconds, and the edited page is wanted back.
const SAVED: Duration = Duration::from_millis(1);

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub site_dir: PathBuf,
    /// 0 picks a free port.
    pub port: u16,
    pub as_of: Option<Date>,
    /// Listen on this address instead of 127.0.0.1 (`--bind`).
    pub bind: Option<std::net::IpAddr>,
    /// The token editors give before the forms answer beyond loopback
    /// (`--edit-token`, `--edit-token-file`); without it they answer on
    /// loopback only.
    pub edit_token: Option<String>,
    /// `--lang`: the language of the preview's messages, if not the site's.
    pub lang: Option<crate::messages::Lang>,
}

impl ServeOptions {
    /// The forms at `/__tiendo/` are on: on loopback, or with an edit token.
    pub fn editing(&self) -> bool {
        self.bind.is_none_or(|ip| ip.is_loopback()) || self.edit_token.is_some()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {ip}:{port}: {message} (choose another port with --port)")]
    Bind {
        ip: std::net::IpAddr,
        port: u16,
        message: String,
    },
    #[error("cannot watch `{path}` for changes: {message}")]
    Watch { path: PathBuf, message: String },
}

impl ServeError {
    /// What went wrong, in words for the editor who started the preview.
    pub fn message(&self) -> crate::messages::Msg {
        use crate::messages::Msg;
        match self {
            ServeError::Bind { ip, port, message } => Msg::new("serve-bind")
                .arg("address", format!("{ip}:{port}"))
                .arg("why", message),
            ServeError::Watch { path, message } => Msg::new("serve-watch")
                .arg("path", crate::diagnostics::display_path(path))
                .arg("why", message),
        }
    }
}

/// What the server tells its user.
#[derive(Debug)]
pub enum Event {
    /// A build finished (the first one, or after `changed` files changed).
    Built {
        outcome: Outcome,
        changed: Vec<PathBuf>,
    },
    /// Ready: pages are served at `url`.
    Listening { url: String },
    /// The watcher reported a problem (changes may be missed).
    WatchError(String),
}

/// A running server.
pub struct Running {
    pub addr: SocketAddr,
    pub url: String,
    server: Arc<http::Server>,
    stop: Arc<AtomicBool>,
    http: Option<JoinHandle<()>>,
    rebuild: Option<JoinHandle<()>>,
}

impl Running {
    /// A handle that stops the server from another thread (a Ctrl-C handler).
    pub fn stopper(&self) -> impl Fn() + Send + Sync + 'static {
        let server = Arc::clone(&self.server);
        let stop = Arc::clone(&self.stop);
        move || {
            stop.store(true, Ordering::SeqCst);
            server.unblock();
        }
    }

    /// Serve until stopped.
    pub fn wait(mut self) {
        if let Some(h) = self.http.take() {
            let _ = h.join();
        }
        self.stop.store(true, Ordering::SeqCst);
        if let Some(h) = self.rebuild.take() {
            let _ = h.join();
        }
    }
}

/// Build the site, then serve it and rebuild on changes until stopped.
/// `on_event` is called from the rebuild thread.
pub fn start(
    opts: &ServeOptions,
    mut on_event: Box<dyn FnMut(Event) + Send>,
) -> Result<Running, ServeError> {
    let ip = opts
        .bind
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST));
    let site_dir = std::path::absolute(&opts.site_dir).unwrap_or_else(|_| opts.site_dir.clone());
    // The language of what the server itself answers (a refused request).
    let lang = opts
        .lang
        .or_else(|| crate::content::site_language(&site_dir))
        .unwrap_or_default();
    let server = http::Server::bind(ip, opts.port, lang).map_err(|e| ServeError::Bind {
        ip,
        port: opts.port,
        message: e.to_string(),
    })?;
    let addr = server.addr();
    let url = match ip {
        std::net::IpAddr::V4(v4) if !v4.is_loopback() && !v4.is_unspecified() => {
            format!("http://{v4}:{}/", addr.port())
        }
        _ => format!("http://127.0.0.1:{}/", addr.port()),
    };
    let lan = (!ip.is_loopback()).then_some(ip);
    let server = Arc::new(server);
    let forms = opts.editing().then(|| {
        Arc::new(forms::Forms::new(
            &site_dir,
            opts.as_of,
            opts.edit_token.clone(),
        ))
    });

    let store = Arc::new(Store::new());
    let render_opts = crate::render::Options {
        base_url: Some(url.clone()),
        // The preview has no search index: its search page offers browsing links.
        no_search: true,
        // Nor share images: they are for links posted on social networks, and
        // drawing thousands would delay the first preview.
        no_images: true,
        images: None,
    };
    // Every served page carries the live-reload script and, when editing is
    // on, the link to the forms.
    let snippet = if opts.editing() {
        format!(
            "{}{}",
            forms::link_snippet(&site_dir),
            http::reload_snippet()
        )
    } else {
        http::reload_snippet()
    };
    let mut live = Live::new(
        &site_dir,
        opts.as_of,
        render_opts,
        snippet,
        Arc::clone(&store),
    );
    live.set_lang(opts.lang);

    // Watch before the first build, so nothing saved during it is missed. A
    // change also tells a rebuild in progress that a newer one is waiting.
    let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
    let newer = live.newer_change();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = &res {
            if relevant(&ev.kind) && ev.paths.iter().any(|p| !scratch(p)) {
                newer.store(true, Ordering::SeqCst);
            }
        }
        let _ = tx.send(res);
    })
    .map_err(|e| ServeError::Watch {
        path: site_dir.clone(),
        message: e.to_string(),
    })?;
    watch(&mut watcher, &site_dir)?;
    let outcome = live.full();
    on_event(Event::Built {
        outcome,
        changed: Vec::new(),
    });
    on_event(Event::Listening { url: url.clone() });

    let stop = Arc::new(AtomicBool::new(false));
    let rebuild = {
        let stop = Arc::clone(&stop);
        let dir = site_dir.clone();
        std::thread::Builder::new()
            .name("tiendo-rebuild".into())
            .spawn(move || {
                // The watcher lives as long as this loop.
                let mut watcher = watcher;
                rebuild_loop(&mut live, &rx, &stop, &mut on_event, &mut watcher, &dir)
            })
            .map_err(|e| ServeError::Watch {
                path: site_dir.clone(),
                message: e.to_string(),
            })?
    };
    let http = {
        let server = Arc::clone(&server);
        let content_dir = site_dir.join("content");
        let polls = Arc::new(http::Polls::default());
        let port = addr.port();
        let serve: Arc<dyn Fn(std::net::TcpStream) + Send + Sync> = Arc::new(move |stream| {
            let media = |key: &str| is_media(&content_dir, key);
            http::connection(
                stream,
                &http::Site {
                    store: &store,
                    content_dir: &content_dir,
                    has_media: &media,
                    port,
                    polls: &polls,
                    forms: forms.as_deref(),
                    lan,
                    lang,
                },
            )
        });
        std::thread::Builder::new()
            .name("tiendo-http".into())
            .spawn(move || server.run(serve))
            .map_err(|e| ServeError::Bind {
                ip,
                port: addr.port(),
                message: e.to_string(),
            })?
    };
    Ok(Running {
        addr,
        url,
        server,
        stop,
        http: Some(http),
        rebuild: Some(rebuild),
    })
}

/// A file the build would copy from `content/media/` (hidden files are not),
/// found inside that folder once every link on its way is followed: a link to
/// a file elsewhere (`/etc/passwd`) is not served.
fn is_media(content_dir: &Path, key: &str) -> bool {
    let Some(rest) = key.strip_prefix("media/") else {
        return false;
    };
    if rest.split('/').any(|s| s.is_empty() || s.starts_with('.')) {
        return false;
    }
    let (Ok(media), Ok(file)) = (
        content_dir.join("media").canonicalize(),
        content_dir.join(key).canonicalize(),
    ) else {
        return false;
    };
    file.starts_with(&media) && file.is_file()
}

fn watch(w: &mut notify::RecommendedWatcher, site_dir: &Path) -> Result<(), ServeError> {
    let err = |path: &Path, e: notify::Error| ServeError::Watch {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    // The site folder itself (not its subfolders): notices content/ or themes/
    // appearing; content/ and themes/ in full.
    w.watch(site_dir, RecursiveMode::NonRecursive)
        .map_err(|e| err(site_dir, e))?;
    for sub in ["content", "themes"] {
        let p = site_dir.join(sub);
        if p.is_dir() {
            w.watch(&p, RecursiveMode::Recursive)
                .map_err(|e| err(&p, e))?;
        }
    }
    Ok(())
}

/// An editor's scratch file (`.x.swp`, `x~`), never content.
fn scratch(p: &Path) -> bool {
    p.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// Whether a watcher event ends a save: a file closed after writing, or a file
/// given its name (an editor writes aside, then renames over the file).
fn ends_a_save(kind: &EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    matches!(
        kind,
        EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both))
    )
}

/// Whether a watcher event can change what the site shows (reads cannot).
fn relevant(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write)) => {
            true
        }
        EventKind::Access(_) => false,
        EventKind::Modify(notify::event::ModifyKind::Metadata(
            notify::event::MetadataKind::AccessTime,
        )) => false,
        _ => true,
    }
}

fn rebuild_loop(
    live: &mut Live,
    rx: &mpsc::Receiver<notify::Result<notify::Event>>,
    stop: &AtomicBool,
    on_event: &mut Box<dyn FnMut(Event) + Send>,
    watcher: &mut notify::RecommendedWatcher,
    site_dir: &Path,
) {
    let newer = live.newer_change();
    let mut watched_themes = site_dir.join("themes").is_dir();
    let mut watched_content = site_dir.join("content").is_dir();
    while !stop.load(Ordering::SeqCst) {
        // Pages still owed from a rebuild a newer change cut short come first,
        // unless yet another change is already waiting.
        let wait = if live.incomplete() {
            Duration::ZERO
        } else {
            Duration::from_millis(200)
        };
        let first = match rx.recv_timeout(wait) {
            Ok(ev) => ev,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if live.incomplete() {
                    let outcome = live.update(&[]);
                    if !matches!(outcome, Outcome::Unchanged) {
                        on_event(Event::Built {
                            outcome,
                            changed: Vec::new(),
                        });
                    }
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        };
        let mut paths = Vec::new();
        // How long to wait for the next event of the burst.
        let mut take = |ev: notify::Result<notify::Event>,
                        on_event: &mut Box<dyn FnMut(Event) + Send>|
         -> Duration {
            match ev {
                Ok(ev) => {
                    if relevant(&ev.kind) {
                        paths.extend(ev.paths);
                    }
                    if ends_a_save(&ev.kind) {
                        SAVED
                    } else {
                        QUIET
                    }
                }
                Err(e) => {
                    on_event(Event::WatchError(e.to_string()));
                    QUIET
                }
            }
        };
        let mut quiet = take(first, on_event);
        let began = Instant::now();
        while began.elapsed() < MAX_BURST {
            match rx.recv_timeout(quiet) {
                Ok(ev) => quiet = take(ev, on_event),
                Err(_) => break,
            }
        }
        if paths.is_empty() {
            continue;
        }
        // A themes/ or content/ folder created after start is watched from now on.
        for (sub, done) in [
            ("themes", &mut watched_themes),
            ("content", &mut watched_content),
        ] {
            let p = site_dir.join(sub);
            if !*done && p.is_dir() && watcher.watch(&p, RecursiveMode::Recursive).is_ok() {
                *done = true;
            }
        }
        paths.sort();
        paths.dedup();
        newer.store(false, Ordering::SeqCst);
        let outcome = live.update(&paths);
        if !matches!(outcome, Outcome::Unchanged) {
            // Name only the files that matter (not an editor's temporary files).
            paths.retain(|p| live.classify(p) != live::Kind::Ignore);
            on_event(Event::Built {
                outcome,
                changed: paths,
            });
        }
    }
}
