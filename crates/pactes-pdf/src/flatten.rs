//! Rewrites a page's content stream (lopdf 0.47) into a flat, text-only stream that
//! pdf-extract interprets correctly and without panicking:
//! Form XObjects are inlined inside `q <Matrix> cm … Q` (pdf-extract loses the caller's CTM and
//! the form's `/Matrix`), the `'` and `"` operators are expanded (pdf-extract ignores them),
//! operators with malformed operands and everything that is not text or CTM is dropped
//! (pdf-extract panics on many of those), and fonts are renamed into one page-level table.

use std::collections::HashMap;

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Deepest Form XObject nesting followed.
const MAX_FORM_DEPTH: usize = 12;
/// Most operations kept for one page (a guard against pathological streams).
const MAX_OPS: usize = 2_000_000;

/// A page's flattened content.
pub(crate) struct FlatPage {
    /// Encoded content stream.
    pub content: Vec<u8>,
    /// Font resources, under the names the flat stream uses.
    pub fonts: Dictionary,
    /// For each string pdf-extract will show (each `Tj`, each string of a `TJ`), in order:
    /// is its font bold?
    pub show_bold: Vec<bool>,
}

struct Res<'a> {
    fonts: Vec<&'a Dictionary>,
    xobjects: Vec<&'a Dictionary>,
}

struct Ctx<'a> {
    doc: &'a Document,
    ops: Vec<Operation>,
    fonts: Dictionary,
    /// Font object key → (flat name, bold).
    font_names: HashMap<String, (Vec<u8>, bool)>,
    show_bold: Vec<bool>,
    form_stack: Vec<ObjectId>,
    direct_fonts: usize,
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

fn dict_of<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
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

fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

fn nums(ops: &[Object], n: usize) -> Option<Vec<Object>> {
    if ops.len() != n {
        return None;
    }
    ops.iter()
        .map(|o| num(o).map(Object::Real))
        .collect::<Option<Vec<_>>>()
}

