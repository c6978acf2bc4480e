//! `tiendo check`, `tiendo build` and `tiendo mv`: each calls the library and
//! prints what it did; a failure is returned, not turned into a code here.

use std::io::{IsTerminal, Write};
use std::path::Path;

use tiendo::model::Date;

use super::args::{Color, KindArg};
use super::failure::Failure;
use super::print::{print_diagnostics, say};
use tiendo::messages::Msg;

/// `tiendo check`: every problem, one a line (or quoted with the source in a
/// terminal), then a summary line.
pub fn check(
    site: &Path,
    as_of: Option<Date>,
    strict: bool,
    published: Option<&Path>,
    color: Color,
) -> Result<(), Failure> {
    if !site.is_dir() {
        return Err(Failure::not_a_folder(site));
    }
    let checked = tiendo::check(site, as_of);
    let as_of = checked.as_of;
    let diagnostics = match published {
        Some(file) if !checked.has_errors() => match checked.compute(false) {
            Ok(computed) => {
                let lost = tiendo::check_published(site, &computed, file, None)?;
                let mut d = computed.warnings;
                d.extend(lost.items);
                d
            }
            Err(failed) => failed.diagnostics,
        },
        _ => checked.diagnostics,
    };
    let d = &diagnostics;
    let mut out = std::io::stdout().lock();
    let terminal = out.is_terminal();
    print_diagnostics(d, site, color, &mut out, terminal);
    let failed = d.has_errors() || (strict && !d.is_empty());
    if super::print::quiet() && !failed {
        return Ok(());
    }
    let done = if failed {
        Msg::new("check-failed")
    } else {
        Msg::new("check-passed")
    }
    .arg("summary", d.summary())
    .arg("as_of", as_of.0);
    let _ = writeln!(out, "{}", say(&done));
    if failed {
        // The summary line above says it all.
        Err(Failure::Content(String::new()))
    } else {
        Ok(())
    }
}

/// `tiendo build`: the site into its output folder, or nothing at all.
pub fn build(site: &Path, opts: &tiendo::BuildOptions, color: Color) -> Result<(), Failure> {
    if !site.is_dir() {
        return Err(Failure::not_a_folder(site));
    }
    if let Some(url) = &opts.render.base_url {
        if let Err(why) = tiendo::model::safe::base_url_problem(url) {
            return Err(Failure::Usage(say(&Msg::new("cli-bad-base-url")
                .arg("url", url)
                .arg("why", why))));
        }
    }
    let terminal = std::io::stderr().is_terminal();
    // A build of more than a second shows how far it has got, on a terminal.
    let counter = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let shown = (terminal && !super::print::quiet()).then(|| Progress::start(&counter));
    let opts = &tiendo::BuildOptions {
        progress: Some(std::sync::Arc::clone(&counter)),
        ..opts.clone()
    };
    let result = tiendo::build(site, opts);
    drop(shown);
    let mut err = std::io::stderr().lock();
    let built = match result {
        Ok(built) => built,
        Err(e) => {
            if let tiendo::BuildError::Content(d) | tiendo::BuildError::LostAddresses(d) = &e {
                print_diagnostics(d, site, color, &mut err, terminal);
            }
            return Err(e.into());
        }
    };
    print_diagnostics(&built.warnings, site, color, &mut err, terminal);
    if super::print::verbose() {
        for (stage, took) in &built.stages {
            println!(
                "{}",
                say(&Msg::new("build-stage-time")
                    .arg("stage", stage_name(stage))
                    .arg("seconds", format!("{:.2}", took.as_secs_f64())))
            );
        }
    }
    if super::print::quiet() {
        return Ok(());
    }
    if let Some(search) = &built.search {
        print!(
            "{}",
            say(&Msg::new("build-search-index")
                .arg("pages", search.pages)
                .arg("seconds", format!("{:.2}", search.elapsed.as_secs_f64())))
        );
        let gzipped = search.gzip_reused + search.gzip_made;
        if gzipped > 0 {
            print!(
                "{}",
                say(&Msg::new("build-search-cache")
                    .arg("pages", search.pages_reused)
                    .arg("reused", search.gzip_reused)
                    .arg("files", gzipped))
            );
        }
        println!();
    }
    let warnings = if built.warnings.is_empty() {
        tiendo::messages::Arg::Text(String::new())
    } else {
        Msg::new("build-done-warnings")
            .arg("summary", built.warnings.summary())
            .into()
    };
    println!(
        "{}",
        say(&Msg::new("build-done")
            .arg("files", built.files)
            .arg("written", built.files - built.kept)
            .arg("kept", built.kept)
            .arg("seconds", format!("{:.2}", built.elapsed.as_secs_f64()))
            .arg("out", built.out.display().to_string())
            .arg("as_of", built.as_of.0)
            .arg("warnings", warnings))
    );
    if built.rendered_part {
        println!("{}", say(&Msg::new("build-rendered-part")));
    }
    Ok(())
}

