//! Excerpt selection: for each (theme, Region), the passages that are about the theme and,
//! within them, the run of sentences that carries the theme's cues, within a word budget.

use crate::text::{self, Unit};

use crate::{Excerpt, ThemeDef};
use pactes_doc::TaggedPassage;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A passage prepared once: what the selection needs of it (the text cut into units), owned
/// so that the streaming synthesizer keeps only the passages that may still be quoted.
pub(crate) struct Prepared {
    pub id: String,
    pub doc: String,
    pub region: String,
    pub page_start: u32,
    pub page_end: u32,
    pub heading: Vec<String>,
    /// The title its excerpts show: its innermost heading, with the title above it when that
    /// heading is a field of a template the document repeats (`sheet_titles`).
    pub title: String,
    pub units: Vec<SUnit>,
    pub words: usize,
    /// Folded stems of the heading path.
    pub heading_toks: BTreeSet<String>,
}

/// A unit of text as the selection keeps it: its tokens only as stem ids (8 bytes a word
/// rather than a string each), so that the passages a synthesizer retains stay small.
#[derive(Clone, Debug)]
pub(crate) struct SUnit {
    pub text: String,
    /// Index of the line (block) it comes from: units of one line are joined by a space.
    pub line: usize,
    /// Index of its table cell within the line (`text::Unit::cell`).
    pub cell: usize,
    pub words: usize,
    /// `stem_id` of each token.
    pub stems: Vec<u64>,
}

/// FNV-1a over `items` (bytes or ids widened to 64 bits): a stable hash, the same on every
/// run and machine.
fn fnv1a(items: impl Iterator<Item = u64>) -> u64 {
    items.fold(0xcbf2_9ce4_8422_2325u64, |h, x| {
        (h ^ x).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A stable id of a token's stem (FNV-1a of the stem's bytes).
pub(crate) fn stem_id(t: &str) -> u64 {
    fnv1a(stem(t).bytes().map(u64::from))
}

pub(crate) fn compact(units: Vec<Unit>) -> Vec<SUnit> {
    units
        .into_iter()
        .map(|u| SUnit {
            stems: u.toks.iter().map(|t| stem_id(t)).collect(),
            text: u.text,
            line: u.line,
            cell: u.cell,
            words: u.words,
        })
        .collect()
}

/// A passage's text as excerpts quote it: without the titles it opens with (they are the
/// excerpt's title), cleaned of extraction debris.
pub(crate) fn cleaned_body(p: &TaggedPassage) -> String {
    text::clean(pactes_doc::text::body(&p.text, &p.heading))
}

/// Most words of a cell of a table's header row (`header_rows`).
const HEADER_CELL_WORDS: usize = 3;

/// A line that could be a table's header row: two cells or more, each a short title (a
/// capital first, at most `HEADER_CELL_WORDS` words, no digit, no sentence end).
fn header_like(line: &str) -> bool {
    let cells: Vec<&str> = line.split(" | ").map(str::trim).collect();
    cells.len() >= 2
        && cells.iter().all(|c| {
            let words = c.split_whitespace().count();
            (1..=HEADER_CELL_WORDS).contains(&words)
                && c.chars().next().is_some_and(char::is_uppercase)
                && !c.chars().any(|ch| ch.is_ascii_digit())
                && !c.ends_with(['.', ';', ':', '!', '?', ','])
        })
}

/// The header rows of a document's tables (`Phases | Description | Démarrage` over each
/// table of its action sheets, again where a table goes on over a page): lines of the
/// cleaned passages (`cleaned_body`) that look like one (`header_like`) and that the
/// document repeats. They name columns; in an excerpt they read as debris between rows.
pub(crate) fn header_rows(cleaned: &[String]) -> BTreeSet<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for line in cleaned.iter().flat_map(|c| c.split('\n')) {
        let line = line.trim();
        if header_like(line) {
            *seen.entry(line).or_default() += 1;
        }
    }
    seen.into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(l, _)| l.to_string())
        .collect()
}

#[cfg(test)]
pub(crate) fn prepare(p: &TaggedPassage) -> Prepared {
    prepare_cleaned(p, &cleaned_body(p), &BTreeSet::new())
}

/// `prepare` from the passage's cleaned text (`cleaned_body`), without the lines of
/// `headers` (its document's table header rows, `header_rows`).
pub(crate) fn prepare_cleaned(
    p: &TaggedPassage,
    cleaned: &str,
    headers: &BTreeSet<String>,
) -> Prepared {
    let kept: String;
    let cleaned = if headers.is_empty() {
        cleaned
    } else {
        kept = cleaned
            .split('\n')
            .filter(|l| !headers.contains(l.trim()))
            .collect::<Vec<_>>()
            .join("\n");
        &kept
    };
    let units = compact(text::units(cleaned));
    let words = units.iter().map(|u| u.words).sum();
    let heading_toks = p
        .heading
        .iter()
        .flat_map(|h| text::tokens(h))
        .filter(|t| t.len() > 3)
        .map(|t| stem(&t))
        .collect();
    Prepared {
        id: p.id.clone(),
        doc: p.doc.clone(),
        region: p.region.clone(),
        page_start: p.page_start,
        page_end: p.page_end,
        heading: p.heading.clone(),
        title: p
            .heading
            .last()
            .map(|h| text::clean_heading(h))
            .unwrap_or_default(),
        units,
        words,
        heading_toks,
    }
}

