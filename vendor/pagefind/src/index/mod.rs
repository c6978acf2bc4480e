use hashbrown::HashMap;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

use crate::{
    fossick::{FossickedData, FossickedWord},
    index::index_metadata::MetaFilter,
    utils::full_hash,
    SearchOptions,
};
use anyhow::{bail, Result};
use index_filter::{FilterIndex, PackedValue};
use index_metadata::{MetaChunk, MetaIndex, MetaPage};
#[cfg(test)]
use index_words::{PackedPage, PackedVariant, PackedWord, WordIndex};

use self::index_metadata::MetaSort;

mod index_filter;
mod index_metadata;
// tiendo patch: the reference the word index (`packed`) is held to.
#[cfg(test)]
mod index_words;

mod packed;

pub use packed::PackedPageWords;
use packed::{encode_chunk, merge_page, MergedWord, WORD_SHARDS};
pub use packed::PackedMetaWords;

pub struct PagefindIndexes {
    pub word_indexes: HashMap<String, Vec<u8>>,
    pub filter_indexes: HashMap<String, Vec<u8>>,
    pub meta_index: (String, Vec<u8>),
    pub fragments: Vec<(String, String)>,
    pub sorts: Vec<String>,
    pub language: String,
    pub word_count: usize,
    pub page_count: usize,
}

#[derive(Clone)]
struct IntermediaryPageData {
    full_hash: String,
    encoded_data: String,
    word_count: usize,
    page_number: usize,
}

#[derive(Debug)]
enum SortType {
    String,
    Number,
}

/// Results from processing a single page in parallel.
/// Contains the word map, filter entries, and encoded page data for one page.
struct PageProcessingResult {
    /// tiendo patch: the page's words, packed ([`PackedPageWords`]), and its
    /// meta words in the same parts (see [`word_shard`]), field ids remapped.
    words: PackedPageWords,
    meta_words: PackedMetaWords,
    /// The index's number of each of the page's meta fields.
    meta_fields: Vec<u16>,
    filter_entries: Vec<(String, String, usize)>, // (filter, value, page_number)
    encoded_page: IntermediaryPageData,
}

pub async fn build_indexes(
    pages: Vec<FossickedData>,
    language: String,
    options: &SearchOptions,
) -> Result<PagefindIndexes> {
    build_indexes_in(pages, language, options, WORD_SHARDS).await
}

