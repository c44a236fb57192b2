//! The lecture transversale on the bundled corpus through the real pipeline (one shared
//! `pactes build`: PDF extraction → segmentation → tagging → `outputs/sections.jsonl`), then
//! the synthesis: fidelity to the hand-made synthesis, word budget, determinism, clean Markdown.

use pactes_doc::TaggedPassage;
use pactes_synth::{fidelity, synthesize, SourceDoc, SynthOptions, Synthesis, Synthesizer};
use pactes_tag::Taxonomy;
use pactes_tests::{built_corpus, data_dir, repo_root};
use std::sync::OnceLock;

struct Corpus {
    passages: Vec<TaggedPassage>,
    sources: Vec<SourceDoc>,
    tax: Taxonomy,
}

/// The passages and sources the shared build wrote, and the repository's taxonomy.
fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let built = built_corpus();
        assert_eq!(built.exit_code, Some(0), "pactes build: {}", built.stderr);
        let tax = Taxonomy::load(&repo_root().join(pactes_tag::DEFAULT_TAXONOMY_PATH))
            .expect("taxonomy loads");
        let jsonl = std::fs::read_to_string(built.out.join("sections.jsonl"))
            .expect("sections.jsonl written by the build");
        let passages: Vec<TaggedPassage> = jsonl
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).expect("a TaggedPassage per line"))
            .collect();
        let sources: Vec<SourceDoc> = serde_json::from_str(
            &std::fs::read_to_string(built.out.join("sources.json"))
                .expect("sources.json written by the build"),
        )
        .expect("sources.json parses");
        assert_eq!(sources.len(), 4, "the four bundled Pactes");
        Corpus {
            passages,
            sources,
            tax,
        }
    })
}

fn synth(c: &Corpus) -> Synthesis {
    synthesize(&c.passages, &c.sources, &c.tax, &SynthOptions::default())
}

fn measure() -> pactes_synth::Fidelity {
    let c = corpus();
    let s = synth(c);
    let gold = pactes_tag::eval::load_gold(&data_dir().join("quotes-dev.jsonl")).expect("gold");
    let f = fidelity(&s, &gold);
    eprintln!(
        "synthesis fidelity (real pipeline, 4 bundled Pactes): coverage {:.3} over {} pairs, \
         quote recall {:.3} over {} quotes, {} words of excerpts",
        f.coverage, f.pairs, f.quote_recall, f.quotes, f.excerpt_words
    );
    f
}

/// Measures the synthesis of the shared build: within the 15,000-word budget, coverage
/// ≥ 0.95 and quote recall ≥ `min_recall`.
fn assert_fidelity(min_recall: f64) {
    let f = measure();
    assert!(
        f.excerpt_words <= 15_000,
        "{} words of excerpts",
        f.excerpt_words
    );
    assert!(f.coverage >= 0.95, "coverage {:.3}", f.coverage);
    assert!(
        f.quote_recall >= min_recall,
        "quote recall {:.3}",
        f.quote_recall
    );
}

