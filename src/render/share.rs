//! How a page is taken elsewhere, as every page's frame shows it: share links
//! that load no third-party script, embed code and oEmbed, the printable version,
//! and the URL of the page's share image. The outreach pages themselves (embeds,
//! leaflets, share images drawn) are `outreach.rs`.

use std::collections::HashMap;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::json;

use super::engine::escape_html;
use super::share_image::Renderer;
use super::urls::{paths as site_paths, Urls};
use super::views::{t, Strings};
use crate::cache::Cache;
use crate::model::{Date, Site};

/// Site paths of the outreach pages (next to `urls::paths`, which has the pages').
pub mod paths {
    /// The embeddable card of the overall progress.
    pub const EMBED_OVERALL: &str = "nhung/tien-do/";
    pub const OEMBED_OVERALL: &str = "oembed/tien-do.json";
    /// The printable one-page summary of the home page.
    pub const PRINT_SUMMARY: &str = "in/";

    pub fn embed_task(id: &str) -> String {
        format!("nhung/nhiem-vu/{id}/")
    }
    pub fn embed_practice(id: &str) -> String {
        format!("nhung/dien-hinh/{id}/")
    }
    pub fn oembed_task(id: &str) -> String {
        format!("oembed/nhiem-vu/{id}.json")
    }
    pub fn oembed_practice(id: &str) -> String {
        format!("oembed/dien-hinh/{id}.json")
    }
    pub fn embed_agency(id: &str) -> String {
        format!("nhung/co-quan/{id}/")
    }
    pub fn embed_locality(id: &str) -> String {
        format!("nhung/dia-phuong/{id}/")
    }
    pub fn oembed_agency(id: &str) -> String {
        format!("oembed/co-quan/{id}.json")
    }
    pub fn oembed_locality(id: &str) -> String {
        format!("oembed/dia-phuong/{id}.json")
    }
    /// The script a page that embeds cards loads, from the site, to size their
    /// frames (docs/embed.md). A published address: newspapers' pages name it.
    pub const HOST_SCRIPT: &str = "nhung.js";
    /// The script of the cards themselves (a theme asset: the pages' CSP allows no
    /// inline script).
    pub const CARD_SCRIPT: &str = "embed.js";
    /// A practice's printable leaflet.
    pub fn leaflet(id: &str) -> String {
        format!("dien-hinh/{id}/in/")
    }
    /// The share image of the page at `page` (`nhiem-vu/x/` → `nhiem-vu/x/og.png`).
    pub fn image(page: &str) -> String {
        format!("{page}og.png")
    }
}

/// Width of an embedded card, in CSS pixels (it shrinks on narrow screens).
pub const EMBED_WIDTH: u32 = 480;
/// The heights the embed code gives each kind of card: what a page without the
/// host script (or a CMS that drops it) shows. With the script, or in WordPress,
/// the frame takes the card's own height instead.
pub const EMBED_HEIGHT_TASK: u32 = 330;
pub const EMBED_HEIGHT_PRACTICE: u32 = 300;
pub const EMBED_HEIGHT_OVERALL: u32 = 300;
pub const EMBED_HEIGHT_AGENCY: u32 = 300;
pub const EMBED_HEIGHT_LOCALITY: u32 = 300;

/// How a page can be taken elsewhere: share links, embed code, printable version.
#[derive(Serialize, Clone, Debug)]
pub struct ShareView {
    /// The page's own absolute URL (the copy-link, which works as a plain link).
    pub url: String,
    pub facebook: String,
    pub zalo: String,
    pub embed: Option<EmbedView>,
    /// Absolute URL of the page's oEmbed JSON (announced by a discovery `<link>`).
    pub oembed: Option<String>,
    /// Root-relative link to the printable version, and what to call it.
    pub print: Option<String>,
    pub print_label: Option<String>,
}

#[derive(Serialize, Clone, Debug)]
pub struct EmbedView {
    /// Absolute URL of the embeddable page.
    pub src: String,
    /// Root-relative link to it, to preview.
    pub preview: String,
    /// What to paste: the `<iframe>` and the host script that sizes it.
    pub code: String,
    pub width: u32,
    pub height: u32,
}

pub(super) struct Image {
    pub(super) svg: String,
    pub(super) key: String,
}

/// Share images of one build: for each page path, the card as SVG and its key.
#[derive(Default)]
pub struct Outreach {
    pub(super) images: HashMap<String, Image>,
    /// Pages whose card the previous output already holds, as this build
    /// would draw it (a build that keeps the rest of that output): not written.
    pub published: std::collections::HashSet<String>,
    pub(super) renderer: Option<Renderer>,
    pub(super) cache: Option<std::sync::Arc<Cache>>,
}

