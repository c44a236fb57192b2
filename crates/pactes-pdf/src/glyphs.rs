//! Positioned glyphs: the flat text operations of a page ([`crate::flatten`]) interpreted with
//! the PDF text model (CTM, text and line matrices, spacing, scaling, rise, `TJ` adjustments),
//! each string's codes decoded by pdf-extract's fonts ([`crate::fonts`]); page space with a
//! top-left origin.

use crate::flatten::{FlatPage, TOp};
use crate::fonts::Decoded;

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

/// The glyphs of one page.
#[derive(Default)]
pub(crate) struct PageGlyphs {
    pub glyphs: Vec<Glyph>,
    /// Glyphs that are not upright (rotated or mirrored text), kept apart.
    pub rotated: Vec<Glyph>,
    pub width: f32,
    pub height: f32,
}

/// Glyph budget of one page (a guard against pathological pages).
const GLYPH_LIMIT: usize = 1_000_000;

/// A row-major 2×3 matrix `[a b c d e f]` (points are row vectors, as in the PDF spec).
#[derive(Debug, Clone, Copy, PartialEq)]
struct M([f64; 6]);

const IDENTITY: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

impl M {
    fn from(v: [f32; 6]) -> M {
        M(v.map(f64::from))
    }
    fn translate(tx: f64, ty: f64) -> M {
        M([1.0, 0.0, 0.0, 1.0, tx, ty])
    }
    /// `self × b`: `self` applied first.
    fn then(self, b: M) -> M {
        let (a, b) = (self.0, b.0);
        M([
            a[0] * b[0] + a[1] * b[2],
            a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4],
            a[4] * b[1] + a[5] * b[3] + b[5],
        ])
    }
}

#[derive(Clone)]
struct State {
    ctm: M,
    tm: M,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scaling: f64,
    leading: f64,
    rise: f64,
}

/// Maps default user space to the displayed page (top-left origin, rotated).
struct PageFrame {
    media: [f64; 4],
    rotate: i32,
}

