//! Answering the browser: pages from memory, media files from disk, the error
//! page while the content is broken, and the live-reload long poll; and the
//! HTTP/1.1 server that carries them, made for one person's preview on
//! 127.0.0.1 and nothing else: a request's head is at most [`HEAD_LIMIT`]
//! bytes and must arrive within [`HEAD_TIME`]; bodies are refused except on
//! the forms' posts ([`super::forms`], at most [`super::forms::BODY_LIMIT`]
//! bytes, within [`BODY_TIME`]); at most [`MAX_CONNECTIONS`] connections are served at once, one
//! thread each, and the ones beyond get `503` at once; a request must name the
//! server as its `Host` (`127.0.0.1`, `localhost` or `[::1]` with the port, or
//! the address given with `--bind`: a
//! page of another site that rebinds its name to 127.0.0.1 gets `403`), and one
//! that is not GET or HEAD from a page of another origin gets `403` too.
//! tiny_http, used before, has none of these limits (a 400 MB header took it to
//! 910 MB, 4,000 long polls to 8,008 threads); httparse parses the head.

use crate::messages::Msg;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::forms::{self, Forms};
use super::store::Store;

/// Where the reload script asks whether the page it is on changed.
pub const WAIT: &str = "/__tiendo/wait";

/// Stands for the page's version in the reload snippet; replaced per response.
pub const VERSION_MARK: &str = "__TIENDO_VERSION__";

/// How long one long poll is held open before the browser asks again.
const POLL: Duration = Duration::from_secs(25);

/// The most bytes of a request's line and headers.
pub const HEAD_LIMIT: usize = 16 * 1024;
/// The most headers of a request.
const MAX_HEADERS: usize = 64;
/// How long a request's head may take to arrive, once it has begun.
pub const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long a posted form's body may take to arrive.
pub const BODY_TIME: Duration = Duration::from_secs(60);
/// How long a kept-alive connection may wait for its next request.
const IDLE: Duration = Duration::from_secs(5);
/// Connections served at once (each holds a thread; a tab holds one for its
/// long poll, a page load a few more for a moment).
pub const MAX_CONNECTIONS: usize = 64;

/// The live-reload script, a file of its own so that the pages'
/// Content-Security-Policy (no inline script) holds in the preview too.
pub const RELOAD_JS: &str = "/__tiendo/reload.js";

/// The live-reload snippet every served page carries (never a built site): the
/// script at [`RELOAD_JS`], with the page's version.
pub fn reload_snippet() -> String {
    format!("<script src=\"{RELOAD_JS}\" data-v=\"{VERSION_MARK}\" defer></script>\n")
}

/// It asks the server to answer when this page's content has changed, then reloads.
fn reload_js() -> String {
    format!(
        "/* tiendo serve: live reload */(function(){{var v=document.currentScript.dataset.v;var t=Math.random().toString(36).slice(2);function w(){{fetch(\"{WAIT}?v=\"+v+\"&tab=\"+t+\"&path=\"+encodeURIComponent(location.pathname),{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(x){{if(x===\"reload\"){{location.reload()}}else{{w()}}}},function(){{setTimeout(w,1000)}})}}w()}})();\n"
    )
}

/// Read-only view of what the handler needs from the server.
pub struct Site<'a> {
    pub store: &'a Store,
    /// `content/` of the site, for media files.
    pub content_dir: &'a Path,
    pub has_media: &'a dyn Fn(&str) -> bool,
    /// The port the server listens on (requests must name it in `Host`).
    pub port: u16,
    /// The long polls held now, by tab.
    pub polls: &'a Polls,
    /// The forms (`/__tiendo/`), when editing is on.
    pub forms: Option<&'a Forms>,
    /// The address given with `--bind` when it is not loopback (requests may
    /// name it as their `Host`; `0.0.0.0` or `::` accepts any IP address).
    pub lan: Option<std::net::IpAddr>,
    /// The language of the server's own answers (`--lang`, else the site's).
    pub lang: crate::messages::Lang,
}

