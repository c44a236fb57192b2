//! Memory of the streaming synthesizer at scale: reads a build's `sections.jsonl` and
//! `sources.json`, replays its documents `COPIES` times as other documents of `REGIONS`
//! Regions (one document in memory at a time, as the batch does), and prints the passages
//! the synthesizer retains and the process' peak resident memory (`VmHWM`, Linux).
//!
//! `cargo run --release -p pactes-synth --example memory -- DIR [COPIES] [REGIONS] [batch]`
//! (`batch`: every passage in memory first, then `synthesize`, for comparison)

use pactes_doc::TaggedPassage;
use pactes_synth::{SourceDoc, SynthOptions, Synthesizer};
use std::collections::BTreeMap;
use std::path::PathBuf;

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().map(String::as_str).unwrap_or("/tmp/so"));
    let copies: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50);
    let regions: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(18);
    let tax = pactes_tag::Taxonomy::load(std::path::Path::new(pactes_tag::DEFAULT_TAXONOMY_PATH))?;
    let jsonl = std::fs::read_to_string(dir.join("sections.jsonl"))?;
    let mut docs: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in jsonl.lines().filter(|l| !l.trim().is_empty()) {
        let p: TaggedPassage = serde_json::from_str(l)?;
        docs.entry(p.doc.clone()).or_default().push(l.to_string());
    }
    drop(jsonl);
    let base: Vec<SourceDoc> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("sources.json"))?)?;
    let mut sources = Vec::new();
    for c in 0..copies {
        for s in &base {
            let mut s = s.clone();
            s.doc = format!("{c:03}-{}", s.doc);
            s.region = format!("Région {:02}", (c * base.len() + sources.len()) % regions);
            s.sha256 = format!("{c:03}{}", &s.sha256[3..]);
            sources.push(s);
        }
    }
    let batch = args.get(3).is_some_and(|a| a == "batch");
    let mut all: Vec<TaggedPassage> = Vec::new();
    let before = peak_rss_kib().unwrap_or(0);
    let mut st = Synthesizer::for_taxonomy(&sources, &tax, &SynthOptions::default());
    let mut n = 0;
    let mut k = 0;
    for c in 0..copies {
        for lines in docs.values() {
            // the document is parsed only now, as the batch reads one document at a time
            let src = &sources[k];
            k += 1;
            let passages: Vec<TaggedPassage> = lines
                .iter()
                .map(|l| {
                    let mut p: TaggedPassage = serde_json::from_str(l).expect("parsed above");
                    p.doc = src.doc.clone();
                    p.region = src.region.clone();
                    p.sha256 = src.sha256.clone();
                    p.id = format!("{c:03}{}", &p.id[3.min(p.id.len())..]);
                    p
                })
                .collect();
            n += passages.len();
            if batch {
                all.extend(passages);
            } else {
                st.add_document(passages);
            }
        }
    }
    let (retained, s) = if batch {
        let s = pactes_synth::synthesize(&all, &sources, &tax, &SynthOptions::default());
        (all.len(), s)
    } else {
        (st.retained_passages(), st.finish())
    };
    println!(
        "{} documents, {n} passages, {} Regions: {retained} passages retained; {} words of \
         excerpts; peak RSS {} MiB (before synthesis {} MiB)",
        sources.len(),
        s.regions.len(),
        s.excerpt_words,
        peak_rss_kib().unwrap_or(0) / 1024,
        before / 1024
    );
    Ok(())
}
