//! The two batch entry points, `build` (mirror a corpus folder) and `ingest` (add or replace
//! given files), sharing one pipeline: hash → skip unchanged → extract (isolated worker) →
//! segment → tag → stream into the index writer → one commit → outputs.

use crate::outputs::{self, SourceRecord};
use crate::progress::{Progress, Verbosity};
use pactes_doc::segment::{segment, SegmentOptions};
use pactes_doc::TaggedPassage;
use pactes_index::{IndexError, PassageIndex};
use pactes_pdf::{ExtractError, ExtractOptions};
use pactes_tag::{TagError, Taxonomy};
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Settings of a run (the CLI fills them from its flags).
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub corpus: PathBuf,
    pub out: PathBuf,
    pub index: PathBuf,
    pub taxonomy: PathBuf,
    /// Region for every processed document, overriding detection (any spelling).
    pub region: Option<String>,
    pub password: Option<String>,
    /// Executable that runs `__extract-worker` (None: the current executable).
    pub worker_exe: Option<PathBuf>,
    /// Re-extract documents even when their sha256 is already indexed.
    pub force: bool,
    pub timeout: Duration,
    pub verbosity: Verbosity,
    /// Fingerprint of the code that extracts, segments and tags (see [`pipeline_fingerprint`]),
    /// recorded with each commit. A `build` over an index made by other code re-extracts every
    /// document. `None`: not checked, not recorded.
    pub pipeline: Option<String>,
}

/// Fingerprint of the running executable: package version, size and modification time of the
/// binary (a rebuilt or upgraded `pactes` differs). `None` when the executable cannot be read.
pub fn pipeline_fingerprint() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(&exe).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "pactes {} {} {}.{:09}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        mtime.as_secs(),
        mtime.subsec_nanos()
    ))
}

impl BuildConfig {
    /// Defaults of the CLI: `corpus/`, `outputs/`, `index/`, `taxonomy/themes.toml`.
    pub fn new() -> BuildConfig {
        BuildConfig {
            corpus: PathBuf::from("corpus"),
            out: PathBuf::from("outputs"),
            index: PathBuf::from("index"),
            taxonomy: PathBuf::from(pactes_tag::DEFAULT_TAXONOMY_PATH),
            region: None,
            password: None,
            worker_exe: None,
            force: false,
            timeout: Duration::from_secs(120),
            verbosity: Verbosity::Normal,
            pipeline: pipeline_fingerprint(),
        }
    }
}

impl Default for BuildConfig {
    fn default() -> Self {
        Self::new()
    }
}

/// A document that could not be processed, and why (one line).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Failure {
    pub file: String,
    pub cause: String,
}

/// What a run did.
#[derive(Debug, Clone, Serialize, Default)]
pub struct RunSummary {
    /// Documents extracted, tagged and indexed by this run.
    pub processed: Vec<String>,
    /// Documents whose content was already indexed (no extraction work).
    pub unchanged: Vec<String>,
    /// Documents removed from the index (file gone from the corpus, or replaced).
    pub removed: Vec<String>,
    /// Documents whose passages were re-tagged because the taxonomy changed.
    pub retagged: Vec<String>,
    pub failed: Vec<Failure>,
    /// Processed documents read from a damaged file (cut short, objects unreadable): their
    /// text may be partial. `cause` says what was wrong.
    pub repaired: Vec<Failure>,
    /// Pages and passages of the processed documents.
    pub pages: u64,
    pub passages: u64,
    /// Documents and passages in the index after the run.
    pub indexed_documents: usize,
    pub indexed_passages: usize,
    /// True when the index had been made by other code (another `pactes` build): every
    /// document was re-extracted.
    pub pipeline_changed: bool,
    /// True when the index got a new commit.
    pub committed: bool,
    pub elapsed_ms: u64,
}

impl RunSummary {
    /// Process exit code: 1 when any input failed, 0 otherwise.
    pub fn exit_code(&self) -> i32 {
        if self.failed.is_empty() {
            0
        } else {
            1
        }
    }

