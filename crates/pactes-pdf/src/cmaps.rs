//! Type0 fonts whose `/Encoding` is an embedded CMap (WeasyPrint and other producers write one
//! when a subset's codes are not its CIDs) rewritten as the `Identity-H` fonts pdf-extract reads.
//!
//! pdf-extract 0.12 reads an embedded CMap's `cidrange` entries only (its parser skips
//! `cidchar`), and adds a range's first CID to the code instead of its offset in the range:
//! every glyph of such a font decoded to nothing (a WeasyPrint rendering of IDF's Pacte kept
//! 4 % of its words, its titles). The rewrite keeps what each code means: with codes as CIDs,
//! the widths (`/W`) are keyed by code and `/CIDToGIDMap` maps each code to the glyph its CID
//! named; `/ToUnicode` is keyed by code already. Only CMaps of two-byte codes are rewritten
//! (what `Identity-H` reads); any other is left as it is.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use std::collections::BTreeMap;

use crate::flatten::deref;

/// Most entries read from one CMap (two-byte codes: 65,536 at most).
const MAX_CODES: usize = 65_536;

/// A token of a CMap's PostScript: a hex string's bytes, a number, or an operator / name.
#[derive(Debug, PartialEq)]
enum Tok {
    Hex(Vec<u8>),
    Int(i64),
    Word(String),
}

fn tokens(s: &[u8]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'%' {
            while i < s.len() && s[i] != b'\n' && s[i] != b'\r' {
                i += 1;
            }
        } else if c == b'<' && s.get(i + 1) != Some(&b'<') {
            let end = s[i..]
                .iter()
                .position(|&b| b == b'>')
                .map_or(s.len(), |p| i + p);
            let digits: Vec<u8> = s[i + 1..end]
                .iter()
                .filter(|b| b.is_ascii_hexdigit())
                .copied()
                .collect();
            let bytes = digits
                .chunks(2)
                .map(|p| {
                    let h = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                    h(p[0]) << 4 | p.get(1).map_or(0, |&b| h(b))
                })
                .collect();
            out.push(Tok::Hex(bytes));
            i = end + 1;
        } else if c == b'(' {
            // a literal string (a registry name): skipped, with its nesting
            i = crate::content::literal_end(s, i) + 1;
        } else {
            let start = i;
            i += 1;
            while i < s.len()
                && !s[i].is_ascii_whitespace()
                && !matches!(s[i], b'<' | b'(' | b'[' | b']' | b'/' | b'%' | b'{' | b'}')
            {
                i += 1;
            }
            let w = String::from_utf8_lossy(&s[start..i]).into_owned();
            out.push(match w.parse::<i64>() {
                Ok(n) => Tok::Int(n),
                Err(_) => Tok::Word(w),
            });
        }
    }
    out
}

fn code(b: &[u8]) -> u32 {
    b.iter().fold(0u32, |a, &x| a << 8 | x as u32)
}

/// What an embedded CMap says: each two-byte code's CID, and its writing mode.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct CidMap {
    pub cids: BTreeMap<u16, u32>,
    pub vertical: bool,
}

