//! `/ToUnicode` values checked against glyph widths: a two-byte font whose map gives a
//! typographic character as the *sum of its two UTF-16 bytes* (’ U+2019 → `9`, ﬁ U+FB01 → `ü`,
//! as Ghostscript 10.0 `pdfwrite` writes some of them) is recognised because the glyph is not
//! as wide as the character it claims to be, and mended.
//!
//! A glyph's advance width says what class of character it can be: digits of a font share one
//! width (tabular figures), an accented letter is as wide as its base letter, `<`, `=`, `>` and
//! `+` share one width. A code whose claimed character has a known width in its font and whose
//! own width differs is wrong; when the character it claims is the byte sum of exactly one
//! character of [`TYPOGRAPHIC`], that one is taken. A class's width is the one nearly all its
//! uses share. Two codes claiming one letter with two widths: the most used is the letter, the
//! other the source when it is as wide as the source's letters fused could be (œ ≈ o + e).
//! Once a font shows such a code, its map is known to be damaged: the codes claiming a byte
//! sum that no width can check and that French prose does not use (`<`, `=`, `ý`…) are mended
//! too. Ligatures whose two-letter value came out shifted into the units' high bytes (ﬁ →
//! U+6600 U+6900, `昀椀`) are recognised by that shape alone; in a map known damaged, a letter
//! `t`…`y` or `p` not as wide as that letter is the superscript figure whose low byte it is.

use crate::accents::single_char as single;
use std::collections::HashMap;

/// Characters a font map may have damaged into the sum of their bytes: quotes, dashes,
/// bullet, ellipsis, ligatures, œ, euro.
const TYPOGRAPHIC: &[char] = &[
    '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2013}', '\u{2014}', '\u{2022}', '\u{2026}',
    '\u{FB00}', '\u{FB01}', '\u{FB02}', '\u{FB03}', '\u{FB04}', '\u{0152}', '\u{0153}', '\u{20AC}',
];

/// The sum of the two bytes of UTF-16 unit `u` (mod 256): what the damaged maps write.
fn byte_sum(u: u32) -> u32 {
    ((u >> 8) + (u & 0xFF)) & 0xFF
}

/// The typographic character whose two UTF-16 bytes add up to `c` (mod 256), when there is one.
fn byte_sum_source(c: char) -> Option<char> {
    let c = u32::from(c);
    if c > 0xFF {
        return None;
    }
    TYPOGRAPHIC
        .iter()
        .copied()
        .find(|&t| byte_sum(u32::from(t)) == c)
}

/// The ligature whose `/ToUnicode` value Ghostscript 10.0 damaged into units whose low byte
/// is zero: its first letter, then the sum of the others, each in a unit's high byte (ﬁ →
/// U+6600 U+6900 `昀椀`, ﬃ → U+6600 U+CF00). No text has a glyph standing for such a pair.
fn shifted_ligature(text: &str) -> Option<char> {
    let units: Vec<u32> = text.chars().map(u32::from).collect();
    let [a, b] = units[..] else { return None };
    if a & 0xFF != 0 || b & 0xFF != 0 {
        return None;
    }
    ('\u{FB00}'..='\u{FB04}').find(|&l| {
        let mut cs = components(l).bytes().map(u32::from);
        let first = cs.next().unwrap_or(0);
        let rest = cs.sum::<u32>() & 0xFF;
        (first << 8, rest << 8) == (a, b)
    })
}

/// The letters a typographic character is drawn from side by side (empty when it is not).
fn components(t: char) -> &'static str {
    match t {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{0152}' => "OE",
        '\u{0153}' => "oe",
        '\u{2026}' => "...",
        _ => "",
    }
}

/// Two widths (text space units per unit of font size) are the same glyph width.
fn same_width(a: f64, b: f64) -> bool {
    (a - b).abs() <= 0.01 * a.abs().max(b.abs()).max(0.1)
}

/// The width class of a character: its peers must have its width.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Class {
    Digit,
    /// A letter: its accented forms share its width.
    Letter(char),
    Math,
}

fn class(c: char) -> Option<Class> {
    if c.is_ascii_digit() {
        return Some(Class::Digit);
    }
    if matches!(c, '<' | '=' | '>' | '+') {
        return Some(Class::Math);
    }
    if c.is_alphabetic() {
        return Some(Class::Letter(base_letter(c)));
    }
    None
}

/// The base letter of a precomposed letter (`ü` → `u`: its canonical decomposition's first
/// character), or the letter itself.
fn base_letter(c: char) -> char {
    let mut first = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        first.get_or_insert(d);
    });
    first.unwrap_or(c)
}

