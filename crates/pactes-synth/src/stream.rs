//! The streaming synthesizer: documents are added one at a time, in any order, and only what
//! can still end up in the synthesis is kept — the best seeds of each (theme, Region) with
//! their runs, the first passages of each axis per Region, and counts (matrix, masses, words,
//! acronyms, sectors, expérimentations) — so memory is bounded by Regions × themes, not by
//! the number of passages.

use crate::facts::{Tally, Vocabulary};
use crate::select::{self, Prepared, Seed};
use crate::{
    axis_title, text, AxisSummary, Excerpt, Experimentation, SourceDoc, SynthOptions, Synthesis,
    ThemeCount, ThemeDef, ThemeSection,
};
use pactes_doc::TaggedPassage;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Words reserved per Region and axis for the axis overview.
const OVERVIEW_WORDS: usize = 70;
/// Passages an axis overview chooses among: the first ones of the axis in a Region.
const OVERVIEW_CANDIDATES: usize = 4;
/// Rounds that hand the words themes left unused to the themes their budget limited.
const LEFTOVER_ROUNDS: usize = 2;
/// Regions' budgets are raised by this share of their first budget per step, while the corpus
/// budget holds …
const BUDGET_STEP: f64 = 0.02;
/// … at most this many steps (+20 %).
const BUDGET_STEPS: usize = 10;
/// A theme whose excerpts come within this many words of its budget was limited by it.
const HUNGRY_SLACK: usize = 25;
/// Floor of words per addressed theme.
const FLOOR_WORDS: usize = 45;
/// Seeds kept per (theme, Region), per excerpt allowed: the selection walks the seeds best
/// first and skips those an earlier excerpt already quotes, so a few spares per excerpt.
const SEEDS_PER_EXCERPT: usize = 8;
/// Masses are summed in fixed point (millionths), so that the sum does not depend on the
/// order documents arrive in.
const MASS_SCALE: f64 = 1e6;

/// Steps of budget raise per Region (index), from `start` up to `max` each: Regions take one
/// step each in turn, a Region stopping at the step whose spending (`spend(region, step)`)
/// would take the whole past `budget`.
pub(crate) fn raise_each(
    n: usize,
    start: usize,
    max: usize,
    budget: usize,
    mut spend: impl FnMut(usize, usize) -> usize,
) -> Vec<usize> {
    let mut steps = vec![start; n];
    let mut cur: Vec<usize> = (0..n).map(|i| spend(i, start)).collect();
    let mut total: usize = cur.iter().sum();
    let mut rising = vec![true; n];
    while rising.iter().any(|&r| r) {
        for i in 0..n {
            if !rising[i] {
                continue;
            }
            if steps[i] >= max {
                rising[i] = false;
                continue;
            }
            let next = spend(i, steps[i] + 1);
            if total - cur[i] + next > budget {
                rising[i] = false;
                continue;
            }
            total = total - cur[i] + next;
            cur[i] = next;
            steps[i] += 1;
        }
    }
    steps
}

/// A candidate of an axis overview: one of the first passages of the axis in a Region.
struct OverviewCand {
    p: Arc<Prepared>,
    /// Evidence cues of the passage's tags on the axis' themes.
    cues: Vec<String>,
    /// The Region's own title of the axis, when the passage sits under it.
    title: Option<String>,
}

/// The number of an axis in the plan (the transverse axis is 3).
fn axis_number(a: pactes_doc::Axis) -> u8 {
    match a {
        pactes_doc::Axis::One => 1,
        pactes_doc::Axis::Two => 2,
        pactes_doc::Axis::Transverse => 3,
    }
}

/// The heading of `heading` (outermost first) that names `axis` (the outermost one).
fn region_axis_title(heading: &[String], axis: pactes_doc::Axis) -> Option<&String> {
    heading
        .iter()
        .find(|h| pactes_tag::axis_named_by(h) == Some(axis))
}

/// Units an expérimentation's sentence may run over (a sentence a table cell or a page cut
/// into lines).
const EXPERIMENT_UNITS: usize = 4;

