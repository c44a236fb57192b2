//! Unit tests of the index: round trip, search, filters, facets, snippets, query robustness, locking.

use pactes_doc::{Axis, TaggedPassage};

use crate::{IndexError, PassageIndex, SearchRequest};

fn passage(
    doc: &str,
    region: &str,
    n: u32,
    axis: Option<Axis>,
    themes: &[&str],
    text: &str,
) -> TaggedPassage {
    TaggedPassage {
        id: format!("{}-{n:04}", &doc[..doc.len().min(12)]),
        doc: doc.to_owned(),
        sha256: format!("sha-{doc}"),
        region: region.to_owned(),
        page_start: n,
        page_end: n + 1,
        heading: vec!["Axe 1".to_owned(), format!("Section {n}")],
        axis,
        themes: themes.iter().map(|t| (*t).to_owned()).collect(),
        scores: themes
            .iter()
            .enumerate()
            .map(|(i, _)| 0.1 + i as f32 / 3.0)
            .collect(),
        evidence: themes.iter().map(|t| vec![format!("cue {t}")]).collect(),
        text: text.to_owned(),
    }
}

fn corpus() -> Vec<(String, Vec<TaggedPassage>)> {
    let idf = "PRIC-IDF.pdf";
    let bzh = "PRIC-BZH.pdf";
    vec![
        (
            idf.to_owned(),
            vec![
                passage(idf, "Île-de-France", 3, Some(Axis::One), &["qpv", "formation"],
                    "Les habitants des quartiers prioritaires (QPV) ont un accès limité à la formation."),
                passage(idf, "Île-de-France", 7, Some(Axis::Two), &["illettrisme"],
                    "La lutte contre l'illettrisme mobilise les acteurs de l’emploi."),
                passage(idf, "Île-de-France", 9, None, &[],
                    "Le taux de chômage des jeunes reste élevé <script>alert(1)</script> en région."),
            ],
        ),
        (
            bzh.to_owned(),
            vec![
                passage(bzh, "Bretagne", 2, Some(Axis::Two), &["afest"],
                    "L'AFEST (action de formation en situation de travail) est déployée dans les entreprises."),
                passage(bzh, "Bretagne", 5, Some(Axis::Transverse), &["garde-enfants", "formation"],
                    "Des solutions de garde d'enfants facilitent l'accès aux formations des collectivités."),
            ],
        ),
    ]
}

fn build(dir: &std::path::Path) -> PassageIndex {
    let idx = PassageIndex::open_or_create(dir).expect("create index");
    let mut w = idx.writer().expect("writer");
    for (doc, ps) in corpus() {
        w.replace_document(&doc, &[], &ps).expect("replace");
    }
    w.commit().expect("commit");
    idx
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.to_owned(),
        limit: 10,
        ..Default::default()
    }
}

fn ids(idx: &PassageIndex, r: &SearchRequest) -> Vec<String> {
    let mut v: Vec<String> = idx
        .search(r)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    v.sort();
    v
}

#[test]
fn passages_round_trip_exactly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    let mut expected: Vec<TaggedPassage> = corpus().into_iter().flat_map(|(_, p)| p).collect();
    expected.sort_by(|a, b| (&a.doc, a.page_start, &a.id).cmp(&(&b.doc, b.page_start, &b.id)));
    assert_eq!(idx.passages().expect("passages"), expected);
    // And through a fresh read-only handle.
    let ro = PassageIndex::open(tmp.path()).expect("open");
    assert_eq!(ro.passages().expect("passages"), expected);
    let docs = ro.documents().expect("documents");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].doc, "PRIC-BZH.pdf");
    assert_eq!((docs[0].passages, docs[0].pages), (2, 6));
    assert_eq!(docs[1].region, "Île-de-France");
    assert_eq!(docs[1].sha256, "sha-PRIC-IDF.pdf");
    // Document by document: the same passages in the same order.
    let mut by_doc = Vec::new();
    for d in &docs {
        let of = ro.passages_of(&d.doc).expect("passages_of");
        assert_eq!(of.len(), d.passages);
        by_doc.extend(of);
    }
    assert_eq!(by_doc, expected);
    assert!(ro.passages_of("absent.pdf").expect("absent").is_empty());
}

