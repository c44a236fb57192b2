//! Annex titles that reach segmentation glued to other text (`Le + PIC ANNEXE 2 : …` after
//! a margin label, `ANNEXE 1 : Maintien … en 2018 L'expérience du …` run into its first
//! paragraph) are split off their block, so that an annex heads its own part of the outline
//! instead of being read as body text of the last section before it.

use crate::model::{Block, BlockKind};
use crate::segment::OPEN_ENDINGS;
use crate::text::{fold, word_count};
use regex::Regex;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Most words before an annex mark that may still be a label glued to it (`Le + PIC`,
/// `C, AQ, P` from a table cell above).
const MAX_LABEL_WORDS: usize = 3;

/// Most words of an annex title (mark included) read out of a run-in block.
const MAX_TITLE_WORDS: usize = 25;

fn annex_mark() -> &'static Regex {
    static MARK: OnceLock<Regex> = OnceLock::new();
    MARK.get_or_init(|| {
        Regex::new(r"(?:^|\s)(ANNEXE|Annexe)\s+(?:N\s*°\s*)?(?:\d{1,2}|[IVX]{1,4}|[A-Z])\s*[:.\-–]")
            .unwrap_or_else(|e| panic!("bad built-in regex: {e}"))
    })
}

/// True when `text` opens with a numbered annex mark (`Annexe 2 :`, `ANNEXE IV -`).
pub fn opens_with_numbered_annex(text: &str) -> bool {
    annex_mark()
        .find(text.trim_start())
        .is_some_and(|m| m.start() == 0)
}

/// A word that cannot go on before a glued label's annex mark: one in lower case (`voir`,
/// `en`), or one closing a sentence or a reference (`cf.`).
fn label_word(w: &str) -> bool {
    let closes = w.ends_with(['.', '!', '?', ';']);
    let lower_word = w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_uppercase);
    !(closes || lower_word)
}

/// Words that open a sentence after a name in capitals (`… Région Centre L'expérience du …`).
const SENTENCE_OPENERS: &[&str] = &[
    "ce", "ces", "cet", "cette", "des", "elle", "elles", "il", "ils", "l", "la", "le", "les",
    "nous", "on", "un", "une",
];

/// The folded word, its punctuation trimmed; for an elided word its first part (`L’expérience`
/// → `l`).
fn key(w: &str) -> String {
    let f = fold(w).replace('’', "'");
    let f = f.trim_matches(|c: char| !c.is_alphanumeric());
    f.split('\'').next().unwrap_or(f).to_string()
}

/// How many of `words` (the words after the annex mark) belong to a title run into the text
/// that follows it: a title in capitals ends at the first word that is not; a title in
/// mixed case at a stop, or before a capitalised word followed by one in lower case that
/// opens a sentence: after a word that is neither one no title stops on (`OPEN_ENDINGS`) nor
/// capitalised (`… en
/// 2018 L'expérience du …`), or an article or pronoun after a name (`… Région Centre Le
/// dispositif …`). `None` when no end is found within `MAX_TITLE_WORDS`.
fn run_in_title_len(words: &[&str]) -> Option<usize> {
    let lettered = |w: &str| w.chars().any(char::is_alphabetic);
    let caps = |w: &str| lettered(w) && !w.chars().any(char::is_lowercase);
    let starts_upper = |w: &str| {
        w.trim_start_matches(|c: char| !c.is_alphanumeric())
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    };
    let limit = words.len().min(MAX_TITLE_WORDS);
    let mut first_two = words.iter().copied().filter(|w| lettered(w)).take(2);
    if first_two.clone().count() == 2 && first_two.all(caps) {
        let n = words
            .iter()
            .take(limit + 1)
            .position(|w| lettered(w) && !caps(w))?;
        return (n > 0).then_some(n);
    }
    for i in 0..limit {
        let w = words[i];
        if w.ends_with(['.', '!', '?']) && !w.ends_with("...") {
            return Some(i + 1);
        }
        if i == 0 || !starts_upper(w) || i + 1 >= words.len() {
            continue;
        }
        let prev = words[i - 1];
        let next_lower = words[i + 1].chars().next().is_some_and(char::is_lowercase);
        // after a word no title stops on (`de la Région`, `avec Pôle emploi`) a capitalised
        // word goes on the title
        let after_word = !OPEN_ENDINGS.contains(&key(prev).as_str())
            && !prev.ends_with(['\'', '’'])
            && !starts_upper(prev);
        let after_name = starts_upper(prev) && SENTENCE_OPENERS.contains(&key(w).as_str());
        if next_lower && (after_word || after_name) {
            return Some(i);
        }
    }
    None
}

