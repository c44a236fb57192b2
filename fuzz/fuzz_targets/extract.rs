//! Fuzz target: the in-process extraction entry point (the code the worker process runs) and
//! the segmentation of whatever it returns must never crash, hang or blow up memory, whatever
//! the bytes.
//!
//! pactes-pdf catches panics of the third-party parsers per page (`catch_unwind`) and turns
//! them into errors; libfuzzer-sys's panic hook would abort on those caught panics too, so the
//! target restores the default hook: only panics that escape `extract_bytes` (and aborts,
//! stack overflows, timeouts, OOM) count as crashes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::Once;

static HOOK: Once = Once::new();

fuzz_target!(|data: &[u8]| {
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
    });
    if let Ok(doc) = pactes_pdf::extract_bytes(data, "fuzz.pdf", None) {
        let _ = pactes_pdf::render_text(&doc);
        let _ = pactes_doc::segment::segment(&doc, &Default::default());
    }
});
