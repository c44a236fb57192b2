//! Text helpers for the synthesis: cleaning extraction debris, sentence units, folding for
//! matching, word counts and shingles, Markdown / CSV escaping.

use regex::Regex;
use std::sync::OnceLock;

/// Lowercase, accent-folded form of `s` for matching (`é` → `e`, `œ` → `oe`, `’` → `'`).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        for l in c.to_lowercase() {
            match l {
                'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
                'é' | 'è' | 'ê' | 'ë' => out.push('e'),
                'î' | 'ï' | 'í' | 'ì' => out.push('i'),
                'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
                'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
                'ç' => out.push('c'),
                'ÿ' => out.push('y'),
                'ñ' => out.push('n'),
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                '’' | 'ʼ' | '`' | '´' => out.push('\''),
                '‐' | '‑' | '‒' | '–' | '—' => out.push('-'),
                _ => out.push(l),
            }
        }
    }
    out
}

/// Alphanumeric tokens of the folded text: the unit of shingles and cue matching.
pub fn tokens(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// Words as a reader counts them: whitespace-separated runs holding a letter or digit (the
/// passages' own count, so that a budget and a passage's length are in the same words).
pub use pactes_doc::text::word_count;

/// The set of `n`-token shingles of `toks` (the whole sequence when it is shorter than `n`):
/// the passages' own, which the tagger's evaluation uses too.
pub use pactes_doc::text::shingles;

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).unwrap_or_else(|_| unreachable_regex()))
}

/// A regex that matches nothing (only used if a built-in pattern failed to compile, which the
/// unit tests rule out).
fn unreachable_regex() -> Regex {
    Regex::new("[^\\s\\S]").unwrap_or_else(|_| unreachable!("trivial regex"))
}

/// A heading cleaned like a passage (`clean`), on one line: a heading the segmenter took from
/// a table of contents loses its leaders.
pub fn clean_heading(h: &str) -> String {
    let t = clean(h).replace('\n', " ");
    let t = t.trim_end();
    if cut_short(t) {
        format!("{t} …")
    } else {
        t.to_string()
    }
}

/// Whether a heading was cut short by a line break (a table cell's title whose rest went into
/// the body): it stops mid-phrase as the segmenter reads titles, or leaves a parenthesis open.
/// Shown with an ellipsis rather than as if whole.
fn cut_short(t: &str) -> bool {
    pactes_doc::segment::stops_mid_phrase(t) || t.matches('(').count() > t.matches(')').count()
}

