//! Search benchmark: p50/p99 latency of 50 queries (facets and snippets included), and the time
//! to (re)index one Pacte into an index holding the others against a full build.
//!
//! Passages come from the committed `outputs/sections.jsonl` (the bundled corpus, really
//! extracted and tagged). Run with
//! `cargo bench -p pactes-index --bench search`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use pactes_doc::TaggedPassage;
use pactes_index::{PassageIndex, SearchRequest};

const QUERIES: [&str; 50] = [
    "garde d'enfants",
    "AFEST",
    "illettrisme",
    "QPV",
    "\"taux de chômage\"",
    "formation",
    "qualification",
    "apprentissage",
    "handicap",
    "numérique",
    "accès à la formation",
    "demandeurs d'emploi",
    "jeunes NEET",
    "décrochage",
    "mobilité",
    "compétences clés",
    "savoirs de base",
    "\"parcours de formation\"",
    "insertion professionnelle",
    "entreprises OR employeurs",
    "transition écologique",
    "industrie",
    "santé social",
    "aide à domicile",
    "orientation",
    "accompagnement -jeunes",
    "prépa apprentissage",
    "certification",
    "VAE",
    "rémunération des stagiaires",
    "\"pôle emploi\"",
    "Région AND État",
    "innovation pédagogique",
    "formation à distance",
    "tiers-lieux",
    "quartiers prioritaires",
    "zones rurales",
    "seniors",
    "femmes",
    "réfugiés",
    "français langue étrangère",
    "\"socle de compétences\"~2",
    "diagnostic territorial",
    "gouvernance",
    "évaluation",
    "CléA",
    "bâtiment travaux publics",
    "logistique transport",
    "hôtellerie restauration",
    "agriculture",
];

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn from_sections(path: &Path) -> Option<Vec<TaggedPassage>> {
    let text = std::fs::read_to_string(path).ok()?;
    let v: Vec<TaggedPassage> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    (!v.is_empty()).then_some(v)
}

fn by_doc(passages: &[TaggedPassage]) -> BTreeMap<String, Vec<TaggedPassage>> {
    let mut m: BTreeMap<String, Vec<TaggedPassage>> = BTreeMap::new();
    for p in passages {
        m.entry(p.doc.clone()).or_default().push(p.clone());
    }
    m
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = repo_root();
    let sections = root.join("outputs/sections.jsonl");
    // The committed passages of the bundled corpus (real text, real tags).
    let Some(passages) = from_sections(&sections) else {
        return Err(format!(
            "{} missing or empty: run `pactes build` first",
            sections.display()
        )
        .into());
    };
    let source = "outputs/sections.jsonl";
    let docs = by_doc(&passages);
    println!(
        "corpus: {} passages in {} documents (from {source})",
        passages.len(),
        docs.len()
    );
    let tmp = tempfile::tempdir()?;

    // Full build.
    let full_dir = tmp.path().join("full");
    let t = Instant::now();
    let idx = PassageIndex::open_or_create(&full_dir)?;
    let mut w = idx.writer()?;
    for (doc, ps) in &docs {
        w.replace_document(doc, &[], ps)?;
    }
    w.commit()?;
    let full = t.elapsed();

    // Incremental: the last document into an index holding the others.
    let inc_dir = tmp.path().join("inc");
    let inc = PassageIndex::open_or_create(&inc_dir)?;
    let mut w = inc.writer()?;
    let mut it = docs.iter().rev();
    let last = it.next();
    for (doc, ps) in it {
        w.replace_document(doc, &[], ps)?;
    }
    w.commit()?;
    let t = Instant::now();
    if let Some((doc, ps)) = last {
        let mut w = inc.writer()?;
        w.replace_document(doc, &[], ps)?;
        w.commit()?;
    }
    let one = t.elapsed();
    println!(
        "index: full build of {} documents {:.1} ms; one document into an index of the others {:.1} ms",
        docs.len(),
        ms(full),
        ms(one)
    );

    // Queries: warm up once, then 5 rounds of the 50 queries.
    let mut lat = Vec::new();
    let mut total_hits = 0usize;
    for round in 0..6 {
        for q in QUERIES {
            let req = SearchRequest {
                query: q.to_owned(),
                limit: 10,
                ..Default::default()
            };
            let t = Instant::now();
            let res = idx.search(&req)?;
            let d = t.elapsed();
            if round > 0 {
                lat.push(d);
            } else {
                total_hits += res.total;
            }
        }
    }
    lat.sort();
    println!(
        "search (limit 10, facets + snippets): {} runs, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; \
         {} matches over the 50 queries",
        lat.len(),
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99)),
        ms(lat.last().copied().unwrap_or_default()),
        total_hits
    );

    // With a region filter (folded).
    let mut lat = Vec::new();
    for q in QUERIES {
        let req = SearchRequest {
            query: q.to_owned(),
            region: Some("ile-de-france".to_owned()),
            limit: 10,
            ..Default::default()
        };
        let t = Instant::now();
        idx.search(&req)?;
        lat.push(t.elapsed());
    }
    lat.sort();
    println!(
        "search with --region ile-de-france: p50 {:.2} ms, p99 {:.2} ms",
        ms(percentile(&lat, 0.5)),
        ms(percentile(&lat, 0.99))
    );
    Ok(())
}
