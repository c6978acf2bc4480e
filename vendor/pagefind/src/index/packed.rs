//! tiendo patch: a page's words packed as soon as the page is read, and the
//! words of the index merged straight into the bytes they are written as.
//!
//! Every page is held from the moment it is read until the index is built. Its
//! words were held as a list of strings, each with a vector of positions of 24
//! bytes (~125 bytes a word of a page, 175 MB for the 13,345 pages of the 10k
//! benchmark corpus), and merged into the index's words, each page of each word a
//! `PackedPage` of 56 bytes with a vector of its own. Here a page's words are
//! grouped as the index groups them and their positions packed into the CBOR
//! array the index holds them as, once, on the thread that read the page; the
//! merge appends each page's CBOR to its word's, so a word of the index is a few
//! byte buffers. The bytes written are those Pagefind's `WordIndex` encodes
//! (`index::tests::packed_merge_gives_pagefinds_merge` holds them to it).

use std::collections::BTreeMap;

use hashbrown::HashMap;
use minicbor::{Decoder, Encoder};

use std::slice::ChunkBy;

use crate::fossick::{FossickedWord, MetaFossickedWord};

use super::{meta_locations_to_packed, pack_locs, position_order};

/// The words are packed, and merged, in this many parts; a word's part is
/// [`word_shard`].
pub const WORD_SHARDS: usize = 16;

/// Which of `shards` parts `word` is merged in. std's hasher (fixed keys), not
/// the maps' own: a part's map must not see keys that all share the low bits of
/// its hash.
pub fn word_shard(word: &str, shards: usize) -> usize {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    word.hash(&mut hasher);
    (hasher.finish() % shards as u64) as usize
}

/// `CBOR` of an empty array.
const EMPTY_ARRAY: &[u8] = &[0x80];

/// The words of one page: for each word, its positions grouped by the form they
/// have (none first, then each form in order), each group's positions as the
/// CBOR array of locations the index holds them as. Words are in
/// [`WORD_SHARDS`] parts, each a run of CBOR items: the word, the number of
/// groups, and for each group its form (`""` when none), the number of
/// locations and the array's bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedPageWords {
    bytes: Vec<u8>,
    /// Where each part ends in `bytes`.
    part_ends: Vec<u32>,
}

/// tiendo patch: whether `part_ends` can be where the parts of `len` packed bytes
/// end ([`PackedPageWords`], [`PackedMetaWords`]): no parts and no bytes, or
/// [`WORD_SHARDS`] parts ending in order, the last at the end of the bytes.
fn parts_fit(part_ends: &[u32], len: usize) -> bool {
    let in_order = part_ends.windows(2).all(|w| w[0] <= w[1]);
    let whole = match part_ends.last() {
        None => len == 0,
        Some(&end) => part_ends.len() == WORD_SHARDS && end as usize == len,
    };
    in_order && whole
}

/// tiendo patch: a decoder at the start of part `part` of `bytes` (whose parts
/// end at `part_ends`), and where the part ends; `None` when there are no parts.
fn part_decoder<'a>(bytes: &'a [u8], part_ends: &[u32], part: usize) -> Option<(Decoder<'a>, usize)> {
    let end = *part_ends.get(part)? as usize;
    let start = match part {
        0 => 0,
        _ => part_ends[part - 1] as usize,
    };
    let mut d = Decoder::new(&bytes[..end]);
    d.set_position(start);
    Some((d, end))
}

/// One group of a word's positions on a page, as [`PackedPageWords`] holds it.
struct Group<'a> {
    form: Option<&'a str>,
    locs: u32,
    cbor: &'a [u8],
}