/// Most words of the title shown above a template's field (`sheet_titles`): a sheet's name
/// whole (the segmenter reads names of at most 15 words).
const SHEET_TITLE_WORDS: usize = 16;

/// An innermost heading that a document sets under several parents (an action sheet's `III -
/// DIAGNOSTIC`, `VI - DESCRIPTION DE L'ACTION`) says nothing of its own: its excerpts are
/// titled with the heading above it too (`Développer une approche innovante de la VAE — III -
/// DIAGNOSTIC`), unless either is an axis' title (the synthesis is laid out by axis already:
/// an axis title under `PARTIE 1` and `PARTIE 2` stays as it is).
pub(crate) fn sheet_titles(doc: &mut [Prepared]) {
    let mut parents: BTreeMap<&str, BTreeSet<&[String]>> = BTreeMap::new();
    for p in doc.iter() {
        if let Some((last, above)) = p.heading.split_last() {
            parents.entry(last.as_str()).or_default().insert(above);
        }
    }
    let fields: BTreeSet<String> = parents
        .into_iter()
        .filter(|(_, above)| above.len() >= 2)
        .map(|(last, _)| last.to_string())
        .collect();
    let names_axis = |h: &str| pactes_tag::axis_named_by(h).is_some();
    for p in doc.iter_mut() {
        let [.., parent, last] = p.heading.as_slice() else {
            continue;
        };
        if fields.contains(last) && !names_axis(parent) && !names_axis(last) {
            let parent = crate::clip_words(&text::clean_heading(parent), SHEET_TITLE_WORDS);
            p.title = format!("{parent} — {}", text::clean_heading(last));
        }
    }
}

/// Cost of a word in a window, in cue hits: low, so that a window spans the passage's whole
/// development of the theme, not only its densest sentence.
const PER_WORD: f64 = 0.005;

/// Cost of a word in a window over a run of passages: higher than inside one passage, so
/// that a window crosses into the next paragraph only when it carries the theme on.
const RUN_PER_WORD: f64 = 0.02;

/// A crude French stem: the first 6 letters of the tagger's stem (enough to join
/// `formation`/`formations`, `expérimenter`/`expérimentation`, and `achat`/`achats` as the
/// tagger does).
pub(crate) fn stem(t: &str) -> String {
    pactes_doc::text::stem(t).chars().take(6).collect()
}

const STOP: &[&str] = &[
    "dans",
    "pour",
    "avec",
    "des",
    "les",
    "une",
    "aux",
    "par",
    "sur",
    "notamment",
    "ces",
    "leur",
    "leurs",
    "entre",
    "vers",
    "certains",
    "nouvelles",
    "nouveaux",
    "nouvelle",
    "faire",
];

/// Content stems of a theme label.
pub(crate) fn label_stems(label: &str) -> BTreeSet<String> {
    text::tokens(label)
        .into_iter()
        .filter(|t| t.len() > 3 && !STOP.contains(&t.as_str()))
        .map(|t| stem(&t))
        .collect()
}

/// A label stem found in this many theme labels or more (`format`, in 11 of the national
/// plan's 26) says nothing about any one theme: it is not a signal of the theme.
const GENERIC_LABELS: usize = 3;

/// Each theme's label stems (`label_stems`), without those the plan's labels share widely
/// (`GENERIC_LABELS`).
pub(crate) fn theme_label_stems(themes: &[ThemeDef]) -> BTreeMap<String, BTreeSet<String>> {
    let raw: Vec<(String, BTreeSet<String>)> = themes
        .iter()
        .map(|t| (t.id.clone(), label_stems(&t.label)))
        .collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, stems) in &raw {
        for s in stems {
            *count.entry(s.as_str()).or_default() += 1;
        }
    }
    let generic: BTreeSet<String> = count
        .into_iter()
        .filter(|&(_, n)| n >= GENERIC_LABELS)
        .map(|(s, _)| s.to_string())
        .collect();
    raw.into_iter()
        .map(|(id, stems)| (id, stems.difference(&generic).cloned().collect()))
        .collect()
}

/// A theme's distinct cue phrases (from the tagger's evidence) as sequences of stem ids: cues
/// match on stems so that plural / conjugated forms count.
pub(crate) fn cue_seqs(cues: &[String]) -> Vec<Vec<u64>> {
    let mut v: Vec<Vec<String>> = cues
        .iter()
        .map(|c| text::tokens(c))
        .filter(|t| !t.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v.into_iter()
        .map(|c| c.iter().map(|t| stem_id(t)).collect())
        .collect()
}

fn contains_seq(hay: &[u64], needle: &[u64]) -> bool {
    if needle.is_empty() || needle.len() > hay.len() {
        return false;
    }
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Stem ids of the words a cue's words may be linked by (`pactes_tag::LINKS`, and the elided
/// `l'` / `d'` the tokens keep): the tagger matches a cue of two content words or more
/// whatever links stand between them, and so does the selection.
fn link_ids() -> &'static BTreeSet<u64> {
    static IDS: std::sync::OnceLock<BTreeSet<u64>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        pactes_tag::LINKS
            .iter()
            .chain(&["l", "d"])
            .map(|w| stem_id(w))
            .collect()
    })
}

/// The content stems of a run of stem ids (without links).
fn content(stems: &[u64]) -> Vec<u64> {
    let links = link_ids();
    stems
        .iter()
        .copied()
        .filter(|s| !links.contains(s))
        .collect()
}

/// A cue as a unit is searched for it: its content stems when it has two or more (links
/// free between them), else its stems word for word.
enum CueKey<'a> {
    Linked(Vec<u64>),
    Exact(&'a [u64]),
}

