//! Main-job benchmark (`cargo bench -p pactes-tests --bench build`): a cold `pactes build` of
//! the bundled corpus (no index) against `pdftotext` extracting the same files, side by side
//! in one run, best of 3 each; prints both wall times and the ratio. Also times a warm build
//! (unchanged corpus: no extraction) and the ingest of one Pacte into an index holding the
//! three others.

use pactes_tests::{corpus_pdfs, pactes_bin, repo_root};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn time(mut f: impl FnMut()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

fn best_of(n: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..n).map(|_| f()).min().unwrap_or_default()
}

/// `pactes CMD --quiet FILES… --corpus CORPUS` with its index and outputs in `dir`, timed.
fn run_in(bin: &Path, cmd: &str, files: &[&Path], corpus: &Path, dir: &Path) -> Duration {
    time(|| {
        let st = Command::new(bin)
            .args([cmd, "--quiet"])
            .args(files)
            .arg("--corpus")
            .arg(corpus)
            .arg("--index")
            .arg(dir.join("index"))
            .arg("--out")
            .arg(dir.join("out"))
            .arg("--taxonomy")
            .arg(repo_root().join("taxonomy/themes.toml"))
            .status()
            .unwrap_or_else(|e| panic!("pactes {cmd}: {e}"));
        assert!(st.success(), "pactes {cmd} failed");
    })
}

/// One `pactes build` of `corpus` into `dir` (index and outputs), timed.
fn build_into(bin: &Path, corpus: &Path, dir: &Path) -> Duration {
    run_in(bin, "build", &[], corpus, dir)
}

/// A cold build: `dir` emptied first.
fn build(bin: &Path, corpus: &Path, dir: &Path) -> Duration {
    let _ = std::fs::remove_dir_all(dir);
    build_into(bin, corpus, dir)
}

fn main() {
    let bin = pactes_bin();
    let pdfs = corpus_pdfs();
    let corpus = repo_root().join("corpus");
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("run");
    let cold = best_of(3, || build(&bin, &corpus, &dir));
    let warm = best_of(3, || build_into(&bin, &corpus, &dir));
    println!("pactes build, cold (4 Pactes): {:.3} s", cold.as_secs_f64());
    println!(
        "pactes build, unchanged corpus: {:.3} s",
        warm.as_secs_f64()
    );

    // Ingest of one Pacte into an index holding the three others.
    let three = tmp.path().join("three");
    std::fs::create_dir_all(&three).expect("dir");
    for p in &pdfs[1..] {
        std::fs::copy(p, three.join(p.file_name().expect("name"))).expect("copy");
    }
    let ingest = best_of(3, || {
        let d = tmp.path().join("ingest");
        build(&bin, &three, &d);
        std::fs::remove_file(three.join(pdfs[0].file_name().expect("name"))).ok();
        let t = run_in(&bin, "ingest", &[&pdfs[0]], &three, &d);
        std::fs::remove_file(three.join(pdfs[0].file_name().expect("name"))).ok();
        t
    });
    println!(
        "ingest of {} into an index of 3: {:.3} s ({:.2} of a full build)",
        pdfs[0].file_name().unwrap_or_default().to_string_lossy(),
        ingest.as_secs_f64(),
        ingest.as_secs_f64() / cold.as_secs_f64()
    );

    let have_pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    if !have_pdftotext {
        println!("pdftotext not installed: no side-by-side ratio (apt-get install poppler-utils)");
        return;
    }
    let pdftotext = best_of(3, || {
        time(|| {
            for p in &pdfs {
                let st = Command::new("pdftotext")
                    .arg(p)
                    .arg(tmp.path().join("x.txt"))
                    .status()
                    .expect("pdftotext");
                assert!(st.success());
            }
        })
    });
    println!(
        "pdftotext, extraction only (4 Pactes, sequential): {:.3} s",
        pdftotext.as_secs_f64()
    );
    println!(
        "ratio pactes build / pdftotext: {:.2}",
        cold.as_secs_f64() / pdftotext.as_secs_f64()
    );
}
