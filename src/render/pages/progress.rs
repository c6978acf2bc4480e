//! The progress reports: the paginated index and each report's page.

use serde::Serialize;
use serde_json::json;

use crate::model::Entry;
use crate::render::context::{Crumb, Ctx, EvidenceView, FeedLink};
use crate::render::error::RenderError;
use crate::render::format;
use crate::render::markdown;
use crate::render::urls::paths;
use crate::render::views::EntryRow;
use crate::render::views::TaskView;

/// An entry as its own page shows it.
#[derive(Serialize)]
struct EntryFull<'a> {
    #[serde(flatten)]
    row: &'a EntryRow,
    date_long: String,
    body_html: String,
    evidence: Vec<EvidenceView>,
    attachments: Vec<Crumb>,
    condition_met: bool,
}

#[derive(Serialize)]
struct ProgressIndex<'a> {
    entries: Vec<&'a EntryRow>,
    pager: Pager,
    /// How many reports the index lists on all its pages.
    total: usize,
}

/// Where a page of a paginated list is, with links to its neighbours.
#[derive(Serialize)]
struct Pager {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    first: String,
    last: String,
}

#[derive(Serialize)]
struct EntryPage<'a> {
    entry: EntryFull<'a>,
    tasks: Vec<&'a TaskView>,
}

/// Page `num` (1-based) of `n` of the progress index, listing `chunk`.
pub(super) fn index_page(
    ctx: &Ctx,
    num: usize,
    chunk: &[usize],
    n: usize,
) -> Result<(), RenderError> {
    let path = paths::progress_page(num);
    let title = if num == 1 {
        ctx.t("progress")
    } else {
        format!("{} — {} {num}", ctx.t("progress"), ctx.t("page"))
    };
    let mut meta = ctx.meta(&path, title, ctx.t("progress_intro"), "progress");
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = chunk.iter().any(|&i| ctx.site.entries[i].illustrative);
    meta.feeds.push(FeedLink {
        title: ctx.t("feed_progress"),
        href: ctx.site_view.section_urls.feed.clone(),
    });
    let link = |p: usize| ctx.urls.rel(&paths::progress_page(p));
    let page = ProgressIndex {
        entries: ctx.rows(chunk),
        pager: Pager {
            current: num,
            total: n,
            prev: (num > 1).then(|| link(num - 1)),
            next: (num < n).then(|| link(num + 1)),
            first: link(1),
            last: link(n),
        },
        total: ctx.visible.len(),
    };
    ctx.render("progress.html", &path, &meta, &page)
}

pub(super) fn entry(ctx: &Ctx, i: usize) -> Result<(), RenderError> {
    let e: &Entry = &ctx.site.entries[i];
    let row = &ctx.entry_rows[i];
    let path = paths::entry(&e.id);
    // The entry's text (its Markdown read once for the excerpt and the search
    // record).
    let whole = std::cell::OnceCell::new();
    let whole_text = || whole.get_or_init(|| markdown::to_text(&e.body)).as_str();
    let text = ctx.entry_excerpt_with(i, whole_text);
    let mut meta = ctx.meta(
        &path,
        e.title.clone(),
        markdown::excerpt(if text.is_empty() { &e.title } else { text }, 200),
        "progress",
    );
    meta.crumbs = vec![
        ctx.crumb("home", ""),
        ctx.crumb("progress", paths::PROGRESS),
    ];
    meta.og_type = "article";
    meta.illustrative = e.illustrative;
    // An entry has no card of its own: it shows its task's, which says "Minh họa"
    // when the task's status rests on an illustrative entry such as this one.
    if let Some((img, title)) = e.task_ids().find_map(|t| {
        let &ti = ctx.site.index.task.get(t)?;
        let img = ctx.outreach.image_url(&ctx.urls, &paths::task(t))?;
        Some((img, ctx.views.tasks[ti].title.clone()))
    }) {
        meta.image = Some(img);
        meta.image_alt = title;
    }
    let full = EntryFull {
        row,
        date_long: format::date_long(e.date, ctx.lang()),
        body_html: ctx.markdown(&e.body),
        evidence: ctx.evidence(&e.evidence),
        attachments: e
            .attachments
            .iter()
            .map(|a| Crumb {
                name: a.rsplit('/').next().unwrap_or(a).to_string(),
                url: ctx.urls.rel(a.trim_start_matches('/')),
            })
            .collect(),
        condition_met: e.condition_met,
    };
    ctx.searchable(
        &mut meta,
        "progress",
        &[e.reporter.as_str()],
        e.illustrative,
        |text| {
            let mut status = row.status.label.clone();
            if let Some(p) = row.percent {
                status.push_str(&format!(" · {p}%"));
            }
            if e.condition_met {
                status.push_str(&format!(" · {}", ctx.t("condition_met")));
            }
            text.fact(&ctx.t("date"), &full.date_long)
                .fact(&ctx.t("entry_status"), &status)
                .fact(
                    &ctx.t("reporter"),
                    row.reporter.as_ref().map_or("", |r| &r.name),
                )
                .fact(
                    &ctx.t("locality"),
                    row.locality.as_ref().map_or("", |l| &l.name),
                )
                .sentence(whole_text())
                .facts(
                    &ctx.t("evidence"),
                    full.evidence.iter().map(EvidenceView::line),
                )
                .facts(
                    &ctx.t("attachments"),
                    full.attachments.iter().map(|a| &a.name),
                );
        },
    );
    // schema.org's description of the report: JSON for other sites, not a
    // template context.
    meta.json_ld = json!({
        "@context": "https://schema.org", "@type": "Report",
        "headline": e.title, "datePublished": e.date.iso(), "url": meta.canonical,
        "inLanguage": ctx.site_view.lang, "description": meta.description,
        "author": {"@type": "Organization", "name": row.reporter.as_ref().map(|r| r.name.clone()).unwrap_or_default()},
    });
    let tasks: Vec<&TaskView> = e
        .task_ids()
        .filter_map(|t| ctx.site.index.task.get(t))
        .map(|&ti| &ctx.views.tasks[ti])
        .collect();
    let page = EntryPage { entry: full, tasks };
    ctx.render("entry.html", &path, &meta, &page)
}
