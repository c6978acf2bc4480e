//! Deadlines as the plan writes them, and calendar dates.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::messages::Msg;

/// A calendar date written `YYYY-MM-DD` in content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        NaiveDate::from_ymd_opt(y, m, d).map(Date)
    }

    /// Parse `YYYY-MM-DD`, explaining what is wrong with an impossible date.
    /// A date as editors write it, the same in content files, on the command
    /// line and in spreadsheets: `2026-06-30`, or the Vietnamese way `30/6/2026`,
    /// `30/06/26`, `30.6.2026` (day first; a two-digit year is in the 2000s).
    pub fn parse(s: &str) -> Result<Date, Msg> {
        let s = s.trim();
        let (y, m, d) = if let Some(dmy) = Self::day_first(s) {
            dmy
        } else {
            let parts: Vec<&str> = s.split('-').collect();
            let nums: Option<Vec<u32>> = if parts.len() == 3
                && parts[0].len() == 4
                && parts[1].len() == 2
                && parts[2].len() == 2
            {
                parts.iter().map(|p| p.parse::<u32>().ok()).collect()
            } else {
                None
            };
            let Some(n) = nums else {
                return Err(Msg::new("date-not-a-date").arg("text", s));
            };
            (n[0] as i32, n[1], n[2])
        };
        if !(1..=12).contains(&m) {
            return Err(Msg::new("date-no-month").arg("text", s).arg("month", m));
        }
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => Ok(Date(date)),
            None => Err(Msg::new("date-no-day")
                .arg("text", s)
                .arg("month", m)
                .arg("year", y)
                .arg("days", days_in_month(y, m))),
        }
    }

    /// `D/M/YYYY`, `D/M/YY` or `D.M.YYYY` as (year, month, day).
    fn day_first(s: &str) -> Option<(i32, u32, u32)> {
        let sep = if s.contains('/') { '/' } else { '.' };
        let parts: Vec<&str> = s.split(sep).collect();
        let [d, m, y] = parts[..] else {
            return None;
        };
        let short = |p: &str, max: usize| {
            !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit())
        };
        if !(short(d, 2) && short(m, 2) && (y.len() == 2 || y.len() == 4) && short(y, 4)) {
            return None;
        }
        let y: i32 = y.parse().ok()?;
        let y = if y < 100 { 2000 + y } else { y };
        Some((y, m.parse().ok()?, d.parse().ok()?))
    }

    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    pub fn year(&self) -> i32 {
        self.0.year()
    }

    pub fn month(&self) -> u32 {
        self.0.month()
    }

    pub fn day(&self) -> u32 {
        self.0.day()
    }

    /// Quarter 1..=4.
    pub fn quarter(&self) -> u32 {
        (self.0.month() - 1) / 3 + 1
    }

    /// The day after (the day itself at the end of the calendar).
    pub fn next_day(&self) -> Date {
        Date(self.0.succ_opt().unwrap_or(self.0))
    }

    /// Whole days from `earlier` to `self` (negative if `earlier` is later).
    pub fn days_since(&self, earlier: Date) -> i64 {
        (self.0 - earlier.0).num_days()
    }
}

pub fn days_in_month(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(31)
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date written 30/6/2026 or 2026-06-30")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(|m| E::custom(m.encode()))
            }
        }
        d.deserialize_str(V)
    }
}

/// When a task is due, in each form the plan uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Deadline {
    /// "hoàn thành trong tháng 5/2026": the end of that month.
    Month { year: i32, month: u32 },
    /// "trong quý III/2026": the end of that quarter.
    Quarter { year: i32, quarter: u32 },
    /// A day.
    Day(Date),
    /// "thực hiện thường xuyên": never ends; judged by how recent the last report is.
    Ongoing,
    /// "sau khi có văn bản của Trung ương": due once the condition (verbatim) is met.
    After(String),
    /// "khi phát sinh": due only when a case arises, so never overdue for a
    /// unit that has not reported one.
    AsNeeded,
}

impl Deadline {
    /// The last day on which the task is still on time, if the deadline has one.
    pub fn end(&self) -> Option<Date> {
        match self {
            Deadline::Month { year, month } => {
                Date::ymd(*year, *month, days_in_month(*year, *month))
            }
            Deadline::Quarter { year, quarter } => {
                let m = quarter * 3;
                Date::ymd(*year, m, days_in_month(*year, m))
            }
            Deadline::Day(d) => Some(*d),
            Deadline::Ongoing | Deadline::After(_) | Deadline::AsNeeded => None,
        }
    }

