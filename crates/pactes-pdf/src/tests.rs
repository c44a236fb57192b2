//! In-process tests on PDFs built here with lopdf: encryption, broken cross-reference tables,
//! no text layer, Form XObjects, the `'` / `"` operators, geometric reading order.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document as PdfDoc, Object, Stream};

use crate::{extract_bytes, render_text, ExtractError};

fn s(t: &str) -> Object {
    Object::string_literal(t)
}

fn op(o: &str, args: Vec<Object>) -> Operation {
    Operation::new(o, args)
}

/// A one-page PDF (Helvetica) with the given content operations and optional form XObject.
fn build(ops: Vec<Operation>, form: Option<(Vec<Operation>, [f32; 6])>) -> PdfDoc {
    let mut doc = PdfDoc::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let mut resources = dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    };
    if let Some((fops, m)) = form {
        let content = Content { operations: fops }.encode().unwrap_or_default();
        let fid = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Form",
                "BBox" => vec![0.into(), 0.into(), 600.into(), 800.into()],
                "Matrix" => m.iter().map(|v| Object::Real(*v)).collect::<Vec<_>>(),
                "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
            },
            content,
        ));
        resources.set("XObject", dictionary! { "Fx" => fid });
    }
    let content = Content { operations: ops }.encode().unwrap_or_default();
    let content_id = doc.add_object(Stream::new(dictionary! {}, content));
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "Resources" => resources,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

fn text_at(x: f32, y: f32, t: &str) -> Vec<Operation> {
    vec![
        op("BT", vec![]),
        op("Tf", vec!["F1".into(), 12.into()]),
        op("Td", vec![x.into(), y.into()]),
        op("Tj", vec![s(t)]),
        op("ET", vec![]),
    ]
}

fn save(mut doc: PdfDoc) -> Vec<u8> {
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap_or_default();
    out
}

/// A string of `text`'s characters as one-byte codes (the Windows encoding: é is 0xE9).
fn latin1(text: &str) -> Object {
    Object::String(
        text.chars().map(|c| c as u32 as u8).collect(),
        lopdf::StringFormat::Literal,
    )
}

/// `doc` without its fonts: a file cut before them names fonts it does not have.
fn without_fonts(mut doc: PdfDoc) -> PdfDoc {
    for id in crate::load::objects_named(&doc, b"Type", &[b"Font"]) {
        doc.objects.remove(&id);
    }
    doc
}

/// `BDC` opening a span whose `/ActualText` is `t` (a PDF text string: UTF-16BE after its
/// byte-order mark).
fn actual_text(t: &str) -> Operation {
    let text = [0xFE, 0xFF]
        .into_iter()
        .chain(t.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    op(
        "BDC",
        vec![
            "Span".into(),
            Object::Dictionary(
                dictionary! { "ActualText" => Object::String(text, lopdf::StringFormat::Hexadecimal) },
            ),
        ],
    )
}

/// A PDF's bytes made of `objects` (numbered from 1), with no cross-reference table or trailer
/// (a file cut short), and where each object starts.
fn objects_only(objects: &[Vec<u8>]) -> (Vec<u8>, Vec<usize>) {
    let mut file = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(file.len());
        file.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        file.extend_from_slice(o);
        file.extend_from_slice(b"\nendobj\n");
    }
    (file, offsets)
}

fn hello() -> PdfDoc {
    build(text_at(72.0, 700.0, "Bonjour le monde"), None)
}

#[test]
fn plain_file_extracts() {
    let d = extract_bytes(&save(hello()), "hello.pdf", None).expect("extract");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
    assert_eq!(d.file, "hello.pdf");
    assert_eq!(d.sha256.len(), 64);
}

fn encrypted(user: &str) -> Vec<u8> {
    let mut doc = hello();
    doc.trailer.set(
        "ID",
        vec![
            Object::string_literal("0123456789abcdef"),
            Object::string_literal("0123456789abcdef"),
        ],
    );
    let version = lopdf::EncryptionVersion::V2 {
        document: &doc,
        owner_password: "owner-secret",
        user_password: user,
        key_length: 128,
        permissions: lopdf::Permissions::all(),
    };
    let state = lopdf::EncryptionState::try_from(version).expect("encryption state");
    doc.encrypt(&state).expect("encrypt");
    save(doc)
}

#[test]
fn empty_user_password_is_opened() {
    let d = extract_bytes(&encrypted(""), "e.pdf", None).expect("extract encrypted");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
}

#[test]
fn user_password_is_required_and_checked() {
    let bytes = encrypted("foo");
    assert_eq!(
        extract_bytes(&bytes, "p.pdf", None).err(),
        Some(ExtractError::Encrypted)
    );
    assert_eq!(
        extract_bytes(&bytes, "p.pdf", Some("bar")).err(),
        Some(ExtractError::WrongPassword)
    );
    let d = extract_bytes(&bytes, "p.pdf", Some("foo")).expect("with the password");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
    assert!(ExtractError::Encrypted.to_string().contains("--password"));
}

/// Sets every figure after the last `mark` (`startxref`'s offset, the table's entries) to 9.
fn nines_after(bytes: &mut [u8], mark: &[u8]) {
    let pos = bytes
        .windows(mark.len())
        .rposition(|w| w == mark)
        .expect("mark");
    for b in bytes[pos + mark.len()..].iter_mut() {
        if b.is_ascii_digit() {
            *b = b'9';
        }
    }
}

