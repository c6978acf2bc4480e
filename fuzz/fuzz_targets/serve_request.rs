//! `tiendo serve`'s handling of a request on any bytes: the head parsed within
//! its limits, then answered from a small site in memory. No panic; a request
//! that does not name the server as its `Host` is never answered with a page.
#![no_main]

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tiendo::serve::http::{handle, parse_head, Polls, Site, WAIT};
use tiendo::serve::Store;

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let store = Store::new();
        let mut files = HashMap::new();
        files.insert("index.html".to_string(), b"<p>trang chu</p>".to_vec());
        files.insert("a/index.html".to_string(), b"<p>a</p>".to_vec());
        files.insert("404.html".to_string(), b"<p>404</p>".to_vec());
        store.replace_all(files);
        store
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(req) = parse_head(data) else { return };
    // A long poll waits 25 s for a change: not for a fuzzer.
    if req.url.starts_with(WAIT) {
        return;
    }
    let polls = Polls::default();
    let site = Site {
        store: store(),
        content_dir: Path::new("/nonexistent/content"),
        has_media: &|_| false,
        port: 1314,
        polls: &polls,
        forms: None,
        lan: None,
        lang: tiendo::messages::Lang::Vi,
    };
    let resp = handle(&req, &site, &|| false);
    let host_ok = req.headers.iter().any(|(n, v)| {
        n == "host" && ["127.0.0.1:1314", "localhost:1314", "[::1]:1314"].contains(&v.trim().to_ascii_lowercase().as_str())
    });
    if !host_ok {
        assert_eq!(resp.status, 403, "answered a request for another host");
    }
});
