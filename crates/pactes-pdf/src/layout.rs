//! Layout analysis: glyphs → words → lines → blocks, reading order from geometry (Breuel's
//! topological ordering of blocks: above-below within a column, left-right across columns),
//! running headers / footers, de-hyphenation, block kinds.

use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};

use pactes_doc::{BBox, Block, BlockKind, Page, CELL_SEPARATOR, LIST_MARKER};

use crate::glyphs::Glyph;
use crate::text::{is_bullet, nfc, push_clean_glyph};

/// Gap between glyphs (in font sizes) above which a new word starts.
const WORD_GAP: f32 = 0.12;
/// Smallest gap (in font sizes) that can separate line segments (columns, cells).
const SEGMENT_GAP: f32 = 0.5;
/// Gap (in font sizes) that separates segments whatever the neighbouring lines look like.
const GUTTER_ALWAYS: f32 = 4.0;

/// A word: glyphs without a gap.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub bold_chars: usize,
    pub chars: usize,
}

/// A line segment: words on one baseline without a wide gap.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub words: Vec<Word>,
    pub bbox: BBox,
    pub base: f32,
    pub size: f32,
    pub bullet: bool,
}

impl Line {
    fn bullet_only(&self) -> bool {
        self.words.iter().all(|w| is_bullet(&w.text))
    }

    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }
    fn bold_frac(&self) -> f32 {
        let (b, n) = self
            .words
            .iter()
            .fold((0, 0), |(b, n), w| (b + w.bold_chars, n + w.chars));
        if n == 0 {
            0.0
        } else {
            b as f32 / n as f32
        }
    }
}

/// Lines of one page, before header / footer removal.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageLines {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Line>,
}

fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}

/// The advance every letter shares when `glyphs` are set in a monospaced font (Courier,
/// Liberation Mono: a plain-text file printed as it is), else `None`: at least 12 letters
/// (`spaced_letter`), nine in ten within 3 % of their median advance. In such type a word space is a whole cell
/// (0.6 of the size), wider than the narrowest gap that may part columns in proportional
/// type, and spaces line up from one line to the next: neither makes a column.
fn mono_cell<'a>(glyphs: impl IntoIterator<Item = &'a Glyph>) -> Option<f32> {
    let mut adv: Vec<f32> = glyphs
        .into_iter()
        .filter(|g| g.text.chars().count() == 1 && g.text.chars().all(spaced_letter))
        .map(|g| g.x1 - g.x0)
        .collect();
    if adv.len() < 12 {
        return None;
    }
    let m = median(&mut adv);
    let close = adv.iter().filter(|&&a| (a - m).abs() <= 0.03 * m).count();
    (m > 0.0 && close * 10 >= adv.len() * 9).then_some(m)
}

/// The cell of a line set in monospaced type: every word of three letters or more (at least
/// four such words) as wide as its letters times one advance, within 0.5 % (in proportional
/// type, words' widths per letter differ by far more).
fn mono_line(l: &Line) -> Option<f32> {
    let mut cells: Vec<f32> = l
        .words
        .iter()
        .filter(|w| w.chars >= 3 && w.text.chars().all(spaced_letter))
        .map(|w| (w.x1 - w.x0) / w.chars as f32)
        .collect();
    if cells.len() < 4 {
        return None;
    }
    let m = median(&mut cells);
    (m > 0.0 && cells.iter().all(|c| (c - m).abs() <= 0.005 * m)).then_some(m)
}

/// A letter of a script that spaces its words (Latin, Greek, Cyrillic…): CJK ideographs and
/// kana are set on a grid of one advance in any font, with no word spaces, and a cell's gap
/// there may part two table cells.
fn spaced_letter(c: char) -> bool {
    c.is_alphabetic() && (c as u32) < 0x2000
}

/// The narrowest gap that may part two segments of a row (columns, table cells) at `size`:
/// `SEGMENT_GAP` of the size, or one and a half cells of monospaced type.
fn segment_gap(size: f32, cell: Option<f32>) -> f32 {
    (SEGMENT_GAP * size).max(cell.map_or(0.0, |c| 1.5 * c))
}

/// Groups glyphs into rows of (about) the same baseline, joining superscripts and subscripts to
/// the row of the text they are attached to.
fn rows(mut glyphs: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    glyphs.sort_by(|a, b| a.base.total_cmp(&b.base).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<(f32, f32, Vec<Glyph>)> = Vec::new(); // (base, size, glyphs)
    for g in glyphs {
        if let Some((b, s, r)) = rows.last_mut() {
            let tol = 0.25 * s.min(g.size);
            if (g.base - *b).abs() <= tol && g.size > 0.7 * *s && g.size < 1.43 * *s {
                r.push(g);
                continue;
            }
            // A slightly different size on the same baseline (mixed fonts): same row.
            if (g.base - *b).abs() <= 0.08 * s.min(g.size) {
                r.push(g);
                continue;
            }
        }
        let (b, s) = (g.base, g.size);
        rows.push((b, s, vec![g]));
    }
    // Superscripts / subscripts: a small glyph raised or lowered next to a larger one (or next
    // to a small glyph already attached, for `er`, `ème`).
    let mut moved: HashSet<u32> = HashSet::new();
    for _ in 0..4 {
        let n = rows.len();
        let mut moves: Vec<(usize, usize, usize)> = Vec::new(); // (from row, glyph, to row)
        for i in 0..n {
            for (gi, g) in rows[i].2.iter().enumerate() {
                if moved.contains(&g.seq) {
                    continue;
                }
                let mut best: Option<(usize, f32)> = None;
                #[allow(clippy::needless_range_loop)]
                for j in i.saturating_sub(3)..(i + 4).min(n) {
                    if j == i {
                        continue;
                    }
                    let (sb, ss, ref sg) = rows[j];
                    if g.size > 0.85 * ss {
                        continue;
                    }
                    let dy = sb - g.base; // > 0: raised
                    if !(-0.35 * ss..=0.6 * ss).contains(&dy) {
                        continue;
                    }
                    // A small mark of punctuation (guillemets a font draws from smaller
                    // glyphs, slightly raised) stands a word space away from its word, and a
                    // justified line may stretch that space.
                    let reach = if g.text.chars().any(char::is_alphanumeric) {
                        0.25
                    } else if dy.abs() < 0.3 * ss {
                        1.2
                    } else {
                        0.6
                    };
                    let adjacent = sg.iter().any(|h| {
                        (h.size >= g.size / 0.85 || moved.contains(&h.seq))
                            && ((g.x0 - h.x1).abs() < reach * ss
                                || (h.x0 - g.x1).abs() < reach * ss)
                    });
                    // It sits beside the row's text, never over it.
                    let over = sg
                        .iter()
                        .any(|h| h.x0.max(g.x0) < h.x1.min(g.x1) - 0.2 * (g.x1 - g.x0));
                    let adjacent = adjacent && !over;
                    if adjacent && best.is_none_or(|(_, d)| dy.abs() < d) {
                        best = Some((j, dy.abs()));
                    }
                }
                if let Some((j, _)) = best {
                    moves.push((i, gi, j));
                }
            }
        }
        if moves.is_empty() {
            break;
        }
        let mut taken: Vec<Vec<bool>> = rows.iter().map(|r| vec![false; r.2.len()]).collect();
        let mut add: Vec<Vec<Glyph>> = vec![Vec::new(); n];
        for &(i, gi, j) in &moves {
            taken[i][gi] = true;
            let mut g = rows[i].2[gi].clone();
            g.base = rows[j].0;
            moved.insert(g.seq);
            add[j].push(g);
        }
        for (i, r) in rows.iter_mut().enumerate() {
            let mut k = 0;
            r.2.retain(|_| {
                k += 1;
                !taken[i][k - 1]
            });
            r.2.append(&mut add[i]);
        }
    }
    rows.into_iter()
        .filter(|r| !r.2.is_empty())
        .map(|r| r.2)
        .collect()
}

/// Sorts a row left to right and drops overprinted duplicates (fake bold, shadows).
fn prepare_row(mut row: Vec<Glyph>) -> Vec<Glyph> {
    row.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.seq.cmp(&b.seq)));
    let mut kept: Vec<Glyph> = Vec::with_capacity(row.len());
    for g in row {
        let dup = kept.iter().rev().take(4).any(|k| {
            k.text == g.text
                && (k.x0 - g.x0).abs() < 0.2 * g.size
                && (k.base - g.base).abs() < 0.2 * g.size
        });
        if !dup {
            kept.push(g);
        }
    }
    kept
}

/// Splits a row whose text overprints itself (a long URL running into the next column, two
/// lines on one baseline) into tracks that do not overlap: runs of glyphs drawn in sequence go
/// to the first track they do not collide with. Normal rows give a single track, whatever the
/// drawing order.
fn tracks(mut row: Vec<Glyph>) -> Vec<Vec<Glyph>> {
    if row.len() < 2 {
        return vec![row];
    }
    row.sort_by_key(|g| g.seq);
    let mut runs: Vec<Vec<Glyph>> = Vec::new();
    for g in row {
        let cont = runs.last().and_then(|r| r.last()).is_some_and(|p| {
            g.seq <= p.seq + 3 && g.x0 >= p.x0 - 0.1 * g.size && g.x0 <= p.x1 + 3.0 * g.size
        });
        match runs.last_mut() {
            Some(r) if cont => r.push(g),
            _ => runs.push(vec![g]),
        }
    }
    if runs.len() == 1 {
        return runs;
    }
    // A run collides with a track when one of its glyphs overprints one of the track's (by
    // more than half the narrower): glyph by glyph, not by the runs' extents, so that words
    // drawn out of order (a run that jumps over a word drawn later) share one track. (Glyphs
    // are compared only between runs whose extents overlap.)
    let extent = |run: &[Glyph]| {
        run.iter()
            .fold((f32::MAX, f32::MIN), |(a, b), g| (a.min(g.x0), b.max(g.x1)))
    };
    // A kerned pair cut between two runs (`V.`, `l’` drawn in another order) may overlap by
    // more than half of its narrow mark of punctuation: between a letter and a mark,
    // overprinting is nearly whole (two marks, `.` over `(`, are two texts touching).
    let overprints = |run: &[Glyph], other: &[Glyph]| {
        let mark = |g: &Glyph| !g.text.chars().any(char::is_alphanumeric);
        run.iter().any(|g| {
            other.iter().any(|h| {
                let narrow = (g.x1 - g.x0).min(h.x1 - h.x0).max(0.1 * g.size);
                let share = if mark(g) != mark(h) { 0.8 } else { 0.5 };
                g.x1.min(h.x1) - g.x0.max(h.x0) > share * narrow
            })
        })
    };
    // Each track: its runs, with their extents.
    type Track = Vec<(Vec<Glyph>, (f32, f32))>;
    let mut tracks: Vec<Track> = Vec::new();
    for run in runs {
        let (x0, x1) = extent(&run);
        // A glyph drawn by itself over others is a piece of a composed sign (TeX's `↪→`, an
        // accent), not a text of its own: it stays with the row's first track.
        let free = |t: &Track| {
            run.len() == 1
                || t.iter()
                    .all(|(r, (a, b))| x1.min(*b) <= x0.max(*a) || !overprints(&run, r))
        };
        match tracks.iter().position(free) {
            Some(k) => tracks[k].push((run, (x0, x1))),
            None => tracks.push(vec![(run, (x0, x1))]),
        }
    }
    tracks
        .into_iter()
        .map(|t| t.into_iter().flat_map(|(r, _)| r).collect())
        .collect()
}

/// Where text starts after a gap in a row.
struct Start {
    x: f32,
    /// The words on both sides of the gap (`gap_words`).
    words: u64,
    /// Both are words of three letters or more (`gap_between_words`).
    prose: bool,
}

/// The inked x-intervals of a row (merged), with its baseline and size.
struct RowInk {
    base: f32,
    ink: Vec<(f32, f32)>,
    /// Where text starts after a gap of at least `segment_gap` (and the row's first glyph).
    starts: Vec<Start>,
    /// The row's cell when it is set in monospaced type (`mono_cell`).
    cell: Option<f32>,
}

