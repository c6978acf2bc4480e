//! Answering the browser: pages from memory, media files from disk, the error
//! page while the content is broken, and the live-reload long poll.

use std::io::Read;
use std::path::{Component, Path};
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Request, Response, StatusCode};

use super::store::Store;

/// Where the reload script asks whether the page it is on changed.
pub const WAIT: &str = "/__tiendo/wait";

/// Stands for the page's version in the reload snippet; replaced per response.
pub const VERSION_MARK: &str = "__TIENDO_VERSION__";

/// How long one long poll is held open before the browser asks again.
const POLL: Duration = Duration::from_secs(25);

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
        "/* tiendo serve: live reload */(function(){{var v=document.currentScript.dataset.v;function w(){{fetch(\"{WAIT}?v=\"+v+\"&path=\"+encodeURIComponent(location.pathname),{{cache:\"no-store\"}}).then(function(r){{return r.text()}}).then(function(t){{if(t===\"reload\"){{location.reload()}}else{{w()}}}},function(){{setTimeout(w,1000)}})}}w()}})();\n"
    )
}

/// Read-only view of what the handler needs from the server.
pub struct Site<'a> {
    pub store: &'a Store,
    /// `content/` of the site, for media files.
    pub content_dir: &'a Path,
    pub has_media: &'a dyn Fn(&str) -> bool,
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

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("a valid header")
}

fn respond(req: Request, status: u16, ctype: &str, body: Vec<u8>) {
    let resp = Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"));
    let _ = req.respond(resp);
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

/// Answer one request. Long polls block this thread (each request has its own).
pub fn handle(req: Request, site: &Site) {
    let url = req.url().to_string();
    let method = req.method().clone();
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        return respond(
            req,
            405,
            "text/plain; charset=utf-8",
            b"GET only\n".to_vec(),
        );
    }
    if url.split('?').next() == Some(RELOAD_JS) {
        return respond(req, 200, content_type(RELOAD_JS), reload_js().into_bytes());
    }
    if url.starts_with(WAIT) {
        let path = query_param(&url, "path")
            .and_then(percent_decode)
            .unwrap_or_else(|| "/".into());
        let seen: u64 = query_param(&url, "v")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let key = key_of(&path).unwrap_or_else(|| "index.html".into());
        let key = resolve(site.store, &key);
        let answer = if site.store.wait(&key, seen, POLL) {
            "reload"
        } else {
            "wait"
        };
        return respond(req, 200, "text/plain; charset=utf-8", answer.into());
    }
    let Some(key) = key_of(&url) else {
        return respond(
            req,
            400,
            "text/plain; charset=utf-8",
            b"bad path\n".to_vec(),
        );
    };
    let key = resolve(site.store, &key);
    let html = key.ends_with(".html");
    if html {
        if let Some(err) = site.store.error() {
            let v = site.store.version_of(&key);
            return respond(
                req,
                500,
                "text/html; charset=utf-8",
                stamp(err.as_bytes(), v),
            );
        }
    }
    if let Some(served) = site.store.get(&key) {
        let body = if html {
            stamp(&served.bytes, site.store.version_of(&key))
        } else {
            Arc::unwrap_or_clone(served.bytes)
        };
        return respond(req, 200, content_type(&key), body);
    }
    if key.starts_with("media/") && (site.has_media)(&key) {
        let mut bytes = Vec::new();
        if std::fs::File::open(site.content_dir.join(&key))
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .is_ok()
        {
            return respond(req, 200, content_type(&key), bytes);
        }
    }
    match site.store.get("404.html") {
        Some(nf) => {
            let v = site.store.version_of(&key);
            respond(req, 404, "text/html; charset=utf-8", stamp(&nf.bytes, v))
        }
        None => respond(
            req,
            404,
            "text/plain; charset=utf-8",
            b"not found\n".to_vec(),
        ),
    }
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
