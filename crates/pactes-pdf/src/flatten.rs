//! Reads a page's content stream (lopdf 0.47) into a flat list of text operations ([`TOp`]):
//! Form XObjects are inlined inside `q <Matrix> cm … Q`, the `'` and `"` operators are
//! expanded, operators with malformed operands and everything that is not text or CTM is
//! dropped, and each shown string carries its font (named after the font object, one table
//! for the whole document). [`crate::interp`] then positions the glyphs; pdf-extract is only
//! asked to decode each distinct (font, string) once ([`crate::fonts`]).

use std::collections::HashMap;

use crate::content::{Lexer, Operand};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Deepest Form XObject nesting followed.
const MAX_FORM_DEPTH: usize = 12;
/// Most operations kept for one page (a guard against pathological streams).
const MAX_OPS: usize = 2_000_000;

/// One text operation of a flattened page (operands already checked).
#[derive(Debug, Clone, Copy)]
pub(crate) enum TOp {
    Save,
    Restore,
    Cm([f32; 6]),
    BeginText,
    EndText,
    Tm([f32; 6]),
    Td(f32, f32),
    /// `TD`: `Td` that also sets the leading.
    TD(f32, f32),
    NextLine,
    Tc(f32),
    Tw(f32),
    Tz(f32),
    TL(f32),
    Ts(f32),
    /// Font size (the font itself travels with each shown string).
    Tf(f32),
    /// A shown string: page-local font index, bytes `start..end` of [`FlatPage::bytes`].
    Show {
        font: u32,
        start: u32,
        end: u32,
    },
    /// A number of a `TJ` array (thousandths of text space).
    Adjust(f32),
    /// Marked content whose `/ActualText` (a PDF text string, bytes `start..end` of
    /// [`FlatPage::bytes`]) is the text of the glyphs shown until [`TOp::EndActualText`]
    /// (ligatures, a producer's soft hyphens).
    ActualText {
        start: u32,
        end: u32,
    },
    EndActualText,
}

/// A page's flattened content.
#[derive(Default)]
pub(crate) struct FlatPage {
    pub ops: Vec<TOp>,
    /// The shown strings' bytes.
    pub bytes: Vec<u8>,
    /// Fonts used: flat name (unique in the document), font object, bold.
    pub fonts: Vec<(Vec<u8>, Object, bool)>,
    /// Indices in `fonts` of the stand-ins for fonts the file does not have (`lost_font`).
    pub lost: Vec<u32>,
}

struct Res<'a> {
    fonts: Vec<&'a Dictionary>,
    xobjects: Vec<&'a Dictionary>,
}

struct Ctx<'a> {
    doc: &'a Document,
    out: FlatPage,
    /// Font object key → (page-local index, bold).
    font_names: HashMap<String, (u32, bool)>,
    form_stack: Vec<ObjectId>,
    direct_fonts: usize,
    page: ObjectId,
}

/// The object `o` stands for (references followed to their end), if it exists.
pub(crate) fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

/// A Type0 font's descendant CID font (the first of its `/DescendantFonts`), direct or by
/// reference.
pub(crate) fn descendant<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    font.get(b"DescendantFonts")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
}

/// The dictionary at `key` of `d`, direct or by reference.
pub(crate) fn dict_of<'a>(
    doc: &'a Document,
    d: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Dictionary> {
    d.get(key)
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
}