/// tiendo patch: [`build_indexes`], merging the words in `parts` parts in
/// parallel (a test compares it with one part, and with Pagefind's merge).
async fn build_indexes_in(
    mut pages: Vec<FossickedData>,
    language: String,
    options: &SearchOptions,
    parts: usize,
) -> Result<PagefindIndexes> {
    let mut meta = MetaIndex {
        version: options.version.into(),
        pages: Vec::new(),
        index_chunks: Vec::new(),
        filters: Vec::new(),
        sorts: Vec::new(),
        meta_fields: Vec::new(),
    };

    /*
        - Collect all sort keys
        - Sort `pages` by one of them and set `default_sort`
        - Do the main enumerate loop as an iter_mut and set page numbers
        - Later on, for each other sort key:
            - Sort the `pages` array and output the page numbers to `alternate_sorts`
    */

    let mut filter_map: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::new();
    let mut fragment_hashes: HashMap<String, IntermediaryPageData> = HashMap::new();
    let mut fragments: Vec<(usize, (String, IntermediaryPageData))> = Vec::new();

    for (page_number, page) in pages.iter_mut().enumerate() {
        page.fragment.page_number = page_number;
    }

    // Get all possible sort keys
    let mut sorts: Vec<_> = pages
        .iter()
        .flat_map(|page| page.sort.keys().cloned())
        .collect();
    sorts.sort_unstable();
    sorts.dedup();

    // Determine the best sorting parser that fits all available values for each given key
    let mut sort_types: BTreeMap<String, SortType> = BTreeMap::new();
    for sort in sorts.iter() {
        let mut sort_values = pages.iter().flat_map(|page| page.sort.get(sort));
        sort_types.insert(
            sort.clone(),
            if sort_values.all(|v| parse_int_sort(v).is_some() || parse_float_sort(v).is_some()) {
                SortType::Number
            } else {
                SortType::String
            },
        );
    }

    for (sort_key, sort_type) in sort_types {
        let mut page_values: Vec<_> = pages
            .iter()
            .flat_map(|page| {
                page.sort
                    .get(&sort_key)
                    .map(|v| (v, page.fragment.page_number))
            })
            .collect();
        options.logger.v_info(format!(
            "Prebuilding sort order for {sort_key}, processed as type: {sort_type:#?}"
        ));
        match sort_type {
            SortType::String => page_values.sort_by_key(|p| p.0),
            SortType::Number => page_values.sort_by(|p1, p2| {
                let p1 = parse_int_sort(p1.0)
                    .map(|i| i as f32)
                    .unwrap_or_else(|| parse_float_sort(p1.0).unwrap_or_default());
                let p2 = parse_int_sort(p2.0)
                    .map(|i| i as f32)
                    .unwrap_or_else(|| parse_float_sort(p2.0).unwrap_or_default());

                p1.total_cmp(&p2)
            }),
        }
        meta.sorts.push(MetaSort {
            sort: sort_key,
            pages: page_values.into_iter().map(|p| p.1).collect(),
        });
    }

    let mut meta_fields_set: BTreeSet<String> = BTreeSet::new();
    for page in pages.iter() {
        meta_fields_set.extend(page.fragment.data.meta.keys().cloned());
    }
    meta.meta_fields = meta_fields_set.into_iter().collect();

    // Clone meta_fields for use in parallel processing
    let meta_fields_ref = meta.meta_fields.clone();
    let language_ref = language.clone();

    // tiendo patch: pages not packed when they were read are packed here.
    pages
        .par_iter_mut()
        .filter(|page| !page.word_data.is_empty())
        .for_each(|page| page.pack_words());

    // Process pages in parallel
    // tiendo patch: a page's words were packed when it was read; its meta words
    // are only sorted into the parts they are merged in.
    let page_results: Vec<PageProcessingResult> = pages
        .into_par_iter()
        .map(|page| {
            // Meta field IDs were assigned per-page,
            // but need to be remapped to the global meta_fields order.
            let page_field_order: Vec<&String> = page.fragment.data.meta.keys().collect();
            let field_id_map: Vec<u16> = page_field_order
                .iter()
                .map(|name| meta_fields_ref.iter().position(|f| f == *name).unwrap() as u16)
                .collect();


            // Collect filter entries for this page
            let filter_entries: Vec<(String, String, usize)> = page
                .fragment
                .data
                .filters
                .iter()
                .flat_map(|(filter, values)| {
                    values.iter().map(move |value| {
                        (filter.clone(), value.clone(), page.fragment.page_number)
                    })
                })
                .collect();

            // Compute encoded page data
            let encoded_data = serde_json::to_string(&page.fragment.data).unwrap();
            let encoded_page = IntermediaryPageData {
                full_hash: format!("{}_{}", language_ref, full_hash(encoded_data.as_bytes())),
                word_count: page.fragment.data.word_count,
                page_number: page.fragment.page_number,
                encoded_data,
            };

            PageProcessingResult {
                words: page.packed_words,
                meta_words: page.meta_word_data,
                meta_fields: field_id_map,
                filter_entries,
                encoded_page,
            }
        })
        .collect();

    // tiendo patch: the words are merged in parts, in parallel, each part
    // taking the pages in order (the merge was one loop over every word).
    let word_map: Vec<HashMap<String, MergedWord>> = (0..parts)
        .into_par_iter()
        .map(|part| {
            let mut words = HashMap::new();
            for result in &page_results {
                for shard in (part..WORD_SHARDS).step_by(parts) {
                    merge_page(
                        &mut words,
                        result.encoded_page.page_number,
                        &result.words,
                        shard,
                        &result.meta_words,
                        &result.meta_fields,
                    );
                }
            }
            words
        })
        .collect();

    // Merge results sequentially
    for result in page_results {
        // Merge filter entries using or_default for cleaner code
        for (filter, value, page_number) in result.filter_entries {
            filter_map
                .entry(filter)
                .or_default()
                .entry(value)
                .or_default()
                .push(page_number);
        }

        // Handle fragment hashing (must be sequential due to collision handling)
        let encoded_page = result.encoded_page;
        let mut short_hash = &encoded_page.full_hash[0..=(language.len() + 7)];

        // If we hit a collision, extend one until we stop colliding
        // TODO: There are some collision issues here.
        // If two builds match a collision in different orders the hashes will swap,
        // which could return incorrect data due to files being cached.
        while let Some(collision) = fragment_hashes.get(short_hash) {
            if collision.full_hash == encoded_page.full_hash {
                // These pages are identical. Add both under the same hash.
                fragments.push((
                    collision.word_count,
                    (collision.full_hash.clone(), collision.clone()),
                ));
            } else {
                let new_length = short_hash.len();
                short_hash = &encoded_page.full_hash[0..=new_length];
            }
        }
        fragment_hashes.insert(short_hash.to_string(), encoded_page);
    }

    fragments.extend(
        fragment_hashes
            .into_iter()
            .map(|(hash, frag)| (frag.word_count, (hash, frag))),
    );
    fragments.sort_by_cached_key(|(_, (_, fragment))| fragment.page_number);

    let page_count = fragments.len();
    let mut final_fragments = Vec::new();

    if let Some(max_fragments) =
        options.max_fragments.filter(|&m| m > 0 && (m as usize) < fragments.len())
    {
        let group_size = (fragments.len() as f32 / max_fragments as f32).ceil() as usize;
        options.logger.info(format!(
            "Bundling {} fragments into groups of {}, resulting in {} files",
            fragments.len(),
            group_size,
            fragments.chunks(group_size).len()
        ));
        let mut group_hashes: BTreeSet<String> = BTreeSet::new();
        let prefix = format!("{language}_group_");
        // tiendo patch: each group's JSON and its hash are made in parallel;
        // the short names (collisions resolved in order) and the meta pages
        // are given in order after, as before (this loop ran on one thread:
        // 1.5 s of a 103,345-page index's build under perf, the other core idle).
        let groups: Vec<(String, String)> = fragments
            .par_chunks(group_size)
            .map(|chunk| {
                let mut group_map = BTreeMap::new();
                for (_, (hash, frag)) in chunk {
                    let val: serde_json::Value =
                        serde_json::from_str(&frag.encoded_data).unwrap();
                    group_map.insert(hash.clone(), val);
                }
                let group_json = serde_json::to_string(&group_map).unwrap();
                let group_hash = format!("{prefix}{}", full_hash(group_json.as_bytes()));
                (group_hash, group_json)
            })
            .collect();
        for (chunk, (group_hash, group_json)) in fragments.chunks(group_size).zip(groups) {
            // If we hit a collision, extend one hash until we stop colliding
            let mut hash_length = 7;
            let mut short_group_hash = &group_hash[..prefix.len() + hash_length];
            while group_hashes.contains(short_group_hash) && hash_length < 40 {
                hash_length += 1;
                short_group_hash = &group_hash[..prefix.len() + hash_length];
            }
            group_hashes.insert(short_group_hash.to_string());

            final_fragments.push((short_group_hash.to_string(), group_json));

            for (word_count, (hash, _)) in chunk {
                meta.pages.push(MetaPage {
                    hash: hash.clone(),
                    word_count: *word_count as u32,
                    group_hash: short_group_hash.to_string(),
                });
            }
        }
    } else {
        for (word_count, (hash, frag)) in fragments {
            final_fragments.push((hash.clone(), frag.encoded_data));
            meta.pages.push(MetaPage {
                hash: hash.clone(),
                word_count: word_count as u32,
                group_hash: "".into(),
            });
        }
    }

    // Encode filter indexes in parallel
    // Accumulate into HashMap for O(1) inserts, then sort once before encoding
    // to produce a stable hash without paying BTreeMap's per-insert overhead.
    let mut filter_map_vec: Vec<_> = filter_map.into_iter().collect();
    filter_map_vec.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    let encoded_filters: Vec<(String, Vec<u8>, String)> = filter_map_vec
        .into_par_iter()
        .map(|(filter, values)| {
            let mut sorted_values: Vec<_> = values.into_iter().collect();
            sorted_values.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
            let mut filter_index: Vec<u8> = Vec::new();
            let _ = minicbor::encode::<FilterIndex, &mut Vec<u8>>(
                FilterIndex {
                    filter: filter.clone(),
                    values: sorted_values
                        .into_iter()
                        .map(|(value, pages)| PackedValue { value, pages })
                        .collect(),
                },
                filter_index.as_mut(),
            );
            let hash = format!("{}_{}", language, full_hash(&filter_index));
            (filter, filter_index, hash)
        })
        .collect();

    // Handle hash collisions sequentially (required for correctness)
    let mut filter_indexes = HashMap::new();
    for (filter, filter_index, hash) in encoded_filters {
        let mut short_hash = &hash[0..=(language.len() + 7)];

        // If we hit a collision, extend one hash until we stop colliding
        // TODO: DRY
        while filter_indexes.contains_key(short_hash) {
            let new_length = short_hash.len() + 1;
            short_hash = &hash[0..=new_length];

            if short_hash.len() == hash.len() {
                break;
            }
        }
        filter_indexes.insert(short_hash.to_string(), filter_index);
        meta.filters.push(MetaFilter {
            filter,
            hash: short_hash.to_string(),
        })
    }

    if TryInto::<u32>::try_into(meta.pages.len()).is_err() {
        options.logger.error(format!(
            "Language {} has too many documents to index, must be < {}",
            language,
            u32::MAX
        ));
        bail!(
            "Language {language} has too many documents to index, must be < {}",
            u32::MAX
        );
    }

    // TODO: Parameterize these chunk sizes via byte size rather than word count
    let word_count = word_map.iter().map(|shard_map| shard_map.len()).sum();
    let chunks = chunk_index(
        word_map.into_iter().flat_map(|shard_map| shard_map.into_values()),
        options.index_chunk_size,
    );
    meta.index_chunks = chunk_meta(&chunks);

    // Encode word index chunks in parallel
    // tiendo patch: the words' pages were encoded as they were merged.
    let encoded_chunks: Vec<(usize, Vec<u8>, String)> = chunks
        .into_par_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let word_index = encode_chunk(&chunk);
            let hash = format!("{}_{}", language, full_hash(&word_index));
            (i, word_index, hash)
        })
        .collect();

    // Handle hash collisions sequentially (required for correctness)
    let mut word_indexes: HashMap<String, Vec<u8>> = HashMap::new();
    for (i, word_index, hash) in encoded_chunks {
        let mut short_hash = &hash[0..=(language.len() + 7)];

        // If we hit a collision, extend one hash until we stop colliding
        while word_indexes.contains_key(short_hash) {
            let new_length = short_hash.len() + 1;
            short_hash = &hash[0..=new_length];

            if short_hash.len() == hash.len() {
                break;
            }
        }
        word_indexes.insert(short_hash.to_string(), word_index);
        meta.index_chunks[i].hash = short_hash.into();
    }

    let mut meta_index: Vec<u8> = Vec::new();
    let _ = minicbor::encode::<MetaIndex, &mut Vec<u8>>(meta, meta_index.as_mut());

    let meta_hash = format!(
        "{}_{}",
        language,
        &full_hash(&meta_index)[0..=(language.len() + 7)]
    );

    Ok(PagefindIndexes {
        word_indexes,
        filter_indexes,
        sorts,
        meta_index: (meta_hash, meta_index),
        fragments: final_fragments,
        language,
        word_count,
        page_count,
    })
}