/// Removes extraction debris from a passage's text while keeping its line structure: HTML
/// formatting tags rendered as text (`<p>`, `<ul …>`), private-use glyphs, control and
/// zero-width characters, table-of-contents leaders; bullets become `•`.
pub fn clean(text: &str) -> String {
    static TAGS: OnceLock<Regex> = OnceLock::new();
    static LEADERS: OnceLock<Regex> = OnceLock::new();
    let tags = re(
        &TAGS,
        r#"(?i)</?(p|ul|ol|li|br|div|span|b|i|u|em|strong|table|tbody|thead|tr|td|th|font|sup|sub)(\s+[a-z-]+\s*=\s*("[^"<>]*"|'[^'<>]*'|[^\s<>]+))*\s*/?>"#,
    );
    let leaders = re(&LEADERS, r"(\.\s?){4,}|…{2,}|_{4,}");
    // A tag cut by a table cell or a line end (`<ul style="list-style-type: | 2019`): the part
    // before the cut, which the full-tag pattern cannot see closed.
    static CUT: OnceLock<Regex> = OnceLock::new();
    let cut = re(
        &CUT,
        r#"(?im)</?(p|ul|ol|li|br|div|span|em|strong|table|tbody|thead|tr|td|th|font|sup|sub)(\s+[a-z-]+\s*=\s*"[^"<>|\n]*)+\s*(\||$)"#,
    );
    let no_tags = tags.replace_all(text, " ");
    let no_cut = cut.replace_all(&no_tags, |c: &regex::Captures| {
        if c[0].ends_with('|') { "|" } else { " " }.to_string()
    });
    // ... and its end, at the start of the next line or cell (`none">`).
    static CUT_END: OnceLock<Regex> = OnceLock::new();
    let cut_end = re(&CUT_END, r#"(?m)(^|\|)(\s*)[a-z][a-z:; -]{0,40}"\s*/?>"#);
    let no_cut = cut_end.replace_all(&no_cut, "$1$2");
    let no_leaders = leaders.replace_all(&no_cut, " ");
    let mut lines = Vec::new();
    for line in no_leaders.split(['\n', '\x0c']) {
        let mut l = String::with_capacity(line.len());
        for c in line.chars() {
            match c {
                '\t' | '\u{a0}' | '\u{202f}' | '\u{2009}' => l.push(' '),
                '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' => {}
                c if c.is_control() => l.push(' '),
                '\u{e000}'..='\u{f8ff}' => l.push('•'),
                '▶' | '►' | '▪' | '■' | '□' | '◆' | '●' | '○' | '➢' | '➤' | '✓' | '✔' => {
                    l.push('•')
                }
                c => l.push(c),
            }
        }
        let collapsed = drop_ticks(&l);
        let t = normalize_bullet(&collapsed);
        if t.chars().any(char::is_alphanumeric) {
            lines.push(t);
        }
    }
    lines.join("\n")
}

/// A mark of a planning grid's cell rather than a word: `X`, `XX`, `x`, `?` (a table's
/// `2019 | 2020 | 2021` columns ticked for an action).
fn is_tick(w: &str) -> bool {
    matches!(w, "X" | "XX" | "XXX" | "x" | "?")
}

/// A line's words (whitespace collapsed) without the marks of a planning grid's columns: a
/// run of two marks or more (`X X X`, `X XX`, `? ? ?`, across cell separators), or a cell
/// holding one mark only (`… | X | …`). What a grid ticks is not what a Pacte says, and read as
/// prose it is debris (`AMO X X`, `X X X 1-2 Mobiliser les publics…`). A lone `X` in a
/// sentence may be a Roman numeral and stays.
fn drop_ticks(line: &str) -> String {
    let w: Vec<&str> = line.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        if !is_tick(w[i]) {
            out.push(w[i]);
            i += 1;
            continue;
        }
        // the run of marks and cell separators from i
        let mut j = i;
        while j < w.len() && (is_tick(w[j]) || w[j] == "|") {
            j += 1;
        }
        // separators at the run's end belong to the cells after it
        let mut end = j;
        while end > i && w[end - 1] == "|" {
            end -= 1;
        }
        let ticks = w[i..end].iter().filter(|t| is_tick(t)).count();
        let cell_before = out.last().is_none_or(|t| *t == "|");
        let cell_after = end == w.len() || w[end] == "|";
        if ticks >= 2 || cell_before && cell_after {
            // one separator stays between the cells on either side (the pass below drops it
            // at the line's ends and where it doubles one)
            if w[i..end].contains(&"|") {
                out.push("|");
            }
        } else {
            out.extend_from_slice(&w[i..end]);
        }
        i = end;
    }
    // separators left at the line's ends, or doubled, by the marks' removal
    let mut kept: Vec<&str> = Vec::with_capacity(out.len());
    for t in out {
        if t == "|" && kept.last().is_none_or(|p| *p == "|") {
            continue;
        }
        kept.push(t);
    }
    while kept.last() == Some(&"|") && !line.trim_end().ends_with('|') {
        kept.pop();
    }
    kept.join(" ")
}

/// `- ▶ text`, `• • text`, `o text` → `• text`.
fn normalize_bullet(line: &str) -> String {
    let mut rest = line;
    let mut bullet = false;
    loop {
        let t = rest.trim_start();
        let stripped = t
            .strip_prefix('•')
            .or_else(|| t.strip_prefix("- "))
            .or_else(|| t.strip_prefix("– "))
            .or_else(|| t.strip_prefix("o "))
            .or_else(|| t.strip_prefix("* "));
        match stripped {
            Some(s) => {
                bullet = true;
                rest = s;
            }
            None => break,
        }
    }
    let rest = rest.trim();
    if bullet {
        format!("• {rest}")
    } else {
        rest.to_string()
    }
}