/// The sentence of unit `k` that announces an expérimentation, whole: with the lines before
/// and after it that its sentence runs over (`pactes_doc::segment::goes_on`: a table cell or a
/// page break cut it), and, when it announces a list (`… expérimenter des approches associant
/// :`), with the list's first item, which says what is tried.
fn experiment_sentence(units: &[crate::select::SUnit], k: usize) -> String {
    let goes_on = |i: usize| pactes_doc::segment::goes_on(&units[i].text, &units[i + 1].text);
    let mut first = k;
    while first > 0 && k - first + 1 < EXPERIMENT_UNITS && goes_on(first - 1) {
        first -= 1;
    }
    let mut last = k;
    while last + 1 < units.len() && last - first + 1 < EXPERIMENT_UNITS && goes_on(last) {
        last += 1;
    }
    if last + 1 < units.len() && pactes_doc::segment::announces(&units[last].text) {
        last += 1;
    }
    let texts: Vec<&str> = units[first..=last]
        .iter()
        .map(|u| u.text.as_str())
        .collect();
    texts.join(" ")
}

/// Words an expérimentation's sentence is shown with at most.
const EXPERIMENT_WORDS: usize = 45;

/// Words shown before the word that names the experiment, when a long sentence is cut to it.
const EXPERIMENT_LEAD: usize = 15;

/// At most `EXPERIMENT_WORDS` words of `sentence`, without the figures of the table row it
/// may sit in (`without_figures`), around the word that speaks of the experiment when that
/// word comes late in a long sentence, with an ellipsis where cut.
fn clip_to_experiment(sentence: &str) -> String {
    let all: Vec<&str> = sentence.split_whitespace().collect();
    let speaks = |w: &&str| {
        text::tokens(w)
            .iter()
            .any(|t| crate::facts::speaks_of_experiment(t))
    };
    let Some(at) = all.iter().position(speaks) else {
        return crate::clip_words(sentence, EXPERIMENT_WORDS);
    };
    let (from, to) = without_figures(&all, at);
    let (words, at) = (&all[from..to], at - from);
    if words.len() > EXPERIMENT_WORDS && at + 5 > EXPERIMENT_WORDS {
        let from = at - EXPERIMENT_LEAD;
        let to = (from + EXPERIMENT_WORDS).min(words.len());
        let tail = if to < words.len() { " […]" } else { "" };
        format!("{}{}{tail}", select::CUT_BEFORE, words[from..to].join(" "))
    } else {
        crate::clip_words(&words.join(" "), EXPERIMENT_WORDS)
    }
}

/// Whether a word is a figure (`4`, `000`, `15,5`, `2 000 €`'s parts).
fn is_figure(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '€' | '%'))
}

/// The range of a table row's sentence's words without the other cells' figures around it:
/// from after the last run of two figures before `at` (the word that names the experiment) up
/// to the first run of two figures after it, or a figure after a sentence's end (`… des
/// métiers d'art. 650 6 500 000`); a run that a word in lower case follows is the sentence's
/// own. `at` is within it.
fn without_figures(words: &[&str], at: usize) -> (usize, usize) {
    // two figures or more, not a quantity the sentence goes on about (`vers 2 000 personnes`)
    let run = |i: usize| {
        is_figure(words[i])
            && words.get(i + 1).is_some_and(|w| is_figure(w))
            && !words[i..]
                .iter()
                .find(|w| !is_figure(w))
                .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
    };
    let from = (0..at).rev().find(|&i| run(i)).map_or(0, |i| {
        let mut j = i;
        while j < at && is_figure(words[j]) {
            j += 1;
        }
        j
    });
    let to = (at + 1..words.len())
        .find(|&i| run(i) || (is_figure(words[i]) && words[i - 1].ends_with('.')))
        .unwrap_or(words.len());
    (from, to)
}

/// An expérimentation sentence, with the key that puts it in canonical order.
struct ExpCand {
    key: (String, String, String),
    exp: Experimentation,
}