/// Convert fossicked word positions to a packed page representation.
/// Sorts by weight (with common weight 25 first) then by position for delta encoding.
/// tiendo patch: the words are packed by [`PackedPageWords::pack`], in the same
/// order ([`position_order`]) into the same locations ([`pack_locs`]).
#[cfg(test)]
fn positions_to_packed_page(mut positions: Vec<FossickedWord>, page_number: usize) -> PackedPage {
    positions.sort_unstable_by_key(position_order);
    let mut locs = Vec::with_capacity(positions.len());
    pack_locs(&positions, &mut locs);
    PackedPage {
        page_number,
        locs,
        meta_locs: vec![],
    }
}

/// tiendo patch (factored out of `positions_to_packed_page`): the order a word's
/// positions on a page are packed in.
fn position_order(p: &FossickedWord) -> (u8, u32) {
    // A page weight of 1 is encoded as 25. Since most words should be this weight,
    // we want to sort them to be first in the locations array to reduce filesize
    // when we inline weight changes.
    // We then sort by position within each weight group,
    // which helps us delta encode the index.
    // tiendo patch: the key is two integers; caching it allocated a vector per word per page.
    (if p.weight == 25 { 0 } else { p.weight }, p.position)
}

/// tiendo patch (factored out of `positions_to_packed_page`): append to `out`
/// the locations of `positions`, in [`position_order`].
fn pack_locs(positions: &[FossickedWord], out: &mut Vec<i32>) {
    let mut current_weight = 25;
    let mut last_position = 0;

    // Calculate our output list of positions with weights.
    // This is a vec of page positions, with a change in weight for subsequent positions
    // denoted by a negative integer.
    for &FossickedWord {
        position, weight, ..
    } in positions
    {
        if weight != current_weight {
            // Weight change: emit marker + absolute position, new delta base
            out.push(-(weight as i32) - 1);
            out.push(position as i32);
            last_position = position;
            current_weight = weight;
        } else {
            // emit delta from previous position
            out.push((position - last_position) as i32);
            last_position = position;
        }
    }
}