/// The store key for a URL path: `/a/b/` → `a/b/index.html`. `None` for a path
/// that tries to leave the site (`..`).
pub fn key_of(url_path: &str) -> Option<String> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let trimmed = decoded.trim_start_matches('/');
    if Path::new(trimmed)
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    if trimmed.is_empty() || trimmed.ends_with('/') {
        Some(format!("{trimmed}index.html"))
    } else {
        Some(trimmed.to_string())
    }
}

/// `%XX` escapes decoded; `None` unless the result is UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

use super::wire::{respond, text};
pub use super::wire::{Request, Response};

/// The long polls held now: one per tab (a newer poll from a tab ends its
/// older one), each with the number that names it.
#[derive(Default)]
pub struct Polls {
    tabs: Mutex<std::collections::HashMap<String, u64>>,
    next: AtomicUsize,
}

impl Polls {
    fn begin(&self, tab: &str) -> u64 {
        let n = self.next.fetch_add(1, Ordering::Relaxed) as u64;
        if let Ok(mut t) = self.tabs.lock() {
            t.insert(tab.to_string(), n);
        }
        n
    }

    fn current(&self, tab: &str, n: u64) -> bool {
        self.tabs
            .lock()
            .map(|t| t.get(tab) == Some(&n))
            .unwrap_or(true)
    }

    fn end(&self, tab: &str, n: u64) {
        if let Ok(mut t) = self.tabs.lock() {
            if t.get(tab) == Some(&n) {
                t.remove(tab);
            }
        }
    }
}

/// Whether `host` (a `Host` header) names this server: a loopback name, or
/// the address it was bound to with `--bind` (an IP address, never a name: a
/// page of another site that rebinds its name to this address is refused).
fn our_host(host: &str, port: u16, lan: Option<std::net::IpAddr>) -> bool {
    let host = host.trim().to_ascii_lowercase();
    if ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|h| host == format!("{h}:{port}") || (port == 80 && host == *h))
    {
        return true;
    }
    let Some(lan) = lan else { return false };
    let Ok(addr) = host.parse::<SocketAddr>() else {
        return false;
    };
    addr.port() == port && (lan.is_unspecified() || addr.ip() == lan)
}

/// Whether `origin` (an `Origin` header) is a page of this server.
fn our_origin(origin: &str, port: u16, lan: Option<std::net::IpAddr>) -> bool {
    origin
        .strip_prefix("http://")
        .is_some_and(|host| our_host(host, port, lan))
}

/// Whether a request came from a page of this server: its `Origin` says so,
/// or, without one, its `Referer`.
fn from_us(req: &Request, port: u16, lan: Option<std::net::IpAddr>) -> bool {
    match req.header("origin") {
        Some(o) => our_origin(o, port, lan),
        None => req.header("referer").is_some_and(|r| {
            r.strip_prefix("http://")
                .and_then(|rest| rest.split('/').next())
                .is_some_and(|host| our_host(host, port, lan))
        }),
    }
}

/// A media file's type as served: inert types as they are; anything a
/// browser would run (HTML, SVG, XML, scripts) as a download.
fn media_type(key: &str) -> (&'static str, bool) {
    match content_type(key) {
        t @ ("image/png"
        | "image/jpeg"
        | "image/webp"
        | "image/gif"
        | "application/pdf"
        | "text/plain; charset=utf-8"
        | "text/csv; charset=utf-8") => (t, false),
        _ => ("application/octet-stream", true),
    }
}

