//! Writing `outputs/` from the committed index: `sections.jsonl`, `sources.json` and the
//! synthesis (`lecture-transversale.md`, `.json`, `matrice-regions-themes.csv`). Every file is
//! replaced atomically and its content is deterministic (sorted, no run timestamps).

use pactes_doc::TaggedPassage;
use pactes_index::IndexedDoc;
use pactes_tag::Taxonomy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// One source document as listed in `outputs/sources.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRecord {
    pub doc: String,
    pub region: String,
    pub pages: u32,
    pub sha256: String,
    /// Creation date from the PDF's metadata, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub title: Option<String>,
}

/// Names of the files this module writes in the outputs folder.
pub const SECTIONS: &str = "sections.jsonl";
pub const SOURCES: &str = "sources.json";
pub const SYNTHESIS_MD: &str = "lecture-transversale.md";
pub const SYNTHESIS_JSON: &str = "lecture-transversale.json";
pub const MATRIX_CSV: &str = "matrice-regions-themes.csv";

/// `D:20190214103000+01'00'` → `2019-02-14`.
pub fn pdf_date(s: &str) -> Option<String> {
    let s = s.trim().trim_start_matches("D:");
    let digits: String = s.chars().take(8).collect();
    if digits.len() < 8 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(format!(
        "{}-{}-{}",
        &digits[..4],
        &digits[4..6],
        &digits[6..8]
    ))
}

/// The sources of the previous run (empty when absent or unreadable).
pub fn read_sources(out: &Path) -> Vec<SourceRecord> {
    std::fs::read_to_string(out.join(SOURCES))
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default()
}

/// One record per indexed document: from this run when it processed the document, else from
/// the previous run's record of the same content, else from the index alone.
pub fn merge_sources(
    docs: &[IndexedDoc],
    new: &BTreeMap<String, SourceRecord>,
    previous: &[SourceRecord],
) -> Vec<SourceRecord> {
    let mut v: Vec<SourceRecord> = docs
        .iter()
        .map(|d| {
            if let Some(r) = new.get(&d.doc).filter(|r| r.sha256 == d.sha256) {
                return r.clone();
            }
            if let Some(r) = previous
                .iter()
                .find(|r| r.sha256 == d.sha256 && r.doc == d.doc)
            {
                let mut r = r.clone();
                r.region = d.region.clone();
                return r;
            }
            SourceRecord {
                doc: d.doc.clone(),
                region: d.region.clone(),
                pages: d.pages,
                sha256: d.sha256.clone(),
                date: None,
                title: None,
            }
        })
        .collect();
    v.sort_by(|a, b| (&a.region, &a.doc).cmp(&(&b.region, &b.doc)));
    v
}

/// Writes every output file from the indexed documents, reading their passages one document
/// at a time through `passages_of` (in `docs` order: by file name), so that memory holds one
/// document's passages, never the corpus.
pub fn write_all<F>(
    out: &Path,
    docs: &[IndexedDoc],
    mut passages_of: F,
    sources: &[SourceRecord],
    taxonomy: &Taxonomy,
) -> std::io::Result<()>
where
    F: FnMut(&str) -> std::io::Result<Vec<TaggedPassage>>,
{
    std::fs::create_dir_all(out)?;
    let mut src = serde_json::to_vec_pretty(sources)?;
    src.push(b'\n');
    write_atomic(&out.join(SOURCES), &src)?;

    let synth_sources: Vec<pactes_synth::SourceDoc> = sources
        .iter()
        .map(|s| pactes_synth::SourceDoc {
            doc: s.doc.clone(),
            region: s.region.clone(),
            pages: s.pages,
            sha256: s.sha256.clone(),
            date: s.date.clone(),
        })
        .collect();
    // One pass over the documents feeds both sections.jsonl and the streaming synthesizer,
    // whose state is bounded by Regions × themes, not by the number of passages.
    let opts = pactes_synth::SynthOptions::default();
    let mut synth = pactes_synth::Synthesizer::for_taxonomy(&synth_sources, taxonomy, &opts);
    let mut jsonl = AtomicWriter::create(&out.join(SECTIONS))?;
    for d in docs {
        let passages = passages_of(&d.doc)?;
        for p in &passages {
            serde_json::to_writer(&mut jsonl, p)?;
            jsonl.write_all(b"\n")?;
        }
        synth.add_document(passages);
    }
    jsonl.finish()?;
    let synthesis = synth.finish();
    write_atomic(&out.join(SYNTHESIS_MD), synthesis.to_markdown().as_bytes())?;
    let mut json = serde_json::to_vec_pretty(&synthesis.to_json())?;
    json.push(b'\n');
    write_atomic(&out.join(SYNTHESIS_JSON), &json)?;
    write_atomic(&out.join(MATRIX_CSV), synthesis.matrix_csv().as_bytes())?;
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that a
/// reader sees the old or the new file, never a partial one. Leaves the file alone when the
/// content is already identical (keeps mtimes stable): [`AtomicWriter::finish`] decides.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut w = AtomicWriter::create(path)?;
    w.write_all(bytes)?;
    w.finish()
}

