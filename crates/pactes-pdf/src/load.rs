//! Loading with lopdf 0.47: header checks, lenient parsing with cross-reference repair,
//! decryption (empty user password or `--password`), document metadata.

use std::collections::BTreeSet;

use lopdf::{Document, LoadOptions, Object};
use pactes_doc::text::single_spaced;
use pactes_doc::DocMeta;

use crate::ExtractError;

/// Largest size a single stream may decompress to while loading (object / xref streams).
const MAX_STREAM: usize = 256 * 1024 * 1024;

/// Checks that the bytes look like a PDF at all (cheap, before any parsing).
pub(crate) fn check_header(bytes: &[u8]) -> Result<(), ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    // The header may be preceded by some junk; readers accept it within the first 1 KiB.
    let head = &bytes[..bytes.len().min(1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    Ok(())
}

/// True when the end-of-file marker is missing from the file's tail: the file was cut short.
pub(crate) fn looks_truncated(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    !tail.windows(5).any(|w| w == b"%%EOF")
}

fn options(password: Option<&str>, reconstruct: bool) -> LoadOptions {
    LoadOptions {
        password: password.map(str::to_string),
        max_decompressed_size: Some(MAX_STREAM),
        force_reconstruct: reconstruct,
        ..Default::default()
    }
}

/// Loads and decrypts a document. `reconstruct` rebuilds the cross-reference table by
/// scanning the file (for tables that read but point at the wrong objects).
pub(crate) fn load(
    bytes: &[u8],
    password: Option<&str>,
    reconstruct: bool,
) -> Result<Document, ExtractError> {
    let first = Document::load_mem_with_options(bytes, options(password, reconstruct));
    let mut doc = match first {
        Ok(d) => d,
        Err(e) => {
            if let Some(err) = classify(&e, password) {
                return Err(err);
            }
            if reconstruct {
                return Err(ExtractError::Damaged(single_spaced(&e.to_string())));
            }
            match Document::load_mem_with_options(bytes, options(password, true)) {
                Ok(d) => d,
                Err(e2) => {
                    return Err(classify(&e2, password)
                        .unwrap_or_else(|| ExtractError::Damaged(single_spaced(&e.to_string()))))
                }
            }
        }
    };
    // `is_encrypted` only sees an /Encrypt given by reference; a direct dictionary counts too.
    if doc.is_encrypted() || (doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none()) {
        // lopdf leaves the document encrypted when the empty user password does not open it
        // and no (right) password was given.
        return Err(match password {
            Some(_) => ExtractError::WrongPassword,
            None => ExtractError::Encrypted,
        });
    }
    crate::names::mend(&mut doc);
    Ok(doc)
}

fn classify(e: &lopdf::Error, password: Option<&str>) -> Option<ExtractError> {
    match e {
        lopdf::Error::InvalidPassword => Some(match password {
            Some(_) => ExtractError::WrongPassword,
            None => ExtractError::Encrypted,
        }),
        lopdf::Error::Decryption(d) => Some(ExtractError::Unsupported(format!(
            "cannot decrypt: {}",
            single_spaced(&d.to_string())
        ))),
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            Some(ExtractError::MemoryLimit)
        }
        _ => None,
    }
}

/// True when the page tree looks sound: at least one page and every page a dictionary.
pub(crate) fn page_tree_ok(doc: &Document) -> bool {
    let pages = doc.get_pages();
    !pages.is_empty()
        && pages
            .values()
            .all(|id| doc.get_dictionary(*id).is_ok_and(|d| d.has(b"Contents")))
}

/// Whether a content stream of page `id` is compressed and does not decompress to content
/// (an error, or bytes in which no operator reads: corrupt data that the decoder gave up on).
pub(crate) fn content_undecodable(doc: &Document, id: lopdf::ObjectId) -> bool {
    doc.get_page_contents(id).into_iter().any(|sid| {
        doc.get_object(sid)
            .and_then(Object::as_stream)
            .is_ok_and(|st| {
                st.dict.has(b"Filter")
                    && !st.content.is_empty()
                    && st
                        .decompressed_content()
                        .map_or(true, |c| crate::content::Lexer::new(&c).next_op().is_none())
            })
    })
}

