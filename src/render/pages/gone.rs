//! Pages that are not: the 404 page, removed addresses, and old addresses (`aliases:`) sending readers on.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::alias_path;
use crate::render::context::{Ctx, Page};
use crate::render::error::RenderError;
use crate::render::sink::emit;
use crate::render::urls::paths;

/// The 404 page shows only the frame.
#[derive(Serialize)]
struct NoData {}

/// A removed address: why it is gone.
#[derive(Serialize)]
struct GonePage<'a> {
    reason: &'a str,
}

/// An old address: where the page now is (absolute).
#[derive(Serialize)]
struct RedirectPage {
    target: String,
}

pub(super) fn not_found(ctx: &Ctx) -> Result<(), RenderError> {
    let mut meta = ctx.meta(
        "404.html",
        ctx.t("not_found_title"),
        ctx.t("not_found_text"),
        "",
    );
    meta.noindex = true;
    emit(
        ctx.tera,
        ctx.sink,
        "404.html",
        "404.html",
        &Page {
            site: &ctx.site_view,
            page: ctx
                .page_value(&meta)
                .map_err(|e| RenderError::Other(e.to_string()))?,
            data: NoData {},
        },
    )
}

/// Old addresses (`aliases:`) of moved pages: a small page that sends readers on.
pub(super) fn aliases(ctx: &Ctx) -> Result<(), RenderError> {
    let site = ctx.site;
    let mut redirects: Vec<(&str, String, &str)> = Vec::new();
    fn add<'s>(
        out: &mut Vec<(&'s str, String, &'s str)>,
        aliases: &'s [String],
        target: String,
        title: &'s str,
    ) {
        out.extend(aliases.iter().map(|a| (a.as_str(), target.clone(), title)));
    }
    for g in &site.goals {
        add(&mut redirects, &g.aliases, paths::goal(&g.id), &g.title);
    }
    for a in &site.agencies {
        add(&mut redirects, &a.aliases, paths::agency(&a.id), &a.name);
    }
    for l in &site.localities {
        add(&mut redirects, &l.aliases, paths::locality(&l.id), &l.name);
    }
    for t in &site.tasks {
        add(&mut redirects, &t.aliases, paths::task(&t.id), &t.title);
    }
    for e in &site.entries {
        add(&mut redirects, &e.aliases, paths::entry(&e.id), &e.title);
    }
    for p in &site.practices {
        add(&mut redirects, &p.aliases, paths::practice(&p.id), &p.title);
    }
    site.config.removed.par_iter().try_for_each(|r| {
        let path = alias_path(&r.path);
        let mut meta = ctx.meta(&path, ctx.t("gone_title"), r.reason.clone(), "");
        meta.noindex = true;
        emit(
            ctx.tera,
            ctx.sink,
            "gone.html",
            &format!("{path}index.html"),
            &Page {
                site: &ctx.site_view,
                page: ctx
                    .page_value(&meta)
                    .map_err(|e| RenderError::Other(e.to_string()))?,
                data: GonePage { reason: &r.reason },
            },
        )
    })?;
    redirect_files(ctx, &redirects)?;
    redirects.par_iter().try_for_each(|(alias, target, title)| {
        let path = alias_path(alias);
        let meta = ctx.meta(target, (*title).to_string(), String::new(), "");
        emit(
            ctx.tera,
            ctx.sink,
            "redirect.html",
            &format!("{path}index.html"),
            &Page {
                site: &ctx.site_view,
                page: ctx
                    .page_value(&meta)
                    .map_err(|e| RenderError::Other(e.to_string()))?,
                data: RedirectPage {
                    target: ctx.urls.abs(target),
                },
            },
        )
    })
}

/// The old addresses and where they now lead, for hosts that can redirect
/// themselves (a 301 is better than a page that sends readers on): a table
/// in the open data (`du-lieu/redirects.csv`), an nginx `map`
/// (`du-lieu/redirects.nginx.conf`) and the `_redirects` file static hosts
/// read at the site's root.
pub(super) fn redirect_files(
    ctx: &Ctx,
    redirects: &[(&str, String, &str)],
) -> Result<(), RenderError> {
    let mut rows: Vec<(String, String)> = redirects
        .iter()
        .map(|(alias, target, _)| (ctx.urls.rel(&alias_path(alias)), ctx.urls.rel(target)))
        .collect();
    rows.sort();
    let mut csv = crate::csv_out::CsvWriter::new();
    let fail = |e: csv::Error| RenderError::Other(format!("redirects.csv: {e}"));
    csv.row(["old", "new"]).map_err(fail)?;
    for (old, new) in &rows {
        csv.row([old, new]).map_err(fail)?;
    }
    let csv = csv.finish().map_err(fail)?;
    ctx.sink.write("du-lieu/redirects.csv", &csv)?;
    let mut nginx = String::from(
        "# Old addresses of this site's pages and where they now are (aliases: in its content).\n\
         # In nginx's http block:  include redirects.nginx.conf;\n\
         # In the site's server block:  if ($tiendo_redirect) { return 301 $tiendo_redirect; }\n\
         map $uri $tiendo_redirect {\n",
    );
    let mut netlify = String::from(
        "# Old addresses and where they now are (Netlify, Cloudflare Pages and similar hosts).\n",
    );
    for (old, new) in &rows {
        nginx.push_str(&format!("    {old} {new};\n"));
        netlify.push_str(&format!("{old} {new} 301\n"));
    }
    nginx.push_str("}\n");
    ctx.sink
        .write("du-lieu/redirects.nginx.conf", nginx.as_bytes())?;
    ctx.sink.write("_redirects", netlify.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_paths() {
        assert_eq!(alias_path("/nhiem-vu/cu/"), "nhiem-vu/cu/");
        assert_eq!(alias_path("nhiem-vu/cu"), "nhiem-vu/cu/");
        assert_eq!(alias_path("/a/index.html"), "a/");
    }
}
