//! Checks that need the whole site: unique ids, references that resolve, values
//! in range, files that exist. Every problem is collected; nothing stops early.

use std::collections::HashMap;

use super::markdown::{self, Reading};
use super::safe::{base_url_problem, MAX_ID_LEN};
use super::types::*;
use super::{Date, Deadline, Site, Unloaded};
use crate::diagnostics::{did_you_mean, At, Diagnostic, Diagnostics, Seg};
use crate::messages::Msg;

/// A path into the record's YAML, prefixed by its index in a list file.
fn at(origin: &Origin, path: &[Seg]) -> At {
    let mut full = Vec::with_capacity(path.len() + 1);
    if let Some(i) = origin.item {
        full.push(Seg::Index(i));
    }
    full.extend_from_slice(path);
    At::Value {
        path: full,
        key: false,
    }
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

/// An id becomes a URL path segment: keep it to what every system writes alike.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

struct Ids<'a> {
    /// What the ids name (`kind-task`), put into words with the message.
    kind: Msg,
    map: &'a super::IdMap,
    unloaded: Option<&'a Unloaded>,
}

impl Ids<'_> {
    /// Report `id` at `where_` if no record of this kind has it (unless a record
    /// that may have it failed to load: that error is reported already).
    fn check(&self, id: &str, origin: &Origin, path: &[Seg], d: &mut Diagnostics) {
        if self.map.contains_key(id)
            || self
                .unloaded
                .is_some_and(|u| u.whole_file || u.ids.contains(id))
        {
            return;
        }
        let hint = did_you_mean(id, self.map.keys().map(|s| s.as_str()))
            .map(|s| Msg::new("did-you-mean").arg("id", s))
            .unwrap_or_else(|| Msg::new("unknown-id-help").arg("kind", self.kind.clone()));
        d.push(
            Diagnostic::error(
                &origin.file,
                at(origin, path),
                Msg::new("unknown-id")
                    .arg("kind", self.kind.clone())
                    .arg("id", id),
            )
            .label(Msg::new("unknown-id-label").arg("kind", self.kind.clone()))
            .help(hint),
        );
    }
}

