//! Turning the validated model into pages. Rendering never touches the output
//! folder: every finished file goes to a [`Sink`] that the output stage provides.

pub mod charts;
pub mod data;
pub mod digest;
pub mod feeds;
pub mod format;
pub mod ical;
pub mod markdown;
pub mod outreach;
pub mod pages;
pub mod share_image;
pub mod theme;
pub mod urls;
pub mod views;

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tera::Tera;

pub use theme::Theme;
pub use urls::Urls;
use views::Strings;

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
            message: e.to_string(),
        })?;
        self.write(path, &bytes)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template `{template}`: {message}")]
    Template { template: String, message: String },
    #[error("theme: {0}")]
    Theme(#[from] theme::ThemeError),
    #[error("cannot write `{path}`: {message}")]
    Write { path: String, message: String },
    #[error("two pages want the address `{0}`: check `aliases:` and ids")]
    Collision(String),
    #[error("{0}")]
    Other(String),
}

/// A tera error met with `template`, as the build reports it.
pub fn template_error(template: &str, e: &tera::Error) -> RenderError {
    RenderError::Template {
        template: template.into(),
        message: tera_message(e),
    }
}

/// `template` rendered with `ctx`.
pub fn render_template(
    tera: &Tera,
    template: &str,
    ctx: &tera::Context,
) -> Result<String, RenderError> {
    tera.render(template, ctx)
        .map_err(|e| template_error(template, &e))
}

/// The message of a tera error with all its causes, which is where tera puts the
/// useful part ("Variable `x` not found in context").
fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Build-wide settings that are not content.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides site.yaml's `base_url`.
    pub base_url: Option<String>,
    /// HTML inserted before `</body>` (the preview server's live-reload script).
    pub inject: Option<String>,
    /// Build no search index (very large sites, quick previews): the search page
    /// then offers the browsing links only.
    pub no_search: bool,
    /// Draw no share images (the preview: nobody shares a link to 127.0.0.1); pages
    /// then have no `og:image`.
    pub no_images: bool,
    /// Where slow derived files (share images) are kept between builds; `None`: no cache.
    pub cache_dir: Option<std::path::PathBuf>,
}

/// The template engine with the theme's templates compiled once, and `t(key=...)`
/// for UI strings.
pub fn engine(theme: &Theme, strings: &Strings) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    let mut templates: Vec<(String, String)> = Vec::new();
    for (name, bytes) in theme.templates() {
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| RenderError::Template {
            template: name.to_string(),
            message: "not UTF-8".into(),
        })?;
        templates.push((name.to_string(), text));
    }
    tera.add_raw_templates(templates)
        .map_err(|e| template_error("theme", &e))?;
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    let strings = Arc::new(strings.clone());
    tera.register_function("t", move |args: &HashMap<String, tera::Value>| {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
        Ok(tera::Value::String(
            strings.get(key).cloned().unwrap_or_else(|| key.to_string()),
        ))
    });
    Ok(tera)
}

/// Render `template` with `ctx` into the sink at `path`.
pub fn emit<C: Serialize>(
    tera: &Tera,
    sink: &dyn Sink,
    template: &str,
    path: &str,
    ctx: &C,
    inject: Option<&str>,
) -> Result<(), RenderError> {
    let ctx = tera::Context::from_serialize(ctx).map_err(|e| template_error(template, &e))?;
    emit_context(tera, sink, template, path, &ctx, inject)
}

/// Render `template` with a ready context into the sink at `path`.
pub fn emit_context(
    tera: &Tera,
    sink: &dyn Sink,
    template: &str,
    path: &str,
    ctx: &tera::Context,
    inject: Option<&str>,
) -> Result<(), RenderError> {
    let mut html = render_template(tera, template, ctx)?;
    // The index reads the page's indexed body; the `đ`→`d` copy of its words
    // goes there only, not into the published page.
    if sink.wants_search_docs() {
        sink.index_page(path, &html)?;
    }
    if let Some(snippet) = inject {
        if let Some(i) = html.rfind("</body>") {
            html.insert_str(i, snippet);
        }
    }
    sink.write(path, html.as_bytes())
}