fn row_ink(row: &[Glyph]) -> RowInk {
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
fn nearby_rows(rows: &[RowInk], r: usize, size: f32) -> impl Iterator<Item = &RowInk> {
    let base = rows[r].base;
    rows.iter()
        .enumerate()
        .filter(move |&(k, o)| k != r && (o.base - base).abs() <= 6.0 * size)
        .map(|(_, o)| o)
}

/// Page-wide gutters: x-ranges that almost no row inks (a few overflowing lines allowed) with
/// text on both sides in many rows — the gaps between text columns.
fn page_gutters(rows: &[RowInk], size: f32, cell: Option<f32>) -> Vec<(f32, f32)> {
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
fn is_gutter(rows: &[RowInk], gutters: &[(f32, f32)], r: usize, a: f32, b: f32, size: f32) -> bool {
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
        clear >= 3 || (clear == 2 && open && prose && aligned_start(rows, r, b, size))
    })
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
fn aligned_start(rows: &[RowInk], r: usize, x: f32, size: f32) -> bool {
    let mine = rows[r].start_at(x).map(|s| s.words);
    nearby_rows(rows, r, size)
        .filter(|o| {
            o.starts
                .iter()
                .any(|s| (s.x - x).abs() <= 0.6 && Some(s.words) != mine)
        })
        .count()
        >= 2
}

/// Splits one prepared row into line segments (at gutters) made of words (at small gaps).
fn segments(kept: Vec<Glyph>, rows: &[RowInk], gutters: &[(f32, f32)], r: usize) -> Vec<Line> {
    let cell = rows[r].cell;
    // Word gaps of the row, in order: a justified line widens all of its gaps by the same
    // amount, so a gap equal to its neighbour is a word space, not a gutter.
    let mut gaps: Vec<(f32, f32)> = Vec::new(); // (x where the gap ends, width)
    let mut right = f32::NEG_INFINITY;
    for g in &kept {
        let gap = g.x0 - right;
        if right.is_finite() && gap > WORD_GAP * g.size {
            gaps.push((g.x0, gap));
        }
        right = right.max(g.x1);
    }
    // The gap's neighbours (0, 1 or 2): how many there are, and how many have its width.
    let neighbours = |x: f32, w: f32| -> (usize, usize) {
        let Some(k) = gaps.iter().position(|&(gx, _)| gx == x) else {
            return (0, 0);
        };
        let (before, after) = (k.checked_sub(1).and_then(|j| gaps.get(j)), gaps.get(k + 1));
        let same =
            |o: Option<&(f32, f32)>| o.is_some_and(|&(_, ow)| (ow - w).abs() <= 0.1 + 0.003 * w);
        (
            usize::from(before.is_some()) + usize::from(after.is_some()),
            usize::from(same(before)) + usize::from(same(after)),
        )
    };
    let equal_neighbours = |x: f32, w: f32| neighbours(x, w).1;
    let justified = |x: f32, w: f32| equal_neighbours(x, w) > 0;
    // The gap is as wide as every gap beside it (one at a line's ends, two inside).
    let uniform = |x: f32, w: f32| {
        let (sides, equal) = neighbours(x, w);
        sides > 0 && equal == sides
    };
    let mut lines: Vec<Line> = Vec::new();
    let mut cur: Vec<Vec<Glyph>> = Vec::new(); // words of the current segment
    let mut right = f32::NEG_INFINITY;
    for g in kept {
        let size = g
            .size
            .max(cur.last().and_then(|w| w.last()).map_or(0.0, |h| h.size));
        let gap = g.x0 - right;
        if cur.is_empty() {
            right = g.x1;
            cur.push(vec![g]);
            continue;
        }
        // A gap as wide as the word spaces on both sides of it is one of them, even where a
        // page gutter runs below or above (a title in large type across both columns).
        let page_gutter = gutters
            .iter()
            .any(|&(ga, gb)| right <= ga + 1.0 && g.x0 >= gb - 1.0);
        // A numbering mark (`V -`, `2.`, `b)`) is not a column's line by itself: the space
        // after it, however wide (a justified title), leads to its title, unless a page gutter
        // runs there.
        let seg = segment_gap(size, cell);
        if gap > seg && !page_gutter && outline_mark(&cur, &g.text) {
            right = right.max(g.x1);
            cur.push(vec![g]);
            continue;
        }
        if gap > seg
            && (gap > GUTTER_ALWAYS * size
                || (page_gutter && !uniform(g.x0, gap))
                || !justified(g.x0, gap)
                || (equal_neighbours(g.x0, gap) < 2 && aligned_start(rows, r, g.x0, size)))
            && is_gutter(rows, gutters, r, right, g.x0, size)
        {
            lines.push(make_line(std::mem::take(&mut cur)));
            right = g.x1;
            cur.push(vec![g]);
            continue;
        }
        right = right.max(g.x1);
        if gap > WORD_GAP * size {
            cur.push(vec![g]);
        } else if let Some(w) = cur.last_mut() {
            w.push(g);
        }
    }
    if !cur.is_empty() {
        lines.push(make_line(cur));
    }
    lines
}

/// The last word of a justified line in a narrow table cell, pushed to the cell's right edge
/// against the next cell (`Recueillir          et | De manière…`), is not a cell of its own:
/// it joins the words before it. Such a word opens in lower case, sits closer to the next
/// cell than to the words before it, does not start where other rows' text starts (a
/// column's left edge), and ends where text ends in a nearby row (the cell's right edge).
fn join_justified_ends(segs: &mut Vec<Line>, rows: &[RowInk], r: usize) {
    let mut i = 1;
    while i + 1 < segs.len() {
        let (prev, cur, next) = (&segs[i - 1], &segs[i], &segs[i + 1]);
        let size = cur.size;
        let lower = cur.words.len() == 1
            && cur.words[0]
                .text
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
        let (x0, x1) = (cur.bbox.x0, cur.bbox.x1);
        let pushed = x0 - prev.bbox.x1 > next.bbox.x0 - x1;
        let ends_here = || {
            nearby_rows(rows, r, size).any(|o| {
                o.ink
                    .iter()
                    .any(|&(a, b)| (b - x1).abs() <= 0.6 && (a - x0).abs() > 0.6)
            })
        };
        if lower && pushed && ends_here() && !aligned_start(rows, r, x0, size) {
            let cur = segs.remove(i);
            let p = &mut segs[i - 1];
            p.words.extend(cur.words);
            p.bbox = p.bbox.union(&cur.bbox);
        } else {
            i += 1;
        }
    }
}

/// Whether the words of a line so far are only a numbering mark: roman numerals, one or two
/// figures or one letter, closed by `.`, `)`, `-`, `–` or `:` (`V -`, `12.`, `b)`), or are its
/// number and `next` (the glyph after the gap) closes it.
fn outline_mark(words: &[Vec<Glyph>], next: &str) -> bool {
    let closes = |t: &str| matches!(t, "." | ")" | "-" | "–" | ":");
    let text: String = words.iter().flatten().map(|g| g.text.as_str()).collect();
    let number = |head: &str| {
        let n = head.chars().count();
        (1..=5).contains(&n) && head.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || (1..=2).contains(&n) && head.chars().all(|c| c.is_ascii_digit())
            || n == 1 && head.chars().all(|c| c.is_ascii_alphabetic())
    };
    match text.char_indices().last() {
        Some((i, _)) if closes(&text[i..]) => number(&text[..i]),
        Some(_) => closes(next) && number(&text),
        None => false,
    }
}

fn make_line(words: Vec<Vec<Glyph>>) -> Line {
    let mut bbox = BBox {
        x0: f32::MAX,
        y0: f32::MAX,
        x1: f32::MIN,
        y1: f32::MIN,
    };
    let mut sizes = Vec::new();
    let mut bases = Vec::new();
    let mut out = Vec::new();
    for w in words {
        let mut text = String::new();
        let (mut bold, mut chars) = (0, 0);
        let (mut x0, mut x1) = (f32::MAX, f32::MIN);
        for g in &w {
            push_clean_glyph(&mut text, &g.text);
            chars += 1;
            bold += g.bold as usize;
            x0 = x0.min(g.x0);
            x1 = x1.max(g.x1);
            bbox.y0 = bbox.y0.min(g.top());
            bbox.y1 = bbox.y1.max(g.bottom());
            sizes.push(g.size);
            bases.push(g.base);
        }
        bbox.x0 = bbox.x0.min(x0);
        bbox.x1 = bbox.x1.max(x1);
        let text = text.trim().to_string();
        if text.is_empty() {
            continue;
        }
        out.push(Word {
            text,
            x0,
            x1,
            bold_chars: bold,
            chars,
        });
    }
    // A line-end hyphen set a little apart by justification belongs to its word.
    if out.len() >= 2 {
        let k = out.len() - 1;
        let is_hyphen = matches!(out[k].text.as_str(), "-" | "\u{2010}" | "\u{ad}");
        let size = median(&mut sizes.clone());
        if is_hyphen && out[k].x0 - out[k - 1].x1 < 0.3 * size {
            let h = out.remove(k);
            let w = &mut out[k - 1];
            w.text.push_str(&h.text);
            w.x1 = h.x1;
            w.chars += h.chars;
            w.bold_chars += h.bold_chars;
        }
    }
    let mut glued: Option<Word> = None;
    if let Some(w) = out.first_mut() {
        if is_bullet(&w.text) {
            w.text = LIST_MARKER.to_string();
        } else if let Some(rest) = w.text.strip_prefix(|c: char| is_bullet(&c.to_string())) {
            // A bullet glued to its first word.
            glued = Some(Word {
                text: rest.to_string(),
                x0: w.x0,
                x1: w.x1,
                bold_chars: w.bold_chars,
                chars: w.chars,
            });
            w.text = LIST_MARKER.to_string();
        }
    }
    if let Some(g) = glued {
        out.insert(1, g);
    }
    let bullet = out.first().is_some_and(|w| w.text == LIST_MARKER);
    Line {
        words: out,
        bbox,
        base: median(&mut bases),
        size: median(&mut sizes),
        bullet,
    }
}

/// A short label before a tab: `I)`, `I.1`, `2.`, `a)`, `1-1.3` (section numbers in a table of
/// contents or a numbered list).
fn is_label(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() <= 6
        && t.chars()
            .any(|c| c.is_ascii_digit() || "IVXivx".contains(c))
        && t.chars()
            .all(|c| c.is_ascii_digit() || "IVXLivxl.)-–".contains(c) || c.is_ascii_lowercase())
        && !t.chars().all(|c| c.is_ascii_digit())
}

fn is_number(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.chars().count() <= 12
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || " .,\u{a0}\u{202f}".contains(c))
}

/// Right-aligned bare numbers that end a row (page numbers of a table of contents, figures of
/// a table) belong to the row: they join the segment on their left. A number left-aligned with
/// text lines is the start of a text column instead, and stays apart. When what is on its left
/// is only a bullet, or a line that ends with a hyphen, or when the line just below on its left
/// ends with leaders and its own does not (an entry set on two or three lines, its number
/// centred on them), the number ends the entry: it joins that line below.
fn merge_right_numbers(lines: &mut Vec<Line>) {
    let n = lines.len();
    let numeric: Vec<bool> = lines.iter().map(|l| is_number(&l.text())).collect();
    let mut target: Vec<Option<usize>> = vec![None; n];
    for i in 0..n {
        if !numeric[i] {
            continue;
        }
        let l = &lines[i];
        let right_aligned = (0..n).any(|j| {
            j != i
                && numeric[j]
                && ((lines[j].bbox.x1 - l.bbox.x1).abs() <= 1.5
                    || (lines[j].bbox.x0 - l.bbox.x0).abs() <= 1.5)
        });
        let text_starts_here =
            (0..n).any(|j| !numeric[j] && (lines[j].bbox.x0 - l.bbox.x0).abs() <= 1.5);
        if !right_aligned || text_starts_here {
            continue;
        }
        // The segment it would join: same row, on its left, the nearest.
        let left = (0..n)
            .filter(|&j| {
                j != i
                    && (lines[j].base - l.base).abs() < 0.3 * l.size
                    && lines[j].bbox.x1 <= l.bbox.x0
            })
            .max_by(|&a, &b| lines[a].bbox.x1.total_cmp(&lines[b].bbox.x1));
        let Some(left) = left else { continue };
        let lw = &lines[left].words;
        let open = lw.iter().all(|w| is_bullet(&w.text))
            || lw
                .last()
                .is_some_and(|w| w.text.ends_with(['-', '\u{2010}', '\u{ad}']));
        let below = (0..n)
            .filter(|&j| {
                j != i
                    && !numeric[j]
                    && lines[j].base > l.base + 0.3 * l.size
                    && lines[j].base < l.base + 2.0 * l.size
                    && lines[j].bbox.x1 <= l.bbox.x0
                    && lines[j].words.iter().any(|w| !is_bullet(&w.text))
            })
            .min_by(|&a, &b| lines[a].base.total_cmp(&lines[b].base));
        // Leaders (`_____`, `.....`) end an entry: the number follows them.
        let leader = |j: usize| {
            lines[j].words.last().is_some_and(|w| {
                w.text.chars().count() >= 3 && w.text.chars().all(|c| matches!(c, '_' | '.' | '…'))
            })
        };
        // The entry's next line: directly under the line on the left, starting where it
        // starts, not ending with its own number; then the lines that go on the same way.
        let ends_with_figure = |j: usize| lines[j].words.last().is_some_and(|w| is_figure(&w.text));
        let under = |j: usize| {
            (0..n)
                .filter(|&m| {
                    m != i
                        && m != j
                        && !numeric[m]
                        && lines[m].base > lines[j].base + 0.3 * l.size
                        && lines[m].base < lines[j].base + 1.5 * l.size
                        && (lines[m].bbox.x0 - lines[j].bbox.x0).abs() <= 1.0
                        && lines[m].bbox.x1 <= l.bbox.x0
                        && !ends_with_figure(m)
                })
                .min_by(|&a, &b| lines[a].base.total_cmp(&lines[b].base))
        };
        let continued = under(left).map(|mut j| {
            for _ in 0..4 {
                match under(j) {
                    Some(m) => j = m,
                    None => break,
                }
            }
            j
        });
        target[i] = Some(match (below, continued) {
            (Some(j), _) if open || (leader(j) && !leader(left)) => j,
            (_, Some(j)) if !leader(left) => j,
            _ => left,
        });
    }
    // Merge right to left so that a row of figures joins its label in order.
    let mut order: Vec<usize> = (0..n).filter(|&i| target[i].is_some()).collect();
    order.sort_by(|&a, &b| lines[b].bbox.x0.total_cmp(&lines[a].bbox.x0));
    for i in order {
        let Some(j) = target[i] else { continue };
        if lines[j].words.is_empty() {
            continue;
        }
        let l = lines[i].clone();
        let words = std::mem::take(&mut lines[i].words);
        let t = &mut lines[j];
        t.words.extend(words);
        t.bbox = t.bbox.union(&l.bbox);
    }
    lines.retain(|l| !l.words.is_empty());
}

/// Glyphs of a page → its line segments.
pub(crate) fn page_lines(
    number: u32,
    width: f32,
    height: f32,
    glyphs: Vec<Glyph>,
    rotated: Vec<Glyph>,
) -> PageLines {
    let mut lines: Vec<Line> = Vec::new();
    let glyphs = crate::accents::compose_accents(glyphs);
    let prepared: Vec<Vec<Glyph>> = rows(glyphs)
        .into_iter()
        .flat_map(tracks)
        .map(prepare_row)
        .collect();
    let inks: Vec<RowInk> = prepared.iter().map(|r| row_ink(r)).collect();
    let mut sizes: Vec<f32> = prepared.iter().flatten().map(|g| g.size).collect();
    let cell = mono_cell(prepared.iter().flatten());
    let gutters = page_gutters(&inks, median(&mut sizes).max(1.0), cell);
    let debug = std::env::var("PACTES_DEBUG_PAGE").ok() == Some(number.to_string());
    if debug {
        eprintln!("GUTTERS {gutters:?}");
    }
    for (r, row) in prepared.into_iter().enumerate() {
        if debug {
            let t: String = row
                .iter()
                .map(|g| format!("{}[{:.1},{:.1}]", g.text, g.x0, g.x1))
                .collect();
            eprintln!("ROW {:.1} {}", inks[r].base, t);
        }
        let mut segs = segments(row, &inks, &gutters, r);
        join_justified_ends(&mut segs, &inks, r);
        // A lone bullet segment joins the text that follows it on the same row.
        let mut i = 0;
        while i + 1 < segs.len() {
            let only_bullet = segs[i].words.len() == 1 && segs[i].bullet;
            let label = i == 0 && is_label(&segs[i].text());
            if (only_bullet || label)
                && segs[i + 1].bbox.x0 - segs[i].bbox.x1 < 4.0 * segs[i + 1].size
            {
                let next = segs.remove(i + 1);
                let s = &mut segs[i];
                s.words.extend(next.words);
                s.bbox = s.bbox.union(&next.bbox);
                s.size = next.size;
                s.base = next.base;
            }
            i += 1;
        }
        // A line that overflows a page gutter (a long URL) while the next column has text on
        // nearly the same baseline belongs to its own column: its overflow would otherwise make
        // it span both columns and swallow the neighbour's lines into one block.
        for s in &mut segs {
            for &(ga, gb) in &gutters {
                if s.bbox.x0 < ga && s.bbox.x1 > gb {
                    let collides = inks.iter().enumerate().any(|(k, o)| {
                        k != r
                            && (o.base - s.base).abs() < 1.2 * s.size
                            && o.ink
                                .iter()
                                .map(|&(x0, x1)| (x1.min(s.bbox.x1) - x0.max(gb)).max(0.0))
                                .sum::<f32>()
                                > 3.0 * s.size
                    });
                    if collides {
                        if std::env::var("PACTES_DEBUG_CLAMP").is_ok() {
                            eprintln!("CLAMP p{number} {:.0} {}", s.base, s.text());
                        }
                        s.bbox.x1 = ga;
                    }
                }
            }
        }
        lines.extend(segs.into_iter().filter(|l| !l.words.is_empty()));
    }
    merge_right_numbers(&mut lines);
    // Rotated text: one line per run of glyphs drawn in sequence.
    let mut run: Vec<Glyph> = Vec::new();
    let flush = |run: &mut Vec<Glyph>, lines: &mut Vec<Line>| {
        if run.is_empty() {
            return;
        }
        let words = vec![std::mem::take(run)];
        let l = make_line(words);
        if !l.words.is_empty() {
            lines.push(l);
        }
    };
    for g in rotated {
        if let Some(last) = run.last() {
            if g.seq != last.seq + 1 {
                flush(&mut run, &mut lines);
            }
        }
        run.push(g);
    }
    flush(&mut run, &mut lines);
    PageLines {
        number,
        width,
        height,
        lines,
    }
}

