//! Dev loop for the synthesis: reads an existing `sections.jsonl` + `sources.json` (from
//! `pactes build --out DIR`), synthesises, and prints coverage / quote recall / words, the
//! words per Region, and every gold quote missed with the passage that holds it.
//!
//! `cargo run -p pactes-synth --example fidelity -- DIR [GOLD.jsonl] [TAXONOMY.toml]`

use pactes_doc::TaggedPassage;
use pactes_synth::{fidelity, synthesize, text, SourceDoc, SynthOptions, Synthesizer};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = PathBuf::from(args.first().map(String::as_str).unwrap_or("/tmp/so"));
    let gold_path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "tests/data/quotes-dev.jsonl".into());
    let tax_path = args
        .get(2)
        .cloned()
        .unwrap_or_else(|| pactes_tag::DEFAULT_TAXONOMY_PATH.into());
    let passages: Vec<TaggedPassage> = std::fs::read_to_string(dir.join("sections.jsonl"))?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let sources: Vec<SourceDoc> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("sources.json"))?)?;
    let tax = pactes_tag::Taxonomy::load(std::path::Path::new(&tax_path))?;
    let gold = pactes_tag::eval::load_gold(std::path::Path::new(&gold_path))?;
    let verbose = std::env::var("VERBOSE").is_ok();
    let mut out = String::new();

    let mut opts = SynthOptions::default();
    // ceiling studies: ORACLE_MAX=n excerpts per pair, ORACLE_BUDGET=words per Region
    if let Some(n) = std::env::var("ORACLE_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.max_excerpts_per_region_theme = n;
    }
    if let Some(n) = std::env::var("ORACLE_BUDGET")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.word_budget_per_region = n;
    }
    let s = synthesize(&passages, &sources, &tax, &opts);
    // the streaming synthesizer holds only the passages that may still be quoted
    let mut docs: BTreeMap<&str, Vec<TaggedPassage>> = BTreeMap::new();
    for p in &passages {
        docs.entry(p.doc.as_str()).or_default().push(p.clone());
    }
    let mut st = Synthesizer::for_taxonomy(&sources, &tax, &opts);
    for (_, d) in docs {
        st.add_document(d);
    }
    let retained = st.retained_passages();
    let f = fidelity(&s, &gold);
    let mut per_region: BTreeMap<&str, usize> = BTreeMap::new();
    for t in &s.themes {
        for e in &t.excerpts {
            *per_region.entry(e.region.as_str()).or_default() += text::word_count(&e.text);
        }
    }
    writeln!(
        out,
        "coverage {:.3} ({} pairs)  quote recall {:.3} ({} quotes)  words {}",
        f.coverage, f.pairs, f.quote_recall, f.quotes, f.excerpt_words
    )?;
    for (r, w) in &per_region {
        writeln!(out, "  {r}: {w} words")?;
    }
    writeln!(
        out,
        "  streaming state: {retained} of {} passages retained",
        passages.len()
    )?;

    // per-quote diagnosis
    let sh = |t: &str| text::shingles(&text::tokens(t), 6);
    let mut found = 0;
    for q in &gold {
        let qs = sh(&q.text);
        let section = s.themes.iter().find(|t| t.id == q.theme);
        let exs: Vec<&pactes_synth::Excerpt> = section
            .map(|t| t.excerpts.iter().filter(|e| e.region == q.region).collect())
            .unwrap_or_default();
        let best = exs
            .iter()
            .map(|e| qs.intersection(&sh(&e.text)).count())
            .max()
            .unwrap_or(0);
        let ok = !qs.is_empty() && 2 * best >= qs.len();
        if ok {
            found += 1;
        }
        if ok && !verbose {
            continue;
        }
        // where the quote lives
        let mut holders: Vec<(usize, &TaggedPassage)> = passages
            .iter()
            .filter(|p| p.region == q.region)
            .map(|p| (qs.intersection(&sh(&p.text)).count(), p))
            .filter(|(n, _)| *n > 0)
            .collect();
        holders.sort_by_key(|h| std::cmp::Reverse(h.0));
        let words = text::word_count(&q.text);
        writeln!(
            out,
            "{} {} {} [{}w, {}/{} shingles in excerpts ({} excerpts)] {}",
            if ok { "HIT " } else { "MISS" },
            &q.region[..6.min(q.region.len())],
            q.theme,
            words,
            best,
            qs.len(),
            exs.len(),
            q.text.chars().take(90).collect::<String>()
        )?;
        for (n, p) in holders.iter().take(2) {
            let tags: BTreeSet<&str> = p.themes.iter().map(String::as_str).collect();
            writeln!(
                out,
                "      in {} ({n} sh) axis {:?} tags {:?} head {:?}",
                p.id,
                p.axis.map(|a| a.as_str()),
                tags,
                p.heading.last()
            )?;
        }
        for e in &exs {
            writeln!(
                out,
                "      excerpt {} ({}w): {}",
                e.passage_id,
                text::word_count(&e.text),
                e.text
                    .chars()
                    .take(70)
                    .collect::<String>()
                    .replace('\n', " ")
            )?;
        }
    }
    writeln!(out, "found {found}/{}", gold.len())?;
    // a closed pipe (`| head`) is not an error of the tool
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(())
}