/// What one code of a font decoded to, and how often it occurs in the document's distinct
/// strings shown in that font (each distinct string counted once).
#[derive(Clone, Debug)]
pub(crate) struct Seen {
    pub text: String,
    /// Advance width, text space units per unit of font size.
    pub width: f64,
    pub uses: usize,
}

/// Share of a class's uses that must have one width for that width to be the class's.
const CLASS_SHARE: f64 = 0.9;

/// Lowest and highest ratio of a ligature's (or œ's) width to its letters' side by side.
const FUSED_RATIO: (f64, f64) = (0.6, 1.05);

/// The repairs of one two-byte font, from what each of its codes decoded to. Returns the
/// codes to re-map, with their true character.
pub(crate) fn byte_sum_repairs(codes: &HashMap<u16, Seen>) -> HashMap<u16, char> {
    // The width of each class, from the codes whose character is not a byte-sum suspect: the
    // width nearly all their uses share (a stray code of another width, such as a
    // superscript the map also damaged, does not unsettle it).
    let mut widths: HashMap<Class, Vec<(f64, usize)>> = HashMap::new();
    for s in codes.values() {
        let Some(c) = single(&s.text) else { continue };
        if byte_sum_source(c).is_some() {
            continue;
        }
        // accented letters only vouch for a letter's width through their base
        if let Some(k) = class(c) {
            if k == Class::Digit && c == '1' {
                continue; // often narrower, even in tabular fonts
            }
            if matches!(k, Class::Letter(b) if b != c) {
                continue;
            }
            widths.entry(k).or_default().push((s.width, s.uses.max(1)));
        }
    }
    // once per class, in O(n log n): sorted widths cut into runs of the same glyph width
    let class_width: HashMap<Class, f64> = widths
        .into_iter()
        .filter_map(|(k, mut v)| {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            let total: usize = v.iter().map(|x| x.1).sum();
            let mut best: Option<(f64, usize)> = None;
            let mut i = 0;
            while i < v.len() {
                let w = v[i].0;
                let mut n = 0;
                while i < v.len() && same_width(v[i].0, w) {
                    n += v[i].1;
                    i += 1;
                }
                if best.is_none_or(|(_, bn)| n > bn) {
                    best = Some((w, n));
                }
            }
            best.filter(|&(_, n)| n as f64 >= CLASS_SHARE * total as f64)
                .map(|(w, _)| (k, w))
        })
        .collect();
    let known = |k: Class| class_width.get(&k).copied();
    let mut out: HashMap<u16, char> = codes
        .iter()
        .filter_map(|(&code, s)| shifted_ligature(&s.text).map(|l| (code, l)))
        .collect();
    let shifted = out.len();
    // suspects no class checks, by the character they claim
    let mut unchecked: HashMap<char, Vec<(u16, &Seen, char)>> = HashMap::new();
    for (&code, s) in codes {
        let Some(c) = single(&s.text) else { continue };
        let Some(src) = byte_sum_source(c) else {
            continue;
        };
        match class(c).and_then(known) {
            Some(expected) if !same_width(s.width, expected) => {
                out.insert(code, src);
            }
            Some(_) => {}
            None => unchecked.entry(c).or_default().push((code, s, src)),
        }
    }
    // A character claimed by codes of different widths that no class checks: the code most
    // used is the character itself; another is the byte-sum source when it is as wide as
    // the source's letters side by side could be once fused (œ = o + e, ﬁ = f + i), those
    // letters being in the font. A small capital claiming its capital is neither.
    let mut by_char: HashMap<char, Vec<f64>> = HashMap::new();
    for s in codes.values() {
        if let Some(c) = single(&s.text) {
            by_char.entry(c).or_default().push(s.width);
        }
    }
    let width_of = |ch: char| -> Option<f64> {
        let v = by_char.get(&ch)?;
        let first = *v.first()?;
        v.iter().all(|&w| same_width(w, first)).then_some(first)
    };
    for v in unchecked.values() {
        let Some(&(_, main, src)) = v
            .iter()
            .max_by_key(|(code, s, _)| (s.uses, u16::MAX - code))
        else {
            continue;
        };
        let letters = components(src);
        let est: Option<f64> = letters.chars().map(width_of).sum();
        let Some(est) = est.filter(|e| !letters.is_empty() && *e > 0.0) else {
            continue;
        };
        for &(code, s, _) in v {
            let ratio = s.width / est;
            if !same_width(s.width, main.width) && (FUSED_RATIO.0..=FUSED_RATIO.1).contains(&ratio)
            {
                out.insert(code, src);
            }
        }
    }
    if out.len() > shifted {
        for (c, v) in &unchecked {
            // a damaged map: a claimed character that French text does not use and no width
            // can vouch for is the byte sum too
            if matches!(c, '<' | '=' | 'ý' | 'þ' | 'ÿ' | 'Ì') {
                for &(code, _, src) in v {
                    out.insert(code, src);
                }
            }
        }
        // the same maps give superscript figures as their low byte (⁴ U+2074 → `t`): a code
        // claiming such a letter, not as wide as the letter, is the figure
        for (&code, s) in codes {
            let Some(c) = single(&s.text) else { continue };
            let Some(sup) = superscript_of_low_byte(c) else {
                continue;
            };
            if class(c)
                .and_then(known)
                .is_some_and(|w| !same_width(w, s.width))
            {
                out.insert(code, sup);
            }
        }
    }
    out
}

