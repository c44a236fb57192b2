//! Scale benchmark (`cargo bench -p pactes-tests --bench scale`): builds a synthetic corpus of
//! 200 PDFs from the bundled Pactes (page subsets under other file names), then runs a cold
//! `pactes build` on 50, 100 and 200 of them and prints wall time, pages per second, time per
//! page and peak memory (largest resident set of the build process and its workers).
//!
//! `PACTES_SCALE_SIZES=10,20` runs other sizes. Each size runs in a fresh child of this bench so
//! that peak memory is measured per size.

use pactes_tests::{corpus_pdfs, pactes_bin};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(Path::new(&args[i + 1]));
        return;
    }
    let sizes: Vec<usize> = std::env::var("PACTES_SCALE_SIZES")
        .unwrap_or_else(|_| "50,100,200".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let max = sizes.iter().copied().max().unwrap_or(0);
    let work = tempfile::tempdir().expect("temp dir");
    let pool = work.path().join("pool");
    std::fs::create_dir_all(&pool).expect("pool dir");
    let t = Instant::now();
    let files = make_corpus(&pool, max);
    eprintln!(
        "synthetic corpus: {} PDFs written in {:.1}s",
        files.len(),
        t.elapsed().as_secs_f64()
    );
    let bin = pactes_bin();
    println!("| documents | pages | wall (s) | pages/s | ms/page | peak RSS (MB) |");
    println!("|---|---|---|---|---|---|");
    for &n in &sizes {
        let corpus = work.path().join(format!("corpus-{n}"));
        std::fs::create_dir_all(&corpus).expect("corpus dir");
        for f in files.iter().take(n) {
            let link = corpus.join(f.file_name().expect("file name"));
            std::os::unix::fs::symlink(f, &link).expect("symlink");
        }
        let out = Command::new(std::env::current_exe().expect("current exe"))
            .arg("--child")
            .arg(&corpus)
            .env("PACTES_BIN", &bin)
            .output()
            .expect("run child");
        let line = String::from_utf8_lossy(&out.stdout);
        let v: serde_json::Value = match serde_json::from_str(line.trim()) {
            Ok(v) => v,
            Err(_) => {
                eprintln!(
                    "size {n}: child failed: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                continue;
            }
        };
        let wall = v["wall"].as_f64().unwrap_or(0.0);
        let pages = v["pages"].as_f64().unwrap_or(0.0);
        println!(
            "| {} | {} | {:.1} | {:.0} | {:.2} | {:.0} |",
            v["documents"],
            pages,
            wall,
            pages / wall.max(1e-9),
            1000.0 * wall / pages.max(1.0),
            v["maxrss_kb"].as_f64().unwrap_or(0.0) / 1024.0
        );
    }
}

/// Writes `n` PDFs: the bundled Pactes in turn, each keeping its first page (title page, so
/// that the region is still detected) and a window of 40–100 % of the others.
fn make_corpus(dir: &Path, n: usize) -> Vec<PathBuf> {
    let src = corpus_pdfs();
    assert!(!src.is_empty(), "no PDF in corpus/");
    let counts: Vec<u32> = src
        .iter()
        .map(|p| pactes_pdf::subset::page_count(p).expect("page count"))
        .collect();
    let mut out = Vec::new();
    for i in 0..n {
        let k = i % src.len();
        let pages = counts[k];
        let share = 40 + (i * 37 % 61) as u32; // 40..=100 %
        let len = (pages * share / 100).max(1);
        let start = 2 + (i as u32 * 7919) % (pages - len + 1).max(1);
        let mut keep: Vec<u32> = vec![1];
        keep.extend((start..start + len).filter(|&p| p <= pages && p > 1));
        let stem = src[k].file_stem().unwrap_or_default().to_string_lossy();
        let dest = dir.join(format!("{i:03}-{stem}.pdf"));
        pactes_pdf::subset::write_page_subset(&src[k], &keep, &dest).expect("write subset");
        out.push(dest);
    }
    out
}

/// Child: one cold build of `corpus`; prints one JSON line with wall time, pages and the peak
/// resident set of the build and its workers (getrusage of reaped descendants).
fn child(corpus: &Path) {
    let bin = std::env::var("PACTES_BIN").expect("PACTES_BIN");
    let tmp = tempfile::tempdir().expect("temp dir");
    let t = Instant::now();
    let out = Command::new(bin)
        .current_dir(pactes_tests::repo_root())
        .args(["build", "--quiet", "--json", "--corpus"])
        .arg(corpus)
        .arg("--index")
        .arg(tmp.path().join("index"))
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .expect("run pactes build");
    let wall = t.elapsed().as_secs_f64();
    if !out.status.success() && out.stdout.is_empty() {
        eprintln!(
            "pactes build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    // SAFETY: getrusage only writes into the struct we pass.
    let maxrss_kb = unsafe {
        let mut ru: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut ru);
        ru.ru_maxrss
    };
    println!(
        "{}",
        serde_json::json!({
            "documents": summary["processed"].as_array().map_or(0, |a| a.len()),
            "failed": summary["failed"].as_array().map_or(0, |a| a.len()),
            "pages": summary["pages"],
            "wall": wall,
            "maxrss_kb": maxrss_kb,
        })
    );
}
