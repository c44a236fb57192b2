//! Extraction end to end, through the isolated worker (`pactes __extract-worker`): word scores
//! of the four corpus files against their source texts, bad inputs, and the real-world files of
//! `../shared/robustness/` (when present).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pactes_pdf::{extract_file, render_text, ExtractError, ExtractOptions};
use pactes_tests::score::{scores, Scores};
use pactes_tests::{
    corpus_pdfs, cut_before_first_font, cut_before_first_page, data_dir, pactes_bin,
    page_object_starts, shared_dir,
};

fn opts() -> ExtractOptions {
    ExtractOptions {
        worker_exe: Some(pactes_bin()),
        timeout: Duration::from_secs(120),
        ..ExtractOptions::default()
    }
}

/// The bytes of corpus file `name`, to damage.
fn corpus_bytes(name: &str) -> Vec<u8> {
    std::fs::read(pactes_tests::corpus_dir().join(name))
        .unwrap_or_else(|e| panic!("corpus/{name}: {e}"))
}

/// The four corpus files, extracted once (in parallel) for all tests of this module.
fn corpus() -> &'static BTreeMap<String, Result<pactes_doc::Document, ExtractError>> {
    static DOCS: OnceLock<BTreeMap<String, Result<pactes_doc::Document, ExtractError>>> =
        OnceLock::new();
    DOCS.get_or_init(|| {
        let o = opts();
        let files = corpus_pdfs();
        assert_eq!(files.len(), 4, "corpus/ should hold the four Pactes");
        std::thread::scope(|s| {
            let handles: Vec<_> = files
                .iter()
                .map(|f| {
                    let o = o.clone();
                    s.spawn(move || (name_of(f), extract_file(f, &o)))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("extraction thread"))
                .collect()
        })
    })
}

/// The 30 s limit a robustness file is read within.
fn robustness_opts() -> ExtractOptions {
    ExtractOptions {
        timeout: Duration::from_secs(30),
        ..opts()
    }
}

/// The files of `../shared/robustness/`, each read once through the worker
/// (`robustness_opts`), two threads side by side, for all tests of this module: their names,
/// readings and times, and the time the whole took.
struct Robustness {
    dir: PathBuf,
    results: Vec<(String, Result<pactes_doc::Document, ExtractError>, Duration)>,
    took: Duration,
}

