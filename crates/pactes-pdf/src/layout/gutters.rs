//! Gutters: each row's ink and where its text starts after a gap, the page-wide gutters
//! between columns, and whether a gap in a row parts two segments or is a justified space.

use super::lines::{median, mono_cell, segment_gap, GUTTER_ALWAYS, SEGMENT_GAP, WORD_GAP};
use crate::glyphs::Glyph;

/// Where text starts after a gap in a row.
struct Start {
    x: f32,
    /// The words on both sides of the gap (`gap_words`).
    words: u64,
    /// Both are words of three letters or more (`gap_between_words`).
    prose: bool,
}

/// The inked x-intervals of a row (merged), with its baseline and size.
pub(super) struct RowInk {
    pub(super) base: f32,
    pub(super) ink: Vec<(f32, f32)>,
    /// Where text starts after a gap of at least `segment_gap` (and the row's first glyph).
    starts: Vec<Start>,
    /// The row's cell when it is set in monospaced type (`mono_cell`).
    pub(super) cell: Option<f32>,
}

pub(super) fn row_ink(row: &[Glyph]) -> RowInk {
    let cell = mono_cell(row);
    let mut ink: Vec<(f32, f32)> = Vec::new();
    for g in row {
        match ink.last_mut() {
            Some(last) if g.x0 <= last.1 => last.1 = last.1.max(g.x1),
            _ => ink.push((g.x0, g.x1)),
        }
    }
    let mut starts: Vec<Start> = Vec::new();
    let mut right = f32::NEG_INFINITY;
    for (i, g) in row.iter().enumerate() {
        if g.x0 - right >= segment_gap(g.size, cell) {
            let (before, after) = gap_sides(row, i);
            starts.push(Start {
                x: g.x0,
                words: gap_words(before, after),
                prose: gap_between_words(before, after),
            });
        }
        right = right.max(g.x1);
    }
    let mut bases: Vec<f32> = row.iter().map(|g| g.base).collect();
    RowInk {
        base: median(&mut bases),
        ink,
        starts,
        cell,
    }
}

/// The words on both sides of the gap before glyph `i` of a sorted row: the glyphs of the
/// word that ends there (empty for the row's first glyph) and of the word that starts there.
fn gap_sides(row: &[Glyph], i: usize) -> (&[Glyph], &[Glyph]) {
    let joined = |a: &Glyph, b: &Glyph| b.x0 - a.x1 <= WORD_GAP * a.size.max(b.size);
    let mut start = i;
    while start > 1 && joined(&row[start - 2], &row[start - 1]) {
        start -= 1;
    }
    let mut end = (i + 1).min(row.len());
    while end < row.len() && joined(&row[end - 1], &row[end]) {
        end += 1;
    }
    (
        &row[start.saturating_sub(1).min(i)..i],
        &row[i.min(end)..end],
    )
}

/// A key of the words on both sides of a gap (`gap_sides`).
fn gap_words(before: &[Glyph], after: &[Glyph]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for g in before.iter().chain(after) {
        g.text.hash(&mut h);
    }
    h.finish()
}

/// Whether the words on both sides of a gap (`gap_sides`) hold three letters or more each
/// (prose, not figures or marks).
fn gap_between_words(before: &[Glyph], after: &[Glyph]) -> bool {
    let letters = |gs: &[Glyph]| {
        gs.iter()
            .flat_map(|g| g.text.chars())
            .filter(|c| c.is_alphabetic())
            .count()
            >= 3
    };
    letters(before) && letters(after)
}

impl RowInk {
    fn overlaps(&self, a: f32, b: f32) -> bool {
        self.ink.iter().any(|&(x0, x1)| x0 < b && x1 > a)
    }

    /// The row's text start at `x` (where one of its gaps ends).
    fn start_at(&self, x: f32) -> Option<&Start> {
        self.starts.iter().find(|s| (s.x - x).abs() <= 0.01)
    }
}

/// The other rows within 6 type sizes of row `r`'s baseline.
pub(super) fn nearby_rows(rows: &[RowInk], r: usize, size: f32) -> impl Iterator<Item = &RowInk> {
    let base = rows[r].base;
    rows.iter()
        .enumerate()
        .filter(move |&(k, o)| k != r && (o.base - base).abs() <= 6.0 * size)
        .map(|(_, o)| o)
}

