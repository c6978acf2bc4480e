//! The stages every command runs, once, in this order:
//!
//! 1. [`load`]: read the content files ([`crate::content`]);
//! 2. [`check()`]: validate them ([`crate::model`]), with the checks that need
//!    the disk (media kinds) or the render stage's paths (aliases);
//! 3. [`Checked::compute`]: the statuses as of a date;
//! 4. [`render`]: the pages into a [`crate::render::Sink`] (a staging folder,
//!    or memory for the preview);
//! 5. [`publish`]: media copied, the search index finished, published
//!    addresses guarded, the staging folder swapped in.
//!
//! `tiendo build` is [`build`]; `tiendo serve` loads only what changed, then
//! runs [`check()`], [`Checked::compute`] and [`render`] into memory; `tiendo
//! report` stops after [`Checked::compute`]; `tiendo import` and `tiendo new`
//! check a candidate site before writing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, Utc};

use crate::diagnostics::{self, At, Diagnostic, Diagnostics, Seg};
use crate::messages::{Arg, Msg};
use crate::model::{self, Date, Progress, Site};
use crate::{addresses, cache, content, output, render, search};

pub mod rebuild;

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

/// Stage 1: read the content files of `site_dir`.
pub fn load(site_dir: &Path) -> content::Loaded {
    content::load(site_dir)
}

/// Stages 1 and 2: load and validate the site in `site_dir`. `as_of` overrides
/// site.yaml's `as_of`; without either, statuses are computed for today in the
/// site's time zone.
pub fn check(site_dir: &Path, as_of: Option<Date>) -> Checked {
    check_loaded(site_dir, load(site_dir), as_of)
}

/// Stage 2, [`check`] for content already loaded (the preview server reloads
/// only the files that changed, then checks the whole site again).
pub fn check_loaded(site_dir: &Path, loaded: content::Loaded, as_of: Option<Date>) -> Checked {
    check_with(site_dir, loaded, as_of, None)
}

/// [`check_loaded`], placing the diagnostics of files whose places `places`
/// holds without reading them again (the preview keeps them between saves).
pub fn check_loaded_keeping(
    site_dir: &Path,
    loaded: content::Loaded,
    as_of: Option<Date>,
    places: &mut content::spans::Places,
) -> Checked {
    check_with(site_dir, loaded, as_of, Some(places))
}

fn check_with(
    site_dir: &Path,
    loaded: content::Loaded,
    as_of: Option<Date>,
    places: Option<&mut content::spans::Places>,
) -> Checked {
    let mut d = loaded.diagnostics;
    let site = loaded.site;
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
                    Msg::new("bad-timezone").arg("timezone", &site.config.timezone),
                )
                .help(Msg::new("bad-timezone-help")),
            ),
        }
    }
    let as_of = as_of
        .or_else(|| site.as_ref().and_then(|s| s.config.as_of))
        .unwrap_or_else(|| today_in(offset));
    if let Some(site) = &site {
        check_site(site_dir, site, as_of, &mut d);
    }
    match places {
        Some(places) => content::spans::resolve_keeping(&mut d, site_dir, places),
        None => content::spans::resolve(&mut d, site_dir),
    }
    Checked {
        site,
        as_of,
        diagnostics: d,
    }
}

/// The checks that need the whole loaded site: the model's own
/// ([`Site::validate`]), aliases and links against the paths the render stage
/// writes, and the kinds of the media files on disk. Also run by the preview's
/// forms on a candidate site, before a file is written.
pub fn check_site(site_dir: &Path, site: &Site, as_of: Date, d: &mut Diagnostics) {
    site.validate(as_of, d);
    site.check_alias_collisions(|path| render::urls::reserved(site, path), d);
    site.check_body_links(|path| render::urls::reserved(site, path).is_some(), d);
    check_media_kinds(site_dir, site, d);
}

/// A valid site and its statuses: what the render stage and the report take.
pub struct Computed {
    pub site: Site,
    pub as_of: Date,
    pub progress: Progress,
    /// What check found that does not stop the build.
    pub warnings: Diagnostics,
}