/// `None` where `../shared/robustness/` is not.
fn robustness() -> Option<&'static Robustness> {
    static READ: OnceLock<Option<Robustness>> = OnceLock::new();
    READ.get_or_init(|| {
        let dir = shared_dir("robustness")?;
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("read robustness dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
            .collect();
        files.sort();
        let o = robustness_opts();
        let start = Instant::now();
        let results = std::thread::scope(|s| {
            let chunks: Vec<Vec<PathBuf>> = files
                .chunks(files.len().div_ceil(2).max(1))
                .map(<[PathBuf]>::to_vec)
                .collect();
            let hs: Vec<_> = chunks
                .into_iter()
                .map(|chunk| {
                    let o = o.clone();
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|f| {
                                let t = Instant::now();
                                let r = extract_file(f, &o);
                                (name_of(f), r, t.elapsed())
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            hs.into_iter()
                .flat_map(|h| h.join().expect("robustness thread"))
                .collect()
        });
        Some(Robustness {
            dir,
            results,
            took: start.elapsed(),
        })
    })
    .as_ref()
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The source text a corpus file was made from (`tests/data/NAME.txt`).
fn reference_text(pdf_name: &str) -> String {
    std::fs::read_to_string(data_dir().join(pdf_name.replace(".pdf", ".txt")))
        .expect("reference text in tests/data")
}

/// Word scores of each corpus file against its source text (or the extraction error).
fn corpus_scores() -> Vec<(String, Result<Scores, String>)> {
    corpus()
        .iter()
        .map(|(name, doc)| {
            let s = match doc {
                Ok(doc) => Ok(scores(&reference_text(name), &render_text(doc))),
                Err(e) => Err(e.to_string()),
            };
            (name.clone(), s)
        })
        .collect()
}

/// Checks every file's scores against `floor(name) -> (recall, precision, order)`.
fn check_scores(floor: impl Fn(&str) -> (f64, f64, f64)) {
    let mut failures = Vec::new();
    for (name, s) in corpus_scores() {
        let Scores {
            recall,
            precision,
            order,
        } = match s {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let (r, p, o) = floor(&name);
        println!("{name}: recall {recall:.4} precision {precision:.4} order {order:.4}");
        if recall < r || precision < p || order < o {
            failures.push(format!(
                "{name}: recall {recall:.4} (≥ {r}) precision {precision:.4} (≥ {p}) order {order:.4} (≥ {o})"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "below the floor:\n{}",
        failures.join("\n")
    );
}

/// Reads `cut` (corpus file `name` cut short, `what` says where) in-process. When it reads,
/// its words are scored against the source text, printed, and must reach 0.99 recall,
/// precision and order; `false` when it gives an error (printed).
fn cut_reads_at_the_bar(name: &str, what: &str, cut: &[u8]) -> bool {
    cut_reads_at(name, what, cut, CUT_BAR)
}

/// The recall, precision and order a corpus file cut short must reach when its fonts read.
const CUT_BAR: (f64, f64, f64) = (0.99, 0.99, 0.99);

/// A LibreOffice file's bar when its fonts are lost: their codes are a subset's own, read by
/// solving them as a cipher (`cipher.rs`). Measured (session 27): PDL cut before its fonts or
/// before its pages 0.9284 / 0.8833 / 0.9123 (its body font's small letters read right; some
/// capitals, and its table fonts with little text, less so: `PAïz`); 0.9080 / 0.8618 with a
/// word worth 4 nats, not 20, in the last round; 0.8989 / 0.8532 before the digits opening
/// years were told apart; before, an error.
const SUBSET_CODES_BAR: (f64, f64, f64) = (0.92, 0.875, 0.90);

/// The bar of corpus file `name` cut where its fonts are lost: `SUBSET_CODES_BAR` when
/// LibreOffice made it (subset codes in order of use; its producer, as the intact file reads),
/// else `CUT_BAR`.
fn bar_without_fonts(name: &str) -> (f64, f64, f64) {
    let libreoffice = corpus()
        .get(name)
        .and_then(|d| d.as_ref().ok())
        .and_then(|d| d.meta.producer.as_deref())
        .is_some_and(|p| p.contains("LibreOffice"));
    if libreoffice {
        SUBSET_CODES_BAR
    } else {
        CUT_BAR
    }
}

fn cut_reads_at(name: &str, what: &str, cut: &[u8], bar: (f64, f64, f64)) -> bool {
    match pactes_pdf::extract_bytes(cut, name, None) {
        Ok(doc) => {
            let s = scores(&reference_text(name), &render_text(&doc));
            println!(
                "{name} cut {what} ({} bytes): recall {:.4} precision {:.4} order {:.4}",
                cut.len(),
                s.recall,
                s.precision,
                s.order
            );
            assert!(
                s.recall >= bar.0 && s.precision >= bar.1 && s.order >= bar.2,
                "{name} cut {what}: {s:?}"
            );
            true
        }
        Err(e) => {
            println!("{name} cut {what}: {e}");
            false
        }
    }
}

/// The corpus files cut just before their first font (the producers write fonts last, so a
/// file cut short loses them first), read in-process: Chromium's (Skia's) fonts show two-byte
/// glyph ids, read through the glyph order TrueType fonts share with widths measured from the
/// page (`glyph_ids.rs`). Measured (session 26: widths solved from runs, ﬁ and ﬀ read from
/// their `/ActualText`, œ found before `uvr`): CVL 0.9986 / 1.0000 / 0.9986, HDF 0.9976 /
/// 0.9972 / 0.9949, IDF 0.9996 / 0.9996 / 0.9985; session 25 (one-glyph medians, ligatures and
/// œ read as nothing): CVL 0.983 / 0.972 / 0.981, HDF 0.994 / 0.994 / 0.991, IDF 0.974 / 0.955 /
/// 0.973; before, no text (`damaged PDF that cannot be recovered`).
/// LibreOffice's PDL (its codes a subset's own, in order of first use) is read by solving its
/// fonts as ciphers (`SUBSET_CODES_BAR`); an error before session 27.
#[test]
fn corpus_files_cut_before_their_fonts_still_give_their_words() {
    let mut read = 0;
    for f in corpus_pdfs() {
        let name = name_of(&f);
        let bytes = std::fs::read(&f).expect("corpus file");
        let Some(cut) = cut_before_first_font(&bytes) else {
            continue;
        };
        let bar = bar_without_fonts(&name);
        read += usize::from(cut_reads_at(&name, "before its fonts", cut, bar));
    }
    assert!(read >= 4, "the four files read, got {read}");
}

/// The corpus files cut just before their first page object, read in-process. Chromium (Skia)
/// and LibreOffice write every page's content stream before the page objects, so such a file
/// holds what its pages draw but no page: each content stream that no object refers to is made
/// a page again (`orphans.rs`), its fonts read as fonts the file lost (Chromium writes its
/// fonts after its pages). Measured (session 26): the scores of a cut before their fonts
/// (CVL 0.9986, HDF 0.9976, IDF 0.9996 recall); before, no text (`damaged PDF that cannot be
/// recovered`). PDL's fonts come before its pages and their codes are a subset's own, and its
/// content streams name them through the lost pages: solved as ciphers since session 27
/// (`SUBSET_CODES_BAR`), an error before.
/// Cut before the middle one of its page objects, PDL's pages left lend their resources to
/// those made again (LibreOffice shares one resource dictionary): 0.9995 / 0.9992 / 0.9977, 38
/// of its 77 pages made again; before, its 38 pages left only (recall 0.501).
#[test]
fn corpus_files_cut_before_their_page_objects_still_give_their_words() {
    let mut read = 0;
    for f in corpus_pdfs() {
        let name = name_of(&f);
        let bytes = std::fs::read(&f).expect("corpus file");
        let Some(cut) = cut_before_first_page(&bytes) else {
            continue;
        };
        // and before the middle one of its page objects
        let starts = page_object_starts(&bytes);
        let halfway = &bytes[..starts[starts.len() / 2]];
        // (PDL cut halfway through its pages keeps its fonts and reads at 0.99)
        for (what, cut, bar) in [
            ("before its pages", cut, bar_without_fonts(&name)),
            ("halfway through its pages", halfway, CUT_BAR),
        ] {
            read += usize::from(cut_reads_at(&name, what, cut, bar));
        }
    }
    assert!(read >= 8, "the eight cut files read, got {read}");
}

/// LibreOffice writes its fonts (from 0.74 of PDL's file) before its pages and their resources
/// (from 0.935): PDL cut at 90 % keeps its fonts but not the names its content gives them.
/// Each name is given the font, among those no object names, in which its strings read best as
/// words (`assign_spare_fonts`). Measured (session 26): at 90 % recall 0.998, precision 0.999,
/// order 0.996, and at 85 % 0.953 / 0.998 / 0.947 (fonts lost from there); before, an error.
#[test]
fn a_file_cut_between_its_fonts_and_its_pages_finds_which_font_each_name_was() {
    let name = "Pacte_PDL_2019-2022.pdf";
    let bytes = corpus_bytes(name);
    let cut = &bytes[..bytes.len() * 9 / 10];
    assert!(
        cut_reads_at_the_bar(name, "at 90 %", cut),
        "read from its content streams"
    );
}

/// Regression guard: each file at least at the level last measured (just below it).
/// Issue 2's bar (0.999 / 0.998 / 0.995) is `corpus_word_scores_reach_issue_2_bar`.
#[test]
fn corpus_word_scores_meet_the_bar() {
    const MEASURED: &[(&str, f64, f64, f64)] = &[
        // Measured: 1.00000 / 1.00000 / 1.00000.
        (
            "CVL_declinaison_operationnelle_PACTE.pdf",
            0.9999,
            0.9999,
            0.9999,
        ),
        // Measured: 0.9997 / 0.9999 / 0.9981 (order 0.99737 before numbering marks justified
        // far from their titles stayed on their line).
        ("IDF_pacte_regional_v14fev2019.pdf", 0.9997, 0.9998, 0.9980),
        // Measured: 0.9999 / 0.9999 / 0.9978 (order 0.99513 before a table cell repeated
        // row after row stopped counting as a cell edge of its own, tight tables' cells were
        // told apart, a table's last row at a page's foot kept its cells apart, a justified
        // cell's last word pushed to the next cell stayed in its cell, and rows whose cells
        // are padded differently made one table).
        ("PRIC-HDF-signe.pdf", 0.9998, 0.9999, 0.9977),
        // Measured: 0.9995 / 0.9992 / 0.9978 (0.99922 / 0.99857 / 0.99503 before, same, and
        // before a table cell cut by a page break and a hyphen was made whole).
        ("Pacte_PDL_2019-2022.pdf", 0.9994, 0.9991, 0.9977),
    ];
    check_scores(|name| {
        MEASURED
            .iter()
            .find(|m| m.0 == name)
            .map_or((0.999, 0.998, 0.995), |m| (m.1, m.2, m.3))
    });
}

#[test]
fn corpus_word_scores_reach_issue_2_bar() {
    check_scores(|_| (0.999, 0.998, 0.995));
}

#[test]
fn corpus_documents_are_well_formed() {
    for (name, doc) in corpus() {
        let Ok(doc) = doc else { continue };
        assert_eq!(&doc.file, name);
        assert_eq!(doc.sha256.len(), 64);
        assert!(doc
            .sha256
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
        assert!(!doc.pages.is_empty());
        for (i, p) in doc.pages.iter().enumerate() {
            assert_eq!(p.number as usize, i + 1);
            for b in &p.blocks {
                assert_eq!(b.page, p.number);
                assert!(
                    b.bbox.x0 <= b.bbox.x1 && b.bbox.y0 <= b.bbox.y1,
                    "{name}: bbox"
                );
                assert!(!b.text.trim().is_empty());
                assert!(!b.text.contains('\u{FB01}'), "{name}: ligature left");
            }
        }
        let text = render_text(doc);
        assert_eq!(text.matches('\x0c').count() + 1, doc.pages.len());
        // Page numbers go to the footer, not the body: no body block is the bare page number.
        for p in &doc.pages {
            for b in &p.blocks {
                assert_ne!(
                    b.text.trim(),
                    p.number.to_string(),
                    "{name} p{}: page number left in the body",
                    p.number
                );
            }
        }
        // Every corpus file but PDL prints page numbers (PDL prints neither page numbers nor
        // running headers: checked with `pdftotext -layout`).
        let footers: usize = doc.pages.iter().map(|p| p.footer.len()).sum();
        if name != "Pacte_PDL_2019-2022.pdf" {
            assert!(footers > 0, "{name}: no footer / page number found");
        }
    }
}

/// A file whose fonts are solved as ciphers (`cipher.rs`: PDL cut before its page objects)
/// reads the same each time, in one process where every hash map has seeds of its own (the
/// search sums its trigram counts in a fixed order, so that rounding cannot pick another
/// move; summed in a map's order, two readings came out the same here too).
#[test]
fn a_file_read_by_solving_its_fonts_reads_the_same_each_time() {
    let name = "Pacte_PDL_2019-2022.pdf";
    let bytes = corpus_bytes(name);
    let cut = cut_before_first_page(&bytes).expect("page objects");
    let read = || render_text(&pactes_pdf::extract_bytes(cut, name, None).expect("read"));
    let first = read();
    assert!(first.split_whitespace().count() > 20_000, "read as text");
    assert!(read() == first, "a second reading differs");
}

/// The same file read again (another worker process: other hash seeds) gives the same
/// document: the corpus PDFs, and where `../shared/robustness/` is, every file there that
/// gives text (a one-page chart's axis figures lost one of them, `0` or `2`, from run to run
/// when a hash map's order broke a tie).
#[test]
fn the_same_file_read_again_gives_the_same_text() {
    let o = opts();
    for (name, first) in corpus() {
        let Ok(first) = first else { continue };
        let again = extract_file(&pactes_tests::corpus_dir().join(name), &o).expect("again");
        assert!(again == *first, "{name}: a second reading differs");
    }
    let Some(r) = robustness() else {
        println!("skip: ../shared/robustness/ is not here");
        return;
    };
    let o = robustness_opts();
    let mut read = 0;
    for (name, first, _) in &r.results {
        let Ok(first) = first else {
            continue;
        };
        let first = render_text(first);
        for _ in 0..2 {
            let again = extract_file(&r.dir.join(name), &o).map(|d| render_text(&d));
            assert_eq!(
                again.as_deref().ok(),
                Some(first.as_str()),
                "{name}: a second reading differs"
            );
        }
        read += 1;
    }
    println!("{read} robustness files read three times, the same text each time");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

#[test]
fn bad_inputs_give_clean_errors_through_the_worker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = opts();
    let not_pdf = write(dir.path(), "notes.pdf", b"Ceci n'est pas un PDF.\n");
    assert!(matches!(
        extract_file(&not_pdf, &o),
        Err(ExtractError::NotPdf)
    ));
    let empty = write(dir.path(), "empty.pdf", b"");
    assert!(matches!(extract_file(&empty, &o), Err(ExtractError::Empty)));
    let missing = dir.path().join("missing.pdf");
    assert!(matches!(
        extract_file(&missing, &o),
        Err(ExtractError::Io(_))
    ));
    let src =
        std::fs::read(pactes_tests::corpus_dir().join("CVL_declinaison_operationnelle_PACTE.pdf"))
            .expect("read corpus");
    // cut in its first content stream (1 KiB): nothing whole to read (cut at a tenth, before
    // its page objects, the pages of the content streams it holds are made again)
    let truncated = write(dir.path(), "truncated.pdf", &src[..1024]);
    match extract_file(&truncated, &o) {
        Err(ExtractError::Damaged(m)) => assert!(m.contains("truncated"), "{m}"),
        other => panic!("truncated file: {other:?}"),
    }
    // Every message is one line.
    for e in [
        ExtractError::NotPdf,
        ExtractError::Empty,
        ExtractError::Encrypted,
        ExtractError::NoTextLayer { pages: 3 },
        ExtractError::Timeout(60),
    ] {
        assert!(!e.to_string().contains('\n'));
    }
    assert!(ExtractError::NoTextLayer { pages: 3 }
        .to_string()
        .contains("OCR"));
}

#[test]
fn a_file_cut_short_gives_the_text_before_the_cut_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "CVL_declinaison_operationnelle_PACTE.pdf";
    let src = corpus_bytes(name);
    // cut at 90 %: the page objects and fonts are there, the end of the content and the
    // cross-reference table are not
    let cut = write(dir.path(), name, &src[..src.len() * 9 / 10]);
    let doc = extract_file(&cut, &opts()).expect("read from the objects before the cut");
    let why = doc.meta.repaired.clone().expect("said to be repaired");
    assert!(why.starts_with("truncated"), "{why}");
    let words = render_text(&doc).split_whitespace().count();
    let intact = corpus()[name].as_ref().expect("intact extraction");
    let all = render_text(intact).split_whitespace().count();
    // measured: 4,546 of 4,859
    assert!(words * 10 >= all * 9, "{words} of {all}");
    assert_eq!(intact.meta.repaired, None);
}

/// `bytes` with one byte in a thousand (after the header) set to a random value (xorshift,
/// seeded: the same damage on every run).
fn randomised(bytes: &[u8], seed: u64) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut state = seed | 1;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..out.len() / 1000 {
        let at = 16 + (next() as usize) % (out.len() - 16);
        out[at] = next() as u8;
    }
    out
}

#[test]
fn randomised_bytes_cost_words_not_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    // (file, words read at least): measured 7,576 and 5,650 (session 29; 7,826 and 4,275
    // before), pdftotext 22.12 6,574 and 1,513 on the same bytes; before dangling
    // references were dropped, PDL was an error
    for (name, floor) in [
        ("Pacte_PDL_2019-2022.pdf", 7_000),
        ("PRIC-HDF-signe.pdf", 3_500),
    ] {
        let src = corpus_bytes(name);
        let hit = write(dir.path(), name, &randomised(&src, 7));
        let words = match extract_file(&hit, &opts()) {
            Ok(doc) => render_text(&doc).split_whitespace().count(),
            Err(e) => panic!("{name}: {e}"),
        };
        assert!(words >= floor, "{name}: {words} words");
    }
}

#[test]
fn broken_xref_is_recovered_through_the_worker() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "CVL_declinaison_operationnelle_PACTE.pdf";
    let mut bytes = corpus_bytes(name);
    // Point startxref at the wrong place and blank the cross-reference offsets.
    let pos = bytes
        .windows(9)
        .rposition(|w| w == b"startxref")
        .expect("startxref");
    let mut i = pos + 9;
    while i < bytes.len() && !bytes[i].is_ascii_digit() {
        i += 1;
    }
    while i < bytes.len() && bytes[i].is_ascii_digit() {
        bytes[i] = b'7';
        i += 1;
    }
    if let Some(x) = bytes.windows(5).position(|w| w == b"xref\n") {
        for b in bytes[x + 5..(x + 400).min(pos)].iter_mut() {
            if b.is_ascii_digit() {
                *b = b'1';
            }
        }
    }
    let broken = write(dir.path(), name, &bytes);
    let doc = extract_file(&broken, &opts()).expect("broken xref recovered");
    let intact = corpus()[name].as_ref().expect("intact extraction");
    assert!(
        render_text(&doc) == render_text(intact),
        "{name}: text differs"
    );
}

/// A file sent through a transfer in text mode reads as the file did, and says it was
/// mended: every LF written CR LF, inside its compressed streams too, which then no longer
/// decompress (before: the corpus files read 0.01–0.05 of their words, IDF an error); or the
/// other way, every CR LF written LF, which breaks the compressed streams that held a CR LF
/// (before: PDL read 0.968 of its words, HDF 0.967, IDF 0.959).
#[test]
fn a_file_whose_line_ends_a_text_mode_transfer_rewrote_reads_as_the_file_did() {
    let dir = tempfile::tempdir().expect("tempdir");
    for name in [
        "CVL_declinaison_operationnelle_PACTE.pdf",
        "Pacte_PDL_2019-2022.pdf",
    ] {
        let bytes = corpus_bytes(name);
        let intact = corpus()[name].as_ref().expect("intact extraction");
        let mut to_crlf = Vec::with_capacity(bytes.len() * 101 / 100);
        let mut to_lf = Vec::with_capacity(bytes.len());
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' {
                to_crlf.push(b'\r');
            }
            to_crlf.push(b);
            if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                to_lf.push(b);
            }
        }
        assert!(
            to_lf.len() < bytes.len(),
            "{name}: the file has CR LF pairs"
        );
        let to_lf = extract_file(&write(dir.path(), name, &to_lf), &opts()).expect("read");
        assert_eq!(
            render_text(&to_lf),
            render_text(intact),
            "{name}, CR LF to LF"
        );
        let doc = extract_file(&write(dir.path(), name, &to_crlf), &opts()).expect("read");
        assert_eq!(
            render_text(&doc),
            render_text(intact),
            "{name}, LF to CR LF"
        );
        let why = doc.meta.repaired.as_deref().unwrap_or_default();
        assert!(why.contains("text mode"), "{name}: {why}");
        assert_ne!(
            doc.sha256, intact.sha256,
            "{name}: its own bytes are its identity"
        );
    }
}

/// A byte changed inside a page's compressed content (a bad sector, a bit flipped in
/// transit) no longer costs the rest of the page: the value that makes the stream whole again,
/// checksum included, is found near where its output stops reading as content.
#[test]
fn a_byte_changed_inside_a_compressed_page_is_given_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "Pacte_PDL_2019-2022.pdf";
    let mut bytes = corpus_bytes(name);
    let intact = corpus()[name].as_ref().expect("intact extraction");
    // the page content streams: compressed, no /Type, /Subtype or /Length1 (fonts, images)
    let dict = regex::bytes::Regex::new(r"<<([^<>]*)>>\s*stream\r?\n").expect("regex");
    let starts: Vec<(usize, usize)> = dict
        .captures_iter(&bytes)
        .filter(|c| {
            let d = &c[1];
            let has = |k: &[u8]| d.windows(k.len()).any(|w| w == k);
            has(b"FlateDecode") && !has(b"Type") && !has(b"Length1")
        })
        .map(|c| {
            let at = c.get(0).expect("match").end();
            let len = bytes[at..]
                .windows(9)
                .position(|w| w == b"endstream")
                .expect("endstream");
            (at, len)
        })
        .filter(|&(_, len)| len > 2_000)
        .collect();
    assert!(starts.len() >= 10, "{} content streams", starts.len());
    // one byte in the middle of two pages' content, one bit flipped, one byte replaced
    let (a, la) = starts[3];
    let (b, lb) = starts[8];
    bytes[a + la / 2] ^= 0x08;
    bytes[b + lb / 3] ^= 0xa5;
    let doc = extract_file(&write(dir.path(), name, &bytes), &opts()).expect("read");
    assert!(
        render_text(&doc) == render_text(intact),
        "{name}: text differs"
    );
    let why = doc.meta.repaired.as_deref().unwrap_or_default();
    assert!(
        why.contains("2 compressed stream(s) had bytes changed"),
        "{why}"
    );
}

/// A font descriptor that no longer parses (one byte: the `]` closing its `/FontBBox`) used to
/// cost every string of its font on every page (pdf-extract panics on a CID font without a
/// descriptor; the whole Pacte errored out as "none of it decodes"): it is completed with a
/// minimal one, and the text, which is in the font's `/ToUnicode`, reads as before.
#[test]
fn fonts_whose_descriptors_were_lost_still_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let name = "CVL_declinaison_operationnelle_PACTE.pdf";
    let mut bytes = corpus_bytes(name);
    let intact = corpus()[name].as_ref().expect("intact extraction");
    let bbox = regex::bytes::Regex::new(r"/Type\s*/FontDescriptor[^>]*?/FontBBox\s*\[[^\]]*(\])")
        .expect("regex");
    let ends: Vec<usize> = bbox
        .captures_iter(&bytes)
        .map(|c| c.get(1).expect("group").start())
        .collect();
    assert!(ends.len() >= 2, "{} font descriptors", ends.len());
    let mut broken = bytes.clone();
    for at in ends {
        broken[at] = b'6';
    }
    let doc = extract_file(&write(dir.path(), name, &broken), &opts()).expect("read");
    assert!(
        render_text(&doc) == render_text(intact),
        "{name}: text differs, descriptors lost"
    );
    // The descendant CID fonts lost (their dictionaries' `<<` hit): the text is in
    // `/ToUnicode`, the glyphs' widths are measured from how far the page moves after them.
    let cid = regex::bytes::Regex::new(r"obj\s*(<<)[^>]*?/Subtype\s*/CIDFontType2").expect("regex");
    let opens: Vec<usize> = cid
        .captures_iter(&bytes)
        .map(|c| c.get(1).expect("group").start())
        .collect();
    assert!(opens.len() >= 2, "{} CID fonts", opens.len());
    for at in opens {
        bytes[at + 1] = b'(';
    }
    let doc = extract_file(&write(dir.path(), name, &bytes), &opts()).expect("read");
    let (a, b) = (render_text(&doc), render_text(intact));
    let score = scores(&b, &a);
    assert!(
        score.recall >= 0.99 && score.precision >= 0.99 && score.order >= 0.98,
        "{name}: descendants lost, {score:?}"
    );
}

