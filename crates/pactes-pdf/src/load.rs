//! Loading with lopdf 0.47: header checks, lenient parsing with cross-reference repair,
//! decryption (empty user password or `--password`), document metadata.

use lopdf::{Document, LoadOptions, Object};
use pactes_doc::DocMeta;

use crate::ExtractError;

/// Largest size a single stream may decompress to while loading (object / xref streams).
const MAX_STREAM: usize = 256 * 1024 * 1024;

/// Checks that the bytes look like a PDF at all (cheap, before any parsing).
pub(crate) fn check_header(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    // The header may be preceded by some junk; readers accept it within the first 1 KiB.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    Ok(())
}

/// True when the end-of-file marker is missing from the file's tail: the file was cut short.
pub(crate) fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

fn options(password: Option<&str>, reconstruct: bool) -> LoadOptions {
    LoadOptions {
        password: password.map(str::to_string),
        max_decompressed_size: Some(MAX_STREAM),
        force_reconstruct: reconstruct,
        ..Default::default()
    }
}

/// Loads and decrypts a document. `reconstruct` rebuilds the cross-reference table by
/// scanning the file (for tables that read but point at the wrong objects).
pub(crate) fn load(
    bytes: &[u8],
    password: Option<&str>,
    reconstruct: bool,
) -> Result<Document, ExtractError> {
    let first = Document::load_mem_with_options(bytes, options(password, reconstruct));
    let doc = match first {
        Ok(d) => d,
        Err(e) => {
            if let Some(err) = classify(&e, password) {
                return Err(err);
            }
            if reconstruct {
                return Err(ExtractError::Damaged(one_line(&e.to_string())));
            }
            match Document::load_mem_with_options(bytes, options(password, true)) {
                Ok(d) => d,
                Err(e2) => {
                    return Err(classify(&e2, password)
                        .unwrap_or_else(|| ExtractError::Damaged(one_line(&e.to_string()))))
                }
            }
        }
    };
    // `is_encrypted` only sees an /Encrypt given by reference; a direct dictionary counts too.
    if doc.is_encrypted() || (doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none()) {
        // lopdf leaves the document encrypted when the empty user password does not open it
        // and no (right) password was given.
        return Err(match password {
            Some(_) => ExtractError::WrongPassword,
            None => ExtractError::Encrypted,
        });
    }
    Ok(doc)
}

fn classify(e: &lopdf::Error, password: Option<&str>) -> Option<ExtractError> {
    match e {
        lopdf::Error::InvalidPassword => Some(match password {
            Some(_) => ExtractError::WrongPassword,
            None => ExtractError::Encrypted,
        }),
        lopdf::Error::Decryption(d) => Some(ExtractError::Unsupported(format!(
            "cannot decrypt: {}",
            one_line(&d.to_string())
        ))),
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            Some(ExtractError::MemoryLimit)
        }
        _ => None,
    }
}

pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True when the page tree looks sound: at least one page and every page a dictionary.
pub(crate) fn page_tree_ok(doc: &Document) -> bool {
    let pages = doc.get_pages();
    !pages.is_empty()
        && pages
            .values()
            .all(|id| doc.get_dictionary(*id).is_ok_and(|d| d.has(b"Contents")))
}

/// Title, producer, creator and creation date from the Info dictionary.
pub(crate) fn meta(doc: &Document) -> DocMeta {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let Some(info) = info else {
        return DocMeta::default();
    };
    let field = |k: &[u8]| -> Option<String> {
        let o = info.get(k).ok()?;
        let (_, o) = doc.dereference(o).ok()?;
        match o {
            Object::String(b, _) => {
                let s = decode_text_string(b);
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_string())
            }
            _ => None,
        }
    };
    DocMeta {
        title: field(b"Title"),
        producer: field(b"Producer"),
        creator: field(b"Creator"),
        creation_date: field(b"CreationDate"),
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with a BOM, else PDFDocEncoding
/// (read as Latin-1, which it matches for the printable range).
pub(crate) fn decode_text_string(b: &[u8]) -> String {
    if b.len() >= 2 && b[0] == 0xFE && b[1] == 0xFF {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(&b[3..]).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_checks() {
        assert!(matches!(check_header(b""), Err(ExtractError::Empty)));
        assert!(matches!(
            check_header(b"hello world"),
            Err(ExtractError::NotPdf)
        ));
        assert!(check_header(b"%PDF-1.4\n").is_ok());
        assert!(looks_truncated(b"%PDF-1.4\n1 0 obj"));
        assert!(!looks_truncated(b"%PDF-1.4\n...%%EOF\n"));
    }

    #[test]
    fn text_strings() {
        assert_eq!(decode_text_string(&[0xFE, 0xFF, 0, b'A', 0, 0xC9]), "AÉ");
        assert_eq!(decode_text_string(b"Caf\xe9"), "Café");
    }
}