impl PageFrame {
    fn to_page(&self, x: f64, y: f64) -> (f64, f64) {
        let m = self.media;
        let (x, y) = (x - m[0], y - m[1]);
        let (w, h) = (m[2] - m[0], m[3] - m[1]);
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

/// Fewest non-upright glyphs for a page to be read in another quarter turn.
const SIDEWAYS_MIN: usize = 40;

/// Positions the glyphs of one flattened page. `font_ids` maps the page's font indices to
/// the document's (the keys of `decoded`).
///
/// A page whose text is mostly drawn sideways (a landscape table printed across a portrait
/// page, or a `/Rotate` that does not match how the content was drawn) is read in the quarter
/// turn that sets most of its glyphs upright, so that the layout finds its lines and columns.
pub(crate) fn page_glyphs(
    page: &FlatPage,
    font_ids: &[u32],
    decoded: &Decoded,
    media: [f32; 4],
    rotate: i32,
) -> PageGlyphs {
    let first = positioned(page, font_ids, decoded, media, rotate);
    if first.rotated.len() < SIDEWAYS_MIN || first.rotated.len() <= 2 * first.glyphs.len() {
        return first;
    }
    let mut best = first;
    for turn in [90, 180, 270] {
        let g = positioned(page, font_ids, decoded, media, (rotate + turn) % 360);
        if g.glyphs.len() > 2 * best.glyphs.len().max(1) && 2 * g.glyphs.len() > g.rotated.len() {
            best = g;
        }
    }
    best
}

/// Positions the glyphs of one flattened page on the page displayed with `rotate`.
fn positioned(
    page: &FlatPage,
    font_ids: &[u32],
    decoded: &Decoded,
    media: [f32; 4],
    rotate: i32,
) -> PageGlyphs {
    let frame = PageFrame {
        media: media.map(f64::from),
        rotate,
    };
    let (w, h) = ((media[2] - media[0]).abs(), (media[3] - media[1]).abs());
    let (width, height) = if rotate == 90 || rotate == 270 {
        (h, w)
    } else {
        (w, h)
    };
    let mut out = PageGlyphs {
        width,
        height,
        ..PageGlyphs::default()
    };
    let mut gs = State {
        ctm: IDENTITY,
        tm: IDENTITY,
        font_size: f64::NAN,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scaling: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    // The line matrix is not part of the saved graphics state.
    let mut tlm = IDENTITY;
    let mut stack: Vec<State> = Vec::new();
    let mut seq: u32 = 0;
    // the text of the open `/ActualText` span, and whether a glyph has carried it
    let mut actual: Option<(String, bool)> = None;
    for op in &page.ops {
        match *op {
            TOp::Save => stack.push(gs.clone()),
            TOp::Restore => {
                if let Some(s) = stack.pop() {
                    gs = s;
                }
            }
            TOp::Cm(v) => gs.ctm = M::from(v).then(gs.ctm),
            TOp::BeginText | TOp::EndText => {
                tlm = IDENTITY;
                gs.tm = tlm;
            }
            TOp::Tm(v) => {
                tlm = M::from(v);
                gs.tm = tlm;
            }
            TOp::Td(x, y) => {
                tlm = M::translate(x.into(), y.into()).then(tlm);
                gs.tm = tlm;
            }
            TOp::TD(x, y) => {
                gs.leading = -f64::from(y);
                tlm = M::translate(x.into(), y.into()).then(tlm);
                gs.tm = tlm;
            }
            TOp::NextLine => {
                tlm = M::translate(0.0, -gs.leading).then(tlm);
                gs.tm = tlm;
            }
            TOp::Tc(v) => gs.char_spacing = v.into(),
            TOp::Tw(v) => gs.word_spacing = v.into(),
            TOp::Tz(v) => gs.scaling = f64::from(v) / 100.0,
            TOp::TL(v) => gs.leading = v.into(),
            TOp::Ts(v) => gs.rise = v.into(),
            TOp::Tf(size) => gs.font_size = size.into(),
            TOp::ActualText { start, end } => {
                let mut text =
                    crate::load::decode_text_string(&page.bytes[start as usize..end as usize]);
                // a dingbat font's symbol (private-use code points only) reads as a bullet
                if !text.is_empty() && text.chars().all(|c| ('\u{e000}'..='\u{f8ff}').contains(&c))
                {
                    text = "•".into();
                }
                // soft hyphens alone mark where a word may break: the glyphs keep their own
                // text (a visible hyphen at a line's end, nothing inside a line)
                actual = (!text.chars().all(|c| c == '\u{ad}' || c.is_whitespace()))
                    .then_some((text, false));
            }
            TOp::EndActualText => actual = None,
            TOp::Adjust(n) => {
                let tx = gs.scaling * (-f64::from(n) / 1000.0 * gs.font_size);
                gs.tm = M::translate(tx, 0.0).then(gs.tm);
            }
            TOp::Show { font, start, end } => {
                let Some(&fid) = font_ids.get(font as usize) else {
                    continue;
                };
                let bytes = &page.bytes[start as usize..end as usize];
                let bold = decoded.bold(fid);
                let reads = decoded.reads(fid);
                for code in decoded.codes(fid, bytes) {
                    let tsm = M([gs.scaling, 0.0, 0.0, 1.0, 0.0, gs.rise]);
                    let trm = tsm.then(gs.tm.then(gs.ctm));
                    let w0 = code.w0;
                    let mut spacing = gs.char_spacing;
                    if code.space {
                        spacing += gs.word_spacing;
                    }
                    seq = seq.wrapping_add(1);
                    // in an `/ActualText` span, its first glyph carries the span's text; a
                    // space keeps its own (InDesign spans a space placed before the glyph the
                    // text stands for, drawn after the span: the text would come twice)
                    // (and a font that reads nothing though shown outside spans, its codes
                    // lost or garbled, reads nothing in spans either)
                    let own = code.text.as_str();
                    let space = !own.is_empty() && own.chars().all(char::is_whitespace);
                    let text = match &mut actual {
                        Some(_) if space || !reads => own,
                        Some((_, true)) => "",
                        Some((t, used)) => {
                            *used = true;
                            t.as_str()
                        }
                        None => own,
                    };
                    emit(&mut out, &frame, &trm, w0, gs.font_size, text, bold, seq);
                    let tx = gs.scaling * (w0 * gs.font_size + spacing);
                    gs.tm = M::translate(tx, 0.0).then(gs.tm);
                }
            }
        }
    }
    out
}

/// Adds one glyph (unless blank, unsized or past the budget).
#[allow(clippy::too_many_arguments)]
fn emit(
    out: &mut PageGlyphs,
    frame: &PageFrame,
    trm: &M,
    width: f64,
    font_size: f64,
    ch: &str,
    bold: bool,
    seq: u32,
) {
    if !font_size.is_finite() || out.glyphs.len() + out.rotated.len() >= GLYPH_LIMIT {
        return;
    }
    if ch.is_empty() || ch.chars().all(|c| c.is_whitespace() || c.is_control()) {
        return;
    }
    let t = trm.0;
    // Text space x axis and y axis on the page.
    let (ax, ay) = frame.dir_to_page(t[0], t[1]);
    let (bx, by) = frame.dir_to_page(t[2], t[3]);
    let sx = (ax * ax + ay * ay).sqrt();
    let sy = (bx * bx + by * by).sqrt();
    let size = (font_size.abs() * sy) as f32;
    if !(size.is_finite() && size > 0.5 && size < 2000.0) {
        return;
    }
    let (x, y) = frame.to_page(t[4], t[5]);
    let adv = (width * font_size.abs() * sx) as f32;
    let adv = if adv.is_finite() && adv > 0.0 {
        adv
    } else {
        0.5 * size
    };
    let g = Glyph {
        text: ch.to_string(),
        x0: x as f32,
        x1: x as f32 + adv,
        base: y as f32,
        size,
        bold,
        seq,
    };
    // Upright: x axis pointing right, y axis pointing up on the page (y down here).
    let upright = ax > 0.0 && ay.abs() <= 0.05 * sx && by < 0.0 && bx.abs() <= 0.3 * sy;
    if upright {
        out.glyphs.push(g);
    } else {
        out.rotated.push(g);
    }
}
