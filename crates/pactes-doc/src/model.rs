//! The data model: what extraction produces and what segmentation, tagging, indexing and the
//! synthesis consume. Plain serde structs, no behaviour beyond small helpers.

use serde::{Deserialize, Serialize};

/// A rectangle in page space, origin at the top-left corner, y growing downwards, in PDF
/// points (1/72 inch). `x0 <= x1`, `y0 <= y1`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BBox {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl BBox {
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    /// Smallest box holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        BBox {
            x0: self.x0.min(o.x0),
            y0: self.y0.min(o.y0),
            x1: self.x1.max(o.x1),
            y1: self.y1.max(o.y1),
        }
    }
}

/// What a block looks like to the segmentation stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// Short, larger or bold line(s): may be a heading (segmentation decides).
    HeadingCandidate,
    Paragraph,
    /// Starts with a list marker; `text` starts with `LIST_MARKER` for bullets.
    ListItem,
    /// One table row, its cells in reading order separated by `CELL_SEPARATOR`.
    TableRow,
}

/// The single list marker every bullet glyph (▶, •, , -, …) becomes.
pub const LIST_MARKER: &str = "•";
/// Separator between the cells of a `TableRow` block's text.
pub const CELL_SEPARATOR: &str = " | ";

/// A run of lines that belong together (a paragraph, a list item, a heading, a table row),
/// in reading order within its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Block {
    /// 1-based page number.
    pub page: u32,
    pub bbox: BBox,
    /// Dominant font size of the block, in points.
    pub font_size: f32,
    /// True when most of the block's glyphs are in a bold font.
    pub bold: bool,
    pub kind: BlockKind,
    /// NFC text; lines joined with a space (hyphenated words rejoined).
    pub text: String,
}

/// One page: its body blocks in reading order, and the running headers / footers / page
/// numbers that were taken out of the body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number (physical index in the file).
    pub number: u32,
    pub width: f32,
    pub height: f32,
    pub blocks: Vec<Block>,
    /// Running header lines found in the top band (not body text).
    #[serde(default)]
    pub header: Vec<String>,
    /// Running footer lines and page numbers found in the bottom band (not body text).
    #[serde(default)]
    pub footer: Vec<String>,
}

/// Document-level metadata read from the PDF's Info dictionary (all optional).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocMeta {
    pub title: Option<String>,
    pub producer: Option<String>,
    pub creator: Option<String>,
    /// PDF date string as found (`D:20190214…`), if any.
    pub creation_date: Option<String>,
    /// How a damaged file was read, when it was (`truncated: …; …`): its text may be partial.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repaired: Option<String>,
}

/// An extracted document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// File name (no directory), e.g. `PRIC-HDF-signe.pdf`.
    pub file: String,
    /// Hex sha256 of the file's bytes: the document's identity.
    pub sha256: String,
    pub meta: DocMeta,
    pub pages: Vec<Page>,
}

impl Document {
    /// Body text: blocks separated by newlines, pages by form feeds (`\x0c`).
    pub fn body_text(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.pages.iter().enumerate() {
            if i > 0 {
                out.push('\x0c');
            }
            for b in &p.blocks {
                out.push_str(&b.text);
                out.push('\n');
            }
        }
        out
    }
}

/// A citable unit of text: a heading's body (or a part of it), with its heading path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passage {
    /// Stable id: `{sha256[..12]}-{ordinal:04}`.
    pub id: String,
    pub doc: String,
    pub sha256: String,
    pub page_start: u32,
    pub page_end: u32,
    /// Ancestor headings, outermost first (may be empty for a preamble).
    pub heading: Vec<String>,
    pub text: String,
}

/// Axis of the national plan a passage belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Axis {
    #[serde(rename = "1")]
    One,
    #[serde(rename = "2")]
    Two,
    /// The transverse axis (called Axe 3 by some Regions).
    #[serde(rename = "3")]
    Transverse,
}

impl Axis {
    pub fn as_str(&self) -> &'static str {
        match self {
            Axis::One => "1",
            Axis::Two => "2",
            Axis::Transverse => "3",
        }
    }
    pub fn parse(s: &str) -> Option<Axis> {
        match s.trim() {
            "1" => Some(Axis::One),
            "2" => Some(Axis::Two),
            "3" | "T" | "t" | "transverse" => Some(Axis::Transverse),
            _ => None,
        }
    }
}

/// A passage with its tags: one line of `outputs/sections.jsonl`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggedPassage {
    pub id: String,
    pub doc: String,
    pub sha256: String,
    pub region: String,
    pub page_start: u32,
    pub page_end: u32,
    pub heading: Vec<String>,
    pub axis: Option<Axis>,
    /// Theme ids, best first.
    pub themes: Vec<String>,
    /// Score of each theme in `themes`, same order.
    pub scores: Vec<f32>,
    /// For each theme in `themes`, the cues that matched (same order).
    pub evidence: Vec<Vec<String>>,
    pub text: String,
}