impl Site {
    /// Report every problem with cross references and values. `as_of` is the date
    /// statuses are computed against (entries after it are flagged).
    pub fn validate(&self, as_of: Date, d: &mut Diagnostics) {
        self.check_ids(d);
        self.check_config(d);
        self.check_placeholders(d);
        self.check_aliases(d);
        self.check_urls(d);
        self.check_bodies(d);
        self.check_dates(as_of, d);
        let goals = Ids {
            kind: Msg::new("kind-goal"),
            map: &self.index.goal,
            unloaded: self.unloaded.get("goal"),
        };
        let agencies = Ids {
            kind: Msg::new("kind-agency"),
            map: &self.index.agency,
            unloaded: self.unloaded.get("agency"),
        };
        let localities = Ids {
            kind: Msg::new("kind-locality"),
            map: &self.index.locality,
            unloaded: self.unloaded.get("locality"),
        };
        let tasks = Ids {
            kind: Msg::new("kind-task"),
            map: &self.index.task,
            unloaded: self.unloaded.get("task"),
        };

        for a in &self.agencies {
            if let Some(p) = &a.parent {
                agencies.check(p, &a.origin, &[key("parent")], d);
            }
        }
        for t in &self.tasks {
            agencies.check(&t.lead, &t.origin, &[key("lead")], d);
            for (i, s) in t.support.iter().enumerate() {
                agencies.check(s, &t.origin, &[key("support"), Seg::Index(i)], d);
            }
            for (i, s) in t.directed_by.iter().enumerate() {
                agencies.check(s, &t.origin, &[key("directed_by"), Seg::Index(i)], d);
            }
            for (i, g) in t.goals.iter().enumerate() {
                goals.check(g, &t.origin, &[key("goals"), Seg::Index(i)], d);
            }
            if let Some(Deadline::After(c)) = &t.due {
                self.check_condition(c, &t.origin, d);
            }
        }
        for e in &self.entries {
            self.check_entry(e, as_of, &agencies, &localities, &tasks, d);
        }
        for p in &self.practices {
            agencies.check(&p.agency, &p.origin, &[key("agency")], d);
            if let Some(l) = &p.locality {
                localities.check(l, &p.origin, &[key("locality")], d);
            }
            for (i, g) in p.goals.iter().enumerate() {
                goals.check(g, &p.origin, &[key("goals"), Seg::Index(i)], d);
            }
            for (i, t) in p.tasks.iter().enumerate() {
                tasks.check(t, &p.origin, &[key("tasks"), Seg::Index(i)], d);
            }
            if let Some(img) = &p.image {
                self.check_media(img, &p.origin, &[key("image")], d);
                if p.image_alt.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    d.push(
                        Diagnostic::error(
                            &p.origin.file,
                            at(&p.origin, &[key("image")]),
                            Msg::new("image-without-alt"),
                        )
                        .label(Msg::new("image-without-alt-label"))
                        .help(Msg::new("image-without-alt-help")),
                    );
                }
            }
            if p.date > as_of {
                d.push(future(
                    &p.origin,
                    p.date,
                    as_of,
                    self.config.as_of == Some(as_of),
                    Msg::new("kind-practice"),
                ));
            }
        }
    }

    fn check_config(&self, d: &mut Diagnostics) {
        let c = &self.config;
        let file = std::path::Path::new("content/site.yaml");
        let val = |k: &str| At::Value {
            path: vec![key(k)],
            key: false,
        };
        if let Err(why) = base_url_problem(&c.base_url) {
            d.push(
                Diagnostic::error(
                    file,
                    val("base_url"),
                    Msg::new("bad-base-url")
                        .arg("url", &c.base_url)
                        .arg("why", why),
                )
                .help(Msg::new("bad-base-url-help")),
            );
        }
        if let Some(Err(why)) = c.license.as_ref().map(|l| l.resolve()) {
            d.push(
                Diagnostic::error(file, val("license"), why)
                    .help(Msg::new("bad-license-help").arg("known", super::license::known_ids())),
            );
        }
        if c.page_size == 0 {
            d.push(
                Diagnostic::error(file, val("page_size"), Msg::new("page-size-zero"))
                    .help(Msg::new("page-size-zero-help")),
            );
        }
        if c.stale_after_days < 1 {
            d.push(
                Diagnostic::error(file, val("stale_after_days"), Msg::new("stale-after-zero"))
                    .help(Msg::new("stale-after-zero-help")),
            );
        }
    }

    /// What `tiendo init` writes for the editor to replace: names and titles
    /// marked "(sửa lại)"/"(edit)", and, but for a demonstration site, an
    /// example address as `base_url`. Warnings (a new site builds at once), so
    /// `build --strict` refuses to publish them.
    fn check_placeholders(&self, d: &mut Diagnostics) {
        let site_yaml = Origin {
            file: "content/site.yaml".into(),
            item: None,
        };
        let plan = Origin {
            file: "content/plan.md".into(),
            item: None,
        };
        let mut texts: Vec<(&Origin, &str, &str)> = vec![
            (&site_yaml, "title", &self.config.title),
            (&plan, "title", &self.plan.title),
            (&plan, "issuer", &self.plan.issuer),
            (&plan, "signed_by", &self.plan.signed_by),
            (&plan, "signer_title", &self.plan.signer_title),
        ];
        texts.extend(
            self.goals
                .iter()
                .map(|g| (&g.origin, "title", g.title.as_str())),
        );
        texts.extend(
            self.agencies
                .iter()
                .map(|a| (&a.origin, "name", a.name.as_str())),
        );
        texts.extend(
            self.tasks
                .iter()
                .map(|t| (&t.origin, "title", t.title.as_str())),
        );
        for (origin, field, text) in texts {
            if PLACEHOLDER_MARKS.iter().any(|m| text.contains(m)) {
                d.push(
                    Diagnostic::warning(
                        &origin.file,
                        at(origin, &[key(field)]),
                        Msg::new("placeholder").arg("text", text),
                    )
                    .label(Msg::new("placeholder-label"))
                    .help(Msg::new("placeholder-help")),
                );
            }
        }
        if !self.config.demo && is_example_address(&self.config.base_url) {
            d.push(
                Diagnostic::warning(
                    &site_yaml.file,
                    at(&site_yaml, &[key("base_url")]),
                    Msg::new("example-address").arg("url", &self.config.base_url),
                )
                .label(Msg::new("example-address-label"))
                .help(Msg::new("example-address-help")),
            );
        }
    }

    /// Every alias with the record it belongs to and its index in `aliases:`.
    fn all_aliases(&self) -> impl Iterator<Item = (&String, &Origin, usize)> {
        self.goals
            .iter()
            .map(|x| (&x.aliases, &x.origin))
            .chain(self.agencies.iter().map(|x| (&x.aliases, &x.origin)))
            .chain(self.localities.iter().map(|x| (&x.aliases, &x.origin)))
            .chain(self.tasks.iter().map(|x| (&x.aliases, &x.origin)))
            .chain(self.entries.iter().map(|x| (&x.aliases, &x.origin)))
            .chain(self.practices.iter().map(|x| (&x.aliases, &x.origin)))
            .flat_map(|(aliases, o)| aliases.iter().enumerate().map(move |(i, a)| (a, o, i)))
    }

    /// Old addresses must be plain paths, and no two pages may claim one.
    fn check_aliases(&self, d: &mut Diagnostics) {
        let mut seen: HashMap<String, ()> = HashMap::new();
        for (a, o, i) in self.all_aliases() {
            let path = a.trim().trim_matches('/');
            let plain = !path.is_empty()
                && path.split('/').all(|seg| {
                    !seg.is_empty()
                        && seg != "."
                        && seg != ".."
                        && seg.len() <= MAX_ID_LEN
                        && seg
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
                });
            let field = [key("aliases"), Seg::Index(i)];
            if !plain {
                d.push(
                    Diagnostic::error(
                        &o.file,
                        at(o, &field),
                        Msg::new("alias-not-address").arg("alias", a),
                    )
                    .label(Msg::new("alias-not-address-label"))
                    .help(Msg::new("alias-not-address-help")),
                );
            } else if seen.insert(path.to_string(), ()).is_some() {
                d.push(
                    Diagnostic::error(
                        &o.file,
                        at(o, &field),
                        Msg::new("alias-twice").arg("alias", a),
                    )
                    .help(Msg::new("alias-twice-help")),
                );
            }
        }
        // Removed addresses answer with a "gone" page: none may be a page's
        // alias too, and each must say why.
        for (i, r) in self.config.removed.iter().enumerate() {
            let path = r.path.trim().trim_matches('/');
            let at_path = |k: &str| At::Value {
                path: vec![key("removed"), Seg::Index(i), key(k)],
                key: false,
            };
            let plain = !path.is_empty()
                && path.split('/').all(|seg| {
                    !seg.is_empty()
                        && seg != "."
                        && seg != ".."
                        && seg
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
                });
            if !plain {
                d.push(
                    Diagnostic::error(
                        "content/site.yaml",
                        at_path("path"),
                        Msg::new("removed-not-address").arg("path", &r.path),
                    )
                    .help(Msg::new("removed-not-address-help")),
                );
            } else if seen.insert(path.to_string(), ()).is_some() {
                d.push(
                    Diagnostic::error(
                        "content/site.yaml",
                        at_path("path"),
                        Msg::new("removed-and-alias").arg("path", &r.path),
                    )
                    .help(Msg::new("removed-and-alias-help")),
                );
            }
            if r.reason.trim().is_empty() {
                d.push(
                    Diagnostic::error(
                        "content/site.yaml",
                        at_path("reason"),
                        Msg::new("removed-without-reason"),
                    )
                    .help(Msg::new("removed-without-reason-help")),
                );
            }
        }
    }

    /// Aliases that fall on a path the build writes itself: `reserved` (the
    /// render stage's knowledge of its paths) says why, for a path like
    /// `nhiem-vu/x/`. Plain aliases only ([`Site::validate`] reports the rest).
    pub fn check_alias_collisions(
        &self,
        reserved: impl Fn(&str) -> Option<Msg>,
        d: &mut Diagnostics,
    ) {
        for (a, o, i) in self.all_aliases() {
            let path = super::alias_path(a);
            if path.is_empty() {
                continue;
            }
            if let Some(why) = reserved(&path) {
                d.push(
                    Diagnostic::error(
                        &o.file,
                        at(o, &[key("aliases"), Seg::Index(i)]),
                        Msg::new("alias-taken").arg("alias", a),
                    )
                    .label(why)
                    .help(Msg::new("alias-taken-help")),
                );
            }
        }
    }

    /// Every Markdown text: nesting the renderer refuses, links with a scheme that
    /// is not allowed. A text after front matter is pointed at by its offset; a
    /// text in a YAML field (`description:`, a batch's `body:`) at the field.
    fn check_bodies(&self, d: &mut Diagnostics) {
        use super::markdown::{ProblemKind, MAX_NESTING};
        self.for_each_text(|origin, _text, field, reading| {
            for p in &reading.problems {
                let at = text_at(origin, field, &p.range);
                d.push(match &p.kind {
                    ProblemKind::TooDeep => Diagnostic::error(
                        &origin.file,
                        at,
                        Msg::new("text-too-deep").arg("max", MAX_NESTING),
                    )
                    .label(Msg::new("text-too-deep-label"))
                    .help(Msg::new("text-too-deep-help")),
                    ProblemKind::Scheme(url) => scheme_error(url, &origin.file, at),
                });
            }
        });
    }

    /// Every Markdown text of the site with where it is and what Markdown reads
    /// in it: the plan, goals and practices after their front matter, tasks'
    /// `description`, entries' body (after front matter, or a batch file's
    /// `body:` field; read when the entry was loaded).
    fn for_each_text(&self, mut f: impl FnMut(&Origin, &str, &'static str, &Reading)) {
        let mut g = |origin: &Origin, text: &str, field: &'static str| {
            f(origin, text, field, &markdown::read(text))
        };
        let plan = Origin {
            file: "content/plan.md".into(),
            item: None,
        };
        g(&plan, &self.plan.body, "");
        for goal in &self.goals {
            g(&goal.origin, &goal.body, "");
        }
        for t in &self.tasks {
            if let Some(text) = &t.description {
                g(&t.origin, text, "description");
            }
        }
        for p in &self.practices {
            g(&p.origin, &p.body, "");
        }
        for e in &self.entries {
            match &e.reading {
                Some(reading) => f(&e.origin, &e.body, "body", reading),
                None => f(&e.origin, &e.body, "body", &markdown::read(&e.body)),
            }
        }
    }

    /// Links in Markdown texts to the site's own files and pages: a `media/`
    /// file must exist (an error: the page would show a broken image or link);
    /// a page of the site (`/nhiem-vu/x/`) must be one the site has, as
    /// `is_page` (the render stage's knowledge of its paths) says, or an old
    /// address in `aliases:` (a warning). A `media/` name with a space that
    /// Markdown does not read as a link is a warning saying how to write it.
    pub fn check_body_links(&self, is_page: impl Fn(&str) -> bool, d: &mut Diagnostics) {
        let aliases: std::collections::HashSet<String> = self
            .all_aliases()
            .map(|(a, _, _)| super::alias_path(a))
            .collect();
        self.for_each_text(|origin, text, field, reading| {
            for link in &reading.links {
                let Some(path) = site_path(&link.url) else {
                    continue;
                };
                let at = text_at(origin, field, &link.range);
                if path.starts_with("media/") {
                    if !self.media.contains(&path) {
                        d.push(
                            Diagnostic::error(
                                &origin.file,
                                at,
                                Msg::new("body-media-missing").arg("url", &link.url),
                            )
                            .label(Msg::new("body-media-missing-label"))
                            .help(
                                match same_kind_file(&path, &self.media) {
                                    Some(m) => {
                                        Msg::new("body-media-missing-suggest").arg("file", m)
                                    }
                                    None => Msg::new("body-media-missing-help"),
                                },
                            ),
                        );
                    }
                } else {
                    let page = super::alias_path(&path);
                    if !(page.is_empty() || is_page(&page) || aliases.contains(&page)) {
                        d.push(
                            Diagnostic::warning(
                                &origin.file,
                                at,
                                Msg::new("body-no-page").arg("url", &link.url),
                            )
                            .label(Msg::new("body-no-page-label"))
                            .help(Msg::new("body-no-page-help")),
                        );
                    }
                }
            }
            for range in &reading.unread_media {
                let written = text[range.clone()].to_string();
                d.push(
                    Diagnostic::warning(
                        &origin.file,
                        text_at(origin, field, range),
                        Msg::new("body-link-space").arg("written", &written),
                    )
                    .label(Msg::new("body-link-space-label"))
                    .help(Msg::new("body-link-space-help").arg("written", &written)),
                );
            }
        });
    }

    /// Every link field: http, https, mailto or relative only.
    fn check_urls(&self, d: &mut Diagnostics) {
        let plan = Origin {
            file: "content/plan.md".into(),
            item: None,
        };
        for (field, docs) in [
            ("legal_basis", &self.plan.legal_basis),
            ("cites", &self.plan.cites),
        ] {
            for (i, doc) in docs.iter().enumerate() {
                if let Some(u) = &doc.url {
                    check_url(u, &plan, &[key(field), Seg::Index(i), key("url")], d);
                }
            }
        }
        for e in &self.entries {
            for (i, ev) in e.evidence.iter().enumerate() {
                if let Some(u) = &ev.url {
                    check_url(
                        u,
                        &e.origin,
                        &[key("evidence"), Seg::Index(i), key("url")],
                        d,
                    );
                }
            }
        }
    }

    /// Dates far from the plan are typos (`0206-05-01`): warned about, since a
    /// bulletin is made for every month between the first date and the last.
    fn check_dates(&self, as_of: Date, d: &mut Diagnostics) {
        let window = self.date_window();
        let mut check = |date: Date, o: &Origin, path: &[Seg]| {
            if !window.contains(&date) {
                d.push(
                    Diagnostic::warning(
                        &o.file,
                        at(o, path),
                        Msg::new("date-far").arg("date", date.0),
                    )
                    .label(
                        Msg::new("date-window")
                            .arg("start", window.start().0)
                            .arg("end", window.end().0),
                    )
                    .help(Msg::new("date-far-help")),
                );
            }
        };
        let plan = Origin {
            file: "content/plan.md".into(),
            item: None,
        };
        if let Some(date) = self.plan.issued_on {
            check(date, &plan, &[key("issued_on")]);
        }
        for (field, docs) in [
            ("legal_basis", &self.plan.legal_basis),
            ("cites", &self.plan.cites),
        ] {
            for (i, doc) in docs.iter().enumerate() {
                if let Some(date) = doc.date {
                    check(date, &plan, &[key(field), Seg::Index(i), key("date")]);
                }
            }
        }
        for t in &self.tasks {
            if let Some(end) = t.due.as_ref().and_then(|due| due.end()) {
                check(end, &t.origin, &[key("due")]);
            }
        }
        for e in &self.entries {
            check(e.date, &e.origin, &[key("date")]);
            for (i, ev) in e.evidence.iter().enumerate() {
                if let Some(date) = ev.date {
                    check(
                        date,
                        &e.origin,
                        &[key("evidence"), Seg::Index(i), key("date")],
                    );
                }
            }
        }
        for p in &self.practices {
            check(p.date, &p.origin, &[key("date")]);
        }
        // A site with no date yet (a new one) has no window to be far from.
        if self.plan_start().is_some() && !window.contains(&as_of) {
            let site = Origin {
                file: "content/site.yaml".into(),
                item: None,
            };
            let path = if self.config.as_of == Some(as_of) {
                vec![key("as_of")]
            } else {
                vec![]
            };
            d.push(
                Diagnostic::warning(
                    &site.file,
                    at(&site, &path),
                    Msg::new("as-of-far").arg("date", as_of.0),
                )
                .label(
                    Msg::new("date-window")
                        .arg("start", window.start().0)
                        .arg("end", window.end().0),
                )
                .help(Msg::new("as-of-far-help")),
            );
        }
    }

    fn check_entry(
        &self,
        e: &Entry,
        as_of: Date,
        agencies: &Ids,
        localities: &Ids,
        tasks: &Ids,
        d: &mut Diagnostics,
    ) {
        let o = &e.origin;
        if e.task.is_none() && e.tasks.is_empty() {
            d.push(
                Diagnostic::error(&o.file, at(o, &[]), Msg::new("entry-without-task"))
                    .help(Msg::new("entry-without-task-help")),
            );
        }
        if let Some(t) = &e.task {
            tasks.check(t, o, &[key("task")], d);
        }
        for (i, t) in e.tasks.iter().enumerate() {
            tasks.check(t, o, &[key("tasks"), Seg::Index(i)], d);
        }
        agencies.check(&e.reporter, o, &[key("reporter")], d);
        if let Some(l) = &e.locality {
            localities.check(l, o, &[key("locality")], d);
        }
        let field_of = |t: &str| {
            if e.task.as_deref() == Some(t) {
                vec![key("task")]
            } else {
                let i = e.tasks.iter().position(|x| x == t).unwrap_or(0);
                vec![key("tasks"), Seg::Index(i)]
            }
        };
        for t in e.task_ids() {
            let Some(task) = self.task(t) else { continue };
            if task.per_locality && e.locality.is_none() {
                d.push(
                    Diagnostic::error(
                        &o.file,
                        at(o, &field_of(t)),
                        Msg::new("entry-without-locality").arg("task", t),
                    )
                    .label(Msg::new("entry-without-locality-label"))
                    .help(Msg::new("entry-without-locality-help")),
                );
            }
            if e.condition_met && !matches!(task.due, Some(Deadline::After(_))) {
                d.push(
                    Diagnostic::warning(
                        &o.file,
                        at(o, &[key("condition_met")]),
                        Msg::new("condition-met-unconditional").arg("task", t),
                    )
                    .help(Msg::new("condition-met-unconditional-help")),
                );
            }
        }
        if let Some(p) = e.percent {
            if !(0..=100).contains(&p) {
                d.push(
                    Diagnostic::error(
                        &o.file,
                        at(o, &[key("percent")]),
                        Msg::new("percent-out-of-range").arg("percent", p),
                    )
                    .label(Msg::new("percent-out-of-range-label"))
                    .help(Msg::new("percent-out-of-range-help")),
                );
            }
        }
        for (i, a) in e.attachments.iter().enumerate() {
            self.check_media(a, o, &[key("attachments"), Seg::Index(i)], d);
        }
        for (i, ev) in e.evidence.iter().enumerate() {
            let path = [key("evidence"), Seg::Index(i)];
            if ev.reference.is_none() && ev.url.is_none() && ev.file.is_none() {
                d.push(
                    Diagnostic::error(&o.file, at(o, &path), Msg::new("evidence-empty"))
                        .help(Msg::new("evidence-empty-help")),
                );
            }
            if let Some(f) = &ev.file {
                self.check_media(f, o, &[key("evidence"), Seg::Index(i), key("file")], d);
            }
        }
        if e.status == EntryStatus::Done && e.evidence.is_empty() {
            d.push(
                Diagnostic::warning(
                    &o.file,
                    at(o, &[key("status")]),
                    Msg::new("done-without-evidence"),
                )
                .label(Msg::new("done-without-evidence-label"))
                .help(Msg::new("done-without-evidence-help")),
            );
        }
        if e.date > as_of {
            d.push(future(
                o,
                e.date,
                as_of,
                self.config.as_of == Some(as_of),
                Msg::new("kind-entry"),
            ));
        }
    }

    fn check_media(&self, path: &str, o: &Origin, field: &[Seg], d: &mut Diagnostics) {
        let norm = path.trim_start_matches("./").trim_start_matches('/');
        if self.media.contains(norm) {
            return;
        }
        let hint = did_you_mean(norm, self.media.iter().map(|s| s.as_str()))
            .map(|s| Msg::new("did-you-mean").arg("id", s))
            .unwrap_or_else(|| Msg::new("media-missing-help"));
        d.push(
            Diagnostic::error(
                &o.file,
                at(o, field),
                Msg::new("media-missing").arg("path", path),
            )
            .label(Msg::new("media-missing-label"))
            .help(hint),
        );
    }

    fn check_ids(&self, d: &mut Diagnostics) {
        fn each<'a, T>(
            kind: Msg,
            items: &'a [T],
            f: impl Fn(&'a T) -> (&'a str, &'a Origin),
            from_file_name: bool,
            d: &mut Diagnostics,
        ) {
            // Made again on every save in the preview: a fast hash, and the path
            // of a problem made only when there is one.
            let mut seen: rustc_hash::FxHashMap<&str, &Origin> =
                rustc_hash::FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
            for it in items {
                let (id, o) = f(it);
                let path = || {
                    if from_file_name && o.item.is_none() {
                        vec![]
                    } else {
                        vec![key("id")]
                    }
                };
                if id.len() > MAX_ID_LEN {
                    d.push(
                        Diagnostic::error(
                            &o.file,
                            at(o, &path()),
                            Msg::new("id-too-long")
                                .arg("kind", kind.clone())
                                .arg("length", id.len()),
                        )
                        .label(Msg::new("id-too-long-label").arg("max", MAX_ID_LEN))
                        .help(Msg::new("id-too-long-help")),
                    );
                } else if !valid_id(id) {
                    d.push(
                        Diagnostic::error(
                            &o.file,
                            at(o, &path()),
                            Msg::new("id-not-url")
                                .arg("kind", kind.clone())
                                .arg("id", id),
                        )
                        .label(Msg::new("id-not-url-label"))
                        .help(Msg::new("id-not-url-help")),
                    );
                }
                if let Some(first) = seen.get(id) {
                    let file = crate::diagnostics::display_path(&first.file);
                    let label = match first.item {
                        Some(i) => Msg::new("id-duplicate-item")
                            .arg("file", file)
                            .arg("item", i + 1),
                        None => Msg::new("id-duplicate-file").arg("file", file),
                    };
                    d.push(
                        Diagnostic::error(
                            &o.file,
                            at(o, &path()),
                            Msg::new("id-duplicate")
                                .arg("kind", kind.clone())
                                .arg("id", id),
                        )
                        .label(label)
                        .help(if from_file_name && o.item.is_none() {
                            Msg::new("id-duplicate-from-name-help")
                        } else {
                            Msg::new("id-duplicate-help")
                        }),
                    );
                } else {
                    seen.insert(id, o);
                }
            }
        }
        each(
            Msg::new("kind-goal"),
            &self.goals,
            |x| (&x.id, &x.origin),
            false,
            d,
        );
        each(
            Msg::new("kind-agency"),
            &self.agencies,
            |x| (&x.id, &x.origin),
            false,
            d,
        );
        each(
            Msg::new("kind-locality"),
            &self.localities,
            |x| (&x.id, &x.origin),
            false,
            d,
        );
        each(
            Msg::new("kind-task"),
            &self.tasks,
            |x| (&x.id, &x.origin),
            false,
            d,
        );
        each(
            Msg::new("kind-entry"),
            &self.entries,
            |x| (&x.id, &x.origin),
            true,
            d,
        );
        each(
            Msg::new("kind-practice"),
            &self.practices,
            |x| (&x.id, &x.origin),
            true,
            d,
        );
    }
}

