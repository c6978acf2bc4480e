//! Share images: the 1200×630 PNG a page shows when its link is posted on Facebook or
//! Zalo (`og:image`). Each is drawn at build time from the theme's SVG template
//! (`templates/share-image.svg`) with the theme's own fonts (`fonts/*.ttf`), never the
//! machine's, by resvg. The same card always gives the same bytes.
//!
//! This module lays a card out (it wraps the title between words, measuring each word
//! with the font's advance widths, and shrinks the type before it would ever cut a
//! word) and turns SVG into PNG. Which pages get a card, and what it says, is decided
//! in `outreach.rs`.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use resvg::{tiny_skia, usvg};
use rustc_hash::FxHashMap;
use serde::Serialize;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher;
use unicode_normalization::UnicodeNormalization;

use super::error::{render_template, template_error, RenderError};
use super::theme::Theme;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
/// The theme template a card is drawn from.
pub const TEMPLATE: &str = "share-image.svg";
/// Changes whenever the drawing or encoding code changes, so that images cached by
/// an older tiendo are drawn again.
const RENDERER_VERSION: &[u8] =
    b"tiendo share image v3; resvg 0.49; png 0.18 palette or rgb8, up, fdeflate";

/// Left and right margin of everything on a card.
const MARGIN: f32 = 72.0;
const CONTENT_W: f32 = WIDTH as f32 - 2.0 * MARGIN;
/// Title sizes tried, largest first; the title never goes below the last.
const TITLE_SIZES: [f32; 6] = [64.0, 58.0, 52.0, 47.0, 42.0, 38.0];
const TITLE_TOP: f32 = 122.0;
const TITLE_BOTTOM: f32 = 448.0;
const LINE_HEIGHT: f32 = 1.24;
/// Widths are measured from advance widths without kerning; keep a little room.
const SAFETY: f32 = 1.03;

/// What a card says. Built per page by `outreach.rs`.
#[derive(Debug, Clone, Default)]
pub struct Card {
    /// A small label above the title ("Nhiệm vụ · Mục III.1").
    pub kind: String,
    pub title: String,
    /// The status as a coloured label: (text, status code).
    pub status: Option<(String, &'static str)>,
    /// One line beside or below the status ("Thời hạn: tháng 5/2026 · 60%").
    pub detail: String,
    /// A stacked bar: (status code, count) in display order; empty: no bar.
    pub bar: Vec<(&'static str, usize)>,
    /// "Minh họa" when the page shows illustrative content.
    pub illustrative: Option<String>,
    /// The site's name, at the foot of the card.
    pub site: String,
}

/// Fill colour of a status (the theme's palette, as in style.css).
pub fn status_color(code: &str) -> &'static str {
    match code {
        "done" => "#17663a",
        "blocked" => "#6b3fa0",
        "overdue" => "#b3261e",
        "in_progress" => "#0b5cad",
        "not_started" => "#5c6570",
        "ongoing" => "#00666b",
        "waiting" => "#8a5300",
        _ => "#5c6570",
    }
}

/// Bar colour of a status (lighter greys for "nothing yet").
fn bar_color(code: &str) -> &'static str {
    match code {
        "not_started" => "#9aa3ad",
        "waiting" => "#d08c1a",
        "none" => "#d5dae1",
        c => status_color(c),
    }
}

#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub x: f32,
    pub y: f32,
}

#[derive(Serialize, Debug, Clone)]
pub struct Pill {
    pub text: String,
    pub color: &'static str,
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
    pub text_x: f32,
    pub text_y: f32,
}

#[derive(Serialize, Debug, Clone)]
pub struct Segment {
    pub x: f32,
    pub w: f32,
    pub color: &'static str,
}

/// A card laid out: every position computed, ready for the SVG template.
#[derive(Serialize, Debug, Clone)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    pub font: String,
    pub margin: f32,
    pub kind: Option<Line>,
    pub badge: Option<Pill>,
    pub title_size: f32,
    pub title: Vec<Line>,
    pub status: Option<Pill>,
    pub detail: Option<Line>,
    pub bar_y: f32,
    pub bar_w: f32,
    pub bar: Vec<Segment>,
    pub site_size: f32,
    pub site: Vec<Line>,
}

/// A font's advance widths, to measure text the way it will be drawn: read from
/// the font once (a card measures its title some hundred times as it wraps it).
#[derive(Default)]
struct Metrics {
    units_per_em: f32,
    /// Every character the font maps to a glyph, with that glyph's advance.
    advances: FxHashMap<char, f32>,
}

impl Metrics {
    fn of(bytes: &[u8]) -> Metrics {
        let Ok(face) = ttf_parser::Face::parse(bytes, 0) else {
            return Metrics::default();
        };
        let mut advances = FxHashMap::default();
        for table in face.tables().cmap.iter().flat_map(|c| c.subtables) {
            if !table.is_unicode() {
                continue;
            }
            table.codepoints(|cp| {
                let Some(c) = char::from_u32(cp) else { return };
                if let Some(a) = face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g)) {
                    advances.insert(c, a as f32);
                }
            });
        }
        Metrics {
            units_per_em: face.units_per_em() as f32,
            advances,
        }
    }

    /// Width of `text` at `size` px (advance widths; a glyph the font lacks counts as
    /// 0.6 em).
    fn width(&self, text: &str, size: f32) -> f32 {
        if self.units_per_em <= 0.0 {
            return text.chars().count() as f32 * size * 0.6;
        }
        let upem = self.units_per_em;
        let units: f32 = text
            .chars()
            .map(|c| self.advances.get(&c).copied().unwrap_or(upem * 0.6))
            .sum();
        units * size / upem * SAFETY
    }

    /// Does the font have a glyph for `c`?
    fn covers(&self, c: char) -> bool {
        self.advances.contains_key(&c)
    }
}

/// Split `text` into lines no wider than `max_w`, breaking only between words.
/// `None` when a single word is wider than `max_w`.
pub fn wrap(measure: &dyn Fn(&str) -> f32, text: &str, max_w: f32) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if measure(word) > max_w {
            return None;
        }
        if line.is_empty() {
            line.push_str(word);
            continue;
        }
        let candidate = format!("{line} {word}");
        if measure(&candidate) <= max_w {
            line = candidate;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Some(lines)
}