#[test]
fn open_missing_index_is_an_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let err = PassageIndex::open(&tmp.path().join("nope")).err();
    assert!(matches!(err, Some(IndexError::Missing(_))), "{err:?}");
}

#[test]
fn french_morphology_in_search() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    // Unaccented and plural queries find accented/singular text and back.
    assert_eq!(ids(&idx, &req("acces")), ids(&idx, &req("accès")));
    assert_eq!(ids(&idx, &req("acces")).len(), 2);
    assert_eq!(ids(&idx, &req("formations")), ids(&idx, &req("formation")));
    assert_eq!(ids(&idx, &req("collectivites")).len(), 1);
    assert_eq!(ids(&idx, &req("emploi")), ids(&idx, &req("l’emploi")));
    assert_eq!(ids(&idx, &req("emploi")), ids(&idx, &req("l'emploi")));
    assert_eq!(ids(&idx, &req("garde d'enfants")).len(), 1);
    assert_eq!(ids(&idx, &req("\"garde d'enfants\"")).len(), 1);
    assert_eq!(ids(&idx, &req("d'accès")), ids(&idx, &req("acces")));
    assert_eq!(ids(&idx, &req("emploi")).len(), 1);
    assert_eq!(ids(&idx, &req("QPV")).len(), 1);
    assert_eq!(ids(&idx, &req("afest")).len(), 1);
}

#[test]
fn query_syntax_phrases_boolean_and_slop() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    assert_eq!(ids(&idx, &req("\"taux de chômage\"")).len(), 1);
    assert_eq!(ids(&idx, &req("\"chômage taux\"")).len(), 0);
    // Stop words keep their position: elided and full articles match each other.
    assert_eq!(ids(&idx, &req("\"garde d’enfants\"")).len(), 1);
    assert_eq!(ids(&idx, &req("\"garde des enfants\"")).len(), 1);
    assert_eq!(ids(&idx, &req("\"garde enfants\"~1")).len(), 1);
    assert_eq!(ids(&idx, &req("\"taux jeunes\"")).len(), 0);
    assert_eq!(ids(&idx, &req("\"taux jeunes\"~3")).len(), 1);
    // Conjunction by default.
    assert_eq!(ids(&idx, &req("formation enfants")).len(), 1);
    assert_eq!(ids(&idx, &req("illettrisme OR afest")).len(), 2);
    assert_eq!(ids(&idx, &req("formation -enfants")).len(), 2);
    assert_eq!(ids(&idx, &req("formation AND afest")).len(), 1);
    // Headings are searchable.
    assert_eq!(ids(&idx, &req("heading:\"section 7\"")).len(), 1);
}

#[test]
fn filters_fold_region_and_check_axis() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    for region in ["ile-de-france", "ÎLE DE FRANCE", "Île-de-France"] {
        let r = SearchRequest {
            region: Some(region.to_owned()),
            ..req("")
        };
        let res = idx.search(&r).expect("search");
        assert_eq!(res.total, 3, "{region}");
        assert!(res.hits.iter().all(|h| h.region == "Île-de-France"));
    }
    let r = SearchRequest {
        axis: Some("2".to_owned()),
        ..req("formation OR illettrisme")
    };
    assert_eq!(idx.search(&r).expect("search").total, 2);
    let r = SearchRequest {
        axis: Some("T".to_owned()),
        ..req("")
    };
    assert_eq!(idx.search(&r).expect("search").total, 1);
    let r = SearchRequest {
        theme: Some("FORMATION".to_owned()),
        ..req("")
    };
    assert_eq!(idx.search(&r).expect("search").total, 2);
    let r = SearchRequest {
        axis: Some("9".to_owned()),
        ..req("")
    };
    assert!(matches!(idx.search(&r), Err(IndexError::Query(_))));
}