    /// The human summary printed at the end of a run (several lines).
    pub fn human(&self) -> String {
        let mut s = format!(
            "{} documents processed ({} pages, {} passages), {} unchanged, {} removed, {} failed; index: {} documents, {} passages ({:.1}s)",
            self.processed.len(),
            self.pages,
            self.passages,
            self.unchanged.len(),
            self.removed.len(),
            self.failed.len(),
            self.indexed_documents,
            self.indexed_passages,
            self.elapsed_ms as f64 / 1000.0
        );
        if self.pipeline_changed {
            s.push_str("\nthe index was made by another pactes build: documents re-extracted");
        }
        if self.processed.is_empty() && self.removed.is_empty() && self.retagged.is_empty() {
            s.push_str("\nnothing changed: no extraction work done");
        }
        if !self.retagged.is_empty() {
            s.push_str(&format!(
                "\ntaxonomy changed: re-tagged {} documents without re-extracting them",
                self.retagged.len()
            ));
        }
        for f in &self.repaired {
            s.push_str(&format!("\nrepaired: {}: {}", f.file, f.cause));
        }
        for f in &self.failed {
            s.push_str(&format!("\nfailed: {}: {}", f.file, f.cause));
        }
        s
    }
}

/// Errors that stop a run as a whole (exit code 2). Per-document problems are `Failure`s.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("corpus folder {0}: {1}")]
    Corpus(PathBuf, std::io::Error),
    /// The taxonomy file did not load (the error names the file; a relative default path
    /// is read from the working directory, hence the hint).
    #[error("taxonomy: {1}{hint}", hint = taxonomy_hint(.1))]
    Taxonomy(PathBuf, TagError),
    #[error("unknown region {0:?} (expected one of the 18 regions, e.g. \"Pays de la Loire\")")]
    UnknownRegion(String),
    #[error("index {0}: {1}")]
    Index(PathBuf, IndexError),
    #[error("writing outputs to {0}: {1}")]
    Outputs(PathBuf, std::io::Error),
    #[error("no input files given")]
    NoInput,
}

/// A hint after a taxonomy that could not be read: the default path is relative.
fn taxonomy_hint(e: &TagError) -> &'static str {
    match e {
        TagError::Io { .. } => " (run pactes from the project folder, or pass --taxonomy FILE)",
        _ => "",
    }
}

/// One input file to process.
struct Input {
    path: PathBuf,
    /// Name under which it is indexed (file name).
    name: String,
    sha256: String,
}

/// What processing one document produced.
struct Processed {
    name: String,
    path: PathBuf,
    source: SourceRecord,
    passages: Vec<TaggedPassage>,
    /// What was wrong with a damaged file that was read all the same.
    repaired: Option<String>,
}

/// `pactes build`: makes the index and `outputs/` mirror the PDFs of `cfg.corpus`.
/// Documents already indexed with the same content are not extracted again; documents whose
/// file left the corpus are removed from the index.
pub fn build(cfg: &BuildConfig) -> Result<RunSummary, BatchError> {
    let start = Instant::now();
    let files = list_pdfs(&cfg.corpus).map_err(|e| BatchError::Corpus(cfg.corpus.clone(), e))?;
    let mut summary = RunSummary::default();
    let inputs = hash_inputs(&files, &mut summary);
    let present: Vec<String> = files.iter().map(|p| file_name(p)).collect();
    run(cfg, inputs, Some(&present), &[], summary, start)
}

/// `pactes ingest`: adds or replaces the given PDFs (copied into `cfg.corpus` so that the
/// corpus keeps every indexed source). `replace` names documents whose passages the new files
/// supersede (besides a file of the same name).
pub fn ingest(
    cfg: &BuildConfig,
    files: &[PathBuf],
    replace: &[String],
) -> Result<RunSummary, BatchError> {
    let start = Instant::now();
    if files.is_empty() {
        return Err(BatchError::NoInput);
    }
    let mut summary = RunSummary::default();
    let inputs = hash_inputs(files, &mut summary);
    run(cfg, inputs, None, replace, summary, start)
}