#[test]
fn broken_xref_is_rebuilt() {
    let mut bytes = save(hello());
    nines_after(&mut bytes, b"startxref");
    let d = extract_bytes(&bytes, "x.pdf", None).expect("recovered");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
}

#[test]
fn a_file_cut_short_is_read_from_the_objects_before_the_cut() {
    let bytes = save(hello());
    let cut = bytes.windows(4).rposition(|w| w == b"xref").expect("xref");
    let d = extract_bytes(&bytes[..cut], "cut.pdf", None).expect("salvaged");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
    let why = d.meta.repaired.expect("said to be repaired");
    assert!(why.starts_with("truncated"), "{why}");
    // an intact file is not said to be repaired
    let d = extract_bytes(&bytes, "whole.pdf", None).expect("extract");
    assert_eq!(d.meta.repaired, None);
}

/// `bytes` with an incremental update appended, as a signing or editing tool writes it: object
/// `freed` (if any) is marked free and each of `objects` (number, body) is given anew or added.
fn with_update(bytes: &[u8], freed: Option<u32>, objects: &[(u32, &str)]) -> Vec<u8> {
    let startxref = |b: &[u8]| -> usize {
        let at = b
            .windows(9)
            .rposition(|w| w == b"startxref")
            .expect("startxref");
        String::from_utf8_lossy(&b[at + 9..])
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("offset")
    };
    let prev = startxref(bytes);
    let old = PdfDoc::load_mem(bytes).expect("loads");
    let size = objects
        .iter()
        .map(|o| o.0)
        .chain([old.max_id])
        .max()
        .unwrap_or(0)
        + 1;
    let mut out = bytes.to_vec();
    let mut entries: Vec<(u32, String)> = freed
        .map(|n| (n, "0000000000 00001 f \n".to_string()))
        .into_iter()
        .collect();
    for (num, body) in objects {
        let at = out.len() + 1;
        out.extend_from_slice(format!("\n{num} 0 obj\n{body}\nendobj\n").as_bytes());
        entries.push((*num, format!("{at:010} 00000 n \n")));
    }
    let xref_at = out.len();
    entries.sort();
    let mut t = String::from("xref\n0 1\n0000000000 65535 f \n");
    for (n, e) in entries {
        t.push_str(&format!("{n} 1\n{e}"));
    }
    let root = old
        .trailer
        .get(b"Root")
        .and_then(|r| r.as_reference())
        .expect("root")
        .0;
    t.push_str(&format!(
        "trailer\n<< /Size {size} /Root {root} 0 R /Prev {prev} >>\nstartxref\n{xref_at}\n%%EOF\n"
    ));
    out.extend_from_slice(t.as_bytes());
    out
}

#[test]
fn an_incremental_update_is_not_taken_for_lost_objects() {
    // an unused object (old metadata) that a later update frees, and the page's content that it
    // replaces: neither the freed object nor the old content is lost, and the new text is read
    let mut doc = hello();
    let spare = doc.add_object(dictionary! { "Producer" => Object::string_literal("old") });
    let bytes = save(doc);
    let content = PdfDoc::load_mem(&bytes)
        .expect("loads")
        .objects
        .iter()
        .find(|(_, o)| o.as_stream().is_ok())
        .map(|(id, _)| id.0)
        .expect("content stream");
    let text = "BT /F1 12 Tf 72 700 Td (Au revoir) Tj ET";
    let body = format!(
        "<< /Length {} >>\nstream\n{text}\nendstream",
        text.len() + 1
    );
    let updated = with_update(&bytes, Some(spare.0), &[(content, &body)]);
    let doc = crate::load::load(&updated, None, false).expect("loads");
    let scan = crate::load::scan_objects(&updated);
    assert_eq!(crate::load::lost_objects(&scan, &doc), 0);
    let d = extract_bytes(&updated, "updated.pdf", None).expect("extract");
    assert_eq!(render_text(&d).trim(), "Au revoir");
    assert_eq!(d.meta.repaired, None);
    // whereas the update's object, hit by a stray byte, is lost
    let mut hit = updated.clone();
    let at = hit
        .windows(7)
        .rposition(|w| w == b"/Length")
        .expect("/Length");
    hit[at + 7] = 0x9e;
    let doc = crate::load::load(&hit, None, false).expect("loads");
    assert_eq!(
        crate::load::lost_objects(&crate::load::scan_objects(&hit), &doc),
        1
    );
}

