//! Development harness: segment + tag the reference texts (or extracted JSON documents) and
//! evaluate against the gold quotes. `cargo run -p pactes-tag --example tagdev -- [--json] FILES…`
use pactes_doc::segment::{document_from_text, segment, SegmentOptions};
use pactes_doc::Document;
use pactes_tag::eval::{evaluate, load_gold};
use pactes_tag::{detect_region, tag, Taxonomy};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let tax = Taxonomy::load(Path::new("taxonomy/themes.toml"))?;
    let gold = load_gold(Path::new("tests/data/quotes-dev.jsonl"))?;
    let mut all = Vec::new();
    for f in args.iter().filter(|a| !a.starts_with('-')) {
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
        let ps = segment(&doc, &SegmentOptions::default());
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
