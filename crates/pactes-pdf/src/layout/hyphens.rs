//! De-hyphenation: the document's words (`Lexicon`), and whether a word cut at a line's end
//! is rejoined without its hyphen, with it, or not at all.

use std::collections::{HashMap, HashSet};

/// Word statistics of the whole document, for de-hyphenation.
#[derive(Default)]
pub(crate) struct Lexicon {
    words: HashMap<String, u32>,
    /// The words with accents, without them (`régionaux` → `regionaux`): capitals often go
    /// without their accents (`REGIONAUX`).
    unaccented: HashSet<String>,
    /// Lines that end on U+2010 (the hyphen a typesetter draws at a hyphenation break).
    breaks_u2010: u32,
    /// Words with a U+2010 inside, and with a hyphen-minus inside.
    inner_u2010: u32,
    inner_minus: u32,
    /// Words with a U+00AD (soft hyphen) inside, between letters: a producer that gives its
    /// hyphen glyph that code (Typst) draws every hyphen, its words' own too, as U+00AD.
    inner_shy: u32,
}

impl Lexicon {
    /// Whether the document draws its hyphenation breaks with U+2010 while its own words are
    /// written with hyphen-minus: then a line-end U+2010 is a break and a line-end hyphen-minus
    /// is the word's own hyphen.
    fn breaks_drawn_apart(&self) -> bool {
        self.breaks_u2010 >= 3
            && self.inner_u2010 == 0
            && self.inner_minus >= 1
            && !self.shy_drawn()
    }

    /// Whether the document draws U+00AD inside words (`ci\u{ad}avant`): there a U+00AD is a
    /// visible hyphen like any other, at a line's end too (not the mark of a hyphenation
    /// break), and reads as `-`.
    pub(super) fn shy_drawn(&self) -> bool {
        self.inner_shy >= 2
    }
}

/// The hyphens a line may end on at a break: hyphen-minus, hyphen, non-breaking hyphen.
const LINE_END_HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// Whether `c` marks a word cut at a line end: a drawn hyphen or a discretionary one.
pub(super) fn is_break_mark(c: char) -> bool {
    LINE_END_HYPHENS.contains(&c) || c == '\u{ad}'
}

/// Whether a line ends on a hyphenation break marked as discretionary (U+00AD before the
/// drawn hyphen, or alone).
fn ends_with_soft_break(line: &str) -> bool {
    let t = line.trim_end();
    let t = t.strip_suffix(LINE_END_HYPHENS).unwrap_or(t);
    t.ends_with('\u{ad}')
}

/// Drops a line-end hyphenation mark: the hyphen and a discretionary hyphen before it.
pub(super) fn drop_break(s: &mut String) {
    s.pop();
    if s.ends_with('\u{ad}') {
        s.pop();
    }
}

fn trim_word(s: &str) -> &str {
    s.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
}

impl Lexicon {
    /// Adds a line's words, but the first `skip` tokens.
    pub fn add_line_from(&mut self, text: &str, skip: usize) {
        let toks: Vec<&str> = text.split_whitespace().collect();
        if text.trim_end().ends_with('\u{2010}') {
            self.breaks_u2010 += 1;
        }
        for (i, t) in toks.iter().enumerate().skip(skip) {
            let inner = t.trim_end_matches(is_break_mark);
            self.inner_u2010 += u32::from(inner.contains('\u{2010}'));
            self.inner_shy += u32::from(inner.split('\u{ad}').collect::<Vec<_>>().windows(2).any(
                |w| {
                    w[0].ends_with(char::is_alphanumeric) && w[1].starts_with(char::is_alphanumeric)
                },
            ));
            self.inner_minus += u32::from(inner.trim_start_matches('-').contains('-'));
            let w = trim_word(t);
            // A line-final "xxx-" is the case being decided: not evidence.
            if i + 1 == toks.len()
                && (w.ends_with('-') || t.ends_with(['\u{2010}', '\u{2011}', '\u{ad}']))
            {
                continue;
            }
            let w = w.replace('\u{ad}', "-");
            let w = w.trim_matches('-');
            if w.is_empty() {
                continue;
            }
            *self.words.entry(w.to_lowercase()).or_default() += 1;
            if !w.is_ascii() {
                self.unaccented.insert(pactes_doc::text::fold(w));
            }
            if w.contains('-') {
                for part in w.split('-').filter(|p| !p.is_empty()) {
                    *self
                        .words
                        .entry(format!("~{}", part.to_lowercase()))
                        .or_default() += 1;
                }
            }
        }
    }
    pub(super) fn has(&self, w: &str) -> bool {
        self.words.contains_key(&w.to_lowercase())
    }
    /// `has`, accents aside (for words in capitals).
    fn has_unaccented(&self, w: &str) -> bool {
        self.has(w) || self.unaccented.contains(&pactes_doc::text::fold(w))
    }
}

/// Joins the lines of a block, rejoining words hyphenated at line end and keeping real
/// hyphens (`Île-de-France`, `sous-main`, `2019-2022`).
pub(crate) fn join_lines(lines: &[String], lex: &Lexicon) -> String {
    let drawn: Vec<String>;
    let lines = if lex.shy_drawn() {
        drawn = lines.iter().map(|l| l.replace('\u{ad}', "-")).collect();
        &drawn[..]
    } else {
        lines
    };
    let mut out = String::new();
    for l in lines {
        let l = l.trim();
        if l.is_empty() {
            continue;
        }
        if out.is_empty() {
            out.push_str(l);
            continue;
        }
        match hyphen_join(&out, l, lex) {
            Some(true) => {
                // Drop the hyphen, glue.
                drop_break(&mut out);
                out.push_str(l);
            }
            Some(false) => out.push_str(l),
            None => {
                out.push(' ');
                out.push_str(l);
            }
        }
    }
    out
}