/// Key of a line for running header / footer detection: digits folded, case folded.
fn furniture_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A page number on its own: `12`, `- 12 -`, `Page 12`, `12/108`, `12 sur 108`, `xii`.
/// `Some(strong, value)`: strong when the form says so (`Page`, `/`, `sur`, roman numerals);
/// a lone arabic number is weak (it could be a table cell) and needs the page-offset check.
fn page_number(s: &str) -> Option<(bool, i64)> {
    let t = s
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let t = t.to_lowercase();
    let (prefixed, t) = match t.strip_prefix("page") {
        Some(r) => (true, r.trim()),
        None => (false, t.as_str()),
    };
    let parts: Vec<&str> = t
        .split(|c: char| c == '/' || c.is_whitespace())
        .filter(|p| !p.is_empty() && *p != "sur" && *p != "of")
        .collect();
    if parts.is_empty() || parts.len() > 2 {
        return None;
    }
    let ok = parts.iter().all(|p| {
        (p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
            || (p.len() <= 6 && p.chars().all(|c| "ivxlc".contains(c)))
    });
    if !ok {
        return None;
    }
    let value = parts[0].parse::<i64>().unwrap_or(-1);
    Some((prefixed || parts.len() == 2 || value < 0, value))
}

#[cfg(test)]
fn is_page_number(s: &str) -> bool {
    page_number(s).is_some()
}

/// Which lines are running headers (`Some(true)`) / footers (`Some(false)`): lines in the top or
/// bottom band repeated at the same place on several pages, and lone page numbers there.
pub(crate) fn furniture(pages: &[PageLines]) -> Vec<Vec<Option<bool>>> {
    let band = |p: &PageLines, l: &Line| -> Option<bool> {
        if l.bbox.y1 < 0.15 * p.height {
            Some(true)
        } else if l.bbox.y0 > 0.85 * p.height {
            Some(false)
        } else {
            None
        }
    };
    // (band, key, rounded y) → pages seen on.
    let mut seen: HashMap<(bool, String, i32), HashSet<u32>> = HashMap::new();
    for p in pages {
        for l in &p.lines {
            if let Some(top) = band(p, l) {
                let y = (l.base / 4.0).round() as i32;
                for dy in [-1, 0, 1] {
                    seen.entry((top, furniture_key(&l.text()), y.saturating_add(dy)))
                        .or_default()
                        .insert(p.number);
                }
            }
        }
    }
    let min_pages = 3.max(pages.len() / 4).min(pages.len().max(2));
    // A page number has no other figure beside it on its row: figures side by side (a chart's
    // axis, a table's last row) are not page numbers (a running title beside one may be).
    let alone = |p: &PageLines, l: &Line| {
        !p.lines.iter().any(|o| {
            !std::ptr::eq(o, l)
                && (o.base - l.base).abs() < 0.5 * l.size.max(o.size)
                && page_number(&o.text()).is_some()
        })
    };
    // Lone numbers are page numbers when their value follows the page index.
    let mut offsets: HashMap<i64, usize> = HashMap::new();
    for p in pages {
        let mut seen_here = HashSet::new();
        for l in &p.lines {
            if band(p, l).is_some() && alone(p, l) {
                if let Some((_, v)) = page_number(&l.text()) {
                    if v >= 0 && seen_here.insert(v - p.number as i64) {
                        *offsets.entry(v - p.number as i64).or_default() += 1;
                    }
                }
            }
        }
    }
    let best = offsets
        .into_iter()
        .filter(|&(_, n)| n >= 2 || pages.len() == 1)
        .max_by_key(|&(o, n)| (n, -o.abs(), o));
    let offset = best.map(|(o, _)| o);
    // seen on one page only, the offset says nothing of a figure among others
    let offset_pages = best.map_or(0, |(_, n)| n);
    pages
        .iter()
        .map(|p| {
            // Only the outermost line of a band can be a page number (a table cell above it
            // may hold the same figure).
            let outermost = |top: bool| {
                p.lines
                    .iter()
                    .filter(|l| band(p, l) == Some(top))
                    .map(|l| l.base)
                    .fold(None, |acc: Option<f32>, b| {
                        Some(acc.map_or(b, |a| if top { a.min(b) } else { a.max(b) }))
                    })
            };
            let (first, last) = (outermost(true), outermost(false));
            p.lines
                .iter()
                .map(|l| {
                    let top = band(p, l)?;
                    let text = l.text();
                    let y = (l.base / 4.0).round() as i32;
                    // Lone figures are judged as page numbers only (the last line of a
                    // column can hold a figure at the same height on many pages).
                    let repeated = text.chars().any(char::is_alphabetic)
                        && seen
                            .get(&(top, furniture_key(&text), y))
                            .is_some_and(|s| s.len() >= min_pages);
                    let edge = if top { first } else { last };
                    let at_edge = edge.is_some_and(|e| (e - l.base).abs() < 0.5 * l.size);
                    let numbered = at_edge
                        && (offset_pages >= 2 || alone(p, l))
                        && page_number(&text).is_some_and(|(strong, v)| {
                            strong || offset == Some(v - p.number as i64)
                        });
                    (repeated || numbered).then_some(top)
                })
                .collect()
        })
        .collect()
}

/// A block under construction.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub lines: Vec<Line>,
    pub bbox: BBox,
    /// For a table row: its cells, left to right (then `lines` is empty).
    pub cells: Vec<RawBlock>,
}

impl RawBlock {
    fn size(&self) -> f32 {
        let mut v: Vec<f32> = self.lines.iter().map(|l| l.size).collect();
        if v.is_empty() {
            10.0
        } else {
            median(&mut v)
        }
    }
}

/// The left and right edges of the text column each line sits in: among the lines of its
/// size that overlap it over half the narrower width (its column, or the columns a wide line
/// spans), the leftmost start and the rightmost end that two lines share within a point (the
/// margins of set text; a lone line overflowing or indented does not move them). Where no two
/// lines share an edge, the line's own.
fn column_edges(lines: &[Line]) -> Vec<(f32, f32)> {
    lines
        .iter()
        .map(|l| {
            let mut starts: Vec<f32> = Vec::new();
            let mut ends: Vec<f32> = Vec::new();
            for u in lines {
                let narrower = (u.bbox.x1 - u.bbox.x0).min(l.bbox.x1 - l.bbox.x0);
                if (u.size / l.size - 1.0).abs() < 0.1
                    && x_overlap(&u.bbox, &l.bbox) > 0.5 * narrower
                {
                    starts.push(u.bbox.x0);
                    ends.push(u.bbox.x1);
                }
            }
            starts.sort_by(f32::total_cmp);
            ends.sort_by(|a, b| b.total_cmp(a));
            let shared = |v: &[f32]| {
                v.windows(2)
                    .find(|w| (w[0] - w[1]).abs() <= 1.0)
                    .map(|w| w[0])
            };
            (
                shared(&starts).unwrap_or(l.bbox.x0).min(l.bbox.x0),
                shared(&ends).unwrap_or(l.bbox.x1).max(l.bbox.x1),
            )
        })
        .collect()
}

fn x_overlap(a: &BBox, b: &BBox) -> f32 {
    a.x1.min(b.x1) - a.x0.max(b.x0)
}

/// Whether a line opens with a dash standing alone (`- Mieux sécuriser…`, `– …`): a list item's
/// marker when it starts a line, or a dash set between words (an incise) run to the line's start.
fn opens_with_dash(l: &Line) -> bool {
    l.words.len() >= 2 && matches!(l.words[0].text.as_str(), "-" | "–" | "—")
}

/// Whether a line opens a dash item of some length (the dash and two words or more): a table
/// cell's `- Nouveau` / `- Renforcement` under its text is a label of the cell, not an item.
fn opens_dash_item(l: &Line) -> bool {
    opens_with_dash(l) && l.words.len() >= 3
}

/// Whether `l` opens an item of a list of dash items after block `b`: it opens with a dash,
/// and `b` is an item of the same list (it opens with a dash at the same left edge) or ends
/// with a colon or semicolon (a lead-in, an item; not a stop: a table cell's text goes on
/// with `- Nouveau` after its sentence). Word processors set such items with the dash and the
/// item's other lines at one indent, so that only the dash tells the next item from the
/// current one's next line.
fn dash_items(b: &RawBlock, l: &Line, s: f32) -> bool {
    let sibling = || {
        b.lines
            .first()
            .is_some_and(|f| opens_with_dash(f) && (f.bbox.x0 - l.bbox.x0).abs() <= 0.5 * s)
    };
    let after_end = || {
        b.lines
            .last()
            .and_then(|last| last.words.last())
            .is_some_and(|w| w.text.ends_with([':', ';']))
    };
    opens_dash_item(l) && (sibling() || after_end())
}

/// A bullet in the left margin of a block whose last line ends with a hyphen, on the next
/// line, with the text after it at the block's left edge: a marker centred on a two-line item
/// (tables of contents), not the start of a new item. The line loses the bullet and goes on
/// with the split word.
fn strip_margin_bullet(l: &mut Line, blocks: &[RawBlock], max_pitch: f32) {
    if !l.bullet || l.words.len() < 2 {
        return;
    }
    let (marker, text) = (&l.words[0], &l.words[1]);
    let continues = blocks.iter().any(|b| {
        let Some(last) = b.lines.last() else {
            return false;
        };
        let s = last.size.max(l.size);
        let pitch = l.base - last.base;
        (0.3 * s..=max_pitch * s).contains(&pitch)
            && last
                .words
                .last()
                .is_some_and(|w| w.text.ends_with(['-', '\u{2010}']))
            && marker.x1 < b.bbox.x0
            && (text.x0 - b.bbox.x0).abs() <= 0.5 * s
            && !last.bullet_only()
    });
    if continues {
        l.words.remove(0);
        l.bullet = false;
        l.bbox.x0 = l.words[0].x0;
    }
}

/// Groups a page's body lines into blocks.
pub(crate) fn blocks(mut lines: Vec<Line>) -> Vec<RawBlock> {
    lines.sort_by(|a, b| {
        a.base
            .total_cmp(&b.base)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    // The page's usual line pitch (in font sizes): distance from each line to the nearest line
    // above it in the same column, same size.
    let mut ratios: Vec<f32> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let above = lines[..i]
            .iter()
            .rev()
            .filter(|u| {
                u.base < l.base - 0.3 * l.size
                    && x_overlap(&u.bbox, &l.bbox) > 0.0
                    && (u.size / l.size - 1.0).abs() < 0.1
            })
            .map(|u| l.base - u.base)
            .next();
        if let Some(d) = above {
            ratios.push(d / l.size);
        }
    }
    let usual = median(&mut ratios);
    let max_pitch = if usual > 0.0 {
        (1.2 * usual).clamp(1.75, 2.6)
    } else {
        1.75
    };
    let edges = column_edges(&lines);
    let mut blocks: Vec<RawBlock> = Vec::new();
    // The right edge of the column of each block's last line.
    let mut last_right: Vec<f32> = Vec::new();
    for (n, mut l) in lines.into_iter().enumerate() {
        let (col_left, col_right) = edges[n];
        strip_margin_bullet(&mut l, &blocks, max_pitch);
        let caps_title = is_caps_title(&l);
        // What the monospaced ragged-right test below needs of the line itself: its cell,
        // its first word's width, whether it opens as a sentence or an item does.
        let own_cell = mono_line(&l);
        let first_word = l.words.first().map_or(f32::MAX, |w| w.x1 - w.x0);
        let opens_sentence = l
            .words
            .first()
            .and_then(|w| w.text.chars().next())
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "<«•\"(".contains(c));
        let mut best: Option<(usize, f32)> = None;
        for (i, b) in blocks.iter().enumerate() {
            let Some(last) = b.lines.last() else { continue };
            let pitch = l.base - last.base;
            let s = last.size.max(l.size);
            if !(0.3 * s..=max_pitch * s).contains(&pitch) {
                continue;
            }
            let ratio = l.size / last.size;
            if !(0.8..=1.25).contains(&ratio) {
                continue;
            }
            // A gap well beyond the block's own line pitch starts a new paragraph (or row):
            // 1.3 times it (LibreOffice's 4 pt between paragraphs of 10.5 pt type is 1.35).
            match b.lines.as_slice() {
                [.., prev, end] => {
                    let own = end.base - prev.base;
                    if own > 0.3 * s && pitch > 1.3 * own {
                        continue;
                    }
                }
                // A one-line block (a title, a short paragraph) has no pitch of its own: the
                // page's usual pitch says whether the next line is its continuation (groff
                // sets 0.3 of a line between paragraphs: 1.3 pitches).
                _ => {
                    if usual > 0.0 && pitch > 1.25 * usual * s {
                        continue;
                    }
                }
            }
            let ov = x_overlap(&b.bbox, &l.bbox);
            if ov <= 0.0 {
                continue;
            }
            // Left edges must roughly agree, or the new line sits inside the block (indent).
            if l.bbox.x0 < b.bbox.x0 - 2.0 * s || l.bbox.x0 > b.bbox.x1 {
                continue;
            }
            // Far inside the block: only an indent under the last line, or centred text.
            if l.bbox.x0 > b.bbox.x0 + 2.0 * s {
                let centred =
                    ((l.bbox.x0 + l.bbox.x1) - (last.bbox.x0 + last.bbox.x1)).abs() <= 4.0 * s;
                if !centred && l.bbox.x0 > last.bbox.x0 + 4.0 * s {
                    continue;
                }
            }
            if l.bullet || dash_items(b, &l, s) {
                continue;
            }
            // A line indented from a paragraph's left edge under a line that stops short of
            // its right edge opens a paragraph (the first-line indent of LaTeX, groff and word
            // processors, without space between paragraphs). The paragraph's own edges, not
            // the page's: the lines of a table cell share their cell's left edge. Lines centred
            // on one another (a title over lines) are not indented paragraphs.
            let indent = l.bbox.x0 - b.bbox.x0;
            let centred_pair = last.bbox.x0 > b.bbox.x0 + 0.8 * s
                && ((l.bbox.x0 + l.bbox.x1) - (last.bbox.x0 + last.bbox.x1)).abs() < 2.0 * s;
            if b.lines.len() >= 2
                && (0.8 * s..6.0 * s).contains(&indent)
                && last.bbox.x1 < b.bbox.x1 - 2.0 * s
                && !centred_pair
            {
                continue;
            }
            // A one-line block has no edges of its own: a short line indented from its
            // column's left edge, over a full line of the column set at the same indent, is a
            // title or a one-line paragraph over the first line of the next (LaTeX, groff).
            // So is a numbered line there (`V.1) Les modalités…` under `V) Méthode…`: two
            // titles, each a paragraph set at the indent), full or not.
            let own_indent = l.bbox.x0 - col_left;
            if b.lines.len() == 1
                && (0.8 * s..6.0 * s).contains(&own_indent)
                && (l.bbox.x0 - last.bbox.x0).abs() <= 1.0
                && last.bbox.x1 < last_right[i] - 2.0 * s
                && (l.bbox.x1 >= col_right - 1.0 * s || opens_with_number(&l))
            {
                continue;
            }
            // In monospaced type set ragged right (a plain-text file printed as it is), where
            // no indent or space tells paragraphs apart, a line whose first word would have
            // fitted at the end of the short line above, with room to spare, was not wrapped
            // there: the line above ended its paragraph (or a title, or a table row). Only
            // when the line opens as a sentence or an item does (a capital, a figure, a bullet,
            // a quote) under a line that does not stop on a comma or a dash: a source's
            // hard-wrapped lines (`… s'adresse` / `à un large public`) go on.
            if opens_sentence
                && !l.bullet
                && (l.bbox.x0 - b.bbox.x0).abs() <= 1.0
                && !last
                    .words
                    .last()
                    .is_some_and(|w| w.text.ends_with([',', '-', '–', '/']))
            {
                let cell = own_cell.or_else(|| b.lines.iter().rev().find_map(mono_line));
                let room = last_right[i] - last.bbox.x1;
                if cell.is_some_and(|c| room > first_word + 1.5 * c) {
                    continue;
                }
            }
            // And a paragraph's last line alone (at the top of a page or column, the rest of
            // its paragraph before the break), at the column's left edge and stopping short of
            // its right edge, does not take the line indented under it: a title or the next
            // paragraph (`régional.` then `Conclusion`). (Not a list item's first line, under
            // which the item's next line hangs.)
            if b.lines.len() == 1
                && !last.bullet
                && (last.bbox.x0 - col_left).abs() <= 1.0
                && (0.8 * s..6.0 * s).contains(&own_indent)
                && last.bbox.x1 < last_right[i] - 2.0 * s
            {
                continue;
            }
            let bold_change = (l.bold_frac() > 0.6) != (last.bold_frac() > 0.6);
            if bold_change {
                continue;
            }
            // A short line in capitals after a finished sentence is a title (`PREAMBULE`), not
            // the paragraph's next line.
            if caps_title && ends_sentence(last) {
                continue;
            }
            // A line in capitals at the paragraph indent under a line that is not is a title set
            // in body type (TeX, groff: no space around it), and a block of capitals lines is a
            // title that the next line in lower case does not go on.
            // (Never at a word cut by a hyphen: `EFFETS AT-` / `TENDUS`.)
            let caps = caps_line(&l);
            let cut = last
                .words
                .last()
                .is_some_and(|w| w.text.trim_end().ends_with(is_break_mark));
            if !cut
                && (caps && !caps_line(last) && l.bbox.x0 >= b.bbox.x0 + 0.8 * s
                    || !caps && has_lower_case(&l) && b.lines.iter().all(caps_line))
            {
                continue;
            }
            // A column of table cells (another column beside it ends on the same row) does
            // not take a line that runs under its neighbour: that line is below the table.
            let table_column = b.lines.len() >= 2
                && blocks.iter().enumerate().any(|(k, o)| {
                    k != i
                        && o.lines.len() >= 2
                        && o.lines
                            .last()
                            .is_some_and(|ol| (ol.base - last.base).abs() < 0.3 * s)
                        && (o.bbox.x0 >= b.bbox.x1 || o.bbox.x1 <= b.bbox.x0)
                        && x_overlap(&o.bbox, &l.bbox) > 0.0
                });
            if table_column {
                continue;
            }
            if best.is_none_or(|(_, p)| pitch < p) {
                best = Some((i, pitch));
            }
        }
        match best {
            Some((i, _)) => {
                let b = &mut blocks[i];
                b.bbox = b.bbox.union(&l.bbox);
                b.lines.push(l);
                last_right[i] = col_right;
            }
            None => {
                blocks.push(RawBlock {
                    bbox: l.bbox,
                    lines: vec![l],
                    cells: Vec::new(),
                });
                last_right.push(col_right);
            }
        }
    }
    // A one-line fragment on one of a block's lines and inside its width (a justified cell's
    // last word, pushed to the cell's right edge past a wide gap) goes back to that line.
    let mut k = 0;
    while k < blocks.len() {
        let frag = &blocks[k];
        let host = (frag.lines.len() == 1)
            .then(|| {
                let f = &frag.lines[0];
                (0..blocks.len()).find(|&h| {
                    h != k
                        && blocks[h].lines.len() >= 2
                        && f.bbox.x0 >= blocks[h].bbox.x0
                        && blocks[h].lines.iter().any(|l| {
                            (l.base - f.base).abs() <= 0.2 * l.size
                                && l.bbox.x1 <= f.bbox.x0
                                && (l.size / f.size - 1.0).abs() < 0.1
                                // Inside the block's width, or one word that starts inside
                                // it, close to the line's end (a word of a narrow justified
                                // cell that overhangs the cell's other lines).
                                && (f.bbox.x1 <= blocks[h].bbox.x1 + 0.5
                                    || (f.words.len() == 1
                                        && f.bbox.x0 < blocks[h].bbox.x1 - 0.5
                                        && f.bbox.x0 - l.bbox.x1 < 1.5 * l.size))
                        })
                })
            })
            .flatten();
        match host {
            Some(h) => {
                let f = blocks.remove(k);
                let h = if h > k { h - 1 } else { h };
                let fl = f.lines.into_iter().next();
                if let Some(fl) = fl {
                    let b = &mut blocks[h];
                    if let Some(l) = b.lines.iter_mut().find(|l| {
                        (l.base - fl.base).abs() <= 0.2 * l.size && l.bbox.x1 <= fl.bbox.x0
                    }) {
                        l.bbox = l.bbox.union(&fl.bbox);
                        l.words.extend(fl.words);
                    }
                }
            }
            None => k += 1,
        }
    }
    merge_figure_rows(split_grid_columns(blocks))
}

