//! Pages made again from content streams that no page leads to: a damaged file that lost its
//! page objects (cut short after its content streams, as Chromium/Skia and LibreOffice write
//! them first) still holds what its pages drew.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::content::Lexer;

/// Keys a page's content stream has in its dictionary, and nothing else (font programs,
/// images, forms, metadata, object and cross-reference streams have others).
const CONTENT_KEYS: [&[u8]; 3] = [b"Length", b"Filter", b"DecodeParms"];

/// Most bytes a stream no object refers to is decompressed to, to tell whether it is a page's
/// content.
const MAX_CHECKED: usize = 16 << 20;

/// Deepest nesting walked when collecting references.
const MAX_DEPTH: u32 = 64;

/// Every object some object of `doc` refers to (the trailer aside: its `/Root` names any object
/// when the catalog was lost, `load::salvage`).
fn referenced(doc: &Document) -> BTreeSet<ObjectId> {
    fn walk(o: &Object, out: &mut BTreeSet<ObjectId>, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        match o {
            Object::Reference(id) => {
                out.insert(*id);
            }
            Object::Array(a) => a.iter().for_each(|x| walk(x, out, depth + 1)),
            Object::Dictionary(d) => d.iter().for_each(|(_, v)| walk(v, out, depth + 1)),
            Object::Stream(s) => s.dict.iter().for_each(|(_, v)| walk(v, out, depth + 1)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for o in doc.objects.values() {
        walk(o, &mut out, 0);
    }
    out
}

/// Whether `content` shows text: a string operator between `BT` and `ET`.
fn shows_text(content: &[u8]) -> bool {
    let mut lex = Lexer::new(content);
    let mut in_text = false;
    while let Some(op) = lex.next_op() {
        match op {
            b"BT" => in_text = true,
            b"ET" => in_text = false,
            b"Tj" | b"TJ" | b"'" | b"\"" if in_text => return true,
            _ => {}
        }
    }
    false
}

/// The objects of `doc` that no object refers to, nor a version an amendment replaced
/// (`retired`: `load::retired_references`), and that `keep`, in object order.
fn unreferenced(
    doc: &Document,
    retired: &BTreeSet<ObjectId>,
    keep: impl Fn(&Object) -> bool,
) -> Vec<ObjectId> {
    let refs = referenced(doc);
    doc.objects
        .iter()
        .filter(|(id, o)| !refs.contains(id) && !retired.contains(id) && keep(o))
        .map(|(id, _)| *id)
        .collect()
}

/// The streams of `doc` that read as a page's content showing text and that no object refers
/// to, nor a version an amendment replaced (`retired`), in object order.
pub(crate) fn orphan_contents(doc: &Document, retired: &BTreeSet<ObjectId>) -> Vec<ObjectId> {
    unreferenced(doc, retired, |o| {
        let Ok(s) = o.as_stream() else {
            return false;
        };
        if s.dict
            .iter()
            .any(|(k, _)| !CONTENT_KEYS.contains(&k.as_slice()))
        {
            return false;
        }
        // (bounded: a stream no page reads must not take the memory the worker has)
        match s.decompressed_content_with_limit(MAX_CHECKED) {
            Ok(c) => shows_text(&c),
            Err(_) if !s.dict.has(b"Filter") => shows_text(&s.content),
            Err(_) => false,
        }
    })
}

/// The font dictionaries no object refers to, in object order: a damaged file that lost its
/// pages and their resources keeps its fonts, but not the names its content gives them.
pub(crate) fn orphan_fonts(doc: &Document) -> Vec<ObjectId> {
    unreferenced(doc, &BTreeSet::new(), |o| {
        o.as_dict().is_ok_and(|d| {
            d.get(b"Type").and_then(Object::as_name).ok() == Some(b"Font".as_slice())
                && d.has(b"Subtype")
        })
    })
}

/// Which spare font each lost font name is, from `scores[l][s]` (how well lost font `l`'s
/// strings read in spare font `s`; `None`: not as words): the name with the fewest fonts it
/// reads in first (on a tie, the one reading best), each given the best of those left, each
/// font given once. Returns (lost, spare) pairs.
pub(crate) fn assign(scores: &[Vec<Option<usize>>]) -> Vec<(usize, usize)> {
    let spares = scores.iter().map(Vec::len).max().unwrap_or(0);
    let mut taken = vec![false; spares];
    let mut done = vec![false; scores.len()];
    let mut out = Vec::new();
    loop {
        // the fonts left that name `l` reads in, and the best of them
        let left = |l: usize| {
            scores[l]
                .iter()
                .enumerate()
                .filter(|&(s, _)| !taken[s])
                .filter_map(|(s, v)| Some((s, (*v)?)))
                .collect::<Vec<_>>()
        };
        let best = |l: usize| {
            left(l)
                .into_iter()
                .max_by_key(|&(s, v)| (v, std::cmp::Reverse(s)))
        };
        let Some(l) = (0..scores.len())
            .filter(|&l| !done[l] && !left(l).is_empty())
            .min_by_key(|&l| {
                let b = best(l).map_or(0, |(_, v)| v);
                (left(l).len(), std::cmp::Reverse(b), l)
            })
        else {
            break;
        };
        done[l] = true;
        if let Some((s, _)) = best(l) {
            taken[s] = true;
            out.push((l, s));
        }
    }
    out
}

/// The first content stream of page `page`, if given by reference.
fn first_content(doc: &Document, page: ObjectId) -> Option<ObjectId> {
    doc.get_page_contents(page).first().copied()
}

/// `pages` (the pages found, in their order; those the file lost left out) with a new page for
/// each content stream no page leads to (`orphan_contents`). Producers number a document's
/// content streams in page order, so when the pages' first content streams come in ascending
/// order a new page goes after the last page whose stream precedes its own; otherwise the new
/// pages follow the others. A new page
/// borrows the media box and resources of the page before it (or after it, for a first page):
/// producers name a document's fonts alike on every page, and a name the borrowed resources do
/// not have is read as a font the file lost (`flatten`). Returns the pages and how many are new.
pub(crate) fn with_orphan_pages(
    doc: &mut Document,
    pages: Vec<ObjectId>,
    retired: &BTreeSet<ObjectId>,
) -> (Vec<ObjectId>, usize) {
    let orphans = orphan_contents(doc, retired);
    if orphans.is_empty() {
        return (pages, 0);
    }
    // the tree's references to page objects the file lost (lopdf keeps them as blank pages):
    // their content is among the orphans
    let pages: Vec<ObjectId> = pages
        .into_iter()
        .filter(|&p| doc.get_dictionary(p).is_ok())
        .collect();
    let firsts: Vec<Option<ObjectId>> = pages.iter().map(|&p| first_content(doc, p)).collect();
    let known: Vec<ObjectId> = firsts.iter().flatten().copied().collect();
    let ordered = known.windows(2).all(|w| w[0] < w[1]);
    // where each new page goes: before the found page of that index (`pages.len()`: at the end)
    let slots: Vec<usize> = orphans
        .iter()
        .map(|&c| {
            if ordered {
                firsts
                    .iter()
                    .rposition(|f| f.is_some_and(|f| f < c))
                    .map_or(0, |i| i + 1)
            } else {
                pages.len()
            }
        })
        .collect();
    let mut out: Vec<ObjectId> = Vec::with_capacity(pages.len() + orphans.len());
    let mut new = orphans.iter().zip(&slots).peekable();
    for i in 0..=pages.len() {
        while let Some((&c, _)) = new.next_if(|(_, &at)| at == i) {
            let like = out.last().copied().or_else(|| pages.first().copied());
            out.push(new_page(doc, c, like));
        }
        if let Some(&p) = pages.get(i) {
            out.push(p);
        }
    }
    (out, orphans.len())
}

/// A new page object whose content is stream `content`, with the media box and resources of
/// page `like` (inherited values included).
fn new_page(doc: &mut Document, content: ObjectId, like: Option<ObjectId>) -> ObjectId {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"Page".to_vec()));
    d.set("Contents", Object::Reference(content));
    if let Some(like) = like {
        for key in [&b"MediaBox"[..], b"Resources", b"Rotate"] {
            if let Some(v) = crate::load::inherited(doc, like, key) {
                let v = v.clone();
                d.set(key, v);
            }
        }
    }
    doc.add_object(Object::Dictionary(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{dictionary, Stream};

    #[test]
    fn the_most_constrained_lost_font_is_given_its_spare_font_first() {
        // lost font 0 reads in both spare fonts, better in 0; lost font 1 only in spare 0
        let scores = vec![vec![Some(50), Some(40)], vec![Some(30), None]];
        let mut got = assign(&scores);
        got.sort();
        assert_eq!(got, vec![(0, 1), (1, 0)]);
        // a font that reads in none stays lost; a spare font is given once
        let scores = vec![vec![None, None], vec![Some(5), None], vec![Some(9), None]];
        assert_eq!(assign(&scores), vec![(2, 0)]);
        assert!(assign(&[]).is_empty());
    }

    const TEXT: &[u8] = b"BT /F1 12 Tf 72 700 Td (Bonjour) Tj ET";

    fn stream(dict: Dictionary, content: &[u8]) -> Object {
        Object::Stream(Stream::new(dict, content.to_vec()))
    }

    /// A document holding content streams `ids` (each showing text) and pages for `paged`
    /// (page id = content id + 1000), each page with its own media box width (the content id).
    fn doc_with(ids: &[u32], paged: &[u32]) -> Document {
        let mut doc = Document::with_version("1.5");
        for &i in ids {
            doc.objects.insert((i, 0), stream(dictionary! {}, TEXT));
        }
        for &i in paged {
            doc.objects.insert(
                (i + 1000, 0),
                Object::Dictionary(dictionary! {
                    "Type" => "Page",
                    "Contents" => Object::Reference((i, 0)),
                    "MediaBox" => vec![0.into(), 0.into(), (i as i64).into(), 842.into()],
                    "Resources" => dictionary! { "Font" => dictionary! { "F1" => Object::Reference((7, 0)) } },
                }),
            );
        }
        doc
    }

    #[test]
    fn only_unreferenced_streams_that_show_text_are_orphan_contents() {
        let mut doc = doc_with(&[10, 20], &[10]);
        // a font program, an image, a cmap and a form: not page content
        doc.objects
            .insert((30, 0), stream(dictionary! { "Length1" => 12 }, TEXT));
        doc.objects
            .insert((31, 0), stream(dictionary! { "Subtype" => "Image" }, TEXT));
        doc.objects.insert(
            (32, 0),
            stream(
                dictionary! {},
                b"/CIDInit /ProcSet findresource begin 1 beginbfchar <01> <0041> endbfchar end",
            ),
        );
        doc.objects.insert(
            (33, 0),
            stream(
                dictionary! { "Type" => "XObject", "Subtype" => "Form" },
                TEXT,
            ),
        );
        // drawing without text, and text operators outside BT … ET
        doc.objects
            .insert((34, 0), stream(dictionary! {}, b"0 0 m 100 100 l S"));
        doc.objects
            .insert((35, 0), stream(dictionary! {}, b"(Bonjour) Tj"));
        // a compressed content stream counts too
        let mut compressed = Stream::new(dictionary! {}, TEXT.repeat(20));
        compressed.compress().expect("compress");
        assert!(compressed.dict.has(b"Filter"));
        doc.objects.insert((40, 0), Object::Stream(compressed));
        assert_eq!(
            orphan_contents(&doc, &BTreeSet::new()),
            vec![(20, 0), (40, 0)]
        );
    }

    #[test]
    fn a_stream_no_object_refers_to_is_decompressed_within_a_bound() {
        // text after 17 MiB of spaces: past the bound, so not taken for a page's content
        let mut big = vec![b' '; 17 << 20];
        big.extend_from_slice(TEXT);
        let mut bomb = Stream::new(dictionary! {}, big);
        bomb.compress().expect("compress");
        let mut doc = Document::with_version("1.5");
        doc.objects.insert((9, 0), Object::Stream(bomb));
        assert!(orphan_contents(&doc, &BTreeSet::new()).is_empty());
    }

    #[test]
    fn a_page_made_from_an_orphan_content_goes_where_its_stream_number_falls() {
        let mut doc = doc_with(&[10, 20, 30, 5], &[10, 30]);
        let (pages, new) =
            with_orphan_pages(&mut doc, vec![(1010, 0), (1030, 0)], &BTreeSet::new());
        assert_eq!(new, 2);
        let contents: Vec<ObjectId> = pages
            .iter()
            .map(|&p| first_content(&doc, p).expect("a content stream"))
            .collect();
        assert_eq!(contents, vec![(5, 0), (10, 0), (20, 0), (30, 0)]);
        // each new page borrows the media box (and resources) of the page before it, the first
        // one those of the page after it
        let width = |p: ObjectId| {
            doc.get_dictionary(p)
                .and_then(|d| d.get(b"MediaBox"))
                .and_then(Object::as_array)
                .map(|a| a[2].as_i64().unwrap_or(0))
                .unwrap_or(0)
        };
        let widths: Vec<i64> = pages.iter().map(|&p| width(p)).collect();
        assert_eq!(widths, vec![10, 10, 10, 30]);
        assert!(doc
            .get_dictionary(pages[2])
            .is_ok_and(|d| d.has(b"Resources")));
    }

    #[test]
    fn orphans_follow_pages_whose_streams_are_not_in_page_order() {
        let mut doc = doc_with(&[10, 20, 30], &[30, 10]);
        let (pages, new) =
            with_orphan_pages(&mut doc, vec![(1030, 0), (1010, 0)], &BTreeSet::new());
        assert_eq!(new, 1);
        assert_eq!(&pages[..2], &[(1030, 0), (1010, 0)]);
        assert_eq!(first_content(&doc, pages[2]), Some((20, 0)));
        // no page at all: one page per orphan, in object order
        let mut doc = doc_with(&[12, 11], &[]);
        let (pages, new) = with_orphan_pages(&mut doc, Vec::new(), &BTreeSet::new());
        assert_eq!(new, 2);
        let contents: Vec<_> = pages.iter().map(|&p| first_content(&doc, p)).collect();
        assert_eq!(contents, vec![Some((11, 0)), Some((12, 0))]);
        // nothing orphan: the pages as they were
        let mut doc = doc_with(&[10], &[10]);
        assert_eq!(
            with_orphan_pages(&mut doc, vec![(1010, 0)], &BTreeSet::new()),
            (vec![(1010, 0)], 0)
        );
    }
}
