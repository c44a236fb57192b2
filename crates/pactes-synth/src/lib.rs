//! The lecture transversale: cross-region synthesis as Markdown, JSON and CSV.
//!
//! `synthesize` is a pure, deterministic function of the tagged passages, the source list and
//! the taxonomy: for every theme of the national plan and every Region, the passages that are
//! about the theme, cut to the sentences that carry it, within a word budget per Region.

pub mod facts;
mod render;
mod select;
pub mod text;

use facts::{Count, Tally, Vocabulary};
use pactes_doc::TaggedPassage;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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

/// Words reserved per Region and axis for the axis overview.
const OVERVIEW_WORDS: usize = 70;
/// Rounds that hand the words themes left unused to the themes their budget limited.
const LEFTOVER_ROUNDS: usize = 2;
/// A theme whose excerpts come within this many words of its budget was limited by it.
const HUNGRY_SLACK: usize = 25;
/// Floor of words per addressed theme.
const FLOOR_WORDS: usize = 45;

/// The synthesis, from any theme list (see `synthesize` for the taxonomy entry point).
pub fn synthesize_with(
    passages: &[TaggedPassage],
    sources: &[SourceDoc],
    themes: &[ThemeDef],
    opts: &SynthOptions,
) -> Synthesis {
    let mut sources: Vec<SourceDoc> = sources.to_vec();
    sources.sort_by(|a, b| (&a.region, &a.doc, &a.sha256).cmp(&(&b.region, &b.doc, &b.sha256)));
    // passages in a canonical order, whatever order they came in
    let mut order: Vec<&TaggedPassage> = passages.iter().collect();
    order.sort_by(|a, b| (&a.region, &a.doc, &a.id).cmp(&(&b.region, &b.doc, &b.id)));
    let prep: Vec<select::Prepared> = order.iter().map(|p| select::prepare(p)).collect();
    let regions: Vec<String> = sources
        .iter()
        .map(|s| s.region.clone())
        .chain(order.iter().map(|p| p.region.clone()))
        .filter(|r| !r.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let theme_ids: BTreeMap<&str, &ThemeDef> = themes.iter().map(|t| (t.id.as_str(), t)).collect();

    // (theme, region) → candidate passages (index, position of the theme in its tags)
    let mut cands: BTreeMap<(String, String), Vec<(usize, usize)>> = BTreeMap::new();
    let mut matrix: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for t in themes {
        let row = matrix.entry(t.id.clone()).or_default();
        for r in &regions {
            row.insert(r.clone(), 0);
        }
    }
    for (i, pp) in prep.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for (idx, th) in pp.p.themes.iter().enumerate() {
            if !theme_ids.contains_key(th.as_str()) || !seen.insert(th.clone()) {
                continue;
            }
            cands
                .entry((th.clone(), pp.p.region.clone()))
                .or_default()
                .push((i, idx));
            *matrix
                .entry(th.clone())
                .or_default()
                .entry(pp.p.region.clone())
                .or_default() += 1;
        }
    }

    // budgets per region and theme
    let mut excerpts: BTreeMap<String, Vec<Excerpt>> = BTreeMap::new();
    let mut overviews: BTreeMap<u8, Vec<Excerpt>> = BTreeMap::new();
    let mut region_words: BTreeMap<&str, usize> = BTreeMap::new();
    for pp in &prep {
        *region_words.entry(pp.p.region.as_str()).or_default() += pp.words;
    }
    let region_budgets = region_budgets(&regions, &region_words, opts.word_budget_per_region);
    for r in &regions {
        let mut masses = BTreeMap::new();
        for t in themes {
            if let Some(c) = cands.get(&(t.id.clone(), r.clone())) {
                let label = select::label_stems(&t.label);
                let m: f64 = c
                    .iter()
                    .map(|&(pi, idx)| {
                        let pp = &prep[pi];
                        select::aboutness(pp, idx, &label) * (pp.words.min(400) as f64)
                    })
                    .sum();
                masses.insert(t.id.clone(), m.max(1.0));
            }
        }
        let budget = region_budgets.get(r.as_str()).copied().unwrap_or(0);
        let mut total = budget;
        // axis overviews first
        for axis in 1u8..=3 {
            let b = OVERVIEW_WORDS.min(total / 8);
            if let Some(ex) = overview(&prep, r, axis, themes, b) {
                total = total.saturating_sub(text::word_count(&ex.text));
                overviews.entry(axis).or_default().push(ex);
            }
        }
        let ceil = budget / 4;
        let mut budgets = select::allocate(&masses, total, FLOOR_WORDS, ceil.max(FLOOR_WORDS));
        let mut chosen: BTreeMap<&str, (Vec<Excerpt>, usize)> = BTreeMap::new();
        // words a theme left unused go, in a second round, to the themes its budget limited
        for round in 0..LEFTOVER_ROUNDS + 1 {
            let mut grown = false;
            for t in themes {
                let key = (t.id.clone(), r.clone());
                let (Some(c), Some(&b)) = (cands.get(&key), budgets.get(&t.id)) else {
                    continue;
                };
                if chosen.get(t.id.as_str()).is_some_and(|(_, ob)| *ob == b) {
                    continue;
                }
                let need = select::Need {
                    theme: t,
                    budget: b,
                    max_excerpts: opts.max_excerpts_per_region_theme.max(1),
                };
                chosen.insert(t.id.as_str(), (select::choose(&prep, c, &need), b));
                grown = true;
            }
            if !grown || round == LEFTOVER_ROUNDS {
                break;
            }
            let used = |ex: &[Excerpt]| ex.iter().map(|e| text::word_count(&e.text)).sum::<usize>();
            let spent: usize = chosen.values().map(|(ex, _)| used(ex)).sum();
            let left = total.saturating_sub(spent);
            let hungry: Vec<(&str, f64)> = chosen
                .iter()
                .filter(|(_, (ex, b))| used(ex) + HUNGRY_SLACK >= *b)
                .map(|(id, _)| (*id, masses.get(*id).copied().unwrap_or(1.0)))
                .collect();
            let sum: f64 = hungry.iter().map(|(_, m)| m).sum();
            if left < HUNGRY_SLACK || hungry.is_empty() || sum <= 0.0 {
                break;
            }
            // every theme keeps the words it used; the hungry ones share what is left
            for (id, (ex, b)) in &chosen {
                let u = used(ex);
                let nb = match hungry.iter().find(|(h, _)| h == id) {
                    Some((_, m)) => u + (left as f64 * m / sum).floor() as usize,
                    None => u.min(*b),
                };
                budgets.insert((*id).to_string(), nb);
            }
        }
        for (id, (ex, _)) in chosen {
            excerpts.entry(id.to_string()).or_default().extend(ex);
        }
    }

    let mut sections = Vec::new();
    for axis in 0u8..=4 {
        if (1..=3).contains(&axis) {
            let ex = overviews.remove(&axis).unwrap_or_default();
            let present: BTreeSet<String> = ex.iter().map(|e| e.region.clone()).collect();
            sections.push(ThemeSection {
                id: axis.to_string(),
                axis,
                label: axis_title(axis).to_string(),
                overview: true,
                regions: present.iter().cloned().collect(),
                regions_absent: regions
                    .iter()
                    .filter(|r| !present.contains(*r))
                    .cloned()
                    .collect(),
                excerpts: ex,
            });
        }
        for t in themes.iter().filter(|t| t.axis == axis) {
            let ex = excerpts.remove(&t.id).unwrap_or_default();
            let present: BTreeSet<String> = regions
                .iter()
                .filter(|r| cands.contains_key(&(t.id.clone(), (*r).clone())))
                .cloned()
                .collect();
            sections.push(ThemeSection {
                id: t.id.clone(),
                axis,
                label: t.label.clone(),
                overview: false,
                regions: present.iter().cloned().collect(),
                regions_absent: regions
                    .iter()
                    .filter(|r| !present.contains(*r))
                    .cloned()
                    .collect(),
                excerpts: ex,
            });
        }
    }
    for s in &mut sections {
        s.excerpts.sort_by(|a, b| {
            (&a.region, &a.doc, &a.passage_id).cmp(&(&b.region, &b.doc, &b.passage_id))
        });
    }

    let axes = (0u8..=4)
        .map(|a| axis_summary(a, &prep, themes, &sections, opts))
        .collect();
    let experimentations = experimentations(&prep);
    let excerpt_words = sections
        .iter()
        .flat_map(|s| &s.excerpts)
        .map(|e| text::word_count(&e.text))
        .sum();
    let date = sources.iter().filter_map(|s| s.date.clone()).max();
    Synthesis {
        title: "Lecture transversale des Pactes régionaux d'investissement dans les compétences"
            .to_string(),
        date,
        sources,
        regions,
        axes,
        themes: sections,
        matrix,
        experimentations,
        excerpt_words,
    }
}