/// The value of `key` on page `page` or on its nearest ancestor in the page tree that has it
/// (dereferenced; a cycle in the tree ends the walk).
pub(crate) fn inherited<'a>(
    doc: &'a Document,
    page: lopdf::ObjectId,
    key: &[u8],
) -> Option<&'a Object> {
    let mut id = page;
    for _ in 0..32 {
        let d = doc.get_dictionary(id).ok()?;
        if let Ok(o) = d.get(key) {
            return doc.dereference(o).ok().map(|(_, o)| o);
        }
        id = d.get(b"Parent").ok()?.as_reference().ok()?;
    }
    None
}

/// The objects (dictionaries, or streams' dictionaries) whose entry `key` is one of the
/// `names`, in object order: `objects_named(doc, b"Type", &[b"Page"])`.
pub(crate) fn objects_named(doc: &Document, key: &[u8], names: &[&[u8]]) -> Vec<lopdf::ObjectId> {
    doc.objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(key)
                    .and_then(Object::as_name)
                    .is_ok_and(|n| names.contains(&n))
            })
        })
        .map(|(id, _)| *id)
        .collect()
}

/// The dictionaries of `/Type /Page`, in object order.
pub(crate) fn page_objects(doc: &Document) -> Vec<lopdf::ObjectId> {
    objects_named(doc, b"Type", &[b"Page"])
}

/// Attributes a page inherits from its ancestors in the page tree.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Rebuilds the page tree from the page objects themselves, when the tree leads to no page
/// (a `/Kids` cycle, a catalog that does not parse, a missing `/Pages`): every dictionary of
/// `/Type /Page`, in object order, under one new `/Pages` node and a new catalog, with the
/// attributes it inherited from its old ancestors copied in. Returns whether it found pages.
pub(crate) fn rebuild_page_tree(doc: &mut Document) -> bool {
    let pages = page_objects(doc);
    rebuild_page_tree_from(doc, pages)
}

/// The pages the tree leads to and the page objects it does not (a node of the tree lost to
/// damage): all of them in object order when the tree's own pages come in that order, as most
/// producers write them, else the tree's first and the others after. `None` when the tree leads
/// to every page object. A page an amendment took out of the tree (`retired`:
/// `retired_references`) is left out.
pub(crate) fn pages_with_orphans(
    doc: &Document,
    retired: &BTreeSet<lopdf::ObjectId>,
) -> Option<Vec<lopdf::ObjectId>> {
    let tree: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let reached: BTreeSet<lopdf::ObjectId> = tree.iter().copied().collect();
    let orphans: Vec<lopdf::ObjectId> = page_objects(doc)
        .into_iter()
        .filter(|id| !reached.contains(id) && !retired.contains(id))
        .collect();
    if orphans.is_empty() {
        return None;
    }
    let mut all = tree.clone();
    all.extend(orphans);
    if tree.windows(2).all(|w| w[0] < w[1]) {
        all.sort();
        all.dedup();
    }
    Some(all)
}

/// Puts `pages` (in that order) under one new `/Pages` node and a new catalog, each with the
/// attributes it inherited from its old ancestors copied in.
pub(crate) fn rebuild_page_tree_from(doc: &mut Document, pages: Vec<lopdf::ObjectId>) -> bool {
    if pages.is_empty() {
        return false;
    }
    // the attributes each page inherits from its old ancestors, before they are cut off
    type Copied<'k> = (lopdf::ObjectId, Vec<(&'k [u8], Object)>);
    let copied: Vec<Copied> = pages
        .iter()
        .map(|&id| {
            let own = doc.get_dictionary(id).ok();
            let found = INHERITED
                .into_iter()
                .filter(|key| own.is_some_and(|d| !d.has(key)))
                .filter_map(|key| inherited(doc, id, key).map(|v| (key, v.clone())))
                .collect();
            (id, found)
        })
        .collect();
    let root = doc.new_object_id();
    let catalog = doc.new_object_id();
    for (id, found) in copied {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(id) {
            for (k, v) in found {
                d.set(k, v);
            }
            d.set("Parent", Object::Reference(root));
        }
    }
    let kids: Vec<Object> = pages.iter().map(|&id| Object::Reference(id)).collect();
    let mut node = lopdf::Dictionary::new();
    node.set("Type", Object::Name(b"Pages".to_vec()));
    node.set("Count", Object::Integer(kids.len() as i64));
    node.set("Kids", Object::Array(kids));
    doc.objects.insert(root, Object::Dictionary(node));
    let mut cat = lopdf::Dictionary::new();
    cat.set("Type", Object::Name(b"Catalog".to_vec()));
    cat.set("Pages", Object::Reference(root));
    doc.objects.insert(catalog, Object::Dictionary(cat));
    doc.trailer.set("Root", Object::Reference(catalog));
    true
}

