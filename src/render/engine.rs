//! The template engine (the theme's templates compiled once, `t(key=...)` for
//! interface strings, `t(key=..., n=3)` filling a string's `{n}`), its HTML
//! escaping, and the fingerprints of asset URLs.

use std::collections::HashMap;
use std::sync::Arc;

use tera::Tera;

use super::error::{template_error, RenderError};
use super::theme::Theme;
use super::views::Strings;

/// The template engine with the theme's templates compiled once, and `t(key=...)`
/// for UI strings: every other argument fills the string's place of its name
/// (`t(key="digest_entries_shown", shown=500, n=3713)` for "… {shown} … {n} …").
pub fn engine(theme: &Theme, strings: &Strings) -> Result<Tera, RenderError> {
    let mut tera = Tera::default();
    let mut templates: Vec<(String, String)> = Vec::new();
    for (name, bytes) in theme.templates() {
        let text = String::from_utf8(bytes.to_vec()).map_err(|_| RenderError::Template {
            template: name.to_string(),
            message: "not UTF-8".into(),
        })?;
        templates.push((name.to_string(), text));
    }
    tera.add_raw_templates(templates)
        .map_err(|e| template_error("theme", &e))?;
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.set_escape_fn(escape_html);
    let strings = Arc::new(strings.clone());
    tera.register_function("t", move |args: &HashMap<String, tera::Value>| {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("t() needs key=\"...\""))?;
        let mut text = strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        for (name, value) in args.iter().filter(|(name, _)| name.as_str() != "key") {
            let value = match value {
                tera::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            text = text.replace(&format!("{{{name}}}"), &value);
        }
        Ok(tera::Value::String(text))
    });
    Ok(tera)
}

/// HTML escaping for template output: the five characters that matter in text
/// and quoted attributes (tera's default also escapes `/`, which bloats URLs).
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
    // Copy the runs between special characters whole: most text has none.
    let mut run = 0;
    for (i, b) in input.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&input[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&input[run..]);
    out
}

/// A short, stable fingerprint of an asset, appended to its URL so browsers and
/// caches fetch it again when it changes. SipHash-1-3 with fixed keys: the same
/// bytes give the same URL with every tiendo build, whatever Rust compiled it (std's
/// `DefaultHasher` promises no such thing).
pub fn fingerprint(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut h = siphasher::sip::SipHasher13::new_with_keys(0, 0);
    h.write(bytes);
    format!("{:08x}", h.finish() as u32)
}

#[cfg(test)]
mod tests {
    #[test]
    fn asset_fingerprints_are_the_same_with_every_build_of_tiendo() {
        // Pinned: a change here changes every published asset URL.
        assert_eq!(super::fingerprint(b"body{}"), "aad24ec4");
        assert_ne!(
            super::fingerprint(b"body{}"),
            super::fingerprint(b"body{ }")
        );
    }

    #[test]
    fn escaping_replaces_the_five_characters_and_keeps_the_rest() {
        assert_eq!(
            super::escape_html("Sở <Nội> vụ & \"Đảng\" 'ủy'"),
            "Sở &lt;Nội&gt; vụ &amp; &quot;Đảng&quot; &#39;ủy&#39;"
        );
        assert_eq!(super::escape_html("Đảng ủy xã"), "Đảng ủy xã");
        assert_eq!(super::escape_html("<"), "&lt;");
        assert_eq!(super::escape_html(""), "");
    }

    #[test]
    fn t_fills_the_places_a_string_names_and_leaves_the_others() {
        let theme =
            crate::render::theme::Theme::load(std::path::Path::new(env!("CARGO_MANIFEST_DIR")))
                .unwrap();
        let strings = theme.strings(crate::model::Language::Vi).unwrap();
        let mut tera = super::engine(&theme, &strings).unwrap();
        tera.add_raw_template(
            "t.html",
            r#"{{ t(key="digest_entries_shown", shown=500, n=3713) }}|{{ t(key="search_count", n="7") }}|{{ t(key="search_count") }}"#,
        )
        .unwrap();
        let out = tera.render("t.html", &tera::Context::new()).unwrap();
        assert_eq!(
            out,
            "Trang này liệt kê 500 báo cáo mới nhất trong số 3713 báo cáo của kỳ.\
             |Kết quả cho “{q}”: 7.|Kết quả cho “{q}”: {n}."
        );
    }

    /// tera is patched (vendor/tera/PATCHES.md) to unescape a variable path's
    /// segment only when it has a `~`: both kinds still find their value.
    #[test]
    fn template_paths_with_and_without_escapes_find_their_values() {
        let mut ctx = tera::Context::new();
        ctx.insert(
            "m",
            &serde_json::json!({"a/b": "một", "c~d": "hai", "e": {"f": ["ba", "bốn"]}}),
        );
        let out = tera::Tera::one_off(
            r#"{{ m["a~1b"] }} {{ m["c~0d"] }} {{ m.e.f.1 }} {{ m["a/b"] }}"#,
            &ctx,
            false,
        )
        .unwrap();
        assert_eq!(out, "một hai bốn một");
    }
}
