//! Table rows: blocks side by side that close a band, in runs of bands with the same
//! columns (text columns that happen to line up are told apart).

use std::collections::{BTreeMap, HashMap};

use pactes_doc::BBox;

use super::blocks::{x_overlap, RawBlock};

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
            // A row's cells are set in one type size: a title beside a cell (an axis' title
            // at 17 pt at the foot of a column of 9 pt cells) is not one of its cells.
            if sz[a].max(sz[b]) > 1.3 * sz[a].min(sz[b]) {
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
    for (_, cells) in rows {
        out.push(row_of(cells));
    }
    out
}

/// A table row of `cells` (at least one), ordered left to right.
fn row_of(mut cells: Vec<RawBlock>) -> RawBlock {
    cells.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    let bbox = cells
        .iter()
        .skip(1)
        .fold(cells[0].bbox, |acc, c| acc.union(&c.bbox));
    RawBlock {
        lines: Vec::new(),
        bbox,
        cells,
    }
}

/// The x-range of a row's column `k` (of `cells`, left to right): from its cell's left edge to
/// the next cell's (the row's right edge `right` for the last), 2 pt wider on each side.
fn column(cells: &[RawBlock], right: f32, k: usize) -> (f32, f32) {
    let x1 = cells.get(k + 1).map_or(right, |c| c.bbox.x0);
    (cells[k].bbox.x0 - 2.0, x1 + 2.0)
}

/// The last character of a block's text (its last line's last word).
fn last_char(a: &RawBlock) -> Option<char> {
    a.lines
        .last()
        .and_then(|l| l.words.last())
        .and_then(|w| w.text.trim_end().chars().last())
}

/// Whether a block's text opens in lower case.
fn opens_lower(b: &RawBlock) -> bool {
    b.lines
        .first()
        .and_then(|l| l.words.first())
        .and_then(|w| w.text.trim_start().chars().next())
        .is_some_and(char::is_lowercase)
}

/// Whether block `b` goes on with the sentence that block `a` leaves unfinished.
fn runs_on(a: &RawBlock, b: &RawBlock) -> bool {
    let open = last_char(a)
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | '-' | '\u{2010}' | '\u{ad}'));
    open && opens_lower(b)
}

/// Whether block `b` goes on with the sentence that cell `a` leaves unfinished: `b` opens in
/// lower case, `a` does not end on a sentence's end. Unlike `pactes_doc::segment::goes_on`, a
/// colon or a semicolon goes on: within a cell, what follows it is still the cell's.
fn goes_on(a: &RawBlock, b: &RawBlock) -> bool {
    let closed = last_char(a).is_none_or(|c| matches!(c, '.' | '!' | '?' | '…'));
    (!closed && opens_lower(b)) || ends_on_list_mark(a)
}

/// Whether a cell's text ends on a bare list mark (`… <ul> -`, `•`): the item it opens is set
/// further on, whatever its first letter's case.
fn ends_on_list_mark(a: &RawBlock) -> bool {
    a.lines
        .last()
        .and_then(|l| l.words.last())
        .is_some_and(|w| {
            let t = w.text.trim();
            matches!(t, "-" | "–" | "—") || crate::text::is_bullet(t)
        })
}

/// The type size of a row's cells (their median), and the next page's first band: the blocks
/// (or the one row) whose top is the page's first, to within 0.6 of that size.
fn first_band(row: &RawBlock, next: &[RawBlock]) -> (f32, Vec<usize>) {
    let mut sizes: Vec<f32> = row.cells.iter().map(RawBlock::size).collect();
    let size = super::lines::median(&mut sizes);
    let top = next.iter().map(|b| b.bbox.y0).fold(f32::INFINITY, f32::min);
    let band = (0..next.len())
        .filter(|&i| (next[i].bbox.y0 - top).abs() <= 0.6 * size)
        .collect();
    (size, band)
}

/// Whether a block is set in a row's type (`size`, to within 15 %).
fn in_type(b: &RawBlock, size: f32) -> bool {
    let s = b.size();
    s <= 1.15 * size && s * 1.15 >= size
}