/// Keep the first `max` lines; if some were left out, end the last kept line with
/// "…" after a whole word.
pub fn clamp(
    measure: &dyn Fn(&str) -> f32,
    mut lines: Vec<String>,
    max: usize,
    max_w: f32,
) -> Vec<String> {
    if max == 0 {
        return Vec::new();
    }
    if lines.len() <= max {
        return lines;
    }
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        let mut words: Vec<&str> = last.split(' ').collect();
        loop {
            let candidate = format!("{} …", words.join(" "));
            if measure(&candidate) <= max_w || words.len() == 1 {
                *last = candidate;
                break;
            }
            words.pop();
        }
    }
    lines
}

/// One line of at most `max_w`, cut after a whole word with "…" if it is longer.
fn fit_line(measure: &dyn Fn(&str) -> f32, text: &str, max_w: f32) -> String {
    match wrap(measure, text, max_w) {
        Some(lines) => clamp(measure, lines, 1, max_w).join(" "),
        None => {
            // A single word wider than the line: keep whole words that fit.
            let mut out = String::new();
            for w in text.split_whitespace() {
                let c = if out.is_empty() {
                    w.to_string()
                } else {
                    format!("{out} {w}")
                };
                if measure(&format!("{c} …")) > max_w {
                    break;
                }
                out = c;
            }
            if out.is_empty() {
                String::new()
            } else {
                format!("{out} …")
            }
        }
    }
}

/// Text as it is drawn: NFC, whitespace collapsed.
pub fn clean(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    super::markdown::push_words(&mut out, &nfc);
    out
}

/// The rasteriser with the theme's fonts loaded (and nothing else).
pub struct Renderer {
    options: usvg::Options<'static>,
    family: String,
    bold: Metrics,
    regular: Metrics,
    /// Hash of the fonts and the renderer version: part of every cache key.
    fingerprint: u128,
    glyphs: GlyphCache,
}

#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error("share image: {0}")]
    Svg(String),
}

impl From<ImageError> for RenderError {
    fn from(e: ImageError) -> RenderError {
        RenderError::Other(e.to_string())
    }
}