/// A simple font's code decoded to `text` while its glyph is named for `named`: when `text` is
/// the low byte or the byte sum of the named character (Ghostscript 10.0 writes `lessmuch`
/// U+226A as `j`), the name is right.
pub(crate) fn name_repair(text: &str, named: &str) -> Option<char> {
    let c = u32::from(single(text)?);
    let n = single(named)?;
    let u = u32::from(n);
    (u > 0xFF && c != u && (c == u & 0xFF || c == byte_sum(u))).then_some(n)
}

/// The superscript figure whose low byte is `c` (`t` → ⁴ U+2074 … `y` → ⁹, `p` → ⁰).
fn superscript_of_low_byte(c: char) -> Option<char> {
    match c {
        'p' => Some('\u{2070}'),
        't'..='y' => char::from_u32(0x2000 + u32::from(c)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font(entries: &[(u16, &str, f64)]) -> HashMap<u16, Seen> {
        entries
            .iter()
            .map(|&(c, t, w)| {
                let s = Seen {
                    text: t.to_string(),
                    width: w,
                    uses: 10,
                };
                (c, s)
            })
            .collect()
    }

    #[test]
    fn accented_letters_have_their_base() {
        assert_eq!(base_letter('ü'), 'u');
        assert_eq!(base_letter('Ê'), 'E');
        assert_eq!(base_letter('t'), 't');
    }

    #[test]
    fn a_glyph_name_corrects_a_truncated_value() {
        assert_eq!(name_repair("j", "≪"), Some('≪'));
        assert_eq!(name_repair("9", "’"), Some('’'));
        // a value that agrees, or a plain letter named as itself, is left alone
        assert_eq!(name_repair("≪", "≪"), None);
        assert_eq!(name_repair("a", "a"), None);
        assert_eq!(name_repair("x", "≪"), None);
    }

    #[test]
    fn byte_sums_are_found() {
        assert_eq!(byte_sum_source('9'), Some('\u{2019}'));
        assert_eq!(byte_sum_source('ü'), Some('\u{FB01}'));
        assert_eq!(byte_sum_source('û'), Some('\u{FB00}'));
        assert_eq!(byte_sum_source('a'), None);
    }

    #[test]
    fn a_code_narrower_than_the_digits_it_claims_to_be_is_mended() {
        // Liberation Serif widths: digits 0.5, u 0.5, ’ 0.333, ﬁ 0.556, ﬀ 0.6
        let f = font(&[
            (0x13, "0", 0.5),
            (0x1c, "9", 0.5),
            (0x58, "u", 0.5),
            (0xa5, "ü", 0.5),
            (0x788, "9", 0.333),
            (0xcf3, "ü", 0.556),
            (0xcf2, "û", 0.6),
            (0x78b, "<", 0.444),
        ]);
        let r = byte_sum_repairs(&f);
        assert_eq!(r.get(&0x788), Some(&'\u{2019}'));
        assert_eq!(r.get(&0xcf3), Some(&'\u{FB01}'));
        assert_eq!(r.get(&0xcf2), Some(&'\u{FB00}'));
        // no width checks `<`, but the map is damaged
        assert_eq!(r.get(&0x78b), Some(&'\u{201C}'));
        // the true 9 and ü keep their text
        assert!(!r.contains_key(&0x1c) && !r.contains_key(&0xa5), "{r:?}");
    }

    #[test]
    fn of_two_codes_claiming_one_letter_the_one_as_wide_as_its_source_is_mended() {
        // Liberation Serif: T 0.611, œ 0.722 (o 0.5 + e 0.444 side by side: 0.944)
        let mut f = font(&[
            (0x37, "T", 0.611),
            (0x52, "o", 0.5),
            (0x48, "e", 0.444),
            (0x115, "T", 0.722),
        ]);
        f.get_mut(&0x115).expect("œ").uses = 2;
        let r = byte_sum_repairs(&f);
        assert_eq!(r.get(&0x115), Some(&'\u{0153}'));
        assert_eq!(r.len(), 1, "{r:?}");
        // a small capital T (narrower than o + e fused could be) is left as it claims
        f.get_mut(&0x115).expect("small T").width = 0.5;
        assert!(byte_sum_repairs(&f).is_empty());
    }

    #[test]
    fn a_stray_code_does_not_unsettle_a_letter_width() {
        // DejaVu Serif: u 0.644 used everywhere, a superscript 5 the map gives as `u`, a true
        // û used less than the ﬀ claiming `û`, a ﬁ claiming `ü`
        let mut f = font(&[
            (88, "u", 0.644),
            (1993, "u", 0.401),
            (189, "û", 0.644),
            (3314, "û", 0.71),
            (3315, "ü", 0.667),
            (73, "f", 0.37),
        ]);
        f.get_mut(&88).expect("u").uses = 2609;
        f.get_mut(&1993).expect("5").uses = 2;
        f.get_mut(&189).expect("û").uses = 6;
        f.get_mut(&3314).expect("ﬀ").uses = 89;
        let r = byte_sum_repairs(&f);
        assert_eq!(r.get(&3314), Some(&'\u{FB00}'));
        assert_eq!(r.get(&3315), Some(&'\u{FB01}'));
        assert!(!r.contains_key(&189), "{r:?}");
    }

    #[test]
    fn ligatures_shifted_into_high_bytes_are_mended() {
        let f = font(&[
            (0x7a, "\u{6600}\u{6600}", 0.58),
            (0x7b, "\u{6600}\u{CF00}", 0.83),
            (0x7d, "\u{6600}\u{6900}", 0.56),
            (0x7e, "\u{6600}\u{6C00}", 0.56),
            (0x30, "\u{6600}", 1.0),
        ]);
        let r = byte_sum_repairs(&f);
        assert_eq!(r.get(&0x7a), Some(&'\u{FB00}'));
        assert_eq!(r.get(&0x7b), Some(&'\u{FB03}'));
        assert_eq!(r.get(&0x7d), Some(&'\u{FB01}'));
        assert_eq!(r.get(&0x7e), Some(&'\u{FB02}'));
        assert_eq!(r.len(), 4, "a lone ideograph is left alone: {r:?}");
    }

    #[test]
    fn in_a_damaged_map_a_letter_of_another_width_is_a_superscript_figure() {
        let mut f = font(&[
            (0x57, "t", 0.278),
            (0x58, "u", 0.556),
            (0x806, "t", 0.415),
            (0x807, "u", 0.415),
            (0x13, "0", 0.556),
            (0x1c, "9", 0.556),
            (0x788, "9", 0.333),
        ]);
        f.get_mut(&0x806).expect("4").uses = 1;
        f.get_mut(&0x807).expect("5").uses = 1;
        let r = byte_sum_repairs(&f);
        assert_eq!(r.get(&0x806), Some(&'\u{2074}'));
        assert_eq!(r.get(&0x807), Some(&'\u{2075}'));
        assert!(!r.contains_key(&0x57) && !r.contains_key(&0x58), "{r:?}");
        // a sound map: the same stray widths are left alone
        f.remove(&0x788);
        assert!(byte_sum_repairs(&f).is_empty());
    }

    #[test]
    fn a_font_of_many_codes_is_judged_code_by_code() {
        // 60,000 codes (each class's width found once, not once per code): `9`s as wide as the
        // font's `0` are figures, the others are the damaged ’
        let mut f: HashMap<u16, Seen> = (0..60_000u16)
            .map(|c| {
                let s = Seen {
                    text: ["a", "u", "ü", "9"][usize::from(c % 4)].to_string(),
                    width: 0.5 + f64::from(c % 7) * 0.1,
                    uses: 1,
                };
                (c, s)
            })
            .collect();
        f.insert(
            60_001,
            Seen {
                text: "0".into(),
                width: 0.5,
                uses: 1,
            },
        );
        let r = byte_sum_repairs(&f);
        let nines = (0..60_000u16).filter(|c| c % 4 == 3 && c % 7 != 0).count();
        assert_eq!(
            r.values().filter(|&&c| c == '\u{2019}').count(),
            nines,
            "every 9 not as wide as the 0"
        );
        // `u` has no width most of its uses share: `ü` is not judged by it
        assert!(!r.values().any(|&c| c == '\u{FB01}'));
    }

    #[test]
    fn a_sound_map_is_left_alone() {
        // a real û as wide as u, a real 9 as wide as the digits, a `<` nothing checks
        let f = font(&[
            (0x13, "0", 0.5),
            (0x1c, "9", 0.5),
            (0x58, "u", 0.5),
            (0xa4, "û", 0.5),
            (0x1f, "<", 0.564),
        ]);
        assert!(byte_sum_repairs(&f).is_empty());
        // proportional figures: the digits do not agree, so no digit is judged
        let f = font(&[(0x13, "0", 0.5), (0x15, "2", 0.45), (0x1c, "9", 0.52)]);
        assert!(byte_sum_repairs(&f).is_empty());
    }
}
