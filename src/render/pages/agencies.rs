//! The agencies: their list and each agency's page with its tasks and reports.

use serde::Serialize;

use crate::render::charts::Rollup;
use crate::render::context::Ctx;
use crate::render::error::RenderError;
use crate::render::select;
use crate::render::urls::paths;
use crate::render::views::{agency_kind_code, EntryRow, Link, TaskView};

/// How many of an agency's latest reports its page shows.
const LATEST: usize = 20;

#[derive(Serialize)]
struct Agencies<'a> {
    agencies: Vec<AgencyRow<'a>>,
}

#[derive(Serialize)]
struct AgencyRow<'a> {
    agency: &'a Link,
    short: &'a Option<String>,
    kind: &'static str,
    /// How many tasks it leads, supports, directs.
    lead: usize,
    support: usize,
    directed: usize,
    /// The roll-up of the tasks it leads.
    rollup: Rollup,
}

#[derive(Serialize)]
struct AgencyPage<'a> {
    agency: AgencyHeader<'a>,
    rollup: Rollup,
    lead: Vec<&'a TaskView>,
    support: Vec<&'a TaskView>,
    directed: Vec<&'a TaskView>,
    directed_rollup: Option<Rollup>,
    latest: Vec<&'a EntryRow>,
    reports_total: usize,
    feed: String,
}

#[derive(Serialize)]
struct AgencyHeader<'a> {
    name: &'a str,
    short: &'a Option<String>,
    standing: bool,
    kind: &'static str,
    parent: Option<&'a Link>,
    children: Vec<&'a Link>,
}

pub(super) fn index(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let agencies = ctx
        .agencies_sorted
        .iter()
        .map(|&a| {
            let ag = &site.agencies[a];
            let lead = select::led_by(site, &ag.id);
            AgencyRow {
                agency: &ctx.views.agencies[a],
                short: &ag.short,
                kind: agency_kind_code(ag.kind),
                lead: lead.len(),
                support: select::supported_by(site, &ag.id).len(),
                directed: select::directed_by(site, &ag.id).len(),
                rollup: ctx.rollup_of(&lead, &ag.name),
            }
        })
        .collect();
    let mut meta = ctx.meta(
        paths::AGENCIES,
        ctx.t("agencies"),
        ctx.t("agencies_intro"),
        "agencies",
    );
    meta.crumbs.push(ctx.crumb("home", ""));
    meta.illustrative = ctx.any_task_illustrative(0..site.tasks.len());
    ctx.render(
        "agencies.html",
        paths::AGENCIES,
        &meta,
        &Agencies { agencies },
    )
}

pub(super) fn page(ctx: &Ctx, a: usize) -> Result<(), RenderError> {
    let site = ctx.site;
    let ag = &site.agencies[a];
    let tasks =
        |v: &[usize]| -> Vec<&TaskView> { v.iter().map(|&i| &ctx.views.tasks[i]).collect() };
    let lead = select::led_by(site, &ag.id);
    let support = tasks(&select::supported_by(site, &ag.id));
    let directed = select::directed_by(site, &ag.id);
    let reports =
        select::published_newest_first(site, &site.index.entries_of_agency[a], ctx.progress.as_of);
    let latest: Vec<usize> = reports.iter().take(LATEST).copied().collect();
    let parent = ag
        .parent
        .as_ref()
        .and_then(|p| site.index.agency.get(p))
        .map(|&i| &ctx.views.agencies[i]);
    let children: Vec<&Link> = site
        .agencies
        .iter()
        .enumerate()
        .filter(|(_, x)| x.parent.as_deref() == Some(ag.id.as_str()))
        .map(|(i, _)| &ctx.views.agencies[i])
        .collect();
    let path = paths::agency(&ag.id);
    let mut meta = ctx.meta(
        &path,
        ag.name.clone(),
        format!(
            "{}: {} {} · {} {}{}",
            ag.name,
            lead.len(),
            ctx.t("as_lead_count"),
            support.len(),
            ctx.t("as_support_count"),
            if directed.is_empty() {
                String::new()
            } else {
                format!(" · {} {}", directed.len(), ctx.t("as_directed_count"))
            }
        ),
        "agencies",
    );
    meta.crumbs = vec![
        ctx.crumb("home", ""),
        ctx.crumb("agencies", paths::AGENCIES),
    ];
    meta.illustrative = latest.iter().any(|&i| site.entries[i].illustrative)
        || ctx.any_task_illustrative(lead.iter().chain(&directed).copied())
        || support.iter().any(|t| t.illustrative);
    ctx.searchable(&mut meta, "agency", &[ag.id.as_str()], false, |text| {
        if let Some(short) = &ag.short {
            text.sentence(&format!("({short})"));
        }
        if ag.standing {
            text.sentence(&ctx.t("standing_body"));
        }
        text.fact(&ctx.t("parent_agency"), parent.map_or("", |p| &p.name))
            .facts(
                &ctx.t("child_agencies"),
                children.iter().map(|c| c.name.as_str()),
            );
    });
    let feed = ctx.own_feed(&mut meta, &ag.name, &paths::agency_feed(&ag.id));
    let page = AgencyPage {
        agency: AgencyHeader {
            name: &ag.name,
            short: &ag.short,
            standing: ag.standing,
            kind: agency_kind_code(ag.kind),
            parent,
            children,
        },
        rollup: ctx.rollup_of(&lead, &ag.name),
        lead: tasks(&lead),
        support,
        directed: tasks(&directed),
        directed_rollup: (!directed.is_empty()).then(|| ctx.rollup_of(&directed, &ag.name)),
        latest: ctx.rows(&latest),
        reports_total: reports.len(),
        feed,
    };
    ctx.render("agency.html", &path, &meta, &page)
}
