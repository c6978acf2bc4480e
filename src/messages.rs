//! Every sentence tiendo says to a person, in the site's language.
//!
//! The words are not in the code: they are in the Fluent catalogues
//! `locales/vi/tiendo.ftl` and `locales/en/tiendo.ftl`, compiled into the
//! binary. Code names a sentence by its id with the values it quotes
//! ([`Msg::new`]`("unknown-id").arg("id", …)`), and the sentence is put into
//! words when it is shown ([`Msg::render`]), in the language of the site
//! (`language:` in `content/site.yaml`) or of `--lang`. `tests/messages.rs`
//! fails on an id the code uses that a catalogue lacks, and on an id or a
//! value one catalogue has and the other has not.
//!
//! A leaf: it imports nothing of tiendo.

use std::borrow::Cow;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// The languages tiendo speaks; a site's `language:` picks one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// `vi`, `en`, `vi-VN`, `EN`… (the language part decides).
    pub fn parse(s: &str) -> Option<Lang> {
        let code = s.trim().split(['-', '_']).next().unwrap_or("");
        match code.to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The Fluent catalogue of this language, as written in `locales/`.
    pub fn catalogue(self) -> &'static str {
        match self {
            Lang::Vi => include_str!("../locales/vi/tiendo.ftl"),
            Lang::En => include_str!("../locales/en/tiendo.ftl"),
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::parse(s).ok_or_else(|| format!("`{s}`: vi | en"))
    }
}

