//! Dictionary keys and type names that a hit changed by one byte, given back: a page whose
//! `/Contents` key reads `/\x93ontents` has no content, a font whose `/Subtype` value reads
//! `/TrueTypf` is no font pdf-extract knows.
//!
//! A key (or a value of `/Type`, `/Subtype`, `/Filter`, `/Encoding`, `/BaseEncoding`) that
//! is none of the names the extraction reads, and differs by one byte from exactly one of
//! them of the same length (at least four bytes), absent from its dictionary, is taken for
//! it. Producers write these names as the standard spells them, so a name one byte away from
//! one is a hit's work (or a producer's slip: `/SubType`); one byte away from two
//! (`/Length4`: `/Length1`, `/Length2`…) it is left as it is.

use lopdf::{Dictionary, Document, Object};

/// The keys the extraction reads.
const KEYS: &[&[u8]] = &[
    b"ActualText",
    b"Annots",
    b"BaseEncoding",
    b"BaseFont",
    b"BBox",
    b"CIDSystemInfo",
    b"CIDToGIDMap",
    b"Contents",
    b"Count",
    b"CropBox",
    b"DecodeParms",
    b"DescendantFonts",
    b"Differences",
    b"Encoding",
    b"ExtGState",
    b"Filter",
    b"FirstChar",
    b"Flags",
    b"Font",
    b"FontBBox",
    b"FontDescriptor",
    b"FontFile",
    b"FontFile2",
    b"FontFile3",
    b"FontMatrix",
    b"FontName",
    b"FontWeight",
    b"Kids",
    b"LastChar",
    b"Length",
    b"Length1",
    b"Length2",
    b"Length3",
    b"Matrix",
    b"MediaBox",
    b"Ordering",
    b"Pages",
    b"Parent",
    b"Registry",
    b"Resources",
    b"Root",
    b"Rotate",
    b"Subtype",
    b"Supplement",
    b"ToUnicode",
    b"Type",
    b"Widths",
    b"XObject",
];

/// The values of `/Type`, `/Subtype`, `/Filter` and the encodings that the extraction reads.
const VALUES: &[&[u8]] = &[
    b"ASCII85Decode",
    b"ASCIIHexDecode",
    b"CIDFontType0",
    b"CIDFontType2",
    b"Catalog",
    b"Encoding",
    b"FlateDecode",
    b"Font",
    b"FontDescriptor",
    b"Form",
    b"Identity-H",
    b"Identity-V",
    b"Image",
    b"LZWDecode",
    b"MacRomanEncoding",
    b"Page",
    b"Pages",
    b"StandardEncoding",
    b"TrueType",
    b"Type0",
    b"Type1",
    b"Type3",
    b"WinAnsiEncoding",
    b"XObject",
];

/// Keys whose name values `VALUES` lists.
const NAMED: &[&[u8]] = &[b"Type", b"Subtype", b"Filter", b"Encoding", b"BaseEncoding"];

/// The one name of `list` that `name`, not in it, is one byte away from, if any.
fn one_off(name: &[u8], list: &[&'static [u8]]) -> Option<&'static [u8]> {
    if name.len() < 4 || list.contains(&name) {
        return None;
    }
    let mut near = list.iter().filter(|k| {
        k.len() == name.len() && k.iter().zip(name).filter(|(a, b)| a != b).count() == 1
    });
    let first = *near.next()?;
    near.next().is_none().then_some(first)
}

fn mend_dict(d: &mut Dictionary, depth: u32) -> usize {
    if depth > 32 {
        return 0;
    }
    let mut fixed = 0;
    let renames: Vec<(Vec<u8>, &'static [u8])> = d
        .iter()
        .filter_map(|(k, _)| Some((k.clone(), one_off(k, KEYS)?)))
        .filter(|(_, to)| !d.has(to))
        .collect();
    for (from, to) in renames {
        if let Some(v) = d.remove(&from) {
            d.set(to.to_vec(), v);
            fixed += 1;
        }
    }
    for key in NAMED {
        if let Ok(Object::Name(n)) = d.get_mut(key) {
            if let Some(to) = one_off(n, VALUES) {
                *n = to.to_vec();
                fixed += 1;
            }
        }
    }
    for (_, v) in d.iter_mut() {
        fixed += mend_object(v, depth + 1);
    }
    fixed
}

fn mend_object(o: &mut Object, depth: u32) -> usize {
    match o {
        Object::Dictionary(d) => mend_dict(d, depth),
        Object::Stream(s) => mend_dict(&mut s.dict, depth),
        Object::Array(a) if depth <= 32 => a.iter_mut().map(|x| mend_object(x, depth + 1)).sum(),
        _ => 0,
    }
}

/// Gives back the keys and type names of `doc` a hit changed by one byte (see the module's
/// documentation); returns how many.
pub(crate) fn mend(doc: &mut Document) -> usize {
    let mut fixed = mend_dict(&mut doc.trailer, 0);
    for o in doc.objects.values_mut() {
        fixed += mend_object(o, 0);
    }
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_one_byte_from_two_is_left() {
        assert_eq!(one_off(b"Length4", KEYS), None);
        assert_eq!(one_off(b"Lenxth", KEYS), Some(&b"Length"[..]));
        assert_eq!(one_off(b"Fonx", VALUES), Some(&b"Font"[..]));
        assert_eq!(one_off(b"Fonm", VALUES), None, "Font and Form");
        assert_eq!(one_off(b"Kid", KEYS), None, "too short to tell");
    }

    #[test]
    fn a_key_or_a_type_one_byte_off_is_given_back() {
        let mut doc = Document::with_version("1.5");
        let mut page = Dictionary::new();
        page.set("Type", Object::Name(b"Pagf".to_vec()));
        page.set(b"\x93ontents".to_vec(), Object::Reference((9, 0)));
        page.set("Parent", Object::Reference((2, 0)));
        // not a name the extraction reads, or one byte off two of them: left alone
        page.set("Tabs", Object::Name(b"S".to_vec()));
        page.set("StructParents", Object::Integer(3));
        let id = doc.add_object(Object::Dictionary(page));
        let mut font = Dictionary::new();
        font.set("Subtype", Object::Name(b"TrueTypf".to_vec()));
        font.set("Length1", Object::Integer(1));
        font.set("Length2", Object::Integer(2));
        let f = doc.add_object(Object::Dictionary(font));
        assert_eq!(mend(&mut doc), 3);
        let p = doc.get_dictionary(id).unwrap();
        assert_eq!(p.get(b"Type").unwrap().as_name().unwrap(), b"Page");
        assert!(p.has(b"Contents") && p.has(b"Tabs") && p.has(b"StructParents"));
        let f = doc.get_dictionary(f).unwrap();
        assert_eq!(f.get(b"Subtype").unwrap().as_name().unwrap(), b"TrueType");
        assert!(f.has(b"Length1") && f.has(b"Length2"), "known keys stay");
        assert_eq!(mend(&mut doc), 0);
    }
}
