//! What a heading is: the mark its numbering or wording opens with, whether a block is a title
//! and how it ranks, and where it goes among the open headings.

use crate::annex::opens_with_numbered_annex;
use crate::model::{Block, BlockKind, LIST_MARKER};
use crate::text::{fold, is_upper_case, single_spaced, word_count};
use regex::Regex;
use std::sync::OnceLock;

/// What a heading's numbering or wording says about its place in the outline.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadingMark {
    /// Family of the mark (`partie`, `axe`, `roman`, `arabic` — `arabic)` and `arabic-` for a
    /// single figure closed by a parenthesis or a dash —, `upper`, `lower`, `action`…, `caps`,
    /// `style`). Headings of one family and depth are siblings.
    pub family: String,
    /// Depth within the family (`1.2.3` → 3); 1 for single-level marks.
    pub depth: u8,
    /// Fixed outline rank for the marks whose place is known (0 parts, 1 axes), else `None`.
    pub rank: Option<u8>,
}

pub(super) fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pat).unwrap_or_else(|e| panic!("bad built-in regex {pat}: {e}")))
}

/// The numbering / wording mark that opens `text`, if any (on folded text).
pub fn heading_mark(text: &str) -> Option<HeadingMark> {
    static PARTIE: OnceLock<Regex> = OnceLock::new();
    static PART_WORD: OnceLock<Regex> = OnceLock::new();
    static AXE: OnceLock<Regex> = OnceLock::new();
    static ROMAN: OnceLock<Regex> = OnceLock::new();
    static ARABIC: OnceLock<Regex> = OnceLock::new();
    static UPPER: OnceLock<Regex> = OnceLock::new();
    static LOWER: OnceLock<Regex> = OnceLock::new();
    static ACTION: OnceLock<Regex> = OnceLock::new();
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || "•▶►➤❖■□◆".contains(c));
    let f = fold(t);
    let f = f.trim();
    let mk = |family: &str, depth: u8, rank: Option<u8>| HeadingMark {
        family: family.to_string(),
        depth,
        rank,
    };
    if re(&PARTIE, r"^(partie|titre|chapitre)\s+([ivx]+|\d{1,2}|[a-z]|une|deux|trois|quatre|premiere|deuxieme|troisieme|quatrieme)\b").is_match(f) {
        return Some(mk("partie", 1, Some(0)));
    }
    if re(&PART_WORD, r"^(preambule|introduction|conclusion|annexes?|glossaire|sommaire|table des matieres|avant-propos|synthese)\b\s*(\d+)?\s*[:.\-]?").is_match(f)
        && (word_count(t) <= 12 || opens_with_numbered_annex(t) && word_count(t) <= 25)
    {
        return Some(mk("partie", 1, Some(0)));
    }
    if re(&AXE, r"^(axe\s+((strategique|prioritaire|thematique)\s+)?(n\s*[°o]\s*)?(\d{1,2}|[ivx]+|transverse|transversal)\b|(premier|deuxieme|second|troisieme)\s+axe\b)").is_match(f) {
        return Some(mk("axe", 1, Some(1)));
    }
    // Roman numbering must be upper case in the original: `I)`, `II.2)`, `IV - `.
    if let Some(c) = re(
        &ROMAN,
        r"^([IVX]{1,5})((?:\.\d{1,2}){0,3})\s*[).:\-–]?\s+\S",
    )
    .captures(t)
    {
        let sub = c.get(2).map_or("", |m| m.as_str());
        let has_punct = t[c.get(1).map_or(0, |m| m.end())..]
            .trim_start()
            .starts_with(|ch: char| ").:-–".contains(ch));
        if has_punct || !sub.is_empty() {
            let depth = 1 + sub.matches('.').count() as u8;
            return Some(mk("roman", depth, None));
        }
    }
    if let Some(c) = re(
        &ARABIC,
        r"^(\d{1,2})((?:\s?[.\-,]\s?\d{1,2})*)(\s*[.)\-–:°]?)\s*(\S)",
    )
    .captures(f)
    {
        let sub = c.get(2).map_or("", |m| m.as_str());
        let punct = c.get(3).map_or("", |m| m.as_str()).trim();
        let next = c.get(4).map_or("", |m| m.as_str());
        let first_is_letter = next
            .chars()
            .next()
            .is_some_and(|ch| ch.is_alphabetic() || "«\"'(".contains(ch));
        let parts = 1 + sub.matches(|ch: char| ".-,".contains(ch)).count();
        if first_is_letter && (!punct.is_empty() || parts > 1) && punct != "°" {
            // One outline seldom numbers two levels alike: `1)` (and `1 -`) under `2.` is a
            // level below it, not its sibling (I. > 1. > a. > 1)). Single figures are told
            // apart by what follows them; `1.2)` carries its parents and stays `arabic`.
            let family = match punct {
                ")" if parts == 1 => "arabic)",
                "-" | "–" if parts == 1 => "arabic-",
                _ => "arabic",
            };
            return Some(mk(family, parts.min(6) as u8, None));
        }
    }
    if re(&UPPER, r"^[A-H][.)]\s+\S").is_match(t) {
        return Some(mk("upper", 1, None));
    }
    if re(&LOWER, r"^[a-h][.)]\s+\S").is_match(t) {
        return Some(mk("lower", 1, None));
    }
    if let Some(c) = re(&ACTION, r"^(fiche[- ]action|fiche|action|mesure|chantier|projet|objectif|orientation|priorite|enjeu|levier|volet|defi|programme)\s*(n\s*[°o]\s*)?(\d{1,3})\b").captures(f) {
        let word = c.get(1).map_or("action", |m| m.as_str()).replace(' ', "-");
        return Some(mk(&word, 1, None));
    }
    None
}

