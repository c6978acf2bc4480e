//! A [`Sink`] that keeps rendered files in memory, for the preview server and
//! for tests that look at pages without writing them.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::render::{RenderError, Sink};

/// Rendered files by site path (`nhiem-vu/x/index.html`).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Vec<u8>>>,
    /// Put before `</body>` of every HTML page written (the preview's
    /// live-reload snippet: the render stage never writes it).
    snippet: Option<String>,
}

impl MemorySink {
    pub fn new() -> MemorySink {
        MemorySink::default()
    }

    /// A sink that puts `snippet` into every HTML page written to it.
    pub fn injecting(snippet: &str) -> MemorySink {
        MemorySink {
            snippet: Some(snippet.to_string()).filter(|s| !s.is_empty()),
            ..MemorySink::default()
        }
    }

    /// Take the files written so far, leaving the sink empty for the next phase.
    pub fn take(&self) -> HashMap<String, Vec<u8>> {
        self.files
            .lock()
            .map(|mut f| std::mem::take(&mut *f))
            .unwrap_or_default()
    }

    pub fn into_files(self) -> HashMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Sink for MemorySink {
    /// Like the output stage, refuses a second file at the same address (two
    /// pages wanting one URL is a content error, not a race to win).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let mut files = self
            .files
            .lock()
            .map_err(|_| RenderError::Other("page store poisoned".into()))?;
        let mut bytes = bytes.to_vec();
        if let Some(snippet) = self.snippet.as_deref().filter(|_| path.ends_with(".html")) {
            inject(&mut bytes, snippet);
        }
        if files.insert(path.to_string(), bytes).is_some() {
            return Err(RenderError::Collision(path.to_string()));
        }
        Ok(())
    }
}

/// `snippet` put before the last `</body>` of `html` (a page without one is
/// left as it is).
fn inject(html: &mut Vec<u8>, snippet: &str) {
    const END: &[u8] = b"</body>";
    if let Some(i) = html.windows(END.len()).rposition(|w| w == END) {
        html.splice(i..i, snippet.bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_get_the_snippet_before_their_end_and_other_files_do_not() {
        let sink = MemorySink::injecting("<script src=\"/r.js\"></script>");
        sink.write("a/index.html", b"<p></body></html>").unwrap();
        sink.write("a/data.json", b"{\"x\":\"</body>\"}").unwrap();
        sink.write("b.html", b"<p>no end").unwrap();
        let files = sink.into_files();
        assert_eq!(
            files["a/index.html"],
            b"<p><script src=\"/r.js\"></script></body></html>"
        );
        assert_eq!(files["a/data.json"], b"{\"x\":\"</body>\"}");
        assert_eq!(files["b.html"], b"<p>no end");
        let plain = MemorySink::new();
        plain.write("a/index.html", b"<p></body>").unwrap();
        assert_eq!(plain.into_files()["a/index.html"], b"<p></body>");
    }
}
