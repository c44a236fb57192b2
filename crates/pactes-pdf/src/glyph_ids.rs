//! A font the file lost (`flatten::FlatPage::lost`) whose strings are two-byte glyph ids (an
//! `Identity-H` font over a TrueType subset that keeps the font's own glyph ids, as Chromium's
//! Skia writes them): read through the glyph order TrueType fonts share for Latin text, with
//! each glyph's width measured from how far the page moves after it.
//!
//! TrueType fonts (Liberation, DejaVu, Arial, Times New Roman, Noto…) put `.notdef`, `.null`
//! and `nonmarkingreturn` first, then the printable ASCII characters in code order: glyph
//! 3 + n is U+0020 + n. Most then set the Latin-1 letters in code order a few dozen glyphs
//! further; where, differs between fonts and versions (Liberation and DejaVu as Chromium
//! embeds them: glyph = code point − 62), so that offset is the one that gives the most
//! French words. A glyph outside both blocks that stands where French elides a word (`l`,
//! `d`, `qu` before a letter) is the apostrophe; other glyphs (dashes, bullets) read as nothing.

use std::collections::HashMap;

use crate::flatten::{FlatPage, TOp};
use crate::fonts::DocFont;

/// How a lost font's glyph ids read: text and width (per unit of font size) of each glyph.
#[derive(Debug, Clone, Default)]
pub(crate) struct GlyphIds {
    pub text: HashMap<u16, String>,
    pub widths: HashMap<u16, f64>,
    /// Width of a glyph the page never measured.
    pub default_width: f64,
}

/// The glyph of the space: printable ASCII starts there.
const ASCII_FIRST: u16 = 3;
/// The glyph of `~` (U+007E), the last printable ASCII character.
const ASCII_LAST: u16 = ASCII_FIRST + 0x7E - 0x20;
/// Offsets (code point − glyph id) of the Latin-1 letters tried, the usual one first.
const LATIN1_OFFSETS: [u32; 9] = [62, 64, 60, 63, 61, 65, 66, 58, 59];

/// Advance widths (thousandths of the type size) of U+0020..=U+007E in Times-Roman, the
/// standard font's metrics: the width of a glyph the page does not measure, scaled to those
/// it does.
const TIMES_ASCII: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500,
    500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611,
    556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
    722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500,
    278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
];

/// Times-Roman's width of `c` (an accented letter as its base letter), per unit of type size.
fn times_width(c: char) -> Option<f64> {
    use unicode_normalization::UnicodeNormalization;
    let base = std::iter::once(c).nfd().next()?;
    let i = (base as u32).checked_sub(0x20)? as usize;
    TIMES_ASCII.get(i).map(|&w| f64::from(w) / 1000.0)
}

/// Frequent French words with accented letters, general vocabulary: with the right Latin-1
/// offset a French text spells many of them, with a wrong one none.
const ACCENTED_WORDS: &[&str] = &[
    "à",
    "où",
    "été",
    "être",
    "très",
    "après",
    "déjà",
    "même",
    "première",
    "premier",
    "région",
    "régional",
    "régionale",
    "régionaux",
    "activité",
    "activités",
    "société",
    "qualité",
    "accès",
    "intérêt",
    "développement",
    "développer",
    "compétence",
    "compétences",
    "métier",
    "métiers",
    "économique",
    "également",
    "stratégie",
    "expérience",
    "expérimentation",
    "évaluation",
    "numérique",
    "spécifique",
    "système",
    "réseau",
    "démarche",
    "données",
    "état",
    "équipe",
    "réponse",
    "créer",
    "élaboration",
    "sécurisation",
    "prévu",
    "priorité",
    "qualifié",
    "durée",
    "année",
    "années",
    "mis",
    "café",
    "général",
    "générale",
    "européen",
    "européenne",
];

/// Words French elides before a vowel (`l’emploi`, `qu’il`, `jusqu’à`).
const ELIDED: &[&str] = &[
    "l", "d", "n", "s", "j", "c", "m", "t", "qu", "lorsqu", "puisqu", "jusqu", "quoiqu",
];

/// Character of glyph `gid` in the shared order, Latin-1 letters `offset` code points on.
fn char_of(gid: u16, offset: u32) -> Option<char> {
    if (ASCII_FIRST..=ASCII_LAST).contains(&gid) {
        return char::from_u32(u32::from(gid - ASCII_FIRST) + 0x20);
    }
    let cp = u32::from(gid) + offset;
    (gid > ASCII_LAST && (0xA0..=0xFF).contains(&cp))
        .then(|| char::from_u32(cp))
        .flatten()
}

