//! How dates, deadlines and names are written for readers: the Vietnamese way
//! ("ngày 07/3/2026", "tháng 6/2026", "quý III/2026") or the English one, and
//! Vietnamese collation for sorted lists.

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
use icu_locale_core::locale;

use crate::model::{Date, Deadline, Language};

const ROMAN: [&str; 5] = ["", "I", "II", "III", "IV"];
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "07/3/2026": the day with two digits, the month without a leading zero.
pub fn date_short(d: Date, lang: Language) -> String {
    match lang {
        Language::Vi => format!("{:02}/{}/{}", d.day(), d.month(), d.year()),
        Language::En => format!(
            "{} {} {}",
            d.day(),
            &EN_MONTHS[d.month() as usize - 1][..3],
            d.year()
        ),
    }
}

/// "ngày 07/3/2026".
pub fn date_long(d: Date, lang: Language) -> String {
    match lang {
        Language::Vi => format!("ngày {}", date_short(d, lang)),
        Language::En => format!(
            "{} {} {}",
            d.day(),
            EN_MONTHS[d.month() as usize - 1],
            d.year()
        ),
    }
}

/// "tháng 6/2026".
pub fn month(year: i32, month: u32, lang: Language) -> String {
    match lang {
        Language::Vi => format!("tháng {month}/{year}"),
        Language::En => format!("{} {year}", EN_MONTHS[month as usize - 1]),
    }
}

/// "quý III/2026".
pub fn quarter(year: i32, q: u32, lang: Language) -> String {
    match lang {
        Language::Vi => format!("quý {}/{year}", ROMAN[q as usize]),
        Language::En => format!("Q{q} {year}"),
    }
}

/// A deadline as a reader reads it; `None` when the task has none.
pub fn deadline(d: &Deadline, lang: Language) -> String {
    match (d, lang) {
        (Deadline::Month { year, month: m }, _) => month(*year, *m, lang),
        (Deadline::Quarter { year, quarter: q }, _) => quarter(*year, *q, lang),
        (Deadline::Day(day), _) => date_long(*day, lang),
        (Deadline::Ongoing, Language::Vi) => "thường xuyên".into(),
        (Deadline::Ongoing, Language::En) => "ongoing".into(),
        (Deadline::After(c), Language::Vi) => format!("sau khi {c}"),
        (Deadline::After(c), Language::En) => format!("after: {c}"),
        (Deadline::AsNeeded, Language::Vi) => "khi phát sinh".into(),
        (Deadline::AsNeeded, Language::En) => "when a case arises".into(),
    }
}

/// Vietnamese collation (ICU4X), for every list sorted by name.
pub struct Collation {
    collator: CollatorBorrowed<'static>,
}

impl Collation {
    pub fn new(lang: Language) -> Collation {
        let loc = match lang {
            Language::Vi => locale!("vi"),
            Language::En => locale!("en"),
        };
        let collator = Collator::try_new(loc.into(), CollatorOptions::default())
            .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()))
            .expect("the root collation is compiled into icu_collator");
        Collation { collator }
    }

    pub fn cmp(&self, a: &str, b: &str) -> Ordering {
        self.collator.compare(a, b)
    }
}

/// A locality's name without its kind ("Xã Ân Thi" → "Ân Thi"), for sorting.
pub fn without_kind(name: &str) -> &str {
    for p in ["Xã ", "Phường ", "Đặc khu ", "Thị trấn "] {
        if let Some(rest) = name.strip_prefix(p) {
            return rest;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn vietnamese_dates_and_deadlines() {
        let vi = Language::Vi;
        assert_eq!(date_long(d("2026-03-07"), vi), "ngày 07/3/2026");
        assert_eq!(date_short(d("2026-11-24"), vi), "24/11/2026");
        assert_eq!(
            deadline(&Deadline::parse("2026-06").unwrap(), vi),
            "tháng 6/2026"
        );
        assert_eq!(
            deadline(&Deadline::parse("2026-Q3").unwrap(), vi),
            "quý III/2026"
        );
        assert_eq!(
            deadline(&Deadline::parse("2026-Q4").unwrap(), vi),
            "quý IV/2026"
        );
        assert_eq!(
            deadline(&Deadline::parse("2026-06-30").unwrap(), vi),
            "ngày 30/6/2026"
        );
        assert_eq!(deadline(&Deadline::Ongoing, vi), "thường xuyên");
        assert_eq!(deadline(&Deadline::AsNeeded, vi), "khi phát sinh");
        assert_eq!(
            deadline(&Deadline::After("có văn bản của Trung ương".into()), vi),
            "sau khi có văn bản của Trung ương"
        );
        assert_eq!(
            deadline(&Deadline::parse("2026-Q3").unwrap(), Language::En),
            "Q3 2026"
        );
        assert_eq!(date_long(d("2026-03-07"), Language::En), "7 March 2026");
    }

    #[test]
    fn vietnamese_collation_is_not_byte_order() {
        let c = Collation::new(Language::Vi);
        let mut names = vec![
            "Đông Hưng",
            "Yên Mỹ",
            "Ân Thi",
            "An Lão",
            "Đại Đồng",
            "Dương Quang",
            "Ái Quốc",
        ];
        names.sort_by(|a, b| c.cmp(a, b));
        // Vietnamese order: a < ă < â ... d < đ; tones are secondary.
        assert_eq!(
            names,
            vec![
                "Ái Quốc",
                "An Lão",
                "Ân Thi",
                "Dương Quang",
                "Đại Đồng",
                "Đông Hưng",
                "Yên Mỹ"
            ]
        );
        let mut bytes = names.clone();
        bytes.sort();
        assert_ne!(bytes, names, "byte order would put Đ after Y");
    }
}
