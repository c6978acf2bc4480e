//! The addresses a site publishes, and the guard that keeps them.
//!
//! Newspapers print links to task, agency, commune and practice pages. Every build
//! writes the list of addresses it published into the output
//! ([`MANIFEST`], with the content file each came from), and the next build
//! compares: an address that would disappear without an `aliases:` entry (which
//! publishes a redirect at the old address), a `removed:` entry in `site.yaml`
//! (which publishes a "gone" page) or `--allow-removed` stops the build before
//! anything moves, naming the address, the file and line that made it, and the
//! line to add. A deploy job that builds from a fresh clone hands in the live
//! site's sitemap or manifest instead (`--published`).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{At, Diagnostic, Diagnostics, Seg};
use crate::messages::Msg;
use crate::model::{Origin, Site};
use crate::render::urls::paths;

/// The file in the output that lists what it publishes.
pub const MANIFEST: &str = "tiendo-addresses.json";

/// What a build published: every guarded address and where it came from.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    pub version: u32,
    /// The date statuses were computed as of (`YYYY-MM-DD`): an entry or bulletin
    /// dated later was not published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub addresses: Vec<Address>,
}

/// One published address (a site path: `nhiem-vu/x/`, `tien-do/atom.xml`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Address {
    pub path: String,
    /// The content file (relative to the site folder) whose item made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The item's place in that file, for a file that lists several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item: Option<usize>,
}

/// Whether a written file's address is guarded: pages, feeds, open data, embeds,
/// share images. The theme's assets, the search index and media files are not
/// addresses a reader keeps (assets and the index are named by their contents).
pub fn guarded(file: &str) -> bool {
    !(file.starts_with("assets/")
        || file.starts_with("pagefind/")
        || file.starts_with("media/")
        || file == "404.html"
        || file == MANIFEST
        || file.starts_with('.'))
}

/// A written file's address: `x/index.html` is `x/`, the home page is ``.
pub fn address_of(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => dir.to_string(),
        _ => file.to_string(),
    }
}

/// The page every content item publishes, with the item's origin.
fn sources(site: &Site) -> BTreeMap<String, &Origin> {
    let mut m = BTreeMap::new();
    m.extend(site.goals.iter().map(|x| (paths::goal(&x.id), &x.origin)));
    m.extend(
        site.agencies
            .iter()
            .map(|x| (paths::agency(&x.id), &x.origin)),
    );
    m.extend(
        site.localities
            .iter()
            .map(|x| (paths::locality(&x.id), &x.origin)),
    );
    m.extend(site.tasks.iter().map(|x| (paths::task(&x.id), &x.origin)));
    m.extend(
        site.entries
            .iter()
            .map(|x| (paths::entry(&x.id), &x.origin)),
    );
    m.extend(
        site.practices
            .iter()
            .map(|x| (paths::practice(&x.id), &x.origin)),
    );
    m
}

/// The page an address belongs to: itself, the page folder it is in (a share
/// image, a feed, a leaflet), or the page an embed or oEmbed file shows.
fn owner(path: &str) -> String {
    if let Some(p) = path.strip_prefix("nhung/") {
        return p.to_string();
    }
    if let Some(p) = path
        .strip_prefix("oembed/")
        .and_then(|p| p.strip_suffix(".json"))
    {
        return format!("{p}/");
    }
    path.to_string()
}

/// The manifest of `files`, the paths a build wrote, each traced to its item.
pub fn manifest(
    site: &Site,
    as_of: crate::model::Date,
    files: impl IntoIterator<Item = String>,
) -> Manifest {
    let sources = sources(site);
    // The longest page path that holds it: `nhiem-vu/x/og.png` is x's.
    let find = |path: &str| -> Option<&Origin> {
        let page = owner(path);
        let mut end = page.len();
        loop {
            let prefix = &page[..end];
            if let Some(o) = sources.get(prefix) {
                return Some(*o);
            }
            end = prefix.trim_end_matches('/').rfind('/').map(|i| i + 1)?;
        }
    };
    let mut addresses: Vec<Address> = files
        .into_iter()
        .filter(|f| guarded(f))
        .map(|f| {
            let path = address_of(&f);
            let origin = find(&path);
            Address {
                file: origin.map(|o| o.file.to_string_lossy().replace('\\', "/")),
                item: origin.and_then(|o| o.item),
                path,
            }
        })
        .collect();
    addresses.sort_by(|a, b| a.path.cmp(&b.path));
    addresses.dedup_by(|a, b| a.path == b.path);
    Manifest {
        version: 1,
        as_of: Some(as_of.iso()),
        addresses,
    }
}

