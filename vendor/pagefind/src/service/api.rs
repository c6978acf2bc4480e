//! The programmatic service interface for integrating Pagefind into another Rust project.
//!
//! # Examples
//!
//! ```
//! use pagefind::api::{PagefindIndex};
//! use pagefind::options::{PagefindServiceConfig};
//!
//! #[tokio::main]
//! async fn main() {
//!     let options = PagefindServiceConfig::builder()
//!         .keep_index_url(true)
//!         .force_language("en".to_string())
//!         .build();
//!     let mut index = PagefindIndex::new(Some(options)).expect("Options should be valid");
//!     let indexing_response = index
//!         .add_html_file(
//!             Some("test/index.html".into()),
//!             None,
//!             "<html><body><h1>Test content</h1></body></html>".into(),
//!         )
//!         .await;
//!
//!     if let Ok(file) = indexing_response {
//!         println!("Page word count: {}", file.page_word_count);
//!         println!("Page URL: {}", file.page_url);
//!     }
//!
//!     let files_response = index.get_files().await;
//!     if let Ok(files) = files_response {
//!         println!("Have {} files to write to disk", files.len());
//!     }
//! }
//! ```

pub use crate::fossick::FossickedData;
pub use crate::output::{gzip, Gzip, SyntheticFile};
use anyhow::{bail, Result};
use crate::fossick::parser::DomParserResult;
use rust_patch::Patch;
use std::{collections::BTreeMap, path::PathBuf, sync::Arc};

use crate::{
    fossick::Fossicker,
    options::PagefindServiceConfig,
    PagefindInboundConfig, SearchOptions, SearchState,
};

/// tiendo patch: a part of a custom record's content with its weight
/// ([`PagefindIndex::fossick_custom_record`]).
#[derive(Debug, Clone)]
pub struct WeightedText {
    pub text: String,
    /// As `data-pagefind-weight` sets it (0.0 to 10.0); `None`: 1.0.
    pub weight: Option<f32>,
}

/// tiendo patch: what [`PagefindIndex::add_fossicked_blocking`] says of a page.
#[derive(Debug)]
pub struct AddedPage {
    pub page_word_count: u32,
    pub page_url: String,
}

#[derive(Debug)]
pub struct IndexedFileResponse {
    pub page_word_count: u32,
    pub page_url: String,
    pub page_meta: BTreeMap<String, String>,
}

pub struct PagefindIndex {
    search_index: Arc<tokio::sync::Mutex<SearchState>>,
    /// tiendo patch: the options, read without the lock by
    /// [`PagefindIndex::fossick_custom_record`].
    options: Arc<SearchOptions>,
}

impl PagefindIndex {
    /// Create a new PagefindIndex instance that files can be added to.
    ///
    /// # Arguments
    /// * `config` - An optional PagefindServiceConfig to override default options for the service.
    ///
    /// # Returns
    /// A PagefindIndex instance if search options are valid, otherwise an Error.
    pub fn new(config: Option<PagefindServiceConfig>) -> Result<Self> {
        let mut service_options: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");

        service_options.service = true;
        if let Some(config) = config {
            service_options = config.apply(service_options);
        }

        let options = SearchOptions::load(service_options)?;
        Ok(Self {
            options: Arc::new(options.clone()),
            search_index: Arc::new(tokio::sync::Mutex::new(SearchState::new(options))),
        })
    }

