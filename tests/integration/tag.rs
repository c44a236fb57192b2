//! Segmentation and tagging end to end: real extraction of `corpus/*.pdf` → passages → region,
//! axis and themes, evaluated against the gold quotes (`tests/data/quotes-dev.jsonl`).

use pactes_doc::segment::{document_from_text, segment, SegmentOptions};
use pactes_doc::{Document, TaggedPassage};
use pactes_tag::eval::{evaluate, load_gold, EvalReport, GoldQuote};
use pactes_tag::{detect_region, tag, Taxonomy, DEFAULT_TAXONOMY_PATH};
use pactes_tests::{built_corpus, data_dir, repo_root};
use std::sync::OnceLock;

pub(crate) fn taxonomy() -> Taxonomy {
    let p = repo_root().join(DEFAULT_TAXONOMY_PATH);
    Taxonomy::load(&p).unwrap_or_else(|e| panic!("{e}"))
}

/// Expected region of each bundled file (ground truth of the corpus).
fn expected_region(file: &str) -> &'static str {
    match file {
        f if f.contains("HDF") => "Hauts-de-France",
        f if f.contains("IDF") => "Île-de-France",
        f if f.contains("CVL") => "Centre-Val de Loire",
        f if f.contains("PDL") => "Pays de la Loire",
        other => panic!("unexpected corpus file {other}"),
    }
}

pub(crate) struct Tagged {
    pub(crate) regions: Vec<(String, Result<String, String>)>,
    pub(crate) passages: Vec<TaggedPassage>,
}

pub(crate) fn run(docs: Vec<Document>) -> Tagged {
    let tax = taxonomy();
    let mut regions = Vec::new();
    let mut passages = Vec::new();
    for d in docs {
        let r = detect_region(&d)
            .map(|g| g.region)
            .map_err(|e| e.to_string());
        if let Ok(region) = &r {
            let ps = segment(&d, &SegmentOptions::default());
            passages.extend(tag(ps, region, &tax));
        }
        regions.push((d.file.clone(), r));
    }
    Tagged { regions, passages }
}

/// The corpus PDFs through the real pipeline: the passages and regions of the one
/// `pactes build` shared by the integration binary (what users get in outputs/).
fn from_pdfs() -> &'static Tagged {
    static T: OnceLock<Tagged> = OnceLock::new();
    T.get_or_init(|| {
        let b = built_corpus();
        assert_eq!(b.exit_code, Some(0), "build failed: {}", b.stderr);
        let sections = std::fs::read_to_string(b.out.join("sections.jsonl"))
            .unwrap_or_else(|e| panic!("sections.jsonl: {e}"));
        let passages = sections
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad passage: {e}")))
            .collect();
        let sources: Vec<serde_json::Value> = serde_json::from_str(
            &std::fs::read_to_string(b.out.join("sources.json")).unwrap_or_default(),
        )
        .unwrap_or_default();
        let regions = sources
            .iter()
            .map(|s| {
                let doc = s["doc"].as_str().unwrap_or_default().to_string();
                (
                    doc,
                    Ok(s["region"].as_str().unwrap_or_default().to_string()),
                )
            })
            .collect();
        Tagged { regions, passages }
    })
}

/// The ground-truth texts the PDFs were made from, as plain-text documents.
fn from_texts() -> &'static Tagged {
    static T: OnceLock<Tagged> = OnceLock::new();
    T.get_or_init(|| {
        let mut files: Vec<_> = std::fs::read_dir(data_dir())
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_else(|_| Vec::new());
        files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "txt"));
        files.sort();
        let docs = files
            .iter()
            .map(|p| {
                let s =
                    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let mut d = document_from_text(&name, &s, 45);
                d.sha256 = format!("{:012x}", s.len());
                d
            })
            .collect();
        run(docs)
    })
}