/// One sentence-like unit of a passage: a sentence, a list item, a table cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub text: String,
    /// Index of the line (block) it comes from: units of one line are joined by a space.
    pub line: usize,
    /// Index of its table cell within the line (0 for a line that is not a table row).
    pub cell: usize,
    pub words: usize,
    /// Folded tokens (for matching).
    pub toks: Vec<String>,
}

const ABBREVIATIONS: &[&str] = &[
    "m", "mme", "mr", "cf", "p", "n", "no", "etc", "ex", "art", "av", "vol", "chap", "env", "hab",
    "st", "ste", "dr", "pr", "min", "max", "c", "resp",
];

/// Splits cleaned text into units: lines, table cells (` | `), inline bullets (` • `) and
/// sentences (a `.`, `!`, `?` or `…` followed by a space and a capital, a quote or a digit;
/// not after a known abbreviation or an initial).
pub fn units(cleaned: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    for (li, line) in cleaned.split('\n').enumerate() {
        for (ci, cell) in line.split(" | ").enumerate() {
            let pieces = cell.split(" • ").enumerate().flat_map(|(bi, piece)| {
                inline_items(piece.trim())
                    .into_iter()
                    .map(move |(item, p)| (bi > 0 || item, p))
            });
            for (item, piece) in pieces {
                if piece.is_empty() {
                    continue;
                }
                let piece = if item {
                    format!("• {piece}")
                } else {
                    piece.to_string()
                };
                for s in split_sentences(&piece).into_iter().flat_map(split_run_on) {
                    let words = word_count(&s);
                    if words == 0 || is_footnote(&s) {
                        continue;
                    }
                    let toks = tokens(&s);
                    out.push(Unit {
                        text: s,
                        line: li,
                        cell: ci,
                        words,
                        toks,
                    });
                }
            }
        }
    }
    out
}

/// Splits a list set on one line (a table cell's items joined by the extraction: `… :
/// - Accompagner … - Développer …`) into its lead-in and its items (`true`), without their
/// dashes.
/// Only with two items or more, each a dash between spaces before a capital (not between
/// figures: `2019 - 2020`), so that a dash set as an incise stays in its sentence.
fn inline_items(piece: &str) -> Vec<(bool, &str)> {
    let starts_item = |rest: &str| {
        let mut cs = rest.chars();
        matches!(cs.next(), Some('-' | '–'))
            && cs.next() == Some(' ')
            && cs.next().is_some_and(char::is_uppercase)
    };
    let mut marks: Vec<usize> = piece
        .char_indices()
        .filter(|&(i, c)| {
            c == ' '
                && starts_item(&piece[i + 1..])
                && !piece[..i].ends_with(|p: char| p.is_ascii_digit())
        })
        .map(|(i, _)| i + 1)
        .collect();
    if starts_item(piece) {
        marks.insert(0, 0);
    }
    if marks.len() < 2 {
        return vec![(false, piece)];
    }
    let mut out = Vec::new();
    if marks[0] > 0 {
        out.push((false, piece[..marks[0]].trim()));
    }
    for (k, &m) in marks.iter().enumerate() {
        let end = marks.get(k + 1).copied().unwrap_or(piece.len());
        // past the dash (one byte or three) and its space
        let body = piece[m..end].trim_start_matches(['-', '–']).trim();
        out.push((true, body));
    }
    out
}

/// A "sentence" longer than this without a closing stop is a table row or a form flattened
/// into one run of text: it is cut into chunks.
const RUN_ON_WORDS: usize = 60;
/// Smallest chunk of a run-on text.
const CHUNK_MIN_WORDS: usize = 12;

