//! Accents drawn as glyphs of their own: TeX's `\accent` (OT1 fonts: `´` then `e` for `é`),
//! and combining marks that some producers draw after their letter. Such an accent lies over
//! (or under, for the cedilla) the letter it modifies; it is composed with it into one letter,
//! so that `r´egion` reads `région`. Geometry decides, never the text alone: a backquote or a
//! circumflex beside a word, not over a letter, stays as it is.

use crate::glyphs::Glyph;
use unicode_normalization::UnicodeNormalization;

/// The combining mark of a spacing accent glyph (or of a combining mark itself).
fn combining(c: char) -> Option<char> {
    Some(match c {
        '\u{00B4}' | '\u{02CA}' => '\u{0301}', // ´ acute
        '`' | '\u{02CB}' => '\u{0300}',        // grave
        '^' | '\u{02C6}' => '\u{0302}',        // circumflex
        '\u{00A8}' => '\u{0308}',              // ¨ diaeresis
        '\u{00B8}' => '\u{0327}',              // ¸ cedilla
        '~' | '\u{02DC}' => '\u{0303}',        // tilde
        '\u{02DA}' => '\u{030A}',              // ring
        '\u{02C7}' => '\u{030C}',              // caron
        '\u{00AF}' | '\u{02C9}' => '\u{0304}', // macron
        '\u{02D8}' => '\u{0306}',              // breve
        '\u{02D9}' => '\u{0307}',              // dot above
        '\u{02DD}' => '\u{030B}',              // double acute
        '\u{02DB}' => '\u{0328}',              // ogonek
        '\u{0300}'..='\u{036F}' => c,
        _ => return None,
    })
}