/// A recognised heading.
#[derive(Debug, Clone)]
pub(super) struct Heading {
    pub(super) mark: HeadingMark,
    pub(super) size: f32,
    pub(super) text: String,
    /// The outline number of an `arabic` or `roman` mark (`II.2)` → [2, 2], `1-3.` → [1, 3]).
    pub(super) number: Vec<u32>,
    /// Set in body type, neither larger, bold nor in capitals: a numbered line that may as
    /// well be a list item (`2. Pour l'appel à proposition : 500 000 € par an`).
    pub(super) plain: bool,
}

/// Value of a Roman numeral (upper case), if it is one.
fn roman_value(r: &str) -> Option<u32> {
    let digits: Vec<i64> = r
        .chars()
        .map(|c| match c {
            'I' => Some(1),
            'V' => Some(5),
            'X' => Some(10),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let t: i64 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| {
            if digits.get(i + 1).is_some_and(|&n| n > d) {
                -d
            } else {
                d
            }
        })
        .sum();
    u32::try_from(t).ok().filter(|&t| t > 0)
}

/// The outline number that opens a heading of the `arabic` or `roman` family.
pub(super) fn outline_number(text: &str, family: &str) -> Vec<u32> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    let t = text.trim_start();
    let Some(c) = re(&NUM, r"^([IVX]{1,5}|\d{1,2})((?:\s?[.\-,]\s?\d{1,2})*)").captures(t) else {
        return Vec::new();
    };
    let head = c.get(1).map_or("", |m| m.as_str());
    let first = match family {
        "roman" => roman_value(head),
        f if f.starts_with("arabic") => head.parse().ok(),
        _ => None,
    };
    let Some(first) = first else {
        return Vec::new();
    };
    let mut out = vec![first];
    let rest = c.get(2).map_or("", |m| m.as_str());
    out.extend(
        rest.split(|ch: char| ".-,".contains(ch) || ch.is_whitespace())
            .filter_map(|d| d.parse::<u32>().ok()),
    );
    out
}

/// Decides whether a block is a heading, and how it ranks.
/// Whether a block is set smaller than the body text (small print: a table of contents, a
/// note, a table's label — never a title).
pub(super) fn set_smaller(b: &Block, body_size: f32) -> bool {
    body_size > 0.0 && b.font_size < body_size * 0.92
}