/// Answer one request. Long polls block this thread (each connection has its
/// own) until the page changes, a newer poll from the same tab comes, or
/// `gone` says the browser left.
pub fn handle(req: &Request, site: &Site, gone: &dyn Fn() -> bool) -> Response {
    match req.header("host") {
        Some(h) if our_host(h, site.port, site.lan) => {}
        _ => {
            return text(
                403,
                &format!(
                    "{}\n",
                    Msg::new("serve-wrong-host")
                        .arg("port", site.port.to_string())
                        .render(site.lang)
                ),
            )
        }
    }
    let url = req.url.as_str();
    if Forms::serves(url) {
        return match site.forms {
            Some(forms) => forms.handle(req, from_us(req, site.port, site.lan)),
            None => text(
                403,
                &format!("{}\n", Msg::new("serve-editing-off").render(site.lang)),
            ),
        };
    }
    if !matches!(req.method.as_str(), "GET" | "HEAD") {
        if req
            .header("origin")
            .is_some_and(|o| !our_origin(o, site.port, site.lan))
        {
            return text(
                403,
                &format!("{}\n", Msg::new("serve-other-origin").render(site.lang)),
            );
        }
        return text(
            405,
            &format!("{}\n", Msg::new("http-get-only").render(site.lang)),
        );
    }
    if url.split('?').next() == Some(RELOAD_JS) {
        return respond(200, content_type(RELOAD_JS), reload_js().into_bytes());
    }
    if url.starts_with(WAIT) {
        let path = query_param(url, "path")
            .and_then(percent_decode)
            .unwrap_or_else(|| "/".into());
        let seen: u64 = query_param(url, "v")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let tab = query_param(url, "tab")
            .unwrap_or("")
            .chars()
            .take(32)
            .collect::<String>();
        let key = key_of(&path).unwrap_or_else(|| "index.html".into());
        let key = resolve(site.store, &key);
        let n = site.polls.begin(&tab);
        let deadline = Instant::now() + POLL;
        let mut changed = false;
        // In slices of a second, so that a newer poll from the same tab ends
        // this one (its page was reloaded or its request retried).
        while Instant::now() < deadline && site.polls.current(&tab, n) && !gone() {
            let slice = (deadline - Instant::now()).min(Duration::from_secs(1));
            if site.store.wait(&key, seen, slice) {
                changed = true;
                break;
            }
        }
        site.polls.end(&tab, n);
        return text(200, if changed { "reload" } else { "wait" });
    }
    let Some(key) = key_of(url) else {
        return text(400, "bad path\n");
    };
    let key = resolve(site.store, &key);
    let html = key.ends_with(".html");
    if html {
        if let Some(err) = site.store.error() {
            let v = site.store.version_of(&key);
            return respond(500, "text/html; charset=utf-8", stamp(err.as_bytes(), v));
        }
    }
    if let Some(served) = site.store.get(&key) {
        let body = if html {
            let page = stamp(&served.bytes, site.store.version_of(&key));
            match site.store.notice() {
                Some(notice) => after_body_start(&page, &notice),
                None => page,
            }
        } else {
            Arc::unwrap_or_clone(served.bytes)
        };
        return respond(200, content_type(&key), body);
    }
    if key.starts_with("media/") && (site.has_media)(&key) {
        let mut bytes = Vec::new();
        if std::fs::File::open(site.content_dir.join(&key))
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .is_ok()
        {
            let (ctype, download) = media_type(&key);
            let mut r = respond(200, ctype, bytes);
            r.headers.push((
                "Content-Security-Policy",
                "default-src 'none'; sandbox".into(),
            ));
            if download {
                r.headers.push(("Content-Disposition", "attachment".into()));
            }
            return r;
        }
    }
    // Say why there is no page here, or which page is closest: the preview
    // is where an editor looks for what they just wrote.
    let why = site.store.why_missing(&key).or_else(|| {
        site.store.closest_page(&key).map(|near| {
            let url = format!("/{}", near.trim_end_matches("index.html"));
            format!(
                "<p class=\"demo-banner\" role=\"status\">tiendo serve: không có trang ở địa chỉ này · no page at this address. Trang gần nhất · closest page: <a href=\"{}\">{}</a></p>",
                crate::render::escape_html(&url),
                crate::render::escape_html(&url)
            )
        })
    });
    match site.store.get("404.html") {
        Some(nf) => {
            let v = site.store.version_of(&key);
            let page = stamp(&nf.bytes, v);
            let page = match why {
                Some(why) => after_body_start(&page, &why),
                None => page,
            };
            respond(404, "text/html; charset=utf-8", page)
        }
        None => text(404, "not found\n"),
    }
}

