//! The message catalogues (`locales/*/tiendo.ftl`): every sentence the code
//! names is in both, the two hold the same sentences quoting the same values,
//! and the Vietnamese is NFC. A sentence written in one language only fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tiendo::messages::{catalogue_errors, Lang};
use unicode_normalization::UnicodeNormalization;

/// Each message of a catalogue: its id and the `$values` it quotes.
fn messages(ftl: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in ftl.lines() {
        let starts_entry = line.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if line.starts_with('#') || line.trim().is_empty() && current.is_none() {
            continue;
        }
        if starts_entry {
            let id = line.split('=').next().unwrap_or("").trim().to_string();
            assert!(
                id.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "a message id is lowercase with hyphens: `{id}`"
            );
            assert!(
                out.insert(id.clone(), BTreeSet::new()).is_none(),
                "`{id}` is defined twice"
            );
            current = Some(id);
        }
        if let Some(id) = &current {
            let vars = out.entry(id.clone()).or_default();
            let mut rest = line;
            while let Some(i) = rest.find('$') {
                rest = &rest[i + 1..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !name.is_empty() {
                    vars.insert(name);
                }
            }
        }
    }
    out
}

/// The ids the code names: `Msg::new("id")` and `text(lang, "id")`, in `src/`.
fn ids_in_code(dir: &Path, out: &mut BTreeMap<String, String>, dynamic: &mut Vec<String>) {
    let files = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"));
    for p in files {
        let text = std::fs::read_to_string(&p).unwrap();
        for call in ["Msg::new(", "messages::text(lang, ", "text(lang, "] {
            let mut rest = text.as_str();
            while let Some(i) = rest.find(call) {
                rest = &rest[i + call.len()..];
                let arg = rest.trim_start();
                if call == "Msg::new(" && arg.starts_with("id: &'static str") {
                    continue; // its definition
                }
                match arg.strip_prefix('"').and_then(|a| a.split_once('"')) {
                    Some((id, _)) => {
                        out.entry(id.to_string())
                            .or_insert_with(|| p.display().to_string());
                    }
                    None if call == "Msg::new(" => dynamic.push(format!(
                        "{}: Msg::new({}",
                        p.display(),
                        arg.chars().take(30).collect::<String>()
                    )),
                    None => {}
                }
            }
        }
    }
}

/// Messages handed a value in each language, each catalogue quoting its own
/// (a spreadsheet column's description, `$vi` and `$en`).
const ONE_LANGUAGE_VALUES: &[&str] = &["import-no-column-help"];

#[test]
fn every_message_is_in_both_languages_with_the_same_values() {
    for lang in Lang::ALL {
        assert_eq!(
            catalogue_errors(lang),
            Vec::<String>::new(),
            "the {} catalogue has syntax errors",
            lang.code()
        );
    }
    let vi = messages(Lang::Vi.catalogue());
    let en = messages(Lang::En.catalogue());
    let only_vi: Vec<_> = vi.keys().filter(|k| !en.contains_key(*k)).collect();
    let only_en: Vec<_> = en.keys().filter(|k| !vi.contains_key(*k)).collect();
    assert!(
        only_vi.is_empty() && only_en.is_empty(),
        "messages without a translation: only in vi {only_vi:?}; only in en {only_en:?}"
    );
    for (id, vars) in &vi {
        if ONE_LANGUAGE_VALUES.contains(&id.as_str()) {
            continue;
        }
        assert_eq!(vars, &en[id], "`{id}` quotes other values in vi than in en");
    }
}

#[test]
fn every_message_the_code_names_is_in_the_catalogues() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = BTreeMap::new();
    let mut dynamic = Vec::new();
    ids_in_code(&root.join("src"), &mut used, &mut dynamic);
    assert!(
        dynamic.is_empty(),
        "message ids must be written out, for this test to read them: {dynamic:#?}"
    );
    assert!(used.len() > 1, "no message ids found in src/");
    let vi = messages(Lang::Vi.catalogue());
    let missing: Vec<_> = used
        .iter()
        .filter(|(id, _)| !vi.contains_key(*id))
        .map(|(id, file)| format!("{id} ({file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "ids used in the code but in no catalogue: {missing:#?}"
    );
    let unused: Vec<_> = vi.keys().filter(|id| !used.contains_key(*id)).collect();
    assert!(
        unused.is_empty(),
        "messages no code uses (remove them from both catalogues): {unused:?}"
    );
}

#[test]
fn the_vietnamese_catalogue_is_nfc() {
    let text = Lang::Vi.catalogue();
    let nfc: String = text.nfc().collect();
    for (n, (a, b)) in text.lines().zip(nfc.lines()).enumerate() {
        assert_eq!(a, b, "locales/vi/tiendo.ftl:{} is not NFC", n + 1);
    }
}
