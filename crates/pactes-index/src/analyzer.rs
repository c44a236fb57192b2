//! The French analyser: NFC, split on apostrophes and punctuation, lower case, stop words, accent
//! folding, then Snowball stemming — in that order so that `acces` and `accès` meet.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Name under which the analyser is registered in every opened index.
pub const FRENCH_ANALYZER: &str = "pactes_fr";

/// Elided articles/pronouns that survive the apostrophe split (`l'emploi` → `l`, `emploi`),
/// plus a few frequent French function words missing from the Snowball list.
const EXTRA_STOP_WORDS: &[&str] = &[
    "l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    "les", "un", "une", "où", "son", "a",
];

/// Splits text into words: runs of alphanumeric characters and combining marks (so a decomposed
/// `e` + U+0301 stays one word). Everything else — spaces, punctuation, both apostrophes (`'`
/// and `’`), hyphens — separates words. Each token's text is the NFC, lower-cased word; its
/// offsets point into the original text (needed by the snippet generator).
#[derive(Clone, Default)]
pub struct FrenchWordTokenizer {
    token: Token,
}

/// Token stream of [`FrenchWordTokenizer`].
pub struct FrenchWordStream<'a> {
    text: &'a str,
    pos: usize,
    token: &'a mut Token,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

impl Tokenizer for FrenchWordTokenizer {
    type TokenStream<'a> = FrenchWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FrenchWordStream<'a> {
        self.token.reset();
        FrenchWordStream {
            text,
            pos: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for FrenchWordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        let rest = self.text.get(self.pos..).unwrap_or("");
        let Some((start_rel, _)) = rest.char_indices().find(|&(_, c)| is_word_char(c)) else {
            self.pos = self.text.len();
            return false;
        };
        let start = self.pos + start_rel;
        let word_rest = self.text.get(start..).unwrap_or("");
        let end = word_rest
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len(), |(i, _)| start + i);
        let word = self.text.get(start..end).unwrap_or("");
        self.token
            .text
            .extend(word.nfc().flat_map(char::to_lowercase));
        self.token.offset_from = start;
        self.token.offset_to = end;
        self.token.position = self.token.position.wrapping_add(1);
        self.pos = end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The French stop-word list used by the analyser: Snowball's list plus the elided forms.
pub fn french_stop_words() -> Vec<String> {
    let mut words: Vec<String> = SNOWBALL_FRENCH
        .iter()
        .chain(EXTRA_STOP_WORDS)
        .map(|w| (*w).to_owned())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Snowball's French stop words, as shipped by tantivy (whose list is private). `est` is
/// deliberately absent (Grand Est).
const SNOWBALL_FRENCH: &[&str] = &[
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "eux", "il",
    "je", "la", "le", "leur", "lui", "ma", "mais", "me", "même", "mes", "moi", "mon", "ne", "nos",
    "notre", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "sa", "se", "ses",
    "sur", "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "c", "d",
    "j", "l", "à", "m", "n", "s", "t", "y", "étée", "étées", "étant", "suis", "es", "êtes", "sont",
    "serai", "seras", "sera", "serons", "serez", "seront", "serais", "serait", "serions", "seriez",
    "seraient", "étais", "était", "étions", "étiez", "étaient", "fus", "fut", "fûmes", "fûtes",
    "furent", "sois", "soit", "soyons", "soyez", "soient", "fusse", "fusses", "fussions",
    "fussiez", "fussent", "ayant", "eu", "eue", "eues", "eus", "ai", "avons", "avez", "ont",
    "aurai", "aurons", "aurez", "auront", "aurais", "aurait", "aurions", "auriez", "auraient",
    "avais", "avait", "aviez", "avaient", "eut", "eûmes", "eûtes", "eurent", "aie", "aies", "ait",
    "ayons", "ayez", "aient", "eusse", "eusses", "eût", "eussions", "eussiez", "eussent", "ceci",
    "cela", "celà", "cet", "cette", "ici", "ils", "les", "leurs", "quel", "quels", "quelle",
    "quelles", "sans", "soi",
];

/// Builds the French analyser: [`FrenchWordTokenizer`] (NFC, apostrophe split, lower case) →
/// stop words → ASCII folding → French Snowball stemmer → drop tokens over 40 bytes.
pub fn french_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(FrenchWordTokenizer::default())
        .filter(StopWordFilter::remove(french_stop_words()))
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::French))
        .filter(RemoveLongFilter::limit(40))
        .build()
}

/// The terms the analyser produces for `text` (for tests and diagnostics).
pub fn analyze(text: &str) -> Vec<String> {
    let mut analyzer = french_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

/// Case- and accent-insensitive key for exact-match filters (regions, themes): NFC, lower
/// case, accents removed, every run of non-alphanumerics collapsed to one `-`.
pub fn fold_key(s: &str) -> String {
    let mut out = String::new();
    let mut pending_sep = false;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_sep && !out.is_empty() {
                out.push('-');
            }
            pending_sep = false;
            for l in c.to_lowercase() {
                match l {
                    'œ' => out.push_str("oe"),
                    'æ' => out.push_str("ae"),
                    'ß' => out.push_str("ss"),
                    other => out.push(other),
                }
            }
        } else {
            pending_sep = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        let (ta, tb) = (analyze(a), analyze(b));
        assert!(!ta.is_empty(), "{a:?} analysed to nothing");
        assert_eq!(ta, tb, "{a:?} and {b:?} should analyse alike");
    }

    #[test]
    fn accent_and_plural_pairs_meet() {
        same("accès", "acces");
        same("formation", "formations");
        same("collectivités", "collectivites");
        same("l'emploi", "emploi");
        same("d’accès", "accès");
        same("d’accès", "acces");
        same("Qualification", "qualifications");
        same("ÉLÈVES", "eleves");
        same("cœur", "coeur");
    }

    #[test]
    fn decomposed_input_is_composed() {
        // "accès" with a combining grave accent.
        same("acce\u{300}s", "accès");
        same("E\u{301}tat", "état");
    }

    #[test]
    fn stop_words_and_elisions_are_dropped() {
        assert_eq!(analyze("l' d' qu' de la les"), Vec::<String>::new());
        assert_eq!(analyze("jusqu’à l’emploi"), analyze("emploi"));
    }

    #[test]
    fn distinct_words_stay_distinct() {
        assert_ne!(analyze("emploi"), analyze("employeur"));
        assert_ne!(analyze("formation"), analyze("information"));
    }

    #[test]
    fn offsets_point_into_original_text() {
        let text = "Taux d’accès: <b>élevé</b>";
        let mut a = french_analyzer();
        let mut s = a.token_stream(text);
        let mut words = Vec::new();
        while let Some(t) = s.next() {
            words.push(text[t.offset_from..t.offset_to].to_owned());
        }
        assert_eq!(words, vec!["Taux", "accès", "b", "élevé", "b"]);
    }

    #[test]
    fn fold_key_ignores_case_accents_and_punctuation() {
        assert_eq!(fold_key("Île-de-France"), "ile-de-france");
        assert_eq!(fold_key("ile de france"), "ile-de-france");
        assert_eq!(
            fold_key("  PROVENCE-ALPES-CÔTE D’AZUR "),
            "provence-alpes-cote-d-azur"
        );
        assert_eq!(fold_key(""), "");
    }
}