/// `insert` put right after the page's `<body …>` tag (at the start when it
/// has none).
fn after_body_start(page: &[u8], insert: &str) -> Vec<u8> {
    let at = page
        .windows(5)
        .position(|w| w == b"<body")
        .and_then(|i| page[i..].iter().position(|&b| b == b'>').map(|j| i + j + 1))
        .unwrap_or(0);
    let mut out = Vec::with_capacity(page.len() + insert.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(insert.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// Why a request's head could not be read.
#[derive(Debug, PartialEq)]
pub enum HeadError {
    /// The connection closed or went quiet before a request began.
    Gone,
    /// Refused with this status (the connection is then closed).
    Refuse(u16, Msg),
}

/// Parse a request's head (`bytes` up to and including the blank line).
pub fn parse_head(bytes: &[u8]) -> Result<Request, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(bytes) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => {
            return Err(HeadError::Refuse(400, Msg::new("http-incomplete")))
        }
        Err(httparse::Error::TooManyHeaders) => {
            return Err(HeadError::Refuse(431, Msg::new("http-too-many-headers")))
        }
        Err(_) => return Err(HeadError::Refuse(400, Msg::new("http-not-http"))),
    }
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|h| {
            (
                h.name.to_ascii_lowercase(),
                String::from_utf8_lossy(h.value).into_owned(),
            )
        })
        .collect();
    let request = Request {
        method: req.method.unwrap_or("").to_string(),
        url: req.path.unwrap_or("/").to_string(),
        http11: req.version == Some(1),
        headers,
        body: Vec::new(),
    };
    let announced = request.header("transfer-encoding").is_some()
        || request
            .header("content-length")
            .is_some_and(|n| n.trim() != "0");
    if announced {
        // Only the forms' posts take a body, of a stated length within the limit;
        // any other is refused, not read.
        if !Forms::takes_body(&request.method, &request.url) {
            return Err(HeadError::Refuse(413, Msg::new("http-no-body")));
        }
        if request.header("transfer-encoding").is_some() {
            return Err(HeadError::Refuse(411, Msg::new("http-no-length")));
        }
        match body_length(&request) {
            Some(n) if n <= forms::BODY_LIMIT => {}
            Some(_) => return Err(HeadError::Refuse(413, Msg::new("http-form-too-large"))),
            None => return Err(HeadError::Refuse(400, Msg::new("http-bad-length"))),
        }
    }
    Ok(request)
}

/// The body's length a request announces (0 without one).
fn body_length(req: &Request) -> Option<usize> {
    let mut lengths = req
        .headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .map(|(_, v)| v.trim().parse::<usize>().ok());
    let first = lengths.next().unwrap_or(Some(0))?;
    // Two differing lengths: which one is meant cannot be told.
    lengths.all(|l| l == Some(first)).then_some(first)
}

/// Read a body of `len` bytes: those already in `buf` first, then from
/// `stream`, within [`BODY_TIME`].
fn read_body(stream: &mut TcpStream, buf: &mut Vec<u8>, len: usize) -> Result<Vec<u8>, HeadError> {
    let deadline = Instant::now() + BODY_TIME;
    let mut chunk = [0u8; 16 * 1024];
    while buf.len() < len {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Refuse(408, Msg::new("http-form-too-slow")));
        }
        let _ = stream.set_read_timeout(Some(left));
        let want = (len - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..want]) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::Interrupted
                        | std::io::ErrorKind::WouldBlock
                        | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Err(HeadError::Gone),
        }
    }
    Ok(buf.drain(..len).collect())
}