    /// tiendo patch: read a custom record for the index (as
    /// [`PagefindIndex::add_custom_record`] does) on the calling thread, without
    /// the index's lock, so that a caller can read records on several threads
    /// at once; [`PagefindIndex::add_fossicked_blocking`] then adds it. The record
    /// read is returned (its words packed), so a caller may keep it
    /// ([`FossickedData::to_bytes`]) and add it again to a later index built with
    /// the same options. Pages are numbered by URL when the index is built, so
    /// the order in which records arrive does not change the index.
    ///
    /// Its content comes in parts, each with the weight the HTML parser would
    /// give the element holding it (`h1`: 7.0, `data-pagefind-weight`), or none
    /// for the default of 1.0, so that a record can rank its title as a page's
    /// heading ranks.
    pub fn fossick_custom_record(
        &self,
        url: String,
        content: &[WeightedText],
        language: String,
        meta: Option<BTreeMap<String, String>>,
        filters: Option<BTreeMap<String, Vec<String>>>,
        sort: Option<BTreeMap<String, String>>,
    ) -> Result<FossickedData> {
        let mut digest = String::new();
        for part in content {
            match part.weight {
                // The marks the HTML parser puts around a weighted element.
                Some(weight) => digest.push_str(&format!(
                    " ___PAGEFIND_WEIGHT___{weight} {} ___END_PAGEFIND_WEIGHT___ ",
                    part.text
                )),
                None => {
                    digest.push(' ');
                    digest.push_str(&part.text);
                }
            }
        }
        let data = custom_record(
            digest,
            self.options.force_language.clone().unwrap_or(language),
            meta,
            filters,
            sort,
        );
        Fossicker::new_with_data(url, data).fossick_sync(&self.options)
    }

    /// tiendo patch: add a record read by [`Self::fossick_custom_record`] (in
    /// this index or, kept as bytes, for an earlier one with the same options),
    /// under the lock, from any thread, outside an async runtime (it blocks on
    /// the lock).
    pub fn add_fossicked_blocking(&self, data: FossickedData) -> AddedPage {
        let added = AddedPage {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.url.clone(),
        };
        self.search_index.blocking_lock().add_fossicked(data);
        added
    }

    /// Add an HTML file that isn't on disk into this search index.
    /// Either a filepath or a URL must be provided.
    ///
    /// # Arguments
    /// * `source_path` - The source path of the HTML file if it were to exist on disk.
    /// * `url` - An explicit URL to use, instead of having Pagefind compute the URL based on the `source_path`.
    /// * `content` - The source HTML content of the file to be parsed.
    ///
    /// # Returns
    /// Metadata about the added file if successful, otherwise an Error.
    pub async fn add_html_file(
        &mut self,
        source_path: Option<String>,
        url: Option<String>,
        content: String,
    ) -> Result<IndexedFileResponse> {
        if source_path.is_none() && url.is_none() {
            bail!("Either source_path or url must be provided");
        }

        let file = Fossicker::new_synthetic(source_path.map(PathBuf::from), url, content);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a custom record that isn't backed by an HTML file.
    ///
    /// # Arguments
    /// * `url` - The output URL of this record. Pagefind will not alter this.
    /// * `content` - The raw content of this record.
    /// * `language` - What language is this record written in. Expects an ISO 639-1 code.
    /// * `meta` - The metadata to attach to this record. Supplying a `title` is highly recommended.
    /// * `filters` - The filters to attach to this record.
    /// * `sort` - The sort keys to attach to this record.
    ///
    /// # Returns
    /// Metadata about the added record if successful, otherwise an Error.
    pub async fn add_custom_record(
        &mut self,
        url: String,
        content: String,
        language: String,
        meta: Option<BTreeMap<String, String>>,
        filters: Option<BTreeMap<String, Vec<String>>>,
        sort: Option<BTreeMap<String, String>>,
    ) -> Result<IndexedFileResponse> {
        let force_language = self
            .search_index
            .lock()
            .await
            .options
            .force_language
            .clone();
        // tiendo patch: the record is made by `custom_record`, shared with
        // `fossick_custom_record`.
        let data = custom_record(
            content,
            force_language.unwrap_or(language),
            meta,
            filters,
            sort,
        );
        let file = Fossicker::new_with_data(url, data);
        let state = Arc::clone(&self.search_index);
        let data = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_one(file)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(IndexedFileResponse {
            page_word_count: data.fragment.data.word_count as u32,
            page_url: data.fragment.data.url,
            page_meta: data.fragment.data.meta,
        })
    }

    /// Index a directory of HTML files from disk.
    ///
    /// # Arguments
    /// * `path` - The path to the directory to index.
    /// * `glob` - A glob pattern to match files in the directory. If not provided, the default glob pattern will be used.
    ///
    /// # Returns
    /// The number of pages indexed if successful, otherwise an Error.
    pub async fn add_directory(&mut self, path: String, glob: Option<String>) -> Result<usize> {
        let defaults: PagefindInboundConfig =
            serde_json::from_str("{}").expect("All fields have serde defaults");
        let glob = glob.unwrap_or(defaults.glob);

        let state = Arc::clone(&self.search_index);
        let page_count = tokio::task::spawn_blocking(move || {
            state.blocking_lock().fossick_many(PathBuf::from(path), glob)
        })
        .await
        .map_err(|e| anyhow::anyhow!("Task join error: {e}"))??;

        Ok(page_count)
    }

    /// Build the search index for this instance and hold it in memory.
    pub async fn build_indexes(&mut self) -> Result<()> {
        self.search_index.lock().await.build_indexes().await
    }

    /// Build the search index for this instance and write the files to disk.
    ///
    /// # Arguments
    /// * `output_path` - The path to write the files to. If not provided, the default output path will be used.
    ///
    /// # Returns
    /// The path files were written to if successful, otherwise an Error.
    pub async fn write_files(&mut self, output_path: Option<String>) -> Result<String> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        let resolved_output_path = state.write_files(output_path.map(Into::into)).await;

        Ok(resolved_output_path.to_string_lossy().into())
    }

