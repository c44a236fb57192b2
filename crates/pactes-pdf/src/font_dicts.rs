//! Font dictionaries that damage left without an entry pdf-extract requires, completed with
//! neutral values so that the font still decodes through its `/ToUnicode` map; and font
//! programs damage broke, taken out of their descriptors (`drop_broken_programs`).
//!
//! pdf-extract 0.12 panics on a CID font without a `/FontDescriptor` and on a Type0 font
//! without a descendant CID font or an `/Encoding`. A panic loses every string of the font, on
//! every page: one byte that stops a font descriptor from parsing (a `]` hit in its
//! `/FontBBox`) took 99 % of a Pacte's words with it. The descriptor is only needed for the
//! font program, the descendant for its widths and glyph mapping; the text is in `/ToUnicode`.
//! So a lost descriptor becomes a minimal one (no font program), a lost descendant a CID font
//! of default width over the identity mapping, and a lost `/Encoding` `Identity-H`, the
//! encoding of nearly every Type0 font written today.

use lopdf::{Dictionary, Document, Object};

use crate::flatten::{deref, dict_of};
use crate::load::objects_named;

/// Width (per 1,000 units of text space) of a glyph of a CID font whose widths were lost:
/// the mean advance of Latin text in the common serif and sans-serif faces, so that a line's
/// glyphs keep about their places and the spaces between words stay wider than the gaps
/// between letters.
const LOST_WIDTH: i64 = 500;

/// The key that marks a descendant CID font stood in for a lost one (`widths_lost`).
const WIDTHS_LOST: &str = "PactesWidthsLost";

/// Whether `font` is a Type0 font whose descendant `complete` stood in for a lost one: its
/// widths are not the font's (`glyph_ids::measure_lost_widths` measures them).
pub(crate) fn widths_lost(doc: &Document, font: &Object) -> bool {
    deref(doc, font)
        .and_then(|o| o.as_dict().ok())
        .and_then(|d| crate::flatten::descendant(doc, d))
        .is_some_and(|c| c.has(WIDTHS_LOST.as_bytes()))
}

/// A font descriptor that names the font and says nothing else (no font program).
fn minimal_descriptor(name: &[u8]) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"FontDescriptor".to_vec()));
    d.set("FontName", Object::Name(name.to_vec()));
    // nonsymbolic
    d.set("Flags", Object::Integer(32));
    d.set(
        "FontBBox",
        Object::Array(vec![0.into(), (-200).into(), 1000.into(), 800.into()]),
    );
    d.set("ItalicAngle", Object::Integer(0));
    d.set("Ascent", Object::Integer(800));
    d.set("Descent", Object::Integer(-200));
    d.set("CapHeight", Object::Integer(700));
    d.set("StemV", Object::Integer(80));
    d
}

fn name_of(doc: &Document, d: &Dictionary) -> Vec<u8> {
    d.get(b"BaseFont")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_name().ok())
        .map(<[u8]>::to_vec)
        .unwrap_or_else(|| b"Unknown".to_vec())
}

/// Takes out of the font descriptors of `doc` the font programs pdf-extract parses (`/FontFile`,
/// a Type 1 program, for its built-in encoding; `/FontFile3`, a CFF one) that damage left
/// broken: compressed and not inflating whole (`flate_mend` mends content streams and CMaps,
/// not font programs). pdf-extract panics on one whose encoding the damage reached, which
/// loses every string of the font on every page; without it the font decodes through its
/// `/Encoding` or `/ToUnicode`, which is where a producer that subsets puts what its codes
/// mean (pdfTeX's `/Differences`). Returns how many were taken out.
pub(crate) fn drop_broken_programs(doc: &mut Document) -> usize {
    let mut broken: Vec<(lopdf::ObjectId, &'static [u8])> = Vec::new();
    for id in objects_named(doc, b"Type", &[b"FontDescriptor"]) {
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        for key in [&b"FontFile"[..], b"FontFile3"] {
            let Some(Object::Stream(s)) = d.get(key).ok().and_then(|o| deref(doc, o)) else {
                continue;
            };
            if crate::line_ends::flate_first(doc, &s.dict)
                && !crate::line_ends::inflates_whole(&s.content)
            {
                broken.push((id, key));
            }
        }
    }
    for &(id, key) in &broken {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
            d.remove(key);
        }
    }
    broken.len()
}