impl<'a> CueKey<'a> {
    fn of(cue: &'a [u64]) -> Self {
        let key = content(cue);
        if key.len() >= 2 {
            CueKey::Linked(key)
        } else {
            CueKey::Exact(cue)
        }
    }

    /// Whether a unit of these stems (and these content stems) holds the cue.
    fn in_unit(&self, stems: &[u64], content_stems: &[u64]) -> bool {
        match self {
            CueKey::Linked(key) => contains_seq(content_stems, key),
            CueKey::Exact(cue) => contains_seq(stems, cue),
        }
    }
}

/// The theme signal of each unit: distinct cues it holds (+ label stems, weaker).
fn unit_hits(units: &[SUnit], cues: &[Vec<u64>], label: &BTreeSet<String>) -> Vec<f64> {
    let label: BTreeSet<u64> = label.iter().map(|l| stem_id(l)).collect();
    let keys: Vec<CueKey> = cues.iter().map(|c| CueKey::of(c)).collect();
    units
        .iter()
        .map(|u| {
            let cs = content(&u.stems);
            let c = keys.iter().filter(|k| k.in_unit(&u.stems, &cs)).count() as f64;
            let stems: BTreeSet<u64> = u.stems.iter().copied().collect();
            let l = label.intersection(&stems).count() as f64;
            c + 0.5 * l
        })
        .collect()
}

/// The best window of `units` for the given cue phrases and label stems, within `cap` words.
pub(crate) fn signal_window(
    units: &[SUnit],
    cues: &[String],
    label: &BTreeSet<String>,
    cap: usize,
) -> Option<(usize, usize, usize, f64)> {
    let hits = unit_hits(units, &cue_seqs(cues), label);
    best_window(units, &hits, cap, PER_WORD, 0.0)
}

/// Whether a unit opens a sentence (capital, bullet, digit, quote) rather than continuing one
/// cut by a page or column break.
fn starts_sentence(t: &str) -> bool {
    t.chars().next().is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '•' | '«' | '"' | '(' | '“')
    })
}