fn run(
    cfg: &BuildConfig,
    inputs: Vec<Input>,
    corpus_names: Option<&[String]>,
    replace: &[String],
    mut summary: RunSummary,
    start: Instant,
) -> Result<RunSummary, BatchError> {
    let taxonomy =
        Taxonomy::load(&cfg.taxonomy).map_err(|e| BatchError::Taxonomy(cfg.taxonomy.clone(), e))?;
    let region_override = match &cfg.region {
        Some(r) => Some(
            pactes_tag::canonical_region(r).ok_or_else(|| BatchError::UnknownRegion(r.clone()))?,
        ),
        None => None,
    };
    let index_err = |e| BatchError::Index(cfg.index.clone(), e);
    let index = PassageIndex::open_or_create(&cfg.index).map_err(index_err)?;
    // Take the writer lock before any work: a second writer stops at once.
    let mut writer = index.writer().map_err(index_err)?;
    let indexed: BTreeMap<String, String> = index
        .documents()
        .map_err(index_err)?
        .into_iter()
        .map(|d| (d.doc, d.sha256))
        .collect();
    let previous_sources = outputs::read_sources(&cfg.out);
    // Passages made by other code are redone: same sha256 is not enough after an upgrade.
    let recorded = index.pipeline().map_err(index_err)?;
    let stale = !indexed.is_empty()
        && cfg
            .pipeline
            .as_ref()
            .is_some_and(|p| recorded.as_ref() != Some(p));
    summary.pipeline_changed = stale && corpus_names.is_some();

    let mut todo = Vec::new();
    for input in inputs {
        let same = indexed.get(&input.name) == Some(&input.sha256);
        if same && !cfg.force && !summary.pipeline_changed && replace.is_empty() {
            summary.unchanged.push(input.name);
        } else {
            todo.push(input);
        }
    }
    let progress = Progress::new(todo.len() as u64, cfg.verbosity);
    if !summary.unchanged.is_empty() {
        progress.detail(&format!(
            "{} documents unchanged (same sha256): not extracted",
            summary.unchanged.len()
        ));
    }
    let opts = ExtractOptions {
        password: cfg.password.clone(),
        timeout: cfg.timeout,
        worker_exe: cfg.worker_exe.clone(),
        ..ExtractOptions::default()
    };

    // Documents are processed in parallel (each in its own worker process) and streamed to
    // the single index writer through a bounded channel: memory holds a few documents at most.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Processed, Failure>>(2);
    let mut write_error = None;
    let mut sources: BTreeMap<String, SourceRecord> = BTreeMap::new();
    std::thread::scope(|scope| {
        let todo = &todo;
        let opts = &opts;
        let taxonomy = &taxonomy;
        let progress = &progress;
        scope.spawn(move || {
            todo.par_iter().for_each_with(tx, |tx, input| {
                let r = process(input, opts, taxonomy, region_override);
                match &r {
                    Ok(p) => {
                        if let Some(why) = &p.repaired {
                            progress.error(&format!("warning: {}: {why}", p.path.display()));
                        }
                        progress.document_done(&p.name, p.source.pages as u64)
                    }
                    Err(f) => progress.error(&format!("error: {}: {}", f.file, f.cause)),
                }
                let _ = tx.send(r);
            });
        });
        for r in rx {
            match r {
                Ok(p) => {
                    if write_error.is_some() {
                        continue;
                    }
                    // Never lose data: text read from a damaged file does not replace another
                    // version already indexed (an amended Pacte cut short in transit); the
                    // indexed version stays until a sound file comes.
                    let supersedes = |name: &String| {
                        indexed
                            .get(name)
                            .is_some_and(|sha| name != &p.name || sha != &p.source.sha256)
                    };
                    if let Some(why) = &p.repaired {
                        if supersedes(&p.name) || replace.iter().any(supersedes) {
                            let f = Failure {
                                file: p.path.display().to_string(),
                                cause: format!(
                                    "{why}: not indexed, the version already indexed is kept"
                                ),
                            };
                            progress.error(&format!("error: {}: {}", f.file, f.cause));
                            summary.failed.push(f);
                            continue;
                        }
                    }
                    // Ingested files join the corpus folder (once processed), so that build
                    // keeps them and serve links them.
                    if corpus_names.is_none() {
                        if let Err(e) = copy_into_corpus(&p.path, &cfg.corpus) {
                            summary.failed.push(Failure {
                                file: p.path.display().to_string(),
                                cause: format!("cannot copy into {}: {e}", cfg.corpus.display()),
                            });
                            continue;
                        }
                    }
                    if let Err(e) = writer.replace_document(&p.name, replace, &p.passages) {
                        write_error = Some(e);
                        continue;
                    }
                    summary.pages += p.source.pages as u64;
                    summary.passages += p.passages.len() as u64;
                    for r in replace {
                        if indexed.contains_key(r) && r != &p.name {
                            summary.removed.push(r.clone());
                        }
                    }
                    summary.processed.push(p.name.clone());
                    if let Some(cause) = p.repaired {
                        summary.repaired.push(Failure {
                            file: p.path.display().to_string(),
                            cause,
                        });
                    }
                    sources.insert(p.name, p.source);
                }
                Err(f) => summary.failed.push(f),
            }
        }
    });
    progress.finish();
    if let Some(e) = write_error {
        // Dropping the writer without commit leaves the index at its previous commit.
        return Err(index_err(e));
    }

    // Files that left the corpus folder leave the index.
    if let Some(names) = corpus_names {
        for doc in indexed.keys() {
            if !names.contains(doc) {
                writer.delete_document(doc).map_err(index_err)?;
                summary.removed.push(doc.clone());
            }
        }
    }

    // Unchanged documents are re-tagged from their indexed passages (no extraction): a
    // changed taxonomy is picked up by the next build. A few documents at a time, in parallel.
    let chunk = rayon::current_num_threads().max(1) * 2;
    for docs in summary.unchanged.chunks(chunk) {
        let retagged: Vec<Option<(String, Vec<TaggedPassage>)>> = docs
            .par_iter()
            .map(|doc| retag(&index, doc, &taxonomy))
            .collect::<Result<_, _>>()
            .map_err(index_err)?;
        for (doc, passages) in retagged.into_iter().flatten() {
            writer
                .replace_document(&doc, &[], &passages)
                .map_err(index_err)?;
            summary.retagged.push(doc);
        }
    }

    progress.detail(&format!(
        "processed and re-tagged in {:.2}s",
        start.elapsed().as_secs_f64()
    ));
    let changed = !summary.processed.is_empty()
        || !summary.removed.is_empty()
        || !summary.retagged.is_empty();
    // The fingerprint is recorded once no passage of other code is left in the index.
    let redone: BTreeSet<&String> = summary.processed.iter().chain(&summary.removed).collect();
    let current = cfg
        .pipeline
        .as_deref()
        .filter(|_| !stale || indexed.keys().all(|d| redone.contains(d)));
    if changed || (current.is_some() && recorded.as_deref() != current) {
        match current {
            Some(p) => writer.commit_as(p),
            None => writer.commit(),
        }
        .map_err(index_err)?;
        summary.committed = true;
    } else {
        drop(writer);
    }

    progress.detail(&format!(
        "committed at {:.2}s",
        start.elapsed().as_secs_f64()
    ));
    // Outputs always reflect the committed index.
    let index = PassageIndex::open(&cfg.index).map_err(index_err)?;
    let docs = index.documents().map_err(index_err)?;
    summary.indexed_documents = docs.len();
    summary.indexed_passages = docs.iter().map(|d| d.passages).sum();
    let source_list = outputs::merge_sources(&docs, &sources, &previous_sources);
    let passages_of = |doc: &str| {
        index
            .passages_of(doc)
            .map_err(|e| std::io::Error::other(format!("index {}: {e}", cfg.index.display())))
    };
    outputs::write_all(&cfg.out, &docs, passages_of, &source_list, &taxonomy)
        .map_err(|e| BatchError::Outputs(cfg.out.clone(), e))?;
    progress.detail(&format!(
        "outputs written at {:.2}s",
        start.elapsed().as_secs_f64()
    ));
    summary.processed.sort();
    summary.unchanged.sort();
    summary.removed.sort();
    summary.removed.dedup();
    summary.retagged.sort();
    summary.failed.sort_by(|a, b| a.file.cmp(&b.file));
    summary.repaired.sort_by(|a, b| a.file.cmp(&b.file));
    summary.elapsed_ms = start.elapsed().as_millis() as u64;
    Ok(summary)
}