#[test]
fn robustness_files_give_text_or_a_clean_error() {
    let Some(r) = robustness() else {
        println!("skipped: ../shared/robustness/ not found");
        return;
    };
    let results = &r.results;
    let mut text = 0;
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    let mut bad = Vec::new();
    for (name, r, took) in results {
        match r {
            Ok(d) if !render_text(d).trim().is_empty() => text += 1,
            Ok(_) => bad.push(format!("{name}: Ok but no text")),
            Err(e) => {
                let msg = e.to_string();
                let kind = format!("{e:?}");
                let kind = kind.split(['(', ' ', '{']).next().unwrap_or("").to_string();
                *errors.entry(kind).or_default() += 1;
                println!("{name}: {msg}");
                if msg.contains('\n') || msg.is_empty() {
                    bad.push(format!("{name}: multi-line or empty message"));
                }
                if matches!(e, ExtractError::Timeout(_) | ExtractError::WorkerCrashed(_)) {
                    bad.push(format!("{name}: {msg}"));
                }
            }
        }
        assert!(*took < Duration::from_secs(40), "{name}: took {took:?}");
    }
    println!(
        "robustness: {} files, {text} with text, errors {errors:?}, in {:.1?}",
        results.len(),
        r.took
    );
    assert!(bad.is_empty(), "unclean outcomes:\n{}", bad.join("\n"));
    // Files without readable text say why, not all "no text layer": text drawn in fonts that
    // decode to nothing, content whose compressed stream fails its check.
    for (name, r, _) in results {
        let want: fn(&ExtractError) -> bool = match name.as_str() {
            "pdfminer--jo.pdf" | "pdfminer--sampleOneByteIdentityEncode.pdf" => {
                |e| matches!(e, ExtractError::UnmappedText { .. })
            }
            "pdfminer--patchelf.pdf" => |e| matches!(e, ExtractError::Damaged(_)),
            _ => continue,
        };
        assert!(
            r.as_ref().err().is_some_and(want),
            "{name}: {:?}",
            r.as_ref().err()
        );
    }
    // Files whose text other readers get and an earlier version of this one did not: words
    // that must come out as words (whitespace-separated).
    let expect: [(&str, &[&str]); 3] = [
        // CID TrueType fonts without /ToUnicode: the font program's own cmap
        (
            "pdfminer--issue-625-identity-cmap.pdf",
            &["Sprzedawca", "Łódź", "Książę", "żółw"],
        ),
        // a table printed sideways across the page (text drawn a quarter turn round)
        (
            "pdfplumber--nics-background-checks-2015-11-rotated.pdf",
            &["Wyoming", "Totals", "804,006", "671,330"],
        ),
        // content streams whose /Filter is an indirect reference
        (
            "pdfminer--issue-1062-filters.pdf",
            &["Factuurontvanger:", "Verkoopkantoor:"],
        ),
    ];
    for (file, words) in expect {
        let Some((_, Ok(d), _)) = results.iter().find(|(n, _, _)| n == file) else {
            panic!("{file}: no text");
        };
        let text = render_text(d);
        let got: std::collections::BTreeSet<&str> = text.split_whitespace().collect();
        for w in words {
            assert!(got.contains(w), "{file}: no word {w:?} in\n{text}");
        }
    }
}
