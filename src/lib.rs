//! tiendo: a static site generator for public reporting on government plans.
//!
//! The stages, in the order [`build`] runs them: [`content`] reads the files,
//! [`model`] validates and computes statuses, [`render`] turns the model into pages,
//! [`output`] writes them atomically. `main.rs` only parses arguments.

pub mod content;
pub mod diagnostics;
pub mod model;

use std::path::Path;

use chrono::{FixedOffset, Utc};

use diagnostics::{At, Diagnostic, Diagnostics, Seg};
use model::{Date, Site};

/// The result of loading and validating a site.
pub struct Checked {
    pub site: Option<Site>,
    pub as_of: Date,
    pub diagnostics: Diagnostics,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.has_errors()
    }
}

/// Today in a time zone written like `+07:00`.
pub fn today_in(offset: FixedOffset) -> Date {
    Date(Utc::now().with_timezone(&offset).date_naive())
}

/// Load and validate the site in `site_dir`. `as_of` overrides site.yaml's `as_of`;
/// without either, statuses are computed for today in the site's time zone.
pub fn check(site_dir: &Path, as_of: Option<Date>) -> Checked {
    let loaded = content::load(site_dir);
    let mut d = loaded.diagnostics;
    let mut site = loaded.site;
    let mut offset = FixedOffset::east_opt(7 * 3600).expect("+07:00 is a valid offset");
    if let Some(site) = &site {
        match site.config.timezone.parse::<FixedOffset>() {
            Ok(o) => offset = o,
            Err(_) => d.push(
                Diagnostic::error(
                    "content/site.yaml",
                    At::Value {
                        path: vec![Seg::Key("timezone".into())],
                        key: false,
                    },
                    format!("`{}` is not a time zone offset", site.config.timezone),
                )
                .help("write the offset from UTC, e.g. \"+07:00\" for Vietnam"),
            ),
        }
    }
    let as_of = as_of
        .or_else(|| site.as_ref().and_then(|s| s.config.as_of))
        .unwrap_or_else(|| today_in(offset));
    if let Some(site) = &mut site {
        site.validate(as_of, &mut d);
    }
    d.resolve(site_dir);
    Checked {
        site,
        as_of,
        diagnostics: d,
    }
}
