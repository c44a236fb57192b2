//! The tantivy full-text index of passages: French analyser, search with facets and snippets, atomic ingest.
//!
//! One tantivy document per [`TaggedPassage`]. Only this crate knows tantivy: the rest of the
//! workspace sees [`PassageIndex`], [`PassageWriter`], [`SearchRequest`] and [`SearchResults`].

pub mod analyzer;
mod fields;
mod search;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use pactes_doc::TaggedPassage;
use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::directory::error::LockError;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Term};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError};

pub use analyzer::{analyze, fold_key};
pub use search::{escape_html, snippet_to_ansi, Facets, Hit, SearchRequest, SearchResults};

use fields::Fields;

/// Memory budget of the index writer (split between its indexing threads).
const WRITER_MEMORY: usize = 64_000_000;

/// Errors of the index crate.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// Another writer (usually another `pactes` process) holds the writer lock.
    #[error("index is locked by another pactes process")]
    Locked,
    /// `open` on a directory holding no index.
    #[error("no index in {0} (run `pactes build` first)")]
    Missing(PathBuf),
    /// A malformed query or filter.
    #[error("invalid query: {0}")]
    Query(String),
    #[error("index error: {0}")]
    Tantivy(String),
    #[error("index I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The index holds something this version cannot read (other schema, bad stored record).
    #[error("index is corrupt or from another pactes version: {0} (rebuild it)")]
    Corrupt(String),
}

impl From<TantivyError> for IndexError {
    fn from(e: TantivyError) -> Self {
        match e {
            TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked,
            TantivyError::DataCorruption(c) => IndexError::Corrupt(format!("{c:?}")),
            TantivyError::SchemaError(s) => IndexError::Corrupt(s),
            TantivyError::IoError(io) => {
                IndexError::Io(std::io::Error::new(io.kind(), io.to_string()))
            }
            other => IndexError::Tantivy(other.to_string()),
        }
    }
}

/// One document of the index, summarised from its passages (the build manifest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexedDoc {
    /// File name.
    pub doc: String,
    pub sha256: String,
    pub region: String,
    /// Number of passages indexed.
    pub passages: usize,
    /// Highest page number any passage reaches.
    pub pages: u32,
}

/// A tantivy index of passages in a directory.
pub struct PassageIndex {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: search::Parser,
}

impl PassageIndex {
    /// Opens the index in `dir`, creating it (and the dir) if absent. Registers the French analyser.
    pub fn open_or_create(dir: &Path) -> Result<Self, IndexError> {
        std::fs::create_dir_all(dir)?;
        let index = if dir.join("meta.json").exists() {
            Index::open_in_dir(dir)?
        } else {
            match Index::create_in_dir(dir, fields::schema()) {
                Ok(i) => i,
                // Another process created it in between.
                Err(TantivyError::IndexAlreadyExists) => Index::open_in_dir(dir)?,
                Err(e) => return Err(e.into()),
            }
        };
        Self::from_index(dir, index)
    }

    /// Opens an existing index read-only (for search/serve); error if absent.
    pub fn open(dir: &Path) -> Result<Self, IndexError> {
        if !dir.join("meta.json").is_file() {
            return Err(IndexError::Missing(dir.to_path_buf()));
        }
        let index = Index::open_in_dir(dir)?;
        Self::from_index(dir, index)
    }

    fn from_index(dir: &Path, index: Index) -> Result<Self, IndexError> {
        let fields = Fields::resolve(&index.schema())?;
        index
            .tokenizers()
            .register(analyzer::FRENCH_ANALYZER, analyzer::french_analyzer());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()?;
        let parser = search::Parser::new(&index, &fields);
        Ok(PassageIndex {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            parser,
        })
    }

    /// The directory of the index.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Takes the writer lock. A second writer (another process) gets IndexError::Locked whose
    /// Display is "index is locked by another pactes process". Readers keep working meanwhile.
    pub fn writer(&self) -> Result<PassageWriter, IndexError> {
        let writer: IndexWriter<TantivyDocument> = self.index.writer(WRITER_MEMORY)?;
        Ok(PassageWriter {
            writer,
            fields: self.fields.clone(),
            reader: self.reader.clone(),
        })
    }

    /// Makes the latest commit visible to this handle now (commits by this process's writers
    /// are visible at once; others' after a short delay or this call).
    pub fn reload(&self) -> Result<(), IndexError> {
        self.reader.reload()?;
        Ok(())
    }

    /// Documents currently indexed: doc file name, sha256, region, number of passages, pages.
    /// (Used as the manifest: build only re-processes changed sha256.) Streams the stored
    /// records: memory holds one passage at a time plus one entry per document.
    pub fn documents(&self) -> Result<Vec<IndexedDoc>, IndexError> {
        let mut by_doc: BTreeMap<String, IndexedDoc> = BTreeMap::new();
        self.for_each_stored(|d| {
            let doc = self.fields.stored_str(&d, self.fields.doc, fields::F_DOC)?;
            let (start, end) = self.fields.stored_pages(&d)?;
            let entry = match by_doc.get_mut(doc) {
                Some(e) => e,
                None => by_doc.entry(doc.to_owned()).or_insert(IndexedDoc {
                    doc: doc.to_owned(),
                    sha256: self
                        .fields
                        .stored_str(&d, self.fields.sha, fields::F_SHA)?
                        .to_owned(),
                    region: self
                        .fields
                        .stored_str(&d, self.fields.region, fields::F_REGION)?
                        .to_owned(),
                    passages: 0,
                    pages: 0,
                }),
            };
            entry.passages += 1;
            entry.pages = entry.pages.max(end).max(start);
            Ok(())
        })?;
        Ok(by_doc.into_values().collect())
    }

