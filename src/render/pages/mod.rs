//! Every HTML page of the portal, one file per kind of page. The site's one
//! list of pages is [`registry::PageId`]; what all pages share is
//! [`super::context::Ctx`]. Each page gets only the data it shows; the many pages
//! of one kind (entries, tasks, localities, list pages) are rendered in parallel.

mod agencies;
mod calendar;
mod embeds;
mod goals;
mod gone;
mod home;
pub mod incremental;
mod localities;
mod monitor;
mod plan;
mod practices;
mod progress;
pub mod reach;
mod registry;
mod search;
mod tasks;

pub use registry::PageId;