/// tiendo patch: a word of the index as [`chunk_index`] takes it: Pagefind's
/// `PackedWord`, or a [`MergedWord`], its pages already encoded.
trait ChunkWord {
    fn word(&self) -> &str;
    /// One for each page of the word and of its forms, each location and each form.
    fn chunk_weight(&self) -> usize;
}

#[cfg(test)]
impl ChunkWord for PackedWord {
    fn word(&self) -> &str {
        &self.word
    }
    fn chunk_weight(&self) -> usize {
        self.pages
            .iter()
            .chain(self.additional_variants.iter().flat_map(|v| &v.pages))
            .map(|p| p.locs.len() + p.meta_locs.len() + 1)
            .sum::<usize>()
            + self.additional_variants.len()
    }
}

impl ChunkWord for MergedWord {
    fn word(&self) -> &str {
        &self.word
    }
    fn chunk_weight(&self) -> usize {
        self.chunk_weight
    }
}

/// tiendo patch: the words are passed as a list (they are merged in parts).
fn chunk_index<W: ChunkWord>(words: impl IntoIterator<Item = W>, chunk_size: usize) -> Vec<Vec<W>> {
    // Accumulate into HashMap for O(1) inserts, then sort once before encoding
    // to produce a stable hash without paying BTreeMap's per-insert overhead.
    let mut words = words.into_iter().collect::<Vec<W>>();
    // tiendo patch: compare in place; a key function cloned two strings per comparison.
    words.sort_unstable_by(|a, b| a.word().cmp(b.word()));

    let mut index_chunks = Vec::new();

    let mut index_chunk = Vec::new();
    let mut index_chunk_size = 0;
    for word in words.into_iter() {
        index_chunk_size += word.chunk_weight();
        index_chunk.push(word);
        if index_chunk_size >= chunk_size {
            // tiendo patch: move the finished chunk out instead of deep-cloning it.
            index_chunks.push(std::mem::take(&mut index_chunk));
            index_chunk_size = 0;
        }
    }
    if !index_chunk.is_empty() {
        index_chunks.push(index_chunk);
    }

    index_chunks
}