fn resources_of<'a>(doc: &'a Document, res: &[&'a Dictionary]) -> Res<'a> {
    Res {
        fonts: res
            .iter()
            .filter_map(|r| dict_of(doc, r, b"Font"))
            .collect(),
        xobjects: res
            .iter()
            .filter_map(|r| dict_of(doc, r, b"XObject"))
            .collect(),
    }
}

pub(crate) fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn opnum(o: &Operand) -> Option<f32> {
    match o {
        Operand::Num(v) => Some(*v),
        _ => None,
    }
}

/// Exactly `N` numbers.
fn nums<const N: usize>(ops: &[Operand]) -> Option<[f32; N]> {
    if ops.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in ops.iter().zip(out.iter_mut()) {
        *v = opnum(o)?;
    }
    Some(out)
}

/// Exactly `N` numbers (a PDF array such as a form's `/Matrix`).
fn obj_nums<const N: usize>(ops: &[Object]) -> Option<[f32; N]> {
    if ops.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (o, v) in ops.iter().zip(out.iter_mut()) {
        *v = num(o)?;
    }
    Some(out)
}

/// Bold from the font's name or descriptor (weight ≥ 600 or the ForceBold flag).
pub(crate) fn font_is_bold(doc: &Document, font: &Dictionary) -> bool {
    let name = font
        .get(b"BaseFont")
        .ok()
        .and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).to_lowercase())
        .unwrap_or_default();
    if [
        "bold", "black", "heavy", "semibold", "demibold", ",bd", "-bd",
    ]
    .iter()
    .any(|k| name.contains(k))
    {
        return true;
    }
    let mut desc = dict_of(doc, font, b"FontDescriptor");
    if desc.is_none() {
        // Type0: the descriptor is on the descendant CID font.
        desc = descendant(doc, font).and_then(|d| dict_of(doc, d, b"FontDescriptor"));
    }
    if let Some(d) = desc {
        let weight = d.get(b"FontWeight").ok().and_then(num).unwrap_or(0.0);
        let flags = d.get(b"Flags").ok().and_then(num).unwrap_or(0.0) as i64;
        return weight >= 600.0 || flags & (1 << 18) != 0;
    }
    false
}

impl<'a> Ctx<'a> {
    /// Finds font `name` in the resources, registers it in the page table; returns its flat
    /// name and boldness.
    fn font(&mut self, res: &Res<'a>, name: &[u8]) -> Option<(u32, bool)> {
        let doc = self.doc;
        let found = res
            .fonts
            .iter()
            .find_map(|f| f.get(name).ok())
            .and_then(|entry| doc.dereference(entry).ok())
            .and_then(|(id, obj)| Some((id, obj.as_dict().ok()?)));
        let Some((id, fdict)) = found else {
            return Some(self.lost_font(name));
        };
        let key = match id {
            Some(id) => format!("r{}_{}", id.0, id.1),
            None => {
                self.direct_fonts += 1;
                format!("d{}_{}_{}", self.page.0, self.page.1, self.direct_fonts)
            }
        };
        if let Some(v) = self.font_names.get(&key) {
            return Some(*v);
        }
        // Named after the font object: the same name on every page, so that pages can share
        // one font table (and pdf-extract builds each font once per run of pages).
        let flat = format!("PF{key}").into_bytes();
        let bold = font_is_bold(doc, fdict);
        let value = match id {
            Some(id) => Object::Reference(id),
            None => Object::Dictionary(fdict.clone()),
        };
        let idx = self.out.fonts.len() as u32;
        self.out.fonts.push((flat, value, bold));
        self.font_names.insert(key, (idx, bold));
        Some((idx, bold))
    }