/// Read what the live site publishes: a manifest tiendo wrote, or a sitemap
/// (`<loc>` addresses under `base_url`).
pub fn read_published(file: &Path, base_url: &str) -> Result<Manifest, Msg> {
    let shown = crate::diagnostics::display_path(file);
    let text = std::fs::read_to_string(file).map_err(|e| {
        Msg::new("published-unreadable")
            .arg("file", &shown)
            .arg("why", crate::messages::io_error(&e))
    })?;
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(trimmed).map_err(|e| {
            Msg::new("published-not-manifest")
                .arg("file", &shown)
                .arg("why", e.to_string())
                .arg("manifest", MANIFEST)
        });
    }
    if !trimmed.starts_with('<') {
        return Err(Msg::new("published-neither")
            .arg("file", &shown)
            .arg("manifest", MANIFEST));
    }
    let base = crate::render::Urls::new(base_url);
    let prefix = base.abs("");
    let mut addresses = Vec::new();
    for loc in text.split("<loc>").skip(1) {
        let Some(url) = loc.split("</loc>").next() else {
            continue;
        };
        let url = url.trim().replace("&amp;", "&");
        match url.strip_prefix(&prefix) {
            Some(path) => addresses.push(Address {
                path: path.to_string(),
                file: None,
                item: None,
            }),
            None => {
                return Err(Msg::new("published-other-site")
                    .arg("file", &shown)
                    .arg("url", url)
                    .arg("prefix", prefix))
            }
        }
    }
    if addresses.is_empty() {
        return Err(Msg::new("published-empty").arg("file", &shown));
    }
    Ok(Manifest {
        version: 1,
        as_of: None,
        addresses,
    })
}

/// A site path as written by an editor (`/nhiem-vu/x`, `nhiem-vu/x/`) in the form
/// addresses take here (`nhiem-vu/x/` for a page).
pub fn normalize(path: &str) -> String {
    let p = path.trim().trim_start_matches('/');
    if p.is_empty() || p.ends_with('/') || p.rsplit('/').next().is_some_and(|l| l.contains('.')) {
        address_of(p)
    } else {
        format!("{p}/")
    }
}

/// The page an address is part of: a page itself (`nhiem-vu/x/`), or the page
/// whose folder holds it (`nhiem-vu/x/og.png`, `co-quan/x/atom.xml`,
/// `dien-hinh/x/in/`) or whose embed or oEmbed it is. `None` for an address that
/// stands alone (`du-lieu/nhiem-vu.csv`, `tien-do/atom.xml`).
fn page_of(path: &str) -> Option<String> {
    let owned = owner(path);
    let mut segs = owned.split('/');
    let (kind, id) = (segs.next()?, segs.next()?);
    // `kind/id/...`: the id is a folder, not a file of the kind's folder.
    if kind.is_empty() || id.is_empty() || segs.next().is_none() {
        return None;
    }
    Some(format!("{kind}/{id}/"))
}

/// A published address the new build would lose, with the others of the same
/// page (its share image, feed, embed) that go with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lost<'a> {
    pub address: &'a Address,
    pub with: Vec<&'a str>,
}

/// The addresses of `before` that the new build does not publish (`now`, the
/// addresses it wrote), leaving out those `allowed` (paths; an allowed page
/// takes the files in its folder, its embed and its oEmbed with it). An address
/// that is part of a page (its share image, feed, leaflet, embed) is kept while
/// the page's address answers, by the page or by a redirect (`aliases:`), so a
/// build without share images, such as `check --published`, loses none.
/// Grouped by page, the page first.
pub fn lost<'a>(before: &'a Manifest, now: &HashSet<String>, allowed: &[String]) -> Vec<Lost<'a>> {
    let allowed: Vec<String> = allowed.iter().map(|a| normalize(a)).collect();
    let is_allowed = |path: &str| {
        let page = page_of(path);
        allowed
            .iter()
            .any(|a| path == a || page.as_deref() == Some(a.as_str()))
    };
    let mut groups: BTreeMap<String, Vec<&Address>> = BTreeMap::new();
    for a in &before.addresses {
        if now.contains(&a.path) || is_allowed(&a.path) {
            continue;
        }
        let page = page_of(&a.path);
        if page
            .as_ref()
            .is_some_and(|p| *p != a.path && now.contains(p))
        {
            continue;
        }
        groups
            .entry(page.unwrap_or_else(|| a.path.clone()))
            .or_default()
            .push(a);
    }
    groups
        .into_iter()
        .map(|(key, mut list)| {
            // The page itself leads when it is lost too.
            list.sort_by_key(|a| (a.path != key, a.path.clone()));
            let address = list[0];
            let with = list[1..].iter().map(|a| a.path.as_str()).collect();
            Lost { address, with }
        })
        .collect()
}

/// Where the items that make pages under `path` are written.
fn content_of(path: &str) -> &'static str {
    match owner(path).split('/').next().unwrap_or_default() {
        "nhiem-vu" => "content/tasks/",
        "co-quan" => "content/agencies.yaml",
        "dia-phuong" => "content/localities.yaml",
        "muc-tieu" => "content/goals/",
        "dien-hinh" => "content/practices/",
        "tien-do" => "content/progress/",
        _ => "content/",
    }
}