/// A stage of the pipeline (`Built::stages`) in words.
fn stage_name(stage: &str) -> Msg {
    match stage {
        "load and check" => Msg::new("stage-load"),
        "statuses" => Msg::new("stage-statuses"),
        "render" => Msg::new("stage-render"),
        "publish" => Msg::new("stage-publish"),
        other => Msg::new("stage-other").arg("name", other),
    }
}

/// `tiendo mv`: plan the edits, check the site with them, write them all.
pub fn mv(
    site: &Path,
    kind: KindArg,
    old: &str,
    new: &str,
    dry_run: bool,
    color: Color,
) -> Result<(), Failure> {
    use tiendo::rename::{self, Kind, RenameError};
    if !site.is_dir() {
        return Err(Failure::not_a_folder(site));
    }
    let kind = match kind {
        KindArg::Task => Kind::Task,
        KindArg::Agency => Kind::Agency,
        KindArg::Locality => Kind::Locality,
        KindArg::Goal => Kind::Goal,
        KindArg::Practice => Kind::Practice,
        KindArg::Entry => Kind::Entry,
    };
    let planned = rename::plan(site, kind, old, new).and_then(|edits| {
        rename::check_edited(site, &edits)?;
        Ok(edits)
    });
    let edits = match planned {
        Ok(edits) => edits,
        Err(e) => {
            if let RenameError::Content(d) | RenameError::Invalid(d) = &e {
                let mut err = std::io::stderr().lock();
                let terminal = err.is_terminal();
                print_diagnostics(d, site, color, &mut err, terminal);
            }
            return Err(e.into());
        }
    };
    for e in &edits {
        let file = tiendo::diagnostics::display_path(&e.file);
        if let Some(to) = &e.renamed_to {
            println!(
                "{}",
                say(&Msg::new("mv-renamed-file")
                    .arg("file", &file)
                    .arg("to", tiendo::diagnostics::display_path(to)))
            );
        }
        for l in &e.lines {
            println!(
                "{file}:{}: {}\n  -> {}",
                l.line,
                l.before.trim(),
                l.after.trim()
            );
        }
        for (after, line) in &e.inserted {
            println!("{file}:{}: + {}", after + 1, line.trim());
        }
    }
    if dry_run {
        println!("{}", say(&Msg::new("mv-dry-run").arg("files", edits.len())));
        return Ok(());
    }
    rename::apply(site, &edits)?;
    println!(
        "{}",
        say(&Msg::new("mv-done")
            .arg("old", old)
            .arg("new", new)
            .arg("files", edits.len()))
    );
    Ok(())
}

/// A spinner on stderr with the files written so far, shown once a build has
/// taken a second (indicatif); gone when dropped.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(counter: &std::sync::Arc<std::sync::atomic::AtomicUsize>) -> Progress {
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (stop, files) = (std::sync::Arc::clone(&done), std::sync::Arc::clone(counter));
        let thread = std::thread::spawn(move || {
            let started = std::time::Instant::now();
            let tick = std::time::Duration::from_millis(100);
            while started.elapsed() < std::time::Duration::from_secs(1) {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(tick);
            }
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
            while !stop.load(Ordering::Relaxed) {
                bar.set_message(say(
                    &Msg::new("build-progress").arg("files", files.load(Ordering::Relaxed))
                ));
                bar.tick();
                std::thread::sleep(tick);
            }
            bar.finish_and_clear();
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
