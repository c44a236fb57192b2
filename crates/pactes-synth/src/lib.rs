//! The lecture transversale: cross-region synthesis as Markdown, JSON and CSV.
//!
//! `synthesize` is a pure, deterministic function of the tagged passages, the source list and
//! the taxonomy: for every theme of the national plan and every Region, the passages that are
//! about the theme, cut to the sentences that carry it, within a word budget per Region.
//! It is a thin wrapper over the streaming `Synthesizer` (`new`, `add_document` per document
//! in any order, `finish`), whose state is bounded by Regions × themes, not by the corpus.

pub mod facts;
mod render;
mod select;
mod stream;
pub mod text;

use facts::{Count, Vocabulary};
use pactes_doc::TaggedPassage;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};
pub use stream::Synthesizer;

/// A source document of the synthesis.
#[derive(Debug, Serialize, Deserialize, Clone, PartialEq)]
pub struct SourceDoc {
    pub doc: String,
    pub region: String,
    pub pages: u32,
    pub sha256: String,
    /// Source date from the PDF metadata (`2019-02-14`), if any.
    pub date: Option<String>,
}

/// Knobs of the selection.
#[derive(Debug, Clone)]
pub struct SynthOptions {
    /// At most this many excerpts per Region and theme (3).
    pub max_excerpts_per_region_theme: usize,
    /// Words of excerpts per Region on average, all themes together (3,750: four Regions
    /// ≤ 15,000); the corpus total is shared among Regions by the length of their Pacte.
    pub word_budget_per_region: usize,
    /// Sector vocabulary and acronym filters for the "Éléments de synthèse".
    pub vocabulary: Vocabulary,
}

impl Default for SynthOptions {
    fn default() -> Self {
        SynthOptions {
            max_excerpts_per_region_theme: 3,
            word_budget_per_region: 3_750,
            vocabulary: Vocabulary::builtin(),
        }
    }
}

/// A theme of the plan, as the synthesis needs it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThemeDef {
    pub id: String,
    /// 0 introduction / diagnostic, 1, 2, 3 transverse, 4 suivi et évaluation.
    pub axis: u8,
    pub label: String,
}

/// One quoted illustration.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Excerpt {
    pub region: String,
    pub doc: String,
    pub page_start: u32,
    pub page_end: u32,
    /// The passage's own heading (innermost of its path).
    pub heading: String,
    /// Sentences of the passage, in order; lines separated by `\n`.
    pub text: String,
    pub passage_id: String,
}

/// One theme of the plan with its illustrations.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThemeSection {
    pub id: String,
    pub axis: u8,
    pub label: String,
    /// True for an axis' overview (id = the axis number), false for a theme of the plan.
    #[serde(default)]
    pub overview: bool,
    /// Sorted by Region, then document order.
    pub excerpts: Vec<Excerpt>,
    /// Regions with at least one passage on the theme.
    pub regions: Vec<String>,
    /// Regions of the corpus without any passage on the theme.
    pub regions_absent: Vec<String>,
}

/// How many Regions address a theme.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ThemeCount {
    pub id: String,
    pub label: String,
    pub regions: Vec<String>,
}

/// The "Éléments de synthèse" opening one part of the plan.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AxisSummary {
    pub axis: u8,
    pub title: String,
    pub themes: Vec<ThemeCount>,
    pub acronyms: Vec<Count>,
    pub sectors: Vec<Count>,
}

/// An expérimentation a Pacte announces.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Experimentation {
    pub region: String,
    pub doc: String,
    pub page_start: u32,
    pub heading: String,
    pub sentence: String,
}

/// The whole synthesis; rendered by `to_markdown`, `to_json`, `matrix_csv`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Synthesis {
    pub title: String,
    /// Most recent source date, if any source has one.
    pub date: Option<String>,
    pub sources: Vec<SourceDoc>,
    pub regions: Vec<String>,
    pub axes: Vec<AxisSummary>,
    pub themes: Vec<ThemeSection>,
    /// theme id → Region → number of passages tagged with the theme.
    pub matrix: BTreeMap<String, BTreeMap<String, usize>>,
    pub experimentations: Vec<Experimentation>,
    /// Words of excerpts in total.
    pub excerpt_words: usize,
}