/// The synthesis, fed one document at a time.
///
/// ```text
/// let mut s = Synthesizer::new(&sources, &themes, &opts);
/// for doc in documents { s.add_document(passages_of(doc)); }   // any order
/// let synthesis = s.finish();
/// ```
///
/// The result does not depend on the order of the documents, and equals `synthesize_with`
/// over all their passages (which is this, fed one document at a time).
pub struct Synthesizer {
    sources: Vec<SourceDoc>,
    themes: Vec<ThemeDef>,
    opts: SynthOptions,
    labels: BTreeMap<String, BTreeSet<String>>,
    axis_of: BTreeMap<String, u8>,
    ignore_acronyms: BTreeSet<String>,
    regions: BTreeSet<String>,
    region_words: BTreeMap<String, usize>,
    matrix: BTreeMap<String, BTreeMap<String, usize>>,
    /// (theme, Region) → Σ aboutness × words, in millionths.
    masses: BTreeMap<(String, String), u64>,
    /// (theme, Region) → the best seeds so far, best first.
    seeds: BTreeMap<(String, String), Vec<Seed>>,
    /// (Region, axis, under the Region's own title of the axis) → the first passages of the
    /// axis there (by document, then passage id).
    overview: BTreeMap<(String, u8, bool), Vec<OverviewCand>>,
    /// Lower-case word counts of the corpus (an acronym more often written in lower case is a
    /// word).
    lower: BTreeMap<String, usize>,
    acronyms: BTreeMap<u8, Tally>,
    sectors: BTreeMap<u8, Tally>,
    experimentations: Vec<ExpCand>,
}

impl Synthesizer {
    /// A synthesizer for these sources and themes.
    pub fn new(sources: &[SourceDoc], themes: &[ThemeDef], opts: &SynthOptions) -> Synthesizer {
        let mut sources = sources.to_vec();
        sources.sort_by(|a, b| (&a.region, &a.doc, &a.sha256).cmp(&(&b.region, &b.doc, &b.sha256)));
        let mut matrix: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for t in themes {
            matrix.entry(t.id.clone()).or_default();
        }
        Synthesizer {
            regions: sources
                .iter()
                .map(|s| s.region.clone())
                .filter(|r| !r.is_empty())
                .collect(),
            sources,
            themes: themes.to_vec(),
            labels: select::theme_label_stems(themes),
            axis_of: themes.iter().map(|t| (t.id.clone(), t.axis)).collect(),
            ignore_acronyms: ignore_set(&opts.vocabulary),
            opts: opts.clone(),
            region_words: BTreeMap::new(),
            matrix,
            masses: BTreeMap::new(),
            seeds: BTreeMap::new(),
            overview: BTreeMap::new(),
            lower: BTreeMap::new(),
            acronyms: BTreeMap::new(),
            sectors: BTreeMap::new(),
            experimentations: Vec::new(),
        }
    }

    /// The synthesizer for the taxonomy's themes.
    pub fn for_taxonomy(
        sources: &[SourceDoc],
        tax: &pactes_tag::Taxonomy,
        opts: &SynthOptions,
    ) -> Synthesizer {
        Synthesizer::new(sources, &crate::theme_defs(tax), opts)
    }

