//! A [`Sink`] that keeps rendered files in memory, for the preview server and
//! for tests that look at pages without writing them.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::render::{RenderError, Sink};

/// Rendered files by site path (`nhiem-vu/x/index.html`).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Vec<u8>>>,
}

impl MemorySink {
    pub fn new() -> MemorySink {
        MemorySink::default()
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
        if files.insert(path.to_string(), bytes.to_vec()).is_some() {
            return Err(RenderError::Collision(path.to_string()));
        }
        Ok(())
    }
}
