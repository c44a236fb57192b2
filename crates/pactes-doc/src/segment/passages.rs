//! A heading's body cut into passages: a paragraph too long cut at sentence ends, then blocks
//! packed into passages of about `max_words`, a lead-in kept with what it announces.

use super::phrases::{announces, goes_on, next_item_of, numbered_item, opens_in_lower_case};
use crate::model::{Block, BlockKind};
use crate::text::word_count;
use std::borrow::Cow;

/// Fewest words of a part of a paragraph cut by `split_long_block`.
const MIN_PART_WORDS: usize = 40;

/// A paragraph or list item of more than `max_words` cut at sentence ends into as few parts
/// as keep each under about `max_words`, each cut at the sentence end nearest to an equal
/// share: prose that long is mostly paragraphs the page did not tell apart (producers that
/// mark a paragraph by a first-line indent only, a table's cell set as prose), and a passage
/// should stay one idea a person would cite. A table row is never cut, nor a paragraph with
/// no sentence end to cut at.
pub(super) fn split_long_block(b: &Block, max_words: usize) -> Vec<Cow<'_, Block>> {
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

/// Packs a section's blocks into passages of at most `max_words` (never cutting a block),
/// keeping a list's lead-in sentence with its first items.
pub(super) fn pack<'a>(
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
        // A table's row that a page break cut goes on in the lines opening in lower case at
        // the top of the next page (the rest of its cells): they stay with it.
        let row_goes_on = last.is_some_and(|l| {
            l.kind == BlockKind::TableRow && super::phrases::goes_on(&l.text, &b.text)
        });
        // An item of an enumeration set without bullets (`…, au sens large ;` / `aller au
        // contact d'entreprises…`) stays with the items before it.
        let enumeration = b.kind == BlockKind::Paragraph
            && opens_in_lower_case(&b.text)
            && last
                .is_some_and(|l| l.kind != BlockKind::TableRow && l.text.trim_end().ends_with(';'));
        if joins_list || after_lead_in || goes_on || next_item || row_goes_on || enumeration {
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
        // (a row with the lines that go on with it is a row)
        let is_row = u.first().is_some_and(|b| b.kind == BlockKind::TableRow);
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
