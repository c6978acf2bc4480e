//! Every page's address. Paths are built from ids and never carry diacritics, so a
//! link a newspaper printed keeps working; the base URL may have a path prefix.

/// The base URL split into what absolute and root-relative links need.
#[derive(Debug, Clone)]
pub struct Urls {
    /// `https://host/sub/` (always ends with `/`).
    pub base: String,
    /// `/sub/` (always starts and ends with `/`).
    pub prefix: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        let mut base = base_url.trim().to_string();
        if !base.ends_with('/') {
            base.push('/');
        }
        let after_scheme = base.split_once("://").map(|(_, r)| r).unwrap_or(&base);
        let prefix = match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        };
        Urls { base, prefix }
    }

    /// Root-relative link to a site path (`nhiem-vu/x/` → `/sub/nhiem-vu/x/`).
    pub fn rel(&self, path: &str) -> String {
        format!("{}{}", self.prefix, path)
    }

    /// Absolute URL of a site path.
    pub fn abs(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn task(&self, id: &str) -> String {
        self.rel(&paths::task(id))
    }
    pub fn agency(&self, id: &str) -> String {
        self.rel(&paths::agency(id))
    }
    pub fn locality(&self, id: &str) -> String {
        self.rel(&paths::locality(id))
    }
    pub fn goal(&self, id: &str) -> String {
        self.rel(&paths::goal(id))
    }
    pub fn entry(&self, id: &str) -> String {
        self.rel(&paths::entry(id))
    }
    pub fn practice(&self, id: &str) -> String {
        self.rel(&paths::practice(id))
    }
}

/// Site paths (no leading slash) of each page kind.
pub mod paths {
    pub const PLAN: &str = "ke-hoach/";
    pub const AGENCIES: &str = "co-quan/";
    pub const TASKS: &str = "nhiem-vu/";
    pub const PROGRESS: &str = "tien-do/";
    pub const PRACTICES: &str = "dien-hinh/";
    pub const LOCALITIES: &str = "dia-phuong/";
    /// The communes and wards with overdue tasks, most overdue first.
    pub const LOCALITIES_BY_OVERDUE: &str = "dia-phuong/sap-xep/qua-han/";
    pub const CALENDAR: &str = "lich/";
    pub const DATA: &str = "du-lieu/";
    pub const SEARCH: &str = "tim-kiem/";
    pub const GOALS: &str = "muc-tieu/";
    /// The monitoring report of the standing body (`tiendo report` as a page).
    pub const REPORT: &str = "bao-cao/";
    pub const PROGRESS_FEED: &str = "tien-do/atom.xml";
    pub const PRACTICES_FEED: &str = "dien-hinh/atom.xml";

    pub fn agency_feed(id: &str) -> String {
        format!("co-quan/{id}/atom.xml")
    }
    pub fn locality_feed(id: &str) -> String {
        format!("dia-phuong/{id}/atom.xml")
    }

    pub fn task(id: &str) -> String {
        format!("nhiem-vu/{id}/")
    }
    pub fn task_status(slug: &str) -> String {
        format!("nhiem-vu/trang-thai/{slug}/")
    }
    pub fn agency(id: &str) -> String {
        format!("co-quan/{id}/")
    }
    pub fn locality(id: &str) -> String {
        format!("dia-phuong/{id}/")
    }
    pub fn goal(id: &str) -> String {
        format!("muc-tieu/{id}/")
    }
    pub fn entry(id: &str) -> String {
        format!("tien-do/{id}/")
    }
    pub fn practice(id: &str) -> String {
        format!("dien-hinh/{id}/")
    }
    /// Page `n` (1-based) of the progress index.
    pub fn progress_page(n: usize) -> String {
        if n <= 1 {
            PROGRESS.to_string()
        } else {
            format!("tien-do/trang/{n}/")
        }
    }
}

/// Why an alias's site path (`nhiem-vu/cu/`, as [`crate::model::alias_path`]
/// makes it) is a path the build writes itself, so that a redirect there would
/// collide with a page or a generated file; `None` when it is free.
pub fn reserved(site: &crate::model::Site, path: &str) -> Option<crate::messages::Msg> {
    use crate::messages::Msg;
    let mut segs = path.trim_matches('/').split('/');
    let first = segs.next().unwrap_or("");
    let second = segs.next();
    // Folders the build fills entirely, and files at the root.
    const GENERATED: [&str; 12] = [
        "ke-hoach", "lich", "du-lieu", "tim-kiem", "bao-cao", "ban-tin", "nhung", "oembed", "in",
        "pagefind", "assets", "media",
    ];
    if GENERATED.contains(&first) {
        return Some(Msg::new("reserved-generated-folder").arg("path", first));
    }
    let root_file = ["404.html", "robots.txt", "sitemap.xml", "og.png"].contains(&first)
        || first.starts_with("sitemap-") && first.ends_with(".xml");
    if root_file {
        return Some(Msg::new("reserved-generated-file").arg("path", first));
    }
    let (kind, index, extra): (Msg, &crate::model::IdMap, &[&str]) = match first {
        "nhiem-vu" => (Msg::new("kind-task"), &site.index.task, &["trang-thai"]),
        "co-quan" => (Msg::new("kind-agency"), &site.index.agency, &[]),
        "dia-phuong" => (Msg::new("kind-locality"), &site.index.locality, &[]),
        "muc-tieu" => (Msg::new("kind-goal"), &site.index.goal, &[]),
        "tien-do" => (
            Msg::new("kind-entry"),
            &site.index.entry,
            &["trang", "atom.xml"],
        ),
        "dien-hinh" => (
            Msg::new("kind-practice"),
            &site.index.practice,
            &["atom.xml"],
        ),
        _ => return None,
    };
    match second {
        None => Some(
            Msg::new("reserved-list")
                .arg("path", first)
                .arg("kind", kind),
        ),
        Some(s) if extra.contains(&s) => {
            Some(Msg::new("reserved-generated-folder").arg("path", format!("{first}/{s}")))
        }
        Some(s) if index.contains_key(s) => Some(
            Msg::new("reserved-page")
                .arg("path", format!("{first}/{s}"))
                .arg("kind", kind)
                .arg("id", s),
        ),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_from_base_url() {
        let u = Urls::new("https://example.gov.vn/nam-can-bo-co-so");
        assert_eq!(u.prefix, "/nam-can-bo-co-so/");
        assert_eq!(u.task("x"), "/nam-can-bo-co-so/nhiem-vu/x/");
        assert_eq!(Urls::new("https://example.org").prefix, "/");
    }

    #[test]
    fn old_root_pages_are_free_generated_files_are_not() {
        let site = crate::content::load(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/minimal"
        )))
        .site
        .unwrap();
        assert_eq!(reserved(&site, "tin-cu.html/"), None);
        assert_eq!(reserved(&site, "nhiem-vu/id-cu/"), None);
        for taken in [
            "sitemap.xml/",
            "robots.txt/",
            "sitemap-2.xml/",
            "du-lieu/x/",
            "nhiem-vu/",
            "tien-do/trang/",
            "nhiem-vu/thuong-xuyen/",
        ] {
            assert!(reserved(&site, taken).is_some(), "{taken}");
        }
    }
}
