//! The outreach kit end to end: share images, embeds and oEmbed, leaflets with QR
//! codes, bulletins, share links, as the propaganda department and newspapers use
//! them.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::*;
use resvg::{tiny_skia, usvg};
use scraper::{Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    select(doc, css)
        .first()
        .and_then(|e| e.value().attr(name).map(str::to_string))
}

/// The site path of an absolute URL of the built site.
fn site_path(url: &str, base: &str) -> String {
    let rel = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} is not under {base}"));
    let rel = rel.split('?').next().unwrap();
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

const BASE: &str = "https://example.org/ke-hoach/";

/// The pages that have a share image, with their image's site path.
const IMAGE_PAGES: [(&str, &str); 5] = [
    ("index.html", "og.png"),
    (
        "nhiem-vu/danh-gia-can-bo/index.html",
        "nhiem-vu/danh-gia-can-bo/og.png",
    ),
    ("co-quan/co-quan-a/index.html", "co-quan/co-quan-a/og.png"),
    (
        "dien-hinh/mo-hinh-mot/index.html",
        "dien-hinh/mo-hinh-mot/og.png",
    ),
    (
        "dia-phuong/xa-an-thi/index.html",
        "dia-phuong/xa-an-thi/og.png",
    ),
];

/// Share cards are drawn on light backgrounds with dark text: count the dark pixels
/// in a rectangle.
fn dark_pixels(p: &tiny_skia::Pixmap, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
    let mut n = 0;
    for y in y0..y1 {
        for x in x0..x1 {
            let c = p.pixel(x, y).unwrap();
            let lum = (c.red() as u32 * 3 + c.green() as u32 * 6 + c.blue() as u32) / 10;
            if lum < 110 {
                n += 1;
            }
        }
    }
    n
}

