//! A font the file lost (`flatten::FlatPage::lost`) whose strings are two-byte glyph ids (an
//! `Identity-H` font over a TrueType subset that keeps the font's own glyph ids, as Chromium's
//! Skia writes them): read through the glyph order TrueType fonts share for Latin text, with
//! the glyphs' widths measured from how far the page moves after each run of them (the widths
//! whose sums best explain the moves, `solve_widths`).
//!
//! TrueType fonts (Liberation, DejaVu, Arial, Times New Roman, Noto…) put `.notdef`, `.null`
//! and `nonmarkingreturn` first, then the printable ASCII characters in code order: glyph
//! 3 + n is U+0020 + n. Most then set the Latin-1 letters in code order a few dozen glyphs
//! further; where, differs between fonts and versions (Liberation and DejaVu as Chromium
//! embeds them: glyph = code point − 62), so that offset is the one that gives the most
//! French words. A glyph outside both blocks that stands where French elides a word (`l`,
//! `d`, `qu` before a letter) is the apostrophe, the one before `uvr` (œuvre) the ligature œ,
//! the one ending lines between letters a hyphenation break's hyphen; other glyphs (dashes,
//! bullets) read as nothing.
//!
//! A lost font whose strings are one-byte codes is gathered the same way (its codes in drawing
//! order, its runs) and, when no spare font turns out to be it, read by `cipher` with widths
//! solved from its runs (`read_subsets`).

use std::collections::{HashMap, HashSet};

use crate::flatten::{FlatPage, TOp};
use crate::fonts::DocFont;