pub(crate) fn report(t: &Tagged) -> EvalReport {
    let gold = load_gold(&data_dir().join("quotes-dev.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    assert!(gold.len() >= 90, "gold quotes missing");
    evaluate(&t.passages, &gold)
}

#[test]
fn regions_of_the_corpus_are_detected() {
    for t in [from_pdfs(), from_texts()] {
        assert_eq!(t.regions.len(), 4, "{:?}", t.regions);
        for (file, r) in &t.regions {
            assert_eq!(r.as_deref(), Ok(expected_region(file)), "{file}");
        }
    }
}

#[test]
fn taxonomy_file_holds_the_26_themes_of_the_plan() {
    let tax = taxonomy();
    let tsv = std::fs::read_to_string(data_dir().join("themes.tsv")).unwrap_or_default();
    let mut n = 0;
    for line in tsv.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let th = tax
            .theme(cols[0])
            .unwrap_or_else(|| panic!("theme {} missing", cols[0]));
        assert_eq!(th.axis.to_string(), cols[1], "axis of {}", cols[0]);
        assert!(th.cues.len() >= 8, "theme {} has too few cues", th.id);
        n += 1;
    }
    assert_eq!(n, 26);
    assert_eq!(tax.themes.len(), 26);
}

/// What both inputs must give: ≥ 95 % of the gold quotes located in passages, and at most
/// 1.5 themes per passage on average.
pub(crate) fn assert_located_and_sparse(r: &EvalReport) {
    assert!(
        r.located as f64 >= 0.95 * r.quotes as f64,
        "gold quotes not found in passages: {}/{}",
        r.located,
        r.quotes
    );
    assert!(
        r.mean_themes_per_passage <= 1.5,
        "mean themes per passage {:.3} > 1.5",
        r.mean_themes_per_passage
    );
}

/// The figures that are measured: the real pipeline on the PDFs.
#[test]
fn tagging_quality_on_the_extracted_corpus() {
    let t = from_pdfs();
    let r = report(t);
    println!("tagging on extracted corpus/*.pdf:\n{r}");
    assert_located_and_sparse(&r);
    assert!(
        r.theme_recall >= 0.85,
        "theme recall {:.3} < 0.85",
        r.theme_recall
    );
    // Regression guard at the level reached (0.883 measured); the issue's target is the
    // ignored test below, not met yet (see the note on issue 3).
    assert!(
        r.axis_accuracy >= 0.88,
        "axis accuracy {:.3} < 0.88",
        r.axis_accuracy
    );
}

/// How many passages stop mid-sentence where the next passage of the same section goes on
/// with it (the first ends on a letter, the next opens in lower case): a paragraph cut by a
/// page or column break or by a line set in bold, which the segmenter should have kept whole.
pub(crate) fn cut_mid_sentence(passages: &[TaggedPassage]) -> usize {
    passages
        .windows(2)
        .filter(|w| {
            let (a, b) = (&w[0], &w[1]);
            a.doc == b.doc
                && a.heading == b.heading
                && a.text
                    .trim_end()
                    .chars()
                    .last()
                    .is_some_and(char::is_alphabetic)
                && b.text
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        })
        .count()
}

/// Passages cut mid-sentence, at most 1 % of the corpus's (8 of 1,819 measured; 162 of 1,908
/// before a block opening in lower case went on the paragraph above it).
#[test]
fn passages_are_not_cut_mid_sentence() {
    let t = from_pdfs();
    let cut = cut_mid_sentence(&t.passages);
    println!("{cut} of {} passages cut mid-sentence", t.passages.len());
    assert!(
        cut * 100 <= t.passages.len(),
        "{cut} of {} passages cut mid-sentence",
        t.passages.len()
    );
}

/// Silver quotes of the Regions the dev gold leaves out (Pays de la Loire, Île-de-France): the
/// passages of their Pactes that the national synthesis quotes, found by aligning its text with
/// the source texts (`tests/data/make_silver.py`, which finds 89 of the 94 dev quotes the same
/// way). What the project is measured on beyond the dev gold.
pub(crate) fn silver_quotes() -> Vec<GoldQuote> {
    let dev = load_gold(&data_dir().join("quotes-dev.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let silver =
        load_gold(&data_dir().join("quotes-silver.jsonl")).unwrap_or_else(|e| panic!("{e}"));
    let seen: std::collections::BTreeSet<&str> = dev.iter().map(|q| q.region.as_str()).collect();
    let other: Vec<GoldQuote> = silver
        .iter()
        .filter(|q| !seen.contains(q.region.as_str()))
        .cloned()
        .collect();
    assert!(other.len() >= 100, "silver quotes missing: {}", other.len());
    other
}

/// Tagging on the Regions the dev gold leaves out (silver quotes): far below the dev figures
/// (0.904 / 0.883), which is where the tagger's vocabulary and heading rules fall short of
/// what staff read into other Pactes. Regression floors at the level measured (theme recall
/// 0.667, axis accuracy 0.800 over 105 quotes, 100 located, since session 12's action sheets:
/// the first axis their field names, over all its passages, and content no longer moving them
/// into another axis; 0.648 / 0.762 since session 11's annex and run-in titles and handicap /
/// local-diagnostic cues; 0.629 / 0.752 before), about two quotes below it. Session 15: 0.676 /
/// 0.857, every quote located (100 → 105), once the passage that opens a section's body starts
/// with the titles above it: five quotes of titles (`6- Etude contrefactuelle…`, `1.4) Les
/// publics cibles du Pacte accèdent peu…`) were in no passage's text. Session 16: 0.724 /
/// 0.867 with the cues `immerger` (2.3: `S'IMMERGER DANS L'EMPLOI`), `TH` (2.6: travailleurs
/// handicapés), `entrée en formation` and `difficultés d'entrée` (intro.publics). Session 18:
/// 0.743 / 0.848 with `besoins des employeurs`, `image des métiers` (1.1) and `illectronisme`
/// (2.1) (`métiers porteurs` was tried: it moved a Pays de la Loire passage on disabled
/// trainees' access to every training into axis 1, and left). Session 30: 0.743 / 0.876 once a
/// diagnostic outside the axes stays outside them (Île-de-France's `d. Des conditions
/// d'actualisation du diagnostic…`, quoted under `intro.besoins`). Session 31: 0.752 / 0.876
/// once long titles cut after a noun go on in their line in lower case (Pays de la Loire's
/// numbered items read as body, not as titles over their second line).
#[test]
fn tagging_on_the_regions_the_dev_gold_leaves_out() {
    let t = from_pdfs();
    let gold = silver_quotes();
    let r = evaluate(&t.passages, &gold);
    println!("tagging on silver quotes of the Regions outside the dev gold:\n{r}");
    assert!(
        r.located as f64 >= 0.98 * r.quotes as f64,
        "silver quotes not found in passages: {}/{}",
        r.located,
        r.quotes
    );
    assert!(r.theme_recall >= 0.70, "theme recall {:.3}", r.theme_recall);
    assert!(
        r.axis_accuracy >= 0.85,
        "axis accuracy {:.3}",
        r.axis_accuracy
    );
}

/// Issue 3's axis target (≥ 0.95): not reached yet, run with `--ignored` to measure. With the
/// current passages the dev gold allows at most 0.947 (`EvalReport::axis_ceiling`, printed
/// by `pactes eval`): one passage holds quotes the gold files under three axes.
#[test]
#[ignore = "issue 3 target not reached yet: axis accuracy 0.883"]
fn axis_accuracy_meets_the_issue_target() {
    let r = report(from_pdfs());
    assert!(
        r.axis_accuracy >= 0.95,
        "axis accuracy {:.3} < 0.95",
        r.axis_accuracy
    );
}

/// The same on the ground-truth texts (no extraction noise): segmentation must locate the
/// quotes and every passage must carry its page range and heading path.
#[test]
fn tagging_on_the_reference_texts() {
    let t = from_texts();
    let r = report(t);
    println!("tagging on tests/data/*.txt:\n{r}");
    assert_located_and_sparse(&r);
    assert!(r.theme_recall >= 0.75, "theme recall {:.3}", r.theme_recall);
    for p in &t.passages {
        assert!(p.page_start >= 1 && p.page_start <= p.page_end, "{}", p.id);
        assert_eq!(p.themes.len(), p.scores.len());
        assert_eq!(p.themes.len(), p.evidence.len());
    }
    let with_heading = t.passages.iter().filter(|p| !p.heading.is_empty()).count();
    assert!(
        with_heading * 10 >= t.passages.len() * 8,
        "too few passages under a heading"
    );
}

/// The tagger on text it never saw: what the national synthesis says under each theme, from
/// Regions outside the corpus and in its own words (`tests/data/heldout-synthesis-paragraphs.jsonl`,
/// made by `tests/data/make_heldout.py`; paragraphs sharing text with a bundled Pacte are left
/// out). No heading gives context, so the figures are lower than the corpus'; they guard the
/// taxonomy's generality (cues that fit only the dev Pactes would not move them).
#[test]
fn heldout_paragraphs_of_other_regions() {
    let tax = taxonomy();
    let text = std::fs::read_to_string(data_dir().join("heldout-synthesis-paragraphs.jsonl"))
        .expect("held-out paragraphs");
    let mut want = Vec::new();
    let mut passages = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        want.push(v["theme"].as_str().expect("theme").to_string());
        passages.push(pactes_doc::Passage {
            id: format!("h-{i:04}"),
            doc: "heldout".into(),
            sha256: String::new(),
            page_start: 1,
            page_end: 1,
            heading: Vec::new(),
            text: v["text"].as_str().expect("text").to_string(),
        });
    }
    assert!(want.len() >= 150, "{} held-out paragraphs", want.len());
    let tagged = tag(passages, "", &tax);
    let n = want.len() as f64;
    let recalled = tagged
        .iter()
        .zip(&want)
        .filter(|(p, w)| p.themes.contains(w))
        .count() as f64
        / n;
    let per = tagged.iter().map(|p| p.themes.len()).sum::<usize>() as f64 / n;
    println!("held-out: theme recall {recalled:.3}, {per:.2} themes per paragraph");
    assert!(recalled >= 0.58, "held-out theme recall {recalled:.3}");
    assert!(per <= 1.5, "{per:.2} themes per paragraph");
}