    /// The machine form written in content (`2026-05`, `2026-Q3`, `ongoing`, ...).
    pub fn code(&self) -> String {
        match self {
            Deadline::Month { year, month } => format!("{year}-{month:02}"),
            Deadline::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Deadline::Day(d) => d.iso(),
            Deadline::Ongoing => "ongoing".into(),
            Deadline::After(_) => "after".into(),
            Deadline::AsNeeded => "as_needed".into(),
        }
    }

    /// Parse the string forms: `2026-05`, `2026-Q3`, `2026-06-30`, `ongoing`, `as_needed`.
    pub fn parse(s: &str) -> Result<Deadline, Msg> {
        let t = s.trim();
        let not_a_deadline = || Msg::new("deadline-not-a-deadline").arg("text", t);
        match t {
            "ongoing" => return Ok(Deadline::Ongoing),
            "as_needed" => return Ok(Deadline::AsNeeded),
            _ => {}
        }
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y, m] if y.len() == 4 => {
                let year: i32 = y.parse().map_err(|_| not_a_deadline())?;
                if let Some(q) = m.strip_prefix('Q').or_else(|| m.strip_prefix('q')) {
                    match q.parse::<u32>() {
                        Ok(quarter @ 1..=4) => Ok(Deadline::Quarter { year, quarter }),
                        _ => Err(Msg::new("deadline-no-quarter").arg("text", t)),
                    }
                } else {
                    match m.parse::<u32>() {
                        Ok(month @ 1..=12) if m.len() == 2 => Ok(Deadline::Month { year, month }),
                        Ok(1..=12) => Err(Msg::new("deadline-two-digits").arg("text", t).arg(
                            "example",
                            format!("{year}-{:02}", m.parse::<u32>().unwrap_or(1)),
                        )),
                        _ => Err(Msg::new("deadline-no-month")
                            .arg("text", t)
                            .arg("month", *m)),
                    }
                }
            }
            [_, _, _] => Date::parse(t).map(Deadline::Day),
            _ => Err(not_a_deadline()),
        }
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Deadline;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a deadline: 2026-05, 2026-Q3, 2026-06-30, ongoing, as_needed, or {after: \"the condition\"}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Deadline, E> {
                Deadline::parse(v).map_err(|m| E::custom(m.encode()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Deadline, A::Error> {
                let mut cond: Option<String> = None;
                while let Some(key) = map.next_key::<String>()? {
                    if key == "after" {
                        cond = Some(map.next_value()?);
                    } else {
                        return Err(de::Error::custom(
                            Msg::new("deadline-unknown-field")
                                .arg("field", key)
                                .encode(),
                        ));
                    }
                }
                match cond {
                    Some(c) if !c.trim().is_empty() => Ok(Deadline::After(c.trim().to_string())),
                    _ => Err(de::Error::custom(
                        Msg::new("deadline-no-condition").encode(),
                    )),
                }
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::Lang;

    #[test]
    fn dates_are_read_as_editors_write_them() {
        let want = Date::ymd(2026, 11, 30).unwrap();
        for s in [
            "2026-11-30",
            "30/11/2026",
            "30/11/26",
            "30.11.2026",
            " 30/11/2026 ",
        ] {
            assert_eq!(Date::parse(s), Ok(want), "{s}");
        }
        assert_eq!(
            Date::parse("7/3/2026"),
            Date::ymd(2026, 3, 7).ok_or(Msg::new("date-not-a-date"))
        );
        assert_eq!(
            Date::parse("31/2/2026").unwrap_err().render(Lang::En),
            "`31/2/2026` is not a date: month 2 of 2026 has 28 days"
        );
        assert_eq!(
            Date::parse("31/2/2026").unwrap_err().render(Lang::Vi),
            "`31/2/2026` không phải ngày có thật: tháng 2 năm 2026 chỉ có 28 ngày"
        );
        assert!(Date::parse("2026/11/30").is_err());
        assert!(Date::parse("30-11-2026").is_err());
        assert!(Date::parse("hôm nay")
            .unwrap_err()
            .render(Lang::En)
            .contains("30/6/2026 or 2026-06-30"));
    }

    #[test]
    fn statuses_are_read_in_either_language_with_or_without_tone_marks() {
        use crate::model::EntryStatus;
        for (s, want) in [
            ("in_progress", EntryStatus::InProgress),
            ("in-progress", EntryStatus::InProgress),
            ("Đang thực hiện", EntryStatus::InProgress),
            ("dang thuc hien", EntryStatus::InProgress),
            ("HOÀN THÀNH", EntryStatus::Done),
            ("gặp vướng mắc", EntryStatus::Blocked),
            ("đã lên kế hoạch", EntryStatus::Planned),
        ] {
            assert_eq!(EntryStatus::parse(s), Ok(want), "{s}");
        }
        assert!(EntryStatus::parse("xong rồi")
            .unwrap_err()
            .render(Lang::Vi)
            .contains("hoàn thành"));
        let yaml: EntryStatus = serde_yaml::from_str("Hoàn thành").unwrap();
        assert_eq!(yaml, EntryStatus::Done);
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn every_form_parses_and_ends_where_the_plan_means() {
        assert_eq!(
            Deadline::parse("2026-05").unwrap().end(),
            Some(d("2026-05-31"))
        );
        assert_eq!(
            Deadline::parse("2026-06").unwrap().end(),
            Some(d("2026-06-30"))
        );
        assert_eq!(
            Deadline::parse("2026-Q3").unwrap().end(),
            Some(d("2026-09-30"))
        );
        assert_eq!(
            Deadline::parse("2026-Q1").unwrap().end(),
            Some(d("2026-03-31"))
        );
        assert_eq!(
            Deadline::parse("2026-Q4").unwrap().end(),
            Some(d("2026-12-31"))
        );
        assert_eq!(
            Deadline::parse("2026-06-30").unwrap().end(),
            Some(d("2026-06-30"))
        );
        assert_eq!(Deadline::parse("ongoing").unwrap(), Deadline::Ongoing);
        assert_eq!(Deadline::parse("ongoing").unwrap().end(), None);
        assert_eq!(Deadline::parse("as_needed").unwrap(), Deadline::AsNeeded);
        assert_eq!(Deadline::AsNeeded.end(), None);
        assert_eq!(Deadline::AsNeeded.code(), "as_needed");
    }

    #[test]
    fn february_in_leap_and_common_years() {
        assert_eq!(
            Deadline::parse("2028-02").unwrap().end(),
            Some(d("2028-02-29"))
        );
        assert_eq!(
            Deadline::parse("2026-02").unwrap().end(),
            Some(d("2026-02-28"))
        );
        assert!(Date::parse("2028-02-29").is_ok());
        let e = Date::parse("2026-02-29").unwrap_err().render(Lang::En);
        assert!(e.contains("has 28 days"), "{e}");
        let e = Date::parse("2026-02-30").unwrap_err().render(Lang::En);
        assert!(e.contains("month 2 of 2026 has 28 days"), "{e}");
    }

    #[test]
    fn bad_forms_are_explained() {
        assert!(Deadline::parse("2026-13")
            .unwrap_err()
            .render(Lang::En)
            .contains("no month 13"));
        assert!(Deadline::parse("2026-Q5")
            .unwrap_err()
            .render(Lang::En)
            .contains("Q1 to Q4"));
        assert!(Deadline::parse("2026-5")
            .unwrap_err()
            .render(Lang::En)
            .contains("two digits"));
        assert!(Deadline::parse("soon")
            .unwrap_err()
            .render(Lang::En)
            .contains("not a deadline"));
        assert!(Deadline::parse("asneeded")
            .unwrap_err()
            .render(Lang::En)
            .contains("as_needed (only when a case arises)"));
        assert!(Date::parse("30 tháng 6")
            .unwrap_err()
            .render(Lang::En)
            .contains("30/6/2026 or 2026-06-30"));
    }

    #[test]
    fn yaml_forms() {
        let dl: Deadline = serde_yaml::from_str("{after: \"có văn bản của Trung ương\"}").unwrap();
        assert_eq!(dl, Deadline::After("có văn bản của Trung ương".into()));
        let dl: Deadline = serde_yaml::from_str("2026-Q3").unwrap();
        assert_eq!(
            dl,
            Deadline::Quarter {
                year: 2026,
                quarter: 3
            }
        );
        let dl: Deadline = serde_yaml::from_str("2026-06-30").unwrap();
        assert_eq!(dl, Deadline::Day(d("2026-06-30")));
        assert!(serde_yaml::from_str::<Deadline>("{before: x}").is_err());
        assert!(serde_yaml::from_str::<Deadline>("{after: \"\"}").is_err());
    }
}