    /// A font the page names but the file does not have (lost to damage, or never written):
    /// read as a standard font in the Windows encoding, which most simple fonts' codes follow
    /// for Latin text, so that a file cut before its fonts still gives its text. Times' metrics
    /// are the narrowest of the standard fonts: a stand-in narrower than the lost font leaves
    /// gaps between separately placed strings rather than overlaps, which reorder letters.
    /// What a stand-in decodes is kept only when it reads as words (`fonts::reads_as_words`).
    fn lost_font(&mut self, name: &[u8]) -> (u32, bool) {
        // named after the name the pages give it: one stand-in per name in the document, and
        // that flat name its key here (real fonts' keys start `r` or `d`)
        let flat: Vec<u8> = b"PFlost_"
            .iter()
            .copied()
            .chain(name.iter().copied().filter(u8::is_ascii_alphanumeric))
            .collect();
        let key = String::from_utf8_lossy(&flat).into_owned();
        if let Some(v) = self.font_names.get(&key) {
            return *v;
        }
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"Font".to_vec()));
        d.set("Subtype", Object::Name(b"Type1".to_vec()));
        d.set("BaseFont", Object::Name(b"Times-Roman".to_vec()));
        d.set("Encoding", Object::Name(b"WinAnsiEncoding".to_vec()));
        let idx = self.out.fonts.len() as u32;
        self.out.fonts.push((flat, Object::Dictionary(d), false));
        self.out.lost.push(idx);
        self.font_names.insert(key, (idx, false));
        (idx, false)
    }

    fn push(&mut self, op: TOp) {
        if self.out.ops.len() < MAX_OPS {
            self.out.ops.push(op);
        }
    }

    /// Keeps `s` in the page's bytes and pushes the operation `op` makes of its range, unless
    /// the page is past its bounds.
    fn push_bytes(&mut self, s: &[u8], op: impl FnOnce(u32, u32) -> TOp) {
        if self.out.ops.len() < MAX_OPS && self.out.bytes.len() + s.len() < u32::MAX as usize {
            let start = self.out.bytes.len() as u32;
            self.out.bytes.extend_from_slice(s);
            let end = self.out.bytes.len() as u32;
            self.out.ops.push(op(start, end));
        }
    }

    /// Opens an `/ActualText` span of text `s` (a PDF text string).
    fn actual_text(&mut self, s: &[u8]) {
        self.push_bytes(s, |start, end| TOp::ActualText { start, end });
    }

    fn show(&mut self, font: u32, s: &[u8]) {
        self.push_bytes(s, |start, end| TOp::Show { font, start, end });
    }

    /// Walks one content stream. `font` is the current font (None: no valid font).
    fn walk(&mut self, content: &[u8], res: &[&'a Dictionary], depth: usize, font: Option<u32>) {
        let resources = resources_of(self.doc, res);
        let mut font = font;
        let mut stack: Vec<Option<u32>> = Vec::new();
        // open marked content: whether each opened an `/ActualText` span (the outermost
        // span's text stands for all it holds)
        let mut marked: Vec<bool> = Vec::new();
        let mut lx = Lexer::new(content);
        while let Some(operator) = lx.next_op() {
            let o = lx.operands.as_slice();
            match operator {
                b"BMC" => marked.push(false),
                b"BDC" => {
                    // an inline property list: `/Span << /ActualText (…) >> BDC`
                    let text = o.windows(2).find_map(|w| match w {
                        [Operand::Name(k), Operand::Str(v)] if lx.bytes(k) == b"ActualText" => {
                            Some(v.clone())
                        }
                        _ => None,
                    });
                    let open = text.is_some() && !marked.contains(&true);
                    if let (true, Some(v)) = (open, text) {
                        let v = lx.bytes(&v).to_vec();
                        self.actual_text(&v);
                    }
                    marked.push(open);
                }
                b"EMC" => {
                    let closes_span = marked.pop() == Some(true);
                    if closes_span {
                        self.push(TOp::EndActualText);
                    }
                }
                b"q" => {
                    stack.push(font);
                    self.push(TOp::Save);
                }
                b"Q" => {
                    // An unbalanced Q must not pop the caller's state.
                    if let Some(f) = stack.pop() {
                        font = f;
                        self.push(TOp::Restore);
                    }
                }
                b"BT" => self.push(TOp::BeginText),
                b"ET" => self.push(TOp::EndText),
                b"T*" => self.push(TOp::NextLine),
                b"cm" => {
                    if let Some(v) = nums::<6>(o) {
                        self.push(TOp::Cm(v));
                    }
                }
                b"Tm" => {
                    if let Some(v) = nums::<6>(o) {
                        self.push(TOp::Tm(v));
                    }
                }
                b"Td" => {
                    if let Some([x, y]) = nums::<2>(o) {
                        self.push(TOp::Td(x, y));
                    }
                }
                b"TD" => {
                    if let Some([x, y]) = nums::<2>(o) {
                        self.push(TOp::TD(x, y));
                    }
                }
                b"Tc" | b"Tw" | b"Tz" | b"TL" | b"Ts" => {
                    if let Some([v]) = nums::<1>(o) {
                        self.push(match operator {
                            b"Tc" => TOp::Tc(v),
                            b"Tw" => TOp::Tw(v),
                            b"Tz" => TOp::Tz(v),
                            b"TL" => TOp::TL(v),
                            _ => TOp::Ts(v),
                        });
                    }
                }
                b"Tf" => {
                    let size = match o {
                        [_, Operand::Num(v)] => Some(*v),
                        _ => None,
                    };
                    let name = match o.first() {
                        Some(Operand::Name(r)) => Some(lx.bytes(r)),
                        _ => None,
                    };
                    match (name, size) {
                        (Some(name), Some(size)) => match self.font(&resources, name) {
                            Some((idx, _)) => {
                                font = Some(idx);
                                self.push(TOp::Tf(size));
                            }
                            None => font = None,
                        },
                        _ => font = None,
                    }
                }
                b"Tj" | b"'" | b"\"" => {
                    let (s, pre) = match (operator, o) {
                        (b"Tj", [Operand::Str(s)]) => (s, None),
                        (b"'", [Operand::Str(s)]) => (s, Some((None, None))),
                        (b"\"", [aw, ac, Operand::Str(s)]) => (s, Some((opnum(aw), opnum(ac)))),
                        _ => continue,
                    };
                    let s = lx.bytes(s);
                    let Some(f) = font else { continue };
                    if let Some((aw, ac)) = pre {
                        if let Some(aw) = aw {
                            self.push(TOp::Tw(aw));
                        }
                        if let Some(ac) = ac {
                            self.push(TOp::Tc(ac));
                        }
                        self.push(TOp::NextLine);
                    }
                    self.show(f, s);
                }
                b"TJ" => {
                    let Some(f) = font else { continue };
                    // One array: `[ … ]` and nothing else.
                    let [Operand::ArrOpen, items @ .., Operand::ArrClose] = o else {
                        continue;
                    };
                    for e in items {
                        match e {
                            Operand::Str(r) => self.show(f, lx.bytes(r)),
                            Operand::Num(n) => self.push(TOp::Adjust(*n)),
                            _ => {}
                        }
                    }
                }
                b"Do" => {
                    if depth >= MAX_FORM_DEPTH {
                        continue;
                    }
                    let Some(Operand::Name(r)) = o.first() else {
                        continue;
                    };
                    let name = lx.bytes(r);
                    self.form(&resources, res, name, depth, font);
                }
                _ => {}
            }
        }
        // Close what this stream left open so the caller's state is restored.
        if marked.contains(&true) {
            self.push(TOp::EndActualText);
        }
        for _ in stack {
            self.push(TOp::Restore);
        }
    }

    fn form(
        &mut self,
        resources: &Res<'a>,
        parent_res: &[&'a Dictionary],
        name: &[u8],
        depth: usize,
        font: Option<u32>,
    ) {
        let doc = self.doc;
        let Some(entry) = resources.xobjects.iter().find_map(|x| x.get(name).ok()) else {
            return;
        };
        let Ok((id, obj)) = doc.dereference(entry) else {
            return;
        };
        let Ok(stream) = obj.as_stream() else { return };
        let is_form = stream
            .dict
            .get(b"Subtype")
            .ok()
            .and_then(|s| s.as_name().ok())
            .is_some_and(|s| s == b"Form");
        if !is_form {
            return;
        }
        if let Some(id) = id {
            if self.form_stack.contains(&id) {
                return;
            }
            self.form_stack.push(id);
        }
        let content = match stream.decompressed_content() {
            Ok(c) => c,
            Err(_) if !stream.dict.has(b"Filter") => stream.content.clone(),
            Err(_) => {
                if id.is_some() {
                    self.form_stack.pop();
                }
                return;
            }
        };
        let own_res: Vec<&'a Dictionary> = match dict_of(doc, &stream.dict, b"Resources") {
            Some(r) => vec![r],
            // Old files let forms use the page's resources.
            None => parent_res.to_vec(),
        };
        self.push(TOp::Save);
        if let Some(m) = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| deref(doc, m))
            .and_then(|m| m.as_array().ok())
            .and_then(|m| obj_nums::<6>(m))
        {
            self.push(TOp::Cm(m));
        }
        self.walk(&content, &own_res, depth + 1, font);
        self.push(TOp::Restore);
        if id.is_some() {
            self.form_stack.pop();
        }
    }
}