/// Share of a Pacte's own words its excerpts may take at most (beyond `MIN_REGION_WORDS`).
const MAX_SHARE_OF_DOC: f64 = 0.2;
/// Words a Region may always spend, however short its Pacte.
const MIN_REGION_WORDS: usize = 500;

/// Words of excerpts per Region: the corpus budget (`per_region` × Regions) shared in
/// proportion to the square root of each Region's words (a longer Pacte says more, not
/// proportionally more), never more than `MAX_SHARE_OF_DOC` of its own words (or
/// `MIN_REGION_WORDS`); what a short
/// Pacte cannot use goes to the others.
fn region_budgets<'a>(
    regions: &'a [String],
    words: &BTreeMap<&str, usize>,
    per_region: usize,
) -> BTreeMap<&'a str, usize> {
    let total = per_region * regions.len();
    let cap = |r: &str| {
        let w = words.get(r).copied().unwrap_or(0) as f64;
        ((w * MAX_SHARE_OF_DOC) as usize)
            .max(MIN_REGION_WORDS)
            .min(total)
    };
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

/// The opening of an axis in a Region's Pacte: among the first passages tagged with the axis
/// (document order), the densest run of sentences on the axis' themes.
fn overview(
    prep: &[select::Prepared],
    region: &str,
    axis: u8,
    themes: &[ThemeDef],
    budget: usize,
) -> Option<Excerpt> {
    if budget < 15 {
        return None;
    }
    let want = match axis {
        1 => pactes_doc::Axis::One,
        2 => pactes_doc::Axis::Two,
        _ => pactes_doc::Axis::Transverse,
    };
    let axis_themes: BTreeSet<&str> = themes
        .iter()
        .filter(|t| t.axis == axis)
        .map(|t| t.id.as_str())
        .collect();
    let firsts: Vec<(usize, &select::Prepared)> = prep
        .iter()
        .enumerate()
        .filter(|(_, pp)| pp.p.region == region && pp.p.axis == Some(want) && pp.words >= 25)
        .take(4)
        .collect();
    let label: BTreeSet<String> = themes
        .iter()
        .filter(|t| t.axis == axis)
        .flat_map(|t| select::label_stems(&t.label))
        .collect();
    let mut best: Option<(f64, usize, usize, usize)> = None;
    for (rank, (i, pp)) in firsts.iter().enumerate() {
        let cues: Vec<String> =
            pp.p.themes
                .iter()
                .zip(&pp.p.evidence)
                .filter(|(t, _)| axis_themes.contains(t.as_str()))
                .flat_map(|(_, ev)| ev.iter().cloned())
                .collect();
        if let Some((from, to, _, v)) = select::signal_window(&pp.units, &cues, &label, budget) {
            let v = v / (1.0 + 0.5 * rank as f64);
            if best.is_none_or(|(bv, ..)| v > bv) {
                best = Some((v, *i, from, to));
            }
        }
    }
    let (_, i, from, to) = best?;
    Some(select::make_excerpt(&prep[i], from, to))
}

