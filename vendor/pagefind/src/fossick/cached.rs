//! tiendo patch: a page as read ([`FossickedData`], its words packed) written to
//! bytes and read back, for a caller that keeps the pages of one build for the
//! next and adds a page whose HTML did not change without reading it again.

use minicbor::{Decoder, Encoder};
use std::collections::BTreeMap;

use super::FossickedData;
use crate::fragments::{PageAnchorData, PageFragment, PageFragmentData};
use crate::index::{PackedMetaWords, PackedPageWords};

/// The first item of the bytes; a new layout gets a new number.
const LAYOUT: u32 = 2;

type Enc<'a> = Encoder<&'a mut Vec<u8>>;
type EncResult = Result<(), minicbor::encode::Error<std::convert::Infallible>>;

impl FossickedData {
    /// The page as bytes ([`FossickedData::from_bytes`] reads them back). The
    /// words must be packed ([`FossickedData::pack_words`]): the unpacked list
    /// is not written.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(
            self.fragment.data.content.len() + self.packed_words.parts().0.len() + 256,
        );
        let mut e = Encoder::new(&mut out);
        // Writing to a Vec cannot fail.
        let _ = self.encode(&mut e);
        out
    }

    fn encode(&self, e: &mut Enc) -> EncResult {
        e.u32(LAYOUT)?.str(&self.url)?.str(&self.language)?;
        e.array(5)?;
        for flag in [
            self.has_custom_body,
            self.force_inclusion,
            self.has_html_element,
            self.has_old_bundle_reference,
            self.has_default_ui_reference,
        ] {
            e.bool(flag)?;
        }
        let f = &self.fragment;
        e.u64(f.page_number as u64)?;
        let d = &f.data;
        e.str(&d.url)?.str(&d.content)?.u64(d.word_count as u64)?;
        e.map(d.filters.len() as u64)?;
        for (name, values) in &d.filters {
            e.str(name)?.array(values.len() as u64)?;
            for v in values {
                e.str(v)?;
            }
        }
        str_map(e, &d.meta)?;
        e.array(d.anchors.len() as u64)?;
        for a in &d.anchors {
            e.str(&a.element)?.str(&a.id)?.str(&a.text)?;
            match &a.title {
                Some(t) => e.str(t)?,
                None => e.null()?,
            };
            e.u32(a.location)?;
        }
        let (bytes, part_ends) = self.packed_words.parts();
        e.bytes(bytes)?.array(part_ends.len() as u64)?;
        for end in part_ends {
            e.u32(*end)?;
        }
        let (bytes, part_ends) = self.meta_word_data.parts();
        e.bytes(bytes)?.array(part_ends.len() as u64)?;
        for end in part_ends {
            e.u32(*end)?;
        }
        str_map(e, &self.sort)?;
        Ok(())
    }

    /// The page written by [`FossickedData::to_bytes`]; `None` for bytes that
    /// are not such a page (another layout, damaged).
    pub fn from_bytes(bytes: &[u8]) -> Option<FossickedData> {
        let mut d = Decoder::new(bytes);
        let page = Self::decode(&mut d).ok()?;
        (d.position() == bytes.len()).then_some(page)
    }

    fn decode(d: &mut Decoder) -> Result<FossickedData, minicbor::decode::Error> {
        let bad = || minicbor::decode::Error::message("not a page of this layout");
        if d.u32()? != LAYOUT {
            return Err(bad());
        }
        let url = d.str()?.to_string();
        let language = d.str()?.to_string();
        if d.array()? != Some(5) {
            return Err(bad());
        }
        let flags = [d.bool()?, d.bool()?, d.bool()?, d.bool()?, d.bool()?];
        let page_number = usize::try_from(d.u64()?).map_err(|_| bad())?;
        let data_url = d.str()?.to_string();
        let content = d.str()?.to_string();
        let word_count = usize::try_from(d.u64()?).map_err(|_| bad())?;
        let mut filters = BTreeMap::new();
        for _ in 0..d.map()?.ok_or_else(bad)? {
            let name = d.str()?.to_string();
            let n = d.array()?.ok_or_else(bad)?;
            let values = (0..n)
                .map(|_| d.str().map(str::to_string))
                .collect::<Result<Vec<_>, _>>()?;
            filters.insert(name, values);
        }
        let meta = read_str_map(d)?;
        let mut anchors = Vec::new();
        for _ in 0..d.array()?.ok_or_else(bad)? {
            anchors.push(PageAnchorData {
                element: d.str()?.to_string(),
                id: d.str()?.to_string(),
                text: d.str()?.to_string(),
                title: opt_str(d)?,
                location: d.u32()?,
            });
        }
        let bytes = d.bytes()?.to_vec();
        let part_ends = (0..d.array()?.ok_or_else(bad)?)
            .map(|_| d.u32())
            .collect::<Result<Vec<_>, _>>()?;
        let packed_words = PackedPageWords::from_parts(bytes, part_ends).ok_or_else(bad)?;
        let bytes = d.bytes()?.to_vec();
        let part_ends = (0..d.array()?.ok_or_else(bad)?)
            .map(|_| d.u32())
            .collect::<Result<Vec<_>, _>>()?;
        // The index looks a meta word's field up among the page's meta fields.
        let meta_word_data =
            PackedMetaWords::from_parts(bytes, part_ends, meta.len()).ok_or_else(bad)?;
        let sort = read_str_map(d)?;
        let [has_custom_body, force_inclusion, has_html_element, has_old_bundle_reference, has_default_ui_reference] =
            flags;
        Ok(FossickedData {
            url,
            fragment: PageFragment {
                page_number,
                data: PageFragmentData {
                    url: data_url,
                    content,
                    word_count,
                    filters,
                    meta,
                    anchors,
                },
            },
            word_data: Vec::new(),
            packed_words,
            meta_word_data,
            sort,
            has_custom_body,
            force_inclusion,
            has_html_element,
            has_old_bundle_reference,
            has_default_ui_reference,
            language,
        })
    }
}

fn str_map(e: &mut Enc, map: &BTreeMap<String, String>) -> EncResult {
    e.map(map.len() as u64)?;
    for (k, v) in map {
        e.str(k)?.str(v)?;
    }
    Ok(())
}

fn read_str_map(d: &mut Decoder) -> Result<BTreeMap<String, String>, minicbor::decode::Error> {
    let n = d
        .map()?
        .ok_or_else(|| minicbor::decode::Error::message("a map of unknown length"))?;
    (0..n)
        .map(|_| Ok((d.str()?.to_string(), d.str()?.to_string())))
        .collect()
}

/// A string or null.
fn opt_str(d: &mut Decoder) -> Result<Option<String>, minicbor::decode::Error> {
    if d.datatype()? == minicbor::data::Type::Null {
        d.skip()?;
        return Ok(None);
    }
    Ok(Some(d.str()?.to_string()))
}