/// The only character of `s`, when it has exactly one.
pub(crate) fn single_char(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The letter an accent is set on: the base letter of `text` (dotless `ı` and `ȷ` take their
/// dot back under an accent).
fn base_letter(text: &str) -> Option<char> {
    let c = single_char(text)?;
    match c {
        '\u{0131}' => Some('i'),
        '\u{0237}' => Some('j'),
        c if c.is_alphabetic() => Some(c),
        _ => None,
    }
}

/// Composes `base` with `mark` when Unicode has the precomposed letter.
fn compose(base: char, mark: char) -> Option<char> {
    let s: String = [base, mark].iter().collect::<String>().nfc().collect();
    single_char(&s).filter(|&c| c != base)
}

/// Letters an accent looks at, at most (a guard against pathological pages).
const MAX_CANDIDATES: usize = 4096;

/// Horizontal overlap of two glyphs' advance boxes.
fn overlap(a: &Glyph, b: &Glyph) -> f32 {
    (a.x1.min(b.x1) - a.x0.max(b.x0)).max(0.0)
}

/// Composes every accent glyph that sits over (or under) a letter with that letter; other
/// glyphs are returned untouched, in the same order.
pub(crate) fn compose_accents(mut glyphs: Vec<Glyph>) -> Vec<Glyph> {
    // each accent glyph with its combining mark
    let accents: Vec<(usize, char)> = glyphs
        .iter()
        .enumerate()
        .filter_map(|(i, g)| Some((i, single_char(&g.text).and_then(combining)?)))
        .collect();
    if accents.is_empty() {
        return glyphs;
    }
    // letters (with the letter an accent sets on) by left edge, so that an accent looks only
    // at the letters under it
    let mut letters: Vec<(usize, char)> = glyphs
        .iter()
        .enumerate()
        .filter_map(|(i, g)| Some((i, base_letter(&g.text)?)))
        .collect();
    letters.sort_by(|&(a, _), &(b, _)| glyphs[a].x0.total_cmp(&glyphs[b].x0));
    let widest = letters
        .iter()
        .map(|&(i, _)| glyphs[i].x1 - glyphs[i].x0)
        .fold(0.0f32, f32::max);
    let mut drop = vec![false; glyphs.len()];
    for &(ai, mark) in &accents {
        let a = &glyphs[ai];
        let zero_width = (a.x1 - a.x0) < 0.05 * a.size;
        let centre = 0.5 * (a.x0 + a.x1);
        let from = letters.partition_point(|&(i, _)| glyphs[i].x0 < a.x0 - widest - a.size);
        // (position in `letters`, composed letter, distance of the centres)
        let mut best: Option<(usize, char, f32)> = None;
        for (li, &(bi, letter)) in letters.iter().enumerate().skip(from).take(MAX_CANDIDATES) {
            let b = &glyphs[bi];
            if b.x0 > a.x1 + a.size {
                break;
            }
            if bi == ai || drop[bi] || b.size < 0.7 * a.size || b.size > 1.43 * a.size {
                continue;
            }
            // the accent's baseline: level with the letter's (lower case) or raised by up to
            // the difference of cap and x heights (capitals)
            let dy = b.base - a.base;
            if !(-0.15 * b.size..=0.6 * b.size).contains(&dy) {
                continue;
            }
            let Some(composed) = compose(letter, mark) else {
                continue;
            };
            let w = b.x1 - b.x0;
            let over = if zero_width {
                // a combining mark drawn after its letter, at the letter's end
                b.seq < a.seq && a.x0 >= b.x0 && a.x0 <= b.x1 + 0.1 * b.size
            } else {
                centre >= b.x0 - 0.1 * w
                    && centre <= b.x1 + 0.1 * w
                    && overlap(a, b) >= 0.3 * (a.x1 - a.x0).min(w)
            };
            if !over {
                continue;
            }
            let miss = (0.5 * (b.x0 + b.x1) - centre).abs() + 0.01 * dy.abs();
            if best.is_none_or(|(_, _, m)| miss < m) {
                best = Some((li, composed, miss));
            }
        }
        if let Some((li, composed, _)) = best {
            // a further accent over the same letter composes with the accented letter
            letters[li].1 = composed;
            glyphs[letters[li].0].text = composed.to_string();
            drop[ai] = true;
        }
    }
    let mut k = 0;
    glyphs.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    glyphs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str, x0: f32, x1: f32, base: f32, seq: u32) -> Glyph {
        Glyph {
            text: text.into(),
            x0,
            x1,
            base,
            size: 10.0,
            bold: false,
            seq,
        }
    }

    fn texts(v: &[Glyph]) -> String {
        v.iter().map(|g| g.text.as_str()).collect()
    }

    #[test]
    fn tex_accents_compose_with_the_letter_under_them() {
        // r ´ e g : the acute drawn first, centred over the e that follows
        let v = vec![
            g("r", 0.0, 4.0, 100.0, 0),
            g("\u{b4}", 5.0, 9.0, 100.0, 1),
            g("e", 4.0, 8.5, 100.0, 2),
            g("g", 8.5, 13.0, 100.0, 3),
        ];
        assert_eq!(texts(&compose_accents(v)), "rég");
        // a capital: the accent raised over the E
        let v = vec![g("\u{b4}", 1.5, 5.5, 97.0, 0), g("E", 0.0, 7.0, 100.0, 1)];
        assert_eq!(texts(&compose_accents(v)), "É");
        // the dotless i under a circumflex, a cedilla under a c
        let v = vec![
            g("\u{2c6}", 0.0, 3.0, 100.0, 0),
            g("\u{131}", 0.0, 3.0, 100.0, 1),
            g("\u{b8}", 4.0, 7.0, 100.0, 3),
            g("c", 3.5, 7.5, 100.0, 2),
        ];
        assert_eq!(texts(&compose_accents(v)), "îç");
    }

    #[test]
    fn combining_marks_drawn_after_their_letter_compose() {
        let v = vec![
            g("e", 0.0, 5.0, 100.0, 0),
            g("\u{301}", 5.0, 5.0, 100.0, 1),
            g("t", 5.0, 8.0, 100.0, 2),
        ];
        assert_eq!(texts(&compose_accents(v)), "ét");
    }

    #[test]
    fn accents_beside_letters_stay() {
        // `code` and a^2 : the backquote and the circumflex sit beside letters, not over them
        let v = vec![
            g("`", 0.0, 3.0, 100.0, 0),
            g("c", 3.0, 7.0, 100.0, 1),
            g("a", 10.0, 15.0, 100.0, 2),
            g("^", 15.0, 19.0, 100.0, 3),
            g("2", 19.0, 24.0, 100.0, 4),
        ];
        assert_eq!(texts(&compose_accents(v)), "`ca^2");
        // an accent over a letter on another line is not that letter's
        let v = vec![g("\u{b4}", 0.0, 4.0, 80.0, 0), g("e", 0.0, 5.0, 100.0, 1)];
        assert_eq!(compose_accents(v).len(), 2);
    }
}
