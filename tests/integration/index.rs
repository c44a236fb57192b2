//! The passage index end to end: recall on the ground-truth texts, crash safety of a commit
//! killed in a child process, writer lock across processes, atomic replace.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use pactes_doc::{Axis, TaggedPassage};
use pactes_index::{fold_key, IndexError, PassageIndex, SearchRequest};

/// Env var telling `child_writer` where the index is (absent: the test does nothing).
const CHILD_DIR: &str = "PACTES_INDEX_CHILD_DIR";
/// Env var: file name of the document the child writes.
const CHILD_DOC: &str = "PACTES_INDEX_CHILD_DOC";
/// Env var: number of passages the child writes.
const CHILD_N: &str = "PACTES_INDEX_CHILD_N";
/// Passages in the child's batch: enough for its commit to take a while.
const BATCH: usize = 8000;

/// Passages cut from the ground-truth texts: paragraphs (blank-line separated) grouped to about
/// 800 characters; pseudo page numbers (the texts carry no page breaks).
fn text_passages() -> Vec<TaggedPassage> {
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(pactes_tests::data_dir())
        .expect("tests/data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let regions = [
        "Centre-Val de Loire",
        "Île-de-France",
        "Hauts-de-France",
        "Pays de la Loire",
    ];
    for (fi, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("read text");
        let doc = format!(
            "{}.pdf",
            path.file_stem().and_then(|s| s.to_str()).unwrap_or("doc")
        );
        let sha = format!("{:064x}", fi + 1);
        let mut buf = String::new();
        let mut n = 0u32;
        let mut flush = |buf: &mut String, n: &mut u32| {
            if buf.trim().is_empty() {
                buf.clear();
                return;
            }
            *n += 1;
            out.push(TaggedPassage {
                id: format!("{}-{:04}", &sha[..12], n),
                doc: doc.clone(),
                sha256: sha.clone(),
                region: regions[fi % regions.len()].to_owned(),
                page_start: *n / 3 + 1,
                page_end: *n / 3 + 1,
                heading: vec![format!("Partie {}", *n / 10 + 1)],
                axis: [Some(Axis::One), Some(Axis::Two), None][(*n % 3) as usize],
                themes: vec![],
                scores: vec![],
                evidence: vec![],
                text: buf.trim().to_owned(),
            });
            buf.clear();
        };
        for para in text.split("\n\n") {
            let para = pactes_doc::text::single_spaced(para);
            if !buf.is_empty() {
                buf.push('\n');
            }
            buf.push_str(&para);
            if buf.len() > 800 {
                flush(&mut buf, &mut n);
            }
        }
        flush(&mut buf, &mut n);
    }
    out
}

fn index_all(dir: &Path, passages: &[TaggedPassage]) -> PassageIndex {
    let idx = PassageIndex::open_or_create(dir).expect("create index");
    let mut w = idx.writer().expect("writer");
    let docs: BTreeSet<&str> = passages.iter().map(|p| p.doc.as_str()).collect();
    for d in docs {
        let ps: Vec<TaggedPassage> = passages.iter().filter(|p| p.doc == d).cloned().collect();
        w.replace_document(d, &[], &ps).expect("replace");
    }
    w.commit().expect("commit");
    idx
}

fn words_folded(s: &str) -> Vec<String> {
    fold_key(s).split('-').map(str::to_owned).collect()
}