/// Bold from the font's name or descriptor (weight ≥ 600 or the ForceBold flag).
fn font_is_bold(doc: &Document, font: &Dictionary) -> bool {
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
        desc = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| deref(doc, o))
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| dict_of(doc, d, b"FontDescriptor"));
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
    fn font(&mut self, res: &Res<'a>, name: &[u8]) -> Option<(Vec<u8>, bool)> {
        let doc = self.doc;
        let entry = res.fonts.iter().find_map(|f| f.get(name).ok())?;
        let (id, obj) = doc.dereference(entry).ok()?;
        let fdict = obj.as_dict().ok()?;
        let key = match id {
            Some(id) => format!("r{}_{}", id.0, id.1),
            None => {
                self.direct_fonts += 1;
                format!("d{}", self.direct_fonts)
            }
        };
        if let Some(v) = self.font_names.get(&key) {
            return Some(v.clone());
        }
        let flat = format!("PF{}", self.font_names.len()).into_bytes();
        let bold = font_is_bold(doc, fdict);
        let value = match id {
            Some(id) => Object::Reference(id),
            None => Object::Dictionary(fdict.clone()),
        };
        self.fonts.set(flat.clone(), value);
        self.font_names.insert(key, (flat.clone(), bold));
        Some((flat, bold))
    }

    fn push(&mut self, op: &str, operands: Vec<Object>) {
        if self.ops.len() < MAX_OPS {
            self.ops.push(Operation::new(op, operands));
        }
    }

    /// Walks one content stream. `font` is the current font's boldness (None: no valid font).
    fn walk(&mut self, content: &[u8], res: &[&'a Dictionary], depth: usize, font: Option<bool>) {
        let resources = resources_of(self.doc, res);
        let mut font = font;
        let mut stack: Vec<Option<bool>> = Vec::new();
        for op in Content::decode_iter(content) {
            // Keep what parsed before a syntax error.
            let Ok(op) = op else { break };
            let o = &op.operands;
            match op.operator.as_str() {
                "q" => {
                    stack.push(font);
                    self.push("q", vec![]);
                }
                "Q" => {
                    // An unbalanced Q must not pop the caller's state.
                    if let Some(f) = stack.pop() {
                        font = f;
                        self.push("Q", vec![]);
                    }
                }
                "BT" | "ET" | "T*" => self.push(&op.operator, vec![]),
                "cm" | "Tm" => {
                    if let Some(v) = nums(o, 6) {
                        self.push(&op.operator, v);
                    }
                }
                "Td" | "TD" => {
                    if let Some(v) = nums(o, 2) {
                        self.push(&op.operator, v);
                    }
                }
                "Tc" | "Tw" | "Tz" | "TL" | "Ts" => {
                    if let Some(v) = nums(o, 1) {
                        self.push(&op.operator, v);
                    }
                }
                "Tf" => {
                    let size = o.get(1).and_then(num);
                    let name = o.first().and_then(|n| n.as_name().ok());
                    match (name, size) {
                        (Some(name), Some(size)) => match self.font(&resources, name) {
                            Some((flat, bold)) => {
                                font = Some(bold);
                                self.push("Tf", vec![Object::Name(flat), Object::Real(size)]);
                            }
                            None => font = None,
                        },
                        _ => font = None,
                    }
                }
                "Tj" | "'" | "\"" => {
                    let (s, pre) = match (op.operator.as_str(), o.as_slice()) {
                        ("Tj", [s @ Object::String(..)]) => (s, None),
                        ("'", [s @ Object::String(..)]) => (s, Some((None, None))),
                        ("\"", [aw, ac, s @ Object::String(..)]) => (s, Some((num(aw), num(ac)))),
                        _ => continue,
                    };
                    let Some(bold) = font else { continue };
                    if let Some((aw, ac)) = pre {
                        if let Some(aw) = aw {
                            self.push("Tw", vec![Object::Real(aw)]);
                        }
                        if let Some(ac) = ac {
                            self.push("Tc", vec![Object::Real(ac)]);
                        }
                        self.push("T*", vec![]);
                    }
                    self.show_bold.push(bold);
                    self.push("Tj", vec![s.clone()]);
                }
                "TJ" => {
                    let Some(bold) = font else { continue };
                    let Some(Object::Array(items)) = o.first() else {
                        continue;
                    };
                    let kept: Vec<Object> = items
                        .iter()
                        .filter_map(|e| match e {
                            Object::String(..) => Some(e.clone()),
                            _ => num(e).map(Object::Real),
                        })
                        .collect();
                    for e in &kept {
                        if matches!(e, Object::String(..)) {
                            self.show_bold.push(bold);
                        }
                    }
                    self.push("TJ", vec![Object::Array(kept)]);
                }
                "Do" => {
                    if depth >= MAX_FORM_DEPTH {
                        continue;
                    }
                    let Some(name) = o.first().and_then(|n| n.as_name().ok()) else {
                        continue;
                    };
                    self.form(&resources, res, name, depth, font);
                }
                _ => {}
            }
        }
        // Close what this stream left open so the caller's state is restored.
        for _ in stack {
            self.push("Q", vec![]);
        }
    }

    fn form(
        &mut self,
        resources: &Res<'a>,
        parent_res: &[&'a Dictionary],
        name: &[u8],
        depth: usize,
        font: Option<bool>,
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
        self.push("q", vec![]);
        if let Some(m) = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|m| deref(doc, m))
            .and_then(|m| m.as_array().ok())
            .and_then(|m| nums(m, 6))
        {
            self.push("cm", m);
        }
        self.walk(&content, &own_res, depth + 1, font);
        self.push("Q", vec![]);
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

fn write_num(out: &mut Vec<u8>, f: f32) {
    use std::io::Write;
    // Fixed precision, no float formatting machinery: content streams need no more.
    let v = (f as f64 * 10_000.0).round() as i64;
    let (sign, v) = if v < 0 { ("-", -v) } else { ("", v) };
    let (i, frac) = (v / 10_000, v % 10_000);
    let _ = if frac == 0 {
        write!(out, "{sign}{i}")
    } else {
        write!(out, "{sign}{i}.{frac:04}")
    };
}

fn write_obj(out: &mut Vec<u8>, o: &Object) {
    match o {
        Object::Integer(i) => write_num(out, *i as f32),
        Object::Real(r) => write_num(out, *r),
        Object::Name(n) => {
            out.push(b'/');
            for &b in n {
                if b.is_ascii_alphanumeric() || b"_-.+*".contains(&b) {
                    out.push(b);
                } else {
                    out.extend_from_slice(format!("#{b:02X}").as_bytes());
                }
            }
        }
        Object::String(s, _) => {
            out.push(b'<');
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            for &b in s {
                out.push(HEX[(b >> 4) as usize]);
                out.push(HEX[(b & 15) as usize]);
            }
            out.push(b'>');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, e) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_obj(out, e);
            }
            out.push(b']');
        }
        _ => out.extend_from_slice(b"0"),
    }
}

/// Encodes the flat operations (only numbers, names, strings and arrays occur).
fn encode(ops: &[Operation]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ops.len() * 16);
    for op in ops {
        for o in &op.operands {
            write_obj(&mut out, o);
            out.push(b' ');
        }
        out.extend_from_slice(op.operator.as_bytes());
        out.push(b'\n');
    }
    out
}

/// Flattens one page (see the module doc).
pub(crate) fn flatten_page(doc: &Document, page: ObjectId) -> FlatPage {
    let content = doc.get_page_content(page);
    let res = page_resources(doc, page);
    let mut ctx = Ctx {
        doc,
        ops: Vec::new(),
        fonts: Dictionary::new(),
        font_names: HashMap::new(),
        show_bold: Vec::new(),
        form_stack: Vec::new(),
        direct_fonts: 0,
    };
    ctx.walk(&content, &res, 0, None);
    let content = encode(&ctx.ops);
    FlatPage {
        content,
        fonts: ctx.fonts,
        show_bold: ctx.show_bold,
    }
}

/// Rewrites every CID font's `/W` array into the `c [w1 w2 …]` form only: pdf-extract 0.12
/// misreads the `c_first c_last w` range form (it builds an empty range), which leaves those
/// glyphs at the default width and breaks word spacing.
pub(crate) fn normalize_cid_widths(doc: &mut Document) {
    let ids: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"Subtype")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s == b"CIDFontType0" || s == b"CIDFontType2")
            })
        })
        .map(|(id, _)| *id)
        .collect();
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
