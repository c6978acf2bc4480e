//! Progress drawn as inline SVG at build time: no chart library, no JavaScript.
//! Every chart carries a text alternative (`<title>` and `aria-label`); pages put
//! the same numbers in a table beside it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::views::{status_icon, t, Strings};
use crate::model::Status;

#[derive(Serialize, Clone)]
pub struct Segment {
    pub code: &'static str,
    pub label: String,
    pub icon: &'static str,
    pub count: usize,
    pub percent: usize,
}

/// Counts per status (in the fixed display order), with their share of `total`.
pub fn segments(counts: &[(Status, usize)], s: &Strings) -> Vec<Segment> {
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    Status::ALL
        .iter()
        .map(|st| {
            let count = counts.iter().filter(|(x, _)| x == st).map(|(_, n)| n).sum();
            Segment {
                code: st.code(),
                label: t(s, &format!("status_{}", st.code())).to_string(),
                icon: status_icon(*st),
                count,
                percent: (count * 100 + total / 2).checked_div(total).unwrap_or(0),
            }
        })
        .collect()
}

use super::engine::escape_html as escape;

/// A stacked bar of task statuses, 100 units wide, scaled by the browser.
pub fn status_bar(segs: &[Segment], title: &str) -> String {
    let total: usize = segs.iter().map(|s| s.count).sum();
    let alt: Vec<String> = segs
        .iter()
        .filter(|s| s.count > 0)
        .map(|s| format!("{}: {}", s.label, s.count))
        .collect();
    let alt = format!("{title}. {}", alt.join("; "));
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="{a}" width="100%" height="24"><title>{a}</title>"#,
        a = escape(&alt)
    );
    let mut x = 0.0f64;
    if total == 0 {
        svg.push_str(r#"<rect class="s-empty" x="0" y="0" width="100" height="8"/>"#);
    }
    for s in segs.iter().filter(|s| s.count > 0) {
        let w = s.count as f64 * 100.0 / total as f64;
        let _ = write!(
            svg,
            r#"<rect class="s-{}" x="{:.3}" y="0" width="{:.3}" height="8"/>"#,
            s.code, x, w
        );
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

/// A single progress meter (share done), e.g. communes done of all.
pub fn meter(done: usize, total: usize, label: &str) -> String {
    let pct = if total == 0 {
        0.0
    } else {
        done as f64 * 100.0 / total as f64
    };
    let alt = escape(&format!("{label}: {done}/{total}"));
    format!(
        r#"<svg class="meter" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label="{alt}" width="100%" height="14"><title>{alt}</title><rect class="m-track" x="0" y="0" width="100" height="6"/><rect class="m-fill" x="0" y="0" width="{pct:.3}" height="6"/></svg>"#
    )
}

/// Counts by status with the stacked bar drawn for them.
#[derive(Serialize)]
pub struct Rollup {
    pub total: usize,
    pub done: usize,
    pub share_done: usize,
    pub overdue: usize,
    pub segments: Vec<Segment>,
    pub svg: String,
}

impl Rollup {
    /// The counts of `statuses`, with the bar titled `title`.
    pub fn of(statuses: impl Iterator<Item = Status>, title: &str, s: &Strings) -> Rollup {
        let mut counts: BTreeMap<&'static str, (Status, usize)> = BTreeMap::new();
        for st in statuses {
            counts.entry(st.code()).or_insert((st, 0)).1 += 1;
        }
        let counts: Vec<(Status, usize)> = counts.into_values().collect();
        let segments = segments(&counts, s);
        let total: usize = counts.iter().map(|(_, n)| n).sum();
        let of = |x: Status| {
            counts
                .iter()
                .filter(|(st, _)| *st == x)
                .map(|(_, n)| n)
                .sum()
        };
        let done = of(Status::Done);
        Rollup {
            total,
            done,
            share_done: (done * 100 + total / 2).checked_div(total).unwrap_or(0),
            overdue: of(Status::Overdue),
            svg: status_bar(&segments, title),
            segments,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_has_text_alternative_and_widths() {
        let mut s = Strings::new();
        s.insert("status_done".into(), "Hoàn thành".into());
        s.insert("status_overdue".into(), "Quá hạn".into());
        let segs = segments(&[(Status::Done, 3), (Status::Overdue, 1)], &s);
        let svg = status_bar(&segs, "Tiến độ chung");
        assert!(
            svg.contains("aria-label=\"Tiến độ chung. Quá hạn: 1; Hoàn thành: 3\""),
            "{svg}"
        );
        assert!(svg.contains("width=\"75.000\""), "{svg}");
        assert_eq!(segs.iter().find(|x| x.code == "done").unwrap().percent, 75);
    }

    #[test]
    fn a_rollup_counts_by_status_and_rounds_the_share_done() {
        let s = Strings::new();
        let r = Rollup::of(
            [
                Status::Done,
                Status::Overdue,
                Status::Done,
                Status::InProgress,
                Status::Done,
                Status::NotStarted,
            ]
            .into_iter(),
            "Mục tiêu 1",
            &s,
        );
        assert_eq!((r.total, r.done, r.overdue, r.share_done), (6, 3, 1, 50));
        assert_eq!(r.segments.iter().map(|x| x.count).sum::<usize>(), 6);
        assert!(r.svg.contains("Mục tiêu 1"), "{}", r.svg);
        let none = Rollup::of(std::iter::empty(), "x", &s);
        assert_eq!((none.total, none.share_done), (0, 0));
        // 2 of 3 done: 66.7 % rounds to 67.
        let r = Rollup::of(
            [Status::Done, Status::Done, Status::Blocked].into_iter(),
            "x",
            &s,
        );
        assert_eq!(r.share_done, 67);
    }
}