/// The effective resource dictionaries of a page (its own first, then inherited ones).
fn page_resources(doc: &Document, page: ObjectId) -> Vec<&Dictionary> {
    let mut out = Vec::new();
    if let Ok((direct, ids)) = doc.get_page_resources(page) {
        if let Some(d) = direct {
            out.push(d);
        }
        for id in ids {
            if let Ok(d) = doc.get_dictionary(id) {
                out.push(d);
            }
        }
    }
    out
}

/// Flattens one page (see the module doc).
pub(crate) fn flatten_page(doc: &Document, page: ObjectId) -> FlatPage {
    let content = doc.get_page_content(page);
    let res = page_resources(doc, page);
    let mut ctx = Ctx {
        doc,
        out: FlatPage::default(),
        font_names: HashMap::new(),
        form_stack: Vec::new(),
        direct_fonts: 0,
        page,
    };
    ctx.walk(&content, &res, 0, None);
    ctx.out
}

/// Rewrites every CID font's `/W` array into the `c [w1 w2 …]` form only: pdf-extract 0.12
/// misreads the `c_first c_last w` range form (it builds an empty range), which leaves those
/// glyphs at the default width and breaks word spacing.
pub(crate) fn normalize_cid_widths(doc: &mut Document) {
    let ids = crate::load::objects_named(doc, b"Subtype", &[b"CIDFontType0", b"CIDFontType2"]);
    for id in ids {
        let Some(w) = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"W").ok())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        else {
            continue;
        };
        let mut out: Vec<Object> = Vec::new();
        let mut i = 0;
        let mut budget = 70_000usize;
        let resolve = |o: &Object| deref(doc, o).cloned();
        while i < w.len() {
            let Some(first) = resolve(&w[i]).as_ref().and_then(num) else {
                break;
            };
            match w.get(i + 1).and_then(resolve) {
                Some(Object::Array(ws)) => {
                    let ws: Vec<Object> = ws
                        .iter()
                        .map(|x| Object::Real(resolve(x).as_ref().and_then(num).unwrap_or(0.0)))
                        .collect();
                    out.push(Object::Integer(first as i64));
                    out.push(Object::Array(ws));
                    i += 2;
                }
                Some(last) => {
                    let (Some(last), Some(width)) = (
                        num(&last),
                        w.get(i + 2).and_then(resolve).as_ref().and_then(num),
                    ) else {
                        break;
                    };
                    let n = ((last - first) as i64 + 1).clamp(0, budget as i64) as usize;
                    budget -= n;
                    out.push(Object::Integer(first as i64));
                    out.push(Object::Array(vec![Object::Real(width); n]));
                    i += 3;
                }
                None => break,
            }
        }
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
            d.set("W", Object::Array(out));
        }
    }
}