/// Read one request's head from `stream` into `buf` (which may hold bytes read
/// before); returns its length. Waits up to `idle` for it to begin, then up to
/// [`HEAD_TIME`] for the rest, and never reads more than [`HEAD_LIMIT`] bytes.
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    idle: Duration,
) -> Result<usize, HeadError> {
    let began = Instant::now();
    let mut deadline: Option<Instant> = (!buf.is_empty()).then(|| began + HEAD_TIME);
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = memchr::memmem::find(buf, b"\r\n\r\n") {
            return Ok(end + 4);
        }
        if buf.len() >= HEAD_LIMIT {
            return Err(if memchr::memchr(b'\n', buf).is_none() {
                HeadError::Refuse(414, Msg::new("http-line-too-long"))
            } else {
                HeadError::Refuse(431, Msg::new("http-head-too-large"))
            });
        }
        let until = deadline.unwrap_or(began + idle);
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(if buf.is_empty() {
                HeadError::Gone
            } else {
                HeadError::Refuse(408, Msg::new("http-too-slow"))
            });
        }
        let _ = stream.set_read_timeout(Some(left));
        let want = (HEAD_LIMIT - buf.len()).min(chunk.len());
        match stream.read(&mut chunk[..want]) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                deadline.get_or_insert(Instant::now() + HEAD_TIME);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return Err(HeadError::Gone),
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        401 => "Unauthorized",
        411 => "Length Required",
        422 => "Unprocessable Content",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        413 => "Content Too Large",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(
    stream: &mut TcpStream,
    r: &Response,
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let mut out = Vec::with_capacity(256 + if head_only { 0 } else { r.body.len() });
    let _ = write!(out, "HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    let _ = write!(
        out,
        "Content-Length: {}\r\nConnection: {}\r\n\r\n",
        r.body.len(),
        if close { "close" } else { "keep-alive" }
    );
    if !head_only {
        out.extend_from_slice(&r.body);
    }
    let _ = stream.set_write_timeout(Some(Duration::from_secs(30)));
    stream.write_all(&out)
}

/// Serve the requests of one connection, in turn, until it closes, goes quiet
/// or asks to close.
pub fn connection(mut stream: TcpStream, site: &Site) {
    let mut buf = Vec::with_capacity(1024);
    let mut idle = HEAD_TIME;
    loop {
        let req = read_head(&mut stream, &mut buf, idle).and_then(|end| {
            let req = parse_head(&buf[..end]);
            buf.drain(..end);
            let mut req = req?;
            let len = body_length(&req).unwrap_or(0);
            if len > 0 {
                req.body = read_body(&mut stream, &mut buf, len)?;
            }
            Ok(req)
        });
        let req = match req {
            Ok(req) => req,
            Err(HeadError::Gone) => return,
            Err(HeadError::Refuse(status, message)) => {
                let message = format!("{}\n", message.render(site.lang));
                let _ = write_response(&mut stream, &text(status, &message), false, true);
                return;
            }
        };
        let resp = handle(&req, site, &|| peer_closed(&stream));
        let close = !req.http11
            || req
                .header("connection")
                .is_some_and(|c| c.eq_ignore_ascii_case("close"));
        if write_response(&mut stream, &resp, req.method == "HEAD", close).is_err() || close {
            return;
        }
        idle = IDLE;
    }
}

/// Whether the other end closed `stream` (without taking what it has sent).
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut b = [0u8; 1];
    let closed = matches!(stream.peek(&mut b), Ok(0))
        || matches!(stream.peek(&mut b), Err(e) if e.kind() != std::io::ErrorKind::WouldBlock);
    let _ = stream.set_nonblocking(false);
    closed
}

/// The preview's HTTP server on 127.0.0.1.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
    stop: AtomicBool,
    open: Arc<AtomicUsize>,
    /// The language of the answer to a connection refused for being one too many.
    lang: crate::messages::Lang,
}

