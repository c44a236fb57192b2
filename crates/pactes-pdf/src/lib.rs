//! PDF reading: positioned glyphs to blocks in reading order, isolated in a worker process.
//!
//! Pipeline: lopdf 0.47 loads (repairing broken cross-reference tables, decrypting), each page's
//! content streams are read by our own lexer into flat text operations (Form XObjects inlined
//! with their matrices, `'`/`"` expanded, malformed operators dropped), pdf-extract (on the
//! objects moved to lopdf 0.42) decodes each distinct (font, string) of the document once, our
//! text-state interpreter positions the glyphs, and [`layout`] turns those into blocks in
//! geometric reading order. [`extract_file`] runs all that in a child process with time and
//! memory limits; [`extract_bytes`] runs it in-process.

mod accents;
mod cipher;
mod cmaps;
mod content;
mod convert;
mod flate_mend;
mod flatten;
mod font_dicts;
mod fonts;
mod glyph_ids;
mod glyphs;
mod layout;
mod line_ends;
mod load;
mod names;
mod orphans;
pub mod subset;
mod text;
mod truetype;
mod widths;
mod worker;

#[cfg(test)]
mod tests;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Duration;

use pactes_doc::Document;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use worker::{extract_file, worker_main};

/// How [`extract_file`] runs its worker.
#[derive(Debug, Clone)]
pub struct ExtractOptions {
    /// Password of an encrypted file (the empty user password is always tried).
    pub password: Option<String>,
    /// Wall-clock limit of one file's extraction.
    pub timeout: Duration,
    /// Address-space limit of the worker process, in bytes.
    pub memory_limit_bytes: u64,
    /// The executable that understands `__extract-worker`; `None`: the current executable.
    pub worker_exe: Option<PathBuf>,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions {
            password: None,
            timeout: Duration::from_secs(60),
            memory_limit_bytes: 2 << 30,
            worker_exe: None,
        }
    }
}

/// Why a file gave no text. Messages are one line naming the cause (callers prefix the file).
#[derive(thiserror::Error, Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ExtractError {
    #[error("cannot read the file: {0}")]
    Io(String),
    #[error("empty file (0 bytes)")]
    Empty,
    #[error("not a PDF file (no %PDF- header)")]
    NotPdf,
    #[error("damaged PDF that cannot be recovered: {0}")]
    Damaged(String),
    #[error("encrypted PDF: it needs a password (use --password)")]
    Encrypted,
    #[error("encrypted PDF: wrong password")]
    WrongPassword,
    #[error("unsupported PDF feature: {0}")]
    Unsupported(String),
    #[error("no text layer on any of its {pages} page(s) (scanned images?): run OCR first (e.g. ocrmypdf), then extract the OCRed file")]
    NoTextLayer { pages: u32 },
    #[error("text is drawn on its {pages} page(s) but none of it decodes to characters (fonts or encodings with no map to Unicode that this extractor can use): OCR may recover it")]
    UnmappedText { pages: u32 },
    #[error("extraction did not finish within {0} s (time limit)")]
    Timeout(u64),
    #[error("extraction exceeded the memory limit")]
    MemoryLimit,
    #[error("extraction worker crashed: {0}")]
    WorkerCrashed(String),
}

/// Body text of a document: blocks one per line, pages separated by form feeds.
pub fn render_text(doc: &Document) -> String {
    doc.body_text()
}