/// Rows of figures cut in two (a last "Total" column set apart): a block whose lines all
/// continue, baseline by baseline, the last lines of the block on its left, when those lines
/// are all figures and its own are figures or short, joins those lines.
fn merge_figure_rows(mut blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let all_figures = |l: &Line| l.words.iter().all(|w| is_figure(&w.text));
    let mut k = 0;
    while k < blocks.len() {
        let b = &blocks[k];
        let n = b.lines.len();
        let fits = n >= 2
            && b.cells.is_empty()
            && b.lines.iter().all(|l| l.words.len() <= 4 || all_figures(l))
            && b.lines.iter().any(all_figures);
        let host = fits
            .then(|| {
                (0..blocks.len()).find(|&h| {
                    let a = &blocks[h];
                    h != k
                        && a.cells.is_empty()
                        && a.lines.len() >= n
                        && a.bbox.x1 <= b.bbox.x0
                        && a.lines[a.lines.len() - n..]
                            .iter()
                            .zip(&b.lines)
                            .all(|(x, y)| {
                                (x.base - y.base).abs() < 0.3 * x.size.max(y.size)
                                    && all_figures(x)
                            })
                        // Nothing between the two blocks on those rows.
                        && !blocks.iter().enumerate().any(|(j, o)| {
                            j != h
                                && j != k
                                && o.bbox.x0 >= a.bbox.x1
                                && o.bbox.x1 <= b.bbox.x0
                                && o.bbox.y1 > b.bbox.y0
                                && o.bbox.y0 < b.bbox.y1
                        })
                })
            })
            .flatten();
        match host {
            Some(h) => {
                let b = blocks.remove(k);
                let h = if h > k { h - 1 } else { h };
                let a = &mut blocks[h];
                let start = a.lines.len() - b.lines.len();
                for (x, y) in a.lines[start..].iter_mut().zip(b.lines) {
                    x.bbox = x.bbox.union(&y.bbox);
                    x.words.extend(y.words);
                }
                a.bbox = a.bbox.union(&b.bbox);
            }
            None => k += 1,
        }
    }
    blocks
}

/// A figure of a table: a number, possibly a percentage or with a currency sign.
fn is_figure(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['%', '€', '$']).trim_end();
    is_number(t)
}

/// Columns of a grid of figures: three or more blocks side by side with the same number of
/// one-line entries on the same baselines, figures in all of them but a label column. Each
/// entry becomes its own block, so that the table is read row by row.
fn split_grid_columns(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let n = blocks.len();
    let short = |b: &RawBlock| {
        b.lines.len() >= 2
            && b.cells.is_empty()
            && b.lines
                .iter()
                .all(|l| l.words.len() <= 3 && l.text().chars().count() <= 24)
    };
    let figures = |b: &RawBlock| b.lines.iter().all(|l| is_figure(&l.text()));
    let same_rows = |a: &RawBlock, b: &RawBlock| {
        a.lines.len() == b.lines.len()
            && (a.bbox.x1 <= b.bbox.x0 || b.bbox.x1 <= a.bbox.x0)
            && a.lines
                .iter()
                .zip(&b.lines)
                .all(|(x, y)| (x.base - y.base).abs() < 0.3 * x.size.max(y.size))
    };
    let mut split = vec![false; n];
    for i in 0..n {
        if split[i] || !short(&blocks[i]) {
            continue;
        }
        let group: Vec<usize> = (0..n)
            .filter(|&j| short(&blocks[j]) && (j == i || same_rows(&blocks[i], &blocks[j])))
            .collect();
        let n_fig = group.iter().filter(|&&j| figures(&blocks[j])).count();
        if group.len() >= 3 && n_fig + 1 >= group.len() && n_fig >= 2 {
            for j in group {
                split[j] = true;
            }
        }
    }
    let mut out = Vec::with_capacity(n);
    for (b, s) in blocks.into_iter().zip(split) {
        if s {
            for l in b.lines {
                out.push(RawBlock {
                    bbox: l.bbox,
                    lines: vec![l],
                    cells: Vec::new(),
                });
            }
        } else {
            out.push(b);
        }
    }
    out
}

/// How blocks `a` and `b` line up as cells of one row: (top-aligned, centred). A row's cells
/// share their first baseline (top-aligned) or their middle (centred); two text columns that
/// happen to line up keep an offset, their lines having the same pitch (WeasyPrint's two
/// columns of short paragraphs, 5 pt apart).
fn cell_alignment(blocks: &[RawBlock], a: usize, b: usize) -> (bool, bool) {
    let (pa, pb) = (&blocks[a].bbox, &blocks[b].bbox);
    let s = blocks[a].size().max(blocks[b].size());
    let base = |i: usize| {
        blocks[i]
            .lines
            .first()
            .map_or(blocks[i].bbox.y0, |l| l.base)
    };
    let top = (pa.y0 - pb.y0).abs() <= 0.6 * s && (base(a) - base(b)).abs() <= 0.3 * s;
    let centre = ((pa.y0 + pa.y1) - (pb.y0 + pb.y1)).abs() / 2.0 <= 0.3 * s
        && pa.y0.max(pb.y0) < pa.y1.min(pb.y1);
    (top, centre)
}

