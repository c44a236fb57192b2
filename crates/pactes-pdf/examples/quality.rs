//! Development tool: extracts PDFs in-process and prints their word scores against
//! `tests/data/NAME.txt` (the same scoring as the integration tests).
//! Usage: `cargo run --release -p pactes-pdf --example quality -- corpus/*.pdf [--dump DIR]`.

#[path = "../../../tests/src/score.rs"]
#[allow(dead_code)]
mod score;

use std::path::Path;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut dump = None;
    let mut files = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--dump" {
            dump = it.next().cloned();
        } else {
            files.push(a.clone());
        }
    }
    for f in files {
        let p = Path::new(&f);
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let bytes = match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                println!("{name}: {e}");
                continue;
            }
        };
        let t = std::time::Instant::now();
        let doc = pactes_pdf::extract_bytes(&bytes, &name, None);
        let el = t.elapsed();
        match doc {
            Ok(doc) => {
                let text = pactes_pdf::render_text(&doc);
                if let Some(d) = &dump {
                    let _ = std::fs::write(Path::new(d).join(format!("{name}.txt")), &text);
                }
                let reference = Path::new("tests/data").join(name.replace(".pdf", ".txt"));
                match std::fs::read_to_string(&reference) {
                    Ok(r) => {
                        let s = score::scores(&r, &text);
                        println!(
                            "{name}: recall {:.5} precision {:.5} order {:.5} ({} pages, {:.2?})",
                            s.recall,
                            s.precision,
                            s.order,
                            doc.pages.len(),
                            el
                        );
                    }
                    Err(_) => println!(
                        "{name}: {} pages, {:.2?} (no reference)",
                        doc.pages.len(),
                        el
                    ),
                }
            }
            Err(e) => println!("{name}: error: {e}"),
        }
    }
}