/// Whether a unit opens a sentence (`starts_sentence`) or a dash item (`-Mobiliser …`).
fn opens_sentence(t: &str) -> bool {
    starts_sentence(t)
        || t.strip_prefix(['-', '–', '—']).is_some_and(|r| {
            r.trim_start()
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
}

/// Best contiguous run of units of `units` within `cap` words: maximises the theme signal
/// it carries, with a per-word cost so that it stays dense; runs start and end on units
/// that carry the signal (the context between them is kept).
fn best_window(
    units: &[SUnit],
    hits: &[f64],
    cap: usize,
    per_word: f64,
    first_bonus: f64,
) -> Option<(usize, usize, usize, f64)> {
    let mut best: Option<(usize, usize, usize, f64)> = None;
    for i in 0..units.len() {
        let bonus = if i == 0 { first_bonus } else { 0.0 };
        if (hits[i] <= 0.0 && bonus <= 0.0) || !starts_sentence(&units[i].text) && i > 0 {
            continue;
        }
        let mut words = 0;
        let mut sig = 0.0;
        for j in i..units.len() {
            words += units[j].words;
            if words > cap && j > i {
                break;
            }
            sig += hits[j];
            if hits[j] <= 0.0 {
                continue;
            }
            let v = sig + bonus - per_word * words as f64;
            let better = match best {
                None => true,
                Some((_, _, _, bv)) => v > bv + 1e-9,
            };
            if better {
                best = Some((i, j + 1, words, v));
            }
        }
    }
    best
}

/// How much a passage is *about* a theme (rather than mentioning it): the theme's share of
/// the passage's tag scores, its rank, whether the heading speaks of it.
pub(crate) fn aboutness(
    p: &TaggedPassage,
    heading_toks: &BTreeSet<String>,
    idx: usize,
    label: &BTreeSet<String>,
) -> f64 {
    let s = p.scores.get(idx).copied().unwrap_or(0.0).max(0.0) as f64;
    let total: f64 = p.scores.iter().map(|x| x.max(0.0) as f64).sum();
    let share = if total > 0.0 { s / total } else { 0.0 };
    let rank = 1.0 / (1.0 + idx as f64);
    let head = label.intersection(heading_toks).count() as f64;
    0.5 * share + 0.5 * rank + 0.25 * head.min(2.0)
}

/// Selection parameters for one (theme, Region).
pub(crate) struct Need<'a> {
    /// The theme's label stems (`theme_label_stems`).
    pub label: &'a BTreeSet<String>,
    pub budget: usize,
    pub max_excerpts: usize,
}

/// Words a Region's first excerpt on a theme may take whatever the theme's budget when no
/// window fits the budget: one long sentence, so that a theme the Region addresses is not
/// left unillustrated because its floor budget is shorter than each of its sentences.
pub(crate) const FIRST_EXCERPT_MIN: usize = 120;

/// Fewest words of an excerpt after a Region's first on a theme.
const MIN_EXTRA_WORDS: usize = 30;

/// How many untagged passages a run of passages on a theme may step over.
const RUN_GAP: usize = 1;

/// Words of a run kept beyond its seed: no theme's budget comes near it.
const RUN_MAX_WORDS: usize = 2_000;

/// One passage of a run, with the theme's cue phrases it holds (none when it is an untagged
/// passage the run steps over).
pub(crate) struct RunPart {
    pub p: Arc<Prepared>,
    pub cues: Arc<Vec<Vec<u64>>>,
}

/// A seed of an excerpt: a passage tagged with the theme, its rank value, and the passages
/// after it in its section that carry the theme on (the run an excerpt may span).
pub(crate) struct Seed {
    pub value: f64,
    pub run: Vec<RunPart>,
}

impl Seed {
    /// Ranking order: best value first, then document and passage id (a total order, so the
    /// seeds kept do not depend on the order documents arrive in).
    pub(crate) fn cmp_rank(&self, o: &Seed) -> std::cmp::Ordering {
        o.value.total_cmp(&self.value).then_with(|| {
            (&self.run[0].p.doc, &self.run[0].p.id).cmp(&(&o.run[0].p.doc, &o.run[0].p.id))
        })
    }
}

/// What a passage weighs as a seed with no prose at all (a list of dispositifs, a table row, a
/// title): its tag score counts for 0.3 of a passage of full sentences.
const PROSE_FLOOR: f64 = 0.3;

/// Share of a passage's words in full sentences (≥ 12 words, closed by a stop, a colon or a
/// semicolon). A staffer quotes what a Pacte *says* about a theme — constats, commitments,
/// actions described in sentences — more than enumerations of dispositifs, whose many cues
/// inflate the tagger's score.
fn prose_share(pp: &Prepared) -> f64 {
    let prose: usize = pp
        .units
        .iter()
        .filter(|u| u.words >= 12 && u.text.trim_end().ends_with(['.', ';', ':', '!', '?']))
        .map(|u| u.words)
        .sum();
    prose as f64 / pp.words.max(1) as f64
}

/// The seeds of one document for one theme: each passage tagged with it (`tagged[i]` = the
/// theme's position in passage `i`'s tags), ranked by the tagger's score (about-weighted, and
/// weighted by the share of the passage written in sentences: `prose_share`), with
/// the run that follows it in its section (same heading path, tagged with the theme, allowing
/// `RUN_GAP` untagged passages between two tagged ones).
pub(crate) fn doc_seeds(
    doc: &[(&TaggedPassage, Arc<Prepared>)],
    tagged: &[Option<usize>],
    label: &BTreeSet<String>,
) -> Vec<Seed> {
    let mut out = Vec::new();
    // one copy of each passage's cues, shared by the runs that hold the passage
    let cues: Vec<Arc<Vec<Vec<u64>>>> = (0..doc.len())
        .map(|i| {
            Arc::new(match tagged[i] {
                Some(idx) => cue_seqs(doc[i].0.evidence.get(idx).map(Vec::as_slice).unwrap_or(&[])),
                None => Vec::new(),
            })
        })
        .collect();
    for (i, (p, pp)) in doc.iter().enumerate() {
        let Some(idx) = tagged[i] else { continue };
        let raw = p.scores.get(idx).copied().unwrap_or(0.0) as f64;
        let ab = aboutness(p, &pp.heading_toks, idx, label);
        let value = (PROSE_FLOOR + prose_share(pp)) * raw.max(0.0) * (1.0 + 0.1 * ab);
        let same = |j: usize| doc[j].0.region == p.region && doc[j].0.heading == p.heading;
        let mut hi = i;
        let mut gap = 0;
        let mut words = pp.words;
        let mut j = i;
        while j + 1 < doc.len() && same(j + 1) && words < RUN_MAX_WORDS {
            j += 1;
            if tagged[j].is_some() {
                hi = j;
                gap = 0;
            } else {
                gap += 1;
                if gap > RUN_GAP {
                    break;
                }
            }
            words += doc[j].1.words;
        }
        let run = (i..=hi)
            .map(|k| RunPart {
                p: doc[k].1.clone(),
                cues: cues[k].clone(),
            })
            .collect();
        out.push(Seed { value, run });
    }
    out
}

/// A unit of a run, with the passage it comes from.
struct RunUnit<'a> {
    passage: &'a Prepared,
    unit: &'a SUnit,
}

/// Chooses up to `max_excerpts` windows over the seeds (best first). An excerpt is the best
/// window of whole units over a seed's run, up to a passage an earlier excerpt quotes, so that
/// it may span several paragraphs or table rows.
pub(crate) fn choose(seeds: &[Seed], need: &Need) -> Vec<Excerpt> {
    let out = choose_within(seeds, need, 0);
    if out.is_empty() {
        // A Region that addresses the theme is illustrated: when no window fits a small
        // budget (excerpts are cut at sentence ends only), its first excerpt may take one long
        // sentence more.
        return choose_within(seeds, need, FIRST_EXCERPT_MIN);
    }
    out
}