/// What holds today (regression floor): full coverage within the budget, and the quote recall
/// measured on the real pipeline not falling back by more than a quote (floor 0.308 = 0.319
/// less one of the 94 quotes): 0.319 (14,872 words) since session 36's field vocabulary (its
/// tags moved the themes' budgets); 0.309 (14,927 words) since long titles cut after a noun
/// are joined to their line in lower case (session 31: Île-de-France's and Pays de la Loire's
/// words moved the Regions' shares, Hauts-de-France's 2.5 kept two excerpts, one quote
/// fewer); 0.319 (14,964 words) since a table's header row that the document repeats is not
/// quoted (session 31; 0.309 and 14,986 words before, session 30's diagnostic rule included);
/// 0.309 (14,944 words) since one-line paragraphs set flush
/// without space are told apart in proportional type (Centre-Val de Loire's table cells came
/// apart; its 2.4 excerpt went to another cell under the axis' title; the other renderings
/// gained: chromium 0.266 → 0.287, pdfLaTeX and groff the same, their silver recall up); 0.319
/// (14,937 words)
/// since a justified cell's last word pushed against the next cell stays in its cell (one
/// Hauts-de-France 2.4 excerpt's budget went to a longer first one); 0.330 (14,988 words)
/// since tight tables are read as rows (0.309 with the rows alone: a Hauts-de-France 2.6
/// excerpt stopped on a row's title cell; 0.319 once a cell's dash items joined on one line
/// were split into items, 0.330 with a table's last row at a page's foot); 0.319 (14,906 words;
/// 14,981 until excerpts ended where their sentence ends, 14,943 until session 18's cues)
/// since an excerpt no longer ends on an announcement whose items close on commas (the
/// window took them as stopping mid-phrase and backed off to the colon: Hauts-de-France's
/// intro.diagnostic excerpt now holds its items, and its third excerpt no longer fits); 0.330
/// (14,946 words) with lists set as titles kept with their lead-in; 0.330 (14,960 words)
/// since session 16's cues `immerger`, `TH`, `entrée en formation` (tags of Pays de la Loire
/// and Île-de-France moved, and with them the budgets Regions share); 0.319 (14,965 words;
/// 14,993 before titles that head nothing became passages) since dash list items set at one indent are told apart and kept with their lead-in (0.330
/// with the items apart but not kept with it; the quoted passages stay tagged — dev theme
/// recall 0.904 → 0.915 — and the excerpts' ranking among a section's passages changes: two
/// 3.4 quotes of Hauts-de-France's simulators went to another of its digital passages);
/// 0.351 (14,974 words)
/// since each Region's budget is also raised on its own (0.340, 14,658 words, when Île-de-
/// France's multi-axis action sheets took their first axis: its longer excerpts stopped the
/// common raise of every Region's budget); 0.362 (14,905 words) with lists numbered in figures
/// under an action sheet's roman fields; 0.351 (14,827 words)
/// since session 11's annex and run-in titles (Île-de-France and Pays de la Loire only; the
/// corpus budget they share with Hauts-de-France shortened one of its 2.5 excerpts, which lost
/// a quote, 0.362 with the annexes alone); 0.372 (14,866 words)
/// once label stems shared by three or more theme labels (`format`…) stopped counting as a
/// theme's signal; 0.362 (14,974 words) once the words themes leave unspent are handed back by raising the Regions' budgets while
/// the corpus budget holds (0.340, 13,743 words, before); 0.351 (13,786 words)
/// with axis overviews taken from each Region's own axis section and opened by its title of
/// the axis; 0.340 (13,904 words) when a table of contents run together in paragraphs began to
/// be skipped (0.362 before: one gold quote is an axis title that the Hauts-de-France Pacte
/// writes as text only in its table of contents, one 3.5 quote went with the renumbered
/// passages). Before that:
/// 0.362, also after the taxonomy lost the phrases lifted from quoted passages; 0.351 with seeds
/// weighted by their share of sentences and run-on table rows cut into chunks (0.319 without,
/// on the same segmentation and tags; on the previous ones 0.404 against 0.362). Earlier:
/// 0.277 one passage per excerpt, naive 0.09.
#[test]
fn synthesis_fidelity_floor_on_bundled_corpus() {
    assert_fidelity(0.308);
}

/// The target of issue 5. Not met yet: recall 0.319 within the budget; the misses are mostly
/// passages tagged with the theme but outranked by others of the same (theme, Region)
/// (`--example fidelity` lists them).
#[test]
#[ignore = "issue 5 target not met yet (quote recall 0.319): run with --ignored"]
fn synthesis_fidelity_target_on_bundled_corpus() {
    assert_fidelity(0.6);
}

/// The synthesis measured on the Regions the dev gold leaves out (silver quotes of Pays de la
/// Loire and Île-de-France, `tag::silver_quotes`): coverage meets the bar (1.000 of 24
/// pairs; 0.958 before a theme's first excerpt could pass a budget shorter than each of its
/// sentences: Pays de la Loire's `intro.publics` went unillustrated), quote recall is half the
/// dev figure (0.171 of 105 quotes; 0.162 after session 10's segmentation, 0.171 again since
/// session 11's annex titles; 0.162 since session 12's dash lists). Floors at the level
/// measured, about two quotes below it.
#[test]
fn synthesis_fidelity_on_the_regions_the_dev_gold_leaves_out() {
    let c = corpus();
    let s = synth(c);
    let f = fidelity(&s, &crate::tag::silver_quotes());
    eprintln!(
        "synthesis fidelity on silver quotes (Regions outside the dev gold): coverage {:.3} over \
         {} pairs, quote recall {:.3} over {} quotes",
        f.coverage, f.pairs, f.quote_recall, f.quotes
    );
    assert!(f.coverage >= 0.95, "coverage {:.3}", f.coverage);
    assert!(f.quote_recall >= 0.15, "quote recall {:.3}", f.quote_recall);
}

