//! `pactes eval --gold FILE`: theme recall, axis accuracy and themes per passage of
//! `outputs/sections.jsonl`, and the synthesis's coverage and quote recall.

use crate::args::EvalArgs;
use anyhow::Context;
use pactes_doc::TaggedPassage;

pub fn run(a: EvalArgs) -> anyhow::Result<i32> {
    let gold = pactes_tag::eval::load_gold(&a.gold).context("reading gold quotes")?;
    let text = std::fs::read_to_string(&a.sections)
        .with_context(|| format!("reading {}", a.sections.display()))?;
    let mut passages: Vec<TaggedPassage> = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        passages.push(
            serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not a passage", a.sections.display(), n + 1))?,
        );
    }
    let report = pactes_tag::eval::evaluate(&passages, &gold);
    let taxonomy = pactes_tag::Taxonomy::load(&a.taxonomy).context("reading the taxonomy")?;
    let sources: Vec<pactes_synth::SourceDoc> = std::fs::read_to_string(&a.sources)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let synthesis = pactes_synth::synthesize(
        &passages,
        &sources,
        &taxonomy,
        &pactes_synth::SynthOptions::default(),
    );
    let fidelity = pactes_synth::fidelity(&synthesis, &gold);
    if a.json {
        let out = serde_json::json!({ "tagging": report, "synthesis": fidelity });
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        outln!("{report}");
        outln!(
            "synthesis: coverage {:.3} of {} (theme, region) pairs, quote recall {:.3} of {} quotes, {} words of excerpts",
            fidelity.coverage, fidelity.pairs, fidelity.quote_recall, fidelity.quotes, fidelity.excerpt_words
        );
        for (region, r) in &fidelity.per_region {
            outln!(
                "  {region}: quote recall {:.3} of {} quotes",
                r.found as f64 / r.quotes.max(1) as f64,
                r.quotes
            );
        }
    }
    Ok(0)
}
