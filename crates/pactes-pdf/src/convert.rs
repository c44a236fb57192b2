//! Hands a document loaded (repaired, decrypted, flattened) by lopdf 0.47 to pdf-extract, which
//! is built on lopdf 0.42: the object trees have the same shape, so they are moved across
//! without re-serialising the file.

use lopdf as new;
use pdf_extract as old;

fn string_format(f: new::StringFormat) -> old::StringFormat {
    match f {
        new::StringFormat::Literal => old::StringFormat::Literal,
        new::StringFormat::Hexadecimal => old::StringFormat::Hexadecimal,
    }
}

pub(crate) fn dict(d: new::Dictionary) -> old::Dictionary {
    let mut out = old::Dictionary::new();
    for (k, v) in d {
        out.set(k, object(v));
    }
    out
}

pub(crate) fn object(o: new::Object) -> old::Object {
    match o {
        new::Object::Null => old::Object::Null,
        new::Object::Boolean(b) => old::Object::Boolean(b),
        new::Object::Integer(i) => old::Object::Integer(i),
        new::Object::Real(r) => old::Object::Real(r),
        new::Object::Name(n) => old::Object::Name(n),
        new::Object::String(s, f) => old::Object::String(s, string_format(f)),
        new::Object::Array(a) => old::Object::Array(a.into_iter().map(object).collect()),
        new::Object::Dictionary(d) => old::Object::Dictionary(dict(d)),
        new::Object::Stream(s) => {
            let mut st = old::Stream::new(dict(s.dict), s.content);
            st.allows_compression = s.allows_compression;
            old::Object::Stream(st)
        }
        new::Object::Reference(id) => old::Object::Reference(id),
    }
}

/// Moves every object of `doc` into a lopdf 0.42 document with the same trailer.
pub(crate) fn document(doc: new::Document) -> old::Document {
    let mut out = old::Document::new();
    out.version = doc.version.clone();
    out.max_id = doc.max_id;
    out.trailer = dict(doc.trailer);
    for (id, o) in doc.objects {
        out.objects.insert(id, object(o));
    }
    out
}
