//! Segmentation: blocks of a `Document` → headings with their path → `Passage`s.
//!
//! Pure functions. Headings are recognised from what extraction gives (font size and weight
//! relative to the body text, short lines, upper case) and from French numbering (`I)`,
//! `II.2)`, `Axe 1 :`, `AXE TRANSVERSE`, `1.`, `1.1.`, `1-1.2`, `A.`, `a)`, `Action n°3`,
//! `Fiche 4`…). A table of contents (runs of entries ending with a page number, often under
//! `Sommaire` / `Table des matières`) is recognised and skipped. Every other block's text
//! lands in exactly one passage, in order: passages never overlap and cover the whole body.

use crate::annex::{opens_with_numbered_annex, split_annex_title};
use crate::model::{Block, BlockKind, Document, Page, Passage, CELL_SEPARATOR, LIST_MARKER};
use crate::text::{fold, is_upper_case, shingles, word_count};
use regex::Regex;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::OnceLock;

/// Tuning of `segment`.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentOptions {
    /// Passages are split at paragraph boundaries to stay under about this many words (a
    /// paragraph or list item longer than that is cut at sentence ends; a table row never).
    pub max_words: usize,
    /// A paragraph (with its list) of at least this many words is a passage of its own: one
    /// idea per passage, so that a passage's tags say what it is about. Shorter paragraphs
    /// are packed with their neighbours up to `max_words`.
    pub paragraph_words: usize,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions {
            max_words: 300,
            paragraph_words: 60,
        }
    }
}

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