    /// All passages of the committed state, ordered by (doc, page_start, id). Holds the whole
    /// index in memory: batch code should go document by document with [`Self::passages_of`].
    pub fn passages(&self) -> Result<Vec<TaggedPassage>, IndexError> {
        let mut out = Vec::new();
        self.for_each_stored(|d| {
            out.push(self.fields.to_passage(&d)?);
            Ok(())
        })?;
        out.sort_by(|a, b| (&a.doc, a.page_start, &a.id).cmp(&(&b.doc, b.page_start, &b.id)));
        Ok(out)
    }

    /// The passages of one document (file name) in the committed state, ordered by
    /// (page_start, id) — the order of [`Self::passages`]; empty when the document is not
    /// indexed.
    pub fn passages_of(&self, doc: &str) -> Result<Vec<TaggedPassage>, IndexError> {
        let searcher = self.reader.searcher();
        let query = TermQuery::new(
            Term::from_field_text(self.fields.doc, doc),
            IndexRecordOption::Basic,
        );
        let mut addrs: Vec<_> = searcher
            .search(&query, &DocSetCollector)?
            .into_iter()
            .collect();
        addrs.sort();
        let mut out = Vec::with_capacity(addrs.len());
        for a in addrs {
            let d: TantivyDocument = searcher.doc(a).map_err(|e| {
                IndexError::Corrupt(format!("segment {}, doc {}: {e}", a.segment_ord, a.doc_id))
            })?;
            out.push(self.fields.to_passage(&d)?);
        }
        out.sort_by(|a, b| (a.page_start, &a.id).cmp(&(b.page_start, &b.id)));
        Ok(out)
    }

    /// Calls `f` on every live stored document of the committed state, one at a time.
    fn for_each_stored(
        &self,
        mut f: impl FnMut(TantivyDocument) -> Result<(), IndexError>,
    ) -> Result<(), IndexError> {
        let searcher = self.reader.searcher();
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let store = seg.get_store_reader(64)?;
            for doc_id in seg.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).map_err(|e| {
                    IndexError::Corrupt(format!("segment {ord}, doc {doc_id}: {e}"))
                })?;
                f(doc)?;
            }
        }
        Ok(())
    }

    /// The pipeline fingerprint recorded by the last commit (`PassageWriter::commit_as`), if
    /// any: `build` re-extracts every document when it differs from its own, so that passages
    /// made by older code do not outlive an upgrade.
    pub fn pipeline(&self) -> Result<Option<String>, IndexError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// Full-text search with filters, facets and snippets.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults, IndexError> {
        search::run(&self.reader.searcher(), &self.fields, &self.parser, req)
    }
}

/// Holds the writer lock of an index; changes become visible only on [`PassageWriter::commit`].
pub struct PassageWriter {
    writer: IndexWriter<TantivyDocument>,
    fields: Fields,
    reader: IndexReader,
}

impl PassageWriter {
    /// Deletes every passage of `doc` (file name) — and of `also_delete` docs, for --replace —
    /// and adds the new ones; nothing visible until commit.
    pub fn replace_document(
        &mut self,
        doc: &str,
        also_delete: &[String],
        passages: &[TaggedPassage],
    ) -> Result<(), IndexError> {
        // Build every tantivy document first: a bad passage fails before anything is queued.
        let docs = passages
            .iter()
            .map(|p| self.fields.to_document(p))
            .collect::<Result<Vec<_>, _>>()?;
        self.delete_document(doc)?;
        for other in also_delete {
            self.delete_document(other)?;
        }
        for d in docs {
            self.writer.add_document(d)?;
        }
        Ok(())
    }

    /// Deletes every passage of `doc` (file name); nothing visible until commit.
    pub fn delete_document(&mut self, doc: &str) -> Result<(), IndexError> {
        self.writer
            .delete_term(Term::from_field_text(self.fields.doc, doc));
        Ok(())
    }

    /// One atomic commit; on error/drop without commit, the index stays at the previous commit
    /// (rollback). The pipeline fingerprint of the previous commit is kept.
    pub fn commit(self) -> Result<(), IndexError> {
        let keep = self.writer.index().load_metas()?.payload;
        self.commit_payload(keep)
    }

    /// [`Self::commit`], recording `pipeline` (the fingerprint of the code that produced every
    /// indexed passage; see [`PassageIndex::pipeline`]) in the same atomic commit.
    pub fn commit_as(self, pipeline: &str) -> Result<(), IndexError> {
        self.commit_payload(Some(pipeline.to_owned()))
    }

    fn commit_payload(mut self, payload: Option<String>) -> Result<(), IndexError> {
        let done = self.writer.prepare_commit().and_then(|mut prepared| {
            if let Some(p) = &payload {
                prepared.set_payload(p);
            }
            prepared.commit()
        });
        if let Err(e) = done {
            // Best effort: discard the pending operations; the on-disk state is the previous
            // commit whatever happens here.
            let _ = self.writer.rollback();
            return Err(e.into());
        }
        self.reader.reload()?;
        // Let background merges finish so that the next open does not restart them.
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}
