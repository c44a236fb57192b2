//! Serving the source PDFs: only regular `.pdf` files directly inside the corpus folder.

use std::path::{Path, PathBuf};

/// Longest file name accepted.
const MAX_NAME: usize = 255;

/// The file of the corpus folder `corpus` (canonical path) called `name`, if `name` is a plain
/// PDF file name (no separator, no leading dot, no control character) and the file, symlinks
/// resolved, is a regular file directly inside the corpus folder.
pub fn resolve(corpus: &Path, name: &str) -> Option<PathBuf> {
    if name.is_empty()
        || name.len() > MAX_NAME
        || name.starts_with('.')
        || name
            .chars()
            .any(|c| c == '/' || c == '\\' || c == ':' || c.is_control())
    {
        return None;
    }
    let lower = name.to_lowercase();
    if !lower.ends_with(".pdf") {
        return None;
    }
    let root = corpus.canonicalize().ok()?;
    let real = root.join(name).canonicalize().ok()?;
    if real.parent() != Some(root.as_path()) {
        return None;
    }
    let meta = std::fs::metadata(&real).ok()?;
    meta.is_file().then_some(real)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_pdf_names_inside_the_folder() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus)?;
        std::fs::write(corpus.join("a b.pdf"), b"%PDF-1.4")?;
        std::fs::write(corpus.join("notes.txt"), b"x")?;
        std::fs::write(dir.path().join("secret.pdf"), b"%PDF-1.4")?;
        std::fs::create_dir(corpus.join("sub.pdf"))?;
        assert!(resolve(&corpus, "a b.pdf").is_some());
        for bad in [
            "",
            "../secret.pdf",
            "..\\secret.pdf",
            "sub.pdf",
            "notes.txt",
            ".hidden.pdf",
            "missing.pdf",
            "a b.pdf\0",
            "/etc/passwd",
        ] {
            assert!(resolve(&corpus, bad).is_none(), "{bad:?} must be refused");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.pdf"), corpus.join("link.pdf"))?;
            assert!(
                resolve(&corpus, "link.pdf").is_none(),
                "symlink out of the corpus"
            );
        }
        Ok(())
    }
}