impl Outreach {
    /// Absolute URL of the share image of the page at `page`, with a version taken
    /// from its content (so a changed card is fetched again by social networks).
    pub fn image_url(&self, urls: &Urls, page: &str) -> Option<String> {
        self.images
            .get(page)
            .map(|im| format!("{}?v={}", urls.abs(&paths::image(page)), &im.key[..12]))
    }

    /// Each share image's key, by the path of its page.
    pub fn keys(&self) -> std::collections::BTreeMap<String, String> {
        self.images
            .iter()
            .map(|(page, im)| (page.clone(), im.key.clone()))
            .collect()
    }

    /// How many share images the build has.
    pub fn images(&self) -> usize {
        self.images.len()
    }

    /// (cache hits, cache misses) of share images.
    pub fn cache_stats(&self) -> (usize, usize) {
        self.cache.as_ref().map(|c| c.stats()).unwrap_or((0, 0))
    }
}

/// Percent-encoding for a query value.
fn enc(s: &str) -> String {
    utf8_percent_encode(s, NON_ALPHANUMERIC).to_string()
}

/// Facebook's share dialog for `url` (a plain link: no SDK, no script).
pub fn facebook_link(url: &str) -> String {
    format!("https://www.facebook.com/sharer/sharer.php?u={}", enc(url))
}

/// Zalo's share page for `url` (a plain link: the page Zalo's own button opens,
/// without loading Zalo's SDK).
pub fn zalo_link(url: &str) -> String {
    let payload = serde_json::to_string(&json!({ "url": url })).unwrap_or_default();
    format!(
        "https://button-share.zalo.me/share_external?layout=1&color=blue&customize=false&d={}&shareType=0",
        enc(&BASE64_STANDARD.encode(payload.as_bytes()))
    )
}

/// Is the page at `path` one people would share (an item's page, the home page, the
/// plan)? List pages and paginated pages are not.
pub fn shareable(path: &str) -> bool {
    if path.is_empty() || path == site_paths::PLAN {
        return true;
    }
    let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    path.ends_with('/')
        && segs.len() == 2
        && matches!(
            segs[0],
            "nhiem-vu"
                | "co-quan"
                | "dia-phuong"
                | "dien-hinh"
                | "tien-do"
                | "muc-tieu"
                | "ban-tin"
        )
        && !matches!(segs[1], "trang" | "trang-thai")
}

/// Does the practice `id` have a page (dated on or before the as-of date)?
pub fn practice_published(site: &Site, as_of: Date, id: &str) -> bool {
    site.index
        .practice
        .get(id)
        .is_some_and(|&i| site.practices[i].date <= as_of)
}

fn task_embed(site: &Site, id: &str) -> Option<(String, String, u32)> {
    site.index.task.contains_key(id).then(|| {
        (
            paths::embed_task(id),
            paths::oembed_task(id),
            EMBED_HEIGHT_TASK,
        )
    })
}

fn practice_embed(site: &Site, as_of: Date, id: &str) -> Option<(String, String, u32)> {
    practice_published(site, as_of, id).then(|| {
        (
            paths::embed_practice(id),
            paths::oembed_practice(id),
            EMBED_HEIGHT_PRACTICE,
        )
    })
}

fn agency_embed(site: &Site, id: &str) -> Option<(String, String, u32)> {
    site.index.agency.contains_key(id).then(|| {
        (
            paths::embed_agency(id),
            paths::oembed_agency(id),
            EMBED_HEIGHT_AGENCY,
        )
    })
}

fn locality_embed(site: &Site, id: &str) -> Option<(String, String, u32)> {
    site.index.locality.contains_key(id).then(|| {
        (
            paths::embed_locality(id),
            paths::oembed_locality(id),
            EMBED_HEIGHT_LOCALITY,
        )
    })
}

/// (embed path, oEmbed path, height) of the page at `path`, if it has a card.
pub fn embed_of(site: &Site, as_of: Date, path: &str) -> Option<(String, String, u32)> {
    if path.is_empty() {
        return Some((
            paths::EMBED_OVERALL.to_string(),
            paths::OEMBED_OVERALL.to_string(),
            EMBED_HEIGHT_OVERALL,
        ));
    }
    let id = |prefix: &str| -> Option<String> {
        path.strip_prefix(prefix)
            .and_then(|r| r.strip_suffix('/'))
            .filter(|r| !r.contains('/'))
            .map(str::to_string)
    };
    if let Some(t) = id("nhiem-vu/") {
        return task_embed(site, &t);
    }
    if let Some(p) = id("dien-hinh/") {
        return practice_embed(site, as_of, &p);
    }
    if let Some(a) = id("co-quan/") {
        return agency_embed(site, &a);
    }
    if let Some(l) = id("dia-phuong/") {
        return locality_embed(site, &l);
    }
    None
}