#[test]
fn synthesis_is_deterministic() {
    let c = corpus();
    let a = synth(c);
    let mut rev = c.passages.clone();
    rev.reverse();
    let mut src = c.sources.clone();
    src.reverse();
    let b = synthesize(&rev, &src, &c.tax, &SynthOptions::default());
    assert_eq!(a.to_markdown(), b.to_markdown());
    assert_eq!(
        serde_json::to_string_pretty(&a.to_json()).ok(),
        serde_json::to_string_pretty(&b.to_json()).ok()
    );
    assert_eq!(a.matrix_csv(), b.matrix_csv());
}

/// The streaming synthesizer, fed the bundled Pactes one document at a time in any order,
/// gives byte for byte the batch synthesis.
#[test]
fn streaming_synthesis_equals_batch_in_any_document_order() {
    let c = corpus();
    let a = synth(c);
    let mut docs: std::collections::BTreeMap<&str, Vec<TaggedPassage>> = Default::default();
    for p in &c.passages {
        docs.entry(p.doc.as_str()).or_default().push(p.clone());
    }
    let docs: Vec<Vec<TaggedPassage>> = docs.into_values().collect();
    for rot in 0..docs.len() {
        let mut order = docs.clone();
        order.rotate_left(rot);
        order.reverse();
        let mut st = Synthesizer::for_taxonomy(&c.sources, &c.tax, &SynthOptions::default());
        for d in order {
            st.add_document(d);
        }
        let b = st.finish();
        assert_eq!(a.to_markdown(), b.to_markdown(), "rotation {rot}");
        assert_eq!(a.to_json(), b.to_json());
        assert_eq!(a.matrix_csv(), b.matrix_csv());
    }
}

#[test]
fn synthesis_markdown_is_clean_and_complete() {
    let c = corpus();
    let s = synth(c);
    let md = s.to_markdown();
    assert_eq!(s.regions.len(), 4, "{:?}", s.regions);
    for src in &c.sources {
        assert!(md.contains(&src.sha256), "source {} listed", src.doc);
    }
    for t in &c.tax.themes {
        assert!(
            md.lines()
                .any(|l| l.starts_with("### ") && l.contains(&t.id)),
            "section for theme {}",
            t.id
        );
    }
    for debris in ["<p>", "</p>", "<ul", "<li", "\u{fffd}", "....."] {
        assert!(!md.contains(debris), "debris {debris:?} in the Markdown");
    }
    // every excerpt is cited, at most three per (theme, Region)
    let mut per = std::collections::BTreeMap::new();
    for t in &s.themes {
        for e in &t.excerpts {
            *per.entry((t.id.clone(), e.region.clone())).or_insert(0) += 1;
            assert!(e.page_start >= 1 && e.page_end >= e.page_start);
        }
    }
    assert!(per.values().all(|&n| n <= 3));
    // an excerpt never ends on what it announces (`… notamment l'intérêt de :`)
    let announcing: Vec<&str> = s
        .themes
        .iter()
        .flat_map(|t| &t.excerpts)
        .map(|e| e.text.as_str())
        .filter(|t| t.trim_end().ends_with(':'))
        .collect();
    assert!(announcing.is_empty(), "{announcing:#?}");
    // nor breaks a line in the middle of a sentence (a page or column break of the Pacte)
    let broken: Vec<&str> = s
        .themes
        .iter()
        .flat_map(|t| &t.excerpts)
        .map(|e| e.text.as_str())
        .filter(|t| {
            let lines: Vec<&str> = t.lines().collect();
            lines
                .windows(2)
                .any(|w| pactes_doc::segment::goes_on(w[0], w[1]))
        })
        .collect();
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(md.contains("## Matrice Régions × thèmes"));
    // every Pacte announces expérimentations; each is listed with the words that speak of it,
    // without the figures of the table row it may sit in
    for r in &s.regions {
        assert!(
            s.experimentations.iter().any(|e| &e.region == r),
            "{r} announces expérimentations"
        );
    }
    let speaks = |t: &str| {
        pactes_synth::text::tokens(t)
            .iter()
            .any(|w| pactes_synth::facts::speaks_of_experiment(w))
    };
    let odd: Vec<_> = s
        .experimentations
        .iter()
        .filter(|e| {
            let last = e.sentence.split_whitespace().last().unwrap_or("");
            !(speaks(&e.sentence) || speaks(&e.heading)) || last.chars().all(|c| c.is_ascii_digit())
        })
        .collect();
    assert!(odd.is_empty(), "{odd:#?}");
    let csv = s.matrix_csv();
    assert_eq!(csv.lines().count(), 5, "header + 4 Regions");
}