impl PackedPageWords {
    /// Pack a page's words and their positions.
    pub fn pack(mut words: Vec<(String, Vec<FossickedWord>)>) -> PackedPageWords {
        let parts: Vec<u8> = words
            .iter()
            .map(|(word, _)| word_shard(word, WORD_SHARDS) as u8)
            .collect();
        // About what a page's words take packed.
        let mut bytes = Vec::with_capacity(words.len() * 16);
        let mut part_ends = Vec::with_capacity(WORD_SHARDS);
        let (mut locs, mut cbor) = (Vec::new(), Vec::new());
        for part in 0..WORD_SHARDS {
            let in_part = words.iter_mut().zip(&parts).filter(|(_, p)| **p as usize == part);
            for ((word, positions), _) in in_part {
                let groups = group_positions(positions);
                let mut e = Encoder::new(&mut bytes);
                e.str(word).and_then(|e| e.u32(groups.clone().count() as u32)).ok();
                for group in groups {
                    locs.clear();
                    pack_locs(group, &mut locs);
                    cbor.clear();
                    Encoder::new(&mut cbor).encode(&locs[..]).ok();
                    let form = group[0].original_word.as_deref().unwrap_or("");
                    let mut e = Encoder::new(&mut bytes);
                    e.str(form)
                        .and_then(|e| e.u32(locs.len() as u32))
                        .and_then(|e| e.bytes(&cbor))
                        .ok();
                }
            }
            part_ends.push(bytes.len() as u32);
        }
        bytes.shrink_to_fit();
        PackedPageWords { bytes, part_ends }
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// tiendo patch: the bytes and where each part ends, for a page written out
    /// (`fossick::cached`).
    pub(crate) fn parts(&self) -> (&[u8], &[u32]) {
        (&self.bytes, &self.part_ends)
    }

    /// tiendo patch: the packed words of [`PackedPageWords::parts`]; `None` unless
    /// they can be: no parts, or [`WORD_SHARDS`] parts ending in order at the end
    /// of the bytes at the latest.
    pub(crate) fn from_parts(bytes: Vec<u8>, part_ends: Vec<u32>) -> Option<PackedPageWords> {
        parts_fit(&part_ends, bytes.len()).then_some(PackedPageWords { bytes, part_ends })
    }

    /// Call `f` with each word of part `part` and its groups.
    fn for_each_word(&self, part: usize, mut f: impl FnMut(&str, &[Group])) {
        // A page packed from no words has no parts (`Default`).
        let Some((mut d, end)) = part_decoder(&self.bytes, &self.part_ends, part) else {
            return;
        };
        let mut groups = Vec::new();
        while d.position() < end {
            // The bytes were written by `pack` and are not changed after.
            let (Ok(word), Ok(count)) = (d.str(), d.u32()) else {
                return;
            };
            groups.clear();
            for _ in 0..count {
                let (Ok(form), Ok(locs), Ok(cbor)) = (d.str(), d.u32(), d.bytes()) else {
                    return;
                };
                groups.push(Group {
                    form: (!form.is_empty()).then_some(form),
                    locs,
                    cbor,
                });
            }
            f(word, &groups);
        }
    }
}

/// A word's positions on a page grouped as the index holds them: those without
/// a form of their own first, then those of each form, forms in order; each
/// group's positions in the order they are packed in. `positions` is sorted so.
fn group_positions(positions: &mut [FossickedWord]) -> ChunkBy<'_, FossickedWord, SameForm> {
    // Most words have one form on a page: their positions are one group.
    let first_form = positions.first().map(|p| &p.original_word);
    if positions.iter().all(|p| Some(&p.original_word) == first_form) {
        positions.sort_unstable_by_key(position_order);
    } else {
        positions.sort_unstable_by(|a, b| {
            (&a.original_word, position_order(a)).cmp(&(&b.original_word, position_order(b)))
        });
    }
    positions.chunk_by(|a, b| a.original_word == b.original_word)
}

type SameForm = fn(&FossickedWord, &FossickedWord) -> bool;

/// The pages of a word, or of one of its forms, as the CBOR items of the
/// index's `PackedPage`s, page numbers as the difference from the page before.
#[derive(Debug, Default)]
pub struct PageList {
    count: usize,
    last_page: usize,
    bytes: Vec<u8>,
}

impl PageList {
    /// Add page `page` (after every page added before) with the location array
    /// `locs` and the meta locations `meta`.
    fn push(&mut self, page: usize, locs: &[u8], meta: &[i32]) {
        let mut e = Encoder::new(&mut self.bytes);
        e.array(3).and_then(|e| e.u64((page - self.last_page) as u64)).ok();
        e.writer_mut().extend_from_slice(locs);
        e.encode(meta).ok();
        self.count += 1;
        self.last_page = page;
    }

    fn encode(&self, e: &mut Encoder<&mut Vec<u8>>) {
        e.array(self.count as u64).ok();
        e.writer_mut().extend_from_slice(&self.bytes);
    }
}