/// HTML escaping for template output: the five characters that matter in text
/// and quoted attributes (tera's default also escapes `/`, which bloats URLs).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    // Copy the runs between special characters whole: most text has none.
    let mut run = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&input[run..]);
    out
}

/// A short, stable fingerprint of an asset, appended to its URL so browsers and
/// caches fetch it again when it changes. SipHash-1-3 with fixed keys: the same
/// bytes give the same URL with every tiendo build, whatever Rust compiled it (std's
/// `DefaultHasher` promises no such thing).
fn fingerprint(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    h.write(bytes);
    format!("{:08x}", h.finish() as u32)
}

/// Render the whole site into `sink`: theme assets, every page, feeds, open
/// data, sitemap. Media files are copied by the caller, which knows the site folder.
pub fn render_site(
    site: &crate::model::Site,
    progress: &crate::model::Progress,
    theme: &Theme,
    opts: &Options,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let strings = theme.strings(site.config.language)?;
    let tera = engine(theme, &strings)?;
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&site.config.base_url));
    let mut assets = pages::AssetUrls::default();
    for (name, bytes) in theme.statics() {
        sink.write(&format!("assets/{name}"), bytes)?;
        let url = format!("{}assets/{name}?v={}", urls.prefix, fingerprint(bytes));
        match name {
            "style.css" => assets.css = url,
            "search.js" if !opts.no_search => assets.search_js = url,
            _ => {}
        }
    }
    sink.write(pages::PRINT_CSS, pages::print_css(&urls).as_bytes())?;
    let mut ctx = pages::Ctx::new(
        site,
        progress,
        urls,
        &strings,
        &tera,
        sink,
        assets,
        opts.inject.clone(),
        Vec::new(),
    );
    ctx.render_chrome()?;
    if !opts.no_images {
        ctx.outreach = ctx.prepare_outreach(theme, opts.cache_dir.as_deref())?;
    }
    // Every page and file group of the site's one list, in one parallel pass,
    // the longest first: no part's last and longest piece (a quarter's
    // bulletin, the open data of every entry) leaves a core idle.
    ctx.render_pages(ctx.pages())
}

#[cfg(test)]
mod tests {
    #[test]
    fn asset_fingerprints_are_the_same_with_every_build_of_tiendo() {
        // Pinned: a change here changes every published asset URL.
        assert_eq!(super::fingerprint(b"body{}"), "aad24ec4");
        assert_ne!(
            super::fingerprint(b"body{}"),
            super::fingerprint(b"body{ }")
        );
    }

    #[test]
    fn escaping_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            super::escape_html("Sở <Nội> vụ & \"Đảng\" 'ủy'"),
            "Sở &lt;Nội&gt; vụ &amp; &quot;Đảng&quot; &#39;ủy&#39;"
        );
        assert_eq!(super::escape_html("Đảng ủy xã"), "Đảng ủy xã");
        assert_eq!(super::escape_html("<"), "&lt;");
        assert_eq!(super::escape_html(""), "");
    }

    /// tera is patched (vendor/tera/PATCHES.md) to unescape a variable path's
    /// segment only when it has a `~`: both kinds still find their value.
    #[test]
    fn template_paths_with_and_without_escapes_find_their_values() {
        let mut ctx = tera::Context::new();
        ctx.insert(
            "m",
            &serde_json::json!({"a/b": "một", "c~d": "hai", "e": {"f": ["ba", "bốn"]}}),
        );
        let out = tera::Tera::one_off(
            r#"{{ m["a~1b"] }} {{ m["c~0d"] }} {{ m.e.f.1 }} {{ m["a/b"] }}"#,
            &ctx,
            false,
        )
        .unwrap();
        assert_eq!(out, "một hai bốn một");
    }
}