/// The words a page puts before a conditional deadline's condition, in `lang`.
pub fn condition_prefix(lang: Language) -> &'static str {
    match lang {
        Language::Vi => "sau khi",
        Language::En => "after",
    }
}

/// Lowercase words of `s`, punctuation set aside.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// The first word pair `text` says twice (`sau khi … sau khi`, `đội ngũ đội ngũ`).
pub fn repeated_pair(text: &str) -> Option<String> {
    let w = words(text);
    let pairs: Vec<(&str, &str)> = w
        .windows(2)
        .map(|p| (p[0].as_str(), p[1].as_str()))
        .collect();
    pairs.iter().enumerate().find_map(|(i, p)| {
        // A pair that overlaps itself (`a a a`) is not a repetition of a pair.
        pairs[i + 2.min(pairs.len() - i)..]
            .contains(p)
            .then(|| format!("{} {}", p.0, p.1))
    })
}

impl Site {
    /// A condition is written without the words the page adds before it: `{after:
    /// "sau khi có văn bản"}` would read "sau khi sau khi có văn bản".
    fn check_condition(&self, condition: &str, o: &Origin, d: &mut Diagnostics) {
        let prefix = condition_prefix(self.config.language);
        let shown = format!("{prefix} {condition}");
        let Some(pair) = repeated_pair(&shown) else {
            return;
        };
        let fix = if pair == prefix {
            // Everything up to and including the repeated words goes.
            condition
                .char_indices()
                .find(|&(at, _)| condition[at..].to_lowercase().starts_with(prefix))
                .map(|(at, _)| {
                    let rest: String = condition[at..]
                        .chars()
                        .skip(prefix.chars().count())
                        .collect();
                    rest.trim_start_matches([' ', ',', ':']).to_string()
                })
                .filter(|rest| !rest.is_empty())
        } else {
            None
        };
        let help = match fix {
            Some(rest) => Msg::new("condition-repeats-fix")
                .arg("prefix", prefix)
                .arg("rest", rest),
            None => Msg::new("condition-repeats-help")
                .arg("prefix", prefix)
                .arg("pair", &pair),
        };
        d.push(
            Diagnostic::warning(
                &o.file,
                at(o, &[key("due"), key("after")]),
                Msg::new("condition-repeats")
                    .arg("shown", &shown)
                    .arg("pair", &pair),
            )
            .label(Msg::new("condition-repeats-label").arg("prefix", prefix))
            .help(help),
        );
    }
}