impl Renderer {
    /// Load every font under the theme's `fonts/` (only those: system fonts are never
    /// consulted, so a build looks the same on every machine).
    pub fn new(theme: &Theme) -> Result<Renderer, RenderError> {
        let mut db = usvg::fontdb::Database::new();
        let mut fonts: Vec<(u16, &[u8])> = Vec::new();
        let mut fp = SipHasher13::new_with_keys(0, 0);
        fp.write(RENDERER_VERSION);
        for (path, bytes) in &theme.files {
            let lower = path.to_ascii_lowercase();
            if !(lower.starts_with("fonts/")
                && (lower.ends_with(".ttf") || lower.ends_with(".otf")))
            {
                continue;
            }
            let face = ttf_parser::Face::parse(bytes, 0).map_err(|e| {
                RenderError::Other(format!("themes/default/{path}: not a font ({e})"))
            })?;
            fonts.push((face.weight().to_number(), bytes));
            fp.write(path.as_bytes());
            fp.write(bytes);
            db.load_font_data(bytes.clone());
        }
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first().map(|(name, _)| name.clone()))
            .ok_or_else(|| {
                RenderError::Other(
                    "the theme has no font for share images (themes/default/fonts/*.ttf)".into(),
                )
            })?;
        let pick = |target: u16| -> Metrics {
            fonts
                .iter()
                .min_by_key(|(w, _)| (*w as i32 - target as i32).abs())
                .map(|(_, b)| Metrics::of(b))
                .unwrap_or_default()
        };
        let options = usvg::Options {
            font_family: family.clone(),
            fontdb: Arc::new(db),
            // Only images written into the template as data: URLs; never files.
            image_href_resolver: usvg::ImageHrefResolver {
                resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
                resolve_string: Box::new(|_, _| None),
            },
            ..usvg::Options::default()
        };
        Ok(Renderer {
            options,
            family,
            bold: pick(700),
            regular: pick(400),
            fingerprint: fp.finish128().as_u128(),
            glyphs: GlyphCache::default(),
        })
    }

    /// The font family cards are drawn in.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Characters of `text` that the fonts cannot draw.
    pub fn missing_chars(&self, text: &str) -> Vec<char> {
        let mut v: Vec<char> = clean(text)
            .chars()
            .filter(|c| !c.is_whitespace())
            .filter(|c| !self.bold.covers(*c) || !self.regular.covers(*c))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The title's lines and size: the largest size at which it fits the title area
    /// without cutting a word; at the smallest size, whole lines that do not fit are
    /// left out and the last one ends with "…".
    pub fn title_lines(&self, title: &str) -> (f32, Vec<String>) {
        let title = clean(title);
        for (k, &size) in TITLE_SIZES.iter().enumerate() {
            let measure = |s: &str| self.bold.width(s, size);
            let max_lines = ((TITLE_BOTTOM - TITLE_TOP) / (size * LINE_HEIGHT)).floor() as usize;
            let last = k + 1 == TITLE_SIZES.len();
            if let Some(lines) = wrap(&measure, &title, CONTENT_W) {
                if lines.len() <= max_lines || last {
                    return (size, clamp(&measure, lines, max_lines, CONTENT_W));
                }
            } else if last {
                // A word wider than the card even at the smallest size: shrink until
                // the widest word fits.
                let widest = title
                    .split_whitespace()
                    .map(|w| self.bold.width(w, size))
                    .fold(0.0f32, f32::max);
                let size = (size * CONTENT_W / widest).floor().max(8.0);
                let measure = |s: &str| self.bold.width(s, size);
                let max_lines =
                    ((TITLE_BOTTOM - TITLE_TOP) / (size * LINE_HEIGHT)).floor() as usize;
                let lines = wrap(&measure, &title, CONTENT_W).unwrap_or_default();
                return (size, clamp(&measure, lines, max_lines, CONTENT_W));
            }
        }
        (TITLE_SIZES[0], Vec::new())
    }

    /// Every position of `card` on the 1200×630 canvas.
    pub fn layout(&self, card: &Card) -> Layout {
        let right = WIDTH as f32 - MARGIN;
        let badge = card.illustrative.as_deref().map(|label| {
            let label = clean(label);
            let w = self.bold.width(&label, 26.0) + 36.0;
            Pill {
                text_x: right - w + 18.0,
                text_y: 87.0,
                x: right - w,
                y: 52.0,
                w,
                h: 48.0,
                color: "#fff4d6",
                text: label,
            }
        });
        let kind_w = CONTENT_W - badge.as_ref().map(|b| b.w + 24.0).unwrap_or(0.0);
        let kind = clean(&card.kind);
        let kind = (!kind.is_empty()).then(|| Line {
            text: fit_line(&|s| self.regular.width(s, 30.0), &kind, kind_w),
            x: MARGIN,
            y: 88.0,
        });

        let (title_size, lines) = self.title_lines(&card.title);
        let step = title_size * LINE_HEIGHT;
        let first = TITLE_TOP + title_size * 1.02;
        let title = lines
            .into_iter()
            .enumerate()
            .map(|(k, text)| Line {
                text,
                x: MARGIN,
                y: (first + k as f32 * step).round(),
            })
            .collect();

        let row_y = 470.0;
        let status = card.status.as_ref().map(|(label, code)| {
            let label = clean(label);
            let w = self.bold.width(&label, 28.0) + 40.0;
            Pill {
                text_x: MARGIN + 20.0,
                text_y: row_y + 35.0,
                x: MARGIN,
                y: row_y,
                w,
                h: 50.0,
                color: status_color(code),
                text: label,
            }
        });
        let detail_x = status.as_ref().map(|p| p.x + p.w + 22.0).unwrap_or(MARGIN);
        let detail = clean(&card.detail);
        let detail = (!detail.is_empty()).then(|| Line {
            text: fit_line(&|s| self.regular.width(s, 28.0), &detail, right - detail_x),
            x: detail_x,
            y: row_y + 35.0,
        });

        let total: usize = card.bar.iter().map(|(_, n)| n).sum();
        let mut x = MARGIN;
        let bar = if total == 0 {
            Vec::new()
        } else {
            card.bar
                .iter()
                .filter(|(_, n)| *n > 0)
                .map(|(code, n)| {
                    let w = *n as f32 * CONTENT_W / total as f32;
                    let s = Segment {
                        x: (x * 100.0).round() / 100.0,
                        w: (w * 100.0).round() / 100.0,
                        color: bar_color(code),
                    };
                    x += w;
                    s
                })
                .collect()
        };

        let site_text = clean(&card.site);
        let one = |size: f32| self.bold.width(&site_text, size) <= CONTENT_W;
        let (site_size, site) = if one(26.0) {
            (26.0, vec![site_text.clone()])
        } else {
            let m = |s: &str| self.bold.width(s, 21.0);
            let lines = wrap(&m, &site_text, CONTENT_W)
                .map(|l| clamp(&m, l, 2, CONTENT_W))
                .unwrap_or_else(|| vec![fit_line(&m, &site_text, CONTENT_W)]);
            (21.0, lines)
        };
        let site_first = if site.len() > 1 { 588.0 } else { 604.0 };
        let site = site
            .into_iter()
            .enumerate()
            .map(|(k, text)| Line {
                text,
                x: MARGIN,
                y: site_first + k as f32 * 27.0,
            })
            .collect();

        Layout {
            width: WIDTH,
            height: HEIGHT,
            font: self.family.clone(),
            margin: MARGIN,
            kind,
            badge,
            title_size,
            title,
            status,
            detail,
            bar_y: 540.0,
            bar_w: CONTENT_W,
            bar,
            site_size,
            site,
        }
    }

    /// The card as SVG, from the theme's template.
    pub fn svg(&self, tera: &tera::Tera, card: &Card) -> Result<String, RenderError> {
        let ctx = tera::Context::from_serialize(self.layout(card))
            .map_err(|e| template_error(TEMPLATE, &e))?;
        render_template(tera, TEMPLATE, &ctx)
    }

    /// A stable key for the PNG that `svg` gives: the same SVG, fonts and renderer
    /// always give the same key.
    pub fn key(&self, svg: &str) -> String {
        let mut h = SipHasher13::new_with_keys(0, 0);
        h.write(&self.fingerprint.to_le_bytes());
        h.write(svg.as_bytes());
        format!("{:032x}", h.finish128().as_u128())
    }

    /// Draw `svg` into a 1200×630 PNG (no alpha: the card is opaque; see [`encode_png`]).
    pub fn png(&self, svg: &str) -> Result<Vec<u8>, ImageError> {
        let tree =
            usvg::Tree::from_str(svg, &self.options).map_err(|e| ImageError::Svg(e.to_string()))?;
        CANVAS.with(|canvas| {
            let mut canvas = canvas.borrow_mut();
            let canvas = match canvas.as_mut() {
                Some(c) => c,
                None => canvas.insert(Canvas {
                    pixmap: tiny_skia::Pixmap::new(WIDTH, HEIGHT)
                        .ok_or_else(|| ImageError::Svg("cannot allocate the image".into()))?,
                    background: None,
                    drawn: vec![true; HEIGHT as usize],
                }),
            };
            self.draw(&tree, canvas)
        })
    }

    /// Draw `tree` over a white canvas of the card's size, and encode it.
    fn draw(&self, tree: &usvg::Tree, canvas: &mut Canvas) -> Result<Vec<u8>, ImageError> {
        let size = tree.size();
        if size.width() == WIDTH as f32 && size.height() == HEIGHT as f32 {
            // A background that covers the card in one colour (the bundled template's
            // first shape) is the canvas filled with it: the card's 3 MB are written
            // once, not twice (white, then the background over it).
            let children = tree.root().children();
            let background = children.first().and_then(whole_canvas_colour);
            canvas.clear(background.unwrap_or(tiny_skia::Color::WHITE));
            let shapes = &children[usize::from(background.is_some())..];
            // Shapes by resvg; plain text from glyphs rasterised once per build.
            for node in shapes {
                let text_rows = match node {
                    usvg::Node::Text(text) => {
                        self.glyphs.draw(text, tree.fontdb(), &mut canvas.pixmap)
                    }
                    _ => None,
                };
                if let Some(rows) = text_rows {
                    canvas.mark(rows);
                } else if let Some(b) = node.abs_layer_bounding_box() {
                    let ts = tiny_skia::Transform::from_translate(b.x(), b.y());
                    resvg::render_node(node, ts, &mut canvas.pixmap.as_mut());
                    // Anti-aliasing reaches at most the pixel past the edge.
                    canvas.mark(b.top().floor() as i32 - 1..b.bottom().ceil() as i32 + 1);
                }
            }
        } else {
            canvas.clear(tiny_skia::Color::WHITE);
            canvas.mark(0..HEIGHT as i32);
            let transform = tiny_skia::Transform::from_scale(
                WIDTH as f32 / size.width(),
                HEIGHT as f32 / size.height(),
            );
            resvg::render(tree, transform, &mut canvas.pixmap.as_mut());
        }
        // Everything was drawn over an opaque background, so the premultiplied
        // colour is the colour.
        encode_png(canvas.pixmap.data(), &canvas.drawn)
    }
}