/// A table row that a page break cut: the last block of a page is a row, and the next page
/// opens, in its first band, on pieces set in the row's type that each stand within one of
/// the row's columns, one of them at least opening in lower case on the sentence its cell
/// leaves unfinished (`projets de digitalisation` under `Soutien à l'investissement en
/// accompagnement des`, `expérimentation ne peut suffire…` under `… en conception – innovation
/// –`; `3` under `AXE` beside `dant la formation…` under `… pen-`). Each piece's lines go to
/// the end of its cell, and the pieces leave the next page: the row reads whole, cell by cell,
/// instead of as a row and a paragraph mixing the rest of its cells. The pieces may have been
/// read as blocks of their own or as the cells of a row of their own.
pub(crate) fn rows_across_pages(prev: &mut [RawBlock], next: &mut Vec<RawBlock>) {
    let Some(row) = prev.last_mut() else {
        return;
    };
    if row.cells.len() < 2 || next.is_empty() {
        return;
    }
    let (size, band) = first_band(row, next);
    let pieces: Vec<&RawBlock> = match band[..] {
        [i] if !next[i].cells.is_empty() => next[i].cells.iter().collect(),
        _ if band.iter().all(|&i| next[i].cells.is_empty()) => {
            band.iter().map(|&i| &next[i]).collect()
        }
        _ => return,
    };
    // The row's cells; a cell of one line that the next page shows to be two (two pieces
    // under it, the second starting where one of its words starts) is split there.
    let mut cells = row.cells.clone();
    let right = row.bbox.x1;
    let within = |cells: &[RawBlock], p: &RawBlock| {
        (0..cells.len()).find(|&k| {
            let (a, b) = column(cells, right, k);
            p.bbox.x0 >= a && p.bbox.x1 <= b
        })
    };
    let mut by_x: Vec<&RawBlock> = pieces.clone();
    by_x.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    for w in by_x.windows(2) {
        let Some(k) = within(&cells, w[0]) else {
            continue;
        };
        let x = w[1].bbox.x0;
        if x <= column(&cells, right, k).1 {
            if let Some((head, tail)) = split_cell(&cells[k], x) {
                cells[k] = head;
                cells.insert(k + 1, tail);
            }
        }
    }
    let mut target: Vec<usize> = Vec::new();
    for p in &pieces {
        if !in_type(p, size) {
            return;
        }
        let Some(k) = within(&cells, p) else {
            return;
        };
        if target.contains(&k) {
            return;
        }
        target.push(k);
    }
    // One piece at least goes on with the sentence its cell leaves unfinished; the others,
    // on the same band, are the same row's (a cell's next paragraph, `3` under `AXE`).
    if !pieces
        .iter()
        .zip(&target)
        .any(|(p, &k)| goes_on(&cells[k], p))
    {
        return;
    }
    row.cells = cells;
    // The band leaves the page (`band` is in ascending order); its pieces, in the order
    // `target` was made in, go to their cells.
    let one_row = !next[band[0]].cells.is_empty();
    let mut taken: Vec<RawBlock> = band.iter().rev().map(|&i| next.remove(i)).collect();
    taken.reverse();
    let pieces = if one_row {
        taken.swap_remove(0).cells
    } else {
        taken
    };
    for (k, p) in target.into_iter().zip(pieces) {
        row.cells[k].lines.extend(p.lines);
    }
}

/// A table that a page break cut between two rows, whose next row stands alone at the top of
/// the next page (the rest of the page is text): `table_rows` sees a lone band there, which
/// it takes for paragraphs of text columns that happen to line up. When the previous page
/// ends on a row and the next page's first band is blocks in the row's type, each starting at
/// the left edge of a different one of its columns and keeping within it, with nothing
/// starting beside them before the band's foot, the band is a row of the same table.
pub(crate) fn row_at_page_top(prev: &[RawBlock], next: &mut Vec<RawBlock>) {
    let Some(row) = prev.last() else {
        return;
    };
    let n = row.cells.len();
    if n < 2 || next.len() < 2 {
        return;
    }
    let (size, band) = first_band(row, next);
    if band.len() < 2 || band.iter().any(|&i| !next[i].cells.is_empty()) {
        return;
    }
    let mut target: Vec<usize> = Vec::new();
    for &i in &band {
        let b = &next[i];
        if !in_type(b, size) {
            return;
        }
        let Some(k) = (0..n).find(|&k| {
            (b.bbox.x0 - row.cells[k].bbox.x0).abs() <= 3.0
                && b.bbox.x1 <= column(&row.cells, row.bbox.x1, k).1
        }) else {
            return;
        };
        if target.contains(&k) {
            return;
        }
        target.push(k);
    }
    let bottom = band
        .iter()
        .map(|&i| next[i].bbox.y1)
        .fold(f32::MIN, f32::max);
    let closed = (0..next.len()).filter(|i| !band.contains(i)).all(|c| {
        next[c].bbox.y0 >= bottom - 0.25 * size
            || band
                .iter()
                .all(|&m| x_overlap(&next[c].bbox, &next[m].bbox) <= 0.5)
    });
    if !closed {
        return;
    }
    let at = band[0];
    let cells: Vec<RawBlock> = band.iter().rev().map(|&i| next.remove(i)).collect();
    next.insert(at, row_of(cells));
}

/// A cell of one line that stands for two cells of a row, the second starting at `x`: the line
/// has a word starting there (to within 2 pt), after a word space at least, with words on both
/// sides. (A row's last line at a page's foot, its two cells set side by side with no other
/// line to show the gutter between them: `… de diagnostic` `DIRECCTE/Région/PE : indica-`.)
fn split_cell(cell: &RawBlock, x: f32) -> Option<(RawBlock, RawBlock)> {
    let [line] = &cell.lines[..] else {
        return None;
    };
    let at = line.words.iter().position(|w| (w.x0 - x).abs() <= 2.0)?;
    if at == 0 || line.words[at].x0 - line.words[at - 1].x1 < 0.2 * line.size {
        return None;
    }
    let part = |words: &[super::lines::Word], bullet: bool| {
        let bbox = BBox {
            x0: words[0].x0,
            x1: words[words.len() - 1].x1,
            ..line.bbox
        };
        RawBlock {
            lines: vec![super::lines::Line {
                words: words.to_vec(),
                bbox,
                bullet,
                ..line.clone()
            }],
            bbox,
            cells: Vec::new(),
        }
    };
    Some((
        part(&line.words[..at], line.bullet),
        part(&line.words[at..], false),
    ))
}