/// Titles of the parts of the national plan.
pub fn axis_title(axis: u8) -> &'static str {
    match axis {
        0 => "Introduction : forces et faiblesses, diagnostic",
        1 => "Axe 1 — Proposer des parcours qualifiants vers l'emploi, renouvelés dans leurs contenus",
        2 => "Axe 2 — Garantir l'accès des publics fragiles aux parcours qualifiants par la consolidation des compétences clés",
        3 => "Axe transverse — S'engager dans la modernisation des contenus et des modes de mise en œuvre de la formation et de l'accompagnement",
        _ => "Suivi et évaluation",
    }
}

/// The synthesis, from any theme list (see `synthesize` for the taxonomy entry point): the
/// streaming `Synthesizer` fed one document at a time.
pub fn synthesize_with(
    passages: &[TaggedPassage],
    sources: &[SourceDoc],
    themes: &[ThemeDef],
    opts: &SynthOptions,
) -> Synthesis {
    let mut docs: BTreeMap<(&str, &str), Vec<TaggedPassage>> = BTreeMap::new();
    for p in passages {
        docs.entry((p.doc.as_str(), p.sha256.as_str()))
            .or_default()
            .push(p.clone());
    }
    let mut s = Synthesizer::new(sources, themes, opts);
    for (_, doc) in docs {
        s.add_document(doc);
    }
    s.finish()
}

/// Share of a Pacte's own words its excerpts may take at most (beyond `MIN_REGION_WORDS`).
const MAX_SHARE_OF_DOC: f64 = 0.2;
/// Words a Region may always spend, however short its Pacte.
const MIN_REGION_WORDS: usize = 500;

/// Most words of excerpts a Region whose Pacte has `words` words may take.
pub(crate) fn region_cap(words: usize, total: usize) -> usize {
    ((words as f64 * MAX_SHARE_OF_DOC) as usize)
        .max(MIN_REGION_WORDS)
        .min(total)
}

/// Words of excerpts per Region: the corpus budget (`per_region` × Regions) shared in
/// proportion to the square root of each Region's words (a longer Pacte says more, not
/// proportionally more), never more than `MAX_SHARE_OF_DOC` of its own words (or
/// `MIN_REGION_WORDS`); what a short
/// Pacte cannot use goes to the others.
pub(crate) fn region_budgets<'a>(
    regions: &'a [String],
    words: &BTreeMap<&str, usize>,
    per_region: usize,
) -> BTreeMap<&'a str, usize> {
    let total = per_region * regions.len();
    let cap = |r: &str| region_cap(words.get(r).copied().unwrap_or(0), total);
    let mut fixed: BTreeMap<&str, usize> = BTreeMap::new();
    let mut out: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..=regions.len() {
        let free: Vec<&str> = regions
            .iter()
            .map(String::as_str)
            .filter(|r| !fixed.contains_key(r))
            .collect();
        let left = total.saturating_sub(fixed.values().sum());
        let weight = |r: &str| (words.get(r).copied().unwrap_or(0) as f64).sqrt();
        let sum: f64 = free.iter().map(|r| weight(r)).sum();
        out.clear();
        let mut changed = false;
        for r in free {
            let share = if sum > 0.0 { weight(r) / sum } else { 0.0 };
            let b = (left as f64 * share).floor() as usize;
            if b > cap(r) {
                fixed.insert(r, cap(r));
                changed = true;
            } else {
                out.insert(r, b);
            }
        }
        if !changed {
            break;
        }
    }
    out.extend(fixed);
    out
}

/// At most `n` words of `s`, with an ellipsis when cut.
pub(crate) fn clip_words(s: &str, n: usize) -> String {
    let w: Vec<&str> = s.split_whitespace().collect();
    if w.len() <= n {
        s.to_string()
    } else {
        format!("{} […]", w[..n].join(" "))
    }
}