pub(super) fn classify_heading(b: &Block, body_size: f32) -> Option<Heading> {
    classify_heading_listed(b, body_size, false)
}

/// `classify_heading`, knowing whether the document's own table of contents lists the line
/// (`listed`): a numbered line it lists is a title however long, in body style.
pub(super) fn classify_heading_listed(b: &Block, body_size: f32, listed: bool) -> Option<Heading> {
    if b.kind == BlockKind::TableRow {
        return None;
    }
    // Leading rules (`-- -- -----`, `____`) are table borders, not part of the title.
    static RULES: OnceLock<Regex> = OnceLock::new();
    let text = re(&RULES, r"^(?:[-_–—]{2,}\s*)+").replace(b.text.trim(), "");
    let text = text.trim();
    // `2. a. Poser le diagnostic`: an empty numbered list item before a lettered title (a
    // word processor's stray list number) is not the title's numbering.
    static ORPHAN: OnceLock<Regex> = OnceLock::new();
    let text = match re(&ORPHAN, r"^\d{1,2}\s*[.)]\s+[a-hA-H][.)]\s+\S").find(text) {
        Some(m) => text[m.start()..]
            .split_once(char::is_whitespace)
            .map_or(text, |(_, rest)| rest.trim_start()),
        None => text,
    };
    let words = word_count(text);
    // A line wholly in parentheses (`(PPSMJ, HANDICAP)`) is a note or a cell's gloss.
    let bracketed = text.starts_with('(') && text.ends_with(')');
    if words == 0
        || text.chars().filter(|c| c.is_alphabetic()).count() < 2
        || is_code_list(text)
        || bracketed
    {
        return None;
    }
    let bigger = body_size > 0.0 && b.font_size >= body_size * 1.12;
    let smaller = set_smaller(b, body_size);
    let styled = (bigger || b.bold || b.kind == BlockKind::HeadingCandidate) && !smaller;
    let caps = is_upper_case(text);
    let last = text.chars().last().unwrap_or(' ');
    let sentence_end = matches!(last, '.' | ';' | ',') && !text.ends_with("...");
    let mark = heading_mark(text);
    // A line that opens in lower case continues a sentence (unless it is numbered `a)`).
    if mark.is_none() && text.chars().next().is_some_and(|c| c.is_lowercase()) {
        return None;
    }
    // A block that opens with a bullet or a dash is a list item whatever kind the layout gave
    // it (a bold item reads as a heading candidate): `- une stratégie collective…`.
    let is_list = b.kind == BlockKind::ListItem
        || text.starts_with(LIST_MARKER)
        || text.starts_with("- ")
        || text.starts_with("– ");
    // A title is never set smaller than the body text: small print is a table of contents,
    // a note or a table's label.
    if smaller {
        return None;
    }
    let ok = match &mark {
        // A bare `AXE 2` in body style is a table's label (a merged first column split off
        // its rows), not the axis' title, which says what the axis is.
        Some(m) if m.family == "axe" && words <= 3 && !styled => false,
        // `II) Axe 1 : Proposer des parcours…`: an axis title under its outline number is a
        // heading even when long and in body style.
        Some(m) if names_axis(text) && m.rank.is_none() => words <= 45 && !sentence_end,
        Some(m) if m.rank.is_some() => {
            // Parts and axes: a title line, not a sentence that begins with "Axe 1 ...". A
            // numbered annex's title says what the annex holds, at some length.
            let annex = opens_with_numbered_annex(text) && words <= 25;
            (styled || caps || words <= 12 || annex)
                && words <= 45
                && (!sentence_end || caps || styled)
        }
        Some(_) => {
            if is_list {
                (bigger || caps) && words <= 30
            } else {
                (styled && words <= 30 && !(sentence_end && words > 15))
                    || (caps && words <= 40)
                    || (words <= 16 && !sentence_end)
                    || (listed && words <= 45 && !sentence_end)
            }
        }
        None => {
            // A line in capitals made largely of figures (`TOTAL 4 350 8 225 000`, `77 GRETA`)
            // or a list of names (`ANTONY, ASNIERES SUR SEINE, CLICHY…`) is a table's row or
            // label, not a title.
            let tokens: Vec<&str> = text.split_whitespace().collect();
            let figures = tokens
                .iter()
                .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
                .count();
            let figures_row =
                (figures * 3 >= tokens.len() || text.matches(',').count() >= 3) && !styled;
            if is_list {
                bigger && words <= 15 && !sentence_end
            } else {
                // a word or two in capitals closing a sentence (`SPED/SPEL).`) ends a paragraph
                (styled && words <= 20 && !sentence_end)
                    || (caps
                        && words <= 30
                        && !text.contains("  ")
                        && !figures_row
                        && !(sentence_end && words <= 3))
            }
        }
    };
    if !ok {
        return None;
    }
    let mark = match mark {
        Some(m) => m,
        None if caps && !bigger => HeadingMark {
            family: "caps".into(),
            depth: 1,
            rank: None,
        },
        None => HeadingMark {
            family: format!("style-{:.0}-{}", b.font_size * 2.0, b.bold),
            depth: 1,
            rank: None,
        },
    };
    let number = outline_number(text, &mark.family);
    Some(Heading {
        mark,
        size: b.font_size,
        text: clean_heading(text),
        number,
        plain: !styled && !caps,
    })
}