/// Reads an embedded CMap of two-byte codes (`None` for any other codespace, or none).
pub(crate) fn parse_cmap(s: &[u8]) -> Option<CidMap> {
    let t = tokens(s);
    let mut map = CidMap::default();
    let mut spaces = 0;
    let mut i = 0;
    while i < t.len() {
        let Tok::Word(w) = &t[i] else {
            i += 1;
            continue;
        };
        let n = match i.checked_sub(1).map(|k| &t[k]) {
            Some(Tok::Int(n)) => (*n).clamp(0, MAX_CODES as i64) as usize,
            _ => 0,
        };
        match w.as_str() {
            "/Identity-H" | "/Identity-V" => {
                // `/Identity-H usecmap`: codes not listed are their own CIDs
                if matches!(t.get(i + 1), Some(Tok::Word(u)) if u == "usecmap") {
                    return None;
                }
            }
            "/WMode" => map.vertical = matches!(t.get(i + 1), Some(Tok::Int(1))),
            "begincodespacerange" => {
                for k in 0..n {
                    match (t.get(i + 1 + 2 * k), t.get(i + 2 + 2 * k)) {
                        (Some(Tok::Hex(a)), Some(Tok::Hex(b))) if a.len() == 2 && b.len() == 2 => {
                            spaces += 1
                        }
                        _ => return None,
                    }
                }
                i += 2 * n;
            }
            "begincidchar" => {
                for k in 0..n {
                    if let (Some(Tok::Hex(c)), Some(Tok::Int(cid))) =
                        (t.get(i + 1 + 2 * k), t.get(i + 2 + 2 * k))
                    {
                        if c.len() == 2 && map.cids.len() < MAX_CODES {
                            map.cids
                                .insert(code(c) as u16, (*cid).clamp(0, u32::MAX as i64) as u32);
                        }
                    }
                }
                i += 2 * n;
            }
            "begincidrange" => {
                for k in 0..n {
                    if let (Some(Tok::Hex(lo)), Some(Tok::Hex(hi)), Some(Tok::Int(cid))) = (
                        t.get(i + 1 + 3 * k),
                        t.get(i + 2 + 3 * k),
                        t.get(i + 3 + 3 * k),
                    ) {
                        if lo.len() == 2 && hi.len() == 2 {
                            let (lo, hi) = (code(lo), code(hi));
                            for c in lo..=hi.max(lo) {
                                if map.cids.len() >= MAX_CODES {
                                    break;
                                }
                                map.cids.insert(
                                    c as u16,
                                    ((*cid).clamp(0, u32::MAX as i64) as u32)
                                        .saturating_add(c - lo),
                                );
                            }
                        }
                    }
                }
                i += 3 * n;
            }
            "usecmap" => return None,
            _ => {}
        }
        i += 1;
    }
    (spaces > 0 && !map.cids.is_empty()).then_some(map)
}

/// The widths of a CID font's `/W` in the `c [w1 w2 …]` form (`normalize_cid_widths`), by CID.
fn cid_widths(doc: &Document, w: &[Object]) -> BTreeMap<u32, f32> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    while i + 1 < w.len() {
        let first = deref(doc, &w[i]).and_then(|o| o.as_i64().ok());
        let ws = deref(doc, &w[i + 1]).and_then(|o| o.as_array().ok());
        if let (Some(first), Some(ws)) = (first, ws) {
            for (k, x) in ws.iter().enumerate() {
                if let Some(v) = deref(doc, x).and_then(crate::flatten::num) {
                    out.insert(first.max(0) as u32 + k as u32, v);
                }
            }
        }
        i += 2;
    }
    out
}

/// `/W` by code, in runs of consecutive codes.
fn code_widths(widths: &BTreeMap<u16, f32>) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut start = 0u16;
    let mut last: Option<u16> = None;
    for (&c, &w) in widths {
        if last.is_some_and(|l| l as u32 + 1 != c as u32) {
            out.push(Object::Integer(start as i64));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            start = c;
        }
        run.push(Object::Real(w));
        last = Some(c);
    }
    if !run.is_empty() {
        out.push(Object::Integer(start as i64));
        out.push(Object::Array(run));
    }
    out
}

/// The glyph of each CID of a TrueType CID font (`/CIDToGIDMap`: `Identity` or a stream of
/// two-byte glyph ids); `None` when it cannot be read.
fn cid_to_gid(doc: &Document, cidfont: &Dictionary) -> Option<Option<Vec<u8>>> {
    match cidfont.get(b"CIDToGIDMap").ok().and_then(|o| deref(doc, o)) {
        None => Some(None),
        Some(Object::Name(n)) if n == b"Identity" => Some(None),
        Some(Object::Stream(s)) => s
            .decompressed_content_with_limit(2 * 65_536 + 2)
            .ok()
            .map(Some),
        Some(_) => None,
    }
}