#[test]
fn search_recall_on_ground_truth_texts() {
    let passages = text_passages();
    assert!(passages.len() > 200, "only {} passages", passages.len());
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = index_all(tmp.path(), &passages);
    assert_eq!(idx.passages().expect("passages").len(), passages.len());
    // Every passage containing the word (any case/accents) is found, whatever the query's accents.
    for (query, word) in [
        ("illettrisme", "illettrisme"),
        ("handicap", "handicap"),
        ("numérique", "numerique"),
        ("Qualification", "qualification"),
        ("accès", "acces"),
        ("apprentissage", "apprentissage"),
    ] {
        let expected: BTreeSet<&str> = passages
            .iter()
            .filter(|p| words_folded(&p.text).iter().any(|w| w == word))
            .map(|p| p.id.as_str())
            .collect();
        assert!(!expected.is_empty(), "{word} absent from the texts");
        let res = idx
            .search(&SearchRequest {
                query: query.to_owned(),
                limit: 1000,
                ..Default::default()
            })
            .expect("search");
        let got: BTreeSet<&str> = res.hits.iter().map(|h| h.id.as_str()).collect();
        let missed: Vec<_> = expected.difference(&got).collect();
        assert!(missed.is_empty(), "{query}: missed {missed:?}");
        assert_eq!(res.total, res.hits.len());
        assert!(
            res.hits.iter().all(|h| h.snippet.contains("<b>")),
            "{query}: a hit without highlight"
        );
    }
    // Region filter with a folded spelling; facets agree with the filter.
    let r = SearchRequest {
        query: "formation".to_owned(),
        region: Some("ile de france".to_owned()),
        limit: 5,
        ..Default::default()
    };
    let res = idx.search(&r).expect("search");
    assert!(res.total > 5);
    assert_eq!(
        res.facets.region,
        vec![("Île-de-France".to_owned(), res.total as u64)]
    );
    let axis_sum: u64 = res.facets.axis.iter().map(|(_, n)| n).sum();
    assert!(axis_sum <= res.total as u64);
}

/// Helper process for `commit_killed_midway_keeps_last_commit`: indexes a large batch and
/// commits, announcing `COMMITTING` on stdout just before the commit. Does nothing unless
/// started by that test.
#[test]
#[ignore = "helper process, started by commit_killed_midway_keeps_last_commit"]
fn child_writer() {
    let Ok(dir) = std::env::var(CHILD_DIR) else {
        return;
    };
    let doc = std::env::var(CHILD_DOC).expect("child doc");
    let n: usize = std::env::var(CHILD_N)
        .ok()
        .and_then(|s| s.parse().ok())
        .expect("child n");
    let base = text_passages();
    let batch: Vec<TaggedPassage> = (0..n)
        .map(|i| {
            let mut p = base[i % base.len()].clone();
            p.id = format!("{doc}-{i:06}");
            p.doc = doc.clone();
            p.page_start = u32::try_from(i).unwrap_or(0);
            p
        })
        .collect();
    let idx = PassageIndex::open_or_create(Path::new(&dir)).expect("open");
    let mut w = idx.writer().expect("writer");
    w.replace_document(&doc, &[], &batch).expect("replace");
    println!("\nCOMMITTING");
    let t = std::time::Instant::now();
    w.commit().expect("commit");
    println!("\nCOMMITTED");
    eprintln!("commit took {:?}", t.elapsed());
}

fn file_count(dir: &Path) -> usize {
    std::fs::read_dir(dir).map(|rd| rd.count()).unwrap_or(0)
}