/// A list of codes (`C, AQ, P`, `IV, V, VI`, `T4; T5; T6`): a table's cell (types of
/// action, levels of qualification, territories), never a title, which says something in
/// words. Two codes or more, separated by a comma or a semicolon, none longer than three
/// letters or figures.
fn is_code_list(text: &str) -> bool {
    let tokens: Vec<&str> = text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    tokens.len() >= 2
        && text.contains([',', ';'])
        && tokens
            .iter()
            .all(|t| t.chars().all(char::is_alphanumeric) && t.chars().count() <= 3)
}

/// True when `text` opens with an outline number followed by an axis name (`II) Axe 1 :`,
/// `3. Axe transverse`).
pub(super) fn names_axis(text: &str) -> bool {
    static NUM_AXE: OnceLock<Regex> = OnceLock::new();
    re(
        &NUM_AXE,
        r"^(?:[ivx]{1,5}|\d{1,2})(?:\.\d{1,2})*\s*[).:\-–]?\s*axe\s+(?:(?:strategique|prioritaire|thematique)\s+)?(?:n\s*[°o]\s*)?(?:\d{1,2}|[ivx]+|transvers)",
    )
    .is_match(fold(text.trim()).trim())
}

/// Heading text as shown in a path: list marker dropped, spaces collapsed.
pub(super) fn clean_heading(t: &str) -> String {
    single_spaced(t.strip_prefix(LIST_MARKER).unwrap_or(t))
}

/// Whether `h`, numbered in figures (`2. Développer, en articulation avec…`), comes under a
/// title numbered in roman numerals (an action sheet's `IV - OBJECTIFS`) that is open under a
/// section of `h`'s own numbering (`3. LES ACTIONS NOUVELLES`): figures number a lower level
/// than roman numerals (I > A > 1 > a), so `h` is an item of a numbered list within the roman
/// section, not a sibling of section 3. A title in capitals that goes on from section 3
/// (`4. …`) keeps its place in the outline.
fn under_roman(stack: &[Heading], h: &Heading) -> bool {
    let [n] = h.number[..] else { return false };
    if !h.mark.family.starts_with("arabic") {
        return false;
    }
    let Some(i) = stack
        .iter()
        .position(|o| o.mark.family == h.mark.family && o.number.len() == 1)
    else {
        return false;
    };
    let goes_on = stack[i].number[0] + 1 == n && is_upper_case(&h.text);
    !goes_on && stack[i + 1..].iter().any(|o| o.mark.family == "roman")
}