#[test]
fn what_an_amendment_replaced_is_not_made_a_page_again_when_the_file_is_salvaged() {
    // two pages; an amendment gives page 1 new content under a new object number and takes
    // page 2 out of the tree; then a stray byte hits an unused object, so the file is also
    // read from the objects its bytes hold, where the old content and the old page 2 are
    // objects that nothing current refers to
    let mut doc = hello();
    let pages = doc
        .catalog()
        .expect("catalog")
        .get(b"Pages")
        .expect("pages");
    let pages = pages.as_reference().expect("reference");
    let page1 = *doc.get_pages().get(&1).expect("page 1");
    let content1 = doc.get_page_contents(page1)[0];
    let font = doc
        .objects
        .iter()
        .find(|(_, o)| o.as_dict().is_ok_and(|d| d.has(b"BaseFont")))
        .map(|(id, _)| id.0)
        .expect("font");
    let content2 = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (Seconde page retiree du texte) Tj ET".to_vec(),
    ));
    let page = |contents: u32| {
        format!(
            "<< /Type /Page /Parent {} 0 R /Contents {contents} 0 R /Resources << /Font << /F1 \
             {font} 0 R >> >> /MediaBox [0 0 595 842] >>",
            pages.0
        )
    };
    let page2 = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "Contents" => content2,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => Object::Reference((font, 0)) } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page1.into(), page2.into()],
            "Count" => 2,
        }),
    );
    doc.add_object(dictionary! { "Producer" => Object::string_literal("old") });
    let bytes = save(doc);
    assert_eq!(
        render_text(&extract_bytes(&bytes, "a.pdf", None).expect("extract")).trim(),
        "Bonjour le monde\n\u{c}Seconde page retiree du texte"
    );
    let new_content = PdfDoc::load_mem(&bytes).expect("loads").max_id + 1;
    let text = "BT /F1 12 Tf 72 700 Td (Au revoir) Tj ET";
    let body = format!(
        "<< /Length {} >>\nstream\n{text}\nendstream",
        text.len() + 1
    );
    let tree = format!("<< /Type /Pages /Kids [{} 0 R] /Count 1 >>", page1.0);
    let updated = with_update(
        &bytes,
        None,
        &[
            (new_content, &body),
            (page1.0, &page(new_content)),
            (pages.0, &tree),
        ],
    );
    let d = extract_bytes(&updated, "amended.pdf", None).expect("extract");
    assert_eq!(render_text(&d).trim(), "Au revoir");
    assert_eq!(d.meta.repaired, None);
    let mut hit = updated.clone();
    let at = hit
        .windows(9)
        .position(|w| w == b"/Producer")
        .expect("/Producer");
    // `/Producer\x9eold)`: the dictionary no longer parses
    hit[at + 9] = 0x9e;
    let doc = crate::load::load(&hit, None, false).expect("loads");
    let scan = crate::load::scan_objects(&hit);
    assert_eq!(crate::load::lost_objects(&scan, &doc), 1);
    let retired = crate::load::retired_references(&hit, &scan);
    assert!(retired.contains(&content1) && retired.contains(&page2));
    let d = extract_bytes(&hit, "amended-hit.pdf", None).expect("extract");
    assert_eq!(render_text(&d).trim(), "Au revoir");
    assert_eq!(d.pages.len(), 1);
}

#[test]
fn references_are_read_from_an_object_s_text() {
    let got = crate::load::references_in(
        b"<< /Kids [3 0 R 12 0 R]/Contents 7 0 R /Resources<</F1 9 0 R>> /A (1 0 Rx) /Count 2 >>",
    );
    assert_eq!(got, vec![(3, 0), (12, 0), (7, 0), (9, 0)]);
}

#[test]
fn a_stream_whose_end_was_hit_does_not_hide_the_objects_after_it() {
    // an unused stream object before the page's, its `endstream` damaged, and the
    // offset of the cross-reference table wrong: lopdf's rebuilt table loses what follows
    let mut doc = PdfDoc::with_version("1.5");
    doc.add_object(Stream::new(dictionary! {}, vec![b'x'; 4000]));
    let mut page = hello();
    page.renumber_objects_with(2);
    let root = page.trailer.get(b"Root").ok().cloned().expect("root");
    doc.objects.extend(page.objects);
    doc.max_id = doc.objects.keys().map(|k| k.0).max().unwrap_or(1);
    doc.trailer.set("Root", root);
    let mut bytes = save(doc);
    let end = bytes
        .windows(9)
        .position(|w| w == b"endstream")
        .expect("endstream");
    bytes[end + 7] = b'7';
    nines_after(&mut bytes, b"startxref");
    let d = extract_bytes(&bytes, "hit.pdf", None).expect("salvaged");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
    assert!(d.meta.repaired.is_some());
}

#[test]
fn a_stray_byte_in_a_page_dictionary_costs_a_value_not_the_page() {
    let mut bytes = save(hello());
    let at = bytes
        .windows(10)
        .position(|w| w == b"/Contents ")
        .expect("/Contents");
    // `/Contents\x9e4 0 R`: the page dictionary no longer parses, the page is lost
    bytes[at + 9] = 0x9e;
    let d = extract_bytes(&bytes, "stray.pdf", None).expect("mended");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
    let why = d.meta.repaired.expect("said to be repaired");
    assert!(why.contains("mended"), "{why}");
}

