//! Segmentation: blocks of a `Document` → headings with their path → `Passage`s.
//!
//! Pure functions. Headings are recognised from what extraction gives (font size and weight
//! relative to the body text, short lines, upper case) and from French numbering (`I)`,
//! `II.2)`, `Axe 1 :`, `AXE TRANSVERSE`, `1.`, `1.1.`, `1-1.2`, `A.`, `a)`, `Action n°3`,
//! `Fiche 4`…). A table of contents (runs of entries ending with a page number, often under
//! `Sommaire` / `Table des matières`) is recognised and skipped. Every other block's text
//! lands in exactly one passage, in order: passages never overlap and cover the whole body.
//!
//! Submodules: `headings` (what a heading is: its mark, whether a block is one, its place among
//! the open headings), `outline` (titles the layout hid: run into a paragraph, wrapped over
//! lines, set in body type), `toc` (tables of contents), `phrases` (sentence and phrase tests,
//! also used by other crates), `passages` (a heading's body cut and packed into passages) and
//! `plain` (documents built from plain text).

mod headings;
mod outline;
mod passages;
mod phrases;
mod plain;
mod toc;

pub use headings::{heading_mark, HeadingMark};
pub(crate) use phrases::OPEN_ENDINGS;
pub use phrases::{announces, goes_on, stops_mid_phrase};
pub use plain::document_from_text;
pub use toc::is_toc_entry;

use crate::annex::split_annex_title;
use crate::model::{Block, BlockKind, Document, Passage};
use crate::text::{single_spaced, word_count};
use headings::{classify_heading_listed, push_heading, Heading};
use outline::{
    base_family, join_wrapped_title, long_sibling_title, note_caps, opens_outline, ordinal,
    run_in_title, template_key,
};
use passages::{pack, split_long_block};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use toc::{is_sure_toc_title, listed_in, toc_blocks, toc_shingles};

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

/// Splits a document into passages with their heading paths.
pub fn segment(doc: &Document, opts: &SegmentOptions) -> Vec<Passage> {
    // annex titles glued to a label or run into their first paragraph are cut out first
    let mut split: Vec<Cow<Block>> = doc
        .pages
        .iter()
        .flat_map(|p| p.blocks.iter())
        .flat_map(split_annex_title)
        .collect();
    give_back_run_in_words(&mut split);
    take_back_title_words(&mut split);
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
            let pages = (
                group.iter().map(|b| b.page).min().unwrap_or(0),
                group.iter().map(|b| b.page).max().unwrap_or(0),
            );
            let body = group.iter().map(|b| b.text.as_str());
            let (n, heading) = (out.len(), heading.clone());
            out.push(passage(doc, &prefix, n, pages, heading, &lead, body));
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
            let line = single_spaced(&text);
            if let Some(k) = titles.iter().rposition(|t| *t == line) {
                titles.remove(k);
            }
            let lead = std::mem::take(titles);
            let n = out.len();
            let body = [text.as_str()];
            out.push(passage(doc, &prefix, n, (page, page), path, &lead, body));
        }
    };
    let push = |stack: &mut Vec<Heading>,
                h: Heading,
                page: u32,
                fresh: &mut Option<Fresh>,
                titles: &mut Vec<String>,
                out: &mut Vec<Passage>| {
        let line = single_spaced(&h.text);
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
                } else if let Some(h) =
                    long_sibling_title(b, blocks.get(i).copied(), &stack, &caps, body_size)
                {
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

/// The last word of a title in capitals that the layout set on the title's line although it
/// opens the text below (`PISTES D'AMELIORATIONS IDENTIFIEES Une` / `mise en œuvre des
/// actions…`): a capitalised word in lower case after words in capitals, the next block
/// opening in lower case. It goes back to the text it opens (`Une mise en œuvre…`).
fn run_in_last_word(title: &str, next: &str) -> Option<usize> {
    if !phrases::opens_in_lower_case(next) {
        return None;
    }
    let t = title.trim_end();
    // after the last space, whatever its width in bytes (a no-break space is two)
    let at = t
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map(|(i, c)| i + c.len_utf8())?;
    let (head, last) = (t[..at].trim_end(), &t[at..]);
    let mut cs = last.chars();
    let opens = cs.next().is_some_and(char::is_uppercase);
    let rest: Vec<char> = cs.collect();
    let word =
        opens && !rest.is_empty() && rest.len() < 12 && rest.iter().all(|c| c.is_lowercase());
    let caps_head = head.split_whitespace().count() >= 2
        && head.chars().filter(|c| c.is_uppercase()).count() >= 8
        && in_capitals(head);
    (word && caps_head).then_some(at)
}

/// `run_in_last_word` over the blocks, in place.
fn give_back_run_in_words(blocks: &mut [Cow<Block>]) {
    for_adjacent_text(blocks, |title, next| {
        if let Some(at) = run_in_last_word(&title.text, &next.text) {
            let word = title.text[at..].trim().to_string();
            let head = title.text[..at].trim_end().to_string();
            title.to_mut().text = head;
            let text = format!("{word} {}", next.text.trim_start());
            next.to_mut().text = text;
        }
    });
}

/// Calls `f` on each block and the block after it, neither of them a table row.
fn for_adjacent_text(
    blocks: &mut [Cow<Block>],
    mut f: impl FnMut(&mut Cow<Block>, &mut Cow<Block>),
) {
    for i in 1..blocks.len() {
        let (before, after) = blocks.split_at_mut(i);
        let (a, b) = (&mut before[i - 1], &mut after[0]);
        if a.kind != BlockKind::TableRow && b.kind != BlockKind::TableRow {
            f(a, b);
        }
    }
}

/// Words in capitals: a title's, with no letter in lower case.
fn in_capitals(text: &str) -> bool {
    text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase)
}

