//! tiendo: a static site generator for public reporting on government plans.
//!
//! Every command runs the stages of [`pipeline`], in order: [`content`] reads
//! the files, [`model`] validates them and computes statuses, [`render`] turns
//! the model into pages (indexed by [`search`]), [`output`] publishes them all
//! atomically. The command line (`src/bin/tiendo/`) only parses arguments,
//! calls the pipeline and prints.

pub mod addresses;
pub mod cache;
pub mod chars;
pub mod content;
pub mod csv_out;
pub mod diagnostics;
pub mod import;
pub mod io;
pub mod messages;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod rename;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod search;
pub mod serve;

pub use pipeline::{
    build, check, check_published, today_in, BuildError, BuildOptions, Built, Checked,
};