/// Finds table rows: blocks side by side, aligned at the top (or centred on one another), that
/// form a closed band: under each of them, the next block starts below the whole band. (Text
/// columns do not: a column's next paragraph starts while the neighbour's is still running.)
pub(crate) fn table_rows(blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let n = blocks.len();
    if n < 2 {
        return blocks;
    }
    let bb: Vec<BBox> = blocks.iter().map(|b| b.bbox).collect();
    let sz: Vec<f32> = blocks.iter().map(RawBlock::size).collect();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for a in 0..n {
        for b in a + 1..n {
            let (pa, pb) = (&bb[a], &bb[b]);
            if x_overlap(pa, pb) > -0.5 {
                continue;
            }
            let (top, centre) = cell_alignment(&blocks, a, b);
            // Side by side: nothing between them horizontally within the band, but cells of
            // the same row (a short cell set at the top between cells centred on each other).
            if !(top || centre) {
                continue;
            }
            let (l, r) = if pa.x1 <= pb.x0 { (pa, pb) } else { (pb, pa) };
            let (y0, y1) = (pa.y0.min(pb.y0), pa.y1.max(pb.y1));
            let aligned = |c: usize, d: usize| {
                let (t, m) = cell_alignment(&blocks, c, d);
                t || m
            };
            let between = (0..n).any(|c| {
                c != a
                    && c != b
                    && bb[c].x0 >= l.x1 - 0.5
                    && bb[c].x1 <= r.x0 + 0.5
                    && bb[c].y0 < y1
                    && bb[c].y1 > y0
                    && !(aligned(c, a) || aligned(c, b))
            });
            if between && !top {
                continue;
            }
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            parent[ra] = rb;
        }
    }
    // (ordered maps: the order of the bands and runs decides ties, and a hash map's order
    // changes from run to run)
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    let mut is_row = vec![None; n];
    let mut bands: Vec<(usize, Vec<usize>, f32, f32)> = Vec::new();
    for (gid, members) in &groups {
        if members.len() < 2 {
            continue;
        }
        // Members must not overlap one another horizontally (one cell per column).
        let overl = members.iter().any(|&a| {
            members
                .iter()
                .any(|&b| a != b && x_overlap(&bb[a], &bb[b]) > 0.5)
        });
        // Cells can be long (a page-high description), but not longer than a page of text; the
        // band, twin and flank tests below tell text columns from rows.
        let tall = members.iter().any(|&m| blocks[m].lines.len() > 80);
        if overl || tall {
            continue;
        }
        let bottom = members.iter().map(|&m| bb[m].y1).fold(f32::MIN, f32::max);
        let top = members.iter().map(|&m| bb[m].y0).fold(f32::MAX, f32::min);
        let closed = members.iter().all(|&m| {
            let s = sz[m];
            // The nearest block below this cell, in its column.
            let below = (0..n)
                .filter(|&c| !members.contains(&c))
                .filter(|&c| x_overlap(&bb[c], &bb[m]) > 0.5 && bb[c].y0 > bb[m].y1 - 0.5 * s)
                .map(|c| bb[c].y0)
                .fold(f32::MAX, f32::min);
            let above = (0..n)
                .filter(|&c| !members.contains(&c))
                .filter(|&c| x_overlap(&bb[c], &bb[m]) > 0.5 && bb[c].y1 < bb[m].y0 + 0.5 * s)
                .map(|c| bb[c].y1)
                .fold(f32::MIN, f32::max);
            // A table's next row starts under the whole row; a text column's next paragraph
            // may start beside the end of a longer one (a short paragraph centred by chance
            // beside a long one on the same line grid: 3 pt of overlap in Chrome's two
            // columns), so the band is closed to within a quarter of the type size only.
            below >= bottom - 0.25 * s && above <= top + 0.25 * s
        });
        if closed {
            bands.push((*gid, members.clone(), top, bottom));
        }
    }
    // A table has several rows with the same columns: a lone band is more likely side-by-side
    // paragraphs of text columns that happen to line up.
    // In a fixed order (the map's is random): a run's first band names its columns.
    bands.sort_by_key(|b| b.0);
    for b in &mut bands {
        b.1.sort_unstable();
    }
    let cols = |m: &[usize]| -> Vec<(f32, f32)> {
        let mut v: Vec<(f32, f32)> = m.iter().map(|&i| (bb[i].x0, bb[i].x1)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0));
        v
    };
    // One column in two rows: the same left edge, or (a cell centred, or padded differently
    // from row to row) x-ranges overlapping over half the narrower one.
    let same_column = |a: &(f32, f32), b: &(f32, f32)| {
        let overlap = a.1.min(b.1) - a.0.max(b.0);
        (a.0 - b.0).abs() <= 3.0 || overlap >= 0.5 * (a.1 - a.0).min(b.1 - b.0)
    };
    // Each of `few`'s columns is one of `many`'s, left to right.
    let among = |few: &[(f32, f32)], many: &[(f32, f32)]| {
        let mut next = 0;
        few.iter().all(
            |a| match (next..many.len()).find(|&j| same_column(a, &many[j])) {
                Some(j) => {
                    next = j + 1;
                    true
                }
                None => false,
            },
        )
    };
    // Between two bands, only blocks that fit inside one column of the first band (a cell
    // continued from the previous page, under a repeated header row).
    let only_cells_between = |m: &[usize], t: f32, b: f32, om: &[usize], ot: f32, ob: f32| {
        let (hi, lo) = if b <= ot { (b, ot) } else { (ob, t) };
        if hi >= lo {
            return false;
        }
        let mut xs: Vec<(f32, f32)> = m.iter().map(|&i| (bb[i].x0, bb[i].x1)).collect();
        xs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let right = xs.iter().map(|c| c.1).fold(f32::MIN, f32::max);
        let between: Vec<usize> = (0..n)
            .filter(|c| !m.contains(c) && !om.contains(c))
            .filter(|&c| bb[c].y0 < lo && bb[c].y1 > hi)
            .collect();
        // All in the same column: text columns have text in each.
        !between.is_empty()
            && xs.iter().enumerate().any(|(j, &(x0, _))| {
                let end = xs.get(j + 1).map_or(right, |n| n.0);
                between
                    .iter()
                    .all(|&c| bb[c].x0 >= x0 - 3.0 && bb[c].x1 <= end + 0.5)
            })
    };
    let nb = bands.len();
    let mut chain: Vec<usize> = (0..nb).collect();
    let mut twin = vec![false; nb];
    for (k, (_, members, top, bottom)) in bands.iter().enumerate() {
        let mine = cols(members);
        let s = members.iter().map(|&m| sz[m]).fold(0.0, f32::max);
        for (j, (_, om, ot, ob)) in bands.iter().enumerate() {
            let theirs = cols(om);
            // Same columns, or one row's columns among the other's (a justified cell's last
            // word, pushed to the cell's right edge, can stand apart).
            let (few, many) = if theirs.len() <= mine.len() {
                (&theirs, &mine)
            } else {
                (&mine, &theirs)
            };
            if j != k
                && few.len() >= 2
                && many.len() <= few.len() + 1
                && among(few, many)
                && ((ot - bottom).abs().min((top - ob).abs()) <= 3.0 * s
                    || only_cells_between(members, *top, *bottom, om, *ot, *ob))
            {
                twin[k] = true;
                let (ra, rb) = (find(&mut chain, k), find(&mut chain, j));
                chain[ra] = rb;
            }
        }
    }
    // A run of rows flanked, just above and just below, by blocks that each keep to one of its
    // columns is a coincidence of two text columns (paragraphs that happened to line up), not
    // a table: a table's first and last rows are bands too.
    let mut runs: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, &t) in twin.iter().enumerate() {
        if t {
            let r = find(&mut chain, k);
            runs.entry(r).or_default().push(k);
        }
    }
    for run in runs.values() {
        let members: Vec<usize> = run.iter().flat_map(|&k| bands[k].1.clone()).collect();
        let top = run.iter().map(|&k| bands[k].2).fold(f32::MAX, f32::min);
        let bottom = run.iter().map(|&k| bands[k].3).fold(f32::MIN, f32::max);
        let s = members.iter().map(|&m| sz[m]).fold(0.0, f32::max);
        // One column per member of the first band: its x-range.
        let first = &bands[run[0]].1;
        let flanked = |above: bool| {
            first.iter().all(|&m| {
                (0..n)
                    .filter(|c| !members.contains(c))
                    .filter(|&c| x_overlap(&bb[c], &bb[m]) > 0.5)
                    .filter(|&c| {
                        // Keeps to this column: overlaps no other column.
                        first
                            .iter()
                            .all(|&o| o == m || x_overlap(&bb[c], &bb[o]) <= 0.5)
                    })
                    .any(|c| {
                        if above {
                            bb[c].y1 <= top + 0.5 * s && bb[c].y1 >= top - 2.5 * s
                        } else {
                            bb[c].y0 >= bottom - 0.5 * s && bb[c].y0 <= bottom + 2.5 * s
                        }
                    })
            })
        };
        // Nothing at all above (or below) in its columns: the run sits at the page's edge.
        let empty = |above: bool| {
            !(0..n).any(|c| {
                !members.contains(&c)
                    && first.iter().any(|&m| x_overlap(&bb[c], &bb[m]) > 0.5)
                    && if above {
                        bb[c].y1 <= top + 0.5 * s
                    } else {
                        bb[c].y0 >= bottom - 0.5 * s
                    }
            })
        };
        let (fa, fb) = (flanked(true), flanked(false));
        // At the page's edge, flanked on the other side: a coincidence too when the run is short.
        let short = run.len() <= 2;
        if (fa && fb) || (short && ((fa && empty(false)) || (fb && empty(true)))) {
            continue;
        }
        // Text flowing down two columns: in every column, each cell goes on with the sentence
        // of the cell above it (that one stops mid-sentence, this one opens in lower case).
        // A table's cells stand on their own.
        let mut order: Vec<usize> = run.clone();
        order.sort_by(|a, b| bands[*a].2.total_cmp(&bands[*b].2));
        let flows = order.len() >= 2
            && first.iter().all(|&m| {
                let column: Vec<usize> = order
                    .iter()
                    .filter_map(|&k| {
                        bands[k]
                            .1
                            .iter()
                            .copied()
                            .find(|&c| x_overlap(&bb[c], &bb[m]) > 0.5)
                    })
                    .collect();
                column.len() == order.len()
                    && column
                        .windows(2)
                        .all(|w| runs_on(&blocks[w[0]], &blocks[w[1]]))
            });
        if flows {
            continue;
        }
        for &k in run {
            for &m in &bands[k].1 {
                is_row[m] = Some(bands[k].0);
            }
        }
    }
    let mut out: Vec<RawBlock> = Vec::new();
    let mut rows: HashMap<usize, Vec<RawBlock>> = HashMap::new();
    for (i, b) in blocks.into_iter().enumerate() {
        match is_row[i] {
            Some(g) => rows.entry(g).or_default().push(b),
            None => out.push(b),
        }
    }
    // In a fixed order (the map's is random), so that reading order ties break the same way.
    let mut rows: Vec<(usize, Vec<RawBlock>)> = rows.into_iter().collect();
    rows.sort_by_key(|r| r.0);
    for (_, mut cells) in rows {
        cells.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let bbox = cells
            .iter()
            .skip(1)
            .fold(cells[0].bbox, |acc, c| acc.union(&c.bbox));
        out.push(RawBlock {
            lines: Vec::new(),
            bbox,
            cells,
        });
    }
    out
}

/// Whether `line` is a short title in capitals (`PREAMBULE`, `LES ENJEUX`).
fn is_caps_title(line: &Line) -> bool {
    if line.words.len() > 8 {
        return false;
    }
    let text = line.text();
    let t = text.trim();
    !t.is_empty()
        && t.starts_with(char::is_alphanumeric)
        && !t.ends_with(['.', ',', ';'])
        && pactes_doc::text::is_upper_case(t)
}

/// Whether `line` is set in capitals, three words or more (`AXE 1 : PROPOSER DES PARCOURS
/// QUALI-`): a title's line, not a paragraph's.
fn caps_line(line: &Line) -> bool {
    line.words.len() >= 3 && pactes_doc::text::is_upper_case(&line.text())
}

/// Whether `line` opens with an outline number: roman numerals or figures, possibly in levels
/// (`V)`, `V.1)`, `2.`, `1-1.2`, `3 -`), or a lower-case letter closed by a parenthesis (`b)`).
/// Not a year or an amount (`2019-2022`, `1 500`).
fn opens_with_number(line: &Line) -> bool {
    let mut words = line.words.iter().map(|w| w.text.trim());
    let Some(first) = words.next() else {
        return false;
    };
    let closes = |c: char| matches!(c, ')' | '.' | '-' | '–');
    let (head, closed) = match first.char_indices().last() {
        Some((i, c)) if closes(c) => (&first[..i], true),
        _ => (
            first,
            words.next().is_some_and(|w| matches!(w, "-" | "–" | ")")),
        ),
    };
    let level = |p: &str| {
        let n = p.chars().count();
        (1..=4).contains(&n) && p.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
            || (1..=2).contains(&n) && p.chars().all(|c| c.is_ascii_digit())
    };
    let letter = head.chars().count() == 1
        && head.chars().all(|c| c.is_ascii_lowercase())
        && first.ends_with(')');
    let levels: Vec<&str> = head.split(['.', '-']).collect();
    let numbered = !head.is_empty() && levels.iter().all(|p| level(p));
    closed && (letter || numbered) || numbered && levels.len() >= 2
}

/// Whether `line` holds lower-case letters beyond its capitals (a paragraph's line).
fn has_lower_case(line: &Line) -> bool {
    let t = line.text();
    t.chars().any(char::is_lowercase) && !pactes_doc::text::is_upper_case(&t)
}

/// Whether `line` ends a sentence (or announces what follows).
fn ends_sentence(line: &Line) -> bool {
    line.words
        .last()
        .and_then(|w| w.text.trim_end().chars().last())
        .is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | ';'))
}

/// Whether block `b` goes on with the sentence that block `a` leaves unfinished.
fn runs_on(a: &RawBlock, b: &RawBlock) -> bool {
    let open = a
        .lines
        .last()
        .and_then(|l| l.words.last())
        .and_then(|w| w.text.trim_end().chars().last())
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '\u{2010}' | '\u{ad}'));
    let lower = b
        .lines
        .first()
        .and_then(|l| l.words.first())
        .and_then(|w| w.text.trim_start().chars().next())
        .is_some_and(char::is_lowercase);
    open && lower
}

/// Reading order of blocks (Breuel): `a` before `b` when they overlap horizontally and `a` is
/// above, or when `a` is left of `b` and no block between them vertically spans both.
pub(crate) fn reading_order(blocks: &[RawBlock]) -> Vec<usize> {
    let n = blocks.len();
    if n <= 1 {
        return (0..n).collect();
    }
    let bb: Vec<BBox> = blocks.iter().map(|b| b.bbox).collect();
    let cy = |b: &BBox| (b.y0 + b.y1) / 2.0;
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    let tol = 1.0;
    let exhaustive = n <= 400;
    for a in 0..n {
        for b in 0..n {
            if a == b {
                continue;
            }
            let (pa, pb) = (&bb[a], &bb[b]);
            let before = if x_overlap(pa, pb) > tol {
                cy(pa) < cy(pb) || (cy(pa) == cy(pb) && a < b)
            } else if pa.x1 <= pb.x0 + tol && exhaustive {
                let (lo, hi) = (pa.y0.min(pb.y0), pa.y1.max(pb.y1));
                let _ = (lo, hi);
                let (ylo, yhi) = if cy(pa) < cy(pb) {
                    (pa.y1, pb.y0)
                } else {
                    (pb.y1, pa.y0)
                };
                !(0..n).any(|c| {
                    c != a
                        && c != b
                        && x_overlap(&bb[c], pa) > tol
                        && x_overlap(&bb[c], pb) > tol
                        && cy(&bb[c]) > ylo.min(yhi)
                        && cy(&bb[c]) < ylo.max(yhi)
                })
            } else {
                false
            };
            if before {
                succ[a].push(b);
                indeg[b] += 1;
            }
        }
    }
    // Kahn's algorithm, smallest (top, left) first; cycles broken the same way.
    let key = |i: usize| {
        (
            std::cmp::Reverse(ord_f32(bb[i].y0)),
            std::cmp::Reverse(ord_f32(bb[i].x0)),
            std::cmp::Reverse(i),
        )
    };
    let mut heap: BinaryHeap<_> = (0..n).filter(|&i| indeg[i] == 0).map(key).collect();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    while order.len() < n {
        let next = match heap.pop() {
            Some((_, _, std::cmp::Reverse(i))) => i,
            None => match (0..n).filter(|&i| !done[i]).min_by_key(|&i| {
                let k = key(i);
                (k.0 .0, k.1 .0, i)
            }) {
                Some(i) => i,
                None => break,
            },
        };
        if done[next] {
            continue;
        }
        done[next] = true;
        order.push(next);
        for &s in &succ[next] {
            indeg[s] = indeg[s].saturating_sub(1);
            if indeg[s] == 0 && !done[s] {
                heap.push(key(s));
            }
        }
    }
    order
}

fn ord_f32(f: f32) -> i64 {
    (f * 100.0).round() as i64
}

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
    fn shy_drawn(&self) -> bool {
        self.inner_shy >= 2
    }
}

/// The hyphens a line may end on at a break: hyphen-minus, hyphen, non-breaking hyphen.
const LINE_END_HYPHENS: [char; 3] = ['-', '\u{2010}', '\u{2011}'];