/// A file written in a stream and put in place atomically by [`AtomicWriter::finish`]: a
/// temporary file beside the target, synced, then renamed over it — or removed when the target
/// already holds the same bytes. Dropped without `finish`, the target is untouched.
pub struct AtomicWriter {
    path: PathBuf,
    tmp: PathBuf,
    file: Option<BufWriter<File>>,
}

impl AtomicWriter {
    pub fn create(path: &Path) -> std::io::Result<AtomicWriter> {
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.tmp"));
        let file = BufWriter::with_capacity(1 << 16, File::create(&tmp)?);
        Ok(AtomicWriter {
            path: path.to_path_buf(),
            tmp,
            file: Some(file),
        })
    }

    /// Flushes, syncs and renames over the target (unless it already has these bytes).
    pub fn finish(mut self) -> std::io::Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        if same_content(&self.tmp, &self.path).unwrap_or(false) {
            return std::fs::remove_file(&self.tmp);
        }
        std::fs::rename(&self.tmp, &self.path)
    }
}

impl Write for AtomicWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.file {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("write after finish")),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.file {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

impl Drop for AtomicWriter {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// True when both files exist with the same bytes (compared in chunks).
fn same_content(a: &Path, b: &Path) -> std::io::Result<bool> {
    let (fa, fb) = (File::open(a)?, File::open(b)?);
    if fa.metadata()?.len() != fb.metadata()?.len() {
        return Ok(false);
    }
    let (mut ra, mut rb) = (BufReader::new(fa), BufReader::new(fb));
    loop {
        let ba = ra.fill_buf()?;
        if ba.is_empty() {
            return Ok(rb.fill_buf()?.is_empty());
        }
        let bb = rb.fill_buf()?;
        let n = ba.len().min(bb.len());
        if n == 0 || ba[..n] != bb[..n] {
            return Ok(false);
        }
        ra.consume(n);
        rb.consume(n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(
            pdf_date("D:20190214103000+01'00'").as_deref(),
            Some("2019-02-14")
        );
        assert_eq!(pdf_date("20181119").as_deref(), Some("2018-11-19"));
        assert_eq!(pdf_date("D:2019"), None);
        assert_eq!(pdf_date("garbage!"), None);
    }

    #[test]
    fn atomic_write_replaces_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert!(!dir.path().join(".a.txt.tmp").exists());
    }

    #[test]
    fn streamed_write_is_atomic_and_skips_identical_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.jsonl");
        let mut w = AtomicWriter::create(&p).unwrap();
        w.write_all(b"line 1\n").unwrap();
        assert!(!p.exists(), "nothing visible before finish");
        w.write_all(b"line 2\n").unwrap();
        w.finish().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"line 1\nline 2\n");
        // Same bytes again: the file is left alone (same inode), the temp file removed.
        let ino = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
        let before = ino(&p);
        let mut w = AtomicWriter::create(&p).unwrap();
        w.write_all(b"line 1\nline 2\n").unwrap();
        w.finish().unwrap();
        assert_eq!(ino(&p), before);
        // Same length, other bytes: replaced.
        let mut w = AtomicWriter::create(&p).unwrap();
        w.write_all(b"line 1\nline 3\n").unwrap();
        w.finish().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"line 1\nline 3\n");
        // Dropped without finish: the target keeps its content, no temp file is left.
        let mut w = AtomicWriter::create(&p).unwrap();
        w.write_all(b"partial").unwrap();
        drop(w);
        assert_eq!(std::fs::read(&p).unwrap(), b"line 1\nline 3\n");
        assert!(!dir.path().join(".s.jsonl.tmp").exists());
    }
}