impl Server {
    pub fn bind(
        ip: std::net::IpAddr,
        port: u16,
        lang: crate::messages::Lang,
    ) -> std::io::Result<Server> {
        let listener = TcpListener::bind((ip, port))?;
        let addr = listener.local_addr()?;
        Ok(Server {
            listener,
            addr,
            stop: AtomicBool::new(false),
            open: Arc::new(AtomicUsize::new(0)),
            lang,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting (from another thread): [`Server::run`] returns.
    pub fn unblock(&self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread.
        let mut to = self.addr;
        if to.ip().is_unspecified() {
            to.set_ip(std::net::Ipv4Addr::LOCALHOST.into());
        }
        let _ = TcpStream::connect_timeout(&to, Duration::from_secs(1));
    }

    /// Accept connections until [`Server::unblock`]; each is served on a thread
    /// of its own by `serve`, at most [`MAX_CONNECTIONS`] at once.
    pub fn run(&self, serve: Arc<dyn Fn(TcpStream) + Send + Sync>) {
        for stream in self.listener.incoming() {
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let Ok(mut stream) = stream else {
                // Out of file descriptors, say: wait rather than spin.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            };
            if self.open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
                self.open.fetch_sub(1, Ordering::SeqCst);
                let _ = stream.set_write_timeout(Some(Duration::from_millis(200)));
                let _ = write_response(
                    &mut stream,
                    &text(
                        503,
                        &format!("{}\n", Msg::new("serve-too-many").render(self.lang)),
                    ),
                    false,
                    true,
                );
                continue;
            }
            let open = Arc::clone(&self.open);
            let serve = Arc::clone(&serve);
            let spawned = std::thread::Builder::new()
                .name("tiendo-connection".into())
                .stack_size(512 * 1024)
                .spawn(move || {
                    serve(stream);
                    open.fetch_sub(1, Ordering::SeqCst);
                });
            if spawned.is_err() {
                self.open.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}

fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => {
            if key.ends_with("atom.xml") {
                "application/atom+xml"
            } else {
                "application/xml"
            }
        }
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Put the page's version into its reload snippet.
fn stamp(html: &[u8], version: u64) -> Vec<u8> {
    let mark = VERSION_MARK.as_bytes();
    match html.windows(mark.len()).rposition(|w| w == mark) {
        Some(i) => {
            let mut out = Vec::with_capacity(html.len() + 8);
            out.extend_from_slice(&html[..i]);
            out.extend_from_slice(version.to_string().as_bytes());
            out.extend_from_slice(&html[i + mark.len()..]);
            out
        }
        None => html.to_vec(),
    }
}

fn query_param<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let q = url.split_once('?')?.1;
    q.split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `a/b` names the page `a/b/index.html` when there is no file `a/b`.
fn resolve(store: &Store, key: &str) -> String {
    if !key.ends_with(".html") && store.get(key).is_none() {
        let dir = format!("{key}/index.html");
        if store.get(&dir).is_some() {
            return dir;
        }
    }
    key.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_for_url_paths() {
        assert_eq!(key_of("/").unwrap(), "index.html");
        assert_eq!(key_of("/tien-do/x/?a=1").unwrap(), "tien-do/x/index.html");
        assert_eq!(
            key_of("/media/b%C3%A1o%20c%C3%A1o.pdf").unwrap(),
            "media/báo cáo.pdf"
        );
        assert!(key_of("/../etc/passwd").is_none());
        assert!(key_of("/media/%2e%2e/x").is_none());
    }

    #[test]
    fn stamps_the_version_into_the_snippet() {
        let html = format!("<p>x</p>{}</body>", reload_snippet());
        let out = String::from_utf8(stamp(html.as_bytes(), 42)).unwrap();
        assert!(out.contains("data-v=\"42\""), "{out}");
        assert!(!out.contains(VERSION_MARK));
    }
}
