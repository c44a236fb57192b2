//! Layout analysis: glyphs → words → lines → blocks, reading order from geometry (Breuel's
//! topological ordering of blocks: above-below within a column, left-right across columns),
//! running headers / footers, de-hyphenation, block kinds.
//!
//! One stage a submodule:
//! - `lines`: glyphs → rows → tracks → line segments (words, right-aligned numbers joined);
//! - `gutters`: each row's ink and the page's gutters: which gaps in a row part columns or cells;
//! - `furniture`: running headers and footers, page numbers;
//! - `blocks`: lines → blocks (paragraphs, list items, titles);
//! - `tables`: blocks side by side → table rows;
//! - `order`: reading order of a page's blocks;
//! - `hyphens`: de-hyphenation, from the document's words (`Lexicon`);
//! - here: the document assembled from its pages' lines (blocks finished, their kinds decided,
//!   words cut across blocks rejoined).

mod blocks;
mod furniture;
mod gutters;
mod hyphens;
mod lines;
mod order;
mod tables;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use pactes_doc::{Block, BlockKind, Page, CELL_SEPARATOR};

use crate::text::nfc;

use blocks::{blocks, opens_with_dash, x_overlap, RawBlock};
use furniture::furniture;
use hyphens::{drop_break, hyphen_join, is_break_mark, join_lines, Lexicon};
use lines::{median, Line};
use order::reading_order;
use tables::{row_at_page_top, rows_across_pages, table_rows};

pub(crate) use lines::{page_lines, PageLines};

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
    let mut laid: Vec<Laid> = pages
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
    for i in 1..laid.len() {
        let (before, after) = laid.split_at_mut(i);
        rows_across_pages(&mut before[i - 1].3, &mut after[0].3);
        row_at_page_top(&before[i - 1].3, &mut after[0].3);
    }
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