/// Extracts a document in-process (no isolation: third-party code may still panic or abort;
/// panics inside a page are caught and that page keeps what was read before).
///
/// A damaged file (cut short, or one lopdf cannot load even with its cross-reference table
/// rebuilt, or whose pages give no text, or some of whose objects did not parse) is read again
/// from the objects its bytes hold (`load::salvage`), as they are and mended (`mend_object`):
/// the reading with the most words wins; when it is a salvaged one, the document comes with
/// `meta.repaired` saying what was wrong. A file none of whose readings gives text keeps the
/// first error.
///
/// A file whose line ends a transfer in text mode rewrote (`line_ends::undo_text_transfer`) is read
/// with that undone, and says so in `meta.repaired`; its identity stays the sha256 of its own
/// bytes.
pub fn extract_bytes(
    bytes: &[u8],
    file_name: &str,
    password: Option<&str>,
) -> Result<Document, ExtractError> {
    load::check_header(bytes)?;
    let sha256 = hex(&Sha256::digest(bytes));
    let Some(undone) = line_ends::undo_text_transfer(bytes) else {
        return extract_read(bytes, file_name, password, sha256);
    };
    const UNDONE: &str = "its line ends were rewritten as CR LF, binary data included (a \
                          transfer in text mode); read with that undone";
    let second = extract_read(&undone, file_name, password, sha256.clone()).map(|mut d| {
        note_repair(&mut d.meta, UNDONE.to_string());
        d
    });
    // Read cleanly once undone, it was what happened; otherwise the file as it is may read
    // better (a file of CR LF line ends whose binary data happened to hold no lone LF).
    if second
        .as_ref()
        .is_ok_and(|d| d.meta.repaired.as_deref() == Some(UNDONE))
    {
        return second;
    }
    let first = extract_read(bytes, file_name, password, sha256);
    match (&first, &second) {
        (Ok(a), Ok(b)) if words(&b.pages) > words(&a.pages) => second,
        (Err(_), Ok(_)) => second,
        _ => first,
    }
}

/// Puts `note` first in what `meta.repaired` says of how the file was read.
fn note_repair(meta: &mut pactes_doc::DocMeta, note: String) {
    meta.repaired = Some(match meta.repaired.take() {
        None => note,
        Some(why) => format!("{note}; {why}"),
    });
}

/// Words of the text of `pages`.
fn words(pages: &[pactes_doc::Page]) -> usize {
    pages
        .iter()
        .flat_map(|p| &p.blocks)
        .map(|b| b.text.split_whitespace().count())
        .sum()
}

/// `extract_bytes` of bytes that passed the header check, whose identity is `sha256`.
fn extract_read(
    bytes: &[u8],
    file_name: &str,
    password: Option<&str>,
    sha256: String,
) -> Result<Document, ExtractError> {
    let mut mender = line_ends::Mender::default();
    // object streams are read while loading: mended in the bytes first
    let object_streams = line_ends::restore_object_streams(bytes, &mut mender);
    let bytes: &[u8] = object_streams.as_ref().map_or(bytes, |(b, _)| b);
    let scan = load::scan_objects(bytes);
    let first = if load::looks_truncated(bytes) {
        Err(ExtractError::Damaged(
            "truncated: the file ends before its %%EOF end-of-file marker".into(),
        ))
    } else {
        read(bytes, password, Pass::Whole(&scan), &mut mender)
    };
    let why = match &first {
        Ok(r) if r.lost == 0 => None,
        Ok(r) => Some(format!("{} objects did not parse", r.lost)),
        Err(ExtractError::Damaged(why)) => Some(why.clone()),
        // (a scanned file gives no text another way either, and keeps its error)
        Err(e @ (ExtractError::NoTextLayer { .. } | ExtractError::UnmappedText { .. })) => {
            Some(e.to_string())
        }
        Err(_) => None,
    };
    let mut best = first;
    if let Some(why) = why {
        let retired = load::retired_references(bytes, &scan);
        for mend in [false, true] {
            let salvaged = load::salvage(bytes, &scan, mend)
                .map(|b| read(&b, password, Pass::Salvaged(&retired), &mut mender));
            let Some(Ok(mut r)) = salvaged else {
                continue;
            };
            if best.as_ref().map_or(true, |b| r.words() > b.words()) {
                let rebuilt = match r.rebuilt {
                    0 => String::new(),
                    n => format!(
                        ", {n} page(s) made from content streams whose page objects were lost \
                         (their order and numbers guessed)"
                    ),
                };
                r.meta.repaired = Some(format!(
                    "{why}; read from the objects found in the file{}{rebuilt}, text may be \
                     missing",
                    if mend { ", mended" } else { "" }
                ));
                best = Ok(r);
            }
        }
    }
    let mut r = best?;
    if let Some(note) = r.restored.note() {
        note_repair(&mut r.meta, note);
    }
    if let Some((_, n)) = object_streams {
        note_repair(
            &mut r.meta,
            format!("{n} object stream(s) had bytes changed, given back (their checksums hold)"),
        );
    }
    Ok(Document {
        file: file_name.to_string(),
        sha256,
        meta: r.meta,
        pages: r.pages,
    })
}

