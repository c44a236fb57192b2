//! The extraction worker's resource limits: a decompression bomb meets the address-space limit
//! and a page that never ends meets the time limit; each becomes a one-line error for that
//! file, within bounded time, and the calling process carries on.

use pactes_pdf::{extract_file, ExtractError, ExtractOptions};
use pactes_tests::{pactes_bin, pdf_from_objects};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// A one-page PDF whose content stream is `body`, Flate-compressed, repeated `times`.
fn pdf_with_stream(dir: &Path, name: &str, body: &[u8], times: usize) -> std::path::PathBuf {
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    for _ in 0..times {
        enc.write_all(body).expect("compress");
    }
    let data = enc.finish().expect("compress");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>".to_vec(),
        [
            format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.len()).into_bytes(),
            data,
            b"\nendstream".to_vec(),
        ]
        .concat(),
    ];
    let path = dir.join(name);
    std::fs::write(&path, pdf_from_objects(&objects)).expect("write pdf");
    path
}

fn opts(memory: u64, timeout: Duration) -> ExtractOptions {
    ExtractOptions {
        memory_limit_bytes: memory,
        timeout,
        worker_exe: Some(pactes_bin()),
        ..ExtractOptions::default()
    }
}

#[test]
fn a_decompression_bomb_meets_the_memory_limit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // 2 GiB of text operators behind a few MB of Flate data, under a 768 MiB limit.
    let chunk = b"BT /F1 11 Tf 56 780 Td (bombe) Tj ET\n".repeat(1 << 14);
    let times = (2usize << 30) / chunk.len();
    let pdf = pdf_with_stream(tmp.path(), "bomb.pdf", &chunk, times);
    assert!(std::fs::metadata(&pdf).expect("size").len() < 64 << 20);
    let t = Instant::now();
    let r = extract_file(&pdf, &opts(768 << 20, Duration::from_secs(120)));
    let took = t.elapsed();
    eprintln!("{took:?}: {:?}", r.as_ref().map(|d| d.pages.len()));
    match r {
        Err(ExtractError::MemoryLimit) => {}
        Err(ExtractError::WorkerCrashed(m)) => {
            assert!(m.contains("memory") || m.contains("killed"), "{m}")
        }
        Err(e) => panic!("expected the memory limit, got: {e}"),
        Ok(d) => panic!(
            "2 GiB of content extracted under a 768 MiB limit ({} pages)",
            d.pages.len()
        ),
    }
    assert!(took < Duration::from_secs(120), "took {took:?}");
}

#[test]
fn the_time_limit_stops_a_worker_that_runs_too_long() {
    let tmp = tempfile::tempdir().expect("tempdir");
    // A content stream of many millions of operators: far more than a 1 s budget allows.
    let chunk = b"BT /F1 11 Tf 56 780 Td (lent) Tj ET\n".repeat(1 << 14);
    let pdf = pdf_with_stream(tmp.path(), "slow.pdf", &chunk, 400);
    let t = Instant::now();
    let r = extract_file(&pdf, &opts(2 << 30, Duration::from_secs(1)));
    let took = t.elapsed();
    eprintln!("{took:?}: {:?}", r.as_ref().map(|d| d.pages.len()));
    match r {
        Err(ExtractError::Timeout(1)) => {}
        Err(e) => panic!("expected the time limit, got: {e}"),
        Ok(_) => panic!("finished within 1 s: make the stream longer"),
    }
    assert!(took < Duration::from_secs(30), "took {took:?}");
}