/// `choose` with the first excerpt allowed `first_min` words whatever the budget.
fn choose_within(seeds: &[Seed], need: &Need, first_min: usize) -> Vec<Excerpt> {
    let label = need.label;
    let mut covered: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut said: Vec<BTreeSet<u64>> = Vec::new();
    let mut out = Vec::new();
    let mut left = need.budget;
    for seed in seeds {
        let floor = if out.is_empty() { first_min } else { 0 };
        if out.len() >= need.max_excerpts || left.max(floor) < 12 {
            break;
        }
        let first = &seed.run[0].p;
        if covered.contains(&(first.doc.as_str(), first.id.as_str())) || first.units.is_empty() {
            continue;
        }
        let run = seed
            .run
            .iter()
            .take_while(|r| !covered.contains(&(r.p.doc.as_str(), r.p.id.as_str())));
        let mut units: Vec<RunUnit> = Vec::new();
        let mut hits: Vec<f64> = Vec::new();
        let seed_len = first.units.len();
        for r in run {
            hits.extend(unit_hits(&r.p.units, &r.cues, label));
            units.extend(r.p.units.iter().map(|u| RunUnit {
                passage: &r.p,
                unit: u,
            }));
        }
        let flat: Vec<SUnit> = units.iter().map(|u| u.unit.clone()).collect();
        let room = left.max(floor);
        let cap = room.max(25);
        let w = best_window(&flat, &hits, cap, RUN_PER_WORD, 0.0).or_else(|| {
            let mut words = 0;
            let mut to = 0;
            while to < seed_len.min(flat.len())
                && (to == 0 || words + flat[to].words <= cap.min(60))
            {
                words += flat[to].words;
                to += 1;
            }
            Some((0, to, words, 0.0))
        });
        let Some((from, to, _, _)) = w else { continue };
        let to = through_lead_in(&flat, from, to, cap);
        let (from, mut to) = trim_to(&flat, from, to, room);
        // An excerpt does not stop mid-phrase (a line of a table cell, a sentence a page
        // break or the budget cut) nor on an announcement: it ends on the last unit before
        // that closes its phrase.
        // Nor where its sentence goes on in the next unit (a line the page broke).
        let goes_on = |to: usize| {
            to < flat.len() && pactes_doc::segment::goes_on(&flat[to - 1].text, &flat[to].text)
        };
        while to > from && (ends_open(&flat[to - 1].text) || goes_on(to)) {
            to -= 1;
        }
        // A second or third illustration of a few words says little and takes budget from
        // the others.
        let words: usize = flat[from..to].iter().map(|u| u.words).sum();
        if from >= to || (!out.is_empty() && words < MIN_EXTRA_WORDS) {
            continue;
        }
        // A Pacte often says one thing twice (an action described in the text, then in its
        // table): an excerpt that repeats half of an earlier one's wording takes the words
        // and the place of another illustration.
        let sh = shingles(flat[from..to].iter().flat_map(|u| u.stems.iter().copied()));
        if said.iter().any(|s| repeats(&sh, s)) {
            continue;
        }
        said.push(sh);
        for u in &units[from..to] {
            covered.insert((u.passage.doc.as_str(), u.passage.id.as_str()));
        }
        let ex = make_run_excerpt(&units[from..to]);
        let words = text::word_count(&ex.text);
        left = left.saturating_sub(words);
        out.push(ex);
    }
    out.sort_by(|a, b| (&a.doc, &a.passage_id).cmp(&(&b.doc, &b.passage_id)));
    out
}

/// Words of a shingle: runs of this many stems stand for a wording.
const SHINGLE: usize = 6;

/// The wording of a run of stems: a hash of each run of `SHINGLE` stems (the whole, when
/// shorter).
pub(crate) fn shingles(stems: impl Iterator<Item = u64>) -> BTreeSet<u64> {
    let v: Vec<u64> = stems.collect();
    let n = SHINGLE.min(v.len()).max(1);
    v.windows(n).map(|w| fnv1a(w.iter().copied())).collect()
}

/// Whether a wording repeats half of another's, or the other half of it (the shorter's
/// shingles, half of them in the longer).
pub(crate) fn repeats(a: &BTreeSet<u64>, b: &BTreeSet<u64>) -> bool {
    let (small, big) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    !small.is_empty() && 2 * small.intersection(big).count() >= small.len()
}

/// An excerpt over units of one or more consecutive passages (cited from the first to the
/// last page, under the first passage's heading).
fn make_run_excerpt(units: &[RunUnit]) -> Excerpt {
    let mut text = String::new();
    // a passage that opens in the middle of a sentence (a table cell a page break cut, a
    // title's end run into the body): the excerpt says that it starts inside one
    if units.first().is_some_and(|u| !opens_sentence(&u.unit.text)) {
        text.push_str(CUT_BEFORE);
    }
    let mut last: Option<(&str, &SUnit)> = None;
    for u in units {
        match last {
            None => {}
            Some((p, l))
                if p == u.passage.id && l.line == u.unit.line && !u.unit.text.starts_with('•') =>
            {
                // the cells of a table row, told apart
                text.push_str(if l.cell == u.unit.cell { " " } else { CELL_SEP })
            }
            // a sentence that a page or column break cut goes on on the same line
            Some((_, l)) if pactes_doc::segment::goes_on(&l.text, &u.unit.text) => text.push(' '),
            Some(_) => text.push('\n'),
        }
        text.push_str(&u.unit.text);
        last = Some((u.passage.id.as_str(), u.unit));
    }
    let first = units[0].passage;
    let lastp = units[units.len() - 1].passage;
    Excerpt {
        region: first.region.clone(),
        doc: first.doc.clone(),
        page_start: first.page_start,
        page_end: lastp.page_end.max(first.page_start),
        heading: first.title.clone(),
        text,
        passage_id: first.id.clone(),
    }
}

/// What stands between two cells of a table row in an excerpt (`Diagnostic en continu · 34 ·
/// Réaliser un diagnostic…`): the row reads as one line, its cells apart.
pub(crate) const CELL_SEP: &str = " · ";

/// What opens an excerpt whose first words are not a sentence's first: French quotations
/// mark a cut so (and `clip_words` a cut at the end).
pub(crate) const CUT_BEFORE: &str = "[…] ";