/// A word of the index: Pagefind's `PackedWord`, its pages already encoded.
#[derive(Debug)]
pub struct MergedWord {
    pub word: String,
    pages: PageList,
    variants: Vec<(String, PageList)>,
    /// The word's weight in deciding where index chunks end: one for each page
    /// of the word and of its forms, each location and each form.
    pub chunk_weight: usize,
}

impl MergedWord {
    fn new(word: &str) -> MergedWord {
        MergedWord {
            word: word.to_string(),
            pages: PageList::default(),
            variants: Vec::new(),
            chunk_weight: 0,
        }
    }

    fn list(&mut self, form: Option<&str>) -> &mut PageList {
        let Some(form) = form else {
            return &mut self.pages;
        };
        let at = match self.variants.iter().position(|(f, _)| f == form) {
            Some(at) => at,
            None => {
                self.chunk_weight += 1;
                self.variants.push((form.to_string(), PageList::default()));
                self.variants.len() - 1
            }
        };
        &mut self.variants[at].1
    }

    fn push(&mut self, form: Option<&str>, page: usize, locs: u32, cbor: &[u8], meta: &[i32]) {
        self.chunk_weight += locs as usize + meta.len() + 1;
        self.list(form).push(page, cbor, meta);
    }

    /// Write the word as Pagefind's `PackedWord` is encoded.
    pub fn encode(&self, e: &mut Encoder<&mut Vec<u8>>) {
        e.array(3).and_then(|e| e.str(&self.word)).ok();
        self.pages.encode(e);
        e.array(self.variants.len() as u64).ok();
        for (form, pages) in &self.variants {
            e.array(2).and_then(|e| e.str(form)).ok();
            pages.encode(e);
        }
    }
}

/// The bytes of an index chunk of `words`: Pagefind's `WordIndex`.
pub fn encode_chunk(words: &[MergedWord]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut e = Encoder::new(&mut bytes);
    e.array(1).and_then(|e| e.array(words.len() as u64)).ok();
    for word in words {
        word.encode(&mut e);
    }
    bytes
}

/// tiendo patch: one meta position of a word, as [`PackedMetaWords`] holds it:
/// the field (numbered as the page numbers its meta fields, in order, until
/// [`merge_page`] numbers it as the index does), the word's place in the field
/// and its form before diacritics were folded, if it differs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MetaPosition<'a> {
    pub field_id: u16,
    pub position: u32,
    pub form: Option<&'a str>,
}

/// tiendo patch: the meta words of one page ([`crate::fossick::FossickedData`]
/// held them as a map from each word to a vector of its positions): in the
/// [`WORD_SHARDS`] parts they are merged in, words in order within a part, each a
/// run of CBOR items: the word, the number of its positions, and for each its
/// field, its place in the field and its form (`""` when none). A page is held
/// until the index is built; the map, its keys and vectors took ~2.9 KB of a
/// page's ~8 KB at 100,000 pages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PackedMetaWords {
    bytes: Vec<u8>,
    /// Where each part ends in `bytes`.
    part_ends: Vec<u32>,
}

impl PackedMetaWords {
    /// Pack a page's meta words and their positions (each word's in the order
    /// given).
    pub fn pack(words: HashMap<String, Vec<MetaFossickedWord>>) -> PackedMetaWords {
        if words.is_empty() {
            return PackedMetaWords::default();
        }
        let mut words: Vec<(usize, String, Vec<MetaFossickedWord>)> = words
            .into_iter()
            .map(|(word, positions)| (word_shard(&word, WORD_SHARDS), word, positions))
            .collect();
        words.sort_unstable_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut bytes = Vec::with_capacity(words.len() * 16);
        let mut part_ends = Vec::with_capacity(WORD_SHARDS);
        let mut words = words.into_iter().peekable();
        for part in 0..WORD_SHARDS {
            while let Some((_, word, positions)) = words.next_if(|w| w.0 == part) {
                let mut e = Encoder::new(&mut bytes);
                e.str(&word).and_then(|e| e.u32(positions.len() as u32)).ok();
                for p in &positions {
                    e.u16(p.field_id)
                        .and_then(|e| e.u32(p.position))
                        .and_then(|e| e.str(p.original_word.as_deref().unwrap_or("")))
                        .ok();
                }
            }
            part_ends.push(bytes.len() as u32);
        }
        bytes.shrink_to_fit();
        PackedMetaWords { bytes, part_ends }
    }

    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The bytes and where each part ends, for a page written out
    /// (`fossick::cached`).
    pub(crate) fn parts(&self) -> (&[u8], &[u32]) {
        (&self.bytes, &self.part_ends)
    }

