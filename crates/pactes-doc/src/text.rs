//! Small text helpers shared by the stages (normalisation for matching, word counting).
//!
//! Matching works on *normalised French*: lower case, accents folded (`é` → `e`, `œ` → `oe`),
//! typographic apostrophes unified, elided articles and pronouns (`l'`, `d’`, `qu’`, `j'`…)
//! split off and dropped, and a light plural/feminine stemming (`formations` → `formation`,
//! `territoriaux` → `territorial`, `qualifiées` → `qualifie`). The same function is applied to
//! both sides of any comparison (cues and passages, gold quotes and passages), so the stemming
//! only has to be consistent, not linguistically perfect.

use std::collections::HashSet;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Lower-cases, folds accents and ligatures, unifies apostrophes and dashes. Keeps every other
/// character (including punctuation and spacing) so offsets of words stay meaningful.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            // NFD leaves ASCII alone: the common case, without the decomposition machinery.
            out.push(if c == '`' {
                '\''
            } else {
                c.to_ascii_lowercase()
            });
        } else {
            // Combining marks are dropped, so canonical reordering (which only moves marks)
            // cannot change the result: decomposing each character on its own is NFD here.
            decompose_canonical(c, |d| fold_decomposed(d, &mut out));
        }
    }
    out
}

fn fold_decomposed(c: char, out: &mut String) {
    if is_combining_mark(c) {
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}' | '`' | '\u{00B4}' => out.push('\''),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
            out.push('-')
        }
        '\u{00A0}' | '\u{202F}' | '\u{2009}' => out.push(' '),
        _ => {
            for l in c.to_lowercase() {
                out.push(l);
            }
        }
    }
}

/// Elided words (before an apostrophe) that are split off and dropped.
const ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "quelqu",
];

/// Light French stemming of one folded word: plural `s`/`x`, `-aux` → `-al`, final
/// feminine `e`. Short words and numbers are left alone.
pub fn stem(word: &str) -> String {
    let n = word.chars().count();
    if n <= 3 || word.chars().any(|c| c.is_ascii_digit()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    if w.ends_with("aux") && n > 4 {
        w.truncate(w.len() - 3);
        w.push_str("al");
    } else if w.ends_with("eux") {
        // keep (nombreux, mieux): only drop nothing
    } else if (w.ends_with('s') || w.ends_with('x')) && !w.ends_with("ss") {
        w.pop();
    }
    if w.ends_with("ee") {
        w.pop();
    }
    if w.chars().count() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

/// Normalised, stemmed words of `s`, in order: what every matcher compares.
///
/// ```
/// use pactes_doc::text::normalize_words;
/// assert_eq!(normalize_words("L’accès aux Formations qualifiantes"),
///            vec!["acce", "aux", "formation", "qualifiant"]);
/// ```
pub fn normalize_words(s: &str) -> Vec<String> {
    let folded = fold(s);
    let mut out = Vec::new();
    for raw in folded.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        for part in split_elisions(raw) {
            if !part.is_empty() {
                out.push(stem(part));
            }
        }
    }
    out
}

/// Splits `l'accès` into `["acces"]` (elided particle dropped); other apostrophes separate words.
fn split_elisions(token: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = token.split('\'').filter(|p| !p.is_empty()).collect();
    if parts.len() > 1 {
        let mut kept = Vec::with_capacity(parts.len());
        let last = parts.len() - 1;
        for (i, p) in parts.drain(..).enumerate() {
            if i < last && ELISIONS.contains(&p) {
                continue;
            }
            kept.push(p);
        }
        return kept;
    }
    parts
}

/// The `n`-word shingles of `words` (each joined by a space). A non-empty text shorter than
/// `n` words yields one shingle of all its words.
pub fn shingles(words: &[String], n: usize) -> HashSet<String> {
    let n = n.max(1);
    let mut out = HashSet::new();
    if words.is_empty() {
        return out;
    }
    if words.len() < n {
        out.insert(words.join(" "));
        return out;
    }
    for w in words.windows(n) {
        out.insert(w.join(" "));
    }
    out
}

/// Number of words (whitespace-separated tokens holding a letter or digit).
/// A passage's body: its text without the titles it opens with. The passage that opens a
/// section's body starts with the titles set above it (lines equal to entries of its heading
/// path), as the page does; the stages that read what a passage *says* (tagging, excerpts)
/// read the titles in the heading path only, once.
pub fn body<'a>(text: &'a str, heading: &[String]) -> &'a str {
    let same = |line: &str, h: &str| line.split_whitespace().eq(h.split_whitespace());
    let mut rest = text;
    while let Some((line, after)) = rest.split_once('\n') {
        if !heading.iter().any(|h| same(line, h)) {
            break;
        }
        rest = after;
    }
    rest
}

