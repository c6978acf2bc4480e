//! The plan itself (`ke-hoach/`): its text, the documents it rests on, its goals.

use serde_json::json;

use crate::model::safe;
use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::markdown;
use crate::render::urls::paths;

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let p = &ctx.site.plan;
    let lang = ctx.lang();
    let docs = |v: &[crate::model::DocRef]| -> Vec<serde_json::Value> {
        v.iter()
            .map(|d| {
                json!({"reference": d.reference, "title": d.title, "issuer": d.issuer, "issuer_inferred": d.issuer_inferred, "section": d.section,
                       "url": d.url.as_deref().filter(|u| safe::url_allowed(u)),
                       "date": d.date.map(|x| format::date_long(x, lang))})
            })
            .collect()
    };
    let mut meta = ctx.meta(
        paths::PLAN,
        p.title.clone(),
        p.summary.clone().unwrap_or_else(|| p.title.clone()),
        "plan",
    );
    meta.og_type = "article";
    ctx.searchable(&mut meta, "plan", &[], false);
    ctx.render(
        "plan.html",
        paths::PLAN,
        &meta,
        json!({
            "plan": {
                "title": p.title, "issuer": p.issuer, "number": p.number,
                "issued_on": p.issued_on.map(|d| format::date_long(d, lang)),
                "signed_by": p.signed_by, "signer_title": p.signer_title, "signed_for": p.signed_for,
                "summary": p.summary, "recipients": p.recipients,
                "legal_basis": docs(&p.legal_basis), "cites": docs(&p.cites),
                "body_html": markdown::to_html(&p.body),
            },
            "goals": ctx.views.goals,
        }),
    )
}
