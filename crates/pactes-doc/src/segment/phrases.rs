//! Sentence and phrase tests on a line's text: a title cut mid-phrase, a lead-in announcing what
//! follows, a sentence going on in the next block, the next item of a numbered list.

use super::headings::{heading_mark, is_next_number, outline_number};
use crate::text::fold;

/// Words that do not end a French title: a line ending on one was cut mid-phrase.
pub(crate) const OPEN_ENDINGS: &[&str] = &[
    "de",
    "des",
    "du",
    "d",
    "et",
    "ou",
    "a",
    "au",
    "aux",
    "par",
    "pour",
    "dans",
    "en",
    "sur",
    "avec",
    "la",
    "le",
    "les",
    "l",
    "un",
    "une",
    "que",
    "qui",
    "ses",
    "son",
    "sa",
    "leur",
    "leurs",
    "ce",
    "cette",
    "ces",
    "entre",
    "vers",
    "sans",
    "sous",
    "dont",
    "afin",
    "notamment",
    "tels",
    "telles",
    "tel",
    "telle",
    "plus",
    "mieux",
    "ne",
    "se",
    "est",
    "sont",
];

/// Whether `text` stops mid-phrase: on a function word, a comma or an open parenthesis (a
/// title cut by a line break; the synthesis marks such titles as cut).
pub fn stops_mid_phrase(text: &str) -> bool {
    let t = text.trim_end();
    if t.ends_with([',', '(', '\'', '’']) {
        return true;
    }
    let last = t
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    OPEN_ENDINGS.contains(&fold(last).as_str())
}

/// Words that do not open a French title: a line in capitals opening on one goes on the title
/// in capitals above it (`… AU REGARD DES BESOINS` / `DE L'ECONOMIE EN TEMPS REEL`).
pub(super) const OPEN_STARTS: &[&str] = &[
    "de", "du", "d", "et", "ou", "a", "au", "aux", "par", "dont", "que", "qui",
];

/// Whether `text` ends on a word cut by a hyphen at the line end (`PARCOURS QUALI-`).
pub(super) fn ends_cut_word(text: &str) -> bool {
    let mut cs = text.trim_end().chars().rev();
    cs.next() == Some('-') && cs.next().is_some_and(char::is_alphabetic)
}

/// Whether `text` announces what follows it (`… portera sur :`): it ends with a colon.
pub fn announces(text: &str) -> bool {
    text.trim_end().ends_with(':')
}

/// Whether the sentence `prev` ends with goes on in `next`: `prev` does not close it
/// (`closes_sentence`) and `next` opens in lower case (a paragraph a page or column break, or a
/// line set in bold, cut in two).
pub fn goes_on(prev: &str, next: &str) -> bool {
    !closes_sentence(prev) && opens_in_lower_case(next)
}

/// Whether `text` opens on a letter in lower case (a sentence going on, not one opening).
pub(super) fn opens_in_lower_case(text: &str) -> bool {
    text.trim_start()
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Whether `text` closes its sentence: a stop, a colon or a semicolon at its end, closing
/// quotes aside.
fn closes_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['»', '”', '"', ' ', '\u{a0}'])
        .ends_with(['.', '!', '?', ':', ';', '…'])
}

/// The outline number a numbered line opens with (`2.`, `1.3)`), with its family.
pub(super) fn numbered_item(text: &str) -> Option<(String, Vec<u32>)> {
    let mark = heading_mark(text)?;
    let n = outline_number(text, &mark.family);
    (!n.is_empty()).then_some((mark.family, n))
}

/// Whether `text` is the item after `prev` in a numbered list (`3.` after `2.`, `1.4` after
/// `1.3`).
pub(super) fn next_item_of(prev: &(String, Vec<u32>), text: &str) -> bool {
    numbered_item(text).is_some_and(|(family, n)| family == prev.0 && is_next_number(&prev.1, &n))
}