#[test]
fn pages_under_a_lost_node_of_the_page_tree_are_read_in_order() {
    // root → [node A → page 1, node B → page 2]; node B's dictionary is hit and does not parse
    let mut doc = build(text_at(72.0, 700.0, "Premier"), None);
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("root");
    let first = doc.get_pages()[&1];
    let mut second = doc.get_dictionary(first).expect("page").clone();
    let content = Content {
        operations: text_at(72.0, 700.0, "Second"),
    }
    .encode()
    .unwrap_or_default();
    second.set(
        "Contents",
        doc.add_object(Stream::new(dictionary! {}, content)),
    );
    let (a, b) = (doc.new_object_id(), doc.new_object_id());
    second.set("Parent", b);
    let second = doc.add_object(second);
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(first) {
        d.set("Parent", a);
    }
    for (node, kid) in [(a, first), (b, second)] {
        doc.objects.insert(
            node,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Parent" => root, "Kids" => vec![kid.into()], "Count" => 1,
            }),
        );
    }
    doc.objects.insert(
        root,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![a.into(), b.into()], "Count" => 2 },
        ),
    );
    let mut bytes = save(doc);
    let header = format!("\n{} 0 obj", b.0);
    let at = bytes
        .windows(header.len())
        .position(|w| w == header.as_bytes())
        .expect("node B");
    // `<<` → `[<`: node B no longer parses
    let open = at
        + bytes[at..]
            .windows(2)
            .position(|w| w == b"<<")
            .expect("dict");
    bytes[open] = b'[';
    let d = extract_bytes(&bytes, "node.pdf", None).expect("salvaged");
    assert_eq!(
        render_text(&d).split_whitespace().collect::<Vec<_>>(),
        ["Premier", "Second"]
    );
    assert!(d.meta.repaired.is_some());
}

#[test]
fn a_font_whose_to_unicode_object_was_lost_falls_back_on_its_encoding() {
    // `/ToUnicode 99 0 R` names an object the file does not have (lost to damage): a
    // reference to an undefined object is null, the font keeps its WinAnsi encoding
    let mut doc = hello();
    let font = *crate::load::objects_named(&doc, b"Type", &[b"Font"])
        .first()
        .expect("font");
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(font) {
        d.set("ToUnicode", Object::Reference((99, 0)));
    }
    let d = extract_bytes(&save(doc), "lost.pdf", None).expect("extract");
    assert_eq!(render_text(&d).trim(), "Bonjour le monde");
}

#[test]
fn a_font_the_file_lost_is_read_in_the_windows_encoding_when_that_gives_words() {
    // the file was cut before its fonts (they come last from most producers): the page names
    // a font the file does not have
    let lose_font = |text: &str| {
        let mut ops = text_at(72.0, 700.0, "");
        ops[3] = op("Tj", vec![latin1(text)]);
        let doc = without_fonts(build(ops, None));
        extract_bytes(&save(doc), "cut.pdf", None)
    };
    let text = "Le Pacte de la Région pour les publics et les entreprises";
    let d = lose_font(text).expect("read with a stand-in font");
    assert_eq!(render_text(&d).trim(), text);
    // codes of a font with its own encoding (glyph ids, here shifted by 29) spell nothing:
    // drawn, not decoded
    let shifted: String = text
        .chars()
        .map(|c| match c {
            'a'..='z' | 'A'..='Z' => char::from(c as u8 - 29),
            c => c,
        })
        .collect();
    assert_eq!(
        lose_font(&shifted).err(),
        Some(ExtractError::UnmappedText { pages: 1 })
    );
}

#[test]
fn a_font_the_file_lost_whose_codes_are_glyph_ids_is_read_in_the_truetype_glyph_order() {
    // Chromium (Skia) shows each glyph by its two-byte glyph id and moves on by its width;
    // TrueType fonts set printable ASCII at glyph 3 + n and the Latin-1 letters further on
    // (here code point − 62): the file is cut before its fonts
    let draw = |gid_of: &dyn Fn(char) -> u16, lines: &[&str]| {
        let mut ops = vec![op("BT", vec![]), op("Tf", vec!["F1".into(), 12.into()])];
        for (i, line) in lines.iter().enumerate() {
            ops.push(op(
                "Tm",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    1.into(),
                    72.into(),
                    (700 - 16 * i as i32).into(),
                ],
            ));
            for c in line.chars() {
                let g = gid_of(c);
                ops.push(op(
                    "Tj",
                    vec![Object::String(
                        g.to_be_bytes().to_vec(),
                        lopdf::StringFormat::Hexadecimal,
                    )],
                ));
                let w = crate::glyph_ids::tests::times(c) * 12.0;
                ops.push(op("Td", vec![Object::Real(w as f32), 0.into()]));
            }
        }
        ops.push(op("ET", vec![]));
        let doc = without_fonts(build(ops, None));
        extract_bytes(&save(doc), "cut.pdf", None)
    };
    let lines = [
        "Le Pacte de la région développe l’accès à la formation des demandeurs d’emploi",
        "les plus fragiles et la qualité des compétences : une stratégie déjà évaluée.",
    ];
    let truetype = |c: char| match c as u32 {
        cp @ 0x20..=0x7E => (cp - 0x20 + 3) as u16,
        cp @ 0xA0..=0xFF => (cp - 62) as u16,
        _ => 2021,
    };
    let d = draw(&truetype, &lines).expect("read by glyph ids");
    // (one paragraph: the lines run on)
    assert_eq!(render_text(&d).trim(), lines.join(" "));
    // codes that are not the shared order (a subset's codes in order of first use) spell
    // nothing and are not shown as text
    let mut order: Vec<char> = Vec::new();
    for c in lines.concat().chars() {
        if !order.contains(&c) {
            order.push(c);
        }
    }
    let by_use = |c: char| order.iter().position(|&o| o == c).unwrap_or(0) as u16 + 1;
    assert_eq!(
        draw(&by_use, &lines).err(),
        Some(ExtractError::UnmappedText { pages: 1 })
    );
}