/// Page-wide gutters: x-ranges that almost no row inks (a few overflowing lines allowed) with
/// text on both sides in many rows — the gaps between text columns.
pub(super) fn page_gutters(rows: &[RowInk], size: f32, cell: Option<f32>) -> Vec<(f32, f32)> {
    if rows.len() < 8 {
        return Vec::new();
    }
    let x_max = rows
        .iter()
        .flat_map(|r| r.ink.iter().map(|i| i.1))
        .fold(0.0f32, f32::max)
        .min(5000.0);
    let n = x_max.ceil().max(1.0) as usize + 1;
    let mut cover = vec![0usize; n];
    for r in rows {
        for &(a, b) in &r.ink {
            let (a, b) = (a.max(0.0) as usize, (b.max(0.0) as usize).min(n - 1));
            for c in cover.iter_mut().take(b + 1).skip(a) {
                *c += 1;
            }
        }
    }
    let low = (rows.len() / 30).max(1);
    let high = rows.len() * 3 / 10;
    let reach = (3.0 * size) as usize;
    let mut out = Vec::new();
    let mut x = 0;
    while x < n {
        if cover[x] > low {
            x += 1;
            continue;
        }
        let start = x;
        while x < n && cover[x] <= low {
            x += 1;
        }
        let end = x;
        if ((end - start) as f32) < segment_gap(size, cell) || start == 0 || end >= n {
            continue;
        }
        let left = cover[start.saturating_sub(reach)..start]
            .iter()
            .any(|&c| c >= high);
        let right = cover[end..(end + reach).min(n)].iter().any(|&c| c >= high);
        // Columns of short lines (table cells, lists) seldom reach the gutter's edges, and two
        // columns' baselines need not line up: the strip still has text on both sides in many
        // rows.
        let (s, e) = (start as f32, end as f32);
        let parted = || {
            let count = |side: &dyn Fn(&(f32, f32)) -> bool| {
                rows.iter().filter(|r| r.ink.iter().any(side)).count()
            };
            count(&|i| i.1 <= s) >= high && count(&|i| i.0 >= e) >= high
        };
        if (left && right) || parted() {
            out.push((start as f32, end as f32));
        }
    }
    out
}

/// Is the gap `a..b` of row `r` a gutter between columns or table cells? Wide gaps always are;
/// medium ones when the same whitespace runs through the nearest lines above or below (a
/// justified line's wide word spaces do not line up with its neighbours').
pub(super) fn is_gutter(
    rows: &[RowInk],
    gutters: &[(f32, f32)],
    r: usize,
    a: f32,
    b: f32,
    size: f32,
) -> bool {
    let gap = b - a;
    if gap > GUTTER_ALWAYS * size {
        return true;
    }
    if gap < SEGMENT_GAP * size {
        return false;
    }
    if gutters
        .iter()
        .any(|&(ga, gb)| a <= ga + 1.0 && b >= gb - 1.0)
    {
        return true;
    }
    let prose = rows[r].start_at(b).is_some_and(|s| s.prose);
    let d = (0.3 * size).min(gap / 4.0);
    let w = 1.2 * size;
    // Whitespace next to the right edge (left-aligned text after the gap: a strip as wide as
    // the type, or half as wide where a tight table's cells come within an em of each other),
    // next to the left edge (right-aligned text before it), or in the middle.
    let mid = (a + b) / 2.0;
    [
        (a + d, b - d),
        ((b - w).max(a + d), b - d),
        ((b - w / 2.0).max(a + d), b - d),
        (a + d, (a + w).min(b - d)),
        ((mid - w / 2.0).max(a + d), (mid + w / 2.0).min(b - d)),
    ]
    .into_iter()
    .any(|(ca, cb)| {
        let (clear, open) = clear_lines(rows, r, ca, cb, size);
        // Two clear lines where the lines run out on one side, between words (not figures),
        // when the text after the gap starts at a left edge other rows share (a table's last
        // row at the foot of a page, under its header row).
        clear >= 3
            || (clear == 2
                && open
                && ((prose && aligned_start(rows, r, b, size)) || cell_edges(rows, r, a, b, size)))
    })
}

/// Whether two edges of text stand at the same place (within 0.6 pt): where rows line up.
fn near(a: f32, b: f32) -> bool {
    (a - b).abs() <= 0.6
}

