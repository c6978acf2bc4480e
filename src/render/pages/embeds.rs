//! The embeddable cards of agencies (`nhung/co-quan/<id>/`) and of communes and
//! wards (`nhung/dia-phuong/<id>/`), each with its oEmbed JSON, for a newspaper's
//! story about one unit. They show the figures of the unit's share card
//! (`outreach.rs`: `agency_figures`, `locality_figures`) with its status bar.
//! The other cards (tasks, practices, the overall progress) are the outreach
//! kit's (`outreach.rs`).

use serde::Serialize;

use crate::render::charts::{Rollup, Segment};
use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::outreach::UnitFigures;
use crate::render::share::{paths, EMBED_HEIGHT_AGENCY, EMBED_HEIGHT_LOCALITY};
use crate::render::urls::paths as site_paths;
use crate::render::views::locality_kind_code;

/// The card of an agency or a commune/ward (`embed.html`, kind `unit`).
#[derive(Serialize)]
struct UnitCard<'a> {
    kind: &'static str,
    /// What the unit is ("Cơ quan", "Xã", "Phường").
    label: String,
    title: &'a str,
    /// The absolute URL of the unit's page.
    full: String,
    illustrative: bool,
    /// Its tasks by status: the bar.
    rollup: &'a Rollup,
    /// The statuses some of its tasks have, with their counts.
    statuses: Vec<&'a Segment>,
    /// How many tasks, done, overdue (and reports).
    summary: &'a str,
}

/// What one card is made of.
struct Card<'a> {
    label: String,
    title: &'a str,
    page: String,
    embed: String,
    oembed: String,
    height: u32,
    figures: UnitFigures,
}

fn render(ctx: &Ctx, card: Card) -> Result<(), RenderError> {
    let f = &card.figures;
    let illustrative = ctx.site.config.demo || f.illustrative;
    let meta = ctx.bare_meta(&card.embed, card.title.to_string(), f.detail.clone());
    ctx.render(
        "embed.html",
        &card.embed,
        &meta,
        &UnitCard {
            kind: "unit",
            label: card.label,
            title: card.title,
            full: ctx.urls.abs(&card.page),
            illustrative,
            rollup: &f.rollup,
            statuses: f.rollup.segments.iter().filter(|s| s.count > 0).collect(),
            summary: &f.detail,
        },
    )?;
    ctx.oembed(
        &card.oembed,
        card.title,
        &card.page,
        &card.embed,
        card.height,
        illustrative,
    )
}

/// The card of the agency `a`: the tasks it leads (or directs) by status.
pub(super) fn agency(ctx: &Ctx, a: usize) -> Result<(), RenderError> {
    let ag = &ctx.site.agencies[a];
    render(
        ctx,
        Card {
            label: ctx.t("agency"),
            title: &ag.name,
            page: site_paths::agency(&ag.id),
            embed: paths::embed_agency(&ag.id),
            oembed: paths::oembed_agency(&ag.id),
            height: EMBED_HEIGHT_AGENCY,
            figures: ctx.agency_figures(a),
        },
    )
}

/// The card of the commune or ward `li`: its own status in each task reported on
/// commune by commune, and its reports.
pub(super) fn locality(ctx: &Ctx, li: usize) -> Result<(), RenderError> {
    let l = &ctx.site.localities[li];
    render(
        ctx,
        Card {
            label: ctx.t(&format!("kind_{}", locality_kind_code(l.kind))),
            title: &l.name,
            page: site_paths::locality(&l.id),
            embed: paths::embed_locality(&l.id),
            oembed: paths::oembed_locality(&l.id),
            height: EMBED_HEIGHT_LOCALITY,
            figures: ctx.locality_figures(li),
        },
    )
}