/// The words `tiendo init` puts in what the editor must replace.
pub const PLACEHOLDER_MARKS: [&str; 4] = ["(sửa lại)", "(sửa tên)", "(edit)", "(edit the name)"];

/// An address under a domain reserved for examples (RFC 2606): `example.org`,
/// `www.example.com`, `x.example`.
fn is_example_address(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    ["example.com", "example.net", "example.org"]
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")))
        || host == "example"
        || host.ends_with(".example")
}

/// Where in its file a Markdown text's byte `range` is: by offset in a text
/// after front matter, or the YAML field holding the text in a list file.
fn text_at(origin: &Origin, field: &str, range: &std::ops::Range<usize>) -> At {
    match origin.item {
        None => At::Body {
            start: range.start,
            len: range.len(),
        },
        Some(i) => At::Value {
            path: vec![Seg::Index(i), Seg::Key(field.into())],
            key: false,
        },
    }
}

/// The site path a link in a text names (`media/a.png`, `/nhiem-vu/x/` →
/// `nhiem-vu/x/`), decoded; `None` for links elsewhere (another host, an
/// e-mail address, a page anchor, a relative `../` path).
fn site_path(url: &str) -> Option<String> {
    let url = url.split(['#', '?']).next().unwrap_or("");
    let path = if let Some(rest) = url.strip_prefix('/') {
        if rest.starts_with('/') {
            return None;
        }
        rest
    } else if url.starts_with("media/") {
        url
    } else {
        return None;
    };
    Some(
        percent_encoding::percent_decode_str(path)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// The file of `media` most like `path` among those of its kind (extension),
/// when it is close enough to be a typo.
fn same_kind_file<'a>(
    path: &str,
    media: &'a std::collections::BTreeSet<String>,
) -> Option<&'a str> {
    let ext = |p: &str| p.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    did_you_mean(
        path,
        media
            .iter()
            .map(String::as_str)
            .filter(|m| ext(m) == ext(path)),
    )
}