#[test]
fn facets_count_all_matches_not_just_the_page() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    let r = SearchRequest {
        limit: 1,
        ..req("")
    };
    let res = idx.search(&r).expect("search");
    assert_eq!(res.total, 5);
    assert_eq!(res.hits.len(), 1);
    assert_eq!(
        res.facets.region,
        vec![("Île-de-France".to_owned(), 3), ("Bretagne".to_owned(), 2)]
    );
    assert_eq!(
        res.facets.axis,
        vec![
            ("2".to_owned(), 2),
            ("1".to_owned(), 1),
            ("3".to_owned(), 1)
        ]
    );
    assert_eq!(res.facets.theme[0], ("formation".to_owned(), 2));
    assert_eq!(res.facets.theme.len(), 5);
    // Paging: offset walks through all the results without repeats.
    let mut seen = Vec::new();
    for offset in 0..6 {
        let r = SearchRequest {
            limit: 1,
            offset,
            ..req("")
        };
        seen.extend(
            idx.search(&r)
                .expect("search")
                .hits
                .into_iter()
                .map(|h| h.id),
        );
    }
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);
}

#[test]
fn snippets_highlight_and_escape() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    let res = idx.search(&req("chômage")).expect("search");
    assert_eq!(res.hits.len(), 1);
    let s = &res.hits[0].snippet;
    assert!(s.contains("<b>chômage</b>"), "{s}");
    assert!(s.contains("&lt;script&gt;"), "{s}");
    assert!(!s.contains("<script>"), "{s}");
    assert_eq!(res.hits[0].page_start, 9);
    assert_eq!(res.hits[0].heading, vec!["Axe 1", "Section 9"]);
    let res = idx.search(&req("acces")).expect("search");
    assert!(
        res.hits.iter().all(|h| h.snippet.contains("<b>accès</b>")),
        "{:?}",
        res.hits
    );
    // Heading-only match: the snippet falls back to the start of the text.
    let res = idx.search(&req("heading:section")).expect("search");
    assert!(res.hits.iter().all(|h| !h.snippet.is_empty()));
}

#[test]
fn nasty_queries_never_panic() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    let long = "formation ".repeat(200);
    let nested = format!("{}formation{}", "(".repeat(100), ")".repeat(100));
    let nasty = [
        "\"taux de chômage",
        "AND",
        "OR",
        "-",
        "- -",
        "AND OR NOT",
        "field:",
        "text:",
        ":",
        "foo:bar",
        "\"",
        "\"\"",
        "(",
        ")",
        "((formation",
        "formation)",
        "[1 TO",
        "{a TO b}",
        "formation~",
        "\"a b\"~x",
        "*",
        "?",
        "\\",
        "+",
        "++--",
        "^2",
        "formation^",
        "a\u{0}b",
        "\u{1b}[31mformation",
        "\u{7f}",
        "’",
        "'",
        "l'",
        "d’",
        "é\u{301}",
        "🙂",
        long.as_str(),
        nested.as_str(),
        "text:(",
        "heading:\"",
        "page_start:>3",
        "id:*",
        "IN [",
        "/regex/",
    ];
    for q in nasty {
        match idx.search(&req(q)) {
            Ok(res) => eprintln!("{q:?} -> {} hits {:?}", res.total, res.warnings),
            Err(IndexError::Query(msg)) => {
                eprintln!("{q:?} -> error: {msg}");
                assert!(!msg.is_empty());
            }
            Err(e) => panic!("query {q:?}: unexpected error {e}"),
        }
    }
    // Clearly malformed inputs are reported, not silently emptied.
    assert!(matches!(
        idx.search(&req("foo:bar")),
        Err(IndexError::Query(_))
    ));
    assert!(matches!(idx.search(&req(&long)), Err(IndexError::Query(_))));
    assert!(matches!(
        idx.search(&req(&nested)),
        Err(IndexError::Query(_))
    ));
    // A recoverable query still finds what it can.
    let res = idx.search(&req("\"taux de chômage")).expect("lenient");
    assert!(res.total >= 1);
}

#[test]
fn second_writer_is_locked_and_readers_keep_working() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    let other = PassageIndex::open_or_create(tmp.path()).expect("open");
    let w = idx.writer().expect("first writer");
    let err = other.writer().err();
    assert!(
        matches!(err, Some(IndexError::Locked)),
        "{:?}",
        err.map(|e| e.to_string())
    );
    assert_eq!(
        IndexError::Locked.to_string(),
        "index is locked by another pactes process"
    );
    assert_eq!(
        other
            .search(&req("formation"))
            .expect("read while locked")
            .total,
        3
    );
    drop(w);
    assert!(other.writer().is_ok(), "lock released on drop");
}