/// A site that did not pass the check: its diagnostics, and the site as far
/// as it loaded (the preview keeps it to reload only what changes next).
pub struct Failed {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
}

impl Checked {
    /// Stage 3: the statuses as of the checked date, unless the content has
    /// errors (or, when `strict`, warnings).
    pub fn compute(self, strict: bool) -> Result<Computed, Box<Failed>> {
        let failed = self.has_errors() || (strict && !self.diagnostics.is_empty());
        match self.site {
            Some(site) if !failed => Ok(Computed {
                progress: site.progress(self.as_of),
                site,
                as_of: self.as_of,
                warnings: self.diagnostics,
            }),
            site => Err(Box::new(Failed {
                site,
                diagnostics: self.diagnostics,
            })),
        }
    }
}

/// Stage 4: every page of the site into `sink`, with the theme of `site_dir`
/// (returned, for the preview's quick re-renders).
pub fn render(
    site_dir: &Path,
    computed: &Computed,
    opts: &render::Options,
    sink: &dyn render::Sink,
) -> Result<render::Theme, render::RenderError> {
    let theme = render::Theme::load(site_dir).map_err(render::RenderError::from)?;
    render::render_site(&computed.site, &computed.progress, &theme, opts, sink, None)?;
    Ok(theme)
}

/// Media files are published as they are: only kinds a browser shows or
/// downloads without running anything (PDF, PNG, JPEG, GIF, WebP, plain text,
/// office documents), recognised by their first bytes and named accordingly.
fn check_media_kinds(site_dir: &Path, site: &Site, d: &mut Diagnostics) {
    for m in &site.media {
        let rel = Path::new("content").join(m);
        if let Err(what) = media_kind(&site_dir.join(&rel), m) {
            d.push(
                Diagnostic::error(
                    &rel,
                    At::File,
                    Msg::new("media-unpublishable")
                        .arg("file", m)
                        .arg("what", what),
                )
                .label(Msg::new("media-unpublishable-label"))
                .help(Msg::new("media-unpublishable-help")),
            );
        }
    }
}

/// [`model::safe::media_kind`] of a file, from its first bytes.
fn media_kind(abs: &Path, name: &str) -> Result<model::safe::MediaKind, Msg> {
    use std::io::Read;
    let mut head = Vec::with_capacity(model::safe::SNIFF_LEN);
    std::fs::File::open(abs)
        .and_then(|f| f.take(model::safe::SNIFF_LEN as u64).read_to_end(&mut head))
        .map_err(|e| Msg::new("media-kind-unreadable").arg("why", e.to_string()))?;
    model::safe::media_kind(name, &head)
}

/// What `tiendo build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder (replaced atomically).
    pub out: PathBuf,
    pub as_of: Option<Date>,
    pub render: render::Options,
    /// Fail on warnings too.
    pub strict: bool,
    /// What the live site publishes (its sitemap.xml or `tiendo-addresses.json`),
    /// when the previous output is not at hand (a deploy job's fresh clone).
    pub published: Option<PathBuf>,
    /// Published addresses this build may drop on purpose.
    pub allow_removed: Vec<String>,
    /// Counts the files as they are written (for a progress display).
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
    /// Called once every page is rendered, before the search index is made:
    /// the program hands back to the system the memory rendering freed, so the
    /// index's own does not come on top of it (see `src/bin/tiendo/main.rs`).
    pub rendered: Option<fn()>,
}