/// Whether the token a line ends on is (part of) a URL.
fn in_url(head: &str) -> bool {
    head.contains("://") || head.contains("www.") || head.contains(".fr/") || head.contains(".com/")
}

/// `None`: not a hyphenation (join with a space); `Some(true)`: drop the hyphen and glue;
/// `Some(false)`: keep the hyphen and glue.
pub(super) fn hyphen_join(prev: &str, next: &str, lex: &Lexicon) -> Option<bool> {
    let last = prev.chars().last()?;
    if last == '\u{00AD}' {
        return Some(true);
    }
    if !LINE_END_HYPHENS.contains(&last) {
        return None;
    }
    // The hyphen drawn for a discretionary hyphen: a hyphenation break.
    if ends_with_soft_break(prev) {
        return Some(true);
    }
    let head = prev[..prev.len() - last.len_utf8()]
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    let left = head.rsplit('-').next().unwrap_or("");
    let left = left.trim_start_matches(|c: char| !c.is_alphanumeric());
    let first = next.split_whitespace().next().unwrap_or("");
    let right_full = first.trim_end_matches(|c: char| !c.is_alphanumeric());
    let right = right_full.split('-').next().unwrap_or("");
    let lc = left.chars().last()?;
    let rc = right.chars().next()?;
    if !lc.is_alphanumeric() || !rc.is_alphanumeric() {
        // "- " dash, or a hyphen before punctuation: not a word break.
        return if left.is_empty() || (lc.is_alphanumeric() && rc.is_alphanumeric()) {
            None
        } else {
            Some(false)
        };
    }
    // The word broken may be the last of an elision or a slash list (`l’AC-`,
    // `activité/terri-`): the lexicon is asked for both the whole token and that word.
    let (left_tok, right_tok) = (left, right);
    let left = left
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or(left);
    let right = right
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or(right);
    // A word in capitals split at line end ("FORMA-" / "TION") whose joined form is a word.
    let caps = |w: &str| w.chars().all(|c| c.is_alphabetic() && c.is_uppercase());
    let word = |w: &str| lex.has(w) || lex.has(&format!("~{w}"));
    if caps(left) && caps(right) {
        if lex.has_unaccented(&format!("{left}{right}")) {
            return Some(true);
        }
        // Never seen whole (a title repeated, cut at the same place each time: `TEMPO-` /
        // `RALITE`): a hyphenation break when the first half is an open syllable (ends on a
        // vowel, as French hyphenation cuts) that is no word of its own, and neither half is
        // as short as an acronym or a number (`PME-PMI`, `IV-`). A compound keeps its hyphen
        // (`SAINT-` / `NAZAIRE`, `HAUTE-` / `SAVOIE`).
        let vowel = |c: char| "AEIOUYÉÈÊËÀÂÎÏÔÛÙ".contains(c);
        if !lex.breaks_drawn_apart()
            && left.chars().count() >= 4
            && right.chars().count() >= 4
            && left.chars().last().is_some_and(vowel)
            && !word(&left.to_lowercase())
            && !in_url(head)
            && !lex.has_unaccented(&format!("{left}-{right}"))
        {
            return Some(true);
        }
    }
    // Inside a URL, a hyphen is always part of it (a slash alone is a list: `santé/numérique`).
    if in_url(head) {
        return Some(false);
    }
    // This producer draws its hyphenation breaks with their own character: that says it,
    // even for a word in capitals (`(ENIC NA‐` / `RIC)`).
    if lex.breaks_drawn_apart() {
        return Some(last == '\u{2010}');
    }
    if lc.is_numeric() || rc.is_numeric() || rc.is_uppercase() {
        return Some(false);
    }
    let forms = [(left_tok, right_tok), (left, right)];
    if forms.iter().any(|(l, r)| lex.has(&format!("{l}{r}"))) {
        return Some(true);
    }
    if forms.iter().any(|(l, r)| lex.has(&format!("{l}-{r}"))) {
        return Some(false);
    }
    // French prefixes and particles written with a hyphen (co-construire, ex-salarié,
    // non-recours, plus-values, après-midi, avant-projet…); none of them is a syllable where
    // French hyphenation would cut a longer word.
    const PREFIXES: [&str; 14] = [
        "co", "ex", "vice", "demi", "semi", "mi", "non", "quasi", "sous", "plus", "moins", "après",
        "avant", "arrière",
    ];
    if PREFIXES.contains(&left.to_lowercase().as_str()) {
        return Some(false);
    }
    // `au-delà`, `au-dessus`…: fixed compounds whose first part is also a syllable.
    if left.eq_ignore_ascii_case("au")
        && ["delà", "dessus", "dessous", "devant"].contains(&right.to_lowercase().as_str())
    {
        return Some(false);
    }
    // A derivational ending (`structurelle-ment`, `forma-tion`) is never a word of its own.
    const ENDINGS: [&str; 16] = [
        "ment", "ments", "tion", "tions", "sion", "sions", "ique", "iques", "able", "ables",
        "ible", "ibles", "isme", "ismes", "iste", "istes",
    ];
    if ENDINGS.contains(&right.to_lowercase().as_str()) {
        return Some(true);
    }
    // Two words joined by a hyphen (`haut-commissaire`); a fragment of one or two letters
    // before the break (`en-suite`, `re-prises`) is a syllable unless it is a known prefix.
    if forms
        .iter()
        .any(|(l, r)| word(l) && word(r) && l.chars().count() > 2)
    {
        return Some(false);
    }
    Some(true)
}
