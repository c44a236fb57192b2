//! Text of the glyphs of CID TrueType fonts that come without a `/ToUnicode` map (or with one
//! that misses some codes): read from the embedded font program's own `cmap` table (reversed:
//! glyph → character), or its glyph names (`uni00E9`, `eacute`, `fi`), as pdftotext does.
//! pdf-extract decodes such codes to nothing.

use crate::flatten::{deref, dict_of};
use lopdf::{Document, Object};
use std::collections::HashMap;

/// Largest embedded font program read (bytes, decompressed).
const MAX_FONT: usize = 32 * 1024 * 1024;

fn get<'a>(doc: &'a Document, d: &'a lopdf::Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

/// For a Type0 font with an `Identity-H` / `Identity-V` encoding over an embedded TrueType
/// program (`FontFile2`): the text of each CID, when the font's tables tell it.
pub(crate) fn cid_texts(doc: &Document, font: &Object) -> Option<HashMap<u16, String>> {
    let d = deref(doc, font)?.as_dict().ok()?;
    if get(doc, d, b"Subtype")?.as_name().ok()? != b"Type0" {
        return None;
    }
    let enc = get(doc, d, b"Encoding")?.as_name().ok()?;
    if enc != b"Identity-H" && enc != b"Identity-V" {
        return None;
    }
    let desc = crate::flatten::descendant(doc, d)?;
    let fd = dict_of(doc, desc, b"FontDescriptor")?;
    let file = get(doc, fd, b"FontFile2")?.as_stream().ok()?;
    let data = match file.decompressed_content_with_limit(MAX_FONT) {
        Ok(c) => c,
        Err(_) if !file.dict.has(b"Filter") => file.content.clone(),
        Err(_) => return None,
    };
    let by_glyph = glyph_texts(&data)?;
    // CID → glyph: identity, or the big-endian glyph ids of a `/CIDToGIDMap` stream.
    let map = get(doc, desc, b"CIDToGIDMap")
        .and_then(|o| o.as_stream().ok())
        .and_then(|s| s.decompressed_content_with_limit(2 * 65_536).ok());
    let out: HashMap<u16, String> = match map {
        Some(m) => m
            .chunks_exact(2)
            .enumerate()
            .filter_map(|(cid, g)| {
                let gid = u16::from_be_bytes([g[0], g[1]]);
                let t = by_glyph.get(&gid)?;
                Some((u16::try_from(cid).ok()?, t.clone()))
            })
            .collect(),
        None => by_glyph,
    };
    (!out.is_empty()).then_some(out)
}

/// Glyph id → text from a TrueType program's Unicode `cmap` subtables (the lowest code point
/// outside the private use area wins) and, for glyphs no subtable reaches, its glyph names.
fn glyph_texts(data: &[u8]) -> Option<HashMap<u16, String>> {
    let face = ttf_parser::Face::parse(data, 0).ok()?;
    let mut best: HashMap<u16, char> = HashMap::new();
    let private = |c: char| ('\u{E000}'..='\u{F8FF}').contains(&c);
    if let Some(cmap) = face.tables().cmap {
        for st in cmap.subtables {
            if !st.is_unicode() {
                continue;
            }
            st.codepoints(|cp| {
                let (Some(c), Some(g)) = (char::from_u32(cp), st.glyph_index(cp)) else {
                    return;
                };
                if c.is_control() {
                    return;
                }
                best.entry(g.0)
                    .and_modify(|e| {
                        if (private(*e), *e) > (private(c), c) {
                            *e = c;
                        }
                    })
                    .or_insert(c);
            });
        }
    }
    let mut out: HashMap<u16, String> = best.into_iter().map(|(g, c)| (g, c.to_string())).collect();
    for g in 0..face.number_of_glyphs() {
        if out.contains_key(&g) {
            continue;
        }
        if let Some(t) = face.glyph_name(ttf_parser::GlyphId(g)).and_then(name_text) {
            out.insert(g, t);
        }
    }
    Some(out)
}

