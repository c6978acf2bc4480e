//! Where rendered files go: the [`Sink`] the output stage (or the preview's
//! memory) provides, and [`emit`], which renders a template into it. Render never
//! writes files itself.

use serde::Serialize;
use tera::Tera;

use super::error::{render_template, template_error, RenderError};

/// Where rendered files go (the output stage's staging folder, or memory in tests).
pub trait Sink: Sync {
    /// Write `bytes` at site path `path` (e.g. `nhiem-vu/x/index.html`).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError>;

    /// Add the page `html` at `path` to the search index
    /// ([`crate::search::Indexer::add_page`]), if it has an indexed body. The
    /// default keeps nothing.
    fn index_page(&self, _path: &str, _html: &str) -> Result<(), RenderError> {
        Ok(())
    }

    /// Whether [`Sink::index_page`] keeps anything: when not, pages are not
    /// read for the index at all.
    fn wants_search_docs(&self) -> bool {
        false
    }

    /// Put the file `from` (a cached image) at site path `path`. A sink on disk may
    /// link it instead of copying its bytes.
    fn write_file(&self, path: &str, from: &std::path::Path) -> Result<(), RenderError> {
        let bytes = std::fs::read(from).map_err(|e| RenderError::Write {
            path: path.into(),
            message: crate::messages::io_error(&e),
        })?;
        self.write(path, &bytes)
    }
}

/// Render `template` with `ctx` into the sink at `path`.
pub fn emit<C: Serialize>(
    tera: &Tera,
    sink: &dyn Sink,
    template: &str,
    path: &str,
    ctx: &C,
) -> Result<(), RenderError> {
    let ctx = tera::Context::from_serialize(ctx).map_err(|e| template_error(template, &e))?;
    emit_context(tera, sink, template, path, &ctx)
}

/// Render `template` with a ready context into the sink at `path`.
pub fn emit_context(
    tera: &Tera,
    sink: &dyn Sink,
    template: &str,
    path: &str,
    ctx: &tera::Context,
) -> Result<(), RenderError> {
    let html = render_template(tera, template, ctx)?;
    // The index reads the page's indexed body; the `đ`→`d` copy of its words
    // goes there only, not into the published page.
    if sink.wants_search_docs() {
        sink.index_page(path, &html)?;
    }
    sink.write(path, html.as_bytes())
}
