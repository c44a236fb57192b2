//! Development harness: tags paragraphs given with their theme (JSON lines `{theme, text}`,
//! e.g. the national synthesis's quotes of Regions outside the corpus) and reports how often
//! the tagger gives that theme, as first theme and at all, and how many themes it gives.
//! Usage: `cargo run --release -p pactes-tag --example heldout -- FILE.jsonl [-v]`.

use pactes_doc::Passage;
use pactes_tag::{tag, Taxonomy};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let file = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .ok_or("usage: heldout FILE.jsonl [-v]")?;
    let tax_path = std::env::var("TAXONOMY").unwrap_or_else(|_| "taxonomy/themes.toml".into());
    let tax = Taxonomy::load(Path::new(&tax_path))?;
    let mut want = Vec::new();
    let mut passages = Vec::new();
    for (i, line) in std::fs::read_to_string(file)?.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let theme = v["theme"].as_str().unwrap_or_default().to_string();
        let text = v["text"].as_str().unwrap_or_default().to_string();
        want.push(theme);
        passages.push(Passage {
            id: format!("q-{i:04}"),
            doc: "heldout".into(),
            sha256: String::new(),
            page_start: 1,
            page_end: 1,
            heading: Vec::new(),
            text,
        });
    }
    let tagged = tag(passages, "", &tax);
    let axis_of = |id: &str| {
        tax.themes
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.axis)
            .unwrap_or(0)
    };
    let (mut first, mut any, mut themes, mut axis_ok, mut with_axis) = (0, 0, 0, 0, 0);
    let mut per: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    // a closed pipe (`| head`) ends the listing, not the program
    let mut out = std::io::stdout().lock();
    for (p, w) in tagged.iter().zip(&want) {
        let hit = p.themes.iter().any(|t| t == w);
        first += usize::from(p.themes.first() == Some(w));
        any += usize::from(hit);
        themes += p.themes.len();
        let e = per.entry(w.as_str()).or_default();
        e.0 += usize::from(hit);
        e.1 += 1;
        let a = axis_of(w);
        if (1..=3).contains(&a) {
            with_axis += 1;
            let got = p.axis.map(|x| x.as_str().to_string());
            axis_ok += usize::from(got.as_deref() == Some(&a.to_string()));
        }
        if verbose && !hit {
            let _ = writeln!(
                out,
                "miss {w} got {:?} {:?}: {}",
                p.themes,
                p.evidence.first(),
                p.text.chars().take(140).collect::<String>()
            );
        }
    }
    let n = want.len().max(1) as f64;
    let _ = writeln!(
        out,
        "{} paragraphs: theme first {:.3}, theme recalled {:.3}, {:.2} themes per paragraph, axis (content only) {:.3} of {}",
        want.len(),
        first as f64 / n,
        any as f64 / n,
        themes as f64 / n,
        axis_ok as f64 / with_axis.max(1) as f64,
        with_axis
    );
    let per: Vec<String> = per
        .iter()
        .map(|(k, (h, t))| format!("{k} {h}/{t}"))
        .collect();
    let _ = writeln!(out, "per theme: {}", per.join(", "));
    Ok(())
}