/// For a simple font (one byte per code) whose `/Encoding` has `/Differences`: the text each
/// code's glyph name stands for (`name_text`), to check its `/ToUnicode` map against.
pub(crate) fn difference_texts(doc: &Document, font: &Object) -> Option<HashMap<u8, String>> {
    let d = deref(doc, font)?.as_dict().ok()?;
    if get(doc, d, b"Subtype")?.as_name().ok()? == b"Type0" {
        return None;
    }
    let enc = get(doc, d, b"Encoding")?.as_dict().ok()?;
    let diffs = get(doc, enc, b"Differences")?.as_array().ok()?;
    let mut out = HashMap::new();
    let mut code: i64 = -1;
    for o in diffs {
        match deref(doc, o) {
            Some(Object::Integer(n)) => code = *n,
            Some(Object::Name(name)) => {
                if let (Ok(c), Some(t)) = (
                    u8::try_from(code),
                    std::str::from_utf8(name).ok().and_then(name_text),
                ) {
                    out.insert(c, t);
                }
                code = code.saturating_add(1);
            }
            _ => {}
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The text a glyph name stands for: `uniXXXX`, `uXXXXX`, a name of the Latin glyph list
/// (letters, accented letters, ligatures, common punctuation).
fn name_text(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or(name);
    if let Some(hex) = base.strip_prefix("uni").filter(|h| h.len() == 4) {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    if let Some(hex) = base
        .strip_prefix('u')
        .filter(|h| (4..=6).contains(&h.len()))
    {
        if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
            return Some(c.to_string());
        }
    }
    if base.len() == 1 && base.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Some(base.to_string());
    }
    let t = match base {
        "fi" | "f_i" => "fi",
        "fl" | "f_l" => "fl",
        "ff" | "f_f" => "ff",
        "ffi" | "f_f_i" => "ffi",
        "ffl" | "f_f_l" => "ffl",
        "oe" => "œ",
        "OE" => "Œ",
        "ae" => "æ",
        "AE" => "Æ",
        "space" | "nbspace" | "uni00A0" => " ",
        "period" => ".",
        "comma" => ",",
        "colon" => ":",
        "semicolon" => ";",
        "hyphen" | "minus" => "-",
        "endash" => "–",
        "emdash" => "—",
        "quoteright" => "’",
        "quoteleft" => "‘",
        "quotesingle" => "'",
        "quotedbl" => "\"",
        "guillemotleft" => "«",
        "guillemotright" => "»",
        // TeX's OT1 French guillemets are these math glyphs
        "lessmuch" => "≪",
        "greatermuch" => "≫",
        "parenleft" => "(",
        "parenright" => ")",
        "slash" => "/",
        "percent" => "%",
        "euro" | "Euro" => "€",
        "degree" => "°",
        "bullet" => "•",
        "ellipsis" => "…",
        "exclam" => "!",
        "question" => "?",
        "apostrophe" => "'",
        "ampersand" => "&",
        "zero" => "0",
        "one" => "1",
        "two" => "2",
        "three" => "3",
        "four" => "4",
        "five" => "5",
        "six" => "6",
        "seven" => "7",
        "eight" => "8",
        "nine" => "9",
        _ => return accented(base),
    };
    Some(t.to_string())
}

/// `eacute`, `Agrave`, `ccedilla`, `idieresis`, `ocircumflex`… as one composed character.
fn accented(name: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    const MARKS: [(&str, char); 6] = [
        ("acute", '\u{301}'),
        ("grave", '\u{300}'),
        ("circumflex", '\u{302}'),
        ("dieresis", '\u{308}'),
        ("cedilla", '\u{327}'),
        ("tilde", '\u{303}'),
    ];
    let mut cs = name.chars();
    let letter = cs.next().filter(char::is_ascii_alphabetic)?;
    let rest = cs.as_str();
    let mark = MARKS.iter().find(|(m, _)| *m == rest)?.1;
    let s: String = [letter, mark].iter().collect::<String>().nfc().collect();
    (s.chars().count() == 1).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_give_each_code_its_name_text() {
        use lopdf::dictionary;
        let mut doc = Document::with_version("1.5");
        let enc = doc.add_object(dictionary! {
            "Type" => "Encoding",
            "Differences" => vec![28.into(), "lessmuch".into(), "greatermuch".into(), 65.into(), "Aacute".into()],
        });
        let font = Object::Dictionary(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "Encoding" => enc,
        });
        let t = difference_texts(&doc, &font).expect("names");
        assert_eq!(t.get(&28).map(String::as_str), Some("≪"));
        assert_eq!(t.get(&29).map(String::as_str), Some("≫"));
        assert_eq!(t.get(&65).map(String::as_str), Some("Á"));
        // codes out of a byte's range (a huge or negative start) are skipped, not wrapped
        let enc = doc.add_object(dictionary! {
            "Differences" => vec![i64::MAX.into(), "a".into(), "b".into(), (-1).into(), "c".into(), "d".into()],
        });
        let font = Object::Dictionary(dictionary! { "Subtype" => "Type1", "Encoding" => enc });
        let t = difference_texts(&doc, &font).expect("names");
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t.get(&0).map(String::as_str), Some("d"));
    }

    #[test]
    fn glyph_names_give_their_text() {
        assert_eq!(name_text("eacute").as_deref(), Some("é"));
        assert_eq!(name_text("Ccedilla").as_deref(), Some("Ç"));
        assert_eq!(name_text("uni00E0").as_deref(), Some("à"));
        assert_eq!(name_text("f_i").as_deref(), Some("fi"));
        assert_eq!(name_text("a.sc").as_deref(), Some("a"));
        assert_eq!(name_text("glyph123"), None);
        assert_eq!(name_text("xacute"), None);
    }

    #[test]
    fn a_font_program_that_does_not_parse_gives_nothing() {
        assert!(glyph_texts(b"not a font").is_none());
        assert!(glyph_texts(&[]).is_none());
    }
}
