//! The theme: tera templates, static assets and UI strings. The default theme is
//! compiled into the binary, so a site needs no theme folder; a site overrides any
//! file by putting its own at the same path under `SITE/themes/default/`.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use include_dir::{include_dir, Dir};

use crate::model::Language;

static DEFAULT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Theme files by path relative to the theme folder (`templates/base.html`, ...).
pub struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("{path}: {message}")]
    File { path: String, message: String },
}

impl Theme {
    /// The embedded default theme with the site's overrides applied.
    pub fn load(site_dir: &Path) -> Result<Theme, ThemeError> {
        let mut files = BTreeMap::new();
        collect(&DEFAULT, &mut files);
        let over = site_dir.join("themes").join("default");
        if over.is_dir() {
            for e in walkdir::WalkDir::new(&over)
                .sort_by_file_name()
                .into_iter()
                .filter_map(|e| e.ok())
            {
                if !e.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = e.path().strip_prefix(&over) else {
                    continue;
                };
                let rel = crate::diagnostics::display_path(rel);
                let bytes = std::fs::read(e.path()).map_err(|err| ThemeError::File {
                    path: e.path().display().to_string(),
                    message: err.to_string(),
                })?;
                files.insert(rel, bytes);
            }
        }
        Ok(Theme { files })
    }

    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("templates/").map(|n| (n, v.as_slice())))
    }

    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|n| (n, v.as_slice())))
    }

    /// UI strings for `lang`, falling back to Vietnamese for missing keys.
    pub fn strings(&self, lang: Language) -> Result<HashMap<String, String>, ThemeError> {
        let parse = |name: &str| -> Result<HashMap<String, String>, ThemeError> {
            let path = format!("i18n/{name}.yaml");
            match self.files.get(&path) {
                None => Ok(HashMap::new()),
                Some(b) => serde_yaml::from_slice(b).map_err(|e| ThemeError::File {
                    path: format!("themes/default/{path}"),
                    message: e.to_string(),
                }),
            }
        };
        let mut strings = parse("vi")?;
        if lang == Language::En {
            strings.extend(parse("en")?);
        }
        Ok(strings)
    }
}

fn collect(dir: &Dir<'static>, out: &mut BTreeMap<String, Vec<u8>>) {
    for f in dir.files() {
        out.insert(
            crate::diagnostics::display_path(f.path()),
            f.contents().to_vec(),
        );
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}