/// Whether `c` marks a word cut at a line end: a drawn hyphen or a discretionary one.
fn is_break_mark(c: char) -> bool {
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
fn drop_break(s: &mut String) {
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
    fn has(&self, w: &str) -> bool {
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
fn hyphen_join(prev: &str, next: &str, lex: &Lexicon) -> Option<bool> {
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

/// Dominant body font size of the document (by characters).
pub(crate) fn body_size(pages: &[Vec<RawBlock>]) -> f32 {
    let mut hist: HashMap<i32, usize> = HashMap::new();
    for p in pages {
        for b in p {
            for l in &b.lines {
                let n: usize = l.words.iter().map(|w| w.chars).sum();
                *hist.entry((l.size * 2.0).round() as i32).or_default() += n;
            }
        }
    }
    hist.into_iter()
        .max_by_key(|&(k, n)| (n, -k))
        .map_or(10.0, |(k, _)| k as f32 / 2.0)
}

/// Final blocks of a page: text joined, kind decided.
pub(crate) fn finish_block(b: &RawBlock, page: u32, lex: &Lexicon, body: f32) -> Block {
    if !b.cells.is_empty() {
        let cells: Vec<Block> = b
            .cells
            .iter()
            .map(|c| finish_block(c, page, lex, body))
            .collect();
        let text = cells
            .iter()
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join(CELL_SEPARATOR);
        let mut sizes: Vec<f32> = cells.iter().map(|c| c.font_size).collect();
        return Block {
            page,
            bbox: b.bbox,
            font_size: median(&mut sizes),
            bold: cells.iter().all(|c| c.bold),
            kind: BlockKind::TableRow,
            text,
        };
    }
    let texts: Vec<String> = b.lines.iter().map(Line::text).collect();
    let text = nfc(&join_lines(&texts, lex));
    let mut sizes: Vec<f32> = b.lines.iter().map(|l| l.size).collect();
    let size = median(&mut sizes);
    let (bc, nc) = b
        .lines
        .iter()
        .flat_map(|l| &l.words)
        .fold((0, 0), |(b, n), w| (b + w.bold_chars, n + w.chars));
    let bold = nc > 0 && bc * 2 > nc;
    // a dash standing alone at a block's start marks a list item as a bullet does
    let first_bullet = b
        .lines
        .first()
        .is_some_and(|l| l.bullet || opens_with_dash(l));
    let kind = if first_bullet {
        BlockKind::ListItem
    } else if b.lines.len() <= 3
        && text.chars().count() <= 200
        && (size >= 1.12 * body || (bold && size >= 0.95 * body))
    {
        BlockKind::HeadingCandidate
    } else {
        BlockKind::Paragraph
    };
    Block {
        page,
        bbox: b.bbox,
        font_size: size,
        bold,
        kind,
        text,
    }
}

/// Assembles the document's pages from their lines.
pub(crate) fn assemble(pages: Vec<PageLines>) -> Vec<Page> {
    use rayon::prelude::*;
    let marks = furniture(&pages);
    let mut lex = Lexicon::default();
    for p in &pages {
        // A line under one that ends with a hyphen starts with the rest of a split word: its
        // first token is not evidence that the fragment is a word ("po-" / "tentiels").
        let hyphen_ends: Vec<&Line> = p
            .lines
            .iter()
            .filter(|l| {
                l.words
                    .last()
                    .is_some_and(|w| w.text.ends_with(is_break_mark))
            })
            .collect();
        for l in &p.lines {
            let continued = hyphen_ends.iter().any(|h| {
                l.base > h.base
                    && l.base - h.base <= 2.6 * h.size.max(l.size)
                    && x_overlap(&h.bbox, &l.bbox) > 0.0
            });
            lex.add_line_from(&l.text(), usize::from(continued));
        }
    }
    type Laid = (PageLines, Vec<String>, Vec<String>, Vec<RawBlock>);
    let laid: Vec<Laid> = pages
        .into_par_iter()
        .zip(marks)
        .map(|(mut p, m)| {
            let mut header = Vec::new();
            let mut footer = Vec::new();
            let mut body = Vec::new();
            for (l, mark) in std::mem::take(&mut p.lines).into_iter().zip(m) {
                match mark {
                    Some(true) => header.push((l.base, l.bbox.x0, l.text())),
                    Some(false) => footer.push((l.base, l.bbox.x0, l.text())),
                    None => body.push(l),
                }
            }
            header.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            footer.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let blocks = blocks(body);
            if std::env::var("PACTES_DEBUG_PAGE").ok() == Some(p.number.to_string()) {
                for b in &blocks {
                    let t: Vec<String> = b
                        .lines
                        .iter()
                        .map(|l| format!("{:.1}/{:.1}:{}", l.base, l.size, l.text()))
                        .collect();
                    eprintln!(
                        "BLOCK [{:.0},{:.0},{:.0},{:.0}] {}",
                        b.bbox.x0,
                        b.bbox.y0,
                        b.bbox.x1,
                        b.bbox.y1,
                        t.join(" ¶ ")
                    );
                }
            }
            let blocks = table_rows(blocks);
            let order = reading_order(&blocks);
            let mut ordered = Vec::with_capacity(blocks.len());
            let mut blocks: Vec<Option<RawBlock>> = blocks.into_iter().map(Some).collect();
            for i in order {
                if let Some(b) = blocks[i].take() {
                    ordered.push(b);
                }
            }
            (
                p,
                header.into_iter().map(|h| h.2).collect(),
                footer.into_iter().map(|f| f.2).collect(),
                ordered,
            )
        })
        .collect();
    let raw: Vec<Vec<RawBlock>> = laid.iter().map(|x| x.3.clone()).collect();
    let body = body_size(&raw);
    let mut pages: Vec<Page> = laid
        .into_iter()
        .map(|(p, header, footer, blocks)| Page {
            number: p.number,
            width: p.width,
            height: p.height,
            blocks: blocks
                .iter()
                .map(|b| finish_block(b, p.number, &lex, body))
                .filter(|b| !b.text.is_empty())
                .collect(),
            header,
            footer,
        })
        .collect();
    rejoin_across_blocks(&mut pages, &lex);
    pages
}

/// A word hyphenated at the end of a block (a column or a page ends there) continues at the
/// start of the next block in reading order: the whole word goes to the first block.
/// A table row that ends a page with one cell's word cut by a hyphen (`… additionnels cor-`),
/// and the next page opening in lower case within the table's width on the rest of that cell
/// (`respondant aux nouvelles compétences…`): the row's text with the cell made whole. Only
/// when exactly one cell ends on a hyphenation break: which cell text ending mid-sentence goes
/// on is otherwise unknown.
fn cell_continued(row: &Block, next: &Block, lex: &Lexicon) -> Option<String> {
    if !next.text.starts_with(|c: char| c.is_lowercase())
        || next.bbox.x0 < row.bbox.x0 - 1.0
        || next.bbox.x1 > row.bbox.x1 + 1.0
    {
        return None;
    }
    let cells: Vec<&str> = row.text.split(CELL_SEPARATOR).collect();
    let broken: Vec<usize> = (0..cells.len())
        .filter(|&i| hyphen_join(cells[i], &next.text, lex) == Some(true))
        .collect();
    let [i] = broken[..] else {
        return None;
    };
    let mut cell = cells[i].to_string();
    drop_break(&mut cell);
    cell.push_str(&next.text);
    let mut out: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
    out[i] = cell;
    Some(out.join(CELL_SEPARATOR))
}

fn rejoin_across_blocks(pages: &mut [Page], lex: &Lexicon) {
    let mut idx: Vec<(usize, usize)> = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        for bi in 0..p.blocks.len() {
            idx.push((pi, bi));
        }
    }
    for w in idx.windows(2) {
        let ((pa, ba), (pb, bb)) = (w[0], w[1]);
        let prev = &pages[pa].blocks[ba];
        let next = &pages[pb].blocks[bb];
        if prev.kind == BlockKind::TableRow && next.kind != BlockKind::TableRow && pb == pa + 1 {
            if let Some(text) = cell_continued(prev, next, lex) {
                pages[pa].blocks[ba].text = text;
                pages[pb].blocks[bb].text.clear();
            }
            continue;
        }
        if prev.kind == BlockKind::TableRow || next.kind == BlockKind::TableRow {
            continue;
        }
        if !next.text.starts_with(|c: char| c.is_lowercase()) {
            continue;
        }
        let Some(glue) = hyphen_join(&prev.text, &next.text, lex) else {
            continue;
        };
        let next_text = next.text.clone();
        let (first, rest) = match next_text.split_once(' ') {
            Some((f, r)) => (f.to_string(), r.to_string()),
            None => (next_text.clone(), String::new()),
        };
        let prev = &mut pages[pa].blocks[ba];
        if glue {
            drop_break(&mut prev.text);
        }
        prev.text.push_str(&first);
        pages[pb].blocks[bb].text = rest;
    }
    for p in pages.iter_mut() {
        p.blocks.retain(|b| !b.text.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(text: &str) -> Lexicon {
        let mut l = Lexicon::default();
        for line in text.lines() {
            l.add_line_from(line, 0);
        }
        l
    }

    /// Two lines joined with `lex`'s vocabulary.
    fn join2(lex: &Lexicon, a: &str, b: &str) -> String {
        join_lines(&[a.to_string(), b.to_string()], lex)
    }

    #[test]
    fn a_table_cell_cut_by_a_page_break_and_a_hyphen_is_made_whole() {
        let l = lex("les compléments correspondant aux besoins\nle temps partiel");
        let block = |kind, x0: f32, x1: f32, text: &str| Block {
            page: 1,
            bbox: BBox {
                x0,
                y0: 700.0,
                x1,
                y1: 750.0,
            },
            font_size: 10.0,
            bold: false,
            kind,
            text: text.to_string(),
        };
        let row = block(
            BlockKind::TableRow,
            61.0,
            534.0,
            "AXE 1 | 2019 | des compléments cor- | Région : le temps partiel",
        );
        let rest = block(
            BlockKind::Paragraph,
            178.0,
            368.0,
            "respondant aux besoins. - Nouveau",
        );
        assert_eq!(
            cell_continued(&row, &rest, &l).as_deref(),
            Some("AXE 1 | 2019 | des compléments correspondant aux besoins. - Nouveau | Région : le temps partiel")
        );
        // not when the next page opens outside the table, or on a capital, or when two cells
        // end on a cut word
        let wide = block(BlockKind::Paragraph, 40.0, 560.0, "respondant aux besoins.");
        assert_eq!(cell_continued(&row, &wide, &l), None);
        let capital = block(
            BlockKind::Paragraph,
            178.0,
            368.0,
            "Respondant aux besoins.",
        );
        assert_eq!(cell_continued(&row, &capital, &l), None);
        let two = block(
            BlockKind::TableRow,
            61.0,
            534.0,
            "AXE 1 | des compléments cor- | le cor-",
        );
        assert_eq!(cell_continued(&two, &rest, &l), None);
    }

    #[test]
    fn dehyphenation() {
        let l = lex("les compétences\nsous la main\nle sous-main\nen Île-de-France");
        let j = |a: &str, b: &str| join2(&l, a, b);
        assert_eq!(j("des compé-", "tences utiles"), "des compétences utiles");
        assert_eq!(j("un sous-", "main"), "un sous-main");
        assert_eq!(j("en Île-de-", "France"), "en Île-de-France");
        assert_eq!(j("période 2019-", "2022"), "période 2019-2022");
        assert_eq!(j("forma-", "tion continue"), "formation continue");
        // the word broken is the last of an elision or of a slash list
        assert_eq!(
            j("objectifs de l’ac-", "tion – effets"),
            "objectifs de l’action – effets"
        );
        assert_eq!(
            j("public/secteur d’activité/terri-", "toire-bassin visé"),
            "public/secteur d’activité/territoire-bassin visé"
        );
        assert_eq!(
            j("cousue main, co-", "construite"),
            "cousue main, co-construite"
        );
        assert_eq!(j("les plus-", "values"), "les plus-values");
        assert_eq!(j("un avant-", "projet"), "un avant-projet");
        assert_eq!(j("un texte", "suivi"), "un texte suivi");
        assert_eq!(j("un tiret -", "suivi"), "un tiret - suivi");
        // Capitals: joined when the joined word is known, kept otherwise.
        assert_eq!(j("RÉGION COMPÉ-", "TENCES"), "RÉGION COMPÉTENCES");
        assert_eq!(j("PAYS-DE-LA-", "LOIRE"), "PAYS-DE-LA-LOIRE");
        // capitals without their accents are the word with them
        assert_eq!(j("LES COMPE-", "TENCES"), "LES COMPETENCES");
        // never seen whole: a break after an open syllable that is no word, a compound's
        // hyphen otherwise (or by an acronym)
        assert_eq!(
            j("SELON 3 NIVEAUX DE TEMPO-", "RALITE"),
            "SELON 3 NIVEAUX DE TEMPORALITE"
        );
        assert_eq!(j("LES COMPA-", "TENCES"), "LES COMPATENCES");
        assert_eq!(j("VILLE DE SAINT-", "NAZAIRE"), "VILLE DE SAINT-NAZAIRE");
        assert_eq!(j("LES TPE-", "PME"), "LES TPE-PME");
    }

    #[test]
    fn a_producer_drawing_its_hyphens_as_soft_hyphens_keeps_them() {
        // Typst gives its hyphen glyph U+00AD: inside words (`ci\u{ad}avant`) as at line ends,
        // for the words' own hyphens as for its hyphenation breaks
        let text =
            "le document ci\u{ad}avant et un accord\u{ad}cadre\nla formation en rendez\u{ad}vous";
        let l = lex(text);
        assert!(l.shy_drawn());
        let j = |a: &str, b: &str| join2(&l, a, b);
        assert_eq!(
            j("la Région Hauts\u{ad}de\u{ad}", "France"),
            "la Région Hauts-de-France"
        );
        assert_eq!(j("un rendez\u{ad}", "vous"), "un rendez-vous");
        assert_eq!(j("la forma\u{ad}", "tion"), "la formation");
        assert_eq!(
            join_lines(&["le ci\u{ad}avant".to_string()], &l),
            "le ci-avant"
        );
        // elsewhere a line-end U+00AD marks a hyphenation break, whatever follows
        let l = lex("la formation\nla Région");
        assert!(!l.shy_drawn());
        assert_eq!(join2(&l, "les Hauts\u{ad}", "France"), "les HautsFrance");
        assert_eq!(join2(&l, "la forma\u{ad}", "tion"), "la formation");
    }

    #[test]
    fn dehyphenation_of_typeset_text() {
        let l = lex("une démarche structurelle\nla suite\nles prises de poste\nun haut niveau\nle commissaire");
        let j = |a: &str, b: &str| join2(&l, a, b);
        // A derivational ending is not a word of its own, even when both halves are words.
        assert_eq!(j("structurelle-", "ment marqué"), "structurellement marqué");
        // A fragment of one or two letters is a syllable unless it is a known prefix.
        assert_eq!(j("effectue en-", "suite une"), "effectue ensuite une");
        assert_eq!(j("de re-", "prises"), "de reprises");
        assert_eq!(j("bien au-", "delà"), "bien au-delà");
        // Two words on either side of the break: a compound.
        assert_eq!(j("le haut-", "commissaire"), "le haut-commissaire");
        // A slash list is not a URL; a URL keeps its hyphens.
        assert_eq!(j("santé/numérique/tra-", "vail"), "santé/numérique/travail");
        assert_eq!(j("sur www.pacte-", "region.fr"), "sur www.pacte-region.fr");

        // A producer that draws its breaks with U+2010 (after a discretionary hyphen or not)
        // while the words' own hyphens are hyphen-minus: those breaks join, and a line-end
        // hyphen-minus is the word's own.
        let marked = "au quo\u{ad}\u{2010}\ntidien\nla forma\u{2010}\ntion\nles compé\u{ad}\u{2010}\ntences\nun agro\nalimentaire en Île-de-France";
        let l = lex(marked);
        assert!(!l.has("quo"), "a fragment before a break is not a word");
        let j = |a: &str, b: &str| join2(&l, a, b);
        assert_eq!(j("au quo\u{ad}\u{2010}", "tidien"), "au quotidien");
        assert_eq!(j("ont été pré\u{2010}", "sentés"), "ont été présentés");
        assert_eq!(j("pour co\u{2010}", "opérer"), "pour coopérer");
        assert_eq!(j("le haut-", "commissaire"), "le haut-commissaire");
        assert_eq!(
            j("secteur agro-", "alimentaire"),
            "secteur agro-alimentaire"
        );
        let unmarked = lex("la filière alimentaire");
        assert_eq!(
            join2(&unmarked, "secteur agro-", "alimentaire"),
            "secteur agroalimentaire"
        );
    }

    /// Glyphs of `words` (6 pt a character from `x`, one space between words), drawn in the
    /// word order `order`.
    fn drawn(x: f32, words: &[&str], order: &[usize]) -> Vec<Glyph> {
        let mut placed = Vec::new();
        let mut at = x;
        for w in words {
            let glyphs: Vec<(f32, char)> = w
                .chars()
                .enumerate()
                .map(|(i, c)| (at + 6.0 * i as f32, c))
                .collect();
            at += 6.0 * (w.chars().count() + 1) as f32;
            placed.push(glyphs);
        }
        let mut seq = 0;
        let mut out = Vec::new();
        for &k in order {
            for &(gx, c) in &placed[k] {
                out.push(Glyph {
                    text: c.to_string(),
                    x0: gx,
                    x1: gx + 6.0,
                    base: 100.0,
                    size: 10.0,
                    bold: false,
                    seq,
                });
                seq += 1;
            }
        }
        out
    }

    #[test]
    fn tracks_split_overprinted_text_not_words_drawn_out_of_order() {
        let words = ["la", "formation", "de", "tous", "les", "publics"];
        // Drawn out of order: runs jump over words drawn later, but no glyph overprints one.
        for order in [[0, 1, 2, 3, 4, 5], [0, 2, 4, 1, 3, 5], [5, 3, 1, 4, 2, 0]] {
            let t = tracks(drawn(50.0, &words, &order));
            assert_eq!(t.len(), 1, "{order:?}");
        }
        // `fin` drawn right after `à`, `la` (between them) last: one run spans `la`'s place.
        assert_eq!(
            tracks(drawn(50.0, &["à", "la", "fin"], &[0, 2, 1])).len(),
            1
        );
        // Two strings on one baseline, the second printed over the first: two tracks.
        let mut g = drawn(50.0, &["une", "adresse", "longue"], &[0, 1, 2]);
        let n = g.len() as u32;
        g.extend(
            drawn(80.0, &["colonne", "voisine"], &[0, 1])
                .into_iter()
                .map(|mut h| {
                    h.seq += n;
                    h
                }),
        );
        assert_eq!(tracks(g).len(), 2);
        // `IV.3) Tableau` drawn as `IV` `a-` then `.3) T`: the kerned `V.` and `Ta` overlap
        // by half of `.` and a fifth of `a`: one track
        let glyph = |text: &str, x0: f32, x1: f32, seq: u32| Glyph {
            text: text.into(),
            x0,
            x1,
            base: 100.0,
            size: 10.0,
            bold: false,
            seq,
        };
        let row = vec![
            glyph("I", 468.1, 471.4, 0),
            glyph("V", 471.4, 478.6, 1),
            glyph("a", 496.2, 500.7, 2),
            glyph("-", 500.7, 504.0, 3),
            glyph(".", 477.3, 479.8, 10),
            glyph("3", 479.8, 484.8, 11),
            glyph(")", 484.8, 488.2, 12),
            glyph("T", 490.9, 497.0, 13),
        ];
        assert_eq!(tracks(row).len(), 1);
        // TeX's `↪→` drawn as two overlapping glyphs, the second after the words that follow:
        // a glyph by itself is a piece of a composed sign, not a text printed over the row
        let row = vec![
            glyph("↪", 100.0, 110.0, 0),
            glyph("H", 114.0, 120.0, 1),
            glyph("u", 120.0, 125.0, 2),
            glyph("b", 125.0, 130.0, 3),
            glyph("→", 104.0, 114.0, 9),
        ];
        assert_eq!(tracks(row).len(), 1);
    }

    /// Glyphs of `words` set from `x` on baseline `base` with `space` between words (6 pt
    /// per letter, 10 pt type).
    fn set_line(x: f32, base: f32, words: &[&str], space: f32, seq: &mut u32) -> Vec<Glyph> {
        let mut at = x;
        let mut out = Vec::new();
        for w in words {
            for c in w.chars() {
                out.push(Glyph {
                    text: c.to_string(),
                    x0: at,
                    x1: at + 6.0,
                    base,
                    size: 10.0,
                    bold: false,
                    seq: *seq,
                });
                *seq += 1;
                at += 6.0;
            }
            at += space;
        }
        out
    }

    /// Two text columns of short paragraphs (two lines at a 12 pt pitch, 6 pt between
    /// paragraphs), the right one set `offset` pt lower, as blocks after `table_rows`.
    fn two_columns_of_short_paragraphs(offset: f32) -> Vec<RawBlock> {
        let mut seq = 0;
        let mut g = Vec::new();
        let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"];
        for (x, dy) in [(60.0, 0.0), (330.0, offset)] {
            for k in 0..6 {
                let base = 100.0 + dy + 30.0 * k as f32;
                g.extend(set_line(x, base, &full, 6.0, &mut seq));
                g.extend(set_line(x, base + 12.0, &["fin."], 6.0, &mut seq));
            }
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        table_rows(blocks(p.lines))
    }

    /// `set_line` in proportional type: each glyph 5, 6 or 7 pt wide.
    fn set_prop_line(x: f32, base: f32, words: &[&str], space: f32, seq: &mut u32) -> Vec<Glyph> {
        let mut g = set_line(0.0, base, words, 0.0, seq);
        let mut at = x;
        let mut i = 0;
        for w in words {
            for c in w.chars() {
                let width = 5.0 + (c as u32 % 3) as f32;
                g[i].x0 = at;
                g[i].x1 = at + width;
                at += width;
                i += 1;
            }
            at += space;
        }
        g
    }

    /// The texts of the line segments of `p` on baseline `base`, left to right.
    fn texts_at(p: &PageLines, base: f32) -> Vec<String> {
        p.lines
            .iter()
            .filter(|l| l.base == base)
            .map(|l| l.text())
            .collect()
    }

    #[test]
    fn cells_less_than_an_em_apart_are_told_apart() {
        // a tight table: the dash that ends the first line of `Été - Hiver` comes within 7 pt
        // of the next cell, whose second line is 23 pt from `Hiver`: the whitespace before
        // that cell runs through every row only in its last half em
        let mut seq = 0;
        let mut g = Vec::new();
        for k in 0..4 {
            let b = 100.0 + 40.0 * k as f32;
            g.extend(set_prop_line(93.0, b, &["Été"], 3.0, &mut seq));
            g.extend(set_prop_line(132.0, b, &["-"], 3.0, &mut seq));
            g.extend(set_prop_line(93.0, b + 12.0, &["Hiver"], 3.0, &mut seq));
            g.extend(set_prop_line(144.0, b, &["Assurer", "un"], 3.0, &mut seq));
            g.extend(set_prop_line(
                144.0,
                b + 12.0,
                &["suivi", "pendant"],
                3.0,
                &mut seq,
            ));
        }
        // a paragraph across the page further down: no page-wide gutter runs there
        let words = [
            "Le",
            "pacte",
            "régional",
            "finance",
            "des",
            "parcours",
            "qualifiants",
        ];
        for k in 0..12 {
            g.extend(set_prop_line(
                60.0,
                400.0 + 12.0 * k as f32,
                &words,
                3.0,
                &mut seq,
            ));
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        for k in 0..4 {
            let base = 112.0 + 40.0 * k as f32;
            let texts = texts_at(&p, base);
            assert_eq!(texts, vec!["Hiver", "suivi pendant"], "row {k}");
        }
    }

    #[test]
    fn a_tables_last_row_at_the_foot_of_a_page_keeps_its_cells_apart() {
        // a title across the page, a header row, then one row of two cells at the foot of the
        // page: its first cell justified (6.3 pt spaces) 6.8 pt from the second, whose left
        // edge the header's second cell and the row's second line share
        let mut seq = 0;
        let mut g = Vec::new();
        let title = [
            "AMPLIFIER",
            "ET",
            "TRANSFORMER",
            "LES",
            "PARCOURS",
            "VERS",
            "EMPLOI",
        ];
        g.extend(set_prop_line(63.0, 700.0, &title, 3.0, &mut seq));
        let first = set_prop_line(
            67.0,
            738.0,
            &["Amplifier", "les", "réponses", "aux"],
            6.3,
            &mut seq,
        );
        let x = first.iter().map(|g| g.x1).fold(0.0, f32::max) + 6.8;
        g.extend(first);
        g.extend(set_prop_line(67.0, 721.0, &["Phases"], 3.0, &mut seq));
        g.extend(set_prop_line(x, 721.0, &["Description"], 3.0, &mut seq));
        g.extend(set_prop_line(
            x,
            738.0,
            &["Dès", "2019,", "le", "Pacte"],
            3.8,
            &mut seq,
        ));
        g.extend(set_prop_line(
            67.0,
            749.0,
            &["métiers", "en", "tension"],
            2.4,
            &mut seq,
        ));
        g.extend(set_prop_line(
            x,
            749.0,
            &["notamment", "dans", "les"],
            3.8,
            &mut seq,
        ));
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        let texts = texts_at(&p, 738.0);
        assert_eq!(
            texts,
            vec!["Amplifier les réponses aux", "Dès 2019, le Pacte"]
        );
    }

    #[test]
    fn a_justified_cells_last_word_pushed_to_the_next_cell_stays_in_its_cell() {
        // under a header row, a narrow first cell justified: `Recueillir et`, `mutualiser
        // du` spread to the cell's right edge (150), 7 pt from the second cell, then
        // `ressources`; the whitespace after `Recueillir` runs down the cell's lines
        let mut seq = 0;
        let mut g = Vec::new();
        let cell = |base: f32, a: &str, b: &str, seq: &mut u32| {
            let mut first = set_prop_line(67.0, base, &[a], 3.0, seq);
            let mut last = set_prop_line(0.0, base, &[b], 3.0, seq);
            let w = last.iter().map(|g| g.x1).fold(0.0, f32::max);
            for g in &mut last {
                g.x0 += 150.0 - w;
                g.x1 += 150.0 - w;
            }
            first.extend(last);
            first
        };
        g.extend(set_prop_line(67.0, 88.0, &["Phases"], 3.0, &mut seq));
        g.extend(set_prop_line(157.0, 88.0, &["Description"], 3.0, &mut seq));
        g.extend(cell(100.0, "Recueillir", "et", &mut seq));
        g.extend(cell(112.0, "mutualiser", "du", &mut seq));
        g.extend(set_prop_line(67.0, 124.0, &["ressources"], 3.0, &mut seq));
        let words = ["De", "manière", "concrète", "il", "s'agit"];
        for k in 0..6 {
            g.extend(set_prop_line(
                157.0,
                100.0 + 12.0 * k as f32,
                &words,
                3.0,
                &mut seq,
            ));
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        let texts = texts_at(&p, 100.0);
        assert_eq!(
            texts,
            vec!["Recueillir et", "De manière concrète il s'agit"]
        );
    }

    #[test]
    fn rows_whose_cells_are_padded_differently_are_one_table() {
        // two rows of four columns; the third and fourth cells' text starts 6 and 18 pt
        // further left or right from one row to the other (centred or padded cells), their
        // x-ranges overlapping
        let mut seq = 0;
        let mut g = Vec::new();
        for (k, (x3, x4)) in [(178.0, 377.0), (172.0, 395.0)].into_iter().enumerate() {
            let b = 100.0 + 60.0 * k as f32;
            g.extend(set_prop_line(61.0, b, &["AXE"], 3.0, &mut seq));
            g.extend(set_prop_line(61.0, b + 12.0, &["1"], 3.0, &mut seq));
            g.extend(set_prop_line(92.0, b + 6.0, &["2020"], 3.0, &mut seq));
            let lines = [
                ["Favoriser", "agilité"],
                ["des", "parcours"],
                ["qualifiants", "Nouveau"],
            ];
            for (i, line) in lines.iter().enumerate() {
                g.extend(set_prop_line(
                    x3,
                    b - 6.0 + 12.0 * i as f32,
                    line,
                    3.0,
                    &mut seq,
                ));
            }
            g.extend(set_prop_line(x4, b, &["Région", "travail"], 3.0, &mut seq));
            g.extend(set_prop_line(
                x4,
                b + 12.0,
                &["sur", "requis"],
                3.0,
                &mut seq,
            ));
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        let rows = table_rows(blocks(p.lines));
        let cells: Vec<usize> = rows.iter().map(|r| r.cells.len()).collect();
        assert_eq!(cells, vec![4, 4]);
    }

    #[test]
    fn cells_centred_on_each_other_around_a_short_top_cell_are_one_row() {
        // a tight table (cells 7 to 9 pt apart): `AXE 2`, `Été - Hiver` set on two lines
        // with its dash pushed to the cell's right, a three-line description and a one-line
        // partner, both centred on the row; the dash stands alone at the row's top, between
        // cells centred on each other
        let mut seq = 0;
        let mut g = Vec::new();
        for k in 0..3 {
            let b = 100.0 + 60.0 * k as f32;
            g.extend(set_prop_line(61.0, b, &["AXE"], 3.0, &mut seq));
            g.extend(set_prop_line(61.0, b + 12.0, &["2"], 3.0, &mut seq));
            g.extend(set_prop_line(93.0, b, &["Été"], 3.0, &mut seq));
            g.extend(set_prop_line(93.0, b + 12.0, &["Hiver"], 3.0, &mut seq));
            g.extend(set_prop_line(132.0, b, &["-"], 3.0, &mut seq));
            for (i, line) in [["Assurer", "un"], ["suivi", "pendant"], ["le", "parcours"]]
                .iter()
                .enumerate()
            {
                g.extend(set_prop_line(
                    144.0,
                    b - 6.0 + 12.0 * i as f32,
                    line,
                    3.0,
                    &mut seq,
                ));
            }
            g.extend(set_prop_line(
                306.0,
                b + 6.0,
                &["Pôle", "emploi"],
                3.0,
                &mut seq,
            ));
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        let rows = table_rows(blocks(p.lines));
        let texts = |b: &RawBlock| b.lines.iter().map(Line::text).collect::<Vec<_>>().join(" ");
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.cells.iter().map(texts).collect())
            .collect();
        let row = [
            "AXE 2",
            "Été Hiver",
            "-",
            "Assurer un suivi pendant le parcours",
            "Pôle emploi",
        ];
        assert_eq!(cells, vec![row; 3]);
    }

    #[test]
    fn text_columns_lined_up_a_few_points_apart_are_not_a_table() {
        // 5 pt apart: each column's paragraphs, in order, none a table's cell
        let b = two_columns_of_short_paragraphs(5.0);
        assert!(
            b.iter().all(|b| b.cells.is_empty()),
            "{} rows",
            b.iter().filter(|b| !b.cells.is_empty()).count()
        );
        assert_eq!(b.len(), 12);
        // on one baseline, paragraphs side by side are a table's rows (its cells)
        let b = two_columns_of_short_paragraphs(0.0);
        assert!(b.iter().any(|b| b.cells.len() == 2), "no row");
    }

    #[test]
    fn a_short_paragraph_beside_the_middle_of_a_longer_one_is_not_a_table_cell() {
        // two columns on one line grid: in the left one paragraphs of three lines, in the
        // right one a line set beside the middle line of each (their middles meet), then the
        // next right paragraph starting 3 pt before the left one ends
        let mut seq = 0;
        let mut para = |x: f32, lines: &[(f32, &[&str])]| -> RawBlock {
            let g: Vec<Glyph> = lines
                .iter()
                .flat_map(|(base, words)| set_line(x, *base, words, 6.0, &mut seq))
                .collect();
            let lines = page_lines(1, 600.0, 800.0, g, Vec::new()).lines;
            let bbox = lines
                .iter()
                .skip(1)
                .fold(lines[0].bbox, |a, l| a.union(&l.bbox));
            RawBlock {
                lines,
                bbox,
                cells: Vec::new(),
            }
        };
        let full: &[&str] = &["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"];
        let mut b = Vec::new();
        for k in 0..4 {
            let top = 100.0 + 42.0 * k as f32;
            b.push(para(
                60.0,
                &[
                    (top, &["Aaaaaaa", "bbbbbbb", "ccc"][..]),
                    (top + 12.0, full),
                    (top + 24.0, &["ddddddd", "fin."][..]),
                ],
            ));
            b.push(para(330.0, &[(top + 12.0, &["Taux", "de", "sorties"][..])]));
            b.push(para(330.0, &[(top + 31.0, &["Taux", "d'emploi"][..])]));
        }
        let b = table_rows(b);
        assert!(
            b.iter().all(|b| b.cells.is_empty()),
            "rows: {:?}",
            b.iter()
                .filter(|b| !b.cells.is_empty())
                .map(|b| b.bbox.y0)
                .collect::<Vec<_>>()
        );
        assert_eq!(b.len(), 12);
    }

    #[test]
    fn a_title_across_the_page_gutter_is_one_line() {
        let mut seq = 0;
        let mut g = Vec::new();
        // a title in wide spacing across the page: its spaces all 14 pt, one of them (263–277)
        // right over the gutter of the two columns below (266–278)
        g.extend(set_line(
            63.0,
            100.0,
            &["AXE", "UN", "PROPOSER", "DES", "PARCOURS", "VERS", "EMPLOI"],
            14.0,
            &mut seq,
        ));
        let col = ["abcdef", "ghijkl", "mnopqr", "stuvwx", "yzabcdefg"];
        for i in 0..20 {
            let base = 130.0 + 12.0 * i as f32;
            g.extend(set_line(52.0, base, &col, 4.0, &mut seq));
            g.extend(set_line(278.0, base, &col, 4.0, &mut seq));
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        assert_eq!(
            texts_at(&p, 100.0),
            vec!["AXE UN PROPOSER DES PARCOURS VERS EMPLOI"]
        );
        // the body rows are still two columns
        assert_eq!(p.lines.iter().filter(|l| l.base == 130.0).count(), 2);
    }

    #[test]
    fn a_justified_cell_repeated_row_after_row_is_one_line() {
        // a table whose third cell says the same thing in three rows, justified the same way
        // (10 pt spaces, over the segment gap), so that its words start at the same places row
        // after row; beside it, a fourth cell that differs
        let mut seq = 0;
        let mut g = Vec::new();
        let cell = ["2-Améliorer", "la", "fluidité", "des", "parcours", "-"];
        let right = [
            ["Région", "passerelle"],
            ["Région", "prépa"],
            ["Pôle", "emploi"],
        ];
        for (i, r) in right.iter().enumerate() {
            let base = 100.0 + 40.0 * i as f32;
            g.extend(set_line(60.0, base, &["AXE"], 3.0, &mut seq));
            g.extend(set_line(150.0, base, &cell, 10.0, &mut seq));
            g.extend(set_line(150.0, base + 12.0, &["Nouveau"], 3.0, &mut seq));
            g.extend(set_line(450.0, base, r, 3.0, &mut seq));
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        for i in 0..3 {
            let base = 100.0 + 40.0 * i as f32;
            let texts = texts_at(&p, base);
            assert_eq!(
                texts[1], "2-Améliorer la fluidité des parcours -",
                "row {i}: {texts:?}"
            );
            assert_eq!(texts.len(), 3, "row {i}: {texts:?}");
        }
    }

    #[test]
    fn a_numbering_mark_justified_far_from_its_title_stays_on_its_line() {
        let mut seq = 0;
        let mut g = Vec::new();
        // `V - PUBLIC/SECTEUR` justified across a narrow column: 68 pt spaces (over 4 × the
        // size), its second line `D'ACTIVITE VISE` set tight
        g.extend(set_line(
            49.0,
            100.0,
            &["V", "-", "PUBLIC/SECTEUR"],
            68.0,
            &mut seq,
        ));
        g.extend(set_line(
            49.0,
            112.0,
            &["D'ACTIVITE", "VISE"],
            3.0,
            &mut seq,
        ));
        // a table row whose first cell is a figure without a closing mark keeps its cells
        g.extend(set_line(
            49.0,
            140.0,
            &["12", "Bénéficiaires"],
            68.0,
            &mut seq,
        ));
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        assert_eq!(texts_at(&p, 100.0), vec!["V - PUBLIC/SECTEUR"]);
        assert_eq!(texts_at(&p, 140.0), vec!["12", "Bénéficiaires"]);
        assert!(!outline_mark(&[], "-"));
    }

    /// The texts of the blocks of `g` (one page), top to bottom.
    fn block_texts(g: Vec<Glyph>) -> Vec<String> {
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        let mut b = blocks(p.lines);
        b.sort_by(|x, y| x.bbox.y0.total_cmp(&y.bbox.y0));
        b.iter()
            .map(|b| b.lines.iter().map(Line::text).collect::<Vec<_>>().join(" "))
            .collect()
    }

    #[test]
    fn figures_side_by_side_on_a_page_edge_are_not_page_numbers() {
        // a one-page chart: the y axis's figures down the left, the x axis's along the bottom
        // edge; each figure could follow the page index at some offset, none alone on its row
        let mut seq = 0;
        let mut g = Vec::new();
        for (k, y) in ["8", "6", "4", "2", "0"].iter().enumerate() {
            g.extend(set_line(7.0, 500.0 + 60.0 * k as f32, &[y], 6.0, &mut seq));
        }
        for (k, x) in ["0", "2", "4", "6", "8"].iter().enumerate() {
            g.extend(set_line(34.0 + 72.0 * k as f32, 780.0, &[x], 6.0, &mut seq));
        }
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        let marks = furniture(std::slice::from_ref(&p));
        let dropped: Vec<String> = p
            .lines
            .iter()
            .zip(&marks[0])
            .filter(|(_, m)| m.is_some())
            .map(|(l, _)| l.text())
            .collect();
        assert!(dropped.is_empty(), "{dropped:?}");
        // a page number alone at the bottom edge is one
        let mut g = Vec::new();
        g.extend(set_line(
            60.0,
            400.0,
            &["Texte", "du", "corps."],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(300.0, 780.0, &["1"], 6.0, &mut seq));
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        assert_eq!(
            furniture(std::slice::from_ref(&p))[0],
            vec![None, Some(false)]
        );
    }

    #[test]
    fn a_paragraph_ends_where_the_next_word_would_have_fitted_in_monospaced_type() {
        // a plain-text file printed ragged right: no indent, no space between paragraphs
        let mut seq = 0;
        let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"];
        let lines: [&[&str]; 7] = [
            &full,
            &full,
            &["fragiles", "du", "territoire."],
            // `Nouveau` would have fitted after `territoire.`: a new paragraph
            &["Nouveau", "paragraphe", "avec", "des", "mots", "bbbb"],
            &full,
            &["dans", "le"],
            // a hard-wrapped line in lower case goes on
            &["budget", "du", "conseil", "régional", "bbbbbbb"],
        ];
        let mut g = Vec::new();
        for (k, words) in lines.iter().enumerate() {
            g.extend(set_line(
                57.0,
                100.0 + 12.0 * k as f32,
                words,
                6.0,
                &mut seq,
            ));
        }
        let t = block_texts(g);
        let join = |r: std::ops::Range<usize>| {
            lines[r]
                .iter()
                .map(|l| l.join(" "))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(t, vec![join(0..3), join(3..7)]);
    }

    #[test]
    fn spaces_of_monospaced_type_lining_up_are_not_a_column() {
        // a plain-text file printed in Liberation Mono (LibreOffice): every glyph and every
        // space one 6 pt cell; the space after a nine-letter first word lines up on three
        // lines, and the words after it start at one x, as a column's would
        let mut seq = 0;
        let mut g = Vec::new();
        let lines: [&[&str]; 6] = [
            &[
                "Parcours",
                "itératif",
                ":",
                "Formation/retour",
                "à",
                "l'emploi",
            ],
            &["formation", "…"],
            &[
                "Formation",
                "sous",
                "forme",
                "de",
                "compétences",
                "indépendantes",
            ],
            &["attestées", "permettant", "des", "parcours", "itératifs"],
            &["formation"],
            &["Région", "/", "Pôle", "emploi"],
        ];
        for (k, words) in lines.iter().enumerate() {
            g.extend(set_line(
                57.0,
                100.0 + 22.7 * k as f32,
                words,
                6.0,
                &mut seq,
            ));
        }
        let t = block_texts(g);
        assert_eq!(
            t.join(" "),
            lines
                .iter()
                .map(|l| l.join(" "))
                .collect::<Vec<_>>()
                .join(" "),
            "{t:?}"
        );
        assert_eq!(
            mono_cell(&set_line(0.0, 0.0, &["Formation", "sous"], 6.0, &mut seq)),
            Some(6.0)
        );
    }

    #[test]
    fn dash_items_set_at_one_indent_are_told_apart() {
        let mut seq = 0;
        let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"]; // 60 → 270
        let mut g = Vec::new();
        // a word processor's dash list: the dash and the items' other lines at one indent,
        // every line full but an item's last
        g.extend(set_line(
            60.0,
            100.0,
            &["Les", "défis", "sont", ":"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(
            60.0,
            112.0,
            &["-", "Premier", "bbbbbbb", "ccccccc", "ddddddd"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 124.0, &full, 6.0, &mut seq));
        g.extend(set_line(
            60.0,
            136.0,
            &["-", "Second", "bbbbbbb", "ccccccc", "ddddddd"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 148.0, &["fin", ";"], 6.0, &mut seq));
        g.extend(set_line(
            60.0,
            160.0,
            &["–", "Trois", "bbbbbbb", "ccccccc", "ddddddd"],
            6.0,
            &mut seq,
        ));
        // a paragraph whose line opens with a dash set between words stays whole
        g.extend(set_line(
            60.0,
            200.0,
            &["Une", "phrase", "bbbbbbb", "ccccccc", "ddddddd"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(
            60.0,
            212.0,
            &["–", "incise", "ccccccc", "ddddddd", "eeeeeee"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 224.0, &["fin."], 6.0, &mut seq));
        // a table cell's label under its text (`- Nouveau`), even after a dash, stays with it
        g.extend(set_line(
            60.0,
            260.0,
            &["-", "Sa", "cellule", "ccccccc", "ddddddd"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 272.0, &["-", "Nouveau"], 6.0, &mut seq));
        let t = block_texts(g.clone());
        assert_eq!(
            t,
            vec![
                "Les défis sont :",
                "- Premier bbbbbbb ccccccc ddddddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
                "- Second bbbbbbb ccccccc ddddddd fin ;",
                "– Trois bbbbbbb ccccccc ddddddd",
                "Une phrase bbbbbbb ccccccc ddddddd – incise ccccccc ddddddd eeeeeee fin.",
                "- Sa cellule ccccccc ddddddd - Nouveau",
            ]
        );
        // the items are list items (kept with their lead-in by the segmenter)
        let p = page_lines(1, 600.0, 800.0, g, Vec::new());
        let kinds: Vec<BlockKind> = assemble(vec![p])[0].blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Paragraph,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Paragraph,
                BlockKind::ListItem,
            ]
        );
    }

    #[test]
    fn paragraphs_are_told_apart_by_indent_and_by_space() {
        let mut seq = 0;
        let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"]; // 60 → 270
        let mut g = Vec::new();
        // LaTeX, groff: no space between paragraphs, the first line indented 15 pt, the last
        // one short
        g.extend(set_line(
            75.0,
            100.0,
            &["Premier", "bbbbbbb", "ccccccc", "dddd"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 112.0, &full, 6.0, &mut seq));
        g.extend(set_line(60.0, 124.0, &["fin."], 6.0, &mut seq));
        g.extend(set_line(
            75.0,
            136.0,
            &["Second", "bbbbbbb", "ccccccc", "dddd"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 148.0, &full, 6.0, &mut seq));
        // a list item whose second line hangs under its text is one block
        g.extend(set_line(
            60.0,
            160.0,
            &["•", "item", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeeee"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(72.0, 172.0, &["suite"], 6.0, &mut seq));
        // a title on one line, then paragraphs with 6 pt between them and no indent: the
        // title is not the first line of the paragraph under it
        g.extend(set_line(60.0, 200.0, &["Titre"], 6.0, &mut seq));
        g.extend(set_line(60.0, 217.0, &full, 6.0, &mut seq));
        g.extend(set_line(60.0, 229.0, &["Corps."], 6.0, &mut seq));
        // a title centred over two lines stays one block
        g.extend(set_line(
            120.0,
            260.0,
            &["UN", "GRAND", "TITRE"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(135.0, 272.0, &["SUR", "DEUX"], 6.0, &mut seq));
        // LaTeX: a title set at the paragraph indent, no space under it, over a paragraph
        // whose first line is indented the same
        g.extend(set_line(75.0, 380.0, &["Section"], 6.0, &mut seq));
        g.extend(set_line(
            75.0,
            392.0,
            &["Cinq", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 404.0, &full, 6.0, &mut seq));
        // two numbered titles at the paragraph indent, one under the other, over a paragraph
        // indented the same; a short line at the indent that is not numbered goes on
        g.extend(set_line(75.0, 440.0, &["V)", "Méthode"], 6.0, &mut seq));
        g.extend(set_line(
            75.0,
            452.0,
            &["V.1)", "Les", "modalités"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(
            75.0,
            464.0,
            &["Afin", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 476.0, &full, 6.0, &mut seq));
        g.extend(set_line(75.0, 500.0, &["Objet"], 6.0, &mut seq));
        g.extend(set_line(
            75.0,
            512.0,
            &["2019-2022", "suite"],
            6.0,
            &mut seq,
        ));
        // a paragraph's last line at the top of a page, then a title and a paragraph at the
        // indent
        g.extend(set_line(60.0, 560.0, &["régional."], 6.0, &mut seq));
        g.extend(set_line(75.0, 572.0, &["Conclusion"], 6.0, &mut seq));
        g.extend(set_line(
            75.0,
            584.0,
            &["Sept", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 596.0, &full, 6.0, &mut seq));
        // LibreOffice: 4 pt between paragraphs at a 12 pt pitch (1.35 times it), no indent
        g.extend(set_line(60.0, 300.0, &full, 6.0, &mut seq));
        g.extend(set_line(60.0, 312.0, &["Trois."], 6.0, &mut seq));
        g.extend(set_line(60.0, 328.2, &full, 6.0, &mut seq));
        g.extend(set_line(60.0, 340.2, &["Quatre."], 6.0, &mut seq));
        let t = block_texts(g);
        assert_eq!(
            t,
            vec![
                "Premier bbbbbbb ccccccc dddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee fin.",
                "Second bbbbbbb ccccccc dddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
                "• item bbbbbbb ccccccc ddddddd eeeeeeee suite",
                "Titre",
                "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee Corps.",
                "UN GRAND TITRE SUR DEUX",
                "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee Trois.",
                "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee Quatre.",
                "Section",
                "Cinq bbbbbbb ccccccc ddddddd eeeeeee aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
                "V) Méthode",
                "V.1) Les modalités",
                "Afin bbbbbbb ccccccc ddddddd eeeeeee aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
                "Objet 2019-2022 suite",
                "régional.",
                "Conclusion",
                "Sept bbbbbbb ccccccc ddddddd eeeeeee aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
            ]
        );
    }

    #[test]
    fn a_title_in_capitals_set_in_body_type_is_not_the_paragraphs_line() {
        let mut seq = 0;
        let full = ["aaaaaaa", "bbbbbbb", "ccccccc", "ddddddd", "eeeeeee"]; // 60 → 270
        let mut g = Vec::new();
        // TeX: a paragraph whose last line (a list item without a stop) is nearly full, then a
        // title in capitals at the paragraph indent, cut by a hyphen, then a paragraph not
        // indented, all at one pitch
        g.extend(set_line(60.0, 100.0, &full, 6.0, &mut seq));
        g.extend(set_line(
            60.0,
            112.0,
            &["formation", "accentuant", "des", "personnes", "x"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(
            75.0,
            124.0,
            &["AXE", "1", ":", "PROPOSER", "QUALI-"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(
            60.0,
            136.0,
            &["FIANTS", "VERS", "L'EMPLOI"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(
            60.0,
            148.0,
            &["Il", "bbbbbbb", "ccccccc", "ddddddd"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 160.0, &full, 6.0, &mut seq));
        // a title whose word is cut by a hyphen goes on under it, even on one word
        g.extend(set_line(
            60.0,
            200.0,
            &["OBJECTIFS", "DES", "AT-"],
            6.0,
            &mut seq,
        ));
        g.extend(set_line(60.0, 212.0, &["TENDUS"], 6.0, &mut seq));
        let t = block_texts(g);
        assert_eq!(
            t,
            vec![
                "aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee formation accentuant des personnes x",
                "AXE 1 : PROPOSER QUALI- FIANTS VERS L'EMPLOI",
                "Il bbbbbbb ccccccc ddddddd aaaaaaa bbbbbbb ccccccc ddddddd eeeeeee",
                "OBJECTIFS DES AT- TENDUS",
            ]
        );
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("12"));
        assert!(is_page_number("Page 3 / 108"));
        assert!(is_page_number("- 4 -"));
        assert!(is_page_number("3 sur 10"));
        assert!(!is_page_number("2019 2020 2021 2022"));
        assert!(!is_page_number("Axe 1"));
    }
}