/// A thread's canvas, drawn over again for every card it draws: a new 1200×630
/// pixmap is 3 MB of freshly zeroed memory, a page fault every 4 KB. It knows
/// which rows the last card drew on, so the next is cleared by filling only
/// those, and the palette pass takes the other rows' indexes from the row
/// above without comparing them (bench/NOTES.md, session 13).
struct Canvas {
    pixmap: tiny_skia::Pixmap,
    /// The colour every row not in `drawn` has; `None`: not known.
    background: Option<tiny_skia::Color>,
    /// The rows drawn on since the canvas was filled with `background`.
    drawn: Vec<bool>,
}

impl Canvas {
    /// Make every pixel `colour`: the rows drawn on, if the rest has that colour
    /// already, else all of them.
    fn clear(&mut self, colour: tiny_skia::Color) {
        if self.background == Some(colour) {
            // As `Pixmap::fill` fills, row by row.
            let px = colour.premultiply().to_color_u8();
            let pixels = self.pixmap.pixels_mut();
            let width = WIDTH as usize;
            for (y, _) in self.drawn.iter().enumerate().filter(|(_, d)| **d) {
                if let Some(row) = pixels.get_mut(y * width..(y + 1) * width) {
                    row.fill(px);
                }
            }
        } else {
            self.pixmap.fill(colour);
            self.background = Some(colour);
        }
        self.drawn.fill(false);
    }

    /// Note that `rows` (clamped to the canvas) were drawn on.
    fn mark(&mut self, rows: std::ops::Range<i32>) {
        let h = self.drawn.len() as i32;
        let rows = rows.start.clamp(0, h) as usize..rows.end.clamp(0, h) as usize;
        self.drawn[rows].fill(true);
    }
}

/// The colour of `node` if it is an opaque rectangle of one colour covering the
/// whole card (so drawing it sets every pixel to that colour, as filling the canvas
/// does).
fn whole_canvas_colour(node: &usvg::Node) -> Option<tiny_skia::Color> {
    let usvg::Node::Path(path) = node else {
        return None;
    };
    let fill = path.fill()?;
    let usvg::Paint::Color(c) = fill.paint() else {
        return None;
    };
    let data = path.data();
    let b = data.bounds();
    let corners = [
        (b.left(), b.top()),
        (b.right(), b.top()),
        (b.right(), b.bottom()),
        (b.left(), b.bottom()),
    ];
    // The path a `<rect>` without rounded corners becomes: its four corners in turn.
    use tiny_skia::PathSegment::{Close, LineTo, MoveTo};
    let mut segments = data.segments();
    let is_rect = matches!(segments.next(), Some(MoveTo(p)) if (p.x, p.y) == corners[0])
        && corners[1..]
            .iter()
            .all(|&c| matches!(segments.next(), Some(LineTo(p)) if (p.x, p.y) == c))
        && matches!(segments.next(), Some(Close))
        && segments.next().is_none();
    (path.is_visible()
        && path.stroke().is_none()
        && fill.opacity().get() == 1.0
        && path.abs_transform().is_identity()
        && is_rect
        && b.left() <= 0.0
        && b.top() <= 0.0
        && b.right() >= WIDTH as f32
        && b.bottom() >= HEIGHT as f32)
        .then(|| tiny_skia::Color::from_rgba8(c.red, c.green, c.blue, 255))
}