#[test]
fn every_share_image_is_a_png_of_1200_by_630_with_its_title_drawn() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    for (page, image) in IMAGE_PAGES {
        let html = read(&out, page);
        let doc = Html::parse_document(&html);
        let og = attr(&doc, r#"meta[property="og:image"]"#, "content")
            .unwrap_or_else(|| panic!("{page} has no og:image"));
        assert_eq!(site_path(&og, BASE), image, "{page}: {og}");
        assert!(og.contains("?v="), "versioned by content: {og}");
        assert_eq!(
            attr(&doc, r#"meta[name="twitter:card"]"#, "content").as_deref(),
            Some("summary_large_image"),
            "{page}"
        );
        assert_eq!(
            attr(&doc, r#"meta[property="og:image:width"]"#, "content").as_deref(),
            Some("1200")
        );

        let bytes = fs::read(out.join(image)).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{image} is a PNG");
        // Small for a newsroom's or a network's crawler: a card compressed with
        // png's own fast mode was about 100 KB, in RGB with zlib about 50 KB; a
        // card has a few hundred colours at most, so it is written with a palette
        // (colour type 3 in the header).
        assert!(bytes.len() < 50_000, "{image} is {} bytes", bytes.len());
        assert_eq!(bytes[25], 3, "{image} is a palette PNG");
        let png = tiny_skia::Pixmap::decode_png(&bytes)
            .unwrap_or_else(|e| panic!("{image} does not decode: {e}"));
        assert_eq!((png.width(), png.height()), (1200, 630), "{image}");
        // The title area holds text; the rest of the card is not all ink.
        let title = dark_pixels(&png, 72, 122, 1128, 300);
        assert!(
            title > 2000,
            "{image}: the title area is blank ({title} dark pixels)"
        );
        let margin = dark_pixels(&png, 0, 300, 60, 450);
        assert_eq!(margin, 0, "{image}: the left margin is empty");
    }
    // Pages of other kinds have no card of their own: they show the site's.
    let home = Html::parse_document(&read(&out, "index.html"));
    let site_card = attr(&home, r#"meta[property="og:image"]"#, "content");
    let list = Html::parse_document(&read(&out, "nhiem-vu/index.html"));
    assert_eq!(
        attr(&list, r#"meta[property="og:image"]"#, "content"),
        site_card
    );
    assert_eq!(
        attr(&list, r#"meta[property="og:image:alt"]"#, "content").as_deref(),
        Some("Kế hoạch thử nghiệm")
    );
    assert_eq!(
        attr(&list, r#"meta[name="twitter:card"]"#, "content").as_deref(),
        Some("summary_large_image")
    );
    // A progress entry shows its task's card.
    let entry = Html::parse_document(&read(&out, "tien-do/danh-gia-xong/index.html"));
    let og = attr(&entry, r#"meta[property="og:image"]"#, "content").unwrap();
    assert_eq!(site_path(&og, BASE), "nhiem-vu/danh-gia-can-bo/og.png");
}

#[test]
fn share_images_can_be_turned_off() {
    let yaml = "title: \"Kế hoạch thử nghiệm\"\nbase_url: \"https://example.org/ke-hoach/\"\nas_of: 2026-07-15\ndemo: true\nshare_images: false\n";
    let (site, out) = built(&[("content/site.yaml", yaml)], &[]);
    let out = out.path().join("public");
    let pngs = snapshot(&out)
        .keys()
        .filter(|k| k.ends_with(".png"))
        .count();
    assert_eq!(pngs, 0);
    assert!(!read(&out, "index.html").contains("og:image"));
    assert!(!site.path().join(".tiendo-cache/og").exists());
    // Everything else of the kit is still there.
    assert!(out
        .join("nhung/nhiem-vu/danh-gia-can-bo/index.html")
        .is_file());
}

#[test]
fn two_builds_draw_identical_images_and_an_unchanged_card_is_not_drawn_again() {
    let site = site_with(&[]);
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a"),
        dir.path().join("b"),
        dir.path().join("c"),
    );
    assert_eq!(build(site.path(), &a, &[]).0, 0);
    let cache = site.path().join(".tiendo-cache/og");
    let cached: Vec<_> = fs::read_dir(&cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(cached.len(), 11, "one cached image per card");

    // Drawn again from scratch: the same bytes.
    fs::remove_dir_all(site.path().join(".tiendo-cache")).unwrap();
    assert_eq!(build(site.path(), &b, &[]).0, 0);
    let (sa, sb) = (snapshot(&a), snapshot(&b));
    let images: Vec<&String> = sa.keys().filter(|k| k.ends_with(".png")).collect();
    assert_eq!(images.len(), 11);
    for k in &images {
        assert!(sa[*k] == sb[*k], "{k} differs between two builds");
    }

    // A cached card is copied, not drawn: mark one cached file and see it come back.
    let task_png = "nhiem-vu/thuong-xuyen/og.png";
    let key = cached
        .iter()
        .find(|p| fs::read(p).unwrap() == sa[task_png])
        .expect("the task's image is in the cache")
        .clone();
    // The mark is a text chunk before the end (with its CRC-32), so the file
    // is still a whole PNG: a damaged one would be drawn again.
    let mut marked = fs::read(&key).unwrap();
    let end = marked.split_off(marked.len() - 12);
    let chunk = b"tEXtcached\0yes";
    marked.extend_from_slice(&(chunk.len() as u32 - 4).to_be_bytes());
    marked.extend_from_slice(chunk);
    marked.extend_from_slice(&crc32fast::hash(chunk).to_be_bytes());
    marked.extend_from_slice(&end);
    fs::write(&key, &marked).unwrap();
    // Change another task's title: only that card is drawn again.
    let tasks = fs::read_to_string(site.path().join("content/tasks/co-quan-a.yaml"))
        .unwrap()
        .replace("Đánh giá cán bộ", "Đánh giá cán bộ cấp xã");
    fs::write(site.path().join("content/tasks/co-quan-a.yaml"), tasks).unwrap();
    assert_eq!(build(site.path(), &c, &[]).0, 0);
    let sc = snapshot(&c);
    assert_eq!(
        sc[task_png], marked,
        "the unchanged card came from the cache"
    );
    assert!(
        sc["nhiem-vu/danh-gia-can-bo/og.png"] != sa["nhiem-vu/danh-gia-can-bo/og.png"],
        "the changed card was drawn again"
    );
    // The cache keeps only what the last build used.
    assert_eq!(fs::read_dir(&cache).unwrap().count(), 11);
}

/// Every character of the bundled site's titles and names, and of the interface
/// text drawn on cards, is in the font shipped with the theme.
#[test]
fn the_shipped_font_covers_the_bundled_site() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = tiendo::check(root, None);
    let site = checked.site.expect("the bundled site loads");
    let theme = tiendo::render::Theme::load(root).unwrap();
    let r = tiendo::render::share_image::Renderer::new(&theme).unwrap();
    assert_eq!(r.family(), "Be Vietnam Pro");
    let mut texts: Vec<String> = vec![site.config.title.clone(), site.plan.title.clone()];
    texts.extend(site.tasks.iter().map(|t| t.title.clone()));
    texts.extend(site.tasks.iter().filter_map(|t| t.section.clone()));
    texts.extend(site.agencies.iter().map(|a| a.name.clone()));
    texts.extend(site.localities.iter().map(|l| l.name.clone()));
    texts.extend(site.practices.iter().map(|p| p.title.clone()));
    texts.extend(site.goals.iter().map(|g| g.title.clone()));
    for lang in [tiendo::model::Language::Vi, tiendo::model::Language::En] {
        texts.extend(theme.strings(lang).unwrap().into_values());
    }
    texts.push("0123456789/%·…–—".into());
    let mut missing = BTreeSet::new();
    for t in &texts {
        for c in r.missing_chars(t) {
            missing.insert((c, t.clone()));
        }
    }
    assert!(missing.is_empty(), "not in the font: {missing:?}");
}

/// Titles are wrapped between words, never inside one, at the card's real widths.
#[test]
fn card_titles_wrap_between_words() {
    let theme = tiendo::render::Theme::load(Path::new("/nonexistent")).unwrap();
    let r = tiendo::render::share_image::Renderer::new(&theme).unwrap();
    let long = "Lãnh đạo Đảng ủy Mặt trận Tổ quốc Việt Nam tỉnh tuyên truyền, vận động, giám sát, phản biện xã hội và phát hiện, giới thiệu nhân tố tích cực từ cơ sở";
    let (size, lines) = r.title_lines(long);
    assert!(lines.len() > 1 && size >= 38.0, "{size} {lines:?}");
    assert_eq!(lines.join(" "), long, "nothing cut or lost");

    let very_long = long.repeat(4);
    let (_, lines) = r.title_lines(&very_long);
    let last = lines.last().unwrap();
    assert!(last.ends_with(" …"), "{lines:?}");
    let shown = lines.join(" ");
    let shown = shown.trim_end_matches(" …");
    assert!(very_long.starts_with(shown), "whole words only: {shown}");
    assert!(
        very_long[shown.len()..].starts_with(' '),
        "cut between words: {shown}"
    );

    let card = tiendo::render::share_image::Card {
        kind: "Nhiệm vụ".into(),
        title: "Rà soát".into(),
        status: Some(("Quá hạn".into(), "overdue")),
        detail: "Thời hạn: tháng 5/2026".into(),
        bar: vec![],
        illustrative: Some("Minh họa".into()),
        site: "Năm cán bộ cơ sở".into(),
    };
    let l = r.layout(&card);
    assert_eq!(l.status.unwrap().text, "Quá hạn");
    assert_eq!(l.badge.unwrap().text, "Minh họa");
    assert_eq!(l.site[0].text, "Năm cán bộ cơ sở");
}

/// Rasterise an inline SVG (a QR code) and decode the QR code in it.
fn decode_qr(svg: &str) -> String {
    let tree = usvg::Tree::from_str(svg, &usvg::Options::default()).unwrap();
    let scale = 4.0;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w, h).unwrap();
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        pixmap.pixel(x as u32, y as u32).unwrap().red()
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("the QR code decodes").1
}

fn qr_of(html: &str) -> String {
    let start = html.find("<svg").expect("an inline SVG");
    let end = html[start..].find("</svg>").unwrap() + start + "</svg>".len();
    let svg = &html[start..end];
    assert!(svg.contains("class=\"qr\""), "{svg}");
    svg.to_string()
}

#[test]
fn a_practice_leaflet_has_a_qr_code_that_leads_to_the_practice() {
    let base = "https://bao.example.vn/sub/";
    let (_site, out) = built(&[], &["--base-url", base]);
    let out = out.path().join("public");
    let practice = read(&out, "dien-hinh/mo-hinh-mot/index.html");
    let doc = Html::parse_document(&practice);
    let print = select(&doc, ".share a")
        .into_iter()
        .find(|a| a.text().collect::<String>().contains("In tờ rơi"))
        .expect("the practice links to its leaflet");
    assert_eq!(
        print.value().attr("href"),
        Some("/sub/dien-hinh/mo-hinh-mot/in/")
    );

    let leaflet = read(&out, "dien-hinh/mo-hinh-mot/in/index.html");
    // Its style sheet is a file (the pages' CSP forbids inline style).
    assert!(
        leaflet.contains("<link rel=\"stylesheet\" href=\"/sub/assets/leaflet.css\">"),
        "{leaflet}"
    );
    assert!(
        read(&out, "assets/leaflet.css").contains("size:A4"),
        "an A4 page"
    );
    assert_eq!(
        decode_qr(&qr_of(&leaflet)),
        "https://bao.example.vn/sub/dien-hinh/mo-hinh-mot/"
    );
    let t = text(&leaflet);
    assert!(
        t.contains("Mô hình thử nghiệm") && t.contains("Tóm tắt mô hình."),
        "{t}"
    );
    assert!(
        t.contains("Minh họa"),
        "the illustrative practice says so: {t}"
    );
    assert!(
        t.contains("https://bao.example.vn/sub/dien-hinh/mo-hinh-mot/"),
        "{t}"
    );

    // The home page's one-page summary, with its own QR code.
    let summary = read(&out, "in/index.html");
    assert_eq!(decode_qr(&qr_of(&summary)), "https://bao.example.vn/sub/");
    let t = text(&summary);
    assert!(t.contains("1/4 nhiệm vụ đã hoàn thành"), "{t}");
    assert!(t.contains("Minh họa"), "{t}");
    let home = Html::parse_document(&read(&out, "index.html"));
    assert!(select(&home, ".share a[href=\"/sub/in/\"]").len() == 1);
}

#[test]
fn oembed_json_is_valid_and_points_at_an_embeddable_card() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    for (page, embed) in [
        (
            "nhiem-vu/danh-gia-can-bo/index.html",
            "nhung/nhiem-vu/danh-gia-can-bo/",
        ),
        (
            "dien-hinh/mo-hinh-mot/index.html",
            "nhung/dien-hinh/mo-hinh-mot/",
        ),
        ("index.html", "nhung/tien-do/"),
        ("co-quan/co-quan-a/index.html", "nhung/co-quan/co-quan-a/"),
        (
            "dia-phuong/xa-an-thi/index.html",
            "nhung/dia-phuong/xa-an-thi/",
        ),
    ] {
        let html = read(&out, page);
        let doc = Html::parse_document(&html);
        let href = attr(
            &doc,
            r#"link[rel="alternate"][type="application/json+oembed"]"#,
            "href",
        )
        .unwrap_or_else(|| panic!("{page} announces no oEmbed"));
        let json: serde_json::Value =
            serde_json::from_str(&read(&out, &site_path(&href, BASE))).unwrap();
        assert_eq!(json["version"], "1.0");
        assert_eq!(json["type"], "rich");
        assert_eq!(json["provider_url"], BASE);
        assert!(json["width"].as_u64().unwrap() > 0 && json["height"].as_u64().unwrap() > 0);
        let iframe = json["html"].as_str().unwrap();
        let src = format!("{BASE}{embed}");
        assert!(
            iframe.starts_with("<iframe") && iframe.contains(&format!("src=\"{src}\"")),
            "{iframe}"
        );
        if let Some(thumb) = json["thumbnail_url"].as_str() {
            assert_eq!(
                Some(thumb.to_string()),
                attr(&doc, r#"meta[property="og:image"]"#, "content")
            );
        }

        // The same code, in a read-only box to copy, on the page itself, with the
        // site's host script that sizes the frame.
        let boxed = select(&doc, "textarea#embed-code[readonly]");
        assert_eq!(boxed.len(), 1, "{page}");
        assert_eq!(
            boxed[0].text().collect::<String>(),
            format!("{iframe}\n<script src=\"{BASE}nhung.js\" async></script>")
        );

        // The card: small, a link back to the full page, labelled; its one script
        // is the site's own file, never inline (the pages' CSP forbids it).
        let card = fs::read(out.join(embed).join("index.html")).unwrap();
        assert!(card.len() < 20 * 1024, "{embed} is {} bytes", card.len());
        let card = String::from_utf8(card).unwrap();
        let cdoc = Html::parse_document(&card);
        let scripts: Vec<Option<&str>> = select(&cdoc, "script")
            .iter()
            .map(|s| s.value().attr("src"))
            .collect();
        assert_eq!(scripts, vec![Some("/ke-hoach/assets/embed.js")], "{embed}");
        let full = format!("{BASE}{}", page.trim_end_matches("index.html"));
        assert!(
            select(&cdoc, "a")
                .iter()
                .any(|a| a.value().attr("href") == Some(full.as_str())),
            "{embed} links back to {full}"
        );
        assert!(text(&card).contains("Minh họa"), "{embed}");
    }
}

#[test]
fn agencies_and_communes_have_cards_sized_and_named_for_their_unit() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    for (page, name, kind, oembed) in [
        (
            "co-quan/co-quan-a/",
            "Cơ quan A",
            "Cơ quan",
            "oembed/co-quan/co-quan-a.json",
        ),
        (
            "dia-phuong/xa-an-thi/",
            "Xã Ân Thi",
            "Xã",
            "oembed/dia-phuong/xa-an-thi.json",
        ),
    ] {
        let json: serde_json::Value = serde_json::from_str(&read(&out, oembed)).unwrap();
        assert_eq!(json["author_url"], format!("{BASE}{page}"));
        assert!(
            json["title"].as_str().unwrap().ends_with(name),
            "{}",
            json["title"]
        );
        assert_eq!(
            (&json["width"], &json["height"]),
            (&480.into(), &300.into())
        );
        let card = format!("nhung/{page}");
        assert!(
            json["html"].as_str().unwrap().starts_with(&format!(
                r#"<iframe src="{BASE}{card}" width="480" height="300" "#
            )),
            "{}",
            json["html"]
        );

        // What the unit is, its name linked to its page, its tasks by status.
        let html = read(&out, &format!("{card}index.html"));
        let doc = Html::parse_document(&html);
        let shown = text(&html);
        assert!(shown.starts_with(kind), "{shown}");
        let title: Vec<(Option<&str>, String)> = select(&doc, "h1 a")
            .iter()
            .map(|a| (a.value().attr("href"), a.text().collect()))
            .collect();
        let url = format!("{BASE}{page}");
        assert_eq!(title, vec![(Some(url.as_str()), name.to_string())]);
        assert!(shown.contains("quá hạn"), "{shown}");
        assert_eq!(select(&doc, "svg.bar[role=img]").len(), 1, "{card}");
        assert_eq!(
            attr(&doc, r#"meta[name="robots"]"#, "content").as_deref(),
            Some("noindex")
        );
    }
    // The host script is written once, at the site's root, where the embed code
    // names it; the card's own script is a theme asset.
    assert_eq!(
        read(&out, "nhung.js"),
        include_str!("../themes/default/static/nhung.js")
    );
    assert!(!out.join("assets/nhung.js").exists());
    assert_eq!(
        read(&out, "assets/embed.js"),
        include_str!("../themes/default/static/embed.js")
    );
}

#[test]
fn share_links_need_no_third_party_script() {
    let (_site, out) = built(&[], &[]);
    let out = out.path().join("public");
    let snap = snapshot(&out);
    for (path, bytes) in &snap {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for s in select(&doc, "script[src]") {
            let src = s.value().attr("src").unwrap();
            assert!(src.starts_with("/ke-hoach/"), "{path} loads {src}");
        }
    }
    let page = read(&out, "nhiem-vu/thuong-xuyen/index.html");
    let doc = Html::parse_document(&page);
    let links: Vec<String> = select(&doc, ".share a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let url = "https://example.org/ke-hoach/nhiem-vu/thuong-xuyen/";
    let enc = "https%3A%2F%2Fexample%2Eorg%2Fke%2Dhoach%2Fnhiem%2Dvu%2Fthuong%2Dxuyen%2F";
    assert!(
        links.contains(&format!(
            "https://www.facebook.com/sharer/sharer.php?u={enc}"
        )),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .any(|l| l.starts_with("https://button-share.zalo.me/share_external?")),
        "{links:?}"
    );
    // Copy-link is a plain link to the page, which works without JavaScript.
    assert_eq!(attr(&doc, "a.copy-link", "href").as_deref(), Some(url));
    assert!(text(&page).contains(url));
}

/// Entries, practices and tasks placed on the edges of June 2026.
fn digest_fixture() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "content/progress/2026/cuoi-thang-5.md",
            "---\ntitle: \"Báo cáo ngày cuối tháng 5\"\ndate: 2026-05-31\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\n---\nx\n",
        ),
        (
            "content/progress/2026/dau-thang-6.md",
            "---\ntitle: \"Báo cáo ngày đầu tháng 6\"\ndate: 2026-06-01\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\n---\nx\n",
        ),
        (
            "content/progress/2026/cuoi-thang-6.md",
            "---\ntitle: \"Báo cáo ngày cuối tháng 6\"\ndate: 2026-06-30\ntask: thuong-xuyen\nreporter: co-quan-b\nstatus: in_progress\n---\nx\n",
        ),
        (
            "content/progress/2026/dau-thang-7.md",
            "---\ntitle: \"Báo cáo ngày đầu tháng 7\"\ndate: 2026-07-01\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\n---\nx\n",
        ),
        (
            "content/tasks/co-quan-b.yaml",
            "- id: han-thang-6\n  title: \"Việc hạn tháng 6\"\n  lead: co-quan-b\n  due: 2026-06\n",
        ),
    ]
}

/// The titles of the reports listed under `css` (a bulletin's by default).
fn titles_at(doc: &Html, css: &str) -> BTreeSet<String> {
    select(doc, css)
        .iter()
        .map(|a| a.text().collect::<String>())
        .collect()
}

fn entry_titles(doc: &Html) -> BTreeSet<String> {
    titles_at(doc, "section[aria-labelledby=\"reported-h\"] a.entry-title")
}

#[test]
fn a_bulletin_lists_exactly_what_happened_in_its_period() {
    let (_site, out) = built(&digest_fixture(), &[]);
    let out = out.path().join("public");
    let june = read(&out, "ban-tin/2026-06/index.html");
    let doc = Html::parse_document(&june);
    let want: BTreeSet<String> = [
        "Báo cáo ngày đầu tháng 6",
        "Xã Ân Thi rà soát",
        "Báo cáo ngày cuối tháng 6",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(entry_titles(&doc), want);
    let t = text(&june);
    assert!(t.contains("Bản tin tháng 6/2026"), "{t}");
    assert!(t.contains("Mô hình thử nghiệm"), "the practice of 1/6: {t}");
    // Nothing finished in June, the task due in June is overdue only from July.
    assert!(t.contains("Nhiệm vụ hoàn thành trong kỳ (0)"), "{t}");
    assert!(t.contains("Nhiệm vụ quá hạn trong kỳ (0)"), "{t}");

    let may = Html::parse_document(&read(&out, "ban-tin/2026-05/index.html"));
    let may_entries = entry_titles(&may);
    assert_eq!(
        may_entries,
        ["Hoàn thành đánh giá", "Báo cáo ngày cuối tháng 5"]
            .into_iter()
            .map(String::from)
            .collect()
    );
    let may_text = text(&read(&out, "ban-tin/2026-05/index.html"));
    assert!(
        may_text.contains("Nhiệm vụ hoàn thành trong kỳ (1) Đánh giá cán bộ"),
        "{may_text}"
    );

    let july = text(&read(&out, "ban-tin/2026-07/index.html"));
    assert!(
        july.contains("Nhiệm vụ quá hạn trong kỳ (1) Việc hạn tháng 6"),
        "{july}"
    );
    assert!(
        july.contains("số liệu đến 15/7/2026"),
        "a running month says so: {july}"
    );

    let q2 = Html::parse_document(&read(&out, "ban-tin/2026-q2/index.html"));
    assert_eq!(entry_titles(&q2).len(), 5, "May and June");

    // The plain-text version: the same items, marked as illustrative, with the link.
    let txt = read(&out, "ban-tin/2026-06/ban-tin.txt");
    // A BOM first (for hosts that name no charset), then the text.
    let txt = txt.strip_prefix('\u{feff}').expect("a BOM").to_string();
    assert!(txt.contains("BẢN TIN THÁNG 6/2026"), "{txt}");
    for e in &want {
        assert!(txt.contains(e.as_str()), "{e} in {txt}");
    }
    assert!(!txt.contains("Báo cáo ngày đầu tháng 7") && !txt.contains("cuối tháng 5"));
    assert!(txt.contains("[Minh họa] Mô hình thử nghiệm"), "{txt}");
    assert!(
        txt.contains("https://example.org/ke-hoach/ban-tin/2026-06/"),
        "{txt}"
    );
    assert!(
        !txt.contains('<') && !txt.contains("&amp;"),
        "plain text: {txt}"
    );

    // Each bulletin is an Atom entry.
    let feed: atom_syndication::Feed = read(&out, "ban-tin/atom.xml").parse().unwrap();
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/ke-hoach/ban-tin/2026-07/",
            "https://example.org/ke-hoach/ban-tin/2026-q3/",
            "https://example.org/ke-hoach/ban-tin/2026-06/",
            "https://example.org/ke-hoach/ban-tin/2026-q2/",
            "https://example.org/ke-hoach/ban-tin/2026-05/",
        ]
    );
    let june_entry = &feed.entries()[2];
    assert_eq!(
        june_entry.title().as_str(),
        "[Minh họa] Bản tin tháng 6/2026"
    );
    assert_eq!(
        june_entry.summary().unwrap().as_str(),
        txt.as_str(),
        "the entry carries the text version"
    );
    let index = text(&read(&out, "ban-tin/index.html"));
    assert!(index.contains("Bản tin quý II/2026"), "{index}");
}

/// A bulletin's page lists the period's 500 newest reports and no more: a
/// country's communes reporting monthly would otherwise make a page of tens of
/// megabytes. The rest are one link away, on the progress list's pages it names.
/// The fixture site with 530 reports on `thuong-xuyen` in June 2026 (the
/// fixture's own are in May and June too) and seven in July, built: the progress
/// list (20 a page, newest first) has July's first.
fn built_with_many_june_reports() -> (tempfile::TempDir, tempfile::TempDir) {
    let mut files: Vec<(String, String)> = Vec::new();
    for n in 0..530 {
        let day = 1 + n % 30;
        files.push((
            format!("content/progress/2026/06/b-{n:03}.md"),
            format!(
                "---\ntitle: \"Báo cáo tháng 6 số {n:03}\"\ndate: 2026-06-{day:02}\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\n---\nx\n"
            ),
        ));
    }
    for n in 0..7 {
        files.push((
            format!("content/progress/2026/07/c-{n}.md"),
            format!(
                "---\ntitle: \"Báo cáo tháng 7 số {n}\"\ndate: 2026-07-0{}\ntask: thuong-xuyen\nreporter: co-quan-a\nstatus: in_progress\n---\nx\n",
                n + 1
            ),
        ));
    }
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    built(&files, &[])
}

#[test]
fn a_long_bulletin_lists_the_newest_and_links_to_the_rest() {
    let (_site, out) = built_with_many_june_reports();
    let out = out.path().join("public");
    let june = read(&out, "ban-tin/2026-06/index.html");
    let doc = Html::parse_document(&june);
    let listed = entry_titles(&doc);
    let total = 530 + 1; // and the fixture's own of June
    assert_eq!(listed.len(), 500);
    let t = text(&june);
    assert!(
        t.contains(&format!("Báo cáo tiến độ trong kỳ ({total})")),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "Trang này liệt kê 500 báo cáo mới nhất trong số {total} báo cáo của kỳ."
        )),
        "{t}"
    );
    // Newest first: every report of 30 June is listed, the oldest ones are not.
    assert!(listed.contains("Báo cáo tháng 6 số 029"), "{listed:?}");
    assert!(!listed.contains("Báo cáo tháng 6 số 000"), "{listed:?}");

    // The link names the pages of the progress list holding the other 32: the
    // first of them has the newest report not listed, the last the oldest of June.
    let link = select(&doc, "section[aria-labelledby=\"reported-h\"] p.meta a")
        .into_iter()
        .next()
        .expect("a link to the rest");
    let words = link.text().collect::<String>();
    let href = link.value().attr("href").unwrap().to_string();
    let pages: Vec<usize> = words
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(pages[0], total - 500, "{words}");
    let (from, to) = (pages[1], pages[2]);
    assert_eq!(href, format!("/ke-hoach/tien-do/trang/{from}/"), "{words}");
    let on_page = |n: usize| {
        let path = if n == 1 {
            "tien-do/index.html".to_string()
        } else {
            format!("tien-do/trang/{n}/index.html")
        };
        // A page past the list's last is no page.
        match fs::read_to_string(out.join(&path)) {
            Ok(html) => titles_at(&Html::parse_document(&html), "a.entry-title"),
            Err(_) => BTreeSet::new(),
        }
    };
    let mut rest: BTreeSet<String> = BTreeSet::new();
    for n in from..=to {
        rest.extend(on_page(n).into_iter().filter(|t| t.contains("tháng 6")));
    }
    let june_all: BTreeSet<String> = (0..530)
        .map(|n| format!("Báo cáo tháng 6 số {n:03}"))
        .collect();
    let missing: Vec<&String> = june_all
        .iter()
        .filter(|t| !listed.contains(*t) && !rest.contains(*t))
        .collect();
    assert!(missing.is_empty(), "not on pages {from}–{to}: {missing:?}");
    assert!(
        on_page(from)
            .iter()
            .any(|t| t.contains("tháng 6") && !listed.contains(t)),
        "page {from} has the first report not listed"
    );
    assert!(
        !on_page(to + 1)
            .iter()
            .any(|t| t.contains("Báo cáo tháng 6")),
        "page {} has none of June's",
        to + 1
    );

    // The plain text counts them all and lists ten.
    let txt = read(&out, "ban-tin/2026-06/ban-tin.txt");
    assert!(
        txt.contains(&format!("BÁO CÁO TIẾN ĐỘ TRONG KỲ ({total})")),
        "{txt}"
    );
    assert!(txt.contains(&format!("và còn {}", total - 10)), "{txt}");
    // A short bulletin says nothing of the kind.
    let may = text(&read(&out, "ban-tin/2026-05/index.html"));
    assert!(!may.contains("Trang này liệt kê"), "{may}");
}