/// Fidelity of a synthesis to the hand-made one.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Fidelity {
    /// Share of the (theme, Region) pairs the gold quotes cite that the synthesis cites too.
    pub coverage: f64,
    /// Share of gold quotes of which an excerpt of the same theme and Region holds at least
    /// half of the 6-word shingles.
    pub quote_recall: f64,
    pub excerpt_words: usize,
    pub pairs: usize,
    pub quotes: usize,
    /// By Region (official name when the gold's is one's spelling): its quotes and how many an
    /// excerpt holds.
    pub per_region: BTreeMap<String, RegionRecall>,
}

/// One Region's quote recall.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct RegionRecall {
    pub quotes: usize,
    pub found: usize,
}

/// A gold quote, as the fidelity needs it.
#[derive(Debug, Clone)]
pub struct QuoteRef<'a> {
    pub theme: &'a str,
    pub region: &'a str,
    pub text: &'a str,
}

fn region_key(r: &str) -> String {
    text::tokens(r).join("")
}

/// Fidelity against any list of quotes (see `fidelity`).
pub fn fidelity_with(s: &Synthesis, gold: &[QuoteRef]) -> Fidelity {
    // (theme, region) → shingle sets of its excerpts
    let mut ex: BTreeMap<(String, String), Vec<HashSet<String>>> = BTreeMap::new();
    for t in &s.themes {
        for e in &t.excerpts {
            ex.entry((t.id.clone(), region_key(&e.region)))
                .or_default()
                .push(text::shingles(&text::tokens(&e.text), 6));
        }
    }
    let pairs: BTreeSet<(String, String)> = gold
        .iter()
        .map(|q| (q.theme.to_string(), region_key(q.region)))
        .collect();
    let covered = pairs.iter().filter(|k| ex.contains_key(*k)).count();
    let mut found = 0;
    let mut per_region: BTreeMap<String, RegionRecall> = BTreeMap::new();
    for q in gold {
        let name = pactes_tag::canonical_region(q.region).unwrap_or(q.region);
        let r = per_region.entry(name.to_string()).or_default();
        r.quotes += 1;
        let qs = text::shingles(&text::tokens(q.text), 6);
        if qs.is_empty() {
            continue;
        }
        let key = (q.theme.to_string(), region_key(q.region));
        if let Some(list) = ex.get(&key) {
            if list
                .iter()
                .any(|es| 2 * qs.intersection(es).count() >= qs.len())
            {
                found += 1;
                r.found += 1;
            }
        }
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Fidelity {
        coverage: ratio(covered, pairs.len()),
        quote_recall: ratio(found, gold.len()),
        excerpt_words: s.excerpt_words,
        pairs: pairs.len(),
        quotes: gold.len(),
        per_region,
    }
}

/// The synthesis of the tagged passages under the taxonomy's themes.
/// Pure and deterministic: same inputs → byte-identical outputs.
pub fn synthesize(
    passages: &[TaggedPassage],
    sources: &[SourceDoc],
    tax: &pactes_tag::Taxonomy,
    opts: &SynthOptions,
) -> Synthesis {
    synthesize_with(passages, sources, &theme_defs(tax), opts)
}

/// The themes of the taxonomy, as the synthesis needs them.
pub fn theme_defs(tax: &pactes_tag::Taxonomy) -> Vec<ThemeDef> {
    tax.themes
        .iter()
        .map(|t| ThemeDef {
            id: t.id.clone(),
            axis: t.axis,
            label: t.label.clone(),
        })
        .collect()
}

/// Fidelity against the gold quotes of the hand-made synthesis.
pub fn fidelity(s: &Synthesis, gold: &[pactes_tag::eval::GoldQuote]) -> Fidelity {
    let refs: Vec<QuoteRef> = gold
        .iter()
        .map(|q| QuoteRef {
            theme: &q.theme,
            region: &q.region,
            text: &q.text,
        })
        .collect();
    fidelity_with(s, &refs)
}

#[cfg(test)]
mod tests;