thread_local! {
    /// Each thread's canvas ([`Canvas`]).
    static CANVAS: RefCell<Option<Canvas>> = const { RefCell::new(None) };
    /// Each thread's palette indexes of the card it encodes (756 KB), kept for the
    /// same reason.
    static INDEXES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// How many pixels at the start of `px` (RGBA) have the same four bytes as the
/// first. Most runs on a card are a pixel or two (the edges of anti-aliased text)
/// and the rest some forty pixels of one colour: the first eight pixels are
/// compared one by one, the rest eight at a time.
fn run_of_first(px: &[u8]) -> usize {
    let Some(first) = px.first_chunk::<4>() else {
        return 0;
    };
    let pixels = px.len() / 4;
    let same = |n: usize| px[n * 4..n * 4 + 4] == *first;
    let mut n = 1;
    while n < pixels.min(8) {
        if !same(n) {
            return n;
        }
        n += 1;
    }
    let mut eight = [0u8; 32];
    for p in eight.chunks_exact_mut(4) {
        p.copy_from_slice(first);
    }
    while let Some(chunk) = px
        .get(n * 4..n * 4 + 32)
        .and_then(|c| <&[u8; 32]>::try_from(c).ok())
    {
        if *chunk != eight {
            break;
        }
        n += 8;
    }
    while n < pixels && same(n) {
        n += 1;
    }
    n
}

/// A card's pixels as a palette of the colours it has, in the order they first
/// appear, with each pixel's index in it written to `indexes`; `None` past 256
/// colours. A card is flat colours and anti-aliased text: about 150 to 200
/// colours, in runs of some forty pixels, and most of its rows are the row above
/// again. So a row equal to the one above (one `memcmp`) takes that row's indexes,
/// and otherwise each run of one colour is looked up once and filled at once
/// (bench/NOTES.md).
///
/// `drawn` says which rows anything was drawn on over the background (missing
/// rows: drawn on): a row not drawn on below another such row is that row again,
/// known without comparing them.
fn palette_of(rgba: &[u8], drawn: &[bool], indexes: &mut Vec<u8>) -> Option<Vec<u8>> {
    let width = WIDTH as usize;
    let mut palette: Vec<u8> = Vec::with_capacity(256 * 3);
    // Keys are colours, not input anyone chooses to collide: a fast hash (a card has
    // some 16,000 runs; the table below answers most of them).
    let mut index_of: FxHashMap<u32, u8> =
        FxHashMap::with_capacity_and_hasher(256, Default::default());
    // In front of the map, a table of 1,024 slots each remembering one colour
    // and its index (`VALID | colour << 8 | index`), found by the colour's hash:
    // a card's 150 to 200 colours seldom share a slot, and a slot is one load
    // where the map's probe was most of this function's time (bench/NOTES.md).
    const VALID: u64 = 1 << 40;
    let mut slots = [0u64; 1024];
    indexes.clear();
    indexes.reserve(rgba.len() / 4);
    // The colour without its alpha (every card is opaque).
    let colour = |px: &[u8]| u32::from_le_bytes([px[0], px[1], px[2], 0]);
    // `above` has the pixels of the row before (the last row compared).
    let mut above: Option<&[u8]> = None;
    let mut above_plain = false;
    for (y, row) in rgba.chunks(width * 4).enumerate() {
        let plain = !drawn.get(y).copied().unwrap_or(true);
        let again = (plain && above_plain) || above == Some(row);
        above_plain = plain;
        if again {
            indexes.extend_from_within(indexes.len() - row.len() / 4..);
            continue;
        }
        above = Some(row);
        let mut rest = row;
        while rest.len() >= 4 {
            let c = colour(rest);
            // At least 1: the first pixel is of its own colour.
            let run = run_of_first(rest);
            let slot = &mut slots[(c.wrapping_mul(0x9e37_79b1) >> 22) as usize];
            let tag = VALID | u64::from(c) << 8;
            let i = if *slot & !0xff == tag {
                *slot as u8
            } else {
                let i = match index_of.get(&c) {
                    Some(&i) => i,
                    None => {
                        let i = u8::try_from(index_of.len()).ok()?;
                        index_of.insert(c, i);
                        palette.extend_from_slice(&rest[..3]);
                        i
                    }
                };
                *slot = tag | u64::from(i);
                i
            };
            indexes.resize(indexes.len() + run, i);
            rest = &rest[run * 4..];
        }
    }
    Some(palette)
}

/// A card's pixels (opaque: the premultiplied colour is the colour) as a PNG:
/// with a palette when it has at most 256 colours, as every card drawn from the
/// bundled theme does (the same pixels in less than half the bytes of RGB, and a
/// third of the data to compress), else RGB.
///
/// Each row is stored as its difference from the row above (PNG's "Up" filter):
/// most rows of a card repeat the one above, so most rows become zeros, which
/// fdeflate (png's fastest compression, made for filtered rows) packs tightly;
/// half the time of zlib's fastest level on unfiltered rows for files a fifth
/// larger (bench/NOTES.md, session 11).
fn encode_png(rgba: &[u8], drawn: &[bool]) -> Result<Vec<u8>, ImageError> {
    let err = |e: png::EncodingError| ImageError::Svg(e.to_string());
    let mut out = Vec::with_capacity(64 * 1024);
    let mut enc = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_deflate_compression(png::DeflateCompression::FdeflateUltraFast);
    enc.set_filter(png::Filter::Up);
    INDEXES.with(|indexes| {
        let mut indexes = indexes.borrow_mut();
        let rgb: Vec<u8>;
        let pixels: &[u8] = match palette_of(rgba, drawn, &mut indexes) {
            Some(palette) => {
                enc.set_color(png::ColorType::Indexed);
                enc.set_palette(palette);
                &indexes
            }
            None => {
                enc.set_color(png::ColorType::Rgb);
                rgb = rgba
                    .chunks_exact(4)
                    .flat_map(|px| [px[0], px[1], px[2]])
                    .collect();
                &rgb
            }
        };
        let mut w = enc.write_header().map_err(err)?;
        w.write_image_data(pixels).map_err(err)?;
        w.finish().map_err(err)
    })?;
    Ok(out)
}

/// A glyph rasterised at one size and sub-pixel offset: its coverage, and where its
/// top-left corner goes relative to the glyph's (whole-pixel) origin.
struct GlyphMask {
    left: i32,
    top: i32,
    width: u32,
    height: u32,
    alpha: Vec<u8>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct GlyphKey {
    font: usvg::fontdb::ID,
    glyph: u32,
    sx: u32,
    sy: u32,
    /// Sub-pixel offset in quarters of a pixel.
    qx: u8,
    qy: u8,
}

/// Glyphs already rasterised (by tiny-skia, from the font's outlines), shared by every
/// card of a build: thousands of cards use the same few hundred glyphs, and drawing
/// text outline by outline was most of a card's time.
#[derive(Default)]
struct GlyphCache {
    masks: Mutex<FxHashMap<GlyphKey, Arc<GlyphMask>>>,
}

struct Outline(tiny_skia::PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

impl GlyphCache {
    fn mask(&self, key: GlyphKey, db: &usvg::fontdb::Database) -> Option<Arc<GlyphMask>> {
        if let Some(m) = self.masks.lock().ok()?.get(&key) {
            return Some(m.clone());
        }
        let path = db.with_face_data(key.font, |data, index| {
            let face = ttf_parser::Face::parse(data, index).ok()?;
            let mut o = Outline(tiny_skia::PathBuilder::new());
            face.outline_glyph(ttf_parser::GlyphId(u16::try_from(key.glyph).ok()?), &mut o)?;
            o.0.finish()
        });
        let ts = tiny_skia::Transform::from_row(
            f32::from_bits(key.sx),
            0.0,
            0.0,
            f32::from_bits(key.sy),
            key.qx as f32 / 4.0,
            key.qy as f32 / 4.0,
        );
        let mask = match path.flatten().and_then(|p| p.transform(ts)) {
            // A glyph with no outline (a space).
            None => GlyphMask {
                left: 0,
                top: 0,
                width: 0,
                height: 0,
                alpha: Vec::new(),
            },
            Some(p) => {
                let b = p.bounds();
                let (left, top) = (b.left().floor() as i32 - 1, b.top().floor() as i32 - 1);
                let width = (b.right().ceil() as i32 + 1 - left).max(1) as u32;
                let height = (b.bottom().ceil() as i32 + 1 - top).max(1) as u32;
                let mut m = tiny_skia::Mask::new(width, height)?;
                m.fill_path(
                    &p,
                    tiny_skia::FillRule::Winding,
                    true,
                    tiny_skia::Transform::from_translate(-left as f32, -top as f32),
                );
                GlyphMask {
                    left,
                    top,
                    width,
                    height,
                    alpha: m.data().to_vec(),
                }
            }
        };
        let mask = Arc::new(mask);
        self.masks.lock().ok()?.insert(key, mask.clone());
        Some(mask)
    }

    /// Draw `text` onto `pixmap` if it is plain (solid fills, no stroke, no
    /// decoration, glyphs only scaled and moved), giving the rows it drew on;
    /// `None` leaves it to resvg.
    fn draw(
        &self,
        text: &usvg::Text,
        db: &usvg::fontdb::Database,
        pixmap: &mut tiny_skia::Pixmap,
    ) -> Option<std::ops::Range<i32>> {
        if !text.abs_transform().is_identity() {
            return None;
        }
        let plain = text.layouted().iter().all(|span| {
            span.stroke.is_none()
                && span.underline.is_none()
                && span.overline.is_none()
                && span.line_through.is_none()
                && matches!(
                    span.fill.as_ref().map(|f| f.paint()),
                    Some(usvg::Paint::Color(_))
                )
                && span.positioned_glyphs.iter().all(|g| {
                    let t = g.outline_transform();
                    t.kx == 0.0 && t.ky == 0.0
                })
        });
        if !plain {
            return None;
        }
        let (w, h) = (pixmap.width() as i32, pixmap.height() as i32);
        let mut drawn = 0..0;
        for span in text.layouted() {
            if !span.visible {
                continue;
            }
            let Some(fill) = &span.fill else { continue };
            let usvg::Paint::Color(c) = fill.paint() else {
                continue;
            };
            let opacity = fill.opacity().get();
            let color = [c.red as u32, c.green as u32, c.blue as u32, 255];
            let solid = [c.red, c.green, c.blue, 255];
            for g in &span.positioned_glyphs {
                let t = g.outline_transform();
                let (ox, oy) = (t.tx.floor(), t.ty.floor());
                let qx = ((t.tx - ox) * 4.0).round() as i32;
                let qy = ((t.ty - oy) * 4.0).round() as i32;
                let key = GlyphKey {
                    font: g.font,
                    glyph: g.id.0,
                    sx: t.sx.to_bits(),
                    sy: t.sy.to_bits(),
                    qx: (qx % 4) as u8,
                    qy: (qy % 4) as u8,
                };
                let (ox, oy) = (ox as i32 + qx / 4, oy as i32 + qy / 4);
                let Some(m) = self.mask(key, db) else {
                    continue;
                };
                // The mask's columns and rows that fall on the canvas.
                let (x0, y0) = (ox + m.left, oy + m.top);
                let cols = (-x0).max(0)..(w - x0).min(m.width as i32);
                let rows = (-y0).max(0)..(h - y0).min(m.height as i32);
                if cols.is_empty() || rows.is_empty() {
                    continue;
                }
                drawn = if drawn.is_empty() {
                    y0 + rows.start..y0 + rows.end
                } else {
                    drawn.start.min(y0 + rows.start)..drawn.end.max(y0 + rows.end)
                };
                let data = pixmap.data_mut();
                for my in rows {
                    let from = (my as u32 * m.width) as usize;
                    let coverage = &m.alpha[from + cols.start as usize..from + cols.end as usize];
                    let at = (((y0 + my) * w + x0 + cols.start) * 4) as usize;
                    let row = &mut data[at..at + coverage.len() * 4];
                    for (&cov, px) in coverage.iter().zip(row.chunks_exact_mut(4)) {
                        if cov == 0 {
                            continue;
                        }
                        // Fully opaque text (every card of the bundled theme) needs
                        // no rounding: the coverage is the alpha.
                        let a = if opacity == 1.0 {
                            cov as u32
                        } else {
                            (cov as f32 * opacity).round() as u32
                        };
                        if a == 255 {
                            // Inside a glyph: the text's colour (what the blend
                            // below gives for full coverage).
                            px.copy_from_slice(&solid);
                            continue;
                        }
                        for (d, &ch) in px.iter_mut().zip(&color) {
                            *d = ((ch * a + *d as u32 * (255 - a) + 127) / 255) as u8;
                        }
                    }
                }
            }
        }
        Some(drawn)
    }
}

/// Whether `bytes` are a whole PNG file: the signature, then chunks each with
/// the CRC-32 its bytes have, ending with `IEND`. A cached image damaged on disk
/// (a flipped bit, a cut-off write) fails this and is drawn again.
pub fn is_whole_png(bytes: &[u8]) -> bool {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    let Some(mut rest) = bytes.strip_prefix(SIGNATURE) else {
        return false;
    };
    while rest.len() >= 12 {
        let len = u32::from_be_bytes([rest[0], rest[1], rest[2], rest[3]]) as usize;
        let Some(body) = rest.get(4..8 + len) else {
            return false;
        };
        let Some(crc) = rest.get(8 + len..12 + len) else {
            return false;
        };
        if crc32fast::hash(body).to_be_bytes() != crc {
            return false;
        }
        if &body[..4] == b"IEND" {
            return rest.len() == 12 + len;
        }
        rest = &rest[12 + len..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels of a PNG as opaque RGBA, as a browser reads them.
    fn pixels(png: &[u8]) -> (png::ColorType, Vec<u8>) {
        let pixmap = tiny_skia::Pixmap::decode_png(png).unwrap();
        let mut decoder = png::Decoder::new(std::io::Cursor::new(png));
        decoder.set_transformations(png::Transformations::IDENTITY);
        let color = decoder.read_info().unwrap().info().color_type;
        (color, pixmap.data().to_vec())
    }

    /// Opaque RGBA pixels of a card: flat colours with a band of `shades` shades
    /// of blue (anti-aliased text has a few hundred at most); rows in runs of
    /// equal rows, as a card has, and rows unlike the one above.
    fn card_pixels(shades: usize) -> Vec<u8> {
        let mut rgba = Vec::with_capacity((WIDTH * HEIGHT * 4) as usize);
        for i in 0..(WIDTH * HEIGHT) as usize {
            let shift = (i / 1200) / 7;
            let px = match i % 1200 {
                0..100 => [255, 255, 255, 255],
                100..200 => [0x1d, 0x4e, 0xd8, 255],
                x => {
                    let s = (x + shift) % shades;
                    [s as u8, (s >> 8) as u8 * 40, 200, 255]
                }
            };
            rgba.extend_from_slice(&px);
        }
        rgba
    }

    #[test]
    fn cards_of_few_colours_are_palette_pngs_of_the_same_pixels() {
        let rgba = card_pixels(150);
        let png = encode_png(&rgba, &[]).unwrap();
        assert_eq!(pixels(&png), (png::ColorType::Indexed, rgba.clone()));
        // Past 256 colours the card is RGB, its pixels the same.
        let many = card_pixels(600);
        assert!(palette_of(&many, &[], &mut Vec::new()).is_none());
        let png_many = encode_png(&many, &[]).unwrap();
        assert_eq!(pixels(&png_many), (png::ColorType::Rgb, many));
        let mut indexes = Vec::new();
        let palette = palette_of(&rgba, &[], &mut indexes).unwrap();
        assert_eq!(palette.len(), (150 + 2) * 3, "each colour once");
        assert_eq!(indexes.len(), (WIDTH * HEIGHT) as usize);
        assert_eq!(
            &palette[..3],
            [255, 255, 255],
            "in order of first appearance"
        );
    }

    #[test]
    fn a_run_is_counted_to_its_last_pixel_across_the_eight_pixel_steps() {
        for len in 1..40 {
            for tail in [0, 1, 9] {
                let mut px = [7u8, 8, 9, 255].repeat(len);
                px.extend([7u8, 8, 9, 254].repeat(tail));
                assert_eq!(run_of_first(&px), len, "{len} then {tail}");
            }
        }
        assert_eq!(run_of_first(&[]), 0);
    }

    /// `svg` as resvg draws it alone, over white: what a card is compared with.
    fn resvg_alone(r: &Renderer, svg: &str) -> tiny_skia::Pixmap {
        let tree = usvg::Tree::from_str(svg, &r.options).unwrap();
        let mut reference = tiny_skia::Pixmap::new(WIDTH, HEIGHT).unwrap();
        reference.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::identity(),
            &mut reference.as_mut(),
        );
        reference
    }

    /// Text drawn from the cached glyphs looks as resvg draws it: at the canvas's
    /// edges (glyphs cut off on every side), half-opaque, and on a canvas reused
    /// from the card before (no pixel of that card is left: this card, unlike the
    /// theme's, has no white background of its own).
    #[test]
    fn cached_glyphs_draw_text_as_resvg_does() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let r = Renderer::new(&Theme::load(dir).unwrap()).unwrap();
        let card = |fill: &str| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" font-family="{}">
<text x="-14" y="12" font-size="40" fill="{fill}">Đ</text>
<text x="40" y="12" font-size="40" fill="{fill}">ảng ủy xã</text>
<text x="1130" y="645" font-size="40" fill="{fill}" fill-opacity="0.5">Hưng Yên</text>
<text x="300" y="320" font-size="64" font-weight="700" fill="#1b1f24">Năm cán bộ cơ sở</text>
</svg>"##,
                r.family()
            )
        };
        let (first, other) = (card("#8c1c13"), card("#17663a"));
        let png = r.png(&first).unwrap();
        r.png(&other).unwrap();
        assert!(
            r.png(&first).unwrap() == png,
            "the canvas keeps nothing of a card"
        );

        let reference = resvg_alone(&r, &first);
        let (_, drawn) = pixels(&png);
        let ink = |px: &[u8]| px[..3] != [255, 255, 255];
        let (mut both, mut either, mut far) = (0, 0, 0);
        for (a, b) in drawn.chunks_exact(4).zip(reference.data().chunks_exact(4)) {
            both += (ink(a) && ink(b)) as usize;
            either += (ink(a) || ink(b)) as usize;
            far += a.iter().zip(b).any(|(x, y)| x.abs_diff(*y) > 96) as usize;
        }
        // Glyphs are placed to a quarter of a pixel, so edges differ a little.
        assert!(either > 5_000, "text is drawn: {either} pixels");
        assert!(
            both * 100 >= either * 90,
            "{both} of {either} inked pixels shared"
        );
        assert!(
            far * 100 <= either * 3,
            "{far} of {either} pixels far from resvg's"
        );
        // The cut-off glyphs at the edges are drawn too.
        let at = |x: usize, y: usize| &drawn[(y * WIDTH as usize + x) * 4..][..4];
        assert!((0..30).any(|x| (0..12).any(|y| ink(at(x, y)))), "top left");
        assert!(
            (1130..1200).any(|x| (600..630).any(|y| ink(at(x, y)))),
            "bottom right"
        );
    }

    /// A card drawn on a canvas another card was drawn on first has exactly the
    /// pixels it has on a new canvas: every shape, text and anti-aliased edge of
    /// the card before is gone, whether the background is the same or not.
    #[test]
    fn a_card_keeps_nothing_of_the_shapes_drawn_before_it() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let r = Renderer::new(&Theme::load(dir).unwrap()).unwrap();
        let card = |background: &str, body: &str| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" font-family="{}">
<rect x="0" y="0" width="1200" height="630" fill="{background}"/>{body}</svg>"##,
                r.family()
            )
        };
        let busy = card(
            "#f3f5f8",
            r##"<rect x="0" y="0" width="1200" height="18" fill="#8c1c13"/>
<circle cx="600" cy="300.4" r="80.3" fill="none" stroke="#0b5cad" stroke-width="9"/>
<rect x="72" y="612.5" width="300" height="20" rx="4" fill="#17663a" opacity="0.7"/>
<text x="72" y="140" font-size="64" font-weight="700" fill="#1b1f24">Phường Thử nghiệm 0700</text>
<text x="900" y="400" font-size="30" fill="#5c6570" transform="rotate(-20 900 400)">xoay</text>"##,
        );
        let quiet = card(
            "#f3f5f8",
            r##"<text x="72" y="88" font-size="30" fill="#5c6570">Phường</text>
<rect x="72" y="540" width="500" height="14" fill="#b3261e"/>"##,
        );
        let other_background = card("#ffffff", "");
        // Each as drawn on a canvas of its own (a new thread has a new canvas).
        let alone = |svg: String| {
            let dir = dir.to_path_buf();
            std::thread::spawn(move || {
                let r = Renderer::new(&Theme::load(&dir).unwrap()).unwrap();
                r.png(&svg).unwrap()
            })
            .join()
            .unwrap()
        };
        let (busy_alone, quiet_alone) = (alone(busy.clone()), alone(quiet.clone()));
        assert!(r.png(&busy).unwrap() == busy_alone);
        assert!(r.png(&quiet).unwrap() == quiet_alone, "after the busy card");
        assert!(r.png(&busy).unwrap() == busy_alone, "after the quiet card");
        r.png(&other_background).unwrap();
        assert!(r.png(&quiet).unwrap() == quiet_alone, "after a white card");
        // And what is drawn is what resvg draws alone, but for the text.
        let (_, drawn) = pixels(&quiet_alone);
        let reference = resvg_alone(
            &r,
            &card(
                "#f3f5f8",
                r##"<rect x="72" y="540" width="500" height="14" fill="#b3261e"/>"##,
            ),
        );
        let row = |data: &[u8], y: usize| data[y * 4800..(y + 1) * 4800].to_vec();
        for y in (300..630).step_by(7) {
            assert!(row(&drawn, y) == row(reference.data(), y), "row {y}");
        }
    }

    #[test]
    fn a_whole_card_background_is_a_fill_with_the_pixels_resvg_draws() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let r = Renderer::new(&Theme::load(dir).unwrap()).unwrap();
        let first = |svg: &str| {
            let tree = usvg::Tree::from_str(svg, &r.options).unwrap();
            let node = tree.root().children().first().cloned();
            node.and_then(|n| whole_canvas_colour(&n))
        };
        let svg = |shape: &str| {
            format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">{shape}
<rect x="100" y="100" width="300" height="60" rx="25" fill="#0b5cad"/></svg>"##
            )
        };
        // The bundled template's background, and others that cover the card.
        let covering = [
            r##"<rect x="0" y="0" width="1200" height="630" fill="#f3f5f8"/>"##,
            r##"<rect x="-10" y="-10" width="1300" height="700" fill="#8c1c13"/>"##,
        ];
        for shape in covering {
            let card = svg(shape);
            assert!(first(&card).is_some(), "{shape} covers the card");
            let (_, drawn) = pixels(&r.png(&card).unwrap());
            assert!(
                drawn == resvg_alone(&r, &card).data(),
                "{shape}: the same pixels"
            );
        }
        // Shapes that leave some of the white, or do not cover it in one colour.
        for shape in [
            r##"<rect x="0" y="0" width="1200" height="629" fill="#f3f5f8"/>"##,
            r##"<rect x="0.5" y="0" width="1200" height="630" fill="#f3f5f8"/>"##,
            r##"<rect x="0" y="0" width="1200" height="630" rx="8" fill="#f3f5f8"/>"##,
            r##"<rect x="0" y="0" width="1200" height="630" fill="#f3f5f8" fill-opacity="0.5"/>"##,
            r##"<rect x="0" y="0" width="1200" height="630" fill="#f3f5f8" stroke="#000"/>"##,
            r##"<rect x="0" y="0" width="1200" height="630" fill="#f3f5f8" transform="rotate(1)"/>"##,
            r##"<circle cx="600" cy="315" r="2000" fill="#f3f5f8"/>"##,
        ] {
            assert_eq!(first(&svg(shape)), None, "{shape}");
        }
    }

    /// A monospace stand-in: every character is 10 px wide.
    fn mono(s: &str) -> f32 {
        s.chars().count() as f32 * 10.0
    }

    #[test]
    fn wrap_breaks_between_words_only() {
        let text = "Rà soát, sắp xếp đội ngũ cán bộ cấp xã sau khi sắp xếp đơn vị hành chính";
        let lines = wrap(&mono, text, 200.0).unwrap();
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(mono(l) <= 200.0, "{l}");
        }
        assert_eq!(lines.join(" "), text, "no word is cut or lost");
        assert!(wrap(&mono, "một-từ-rất-rất-dài-không-có-chỗ-ngắt", 100.0).is_none());
    }

    #[test]
    fn clamp_ends_with_an_ellipsis_after_a_whole_word() {
        let lines = wrap(&mono, "một hai ba bốn năm sáu bảy tám chín mười", 120.0).unwrap();
        assert!(lines.len() > 2);
        let kept = clamp(&mono, lines.clone(), 2, 120.0);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0], lines[0]);
        assert!(kept[1].ends_with(" …"), "{kept:?}");
        let words: Vec<&str> = kept[1].trim_end_matches(" …").split(' ').collect();
        let all: Vec<&str> = lines[1].split(' ').collect();
        assert_eq!(&all[..words.len()], &words[..], "whole words only");
        assert!(mono(&kept[1]) <= 120.0);
    }

    #[test]
    fn fit_line_keeps_whole_words() {
        assert_eq!(fit_line(&mono, "ngắn gọn", 200.0), "ngắn gọn");
        let cut = fit_line(&mono, "Ban Tuyên giáo và Dân vận Tỉnh ủy", 150.0);
        assert!(cut.ends_with(" …") && mono(&cut) <= 150.0, "{cut}");
        assert!("Ban Tuyên giáo và Dân vận Tỉnh ủy".starts_with(cut.trim_end_matches(" …")));
    }
}
