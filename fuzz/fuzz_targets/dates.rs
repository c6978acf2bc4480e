//! Dates and deadlines as written in content (`2026-06-30`, `2026-Q3`,
//! `2026-06`, `{after: "..."}`): parsed directly and through YAML, and each
//! one that parses has an end date that does not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tiendo::model::{Date, Deadline};

fuzz_target!(|text: &str| {
    if let Ok(d) = Date::parse(text) {
        // Written back the ISO way, it reads as the same date.
        assert_eq!(Date::parse(&d.iso()), Ok(d));
        let _ = (d.quarter(), d.days_since(d));
    }
    if let Ok(dl) = Deadline::parse(text) {
        let _ = dl.end();
    }
    if let Ok(dl) = serde_yaml::from_str::<Deadline>(text) {
        let _ = dl.end();
    }
});