fn chunk_meta<W: ChunkWord>(indexes: &[Vec<W>]) -> Vec<MetaChunk> {
    let mut named_chunks: Vec<MetaChunk> = Vec::new();

    for chunk in indexes.iter() {
        named_chunks.push(MetaChunk {
            from: chunk.first().map_or("".into(), |w| w.word().to_string()),
            to: chunk.last().map_or("".into(), |w| w.word().to_string()),
            hash: "".into(),
        });
    }
    if named_chunks.len() > 1 {
        for i in 0..named_chunks.len() - 1 {
            let chunks = &mut named_chunks[i..=i + 1];
            let prefixes = get_prefixes((&chunks[0].to, &chunks[1].from));
            // Only trim 'to' if it won't create an invalid range (to < from)
            if prefixes.0 >= chunks[0].from {
                chunks[0].to = prefixes.0;
            }
            // Always trim the next chunk's 'from'
            chunks[1].from = prefixes.1;
        }
    }

    named_chunks
}

fn get_prefixes((a, b): (&str, &str)) -> (String, String) {
    let common_prefix_length: usize = b
        .chars()
        .zip(a.chars())
        .take_while(|&(a, b)| a == b)
        .count();

    let a_prefix = a.chars().take(common_prefix_length + 1).collect::<String>();
    let b_prefix = b.chars().take(common_prefix_length + 1).collect::<String>();

    (a_prefix, b_prefix)
}

fn parse_int_sort(value: &str) -> Option<i32> {
    lexical_core::parse::<i32>(value.as_bytes()).ok()
}

fn parse_float_sort(value: &str) -> Option<f32> {
    lexical_core::parse::<f32>(value.as_bytes()).ok()
}

/// Encode meta positions with field ID markers.
/// Negative numbers switch field IDs, positive numbers are delta-encoded positions.
/// e.g., [-1, 0, 5, -4, 2] means: field 0 positions [0, 5], field 3 positions [2]
/// tiendo patch: only the reference merge of the tests takes meta words as
/// `MetaFossickedWord`s; the index takes their fields and places
/// ([`meta_locations_to_packed`]).
#[cfg(test)]
fn meta_positions_to_packed(positions: Vec<crate::fossick::MetaFossickedWord>) -> Vec<i32> {
    meta_locations_to_packed(positions.into_iter().map(|p| (p.field_id, p.position)).collect())
}

