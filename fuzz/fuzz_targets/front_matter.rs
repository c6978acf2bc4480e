//! A content file's front matter and YAML: split, bounded, parsed and read as
//! a progress entry, as `tiendo check` does. Any input: no panic, and within
//! the limits of `content::limits`.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use tiendo::content::{parse_yaml, split_front_matter, typed};
use tiendo::messages::Msg;
use tiendo::model::Entry;

fuzz_target!(|text: &str| {
    let rel = Path::new("content/progress/2026/x.md");
    let (yaml, offset) = match split_front_matter(text) {
        Ok(fm) => (fm.yaml, fm.yaml_line - 1),
        // A whole `.yaml` file.
        Err(_) => (text, 0),
    };
    if let Ok(value) = parse_yaml(yaml, rel, offset) {
        let _ = typed::<Entry>(value.clone(), rel, None, Msg::new("kind-entry"));
        let _ = typed::<Vec<Entry>>(value, rel, None, Msg::new("kind-entry"));
    }
});