#[test]
fn replace_is_atomic_and_idempotent() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    let before = idx.passages().expect("passages");

    // A dropped writer changes nothing.
    {
        let mut w = idx.writer().expect("writer");
        w.delete_document("PRIC-IDF.pdf").expect("delete");
        w.replace_document("PRIC-BZH.pdf", &[], &[])
            .expect("replace");
    }
    let reopened = PassageIndex::open(tmp.path()).expect("open");
    assert_eq!(reopened.passages().expect("passages"), before);

    // New version of a document, plus --replace of another: one commit.
    let new = vec![passage(
        "PRIC-BZH-v2.pdf",
        "Bretagne",
        4,
        Some(Axis::One),
        &["mobilite"],
        "Les aides à la mobilité des stagiaires sont renforcées.",
    )];
    let mut w = idx.writer().expect("writer");
    w.replace_document("PRIC-BZH-v2.pdf", &["PRIC-BZH.pdf".to_owned()], &new)
        .expect("replace");
    assert_eq!(
        idx.passages().expect("passages"),
        before,
        "invisible before commit"
    );
    w.commit().expect("commit");
    let after = idx.passages().expect("passages");
    assert_eq!(after.len(), 4);
    assert!(after.iter().all(|p| p.doc != "PRIC-BZH.pdf"));
    assert_eq!(ids(&idx, &req("mobilite")).len(), 1);
    assert_eq!(ids(&idx, &req("afest")).len(), 0);

    // Same content again: same state.
    let mut w = idx.writer().expect("writer");
    w.replace_document("PRIC-BZH-v2.pdf", &[], &new)
        .expect("replace");
    w.commit().expect("commit");
    assert_eq!(idx.passages().expect("passages"), after);
    assert_eq!(idx.documents().expect("documents").len(), 2);
    // Deleted passages stay out of the per-document view too.
    assert!(idx.passages_of("PRIC-BZH.pdf").expect("of").is_empty());
    assert_eq!(idx.passages_of("PRIC-BZH-v2.pdf").expect("of"), new);
}

#[test]
fn handles_are_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PassageIndex>();
    fn assert_send<T: Send>() {}
    assert_send::<crate::PassageWriter>();
}

#[test]
fn stop_word_only_and_empty_queries() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    match idx.search(&req("de la")) {
        Err(IndexError::Query(m)) => assert!(m.contains("stop words"), "{m}"),
        other => panic!("stop-word query: {other:?}"),
    }
    assert_eq!(idx.search(&req("   ")).expect("empty").total, 5);
    let r = SearchRequest {
        limit: 0,
        ..req("formation")
    };
    let res = idx.search(&r).expect("limit 0");
    assert_eq!((res.total, res.hits.len()), (3, 0));
    let r = SearchRequest {
        offset: usize::MAX,
        ..req("formation")
    };
    assert!(idx.search(&r).expect("huge offset").hits.is_empty());
}

#[test]
fn pipeline_fingerprint_travels_with_commits() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let idx = build(tmp.path());
    assert_eq!(idx.pipeline().expect("pipeline"), None);
    let mut w = idx.writer().expect("writer");
    w.delete_document("PRIC-IDF.pdf").expect("delete");
    w.commit_as("pactes 0.1.0 abc").expect("commit");
    assert_eq!(
        idx.pipeline().expect("pipeline").as_deref(),
        Some("pactes 0.1.0 abc")
    );
    // A plain commit keeps it; a dropped writer changes nothing.
    let w = idx.writer().expect("writer");
    w.commit().expect("commit");
    drop(idx.writer().expect("writer"));
    let ro = PassageIndex::open(tmp.path()).expect("open");
    assert_eq!(
        ro.pipeline().expect("pipeline").as_deref(),
        Some("pactes 0.1.0 abc")
    );
    let w = ro.writer().expect("writer");
    w.commit_as("pactes 0.2.0").expect("commit");
    assert_eq!(
        ro.pipeline().expect("pipeline").as_deref(),
        Some("pactes 0.2.0")
    );
}