/// Makes every stream's `/Filter` and `/DecodeParms` direct objects: some producers write
/// them as references (`/Filter 3 0 R` → `[/FlateDecode]`), which lopdf's decoders do not
/// follow, so the page content (or a font file) would be read still compressed.
pub(crate) fn direct_stream_filters(doc: &mut Document) {
    let mut fixes: Vec<(ObjectId, &'static [u8], Object)> = Vec::new();
    for (id, o) in &doc.objects {
        let Ok(s) = o.as_stream() else { continue };
        for key in [&b"Filter"[..], &b"DecodeParms"[..]] {
            let Ok(v) = s.dict.get(key) else { continue };
            let direct = match v {
                Object::Reference(_) => deref(doc, v).cloned(),
                Object::Array(a) if a.iter().any(|x| matches!(x, Object::Reference(_))) => {
                    Some(Object::Array(
                        a.iter()
                            .map(|x| deref(doc, x).cloned().unwrap_or(Object::Null))
                            .collect(),
                    ))
                }
                _ => None,
            };
            // (`deref` follows a chain of references to its end, never to a reference)
            if let Some(d) = direct {
                fixes.push((*id, key, d));
            }
        }
    }
    for (id, key, v) in fixes {
        if let Ok(Object::Stream(s)) = doc.get_object_mut(id) {
            s.dict.set(key, v);
        }
    }
}