    /// Adds every passage of one document (a document is added once; documents may come in
    /// any order). Passages are put in document order (passage id) first.
    pub fn add_document(&mut self, mut passages: Vec<TaggedPassage>) {
        passages.sort_by(|a, b| (&a.region, &a.doc, &a.id).cmp(&(&b.region, &b.doc, &b.id)));
        let cleaned: Vec<String> = passages.iter().map(select::cleaned_body).collect();
        let headers = select::header_rows(&cleaned);
        let mut prepared: Vec<Prepared> = passages
            .iter()
            .zip(&cleaned)
            .map(|(p, c)| select::prepare_cleaned(p, c, &headers))
            .collect();
        select::sheet_titles(&mut prepared);
        let prep: Vec<(&TaggedPassage, Arc<Prepared>)> = passages
            .iter()
            .zip(prepared)
            .map(|(p, pp)| (p, Arc::new(pp)))
            .collect();
        for (i, (p, pp)) in prep.iter().enumerate() {
            if !p.region.is_empty() {
                self.regions.insert(p.region.clone());
            }
            *self.region_words.entry(p.region.clone()).or_default() += pp.words;
            let opens_section = i == 0 || prep[i - 1].0.heading != p.heading;
            self.facts(p, pp, opens_section);
            self.offer_overview(p, pp);
            let mut seen = BTreeSet::new();
            for (idx, th) in p.themes.iter().enumerate() {
                let Some(label) = self.labels.get(th) else {
                    continue;
                };
                if !seen.insert(th.as_str()) {
                    continue;
                }
                let m =
                    select::aboutness(p, &pp.heading_toks, idx, label) * (pp.words.min(400) as f64);
                *self
                    .masses
                    .entry((th.clone(), p.region.clone()))
                    .or_default() += (m * MASS_SCALE).round() as u64;
                *self
                    .matrix
                    .entry(th.clone())
                    .or_default()
                    .entry(p.region.clone())
                    .or_default() += 1;
            }
        }
        // seeds per theme, with their runs (runs never leave a document)
        let keep = self.opts.max_excerpts_per_region_theme.max(1) * SEEDS_PER_EXCERPT;
        let ids: Vec<String> = self.themes.iter().map(|t| t.id.clone()).collect();
        for th in ids {
            let tagged: Vec<Option<usize>> = prep
                .iter()
                .map(|(p, _)| p.themes.iter().position(|t| *t == th))
                .collect();
            if tagged.iter().all(Option::is_none) {
                continue;
            }
            let label = &self.labels[&th];
            for seed in select::doc_seeds(&prep, &tagged, label) {
                let key = (th.clone(), seed.run[0].p.region.clone());
                let list = self.seeds.entry(key).or_default();
                let at = list
                    .binary_search_by(|s| s.cmp_rank(&seed))
                    .unwrap_or_else(|e| e);
                if at < keep {
                    list.insert(at, seed);
                    list.truncate(keep);
                }
            }
        }
    }

    /// How many distinct passages the synthesizer holds (the seeds' runs and the overview
    /// candidates): bounded by Regions × themes, whatever the number of documents.
    pub fn retained_passages(&self) -> usize {
        let runs = self
            .seeds
            .values()
            .flatten()
            .flat_map(|s| s.run.iter().map(|r| Arc::as_ptr(&r.p)));
        let firsts = self.overview.values().flatten().map(|c| Arc::as_ptr(&c.p));
        runs.chain(firsts).collect::<BTreeSet<_>>().len()
    }