/// Drops the references to objects the file does not have (lost to damage): a reference to an
/// undefined object is the null object (ISO 32000-1, 7.3.10), so a dictionary entry holding one
/// is as good as absent and an array element is null. Without this, a font whose `/ToUnicode`
/// object was lost decodes nothing at all instead of falling back on its encoding. Returns how
/// many were dropped.
pub(crate) fn drop_dangling_references(doc: &mut Document) -> usize {
    fn clean(o: &mut Object, known: &dyn Fn(lopdf::ObjectId) -> bool, depth: u32) -> usize {
        if depth > 64 {
            return 0;
        }
        match o {
            Object::Dictionary(d) => clean_dict(d, known, depth),
            Object::Stream(s) => clean_dict(&mut s.dict, known, depth),
            Object::Array(a) => a
                .iter_mut()
                .map(|x| match x {
                    Object::Reference(id) if !known(*id) => {
                        *x = Object::Null;
                        1
                    }
                    _ => clean(x, known, depth + 1),
                })
                .sum(),
            _ => 0,
        }
    }
    fn clean_dict(
        d: &mut lopdf::Dictionary,
        known: &dyn Fn(lopdf::ObjectId) -> bool,
        depth: u32,
    ) -> usize {
        let dangling: Vec<Vec<u8>> = d
            .iter()
            .filter(|(_, v)| matches!(v, Object::Reference(id) if !known(*id)))
            .map(|(k, _)| k.clone())
            .collect();
        for k in &dangling {
            d.remove(k);
        }
        dangling.len()
            + d.iter_mut()
                .map(|(_, v)| clean(v, known, depth + 1))
                .sum::<usize>()
    }
    let ids: std::collections::BTreeSet<lopdf::ObjectId> = doc.objects.keys().copied().collect();
    let known = |id: lopdf::ObjectId| ids.contains(&id);
    let mut dropped = 0;
    for o in doc.objects.values_mut() {
        dropped += clean(o, &known, 0);
    }
    dropped
}

/// Largest object number a salvaged cross-reference table may hold (20 bytes an entry).
const SALVAGE_MAX_OBJECTS: u32 = 8_000_000;

