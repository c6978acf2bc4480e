//! Where rendered files go: the [`Sink`] the output stage (or the preview's
//! memory) provides, and [`emit`], which renders a template into it. Render never
//! writes files itself.

use serde::Serialize;
use tera::Tera;

use super::error::{render_template, template_error, RenderError};
use super::record::SearchRecord;

/// Where rendered files go (the output stage's staging folder, or memory in tests).
pub trait Sink: Sync {
    /// Write `bytes` at site path `path` (e.g. `nhiem-vu/x/index.html`).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), RenderError>;

    /// Add a page's record to the search index ([`crate::search::Indexer::add`]).
    /// The default keeps nothing.
    fn add_record(&self, _record: SearchRecord) -> Result<(), RenderError> {
        Ok(())
    }

    /// Whether [`Sink::add_record`] keeps anything: when not, no record is made.
    fn wants_records(&self) -> bool {
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
    sink.write(path, html.as_bytes())
}
