//! Development harness: segment + tag the reference texts (or extracted JSON documents) and
//! evaluate against the gold quotes. `cargo run -p pactes-tag --example tagdev -- [-v] [-m] [--dump DIR] FILES…`
//! (`--dump DIR` writes the tagged passages of each file to `DIR/<stem>.jsonl`)
use pactes_doc::segment::{document_from_text, segment, SegmentOptions};
use pactes_doc::Document;
use pactes_tag::eval::{evaluate, load_gold};
use pactes_tag::{detect_region, tag, Taxonomy};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let tax_path = std::env::var("TAXONOMY").unwrap_or_else(|_| "taxonomy/themes.toml".into());
    let tax = Taxonomy::load(Path::new(&tax_path))?;
    let gold = load_gold(Path::new("tests/data/quotes-dev.jsonl"))?;
    let mut all = Vec::new();
    let dump_dir = args
        .iter()
        .position(|a| a == "--dump")
        .and_then(|i| args.get(i + 1))
        .cloned();
    for f in args
        .iter()
        .filter(|a| !a.starts_with('-') && Some(*a) != dump_dir.as_ref())
    {
        let s = std::fs::read_to_string(f)?;
        let doc: Document = if f.ends_with(".json") {
            serde_json::from_str(&s)?
        } else {
            let mut d = document_from_text(f, &s, 45);
            d.sha256 = format!("{:012x}", s.len());
            d
        };
        let region = match detect_region(&doc) {
            Ok(g) => {
                eprintln!("{f}: {} {:.1} {:?}", g.region, g.score, g.evidence);
                g.region
            }
            Err(e) => {
                eprintln!("{e}");
                continue;
            }
        };
        let mut opts = SegmentOptions::default();
        if let Some(n) = std::env::var("MAX_WORDS").ok().and_then(|v| v.parse().ok()) {
            opts.max_words = n;
        }
        if let Some(n) = std::env::var("PARA_WORDS")
            .ok()
            .and_then(|v| v.parse().ok())
        {
            opts.paragraph_words = n;
        }
        let ps = segment(&doc, &opts);
        eprintln!("{f}: {} passages", ps.len());
        let tp = tag(ps, &region, &tax);
        if verbose {
            for p in &tp {
                println!(
                    "--- {} p{}-{} {:?} axis {:?} {:?} {:?}\n{}",
                    p.id,
                    p.page_start,
                    p.page_end,
                    p.heading,
                    p.axis,
                    p.themes,
                    p.scores,
                    p.text.chars().take(200).collect::<String>()
                );
            }
        }
        if let Some(i) = args.iter().position(|a| a == "--dump") {
            if let Some(path) = args.get(i + 1) {
                let mut out = String::new();
                for p in &tp {
                    out.push_str(&serde_json::to_string(p)?);
                    out.push('\n');
                }
                let name = Path::new(f)
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                std::fs::write(format!("{path}/{name}.jsonl"), out)?;
            }
        }
        all.extend(tp);
    }
    let r = evaluate(&all, &gold);
    println!("{r}");
    if args.iter().any(|a| a == "-m") {
        for m in &r.misses {
            println!("== gold {} axis {} : {}", m.theme, m.axis, m.text);
            for id in &m.passages {
                if let Some(p) = all.iter().find(|p| &p.id == id) {
                    println!(
                        "   {:?} axis {:?} {:?} {:?} {:?}",
                        p.heading, p.axis, p.themes, p.scores, p.evidence
                    );
                }
            }
        }
    }
    Ok(())
}