/// Cuts a run-on text (more than `RUN_ON_WORDS` words, no closing stop: table rows and forms
/// flattened into one line) before words that open a cell or an item (a capital or a digit),
/// into chunks of `CHUNK_MIN_WORDS` to `RUN_ON_WORDS` words, so that an excerpt can quote the
/// part of it that carries a theme. Sentences are returned whole.
fn split_run_on(s: String) -> Vec<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let closed = s
        .trim_end()
        .ends_with(['.', '!', '?', '…', ';', ':', '»', ')']);
    if words.len() <= RUN_ON_WORDS || closed {
        return vec![s];
    }
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for w in words {
        let opens = w
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if cur.len() >= RUN_ON_WORDS || (opens && cur.len() >= CHUNK_MIN_WORDS) {
            out.push(cur.join(" "));
            cur.clear();
        }
        cur.push(w);
    }
    if !cur.is_empty() {
        out.push(cur.join(" "));
    }
    out
}

/// A footnote line (`¹ France Stratégie, …`) or a bare page number.
fn is_footnote(s: &str) -> bool {
    let t = s.trim_start_matches('•').trim();
    t.starts_with(['¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'])
        || t.chars()
            .all(|c| c.is_ascii_digit() || c == '/' || c == ' ')
}

fn split_sentences(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if matches!(c, '.' | '!' | '?' | '…' | ';') {
            // closing quotes / brackets stay with the sentence
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '»' | '"' | ')' | '’' | '”') {
                j += 1;
            }
            if j < chars.len() && chars[j] == ' ' {
                let mut k = j;
                while k < chars.len() && chars[k] == ' ' {
                    k += 1;
                }
                let next = chars.get(k).copied().unwrap_or(' ');
                let starts_new = next.is_uppercase()
                    || matches!(next, '«' | '"' | '“' | '•' | '(')
                    || next.is_ascii_digit();
                let ok = if c == ';' {
                    // a semicolon ends a unit only before a bullet-like enumeration
                    next == '•'
                } else {
                    starts_new && !(c == '.' && is_abbreviation(&chars[start..i]))
                };
                if ok {
                    let sent: String = chars[start..j].iter().collect();
                    let sent = sent.trim().to_string();
                    if !sent.is_empty() {
                        out.push(sent);
                    }
                    start = k;
                    i = k;
                    continue;
                }
            }
        }
        i += 1;
    }
    let rest: String = chars[start.min(chars.len())..].iter().collect();
    let rest = rest.trim();
    if !rest.is_empty() {
        out.push(rest.to_string());
    }
    out
}

fn is_abbreviation(before: &[char]) -> bool {
    let word: String = before
        .iter()
        .rev()
        .take_while(|c| c.is_alphanumeric() || **c == '°')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if word.is_empty() {
        return false;
    }
    let mut cs = word.chars();
    // a single capital letter is an initial (B. Schwartz)
    if let (Some(first), None) = (cs.next(), cs.next()) {
        if first.is_uppercase() {
            return true;
        }
    }
    let f = fold(&word).replace('°', "");
    ABBREVIATIONS.contains(&f.as_str())
}

/// Whether text after a `&` would make it a character reference in Markdown or HTML:
/// letters or `#` and digits, then `;`.
fn opens_reference(rest: &str) -> bool {
    let body = rest.strip_prefix('#').unwrap_or(rest);
    let n = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    n > 0 && body[n..].starts_with(';')
}

/// Escapes text for inline Markdown: HTML is neutralised and every character that Markdown
/// (or a template engine) could interpret is backslash-escaped; line-start markers too.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        match c {
            // only where it would open a character reference (`&amp;`, `&#38;`): `R&D` and
            // `A & B` read as they are
            '&' if opens_reference(&s[i + 1..]) => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '{' | '}' | '|' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    // line-start markers: bullet (`- `, `+ `), setext underline (`===`), ordered list (`1. `)
    let t = out.trim_start();
    let lead = out.len() - t.len();
    let marker_end = |rest: &str| rest.is_empty() || rest.starts_with(' ');
    let needs = if t.starts_with(['-', '+']) {
        Some(0).filter(|_| marker_end(&t[1..]) || t.chars().all(|c| c == '-' || c == ' '))
    } else if t.starts_with('=') {
        Some(0)
    } else {
        t.find(|c: char| !c.is_ascii_digit())
            .filter(|&p| p > 0 && (t[p..].starts_with('.') || t[p..].starts_with(')')))
            .filter(|&p| marker_end(&t[p + 1..]))
    };
    if let Some(p) = needs {
        let mut fixed = String::with_capacity(out.len() + 1);
        fixed.push_str(&out[..lead + p]);
        fixed.push('\\');
        fixed.push_str(&t[p..]);
        return fixed;
    }
    out
}