    /// Counts for the "Éléments de synthèse" and the expérimentations of one passage
    /// (`opens_section`: the first passage under its heading).
    fn facts(&mut self, p: &TaggedPassage, pp: &Prepared, opens_section: bool) {
        let body = pactes_doc::text::body(&p.text, &p.heading);
        for w in body.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().next().is_some_and(char::is_lowercase) {
                *self.lower.entry(text::fold(w)).or_default() += 1;
            }
        }
        if let Some(axis) = p.themes.first().and_then(|t| self.axis_of.get(t)).copied() {
            let cleaned = text::clean(body);
            let acr = self.acronyms.entry(axis).or_default();
            for a in crate::facts::acronyms(&cleaned, &self.ignore_acronyms) {
                acr.add(&text::fold(&a).to_uppercase(), &a, &p.region, 1);
            }
            let toks = text::tokens(&cleaned);
            let sec = self.sectors.entry(axis).or_default();
            for (name, n) in crate::facts::sectors(&toks, &self.opts.vocabulary) {
                sec.add(&name, &name, &p.region, n);
            }
        }
        // the first sentence that announces one, or the opening of a section whose title
        // names one (`3 - Expérimentation de VAE collective…`)
        let titled = opens_section
            && p.heading
                .last()
                .is_some_and(|h| crate::facts::names_experiment(&text::tokens(h)));
        let announcing = pp
            .units
            .iter()
            .position(|u| crate::facts::announces_experiment(&text::tokens(&u.text)));
        if let Some(k) = announcing.or_else(|| (titled && !pp.units.is_empty()).then_some(0)) {
            // a sentence announcing a list (`… expérimenter des approches associant :`) is
            // shown with its first item, which says what is tried
            let sentence = experiment_sentence(&pp.units, k);
            let heading = pp
                .heading
                .last()
                .map(|h| text::clean_heading(h))
                .unwrap_or_default();
            self.experimentations.push(ExpCand {
                key: (p.region.clone(), p.doc.clone(), p.id.clone()),
                exp: Experimentation {
                    region: p.region.clone(),
                    doc: p.doc.clone(),
                    page_start: p.page_start,
                    heading,
                    sentence: clip_to_experiment(&sentence),
                },
            });
        }
    }

    /// Keeps the passage if it is among the first of its axis in its Region: the first under
    /// the Region's own title of the axis (its section), else the first tagged with the axis.
    fn offer_overview(&mut self, p: &TaggedPassage, pp: &Arc<Prepared>) {
        let Some(a) = p.axis else { return };
        if pp.words < 25 {
            return;
        }
        let title = region_axis_title(&p.heading, a).map(|t| text::clean_heading(t));
        let key = (p.region.clone(), axis_number(a), title.is_some());
        let list = self.overview.entry(key).or_default();
        let key = |c: &Arc<Prepared>| (c.doc.clone(), c.id.clone());
        let at = list
            .binary_search_by(|c| key(&c.p).cmp(&key(pp)))
            .unwrap_or_else(|e| e);
        if at >= OVERVIEW_CANDIDATES {
            return;
        }
        let cues = p
            .themes
            .iter()
            .zip(&p.evidence)
            .filter(|(t, _)| self.axis_of.get(*t) == Some(&axis_number(a)))
            .flat_map(|(_, ev)| ev.iter().cloned())
            .collect();
        list.insert(
            at,
            OverviewCand {
                p: pp.clone(),
                cues,
                title,
            },
        );
        list.truncate(OVERVIEW_CANDIDATES);
    }

    /// The synthesis of every document added.
    pub fn finish(mut self) -> Synthesis {
        let regions: Vec<String> = self.regions.iter().cloned().collect();
        for row in self.matrix.values_mut() {
            for r in &regions {
                row.entry(r.clone()).or_insert(0);
            }
        }
        let words: BTreeMap<&str, usize> = self
            .region_words
            .iter()
            .map(|(r, w)| (r.as_str(), *w))
            .collect();
        let region_budgets =
            crate::region_budgets(&regions, &words, self.opts.word_budget_per_region);
        let corpus_budget: usize = region_budgets.values().sum();
        let spent_of = |e: &BTreeMap<String, Vec<Excerpt>>, o: &BTreeMap<u8, Vec<Excerpt>>| {
            e.values()
                .chain(o.values())
                .flatten()
                .map(|x| text::word_count(&x.text))
                .sum::<usize>()
        };
        // Every Region's budget times `scale`, never raised past the Region's own cap.
        let scaled = |scale: f64| -> BTreeMap<&str, usize> {
            region_budgets
                .iter()
                .map(|(r, b)| {
                    let cap = crate::region_cap(words.get(r).copied().unwrap_or(0), corpus_budget);
                    (*r, ((*b as f64 * scale) as usize).min(cap.max(*b)))
                })
                .collect()
        };
        let (mut excerpts, mut overviews) = self.select_all(&regions, &region_budgets);
        // A theme's first excerpt may pass its budget (`select::FIRST_EXCERPT_MIN`): should
        // that take the whole past the corpus budget, the Regions' budgets shrink by steps of
        // twice `BUDGET_STEP` (down to 60 %) until it fits.
        for step in 1..=BUDGET_STEPS {
            if spent_of(&excerpts, &overviews) <= corpus_budget {
                break;
            }
            (excerpts, overviews) =
                self.select_all(&regions, &scaled(1.0 - BUDGET_STEP * 2.0 * step as f64));
        }
        // Themes seldom spend every word they are given: the Regions' budgets are raised step
        // by step (never past a Region's own cap) while the whole stays within the corpus
        // budget, so that the words the selection leaves are spent where it can use them.
        let mut common = 0;
        for step in 1..=BUDGET_STEPS {
            let (e, o) = self.select_all(&regions, &scaled(1.0 + BUDGET_STEP * step as f64));
            if spent_of(&e, &o) > corpus_budget {
                break;
            }
            (excerpts, overviews) = (e, o);
            common = step;
        }
        // Then each Region's on its own, step by step, while the whole holds: a Region whose
        // next step would pass the corpus budget stops there and the others go on, so that
        // one Region's jump (a long excerpt admitted) does not keep the others from the
        // words left.
        if common < BUDGET_STEPS {
            let one_budget = |i: usize, k: usize| -> BTreeMap<&str, usize> {
                let r = regions[i].as_str();
                scaled(1.0 + BUDGET_STEP * k as f64)
                    .remove(r)
                    .map(|b| BTreeMap::from([(r, b)]))
                    .unwrap_or_default()
            };
            let steps = raise_each(
                regions.len(),
                common,
                BUDGET_STEPS,
                corpus_budget,
                |i, k| {
                    let (e, o) =
                        self.select_all(std::slice::from_ref(&regions[i]), &one_budget(i, k));
                    spent_of(&e, &o)
                },
            );
            if steps.iter().any(|&k| k > common) {
                let budgets: BTreeMap<&str, usize> = steps
                    .iter()
                    .enumerate()
                    .flat_map(|(i, &k)| one_budget(i, k))
                    .collect();
                // (the Regions' selections are independent, so the whole is the sum of theirs;
                // checked all the same, as the corpus budget is a promise)
                let (e, o) = self.select_all(&regions, &budgets);
                if spent_of(&e, &o) <= corpus_budget {
                    (excerpts, overviews) = (e, o);
                }
            }
        }

        let mut sections = Vec::new();
        for axis in 0u8..=4 {
            if (1..=3).contains(&axis) {
                let ex = overviews.remove(&axis).unwrap_or_default();
                let present: BTreeSet<String> = ex.iter().map(|e| e.region.clone()).collect();
                sections.push(section(
                    axis.to_string(),
                    axis,
                    axis_title(axis).to_string(),
                    true,
                    ex,
                    &present,
                    &regions,
                ));
            }
            for t in self.themes.iter().filter(|t| t.axis == axis) {
                let ex = excerpts.remove(&t.id).unwrap_or_default();
                let present: BTreeSet<String> = regions
                    .iter()
                    .filter(|r| {
                        self.matrix
                            .get(&t.id)
                            .and_then(|row| row.get(*r))
                            .is_some_and(|n| *n > 0)
                    })
                    .cloned()
                    .collect();
                sections.push(section(
                    t.id.clone(),
                    axis,
                    t.label.clone(),
                    false,
                    ex,
                    &present,
                    &regions,
                ));
            }
        }

        let axes = (0u8..=4).map(|a| self.axis_summary(a, &sections)).collect();
        // expérimentations in canonical order, one per (Region, wording): the same sentence
        // under several headings (a table's category column, a summary repeated, an action
        // told again in an annex with a few more words) is listed once, where it comes first
        self.experimentations.sort_by(|a, b| a.key.cmp(&b.key));
        // (wordings compared as excerpts are: `select::repeats`)
        let mut said: BTreeMap<String, Vec<BTreeSet<u64>>> = BTreeMap::new();
        let experimentations = std::mem::take(&mut self.experimentations)
            .into_iter()
            .map(|c| c.exp)
            .filter(|e| {
                let sh =
                    select::shingles(text::tokens(&e.sentence).iter().map(|t| select::stem_id(t)));
                let region = said.entry(e.region.clone()).or_default();
                let again = region.iter().any(|o| select::repeats(&sh, o));
                if !again {
                    region.push(sh);
                }
                !again
            })
            .collect();
        let excerpt_words = sections
            .iter()
            .flat_map(|s| &s.excerpts)
            .map(|e| text::word_count(&e.text))
            .sum();
        let date = self.sources.iter().filter_map(|s| s.date.clone()).max();
        Synthesis {
            title:
                "Lecture transversale des Pactes régionaux d'investissement dans les compétences"
                    .to_string(),
            date,
            sources: self.sources,
            regions,
            axes,
            themes: sections,
            matrix: self.matrix,
            experimentations,
            excerpt_words,
        }
    }

    /// The overviews (by axis) and excerpts (by theme) of every Region within `budgets`.
    #[allow(clippy::type_complexity)]
    fn select_all(
        &self,
        regions: &[String],
        budgets: &BTreeMap<&str, usize>,
    ) -> (BTreeMap<String, Vec<Excerpt>>, BTreeMap<u8, Vec<Excerpt>>) {
        let mut excerpts: BTreeMap<String, Vec<Excerpt>> = BTreeMap::new();
        let mut overviews: BTreeMap<u8, Vec<Excerpt>> = BTreeMap::new();
        for r in regions {
            let budget = budgets.get(r.as_str()).copied().unwrap_or(0);
            let mut total = budget;
            for axis in 1u8..=3 {
                let b = OVERVIEW_WORDS.min(total / 8);
                if let Some(ex) = self.overview(r, axis, b) {
                    total = total.saturating_sub(text::word_count(&ex.text));
                    overviews.entry(axis).or_default().push(ex);
                }
            }
            for (id, ex) in self.region_excerpts(r, budget, total) {
                excerpts.entry(id).or_default().extend(ex);
            }
        }
        (excerpts, overviews)
    }

    /// The excerpts of one Region, theme by theme: `total` words (of `budget`, the rest went
    /// to the overviews) shared among the themes by mass, unused words handed to the themes
    /// their budget limited.
    fn region_excerpts(
        &self,
        r: &str,
        budget: usize,
        total: usize,
    ) -> BTreeMap<String, Vec<Excerpt>> {
        let themes = &self.themes;
        let seeds_of = |t: &str| self.seeds.get(&(t.to_string(), r.to_string()));
        let mut masses = BTreeMap::new();
        for t in themes {
            if seeds_of(&t.id).is_some() {
                let m = self
                    .masses
                    .get(&(t.id.clone(), r.to_string()))
                    .copied()
                    .unwrap_or(0) as f64
                    / MASS_SCALE;
                masses.insert(t.id.clone(), m.max(1.0));
            }
        }
        let ceil = budget / 4;
        let mut budgets = select::allocate(&masses, total, FLOOR_WORDS, ceil.max(FLOOR_WORDS));
        let mut chosen: BTreeMap<&str, (Vec<Excerpt>, usize)> = BTreeMap::new();
        for round in 0..LEFTOVER_ROUNDS + 1 {
            let mut grown = false;
            for t in themes {
                let (Some(c), Some(&b)) = (seeds_of(&t.id), budgets.get(&t.id)) else {
                    continue;
                };
                if chosen.get(t.id.as_str()).is_some_and(|(_, ob)| *ob == b) {
                    continue;
                }
                let need = select::Need {
                    label: &self.labels[&t.id],
                    budget: b,
                    max_excerpts: self.opts.max_excerpts_per_region_theme.max(1),
                };
                chosen.insert(t.id.as_str(), (select::choose(c, &need), b));
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
        chosen
            .into_iter()
            .map(|(id, (ex, _))| (id.to_string(), ex))
            .collect()
    }

    /// The opening of an axis in a Region's Pacte: among the first passages tagged with the
    /// axis (document order), the densest run of sentences on the axis' themes.
    fn overview(&self, region: &str, axis: u8, budget: usize) -> Option<Excerpt> {
        if budget < 15 {
            return None;
        }
        let key = |own_section: bool| (region.to_string(), axis, own_section);
        let firsts = self
            .overview
            .get(&key(true))
            .filter(|l| !l.is_empty())
            .or_else(|| self.overview.get(&key(false)))?;
        let label: BTreeSet<String> = self
            .themes
            .iter()
            .filter(|t| t.axis == axis)
            .flat_map(|t| self.labels[&t.id].iter().cloned())
            .collect();
        let mut best: Option<(f64, usize, usize, usize)> = None;
        for (rank, c) in firsts.iter().enumerate() {
            if let Some((from, to, _, v)) =
                select::signal_window(&c.p.units, &c.cues, &label, budget)
            {
                let v = v / (1.0 + 0.5 * rank as f64);
                if best.is_none_or(|(bv, ..)| v > bv) {
                    best = Some((v, rank, from, to));
                }
            }
        }
        let (_, i, from, to) = best?;
        let mut ex = select::make_excerpt(&firsts[i].p, from, to);
        // How the Region names the axis opens its overview (national staff compare them).
        if let Some(t) = &firsts[i].title {
            ex.text = format!("{t}\n{}", ex.text);
            if ex.heading == *t {
                ex.heading.clear();
            }
        }
        Some(ex)
    }

    fn axis_summary(&self, axis: u8, sections: &[ThemeSection]) -> AxisSummary {
        let acronyms = self
            .acronyms
            .get(&axis)
            .map(|acr| {
                acr.top(usize::MAX, 2)
                    .into_iter()
                    .filter(|c| {
                        self.lower.get(&text::fold(&c.name)).copied().unwrap_or(0) < c.mentions
                    })
                    .take(12)
                    .collect()
            })
            .unwrap_or_default();
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
            sectors: self
                .sectors
                .get(&axis)
                .map(|s| s.top(10, 1))
                .unwrap_or_default(),
        }
    }
}