#[test]
fn bad_bytes_are_typed_errors() {
    assert_eq!(
        extract_bytes(b"", "a", None).err(),
        Some(ExtractError::Empty)
    );
    assert_eq!(
        extract_bytes(b"<html></html>", "a", None).err(),
        Some(ExtractError::NotPdf)
    );
    let bytes = save(hello());
    assert!(matches!(
        extract_bytes(&bytes[..bytes.len() / 2], "a", None),
        Err(ExtractError::Damaged(_))
    ));
    // Garbage after a header: damaged, not a panic.
    let mut junk = b"%PDF-1.4\n".to_vec();
    junk.extend((0..5000u32).map(|i| (i * 7919 % 251) as u8));
    junk.extend(b"\n%%EOF\n");
    assert!(extract_bytes(&junk, "a", None).is_err());
}

#[test]
fn no_text_layer_names_ocr() {
    let ops = vec![
        op("q", vec![]),
        op("re", vec![10.into(), 10.into(), 100.into(), 100.into()]),
        op("f", vec![]),
        op("Q", vec![]),
    ];
    let e = extract_bytes(&save(build(ops, None)), "scan.pdf", None).err();
    assert_eq!(e, Some(ExtractError::NoTextLayer { pages: 1 }));
    assert!(e.is_some_and(|e| e.to_string().contains("OCR")));
}