/// Quotes a CSV field when needed (RFC 4180).
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r', ';']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn starts_sentence_like(t: &str) -> bool {
        t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    }

    #[test]
    fn run_on_rows_are_cut_into_chunks_sentences_are_not() {
        let row = (0..30)
            .map(|i| format!("Action {i} vers les jeunes"))
            .collect::<Vec<_>>()
            .join(" ");
        let u = units(&row);
        assert!(u.len() > 1, "{u:?}");
        assert!(u.iter().all(|x| x.words <= RUN_ON_WORDS && x.words >= 4));
        assert_eq!(u.iter().map(|x| x.words).sum::<usize>(), 150);
        assert!(u.iter().all(|x| starts_sentence_like(&x.text)));
        let sentence = format!("{}.", vec!["la Région finance"; 30].join(" "));
        assert_eq!(units(&sentence).len(), 1);
    }

    #[test]
    fn the_ticks_of_a_planning_grid_are_not_text() {
        for (line, read) in [
            (
                "X X X 1-2 Mobiliser les publics vers les métiers",
                "1-2 Mobiliser les publics vers les métiers",
            ),
            ("accompagnement VAE X X", "accompagnement VAE"),
            (
                "un AMO au niveau national 2019 ? ? ?",
                "un AMO au niveau national 2019",
            ),
            (
                "l’enveloppe). 27 2019 X XX Tester",
                "l’enveloppe). 27 2019 Tester",
            ),
            // cells holding a mark only
            (
                "Lever les freins | X | X | Région",
                "Lever les freins | Région",
            ),
            ("Accrochage du SI | X", "Accrochage du SI"),
            // a lone mark in a sentence may be a Roman numeral, or a question's mark
            ("le titre X du code", "le titre X du code"),
            ("Pourquoi ? Parce que", "Pourquoi ? Parce que"),
        ] {
            assert_eq!(drop_ticks(line), read, "{line}");
        }
        assert_eq!(
            clean("Action pilote\tX  X\nLa  suite"),
            "Action pilote\nLa suite"
        );
    }

    #[test]
    fn fold_and_tokens() {
        assert_eq!(fold("Œuvre Élevée’s"), "oeuvre elevee's");
        assert_eq!(
            tokens("l'accès à la VAE, c'est-à-dire"),
            vec!["l", "acces", "a", "la", "vae", "c", "est", "a", "dire"]
        );
    }

    #[test]
    fn a_heading_cut_by_a_line_break_says_so() {
        assert_eq!(
            clean_heading("Axe 2 : Garantir l’accès des"),
            "Axe 2 : Garantir l’accès des …"
        );
        assert_eq!(
            clean_heading("125.49 M€ sur 4 ans (50 % de"),
            "125.49 M€ sur 4 ans (50 % de …"
        );
        assert_eq!(
            clean_heading("2.1 Les apports du digital"),
            "2.1 Les apports du digital"
        );
        assert_eq!(
            clean_heading("Les défis à relever :"),
            "Les défis à relever :"
        );
        assert_eq!(clean_heading("Actions (2019)"), "Actions (2019)");
    }

    #[test]
    fn headings_lose_toc_leaders() {
        assert_eq!(
            clean_heading("AXE TRANSVERSE : LES FORMATIONS..... 56"),
            "AXE TRANSVERSE : LES FORMATIONS 56"
        );
    }

    #[test]
    fn clean_removes_debris() {
        let t = "<p>Se projeter\tdans\u{ad} un univers.</p> <ul style=\"list-style-type: none\"> ▶ item\nTable ..... 12\n\u{f0b7} autre";
        let c = clean(t);
        assert!(!c.contains("<p>"), "{c}");
        assert!(!c.contains("<ul"), "{c}");
        assert!(!c.contains("....."), "{c}");
        assert!(c.contains("Se projeter dans un univers."), "{c}");
        assert!(c.lines().any(|l| l == "• autre"), "{c}");
        // script tags are kept (as data) to be escaped later, not silently dropped
        assert!(clean("<script>x</script>").contains("<script>"));
        // a tag cut by a table cell or a line end goes too
        let c = clean("les secteurs en tension : <ul style=\"list-style-type: | 2019\nsuite <p class=\"x\nfin");
        assert!(!c.contains("<ul") && !c.contains("<p"), "{c}");
        assert!(
            c.contains("les secteurs en tension :") && c.contains("| 2019"),
            "{c}"
        );
        let c = clean("none\"> - le numérique\n| none\"> le BTP");
        assert!(!c.contains('>'), "{c}");
        assert!(c.contains("le numérique") && c.contains("le BTP"), "{c}");
    }

    #[test]
    fn sentences_split_on_capitals_not_abbreviations() {
        let u = units("La Région agit. Elle forme cf. M. Dupont et B. Schwartz. 2019 sera clé ; • puis ceci\n• un item");
        let texts: Vec<_> = u.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "La Région agit.",
                "Elle forme cf. M. Dupont et B. Schwartz.",
                "2019 sera clé ;",
                "• puis ceci",
                "• un item",
            ]
        );
        assert_eq!(u[4].line, 1);
    }

    #[test]
    fn a_list_set_on_one_line_is_split_into_its_items() {
        // a table cell's items joined by the extraction, beside a title cell
        let row = "Renouveler les partenariats | - Accompagner les applications numériques \
                   - Renforcer l'offre avec l'AGEFIPH - Développer la formation 2019 - 2020";
        let texts: Vec<String> = units(row).into_iter().map(|u| u.text).collect();
        assert_eq!(
            texts,
            vec![
                "Renouveler les partenariats",
                "• Accompagner les applications numériques",
                "• Renforcer l'offre avec l'AGEFIPH",
                "• Développer la formation 2019 - 2020",
            ]
        );
        // one dash is an incise, not a list; nor are dashes between figures
        for t in [
            "Les moyens - Nouveau",
            "Années 2019 - 2020 - 2021 et suite",
            "Lead-in : - Premier point",
        ] {
            assert_eq!(units(t).len(), 1, "{t}");
        }
        // a lead-in before the items is a unit of its own
        let texts: Vec<String> =
            units("Il s'agira de : - Former les tuteurs - Suivre les stagiaires")
                .into_iter()
                .map(|u| u.text)
                .collect();
        assert_eq!(
            texts,
            vec![
                "Il s'agira de :",
                "• Former les tuteurs",
                "• Suivre les stagiaires"
            ]
        );
    }

    #[test]
    fn escape_markdown_controls() {
        let e = md_escape("<script>alert(1)</script> *gras* _x_ [lien](u) `code` a|b {{tpl}}");
        assert!(!e.contains("<script>"));
        let chars: Vec<char> = e.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            if "*_[]`|{}".contains(*c) {
                assert!(i > 0 && chars[i - 1] == '\\', "unescaped {c} in {e}");
            }
        }
        assert!(!e.contains("{{"));
        assert_eq!(md_escape("# titre"), "\\# titre");
        assert_eq!(md_escape("- item"), "\\- item");
        assert_eq!(md_escape("12. item"), "12\\. item");
        assert_eq!(md_escape("2019 est"), "2019 est");
        assert_eq!(md_escape("1.5 thème"), "1.5 thème");
        assert_eq!(md_escape("-x"), "-x");
        // an ampersand is escaped where it would open a character reference only
        assert_eq!(md_escape("R&D, A & B"), "R&D, A & B");
        assert_eq!(
            md_escape("&amp; &#60; &lt;"),
            "&amp;amp; &amp;\\#60; &amp;lt;"
        );
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field("a"), "a");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("dit \"x\""), "\"dit \"\"x\"\"\"");
    }

    #[test]
    fn word_counts() {
        assert_eq!(word_count("• Un défaut — d'identification [..]"), 3);
    }
}