/// Do other rows nearby draw both edges of the gap `a..b` of row `r`: text that ends at `a`
/// (a justified cell's right edge, in a word other than the row's own) and text that starts at
/// `b` (the next column's left edge, as its header cell does)? A table's last row at the foot
/// of a page, its start year set past a description cell's full line across a gap narrower
/// than the line's stretched word spaces (`… dans le` `2019` under `Démarrage`).
fn cell_edges(rows: &[RowInk], r: usize, a: f32, b: f32, size: f32) -> bool {
    let Some(&(word_x0, _)) = rows[r].ink.iter().rev().find(|&&(_, e)| near(e, a)) else {
        return false;
    };
    rows_ending_at(rows, r, word_x0, a, size) >= 1
        && nearby_rows(rows, r, size).any(|o| o.starts.iter().any(|s| near(s.x, b)))
}

/// How many of the nearest lines (that reach it) above and below row `r` leave `ca..cb` free
/// of ink (up to the first inked line on each side, 3 at most a side), and whether the lines
/// ran out on one side before an inked one (the page's or the text's edge).
fn clear_lines(rows: &[RowInk], r: usize, ca: f32, cb: f32, size: f32) -> (usize, bool) {
    let base = rows[r].base;
    // Consecutive clear lines (that reach the place) on one side, up to the first inked one.
    let side = |idx: &mut dyn Iterator<Item = usize>| -> (usize, bool) {
        let mut n = 0;
        for i in idx {
            let row = &rows[i];
            if (row.base - base).abs() > 8.0 * size {
                break;
            }
            // Rows that do not reach this place say nothing.
            if !row.overlaps(ca - 4.0 * size, cb + 4.0 * size) {
                continue;
            }
            if row.overlaps(ca, cb) || n >= 3 {
                return (n, false);
            }
            n += 1;
        }
        (n, true)
    };
    let (above, open_above) = side(&mut (0..r).rev());
    let (below, open_below) = side(&mut (r + 1..rows.len()));
    (above + below, open_above || open_below)
}

/// Does text start at `x` after a gap in at least two other rows nearby? (A column's or a
/// table cell's left edge; a justified line's widened spaces do not line up like that.) A row
/// that has the same words on both sides of the gap is the same line drawn again (a table
/// cell repeated row after row, justified the same way) and says nothing.
///
/// Nor does a row whose word there ends where the row's own last word ends, on a right edge
/// that other rows' text ends on too: a justified column's short last words (`de`, `en`) all
/// start at the same place because they have the same width.
pub(super) fn aligned_start(rows: &[RowInk], r: usize, x: f32, size: f32) -> bool {
    let mine = rows[r].start_at(x).map(|s| s.words);
    // The end of the row's word at `x` when it is the row's last and ends on a right edge.
    let edge = rows[r]
        .ink
        .last()
        .filter(|&&(a, _)| near(a, x))
        .map(|&(_, e)| e)
        .filter(|&e| rows_ending_at(rows, r, x, e, size) >= 1);
    nearby_rows(rows, r, size)
        .filter(|o| {
            o.starts
                .iter()
                .any(|s| near(s.x, x) && Some(s.words) != mine)
                && !edge.is_some_and(|e| o.ink.iter().any(|&(a, b)| near(a, x) && near(b, e)))
        })
        .count()
        >= 2
}

/// Does text end at `x` in at least two other rows nearby, with a word there other than the
/// row's own (which starts at `word_x0`)? A justified column's right edge: the text of a row
/// that goes on past it, across a gap as wide as its word spaces, is in the next cell (a
/// `2020` in a table's `Démarrage` column beside a description cell's full line). A cell that
/// the table repeats row after row (`2-Améliorer`) ends at the same place in every row and says
/// nothing.
pub(super) fn ends_at_edge(rows: &[RowInk], r: usize, word_x0: f32, x: f32, size: f32) -> bool {
    rows_ending_at(rows, r, word_x0, x, size) >= 2
}

/// How many rows near row `r` hold a word that ends at `end` but does not start at `word_x0`
/// (the start of row `r`'s own word there): rows whose text ends on the same right edge.
fn rows_ending_at(rows: &[RowInk], r: usize, word_x0: f32, end: f32, size: f32) -> usize {
    nearby_rows(rows, r, size)
        .filter(|o| {
            o.ink
                .iter()
                .any(|&(a, b)| near(b, end) && !near(a, word_x0))
        })
        .count()
}