#[test]
fn text_drawn_in_fonts_that_cannot_be_decoded_is_not_called_a_missing_text_layer() {
    // the page's font made a composite font of CIDs with no map to Unicode: the string is
    // drawn, nothing decodes to characters
    let mut doc = build(text_at(72.0, 700.0, "Bonjour"), None);
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "Inconnue",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
    });
    let type0 = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "Inconnue",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid_font.into()],
    };
    let font_ids: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict().is_ok_and(|d| {
                d.get(b"BaseFont")
                    .is_ok_and(|b| b.as_name().ok() == Some(b"Helvetica"))
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in font_ids {
        doc.objects.insert(id, Object::Dictionary(type0.clone()));
    }
    let e = extract_bytes(&save(doc), "cid.pdf", None).err();
    assert_eq!(e, Some(ExtractError::UnmappedText { pages: 1 }), "{e:?}");
    assert!(e.is_some_and(|e| !e.to_string().contains("no text layer")));
}

#[test]
fn pages_the_tree_does_not_lead_to_are_found() {
    // a /Kids cycle: the page tree's node lists itself beside the page
    let mut doc = hello();
    let pages_id = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .expect("pages");
    let page_id = *doc.get_pages().values().next().expect("page");
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(pages_id) {
        d.set(
            "Kids",
            vec![Object::Reference(pages_id), Object::Reference(page_id)],
        );
        d.set("Count", 2);
    }
    let d = extract_bytes(&save(doc), "cycle.pdf", None).expect("extract");
    assert!(
        render_text(&d).contains("Bonjour le monde"),
        "{}",
        render_text(&d)
    );
    // a catalog that is not there: the trailer's /Root points at nothing
    let mut doc = hello();
    doc.trailer.set("Root", Object::Reference((999, 0)));
    let d = extract_bytes(&save(doc), "noroot.pdf", None).expect("extract");
    assert!(
        render_text(&d).contains("Bonjour le monde"),
        "{}",
        render_text(&d)
    );
}

#[test]
fn content_that_does_not_decompress_is_called_damaged() {
    let mut doc = hello();
    let page_id = *doc.get_pages().values().next().expect("page");
    let content_id = doc.get_page_contents(page_id)[0];
    doc.objects.insert(
        content_id,
        Object::Stream(Stream::new(
            dictionary! { "Filter" => "FlateDecode" },
            b"this is not zlib data at all, only noise".to_vec(),
        )),
    );
    match extract_bytes(&save(doc), "corrupt.pdf", None) {
        Err(ExtractError::Damaged(m)) => assert!(m.contains("decompress"), "{m}"),
        other => panic!("corrupt content: {other:?}"),
    }
}

#[test]
fn form_xobjects_are_placed_with_their_matrix() {
    // Body text at the top; the form draws "Pied de page" at (0,0) of its own space, moved to
    // y = 400 by its /Matrix and to x = 100 by the caller's CTM.
    let mut ops = text_at(72.0, 700.0, "Texte du corps");
    ops.extend([
        op("q", vec![]),
        op(
            "cm",
            vec![1.into(), 0.into(), 0.into(), 1.into(), 100.into(), 0.into()],
        ),
        op("Do", vec!["Fx".into()]),
        op("Q", vec![]),
    ]);
    let form = (
        text_at(0.0, 0.0, "Cadre place"),
        [1.0, 0.0, 0.0, 1.0, 0.0, 400.0],
    );
    let d = extract_bytes(&save(build(ops, Some(form))), "f.pdf", None).expect("extract");
    let blocks = &d.pages[0].blocks;
    let placed = blocks
        .iter()
        .find(|b| b.text == "Cadre place")
        .expect("form text");
    assert!((placed.bbox.x0 - 100.0).abs() < 1.0, "{:?}", placed.bbox);
    // y from the top: 842 - 400 = 442 is the baseline.
    assert!(
        placed.bbox.y1 > 430.0 && placed.bbox.y0 < 450.0,
        "{:?}",
        placed.bbox
    );
    assert_eq!(blocks[0].text, "Texte du corps");
}

#[test]
fn quote_operators_show_text() {
    let ops = vec![
        op("BT", vec![]),
        op("Tf", vec!["F1".into(), 12.into()]),
        op("TL", vec![14.into()]),
        op("Td", vec![72.into(), 700.into()]),
        op("Tj", vec![s("Ligne une")]),
        op("'", vec![s("Ligne deux")]),
        op("\"", vec![0.into(), 0.into(), s("Ligne trois")]),
        op("ET", vec![]),
    ];
    let d = extract_bytes(&save(build(ops, None)), "q.pdf", None).expect("extract");
    assert_eq!(
        render_text(&d)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        "Ligne une Ligne deux Ligne trois"
    );
}

#[test]
fn reading_order_is_geometric_not_drawing_order() {
    // Two columns, drawn bottom-right first, lines shuffled.
    let mut ops = Vec::new();
    let left = ["un deux trois", "quatre cinq six", "sept huit neuf"];
    let right = ["dix onze douze", "treize quatorze", "quinze seize"];
    let mut items: Vec<(f32, f32, &str)> = Vec::new();
    for (i, t) in left.iter().enumerate() {
        items.push((72.0, 700.0 - 14.0 * i as f32, t));
    }
    for (i, t) in right.iter().enumerate() {
        items.push((320.0, 700.0 - 14.0 * i as f32, t));
    }
    for k in [5, 1, 3, 0, 4, 2] {
        let (x, y, t) = items[k];
        ops.extend(text_at(x, y, t));
    }
    let d = extract_bytes(&save(build(ops, None)), "o.pdf", None).expect("extract");
    let words: Vec<String> = render_text(&d)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let expected: Vec<String> = left
        .iter()
        .chain(right.iter())
        .flat_map(|l| l.split_whitespace())
        .map(str::to_string)
        .collect();
    assert_eq!(words, expected);
}

#[test]
fn a_page_drawn_sideways_is_read_in_its_own_orientation() {
    // A landscape table printed across a portrait page: the content is turned a quarter
    // (text runs up the page); two columns of lines in the landscape frame.
    let left = [
        "un deux trois quatre",
        "cinq six sept huit",
        "neuf dix onze douze",
    ];
    let right = [
        "treize quatorze quinze",
        "seize dix-sept dix-huit",
        "vingt et un",
    ];
    let mut ops = vec![op(
        "cm",
        vec![
            0.into(),
            1.into(),
            (-1).into(),
            0.into(),
            595.into(),
            0.into(),
        ],
    )];
    for (i, t) in left.iter().enumerate() {
        ops.extend(text_at(72.0, 500.0 - 14.0 * i as f32, t));
    }
    for (i, t) in right.iter().enumerate() {
        ops.extend(text_at(450.0, 500.0 - 14.0 * i as f32, t));
    }
    let d = extract_bytes(&save(build(ops, None)), "sideways.pdf", None).expect("extract");
    let text = render_text(&d);
    let words: Vec<&str> = text.split_whitespace().collect();
    let expected: Vec<&str> = left
        .iter()
        .chain(right.iter())
        .flat_map(|l| l.split_whitespace())
        .collect();
    assert_eq!(words, expected, "{text}");
    // words of a drawn line on one line, not one line per word or glyph run
    assert!(text.contains("un deux trois quatre cinq"), "{text}");
    assert!(text.lines().count() <= 6, "{text}");
}

#[test]
fn a_filter_given_by_reference_is_followed() {
    // a content stream long enough for lopdf to compress it
    let ops = (0..20)
        .flat_map(|i| text_at(72.0, 700.0 - 14.0 * i as f32, "Bonjour le monde"))
        .collect();
    let mut doc = build(ops, None);
    let filter = doc.add_object(Object::Array(vec![Object::Name(b"FlateDecode".to_vec())]));
    let ids: Vec<lopdf::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| o.as_stream().is_ok())
        .map(|(id, _)| *id)
        .collect();
    let mut compressed = 0;
    for id in ids {
        if let Ok(Object::Stream(st)) = doc.get_object_mut(id) {
            st.compress().expect("compress");
            if st.dict.has(b"Filter") {
                st.dict.set("Filter", filter);
                compressed += 1;
            }
        }
    }
    assert_eq!(compressed, 1);
    let d = extract_bytes(&save(doc), "f.pdf", None).expect("extract");
    assert!(render_text(&d).contains("Bonjour"), "{}", render_text(&d));
}

#[test]
fn worker_reply_round_trips() {
    let e = ExtractError::NoTextLayer { pages: 2 };
    let j = serde_json::to_string(&e).expect("serialize");
    let back: ExtractError = serde_json::from_str(&j).expect("deserialize");
    assert_eq!(back, e);
    assert_eq!(crate::worker_main(&[]), 2);
}