/// How a lost font's glyph ids read: text and width (per unit of font size) of each glyph.
#[derive(Debug, Clone, Default)]
pub(crate) struct GlyphIds {
    pub text: HashMap<u16, String>,
    pub widths: HashMap<u16, f64>,
    /// Width of a glyph the page never measured.
    pub default_width: f64,
    /// The codes are one byte (a subset's own, `cipher`), not two.
    pub one_byte: bool,
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
pub(crate) fn times_width(c: char) -> Option<f64> {
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
/// one-glyph show that no `Td` moves on from) and the runs measured.
#[derive(Default)]
struct Seen {
    glyphs: Vec<Option<u16>>,
    /// The glyphs shown since the line matrix was last set and how far (per unit of type
    /// size, the `TJ` adjustments taken out) the next `Td` moved: the sum of their widths.
    /// A glyph in an `/ActualText` span counts apart (`IN_SPAN` + id): Chromium draws its soft
    /// hyphens as a space glyph that moves nothing on.
    runs: Vec<(Vec<u32>, f64)>,
    pairs: usize,
    low: usize,
    odd: usize,
    /// The same strings read as one-byte codes (`cipher`): the codes in drawing order (a
    /// break where the text matrix is set), and the runs.
    bytes: Vec<Option<u8>>,
    byte_runs: Vec<(Vec<u32>, f64)>,
}

/// Most runs kept per font to measure widths.
const MAX_RUNS: usize = 100_000;

/// Added to the id of a glyph shown in an `/ActualText` span, in runs.
const IN_SPAN: u32 = 0x1_0000;

/// Glyphs shown since the line matrix was last set, in one lost font at one size and with
/// no character spacing or horizontal scaling, and the `TJ` adjustments among them.
struct Run {
    font: u32,
    glyphs: Vec<u32>,
    bytes: Vec<u32>,
    adjust: f64,
    ok: bool,
}

/// Gives each lost font whose strings are two-byte glyph ids (`fonts[i].lost`) its reading.
/// `font_ids[p]` maps page `p`'s font indices to `fonts`. Returns what the pages show in the
/// lost one-byte fonts, for `read_subsets` to read those that no spare font turns out to be
/// (`assign_spare_fonts`).
pub(crate) fn read_lost(
    fonts: &mut [DocFont],
    pages: &[&FlatPage],
    font_ids: &[Vec<u32>],
) -> OneByte {
    let mut one_byte = OneByte(Vec::new());
    if !fonts.iter().any(|f| f.lost) {
        return one_byte;
    }
    let seen = gather(fonts, pages, font_ids, |f| f.lost);
    for (f, s) in seen {
        // two-byte glyph ids of Latin text: even strings, nearly every high byte zero
        if s.odd > 0 || s.pairs < 8 || s.low * 10 < s.pairs * 8 {
            one_byte.0.push((f, s));
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
    one_byte
}

/// Gives the glyphs of each two-byte font whose widths the file lost
/// (`DocFont::widths_lost`: its descendant CID font was lost and `font_dicts` stood in a
/// default one) the widths measured from how far the pages move after runs of them
/// (`measured_widths`), its text being what `/ToUnicode` made of its codes in `decoded`.
pub(crate) fn measure_lost_widths(
    decoded: &mut crate::fonts::Decoded,
    fonts: &[DocFont],
    pages: &[&FlatPage],
    font_ids: &[Vec<u32>],
) {
    if !fonts.iter().any(|f| f.widths_lost) {
        return;
    }
    for (f, s) in gather(fonts, pages, font_ids, |f| f.widths_lost) {
        let text = decoded.glyph_texts(f);
        let (widths, default_width) = measured_widths(&s.runs, &text);
        decoded.set_glyph_widths(f, &widths, default_width);
    }
}

/// What the pages show in the fonts `pick` chooses: their glyphs in drawing order and the runs
/// that measure them (`Seen`).
fn gather(
    fonts: &[DocFont],
    pages: &[&FlatPage],
    font_ids: &[Vec<u32>],
    pick: impl Fn(&DocFont) -> bool,
) -> HashMap<u32, Seen> {
    let mut seen: HashMap<u32, Seen> = HashMap::new();
    for (flat, ids) in pages.iter().zip(font_ids) {
        let mut size = 0.0f32;
        let (mut tc, mut tz) = (0.0f32, 100.0f32);
        // the font of a one-glyph show, until the next operation says whether it moves on
        let mut pending: Option<u32> = None;
        let mut run: Option<Run> = None;
        let mut in_span = false;
        for op in &flat.ops {
            if let Some(f) = pending.take() {
                if !matches!(op, TOp::Td(..) | TOp::TD(..)) {
                    if let Some(e) = seen.get_mut(&f) {
                        e.glyphs.push(None);
                    }
                }
            }
            match *op {
                TOp::Tf(s) => {
                    size = s;
                    if let Some(r) = &mut run {
                        r.ok = false;
                    }
                }
                TOp::Tc(v) => tc = v,
                TOp::ActualText { .. } => in_span = true,
                TOp::EndActualText => in_span = false,
                TOp::Tz(v) => tz = v,
                TOp::Adjust(a) => {
                    if let Some(r) = &mut run {
                        r.adjust += f64::from(a) / 1000.0;
                    }
                }
                TOp::Show { font, start, end } => {
                    let f = ids
                        .get(font as usize)
                        .copied()
                        .filter(|&f| fonts.get(f as usize).is_some_and(&pick));
                    let r = run.get_or_insert_with(|| Run {
                        font: f.unwrap_or(u32::MAX),
                        glyphs: Vec::new(),
                        bytes: Vec::new(),
                        adjust: 0.0,
                        ok: true,
                    });
                    let Some(f) = f else {
                        r.ok = false;
                        continue;
                    };
                    r.ok &= r.font == f && tc == 0.0 && tz == 100.0;
                    let s = &flat.bytes[start as usize..end as usize];
                    let e = seen.entry(f).or_default();
                    e.odd += s.len() % 2;
                    for b in s.chunks_exact(2) {
                        let g = u16::from_be_bytes([b[0], b[1]]);
                        e.pairs += 1;
                        e.low += usize::from(b[0] == 0);
                        if in_span {
                            // its text is the span's: left out of the words read
                            r.glyphs.push(IN_SPAN + u32::from(g));
                        } else {
                            e.glyphs.push(Some(g));
                            r.glyphs.push(u32::from(g));
                        }
                    }
                    if in_span {
                        r.bytes.extend(s.iter().map(|&b| IN_SPAN + u32::from(b)));
                    } else {
                        e.bytes.extend(s.iter().map(|&b| Some(b)));
                        r.bytes.extend(s.iter().map(|&b| u32::from(b)));
                    }
                    if s.len() == 2 && !in_span {
                        pending = Some(f);
                    }
                }
                TOp::Td(dx, dy) | TOp::TD(dx, dy) => {
                    if let Some(r) = run.take() {
                        let d = f64::from(dx) / f64::from(size) + r.adjust;
                        let n = r.glyphs.len() as f64;
                        let fits = dy == 0.0 && size > 0.0 && d > 0.0 && d < 2.0 * n;
                        if let Some(e) = seen.get_mut(&r.font) {
                            e.bytes.push(None);
                            let m = r.bytes.len() as f64;
                            let fits_bytes = dy == 0.0 && size > 0.0 && d > 0.0 && d < 2.0 * m;
                            if r.ok && fits_bytes && e.byte_runs.len() < MAX_RUNS {
                                e.byte_runs.push((r.bytes, d));
                            }
                            if r.ok && fits && e.runs.len() < MAX_RUNS {
                                e.runs.push((r.glyphs, d));
                            }
                        }
                    }
                }
                TOp::Tm(_) | TOp::NextLine | TOp::BeginText | TOp::EndText => {
                    if let Some(e) = run.take().and_then(|r| seen.get_mut(&r.font)) {
                        e.bytes.push(None);
                    }
                }
                _ => {}
            }
        }
    }
    seen
}

/// What the pages show in each lost one-byte font (`read_lost`).
pub(crate) struct OneByte(Vec<(u32, Seen)>);

/// Gives each font of `one_byte` that is still lost (no spare font was it) and whose codes
/// are a subset's own its reading (`subset_reading`), the fonts with the most text first: the
/// words they read help read the others (a document's titles and tables use its body's
/// words).
pub(crate) fn read_subsets(fonts: &mut [DocFont], one_byte: OneByte) {
    let mut todo: Vec<(u32, Seen)> = one_byte
        .0
        .into_iter()
        .filter(|(f, _)| {
            fonts
                .get(*f as usize)
                .is_some_and(|d| d.lost && d.glyph_ids.is_none())
        })
        .collect();
    todo.sort_by_key(|(f, s)| (std::cmp::Reverse(s.bytes.len()), *f));
    let mut lexicon: HashSet<String> = HashSet::new();
    for (f, s) in todo {
        if let Some((r, read)) = subset_reading(&s, &lexicon) {
            lexicon.extend(
                read.split_whitespace()
                    .map(lexicon_word)
                    .filter(|w| w.chars().count() >= 2),
            );
            fonts[f as usize].glyph_ids = Some(r);
        }
    }
}

/// How a lost one-byte font reads when its codes are a subset's own (`cipher`), with widths
/// measured from the runs; `None` when the Windows encoding reads it already (the stand-in's
/// reading, `fonts::drop_unless_words`), or the solved text does not read as words: function
/// words a fifth of its words at least, as for a spare font (`lib::SPARE_MIN_WORDS`).
fn subset_reading(s: &Seen, lexicon: &HashSet<String>) -> Option<(GlyphIds, String)> {
    let windows = |b: &Option<u8>| match b {
        Some(b) => windows_char(*b),
        None => ' ',
    };
    let as_windows: String = s.bytes.iter().map(windows).collect();
    if crate::fonts::reads_as_words(&as_windows) {
        return None;
    }
    let text = crate::cipher::solve(&s.bytes, lexicon)?;
    let read: String = s
        .bytes
        .iter()
        .map(|b| match b {
            Some(b) => text.get(b).map_or("", String::as_str),
            None => " ",
        })
        .collect();
    let (common, words) = crate::fonts::word_counts(&read)?;
    if common < 8 || common * 5 < words {
        return None;
    }
    let text: HashMap<u16, String> = text.into_iter().map(|(b, t)| (u16::from(b), t)).collect();
    let (widths, default_width) = measured_widths(&s.byte_runs, &text);
    let reading = GlyphIds {
        text,
        widths,
        default_width,
        one_byte: true,
    };
    Some((reading, read))
}

/// A word as the lexicon of `cipher::solve` holds it: its letters, small.
fn lexicon_word(w: &str) -> String {
    w.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// A byte in the Windows encoding, as far as words go: ASCII and Latin-1 (its signs in
/// 0x80–0x9F as nothing).
fn windows_char(b: u8) -> char {
    match b {
        0x20..=0x7E | 0xA0..=0xFF => char::from(b),
        0x92 => '\u{2019}',
        _ => '\u{0}',
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
    // each unknown glyph's uses: all, where French elides, before `uvr` (œuvre, manœuvre) in
    // small letters and in capitals, and at a line's end between letters (a hyphenation break)
    let mut unknown: HashMap<u16, [usize; 5]> = HashMap::new();
    let glyphs = &s.glyphs;
    for (i, g) in glyphs.iter().enumerate() {
        let Some(g) = *g else { continue };
        if let Some(c) = char_of(g, offset) {
            text.entry(g).or_insert_with(|| c.to_string());
            continue;
        }
        let e = unknown.entry(g).or_default();
        e[0] += 1;
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
            e[1] += 1;
        }
        let next: String = glyphs[i + 1..]
            .iter()
            .take(3)
            .map(|g| g.and_then(|g| char_of(g, offset)).unwrap_or(' '))
            .collect();
        match next.as_str() {
            "uvr" => e[2] += 1,
            "UVR" => e[3] += 1,
            _ => {}
        }
        let letter = |k: usize, lower: bool| {
            glyphs
                .get(k)
                .copied()
                .flatten()
                .and_then(|g| char_of(g, offset))
                .is_some_and(|c| c.is_alphabetic() && (!lower || c.is_lowercase()))
        };
        if !before.is_empty() && glyphs.get(i + 1) == Some(&None) && letter(i + 2, true) {
            e[4] += 1;
        }
    }
    // the glyph that most often stands where French elides is the apostrophe
    if let Some((&g, _)) = unknown
        .iter()
        .filter(|(_, c)| c[1] >= 2 && c[1] * 2 >= c[0])
        .max_by_key(|(&g, c)| (c[1], std::cmp::Reverse(g)))
    {
        text.insert(g, "\u{2019}".into());
    }
    // the one most often before `uvr` is the ligature œ (Œ before `UVR`), not in Latin-1; the
    // one most often ending a line between letters is the hyphen of a hyphenation break
    for (k, t) in [(2, "œ"), (3, "Œ"), (4, "\u{2010}")] {
        if let Some((&g, _)) = unknown
            .iter()
            .filter(|(g, c)| !text.contains_key(g) && c[k] >= 2 && c[k] * 2 >= c[0])
            .max_by_key(|(&g, c)| (c[k], std::cmp::Reverse(g)))
        {
            text.insert(g, t.into());
        }
    }
    let (widths, default_width) = measured_widths(&s.runs, &text);
    GlyphIds {
        text,
        widths,
        default_width,
        one_byte: false,
    }
}

/// The widths (per unit of type size) of a lost font's glyphs, whose text is `text`, measured
/// from `runs` (`solve_widths`) and drawn towards Times' where the runs say little; a glyph
/// never measured gets Times' width scaled by how much wider than Times the measured ones
/// are. Returns them, and the median measured width for glyphs with neither. (A glyph in an
/// `/ActualText` span, `IN_SPAN` + id, only serves to measure the others.)
fn measured_widths(
    runs: &[(Vec<u32>, f64)],
    text: &HashMap<u16, String>,
) -> (HashMap<u16, f64>, f64) {
    let times = |g: &u16| {
        text.get(g)
            .and_then(|t| t.chars().next())
            .and_then(times_width)
    };
    let prior: HashMap<u32, f64> = runs
        .iter()
        .flat_map(|(g, _)| g)
        .map(|&g| {
            let own = u16::try_from(g).ok().and_then(|g| times(&g));
            (g, own.unwrap_or(0.5))
        })
        .collect();
    let mut widths: HashMap<u16, f64> = solve_widths(runs, &prior)
        .into_iter()
        .filter_map(|(g, w)| Some((u16::try_from(g).ok()?, w)))
        .collect();
    let mut ratios: Vec<f64> = widths
        .iter()
        .filter_map(|(g, w)| Some(w / times(g).filter(|&t| t > 0.0)?))
        .collect();
    let scale = median(&mut ratios).unwrap_or(1.0);
    let mut measured: Vec<f64> = widths.values().copied().collect();
    for g in text.keys() {
        if !widths.contains_key(g) {
            if let Some(w) = times(g) {
                widths.insert(*g, w * scale);
            }
        }
    }
    (widths, median(&mut measured).unwrap_or(0.5))
}

/// Weight of a glyph's prior width against one run (a ridge that keeps glyphs that the runs
/// do not tell apart, such as two always shown together, near Times' proportions).
const PRIOR_WEIGHT: f64 = 0.05;

/// The widths (per unit of type size) that best explain the runs' advances: least squares,
/// reweighted three times towards least absolute deviations (a justified line's extra space
/// lands on one run, not on every glyph of the font), each glyph drawn lightly towards its
/// `prior` width.
fn solve_widths(runs: &[(Vec<u32>, f64)], prior: &HashMap<u32, f64>) -> HashMap<u32, f64> {
    let mut ids: Vec<u32> = runs.iter().flat_map(|(g, _)| g.iter().copied()).collect();
    ids.sort_unstable();
    ids.dedup();
    let n = ids.len();
    if n == 0 {
        return HashMap::new();
    }
    let at: HashMap<u32, usize> = ids.iter().enumerate().map(|(i, &g)| (g, i)).collect();
    let p: Vec<f64> = ids
        .iter()
        .map(|g| prior.get(g).copied().unwrap_or(0.5))
        .collect();
    // each run as (glyph index, count) pairs
    let rows: Vec<(Vec<(usize, f64)>, f64)> = runs
        .iter()
        .map(|(g, d)| {
            let mut c: HashMap<usize, f64> = HashMap::new();
            for x in g {
                *c.entry(at[x]).or_default() += 1.0;
            }
            let mut c: Vec<(usize, f64)> = c.into_iter().collect();
            c.sort_unstable_by_key(|&(i, _)| i);
            (c, *d)
        })
        .collect();
    let mut w = p.clone();
    let mut weights = vec![1.0; rows.len()];
    for round in 0..4 {
        if round > 0 {
            for ((c, d), wt) in rows.iter().zip(&mut weights) {
                let r: f64 = c.iter().map(|&(i, k)| k * w[i]).sum::<f64>() - d;
                *wt = 1.0 / r.abs().max(0.01);
            }
        }
        let mut a = vec![0.0; n * n];
        let mut b = vec![0.0; n];
        for ((c, d), wt) in rows.iter().zip(&weights) {
            for &(i, ki) in c {
                b[i] += wt * ki * d;
                for &(j, kj) in c {
                    a[i * n + j] += wt * ki * kj;
                }
            }
        }
        // the prior, scaled to the weights in use
        let mean = weights.iter().sum::<f64>() / weights.len() as f64;
        for i in 0..n {
            a[i * n + i] += PRIOR_WEIGHT * mean;
            b[i] += PRIOR_WEIGHT * mean * p[i];
        }
        match solve(a, b) {
            Some(x) => w = x,
            None => break,
        }
    }
    ids.into_iter()
        .zip(w)
        .map(|(g, x)| (g, x.clamp(0.05, 1.5)))
        .collect()
}

/// Solves `a x = b` (`a` n × n, row by row) by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<f64>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot =
            (col..n).max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))?;
        if a[pivot * n + col].abs() < 1e-12 {
            return None;
        }
        if pivot != col {
            for k in 0..n {
                a.swap(pivot * n + k, col * n + k);
            }
            b.swap(pivot, col);
        }
        for row in col + 1..n {
            let f = a[row * n + col] / a[col * n + col];
            if f != 0.0 {
                for k in col..n {
                    a[row * n + k] -= f * a[col * n + k];
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|k| a[row * n + k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row * n + row];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
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
    fn widths_are_measured_from_runs_of_many_glyphs_despite_justified_lines() {
        // 30 glyphs of known widths shown in runs of 2 to 10 (a word and its space, as
        // Chromium shows them); one run in ten moved on further (a justified line's extra space)
        let truth: Vec<f64> = (0..30).map(|i| 0.25 + 0.025 * f64::from(i)).collect();
        let mut seed = 12345u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % m
        };
        let runs: Vec<(Vec<u32>, f64)> = (0..600)
            .map(|k| {
                let len = 2 + next(9) as usize;
                let glyphs: Vec<u32> = (0..len).map(|_| 100 + next(30) as u32).collect();
                let extra = if k % 10 == 0 { 0.4 } else { 0.0 };
                let d = glyphs
                    .iter()
                    .map(|g| truth[(g - 100) as usize])
                    .sum::<f64>()
                    + extra;
                (glyphs, d)
            })
            .collect();
        let prior: HashMap<u32, f64> = (100..130).map(|g| (g, 0.5)).collect();
        let w = solve_widths(&runs, &prior);
        for (i, t) in truth.iter().enumerate() {
            let got = w[&(100 + i as u32)];
            assert!((got - t).abs() < 0.01, "glyph {i}: {got} for {t}");
        }
        assert!(solve_widths(&[], &prior).is_empty());
    }

    #[test]
    fn the_oe_ligature_and_a_break_s_hyphen_are_found_from_where_they_stand() {
        // glyphs outside the shared order: ’ 2021, œ 2022, Œ 2023, the hyphen of a break 2024
        // (a new line: a break in the glyph stream)
        let text = "la mise en œuvre de la forma\u{2010}\ntion et de l’œuvre des compé\u{2010}\n\
                    tences : MISE EN ŒUVRE, ŒUVRES et manœuvre des terri\u{2010}\ntoires, \
                    l’accès à l’emploi";
        let glyphs: Vec<Option<u16>> = text
            .chars()
            .map(|c| match c {
                '\n' => None,
                '’' => Some(2021),
                'œ' => Some(2022),
                'Œ' => Some(2023),
                '\u{2010}' => Some(2024),
                c => glyphs_of(&c.to_string(), 62, 0)[0],
            })
            .collect();
        let s = Seen {
            glyphs,
            ..Seen::default()
        };
        let r = reading(&s);
        assert_eq!(r.text.get(&2021).map(String::as_str), Some("\u{2019}"));
        assert_eq!(r.text.get(&2022).map(String::as_str), Some("œ"));
        assert_eq!(r.text.get(&2023).map(String::as_str), Some("Œ"));
        assert_eq!(r.text.get(&2024).map(String::as_str), Some("\u{2010}"));
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
