//! Writing a PDF made of a subset of another PDF's pages (for synthetic corpora in benchmarks
//! and tests). Runs lopdf in-process: use it on trusted files only (the bundled corpus).

use std::path::Path;

/// Error of [`write_page_subset`], one line.
#[derive(Debug, thiserror::Error)]
pub enum SubsetError {
    #[error("{0}: {1}")]
    Pdf(String, String),
    #[error("{0}: no page left in the subset")]
    NoPage(String),
}

/// Number of pages of a PDF.
pub fn page_count(src: &Path) -> Result<u32, SubsetError> {
    let doc = lopdf::Document::load(src)
        .map_err(|e| SubsetError::Pdf(src.display().to_string(), e.to_string()))?;
    Ok(doc.get_pages().len() as u32)
}

/// Writes to `dest` a copy of `src` keeping only the pages of `keep` (1-based, in the
/// source's order); returns the number of pages written.
pub fn write_page_subset(src: &Path, keep: &[u32], dest: &Path) -> Result<u32, SubsetError> {
    let name = src.display().to_string();
    let mut doc =
        lopdf::Document::load(src).map_err(|e| SubsetError::Pdf(name.clone(), e.to_string()))?;
    let all: Vec<u32> = doc.get_pages().keys().copied().collect();
    let drop: Vec<u32> = all.iter().copied().filter(|p| !keep.contains(p)).collect();
    if drop.len() == all.len() {
        return Err(SubsetError::NoPage(name));
    }
    doc.delete_pages(&drop);
    doc.prune_objects();
    doc.save(dest)
        .map_err(|e| SubsetError::Pdf(dest.display().to_string(), e.to_string()))?;
    Ok((all.len() - drop.len()) as u32)
}