    /// The packed meta words of [`PackedMetaWords::parts`]; `None` unless every
    /// word of every part reads back, each field below `fields` (the index looks
    /// a field up among the page's meta fields by its number).
    pub(crate) fn from_parts(
        bytes: Vec<u8>,
        part_ends: Vec<u32>,
        fields: usize,
    ) -> Option<PackedMetaWords> {
        if !parts_fit(&part_ends, bytes.len()) {
            return None;
        }
        let packed = PackedMetaWords { bytes, part_ends };
        let mut ok = true;
        let mut seen = 0;
        for part in 0..WORD_SHARDS {
            ok &= packed.read_part(part, |_, positions| {
                seen += 1;
                positions.iter().all(|p| usize::from(p.field_id) < fields)
            });
        }
        // A page with meta words has at least one.
        ok &= packed.part_ends.is_empty() || seen > 0;
        ok.then_some(packed)
    }

    /// Call `f` with each word of part `part` and its positions, in order, while
    /// it returns true. False when a word does not read back or `f` said stop.
    fn read_part<'a>(
        &'a self,
        part: usize,
        mut f: impl FnMut(&'a str, &[MetaPosition<'a>]) -> bool,
    ) -> bool {
        let Some((mut d, end)) = part_decoder(&self.bytes, &self.part_ends, part) else {
            return true;
        };
        let mut positions = Vec::new();
        while d.position() < end {
            let (Ok(word), Ok(count)) = (d.str(), d.u32()) else {
                return false;
            };
            positions.clear();
            for _ in 0..count {
                let (Ok(field_id), Ok(position), Ok(form)) = (d.u16(), d.u32(), d.str()) else {
                    return false;
                };
                positions.push(MetaPosition {
                    field_id,
                    position,
                    form: (!form.is_empty()).then_some(form),
                });
            }
            if !f(word, &positions) {
                return false;
            }
        }
        true
    }

    /// The words as [`PackedMetaWords::pack`] took them.
    pub fn unpack(&self) -> HashMap<String, Vec<MetaFossickedWord>> {
        let mut words = HashMap::new();
        for part in 0..WORD_SHARDS {
            self.read_part(part, |word, positions| {
                let positions = positions
                    .iter()
                    .map(|p| MetaFossickedWord {
                        field_id: p.field_id,
                        position: p.position,
                        original_word: p.form.map(Into::into),
                    })
                    .collect();
                words.insert(word.to_string(), positions);
                true
            });
        }
        words
    }
}

/// Merge the words of part `part` of page `page` (pages are merged in order)
/// into `words`, with the page's meta words of that part, their fields
/// numbered as the index numbers them (`fields`: the index's number of each of
/// the page's meta fields). A page adds to a word what Pagefind's merge added:
/// its positions without a form of their own under the word's pages, those of
/// each form under that form (a form new to the word goes last), and the meta
/// positions beside the positions of the same form, or as a page of their own.
pub fn merge_page(
    words: &mut HashMap<String, MergedWord>,
    page: usize,
    packed: &PackedPageWords,
    part: usize,
    meta: &PackedMetaWords,
    fields: &[u16],
) {
    // The part's meta words, fields renumbered, words in order.
    let mut meta_words: Vec<(&str, Vec<MetaPosition>)> = Vec::new();
    meta.read_part(part, |word, positions| {
        let renumbered = positions
            .iter()
            .map(|p| MetaPosition {
                field_id: fields.get(usize::from(p.field_id)).copied().unwrap_or(p.field_id),
                ..*p
            })
            .collect();
        meta_words.push((word, renumbered));
        true
    });
    let mut meta_used = vec![false; meta_words.len()];
    packed.for_each_word(part, |word, groups| {
        let meta = match meta_words.binary_search_by(|(w, _)| (*w).cmp(word)) {
            Ok(at) => {
                meta_used[at] = true;
                &meta_words[at].1[..]
            }
            Err(_) => &[],
        };
        merge_word(words, page, word, groups, meta);
    });
    for ((word, positions), used) in meta_words.iter().zip(meta_used) {
        if !used {
            merge_word(words, page, word, &[], positions);
        }
    }
}

