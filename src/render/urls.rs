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
}