/// tiendo patch: [`meta_positions_to_packed`] of each meta position's field
/// and place.
fn meta_locations_to_packed(mut positions: Vec<(u16, u32)>) -> Vec<i32> {
    if positions.is_empty() {
        return vec![];
    }

    positions.sort_unstable();

    let mut current_field: Option<u16> = None;
    let mut last_position: u32 = 0;
    let mut result = Vec::with_capacity(positions.len() + 8);

    for (field_id, position) in positions {
        if Some(field_id) != current_field {
            result.push(-((field_id as i32) + 1));
            current_field = Some(field_id);
            last_position = 0;
        }
        result.push((position - last_position) as i32);
        last_position = position;
    }

    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fossick::{MetaFossickedWord, Variant};

    // tiendo patch: Pagefind's merge of the words (as patched before the words
    // were packed), and its encoding, to hold the packed merge to.

/// tiendo patch: one word of one page as [`merge_page_word`] takes it: its
    /// positions in the page's text and in its meta fields (field ids remapped to
    /// the index's order), with the original forms they have.
    struct PageWord {
        word: String,
        positions: Vec<FossickedWord>,
        meta: Vec<MetaFossickedWord>,
    }
    
    /// tiendo patch: add the word `page_word` of page `page_number` to the merged
    /// words, pages taken in order. What a page adds is what it added when each
    /// page's words were packed on their own first and then merged: its positions
    /// without a form other than the word's under the word's pages, those of each
    /// other form under that variant (forms in sorted order; a variant new to the
    /// word goes last), and meta positions beside the same page's positions.
    fn merge_page_word(word_map: &mut HashMap<String, PackedWord>, page_number: usize, page_word: PageWord) {
        let PageWord {
            word,
            positions,
            meta,
        } = page_word;
        let packed = word_map
            .entry_ref(word.as_str())
            .or_insert_with(|| PackedWord {
                word: word.clone(),
                pages: Vec::new(),
                additional_variants: Vec::new(),
            });
    
        // Most words have one form on a page: their positions are one group as they are.
        let first_form = positions.first().and_then(|p| p.original_word.clone());
        if positions.iter().all(|p| p.original_word == first_form) {
            if !positions.is_empty() {
                let page = positions_to_packed_page(positions, page_number);
                match first_form {
                    None => packed.pages.push(page),
                    Some(form) => add_variant_page(packed, form, page),
                }
            }
        } else {
            let mut normalized_positions: Vec<FossickedWord> = Vec::new();
            let mut variant_positions: BTreeMap<Variant, Vec<FossickedWord>> = BTreeMap::new();
            for fossicked in positions {
                match fossicked.original_word.clone() {
                    // No diacritics - original matches normalized form
                    None => normalized_positions.push(fossicked),
                    // Original form differs (has diacritics) - stored instead in additional_variants
                    Some(form) => variant_positions.entry(form).or_default().push(fossicked),
                }
            }
            if !normalized_positions.is_empty() {
                packed
                    .pages
                    .push(positions_to_packed_page(normalized_positions, page_number));
            }
            for (form, variant_pos) in variant_positions {
                add_variant_page(packed, form, positions_to_packed_page(variant_pos, page_number));
            }
        }
    
        if meta.is_empty() {
            return;
        }
        let mut normalized_meta_positions: Vec<MetaFossickedWord> = Vec::new();
        let mut variant_meta_positions: BTreeMap<Variant, Vec<MetaFossickedWord>> = BTreeMap::new();
        for meta_fossicked in meta {
            match meta_fossicked.original_word.clone() {
                None => normalized_meta_positions.push(meta_fossicked),
                Some(form) => variant_meta_positions.entry(form).or_default().push(meta_fossicked),
            }
        }
        if !normalized_meta_positions.is_empty() {
            let meta_locs = meta_positions_to_packed(normalized_meta_positions);
            set_meta_locs(&mut packed.pages, page_number, meta_locs);
        }
        // Handle diacritic variants in meta
        for (form, variant_pos) in variant_meta_positions {
            let meta_locs = meta_positions_to_packed(variant_pos);
            match packed.additional_variants.iter_mut().find(|v| v.form == form) {
                Some(variant) => set_meta_locs(&mut variant.pages, page_number, meta_locs),
                None => packed.additional_variants.push(PackedVariant {
                    form,
                    pages: vec![PackedPage {
                        page_number,
                        locs: vec![],
                        meta_locs,
                    }],
                }),
            }
        }
    }
    
    /// tiendo patch: add `page` to the variant `form` of `packed`, or a new variant.
    fn add_variant_page(packed: &mut PackedWord, form: Variant, page: PackedPage) {
        match packed.additional_variants.iter_mut().find(|v| v.form == form) {
            Some(variant) => variant.pages.push(page),
            None => packed.additional_variants.push(PackedVariant {
                form,
                pages: vec![page],
            }),
        }
    }
    
    /// tiendo patch: give page `page_number` of `pages` (the last, when the page is
    /// there: pages are merged in order) the meta positions `meta_locs`.
    fn set_meta_locs(pages: &mut Vec<PackedPage>, page_number: usize, meta_locs: Vec<i32>) {
        match pages.last_mut() {
            Some(page) if page.page_number == page_number => page.meta_locs = meta_locs,
            _ => pages.push(PackedPage {
                page_number,
                locs: vec![],
                meta_locs,
            }),
        }
    }

    trait Mock {
        fn word(&mut self, word: &str, page_number: usize, locs: Vec<i32>);
    }
    impl Mock for HashMap<String, PackedWord> {
        fn word(&mut self, word: &str, page_number: usize, locs: Vec<i32>) {
            let page = PackedPage {
                page_number,
                locs,
                meta_locs: vec![],
            };
            match self.get_mut(word) {
                Some(w) => w.pages.push(page),
                None => {
                    let _ = self.insert(
                        word.into(),
                        PackedWord {
                            word: word.into(),
                            pages: vec![page],
                            additional_variants: vec![],
                        },
                    );
                }
            }
        }
    }

    /// Pagefind's merge: every page's words (field ids of meta words remapped
    /// to `meta_fields`), pages in order, then chunked and encoded.
    fn pagefind_chunks(pages: &[FossickedData], meta_fields: &[String], chunk_size: usize) -> Vec<Vec<u8>> {
        let mut words = HashMap::new();
        for (page_number, page) in pages.iter().enumerate() {
            let fields: Vec<u16> = page
                .fragment
                .data
                .meta
                .keys()
                .map(|k| meta_fields.iter().position(|f| f == k).unwrap() as u16)
                .collect();
            let mut meta = page.meta_word_data.unpack();
            for positions in meta.values_mut() {
                for m in positions.iter_mut() {
                    m.field_id = fields[m.field_id as usize];
                }
            }
            for (word, positions) in page.word_data.clone() {
                let meta = meta.remove(&word).unwrap_or_default();
                merge_page_word(&mut words, page_number, PageWord { word, positions, meta });
            }
            for (word, meta) in meta {
                let positions = Vec::new();
                merge_page_word(&mut words, page_number, PageWord { word, positions, meta });
            }
        }
        chunk_index(words.into_values(), chunk_size)
            .into_iter()
            .map(|chunk| {
                let words = chunk
                    .into_iter()
                    .map(|mut word| {
                        for pages in std::iter::once(&mut word.pages)
                            .chain(word.additional_variants.iter_mut().map(|v| &mut v.pages))
                        {
                            let mut last_page = 0;
                            for page in pages.iter_mut() {
                                (page.page_number, last_page) = (page.page_number - last_page, page.page_number);
                            }
                        }
                        word
                    })
                    .collect();
                minicbor::to_vec(WordIndex { words }).unwrap()
            })
            .collect()
    }

    /// tiendo patch: the index's word chunks are the bytes Pagefind's merge and
    /// encoding made from the same pages, whether the words are merged in one
    /// part or in several in parallel, and whether pages were packed when read
    /// or when the index is built: for words whose forms differ between pages
    /// and within a page, a form first seen on a later page, and meta words with
    /// and without forms, beside words of the text or on their own.
    #[tokio::test]
    async fn packed_merge_gives_pagefinds_merge() {
        let mut opts = crate::fossick::tests::test_opts();
        opts.index_chunk_size = 300;
        let numbers = ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy"];
        let pages: Vec<FossickedData> = (0..600)
            .map(|i| {
                let cap = match i {
                    300.. if i % 2 == 0 => "cập",
                    _ if i % 2 == 0 => "cáp",
                    _ => "cấp",
                };
                let meta = match i % 3 {
                    0 => format!("dảng cấp riêng{} {cap}", i % 11),
                    1 => "cap cáp mới mời cấp cập".to_string(),
                    _ => String::new(),
                };
                let html = format!(
                    "<html lang=\"vi\"><body><h1>Trang {i} {cap}</h1><p>Đảng ủy xã {} cán bộ \
                     các cac {cap} cap, {cap}.</p><span data-pagefind-meta=\"folded:{meta}\"></span>\
                     </body></html>",
                    numbers[i % numbers.len()]
                );
                crate::fossick::Fossicker::new_synthetic(None, Some(format!("/p{i:03}/")), html)
                    .fossick_unpacked(&opts)
                    .unwrap()
            })
            .collect();
        let meta_fields: Vec<String> = pages[0].fragment.data.meta.keys().cloned().collect();
        assert_eq!(meta_fields, ["folded", "title"]);
        let mut expected = pagefind_chunks(&pages, &meta_fields, opts.index_chunk_size);
        expected.sort();
        assert!(expected.len() > 3, "{} chunks", expected.len());

        let built = |pack: bool, parts| {
            let mut pages = pages.clone();
            if pack {
                pages.iter_mut().for_each(|p| p.pack_words());
            }
            let opts = &opts;
            async move {
                let index = build_indexes_in(pages, "vi".into(), opts, parts).await.unwrap();
                let mut chunks: Vec<Vec<u8>> = index.word_indexes.into_values().collect();
                chunks.sort();
                (chunks, index.meta_index, index.fragments, index.word_count)
            }
        };
        let one_part = built(false, 1).await;
        assert_eq!(one_part.0, expected);
        assert_eq!(built(true, WORD_SHARDS).await, one_part);
        assert_eq!(built(true, 3).await, one_part);
    }

    fn test_words() -> HashMap<String, PackedWord> {
        let mut words = HashMap::new();
        words.word("apple", 1, vec![20, 40, 60]);
        words.word("apple", 5, vec![3, 6, 9]);
        words.word("apricot", 5, vec![45, 3432, 6003]);
        words.word("banana", 5, vec![100, 500, 900, 566]);
        words.word("peach", 5, vec![383, 2, 678]);

        words
    }

    /// The same postings, but held as diacritic variants rather than on the word itself
    fn test_variant_words() -> HashMap<String, PackedWord> {
        let mut words = test_words();
        for word in words.values_mut() {
            word.additional_variants.push(PackedVariant {
                form: format!("{}\u{0301}", word.word).into(),
                pages: std::mem::take(&mut word.pages),
            });
        }
        words
    }

    #[test]
    fn build_index_chunks() {
        let chunks = chunk_index(test_words().into_values(), 8);

        assert_eq!(chunks.len(), 3);
        assert_eq!(chunks[0][0].word, "apple");
        assert_eq!(chunks[1][0].word, "apricot");
        assert_eq!(chunks[1][1].word, "banana");
        assert_eq!(chunks[2][0].word, "peach");
    }

    #[test]
    fn build_index_chunks_from_variant_words() {
        let chunks = chunk_index(test_variant_words().into_values(), 8);

        assert_eq!(chunks.len(), 3);
        assert_eq!(chunks[0][0].word, "apple");
        assert_eq!(chunks[1][0].word, "apricot");
        assert_eq!(chunks[1][1].word, "banana");
        assert_eq!(chunks[2][0].word, "peach");
    }

    #[test]
    fn build_chunk_meta() {
        let chunks = chunk_index(test_words().into_values(), 8);
        let meta = chunk_meta(&chunks);
        assert_eq!(meta.len(), 3);
        assert_eq!(
            meta[0],
            MetaChunk {
                from: "apple".into(),
                to: "apple".into(), // Not trimmed to "app" since that would make to < from
                hash: "".into(),
            }
        );
        assert_eq!(
            meta[1],
            MetaChunk {
                from: "apr".into(),
                to: "b".into(),
                hash: "".into(),
            }
        );
        assert_eq!(
            meta[2],
            MetaChunk {
                from: "p".into(),
                to: "peach".into(),
                hash: "".into(),
            }
        );
    }

    #[test]
    fn common_prefix() {
        assert_eq!(
            get_prefixes(("apple", "apricot")),
            ("app".into(), "apr".into())
        );
        assert_eq!(
            get_prefixes(("cataraman", "yacht")),
            ("c".into(), "y".into())
        );
        assert_eq!(
            get_prefixes(("cath", "cathartic")),
            ("cath".into(), "catha".into())
        );
        // This should be an invalid state, but just in case:
        assert_eq!(
            get_prefixes(("catha", "cath")),
            ("catha".into(), "cath".into())
        );
    }
}