/// Rewrites every Type0 font whose encoding is an embedded CMap of two-byte codes as an
/// `Identity-H` (or `-V`) font meaning the same (module doc). Returns how many were.
pub(crate) fn identity_encodings(doc: &mut Document) -> usize {
    let ids = crate::load::objects_named(doc, b"Subtype", &[b"Type0"]);
    let mut done = 0;
    for id in ids {
        if rewrite(doc, id).is_some() {
            done += 1;
        }
    }
    done
}

fn rewrite(doc: &mut Document, id: ObjectId) -> Option<()> {
    let font = doc.get_dictionary(id).ok()?;
    let Some(Object::Stream(enc)) = font.get(b"Encoding").ok().and_then(|o| deref(doc, o)) else {
        return None;
    };
    let map = parse_cmap(&enc.decompressed_content_with_limit(4 << 20).ok()?)?;
    let descendant = font
        .get(b"DescendantFonts")
        .ok()
        .and_then(|o| deref(doc, o))?
        .as_array()
        .ok()?
        .first()?
        .clone();
    let cid_id = match &descendant {
        Object::Reference(r) => Some(*r),
        _ => None,
    };
    let cidfont = deref(doc, &descendant)?.as_dict().ok()?.clone();
    let widths = cidfont
        .get(b"W")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .map(|w| cid_widths(doc, w))
        .unwrap_or_default();
    let truetype = cidfont.get(b"Subtype").ok().and_then(|o| o.as_name().ok())
        == Some(b"CIDFontType2".as_slice());
    let gid_map = if truetype {
        cid_to_gid(doc, &cidfont)?
    } else {
        None
    };
    // codes as CIDs: widths by code, each code's glyph the one its CID named
    let by_code: BTreeMap<u16, f32> = map
        .cids
        .iter()
        .filter_map(|(&c, cid)| widths.get(cid).map(|&w| (c, w)))
        .collect();
    let mut new_cid = cidfont;
    new_cid.set("W", Object::Array(code_widths(&by_code)));
    if truetype {
        let max = map.cids.keys().next_back().copied().unwrap_or(0) as usize;
        let mut gids = vec![0u8; 2 * (max + 1)];
        for (&c, &cid) in &map.cids {
            let gid = match &gid_map {
                None => cid,
                Some(m) => {
                    let k = 2 * cid as usize;
                    m.get(k..k + 2)
                        .map_or(0, |b| (b[0] as u32) << 8 | b[1] as u32)
                }
            };
            let k = 2 * c as usize;
            gids[k] = (gid >> 8) as u8;
            gids[k + 1] = gid as u8;
        }
        let stream = doc.add_object(Stream::new(Dictionary::new(), gids));
        new_cid.set("CIDToGIDMap", Object::Reference(stream));
    }
    let new_desc = match cid_id {
        Some(r) => {
            doc.objects.insert(r, Object::Dictionary(new_cid));
            Object::Reference(r)
        }
        None => Object::Dictionary(new_cid),
    };
    let name = if map.vertical {
        "Identity-V"
    } else {
        "Identity-H"
    };
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
        d.set("Encoding", Object::Name(name.as_bytes().to_vec()));
        d.set("DescendantFonts", Object::Array(vec![new_desc]));
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const WEASY: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
        /CIDSystemInfo 3 dict dup begin /Registry (Adobe) def /Ordering (Identity) def \
        /Supplement 0 def end def\n/CMapName /WP-Encod-0 def\n/CMapType 1 def\n\
        1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n\
        3 begincidchar\n<002f> 47\n<0dc8> 0\n<0788> 1928\nendcidchar\n\
        1 begincidrange\n<0100> <0102> 300\nendcidrange\nendcmap\n";

    #[test]
    fn an_embedded_cmap_of_two_byte_codes_is_read() {
        let m = parse_cmap(WEASY.as_bytes()).expect("a two-byte CMap");
        assert_eq!(m.cids.get(&0x2f), Some(&47));
        assert_eq!(m.cids.get(&0x0dc8), Some(&0));
        assert_eq!(m.cids.get(&0x0788), Some(&1928));
        // a range gives each code its offset from the range's first CID
        assert_eq!(m.cids.get(&0x0101), Some(&301));
        assert_eq!(m.cids.get(&0x0102), Some(&302));
        assert_eq!(m.cids.len(), 6);
        assert!(!m.vertical);
    }

    #[test]
    fn other_cmaps_are_left_alone() {
        // one-byte codes: not what Identity-H reads
        let one = WEASY.replace("<0000> <ffff>", "<00> <ff>");
        assert_eq!(parse_cmap(one.as_bytes()), None);
        // a CMap built on another one
        let based = WEASY.replace("begincmap", "/Identity-H usecmap\nbegincmap");
        assert_eq!(parse_cmap(based.as_bytes()), None);
        assert_eq!(parse_cmap(b""), None);
        assert_eq!(
            parse_cmap(b"1 begincodespacerange <0000> <ffff> endcodespacerange"),
            None
        );
    }

    #[test]
    fn a_font_with_an_embedded_cmap_becomes_an_identity_font_meaning_the_same() {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.7");
        let cmap = doc.add_object(Stream::new(dictionary! {}, WEASY.as_bytes().to_vec()));
        // CIDs 47 and 300..302 have widths; CID 47 is glyph 7 (a CIDToGIDMap stream)
        let mut gids = vec![0u8; 2 * 303];
        gids[2 * 47 + 1] = 7;
        gids[2 * 301 + 1] = 9;
        let map = doc.add_object(Stream::new(dictionary! {}, gids));
        let cid = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2",
            "W" => vec![47.into(), vec![Object::Real(610.0)].into(),
                        300.into(), vec![Object::Real(500.0), Object::Real(520.0), Object::Real(540.0)].into()],
            "CIDToGIDMap" => map,
        });
        let font = doc.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "Encoding" => cmap,
            "DescendantFonts" => vec![cid.into()],
        });
        assert_eq!(identity_encodings(&mut doc), 1);
        let f = doc.get_dictionary(font).expect("font");
        assert_eq!(
            f.get(b"Encoding").and_then(Object::as_name).ok(),
            Some(&b"Identity-H"[..])
        );
        let c = doc.get_dictionary(cid).expect("CID font");
        let w = c.get(b"W").and_then(Object::as_array).expect("W");
        let widths = cid_widths(&doc, w);
        // by code now: code 0x2f (CID 47), codes 0x100..0x102 (CIDs 300..302)
        assert_eq!(widths.get(&0x2f), Some(&610.0));
        assert_eq!(widths.get(&0x101), Some(&520.0));
        assert_eq!(widths.get(&300), None);
        let gid_map = c
            .get(b"CIDToGIDMap")
            .ok()
            .and_then(|o| deref(&doc, o))
            .and_then(|o| o.as_stream().ok())
            .map(|s| s.content.clone())
            .expect("CIDToGIDMap");
        let gid = |code: usize| (gid_map[2 * code] as u16) << 8 | gid_map[2 * code + 1] as u16;
        assert_eq!(gid(0x2f), 7);
        assert_eq!(gid(0x101), 9);
        assert_eq!(gid(0x100), 0);
    }

    #[test]
    fn widths_are_rekeyed_in_runs() {
        let mut w = BTreeMap::new();
        w.insert(3u16, 500.0);
        w.insert(4u16, 600.0);
        w.insert(9u16, 700.0);
        let o = code_widths(&w);
        assert_eq!(o.len(), 4);
        assert_eq!(o[0], Object::Integer(3));
        assert_eq!(o[2], Object::Integer(9));
    }
}
