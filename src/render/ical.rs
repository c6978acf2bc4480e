//! The deadlines calendar as iCalendar (RFC 5545), for calendar programs to
//! subscribe to: the site's (`lich/lich.ics`) and each agency's
//! (`co-quan/<id>/lich.ics`, the tasks it leads, coordinates or directs). One
//! all-day event per task whose deadline has a last day, on that day, linking
//! to the task's page. Written with the `icalendar` crate (escaping, line
//! folding); nothing in them comes from the clock: the UID is the task's
//! address and DTSTAMP the plan's date of issue (or the deadline), so two
//! builds of the same content write the same bytes.

use chrono::{NaiveTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, Property};

use super::context::Ctx;
use super::urls::paths;
use super::RenderError;

/// The site's calendar.
pub const SITE: &str = "lich/lich.ics";

/// An agency's calendar, beside its feed.
pub fn agency(id: &str) -> String {
    format!("{}lich.ics", paths::agency(id))
}

impl Ctx<'_> {
    /// The event of task `i`'s deadline, if it has a last day.
    fn deadline_event(&self, i: usize) -> Option<Event> {
        let task = &self.site.tasks[i];
        let end = task.due.as_ref()?.end()?;
        let v = &self.views.tasks[i];
        let url = self.urls.abs(&paths::task(&task.id));
        // The moment the plan was issued (midnight in the site's time zone),
        // or else the deadline's own day: content, never the clock.
        let stamp_day = self.site.plan.issued_on.unwrap_or(end);
        let stamp = stamp_day
            .0
            .and_time(NaiveTime::MIN)
            .and_local_timezone(self.tz())
            .single()
            .map_or_else(
                || stamp_day.0.and_time(NaiveTime::MIN).and_utc(),
                |t| t.with_timezone(&Utc),
            );
        let mut description = format!(
            "{}: {}\n{}: {}",
            self.t("deadline"),
            task.due_text.as_deref().unwrap_or(&v.due),
            self.t("lead"),
            v.lead.name
        );
        if !v.support.is_empty() {
            let names: Vec<&str> = v.support.iter().map(|a| a.name.as_str()).collect();
            description.push_str(&format!("\n{}: {}", self.t("support"), names.join(", ")));
        }
        if task.per_locality {
            description.push_str(&format!("\n{}", self.t("per_locality_task")));
        }
        description.push_str(&format!("\n{url}"));
        let mut e = Event::new();
        e.uid(&format!("{url}#thoi-han"))
            .timestamp(stamp)
            .summary(&format!("{}: {}", self.t("deadline"), task.title))
            .description(&description)
            .url(&url)
            .starts(end.0)
            .ends(end.0.succ_opt().unwrap_or(end.0))
            .categories([v.lead.name.as_str()])
            .append_property(Property::new("TRANSP", "TRANSPARENT"));
        Some(e.done())
    }

    /// A calendar named `name` of the deadlines of `tasks` (indices, in the
    /// plan's order), or `None` when none of them has a dated deadline (a
    /// calendar must hold at least one event).
    fn calendar_of(&self, name: &str, tasks: impl Iterator<Item = usize>) -> Option<String> {
        let mut events: Vec<(chrono::NaiveDate, usize, Event)> = tasks
            .filter_map(|i| {
                let end = self.site.tasks[i].due.as_ref()?.end()?;
                Some((end.0, i, self.deadline_event(i)?))
            })
            .collect();
        if events.is_empty() {
            return None;
        }
        events.sort_by_key(|(d, i, _)| (*d, *i));
        let mut cal = Calendar::empty();
        cal.append_property(Property::new("VERSION", "2.0"))
            .append_property(Property::new(
                "PRODID",
                format!(
                    "-//tiendo//tiendo {}//{}",
                    env!("CARGO_PKG_VERSION"),
                    self.site_view.lang.to_uppercase()
                ),
            ))
            .append_property(Property::new("CALSCALE", "GREGORIAN"))
            .append_property(Property::new("METHOD", "PUBLISH"))
            .name(name)
            .description(&self.t("calendar_ics_intro"))
            .ttl(&chrono::Duration::days(1));
        for (_, _, e) in events {
            cal.push(e);
        }
        Some(cal.done().to_string())
    }

    /// `lich/lich.ics` and every agency's `co-quan/<id>/lich.ics`.
    pub fn calendars(&self) -> Result<(), RenderError> {
        let site = self.site;
        let title = format!("{} — {}", self.t("calendar"), site.config.title);
        if let Some(ics) = self.calendar_of(&title, 0..site.tasks.len()) {
            self.sink.write(SITE, ics.as_bytes())?;
        }
        for a in &site.agencies {
            let concerns = |i: &usize| {
                let t = &site.tasks[*i];
                t.lead == a.id || t.support.contains(&a.id) || t.directed_by.contains(&a.id)
            };
            let name = format!("{} — {}", self.t("calendar"), a.name);
            if let Some(ics) = self.calendar_of(&name, (0..site.tasks.len()).filter(concerns)) {
                self.sink.write(&agency(&a.id), ics.as_bytes())?;
            }
        }
        Ok(())
    }
}