/// A finished build.
#[derive(Debug)]
pub struct Built {
    pub out: PathBuf,
    pub files: usize,
    /// Of `files`, those kept from the previous output: the same bytes, the same
    /// modification time.
    pub kept: usize,
    pub as_of: Date,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
    /// The search index (part of `files`), unless it was turned off.
    pub search: Option<search::Indexed>,
    /// How long each stage took: load and check, statuses, render and publish.
    pub stages: Vec<(&'static str, Duration)>,
    /// Only the pages that the progress files changed since the previous
    /// build reach were rendered; the rest of its output was kept.
    pub rendered_part: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has errors (or warnings under `--strict`); nothing was written.
    #[error("the content has errors: {}", .0.summary().render(crate::messages::Lang::En))]
    Content(Diagnostics),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Search(#[from] search::SearchError),
    #[error(transparent)]
    Output(#[from] output::OutputError),
    /// Published addresses would disappear; nothing was written.
    #[error("{} published addresses would disappear", .0.count(diagnostics::Severity::Error))]
    LostAddresses(Diagnostics),
    /// `--published` names a file that is not a sitemap or manifest of this site.
    #[error("{}", .0.render(crate::messages::Lang::En))]
    Published(Msg),
}

impl BuildError {
    /// What went wrong, in words for the person who ran the build.
    pub fn message(&self) -> Msg {
        match self {
            BuildError::Content(d) => Msg::new("build-content-errors").arg("summary", d.summary()),
            BuildError::Render(e) => e.message(),
            BuildError::Search(e) => e.message(),
            BuildError::Output(e) => e.message(),
            BuildError::LostAddresses(d) => {
                Msg::new("build-lost-addresses").arg("count", d.count(diagnostics::Severity::Error))
            }
            BuildError::Published(m) => m.clone(),
        }
    }

    /// What became of the output folder, in words (none when the message says it).
    pub fn aftermath_msg(&self) -> Option<Msg> {
        match self {
            BuildError::Output(e) => e.aftermath_msg(),
            _ => Some(Msg::new("aftermath-kept")),
        }
    }

    /// What became of the output folder, for the end of the message: kept as
    /// it was (always, but for a refused `-o` and a swap that failed halfway
    /// and could not be undone).
    pub fn aftermath(&self) -> &'static str {
        match self {
            BuildError::Output(e) => e.aftermath(),
            _ => "the previous output was left as it was",
        }
    }
}

/// `tiendo build`: every stage, into a staging folder that replaces the output
/// only when all went well. Any failure leaves the previous output untouched.
/// Into an output the previous build made, only the pages that the progress
/// files changed since reach are rendered ([`rebuild`]).
pub fn build(site_dir: &Path, opts: &BuildOptions) -> Result<Built, BuildError> {
    let start = Instant::now();
    let mut loaded = load(site_dir);
    if let (Some(url), Some(site)) = (&opts.render.base_url, &mut loaded.site) {
        // The site is published at `--base-url`: check that address, not
        // site.yaml's (which may still be an example).
        site.config.base_url = url.clone();
    }
    let checked = check_loaded(site_dir, loaded, opts.as_of);
    let mut stages = vec![("load and check", start.elapsed())];
    let computed = checked
        .compute(opts.strict)
        .map_err(|f| BuildError::Content(f.diagnostics))?;
    stages.push(("statuses", start.elapsed()));
    // The cache of slow derived files (search packs, share images, what the
    // last build's pages show) is the pipeline's: it opens it and hands each
    // part to the stage that uses it.
    let cache_dir = site_dir.join(cache::DIR);
    cache::remove_leftovers(&cache_dir);
    let mut render_opts = opts.render.clone();
    if render_opts.images.is_none() {
        render_opts.images = Some(std::sync::Arc::new(cache::Cache::new(
            &cache_dir, "og", "png",
        )));
    }
    let key = rebuild::inputs_key(site_dir, &opts.out, &opts.render, computed.as_of);
    let reach = key
        .as_deref()
        .and_then(|k| rebuild::Saved::read(&cache_dir, k, &opts.out))
        .and_then(|saved| saved.reach(&computed.site, &computed.progress));
    // Whatever this build does to the output, the saved state no longer
    // describes it until the build saves its own.
    rebuild::Saved::forget(&cache_dir);
    let mut write = |reach| {
        stages.truncate(2);
        write(
            site_dir,
            &computed,
            opts,
            &render_opts,
            &cache_dir,
            reach,
            (start, &mut stages),
        )
    };
    let (mut built, records, cards) = match reach.as_ref().map(|r| write(Some(r))) {
        Some(Ok(Some(done))) => done,
        Some(Err(e)) => return Err(e),
        // Part of the previous output could not be kept: render everything.
        Some(Ok(None)) | None => write(None)?.ok_or_else(|| {
            BuildError::Render(render::RenderError::Other("the build stopped".into()))
        })?,
    };
    if let (Some(key), Some(files)) = (key, rebuild::output_list(&built.out)) {
        let saved = rebuild::Saved::of(
            key,
            files,
            &computed.site,
            &computed.progress,
            records,
            cards,
        );
        // The state is written while the model is freed: at 100,000 entries
        // each is a few tenths of a second of one core.
        let cache_dir = &cache_dir;
        std::thread::scope(|scope| {
            scope.spawn(move || saved.save(cache_dir));
            drop(computed);
        });
    }
    // Each stage's own time, from the marks taken at its end.
    let mut before = Duration::ZERO;
    built.stages = stages
        .into_iter()
        .map(|(name, at)| {
            let took = at.saturating_sub(before);
            before = at;
            (name, took)
        })
        .collect();
    Ok(built)
}

/// A finished build, with each search record's key and each share card's key
/// (what the next build keeps of it).
type Written = (
    Built,
    std::collections::BTreeMap<String, u128>,
    std::collections::BTreeMap<String, String>,
);

/// Stages 4 and 5 into a new staging folder: every page, or with `reach` the
/// pages it selects and the rest of the previous output kept. `None` when the
/// rest could not be kept (a file of the output edited by hand, a search record
/// missing from the cache): the staging folder is dropped, and the caller
/// renders everything.
fn write(
    site_dir: &Path,
    computed: &Computed,
    opts: &BuildOptions,
    render_opts: &render::Options,
    cache_dir: &Path,
    reach: Option<&rebuild::Reach>,
    (start, stages): (Instant, &mut Vec<(&'static str, Duration)>),
) -> Result<Option<Written>, BuildError> {
    let mut staging = output::Staging::new(&opts.out, site_dir)?;
    if let Some(counter) = &opts.progress {
        staging.count_into(std::sync::Arc::clone(counter));
    }
    // Pages are indexed as they are rendered, on the same threads; the index is
    // written into the same staging folder, so it is published with the pages
    // or not at all.
    if !opts.render.no_search {
        // Sized from the site, as the search page that names the index's parts.
        let pages = render::record::record_pages(&computed.site);
        let parts = render::record::index_parts(pages);
        staging.index_with(search::Indexer::new(Some(cache_dir), pages, parts)?);
    }
    let theme = render::Theme::load(site_dir).map_err(render::RenderError::from)?;
    let pick = reach.map(|r| render::pages::incremental::part(&r.selection, &r.cards));
    // The records of the reports this build does not render are added to the
    // search index while the pages render (the other record pages' once they
    // are rendered: a changed share card may add some).
    let (rendered, early) = std::thread::scope(|scope| {
        let early = match (reach, staging.indexer()) {
            (Some(r), Some(indexer)) => {
                let site = &computed.site;
                let rendered: std::collections::HashSet<String> = r
                    .selection
                    .entries
                    .iter()
                    .filter_map(|&i| site.entries.get(i))
                    .map(|e| render::urls::paths::entry(&e.id))
                    .collect();
                let later = move |path: &str| {
                    !path.starts_with(render::urls::paths::PROGRESS)
                        || rendered.contains(path)
                        || r.gone.contains(&format!("{path}index.html"))
                };
                Some(scope.spawn(move || indexer.keep(&r.records, &later)))
            }
            _ => None,
        };
        let rendered = render::render_site(
            &computed.site,
            &computed.progress,
            &theme,
            render_opts,
            &staging,
            pick.as_ref().map(|p| p as render::Pick),
        );
        (rendered, early.map(|h| h.join().unwrap_or(false)))
    });
    let rendered = rendered?;
    stages.push(("render", start.elapsed()));
    if early == Some(false) {
        // A record the cache lost: render everything.
        return Ok(None);
    }
    // Everything rendered: nothing of the previous output is kept but what
    // this build wrote again.
    let reach = reach.filter(|_| !rendered.whole);
    let built = publish(site_dir, computed, opts, staging, reach, start)?;
    stages.push(("publish", start.elapsed()));
    Ok(built.map(|(built, records)| (built, records, rendered.cards)))
}

/// Stage 5: the media files copied, the search index finished, with a `reach`
/// the rest of the previous output kept, the published addresses guarded, then
/// the staging folder swapped in for the output. `None` when the rest could
/// not be kept (see [`write`]).
#[allow(clippy::type_complexity)]
pub fn publish(
    site_dir: &Path,
    computed: &Computed,
    opts: &BuildOptions,
    mut staging: output::Staging,
    reach: Option<&rebuild::Reach>,
    start: Instant,
) -> Result<Option<(Built, std::collections::BTreeMap<String, u128>)>, BuildError> {
    let site = &computed.site;
    let media = site_dir.join("content");
    // Check refused any other kind already; a file changed since is left out.
    site.media
        .iter()
        .filter(|m| media_kind(&media.join(m), m).is_ok())
        .try_for_each(|m| staging.copy(m, &media.join(m)))?;
    // A page no longer made, and the files made whole again: the search
    // index's and the manifest of addresses.
    let gone = |path: &str| {
        path.starts_with(search::BUNDLE_DIR)
            || path == addresses::MANIFEST
            || reach.is_some_and(|r| {
                r.gone.contains(path) || r.gone.contains(&format!("{path}index.html"))
            })
    };
    let indexer = staging.take_indexer();
    if let (Some(reach), Some(indexer)) = (reach, &indexer) {
        if !indexer.keep(&reach.records, &gone) {
            return Ok(None);
        }
    }
    if let Some(rendered) = opts.rendered {
        rendered();
    }
    let finish = |indexer: Option<search::Indexer>| indexer.map(|i| i.finish(&staging)).transpose();
    let guard = || guard_addresses(site_dir, site, computed.as_of, opts, &staging);
    let search = if reach.is_none() {
        // From here on only the index's own files are written (under pagefind/,
        // no address of their own): the addresses are guarded while the index
        // is made, on a core its one-thread stretches leave free.
        let (search, guarded) = std::thread::scope(|scope| {
            let guarded = scope.spawn(guard);
            let search = finish(indexer);
            let guarded = guarded
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (search, guarded)
        });
        let search = search?;
        guarded?;
        search
    } else {
        let search = finish(indexer)?;
        if !staging.keep_the_rest(&gone) {
            return Ok(None);
        }
        guard()?;
        search
    };
    let files = staging.files();
    let kept = staging.kept();
    let out = staging.commit()?;
    let mut warnings = computed.warnings.clone();
    if let Some(w) = robots_warning(site, opts.render.base_url.as_deref()) {
        warnings.push(w);
    }
    let records = search
        .as_ref()
        .map(|s| s.records.clone())
        .unwrap_or_default();
    Ok(Some((
        Built {
            out,
            files,
            kept,
            as_of: computed.as_of,
            warnings,
            elapsed: start.elapsed(),
            search,
            stages: Vec::new(),
            rendered_part: reach.is_some(),
        },
        records,
    )))
}

/// Crawlers read `robots.txt` only at the root of a host: under a base URL with
/// a path, the one the build writes is never read. Says so, and what to do.
fn robots_warning(site: &Site, base_url: Option<&str>) -> Option<Diagnostic> {
    let urls = render::Urls::new(base_url.unwrap_or(&site.config.base_url));
    if urls.prefix == "/" {
        return None;
    }
    let host = urls
        .base
        .strip_suffix(&urls.prefix[1..])
        .unwrap_or(&urls.base);
    let (robots, root, sitemap) = (
        urls.abs("robots.txt"),
        format!("{host}robots.txt"),
        urls.abs("sitemap.xml"),
    );
    let message = Msg::new("robots-under-path")
        .arg("prefix", &urls.prefix)
        .arg("robots", &robots)
        .arg("root", &root);
    let help = Msg::new("robots-under-path-help")
        .arg("sitemap", sitemap)
        .arg("root", &root);
    let at = if base_url.is_some() {
        At::File
    } else {
        At::Value {
            path: vec![Seg::Key("base_url".into())],
            key: false,
        }
    };
    Some(Diagnostic::warning("content/site.yaml", at, message).help(help))
}

/// The addresses `staging` publishes, written into it as its manifest, after
/// checking that none the previous output (or `opts.published`) had is lost.
fn guard_addresses(
    site_dir: &Path,
    site: &Site,
    as_of: Date,
    opts: &BuildOptions,
    staging: &output::Staging,
) -> Result<(), BuildError> {
    use render::Sink;
    let manifest = addresses::manifest(site, as_of, staging.written_paths());
    let previous = match &opts.published {
        Some(file) => {
            let base = opts
                .render
                .base_url
                .as_deref()
                .unwrap_or(&site.config.base_url);
            Some(addresses::read_published(file, base).map_err(BuildError::Published)?)
        }
        None => std::fs::read(staging.out().join(addresses::MANIFEST))
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok()),
    };
    if let Some(previous) = previous {
        lost_addresses(site_dir, site, &previous, &manifest, &opts.allow_removed)
            .map_err(|mut d| {
                if let Some(before) = previous
                    .as_of
                    .as_deref()
                    .filter(|b| *b > as_of.iso().as_str())
                {
                    d.push(
                        Diagnostic::warning(
                            "content/site.yaml",
                            At::File,
                            Msg::new("as-of-earlier-than-published")
                                .arg(
                                    "before",
                                    Date::parse(before)
                                        .map(|b| Arg::Date(b.0))
                                        .unwrap_or_else(|_| Arg::Text(before.to_string())),
                                )
                                .arg("as_of", as_of.0),
                        )
                        .help(Msg::new("as-of-earlier-than-published-help")),
                    );
                }
                d
            })
            .map_err(BuildError::LostAddresses)?;
    }
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| render::RenderError::Other(e.to_string()))?;
    staging.write(addresses::MANIFEST, &json)?;
    Ok(())
}

/// The diagnostics for the addresses of `previous` that `now` does not publish.
fn lost_addresses(
    site_dir: &Path,
    site: &Site,
    previous: &addresses::Manifest,
    now: &addresses::Manifest,
    allow_removed: &[String],
) -> Result<(), Diagnostics> {
    let now: std::collections::HashSet<String> =
        now.addresses.iter().map(|a| a.path.clone()).collect();
    let mut allowed = allow_removed.to_vec();
    allowed.extend(site.config.removed.iter().map(|r| r.path.clone()));
    let lost = addresses::lost(previous, &now, &allowed);
    if lost.is_empty() {
        return Ok(());
    }
    let mut d = addresses::report(&lost);
    content::spans::resolve(&mut d, site_dir);
    Err(d)
}

/// `tiendo check --published FILE`: the addresses of FILE (the live site's
/// sitemap or manifest) that the site, built now, would no longer publish. The
/// site is rendered in memory, without share images or search index.
pub fn check_published(
    site_dir: &Path,
    computed: &Computed,
    published: &Path,
    base_url: Option<&str>,
) -> Result<Diagnostics, BuildError> {
    let site = &computed.site;
    let base = base_url.unwrap_or(&site.config.base_url);
    let previous = addresses::read_published(published, base).map_err(BuildError::Published)?;
    struct Paths(std::sync::Mutex<Vec<String>>);
    impl render::Sink for Paths {
        fn write(&self, path: &str, _: &[u8]) -> Result<(), render::RenderError> {
            if let Ok(mut p) = self.0.lock() {
                p.push(path.to_string());
            }
            Ok(())
        }
    }
    let sink = Paths(Default::default());
    let opts = render::Options {
        base_url: base_url.map(str::to_string),
        no_search: true,
        no_images: true,
        ..Default::default()
    };
    render(site_dir, computed, &opts, &sink)?;
    let written = sink.0.into_inner().unwrap_or_default();
    let now = addresses::manifest(site, computed.as_of, written);
    Ok(lost_addresses(site_dir, site, &previous, &now, &[])
        .err()
        .unwrap_or_default())
}
