//! The licence the portal's open data (and its feeds) are published under:
//! `license:` in `site.yaml`, either the SPDX id of a licence made for open
//! data or `{name, url}` for another one.

use serde::Deserialize;

/// `license:` as written in `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LicenseSpec {
    /// An SPDX id from [`KNOWN`], e.g. `CC-BY-4.0`.
    Id(String),
    /// A licence not in [`KNOWN`].
    Custom {
        name: String,
        url: String,
        /// Its SPDX id, if it has one.
        #[serde(default)]
        id: Option<String>,
    },
}

/// A licence as pages and data files state it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct License {
    /// The SPDX id (`CC-BY-4.0`), if it has one.
    pub id: Option<String>,
    /// Its short name (`CC BY 4.0`).
    pub short: String,
    /// Its full name.
    pub name: String,
    /// The licence's text.
    pub url: String,
}

/// The licences meant for open data that `license:` may name by id:
/// (SPDX id, short name, full name, URL).
pub const KNOWN: [(&str, &str, &str, &str); 6] = [
    (
        "CC-BY-4.0",
        "CC BY 4.0",
        "Creative Commons Attribution 4.0 International",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    (
        "CC-BY-SA-4.0",
        "CC BY-SA 4.0",
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    (
        "CC0-1.0",
        "CC0 1.0",
        "Creative Commons Zero v1.0 Universal",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    (
        "ODC-By-1.0",
        "ODC-By 1.0",
        "Open Data Commons Attribution License v1.0",
        "https://opendatacommons.org/licenses/by/1-0/",
    ),
    (
        "ODbL-1.0",
        "ODbL 1.0",
        "Open Data Commons Open Database License v1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
    (
        "PDDL-1.0",
        "PDDL 1.0",
        "Open Data Commons Public Domain Dedication and License v1.0",
        "https://opendatacommons.org/licenses/pddl/1-0/",
    ),
];

/// The ids of [`KNOWN`], for messages.
pub fn known_ids() -> String {
    KNOWN.map(|k| k.0).join(", ")
}

impl LicenseSpec {
    /// The licence it names; `Err` says why not.
    pub fn resolve(&self) -> Result<License, crate::messages::Msg> {
        use crate::messages::Msg;
        match self {
            LicenseSpec::Id(id) => KNOWN
                .iter()
                .find(|k| k.0.eq_ignore_ascii_case(id.trim()))
                .map(|&(id, short, name, url)| License {
                    id: Some(id.to_string()),
                    short: short.to_string(),
                    name: name.to_string(),
                    url: url.to_string(),
                })
                .ok_or_else(|| Msg::new("license-unknown").arg("id", id)),
            LicenseSpec::Custom { name, url, id } => {
                if name.trim().is_empty() {
                    return Err(Msg::new("license-no-name"));
                }
                if !matches!(super::safe::scheme(url).as_deref(), Some("http" | "https")) {
                    return Err(Msg::new("license-bad-url").arg("url", url));
                }
                Ok(License {
                    id: id.clone().filter(|i| !i.trim().is_empty()),
                    short: name.trim().to_string(),
                    name: name.trim().to_string(),
                    url: url.trim().to_string(),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_resolve_and_others_need_a_name_and_an_address() {
        let l = LicenseSpec::Id("cc-by-4.0".into()).resolve().unwrap();
        assert_eq!(l.id.as_deref(), Some("CC-BY-4.0"));
        assert_eq!(l.url, "https://creativecommons.org/licenses/by/4.0/");
        assert!(LicenseSpec::Id("MIT".into()).resolve().is_err());
        let custom = LicenseSpec::Custom {
            name: "Giấy phép dữ liệu mở của tỉnh".into(),
            url: "javascript:alert(1)".into(),
            id: None,
        };
        assert!(custom.resolve().is_err());
    }
}
