//! Turning the validated model into pages. Rendering never touches the output
//! folder: every finished file goes to a [`Sink`] that the output stage provides.

pub mod charts;
pub mod context;
pub mod data;
pub mod digest;
pub mod engine;
pub mod error;
pub mod feeds;
pub mod format;
pub mod ical;
pub mod markdown;
pub mod outreach;
pub mod pages;
pub mod record;
pub mod select;
pub mod share;
pub mod share_image;
pub mod sink;
pub mod theme;
pub mod urls;
pub mod views;

use engine::fingerprint;
pub use engine::{engine, escape_html};
pub use error::{render_template, template_error, RenderError};
pub use sink::{emit, emit_context, Sink};
pub use theme::Theme;
pub use urls::Urls;

/// Build-wide settings that are not content.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides site.yaml's `base_url`.
    pub base_url: Option<String>,
    /// Build no search index (very large sites, quick previews): the search page
    /// then offers the browsing links only.
    pub no_search: bool,
    /// Draw no share images (the preview: nobody shares a link to 127.0.0.1); pages
    /// then have no `og:image`.
    pub no_images: bool,
    /// The share images drawn by earlier builds, handed in by the pipeline
    /// (which owns the cache folder); `None`: every image is drawn.
    pub images: Option<std::sync::Arc<crate::cache::Cache>>,
}

/// Render the whole site into `sink`: theme assets, every page, feeds, open
/// data, sitemap; or, with `only`, the theme assets, the selected pages and the
/// share images (a build that keeps the rest of the previous output). Media
/// files are copied by the caller, which knows the site folder.
pub fn render_site(
    site: &crate::model::Site,
    progress: &crate::model::Progress,
    theme: &Theme,
    opts: &Options,
    sink: &dyn Sink,
    only: Option<Pick<'_>>,
) -> Result<Rendered, RenderError> {
    let strings = theme.strings(site.config.language)?;
    let tera = engine(theme, &strings)?;
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&site.config.base_url));
    let mut assets = context::AssetUrls::default();
    for (name, bytes) in theme.statics() {
        if name == share::paths::HOST_SCRIPT {
            // Newspapers' pages load it by a fixed address (the embed code names
            // it), so it stands at the site's root, with the pages' addresses.
            sink.write(name, bytes)?;
            continue;
        }
        sink.write(&format!("assets/{name}"), bytes)?;
        let url = format!("{}assets/{name}?v={}", urls.prefix, fingerprint(bytes));
        match name {
            "style.css" => assets.css = url,
            "search.js" if !opts.no_search => assets.search_js = url,
            _ => {}
        }
    }
    sink.write(context::PRINT_CSS, context::print_css(&urls).as_bytes())?;
    let mut ctx = context::Ctx::new(
        site,
        progress,
        urls,
        &strings,
        &tera,
        sink,
        assets,
        Vec::new(),
    );
    ctx.render_chrome()?;
    if !opts.no_images {
        ctx.outreach = ctx.prepare_outreach(theme, opts.images.clone())?;
    }
    // Every page and file group of the site's one list (or those `only`
    // selects, and the share images, which come from their cache), in one
    // parallel pass, the longest first: no part's last and longest piece (a
    // quarter's bulletin, the open data of every entry) leaves a core idle.
    let part = only.and_then(|pick| pick(&ctx));
    let whole = part.is_none();
    let pages = match part {
        Some((pages, published_cards)) => {
            ctx.outreach.published = published_cards;
            pages
        }
        None => ctx.pages(),
    };
    ctx.render_pages(pages)?;
    Ok(Rendered {
        whole,
        cards: ctx.outreach.keys(),
    })
}

/// Which pages of the site's one list a build that keeps the rest of the
/// previous output renders, once the shared data and the share cards are laid
/// out, and the pages whose share card that output holds already
/// (`render/pages/incremental.rs`, `part`); `None`: every page.
pub type Pick<'a> = &'a (dyn Fn(&context::Ctx) -> Option<Picked> + Sync);

/// The pages to render, and the pages whose share card is kept as published.
pub type Picked = (Vec<pages::PageId>, std::collections::HashSet<String>);

/// What [`render_site`] did.
pub struct Rendered {
    /// Every page was rendered (always, but with a [`Pick`] that picked none:
    /// the site's own card changed, which every page without a card of its own
    /// names).
    pub whole: bool,
    /// Each share card's key, by its page's path.
    pub cards: std::collections::BTreeMap<String, String>,
}
