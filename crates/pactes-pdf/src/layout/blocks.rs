//! Lines → blocks: a page's body lines grouped into paragraphs, list items and titles (by
//! pitch, indent, edges, type), figures cut apart rejoined, grids of figures split by entry.

use pactes_doc::BBox;

use super::hyphens::is_break_mark;
use super::lines::{is_figure, median, mono_line, Line};

/// A block under construction.
#[derive(Debug, Clone)]
pub(crate) struct RawBlock {
    pub lines: Vec<Line>,
    pub bbox: BBox,
    /// For a table row: its cells, left to right (then `lines` is empty).
    pub cells: Vec<RawBlock>,
}

impl RawBlock {
    pub(super) fn size(&self) -> f32 {
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

pub(super) fn x_overlap(a: &BBox, b: &BBox) -> f32 {
    a.x1.min(b.x1) - a.x0.max(b.x0)
}

/// Whether a line opens with a dash standing alone (`- Mieux sécuriser…`, `– …`): a list item's
/// marker when it starts a line, or a dash set between words (an incise) run to the line's start.
pub(super) fn opens_with_dash(l: &Line) -> bool {
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

/// Whether `line` opens with an outline number (`opens_with_number`) or a lettered mark closed
/// by a stop (`d. Des conditions…`): a title set in body type, which the indented line under
/// it does not go on.
fn opens_with_mark(line: &Line) -> bool {
    let letter = line.words.first().is_some_and(|w| {
        let mut c = w.text.trim().chars();
        matches!(
            (c.next(), c.next(), c.next()),
            (Some('a'..='h'), Some('.' | ')'), None)
        )
    });
    letter || opens_with_number(line)
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
                && (l.bbox.x1 >= col_right - 1.0 * s
                    || opens_with_number(&l)
                    || opens_with_mark(last))
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
                // In proportional type the same holds against the block's own right edge
                // (its widest line so far: never beyond where its lines wrap, so a cell's
                // lines wrapped at the cell's edge stay together): one-line paragraphs set
                // flush one under the other, with neither indent nor space (TeX's table
                // cells set as paragraphs) are paragraphs, not one. Not after a hyphenated
                // line, a centred one or one in capitals (a title's lines, set centred or
                // broken by hand).
                let own_room = b.bbox.x1 - last.bbox.x1;
                if cell.is_none()
                    && b.lines.len() >= 2
                    && (last.bbox.x0 - b.bbox.x0).abs() <= 1.0
                    && own_room > first_word + 0.6 * s
                    && !pactes_doc::text::is_upper_case(&last.text())
                    && !last
                        .words
                        .last()
                        .is_some_and(|w| w.text.trim_end().ends_with(is_break_mark))
                {
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
