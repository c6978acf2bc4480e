//! The plan itself (`ke-hoach/`): its text, the documents it rests on, its goals.

use serde::Serialize;

use crate::model::{safe, DocRef, Language};
use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::urls::paths;
use crate::render::views::Link;

#[derive(Serialize)]
struct PlanPage<'a> {
    plan: PlanText<'a>,
    goals: &'a [Link],
}

#[derive(Serialize)]
struct PlanText<'a> {
    title: &'a str,
    issuer: &'a str,
    number: &'a Option<String>,
    issued_on: Option<String>,
    signed_by: &'a str,
    signer_title: &'a str,
    signed_for: &'a Option<String>,
    summary: &'a Option<String>,
    recipients: &'a [String],
    legal_basis: Vec<Document<'a>>,
    cites: Vec<Document<'a>>,
    body_html: String,
}

/// A document the plan rests on or cites.
#[derive(Serialize)]
struct Document<'a> {
    reference: &'a str,
    title: &'a Option<String>,
    issuer: &'a Option<String>,
    issuer_inferred: bool,
    section: &'a Option<String>,
    /// Only an address whose scheme may be linked to.
    url: Option<&'a str>,
    date: Option<String>,
}

impl Document<'_> {
    /// The document in one line, as the plan's lists show it:
    /// `reference date · issuer: title`.
    fn line(&self) -> String {
        let mut s = self.reference.to_string();
        if let Some(d) = &self.date {
            s.push(' ');
            s.push_str(d);
        }
        if let Some(i) = self.issuer {
            s.push_str(" · ");
            s.push_str(i);
        }
        if let Some(t) = self.title {
            s.push_str(": ");
            s.push_str(t);
        }
        s
    }
}

fn documents(v: &[DocRef], lang: Language) -> Vec<Document<'_>> {
    v.iter()
        .map(|d| Document {
            reference: &d.reference,
            title: &d.title,
            issuer: &d.issuer,
            issuer_inferred: d.issuer_inferred,
            section: &d.section,
            url: d.url.as_deref().filter(|u| safe::url_allowed(u)),
            date: d.date.map(|x| format::date_long(x, lang)),
        })
        .collect()
}

pub(super) fn render(ctx: &Ctx) -> Result<(), RenderError> {
    let p = &ctx.site.plan;
    let lang = ctx.lang();
    let mut meta = ctx.meta(
        paths::PLAN,
        p.title.clone(),
        p.summary.clone().unwrap_or_else(|| p.title.clone()),
        "plan",
    );
    meta.og_type = "article";
    let page = PlanPage {
        plan: PlanText {
            title: &p.title,
            issuer: &p.issuer,
            number: &p.number,
            issued_on: p.issued_on.map(|d| format::date_long(d, lang)),
            signed_by: &p.signed_by,
            signer_title: &p.signer_title,
            signed_for: &p.signed_for,
            summary: &p.summary,
            recipients: &p.recipients,
            legal_basis: documents(&p.legal_basis, lang),
            cites: documents(&p.cites, lang),
            body_html: ctx.markdown(&p.body),
        },
        goals: &ctx.views.goals,
    };
    ctx.searchable(&mut meta, "plan", &[], false, |text| {
        let plan = &page.plan;
        let signed = match plan.signed_for {
            Some(f) => format!("{f} · {} {}", plan.signer_title, plan.signed_by),
            None => format!("{} {}", plan.signer_title, plan.signed_by),
        };
        text.fact(&ctx.t("issuer"), plan.issuer)
            .fact(&ctx.t("number"), plan.number.as_deref().unwrap_or_default())
            .fact(
                &ctx.t("issued_on"),
                plan.issued_on.as_deref().unwrap_or_default(),
            )
            .fact(&ctx.t("signed_by"), &signed)
            .facts(
                &ctx.t("legal_basis"),
                plan.legal_basis.iter().map(Document::line),
            )
            .markdown(&p.body)
            .facts(
                &ctx.t("cited_documents"),
                plan.cites.iter().map(Document::line),
            )
            .facts(&ctx.t("recipients"), plan.recipients);
    });
    ctx.render("plan.html", paths::PLAN, &meta, &page)
}
