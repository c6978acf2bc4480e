use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

use crate::index::PagefindIndexes;
use crate::{SearchOptions, PAGEFIND_VERSION};
use futures::future::join_all;
use std::collections::BTreeMap;
use include_dir::{include_dir, Dir};
use minifier::js::minify;
use tokio::fs::{create_dir_all, File};
use tokio::io::AsyncWriteExt;
use tokio::time::sleep;

mod entry;

const GENERIC_WEB_WASM: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/wasm/pagefind_web_bg.unknown.",
    env!("CARGO_PKG_VERSION"),
    ".wasm.gz"
));
const WEB_WASM_FILES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/vendor/wasm");

const WEB_JS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_web.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const WEB_MODULAR_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_modular_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WEB_MODULAR_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_modular_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const COMPONENT_UI_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_component_ui.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const COMPONENT_UI_CSS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_component_ui.",
    env!("CARGO_PKG_VERSION"),
    ".css"
));
const SEARCH_JS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_public_search_api.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const HIGHLIGHT_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_highlight.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));
const WORKER_JS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/vendor/pagefind_worker.",
    env!("CARGO_PKG_VERSION"),
    ".js"
));

pub struct LanguageMeta {
    pub page_count: usize,
    pub language: String,
    pub hash: String,
    pub wasm: Option<String>,
}

pub async fn write_common_to_disk(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
) {
    write_common(language_indexes, output_playground, outdir, options, false).await;
}

pub async fn write_common_to_memory(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
) -> Vec<SyntheticFile> {
    write_common(language_indexes, output_playground, outdir, options, true)
        .await
        .unwrap()
}