#[test]
fn a_file_cut_before_its_page_objects_gives_the_pages_its_content_streams_hold() {
    // catalog, page tree and font first, then the three pages' content streams, then the page
    // objects (Chromium and LibreOffice write their content streams before their pages)
    let lines = [
        "Le Pacte régional développe les parcours qualifiants vers l'emploi",
        "Les publics les plus fragiles accèdent à la formation des demandeurs",
        "La transformation des pratiques pédagogiques est suivie et évaluée",
    ];
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [7 0 R 8 0 R 9 0 R] /Count 3 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_vec(),
    ];
    for line in lines {
        let mut content = b"BT /F1 11 Tf 56 780 Td (".to_vec();
        content.extend(line.chars().map(|c| c as u32 as u8));
        content.extend_from_slice(b") Tj ET\n");
        let mut o = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        o.extend(content);
        o.extend_from_slice(b"endstream");
        objects.push(o);
    }
    for c in 4..=6 {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
                 /Resources << /Font << /F1 3 0 R >> >> /Contents {c} 0 R >>"
            )
            .into_bytes(),
        );
    }
    let (file, offsets) = objects_only(&objects);
    // cut before the first page object: every page rebuilt, its font read by a stand-in
    // (the page that named it is lost); cut after it: the two others borrow its resources
    for (cut_at, page_objects_left) in [(offsets[6], 0), (offsets[7], 1)] {
        let d = extract_bytes(&file[..cut_at], "cut.pdf", None)
            .unwrap_or_else(|e| panic!("cut at {cut_at}: {e}"));
        let pages: Vec<String> = render_text(&d)
            .split('\u{c}')
            .map(|p| p.trim().to_string())
            .collect();
        assert_eq!(pages, lines, "cut at {cut_at}");
        let repaired = d.meta.repaired.unwrap_or_default();
        assert!(
            repaired.contains(&format!(
                "{} page(s) made from content streams",
                3 - page_objects_left
            )),
            "{repaired}"
        );
    }
}

#[test]
fn a_lost_font_shown_word_by_word_or_glyph_by_glyph_still_reads_as_words() {
    // producers show a line, a word or a single glyph per string; the file was cut before
    // its font. Read as distinct strings, a long text's words hold its function words once
    // each, and single glyphs hold no word at all: both were blanked as if they spelt nothing.
    // The text: the first 2,000 words of a Pacte's source (those in Latin-1), 20 to a line.
    let source = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/PRIC-HDF-signe.txt"
    ))
    .expect("source text");
    let words: Vec<&str> = source
        .split_whitespace()
        .filter(|w| !w.starts_with('<') && w.chars().all(|c| (c as u32) < 0x100))
        .take(2_000)
        .collect();
    for per_glyph in [false, true] {
        let mut ops = vec![op("BT", vec![]), op("Tf", vec!["F1".into(), 5.into()])];
        for (i, line) in words.chunks(20).enumerate() {
            ops.push(op(
                "Tm",
                vec![
                    1.into(),
                    0.into(),
                    0.into(),
                    1.into(),
                    20.into(),
                    (810 - 7 * i as i32).into(),
                ],
            ));
            for w in line {
                let w = format!("{w} ");
                if per_glyph {
                    for c in w.chars() {
                        ops.push(op("Tj", vec![latin1(&c.to_string())]));
                    }
                } else {
                    ops.push(op("Tj", vec![latin1(&w)]));
                }
            }
        }
        ops.push(op("ET", vec![]));
        let doc = without_fonts(build(ops, None));
        let d = extract_bytes(&save(doc), "cut.pdf", None)
            .unwrap_or_else(|e| panic!("per glyph {per_glyph}: {e}"));
        let text = render_text(&d);
        // every character in place (a word or two may join: `;` and a list's `-`)
        let read: String = text.split_whitespace().collect();
        assert_eq!(read, words.concat(), "per glyph {per_glyph}");
        assert!(text.split_whitespace().count() >= words.len() - 20);
    }
}

#[test]
fn actual_text_spans_give_their_glyphs_text() {
    let line = |y: i32, parts: Vec<Operation>| {
        let mut ops = vec![
            op("BT", vec![]),
            op("Tf", vec!["F1".into(), 12.into()]),
            op("Td", vec![72.into(), y.into()]),
        ];
        ops.extend(parts);
        ops.push(op("ET", vec![]));
        ops
    };
    let mut ops = Vec::new();
    // a ligature glyph (here `#`) whose text is its span's
    ops.extend(line(
        700,
        vec![
            op("Tj", vec![s("la quali")]),
            actual_text("fi"),
            op("Tj", vec![s("#")]),
            op("EMC", vec![]),
            op("Tj", vec![s("cation des publics")]),
        ],
    ));
    // nested spans: the outer one's text stands for all it holds, once
    ops.extend(line(
        680,
        vec![
            op("Tj", vec![s("un pro")]),
            actual_text("fl"),
            actual_text("zz"),
            op("Tj", vec![s("#")]),
            op("EMC", vec![]),
            op("EMC", vec![]),
            op("Tj", vec![s("ux continu")]),
        ],
    ));
    // a soft hyphen's span keeps the glyph's own text: a hyphen at the line's end
    ops.extend(line(
        660,
        vec![
            op("Tj", vec![s("la forma")]),
            actual_text("\u{ad}"),
            op("Tj", vec![s("-")]),
            op("EMC", vec![]),
        ],
    ));
    ops.extend(line(646, vec![op("Tj", vec![s("tion continue")])]));
    // a dingbat's private-use code point reads as a bullet
    ops.extend(line(
        633,
        vec![
            op("Tj", vec![s("les sources : ")]),
            actual_text("\u{f0fc}"),
            op("Tj", vec![s("#")]),
            op("EMC", vec![]),
            op("Tj", vec![s(" partielles")]),
        ],
    ));
    // a span over a space only: the glyph drawn after it has the text (InDesign)
    ops.extend(line(
        626,
        vec![
            actual_text("\u{a2}"),
            op("Tj", vec![s(" ")]),
            op("EMC", vec![]),
            op(
                "Tj",
                vec![Object::String(vec![0xA2], lopdf::StringFormat::Literal)],
            ),
            op("Tj", vec![s(" prix")]),
        ],
    ));
    // a span left open closes with its stream
    ops.extend(line(
        620,
        vec![actual_text("rien"), op("Tj", vec![s("##")])],
    ));
    let d = extract_bytes(&save(build(ops, None)), "a.pdf", None).expect("extract");
    let text = render_text(&d);
    let words: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(
        words.join(" "),
        "la qualification des publics un proflux continu la formation continue les sources : • \
         partielles ¢ prix rien",
        "{text}"
    );
}