/// Completes the font dictionaries of `doc` that lack what pdf-extract requires (see the
/// module's documentation); returns how many entries were put back. Run after
/// `load::drop_dangling_references`, which turns a reference to a lost object into an absent
/// entry.
pub(crate) fn complete(doc: &mut Document) -> usize {
    let mut fixed = 0;
    // CID fonts, as objects of their own: a descriptor
    for id in objects_named(doc, b"Subtype", &[b"CIDFontType0", b"CIDFontType2"]) {
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        if dict_of(doc, d, b"FontDescriptor").is_some() {
            continue;
        }
        let desc = minimal_descriptor(&name_of(doc, d));
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
            d.set("FontDescriptor", Object::Dictionary(desc));
            fixed += 1;
        }
    }
    // Type0 fonts: an encoding, and a descendant (itself with a descriptor when direct)
    for id in objects_named(doc, b"Subtype", &[b"Type0"]) {
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        let name = name_of(doc, d);
        let encoding = d
            .get(b"Encoding")
            .ok()
            .and_then(|o| deref(doc, o))
            .is_some_and(|o| matches!(o, Object::Name(_) | Object::Stream(_)));
        let descendant_ok = crate::flatten::descendant(doc, d).is_some();
        let direct_without_descriptor = matches!(
            d.get(b"DescendantFonts").ok().and_then(|o| o.as_array().ok()).and_then(|a| a.first()),
            Some(Object::Dictionary(c)) if dict_of(doc, c, b"FontDescriptor").is_none()
        );
        if encoding && descendant_ok && !direct_without_descriptor {
            continue;
        }
        let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) else {
            continue;
        };
        if !encoding {
            d.set("Encoding", Object::Name(b"Identity-H".to_vec()));
            fixed += 1;
        }
        if !descendant_ok {
            let mut c = Dictionary::new();
            c.set("Type", Object::Name(b"Font".to_vec()));
            c.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
            c.set("BaseFont", Object::Name(name.clone()));
            let mut info = Dictionary::new();
            info.set("Registry", Object::string_literal("Adobe"));
            info.set("Ordering", Object::string_literal("Identity"));
            info.set("Supplement", Object::Integer(0));
            c.set("CIDSystemInfo", Object::Dictionary(info));
            c.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
            c.set("DW", Object::Integer(LOST_WIDTH));
            c.set(WIDTHS_LOST, Object::Boolean(true));
            c.set(
                "FontDescriptor",
                Object::Dictionary(minimal_descriptor(&name)),
            );
            d.set(
                "DescendantFonts",
                Object::Array(vec![Object::Dictionary(c)]),
            );
            fixed += 1;
        } else if direct_without_descriptor {
            if let Ok(Object::Array(a)) = d.get_mut(b"DescendantFonts") {
                if let Some(Object::Dictionary(c)) = a.first_mut() {
                    c.set(
                        "FontDescriptor",
                        Object::Dictionary(minimal_descriptor(&name)),
                    );
                    fixed += 1;
                }
            }
        }
    }
    fixed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn type0(doc: &mut Document, descendant: Option<Object>, encoding: bool) -> lopdf::ObjectId {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Font".to_vec()));
        d.set("Subtype", Object::Name(b"Type0".to_vec()));
        d.set("BaseFont", Object::Name(b"AAAAAA+Serif".to_vec()));
        if encoding {
            d.set("Encoding", Object::Name(b"Identity-H".to_vec()));
        }
        if let Some(c) = descendant {
            d.set("DescendantFonts", Object::Array(vec![c]));
        }
        doc.add_object(Object::Dictionary(d))
    }

    #[test]
    fn a_broken_type1_program_is_taken_out_a_whole_one_kept() {
        let program = crate::flate_mend::tests::zlib(&[b'%'; 3000]);
        let mut broken = program.clone();
        broken[program.len() / 2] ^= 0x5a;
        let mut doc = Document::with_version("1.4");
        let mut ids = Vec::new();
        for data in [program, broken] {
            let mut sd = Dictionary::new();
            sd.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            let file = doc.add_object(Object::Stream(lopdf::Stream::new(sd, data)));
            let mut desc = minimal_descriptor(b"CMR10");
            desc.set("FontFile", Object::Reference(file));
            ids.push(doc.add_object(Object::Dictionary(desc)));
        }
        assert_eq!(drop_broken_programs(&mut doc), 1);
        assert!(doc.get_dictionary(ids[0]).unwrap().has(b"FontFile"));
        assert!(!doc.get_dictionary(ids[1]).unwrap().has(b"FontFile"));
    }

    #[test]
    fn a_cid_font_without_its_descriptor_gets_a_minimal_one() {
        let mut doc = Document::with_version("1.7");
        let mut c = Dictionary::new();
        c.set("Type", Object::Name(b"Font".to_vec()));
        c.set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
        c.set("BaseFont", Object::Name(b"AAAAAA+Serif".to_vec()));
        let cid = doc.add_object(Object::Dictionary(c));
        let font = type0(&mut doc, Some(Object::Reference(cid)), true);
        assert_eq!(complete(&mut doc), 1);
        let c = doc.get_dictionary(cid).unwrap();
        let desc = c.get(b"FontDescriptor").unwrap().as_dict().unwrap();
        assert_eq!(
            desc.get(b"FontName").unwrap().as_name().unwrap(),
            b"AAAAAA+Serif"
        );
        // the Type0 font was whole: left as it was
        let f = doc.get_dictionary(font).unwrap();
        assert_eq!(
            f.get(b"DescendantFonts").unwrap().as_array().unwrap().len(),
            1
        );
        assert_eq!(complete(&mut doc), 0, "a second pass finds nothing to do");
    }

    #[test]
    fn a_type0_font_without_descendant_or_encoding_gets_neutral_ones() {
        let mut doc = Document::with_version("1.7");
        let font = type0(&mut doc, None, false);
        assert_eq!(complete(&mut doc), 2);
        let f = doc.get_dictionary(font).unwrap();
        assert_eq!(
            f.get(b"Encoding").unwrap().as_name().unwrap(),
            b"Identity-H"
        );
        let c = f.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
            .as_dict()
            .unwrap();
        assert_eq!(
            c.get(b"Subtype").unwrap().as_name().unwrap(),
            b"CIDFontType2"
        );
        assert_eq!(c.get(b"DW").unwrap().as_i64().unwrap(), LOST_WIDTH);
        assert!(widths_lost(&doc, &Object::Reference(font)));
        assert!(c.get(b"FontDescriptor").unwrap().as_dict().is_ok());
        // a direct descendant without a descriptor
        let mut c = Dictionary::new();
        c.set("Subtype", Object::Name(b"CIDFontType0".to_vec()));
        let font = type0(&mut doc, Some(Object::Dictionary(c)), true);
        assert_eq!(complete(&mut doc), 1);
        let f = doc.get_dictionary(font).unwrap();
        let c = f.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]
            .as_dict()
            .unwrap();
        assert!(c.get(b"FontDescriptor").unwrap().as_dict().is_ok());
    }
}