fn primary_axis(p: &TaggedPassage, axis_of: &BTreeMap<&str, u8>) -> Option<u8> {
    p.themes
        .first()
        .and_then(|t| axis_of.get(t.as_str()).copied())
}

fn axis_summary(
    axis: u8,
    prep: &[select::Prepared],
    themes: &[ThemeDef],
    sections: &[ThemeSection],
    opts: &SynthOptions,
) -> AxisSummary {
    let axis_of: BTreeMap<&str, u8> = themes.iter().map(|t| (t.id.as_str(), t.axis)).collect();
    let ignore: BTreeSet<String> = opts
        .vocabulary
        .ignore_acronyms
        .iter()
        .map(|a| text::fold(a).to_uppercase())
        .collect();
    // shouted words (`FORMATION` in a heading) are words, not acronyms: a capitalised token
    // whose lowercase form is more frequent in the corpus is left out
    let mut lower: BTreeMap<String, usize> = BTreeMap::new();
    for pp in prep {
        for w in pp.p.text.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().next().is_some_and(char::is_lowercase) {
                *lower.entry(text::fold(w)).or_default() += 1;
            }
        }
    }
    let mut acr = Tally::default();
    let mut sec = Tally::default();
    for pp in prep {
        if primary_axis(pp.p, &axis_of) != Some(axis) {
            continue;
        }
        let cleaned = text::clean(&pp.p.text);
        for a in facts::acronyms(&cleaned, &ignore) {
            acr.add(&text::fold(&a).to_uppercase(), &a, &pp.p.region, 1);
        }
        let toks = text::tokens(&cleaned);
        for (name, n) in facts::sectors(&toks, &opts.vocabulary) {
            sec.add(&name, &name, &pp.p.region, n);
        }
    }
    let acronyms = acr
        .top(usize::MAX, 2)
        .into_iter()
        .filter(|c| lower.get(&text::fold(&c.name)).copied().unwrap_or(0) < c.mentions)
        .take(12)
        .collect();
    AxisSummary {
        axis,
        title: axis_title(axis).to_string(),
        themes: sections
            .iter()
            .filter(|s| s.axis == axis && !s.overview)
            .map(|s| ThemeCount {
                id: s.id.clone(),
                label: s.label.clone(),
                regions: s.regions.clone(),
            })
            .collect(),
        acronyms,
        sectors: sec.top(10, 1),
    }
}