/// Report `url` at `path` unless its scheme is allowed.
fn check_url(url: &str, o: &Origin, path: &[Seg], d: &mut Diagnostics) {
    if super::safe::url_allowed(url) {
        return;
    }
    d.push(scheme_error(url, &o.file, at(o, path)));
}

/// A link whose scheme is not allowed, at `at` in `file`.
fn scheme_error(url: &str, file: &std::path::Path, at: At) -> Diagnostic {
    let scheme = super::safe::scheme(url).unwrap_or_default();
    Diagnostic::error(
        file,
        at,
        Msg::new("scheme-not-allowed").arg("scheme", scheme),
    )
    .label(Msg::new("scheme-not-allowed-label"))
    .help(Msg::new("scheme-not-allowed-help"))
}

/// `what` is dated after the date statuses are computed for: not shown yet.
/// `pinned` when that date is site.yaml's `as_of` (the editor may not know it
/// is there: a new report dated today vanishes without a word otherwise).
fn future(o: &Origin, date: Date, as_of: Date, pinned: bool, what: Msg) -> Diagnostic {
    Diagnostic::warning(
        &o.file,
        at(o, &[key("date")]),
        Msg::new("dated-after-as-of")
            .arg("what", what)
            .arg("date", date.0)
            .arg("as_of", as_of.0),
    )
    .label(Msg::new("dated-after-as-of-label"))
    .help(if pinned {
        Msg::new("dated-after-pinned-help").arg("as_of", as_of.0)
    } else {
        Msg::new("dated-after-help")
    })
}
