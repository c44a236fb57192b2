//! Documents built from plain text (`document_from_text`): blocks guessed from the shape of the
//! lines, for plain-text inputs and tests.

use super::headings::heading_mark;
use crate::model::{Block, BlockKind, Document, Page, CELL_SEPARATOR, LIST_MARKER};
use crate::text::word_count;

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

pub(super) fn make_page(number: u32, blocks: Vec<Block>) -> Page {
    Page {
        number,
        width: 595.0,
        height: 842.0,
        blocks,
        header: Vec::new(),
        footer: Vec::new(),
    }
}