/// The block as segmentation should read it: unchanged, or cut into the label glued before
/// an annex title (body text), the title (a heading candidate) and the text run in after it
/// (body text). No word is dropped: the pieces hold the block's words in order.
pub fn split_annex_title(b: &Block) -> Vec<Cow<'_, Block>> {
    let whole = || vec![Cow::Borrowed(b)];
    if b.kind == BlockKind::TableRow {
        return whole();
    }
    let text = b.text.trim();
    let Some(m) = annex_mark().captures(text) else {
        return whole();
    };
    let Some(word) = m.get(1) else {
        return whole();
    };
    let label = text[..word.start()].trim();
    let label_words: Vec<&str> = label.split_whitespace().collect();
    if label_words.len() > MAX_LABEL_WORDS
        || !label_words.iter().all(|w| label_word(w))
        || (!label.is_empty() && word.as_str() != "ANNEXE")
    {
        return whole();
    }
    let from_mark = &text[word.start()..];
    let mark_end = m.get(0).map_or(word.end(), |m| m.end()) - word.start();
    let after: Vec<&str> = from_mark[mark_end..].split_whitespace().collect();
    // a title's end found in the text, else the whole block when it is short enough to be one
    let title_len = run_in_title_len(&after)
        .or_else(|| (word_count(from_mark) <= MAX_TITLE_WORDS).then_some(after.len()));
    if label.is_empty() && title_len == Some(after.len()) {
        // the block is the title alone: segmentation reads it as it is
        return whole();
    }
    let mut title: Vec<&str> = vec![from_mark[..mark_end].trim()];
    let n = title_len.unwrap_or(0);
    title.extend(&after[..n]);
    let rest = after[n..].join(" ");
    let piece = |text: String, kind: BlockKind| {
        Cow::Owned(Block {
            text,
            kind,
            ..b.clone()
        })
    };
    let mut out = Vec::with_capacity(3);
    if !label.is_empty() {
        out.push(piece(label.to_string(), BlockKind::Paragraph));
    }
    out.push(piece(title.join(" "), BlockKind::HeadingCandidate));
    if !rest.is_empty() {
        out.push(piece(rest, b.kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BBox;

    fn block(text: &str) -> Block {
        Block {
            page: 3,
            bbox: BBox::default(),
            font_size: 10.0,
            bold: false,
            kind: BlockKind::Paragraph,
            text: text.to_string(),
        }
    }

    fn texts(b: &Block) -> Vec<(String, BlockKind)> {
        split_annex_title(b)
            .into_iter()
            .map(|c| (c.text.clone(), c.kind))
            .collect()
    }

    #[test]
    fn a_label_glued_before_an_annex_title_is_split_off() {
        let t = texts(&block(
            "Le + PIC ANNEXE 2 : LA COMMANDE REGIONALE DE FORMATIONS PROFESSIONNALISANTE",
        ));
        assert_eq!(
            t,
            vec![
                ("Le + PIC".to_string(), BlockKind::Paragraph),
                (
                    "ANNEXE 2 : LA COMMANDE REGIONALE DE FORMATIONS PROFESSIONNALISANTE".into(),
                    BlockKind::HeadingCandidate
                ),
            ]
        );
    }

    #[test]
    fn a_title_run_into_its_first_paragraph_is_split_off() {
        let body = "L’expérience du plan de formation a montré les limites d’un soutien \
                    temporaire : les délais de mise en œuvre sont tels que le soutien s’achève \
                    quand l’écosystème approche sa vitesse de croisière.";
        let t = texts(&block(&format!(
            "ANNEXE 1 : Maintien de la dynamique « effectifs » enclenchée en 2018 {body}"
        )));
        assert_eq!(t.len(), 2, "{t:?}");
        assert_eq!(
            t[0].0,
            "ANNEXE 1 : Maintien de la dynamique « effectifs » enclenchée en 2018"
        );
        assert_eq!(t[0].1, BlockKind::HeadingCandidate);
        assert_eq!(t[1].0, body);
        // in capitals, the title ends at the first word that is not
        let t = texts(&block(&format!(
            "ANNEXE 3 : LES DISPOSITIFS REGIONAUX {body}"
        )));
        assert_eq!(t[0].0, "ANNEXE 3 : LES DISPOSITIFS REGIONAUX");
        assert_eq!(t[1].0, body);
        // a name in capitals inside the title is not a sentence's start
        let t = texts(&block(&format!(
            "Annexe 4 : Convention avec Pôle emploi et la Région Centre {body}"
        )));
        assert_eq!(
            t[0].0,
            "Annexe 4 : Convention avec Pôle emploi et la Région Centre"
        );
    }

    #[test]
    fn a_run_in_title_without_an_end_keeps_its_words_in_the_body() {
        let long = "ANNEXE 1 : maintien de la dynamique des effectifs enclenchée en 2018 et \
                    reconduite en 2019 sur la même base budgétaire que l’année précédente pour \
                    toutes les actions qualifiantes engagées par les organismes";
        let t = texts(&block(long));
        assert_eq!(t[0].0, "ANNEXE 1 :");
        assert_eq!(t[1].0.split_whitespace().count() + 2, word_count(long));
    }

    #[test]
    fn references_to_annexes_and_titles_alone_are_left_alone() {
        for text in [
            "ANNEXE 2 : LA COMMANDE REGIONALE",
            "Le détail figure en ANNEXE 2 : les montants par dispositif et par année y sont donnés.",
            "cf. ANNEXE 2 : montants",
            "Les montants (voir Annexe 2 : budget) sont indicatifs.",
        ] {
            let b = block(text);
            let t = split_annex_title(&b);
            assert!(
                t.len() == 1 && matches!(t[0], Cow::Borrowed(_)),
                "{text}: {t:?}"
            );
        }
        let mut row = block("C, AQ, P | ANNEXE 3 : LES DISPOSITIFS");
        row.kind = BlockKind::TableRow;
        assert_eq!(split_annex_title(&row).len(), 1);
    }

    #[test]
    fn numbered_annex_marks() {
        assert!(opens_with_numbered_annex("Annexe 2 : budget"));
        assert!(opens_with_numbered_annex("ANNEXE IV - Les fiches"));
        assert!(!opens_with_numbered_annex("Annexes"));
        assert!(!opens_with_numbered_annex("Le + PIC ANNEXE 2 : budget"));
    }
}
