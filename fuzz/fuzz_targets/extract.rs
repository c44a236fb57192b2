//! Fuzz target: the in-process extraction entry point (the code the worker process runs) and
//! the segmentation of whatever it returns must never panic, whatever the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = pactes_pdf::extract_bytes(data, "fuzz.pdf", None) {
        let _ = pactes_pdf::render_text(&doc);
        let _ = pactes_doc::segment::segment(&doc, &Default::default());
    }
});