fn merge_word(
    words: &mut HashMap<String, MergedWord>,
    page: usize,
    word: &str,
    groups: &[Group],
    meta: &[MetaPosition],
) {
    let merged = words
        .entry_ref(word)
        .or_insert_with(|| MergedWord::new(word));
    let mut meta_normalized = Vec::new();
    let mut meta_forms: BTreeMap<&str, Vec<(u16, u32)>> = BTreeMap::new();
    for m in meta {
        match m.form {
            None => meta_normalized.push((m.field_id, m.position)),
            Some(form) => meta_forms.entry(form).or_default().push((m.field_id, m.position)),
        }
    }
    let meta_normalized = meta_locations_to_packed(meta_normalized);

    let (main, forms) = match groups.first() {
        Some(g) if g.form.is_none() => (Some(g), &groups[1..]),
        _ => (None, groups),
    };
    match main {
        Some(g) => merged.push(None, page, g.locs, g.cbor, &meta_normalized),
        None if !meta_normalized.is_empty() => {
            merged.push(None, page, 0, EMPTY_ARRAY, &meta_normalized)
        }
        None => {}
    }
    for g in forms {
        let meta = meta_forms
            .remove(g.form.unwrap_or_default())
            .map(meta_locations_to_packed)
            .unwrap_or_default();
        merged.push(g.form, page, g.locs, g.cbor, &meta);
    }
    for (form, positions) in meta_forms {
        merged.push(Some(form), page, 0, EMPTY_ARRAY, &meta_locations_to_packed(positions));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Meta words read back as they were packed, each word's positions in their
    /// order; bytes with a field the page does not have, or cut short, do not.
    #[test]
    fn meta_words_read_back_as_packed() {
        let at = |field_id, position, form: Option<&str>| MetaFossickedWord {
            field_id,
            position,
            original_word: form.map(Into::into),
        };
        let words: HashMap<String, Vec<MetaFossickedWord>> = (0..40)
            .map(|i| {
                let positions = (0..i % 4)
                    .map(|j| at(j as u16 % 2, 40 - j, (j % 3 == 1).then_some("đảng")))
                    .collect();
                (format!("tu{i}"), positions)
            })
            .collect();
        let packed = PackedMetaWords::pack(words.clone());
        assert_eq!(packed.unpack(), words);
        let (bytes, ends) = packed.parts();
        let back = PackedMetaWords::from_parts(bytes.to_vec(), ends.to_vec(), 2);
        assert_eq!(back.as_ref(), Some(&packed));
        // Field 1 is used: a page with one meta field cannot have it.
        assert_eq!(PackedMetaWords::from_parts(bytes.to_vec(), ends.to_vec(), 1), None);
        let mut short = ends.to_vec();
        *short.last_mut().unwrap() -= 1;
        assert_eq!(PackedMetaWords::from_parts(bytes[..bytes.len() - 1].to_vec(), short, 2), None);
        assert!(PackedMetaWords::pack(HashMap::new()).is_empty());
    }

    /// A page packed from no words (or never packed) has no parts: merging it
    /// adds its meta words alone.
    #[test]
    fn a_page_without_words_merges_only_its_meta_words() {
        assert!(PackedPageWords::pack(Vec::new()).is_empty());
        let meta = PackedMetaWords::pack(HashMap::from([(
            "dang".to_string(),
            vec![MetaFossickedWord {
                field_id: 0,
                position: 3,
                original_word: Some("đảng".into()),
            }],
        )]));
        let mut words = HashMap::new();
        for page in [PackedPageWords::default(), PackedPageWords::pack(Vec::new())] {
            words.clear();
            for part in 0..WORD_SHARDS {
                merge_page(&mut words, 7, &page, part, &meta, &[0]);
            }
            assert_eq!(words.len(), 1);
            let word = &words["dang"];
            assert_eq!((word.pages.count, word.variants.len()), (0, 1));
            assert_eq!(word.variants[0].0, "đảng");
            // A new form, and a page with no locations and two meta locations.
            assert_eq!(word.chunk_weight, 1 + 2 + 1);
        }
    }
}