async fn write_common(
    language_indexes: Vec<LanguageMeta>,
    output_playground: bool,
    outdir: &PathBuf,
    options: &SearchOptions,
    synthetic: bool,
) -> Option<Vec<SyntheticFile>> {
    let js_version = format!("const pagefind_version = \"{PAGEFIND_VERSION}\";");
    let mut js = vec![];
    minify(&format!("{js_version}\n{WEB_JS}\n{SEARCH_JS}"))
        .expect("Minifying Pagefind JS failed")
        .write(&mut js)
        .expect("Writing minified Pagefind JS failed");

    let mut worker_js = vec![];
    minify(&format!(
        "{js_version}\n{WEB_JS}\n{}",
        String::from_utf8_lossy(WORKER_JS)
    ))
    .expect("Minifying Pagefind Worker JS failed")
    .write(&mut worker_js)
    .expect("Writing minified Pagefind Worker JS failed");

    let entry_meta = entry::PagefindEntryMeta {
        version: PAGEFIND_VERSION,
        languages: BTreeMap::from_iter(language_indexes.into_iter().map(|i| {
            (
                i.language,
                entry::PagefindEntryLanguage {
                    hash: i.hash,
                    wasm: i.wasm,
                    page_count: i.page_count,
                },
            )
        })),
        include_characters: options.include_characters.clone(),
    };
    let encoded_entry_meta = serde_json::to_string(&entry_meta).unwrap();

    let write_behavior = if synthetic {
        WriteBehavior::Synthetic
    } else {
        WriteBehavior::Disk
    };

    let mut files = vec![
        write(
            outdir.join("pagefind.js"),
            vec![&js],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-highlight.js"),
            vec![HIGHLIGHT_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-worker.js"),
            vec![&worker_js],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-ui.js"),
            vec![WEB_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-ui.css"),
            vec![WEB_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-modular-ui.js"),
            vec![WEB_MODULAR_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-modular-ui.css"),
            vec![WEB_MODULAR_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-component-ui.js"),
            vec![COMPONENT_UI_JS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-component-ui.css"),
            vec![COMPONENT_UI_CSS],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("wasm.unknown.pagefind"),
            vec![GENERIC_WEB_WASM],
            Compress::None,
            write_behavior,
        ),
        write(
            outdir.join("pagefind-entry.json"),
            vec![encoded_entry_meta.as_bytes()],
            Compress::None,
            write_behavior,
        ),
    ];

    if output_playground {
        files.extend([
            write(
                outdir.join("playground/index.html"),
                vec![crate::playground::PLAYGROUND_HTML.as_bytes()],
                Compress::None,
                write_behavior,
            ),
            write(
                outdir.join("playground/pagefind-playground.js"),
                vec![crate::playground::PLAYGROUND_JS.as_bytes()],
                Compress::None,
                write_behavior,
            ),
            write(
                outdir.join("playground/pagefind-playground.css"),
                vec![crate::playground::PLAYGROUND_CSS.as_bytes()],
                Compress::None,
                write_behavior,
            ),
        ]);
    }

    let output_files = join_all(files).await;

    if synthetic {
        Some(output_files.into_iter().flatten().collect())
    } else {
        None
    }
}

impl PagefindIndexes {
    fn lang_wasm_path(&self) -> Option<String> {
        let base_language = self.language.split('-').next().unwrap();
        let wasm_path = format!(
            "pagefind_web_bg.{}.{}.wasm.gz",
            base_language,
            env!("CARGO_PKG_VERSION")
        );

        if WEB_WASM_FILES.contains(&wasm_path) {
            Some(wasm_path)
        } else {
            None
        }
    }

    pub fn get_lang_meta(&self, options: &SearchOptions) -> LanguageMeta {
        let mut wasm_file = None;

        if self.language != "unknown" {
            if self.lang_wasm_path().is_some() {
                wasm_file = Some(self.language.to_string());
            } else {
                options.logger.v_warn(format!(
                    "Note: Pagefind doesn't support stemming for the language {}. \n\
                    Search will still work, but will not match across root words.",
                    self.language
                ));
            }
        }

        LanguageMeta {
            page_count: self.page_count,
            language: self.language.clone(),
            hash: self.meta_index.0.clone(),
            wasm: wasm_file,
        }
    }

    pub async fn write_files_to_disk(&self, options: &SearchOptions, outdir: &PathBuf) {
        self.write_files(options, outdir, false, None).await;
    }

    /// tiendo patch: `gzip`, when given, gzips the files kept in memory instead
    /// of [`gzip`] (see [`Gzip`]).
    pub async fn write_files_to_memory(
        &self,
        options: &SearchOptions,
        outdir: &PathBuf,
        gzip: Option<Gzip<'_>>,
    ) -> Vec<SyntheticFile> {
        self.write_files(options, outdir, true, gzip).await.unwrap()
    }

    async fn write_files(
        &self,
        options: &SearchOptions,
        outdir: &PathBuf,
        synthetic: bool,
        gzip_with: Option<Gzip<'_>>,
    ) -> Option<Vec<SyntheticFile>> {
        let immutable_write_behaviour = if synthetic {
            WriteBehavior::Synthetic
        } else {
            WriteBehavior::Immutable
        };

        let mut files: Vec<(PathBuf, Vec<&[u8]>, Compress, WriteBehavior)> = vec![(
            outdir.join(format!("pagefind.{}.pf_meta", &self.meta_index.0)),
            vec![&self.meta_index.1],
            Compress::GZ,
            immutable_write_behaviour,
        )];

        if self.language != "unknown" {
            if let Some(wasm_path) = self.lang_wasm_path() {
                files.push((
                    outdir.join(format!("wasm.{}.pagefind", self.language)),
                    vec![WEB_WASM_FILES
                        .get_file(wasm_path)
                        .expect("WASM should exist")
                        .contents()],
                    Compress::None,
                    if synthetic {
                        WriteBehavior::Synthetic
                    } else {
                        WriteBehavior::Disk
                    },
                ));
            } else {
                options.logger.v_warn(format!(
                    "Note: Pagefind doesn't support stemming for the language {}. \n\
                    Search will still work, but will not match across root words.",
                    self.language
                ));
            }
        }

        files.extend(self.fragments.iter().map(|(hash, fragment)| {
            (
                outdir.join(format!("fragment/{}.pf_fragment", hash)),
                vec![fragment.as_bytes()],
                Compress::GZ,
                immutable_write_behaviour,
            )
        }));

        files.extend(self.word_indexes.iter().map(|(hash, index)| {
            (
                outdir.join(format!("index/{}.pf_index", hash)),
                vec![index.as_slice()],
                Compress::GZ,
                immutable_write_behaviour,
            )
        }));

        files.extend(self.filter_indexes.iter().map(|(hash, index)| {
            (
                outdir.join(format!("filter/{}.pf_filter", hash)),
                vec![index.as_slice()],
                Compress::GZ,
                immutable_write_behaviour,
            )
        }));

        // tiendo patch: files kept in memory are compressed on every core (as
        // futures on the caller's runtime they were compressed one at a time).
        // Each file is a task of its own that an idle thread can take: the
        // index's chunks, the largest files by far, come last, and rayon's
        // default split left the last run of them to one thread (3.5 s of one
        // core, the other idle, at the end of a 103,345-page index under perf).
        if synthetic {
            return Some(
                files
                    .into_par_iter()
                    .with_max_len(1)
                    .map(|(filename, chunks, compression, _)| SyntheticFile {
                        contents: compressed(chunks, compression, gzip_with),
                        filename,
                    })
                    .collect(),
            );
        }
        join_all(
            files
                .into_iter()
                .map(|(filename, chunks, compression, behavior)| {
                    write(filename, chunks, compression, behavior)
                }),
        )
        .await;
        None
    }
}

/// tiendo patch: what gzips a file's bytes (the `pagefind_dcd` mark and its
/// chunks, [`gzip_input`]) into the file, in place of [`gzip`]: for a caller
/// that keeps files gzipped by an earlier run (their names are hashes of their
/// contents, so most are the same from one build to the next). Called from
/// several threads at once.
pub type Gzip<'a> = &'a (dyn Fn(&[u8]) -> Vec<u8> + Sync);

/// tiendo patch: the contents of a file as [`write`] writes it, for files
/// compressed in parallel; gzipped by `gzip_with` when given.
fn compressed(
    content_chunks: Vec<&[u8]>,
    compression: Compress,
    gzip_with: Option<Gzip<'_>>,
) -> Vec<u8> {
    match compression {
        Compress::GZ => {
            let input = gzip_input(content_chunks);
            match gzip_with {
                Some(f) => f(&input),
                None => gzip(&input),
            }
        }
        Compress::None => content_chunks.into_iter().flatten().cloned().collect(),
    }
}

/// tiendo patch: files are gzipped by libdeflate at its level 6 (zlib's default).
/// Measured on the 10k benchmark site: its 13,345 page fragments (21.7 MB) came
/// to 10.66 MB in 0.32 s of CPU, where zlib-rs took 0.51 s at level 2 for 10.84
/// MB (0.64 s at 6 for 10.64 MB); a new zlib stream for each file also cleared
/// ~300 KiB of tables, more than a fragment is.
const GZ_LEVEL: i32 = 6;

fn gzipped(content_chunks: Vec<&[u8]>) -> std::io::Result<Vec<u8>> {
    Ok(gzip(&gzip_input(content_chunks)))
}

/// tiendo patch: what a gzipped file holds before compression: each chunk
/// behind the `pagefind_dcd` mark.
fn gzip_input(content_chunks: Vec<&[u8]>) -> Vec<u8> {
    let input_len: usize = content_chunks.iter().map(|c| c.len() + PAGEFIND_DCD.len()).sum();
    let mut input = Vec::with_capacity(input_len);
    for chunk in content_chunks {
        input.extend_from_slice(PAGEFIND_DCD);
        input.extend_from_slice(chunk);
    }
    input
}

/// tiendo patch: `input` gzipped as Pagefind writes its files.
pub fn gzip(input: &[u8]) -> Vec<u8> {
    // libdeflate compresses a whole buffer at once; each thread keeps its
    // compressor and an output buffer, and the file is copied out of it at its
    // size (the buffer is sized for the worst case).
    thread_local! {
        static GZIP: std::cell::RefCell<Option<(libdeflater::Compressor, Vec<u8>)>> =
            const { std::cell::RefCell::new(None) };
    }
    GZIP.with(|gzip| {
        let mut gzip = gzip.borrow_mut();
        let (compressor, out) = gzip.get_or_insert_with(|| {
            let level = libdeflater::CompressionLvl::new(GZ_LEVEL).expect("1 to 12");
            (libdeflater::Compressor::new(level), Vec::new())
        });
        out.resize(compressor.gzip_compress_bound(input.len()), 0);
        let written = compressor
            .gzip_compress(input, out)
            .expect("the output buffer is sized by gzip_compress_bound");
        out[..written].to_vec()
    })
}

const PAGEFIND_DCD: &[u8] = b"pagefind_dcd";

#[derive(Copy, Clone)]
enum Compress {
    GZ,
    None,
}

#[derive(Copy, Clone)]
enum WriteBehavior {
    Synthetic,
    Immutable,
    Disk,
}

#[derive(Clone)]
pub struct SyntheticFile {
    pub filename: PathBuf,
    pub contents: Vec<u8>,
}

async fn write(
    filename: PathBuf,
    content_chunks: Vec<&[u8]>,
    compression: Compress,
    write_behavior: WriteBehavior,
) -> Option<SyntheticFile> {
    let mut file = None;

    match write_behavior {
        WriteBehavior::Synthetic => {}
        // For "immutable" (hashed) files, don't re-write them as the contents _should_ be unchanged.
        WriteBehavior::Immutable if filename.exists() => return None,
        WriteBehavior::Immutable | WriteBehavior::Disk => {
            if let Some(parent) = filename.parent() {
                create_dir_all(parent).await.unwrap();
            }

            let mut output_file = File::create(&filename).await;
            while output_file.is_err() {
                sleep(Duration::from_millis(100)).await;
                output_file = File::create(&filename).await;
            }
            file = output_file.ok();
        }
    };

    match compression {
        Compress::GZ => {
            if let Ok(contents) = gzipped(content_chunks) {
                if let Some(mut file) = file {
                    file.write_all(&contents).await.unwrap();
                    // `write_all` resolving only means the bytes are in tokio's
                    // buffer; the blocking-pool write to disk may still be in
                    // flight. Flush before the file drops, or a service-mode
                    // consumer can receive the WriteFiles acknowledgement and
                    // close the process while a file is half written, shipping
                    // a truncated asset.
                    file.flush().await.unwrap();
                } else {
                    return Some(SyntheticFile { filename, contents });
                }
            }
            None
        }
        Compress::None => {
            if let Some(mut file) = file {
                for chunk in content_chunks {
                    file.write_all(chunk).await.unwrap();
                }
                file.flush().await.unwrap();
                None
            } else {
                return Some(SyntheticFile {
                    filename,
                    contents: content_chunks.into_iter().flatten().cloned().collect(),
                });
            }
        }
    }
}

#[cfg(test)]
mod gzip_tests {
    use super::*;
    use std::io::Read;

    /// tiendo patch: every file gzipped by libdeflate reads back, with a gzip
    /// reader (flate2's), as what the upstream crate gzipped: each chunk behind
    /// `pagefind_dcd`; files of one thread in turn reuse its compressor.
    #[test]
    fn gzipped_files_read_back_as_their_chunks() {
        let text = "Đảng ủy xã chỉ đạo kiện toàn đội ngũ cán bộ cơ sở. ".repeat(40);
        let mut noise = Vec::new();
        let mut x: u32 = 7;
        for _ in 0..300_000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            noise.push((x >> 16) as u8);
        }
        let words = ["đảng", "ủy", "xã", "cán", "bộ", "cơ", "sở", "nội", "vụ", "phường"];
        let prose: String = noise[..200_000]
            .iter()
            .map(|b| words[usize::from(*b) % words.len()])
            .collect::<Vec<_>>()
            .join(" ");
        let cases: Vec<Vec<&[u8]>> = vec![
            vec![prose.as_bytes(), text.as_bytes()],
            vec![],
            vec![b""],
            vec![text.as_bytes()],
            vec![text.as_bytes(), b"{\"url\":\"/a/\"}", text.as_bytes()],
            vec![&noise],
            vec![text.as_bytes()],
        ];
        for chunks in &cases {
            let gz = gzipped(chunks.clone()).unwrap();
            assert_eq!(gz[..3], [0x1f, 0x8b, 8], "a gzip header");
            let mut read = Vec::new();
            flate2::read::GzDecoder::new(&gz[..])
                .read_to_end(&mut read)
                .unwrap();
            let expected: Vec<u8> = chunks
                .iter()
                .flat_map(|c| [PAGEFIND_DCD, c].concat())
                .collect();
            assert_eq!(read, expected);
            if expected.len() > 1000 && chunks.iter().all(|c| !std::ptr::eq(*c, &noise[..])) {
                assert!(gz.len() < expected.len() / 2, "{} of {}", gz.len(), expected.len());
            }
        }
    }
}