/// One error per lost page or address, at the line of the item that made it
/// when the manifest knows it.
pub fn report(lost: &[Lost]) -> Diagnostics {
    let mut d = Diagnostics::default();
    for l in lost {
        let a = l.address;
        let shown = format!("/{}", a.path);
        let (file, at) = match &a.file {
            Some(f) => {
                let path = match a.item {
                    Some(i) => vec![Seg::Index(i), Seg::Key("id".into())],
                    None => vec![Seg::Key("id".into())],
                };
                (PathBuf::from(f), At::Value { path, key: false })
            }
            // From a sitemap: where items of its kind are written.
            None => (PathBuf::from(content_of(&a.path)), At::File),
        };
        let with: Vec<String> = l.with.iter().map(|p| format!("/{p}")).collect();
        let message = Msg::new("address-lost").arg("address", &shown).arg(
            "with",
            if with.is_empty() {
                crate::messages::Arg::Text(String::new())
            } else {
                Msg::new("address-lost-with")
                    .arg("list", with.join(", "))
                    .into()
            },
        );
        let help = Msg::new("address-lost-help").arg("address", &shown);
        d.push(Diagnostic::error(file, at, message).help(help));
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(paths: &[&str]) -> Manifest {
        Manifest {
            version: 1,
            as_of: None,
            addresses: paths
                .iter()
                .map(|p| Address {
                    path: p.to_string(),
                    file: None,
                    item: None,
                })
                .collect(),
        }
    }

    fn set(paths: &[&str]) -> HashSet<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn written_files_become_addresses() {
        assert_eq!(address_of("index.html"), "");
        assert_eq!(address_of("nhiem-vu/x/index.html"), "nhiem-vu/x/");
        assert_eq!(address_of("tien-do/atom.xml"), "tien-do/atom.xml");
        assert!(!guarded("assets/style.css"));
        assert!(!guarded("pagefind/pagefind.js"));
        assert!(guarded("nhiem-vu/x/og.png"));
        assert_eq!(normalize("/nhiem-vu/x"), "nhiem-vu/x/");
        assert_eq!(normalize("du-lieu/nhiem-vu.csv"), "du-lieu/nhiem-vu.csv");
    }

    #[test]
    fn an_address_gone_is_lost_unless_allowed_and_images_follow_their_page() {
        let before = m(&[
            "nhiem-vu/a/",
            "nhiem-vu/a/og.png",
            "nhung/nhiem-vu/a/",
            "oembed/nhiem-vu/a.json",
            "nhiem-vu/b/",
            "nhiem-vu/b/og.png",
        ]);
        let lost_paths = |now: &[&str], allowed: &[&str]| -> Vec<(String, Vec<String>)> {
            let allowed: Vec<String> = allowed.iter().map(|s| s.to_string()).collect();
            lost(&before, &set(now), &allowed)
                .into_iter()
                .map(|l| {
                    (
                        l.address.path.clone(),
                        l.with.iter().map(|p| p.to_string()).collect(),
                    )
                })
                .collect()
        };
        assert_eq!(
            lost_paths(&["nhiem-vu/a/", "nhiem-vu/b/"], &[]),
            vec![],
            "a page kept (or redirected) keeps its share image, embed and oEmbed"
        );
        assert_eq!(
            lost_paths(&["nhiem-vu/b/"], &[]),
            vec![(
                "nhiem-vu/a/".to_string(),
                vec![
                    "nhiem-vu/a/og.png".to_string(),
                    "nhung/nhiem-vu/a/".to_string(),
                    "oembed/nhiem-vu/a.json".to_string()
                ]
            )]
        );
        assert_eq!(lost_paths(&["nhiem-vu/b/"], &["/nhiem-vu/a"]), vec![]);
        assert_eq!(page_of("du-lieu/nhiem-vu.csv"), None);
        assert_eq!(page_of("co-quan/x/atom.xml").as_deref(), Some("co-quan/x/"));
    }

    #[test]
    fn a_sitemap_gives_the_paths_under_the_sites_address() {
        let dir = tempfile_dir();
        let f = dir.join("sitemap.xml");
        std::fs::write(
            &f,
            "<?xml version=\"1.0\"?><urlset><url><loc>https://x.vn/sub/</loc></url><url><loc>https://x.vn/sub/nhiem-vu/a/</loc></url></urlset>",
        )
        .unwrap();
        let got = read_published(&f, "https://x.vn/sub/").unwrap();
        let paths: Vec<&str> = got.addresses.iter().map(|a| a.path.as_str()).collect();
        assert_eq!(paths, ["", "nhiem-vu/a/"]);
        assert!(read_published(&f, "https://other.vn/").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!("tiendo-addresses-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }
}