/// A task's page shows its 500 newest reports; the older ones are counted and
/// pointed to (the task's data file has them all).
#[test]
fn a_task_with_many_reports_shows_the_newest_and_counts_the_rest() {
    let (_site, out) = built_with_many_june_reports();
    let out = out.path().join("public");
    // Counted from the task's data file, which has every report.
    let data: serde_json::Value =
        serde_json::from_str(&read(&out, "nhiem-vu/thuong-xuyen/du-lieu.json")).unwrap();
    let all: Vec<String> = data["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["title"].as_str().unwrap().to_string())
        .collect();
    assert!(all.len() >= 537, "{}", all.len());
    assert!(all.iter().any(|t| t == "Báo cáo tháng 6 số 000"));
    let page = read(&out, "nhiem-vu/thuong-xuyen/index.html");
    let doc = Html::parse_document(&page);
    let shown = select(&doc, "ol.timeline a.entry-title");
    assert_eq!(shown.len(), 500);
    let shown: BTreeSet<String> = shown.iter().map(|a| a.text().collect()).collect();
    assert!(shown.contains("Báo cáo tháng 7 số 6"), "the newest");
    assert!(
        !shown.contains("Báo cáo tháng 6 số 000"),
        "among the oldest"
    );
    let t = text(&page);
    let n = all.len();
    assert!(t.contains(&format!("Các báo cáo tiến độ ({n})")), "{t}");
    assert!(
        t.contains(&format!(
            "Trang này liệt kê 500 báo cáo mới nhất trong số {n} báo cáo của nhiệm vụ."
        )),
        "{t}"
    );
    assert!(
        t.contains(&format!(
            "{} báo cáo cũ hơn có đủ trong dữ liệu của nhiệm vụ và trong danh sách tiến độ:",
            n - 500
        )),
        "{t}"
    );
    let hrefs: Vec<String> = select(&doc, "section[aria-labelledby=\"tl-h\"] p.meta a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert!(
        hrefs.contains(&"/ke-hoach/nhiem-vu/thuong-xuyen/du-lieu.json".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"/ke-hoach/tien-do/".to_string()),
        "{hrefs:?}"
    );
    // A task with few reports says nothing of the kind.
    let few = text(&read(&out, "nhiem-vu/danh-gia-can-bo/index.html"));
    assert!(!few.contains("Trang này liệt kê"), "{few}");
}