/// The object header (`12 0 obj`) at `at`, if any: its number, generation, and where it ends.
fn object_header(b: &[u8], at: usize) -> Option<(u32, u16, usize)> {
    let digits = |from: usize, max: usize| -> Option<usize> {
        let n = b[from.min(b.len())..]
            .iter()
            .take(max + 1)
            .take_while(|c| c.is_ascii_digit())
            .count();
        (1..=max).contains(&n).then_some(from + n)
    };
    let space = |from: usize| {
        from + b[from.min(b.len())..]
            .iter()
            .take_while(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0'))
            .count()
    };
    let num_end = digits(at, 10)?;
    let gen_at = space(num_end);
    if gen_at == num_end {
        return None;
    }
    let gen_end = digits(gen_at, 5)?;
    let obj_at = space(gen_end);
    if !b[obj_at.min(b.len())..].starts_with(b"obj") {
        return None;
    }
    let end = obj_at + 3;
    if b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let num = std::str::from_utf8(&b[at..num_end]).ok()?.parse().ok()?;
    let gen = std::str::from_utf8(&b[gen_at..gen_end])
        .ok()?
        .parse()
        .ok()?;
    Some((num, gen, end))
}

/// The indirect reference (`7 0 R`) at `at`, after optional white space.
fn reference_at(b: &[u8], at: usize) -> Option<(u32, u16)> {
    let text = b.get(at..b.len().min(at + 32))?;
    let text = std::str::from_utf8(text)
        .ok()
        .or_else(|| std::str::from_utf8(&text[..text.iter().position(|c| !c.is_ascii())?]).ok())?;
    let mut words = text.split_ascii_whitespace();
    let num = words.next()?.parse().ok()?;
    let gen = words.next()?.parse().ok()?;
    let r = words.next()?;
    (r == "R" || r.starts_with("R/") || r.starts_with("R>")).then_some((num, gen))
}

/// Whether the object whose body starts `body` is a dictionary of `/Type /Catalog`.
fn is_catalog(body: &[u8]) -> bool {
    let head = &body[..body.len().min(2048)];
    let head = head
        .windows(6)
        .position(|w| w == b"endobj" || w == b"stream")
        .map_or(head, |k| &head[..k]);
    head.windows(5).enumerate().any(|(k, w)| {
        w == b"/Type"
            && head[k + 5..]
                .iter()
                .skip_while(|c| c.is_ascii_whitespace())
                .take(8)
                .eq(b"/Catalog".iter())
    })
}

/// The objects a file's bytes hold: the offset and generation of the last `N G obj` header
/// opening a line for each object number, and the last `/Type /Catalog` among them. Made once
/// per file (`scan_objects`), for `lost_objects` and `salvage`.
pub(crate) struct Scan {
    objects: std::collections::BTreeMap<u32, (usize, u16)>,
    catalog: Option<(u32, u16)>,
    /// Where the earlier copies of an object number start: versions an incremental update
    /// (an amendment) replaced.
    superseded: Vec<usize>,
}

pub(crate) fn scan_objects(bytes: &[u8]) -> Scan {
    let mut objects: std::collections::BTreeMap<u32, (usize, u16)> = Default::default();
    let mut catalog: Option<(u32, u16)> = None;
    let mut superseded = Vec::new();
    for at in 0..bytes.len() {
        if at > 0 && !matches!(bytes[at - 1], b'\n' | b'\r') {
            continue;
        }
        let start = at
            + bytes[at..]
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
        let Some((num, gen, end)) = object_header(bytes, start) else {
            continue;
        };
        if num == 0 || num > SALVAGE_MAX_OBJECTS {
            continue;
        }
        if let Some((earlier, _)) = objects.insert(num, (start, gen)) {
            superseded.push(earlier);
        }
        if is_catalog(&bytes[end..]) {
            catalog = Some((num, gen));
        }
    }
    Scan {
        objects,
        catalog,
        superseded,
    }
}

/// Most bytes of a superseded object read for its references.
const RETIRED_REACH: usize = 1 << 16;

/// The objects that versions an incremental update replaced refer to (`Scan::superseded`, read
/// up to `stream` or `endobj`): the page content an amendment gave anew under a new number,
/// the page it took out of the page tree. The file's current objects may not refer to them,
/// but they are no more lost than the old versions themselves: a salvaged reading must not
/// make them pages again (`orphans`, `pages_with_orphans`).
pub(crate) fn retired_references(bytes: &[u8], scan: &Scan) -> BTreeSet<lopdf::ObjectId> {
    let mut out = BTreeSet::new();
    for &at in &scan.superseded {
        let body = &bytes[at..bytes.len().min(at + RETIRED_REACH)];
        let end = ["stream", "endobj"]
            .iter()
            .filter_map(|k| body.windows(k.len()).position(|w| w == k.as_bytes()))
            .min()
            .unwrap_or(body.len());
        out.extend(references_in(&body[..end]));
    }
    out
}

/// The indirect references (`7 0 R`) in the text of an object: an `R` standing alone, after
/// two whole numbers.
pub(crate) fn references_in(text: &[u8]) -> Vec<lopdf::ObjectId> {
    let regular = |c: u8| !c.is_ascii_whitespace() && !b"()<>[]{}/%".contains(&c);
    let mut out = Vec::new();
    for k in 0..text.len() {
        if text[k] != b'R'
            || text.get(k + 1).is_some_and(|&c| regular(c))
            || k == 0
            || !text[k - 1].is_ascii_whitespace()
        {
            continue;
        }
        // back over white space, the generation, white space, the number
        let mut words = text[..k]
            .split(|c| c.is_ascii_whitespace())
            .rev()
            .filter(|w| !w.is_empty());
        let gen = words.next();
        let num = words.next();
        let parse = |w: Option<&[u8]>| -> Option<u32> {
            let w = w?;
            // the number may follow a delimiter: `[12 0 R` or `/Contents 12 0 R`
            let digits = &w[w.iter().rposition(|&c| !regular(c)).map_or(0, |i| i + 1)..];
            (!digits.is_empty() && digits.len() <= 10 && digits.iter().all(u8::is_ascii_digit))
                .then(|| std::str::from_utf8(digits).ok()?.parse().ok())
                .flatten()
        };
        if let (Some(num), Some(gen)) = (parse(num), parse(gen)) {
            if let Ok(gen) = u16::try_from(gen) {
                out.push((num, gen));
            }
        }
    }
    out
}

/// How many objects whose header the bytes hold (`scan`) did not load into `doc` (their text
/// did not parse: a damaged dictionary or array is lost whole). An object that the
/// cross-reference table frees, or gives in another generation or in an object stream, was
/// not lost: an incremental update (an amendment, a signature) left it behind.
pub(crate) fn lost_objects(scan: &Scan, doc: &Document) -> usize {
    use lopdf::xref::XrefEntry;
    scan.objects
        .iter()
        .filter(|(&num, &(_, gen))| {
            !doc.objects.contains_key(&(num, gen))
                && match doc.reference_table.get(num) {
                    None => true,
                    Some(XrefEntry::Normal { generation, .. }) => *generation == gen,
                    Some(_) => false,
                }
        })
        .count()
}

/// Mends, in place and byte for byte, the text of the object at `offset` (up to its
/// `stream` keyword or `endobj`): outside strings, a byte that no PDF token holds (control or
/// non-ASCII) becomes a space, and whatever stands between a stream's dictionary and its
/// `stream` keyword is blanked. A random byte in a long `/W` array or a page dictionary then
/// costs a value, not the whole object.
fn mend_object(b: &mut [u8], offset: usize) {
    const REACH: usize = 1 << 20;
    let end = (offset + REACH).min(b.len());
    let region = &b[offset..end];
    // the first `stream` or `endobj`, in one pass (an object without a stream ends long
    // before the next one's `stream`: looking for each apart read up to `REACH` bytes for
    // every object, seconds for a file of thousands)
    let Some((stop, stream)) = (0..region.len()).find_map(|i| {
        let r = &region[i..];
        if r.starts_with(b"stream") {
            Some((i, true))
        } else if r.starts_with(b"endobj") {
            Some((i, false))
        } else {
            None
        }
    }) else {
        return;
    };
    // `endstream` before any `stream`: not this object's (a neighbour's cut end)
    if stream && stop >= 3 && &region[stop - 3..stop] == b"end" {
        return;
    }
    let (from, to) = (offset, offset + stop);
    let mut depth = 0usize;
    let mut k = from;
    while k < to {
        let c = b[k];
        if depth > 0 {
            match c {
                b'\\' => k += 1,
                b'(' => depth += 1,
                b')' => depth -= 1,
                _ => {}
            }
        } else if c == b'(' {
            depth = 1;
        } else if c >= 0x7f || (c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0c | 0)) {
            b[k] = b' ';
        }
        k += 1;
    }
    if stream {
        if let Some(close) = b[from..to].windows(2).rposition(|w| w == b">>") {
            for c in &mut b[from + close + 2..to] {
                if !c.is_ascii_whitespace() {
                    *c = b' ';
                }
            }
        }
    }
}

