//! Tables of contents: their entries, titles and runs of blocks (recognised to be skipped), and
//! whether a document's table lists a line of its body.

use super::headings::re;
use crate::model::{Block, BlockKind, CELL_SEPARATOR};
use crate::text::{fold, is_upper_case, shingles, word_count};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

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
pub(super) fn is_toc_filler(text: &str) -> bool {
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
pub(super) fn is_sure_toc_title(text: &str) -> bool {
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
pub(super) fn toc_blocks(blocks: &[&Block]) -> Vec<bool> {
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
pub(super) fn toc_shingles(blocks: &[&Block], toc: &[bool]) -> HashSet<String> {
    blocks
        .iter()
        .zip(toc)
        .filter(|(_, t)| **t)
        .flat_map(|(b, _)| shingles(&title_words(&b.text), 3))
        .collect()
}

/// Does the table of contents list this line? Most of its word triples (three at least) are
/// the table's: its wording, whatever the table's own layout did to the numbers.
pub(super) fn listed_in(set: &HashSet<String>, text: &str) -> bool {
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