    /// Build the search index for this instance and return the files as a list of
    /// SyntheticFileResponse.
    ///
    /// # Returns
    /// A list of SyntheticFiles containing the path and content of each file.
    pub async fn get_files(&mut self) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        Ok(state.get_files().await)
    }

    /// tiendo patch: [`Self::get_files`], each gzipped file made by `gzip` from
    /// the bytes it holds uncompressed ([`Gzip`]), for a caller
    /// that keeps gzipped files from one build to the next.
    pub async fn get_files_gzipped_with(&mut self, gzip: Gzip<'_>) -> Result<Vec<SyntheticFile>> {
        let mut state = self.search_index.lock().await;
        state.build_indexes().await?;
        Ok(state.get_files_gzipped_with(Some(gzip)).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn test_add_file() {
        let options = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(options)).unwrap();
        let file_response = index
            .add_html_file(
                Some("test/index.html".into()),
                None,
                "<html><body><h1>Test content</h1></body></html>".into(),
            )
            .await;

        let file = file_response.expect("Adding a file should succeed");
        assert_eq!(file.page_word_count, 2);
        assert_eq!(file.page_url, "/test/index.html");

        let files_response = index.get_files().await;

        let files = files_response.expect("Getting files should succeed");
        let filenames: Vec<_> = files.into_iter().map(|f| f.filename).collect();
        assert!(filenames.contains(&PathBuf::from("pagefind.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.js")));
        assert!(filenames.contains(&PathBuf::from("pagefind-ui.css")));
        assert!(filenames.contains(&PathBuf::from("wasm.en.pagefind")));
        assert!(filenames.contains(&PathBuf::from("pagefind-entry.json")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_meta")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_fragment")));
        assert!(filenames
            .iter()
            .any(|f| f.to_string_lossy().ends_with(".pf_index")));
    }
}

/// tiendo patch: what the parser would have read of a page, for a custom record
/// (as [`PagefindIndex::add_custom_record`] made it in place).
fn custom_record(
    content: String,
    language: String,
    meta: Option<BTreeMap<String, String>>,
    filters: Option<BTreeMap<String, Vec<String>>>,
    sort: Option<BTreeMap<String, String>>,
) -> DomParserResult {
    DomParserResult {
        digest: content,
        filters: filters.unwrap_or_default(),
        sort: sort.unwrap_or_default(),
        meta: meta.unwrap_or_default(),
        anchor_content: BTreeMap::new(),
        anchor_titles: BTreeMap::new(),
        has_custom_body: false,
        force_inclusion: true,
        has_html_element: true,
        has_old_bundle_reference: false,
        has_default_ui_reference: false,
        language,
    }
}