#[test]
fn a_font_that_reads_nothing_reads_nothing_in_actual_text_spans_either() {
    // the file lost its font and the codes spell nothing in any encoding: the spans' texts
    // (ligatures, bullets) alone would be debris
    let codes: Vec<u8> = (0..60).map(|i| 1 + (i * 7 % 25) as u8).collect();
    let mut ops = vec![
        op("BT", vec![]),
        op("Tf", vec!["F1".into(), 12.into()]),
        op("Td", vec![72.into(), 700.into()]),
    ];
    for chunk in codes.chunks(6) {
        ops.push(op(
            "Tj",
            vec![Object::String(chunk.to_vec(), lopdf::StringFormat::Literal)],
        ));
        ops.push(actual_text("fi"));
        ops.push(op(
            "Tj",
            vec![Object::String(vec![3], lopdf::StringFormat::Literal)],
        ));
        ops.push(op("EMC", vec![]));
    }
    ops.push(op("ET", vec![]));
    let doc = without_fonts(build(ops, None));
    assert_eq!(
        extract_bytes(&save(doc), "cut.pdf", None).err(),
        Some(ExtractError::UnmappedText { pages: 1 })
    );
}

#[test]
fn a_font_shown_only_in_actual_text_spans_reads_their_text() {
    // a symbol font whose codes map to nothing, each glyph given its text by a span
    let mut ops = vec![
        op("BT", vec![]),
        op("Tf", vec!["F1".into(), 12.into()]),
        op("Td", vec![72.into(), 700.into()]),
    ];
    for t in ["Le", "Pacte", "forme"] {
        ops.push(actual_text(t));
        ops.push(op(
            "Tj",
            vec![Object::String(vec![3], lopdf::StringFormat::Literal)],
        ));
        ops.push(op("EMC", vec![]));
        ops.push(op("Td", vec![40.into(), 0.into()]));
    }
    ops.push(op("ET", vec![]));
    let doc = without_fonts(build(ops, None));
    let d = extract_bytes(&save(doc), "symbols.pdf", None).expect("the spans' text");
    let words: Vec<String> = render_text(&d)
        .split_whitespace()
        .map(String::from)
        .collect();
    assert_eq!(words, ["Le", "Pacte", "forme"].map(String::from));
}

#[test]
fn fonts_whose_names_were_lost_with_the_pages_are_found_by_how_their_strings_read() {
    // LibreOffice writes its fonts, then its pages with their resources: a file cut between
    // them has fonts no object names. One here is a subset whose codes are in order of first
    // use (read through its `/Differences` only), the other a plain Windows-encoded font.
    let subset_text = "Le Pacte de la Région et les entreprises pour la formation des publics";
    let plain_text = "La stratégie de la Région pour les compétences et les métiers";
    let mut order: Vec<char> = Vec::new();
    for c in subset_text.chars() {
        if !order.contains(&c) {
            order.push(c);
        }
    }
    let glyph = |c: char| match c {
        ' ' => "space".to_string(),
        'é' => "eacute".to_string(),
        c => c.to_string(),
    };
    let differences: Vec<String> = order.iter().map(|&c| format!("/{}", glyph(c))).collect();
    let codes: Vec<u8> = subset_text
        .chars()
        .map(|c| 1 + order.iter().position(|&o| o == c).unwrap_or(0) as u8)
        .collect();
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let plain: Vec<u8> = plain_text.chars().map(|c| c as u32 as u8).collect();
    let content = format!(
        "BT /F1 11 Tf 56 780 Td <{}> Tj ET\nBT /F2 11 Tf 56 760 Td <{}> Tj ET\n",
        hex(&codes),
        hex(&plain)
    );
    let objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [6 0 R] /Count 1 >>".into(),
        format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding \
             /Differences [1 {}] >> >>",
            differences.join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>"
            .into(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R \
         /F2 4 0 R >> >> /Contents 5 0 R >>"
            .into(),
    ];
    let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
    let (file, offsets) = objects_only(&objects);
    // cut before the page object: the fonts are there, the names the page gave them are not
    let d = extract_bytes(&file[..offsets[5]], "cut.pdf", None).expect("read");
    let text = render_text(&d);
    let words: Vec<&str> = text.split_whitespace().collect();
    let want = format!("{subset_text} {plain_text}");
    assert_eq!(words.join(" "), want, "{text}");
}