/// A value a sentence quotes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Arg {
    /// Quoted as written (an id, a path, a value from content).
    Text(String),
    /// A number (plural forms choose by it).
    Num(i64),
    /// A date, written the way the language writes dates (`07/3/2026`, `2026-03-07`).
    Date(NaiveDate),
    /// Another sentence, put into words in the same language.
    Msg(Box<Msg>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Arg {
        Arg::Text(s.clone())
    }
}
impl From<Cow<'_, str>> for Arg {
    fn from(s: Cow<'_, str>) -> Arg {
        Arg::Text(s.into_owned())
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Arg {
        Arg::Num(n)
    }
}
impl From<i32> for Arg {
    fn from(n: i32) -> Arg {
        Arg::Num(n.into())
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Arg {
        Arg::Num(n.into())
    }
}
impl From<u64> for Arg {
    fn from(n: u64) -> Arg {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Arg {
        Arg::Num(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Arg {
        Arg::Date(d)
    }
}
impl From<Msg> for Arg {
    fn from(m: Msg) -> Arg {
        Arg::Msg(Box::new(m))
    }
}

/// A sentence: its id in the catalogues and the values it quotes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Msg {
    id: Cow<'static, str>,
    args: Vec<(Cow<'static, str>, Arg)>,
}

/// What starts a [`Msg`] carried inside another library's error text
/// ([`Msg::encode`]); printable, as clap drops control characters.
const MARK: &str = "⁅tiendo-msg⁆";

impl Msg {
    /// The sentence `id` of the catalogues (a literal: the catalogue test reads
    /// the ids from the code).
    pub fn new(id: &'static str) -> Msg {
        Msg {
            id: Cow::Borrowed(id),
            args: Vec::new(),
        }
    }

    /// The value `name` (`{ $name }` in the catalogues).
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        self.args.push((Cow::Borrowed(name), value.into()));
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// The value `name`, if the sentence quotes it.
    pub fn get(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// The sentence in `lang`. An id a catalogue lacks (the catalogue test
    /// forbids it) is said in the other language, or shown as the id.
    pub fn render(&self, lang: Lang) -> String {
        let found = [lang, other(lang)].into_iter().find_map(|l| {
            let bundle = bundle(l);
            let pattern = bundle.get_message(&self.id)?.value()?;
            let mut args = FluentArgs::new();
            for (name, value) in &self.args {
                let v = match value {
                    Arg::Text(s) => FluentValue::from(s.as_str()),
                    Arg::Num(n) => FluentValue::from(*n),
                    Arg::Date(d) => FluentValue::from(date(*d, l)),
                    Arg::Msg(m) => FluentValue::from(m.render(l)),
                };
                args.set(name.as_ref(), v);
            }
            let mut errors = Vec::new();
            Some(
                bundle
                    .format_pattern(pattern, Some(&args), &mut errors)
                    .into_owned(),
            )
        });
        found.unwrap_or_else(|| self.id.to_string())
    }

    /// The sentence as text that can travel inside another library's error
    /// message (serde's custom errors carry only text); [`Msg::decode`] finds
    /// it again.
    pub fn encode(&self) -> String {
        match serde_json::to_string(self) {
            Ok(json) => format!("{MARK}{json}"),
            Err(_) => self.id.to_string(),
        }
    }

    /// The sentence [`Msg::encode`] put into `text`, if any.
    pub fn decode(text: &str) -> Option<Msg> {
        let (_, rest) = text.split_once(MARK)?;
        let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Msg>();
        stream.next()?.ok()
    }
}

/// Whether `text` carries a sentence [`Msg::encode`] put into it.
pub fn has_encoded(text: &str) -> bool {
    text.contains(MARK)
}

/// `text` with every sentence [`Msg::encode`] put into it said in `lang` (an
/// error message another library wrote around one).
pub fn render_encoded(text: &str, lang: Lang) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let json = &rest[at + MARK.len()..];
        let mut stream = serde_json::Deserializer::from_str(json).into_iter::<Msg>();
        match stream.next() {
            Some(Ok(m)) => {
                out.push_str(&m.render(lang));
                rest = &json[stream.byte_offset()..];
            }
            _ => {
                rest = json;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A date as `lang` writes it: `07/3/2026` (day with two digits, month as
/// said), `2026-03-07` (as content files write it).
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("{:02}/{}/{}", d.day(), d.month(), d.year()),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// What went wrong with a file or folder, as a person can act on it: the
/// common cases in words (a full disk, no permission, not found), the
/// system's own text otherwise.
pub fn io_error(e: &std::io::Error) -> Msg {
    use std::io::ErrorKind;
    let m = match e.kind() {
        ErrorKind::StorageFull => Msg::new("io-disk-full"),
        ErrorKind::PermissionDenied => Msg::new("io-permission"),
        ErrorKind::NotFound => Msg::new("io-not-found"),
        ErrorKind::AlreadyExists => Msg::new("io-exists"),
        ErrorKind::ReadOnlyFilesystem => Msg::new("io-read-only"),
        _ => Msg::new("io-other"),
    };
    m.arg("detail", e.to_string())
}

/// The sentence `id`, quoting nothing, in `lang`.
pub fn text(lang: Lang, id: &'static str) -> String {
    Msg {
        id: Cow::Borrowed(id),
        args: Vec::new(),
    }
    .render(lang)
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Vi => Lang::En,
        Lang::En => Lang::Vi,
    }
}

/// The catalogue's syntax errors (the catalogue test wants none).
pub fn catalogue_errors(lang: Lang) -> Vec<String> {
    match FluentResource::try_new(lang.catalogue().to_string()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

/// The bundle of `lang`, made once: Unicode isolation marks around quoted values
/// are off (terminals show them as stray characters).
fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static VI: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let resource = FluentResource::try_new(lang.catalogue().to_string())
            .unwrap_or_else(|(partial, _)| partial);
        let id = lang.code().parse().unwrap_or_default();
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        // Only a message defined twice is refused; the first one stays.
        let _ = bundle.add_resource(resource);
        bundle
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_quotes_its_values_without_isolation_marks() {
        let m = Msg::new("summary").arg("errors", 2).arg("warnings", 1);
        assert_eq!(m.render(Lang::En), "2 errors, 1 warning");
        assert_eq!(m.render(Lang::Vi), "2 lỗi, 1 cảnh báo");
    }

    #[test]
    fn an_encoded_sentence_survives_other_text_around_it() {
        let m = Msg::new("summary").arg("errors", 1).arg("warnings", 0).arg(
            "when",
            NaiveDate::from_ymd_opt(2026, 3, 7).unwrap_or_default(),
        );
        let carried = format!("field `date`: {} at line 3", m.encode());
        assert_eq!(Msg::decode(&carried), Some(m.clone()));
        assert_eq!(Msg::decode("plain text"), None);
        assert_eq!(
            render_encoded(&format!("a: {} b", m.encode()), Lang::En),
            "a: 1 error, 0 warnings b"
        );
    }

    #[test]
    fn dates_are_written_the_way_each_language_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap_or_default();
        assert_eq!(date(d, Lang::Vi), "07/3/2026");
        assert_eq!(date(d, Lang::En), "2026-03-07");
    }

    #[test]
    fn languages_are_read_from_their_codes() {
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