/// A window that ends on a sentence announcing what follows (`… portera sur :`) goes on
/// through what it announces (the list after it), as far as `cap` words allow; when that does
/// not fit, it stops before the announcement: an excerpt never ends on a colon.
fn through_lead_in(units: &[SUnit], from: usize, mut to: usize, cap: usize) -> usize {
    let mut words: usize = units[from..to].iter().map(|u| u.words).sum();
    let announces = |u: &SUnit| pactes_doc::segment::announces(&u.text);
    while to > from && to < units.len() && announces(&units[to - 1]) {
        // the announced items: the units that follow, as long as they are items or sentences
        // of the item (or line) before them
        let start = to;
        while to < units.len() && words + units[to].words <= cap {
            words += units[to].words;
            to += 1;
            if to < units.len() && !is_item(&units[to].text) && units[to].line != units[to - 1].line
            {
                break;
            }
        }
        if to == start {
            break;
        }
    }
    // what it announces does not fit: the excerpt stops before the announcement
    while to > from && announces(&units[to - 1]) {
        to -= 1;
    }
    // A window that holds an announcement and the first of its items goes on through the
    // others (list items stay with their lead-in), when they all fit.
    if let Some(lead) = (from..to).rev().find(|&k| announces(&units[k])) {
        let in_list = |k: usize| is_item(&units[k].text) || units[k].line == units[k - 1].line;
        if lead + 1 < to && (lead + 1..to).all(in_list) {
            let mut end = to;
            while end < units.len() && in_list(end) && !announces(&units[end - 1]) {
                end += 1;
            }
            let more: usize = units[to..end].iter().map(|u| u.words).sum();
            if words + more <= cap {
                to = end;
            }
        }
    }
    to
}

/// Whether an excerpt ending on `t` would stop mid-phrase (a function word, an open
/// parenthesis, a comma: `stops_mid_phrase`) or on an announcement (a colon). A list item
/// closed by a comma is whole: the comma is the list's punctuation.
fn ends_open(t: &str) -> bool {
    let t = t.trim_end();
    pactes_doc::segment::announces(t)
        || pactes_doc::segment::stops_mid_phrase(t) && !(is_item(t) && t.ends_with(','))
}

/// A list item: a unit opening with a bullet, a dash, or a bullet drawn as a letter `o`.
fn is_item(t: &str) -> bool {
    let t = t.trim_start();
    t.starts_with(['•', '-', '–', '▪', '▶', '►', '➤', '→', '✓', '❖']) || t.starts_with("o ")
}

/// Shrinks a window from its end to fit `cap` words (empty when its first unit alone is
/// longer: excerpts are cut at sentence boundaries only).
fn trim_to(units: &[SUnit], from: usize, mut to: usize, cap: usize) -> (usize, usize) {
    let words = |f: usize, t: usize| units[f..t].iter().map(|u| u.words).sum::<usize>();
    while to > from && words(from, to) > cap {
        to -= 1;
    }
    (from, to)
}

pub(crate) fn make_excerpt(pp: &Prepared, from: usize, to: usize) -> Excerpt {
    let units: Vec<RunUnit> = pp.units[from..to]
        .iter()
        .map(|u| RunUnit {
            passage: pp,
            unit: u,
        })
        .collect();
    let mut ex = make_run_excerpt(&units);
    ex.page_end = pp.page_end;
    ex
}