/// Re-tags the indexed passages of an unchanged document; `None` when its tags are those
/// already indexed.
fn retag(
    index: &PassageIndex,
    doc: &str,
    taxonomy: &Taxonomy,
) -> Result<Option<(String, Vec<TaggedPassage>)>, IndexError> {
    let old = index.passages_of(doc)?;
    let Some(region) = old.first().map(|p| p.region.clone()) else {
        return Ok(None);
    };
    let plain = old.iter().map(untag).collect();
    let new = pactes_tag::tag(plain, &region, taxonomy);
    Ok((new != old).then(|| (doc.to_owned(), new)))
}

fn untag(p: &TaggedPassage) -> pactes_doc::Passage {
    pactes_doc::Passage {
        id: p.id.clone(),
        doc: p.doc.clone(),
        sha256: p.sha256.clone(),
        page_start: p.page_start,
        page_end: p.page_end,
        heading: p.heading.clone(),
        text: p.text.clone(),
    }
}

/// Extract → region → segment → tag, for one document.
fn process(
    input: &Input,
    opts: &ExtractOptions,
    taxonomy: &Taxonomy,
    region_override: Option<&'static str>,
) -> Result<Processed, Failure> {
    let fail = |cause: String| Failure {
        file: input.path.display().to_string(),
        cause,
    };
    let mut doc = pactes_pdf::extract_file(&input.path, opts).map_err(|e| fail(e.to_string()))?;
    doc.file = input.name.clone();
    doc.sha256 = input.sha256.clone();
    let region = match region_override {
        Some(r) => r.to_string(),
        None => {
            pactes_tag::detect_region(&doc)
                .map_err(|e| {
                    // the failure names the file already
                    fail(match e {
                        TagError::UnclearRegion { candidates, .. } => {
                            format!("region unclear ({candidates}); pass --region")
                        }
                        e => e.to_string(),
                    })
                })?
                .region
        }
    };
    let passages = segment(&doc, &SegmentOptions::default());
    if passages.is_empty() {
        return Err(fail(
            ExtractError::NoTextLayer {
                pages: doc.pages.len() as u32,
            }
            .to_string(),
        ));
    }
    let tagged = pactes_tag::tag(passages, &region, taxonomy);
    Ok(Processed {
        name: input.name.clone(),
        path: input.path.clone(),
        source: SourceRecord {
            doc: input.name.clone(),
            region,
            pages: doc.pages.len() as u32,
            sha256: input.sha256.clone(),
            date: doc
                .meta
                .creation_date
                .as_deref()
                .and_then(outputs::pdf_date),
            title: doc.meta.title.clone(),
        },
        passages: tagged,
        repaired: doc.meta.repaired,
    })
}