/// The words in capitals that open a block (`SOUHAITEE Dans le cadre…` → `SOUHAITEE`), when
/// a word with letters in lower case comes after them. Returns where the rest starts.
fn leading_capitals(text: &str) -> Option<usize> {
    let mut end = None;
    for (i, w) in text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
    {
        if in_capitals(w) {
            end = Some(i + w.len());
        } else if w.chars().any(char::is_lowercase) {
            return end.map(|e| e + text[e..].len() - text[e..].trim_start().len());
        } else {
            return None;
        }
    }
    None
}

/// The last words of a title in capitals that the layout set at the head of the text below
/// it (`VIII - MODALITES DE CONTRACTUALISATION` / `SOUHAITEE Dans le cadre expérimental…`):
/// they go back to the title when the document sets the title so completed on its own
/// elsewhere (an action sheet's field titles repeat from sheet to sheet).
fn take_back_title_words(blocks: &mut [Cow<Block>]) {
    let titles: HashSet<String> = blocks
        .iter()
        .filter(|b| b.kind != BlockKind::TableRow && in_capitals(&b.text))
        .map(|b| single_spaced(&b.text))
        .collect();
    for_adjacent_text(blocks, |title, next| {
        if !in_capitals(&title.text) {
            return;
        }
        let Some(at) = leading_capitals(&next.text) else {
            return;
        };
        let whole = single_spaced(&format!("{} {}", title.text, &next.text[..at]));
        if titles.contains(&whole) {
            let words = next.text[..at].trim().to_string();
            let rest = next.text[at..].to_string();
            let joined = format!("{} {words}", title.text.trim_end());
            title.to_mut().text = joined;
            next.to_mut().text = rest;
        }
    });
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
        let Some(h) =
            classify_heading_listed(b, body_size, listed).filter(|_| !in_table_row(blocks, i - 1))
        else {
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

/// Fewest other cells beside a block for it to read as a cell of a table's row.
const ROW_CELLS: usize = 2;

/// Most words of a block beside a cell for it to count as another cell.
const CELL_WORDS: usize = 6;

/// How far, in blocks of the reading order, the cells of one row lie from one another.
const ROW_REACH: usize = 12;

/// Whether block `i` is a cell of a table's row: at least `ROW_CELLS` other short blocks of
/// its page stand beside it, on its line (a header row that the layout did not join to the
/// rows under it: `Tranche d'âge`, `DE - d'un an`, `DELD`, `DETLT D`, `Total`). A title stands
/// alone on its line, or beside the text of the other column: two columns set two blocks
/// side by side, not three.
fn in_table_row(blocks: &[&Block], i: usize) -> bool {
    let b = blocks[i];
    let lo = i.saturating_sub(ROW_REACH);
    let hi = (i + ROW_REACH + 1).min(blocks.len());
    let beside = (lo..hi)
        .filter(|&j| j != i)
        .map(|j| blocks[j])
        .filter(|o| {
            let overlap = o.bbox.y1.min(b.bbox.y1) - o.bbox.y0.max(b.bbox.y0);
            o.page == b.page
                && (o.bbox.x1 <= b.bbox.x0 || o.bbox.x0 >= b.bbox.x1)
                && overlap > 0.0
                && overlap >= 0.5 * o.bbox.height().min(b.bbox.height())
                && word_count(&o.text) <= CELL_WORDS
        })
        .count();
    beside >= ROW_CELLS
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

/// The `n`-th passage of `doc` (id `PREFIX-NNNN`) over `pages`: the titles that open it
/// (`lead`, one line each, as the page shows them) then its body's lines, under `heading`.
fn passage<'a>(
    doc: &Document,
    prefix: &str,
    n: usize,
    (page_start, page_end): (u32, u32),
    heading: Vec<String>,
    lead: &'a [String],
    body: impl IntoIterator<Item = &'a str>,
) -> Passage {
    let text = lead
        .iter()
        .map(String::as_str)
        .chain(body)
        .collect::<Vec<_>>()
        .join("\n");
    Passage {
        id: format!("{prefix}-{n:04}"),
        doc: doc.file.clone(),
        sha256: doc.sha256.clone(),
        page_start,
        page_end,
        heading,
        text,
    }
}

#[cfg(test)]
mod tests;