/// A damaged file's bytes with a cross-reference table and trailer made afresh from the
/// objects found in them, for lopdf to read object by object (each bounded by the next one's
/// offset): every `N G obj` header that opens a line, stream data included (so that an
/// object whose `endstream` was hit does not hide the objects after it, as a scan that skips
/// streams wholesale would; a header inside compressed data is improbable, and a false one only
/// bounds the object before it), the last copy of an object number winning, the last
/// `/Type /Catalog` as root. Works on a file cut short too: the objects before the cut.
/// `scan` is `scan_objects(bytes)`. `None` when no object is found, or for an encrypted file
/// (the key would be lost).
pub(crate) fn salvage(bytes: &[u8], scan: &Scan, mend: bool) -> Option<Vec<u8>> {
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        return None;
    }
    let Scan {
        objects, catalog, ..
    } = scan;
    let mut bytes = std::borrow::Cow::Borrowed(bytes);
    if mend {
        let mut b = bytes.into_owned();
        for &(offset, _) in objects.values() {
            mend_object(&mut b, offset);
        }
        bytes = std::borrow::Cow::Owned(b);
    }
    let bytes: &[u8] = &bytes;
    let (&last, _) = objects.last_key_value()?;
    let size = last + 1;
    let mut out = Vec::with_capacity(bytes.len() + 64 + 20 * size as usize);
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\n");
    let table_at = out.len();
    out.extend_from_slice(format!("xref\n0 {size}\n").as_bytes());
    for n in 0..size {
        match objects.get(&n) {
            Some((offset, gen)) => {
                out.extend_from_slice(format!("{offset:010} {gen:05} n\r\n").as_bytes())
            }
            None => out.extend_from_slice(b"0000000000 65535 f\r\n"),
        }
    }
    // Without a catalog the root names an object that is not one: the page tree is then
    // rebuilt from the page objects (`rebuild_page_tree`).
    let (root, gen) = catalog.unwrap_or((last, objects[&last].1));
    // the last trailer's `/Info` reference, when it names an object found
    let info = bytes
        .windows(5)
        .rposition(|w| w == b"/Info")
        .and_then(|k| {
            let (num, gen) = reference_at(bytes, k + 5)?;
            objects
                .contains_key(&num)
                .then(|| format!(" /Info {num} {gen} R"))
        })
        .unwrap_or_default();
    out.extend_from_slice(
        format!(
            "trailer\n<</Size {size} /Root {root} {gen} R{info}>>\nstartxref\n{table_at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    Some(out)
}

/// Title, producer, creator and creation date from the Info dictionary.
pub(crate) fn meta(doc: &Document) -> DocMeta {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let Some(info) = info else {
        return DocMeta::default();
    };
    let field = |k: &[u8]| -> Option<String> {
        let o = info.get(k).ok()?;
        let (_, o) = doc.dereference(o).ok()?;
        match o {
            Object::String(b, _) => {
                let s = decode_text_string(b);
                let s = s.trim();
                (!s.is_empty()).then(|| s.to_string())
            }
            _ => None,
        }
    };
    DocMeta {
        title: field(b"Title"),
        producer: field(b"Producer"),
        creator: field(b"Creator"),
        creation_date: field(b"CreationDate"),
        repaired: None,
    }
}

/// A PDF text string: UTF-16BE with a byte-order mark, UTF-8 with a BOM, else PDFDocEncoding
/// (read as Latin-1, which it matches for the printable range).
pub(crate) fn decode_text_string(b: &[u8]) -> String {
    if b.len() >= 2 && b[0] == 0xFE && b[1] == 0xFF {
        let units: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if b.starts_with(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(&b[3..]).into_owned()
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_checks() {
        assert!(matches!(check_header(b""), Err(ExtractError::Empty)));
        assert!(matches!(
            check_header(b"hello world"),
            Err(ExtractError::NotPdf)
        ));
        assert!(check_header(b"%PDF-1.4\n").is_ok());
        assert!(looks_truncated(b"%PDF-1.4\n1 0 obj"));
        assert!(!looks_truncated(b"%PDF-1.4\n...%%EOF\n"));
    }

    #[test]
    fn text_strings() {
        assert_eq!(decode_text_string(&[0xFE, 0xFF, 0, b'A', 0, 0xC9]), "AÉ");
        assert_eq!(decode_text_string(b"Caf\xe9"), "Café");
    }
}