fn ignore_set(v: &Vocabulary) -> BTreeSet<String> {
    v.ignore_acronyms
        .iter()
        .map(|a| text::fold(a).to_uppercase())
        .collect()
}

fn section(
    id: String,
    axis: u8,
    label: String,
    overview: bool,
    mut excerpts: Vec<Excerpt>,
    present: &BTreeSet<String>,
    regions: &[String],
) -> ThemeSection {
    excerpts.sort_by(|a, b| {
        (&a.region, &a.doc, &a.passage_id).cmp(&(&b.region, &b.doc, &b.passage_id))
    });
    ThemeSection {
        id,
        axis,
        label,
        overview,
        regions: present.iter().cloned().collect(),
        regions_absent: regions
            .iter()
            .filter(|r| !present.contains(*r))
            .cloned()
            .collect(),
        excerpts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Units of arbitrary text: words, figures, punctuation, a colon or a stop at their end.
    fn units_of(lines: &[String]) -> Vec<select::SUnit> {
        select::compact(text::units(&lines.join("\n")))
    }

    proptest! {
        /// Whatever the text (figures, dashes, experiment words anywhere, lines cut anywhere),
        /// finding, joining and clipping an expérimentation's sentence does not panic, keeps
        /// within `EXPERIMENT_WORDS` words (and the ellipses), and holds the word it is about.
        #[test]
        fn an_experimentation_s_sentence_is_cut_safely(
            lines in proptest::collection::vec(
                "(expérimenter|expérimentation|l'expérimentation|2 000|650|\\.|:|[a-zA-Zé]{1,8}| ){0,60}",
                1..6,
            )
        ) {
            let units = units_of(&lines);
            for k in 0..units.len() {
                let _ = crate::facts::announces_experiment(&text::tokens(&units[k].text));
                let sentence = experiment_sentence(&units, k);
                let shown = clip_to_experiment(&sentence);
                prop_assert!(text::word_count(&shown) <= EXPERIMENT_WORDS + 2, "{shown}");
                let speaks = |s: &str| {
                    text::tokens(s).iter().any(|t| crate::facts::speaks_of_experiment(t))
                };
                if speaks(&units[k].text) {
                    prop_assert!(speaks(&shown), "{sentence} -> {shown}");
                }
            }
        }
    }
}
