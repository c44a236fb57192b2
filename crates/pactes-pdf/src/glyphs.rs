//! Positioned glyphs from pdf-extract's `OutputDev` (its font decoding: encodings, ToUnicode,
//! widths), in page space with a top-left origin.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// One shown glyph (or ligature / multi-char unit as decoded).
#[derive(Debug, Clone)]
pub(crate) struct Glyph {
    pub text: String,
    /// Left and right edges (advance box), in points from the page's left edge.
    pub x0: f32,
    pub x1: f32,
    /// Baseline, in points from the page's top edge.
    pub base: f32,
    /// Effective font size (points).
    pub size: f32,
    pub bold: bool,
    /// Drawing sequence number.
    pub seq: u32,
}

impl Glyph {
    pub fn top(&self) -> f32 {
        self.base - 0.8 * self.size
    }
    pub fn bottom(&self) -> f32 {
        self.base + 0.2 * self.size
    }
}

/// Collects the glyphs of one page.
pub(crate) struct Collector {
    pub glyphs: Vec<Glyph>,
    /// Glyphs that are not upright (rotated or mirrored text), kept apart.
    pub rotated: Vec<Glyph>,
    pub width: f32,
    pub height: f32,
    media: Option<MediaBox>,
    /// Page /Rotate in degrees (0, 90, 180, 270).
    rotate: i32,
    show_bold: Vec<bool>,
    shows: usize,
    seq: u32,
    /// Glyph budget (a guard against pathological pages).
    limit: usize,
}

impl Collector {
    pub fn new(show_bold: Vec<bool>, rotate: i32) -> Collector {
        Collector {
            glyphs: Vec::new(),
            rotated: Vec::new(),
            width: 0.0,
            height: 0.0,
            media: None,
            rotate: rotate.rem_euclid(360),
            show_bold,
            shows: 0,
            seq: 0,
            limit: 1_000_000,
        }
    }

    /// Maps a point of default user space to the displayed page (top-left origin, rotated).
    fn to_page(&self, x: f64, y: f64) -> (f64, f64) {
        let Some(m) = self.media else { return (x, y) };
        let (x, y) = (x - m.llx, y - m.lly);
        let (w, h) = (m.urx - m.llx, m.ury - m.lly);
        match self.rotate {
            90 => (y, x),
            180 => (w - x, y),
            270 => (h - y, w - x),
            _ => (x, h - y),
        }
    }

    /// Direction vectors of a user-space vector on the displayed page (y down).
    fn dir_to_page(&self, dx: f64, dy: f64) -> (f64, f64) {
        match self.rotate {
            90 => (dy, dx),
            180 => (-dx, dy),
            270 => (-dy, -dx),
            _ => (dx, -dy),
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.media = Some(*media_box);
        let (w, h) = (
            (media_box.urx - media_box.llx).abs() as f32,
            (media_box.ury - media_box.lly).abs() as f32,
        );
        (self.width, self.height) = if self.rotate == 90 || self.rotate == 270 {
            (h, w)
        } else {
            (w, h)
        };
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.seq = self.seq.wrapping_add(1);
        if !font_size.is_finite() || self.glyphs.len() + self.rotated.len() >= self.limit {
            return Ok(());
        }
        if ch.is_empty() || ch.chars().all(|c| c.is_whitespace() || c.is_control()) {
            return Ok(());
        }
        // Text space x axis and y axis on the page.
        let (ax, ay) = self.dir_to_page(trm.m11, trm.m12);
        let (bx, by) = self.dir_to_page(trm.m21, trm.m22);
        let sx = (ax * ax + ay * ay).sqrt();
        let sy = (bx * bx + by * by).sqrt();
        let size = (font_size.abs() * sy) as f32;
        if !(size.is_finite() && size > 0.5 && size < 2000.0) {
            return Ok(());
        }
        let (x, y) = self.to_page(trm.m31, trm.m32);
        let adv = (width * font_size.abs() * sx) as f32;
        let adv = if adv.is_finite() && adv > 0.0 {
            adv
        } else {
            0.5 * size
        };
        let bold = self
            .show_bold
            .get(self.shows.saturating_sub(1))
            .copied()
            .unwrap_or(false);
        let g = Glyph {
            text: ch.to_string(),
            x0: x as f32,
            x1: x as f32 + adv,
            base: y as f32,
            size,
            bold,
            seq: self.seq,
        };
        // Upright: x axis pointing right, y axis pointing up on the page (y down here).
        let upright = ax > 0.0 && ay.abs() <= 0.05 * sx && by < 0.0 && bx.abs() <= 0.3 * sy;
        if upright {
            self.glyphs.push(g);
        } else {
            self.rotated.push(g);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        // pdf-extract calls this once per shown string, in content order: the side channel
        // that tells which font (bold or not) the string is in.
        self.shows += 1;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