fn re(cell: &'static OnceLock<Regex>, pat: &str) -> &'static Regex {
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

/// True when `text` is a table-of-contents entry: a title followed by a page number
/// (after dot leaders, a tab, or spaces), the title itself not ending in a number.
pub fn is_toc_entry(text: &str) -> bool {
    static TOC: OnceLock<Regex> = OnceLock::new();
    let t = text.replace(CELL_SEPARATOR, "\t");
    // an outline number's parenthesis set apart after the page number (`I.6 Le cap 18 )`)
    let t = t
        .trim()
        .trim_end_matches(|c: char| c == ')' || c.is_whitespace());
    let r = re(
        &TOC,
        r"^(?P<title>.*?\p{L}.*?)(?P<lead>[\s.…_·\-]*)(?P<page>\d{1,3})$",
    );
    let Some(c) = r.captures(t) else {
        return false;
    };
    let title = c.name("title").map_or("", |m| m.as_str());
    let lead = c.name("lead").map_or("", |m| m.as_str());
    let trimmed = title.trim_end();
    if trimmed.is_empty()
        || trimmed.ends_with(|ch: char| ch.is_ascii_digit() || ch == '%' || ch == '€')
    {
        return false;
    }
    let leaders = lead.matches(['.', '…', '_', '·']).count() >= 2
        || lead.contains('\t')
        || text.contains(CELL_SEPARATOR);
    let words = word_count(trimmed);
    // Without leaders, accept only short lines whose title reads like a heading, or a title in
    // capitals (`AXE 1 : PROPOSER DES PARCOURS… 48`).
    leaders && words <= 40
        || (words <= 20 && lead.chars().filter(|c| *c == ' ').count() >= 2)
        || (is_upper_case(trimmed) && (3..=45).contains(&words) && lead.contains(' '))
        || dense_toc(text)
}

/// True when a block holds several table-of-contents entries run together (`… CPRDFOP 12 2.
/// Diagnostic et enjeux 12 3- Une stratégie … 14`): at least three page numbers each followed
/// by the next entry's numbering or capitals, or after dot leaders, one every 15 words at least.
fn dense_toc(text: &str) -> bool {
    static NEXT: OnceLock<Regex> = OnceLock::new();
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let next = re(
        &NEXT,
        r"[\p{L})]\s+\d{1,3}\s+(?:\d{1,2}(?:[.\-]\d{1,2})*\s?[.\-)]?\s+\p{Lu}|\p{Lu}{2,}|[IVX]{1,4}[.)])",
    );
    let lead = re(&LEAD, r"(?:\.\s?){3,}\s*\d{1,3}\b|…+\s*\d{1,3}\b");
    let n = next.find_iter(text).count() + lead.find_iter(text).count();
    n >= 3 && n * 15 >= word_count(text)
}

/// True when a block opens with the title of a table of contents run into its first entries
/// (`Table des matières I) Préambule : 6 …`).
fn opens_with_toc_title(text: &str) -> bool {
    let f = fold(text.trim());
    ["sommaire ", "table des matieres ", "table of contents "]
        .iter()
        .any(|t| f.starts_with(t))
        && trailing_page(text).is_some()
}

/// The page number a table-of-contents line ends with (1 to 3 digits after a word, an outline
/// number's parenthesis set apart after it allowed: `… transformation 18 )`).
fn trailing_page(text: &str) -> Option<u32> {
    static PAGE: OnceLock<Regex> = OnceLock::new();
    let c =
        re(&PAGE, r"\p{L}[\p{L}\p{P}]*[\s._…·]*\s(\d{1,3})(?:\s*\))?$").captures(text.trim())?;
    c.get(1)?.as_str().parse().ok()
}

/// A bare page number or outline number left on a line of its own by a table of contents'
/// layout (`21`, `I.7 )`, `II.4 )`).
fn is_toc_filler(text: &str) -> bool {
    static FILLER: OnceLock<Regex> = OnceLock::new();
    re(
        &FILLER,
        r"^(?:\d{1,3}|[IVX]{1,4}(?:\.\s?\d{1,2})*\s?[.)]?|\d{1,2}(?:\.\d{1,2})*\s?[.)])(?:\s*\))?$",
    )
    .is_match(text.trim())
}

/// A title folded, its closing punctuation dropped (`Sommaire :` → `sommaire`).
fn toc_title_key(text: &str) -> String {
    fold(text.trim())
        .trim_end_matches([':', '.', ' '])
        .to_string()
}

/// True for a title that only a table of contents bears (`Plan`, `Contenu` may head a
/// section of their own).
fn is_sure_toc_title(text: &str) -> bool {
    matches!(
        toc_title_key(text).as_str(),
        "sommaire" | "table des matieres" | "table of contents"
    )
}

/// True for the title of a table of contents.
fn is_toc_title(text: &str) -> bool {
    is_sure_toc_title(text) || matches!(toc_title_key(text).as_str(), "plan" | "contenu" | "index")
}

/// Indices (in the flattened block list) that belong to a table of contents.
fn toc_blocks(blocks: &[&Block]) -> Vec<bool> {
    let n = blocks.len();
    let mut toc = vec![false; n];
    let entry: Vec<bool> = blocks.iter().map(|b| is_toc_entry(&b.text)).collect();
    // the page number each line ends with, and whether it is a bare page or outline number
    let page: Vec<Option<u32>> = blocks.iter().map(|b| trailing_page(&b.text)).collect();
    let filler: Vec<bool> = blocks.iter().map(|b| is_toc_filler(&b.text)).collect();
    let short = |i: usize| {
        word_count(&blocks[i].text) <= 40 && blocks[i].kind != BlockKind::Paragraph
            || word_count(&blocks[i].text) <= 25
    };
    let mut i = 0;
    while i < n {
        let titled = is_toc_title(&blocks[i].text) || opens_with_toc_title(&blocks[i].text);
        if !(entry[i] || titled) {
            i += 1;
            continue;
        }
        // Extend a run: entries, with short non-entry lines (part titles) in between. Within
        // a run, a line ending with a page number no smaller than the last one is an entry too,
        // whatever the space before the number (a layout may keep only one).
        let start = i;
        let mut j = if titled { i + 1 } else { i };
        let mut entries = 0;
        let mut last_entry = start;
        let mut last_page = 0u32;
        while j < n {
            let is_entry =
                |k: usize, last: u32| entry[k] || (k > start && page[k].is_some_and(|p| p >= last));
            if is_entry(j, last_page) {
                entries += 1;
                last_entry = j;
                last_page = page[j].unwrap_or(last_page).max(last_page);
                j += 1;
                continue;
            }
            // allow up to 3 short lines between entries, not counting bare page numbers and
            // outline numbers set apart from their entry (`21`, `I.7 )`)
            let mut k = j;
            let mut lines = 0;
            // an entry whose page number was set on a line of its own right after it (or
            // after its outline number)
            let page_follows = |k: usize| {
                word_count(&blocks[k].text) <= 60
                    && (k + 1..(k + 3).min(n)).take_while(|&m| filler[m]).any(|m| {
                        blocks[m]
                            .text
                            .trim()
                            .parse::<u32>()
                            .is_ok_and(|p| p >= last_page)
                    })
            };
            while k < n
                && lines < 3
                && !is_entry(k, last_page)
                && (short(k) || page_follows(k))
                && !is_toc_title(&blocks[k].text)
            {
                if !filler[k] {
                    lines += 1;
                }
                k += 1;
            }
            if k < n && is_entry(k, last_page) && k > j {
                j = k;
                continue;
            }
            break;
        }
        if entries >= 3 || (titled && entries >= 1) {
            for t in toc.iter_mut().take(last_entry + 1).skip(start) {
                *t = true;
            }
            i = last_entry + 1;
        } else {
            i += 1;
        }
    }
    toc
}

/// Font size of the body text: the word-weighted median size of paragraph blocks.
fn body_font_size(blocks: &[&Block]) -> f32 {
    let mut sizes: Vec<(f32, usize)> = blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Paragraph && b.font_size > 0.0)
        .map(|b| (b.font_size, word_count(&b.text).max(1)))
        .collect();
    if sizes.is_empty() {
        sizes = blocks
            .iter()
            .filter(|b| b.font_size > 0.0)
            .map(|b| (b.font_size, word_count(&b.text).max(1)))
            .collect();
    }
    if sizes.is_empty() {
        return 0.0;
    }
    sizes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = sizes.iter().map(|s| s.1).sum();
    let mut acc = 0;
    for (s, w) in &sizes {
        acc += w;
        if acc * 2 >= total {
            return *s;
        }
    }
    sizes[sizes.len() - 1].0
}

/// A recognised heading.
#[derive(Debug, Clone)]
struct Heading {
    mark: HeadingMark,
    size: f32,
    text: String,
    /// The outline number of an `arabic` or `roman` mark (`II.2)` → [2, 2], `1-3.` → [1, 3]).
    number: Vec<u32>,
    /// Set in body type, neither larger, bold nor in capitals: a numbered line that may as
    /// well be a list item (`2. Pour l'appel à proposition : 500 000 € par an`).
    plain: bool,
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
fn outline_number(text: &str, family: &str) -> Vec<u32> {
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
fn set_smaller(b: &Block, body_size: f32) -> bool {
    body_size > 0.0 && b.font_size < body_size * 0.92
}

fn classify_heading(b: &Block, body_size: f32) -> Option<Heading> {
    classify_heading_listed(b, body_size, false)
}

/// `classify_heading`, knowing whether the document's own table of contents lists the line
/// (`listed`): a numbered line it lists is a title however long, in body style.
fn classify_heading_listed(b: &Block, body_size: f32, listed: bool) -> Option<Heading> {
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
    if words == 0 || text.chars().filter(|c| c.is_alphabetic()).count() < 2 {
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

/// True when `text` opens with an outline number followed by an axis name (`II) Axe 1 :`,
/// `3. Axe transverse`).
fn names_axis(text: &str) -> bool {
    static NUM_AXE: OnceLock<Regex> = OnceLock::new();
    re(
        &NUM_AXE,
        r"^(?:[ivx]{1,5}|\d{1,2})(?:\.\d{1,2})*\s*[).:\-–]?\s*axe\s+(?:(?:strategique|prioritaire|thematique)\s+)?(?:n\s*[°o]\s*)?(?:\d{1,2}|[ivx]+|transvers)",
    )
    .is_match(fold(text.trim()).trim())
}

/// Heading text as shown in a path: list marker dropped, spaces collapsed.
fn clean_heading(t: &str) -> String {
    let t = t.strip_prefix(LIST_MARKER).unwrap_or(t);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
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
fn push_heading(stack: &mut Vec<Heading>, mut h: Heading) {
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

/// Splits a document into passages with their heading paths.
pub fn segment(doc: &Document, opts: &SegmentOptions) -> Vec<Passage> {
    // annex titles glued to a label or run into their first paragraph are cut out first
    let split: Vec<Cow<Block>> = doc
        .pages
        .iter()
        .flat_map(|p| p.blocks.iter())
        .flat_map(split_annex_title)
        .collect();
    let blocks: Vec<&Block> = split.iter().map(|b| b.as_ref()).collect();
    let toc = toc_blocks(&blocks);
    let body_size = body_font_size(&blocks);
    let max_words = opts.max_words.max(1);

    let mut out = Vec::new();
    let mut stack: Vec<Heading> = Vec::new();
    let mut section: Vec<Cow<Block>> = Vec::new();
    let prefix: String = doc.sha256.chars().take(12).collect();

    // Titles set since the last body: the passage that opens their body starts
    // with them, as the page does, so that a quote of a title is found in the passage it heads.
    let mut titles: Vec<String> = Vec::new();
    let flush = |section: &mut Vec<Cow<Block>>,
                 stack: &Vec<Heading>,
                 titles: &mut Vec<String>,
                 out: &mut Vec<Passage>| {
        if section.is_empty() {
            return;
        }
        let mut lead = std::mem::take(titles);
        let cut: Vec<Cow<Block>> = section
            .iter()
            .flat_map(|b| split_long_block(b.as_ref(), max_words))
            .collect();
        let section_blocks: Vec<&Block> = cut.iter().map(|b| b.as_ref()).collect();
        let heading: Vec<String> = stack.iter().map(|h| h.text.clone()).collect();
        for group in pack(&section_blocks, max_words, opts.paragraph_words.max(1)) {
            let lead = std::mem::take(&mut lead);
            // pages of the body: a title at the foot of the page before is not what is cited
            let page_start = group.iter().map(|b| b.page).min().unwrap_or(0);
            let page_end = group.iter().map(|b| b.page).max().unwrap_or(0);
            let text = lead
                .iter()
                .map(String::as_str)
                .chain(group.iter().map(|b| b.text.as_str()))
                .collect::<Vec<_>>()
                .join("\n");
            out.push(Passage {
                id: format!("{}-{:04}", prefix, out.len()),
                doc: doc.file.clone(),
                sha256: doc.sha256.clone(),
                page_start,
                page_end,
                heading: heading.clone(),
                text,
            });
        }
        section.clear();
    };

    // A title that heads nothing (the next title is not under it: `1. Itinéraires de
    // réussite…` then `2. Information et orientation…`, a list set as titles) would leave its
    // words in no passage, out of reach of a search: it becomes a passage of its own, under
    // its parents. `fresh` is the last title pushed: its parents, its text, its page, and how
    // many passages there were then (when there are more, something came under it).
    type Fresh = (Vec<String>, String, u32, usize);
    let mut fresh: Option<Fresh> = None;
    let title_passage = |fresh: Option<Fresh>,
                         stack: &[Heading],
                         titles: &mut Vec<String>,
                         out: &mut Vec<Passage>| {
        let Some((path, text, page, passages)) = fresh else {
            return;
        };
        // still open under the new top: it heads that title
        let open = stack.len() > path.len() + 1
            && stack[path.len()].text == text
            && stack.iter().zip(&path).all(|(h, p)| &h.text == p);
        if out.len() == passages && !open {
            // it opens with the titles above it that head nothing else, as a body would
            let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(k) = titles.iter().rposition(|t| *t == line) {
                titles.remove(k);
            }
            let lead = std::mem::take(titles);
            let text = lead
                .iter()
                .map(String::as_str)
                .chain([text.as_str()])
                .collect::<Vec<_>>()
                .join("\n");
            out.push(Passage {
                id: format!("{}-{:04}", prefix, out.len()),
                doc: doc.file.clone(),
                sha256: doc.sha256.clone(),
                page_start: page,
                page_end: page,
                heading: path,
                text,
            });
        }
    };
    let push = |stack: &mut Vec<Heading>,
                h: Heading,
                page: u32,
                fresh: &mut Option<Fresh>,
                titles: &mut Vec<String>,
                out: &mut Vec<Passage>| {
        let line = h.text.split_whitespace().collect::<Vec<_>>().join(" ");
        push_heading(stack, h);
        title_passage(fresh.take(), stack, titles, out);
        if !line.is_empty() {
            titles.push(line);
        }
        if let Some((top, parents)) = stack.split_last() {
            *fresh = Some((
                parents.iter().map(|h| h.text.clone()).collect(),
                top.text.clone(),
                page,
                out.len(),
            ));
        }
    };
    let roles = roles(&blocks, &toc, body_size);
    // titles the document sets more than once: the fields of a template (an action sheet's
    // `I - AXE DU PACTE CONCERNE PAR L'ACTION`)
    let templates: HashSet<String> = {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for r in &roles {
            if let Role::Heading(h) = r {
                *seen.entry(template_key(&h.text)).or_default() += 1;
            }
        }
        seen.into_iter()
            .filter(|&(_, n)| n >= 2)
            .map(|(k, _)| k)
            .collect()
    };
    // the number of the last title in capitals of each family (`continues_outline`)
    let mut caps: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut i = 0;
    while i < blocks.len() {
        let b = blocks[i];
        i += 1;
        match &roles[i - 1] {
            Role::Toc | Role::Continuation => {}
            Role::Heading(h) => {
                flush(&mut section, &stack, &mut titles, &mut out);
                // an outline that starts again under a sheet's title, with no title of its
                // own above it, is another sheet's: the title does not head it
                if ordinal(h).as_deref() == Some(&[1][..]) {
                    if let Some(pos) = stack.iter().position(|o| o.mark.family == "sheet") {
                        if stack
                            .get(pos + 1)
                            .is_some_and(|o| base_family(o) == base_family(h))
                        {
                            stack.truncate(pos);
                        }
                    }
                }
                note_caps(&mut caps, h);
                push(
                    &mut stack,
                    h.clone(),
                    b.page,
                    &mut fresh,
                    &mut titles,
                    &mut out,
                );
            }
            Role::Body => {
                if let Some((at, h)) =
                    opens_outline(b, blocks.get(i), roles.get(i), &templates, body_size)
                {
                    if at > 0 {
                        section.push(Cow::Owned(Block {
                            text: b.text[..at].trim_end().to_string(),
                            ..b.clone()
                        }));
                    }
                    flush(&mut section, &stack, &mut titles, &mut out);
                    // the outline it heads closes the one before it (the previous sheet's)
                    if let Some(Role::Heading(first)) = roles.get(i) {
                        if let Some(pos) = stack.iter().position(|o| {
                            o.mark.family == h.mark.family
                                || base_family(o) == base_family(first) && o.mark.rank.is_none()
                        }) {
                            stack.truncate(pos);
                        }
                    }
                    push(&mut stack, h, b.page, &mut fresh, &mut titles, &mut out);
                } else if let Some(h) = long_sibling_title(b, &stack, &caps, body_size) {
                    flush(&mut section, &stack, &mut titles, &mut out);
                    note_caps(&mut caps, &h);
                    push(&mut stack, h, b.page, &mut fresh, &mut titles, &mut out);
                } else if let Some((body, h, line)) = run_in_title(b, &stack, &caps, body_size) {
                    // the title run in may go on in the next lines, as a title on its own does
                    // (`… 2019. 1. LE CAP DE` + `TRANSFORMATION`); a block whose own
                    // continuations follow it is left as it is
                    let own_continuations =
                        |k: usize| toc[k] || matches!(roles.get(k + 1), Some(Role::Continuation));
                    let (h, joined, _) =
                        join_wrapped_title(&blocks, i, h, line, body_size, own_continuations);
                    i += joined;
                    section.push(Cow::Owned(body));
                    flush(&mut section, &stack, &mut titles, &mut out);
                    note_caps(&mut caps, &h);
                    push(&mut stack, h, b.page, &mut fresh, &mut titles, &mut out);
                } else {
                    section.push(Cow::Borrowed(b));
                }
            }
        }
    }
    flush(&mut section, &stack, &mut titles, &mut out);
    // the last title, when nothing came under it
    title_passage(fresh, &[], &mut titles, &mut out);
    out
}

/// Most words of a title run into the end of a paragraph (`trailing_title`), mark included.
const RUN_IN_TITLE_WORDS: usize = 20;

/// The title a block ends with, run into the paragraph before it (`… au fil de l'eau. e. Un
/// appareil de formation plus agile…`): a source that set the title on the line under the
/// paragraph's last, with no space between, is read by producers as one paragraph. An outline
/// mark after a sentence's end, then a short text opening with a capital and holding no stop,
/// colon or semicolon. Returns where the title starts and the title.
fn trailing_title(text: &str) -> Option<(usize, &str)> {
    static TAIL: OnceLock<Regex> = OnceLock::new();
    let c = re(
        &TAIL,
        r"[.!?»)]\s+((?:[a-hA-H]|\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,5})\s*[.)\-–]\s+\p{Lu}[^.!?;:]*)$",
    )
    .captures(text.trim_end())?;
    let title = c.get(1)?;
    let words = word_count(title.as_str());
    let ends_open = title.as_str().trim_end().ends_with([',', '-', '–']);
    ((3..=RUN_IN_TITLE_WORDS).contains(&words) && !ends_open)
        .then(|| (title.start(), title.as_str()))
}

/// A heading's family, whether or not `push_heading` made it a numbered list's
/// (`arabic-list` → `arabic`).
fn base_family(h: &Heading) -> &str {
    h.mark.family.trim_end_matches("-list")
}

/// The place of a heading in its outline family: its outline number, or the rank of its
/// letter (`e.` → [5]).
fn ordinal(h: &Heading) -> Option<Vec<u32>> {
    if !h.number.is_empty() {
        return Some(h.number.clone());
    }
    let family = base_family(h);
    if family != "lower" && family != "upper" {
        return None;
    }
    let c = h.text.trim_start().chars().next()?.to_ascii_lowercase();
    c.is_ascii_lowercase()
        .then(|| vec![u32::from(c) - u32::from('a') + 1])
}

/// Whether `h` goes on the outline the open headings draw: the next sibling of an open
/// heading of its family (`e.` under an open `d.`), or the first of its family in capitals
/// (`1. LE CAP DE TRANSFORMATION`) while none of that family is open. A title in capitals
/// may also be the next sibling of the last title in capitals of its family (`caps`: family →
/// number), open or not: `3. LES ACTIONS NOUVELLES PROPOSEES` after `2. DES ACTIONS POUR
/// EVOLUER`, when numbered items of that family in lower case (`3. Maintenir un engagement…`)
/// came between.
fn continues_outline(stack: &[Heading], h: &Heading, caps: &BTreeMap<String, Vec<u32>>) -> bool {
    let Some(n) = ordinal(h) else {
        return false;
    };
    let follows = |o: &[u32]| is_next_number(o, &n);
    let same: Vec<&Heading> = stack
        .iter()
        .filter(|o| base_family(o) == base_family(h))
        .collect();
    let successor = same.iter().filter_map(|o| ordinal(o)).any(|o| follows(&o));
    let upper = is_upper_case(&h.text);
    let opens = same.is_empty() && n.last() == Some(&1) && upper;
    let next_caps = upper && caps.get(base_family(h)).is_some_and(|o| follows(o));
    successor || opens || next_caps
}

/// Whether outline number `n` comes right after `prev` (`3` after `2`, `1.4` after `1.3`).
fn is_next_number(prev: &[u32], n: &[u32]) -> bool {
    let (Some((p, pp)), Some((x, xp))) = (prev.split_last(), n.split_last()) else {
        return false;
    };
    pp == xp && p.checked_add(1) == Some(*x)
}

/// Records `h` as the last title in capitals of its family, when it is one.
fn note_caps(caps: &mut BTreeMap<String, Vec<u32>>, h: &Heading) {
    if let Some(n) = ordinal(h).filter(|_| is_upper_case(&h.text)) {
        caps.insert(base_family(h).to_string(), n);
    }
}

/// A body block that ends with a title run into it (`trailing_title`) which goes on the
/// outline (`continues_outline`): the paragraph without the title, the title, and the title
/// as a block (for its continuation lines).
fn run_in_title(
    b: &Block,
    stack: &[Heading],
    caps: &BTreeMap<String, Vec<u32>>,
    body_size: f32,
) -> Option<(Block, Heading, Block)> {
    if b.kind == BlockKind::TableRow {
        return None;
    }
    let (at, title) = trailing_title(&b.text)?;
    let title_block = Block {
        text: title.to_string(),
        kind: BlockKind::HeadingCandidate,
        ..b.clone()
    };
    let h = classify_heading(&title_block, body_size)?;
    if !continues_outline(stack, &h, caps) {
        return None;
    }
    let body = Block {
        text: b.text[..at].trim_end().to_string(),
        ..b.clone()
    };
    Some((body, h, title_block))
}

/// Most words of a numbered title in body style that is the next sibling of an open title
/// (`long_sibling_title`): past it, a numbered line is an item of a list.
const SIBLING_TITLE_WORDS: usize = 30;

/// A numbered line in body style too long to be taken for a title on its own (more than 16
/// words) that is one all the same because it goes on the outline: the next sibling of an
/// open title of its family (`6 – Acquérir les compétences de base, valider un diplôme puis
/// s'insérer … :` set over two lines after the title `5 - Mettre en œuvre des formations …`),
/// set in body style as this one is, and reads as a title, not a sentence (no stop,
/// semicolon or comma at its end, no function word: not the first line of a list item).
fn long_sibling_title(
    b: &Block,
    stack: &[Heading],
    caps: &BTreeMap<String, Vec<u32>>,
    body_size: f32,
) -> Option<Heading> {
    if b.kind != BlockKind::Paragraph
        || word_count(&b.text) > SIBLING_TITLE_WORDS
        || stops_mid_phrase(&b.text)
    {
        return None;
    }
    let h = classify_heading_listed(b, body_size, true)?;
    // its sibling is set in body style too (a title in capitals or bold followed by a long
    // line in body style is a title run into its first sentence)
    let sibling = stack
        .iter()
        .any(|o| base_family(o) == base_family(&h) && o.mark.rank.is_none() && o.plain);
    (h.mark.rank.is_none() && sibling && continues_outline(stack, &h, caps)).then_some(h)
}

/// Most words of the title of a sheet (`opens_outline`).
const SHEET_TITLE_WORDS: usize = 15;

/// A title's key among the titles a document repeats: folded, its words only.
fn template_key(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A short line in body style just above the first title of an outline that the document
/// sets more than once (`I - AXE DU PACTE CONCERNE PAR L'ACTION`, a template's first field)
/// is the title of what that outline structures: an
/// action sheet's name (`Développer une approche innovante de la VAE`), set in body type by
/// the sheet's template. A line that opens in capitals, holds no stop, colon, semicolon or
/// comma at its end, holds no figure (`Budget total : 10 M€`), does not stop mid-phrase and
/// is on the outline's first page; or such a name run into the end of the line above it
/// (a producer's reflow), cut out of it: returns where the name starts in the block (0: the
/// whole block) and the title. Its family (`sheet`) sits above the outline's; the next
/// sheet's title closes it and the outline under it, and so does the outline's next start (a
/// sheet whose title was lost).
fn opens_outline(
    b: &Block,
    next: Option<&&Block>,
    role: Option<&Role>,
    templates: &HashSet<String>,
    body_size: f32,
) -> Option<(usize, Heading)> {
    let (Some(next), Some(Role::Heading(first))) = (next, role) else {
        return None;
    };
    if b.kind != BlockKind::Paragraph || set_smaller(b, body_size) {
        return None;
    }
    // on the same page: the last line of a page before the first title of the next is the
    // end of what came before (a table of contents' last entry)
    if next.page != b.page {
        return None;
    }
    let family = base_family(first);
    if ordinal(first).as_deref() != Some(&[1][..])
        || !(family == "roman" || family.starts_with("arabic"))
    {
        return None;
    }
    // the outline is a template's, set again for each sheet: a document's one outline (`I)
    // Préambule`) is not under the line before it (a cover's title)
    if !templates.contains(&template_key(&first.text)) {
        return None;
    }
    let name = |text: &str| {
        let words = word_count(text);
        (2..=SHEET_TITLE_WORDS).contains(&words)
            && text.chars().next().is_some_and(char::is_uppercase)
            && !text.ends_with(['.', ';', ',', ':', '!', '?'])
            && !stops_mid_phrase(text)
            && heading_mark(text).is_none()
            && !text.contains(|c: char| c.is_ascii_digit() || c == '\n')
    };
    let text = b.text.trim_end();
    // the name on a line of its own, or run into the end of the line above it by a producer
    // that reflowed the sheet (`Budget total : 10,125M€ Rémunérer les stagiaires pour…`): the
    // first word in capitals after a figure, a stop or a word in lower case that starts a name
    let at = if name(text) {
        Some(0)
    } else {
        let mut prev: Option<&str> = None;
        text.split_whitespace()
            .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
            .find_map(|(at, w)| {
                // a capitalised word, or an acronym that a colon explains (`ITE : initiatives
                // territoriales pour l'emploi`), not a unit (`M€`)
                let mut cs = w.chars();
                let acronym = w.chars().count() >= 2
                    && w.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
                    && text[at + w.len()..].trim_start().starts_with(':');
                let capitalised = acronym
                    || cs.next().is_some_and(char::is_uppercase)
                        && cs.next().is_some_and(char::is_lowercase);
                let after = capitalised
                    && prev.is_some_and(|p| {
                        p.ends_with(|c: char| {
                            c.is_ascii_digit() || c.is_lowercase() || c == '€' || c == '.'
                        })
                    });
                prev = Some(w);
                (after && name(&text[at..])).then_some(at)
            })
    }?;
    Some((
        at,
        Heading {
            mark: HeadingMark {
                family: "sheet".into(),
                depth: 1,
                rank: None,
            },
            size: b.font_size,
            text: clean_heading(&text[at..]),
            number: Vec::new(),
            plain: true,
        },
    ))
}

/// What a block is to the outline.
#[derive(Debug, Clone)]
enum Role {
    /// An entry of a table of contents (skipped).
    Toc,
    /// A title (with the continuation lines that follow it).
    Heading(Heading),
    /// The rest of the title just before it, cut off by a line break.
    Continuation,
    /// Body text.
    Body,
}

/// The role of each block. A title line that stops mid-phrase and whose next block goes on
/// in lower case was cut by a line break: the title is the two together (up to three
/// continuations) when they still read as a title; a long line that stops on a function word
/// is the first line of a sentence or list item, not a title.
fn roles(blocks: &[&Block], toc: &[bool], body_size: f32) -> Vec<Role> {
    let listed_titles = toc_shingles(blocks, toc);
    let mut out = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        let b = blocks[i];
        i += 1;
        if toc[i - 1] {
            out.push(Role::Toc);
            continue;
        }
        let listed = listed_in(&listed_titles, &b.text);
        let Some(h) = classify_heading_listed(b, body_size, listed) else {
            out.push(Role::Body);
            continue;
        };
        // The title of a table of contents heads nothing but the table: when the table's
        // entries were not all recognised, it must not become the parent of the whole body.
        if is_sure_toc_title(&h.text) {
            out.push(Role::Toc);
            continue;
        }
        let (h, joined, body) = join_wrapped_title(blocks, i, h, b.clone(), body_size, |k| toc[k]);
        if body {
            out.push(Role::Body);
        } else {
            out.push(Role::Heading(h));
            out.extend((0..joined).map(|_| Role::Continuation));
            i += joined;
        }
    }
    announced_lists(blocks, &mut out);
    out
}

/// Fewest items of a list set as titles (`announced_lists`).
const MIN_LIST_TITLES: u32 = 3;

/// A sentence announcing a list (`… autour de 7 Plans Stratégiques :`) followed by numbered
/// titles back to back, `1.`, `2.`, `3.`… with nothing under any of them, is a list that the
/// page set as titles (bold, larger): the items are body text, kept with their lead-in, and
/// the last of them does not head what follows the list.
fn announced_lists(blocks: &[&Block], roles: &mut [Role]) {
    let n = blocks.len().min(roles.len());
    let mut i = 0;
    while i < n {
        let lead_in = matches!(roles[i], Role::Body) && announces(&blocks[i].text);
        i += 1;
        if !lead_in {
            continue;
        }
        // the titles that follow (continuation lines with their title), numbered 1, 2, 3…
        // in one family and depth
        let mut items = 0;
        let mut prev: Option<&Heading> = None;
        let mut k = i;
        while k < n {
            match &roles[k] {
                Role::Continuation => {}
                Role::Heading(h) => {
                    let alike = prev.is_none_or(|p| {
                        base_family(p) == base_family(h) && p.number.len() == h.number.len()
                    });
                    if !alike || ordinal(h).and_then(|n| n.last().copied()) != Some(items + 1) {
                        break;
                    }
                    items += 1;
                    prev = Some(h);
                }
                _ => break,
            }
            k += 1;
        }
        if items >= MIN_LIST_TITLES {
            for r in &mut roles[i..k] {
                *r = Role::Body;
            }
            i = k;
        }
    }
}

/// The lines that go on title `h` (set in `line`) from `blocks[from]` on, up to three
/// (`wrapped_heading`); `stop(k)` ends the search before block `k`. Returns the whole title,
/// how many blocks it took, and whether a line showed the title to be the first line of a
/// sentence or list item instead (`Wrap::Body`).
fn join_wrapped_title(
    blocks: &[&Block],
    from: usize,
    mut h: Heading,
    mut line: Block,
    body_size: f32,
    stop: impl Fn(usize) -> bool,
) -> (Heading, usize, bool) {
    let mut joined = 0;
    for _ in 0..3 {
        let k = from + joined;
        if k >= blocks.len() || stop(k) {
            break;
        }
        match wrapped_heading(&line, blocks[k], &h, body_size) {
            Wrap::Joined(j, both) => {
                h = j;
                line = both;
                joined += 1;
            }
            Wrap::Body => return (h, joined, true),
            Wrap::Title => break,
        }
    }
    (h, joined, false)
}

/// Folded words of a title, its outline number left out (`1.4) Les publics…` → `les publics…`).
fn title_words(text: &str) -> Vec<String> {
    let f = fold(text);
    let words: Vec<String> = f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let skip = words
        .iter()
        .take_while(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || (w.len() <= 4 && w.chars().all(|c| matches!(c, 'i' | 'v' | 'x')))
        })
        .count();
    words[skip..].to_vec()
}

/// Word triples of the table of contents' lines.
fn toc_shingles(blocks: &[&Block], toc: &[bool]) -> HashSet<String> {
    blocks
        .iter()
        .zip(toc)
        .filter(|(_, t)| **t)
        .flat_map(|(b, _)| shingles(&title_words(&b.text), 3))
        .collect()
}

/// Does the table of contents list this line? Most of its word triples (three at least) are
/// the table's: its wording, whatever the table's own layout did to the numbers.
fn listed_in(set: &HashSet<String>, text: &str) -> bool {
    if set.is_empty() {
        return false;
    }
    let w = title_words(text);
    if w.len() < 5 || w.len() > 50 {
        return false;
    }
    let triples: Vec<String> = w.windows(3).map(|t| t.join(" ")).collect();
    let hit = triples.iter().filter(|t| set.contains(*t)).count();
    hit >= 3 && hit * 10 >= triples.len() * 7
}

/// What a title line followed by a block is.
enum Wrap {
    /// The title as it stands.
    Title,
    /// The title goes on in the next block: the two make the title (and the block joining
    /// them, for a further continuation).
    Joined(Heading, Block),
    /// Not a title: the first line of a sentence or list item that the next block continues.
    Body,
}

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
const OPEN_STARTS: &[&str] = &[
    "de", "du", "d", "et", "ou", "a", "au", "aux", "par", "dont", "que", "qui",
];

/// Whether `text` ends on a word cut by a hyphen at the line end (`PARCOURS QUALI-`).
fn ends_cut_word(text: &str) -> bool {
    let mut cs = text.trim_end().chars().rev();
    cs.next() == Some('-') && cs.next().is_some_and(char::is_alphabetic)
}

/// Decides whether heading `h` (block `b`) was cut by a line break before block `next`.
///
/// A title goes on in the next block when that block opens in lower case after a title that
/// stops mid-phrase, or — titles in capitals, which a line break cuts the same way — when a
/// title in capitals is followed by a line in capitals without an outline number of its own
/// and either the title stops mid-phrase or on a word cut by a hyphen, or the line opens on a
/// word no title opens with.
fn wrapped_heading(b: &Block, next: &Block, h: &Heading, body_size: f32) -> Wrap {
    let next_text = next.text.trim_start();
    let lower = next_text.chars().next().is_some_and(char::is_lowercase);
    let mid_phrase = stops_mid_phrase(&b.text);
    let cut_word = ends_cut_word(&b.text);
    let caps = !lower
        && is_upper_case(&b.text)
        && is_upper_case(next_text)
        && heading_mark(next_text).is_none()
        && (mid_phrase
            || cut_word
            || next_text
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|w| OPEN_STARTS.contains(&fold(w).as_str())));
    if next.kind == BlockKind::TableRow || !(lower && mid_phrase || caps) {
        return Wrap::Title;
    }
    // a word cut by a hyphen is joined whole
    let text = if caps && cut_word {
        format!("{}{}", b.text.trim_end().trim_end_matches('-'), next_text)
    } else {
        format!("{} {}", b.text.trim_end(), next_text)
    };
    let joined = Block { text, ..b.clone() };
    if let Some(j) = classify_heading(&joined, body_size) {
        if j.mark.family == h.mark.family && j.mark.depth == h.mark.depth {
            return Wrap::Joined(j, joined);
        }
    }
    // An axis or part title keeps its place even when the rest of its line ran into the body;
    // so does a title in capitals whose next line, in capitals too, does not join it.
    if caps || h.mark.rank.is_some() || word_count(&b.text) < 10 {
        Wrap::Title
    } else {
        Wrap::Body
    }
}

/// Fewest words of a part of a paragraph cut by `split_long_block`.
const MIN_PART_WORDS: usize = 40;

/// A paragraph or list item of more than `max_words` cut at sentence ends into as few parts
/// as keep each under about `max_words`, each cut at the sentence end nearest to an equal
/// share: prose that long is mostly paragraphs the page did not tell apart (producers that
/// mark a paragraph by a first-line indent only, a table's cell set as prose), and a passage
/// should stay one idea a person would cite. A table row is never cut, nor a paragraph with
/// no sentence end to cut at.
fn split_long_block(b: &Block, max_words: usize) -> Vec<Cow<'_, Block>> {
    if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem) {
        return vec![Cow::Borrowed(b)];
    }
    let total = word_count(&b.text);
    if total <= max_words {
        return vec![Cow::Borrowed(b)];
    }
    let words: Vec<(usize, &str)> = b
        .text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - b.text.as_ptr() as usize, w))
        .collect();
    // cut before word i: the word before ends a sentence, word i opens one
    let opens = |w: &str| {
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "•«(\"“-–".contains(c))
    };
    let candidates: Vec<usize> = (1..words.len())
        .filter(|&i| words[i - 1].1.ends_with(['.', '!', '?', ';']) && opens(words[i].1))
        .collect();
    let parts = total.div_ceil(max_words);
    let n = words.len();
    // (each cut at least `MIN_PART_WORDS` after the one before: increasing)
    let mut cuts: Vec<usize> = Vec::new();
    for k in 1..parts {
        let ideal = k * n / parts;
        let lo = cuts.last().copied().unwrap_or(0) + MIN_PART_WORDS;
        let best = candidates
            .iter()
            .copied()
            .filter(|&c| c >= lo && c + MIN_PART_WORDS <= n)
            .min_by_key(|&c| c.abs_diff(ideal));
        if let Some(c) = best {
            cuts.push(c);
        }
    }
    if cuts.is_empty() {
        return vec![Cow::Borrowed(b)];
    }
    let mut bounds: Vec<usize> = vec![0];
    bounds.extend(cuts.iter().map(|&i| words[i].0));
    bounds.push(b.text.len());
    bounds
        .windows(2)
        .enumerate()
        .map(|(k, w)| {
            let mut part = b.clone();
            part.text = b.text[w[0]..w[1]].trim().to_string();
            // the parts after the first continue the item: paragraphs of it
            if k > 0 {
                part.kind = BlockKind::Paragraph;
            }
            Cow::Owned(part)
        })
        .collect()
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
fn opens_in_lower_case(text: &str) -> bool {
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
fn numbered_item(text: &str) -> Option<(String, Vec<u32>)> {
    let mark = heading_mark(text)?;
    let n = outline_number(text, &mark.family);
    (!n.is_empty()).then_some((mark.family, n))
}

/// Whether `text` is the item after `prev` in a numbered list (`3.` after `2.`, `1.4` after
/// `1.3`).
fn next_item_of(prev: &(String, Vec<u32>), text: &str) -> bool {
    numbered_item(text).is_some_and(|(family, n)| family == prev.0 && is_next_number(&prev.1, &n))
}

/// Packs a section's blocks into passages of at most `max_words` (never cutting a block),
/// keeping a list's lead-in sentence with its first items.
fn pack<'a>(
    section: &[&'a Block],
    max_words: usize,
    paragraph_words: usize,
) -> Vec<Vec<&'a Block>> {
    // Units: a lead-in paragraph with the list items that follow it; anything else alone.
    let mut units: Vec<Vec<&Block>> = Vec::new();
    // words of the last unit
    let mut unit_words = 0;
    for b in section {
        let words = word_count(&b.text);
        // the unit before, when `b` fits in it within the passage's words, and its last block
        let before = units.last().filter(|_| unit_words + words <= max_words);
        let last = before.and_then(|u| u.last());
        let joins_list = b.kind == BlockKind::ListItem
            && before.is_some_and(|u| {
                u.first().is_some_and(|f| {
                    f.kind == BlockKind::Paragraph || f.kind == BlockKind::ListItem
                })
            });
        // A sentence that announces what follows (`… portera sur :`) stays with it, whatever
        // shape that takes (items run together in one block, a table, a paragraph).
        let after_lead_in = last.is_some_and(|l| announces(&l.text));
        // A paragraph that the page cut (a page or column break, a line set in bold) goes on
        // in the block opening in lower case after it: the two are one paragraph.
        let goes_on = matches!(b.kind, BlockKind::Paragraph | BlockKind::HeadingCandidate)
            && last.is_some_and(|l| l.kind != BlockKind::TableRow && goes_on(&l.text, &b.text));
        // The next item of a numbered list (`2.` after `1.`) stays with the items before it,
        // when it is an item, not a numbered paragraph of its own (nor a table's row).
        let next_item = b.kind != BlockKind::TableRow
            && 2 * words < paragraph_words
            && last.is_some_and(|l| {
                l.kind != BlockKind::TableRow
                    && numbered_item(&l.text).is_some_and(|n| next_item_of(&n, &b.text))
            });
        if joins_list || after_lead_in || goes_on || next_item {
            if let Some(u) = units.last_mut() {
                u.push(b);
                unit_words += words;
            }
        } else {
            units.push(vec![b]);
            unit_words = words;
        }
    }
    let mut out: Vec<Vec<&Block>> = Vec::new();
    let mut cur: Vec<&Block> = Vec::new();
    let mut cur_words = 0;
    // Table rows describe one item each: a substantial row stands alone, small rows are
    // packed together up to a fraction of the budget.
    let row_budget = (max_words / 3).max(1);
    let mut in_table = false;
    for u in units {
        let w: usize = u.iter().map(|b| word_count(&b.text)).sum();
        let is_row = u.len() == 1 && u[0].kind == BlockKind::TableRow;
        let limit = if is_row || in_table {
            row_budget
        } else {
            max_words
        };
        let boundary = is_row != in_table
            || (is_row && w >= row_budget / 3)
            || (!is_row && (w >= paragraph_words || cur_words >= paragraph_words));
        if !cur.is_empty() && (cur_words + w > limit || boundary) {
            out.push(std::mem::take(&mut cur));
            cur_words = 0;
        }
        cur.extend(u);
        cur_words += w;
        in_table = is_row;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Builds a `Document` from plain text (one block per paragraph, table row or list item),
/// guessing block kinds from the shape of the lines: a line with tabs is a table row, a line
/// opening with a bullet (`-`, `•`, `▶`, `➤`, `o`…) a list item, a short line without final
/// punctuation a heading candidate, wrapped lines are joined into paragraphs. Form feeds start
/// a new page; otherwise a page holds `lines_per_page` non-empty lines. For plain-text inputs
/// and tests; PDF extraction produces richer blocks.
pub fn document_from_text(file: &str, text: &str, lines_per_page: usize) -> Document {
    let lines_per_page = lines_per_page.max(1);
    let mut pages: Vec<Page> = Vec::new();
    let mut page_no = 1u32;
    let mut lines_on_page = 0usize;
    let mut blocks: Vec<Block> = Vec::new();
    let mut para: Vec<String> = Vec::new();

    fn new_block(page: u32, kind: BlockKind, text: String) -> Block {
        Block {
            page,
            bbox: Default::default(),
            font_size: 10.0,
            bold: false,
            kind,
            text,
        }
    }
    fn flush_para(para: &mut Vec<String>, blocks: &mut Vec<Block>, page: u32) {
        if para.is_empty() {
            return;
        }
        let text = para.join(" ");
        para.clear();
        let words = word_count(&text);
        let last = text.trim_end().chars().last().unwrap_or('.');
        let starts_lower = text.chars().next().is_some_and(|c| c.is_lowercase());
        let kind = if words <= 15 && !matches!(last, '.' | ';' | ',') && !starts_lower {
            BlockKind::HeadingCandidate
        } else {
            BlockKind::Paragraph
        };
        blocks.push(new_block(page, kind, text));
    }

    let bullet = |l: &str| -> Option<String> {
        let t = l.trim_start();
        let mut rest = t;
        let mut found = false;
        loop {
            let r = rest.trim_start();
            let mut chars = r.chars();
            match chars.next() {
                Some(c) if "-•▶►➤❖▪■□◆✓↳–●◦▸".contains(c) || c == '\u{f0a7}' || c == '\u{f0b7}' =>
                {
                    rest = chars.as_str();
                    found = true;
                }
                Some('o') if r.starts_with("o ") => {
                    rest = &r[1..];
                    found = true;
                }
                _ => break,
            }
        }
        if found && rest.trim().chars().any(|c| c.is_alphanumeric()) {
            Some(format!("{} {}", LIST_MARKER, rest.trim()))
        } else {
            None
        }
    };

    for (pi, chunk) in text.split('\x0c').enumerate() {
        if pi > 0 {
            flush_para(&mut para, &mut blocks, page_no);
            pages.push(make_page(page_no, std::mem::take(&mut blocks)));
            page_no += 1;
            lines_on_page = 0;
        }
        for raw in chunk.lines() {
            let line = raw.trim_end();
            if line.trim().is_empty() {
                flush_para(&mut para, &mut blocks, page_no);
                continue;
            }
            if lines_on_page >= lines_per_page {
                flush_para(&mut para, &mut blocks, page_no);
                pages.push(make_page(page_no, std::mem::take(&mut blocks)));
                page_no += 1;
                lines_on_page = 0;
            }
            lines_on_page += 1;
            if line.contains('\t') {
                flush_para(&mut para, &mut blocks, page_no);
                let cells: Vec<&str> = line
                    .split('\t')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .collect();
                if !cells.is_empty() {
                    blocks.push(new_block(
                        page_no,
                        BlockKind::TableRow,
                        cells.join(CELL_SEPARATOR),
                    ));
                }
                continue;
            }
            if let Some(item) = bullet(line) {
                flush_para(&mut para, &mut blocks, page_no);
                blocks.push(new_block(page_no, BlockKind::ListItem, item));
                continue;
            }
            let t = line.trim();
            // Join wrapped lines: the previous line was long and did not end a sentence,
            // and this one does not open with a numbering.
            let continues = para.last().is_some_and(|prev| {
                prev.chars().count() >= 60
                    && !prev.ends_with(['.', ':', ';', '!', '?'])
                    && heading_mark(t).is_none()
            });
            if !continues {
                flush_para(&mut para, &mut blocks, page_no);
            }
            para.push(t.to_string());
        }
    }
    flush_para(&mut para, &mut blocks, page_no);
    pages.push(make_page(page_no, blocks));
    Document {
        file: file.to_string(),
        sha256: String::new(),
        meta: Default::default(),
        pages,
    }
}

fn make_page(number: u32, blocks: Vec<Block>) -> Page {
    Page {
        number,
        width: 595.0,
        height: 842.0,
        blocks,
        header: Vec::new(),
        footer: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(page: u32, kind: BlockKind, size: f32, bold: bool, text: &str) -> Block {
        Block {
            page,
            bbox: Default::default(),
            font_size: size,
            bold,
            kind,
            text: text.to_string(),
        }
    }

    fn doc(blocks: Vec<Block>) -> Document {
        let mut pages: Vec<Page> = Vec::new();
        for b in blocks {
            if pages.last().is_none_or(|p| p.number != b.page) {
                pages.push(make_page(b.page, Vec::new()));
            }
            if let Some(p) = pages.last_mut() {
                p.blocks.push(b);
            }
        }
        Document {
            file: "t.pdf".into(),
            sha256: "0123456789abcdef".into(),
            meta: Default::default(),
            pages,
        }
    }

    /// The passages (default options) with their bodies as text: the titles a passage opens
    /// with (`a_passage_opens_with_the_titles_above_it`) are in its heading path.
    fn bodies(d: &Document) -> Vec<Passage> {
        segment(d, &SegmentOptions::default())
            .into_iter()
            .map(|mut p| {
                p.text = crate::text::body(&p.text, &p.heading).to_string();
                p
            })
            .collect()
    }

    /// A sentence of body text under the titles of the tests.
    const BODY: &str = "Le Pacte finance des parcours de formation pour les demandeurs d'emploi peu qualifiés de la région.";

    /// Each passage of the blocks (segmented with the default options) as its heading path
    /// (` > ` between the headings) and its text.
    fn outline(blocks: Vec<Block>) -> Vec<(String, String)> {
        bodies(&doc(blocks))
            .into_iter()
            .map(|p| (p.heading.join(" > "), p.text))
            .collect()
    }

    #[test]
    fn wrapped_titles_are_joined_and_run_on_items_are_body() {
        use BlockKind::Paragraph as P;
        let ps = bodies(
            &doc(vec![
                block(1, P, 14.0, true, "Axe 1 : Proposer des"),
                block(1, P, 14.0, true, "parcours qualifiants vers l'emploi, renouvelés"),
                block(1, P, 10.0, false, BODY),
                block(1, P, 10.0, false, "1. Mode marché existant (abondement financier du programme d'information, d'entretiens conseil et"),
                block(1, P, 10.0, false, "de promotion de la VAE). Le Pacte permet de financer les besoins des particuliers."),
                block(1, P, 10.0, false, BODY),
                block(2, P, 10.0, true, "2. Les modalités de suivi"),
                block(2, P, 10.0, false, "des actions sont précisées. Elles portent sur les entrées en formation."),
            ]),
        );
        let axis =
            vec!["Axe 1 : Proposer des parcours qualifiants vers l'emploi, renouvelés".to_string()];
        // the wrapped axis title is one heading; the run-on list item stays in the body
        assert_eq!(ps[0].heading, axis, "{ps:#?}");
        assert!(
            ps.iter()
                .take_while(|p| p.page_start == 1)
                .all(|p| p.heading == axis),
            "{ps:#?}"
        );
        let all: String = ps
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(all.contains("1. Mode marché existant"), "{all}");
        assert!(!all.contains("parcours qualifiants vers l'emploi"), "{all}");
        // a short title that does not stop mid-phrase stays a title
        assert_eq!(
            ps.last().map(|p| p.heading.clone()),
            Some(vec![
                axis[0].clone(),
                "2. Les modalités de suivi".to_string()
            ]),
            "{ps:#?}"
        );
    }

    #[test]
    fn wrapped_titles_in_capitals_are_joined() {
        use BlockKind::Paragraph as P;
        let ps = bodies(&doc(vec![
            // body type, as some producers set titles: the lines in capitals are the cues
            block(1, P, 10.0, false, "AXE 1 : PROPOSER DES PARCOURS QUALI-"),
            block(1, P, 10.0, false, "FIANTS VERS L'EMPLOI, RENOUVELES DANS"),
            block(1, P, 10.0, false, "LEURS CONTENUS, AU REGARD DES BESOINS"),
            block(1, P, 10.0, false, "DE L'ECONOMIE EN TEMPS REEL"),
            block(1, P, 10.0, false, BODY),
            // two titles in capitals, the first one whole: two headings
            block(2, P, 10.0, false, "PARTIE 2 : LES PROJETS"),
            block(2, P, 10.0, false, "CONSTATS ET ENJEUX"),
            block(2, P, 10.0, false, BODY),
        ]));
        assert_eq!(
            ps[0].heading,
            vec!["AXE 1 : PROPOSER DES PARCOURS QUALIFIANTS VERS L'EMPLOI, RENOUVELES DANS LEURS CONTENUS, AU REGARD DES BESOINS DE L'ECONOMIE EN TEMPS REEL".to_string()],
            "{ps:#?}"
        );
        assert_eq!(ps[0].text, BODY);
        let last = ps.last().expect("passages");
        assert_eq!(
            last.heading.last().map(String::as_str),
            Some("CONSTATS ET ENJEUX"),
            "{ps:#?}"
        );
        assert!(
            last.heading.iter().any(|h| h == "PARTIE 2 : LES PROJETS"),
            "{ps:#?}"
        );
    }

    #[test]
    fn a_title_run_into_the_paragraph_before_it_is_a_title() {
        use BlockKind::Paragraph as P;
        let heads = outline(vec![
                block(1, P, 10.0, false, "1. LE CAP DE TRANSFORMATION"),
                block(1, P, 10.0, false, "d. Des conditions d’actualisation du diagnostic"),
                block(
                    1,
                    P,
                    10.0,
                    false,
                    &format!("{BODY} e. Un appareil de formation plus agile pour les entreprises, et mieux adapté aux publics"),
                ),
                block(1, P, 10.0, false, BODY),
                // a list item in the text is no title: no `b.` is open, `c.` does not follow
                block(2, P, 10.0, false, &format!("{BODY} c. Les suites données aux projets")),
                // nor is a sentence that goes on past a stop
                block(2, P, 10.0, false, &format!("{BODY} f. Une concertation. Elle réunit les acteurs")),
        ]);
        assert_eq!(heads.len(), 2, "{heads:#?}");
        assert_eq!(
            heads[0],
            (
                "1. LE CAP DE TRANSFORMATION > d. Des conditions d’actualisation du diagnostic"
                    .to_string(),
                BODY.to_string()
            )
        );
        assert_eq!(
            heads[1].0,
            "1. LE CAP DE TRANSFORMATION > e. Un appareil de formation plus agile pour les entreprises, et mieux adapté aux publics"
        );
        assert!(
            heads[1].1.starts_with(BODY) && heads[1].1.contains("c. Les suites"),
            "{heads:#?}"
        );
    }

    #[test]
    fn a_title_in_capitals_run_in_follows_the_last_title_in_capitals_of_its_family() {
        use BlockKind::Paragraph as P;
        let mut heads: Vec<String> = outline(vec![
            block(1, P, 10.0, false, "2. DES ACTIONS POUR EVOLUER (2019)"),
            block(1, P, 10.0, false, BODY),
            // numbered items of the same family, in lower case, come between
            block(
                1,
                P,
                10.0,
                false,
                "3. Maintenir un engagement financier sur la durée",
            ),
            block(
                1,
                P,
                10.0,
                false,
                &format!("{BODY} 3. LES ACTIONS NOUVELLES PROPOSEES"),
            ),
            block(2, P, 10.0, false, "I - AXE DU PACTE CONCERNE"),
            block(2, P, 10.0, false, BODY),
            // a title in lower case run in is not taken on that ground
            block(
                2,
                P,
                10.0,
                false,
                &format!("{BODY} 4. Les suites données aux projets"),
            ),
        ])
        .into_iter()
        .map(|(h, _)| h)
        .collect();
        heads.dedup();
        assert_eq!(
            heads,
            vec![
                "2. DES ACTIONS POUR EVOLUER (2019)",
                "3. Maintenir un engagement financier sur la durée",
                "3. LES ACTIONS NOUVELLES PROPOSEES > I - AXE DU PACTE CONCERNE",
            ],
        );
    }

    #[test]
    fn a_roman_title_closes_numbered_lines_in_body_type() {
        use BlockKind::Paragraph as P;
        let heads: Vec<String> = outline(vec![
            block(
                1,
                P,
                10.0,
                false,
                "AXE 1 : PROPOSER DES PARCOURS QUALIFIANTS",
            ),
            block(1, P, 10.0, false, "1- Accès renforcé à l’alternance"),
            block(1, P, 10.0, false, BODY),
            block(
                1,
                P,
                10.0,
                false,
                "2- Accès au contrat en amont ou après une rupture",
            ),
            block(1, P, 10.0, false, BODY),
            block(2, P, 10.0, false, "XI - CALENDRIER"),
            block(2, P, 10.0, false, BODY),
            block(2, P, 10.0, false, "I - AXE DU PACTE CONCERNE"),
            block(2, P, 10.0, false, BODY),
        ])
        .into_iter()
        .map(|(path, _)| path)
        .collect();
        // the next sheet's fields are not under the list's second item
        let axe = "AXE 1 : PROPOSER DES PARCOURS QUALIFIANTS";
        assert_eq!(
            heads,
            vec![
                format!("{axe} > 1- Accès renforcé à l’alternance"),
                format!("{axe} > 2- Accès au contrat en amont ou après une rupture"),
                format!("{axe} > XI - CALENDRIER"),
                format!("{axe} > I - AXE DU PACTE CONCERNE"),
            ]
        );
    }

    #[test]
    fn a_title_that_heads_nothing_is_a_passage_of_its_own() {
        use BlockKind::Paragraph as P;
        let got = outline(vec![
            block(1, P, 14.0, true, "PREAMBULE"),
            block(1, P, 12.0, true, "1. Itinéraires de réussite"),
            block(1, P, 12.0, true, "2. Information et orientation"),
            block(1, P, 10.0, false, BODY),
            block(2, P, 12.0, true, "3. Les publics"),
        ]);
        let pre = "PREAMBULE";
        assert_eq!(
            got,
            vec![
                (pre.to_string(), "1. Itinéraires de réussite".to_string()),
                (
                    format!("{pre} > 2. Information et orientation"),
                    BODY.to_string()
                ),
                // the last title, with nothing under it, is not lost either
                (pre.to_string(), "3. Les publics".to_string()),
            ]
        );
    }

    #[test]
    fn a_list_announced_by_a_colon_and_set_as_titles_is_a_list() {
        use BlockKind::HeadingCandidate as H;
        use BlockKind::Paragraph as P;
        let lead = "Le CPRDFOP organise la formation autour de 4 Plans Stratégiques :";
        let after = "Fort de cet acquis, les signataires prendront appui sur ces plans.";
        let items = [
            "1. Itinéraires de réussite et lutte contre le décrochage",
            "2. Information et orientation des jeunes et des adultes",
            "3. Lycées et établissements de formation",
            "4. Innovations pédagogiques et numériques",
        ];
        let mut blocks = vec![
            block(1, P, 14.0, true, "PREAMBULE"),
            block(1, P, 10.0, false, lead),
        ];
        // the items set bold and larger, as titles are
        blocks.extend(items.iter().map(|t| block(1, H, 12.0, true, t)));
        blocks.push(block(1, P, 10.0, false, after));
        let got = outline(blocks.clone());
        // the items stay with their lead-in; the last does not head what follows
        assert_eq!(
            got,
            vec![(
                "PREAMBULE".to_string(),
                [lead]
                    .into_iter()
                    .chain(items)
                    .chain([after])
                    .collect::<Vec<_>>()
                    .join("\n")
            )],
            "{got:#?}"
        );
        // the same titles with no colon before them, or with a body under one of them, are
        // titles
        let mut plain = blocks.clone();
        plain[1].text = BODY.to_string();
        let got = outline(plain);
        assert_eq!(
            got.last().map(|(h, _)| h.as_str()),
            Some("PREAMBULE > 4. Innovations pédagogiques et numériques"),
            "{got:#?}"
        );
        let mut headed = blocks;
        headed.insert(3, block(1, P, 10.0, false, BODY));
        let got = outline(headed);
        assert!(
            got.iter().any(|(h, t)| h
                == "PREAMBULE > 1. Itinéraires de réussite et lutte contre le décrochage"
                && t == BODY),
            "{got:#?}"
        );
    }

    #[test]
    fn numbered_items_stay_together_and_numbered_paragraphs_apart() {
        use BlockKind::Paragraph as P;
        // numbered paragraphs of their own, going on from the list's numbers
        let long = |n: usize| format!("{n}. {}", vec!["mesure"; 70].join(" ") + ".");
        let lead = format!("{BODY} {BODY} {BODY} {BODY} Le programme porte sur :");
        let got = outline(vec![
            block(1, P, 14.0, true, "PREAMBULE"),
            // a lead-in long enough to be a passage of its own
            block(1, P, 10.0, false, &lead),
            block(1, P, 10.0, false, "1. La qualité de vie au travail,"),
            block(
                1,
                P,
                10.0,
                false,
                "2. La prévention des risques professionnels,",
            ),
            block(
                1,
                P,
                10.0,
                false,
                "3. La formation en situation de travail.",
            ),
            block(1, P, 10.0, false, &long(4)),
            block(1, P, 10.0, false, &long(5)),
        ]);
        let texts: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                format!("{lead}\n1. La qualité de vie au travail,\n2. La prévention des risques professionnels,\n3. La formation en situation de travail.").as_str(),
                long(4).as_str(),
                long(5).as_str(),
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn an_action_sheet_title_in_body_type_heads_its_sheet() {
        use BlockKind::Paragraph as P;
        let d = doc(vec![
            block(1, P, 14.0, true, "3. LES ACTIONS NOUVELLES"),
            block(
                1,
                P,
                10.0,
                false,
                "Développer une approche innovante de la VAE",
            ),
            block(1, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
            block(1, P, 10.0, false, BODY),
            block(1, P, 10.0, false, "II - DIAGNOSTIC"),
            block(1, P, 10.0, false, BODY),
            // the next sheet's title closes the first sheet
            block(2, P, 10.0, false, "Outiller pour mieux informer"),
            block(2, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
            block(2, P, 10.0, false, BODY),
            // a name run into the end of the line above it, after a figure
            block(3, P, 10.0, false, BODY),
            block(
                3,
                P,
                10.0,
                false,
                "Budget total : 10 M€ Rémunérer les stagiaires",
            ),
            block(3, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
            block(3, P, 10.0, false, BODY),
            // a sheet whose name is lost (a data line) is not under the last one
            block(4, P, 10.0, false, "Budget total : 10 M€"),
            block(4, P, 10.0, false, "I - AXE DU PACTE CONCERNE PAR L'ACTION"),
            block(4, P, 10.0, false, BODY),
        ]);
        let ps = bodies(&d);
        let got: Vec<String> = ps.iter().map(|p| p.heading.join(" > ")).collect();
        let sheet = "3. LES ACTIONS NOUVELLES > Développer une approche innovante de la VAE";
        let next = "3. LES ACTIONS NOUVELLES > Outiller pour mieux informer";
        let paid = "3. LES ACTIONS NOUVELLES > Rémunérer les stagiaires";
        assert_eq!(
            got,
            [
                format!("{sheet} > I - AXE DU PACTE CONCERNE PAR L'ACTION"),
                format!("{sheet} > II - DIAGNOSTIC"),
                format!("{next} > I - AXE DU PACTE CONCERNE PAR L'ACTION"),
                format!("{paid} > I - AXE DU PACTE CONCERNE PAR L'ACTION"),
                "3. LES ACTIONS NOUVELLES > I - AXE DU PACTE CONCERNE PAR L'ACTION".to_string(),
            ],
            "{got:#?}"
        );
        // the line above keeps what comes before the name
        assert!(
            ps[2].text.ends_with("Budget total : 10 M€"),
            "{:?}",
            ps[2].text
        );
    }

    #[test]
    fn a_long_numbered_line_after_its_sibling_title_is_a_title() {
        use BlockKind::Paragraph as P;
        let long = "6 – Acquérir les compétences de base, valider un diplôme puis s'insérer sur le marché du travail par la mise en situation de production :";
        let d = doc(vec![
            block(1, P, 10.0, false, "5 - Mettre en œuvre des formations de français :"),
            block(1, P, 10.0, false, BODY),
            block(1, P, 10.0, false, long),
            block(1, P, 10.0, false, BODY),
            // no open sibling: a long numbered line is body text
            block(2, P, 10.0, false, "III) Les publics"),
            block(2, P, 10.0, false, "4 - Les stagiaires pourront suivre des modules complémentaires choisis avec leur conseiller selon leur projet professionnel :"),
            // a sibling, but the line stops mid-phrase: the first line of a list item
            block(2, P, 10.0, false, "1 - Les publics :"),
            block(2, P, 10.0, false, BODY),
            block(2, P, 10.0, false, "2 - Les stagiaires pourront suivre des modules complémentaires choisis avec leur conseiller selon leur projet professionnel et"),
        ]);
        let got: Vec<String> = bodies(&d).iter().map(|p| p.heading.join(" > ")).collect();
        assert_eq!(
            got,
            [
                "5 - Mettre en œuvre des formations de français :",
                long,
                "III) Les publics",
                "III) Les publics > 1 - Les publics :",
            ],
            "{got:#?}"
        );
    }

    #[test]
    fn a_passage_opens_with_the_titles_above_it() {
        use BlockKind::Paragraph as P;
        let d = doc(vec![
            block(1, P, 14.0, true, "PREAMBULE"),
            block(1, P, 12.0, true, "1. Itinéraires de réussite"),
            block(1, P, 10.0, false, BODY),
            block(1, P, 12.0, true, "2. Le budget"),
            block(1, P, 11.0, true, "a) Le programme"),
            block(1, P, 11.0, true, "b) L'appel à projets"),
            block(1, P, 12.0, true, "3. Information et orientation"),
            block(2, P, 10.0, false, BODY),
            block(2, P, 12.0, true, "4. Les publics"),
            block(2, P, 10.0, false, BODY),
        ]);
        let got: Vec<(String, String, u32)> = segment(&d, &SegmentOptions::default())
            .into_iter()
            .map(|p| (p.heading.join(" > "), p.text, p.page_start))
            .collect();
        let s = |h: &str, t: &str, page: u32| (h.to_string(), t.to_string(), page);
        assert_eq!(
            got[..3],
            [
                // the body's first passage opens with every title above it since the last body
                s(
                    "PREAMBULE > 1. Itinéraires de réussite",
                    &format!("PREAMBULE\n1. Itinéraires de réussite\n{BODY}"),
                    1
                ),
                // a title that heads only titles heading nothing opens the first of them
                s(
                    "PREAMBULE > 2. Le budget",
                    "2. Le budget\na) Le programme",
                    1
                ),
                s("PREAMBULE > 2. Le budget", "b) L'appel à projets", 1),
            ],
            "{got:#?}"
        );
        // a title is in one passage only, and the pages are those of the body
        let rest: Vec<&(String, String, u32)> = got[3..].iter().collect();
        assert_eq!(
            rest[0].1,
            format!("3. Information et orientation\n{BODY}"),
            "{got:#?}"
        );
        assert_eq!(rest[0].2, 2);
        assert_eq!(rest[1].1, format!("4. Les publics\n{BODY}"), "{got:#?}");
        assert_eq!(rest.len(), 2, "{got:#?}");
        // what a passage says is the text after its titles
        let bodies: Vec<String> = bodies(&d).into_iter().map(|p| p.text).collect();
        assert_eq!(
            bodies[..3],
            [BODY, "a) Le programme", "b) L'appel à projets"]
        );
    }

    #[test]
    fn figures_under_a_roman_field_number_a_list_within_it() {
        use BlockKind::Paragraph as P;
        // an action sheet under `3.`: its fields in roman numerals (body type), the numbered
        // lines of a field set large and bold like the sections
        let heads: Vec<String> = outline(vec![
            block(1, P, 13.5, true, "3. LES ACTIONS NOUVELLES PROPOSEES"),
            block(1, P, 9.5, false, BODY),
            block(1, P, 9.5, false, "IV - OBJECTIFS DE L’ACTION"),
            block(1, P, 9.5, false, BODY),
            block(1, P, 13.5, true, "2. Développer un accompagnement innovant"),
            block(1, P, 9.5, false, BODY),
            block(1, P, 9.5, false, "V - PUBLIC VISE"),
            block(1, P, 9.5, false, BODY),
            block(
                1,
                P,
                13.5,
                true,
                "1. Renforcement du programme d’information",
            ),
            block(1, P, 9.5, false, BODY),
            block(1, P, 13.5, true, "2. Lancement d’un appel à propositions"),
            block(1, P, 9.5, false, BODY),
            block(2, P, 9.5, false, "VI - BUDGET"),
            block(2, P, 9.5, false, BODY),
            block(2, P, 13.5, true, "4. ANNEXES FINANCIERES"),
            block(2, P, 9.5, false, BODY),
        ])
        .into_iter()
        .map(|(path, _)| path)
        .collect();
        let s = "3. LES ACTIONS NOUVELLES PROPOSEES";
        assert_eq!(
            heads,
            vec![
                s.to_string(),
                format!("{s} > IV - OBJECTIFS DE L’ACTION"),
                format!(
                    "{s} > IV - OBJECTIFS DE L’ACTION > 2. Développer un accompagnement innovant"
                ),
                format!("{s} > V - PUBLIC VISE"),
                format!("{s} > V - PUBLIC VISE > 1. Renforcement du programme d’information"),
                format!("{s} > V - PUBLIC VISE > 2. Lancement d’un appel à propositions"),
                format!("{s} > VI - BUDGET"),
                // a title in capitals that goes on from section 3 keeps its place
                "4. ANNEXES FINANCIERES".to_string(),
            ]
        );
    }
    #[test]
    fn a_run_in_title_goes_on_in_the_next_line() {
        use BlockKind::Paragraph as P;
        let heads = outline(vec![
            block(1, P, 10.0, false, &format!("{BODY} 1. LE CAP DE")),
            block(1, P, 10.0, false, "TRANSFORMATION"),
            block(1, P, 10.0, false, BODY),
            // a word in capitals closing a sentence is the paragraph's end, not a title
            block(1, P, 10.0, false, "SPED/SPEL)."),
            block(1, P, 10.0, false, BODY),
        ]);
        assert_eq!(heads.len(), 2, "{heads:#?}");
        assert_eq!(heads[0], (String::new(), BODY.to_string()));
        assert_eq!(heads[1].0, "1. LE CAP DE TRANSFORMATION");
        assert_eq!(heads[1].1, format!("{BODY}\nSPED/SPEL).\n{BODY}"));
    }

    #[test]
    fn an_annex_title_glued_to_other_text_heads_the_annex() {
        use BlockKind::Paragraph as P;
        const RUN: &str = "L’expérience du plan a montré les limites d’un soutien temporaire.";
        let heads = outline(vec![
            block(
                1,
                P,
                10.0,
                false,
                "Axe 2 : Garantir l’accès des publics fragiles",
            ),
            block(1, P, 10.0, false, "XI - CALENDRIER"),
            block(1, P, 10.0, false, BODY),
            block(
                2,
                P,
                10.0,
                false,
                &format!(
                    "ANNEXE 1 : Maintien de la dynamique des effectifs enclenchée en 2018 {RUN}"
                ),
            ),
            block(
                3,
                P,
                10.0,
                false,
                "Le + PIC ANNEXE 2 : LA COMMANDE REGIONALE DE FORMATIONS",
            ),
            block(3, P, 10.0, false, BODY),
        ]);
        let h = |a: &str, b: &str| (a.to_string(), b.to_string());
        // no word is lost: the label glued to the second annex's title stays body text
        assert_eq!(
            heads,
            vec![
                h(
                    "Axe 2 : Garantir l’accès des publics fragiles > XI - CALENDRIER",
                    BODY
                ),
                h(
                    "ANNEXE 1 : Maintien de la dynamique des effectifs enclenchée en 2018",
                    &format!("{RUN}\nLe + PIC")
                ),
                h("ANNEXE 2 : LA COMMANDE REGIONALE DE FORMATIONS", BODY),
            ]
        );
    }

    #[test]
    fn a_lettered_title_does_not_hold_a_numbered_one() {
        use BlockKind::Paragraph as P;
        // the section holding the letters (`1. Le cap`) was lost: `2.` still closes `g.`
        let ps = bodies(&doc(vec![
            block(1, P, 10.0, false, "f. Des moyens pour agir"),
            block(1, P, 10.0, false, BODY),
            block(1, P, 10.0, false, "g. Des outils pour piloter et évaluer"),
            block(1, P, 10.0, false, BODY),
            block(2, P, 10.0, false, "2. DES ACTIONS POUR EVOLUER"),
            block(2, P, 10.0, false, BODY),
            block(2, P, 10.0, false, "a. Parcours sans couture"),
            block(2, P, 10.0, false, BODY),
            block(3, P, 10.0, false, "II - CATEGORIE D'INTERVENTION"),
            block(3, P, 10.0, false, BODY),
        ]));
        let heads: Vec<Vec<String>> = ps.iter().map(|p| p.heading.clone()).collect();
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            heads,
            vec![
                h(&["f. Des moyens pour agir"]),
                h(&["g. Des outils pour piloter et évaluer"]),
                h(&["2. DES ACTIONS POUR EVOLUER"]),
                h(&["2. DES ACTIONS POUR EVOLUER", "a. Parcours sans couture"]),
                h(&[
                    "2. DES ACTIONS POUR EVOLUER",
                    "II - CATEGORIE D'INTERVENTION"
                ]),
            ],
            "{ps:#?}"
        );
    }

    #[test]
    fn figures_closed_by_a_parenthesis_or_a_dash_number_a_level_of_their_own() {
        use BlockKind::Paragraph as P;
        // `1)` under `2.` and `a.` is a level below them, not section 1 again; `1.2` carries its
        // parents whatever follows its figures
        let ps = bodies(&doc(vec![
            block(1, P, 10.0, false, "2. DES ACTIONS POUR EVOLUER"),
            block(1, P, 10.0, false, BODY),
            block(1, P, 10.0, false, "a. Parcours sans couture"),
            block(1, P, 10.0, false, BODY),
            block(2, P, 10.0, false, "1) PARCOURS DE FORMATION VERS L'EMPLOI"),
            block(2, P, 10.0, false, BODY),
            block(2, P, 10.0, false, "2) PRISE EN CHARGE DES PUBLICS"),
            block(2, P, 10.0, false, BODY),
            block(3, P, 10.0, false, "1- Favoriser l'émergence des axes"),
            block(3, P, 10.0, false, BODY),
            block(3, P, 10.0, false, "3. LES MOYENS"),
            block(3, P, 10.0, false, BODY),
        ]));
        let heads: Vec<Vec<String>> = ps.iter().map(|p| p.heading.clone()).collect();
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let two = "2. DES ACTIONS POUR EVOLUER";
        let paren = "2) PRISE EN CHARGE DES PUBLICS";
        assert_eq!(
            heads,
            vec![
                h(&[two]),
                h(&[two, "a. Parcours sans couture"]),
                h(&[two, "1) PARCOURS DE FORMATION VERS L'EMPLOI"]),
                h(&[two, paren]),
                h(&[two, paren, "1- Favoriser l'émergence des axes"]),
                h(&["3. LES MOYENS"]),
            ],
            "{ps:#?}"
        );
    }

    #[test]
    fn a_table_of_contents_title_heads_nothing() {
        use BlockKind::Paragraph as P;
        // the table's entries lost their page numbers: they are not recognised as entries
        let ps = bodies(&doc(vec![
            block(1, P, 14.0, true, "Table des matières"),
            block(1, P, 10.0, false, "Le préambule du Pacte et ses enjeux"),
            block(2, P, 10.0, false, "I) Préambule :"),
            block(2, P, 10.0, false, BODY),
            // a word that may title a table of contents but heads a section here
            block(3, P, 12.0, true, "Contenu :"),
            block(3, P, 10.0, false, BODY),
        ]));
        assert_eq!(
            ps[ps.len() - 2].heading,
            vec!["I) Préambule :".to_string()],
            "{ps:#?}"
        );
        assert_eq!(
            ps.last().map(|p| p.heading.last().cloned()),
            Some(Some("Contenu :".to_string())),
            "{ps:#?}"
        );
        assert!(ps
            .iter()
            .all(|p| p.heading.iter().all(|h| h != "Table des matières")));
    }

    #[test]
    fn a_stray_list_number_before_a_lettered_title_is_dropped() {
        use BlockKind::Paragraph as P;
        let body =
            "Le diagnostic régional montre un taux de chômage élevé chez les jeunes peu qualifiés.";
        let ps = bodies(&doc(vec![
            block(
                1,
                BlockKind::HeadingCandidate,
                14.0,
                true,
                "1. LE CAP DE TRANSFORMATION",
            ),
            block(1, P, 10.0, false, "2. a. Poser le bon diagnostic"),
            block(1, P, 10.0, false, body),
            block(1, P, 10.0, false, "b. Apporter les bonnes réponses"),
            block(1, P, 10.0, false, body),
        ]));
        let paths: Vec<Vec<String>> = ps.iter().map(|p| p.heading.clone()).collect();
        assert_eq!(
            paths,
            vec![
                vec![
                    "1. LE CAP DE TRANSFORMATION".to_string(),
                    "a. Poser le bon diagnostic".to_string()
                ],
                vec![
                    "1. LE CAP DE TRANSFORMATION".to_string(),
                    "b. Apporter les bonnes réponses".to_string()
                ],
            ]
        );
    }

    #[test]
    fn outline_numbers_carry_their_parents() {
        use BlockKind::Paragraph as P;
        let body =
            "Le diagnostic régional montre un taux de chômage élevé chez les jeunes peu qualifiés.";
        let h = |size: f32, bold: bool, t: &str| block(1, P, size, bold, t);
        let ps = bodies(&doc(vec![
            h(14.0, true, "I) Préambule :"),
            h(10.0, false, "1.2) Le recueil des besoins"),
            h(10.0, false, body),
            h(13.0, true, "3. Les demandeurs d'emploi des quartiers"),
            h(10.0, false, body),
            h(10.0, false, "1.5) Quelles leçons des évaluations ?"),
            h(10.0, false, body),
            h(10.0, false, "1.6) Le cap de transformation"),
            h(10.0, false, body),
            h(10.0, false, "1. Mieux orienter"),
            h(10.0, false, body),
            h(10.0, false, "2. Mieux former"),
            h(10.0, false, body),
            h(10.0, false, "1.7) Les conditions de réussite"),
            h(10.0, false, body),
        ]));
        let paths: Vec<String> = ps.iter().map(|p| p.heading.join(" > ")).collect();
        assert_eq!(
            paths,
            vec![
                "I) Préambule : > 1.2) Le recueil des besoins",
                "I) Préambule : > 3. Les demandeurs d'emploi des quartiers",
                // 1.5 is not under 3.
                "I) Préambule : > 1.5) Quelles leçons des évaluations ?",
                "I) Préambule : > 1.6) Le cap de transformation",
                // a `1.` while 1.6 is open is a list within 1.6, and `2.` its next item
                "I) Préambule : > 1.6) Le cap de transformation > 1. Mieux orienter",
                "I) Préambule : > 1.6) Le cap de transformation > 2. Mieux former",
                // the next numbered section closes the list
                "I) Préambule : > 1.7) Les conditions de réussite",
            ]
        );
    }

    #[test]
    fn capitals_rows_of_figures_or_names_are_not_titles() {
        let b = |t: &str| block(1, BlockKind::Paragraph, 10.0, false, t);
        for row in [
            "TOTAL 4 350 8 225 000",
            "77 GRETA",
            "BUDGET VOTE EN 2018: 2 000 000 €",
            "95 GIDEF 5 7 ARGENTEUIL, CERGY, EAUBONNE, OSNY, PONTOISE",
        ] {
            assert!(classify_heading(&b(row), 10.0).is_none(), "{row}");
        }
        for title in [
            "LES CONDITIONS DE REUSSITE",
            "ANNEXE 3 : LES INCUBATEURS",
            "AGILITE DE LA COMMANDE PUBLIQUE",
        ] {
            assert!(classify_heading(&b(title), 10.0).is_some(), "{title}");
        }
    }

    #[test]
    fn bold_list_items_are_not_titles() {
        // the layout gives a bold line the kind of a heading candidate; opening with a dash or
        // a bullet, it is an item of a list all the same
        let hc = |t: &str| block(1, BlockKind::HeadingCandidate, 10.0, true, t);
        for item in [
            "- une stratégie collective anticipatrice du Pacte régional d'investissement dans les compétences",
            "• Créer un hub orientation et accompagnement intégré au SPRO, et qui :",
            "– Sécuriser les parcours",
        ] {
            assert!(classify_heading(&hc(item), 10.0).is_none(), "{item}");
        }
        // a bold title without a marker, a numbered one, and a list item set larger are titles
        assert!(classify_heading(&hc("Les dynamiques partenariales"), 10.0).is_some());
        assert!(classify_heading(&hc("2- Diagnostic et enjeux"), 10.0).is_some());
        let big = block(
            1,
            BlockKind::HeadingCandidate,
            13.0,
            true,
            "• Les incubateurs",
        );
        assert!(classify_heading(&big, 10.0).is_some());
    }

    #[test]
    fn numbering_patterns() {
        let fam = |t: &str| heading_mark(t).map(|m| (m.family, m.depth));
        assert_eq!(fam("I) Préambule :"), Some(("roman".into(), 1)));
        assert_eq!(
            fam("II.2) Les réponses à apporter"),
            Some(("roman".into(), 2))
        );
        assert_eq!(
            fam("Axe 1 : Proposer des parcours"),
            Some(("axe".into(), 1))
        );
        assert_eq!(fam("AXE TRANSVERSE : S'ENGAGER"), Some(("axe".into(), 1)));
        assert_eq!(fam("Axe n°2 : Garantir l'accès"), Some(("axe".into(), 1)));
        assert_eq!(
            fam("AXE STRATEGIQUE 3 : MODERNISER"),
            Some(("axe".into(), 1))
        );
        assert_eq!(fam("Deuxième axe : les publics"), Some(("axe".into(), 1)));
        assert!(names_axis("II) Axe n°1 : Proposer des parcours"));
        assert!(!names_axis("II) Les axes du pacte"));
        assert_eq!(fam("1. Constats et enjeux"), Some(("arabic".into(), 1)));
        assert_eq!(fam("1.1. Les besoins"), Some(("arabic".into(), 2)));
        assert_eq!(
            fam("4.1 En lien avec les publics"),
            Some(("arabic".into(), 2))
        );
        assert_eq!(fam("1-1.2 A partir de travaux"), Some(("arabic".into(), 3)));
        assert_eq!(
            fam("3- Une stratégie régionale"),
            Some(("arabic-".into(), 1))
        );
        assert_eq!(fam("1) PARCOURS DE FORMATION"), Some(("arabic)".into(), 1)));
        assert_eq!(fam("1.2) Les parcours"), Some(("arabic".into(), 2)));
        assert_eq!(fam("A. Le diagnostic"), Some(("upper".into(), 1)));
        assert_eq!(fam("a) Poser le bon diagnostic"), Some(("lower".into(), 1)));
        assert_eq!(fam("Action n°3 : former"), Some(("action".into(), 1)));
        assert_eq!(fam("Fiche 4 - VAE"), Some(("fiche".into(), 1)));
        assert_eq!(fam("PARTIE 2 : LES PROJETS"), Some(("partie".into(), 1)));
        assert_eq!(fam("PREAMBULE"), Some(("partie".into(), 1)));
        // Not numbering: years, amounts, ordinary sentences.
        assert_eq!(fam("2019 sera l'année"), None);
        assert_eq!(fam("2 000 emplois créés"), None);
        assert_eq!(fam("A ce titre, la Région"), None);
        assert_eq!(fam("54% de la demande"), None);
    }

    #[test]
    fn toc_entries() {
        assert!(is_toc_entry("2. Diagnostic et enjeux\t12"));
        // the outline number's parenthesis set apart after the page number
        assert!(is_toc_entry("I.6 Le cap de transformation       18 )"));
        assert!(!is_toc_entry("Le budget (article 3)"));
        for f in ["21", "I.7 )", "II.4 )", "II)", "3.2)"] {
            assert!(is_toc_filler(f), "{f}");
        }
        for f in ["Enjeux 23", "2019 – 2022", "I. Préambule"] {
            assert!(!is_toc_filler(f), "{f}");
        }
        assert!(is_toc_entry("Les modalités d'évaluation : _____ 57"));
        assert!(is_toc_entry(
            "3. Répondre aux besoins des recruteurs..... 28"
        ));
        assert!(is_toc_entry("PREAMBULE | 9"));
        assert!(!is_toc_entry("Total | 30 000 | 22 000 | 52 000"));
        assert!(!is_toc_entry("2015 | 96 926 | 37,2% | 46,2%"));
        assert!(!is_toc_entry(
            "La Région finance 300 parcours pour les jeunes de moins de 26"
        ));
        // A title in capitals ending with its page number.
        assert!(is_toc_entry(
            "AXE 2 : GARANTIR L'ACCES DES PUBLICS LES PLUS FRAGILES AUX PARCOURS QUALIFIANTS 51"
        ));
        // Entries run together in one block.
        assert!(is_toc_entry(
            "1. Constats et enjeux 23 2. Hub emploi-formation 29 3. Répondre aux besoins des recruteurs..... 28 AXE 2 : GARANTIR L'ACCES DES PUBLICS..... 30"
        ));
        // Prose with a few numbers is not a table of contents.
        assert!(!is_toc_entry(
            "Les 18 CLEFOP et les 5 Maisons de l'emploi réunissent 120 acteurs. En 2019, 12 000 personnes seront formées dans 45 organismes, avec 3 Régions voisines."
        ));
    }

    #[test]
    fn a_toc_whose_layout_scattered_its_numbers_is_skipped_whole() {
        // the title run into the first entry, page numbers after a single space, bare page
        // numbers and outline numbers on lines of their own, an entry whose number follows it
        let lines: [(BlockKind, &str); 12] = [
            (BlockKind::Paragraph, "Table des matières I) Préambule : 6 I.1 Une méthode 6"),
            (BlockKind::ListItem, "• Une production commune 7"),
            (BlockKind::Paragraph, "I.2 Le recueil en continu des besoins 8"),
            (BlockKind::Paragraph, "I.3 )"),
            (BlockKind::Paragraph, "9"),
            (BlockKind::ListItem, "• Un taux de chômage faible et des difficultés de recrutement croissantes 9"),
            (BlockKind::Paragraph, "I.6 Le cap de transformation 18 )"),
            (BlockKind::Paragraph, "I.7 )"),
            (
                BlockKind::Paragraph,
                "II.3 FOCUS : Les 10 parcours proposés avec contenus additionnels afin de répondre aux besoins de compétences des entreprises dans les secteurs",
            ),
            (BlockKind::Paragraph, "31"),
            (BlockKind::Paragraph, "Les conditions de réussites 32"),
            (BlockKind::Paragraph, "Le Pacte est conclu entre l'État et la Région pour quatre ans."),
        ];
        let bl: Vec<Block> = lines
            .iter()
            .map(|(k, t)| block(1, *k, 10.0, false, t))
            .collect();
        let refs: Vec<&Block> = bl.iter().collect();
        let toc = toc_blocks(&refs);
        assert_eq!(toc[..11], [true; 11], "{toc:?}");
        assert!(
            !toc[11],
            "the body after the table of contents is not in it"
        );
    }

    #[test]
    fn a_long_numbered_line_the_toc_lists_is_a_title() {
        let long = "1.4) Les publics cibles du Pacte accèdent peu à la formation malgré les opportunités d'emploi auxquelles elle prépare";
        let body = "Les demandeurs d'emploi de niveau infra IV représentent plus de la moitié de la demande.";
        let make = |with_toc: bool| {
            let mut bl = Vec::new();
            if with_toc {
                bl.push(block(
                    1,
                    BlockKind::HeadingCandidate,
                    14.0,
                    true,
                    "Sommaire",
                ));
                bl.push(block(
                    1,
                    BlockKind::Paragraph,
                    10.0,
                    false,
                    "I.1 Une méthode _____ 6",
                ));
                bl.push(block(1, BlockKind::Paragraph, 10.0, false, "I.4 Les publics cibles du Pacte accèdent peu à la formation malgré les opportunités d'emploi ) auxquelles elle prépare _____ 10"));
                bl.push(block(
                    1,
                    BlockKind::Paragraph,
                    10.0,
                    false,
                    "I.5 Quelles leçons ? _____ 16",
                ));
            }
            bl.push(block(2, BlockKind::Paragraph, 10.0, false, long));
            bl.push(block(2, BlockKind::Paragraph, 10.0, false, body));
            bodies(&doc(bl))
        };
        let p = make(true);
        let b = p
            .iter()
            .find(|x| x.text.contains("infra IV"))
            .expect("body passage");
        assert_eq!(b.heading.len(), 1, "{:?}", b.heading);
        assert!(
            b.heading[0].starts_with("1.4) Les publics cibles"),
            "{:?}",
            b.heading
        );
        // without a table of contents listing it, an 18-word line in body style is body text
        let p = make(false);
        assert!(p.iter().all(|x| x.heading.is_empty()), "{p:#?}");
    }

    #[test]
    fn toc_is_skipped_and_headings_nest() {
        let d = doc(vec![
            block(1, BlockKind::HeadingCandidate, 14.0, true, "SOMMAIRE"),
            block(1, BlockKind::TableRow, 10.0, false, "PREAMBULE | 3"),
            block(
                1,
                BlockKind::Paragraph,
                10.0,
                false,
                "AXE 1 : PARCOURS QUALIFIANTS",
            ),
            block(
                1,
                BlockKind::TableRow,
                10.0,
                false,
                "1. Constats et enjeux | 4",
            ),
            block(1, BlockKind::TableRow, 10.0, false, "2. Les réponses | 5"),
            block(
                2,
                BlockKind::HeadingCandidate,
                14.0,
                true,
                "AXE 1 : PARCOURS QUALIFIANTS",
            ),
            block(
                2,
                BlockKind::HeadingCandidate,
                12.0,
                true,
                "1. Constats et enjeux",
            ),
            block(
                2,
                BlockKind::Paragraph,
                10.0,
                false,
                "Le constat est le suivant : les métiers en tension recrutent.",
            ),
            block(
                2,
                BlockKind::HeadingCandidate,
                12.0,
                true,
                "2. Les réponses",
            ),
            block(2, BlockKind::Paragraph, 10.0, false, "Nous proposons :"),
            block(3, BlockKind::ListItem, 10.0, false, "• des formations,"),
            block(3, BlockKind::ListItem, 10.0, false, "• de la VAE."),
            block(
                3,
                BlockKind::HeadingCandidate,
                14.0,
                true,
                "AXE 2 : PUBLICS FRAGILES",
            ),
            block(
                3,
                BlockKind::Paragraph,
                10.0,
                false,
                "Les savoirs de base sont essentiels pour tous.",
            ),
        ]);
        let p = bodies(&d);
        assert_eq!(p.len(), 3, "{p:#?}");
        assert_eq!(
            p[0].heading,
            vec!["AXE 1 : PARCOURS QUALIFIANTS", "1. Constats et enjeux"]
        );
        assert_eq!(
            p[1].heading,
            vec!["AXE 1 : PARCOURS QUALIFIANTS", "2. Les réponses"]
        );
        assert_eq!((p[1].page_start, p[1].page_end), (2, 3));
        assert!(p[1].text.contains("Nous proposons") && p[1].text.contains("VAE"));
        assert_eq!(p[2].heading, vec!["AXE 2 : PUBLICS FRAGILES"]);
        assert!(p.iter().all(|x| !x.text.contains("| 4")));
        assert_eq!(p[0].id, "0123456789ab-0000");
    }

    #[test]
    fn long_sections_split_at_paragraphs_lists_stay_with_lead_in() {
        let para = "mot ".repeat(120);
        let mut bl = vec![block(
            1,
            BlockKind::HeadingCandidate,
            12.0,
            true,
            "I) Préambule",
        )];
        for _ in 0..3 {
            bl.push(block(1, BlockKind::Paragraph, 10.0, false, para.trim()));
        }
        bl.push(block(
            1,
            BlockKind::Paragraph,
            10.0,
            false,
            "Trois objectifs :",
        ));
        for _ in 0..3 {
            bl.push(block(
                1,
                BlockKind::ListItem,
                10.0,
                false,
                "• un objectif assez court",
            ));
        }
        let p = bodies(&doc(bl));
        assert!(
            p.iter().all(|x| word_count(&x.text) <= 300),
            "{:?}",
            p.iter().map(|x| word_count(&x.text)).collect::<Vec<_>>()
        );
        let lead = p
            .iter()
            .find(|x| x.text.contains("Trois objectifs"))
            .map(|x| x.text.clone())
            .unwrap_or_default();
        assert_eq!(lead.matches("un objectif").count(), 3);

        // The announced items run together in one substantial paragraph: still with the
        // sentence that announces them.
        let items = "- Les caractéristiques des publics. ".repeat(20);
        let bl = vec![
            block(1, BlockKind::HeadingCandidate, 12.0, true, "II) Suivi"),
            block(1, BlockKind::Paragraph, 10.0, false, para.trim()),
            block(
                1,
                BlockKind::ListItem,
                10.0,
                false,
                "• Le suivi portera sur :",
            ),
            block(1, BlockKind::Paragraph, 10.0, false, items.trim()),
        ];
        let p = bodies(&doc(bl));
        let lead = p
            .iter()
            .find(|x| x.text.contains("portera sur"))
            .map(|x| x.text.clone())
            .unwrap_or_default();
        assert!(lead.contains("Les caractéristiques"), "{p:#?}");
    }

    #[test]
    fn numbered_axis_titles_in_body_style_and_bare_axis_labels() {
        let body =
            "Un paragraphe de texte courant qui décrit les actions prévues dans le cadre du pacte.";
        let d = doc(vec![
            block(1, BlockKind::HeadingCandidate, 17.0, true, "I) Préambule :"),
            block(1, BlockKind::Paragraph, 10.0, false, body),
            // Long axis title that extraction left in body style.
            block(
                2,
                BlockKind::Paragraph,
                10.0,
                false,
                "II) Axe 1 : Proposer des parcours qualifiants vers l'emploi, renouvelés dans leurs contenus, au regard des besoins de l'économie en temps réel et de façon prospective",
            ),
            // Bigger than its parent, still its child by numbering.
            block(2, BlockKind::HeadingCandidate, 13.5, true, "II.1) Enjeux"),
            block(2, BlockKind::Paragraph, 10.0, false, body),
            // The first column of a table split off its rows.
            block(3, BlockKind::Paragraph, 10.0, false, "AXE 1"),
            block(3, BlockKind::Paragraph, 10.0, false, body),
            block(
                4,
                BlockKind::Paragraph,
                10.0,
                false,
                "-- -- ------------ IV) Axe 3 : S'engager dans la modernisation de l'ingénierie",
            ),
            block(4, BlockKind::Paragraph, 10.0, false, body),
        ]);
        let p = bodies(&d);
        // The bare label stays in the body of `II.1)` (short paragraphs packed together).
        assert_eq!(p.len(), 3, "{p:#?}");
        assert_eq!(p[0].heading, vec!["I) Préambule :"]);
        assert_eq!(p[1].heading.len(), 2, "{:?}", p[1].heading);
        assert!(p[1].heading[0].starts_with("II) Axe 1 : Proposer"));
        assert_eq!(p[1].heading[1], "II.1) Enjeux");
        assert!(p[1].text.contains("\nAXE 1\n"));
        assert_eq!(
            p[2].heading,
            vec!["IV) Axe 3 : S'engager dans la modernisation de l'ingénierie"]
        );
    }

    #[test]
    fn heading_styles_from_font_size() {
        let d = doc(vec![
            block(
                1,
                BlockKind::HeadingCandidate,
                16.0,
                true,
                "Une ambition régionale",
            ),
            block(
                1,
                BlockKind::HeadingCandidate,
                12.0,
                true,
                "Le recueil des besoins",
            ),
            block(
                1,
                BlockKind::Paragraph,
                10.0,
                false,
                "Texte du recueil des besoins en continu.",
            ),
            block(
                1,
                BlockKind::HeadingCandidate,
                16.0,
                true,
                "Une autre ambition",
            ),
            block(1, BlockKind::Paragraph, 10.0, false, "Texte suivant."),
        ]);
        let p = bodies(&d);
        assert_eq!(
            p[0].heading,
            vec!["Une ambition régionale", "Le recueil des besoins"]
        );
        assert_eq!(p[1].heading, vec!["Une autre ambition"]);
    }

    #[test]
    fn a_paragraph_cut_by_a_page_break_or_a_bold_line_is_one_passage() {
        let long = |w: &str| vec![w; 60].join(" ");
        let d = doc(vec![
            block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
            // a page break mid-sentence
            block(
                1,
                BlockKind::Paragraph,
                10.0,
                false,
                &format!("Les {} élaborés dans", long("plans")),
            ),
            block(
                2,
                BlockKind::Paragraph,
                10.0,
                false,
                &format!("le {} des dialogues.", long("prolongement")),
            ),
            // a line in bold inside a paragraph, set apart by the layout
            block(
                2,
                BlockKind::Paragraph,
                10.0,
                false,
                &format!("Le {} de France", long("chômage")),
            ),
            block(
                2,
                BlockKind::HeadingCandidate,
                10.0,
                true,
                "métropolitaine (11,5 %), avec des zones",
            ),
            block(
                2,
                BlockKind::Paragraph,
                10.0,
                false,
                &format!("d'emploi {}.", long("culminant")),
            ),
            // a closed sentence: the next block is a paragraph of its own
            block(
                2,
                BlockKind::Paragraph,
                10.0,
                false,
                &format!("Un {}.", long("constat")),
            ),
            block(
                2,
                BlockKind::Paragraph,
                10.0,
                false,
                &format!("e-learning {}.", long("suite")),
            ),
        ]);
        let p = bodies(&d);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 4, "{texts:?}");
        assert!(texts[0].starts_with("Les plans") && texts[0].ends_with("des dialogues."));
        assert_eq!((p[0].page_start, p[0].page_end), (1, 2));
        assert!(texts[1].starts_with("Le chômage") && texts[1].ends_with("culminant."));
        assert!(texts[2].starts_with("Un constat"));
        assert!(texts[3].starts_with("e-learning"));
        // never past a passage's words
        let p = segment(
            &d,
            &SegmentOptions {
                max_words: 80,
                paragraph_words: 60,
            },
        );
        assert!(p.iter().all(|p| word_count(&p.text) <= 80 + 3), "{p:?}");
    }

    #[test]
    fn substantial_paragraphs_are_passages_of_their_own() {
        let long = |w: &str| vec![w; 70].join(" ") + ".";
        let d = doc(vec![
            block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
            block(1, BlockKind::Paragraph, 10.0, false, &long("qualité")),
            block(1, BlockKind::Paragraph, 10.0, false, "Court paragraphe :"),
            block(1, BlockKind::ListItem, 10.0, false, "• un point"),
            block(1, BlockKind::Paragraph, 10.0, false, "Un autre court."),
            block(1, BlockKind::Paragraph, 10.0, false, &long("illettrisme")),
        ]);
        let p = bodies(&d);
        let texts: Vec<&str> = p.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts.len(), 3, "{texts:?}");
        assert!(texts[0].starts_with("qualité"));
        assert_eq!(texts[1], "Court paragraphe :\n• un point\nUn autre court.");
        assert!(texts[2].starts_with("illettrisme"));
        // With a large paragraph size, the section packs up to `max_words`.
        let p = segment(
            &d,
            &SegmentOptions {
                max_words: 300,
                paragraph_words: 1000,
            },
        );
        assert_eq!(p.len(), 1);
    }

    #[test]
    fn a_paragraph_longer_than_a_passage_is_cut_at_sentence_ends() {
        // 36 sentences of 20 words (720 words): three passages, each cut after a stop
        let sentence = |i: usize| format!("Phrase {i} {}.", vec!["formation"; 18].join(" "));
        let long: String = (0..36).map(sentence).collect::<Vec<_>>().join(" ");
        let d = doc(vec![
            block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
            block(1, BlockKind::Paragraph, 10.0, false, &long),
        ]);
        let p = bodies(&d);
        let sizes: Vec<usize> = p.iter().map(|p| word_count(&p.text)).collect();
        assert_eq!(sizes, vec![240, 240, 240]);
        assert!(p
            .iter()
            .all(|p| p.text.starts_with("Phrase") && p.text.ends_with('.')));
        assert_eq!(
            p.iter()
                .map(|p| p.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            long
        );
        // a table row stays whole, and so does prose with no sentence end to cut at
        let words = vec!["formation"; 720].join(" ");
        for (kind, text) in [(BlockKind::TableRow, &long), (BlockKind::Paragraph, &words)] {
            let d = doc(vec![
                block(1, BlockKind::HeadingCandidate, 14.0, true, "Un titre"),
                block(1, kind, 10.0, false, text),
            ]);
            assert_eq!(bodies(&d).len(), 1, "{kind:?}");
        }
    }

    #[test]
    fn text_documents() {
        let d = document_from_text(
            "x.txt",
            "TITRE\n\nUn paragraphe qui est assez long pour être replié sur deux lignes dans\nle fichier texte.\n- ▶ un point\nA\tB\n",
            100,
        );
        let kinds: Vec<BlockKind> = d.pages[0].blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::HeadingCandidate,
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::TableRow
            ]
        );
        assert_eq!(d.pages[0].blocks[2].text, "• un point");
        assert_eq!(d.pages[0].blocks[3].text, "A | B");
    }

    mod prop {
        use super::*;
        use proptest::prelude::*;

        fn arb_block() -> impl Strategy<Value = Block> {
            let kinds = prop_oneof![
                Just(BlockKind::Paragraph),
                Just(BlockKind::Paragraph),
                Just(BlockKind::HeadingCandidate),
                Just(BlockKind::ListItem),
                Just(BlockKind::TableRow),
            ];
            let texts = prop_oneof![
                "[A-Za-zéèà ]{1,60}",
                "(1\\.|2\\.|I\\)|II\\.1\\)|Axe 1 :|a\\)|SOMMAIRE|PARTIE 1) [A-Z a-z]{1,30}",
                "[A-Za-z ]{1,30}\\.{4} ?[0-9]{1,2}",
                "([a-z]{2,8} ){40,120}",
                "(Le[a-z]{0,6} ([a-z]{2,8} ){4,30}[a-z]{2,8}\\. ){10,40}",
                // a list announced by a colon, its items numbered (`announced_lists`)
                "[A-Z][a-z ]{5,40} :",
                "[1-4]\\. [A-Z][a-z ]{3,30}",
            ];
            (
                1u32..4,
                kinds,
                prop_oneof![Just(10.0f32), Just(14.0f32)],
                any::<bool>(),
                texts,
            )
                .prop_map(|(p, k, s, b, t)| block(p, k, s, b, &t))
        }

        proptest! {
            #[test]
            fn passages_cover_body_in_order_without_overlap(
                mut blocks in proptest::collection::vec(arb_block(), 0..60),
                max_words in 20usize..400,
                paragraph_words in 1usize..200,
            ) {
                // pages non-decreasing
                let mut page = 1;
                for b in blocks.iter_mut() { page = page.max(b.page); b.page = page; }
                let d = doc(blocks.clone());
                let all: Vec<&Block> = d.pages.iter().flat_map(|p| p.blocks.iter()).collect();
                let toc = toc_blocks(&all);
                let body = body_font_size(&all);
                let roles = roles(&all, &toc, body);
                let expected: Vec<String> = all.iter().zip(&roles)
                    .filter(|(_, r)| matches!(r, Role::Body))
                    .map(|(b, _)| b.text.clone())
                    .collect();
                // A block left out of the body is a ToC entry, a title, or the rest of the
                // title just before it, whose text the title holds.
                let mut title: Option<String> = None;
                for (b, r) in all.iter().zip(&roles) {
                    match r {
                        Role::Heading(h) => title = Some(h.text.clone()),
                        Role::Continuation => {
                            let t = title.as_deref().unwrap_or("");
                            let tail = b.text.split_whitespace().collect::<Vec<_>>().join(" ");
                            prop_assert!(t.ends_with(&tail) || t.contains(&tail), "{t:?} lacks {tail:?}");
                        }
                        Role::Toc | Role::Body => title = None,
                    }
                }
                let passages = segment(&d, &SegmentOptions { max_words, paragraph_words });
                let got: Vec<String> = passages.iter()
                    .flat_map(|p| p.text.split('\n').map(str::to_string).collect::<Vec<_>>())
                    .collect();
                // The body, in order, each block once; between its blocks, only titles that
                // head nothing (passages of their own).
                let titles: HashSet<String> = roles.iter()
                    .filter_map(|r| match r { Role::Heading(h) => Some(h.text.clone()), _ => None })
                    .collect();
                // A paragraph of more than `max_words` may come cut in consecutive parts.
                let norm = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
                let mut j = 0;
                let mut part = String::new();
                for line in &got {
                    let joined = if part.is_empty() { line.clone() } else { format!("{part} {line}") };
                    if j < expected.len()
                        && (joined == expected[j] || !part.is_empty() && joined == norm(&expected[j]))
                    {
                        j += 1;
                        part.clear();
                    } else if j < expected.len()
                        && word_count(&expected[j]) > max_words
                        && norm(&expected[j]).starts_with(&format!("{joined} "))
                    {
                        part = joined;
                    } else {
                        prop_assert!(part.is_empty(), "{part:?} is a part of no block");
                        prop_assert!(titles.contains(line), "{line:?} is neither body nor a title");
                    }
                }
                prop_assert_eq!(j, expected.len(), "body blocks missing: {:?}", &expected[j..]);
                let mut last_page = 0;
                for p in &passages {
                    prop_assert!(p.page_start <= p.page_end);
                    prop_assert!(p.page_start >= last_page);
                    last_page = p.page_start;
                    prop_assert!(!p.text.is_empty());
                }
                // Every skipped block is a heading or a ToC entry; ToC never holds long prose.
                for (i, b) in all.iter().enumerate() {
                    if toc[i] { prop_assert!(word_count(&b.text) <= 45 || b.kind != BlockKind::Paragraph); }
                }
            }
        }
    }
}