/// One reading of a file: its metadata, its pages, and how many of the objects its bytes hold
/// did not load (0 for a salvaged reading).
struct Reading {
    meta: pactes_doc::DocMeta,
    pages: Vec<pactes_doc::Page>,
    lost: usize,
    /// Pages made from content streams no page object led to (`orphans`).
    rebuilt: usize,
    /// Compressed streams mended (`line_ends::restore_streams`).
    restored: line_ends::Mended,
}

impl Reading {
    fn words(&self) -> usize {
        words(&self.pages)
    }
}

/// Which reading of a file `read` makes.
#[derive(Clone, Copy)]
enum Pass<'a> {
    /// The file as it is, with its own objects (`load::scan_objects`), to count those that did
    /// not load.
    Whole(&'a load::Scan),
    /// The bytes `load::salvage` made of a damaged file, and the objects that versions an
    /// amendment replaced refer to (`load::retired_references`), which are not lost pages.
    Salvaged(&'a std::collections::BTreeSet<lopdf::ObjectId>),
}

/// Loads a file (its cross-reference table rebuilt when it leads nowhere) and reads its pages.
/// In a salvaged reading (`Pass::Salvaged`), a page tree that leads to only some of the page
/// objects (a node of it lost) is rebuilt from them all, and content streams no page leads to
/// are made pages (`orphans`).
fn read(
    bytes: &[u8],
    password: Option<&str>,
    pass: Pass,
    mender: &mut line_ends::Mender,
) -> Result<Reading, ExtractError> {
    let mut doc = load::load(bytes, password, false)?;
    let mut reconstructed = false;
    if !load::page_tree_ok(&doc) {
        if let Ok(d) = load::load(bytes, password, true) {
            if load::page_tree_ok(&d) {
                doc = d;
                reconstructed = true;
            }
        }
    }
    let restored = line_ends::restore_streams(&mut doc, mender);
    if doc.get_pages().is_empty() {
        // the tree leads to no page: find them among the objects
        load::rebuild_page_tree(&mut doc);
    } else if let Pass::Salvaged(retired) = pass {
        if let Some(pages) = load::pages_with_orphans(&doc, retired) {
            load::rebuild_page_tree_from(&mut doc, pages);
        }
    }
    let mut rebuilt = 0;
    if let Pass::Salvaged(retired) = pass {
        // pages lost to damage whose content streams are left
        let pages = doc.get_pages().into_values().collect();
        let (pages, new) = orphans::with_orphan_pages(&mut doc, pages, retired);
        if new > 0 && load::rebuild_page_tree_from(&mut doc, pages) {
            rebuilt = new;
        }
    }
    let meta = load::meta(&doc);
    let lost = match pass {
        Pass::Whole(scan) => load::lost_objects(scan, &doc),
        Pass::Salvaged(_) => 0,
    };
    let Read {
        mut pages,
        mut shown,
        undecodable,
    } = pages_of(doc);
    let has_text = |p: &[pactes_doc::Page]| p.iter().any(|p| !p.blocks.is_empty());
    if !has_text(&pages) && !reconstructed {
        // A table that reads but points at the wrong objects: rebuild it and try again.
        if let Ok(d) = load::load(bytes, password, true) {
            let again = pages_of(d);
            shown |= again.shown;
            if has_text(&again.pages) {
                pages = again.pages;
            }
        }
    }
    if pages.is_empty() {
        return Err(ExtractError::Damaged("no readable page".into()));
    }
    if !has_text(&pages) {
        let pages = pages.len() as u32;
        return Err(if shown {
            ExtractError::UnmappedText { pages }
        } else if undecodable {
            ExtractError::Damaged(
                "its pages' content does not decompress (corrupt stream data)".into(),
            )
        } else {
            ExtractError::NoTextLayer { pages }
        });
    }
    Ok(Reading {
        meta,
        pages,
        lost,
        rebuilt,
        restored,
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn media_box(doc: &lopdf::Document, page: lopdf::ObjectId) -> [f32; 4] {
    let mb = load::inherited(doc, page, b"MediaBox")
        .and_then(|o| o.as_array().ok())
        .and_then(|a| {
            let v: Vec<f32> = a
                .iter()
                .filter_map(|o| match doc.dereference(o).ok()?.1 {
                    lopdf::Object::Integer(i) => Some(*i as f32),
                    lopdf::Object::Real(r) if r.is_finite() => Some(*r),
                    _ => None,
                })
                .collect();
            (v.len() == 4).then(|| {
                [
                    v[0].min(v[2]),
                    v[1].min(v[3]),
                    v[0].max(v[2]),
                    v[1].max(v[3]),
                ]
            })
        });
    match mb {
        Some(m) if m[2] - m[0] > 1.0 && m[3] - m[1] > 1.0 => m,
        _ => [0.0, 0.0, 595.0, 842.0],
    }
}

/// Most strings of a lost font read in each spare font to tell which it is.
const SPARE_SAMPLE: usize = 500;

/// Fewest function words a lost font's strings must spell in a spare font.
const SPARE_MIN_WORDS: usize = 8;

/// Most tries (every lost name by every font no object names; a file with more is left as it
/// is: each try builds a font), and most strings decoded in all of them together.
const MAX_TRIES: usize = 512;
const MAX_TRIED_STRINGS: usize = 60_000;

/// Gives each font lost with its pages' resources (`lost`, indices in `fonts`) the font, among
/// those no object names (`spare`, `orphans::orphan_fonts`), in which its strings read best as
/// words (function words a fifth of its words at least, in drawing order, its strings joined
/// with or without a space; `orphans::assign`): LibreOffice writes its fonts before its pages,
/// so a file cut between them keeps the fonts but not which name each had.
fn assign_spare_fonts(
    old: &mut pdf_extract::Document,
    host: (u32, pdf_extract::ObjectId),
    fonts: &mut [fonts::DocFont],
    lost: &[usize],
    spare: Vec<fonts::DocFont>,
    flats: &[&flatten::FlatPage],
    font_ids: &[Vec<u32>],
) {
    // each lost font's strings, in drawing order
    let sample = SPARE_SAMPLE.min(MAX_TRIED_STRINGS / (lost.len() * spare.len()).max(1));
    let mut drawn: Vec<Vec<&[u8]>> = vec![Vec::new(); lost.len()];
    for (flat, ids) in flats.iter().zip(font_ids) {
        for op in &flat.ops {
            let flatten::TOp::Show { font, start, end } = *op else {
                continue;
            };
            let Some(l) = ids
                .get(font as usize)
                .and_then(|&f| lost.iter().position(|&l| l == f as usize))
            else {
                continue;
            };
            if drawn[l].len() < sample {
                drawn[l].push(&flat.bytes[start as usize..end as usize]);
            }
        }
    }
    // every lost font's strings read in every spare font, in one probe
    let mut trial: Vec<fonts::DocFont> = Vec::new();
    let mut shows: Vec<(u32, &[u8])> = Vec::new();
    for strings in &drawn {
        for sp in &spare {
            let t = trial.len() as u32;
            trial.push(fonts::DocFont {
                name: format!("PFtry{t}").into_bytes(),
                ..sp.clone()
            });
            shows.extend(strings.iter().map(|s| (t, *s)));
        }
    }
    let decoded = fonts::decode(old, host, &trial, shows);
    let scores: Vec<Vec<Option<usize>>> = drawn
        .iter()
        .enumerate()
        .map(|(li, strings)| {
            (0..spare.len())
                .map(|si| {
                    let t = (li * spare.len() + si) as u32;
                    // stricter than a stand-in's check: a wrong font's map spells letters
                    // too, among which function words turn up by chance (a tenth of the
                    // words, against a fifth to two fifths in prose)
                    [" ", ""]
                        .iter()
                        .filter_map(|sep| {
                            let text = fonts::drawn_text(&decoded, t, strings, sep);
                            let (common, words) = fonts::word_counts(&text)?;
                            (common >= SPARE_MIN_WORDS && common * 5 >= words)
                                .then(|| common * 1000 / words)
                        })
                        .max()
                })
                .collect()
        })
        .collect();
    // (the font keeps its flat name: the pages' shows refer to it)
    for (li, si) in orphans::assign(&scores) {
        let f = &mut fonts[lost[li]];
        *f = fonts::DocFont {
            name: std::mem::take(&mut f.name),
            ..spare[si].clone()
        };
    }
}

/// What `pages_of` read.
struct Read {
    pages: Vec<pactes_doc::Page>,
    /// Some content stream shows a string that is not blank (text drawn, whether or not its
    /// fonts let it be read).
    shown: bool,
    /// Nothing is shown and a page's content stream is compressed but does not decompress.
    undecodable: bool,
}

/// Flattens, decodes, positions and lays out every page of `doc`; says what tells a page
/// without text from one whose text cannot be read.
fn pages_of(mut doc: lopdf::Document) -> Read {
    load::drop_dangling_references(&mut doc);
    font_dicts::complete(&mut doc);
    font_dicts::drop_broken_programs(&mut doc);
    flatten::direct_stream_filters(&mut doc);
    flatten::normalize_cid_widths(&mut doc);
    cmaps::identity_encodings(&mut doc);
    let page_ids: Vec<(u32, lopdf::ObjectId)> = doc.get_pages().into_iter().collect();
    let prepared: Vec<(flatten::FlatPage, [f32; 4], i32)> = page_ids
        .par_iter()
        .map(|&(_, id)| {
            let flat = catch_unwind(AssertUnwindSafe(|| flatten::flatten_page(&doc, id)))
                .unwrap_or_default();
            let rotate = load::inherited(&doc, id, b"Rotate")
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(0);
            let rotate = ((rotate % 360 + 360) % 360) as i32 / 90 * 90;
            (flat, media_box(&doc, id), rotate)
        })
        .collect();
    let shown = prepared
        .iter()
        .any(|(flat, _, _)| flat.bytes.iter().any(|&b| b != b' ' && b != 0));
    let undecodable = !shown
        && page_ids
            .iter()
            .any(|&(_, id)| load::content_undecodable(&doc, id));
    // One font table for the document: flat names are unique in it.
    let mut fonts: Vec<fonts::DocFont> = Vec::new();
    let mut by_name: std::collections::HashMap<Vec<u8>, u32> = Default::default();
    let mut font_ids: Vec<Vec<u32>> = Vec::with_capacity(prepared.len());
    for (flat, _, _) in &prepared {
        let ids = flat
            .fonts
            .iter()
            .enumerate()
            .map(|(i, (name, object, bold))| {
                *by_name.entry(name.clone()).or_insert_with(|| {
                    fonts.push(fonts::DocFont {
                        name: name.clone(),
                        object: convert::object(object.clone()),
                        bold: *bold,
                        cid_text: truetype::cid_texts(&doc, object),
                        diff_text: truetype::difference_texts(&doc, object),
                        lost: flat.lost.contains(&(i as u32)),
                        widths_lost: font_dicts::widths_lost(&doc, object),
                        glyph_ids: None,
                    });
                    fonts.len() as u32 - 1
                })
            })
            .collect();
        font_ids.push(ids);
    }
    let flats: Vec<&flatten::FlatPage> = prepared.iter().map(|(f, _, _)| f).collect();
    let one_byte = glyph_ids::read_lost(&mut fonts, &flats, &font_ids);
    // fonts lost with their pages' resources, and the fonts no object names any more
    let lost: Vec<usize> = fonts
        .iter()
        .enumerate()
        .filter(|(_, f)| f.lost && f.glyph_ids.is_none())
        .map(|(i, _)| i)
        .collect();
    let spare: Vec<fonts::DocFont> = if lost.is_empty() {
        Vec::new()
    } else {
        orphans::orphan_fonts(&doc)
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                let object = lopdf::Object::Reference(id);
                fonts::DocFont {
                    name: format!("PFspare{i}").into_bytes(),
                    bold: doc
                        .get_dictionary(id)
                        .is_ok_and(|d| flatten::font_is_bold(&doc, d)),
                    cid_text: truetype::cid_texts(&doc, &object),
                    diff_text: truetype::difference_texts(&doc, &object),
                    widths_lost: font_dicts::widths_lost(&doc, &object),
                    object: convert::object(object),
                    lost: false,
                    glyph_ids: None,
                }
            })
            .collect()
    };
    let Some(&(host_num, host_id)) = page_ids.first() else {
        return Read {
            pages: Vec::new(),
            shown,
            undecodable,
        };
    };
    let mut old = convert::document(doc);
    if !lost.is_empty() && !spare.is_empty() && lost.len() * spare.len() <= MAX_TRIES {
        assign_spare_fonts(
            &mut old,
            (host_num, host_id),
            &mut fonts,
            &lost,
            spare,
            &flats,
            &font_ids,
        );
    }
    // the fonts still lost whose codes are a subset's own
    glyph_ids::read_subsets(&mut fonts, one_byte);
    let shows = prepared
        .iter()
        .zip(&font_ids)
        .flat_map(|((flat, _, _), ids)| {
            flat.ops.iter().filter_map(move |op| match *op {
                flatten::TOp::Show { font, start, end } => Some((
                    *ids.get(font as usize)?,
                    &flat.bytes[start as usize..end as usize],
                )),
                _ => None,
            })
        });
    let mut decoded = fonts::decode(&mut old, (host_num, host_id), &fonts, shows);
    glyph_ids::measure_lost_widths(&mut decoded, &fonts, &flats, &font_ids);
    // the fonts shown outside `/ActualText` spans: when one of them decodes nothing, it is
    // broken (damaged, or its encoding lost) and its spans' texts alone would be debris
    let mut shown_outside = vec![false; fonts.len()];
    for ((flat, _, _), ids) in prepared.iter().zip(&font_ids) {
        let mut in_span = false;
        for op in &flat.ops {
            match *op {
                flatten::TOp::ActualText { .. } => in_span = true,
                flatten::TOp::EndActualText => in_span = false,
                flatten::TOp::Show { font, .. } if !in_span => {
                    if let Some(f) = ids.get(font as usize) {
                        if let Some(o) = shown_outside.get_mut(*f as usize) {
                            *o = true;
                        }
                    }
                }
                _ => {}
            }
        }
    }
    decoded.spans_only(&shown_outside);
    let lines: Vec<layout::PageLines> = prepared
        .par_iter()
        .zip(&font_ids)
        .zip(&page_ids)
        .map(|(((flat, media, rotate), ids), &(num, _))| {
            let g = glyphs::page_glyphs(flat, ids, &decoded, *media, *rotate);
            layout::page_lines(num, g.width, g.height, g.glyphs, g.rotated)
        })
        .collect();
    Read {
        pages: layout::assemble(lines),
        shown,
        undecodable,
    }
}