/// `n` and its noun, agreed as French agrees it: the singular for 0 and 1 (`1 Région`,
/// `0 passage`), the plural from 2 (`4 Régions`).
pub fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n < 2 { one } else { many })
}

/// The text with its runs of whitespace (line breaks, no-break spaces) made one space each,
/// and none at its ends.
pub fn single_spaced(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words as a reader counts them: whitespace-separated runs holding a letter or digit.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|t| t.chars().any(|c| c.is_alphanumeric()))
        .count()
}

/// True when the text's letters are (almost) all upper case and there are enough of them.
pub fn is_upper_case(s: &str) -> bool {
    let mut up = 0usize;
    let mut low = 0usize;
    for c in s.chars() {
        if c.is_uppercase() {
            up += 1;
        } else if c.is_lowercase() {
            low += 1;
        }
    }
    up >= 4 && low * 10 <= up
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_nouns_agree_as_in_french() {
        assert_eq!(counted(0, "Région", "Régions"), "0 Région");
        assert_eq!(counted(1, "mention", "mentions"), "1 mention");
        assert_eq!(counted(2, "Région", "Régions"), "2 Régions");
        assert_eq!(counted(1832, "passage", "passages"), "1832 passages");
    }

    #[test]
    fn a_body_is_the_text_after_its_titles() {
        let h = vec![
            "AXE 2 : Les publics".to_string(),
            "2.1)  Les savoirs de base".to_string(),
        ];
        // the titles it opens with, spacing aside, are left out
        let t = "AXE 2 : Les publics\n2.1) Les savoirs de base\nLa Région finance.\nAutre.";
        assert_eq!(body(t, &h), "La Région finance.\nAutre.");
        // a line equal to no title is body, and what follows it too
        assert_eq!(
            body("Intro.\n2.1) Les savoirs de base\nX", &h),
            "Intro.\n2.1) Les savoirs de base\nX"
        );
        // a passage that is a title alone stays what it says
        assert_eq!(
            body("2.1) Les savoirs de base", &h),
            "2.1) Les savoirs de base"
        );
    }

    /// The definition `fold` implements faster: NFD of the whole string, marks dropped.
    fn fold_by_nfd(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        for c in s.nfd() {
            fold_decomposed(c, &mut out);
        }
        out
    }

    #[test]
    fn fold_equals_whole_string_nfd() {
        let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
        let mut texts: Vec<String> = std::fs::read_dir(&data)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.extension().is_some_and(|x| x == "txt" || x == "jsonl"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default();
        assert!(texts.len() >= 5, "texts in {}", data.display());
        texts.push(
            "ÉLÈVE Œuvre ﬁnancement e\u{301}te\u{301} a\u{323}\u{302} 한국 ǅ İ ẞ `l’État´ – 2019‑2022\u{A0}%"
                .into(),
        );
        for t in &texts {
            assert_eq!(fold(t), fold_by_nfd(t));
        }
    }

    #[test]
    fn fold_accents_ligatures_apostrophes() {
        assert_eq!(
            fold("Île-de-France – Œuvre d’été"),
            "ile-de-france - oeuvre d'ete"
        );
    }

    #[test]
    fn elisions_are_dropped() {
        assert_eq!(
            normalize_words("l'offre d’emploi qu’il"),
            vec!["offr", "emploi", "il"]
        );
        assert_eq!(
            normalize_words("jusqu'à aujourd'hui"),
            vec!["a", "aujourd", "hui"]
        );
    }

    #[test]
    fn plurals_and_feminines_meet() {
        assert_eq!(
            normalize_words("territoriaux"),
            normalize_words("territorial")
        );
        assert_eq!(
            normalize_words("territoriales"),
            normalize_words("territorial")
        );
        assert_eq!(normalize_words("qualifiées"), normalize_words("qualifié"));
        assert_eq!(
            normalize_words("Métiers en TENSION"),
            normalize_words("métier en tensions")
        );
        assert_eq!(normalize_words("numériques"), normalize_words("numérique"));
        assert_eq!(normalize_words("2019"), vec!["2019"]);
    }

    #[test]
    fn shingles_of_short_and_long_texts() {
        let w = normalize_words("a b c");
        assert_eq!(shingles(&w, 6).len(), 1);
        let w = normalize_words("un deux trois quatre cinq six sept");
        assert_eq!(shingles(&w, 6).len(), 2);
        assert!(shingles(&[], 6).is_empty());
    }

    #[test]
    fn counts_and_case() {
        assert_eq!(word_count("Un texte - de 4 mots"), 5);
        assert!(is_upper_case("AXE TRANSVERSE : MODERNISER"));
        assert!(!is_upper_case("Axe transverse"));
    }
}
