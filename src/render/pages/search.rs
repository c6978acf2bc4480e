//! The search page and the values of its filters.

use serde::Serialize;

use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::urls::paths;

/// The values of the search page's filters, as the index holds them.
#[derive(Serialize)]
struct SearchPage<'a> {
    /// The kinds of record the site has ("Nhiệm vụ", "Cơ quan"...).
    kinds: Vec<String>,
    /// Agency names, by name.
    agencies: Vec<&'a str>,
}

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let mut meta = ctx.meta(
        paths::SEARCH,
        ctx.t("search"),
        ctx.t("search_intro"),
        "search",
    );
    meta.crumbs.push(ctx.crumb("home", ""));
    let site = ctx.site;
    // The values of the kind and agency filters, as the index holds them.
    let kinds: Vec<String> = [
        ("task", !site.tasks.is_empty()),
        ("agency", !site.agencies.is_empty()),
        ("entry", !ctx.visible.is_empty()),
        ("practice", !ctx.practices_desc.is_empty()),
        ("locality", !site.localities.is_empty()),
        ("goal", !site.goals.is_empty()),
        ("plan", true),
    ]
    .into_iter()
    .filter(|(_, any)| *any)
    .map(|(key, _)| ctx.t(key))
    .collect();
    let agencies: Vec<&str> = ctx
        .agencies_sorted
        .iter()
        .map(|&a| site.agencies[a].name.as_str())
        .collect();
    ctx.render(
        "search.html",
        paths::SEARCH,
        &meta,
        &SearchPage { kinds, agencies },
    )
}
