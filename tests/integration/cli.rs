//! End-to-end tests of the `pactes` binary: the main job, exit codes, per-file errors,
//! incremental ingest, locking, outputs up to date, hostile text.

use pactes_tests::{built_corpus, corpus_dir, minimal_pdf, pactes_bin, repo_root};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn pactes(args: &[&str]) -> Output {
    Command::new(pactes_bin())
        .current_dir(repo_root())
        .args(args)
        .output()
        .expect("run pactes")
}

/// `pactes CMD --json --corpus C --index I --out O EXTRA…` (a run on a folder of its own).
fn pactes_on(cmd: &str, dirs: [&Path; 3], extra: &[&str]) -> Output {
    let [corpus, index, out] = dirs;
    let mut args = vec![
        cmd,
        "--json",
        "--corpus",
        s(corpus),
        "--index",
        s(index),
        "--out",
        s(out),
    ];
    args.extend_from_slice(extra);
    pactes(&args)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&o.stdout),
            stderr(o)
        )
    })
}

fn names(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

fn copy_pdf(name: &str, dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    let dest = dir.join(name);
    std::fs::copy(corpus_dir().join(name), &dest).unwrap();
    dest
}

const SMALL: &str = "CVL_declinaison_operationnelle_PACTE.pdf";

/// Every file a build writes in the outputs folder.
const OUTPUT_FILES: [&str; 5] = [
    "sections.jsonl",
    "sources.json",
    "lecture-transversale.md",
    "lecture-transversale.json",
    "matrice-regions-themes.csv",
];

#[test]
fn help_and_usage_errors() {
    let out = pactes(&["--help"]);
    assert!(out.status.success());
    for cmd in ["extract", "build", "ingest", "search", "eval", "serve"] {
        assert!(
            String::from_utf8_lossy(&out.stdout).contains(cmd),
            "--help lists {cmd}"
        );
    }
    assert_eq!(pactes(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(pactes(&["search"]).status.code(), Some(2), "missing query");
}

#[test]
fn build_on_the_corpus_indexes_every_pacte() {
    let b = built_corpus();
    assert_eq!(b.exit_code, Some(0), "build failed: {}", b.stderr);
    let processed = names(&b.summary["processed"]);
    assert_eq!(processed.len(), 4, "{processed:?}");
    assert!(b.summary["failed"].as_array().is_some_and(|a| a.is_empty()));
    assert!(
        b.summary["pages"].as_u64().unwrap_or(0) >= 250,
        "263 pages in the corpus"
    );
    for f in OUTPUT_FILES {
        assert!(b.out.join(f).is_file(), "{f} written");
    }
    // Every region detected, with its official name.
    let sources: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(b.out.join("sources.json")).unwrap())
            .unwrap();
    let mut regions: Vec<&str> = sources
        .iter()
        .filter_map(|s| s["region"].as_str())
        .collect();
    regions.sort();
    assert_eq!(
        regions,
        [
            "Centre-Val de Loire",
            "Hauts-de-France",
            "Pays de la Loire",
            "Île-de-France"
        ]
    );
}

#[test]
fn unchanged_corpus_does_no_extraction_work() {
    let b = built_corpus();
    assert_eq!(b.exit_code, Some(0), "build failed: {}", b.stderr);
    let o = pactes(&[
        "build",
        "--json",
        "--index",
        s(&b.index),
        "--out",
        s(&b.out),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(
        names(&v["processed"]).is_empty(),
        "nothing re-extracted: {v}"
    );
    assert_eq!(names(&v["unchanged"]).len(), 4);
    assert_eq!(v["committed"], false);
    assert!(
        stderr(&o).contains("nothing changed"),
        "says so: {}",
        stderr(&o)
    );
}

#[test]
fn changed_taxonomy_retags_without_extraction() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_pdf(SMALL, &corpus);
    let (index, out) = (tmp.path().join("index"), tmp.path().join("out"));
    let build = |taxonomy: &Path| {
        pactes_on(
            "build",
            [&corpus, &index, &out],
            &["--taxonomy", s(taxonomy)],
        )
    };
    let stock = repo_root().join("taxonomy/themes.toml");
    let o = build(&stock);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = std::fs::read_to_string(out.join("sections.jsonl")).unwrap();
    assert!(before.contains("\"themes\":[\""), "tagged at first");

    // A taxonomy that keeps no theme (score threshold out of reach).
    let text = std::fs::read_to_string(&stock).unwrap();
    let strict = regex::Regex::new(r"(?m)^min_score\s*=.*$")
        .unwrap()
        .replace(&text, "min_score = 1e9");
    assert_ne!(strict, text, "the stock taxonomy has a min_score setting");
    let edited = tmp.path().join("themes.toml");
    std::fs::write(&edited, strict.as_bytes()).unwrap();
    let o = build(&edited);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(names(&v["processed"]).is_empty(), "no extraction: {v}");
    assert_eq!(names(&v["retagged"]), vec![SMALL.to_string()], "{v}");
    assert_eq!(v["committed"], true);
    let after = std::fs::read_to_string(out.join("sections.jsonl")).unwrap();
    assert_eq!(after.lines().count(), before.lines().count());
    assert!(
        !after.contains("\"themes\":[\""),
        "re-tagged: no theme left"
    );

    // Same taxonomy again: nothing to do.
    let o = build(&edited);
    let v = json(&o);
    assert!(names(&v["retagged"]).is_empty(), "{v}");
    assert_eq!(v["committed"], false);
}

/// Passages made by other code do not outlive an upgrade: a build whose pipeline fingerprint
/// differs from the index's re-extracts every document (same sha256 or not); an ingest by
/// other code leaves the older documents marked for the next build.
#[test]
fn a_new_pactes_build_re_extracts_what_older_code_made() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_pdf(SMALL, &corpus);
    let cfg = |code: &str| pactes_batch::BuildConfig {
        corpus: corpus.clone(),
        out: tmp.path().join("out"),
        index: tmp.path().join("index"),
        taxonomy: repo_root().join("taxonomy/themes.toml"),
        worker_exe: Some(pactes_bin()),
        verbosity: pactes_batch::progress::Verbosity::Quiet,
        pipeline: Some(code.to_string()),
        ..pactes_batch::BuildConfig::new()
    };
    let run = |code: &str| pactes_batch::build(&cfg(code)).expect("build runs");
    let first = run("code A");
    assert_eq!(first.processed, vec![SMALL.to_string()]);
    let again = run("code A");
    assert!(again.processed.is_empty() && !again.committed && !again.pipeline_changed);
    let upgraded = run("code B");
    assert!(upgraded.pipeline_changed);
    assert_eq!(upgraded.processed, vec![SMALL.to_string()]);
    assert!(upgraded.human().contains("another pactes build"));
    assert!(run("code B").processed.is_empty());

    // Ingest by code C of another file: the older document is still code B's, so the next
    // build by code C redoes it; then the index is C's.
    let other = tmp.path().join("other.pdf");
    std::fs::write(
        &other,
        minimal_pdf(&[&[
            "Pacte regional d'investissement dans les competences de la Region Bretagne",
        ]]),
    )
    .unwrap();
    let ingested = pactes_batch::ingest(&cfg("code C"), &[other], &[]).expect("ingest");
    assert_eq!(ingested.processed, vec!["other.pdf".to_string()]);
    let next = run("code C");
    assert!(next.pipeline_changed);
    assert!(next.processed.contains(&SMALL.to_string()), "{next:?}");
    assert!(run("code C").processed.is_empty());
}

#[test]
fn committed_outputs_are_up_to_date() {
    let b = built_corpus();
    assert_eq!(b.exit_code, Some(0), "build failed: {}", b.stderr);
    for f in OUTPUT_FILES {
        let fresh = std::fs::read(b.out.join(f)).unwrap();
        let committed = std::fs::read(repo_root().join("outputs").join(f)).unwrap_or_default();
        assert!(
            fresh == committed,
            "outputs/{f} is not what a build gives: regenerate with \
             `cargo run --release -p pactes-cli -- build` and review the diff"
        );
    }
}

#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_pdf(SMALL, &corpus);
    std::fs::write(corpus.join("empty.pdf"), b"").unwrap();
    std::fs::write(
        corpus.join("notes.pdf"),
        b"Compte rendu de reunion, pas un PDF\n",
    )
    .unwrap();
    let full = std::fs::read(corpus_dir().join(SMALL)).unwrap();
    // cut in its first content stream (1 KiB): nothing whole to read
    std::fs::write(corpus.join("truncated.pdf"), &full[..1024]).unwrap();
    // cut before its page objects (a tenth of the file): the pages whose content streams it
    // holds are made again, with a warning
    std::fs::write(
        corpus.join("cut-before-pages.pdf"),
        &full[..full.len() / 10],
    )
    .unwrap();
    // cut after its pages, before its fonts (a third): read by its glyph ids, with a warning
    std::fs::write(corpus.join("cut-before-fonts.pdf"), &full[..full.len() / 3]).unwrap();
    // a sound PDF that names no Region: reported, not guessed
    std::fs::write(
        corpus.join("minutes.pdf"),
        minimal_pdf(&[&["Compte rendu du comite de pilotage du 12 mars"]]),
    )
    .unwrap();
    // cut after its pages and fonts: read all the same, with a warning
    std::fs::write(corpus.join("cut.pdf"), &full[..full.len() * 9 / 10]).unwrap();
    let (index, out) = (tmp.path().join("index"), tmp.path().join("out"));
    let o = pactes_on("build", [&corpus, &index, &out], &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "some inputs failed: {}",
        stderr(&o)
    );
    let v = json(&o);
    let mut processed = names(&v["processed"]);
    processed.sort();
    assert_eq!(
        processed,
        [
            SMALL,
            "cut-before-fonts.pdf",
            "cut-before-pages.pdf",
            "cut.pdf"
        ]
    );
    let repaired = v["repaired"].as_array().unwrap();
    assert_eq!(repaired.len(), 3, "{v}");
    for r in repaired {
        assert!(r["file"].as_str().unwrap().contains("cut"), "{v}");
        assert!(r["cause"].as_str().unwrap().starts_with("truncated"), "{v}");
    }
    assert!(
        stderr(&o)
            .lines()
            .any(|l| l.starts_with("warning: ") && l.contains("cut.pdf")),
        "{}",
        stderr(&o)
    );
    let failed = v["failed"].as_array().unwrap();
    let err = stderr(&o);
    for name in ["empty.pdf", "notes.pdf", "truncated.pdf", "minutes.pdf"] {
        let f = failed
            .iter()
            .find(|f| f["file"].as_str().unwrap_or("").ends_with(name));
        assert!(f.is_some(), "{name} reported as failed: {v}");
        // One line on stderr naming the file and the cause.
        let line = err.lines().find(|l| l.contains(name) && l.contains(':'));
        assert!(line.is_some(), "stderr names {name}: {err}");
    }
    assert!(err.contains("not a PDF"), "{err}");
    assert!(err.contains("empty"), "{err}");
    // the file named once, the cause and what to do
    let line = err
        .lines()
        .find(|l| l.starts_with("error: ") && l.contains("minutes.pdf"))
        .unwrap_or_default();
    assert!(
        line.contains("region unclear") && line.contains("--region"),
        "{err}"
    );
    assert_eq!(line.matches("minutes.pdf").count(), 1, "{line}");
}

#[test]
fn a_damaged_file_does_not_replace_the_version_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_pdf(SMALL, &corpus);
    let (index, out) = (tmp.path().join("index"), tmp.path().join("out"));
    let first = pactes_on("build", [&corpus, &index, &out], &[]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let passages = json(&first)["indexed_passages"].as_u64().unwrap();
    assert!(passages > 0);
    let sources = std::fs::read(out.join("sources.json")).unwrap();
    // the same Pacte arrives again, cut short in transit
    let full = std::fs::read(corpus_dir().join(SMALL)).unwrap();
    std::fs::write(corpus.join(SMALL), &full[..full.len() * 9 / 10]).unwrap();
    let o = pactes_on("build", [&corpus, &index, &out], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["indexed_passages"].as_u64(), Some(passages), "{v}");
    let cause = v["failed"][0]["cause"].as_str().unwrap_or_default();
    assert!(cause.contains("already indexed is kept"), "{v}");
    assert_eq!(std::fs::read(out.join("sources.json")).unwrap(), sources);
    // a damaged file with no indexed version is indexed, with a warning
    std::fs::rename(corpus.join(SMALL), corpus.join("autre.pdf")).unwrap();
    copy_pdf(SMALL, &corpus);
    let o = pactes_on("build", [&corpus, &index, &out], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(&json(&o)["processed"]), ["autre.pdf"]);
}

#[test]
fn unknown_region_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let o = pactes(&[
        "build",
        "--region",
        "Atlantide",
        "--index",
        s(&tmp.path().join("index")),
        "--out",
        s(&tmp.path().join("out")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown region"), "{}", stderr(&o));
    assert!(!tmp.path().join("out").exists(), "nothing written");
}

#[test]
fn a_taxonomy_that_cannot_be_read_is_a_fatal_error_that_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_pdf(SMALL, &corpus);
    let missing = tmp.path().join("themes.toml");
    let (index, out) = (tmp.path().join("index"), tmp.path().join("out"));
    let o = pactes_on(
        "build",
        [&corpus, &index, &out],
        &["--taxonomy", s(&missing)],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let err = stderr(&o);
    let line = err
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_default();
    assert!(
        line.contains("themes.toml") && line.contains("cannot read") && line.contains("--taxonomy"),
        "{err}"
    );
    assert_eq!(line.matches("themes.toml").count(), 1, "{line}");
    assert!(!out.exists() && !index.exists(), "nothing written");
}

/// Runs `pactes ARGS` with the read end of its stdout or stderr closed before it writes (a
/// reader that went away: `pactes search … | head`, `pactes build 2>&1 | head`).
fn with_reader_gone(args: &[&str], stderr_gone: bool) -> Output {
    let mut cmd = Command::new(pactes_bin());
    cmd.current_dir(repo_root())
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn pactes");
    if stderr_gone {
        drop(child.stderr.take());
    } else {
        drop(child.stdout.take());
    }
    child.wait_with_output().expect("wait for pactes")
}

#[test]
fn a_reader_that_goes_away_ends_nothing_but_the_output() {
    let b = built_corpus();
    // stdout closed: the text of a 67-page Pacte (more than a pipe holds) and a search
    let hdf = corpus_dir().join("PRIC-HDF-signe.pdf");
    for args in [
        vec!["extract", s(&hdf)],
        vec!["search", "formation", "--index", s(&b.index)],
    ] {
        let o = with_reader_gone(&args, false);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
    // stderr closed: the build logs into nothing and still does its work and says how it went
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    copy_pdf(SMALL, &corpus);
    std::fs::write(corpus.join("empty.pdf"), b"").unwrap();
    let (index, out) = (tmp.path().join("index"), tmp.path().join("out"));
    let args = [
        "build",
        "--corpus",
        s(&corpus),
        "--index",
        s(&index),
        "--out",
        s(&out),
    ];
    let o = with_reader_gone(&args, true);
    assert_eq!(o.status.code(), Some(1), "one input failed");
    for f in OUTPUT_FILES {
        assert!(out.join(f).exists(), "{f} written");
    }
}

#[test]
fn ingest_is_idempotent_replaces_and_never_loses_the_index() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let index = tmp.path().join("index");
    let out = tmp.path().join("out");
    let incoming = tmp.path().join("incoming");
    let pdf = copy_pdf(SMALL, &incoming);
    let ingest = |extra: &[&str]| pactes_on("ingest", [&corpus, &index, &out], extra);
    let o = ingest(&[s(&pdf)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(names(&json(&o)["processed"]), [SMALL]);
    assert!(
        corpus.join(SMALL).is_file(),
        "ingested PDF kept in the corpus"
    );
    let sections = std::fs::read_to_string(out.join("sections.jsonl")).unwrap();
    let before = sections.lines().count();
    assert!(before > 5);

    // Same content again: nothing changes.
    let o = ingest(&[s(&pdf)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(names(&v["processed"]).is_empty(), "{v}");
    assert_eq!(v["committed"], false);
    assert_eq!(
        std::fs::read_to_string(out.join("sections.jsonl")).unwrap(),
        sections
    );

    // A new version under the same name (here: its first four pages) replaces the old one.
    let amended_dir = tmp.path().join("amended");
    std::fs::create_dir_all(&amended_dir).unwrap();
    let amended = amended_dir.join(SMALL);
    pactes_pdf::subset::write_page_subset(&pdf, &[1, 2, 3, 4], &amended).unwrap();
    let o = ingest(&[s(&amended)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after: Vec<serde_json::Value> = std::fs::read_to_string(out.join("sections.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        !after.is_empty() && after.len() < before,
        "{} vs {before}",
        after.len()
    );
    assert!(after.iter().all(|p| p["page_end"].as_u64().unwrap() <= 4));
    let sha = after[0]["sha256"].as_str().unwrap().to_string();
    assert!(
        after.iter().all(|p| p["sha256"] == sha.as_str()),
        "one version only"
    );

    // --replace: a file under another name supersedes the indexed one.
    let renamed = amended_dir.join("CVL_avenant_1.pdf");
    std::fs::copy(&pdf, &renamed).unwrap();
    let o = ingest(&[s(&renamed), "--replace", SMALL]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let docs: std::collections::BTreeSet<String> =
        std::fs::read_to_string(out.join("sections.jsonl"))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"].to_string())
            .collect();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert!(docs.iter().next().unwrap().contains("CVL_avenant_1.pdf"));

    // A file that fails leaves the index as it was.
    let bad = amended_dir.join("broken.pdf");
    std::fs::write(&bad, b"%PDF-1.4\n garbage").unwrap();
    let before = std::fs::read_to_string(out.join("sections.jsonl")).unwrap();
    let o = ingest(&[s(&bad)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.pdf"));
    assert_eq!(
        std::fs::read_to_string(out.join("sections.jsonl")).unwrap(),
        before
    );
}

#[test]
fn a_second_writer_is_refused_with_a_clear_message() {
    let tmp = tempfile::tempdir().unwrap();
    let index_dir = tmp.path().join("index");
    let index = pactes_index::PassageIndex::open_or_create(&index_dir).unwrap();
    let _writer = index.writer().unwrap();
    let pdf = copy_pdf(SMALL, &tmp.path().join("in"));
    let (corpus, out) = (tmp.path().join("corpus"), tmp.path().join("out"));
    let o = pactes_on("ingest", [&corpus, &index_dir, &out], &[s(&pdf)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("index is locked by another pactes process"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn search_prints_hits_facets_and_json() {
    let b = built_corpus();
    assert_eq!(b.exit_code, Some(0), "build failed: {}", b.stderr);
    let o = pactes(&[
        "search",
        "illettrisme",
        "--json",
        "--index",
        s(&b.index),
        "--limit",
        "5",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(v["total"].as_u64().unwrap() >= 3, "{v}");
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() <= 5);
    for h in hits {
        for k in [
            "doc",
            "region",
            "page_start",
            "page_end",
            "heading",
            "axis",
            "themes",
            "snippet",
            "score",
        ] {
            assert!(h.get(k).is_some(), "hit has {k}: {h}");
        }
        assert!(h["snippet"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("<b>illettrisme"));
        assert!(h["page_start"].as_u64().unwrap() >= 1);
    }
    assert!(v["facets"]["region"]
        .as_array()
        .is_some_and(|a| !a.is_empty()));

    // Region filter without accents or case; unaccented query finds accented words.
    let o = pactes(&[
        "search",
        "acces",
        "--json",
        "--index",
        s(&b.index),
        "--region",
        "ile-de-france",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json(&o);
    assert!(v["total"].as_u64().unwrap() > 0);
    assert!(v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["region"] == "Île-de-France"));

    // Human output, and malformed queries give a message, never a panic.
    let o = pactes(&["search", "\"garde d'enfants\"", "--index", s(&b.index)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("p. "));
    for q in ["\"taux de", "AND", "(((", "title:", "~~~", "-"] {
        let o = pactes(&["search", q, "--index", s(&b.index)]);
        assert!(
            matches!(o.status.code(), Some(0) | Some(2)),
            "{q:?}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{q:?}: {}", stderr(&o));
    }
    let o = pactes(&["search", "x", "--index", s(&b.index), "--region", "Narnia"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown region"));
}

#[test]
fn hostile_text_is_escaped_in_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let page: &[&str] = &[
        "Pacte regional d'investissement dans les competences de la Region Bretagne",
        "Axe 2 : Garantir l'acces des publics fragiles aux parcours qualifiants",
        "Lever les freins a la formation : mobilite, garde d'enfants, hebergement.",
        "<script>alert('pacte')</script> {{ template }} **gras** [lien](http://x) # titre",
        "La Region Bretagne finance la mobilite et la garde d'enfants des stagiaires.",
    ];
    // A second page of other text (identical pages would read as running headers).
    let page2: &[&str] = &[
        "Axe 1 : Proposer des parcours qualifiants vers l'emploi",
        "Les metiers en tension du numerique et du BTP recrutent en Bretagne.",
        "| cellule | `code` | _souligne_ | <b>gras</b> }} fin",
    ];
    std::fs::write(corpus.join("hostile.pdf"), minimal_pdf(&[page, page2])).unwrap();
    let (index, out) = (tmp.path().join("index"), tmp.path().join("out"));
    let o = pactes_on("build", [&corpus, &index, &out], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = std::fs::read_to_string(out.join("lecture-transversale.md")).unwrap();
    assert!(md.contains("Bretagne"));
    assert!(md.contains("alert"), "the hostile passage is quoted");
    assert!(!md.contains("<script>"), "raw <script> in Markdown");
    assert!(!md.contains("{{"), "raw {{{{ in Markdown");
    assert!(
        !md.contains("**gras**"),
        "raw Markdown emphasis from PDF text"
    );
    for f in ["sections.jsonl", "lecture-transversale.json"] {
        let text = std::fs::read_to_string(out.join(f)).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let _: serde_json::Value = serde_json::from_str(line)
                .or_else(|_| serde_json::from_str(&text))
                .unwrap_or_else(|e| panic!("{f} stays valid JSON: {e}"));
        }
    }
}