/// Whether an outline family numbers a level below roman numerals (figures, capital or
/// lower-case letters: I > A > 1 > a), whether or not it was made a numbered list's.
fn below_roman(family: &str) -> bool {
    ["arabic", "upper", "lower"]
        .iter()
        .any(|f| family.starts_with(f))
}

/// Places `h` in the open-heading stack.
pub(super) fn push_heading(stack: &mut Vec<Heading>, mut h: Heading) {
    // Outline numbers carry their parents' numbers: `1.4)` is not under `3.` (close it). A
    // `1.` while `1.3)` is open cannot be section 1 again: it opens a numbered list within 1.3,
    // whose next items are its siblings (a family of their own).
    let list = format!("{}-list", h.mark.family);
    if h.number.len() > 1 {
        // Only the numbered headings that are not its parents are closed (a title of another
        // kind in between, `ARTICLE 2`, stays open), and a numbered list opened within a
        // section ends at the next numbered section.
        let parent_or_other = |o: &Heading| {
            !o.mark.family.starts_with(h.mark.family.as_str())
                || o.number.is_empty()
                || o.number.len() >= h.number.len()
                || h.number.starts_with(&o.number)
        };
        stack.retain(|o| o.mark.family != list && parent_or_other(o));
    } else if h.number.len() == 1 {
        let restart = stack.iter().any(|o| {
            o.mark.family == h.mark.family && o.number.len() > 1 && o.number[0] == h.number[0]
        });
        if restart || stack.iter().any(|o| o.mark.family == list) || under_roman(stack, &h) {
            h.mark.family = list;
        }
    }
    // Lower-case letters (`a.`, `b)`) number the last level of a French outline (I. > A. > 1.
    // > a.): a title numbered in figures, roman numerals or capitals is never under one, and
    // closes it (the section that held the letters may have been lost, as a title in body type
    // run into the paragraph before it).
    let numbered = ["arabic", "roman", "upper"]
        .iter()
        .any(|f| h.mark.family.starts_with(f));
    if numbered {
        while stack.last().is_some_and(|top| top.mark.family == "lower") {
            stack.pop();
        }
    }
    // Roman numerals number a higher level than figures and letters (I. > A. > 1. > a.): a
    // title numbered in roman numerals closes the numbered lines in body type open above it,
    // which read as list items (`2. Pour l'appel à proposition : 500 000 €` in an action
    // sheet's budget), so that one of them does not hold the sheets that follow.
    if h.mark.family.starts_with("roman") {
        while stack
            .last()
            .is_some_and(|top| top.plain && below_roman(&top.mark.family))
        {
            stack.pop();
        }
    }
    if let Some(r) = h.mark.rank {
        while stack
            .last()
            .is_some_and(|top| top.mark.rank.is_none_or(|tr| tr >= r))
        {
            stack.pop();
        }
    } else if let Some(pos) = stack
        .iter()
        .position(|o| o.mark.family == h.mark.family && o.mark.depth >= h.mark.depth)
    {
        stack.truncate(pos);
    } else {
        // A heading in a clearly larger font than open unranked headings is their parent
        // (not of its own numbering's parents: `II.1)` stays under `II)` whatever the sizes;
        // nor of a title numbered in roman numerals when it is numbered in figures or letters:
        // I > A > 1 > a).
        let below = below_roman(&h.mark.family);
        while stack.last().is_some_and(|top| {
            top.mark.rank.is_none()
                && h.size > top.size + 1.0
                && !(top.mark.family == h.mark.family && top.mark.depth < h.mark.depth)
                && !(below && top.mark.family == "roman")
        }) {
            stack.pop();
        }
    }
    stack.push(h);
}

/// Whether outline number `n` comes right after `prev` (`3` after `2`, `1.4` after `1.3`).
pub(super) fn is_next_number(prev: &[u32], n: &[u32]) -> bool {
    let (Some((p, pp)), Some((x, xp))) = (prev.split_last(), n.split_last()) else {
        return false;
    };
    pp == xp && p.checked_add(1) == Some(*x)
}