#[test]
fn commit_killed_midway_keeps_last_commit() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let base: Vec<TaggedPassage> = text_passages().into_iter().take(300).collect();
    let idx = index_all(tmp.path(), &base);
    let mut expected = idx.passages().expect("passages");
    let exe = std::env::current_exe().expect("test binary");
    let mut killed_midway = 0;
    for (attempt, delay_ms) in [5u64, 60, 250].into_iter().enumerate() {
        let doc = format!("batch-{attempt}.pdf");
        let files_before = file_count(tmp.path());
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "index::child_writer",
                "--nocapture",
                "--ignored",
                "--test-threads",
                "1",
            ])
            .env(CHILD_DIR, tmp.path())
            .env(CHILD_DOC, &doc)
            .env(CHILD_N, BATCH.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("child stdout");
        let mut lines = BufReader::new(stdout).lines();
        let announced = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.contains("COMMITTING"));
        assert!(announced, "child never reached its commit");
        if attempt == 0 {
            // The child holds the writer lock: another process's writer is refused, readers work.
            let err = idx.writer().err();
            assert!(
                matches!(err, Some(IndexError::Locked)),
                "{:?}",
                err.map(|e| e.to_string())
            );
            let total = idx
                .search(&SearchRequest {
                    query: "formation".to_owned(),
                    limit: 1,
                    ..Default::default()
                })
                .expect("search while locked")
                .total;
            assert!(total > 0);
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        let committed_msg = lines.map_while(Result::ok).any(|l| l.contains("COMMITTED"));

        // Reopen from scratch: the state is exactly the last commit, before or after the batch.
        let reopened = PassageIndex::open(tmp.path()).expect("reopen after kill");
        let state = reopened.passages().expect("passages after kill");
        if state == expected {
            assert!(
                !committed_msg,
                "child said COMMITTED but its batch is missing"
            );
            killed_midway += 1;
            eprintln!(
                "attempt {attempt}: killed {delay_ms} ms into the commit; last commit intact \
                 ({} leftover files)",
                file_count(tmp.path()).saturating_sub(files_before)
            );
        } else {
            let batch: Vec<_> = state.iter().filter(|p| p.doc == doc).collect();
            assert_eq!(batch.len(), BATCH, "partial batch visible after kill");
            assert_eq!(state.len(), expected.len() + BATCH);
            expected = state;
        }
        let res = reopened
            .search(&SearchRequest {
                query: "formation".to_owned(),
                limit: 3,
                ..Default::default()
            })
            .expect("search after kill");
        assert!(res.total > 0 && !res.hits.is_empty());
    }
    assert!(
        killed_midway > 0,
        "never managed to kill the child during its commit"
    );
    // The lock died with the child: a new writer commits normally.
    let idx = PassageIndex::open_or_create(tmp.path()).expect("open");
    let mut w = idx.writer().expect("writer after crash");
    w.delete_document(&base[0].doc).expect("delete");
    w.commit().expect("commit after crash");
    let left = idx.passages().expect("passages");
    assert_eq!(
        left.len(),
        expected.iter().filter(|p| p.doc != base[0].doc).count()
    );
}

#[test]
fn replace_across_handles_is_atomic_and_idempotent() {
    let passages = text_passages();
    let docs: BTreeSet<String> = passages.iter().map(|p| p.doc.clone()).collect();
    let target = docs.iter().next().cloned().expect("a doc");
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = index_all(tmp.path(), &passages);
    let reader = PassageIndex::open(tmp.path()).expect("reader");
    let before = idx.passages().expect("passages");

    // Amended version under a new name, replacing the old one (--replace).
    let amended: Vec<TaggedPassage> = passages
        .iter()
        .filter(|p| p.doc == target)
        .take(5)
        .map(|p| TaggedPassage {
            doc: "amended.pdf".to_owned(),
            id: format!("amended-{}", p.id),
            ..p.clone()
        })
        .collect();
    let mut w = idx.writer().expect("writer");
    w.replace_document("amended.pdf", std::slice::from_ref(&target), &amended)
        .expect("replace");
    // A failed replace (writer dropped) would leave this; check readers still see `before`.
    reader.reload().expect("reload");
    assert_eq!(reader.passages().expect("passages"), before);
    w.commit().expect("commit");
    reader.reload().expect("reload");
    let after = reader.passages().expect("passages");
    assert!(after.iter().all(|p| p.doc != target));
    assert_eq!(after.iter().filter(|p| p.doc == "amended.pdf").count(), 5);
    assert_eq!(
        after.len(),
        before.len() - before.iter().filter(|p| p.doc == target).count() + 5
    );

    // Same content again: nothing changes (manifest included).
    let manifest = idx.documents().expect("documents");
    let mut w = idx.writer().expect("writer");
    w.replace_document("amended.pdf", &[], &amended)
        .expect("replace");
    w.commit().expect("commit");
    assert_eq!(idx.passages().expect("passages"), after);
    assert_eq!(idx.documents().expect("documents"), manifest);
}