/// Per-theme budgets for one Region: proportional to the theme's mass in
/// the Region's Pacte (words of passages about it), with a floor so every addressed theme
/// gets an illustration, and a ceiling of `max_excerpts` long excerpts.
pub(crate) fn allocate(
    masses: &BTreeMap<String, f64>,
    total: usize,
    floor: usize,
    ceil: usize,
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    if masses.is_empty() {
        return out;
    }
    let n = masses.len();
    let floor = floor.min(total / n.max(1));
    let mut fixed: BTreeMap<String, usize> = BTreeMap::new();
    // iterate: themes hitting the ceiling are fixed, the rest share what is left
    for _ in 0..n + 1 {
        let free: Vec<(&String, f64)> = masses
            .iter()
            .filter(|(k, _)| !fixed.contains_key(*k))
            .map(|(k, m)| (k, m.max(0.0)))
            .collect();
        let used: usize = fixed.values().sum();
        let left = total.saturating_sub(used);
        let sum: f64 = free.iter().map(|(_, w)| w).sum();
        let extra = left.saturating_sub(floor * free.len());
        let mut changed = false;
        out.clear();
        for (k, w) in &free {
            let share = if sum > 0.0 {
                w / sum
            } else {
                1.0 / free.len() as f64
            };
            let b = floor + (extra as f64 * share).floor() as usize;
            if b > ceil {
                fixed.insert((*k).clone(), ceil);
                changed = true;
            } else {
                out.insert((*k).clone(), b);
            }
        }
        if !changed {
            break;
        }
    }
    for (k, v) in fixed {
        out.insert(k, v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_respects_total_floor_and_ceiling() {
        let mut m = BTreeMap::new();
        m.insert("a".to_string(), 10000.0);
        m.insert("b".to_string(), 100.0);
        m.insert("c".to_string(), 1.0);
        let a = allocate(&m, 1000, 40, 500);
        let sum: usize = a.values().sum();
        assert!(sum <= 1000, "{a:?}");
        assert!(a["a"] <= 500 && a["a"] > a["b"] && a["b"] > a["c"], "{a:?}");
        assert!(a["c"] >= 40);
    }

    #[test]
    fn a_unit_holds_a_cue_whatever_links_its_words() {
        let u = compact(text::units(
            "Les achats des formations évoluent.\nLa formation à distance progresse.\nLa distance est longue.",
        ));
        let cues = cue_seqs(&["achat de formation".into(), "à distance".into()]);
        let hits = unit_hits(&u, &cues, &BTreeSet::new());
        // the first unit holds `achat de formation` (as `achats des formations`), the second
        // `à distance`; the third holds `distance` without its link
        assert_eq!(hits, [1.0, 1.0, 0.0]);
    }

    #[test]
    fn an_excerpt_never_ends_on_an_announcement() {
        let u = compact(text::units(
            "La VAE progresse.\n• Le suivi de la VAE portera sur :\n• les parcours ;\n• les certifications.\nAutre chose.",
        ));
        // the window ends on the lead-in: it goes on through the items it announces
        assert_eq!(through_lead_in(&u, 0, 2, 100), 4);
        // the items do not fit: it stops before the lead-in
        assert_eq!(through_lead_in(&u, 0, 2, 10), 1);
        // a window that does not end on a colon is left alone
        assert_eq!(through_lead_in(&u, 0, 1, 100), 1);
        // a window holding the announcement and its first item goes on through the others
        // when they fit, and stops at the list's end
        assert_eq!(through_lead_in(&u, 1, 3, 100), 4);
        assert_eq!(through_lead_in(&u, 1, 3, 8), 3);
        // a sentence opening with a word in `o` is not an item of the list
        let u = compact(text::units(
            "Le suivi portera sur :\n• les parcours ;\nouvrir les suites reste à prévoir.",
        ));
        assert_eq!(through_lead_in(&u, 0, 1, 100), 2);
    }

    /// A passage of Bretagne's tagged 1.5 (VAE) on the cue `VAE`, holding `text`.
    fn vae_passage(text: String) -> TaggedPassage {
        TaggedPassage {
            id: "p-0001".into(),
            doc: "d.pdf".into(),
            sha256: String::new(),
            region: "Bretagne".into(),
            page_start: 1,
            page_end: 1,
            heading: vec!["Axe 1".into()],
            axis: None,
            themes: vec!["1.5".into()],
            scores: vec![5.0],
            evidence: vec![vec!["VAE".into()]],
            text,
        }
    }

    /// The excerpts `choose` takes, within `budget` words, from one passage of Bretagne's
    /// tagged 1.5 (VAE) holding `text`.
    fn excerpts_of(text: &str, budget: usize) -> Vec<Excerpt> {
        let p = vae_passage(text.into());
        let pp = Arc::new(prepare(&p));
        let seeds = doc_seeds(&[(&p, pp)], &[Some(0)], &BTreeSet::new());
        let label = BTreeSet::new();
        let need = Need {
            label: &label,
            budget,
            max_excerpts: 3,
        };
        choose(&seeds, &need)
    }

    #[test]
    fn a_theme_is_illustrated_even_when_its_budget_is_shorter_than_a_sentence() {
        // one sentence of 40 words carrying the theme, a budget of 20 words
        let text = format!(
            "La VAE {} est proposée à tous les publics du Pacte.",
            "collective et hybride, accompagnée".repeat(8)
        );
        let p = vae_passage(text);
        let pp = Arc::new(prepare(&p));
        assert!(
            pp.words > 20 && pp.words <= FIRST_EXCERPT_MIN,
            "{}",
            pp.words
        );
        let seeds = doc_seeds(&[(&p, pp)], &[Some(0)], &BTreeSet::new());
        let label = BTreeSet::new();
        let need = |budget| Need {
            label: &label,
            budget,
            max_excerpts: 3,
        };
        // within its budget, no window fits: the first excerpt takes the sentence anyway
        assert_eq!(choose_within(&seeds, &need(20), 0).len(), 0);
        let out = choose(&seeds, &need(20));
        assert_eq!(out.len(), 1);
        assert!(out[0].text.starts_with("La VAE"), "{}", out[0].text);
        // even with no words left at all
        assert_eq!(choose(&seeds, &need(0)).len(), 1);
    }

    #[test]
    fn an_excerpt_never_stops_mid_phrase() {
        // the passage's last line is cut (a table cell's line, a page break): the window
        // that would end on it ends on the sentence before
        let out = excerpts_of(
            "La VAE collective progresse dans les entreprises de la région.\n\
             Favoriser la VAE et le maintien en",
            100,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].text,
            "La VAE collective progresse dans les entreprises de la région."
        );
    }

    #[test]
    fn an_excerpt_never_ends_on_its_announcement() {
        // a list whose items close on commas: the excerpt ends on an item, or before the
        // lead-in, never on it
        let text = "La VAE collective progresse dans les entreprises de la région.\n\
             Le Pacte prend appui sur la VAE, notamment l'intérêt de :\n\
             • développer la VAE dans les entreprises,\n\
             • développer la VAE hybride,";
        for budget in [20, 30, 100] {
            for ex in excerpts_of(text, budget) {
                let last = ex.text.lines().last().unwrap_or_default();
                assert!(!last.trim_end().ends_with(':'), "{budget}: {}", ex.text);
            }
        }
        let out = excerpts_of(text, 100);
        assert!(
            out[0].text.ends_with("• développer la VAE hybride,"),
            "{}",
            out[0].text
        );
    }

    #[test]
    fn an_excerpt_ends_where_its_sentence_ends() {
        // the budget stops the window at a line whose sentence goes on in the next: the
        // excerpt ends on the sentence before
        let out = excerpts_of(
            "La VAE collective progresse dans les entreprises de la région.\n\
             La VAE hybride est proposée aux publics du Pacte et aux demandeurs\n\
             d'emploi de longue durée et aux jeunes sans qualification de la région.",
            25,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].text,
            "La VAE collective progresse dans les entreprises de la région."
        );
    }

    #[test]
    fn a_sentence_cut_by_a_line_break_reads_on_one_line() {
        // a list item and a paragraph whose lines a page or column break set apart; a
        // closed sentence and the next item keep their own lines
        let out = excerpts_of(
            "• S'appuyer sur la VAE pour valider un premier niveau d'employabilité et la capacité\n\
             des personnes à valoriser leurs compétences.\n\
             La VAE collective progresse dans\n\
             les entreprises de la région.\n\
             • la VAE hybride est proposée.",
            100,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].text.lines().collect::<Vec<_>>(),
            [
                "• S'appuyer sur la VAE pour valider un premier niveau d'employabilité et la capacité des personnes à valoriser leurs compétences.",
                "La VAE collective progresse dans les entreprises de la région.",
                "• la VAE hybride est proposée.",
            ]
        );
    }

    #[test]
    fn the_cells_of_a_table_row_are_told_apart() {
        let ex = excerpts_of(
            "VAE collective | La VAE est ouverte à tous. Elle est accompagnée par la VAE.",
            100,
        );
        assert_eq!(
            ex[0].text,
            "VAE collective · La VAE est ouverte à tous. Elle est accompagnée par la VAE."
        );
    }

    #[test]
    fn an_excerpt_that_opens_inside_a_sentence_says_so() {
        // a passage that a page break cut inside a sentence
        let ex = excerpts_of("collective et hybride, la VAE est ouverte à tous.", 100);
        assert_eq!(
            ex[0].text,
            "[…] collective et hybride, la VAE est ouverte à tous."
        );
        for whole in [
            "La VAE est ouverte à tous.",
            "-Mobiliser la VAE pour tous.",
            "• la VAE hybride est proposée.",
        ] {
            assert_eq!(excerpts_of(whole, 100)[0].text, whole);
        }
    }

    #[test]
    fn a_header_row_the_document_repeats_is_not_quoted() {
        let cleaned: Vec<String> = [
            "Phases | Description | Démarrage\nRecueillir les besoins | La Région recueille les besoins. | 2019",
            "Phases | Description | Démarrage\nCartographier | La Région cartographie les compétences. | 2020",
            "Public | Territoire\nLa Région forme les jeunes.",
            "Etat | Région 2019\nEtat | Région 2019",
        ]
        .map(String::from)
        .to_vec();
        let headers = header_rows(&cleaned);
        // repeated and made of short titles: a header; once only, or with a digit: content
        assert_eq!(
            headers,
            BTreeSet::from(["Phases | Description | Démarrage".to_string()])
        );
        let p = vae_passage(String::new());
        let pp = prepare_cleaned(&p, &cleaned[0], &headers);
        let texts: Vec<&str> = pp.units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Recueillir les besoins", "La Région recueille les besoins."]
        );
        let pp = prepare_cleaned(&p, &cleaned[2], &headers);
        assert_eq!(pp.units[0].text, "Public", "a header seen once stays");
        assert!(!header_like("Les actions | sont financées."));
        assert!(!header_like("Description"));
    }

    #[test]
    fn a_template_field_is_titled_with_its_sheet() {
        let passage = |heading: &[&str]| {
            prepare(&TaggedPassage {
                id: "p-0001".into(),
                doc: "d.pdf".into(),
                sha256: String::new(),
                region: "Île-de-France".into(),
                page_start: 1,
                page_end: 1,
                heading: heading.iter().map(|h| h.to_string()).collect(),
                axis: None,
                themes: Vec::new(),
                scores: Vec::new(),
                evidence: Vec::new(),
                text: "La Région développe la VAE.".into(),
            })
        };
        let mut doc = vec![
            passage(&["3. LES ACTIONS", "Développer la VAE", "III - DIAGNOSTIC"]),
            passage(&[
                "3. LES ACTIONS",
                "Outiller pour informer",
                "III - DIAGNOSTIC",
            ]),
            passage(&["AXE 1 : Proposer des parcours", "III - DIAGNOSTIC"]),
            passage(&["PARTIE 1", "AXE 2 : Garantir l'accès"]),
            passage(&["PARTIE 2", "AXE 2 : Garantir l'accès"]),
            passage(&["3. LES ACTIONS", "a. Les jeunes"]),
        ];
        sheet_titles(&mut doc);
        let titles: Vec<&str> = doc.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Développer la VAE — III - DIAGNOSTIC",
                "Outiller pour informer — III - DIAGNOSTIC",
                // under an axis' title, or an axis' title itself: as it is
                "III - DIAGNOSTIC",
                "AXE 2 : Garantir l'accès",
                "AXE 2 : Garantir l'accès",
                // set once: as it is
                "a. Les jeunes",
            ]
        );
    }

    #[test]
    fn window_prefers_dense_run() {
        let u = compact(text::units("Rien ici. La VAE hybride est développée. La VAE collective aussi. Autre chose sans lien. Encore."));
        let cues = cue_seqs(&["VAE".to_string(), "VAE collective".to_string()]);
        let hits = unit_hits(&u, &cues, &BTreeSet::new());
        let (f, t, _, _) = best_window(&u, &hits, 100, 0.02, 0.0).expect("window");
        assert_eq!((f, t), (1, 3));
    }
}