/// The title of the overall progress (its card, its embed).
pub fn overall_title(site: &Site, strings: &Strings) -> String {
    format!("{} — {}", t(strings, "overall"), site.plan.title)
}

/// The card's `<iframe>`, as oEmbed gives it: a fixed height, which a host that
/// listens to the card's messages (WordPress, the host script) changes.
pub fn embed_code(src: &str, title: &str, height: u32) -> String {
    format!(
        r#"<iframe src="{src}" width="{EMBED_WIDTH}" height="{height}" style="border:0;width:100%;max-width:{EMBED_WIDTH}px" title="{}" loading="lazy"></iframe>"#,
        escape_html(title)
    )
}

/// The code offered to newspapers: the card's `<iframe>` and the site's host
/// script, which gives the frame the card's height (docs/embed.md). Without the
/// script the frame keeps its fixed height.
pub fn embed_snippet(urls: &Urls, src: &str, title: &str, height: u32) -> String {
    format!(
        r#"{}
<script src="{}" async></script>"#,
        embed_code(src, title, height),
        urls.abs(paths::HOST_SCRIPT)
    )
}

/// Share links, embed code and printable version of the page at `path`.
pub fn share_view(
    site: &Site,
    as_of: Date,
    urls: &Urls,
    strings: &Strings,
    path: &str,
    title: &str,
) -> Option<ShareView> {
    if !shareable(path) {
        return None;
    }
    let url = urls.abs(path);
    let embed_of = embed_of(site, as_of, path);
    let embed = embed_of.as_ref().map(|(e, _, h)| {
        let src = urls.abs(e);
        let title = if path.is_empty() {
            overall_title(site, strings)
        } else {
            title.to_string()
        };
        EmbedView {
            code: embed_snippet(urls, &src, &title, *h),
            preview: urls.rel(e),
            src,
            width: EMBED_WIDTH,
            height: *h,
        }
    });
    let (print, print_label) = if path.is_empty() {
        (
            Some(urls.rel(paths::PRINT_SUMMARY)),
            Some(t(strings, "print_summary").to_string()),
        )
    } else if let Some(id) = path
        .strip_prefix("dien-hinh/")
        .and_then(|r| r.strip_suffix('/'))
        .filter(|id| practice_published(site, as_of, id))
    {
        (
            Some(urls.rel(&paths::leaflet(id))),
            Some(t(strings, "print_leaflet").to_string()),
        )
    } else {
        (None, None)
    };
    Some(ShareView {
        facebook: facebook_link(&url),
        zalo: zalo_link(&url),
        url,
        embed,
        oembed: embed_of.map(|(_, o, _)| urls.abs(&o)),
        print,
        print_label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_links_load_nothing_and_carry_the_url() {
        let url = "https://example.org/ke-hoach/nhiem-vu/x/";
        let fb = facebook_link(url);
        assert_eq!(
            fb,
            "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample%2Eorg%2Fke%2Dhoach%2Fnhiem%2Dvu%2Fx%2F"
        );
        let z = zalo_link(url);
        let d = z.split("d=").nth(1).unwrap().split('&').next().unwrap();
        let d = percent_encoding::percent_decode_str(d)
            .decode_utf8()
            .unwrap();
        // The payload Zalo's button sends: {"url": ...} in standard base64.
        assert_eq!(
            d,
            "eyJ1cmwiOiJodHRwczovL2V4YW1wbGUub3JnL2tlLWhvYWNoL25oaWVtLXZ1L3gvIn0="
        );
    }

    #[test]
    fn which_pages_are_shared() {
        for p in [
            "",
            "ke-hoach/",
            "nhiem-vu/x/",
            "dien-hinh/y/",
            "tien-do/z/",
            "ban-tin/2026-06/",
        ] {
            assert!(shareable(p), "{p}");
        }
        for p in [
            "nhiem-vu/",
            "tien-do/trang/2/",
            "nhiem-vu/trang-thai/qua-han/",
            "404.html",
            "nhung/tien-do/",
        ] {
            assert!(!shareable(p), "{p}");
        }
    }
}
