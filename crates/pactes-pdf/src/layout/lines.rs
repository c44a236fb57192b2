//! Glyphs → rows → tracks → line segments: rows by baseline (superscripts and subscripts
//! joined), tracks of overprinted text, segments cut at gutters, words, right-aligned numbers.

use std::collections::HashSet;

use pactes_doc::{BBox, LIST_MARKER};

use super::gutters::{
    aligned_start, ends_at_edge, is_gutter, nearby_rows, page_gutters, row_ink, RowInk,
};
use crate::glyphs::Glyph;
use crate::text::{is_bullet, push_clean_glyph};

/// Gap between glyphs (in font sizes) above which a new word starts.
pub(super) const WORD_GAP: f32 = 0.12;
/// Smallest gap (in font sizes) that can separate line segments (columns, cells).
pub(super) const SEGMENT_GAP: f32 = 0.5;
/// Gap (in font sizes) that separates segments whatever the neighbouring lines look like.
pub(super) const GUTTER_ALWAYS: f32 = 4.0;

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
    pub(super) fn bullet_only(&self) -> bool {
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
    pub(super) fn bold_frac(&self) -> f32 {
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

pub(super) fn median(v: &mut [f32]) -> f32 {
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
pub(super) fn mono_cell<'a>(glyphs: impl IntoIterator<Item = &'a Glyph>) -> Option<f32> {
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
pub(super) fn mono_line(l: &Line) -> Option<f32> {
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
pub(super) fn segment_gap(size: f32, cell: Option<f32>) -> f32 {
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

/// Sorts a row left to right and drops overprinted duplicates (fake bold, shadows): the same
/// glyph drawn again less than a fifth of the type size away, and less than half its own width
/// (narrow glyphs set one after the other, `ⁱⁱⁱ`, are not overprints).
pub(super) fn prepare_row(mut row: Vec<Glyph>) -> Vec<Glyph> {
    row.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.seq.cmp(&b.seq)));
    let mut kept: Vec<Glyph> = Vec::with_capacity(row.len());
    for g in row {
        let dup = kept.iter().rev().take(4).any(|k| {
            let half_width = 0.5 * (g.x1 - g.x0).max(k.x1 - k.x0);
            k.text == g.text
                && (k.x0 - g.x0).abs() < (0.2 * g.size).min(half_width.max(0.1 * g.size))
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
pub(super) fn tracks(mut row: Vec<Glyph>) -> Vec<Vec<Glyph>> {
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
        // A line of three words or more that ends at the column's right edge (`ends_at_edge`):
        // a word or a figure past it is in the next cell (a dash is the line's own).
        let full_line_ends = |cur: &[Vec<Glyph>], right: f32| {
            cur.len() >= 3
                && cur
                    .last()
                    .and_then(|w| w.first())
                    .is_some_and(|w| ends_at_edge(rows, r, w.x0, right, size))
        };
        if gap > seg && !page_gutter && outline_mark(&cur, &g.text) {
            right = right.max(g.x1);
            cur.push(vec![g]);
            continue;
        }
        if gap > seg
            && (gap > GUTTER_ALWAYS * size
                || (page_gutter && !uniform(g.x0, gap))
                || !justified(g.x0, gap)
                || (equal_neighbours(g.x0, gap) < 2
                    && (aligned_start(rows, r, g.x0, size)
                        || (g.text.starts_with(char::is_alphanumeric)
                            && full_line_ends(&cur, right)))))
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
pub(super) fn outline_mark(words: &[Vec<Glyph>], next: &str) -> bool {
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

/// A year standing alone: four figures from 1900 to 2099.
fn is_year(t: &str) -> bool {
    let t = t.trim();
    t.len() == 4
        && t.chars().all(|c| c.is_ascii_digit())
        && (t.starts_with("19") || t.starts_with("20"))
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
        // A year is no page number (no document runs to page 1900): it may join the figures
        // or the label on its left (a table's header row `2019 2020 2021 2022 Total`), not a
        // line of prose, nor the last line of an entry (a start-year cell centred on a
        // description's lines, set past its justified right edge).
        if is_year(&l.text()) {
            let prose = lines[left]
                .words
                .iter()
                .filter(|w| w.text.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .count()
                >= 4;
            if !prose {
                target[i] = Some(left);
            }
            continue;
        }
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

/// A figure of a table: a number, possibly a percentage or with a currency sign.
pub(super) fn is_figure(t: &str) -> bool {
    let t = t.trim().trim_end_matches(['%', '€', '$']).trim_end();
    is_number(t)
}