/// What the pages show in one lost font: its glyphs in drawing order (a break after a
/// one-glyph show that no `Td` moves on from) and the widths measured.
#[derive(Default)]
struct Seen {
    glyphs: Vec<Option<u16>>,
    samples: HashMap<u16, Vec<f64>>,
    pairs: usize,
    low: usize,
    odd: usize,
}

/// Gives each lost font whose strings are two-byte glyph ids (`fonts[i].lost`) its reading.
/// `font_ids[p]` maps page `p`'s font indices to `fonts`.
pub(crate) fn read_lost(fonts: &mut [DocFont], pages: &[&FlatPage], font_ids: &[Vec<u32>]) {
    if !fonts.iter().any(|f| f.lost) {
        return;
    }
    let mut seen: HashMap<u32, Seen> = HashMap::new();
    for (flat, ids) in pages.iter().zip(font_ids) {
        let mut size = 0.0f32;
        // the glyph of a one-glyph show, until the next operation says how far it went
        let mut pending: Option<(u32, u16)> = None;
        for op in &flat.ops {
            match *op {
                TOp::Tf(s) => size = s,
                TOp::Show { font, start, end } => {
                    pending = None;
                    let Some(&f) = ids.get(font as usize) else {
                        continue;
                    };
                    if !fonts.get(f as usize).is_some_and(|d| d.lost) {
                        continue;
                    }
                    let s = &flat.bytes[start as usize..end as usize];
                    let e = seen.entry(f).or_default();
                    e.odd += s.len() % 2;
                    for b in s.chunks_exact(2) {
                        e.pairs += 1;
                        e.low += usize::from(b[0] == 0);
                        e.glyphs.push(Some(u16::from_be_bytes([b[0], b[1]])));
                    }
                    if s.len() == 2 {
                        pending = Some((f, u16::from_be_bytes([s[0], s[1]])));
                    }
                }
                TOp::Td(dx, dy) | TOp::TD(dx, dy) => {
                    if let Some((f, gid)) = pending.take() {
                        let w = f64::from(dx) / f64::from(size);
                        if dy == 0.0 && size > 0.0 && w > 0.0 && w < 2.0 {
                            if let Some(e) = seen.get_mut(&f) {
                                e.samples.entry(gid).or_default().push(w);
                            }
                        }
                    }
                }
                _ => {
                    if let Some((f, _)) = pending.take() {
                        if let Some(e) = seen.get_mut(&f) {
                            e.glyphs.push(None);
                        }
                    }
                }
            }
        }
    }
    for (f, s) in seen {
        // two-byte glyph ids of Latin text: even strings, nearly every high byte zero
        if s.odd > 0 || s.pairs < 8 || s.low * 10 < s.pairs * 8 {
            continue;
        }
        let r = reading(&s);
        // kept when it reads as words in drawing order (a producer that shows one glyph at a
        // time leaves no word in any one string)
        let text: String = s
            .glyphs
            .iter()
            .map(|g| {
                g.and_then(|g| r.text.get(&g).map(String::as_str))
                    .unwrap_or(" ")
            })
            .collect();
        if crate::fonts::reads_as_words(&text) {
            fonts[f as usize].glyph_ids = Some(r);
        }
    }
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// The text of a run of glyphs with a Latin-1 offset (unknown glyphs as `\u{0}`, breaks as
/// spaces).
fn spell(glyphs: &[Option<u16>], offset: u32) -> String {
    glyphs
        .iter()
        .map(|g| match g {
            Some(g) => char_of(*g, offset).unwrap_or('\u{0}'),
            None => ' ',
        })
        .collect()
}

fn reading(s: &Seen) -> GlyphIds {
    // the Latin-1 offset that spells the most accented French words (the usual one on a tie)
    let mut best = (0usize, LATIN1_OFFSETS[0]);
    for &k in &LATIN1_OFFSETS {
        let text = spell(&s.glyphs, k).to_lowercase();
        let n = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_ascii() && ACCENTED_WORDS.contains(w))
            .count();
        if n > best.0 {
            best = (n, k);
        }
    }
    let offset = best.1;
    let mut text: HashMap<u16, String> = HashMap::new();
    let mut unknown: HashMap<u16, (usize, usize)> = HashMap::new();
    let glyphs = &s.glyphs;
    for (i, g) in glyphs.iter().enumerate() {
        let Some(g) = *g else { continue };
        if let Some(c) = char_of(g, offset) {
            text.entry(g).or_insert_with(|| c.to_string());
            continue;
        }
        let e = unknown.entry(g).or_default();
        e.0 += 1;
        // the letters just before it, as one word (at most 8: longer is no elided word, and
        // a long run of letters is not walked again for each glyph), and a letter just after
        let before: String = glyphs[..i]
            .iter()
            .rev()
            .take(8)
            .map_while(|g| {
                g.and_then(|g| char_of(g, offset))
                    .filter(|c| c.is_alphabetic())
            })
            .collect::<Vec<char>>()
            .into_iter()
            .rev()
            .collect::<String>()
            .to_lowercase();
        let after = glyphs
            .get(i + 1)
            .copied()
            .flatten()
            .and_then(|g| char_of(g, offset))
            .is_some_and(char::is_alphabetic);
        if after && ELIDED.contains(&before.as_str()) {
            e.1 += 1;
        }
    }
    // the glyph that most often stands where French elides is the apostrophe
    if let Some((&g, _)) = unknown
        .iter()
        .filter(|(_, &(n, el))| el >= 2 && el * 2 >= n)
        .max_by_key(|(&g, &(_, el))| (el, std::cmp::Reverse(g)))
    {
        text.insert(g, "\u{2019}".into());
    }
    let mut widths = HashMap::new();
    let mut all = Vec::new();
    // how much wider than Times the measured glyphs are
    let mut ratios = Vec::new();
    for (g, v) in &s.samples {
        let mut v = v.clone();
        all.extend_from_slice(&v);
        if let Some(m) = median(&mut v) {
            widths.insert(*g, m);
            let times = text
                .get(g)
                .and_then(|t| t.chars().next())
                .and_then(times_width);
            if let Some(t) = times.filter(|&t| t > 0.0) {
                ratios.push(m / t);
            }
        }
    }
    let scale = median(&mut ratios).unwrap_or(1.0);
    for (g, t) in &text {
        if !widths.contains_key(g) {
            if let Some(w) = t.chars().next().and_then(times_width) {
                widths.insert(*g, w * scale);
            }
        }
    }
    GlyphIds {
        text,
        widths,
        default_width: median(&mut all).unwrap_or(0.5),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Times-Roman's width of `c` (1 for a character it has not).
    pub(crate) fn times(c: char) -> f64 {
        times_width(c).unwrap_or(1.0)
    }

    fn glyphs_of(text: &str, offset: u32, apostrophe: u16) -> Vec<Option<u16>> {
        text.chars()
            .map(|c| {
                let cp = c as u32;
                Some(match cp {
                    0x20..=0x7E => (cp - 0x20) as u16 + ASCII_FIRST,
                    0xA0..=0xFF => (cp - offset) as u16,
                    _ => apostrophe,
                })
            })
            .collect()
    }

    #[test]
    fn the_shared_glyph_order_spells_ascii_and_latin1() {
        assert_eq!(char_of(3, 62), Some(' '));
        assert_eq!(char_of(36, 62), Some('A'));
        assert_eq!(char_of(68, 62), Some('a'));
        assert_eq!(char_of(97, 62), Some('~'));
        assert_eq!(char_of(171, 62), Some('é'));
        assert_eq!(char_of(0, 62), None);
        assert_eq!(char_of(2021, 62), None);
    }

    #[test]
    fn the_latin1_offset_and_the_apostrophe_are_found_from_french_words() {
        let text = "La région développe l’accès à la qualité des compétences et d’activités \
                    numériques : une stratégie économique qu’elle a déjà évaluée, même après \
                    l’été.";
        for offset in [62, 64, 60] {
            let s = Seen {
                glyphs: glyphs_of(text, offset, 2021),
                ..Seen::default()
            };
            let r = reading(&s);
            let got: String = s
                .glyphs
                .iter()
                .map(|g| r.text.get(&g.unwrap()).map(String::as_str).unwrap_or("?"))
                .collect();
            assert_eq!(got, text, "offset {offset}");
        }
    }

    #[test]
    fn a_glyph_that_does_not_stand_for_an_elision_stays_unread() {
        // a dash glyph between words is not an apostrophe
        let s = Seen {
            glyphs: glyphs_of("la région – le métier – la qualité – de la base", 62, 2015),
            ..Seen::default()
        };
        assert!(!reading(&s).text.contains_key(&2015));
    }
}
