//! Benchmark (not a test): extracts every PDF of `corpus/` in-process, then through the
//! isolated worker process (`extract_file`, this executable as the worker), then runs
//! `pdftotext` on the same files when it is installed, and prints CPU and wall times side by
//! side (CPU includes the waited-for children: workers, pdftotext).
//! Run with `cargo bench -p pactes-pdf --bench extract`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// CPU time (user + system) of this process and of its waited-for children.
fn cpu_times() -> (Duration, Duration) {
    let get = |who| {
        // SAFETY: getrusage only writes into the zeroed struct we own.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut ru) };
        let tv = |t: libc::timeval| {
            Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
        };
        tv(ru.ru_utime) + tv(ru.ru_stime)
    };
    (get(libc::RUSAGE_SELF), get(libc::RUSAGE_CHILDREN))
}

fn corpus() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).is_some_and(|a| a == "__extract-worker") {
        std::process::exit(pactes_pdf::worker_main(&args[2..]));
    }
    let files = corpus();
    if files.is_empty() {
        println!("no PDF in corpus/");
        return;
    }
    let rounds = 3;
    // Warm-up (page cache, allocator).
    for f in &files {
        let bytes = std::fs::read(f).unwrap_or_default();
        let _ = pactes_pdf::extract_bytes(&bytes, "warm-up", None);
    }
    let mut pages = 0usize;
    let (cpu0, _) = cpu_times();
    let t0 = Instant::now();
    for _ in 0..rounds {
        pages = 0;
        for f in &files {
            let bytes = std::fs::read(f).unwrap_or_default();
            if let Ok(d) = pactes_pdf::extract_bytes(&bytes, "bench", None) {
                pages += d.pages.len();
            }
        }
    }
    let wall = t0.elapsed() / rounds;
    let (cpu1, _) = cpu_times();
    let cpu = (cpu1 - cpu0) / rounds;
    println!(
        "pactes-pdf: {} files, {pages} pages: cpu {:.3} s, wall {:.3} s ({} threads)",
        files.len(),
        cpu.as_secs_f64(),
        wall.as_secs_f64(),
        rayon::current_num_threads()
    );
    let opts = pactes_pdf::ExtractOptions {
        worker_exe: std::env::current_exe().ok(),
        ..Default::default()
    };
    let (s0, k0) = cpu_times();
    let t2 = Instant::now();
    for _ in 0..rounds {
        for f in &files {
            if let Err(e) = pactes_pdf::extract_file(f, &opts) {
                println!("worker: {}: {e}", f.display());
            }
        }
    }
    let wwall = t2.elapsed() / rounds;
    let (s1, k1) = cpu_times();
    let wcpu = ((s1 - s0) + (k1 - k0)) / rounds;
    println!(
        "pactes-pdf through the worker: cpu {:.3} s, wall {:.3} s",
        wcpu.as_secs_f64(),
        wwall.as_secs_f64()
    );
    let (_, c0) = cpu_times();
    let t1 = Instant::now();
    let mut ran = true;
    for _ in 0..rounds {
        for f in &files {
            match Command::new("pdftotext").arg(f).arg("/dev/null").status() {
                Ok(s) if s.success() => {}
                _ => ran = false,
            }
        }
    }
    if !ran {
        println!("pdftotext: not installed (or failed): no comparison");
        return;
    }
    let pwall = t1.elapsed() / rounds;
    let (_, c1) = cpu_times();
    let pcpu = (c1 - c0) / rounds;
    println!(
        "pdftotext:  cpu {:.3} s, wall {:.3} s (sequential)",
        pcpu.as_secs_f64(),
        pwall.as_secs_f64()
    );
    println!(
        "ratio pactes-pdf / pdftotext: cpu {:.2}, wall {:.2} (in-process); cpu {:.2}, wall {:.2} (worker)",
        cpu.as_secs_f64() / pcpu.as_secs_f64(),
        wall.as_secs_f64() / pwall.as_secs_f64(),
        wcpu.as_secs_f64() / pcpu.as_secs_f64(),
        wwall.as_secs_f64() / pwall.as_secs_f64()
    );
}