/// PDF files of a folder (by extension, case-insensitive), sorted by name.
fn list_pdfs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_file() && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")) {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Hashes the files in parallel; unreadable files become failures.
fn hash_inputs(files: &[PathBuf], summary: &mut RunSummary) -> Vec<Input> {
    let results: Vec<Result<Input, Failure>> = files
        .par_iter()
        .map(|p| {
            sha256_file(p)
                .map(|sha256| Input {
                    path: p.clone(),
                    name: file_name(p),
                    sha256,
                })
                .map_err(|e| Failure {
                    file: p.display().to_string(),
                    cause: e.to_string(),
                })
        })
        .collect();
    let mut inputs = Vec::new();
    for r in results {
        match r {
            Ok(i) => inputs.push(i),
            Err(f) => summary.failed.push(f),
        }
    }
    inputs
}

/// Hex sha256 of a file, streamed.
pub fn sha256_file(p: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut f = std::fs::File::open(p)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Copies `src` into `corpus` (unless it is already there), through a temporary file so a
/// reader never sees half a PDF.
fn copy_into_corpus(src: &Path, corpus: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(corpus)?;
    let dest = corpus.join(file_name(src));
    if let (Ok(a), Ok(b)) = (src.canonicalize(), dest.canonicalize()) {
        if a == b {
            return Ok(());
        }
    }
    let tmp = corpus.join(format!(".{}.tmp", file_name(src)));
    std::fs::copy(src, &tmp)?;
    std::fs::rename(&tmp, &dest)
}
