//! Latency of the search page under load: 8 concurrent clients on loopback for 20 s, p50/p99.
//!
//! `cargo bench -p pactes-serve --bench latency`. Uses the repository's `index/` when it holds
//! an index (after `pactes build`), else a temporary index of the ground-truth texts'
//! paragraphs (`tests/data/*.txt`); `PACTES_SERVE_INDEX` names another index.
//! `PACTES_BENCH_SECS` shortens the run.

use pactes_doc::{Axis, TaggedPassage};
use pactes_index::PassageIndex;
use pactes_serve::{spawn, ServeConfig};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const CLIENTS: usize = 8;
/// Upper bound of requests per client, whatever the duration.
const MAX_REQUESTS_PER_CLIENT: usize = 200_000;

const QUERIES: &[&str] = &[
    "/search?q=apprentissage",
    "/search?q=num%C3%A9rique",
    "/search?q=%22comp%C3%A9tences%20cl%C3%A9s%22",
    "/search?q=jeunes%20d%C3%A9crocheurs",
    "/search?q=illettrisme%20OR%20savoirs%20de%20base",
    "/search?q=formation%20-apprentissage&axis=2",
    "/search?q=handicap&region=Hauts-de-France",
    "/search?q=heading%3Aaxe",
    "/search?q=entreprises%20recrutement%20m%C3%A9tiers",
    "/search?q=",
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("..")
        .canonicalize()
        .unwrap_or_else(|_| PathBuf::from("."))
}

/// A temporary index of every paragraph of the ground-truth texts (regions from file names).
fn temp_index(dir: &Path) -> Result<usize, Box<dyn std::error::Error>> {
    let data = repo_root().join("tests").join("data");
    let mut total = 0;
    let idx = PassageIndex::open_or_create(dir)?;
    let mut w = idx.writer()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for (k, f) in files.iter().enumerate() {
        let text = std::fs::read_to_string(f)?;
        let doc = f
            .file_stem()
            .map(|s| format!("{}.pdf", s.to_string_lossy()))
            .unwrap_or_default();
        let region = [
            "Centre-Val de Loire",
            "Île-de-France",
            "Hauts-de-France",
            "Pays de la Loire",
        ][k % 4]
            .to_owned();
        let mut passages = Vec::new();
        let mut heading = String::new();
        for (i, para) in text.split("\n\n").enumerate() {
            let para = para.trim();
            if para.chars().count() < 100 {
                if !para.is_empty() {
                    heading = para.replace('\t', " ");
                }
                continue;
            }
            let n = passages.len();
            passages.push(TaggedPassage {
                id: format!("{k:02}-{n:05}"),
                doc: doc.clone(),
                sha256: format!("{k:064}"),
                region: region.clone(),
                page_start: 1 + i as u32 / 8,
                page_end: 1 + i as u32 / 8,
                heading: vec![heading.clone()],
                axis: [Some(Axis::One), Some(Axis::Two), Some(Axis::Transverse)][n % 3],
                themes: vec![format!("theme.{}", n % 7)],
                scores: vec![1.0],
                evidence: vec![Vec::new()],
                text: para.to_owned(),
            });
        }
        total += passages.len();
        w.replace_document(&doc, &[], &passages)?;
    }
    w.commit()?;
    Ok(total)
}

/// One GET with `Connection: close`; the status code.
fn get(addr: SocketAddr, target: &str) -> std::io::Result<u16> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::with_capacity(64 * 1024);
    s.read_to_end(&mut raw)?;
    let head = String::from_utf8_lossy(&raw[..raw.len().min(16)]).into_owned();
    Ok(head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0))
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secs: u64 = std::env::var("PACTES_BENCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20)
        .clamp(1, 120);
    let root = repo_root();
    let tmp = tempfile::tempdir()?;
    let (index, what) = if let Some(dir) = std::env::var_os("PACTES_SERVE_INDEX") {
        let dir = PathBuf::from(dir);
        let what = format!("index {}", dir.display());
        (dir, what)
    } else if root.join("index").join("meta.json").is_file() {
        (root.join("index"), "repository index/".to_owned())
    } else {
        let dir = tmp.path().join("index");
        let n = temp_index(&dir)?;
        (
            dir,
            format!("temporary index of {n} ground-truth paragraphs"),
        )
    };
    let server = spawn(ServeConfig {
        bind: "127.0.0.1".into(),
        port: 0,
        index,
        corpus: root.join("corpus"),
        out: root.join("outputs"),
    })?;
    let addr = server.addr();
    // Warm-up, and each query alone (one client, median of 20).
    println!("one client, median of 20 requests:");
    for q in QUERIES {
        let mut v = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let status = get(addr, q)?;
            if status != 200 {
                return Err(format!("{q}: status {status}").into());
            }
            v.push(t.elapsed());
        }
        v.sort();
        println!("  {:>7.2} ms  {q}", v[v.len() / 2].as_secs_f64() * 1000.0);
    }
    println!("search page latency: {CLIENTS} clients, {secs} s, loopback, {what}");
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let workers: Vec<_> = (0..CLIENTS)
        .map(|c| {
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut errors = 0usize;
                let mut i = c;
                while Instant::now() < deadline && lat.len() < MAX_REQUESTS_PER_CLIENT {
                    let q = QUERIES[i % QUERIES.len()];
                    i += 1;
                    let t = Instant::now();
                    match get(addr, q) {
                        Ok(200) => lat.push(t.elapsed()),
                        _ => errors += 1,
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (lat, e) = w.join().map_err(|_| "client thread panicked")?;
        all.extend(lat);
        errors += e;
    }
    let elapsed = started.elapsed();
    all.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "requests {} ({:.0}/s), errors {errors}",
        all.len(),
        all.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "p50 {:.2} ms  p90 {:.2} ms  p99 {:.2} ms  max {:.2} ms  (target p99 < 50 ms: {})",
        ms(percentile(&all, 0.50)),
        ms(percentile(&all, 0.90)),
        ms(percentile(&all, 0.99)),
        ms(all.last().copied().unwrap_or_default()),
        if percentile(&all, 0.99) < Duration::from_millis(50) {
            "met"
        } else {
            "MISSED"
        }
    );
    server.stop()?;
    Ok(())
}