fn experimentations(prep: &[select::Prepared]) -> Vec<Experimentation> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for pp in prep {
        let Some(u) = pp.units.iter().find(|u| facts::is_experiment(&u.toks)) else {
            continue;
        };
        let heading =
            pp.p.heading
                .last()
                .map(|h| text::clean_heading(h))
                .unwrap_or_default();
        let sentence = clip_words(&u.text, 45);
        if !seen.insert((
            pp.p.region.clone(),
            text::fold(&heading),
            text::fold(&sentence),
        )) {
            continue;
        }
        out.push(Experimentation {
            region: pp.p.region.clone(),
            doc: pp.p.doc.clone(),
            page_start: pp.p.page_start,
            heading,
            sentence,
        });
    }
    out
}

/// At most `n` words of `s`, with an ellipsis when cut.
fn clip_words(s: &str, n: usize) -> String {
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
    let mut ex: BTreeMap<(String, String), Vec<BTreeSet<String>>> = BTreeMap::new();
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
    for q in gold {
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
    let themes: Vec<ThemeDef> = tax
        .themes
        .iter()
        .map(|t| ThemeDef {
            id: t.id.clone(),
            axis: t.axis,
            label: t.label.clone(),
        })
        .collect();
    synthesize_with(passages, sources, &themes, opts)
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
